"""Files in, structured reports and chunks out. Knows nothing of the index or the answers."""

import importlib
from typing import TYPE_CHECKING, Any

from ingest.chunking import chunk_report
from ingest.files import SUPPORTED, find_files, report_id_for
from ingest.model import Block, Chunk, Report, ReportMeta, Section, Table

if TYPE_CHECKING:
    from ingest.parse import parse_file


def __getattr__(name: str) -> Any:
    """`parse_file` is loaded when first used, not with the package: the parsing process sets
    PyMuPDF's layout model up before it loads (`ingest.worker.one_layout_thread`)."""
    if name == "parse_file":
        return importlib.import_module("ingest.parse").parse_file
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")


__all__ = [
    "SUPPORTED",
    "Block",
    "Chunk",
    "Report",
    "ReportMeta",
    "Section",
    "Table",
    "chunk_report",
    "find_files",
    "parse_file",
    "report_id_for",
]
