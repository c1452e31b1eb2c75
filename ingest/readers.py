"""One reader per file format; each returns blocks in reading order and the text of each page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError
from ingest.files import SUPPORTED, utf16_codec
from ingest.model import Block, Table
from ingest.pdf import read_pdf
from ingest.structure import join_lines, lines_to_blocks


@dataclass
class Content:
    blocks: list[Block]
    pages: list[str]
    title: str = ""
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    title_guessed: bool = False  # the title is a guess from the layout, not the report's own


def read_file(path: Path, ocr_languages: str = "") -> Content:
    """Read any supported file; raise IngestError naming the file and the problem otherwise.
    `ocr_languages` (Tesseract codes, "eng+fra") reads scanned PDF pages; empty skips them."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(path.name, f"unsupported file type {suffix or '(none)'}")
    if suffix == ".pdf":
        pdf = read_pdf(path, ocr_languages)
        return Content(
            pdf.blocks, pdf.pages, pdf.title, pdf.warnings, pdf.ocr_pages, pdf.title_guessed
        )
    if path.stat().st_size == 0:
        raise IngestError(path.name, "empty file (0 bytes)")
    if suffix == ".docx":
        content = _read_docx(path)
    else:
        text = _read_text(path)
        content = _read_html(text) if suffix in {".html", ".htm"} else _read_lines(text)
    if not any(b.kind != "heading" for b in content.blocks):
        raise IngestError(path.name, "no text found in the file")
    text = " ".join(b.text for b in content.blocks)
    if worded_share(text) < MIN_WORDED_SHARE:
        raise IngestError(
            path.name,
            "does not read as text: most of it is runs of more than "
            f"{MAX_WORD_CHARS} characters without a space (encoded or binary data?)",
        )
    return content


# A report is words: prose, lists and tables. Encoded data (base64, hex dumps, minified code) is
# runs of characters without spaces; a text whose characters stand mostly in such runs is not read.
MAX_WORD_CHARS = 40
MIN_WORDED_SHARE = 0.5


def worded_share(text: str) -> float:
    """The share of the text's non-space characters that stand in tokens of at most
    MAX_WORD_CHARS characters (a long web address or file name among words does not matter)."""
    tokens = text.split()
    total = sum(len(t) for t in tokens)
    return sum(len(t) for t in tokens if len(t) <= MAX_WORD_CHARS) / total if total else 1.0


def _read_text(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with a BOM, or English-like text without one),
    Windows-1252, else Latin-1."""
    raw = path.read_bytes()
    if encoding := utf16_codec(raw[:4096]):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise IngestError(path.name, f"not valid UTF-16 text: {exc.reason}") from exc
    if b"\x00" in raw[:4096]:
        raise IngestError(path.name, "binary content in a text file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _read_lines(text: str) -> Content:
    """Plain text and Markdown: form feeds separate pages, headings and tables come from the lines."""
    pages = text.replace("\r\n", "\n").split("\f")
    lines = [(number, line) for number, page in enumerate(pages, 1) for line in page.split("\n")]
    blocks = lines_to_blocks(lines)
    return Content(blocks, _page_texts(blocks, len(pages)))


def _page_texts(blocks: list[Block], page_count: int) -> list[str]:
    pages: list[list[str]] = [[] for _ in range(page_count)]
    for block in blocks:
        if block.table is not None:
            table = block.table
            pages[block.page - 1].extend(
                table.row_text(r) for r in [table.header, *table.rows] if table.row_text(r)
            )
        else:
            pages[block.page - 1].append(block.text)
    return ["\n".join(p) for p in pages]


def _read_html(text: str) -> Content:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    blocks: list[Block] = []
    body = soup.body or soup
    for el in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "pre"]):
        if el.find_parent("table") is not None and el.name != "table":
            continue
        if el.name == "table":
            rows = [
                [_space(c.get_text(" ")) for c in tr.find_all(["th", "td"])]
                for tr in el.find_all("tr")
            ]
            rows = [r for r in rows if any(r)]
            if len(rows) >= 2:
                table = Table(header=rows[0], rows=rows[1:])
                blocks.append(Block("table", table.render(), 1, table=table))
        elif el.name.startswith("h"):
            blocks.append(Block("heading", _space(el.get_text(" ")), 1, level=int(el.name[1])))
        elif el.name == "li" and el.find_parent("li") is not None:
            continue
        else:
            text = _space(el.get_text(" "))
            if text:
                blocks.append(Block("text", text, 1))
    return Content(blocks, _page_texts(blocks, 1), title)


MAX_DOCX_XML_MB = 200  # what a DOCX may inflate to; a few MB for a long report


def _read_docx(path: Path) -> Content:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(path.name, f"not a readable DOCX file: {exc}") from exc
    if inflated > MAX_DOCX_XML_MB * 1024 * 1024:
        raise IngestError(
            path.name,
            f"not a plausible DOCX file: it inflates to {inflated / 1024 / 1024:,.0f} MB "
            f"(more than {MAX_DOCX_XML_MB} MB)",
        )
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise IngestError(path.name, f"not a readable DOCX file: {exc}") from exc
    except XMLSyntaxError as exc:
        raise IngestError(path.name, f"not a readable DOCX file: broken XML ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 (python-docx fails in many ways on a bad package)
        raise IngestError(
            path.name, f"not a readable DOCX file: {type(exc).__name__}: {exc}"
        ) from exc
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = _space(item.text)
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            if m := re.match(r"Heading (\d)", style):
                blocks.append(Block("heading", text, 1, level=int(m.group(1))))
            elif style == "Title":
                blocks.append(Block("heading", text, 1, level=1))
            else:
                blocks.append(Block("text", text, 1))
        elif isinstance(item, DocxTable):
            rows = [[_space(cell.text) for cell in row.cells] for row in item.rows]
            rows = [r for r in rows if any(r)]
            if len(rows) >= 2:
                table = Table(header=rows[0], rows=rows[1:])
                blocks.append(Block("table", table.render(), 1, table=table))
    title = document.core_properties.title or ""
    return Content(blocks, _page_texts(blocks, 1), title)


def _space(text: str) -> str:
    return join_lines(text.split("\n"))
