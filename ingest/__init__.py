"""Files in, structured reports and chunks out. Knows nothing of the index or the answers."""

from ingest.chunking import chunk_report
from ingest.model import Block, Chunk, Report, ReportMeta, Section, Table
from ingest.parse import find_files, parse_file, report_id_for
from ingest.readers import SUPPORTED

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
