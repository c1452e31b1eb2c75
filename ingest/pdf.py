"""PDF reading with PyMuPDF: text per page in reading order, headings by font, tables as rows."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pymupdf

from ingest.errors import IngestError
from ingest.model import Block
from ingest.pdf_tables import FoundTable, continue_table, find_tables
from ingest.structure import fix_letter_spacing, join_lines

log = logging.getLogger(__name__)

_EDGE = 0.08  # top and bottom share of the page where running headers and footers live
OCR_DPI = 300  # Tesseract reads small table figures reliably from 300 dpi


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    bbox: tuple[float, float, float, float]


@dataclass
class PdfContent:
    blocks: list[Block]
    pages: list[str]
    title: str
    warnings: list[str]
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages read by OCR
    title_guessed: bool = False  # the title is the page's largest line, not one naming the report


@lru_cache(maxsize=8)
def tesseract_languages(wanted: str) -> str:
    """The languages of `wanted` (Tesseract codes joined by "+", e.g. "eng+fra+spa") that are
    installed, joined the same way; empty when Tesseract is absent or `wanted` is empty."""
    if not wanted.strip():
        return ""
    try:
        folder = Path(pymupdf.get_tessdata())
    except Exception:  # noqa: BLE001 (PyMuPDF raises RuntimeError and others when not found)
        return ""
    installed = [lang for lang in wanted.split("+") if (folder / f"{lang}.traineddata").is_file()]
    return "+".join(installed)


def open_pdf(path: Path) -> pymupdf.Document:
    """Open a PDF or raise an IngestError saying plainly why it cannot be read."""
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path.name, "empty file (0 bytes)")
    with path.open("rb") as file:
        head = file.read(1024)
        file.seek(max(0, size - 2048))
        tail = file.read()
    if b"%PDF-" not in head:
        raise IngestError(path.name, f"not a PDF: {_what_it_is(head)}")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several types for damaged files
        raise IngestError(path.name, f"not a readable PDF (corrupt or truncated): {exc}") from exc
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise IngestError(path.name, "encrypted PDF: a password is required to read it")
    if doc.page_count == 0:
        doc.close()
        if b"%%EOF" not in tail:
            raise IngestError(
                path.name, "truncated PDF: the file stops before its end (an incomplete copy?)"
            )
        raise IngestError(path.name, "PDF has no pages")
    return doc


_SIGNATURES = (
    (b"\x89PNG", "the file is a PNG image"),
    (b"\xff\xd8\xff", "the file is a JPEG image"),
    (b"GIF8", "the file is a GIF image"),
    (b"PK\x03\x04", "the file is a ZIP archive (a DOCX or XLSX?)"),
    (b"\xd0\xcf\x11\xe0", "the file is an old Office document (DOC or XLS)"),
)


def _what_it_is(head: bytes) -> str:
    """What a file that should be a PDF is instead, from its first bytes."""
    for signature, said in _SIGNATURES:
        if head.startswith(signature):
            return said
    if b"<html" in head.lower() or b"<!doctype" in head.lower():
        return "the file is a web page (HTML)"
    return "it does not start like one (wrong file type or damaged)"


def read_pdf(path: Path, ocr_languages: str = "") -> PdfContent:
    """Read a PDF; pages with no text layer (scans) are read by OCR in `ocr_languages` when
    Tesseract has them, else skipped with a warning."""
    doc = open_pdf(path)
    try:
        return _read(doc, path.name, tesseract_languages(ocr_languages))
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(path.name, f"PDF could not be parsed: {exc}") from exc
    finally:
        doc.close()


def _read(doc: pymupdf.Document, name: str, ocr_languages: str) -> PdfContent:
    warnings: list[str] = []
    ocr_pages: list[int] = []
    page_lines: list[list[list[_Line]]] = []  # page -> text blocks -> lines
    page_tables: list[list[FoundTable]] = []
    heights: list[float] = []
    widths: list[float] = []
    for page in doc:  # type: ignore[attr-defined]
        heights.append(page.rect.height)
        widths.append(page.rect.width)
        tables = find_tables(page)
        page_tables.append(tables)
        blocks = _text_blocks(page, [t.bbox for t in tables])
        if not blocks and not tables and page.get_images():
            blocks = _scanned_page(page, ocr_languages, warnings)
            if blocks:
                ocr_pages.append(page.number + 1)
        page_lines.append(blocks)
    if all(not b for b in page_lines) and all(not t for t in page_tables):
        reason = "no extractable text on any page (scanned images only?)"
        if not ocr_languages:
            reason += f"; {_NO_OCR}"
        raise IngestError(name, reason)
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
    open_table: tuple[Block, FoundTable] | None = (
        None  # a table that reached the foot of the last page
    )
    for number, (blocks, placed) in enumerate(zip(page_lines, page_tables, strict=True), start=1):
        items: list[tuple[float, Block]] = []
        height = heights[number - 1]
        for block in blocks:
            kept = [ln for ln in block if not (_at_edge(ln, height) and _norm(ln.text) in repeated)]
            items.extend(_block_items(kept, number, body, heading_sizes))
        # A table goes before the first text that starts below its top edge, in reading order.
        found_in: dict[int, FoundTable] = {}
        for found in sorted(placed, key=lambda f: f.bbox[1], reverse=True):
            at = next((i for i, (top, _) in enumerate(items) if top >= found.bbox[1]), len(items))
            table_block = Block("table", found.table.render(), number, table=found.table)
            items.insert(at, (found.bbox[1], table_block))
            found_in[id(table_block)] = found
        ordered = [b for _, b in items]
        pages.append("\n".join(_page_text(b) for b in ordered))
        open_table = continue_table(open_table, ordered, found_in, height, widths[number - 1])
        out_blocks.extend(ordered)
    title, guessed = _title(doc, page_lines, body)
    # The title and the report-kind lines of page 1 name the report; they do not open a section.
    out_blocks = [
        b
        for b in out_blocks
        if not (
            b.kind == "heading" and b.page == 1 and (b.text in title or REPORT_KIND.search(b.text))
        )
    ]
    return PdfContent(out_blocks, pages, title, warnings, ocr_pages, guessed)


_NO_OCR = "install Tesseract to read scanned pages (README: Scanned reports)"


def _scanned_page(page: pymupdf.Page, languages: str, warnings: list[str]) -> list[list[_Line]]:
    """The text blocks of a page that is only an image, read by OCR; a warning says what
    happened, since OCR can misread a figure and the user should know which pages it read."""
    number = page.number + 1  # type: ignore[operator]
    if not languages:
        warnings.append(f"page {number} has no text layer (scanned image?); skipped: {_NO_OCR}")
        return []
    try:
        textpage = page.get_textpage_ocr(language=languages, dpi=OCR_DPI, full=True)
        blocks = _rejoin(_text_blocks(page, [], textpage))
    except Exception as exc:  # noqa: BLE001 (Tesseract failures are this page's warning)
        warnings.append(f"page {number} has no text layer and OCR failed ({exc}); skipped")
        return []
    if not blocks:
        warnings.append(f"page {number} has no text layer and OCR found no text; skipped")
    else:
        warnings.append(f"page {number} has no text layer; read by OCR (check figures on the page)")
    return blocks


def _page_text(block: Block) -> str:
    if block.table is not None:
        table = block.table
        lines = [table.row_text(table.header)] + [table.row_text(r) for r in table.rows]
        return "\n".join(line for line in lines if line)
    return block.text


def _rejoin(blocks: list[list[_Line]]) -> list[list[_Line]]:
    """OCR breaks paragraphs into blocks at arbitrary lines: a block that starts in lower case
    after one that stops mid-sentence continues it."""
    joined: list[list[_Line]] = []
    for block in blocks:
        first = block[0].text.lstrip()[:1]
        if joined and first.islower() and not joined[-1][-1].text.rstrip().endswith(_ENDS):
            joined[-1] = joined[-1] + block
        else:
            joined.append(block)
    return joined


_ENDS = (".", "!", "?", ":", ";")


def _text_blocks(
    page: pymupdf.Page, table_boxes: list, textpage: pymupdf.TextPage | None = None
) -> list[list[_Line]]:
    """Text blocks outside tables, in reading order (left column before right on 2-column pages)."""
    flags = pymupdf.TEXTFLAGS_TEXT | pymupdf.TEXT_DEHYPHENATE
    data = page.get_text("dict", flags=flags, textpage=textpage)
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


# Words that name a kind of report: a line holding them is the report's title.
REPORT_KIND = re.compile(
    r"rapport de situation|situation report|sitrep|epidemiological update|operational update|"
    r"bulletin|informe de situaci[oó]n|reporte de situaci[oó]n|"
    r"(?:flash|situation|humanitarian|weekly|monthly|daily) update",
    re.I,
)


def _title(doc: pymupdf.Document, pages: list[list[list[_Line]]], body: float) -> tuple[str, bool]:
    """A page-1 line that names the report kind, else the file's own title, else its largest
    line of three words or more (a guess: often a sentence of a box); and whether it is a guess."""
    first = next((blocks for blocks in pages[:2] if blocks), [])
    lines = [ln for b in first for ln in b if len(re.findall(r"[^\W\d_]{2,}", ln.text)) >= 3]
    named = [ln for ln in lines if REPORT_KIND.search(ln.text) and ln.size >= body]
    meta_title = (doc.metadata or {}).get("title", "").strip()
    if not named and len(meta_title) > 5:
        return meta_title, False
    pool = named or [ln for ln in lines if ln.size >= body * 1.15]
    if pool:
        biggest = max(ln.size for ln in pool)
        top = [ln.text.strip() for ln in pool if ln.size >= biggest - 0.5][:2]
        return re.sub(r"\s+", " ", " ".join(top))[:200], not named
    return "", False
