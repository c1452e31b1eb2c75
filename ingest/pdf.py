"""PDF reading with PyMuPDF: text per page in reading order, headings by font, tables as rows."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from app.errors import IngestError
from ingest.model import Block, Table
from ingest.structure import fix_letter_spacing, join_lines

log = logging.getLogger(__name__)

_EDGE = 0.08  # top and bottom share of the page where running headers and footers live
_NEAR = 0.25  # a split table ends in the bottom quarter of a page and goes on in the top quarter
_SAME_X = 0.03  # columns of a continued table start at the same x, give or take 3% of the page


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    bbox: tuple[float, float, float, float]


@dataclass
class _Found:
    """A ruled table of one page and what a continuation on the next page must match."""

    bbox: tuple[float, float, float, float]
    table: Table
    head: list[list[str]]  # the printed header lines, in the table's columns
    xs: list[float]  # left edge of each column
    edges: list[float]  # left edge of every ruled column, empty ones too


@dataclass
class PdfContent:
    blocks: list[Block]
    pages: list[str]
    title: str
    warnings: list[str]


def open_pdf(path: Path) -> pymupdf.Document:
    """Open a PDF or raise an IngestError saying plainly why it cannot be read."""
    if path.stat().st_size == 0:
        raise IngestError(path.name, "empty file (0 bytes)")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several types for damaged files
        raise IngestError(path.name, f"not a readable PDF (corrupt or truncated): {exc}") from exc
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise IngestError(path.name, "encrypted PDF: a password is required to read it")
    if doc.page_count == 0:
        doc.close()
        raise IngestError(path.name, "PDF has no pages")
    return doc


def read_pdf(path: Path) -> PdfContent:
    doc = open_pdf(path)
    try:
        return _read(doc, path.name)
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(path.name, f"PDF could not be parsed: {exc}") from exc
    finally:
        doc.close()


def _read(doc: pymupdf.Document, name: str) -> PdfContent:
    warnings: list[str] = []
    page_lines: list[list[list[_Line]]] = []  # page -> text blocks -> lines
    page_tables: list[list[_Found]] = []
    heights: list[float] = []
    widths: list[float] = []
    for page in doc:  # type: ignore[attr-defined]
        heights.append(page.rect.height)
        widths.append(page.rect.width)
        tables = _find_tables(page)
        page_tables.append(tables)
        blocks = _text_blocks(page, [t.bbox for t in tables])
        page_lines.append(blocks)
        if not blocks and not tables:
            warnings.append(f"page {page.number + 1} has no text layer (scanned image?); skipped")
    if all(not b for b in page_lines) and all(not t for t in page_tables):
        raise IngestError(name, "no extractable text on any page (scanned images only?)")
    repeated = _running_lines(page_lines, heights)
    body = _body_size(page_lines)
    heading_sizes = sorted(
        {
            round(ln.size)
            for blocks in page_lines
            for b in blocks
            for ln in b
            if _is_heading(ln, body)
        },
        reverse=True,
    )
    out_blocks: list[Block] = []
    pages: list[str] = []
    open_table: tuple[Block, _Found] | None = None  # a table that reached the foot of the last page
    for number, (blocks, placed) in enumerate(zip(page_lines, page_tables, strict=True), start=1):
        items: list[tuple[float, Block]] = []
        height = heights[number - 1]
        for block in blocks:
            kept = [ln for ln in block if not (_at_edge(ln, height) and _norm(ln.text) in repeated)]
            items.extend(_block_items(kept, number, body, heading_sizes))
        # A table goes before the first text that starts below its top edge, in reading order.
        found_in: dict[int, _Found] = {}
        for found in sorted(placed, key=lambda f: f.bbox[1], reverse=True):
            at = next((i for i, (top, _) in enumerate(items) if top >= found.bbox[1]), len(items))
            table_block = Block("table", found.table.render(), number, table=found.table)
            items.insert(at, (found.bbox[1], table_block))
            found_in[id(table_block)] = found
        ordered = [b for _, b in items]
        pages.append("\n".join(_page_text(b) for b in ordered))
        open_table = _continue_table(open_table, ordered, found_in, height, widths[number - 1])
        out_blocks.extend(ordered)
    title = _title(doc, page_lines, body)
    # The title and the report-kind lines of page 1 name the report; they do not open a section.
    out_blocks = [
        b
        for b in out_blocks
        if not (
            b.kind == "heading" and b.page == 1 and (b.text in title or _TITLE_WORDS.search(b.text))
        )
    ]
    return PdfContent(out_blocks, pages, title, warnings)


def _continue_table(
    open_table: tuple[Block, _Found] | None,
    ordered: list[Block],
    found_in: dict[int, _Found],
    height: float,
    width: float,
) -> tuple[Block, _Found] | None:
    """Join the table opening this page to the one that ended the last page, if it goes on.

    The joined part leaves `ordered` (its rows now belong to the first part); returns the table
    this page ends with, when it reaches the foot of the page, for the next page to continue.
    """
    last = found_in.get(id(ordered[-1])) if ordered else None
    ending = (ordered[-1], last) if last and last.bbox[3] >= height * (1 - _NEAR) else None
    first = found_in.get(id(ordered[0])) if ordered else None
    if open_table and first and first.bbox[1] <= height * _NEAR:
        block, start = open_table
        if _join(start, first, width):
            block.text = start.table.render()
            if ending and ending[0] is ordered[0]:
                ending = open_table
            ordered.pop(0)
    return ending


def _page_text(block: Block) -> str:
    if block.table is not None:
        table = block.table
        lines = [table.row_text(table.header)] + [table.row_text(r) for r in table.rows]
        return "\n".join(line for line in lines if line)
    return block.text


def _find_tables(page: pymupdf.Page) -> list[_Found]:
    """Ruled tables on the page, each with its header row and data rows.

    Cell text is rebuilt from the page's words rather than `Table.extract()`, which drops the
    spaces of small fonts and moves the comma of `16,3%` out of its number.
    """
    if not page.get_drawings():
        return []
    words = page.get_text("words", flags=pymupdf.TEXTFLAGS_WORDS)
    found = []
    for tab in page.find_tables().tables:
        grid = [[_cell_text(words, cell) for cell in row.cells] for row in tab.rows]
        grid = [row for row in grid if any(row)]
        if len(grid) < 2 or tab.col_count < 2:
            continue
        header_rows = []
        if tab.header.external:
            names = [_cell(h) for h in tab.header.names]
            header_rows.append([h if not re.fullmatch(r"Col\d+", h) else "" for h in names])
        rows = grid
        # Headers printed over several rows: take the leading rows that hold no figures.
        while len(header_rows) < 3 and len(rows) > 1 and not any(map(_is_figure, rows[0])):
            if not any(_is_figure(c) for row in rows[1:] for c in row):
                break
            header_rows.append(rows.pop(0))
        if not header_rows:
            header_rows.append(rows.pop(0))
        header = [" ".join(filter(None, column)) for column in zip(*header_rows, strict=False)]
        rows = [_under_named_columns(row, header) for row in rows]
        keep = [
            i for i in range(len(header)) if header[i] or any(i < len(r) and r[i] for r in rows)
        ]
        if not rows or len(keep) < 2:
            continue
        # A column's left edge: where its cells start (a cell spanning columns starts at the first).
        lefts = [
            min((r.cells[i][0] for r in tab.rows if r.cells[i]), default=tab.bbox[0])
            for i in range(tab.col_count)
        ]
        table = Table(
            header=[header[i] for i in keep],
            rows=[_columns(row, keep) for row in rows],
            pages=[page.number + 1] * len(rows),
        )
        head = [_columns(row, keep) for row in header_rows]
        found.append(_Found(tuple(tab.bbox), table, head, [lefts[i] for i in keep], lefts))
    return found


def _under_named_columns(row: list[str], header: list[str]) -> list[str]:
    """A figure under an unnamed column moves to the nearest named column (at most two away,
    the right first) that its row leaves empty: a merged header cell comes out as several
    columns, its name in one of them and the figures under it in another."""
    out = list(row)
    named = [j for j, name in enumerate(header) if name and j > 0]
    for i, cell in enumerate(row):
        if i >= len(header) or header[i] or not cell or not _is_figure(cell):
            continue
        for j in sorted(named, key=lambda j: (abs(j - i), j < i)):
            if abs(j - i) <= 2 and j < len(out) and not out[j]:
                out[j], out[i] = cell, ""
                break
    return out


def _columns(row: list[str], keep: list[int]) -> list[str]:
    return [row[i] if i < len(row) else "" for i in keep]


def _join(start: _Found, part: _Found, width: float) -> bool:
    """Append `part` (the table opening the next page) to `start` if it continues it.

    Evidence: every column of `part` starts where a column of `start` starts and the other way
    round for the columns of `start` that hold data, no two cells of a row land in one column,
    and `part` either repeats the header (dropped) or opens with a row that is not a header.
    Columns are matched by position, not counted: ruled tables grow thin columns on one page and
    not the next.
    """
    tolerance = _SAME_X * width
    target = [min(range(len(start.xs)), key=lambda i: abs(start.xs[i] - x)) for x in part.xs]
    if any(abs(start.xs[t] - x) > tolerance for t, x in zip(target, part.xs, strict=True)):
        return False
    filled = {i for row in start.table.rows for i, cell in enumerate(row) if cell}
    if any(min(abs(start.xs[i] - e) for e in part.edges) > tolerance for i in filled):
        return False
    lines = []
    for line in part.head + part.table.rows:
        row = [""] * len(start.xs)
        for t, cell in zip(target, line, strict=True):
            if cell and row[t]:
                return False
            row[t] = row[t] or cell
        lines.append(row)
    head = {_squash(" ".join(h)) for h in start.head} | {_squash(" ".join(start.table.header))}
    while lines and _squash(" ".join(lines[0])) in head:
        lines.pop(0)
    if not lines or _is_header_row(lines[0]):
        return False
    start.table.rows.extend(lines)
    start.table.pages.extend([part.table.pages[0]] * len(lines))
    return True


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _is_header_row(row: list[str]) -> bool:
    """Names over two columns or more and not a figure: a header, where a data row was expected."""
    return sum(bool(c) for c in row) >= 2 and not any(map(_is_figure, row))


def _cell_text(words: list, cell: tuple | None) -> str:
    """The words whose centre lies inside the cell, in reading order."""
    if cell is None:
        return ""
    x0, y0, x1, y1 = cell
    inside = [w for w in words if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1]
    inside.sort(key=lambda w: (w[5], w[6], w[7]))
    return " ".join(w[4] for w in inside)


def _is_figure(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.,%()/+-]+", text)) and any(c.isdigit() for c in text)


def _cell(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _text_blocks(page: pymupdf.Page, table_boxes: list) -> list[list[_Line]]:
    """Text blocks outside tables, in reading order (left column before right on 2-column pages)."""
    data = page.get_text("dict", flags=pymupdf.TEXTFLAGS_TEXT | pymupdf.TEXT_DEHYPHENATE)
    rects = [pymupdf.Rect(b) for b in table_boxes]
    blocks = []
    for block in data["blocks"]:
        if block.get("type") != 0:
            continue
        bbox = pymupdf.Rect(block["bbox"])
        if any(bbox.intersects(r) and (bbox & r).get_area() > 0.5 * bbox.get_area() for r in rects):
            continue
        lines = []
        for line in block["lines"]:
            spans = [s for s in line["spans"] if s["text"].strip()]
            if not spans:
                continue
            text = "".join(s["text"] for s in line["spans"]).strip()
            size = max(s["size"] for s in spans)
            bold = all(s["flags"] & 16 or "bold" in s["font"].lower() for s in spans)
            lines.append(_Line(text, size, bold, tuple(line["bbox"])))
        if lines:
            blocks.append(lines)
    return _reading_order(blocks, page.rect.width)


def _reading_order(blocks: list[list[_Line]], width: float) -> list[list[_Line]]:
    """Top to bottom; blocks of a right-hand column or sidebar follow the main column they sit beside."""

    def box(b: list[_Line]) -> tuple[float, float, float, float]:
        return (
            min(ln.bbox[0] for ln in b),
            min(ln.bbox[1] for ln in b),
            max(ln.bbox[2] for ln in b),
            max(ln.bbox[3] for ln in b),
        )

    def beside(a: list[_Line], others: list[list[_Line]]) -> bool:
        ax0, ay0, _, ay1 = box(a)
        return any(box(o)[2] <= ax0 and box(o)[1] < ay1 and box(o)[3] > ay0 for o in others)

    right = [b for b in blocks if box(b)[0] >= width * 0.5 and beside(b, blocks)]
    main = [b for b in blocks if b not in right]
    ordered: list[list[_Line]] = []
    pending = sorted(right, key=lambda b: box(b)[1])
    for b in sorted(main, key=lambda b: (box(b)[1], box(b)[0])):
        x0, y0, x1, _ = box(b)
        spans_both = x0 < width * 0.4 and x1 > width * 0.6
        # A full-width block below the right column closes it: emit the column before it.
        if spans_both and pending and all(box(r)[3] <= y0 for r in pending):
            ordered.extend(pending)
            pending = []
        ordered.append(b)
    ordered.extend(pending)
    return ordered


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _running_lines(pages: list[list[list[_Line]]], heights: list[float]) -> set[str]:
    """Lines printed at the top or bottom edge of most pages: running headers, footers, page numbers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for blocks, height in zip(pages, heights, strict=True):
        seen = {_norm(ln.text) for b in blocks for ln in b if _at_edge(ln, height)}
        counts.update(seen)
    return {text for text, n in counts.items() if n >= max(3, len(pages) // 2)}


def _at_edge(line: _Line, height: float) -> bool:
    return line.bbox[1] < height * _EDGE or line.bbox[3] > height * (1 - _EDGE)


def _body_size(pages: list[list[list[_Line]]]) -> float:
    sizes: Counter[float] = Counter()
    for blocks in pages:
        for b in blocks:
            for ln in b:
                if not ln.bold:
                    sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


_PDF_NUMBERED = re.compile(r"^(?:[IVX]+\s?\.(?:\d+\.?)?|\d{1,2}\s?(?:\.\s?\d{1,2}){0,2}\.?)\s+\S")
_CAPTION = re.compile(r"^(?:figure|fig\.|tableau|table|graphique|gráfico|cuadro|source)\b", re.I)


def _is_heading(line: _Line, body: float) -> bool:
    """Large short text, or bold text that is numbered or mostly upper case; never a caption."""
    text = line.text.strip()
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or len(text) > 90 or text.endswith((",", ";")) or _CAPTION.match(text):
        return False
    if text.endswith(":") and len(text) > 30:  # a bold lead-in to a list, not a heading
        return False
    if sum(c.isdigit() for c in text) > len(letters):
        return False
    numbered = bool(_PDF_NUMBERED.match(text)) and bool(re.search(r"^[\dIVX.\s]+\s[A-ZÀ-Ý]", text))
    if text[:1].isdigit() and not numbered:
        return False  # a figure in large print (`3 000 active users`) or a date, not a heading
    if line.size >= body * 1.15:
        return not text.endswith(".") or numbered
    if line.bold:
        upper = sum(c.isupper() for c in letters) >= 0.6 * len(letters)
        return numbered or upper
    return False


def _block_items(
    lines: list[_Line], page: int, body: float, heading_sizes: list[int]
) -> list[tuple[float, Block]]:
    """Split one PDF text block into heading and paragraph blocks, keeping their top position."""
    items: list[tuple[float, Block]] = []
    para: list[_Line] = []

    def flush() -> None:
        if para:
            text = join_lines([ln.text for ln in para])
            items.append((para[0].bbox[1], Block("text", text, page)))
            para.clear()

    for line in lines:
        if _is_heading(line, body):
            flush()
            text = fix_letter_spacing(line.text).strip()
            if (
                items
                and items[-1][1].kind == "heading"
                and _continues(items[-1][1], line, heading_sizes)
            ):
                items[-1][1].text += " " + text
                continue
            items.append(
                (
                    line.bbox[1],
                    Block("heading", text, page, level=_level(line, text, heading_sizes)),
                )
            )
        else:
            para.append(line)
    flush()
    return items


def _continues(previous: Block, line: _Line, heading_sizes: list[int]) -> bool:
    """A heading wrapped onto a second line: same level, and the new line is not numbered itself."""
    text = line.text.strip()
    return (
        previous.level == _level(line, text, heading_sizes)
        and not _PDF_NUMBERED.match(text)
        and not text[:1].isupper()
    )


def _level(line: _Line, text: str, heading_sizes: list[int]) -> int:
    if m := re.match(r"^\d{1,2}\s?((?:\.\s?\d{1,2}){0,2})", text):
        return m.group(1).count(".") + 1
    if re.match(r"^[IVX]+\s?\.\s", text):
        return 1
    size = round(line.size)
    return heading_sizes.index(size) + 1 if size in heading_sizes else len(heading_sizes) + 1


_TITLE_WORDS = re.compile(
    r"rapport de situation|situation report|sitrep|epidemiological update|operational update|"
    r"bulletin|informe de situaci[oó]n|reporte de situaci[oó]n|flash update|update",
    re.I,
)


def _title(doc: pymupdf.Document, pages: list[list[list[_Line]]], body: float) -> str:
    """A page-1 line that names the report kind, else its largest line of three words or more."""
    first = next((blocks for blocks in pages[:2] if blocks), [])
    lines = [ln for b in first for ln in b if len(re.findall(r"[^\W\d_]{2,}", ln.text)) >= 3]
    named = [ln for ln in lines if _TITLE_WORDS.search(ln.text) and ln.size >= body]
    pool = named or [ln for ln in lines if ln.size >= body * 1.15]
    if pool:
        biggest = max(ln.size for ln in pool)
        top = [ln.text.strip() for ln in pool if ln.size >= biggest - 0.5][:2]
        return re.sub(r"\s+", " ", " ".join(top))[:200]
    meta_title = (doc.metadata or {}).get("title", "").strip()
    return meta_title if len(meta_title) > 5 else ""
