"""Heading, paragraph and table recognition for text laid out in lines, and sections from blocks.

Situation reports mark headings in several ways: numbered (`3.1 Distribution spatiale`), upper case
(`SITUATION`), or letter-spaced by a PDF-to-text step (`Si t u a t i o n`). Tables printed as text keep
their row labels and figures on one line, with the column header above in broken pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import Block, Section, Table

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\)?\s+(\S.*)$")
_ROMAN_OR_LETTER = re.compile(r"^((?:[IVX]{1,4})|[A-H])[.)]\s+(\S.*)$")
_MARKDOWN = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_VALUE = re.compile(r"^(?:[-–—]|\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?%?|\d+(?:[.,]\d+)?%?)$")
_SENTENCE_END = re.compile(r"[.;:,]$")

# Column names of more than one word, common in humanitarian tables; used only to glue the broken
# pieces of a text table's header back into as many names as the table has columns.
_MULTIWORD_LABELS = {
    "food security",
    "humanitarian transportation",
    "multipurpose cash",
    "early recovery",
    "child protection",
    "mental health",
    "camp coordination",
    "camp management",
    "emergency telecommunications",
    "health zone",
    "zone de santé",
    "cas confirmés",
    "cas probables",
    "cas suspects",
    "total deaths",
    "total cases",
    "new cases",
    "new deaths",
    "confirmed cases",
    "seguridad alimentaria",
}


def fix_letter_spacing(line: str) -> str:
    """Join a letter-spaced word (`Coo r d i n a t i o n` -> `Coordination`); other lines unchanged."""
    stripped = line.strip()
    groups = re.split(r"\s{2,}", stripped)
    fixed = []
    changed = False
    for group in groups:
        tokens = group.split()
        singles = sum(len(t) == 1 for t in tokens)
        if len(tokens) >= 3 and singles * 2 >= len(tokens) and all(t.isalpha() for t in tokens):
            fixed.append("".join(tokens))
            changed = True
        else:
            fixed.append(group)
    return " ".join(fixed) if changed else line


def is_letter_spaced(line: str) -> bool:
    return fix_letter_spacing(line) != line


def heading_level(line: str) -> tuple[str, int] | None:
    """The heading style of a line and its numbering depth, or None when it is body text.

    Styles: `markdown` and `numbered` carry their own depth; `spaced` and `upper` get theirs from
    the order in which a document first uses them.
    """
    text = line.strip()
    if not text or len(text) > 120:
        return None
    if m := _MARKDOWN.match(text):
        return "markdown", len(m.group(1))
    if is_letter_spaced(line):
        return "spaced", 0
    if m := _NUMBERED.match(text):
        number, rest = m.groups()
        first = int(number.split(".")[0])
        if (
            first <= 30
            and rest[0].isupper()
            and len(rest) <= 100
            and not _SENTENCE_END.search(rest)
            and not _looks_like_values(rest)
        ):
            return "numbered", number.count(".") + 1
        return None
    if m := _ROMAN_OR_LETTER.match(text):
        rest = m.group(2)
        if rest[0].isupper() and len(rest) <= 100 and not _SENTENCE_END.search(rest):
            return "numbered", 1
    letters = [c for c in text if c.isalpha()]
    if (
        len(letters) >= 5
        and sum(c.isupper() for c in letters) >= 0.85 * len(letters)
        and len(text.split()) <= 10
        and not text.endswith((".", ",", ";"))
        and not _looks_like_values(text)
    ):
        return "upper", 0
    return None


def _looks_like_values(text: str) -> bool:
    tokens = text.split()
    return sum(bool(_VALUE.match(t)) and any(c.isdigit() for c in t) for t in tokens) >= 2


def _row_values(line: str) -> tuple[str, list[str]] | None:
    """Split `RMRP 355 24,435 - 4,777` into its label and its values, if the line is a table row."""
    tokens = line.split()
    values: list[str] = []
    while tokens and _VALUE.match(tokens[-1]):
        values.insert(0, tokens.pop())
    if len(values) < 3 or not tokens or len(tokens) > 6:
        return None
    return " ".join(tokens), values


@dataclass
class _Line:
    text: str
    page: int


def lines_to_blocks(lines: list[tuple[int, str]]) -> list[Block]:
    """Turn (page, line) pairs of a text layout into heading, paragraph and table blocks."""
    items = [_Line(text.rstrip(), page) for page, text in lines]
    blocks: list[Block] = []
    style_levels: dict[str, int] = {}
    paragraph: list[_Line] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("text", join_lines([p.text for p in paragraph]), paragraph[0].page))
            paragraph.clear()

    i = 0
    while i < len(items):
        item = items[i]
        if not item.text.strip():
            flush()
            i += 1
            continue
        if item.text.lstrip().startswith("|") and i + 1 < len(items) and "-" in items[i + 1].text:
            end = i
            while end < len(items) and items[end].text.lstrip().startswith("|"):
                end += 1
            table = _pipe_table([ln.text for ln in items[i:end]])
            if table is not None:
                flush()
                blocks.append(Block("table", table.render(), item.page, table=table))
                i = end
                continue
        table_end = _table_run_end(items, i)
        if table_end is not None:
            header_lines = _take_header_lines(paragraph, blocks)
            table = _build_table(header_lines, items[i:table_end], blocks)
            flush()
            blocks.append(Block("table", table.render(), item.page, table=table))
            i = table_end
            continue
        style = heading_level(item.text)
        if style is not None:
            flush()
            kind, depth = style
            if depth == 0:
                depth = style_levels.setdefault(kind, len(style_levels) + 1)
            blocks.append(Block("heading", clean_heading(item.text), item.page, level=depth))
        else:
            paragraph.append(item)
        i += 1
    flush()
    return blocks


def _pipe_table(lines: list[str]) -> Table | None:
    """A Markdown table: a `| a | b |` header, a `|---|---|` rule under it, then rows."""
    if len(lines) < 3 or not re.fullmatch(r"\s*\|?[\s|:-]*-[\s|:-]*", lines[1]):
        return None
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in lines
        if not re.fullmatch(r"[\s|:-]+", line)
    ]
    return Table(header=rows[0], rows=rows[1:]) if len(rows) >= 2 else None


def clean_heading(text: str) -> str:
    text = fix_letter_spacing(text).strip()
    if m := _MARKDOWN.match(text):
        text = m.group(2)
    return re.sub(r"\s+", " ", text)


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one paragraph, keeping words broken by a hyphen whole."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and line[:1].islower():
            out += line
        else:
            out += " " + line
    return re.sub(r"[ \t]+", " ", out)


def _table_run_end(items: list[_Line], start: int) -> int | None:
    """End index of a run of at least two table rows with the same number of values."""
    first = _row_values(items[start].text)
    if first is None:
        return None
    width = len(first[1])
    rows = 1
    end = start + 1
    j = start + 1
    while j < len(items):
        text = items[j].text
        if not text.strip():
            j += 1
            continue
        row = _row_values(text)
        if row is None or len(row[1]) != width:
            break
        rows += 1
        j += 1
        end = j
    return end if rows >= 2 else None


def _take_header_lines(paragraph: list[_Line], blocks: list[Block]) -> list[_Line]:
    """The short lines just above a table are its broken header; take them out of the paragraph."""
    header: list[_Line] = []
    while paragraph and len(paragraph[-1].text.strip()) <= 60:
        header.insert(0, paragraph.pop())
    # Short lines separated by blank lines were flushed as tiny paragraphs: reclaim those too.
    while blocks and blocks[-1].kind == "text" and len(blocks[-1].text) <= 60:
        header.insert(0, _Line(blocks.pop().text, 0))
    return header


def _build_table(header_lines: list[_Line], row_lines: list[_Line], blocks: list[Block]) -> Table:
    rows = []
    for line in row_lines:
        parsed = _row_values(line.text)
        if parsed:
            rows.append([parsed[0], *parsed[1]])
    width = len(rows[0]) - 1
    caption = ""
    if blocks and blocks[-1].kind == "heading":
        caption = blocks[-1].text
    names = _header_names([ln.text for ln in header_lines], width)
    return Table(header=["", *names], rows=rows, caption=caption)


def _header_names(lines: list[str], width: int) -> list[str]:
    """Glue header words into `width` column names; numbered names when that cannot be done."""
    words: list[tuple[str, int]] = []  # (word, line index)
    for index, line in enumerate(lines):
        words.extend((w, index) for w in line.split())
    if len(words) < width:
        return [f"column {n}" for n in range(1, width + 1)]
    names = [[w] for w, _ in words]
    lines_of = [[i] for _, i in words]
    while len(names) > width:
        best, best_score = 0, -99.0
        for k in range(len(names) - 1):
            left, right = " ".join(names[k]), " ".join(names[k + 1])
            score = 0.0
            if f"{left} {right}".lower() in _MULTIWORD_LABELS:
                score += 3
            if left.endswith("."):
                score += 2
            if right[:1].islower():
                score += 2
            if lines_of[k + 1][0] == lines_of[k][-1] + 1:
                score += 1
            if lines_of[k + 1][0] == lines_of[k][-1]:
                score -= 1
            if score > best_score:
                best, best_score = k, score
        names[best] += names.pop(best + 1)
        lines_of[best] += lines_of.pop(best + 1)
    return [" ".join(n) for n in names]


def blocks_to_sections(blocks: list[Block]) -> list[Section]:
    """Group blocks under their heading path; a section spans the pages of its blocks and rows."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: Section | None = None
    for block in blocks:
        if block.kind == "heading":
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
            current = None
            continue
        if current is None:
            current = Section([t for _, t in stack], block.page, block.page)
            sections.append(current)
        current.blocks.append(block)
        pages = block.table.row_pages(block.page) if block.table is not None else []
        current.page_end = max(current.page_end, block.page, *pages)
    return sections
