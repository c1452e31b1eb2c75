"""Plain data that flows from a file to the index: blocks, sections, reports and chunks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "text", "table"]


@dataclass
class Table:
    """A table kept whole: a header row, data rows, and the caption printed above it.

    `pages` holds the page each row is printed on, so a table split over pages still cites each
    row on its own page; it is empty for sources without pages.
    """

    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    pages: list[int] = field(default_factory=list)

    def row_pages(self, default: int) -> list[int]:
        """The page of each row; `default` (the block's page) when rows carry no page."""
        return self.pages if len(self.pages) == len(self.rows) else [default] * len(self.rows)

    def row_text(self, row: list[str]) -> str:
        """A row as printed on the page: cells separated by single spaces."""
        return " ".join(cell for cell in row if cell)

    def render(self, rows: list[list[str]] | None = None) -> str:
        """The table as text that repeats its header, one line per row."""
        lines = [self.caption] if self.caption else []
        lines.append(" | ".join(self.header))
        lines.extend(" | ".join(row) for row in (self.rows if rows is None else rows))
        return "\n".join(lines)


@dataclass
class Block:
    """One unit of a page in reading order: a heading, a paragraph or a table."""

    kind: BlockKind
    text: str
    page: int  # 1-based
    level: int = 0  # heading level, 1 = top
    table: Table | None = None


@dataclass
class Section:
    """The text under one heading; `path` runs from the top heading down to this one."""

    path: list[str]
    page_start: int
    page_end: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        return " > ".join(self.path)


@dataclass
class ReportMeta:
    """What the report says about itself; any field may be overridden by a sidecar file."""

    title: str = ""
    publisher: str = ""
    report_number: str = ""
    date: str = ""  # ISO yyyy-mm-dd, empty when the report states none
    language: str = ""  # en / fr / es
    example: bool = False  # a fictional example (its sidecar says so): real reports replace it


@dataclass
class Report:
    """A parsed report: metadata, page texts (index 0 is page 1) and sections."""

    file: str
    content_hash: str
    meta: ReportMeta
    pages: list[str]
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages read from a scan by OCR
    # For reports that state no title or date, what the text suggests: shown marked "inferred",
    # never searched or filtered on (an excerpt's first words are not its title).
    inferred_title: str = ""
    latest_date: str = ""  # the latest full date the text mentions, ISO


@dataclass
class Chunk:
    """A piece of one section, small enough to embed, with where it came from."""

    text: str
    section: str
    page_start: int
    page_end: int
    kind: Literal["text", "table"] = "text"
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    table_caption: str = ""
