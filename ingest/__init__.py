"""Files in, structured reports and chunks out. Knows nothing of the index or the answers."""

import importlib
from typing import TYPE_CHECKING, Any

from ingest.chunking import chunk_report
from ingest.model import Block, Chunk, Report, ReportMeta, Section, Table

if TYPE_CHECKING:
    from ingest.parse import find_files, parse_file, report_id_for
    from ingest.readers import SUPPORTED

# Parsing (PyMuPDF and its layout model) is loaded when first used, not with the package: the
# parsing process sets the layout model up before it loads (`ingest.worker.one_layout_thread`).
_PARSING = {
    "find_files": "ingest.parse",
    "parse_file": "ingest.parse",
    "report_id_for": "ingest.parse",
    "SUPPORTED": "ingest.readers",
}


def __getattr__(name: str) -> Any:
    if name in _PARSING:
        return getattr(importlib.import_module(_PARSING[name]), name)
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
