"""Chunks small enough for the embedding model, never crossing a section; tables repeat their header."""

from __future__ import annotations

import re

from ingest.model import Block, Chunk, Report, Section, Table

MAX_CHARS = 700  # all-MiniLM-L6-v2 reads 256 word pieces; French text uses more per character

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9(«\"“])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; abbreviations such as `No. 3` or `N° 24` do not end a sentence."""
    parts = _SENTENCE_BREAK.split(text)
    sentences: list[str] = []
    for part in parts:
        if sentences and re.search(
            r"\b(?:No|Nos|N°|Dr|Mr|Mrs|St|vs|e\.g|i\.e|cf|Fig|p)\.$", sentences[-1]
        ):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    return [s.strip() for s in sentences if s.strip()]


def chunk_report(report: Report, max_chars: int = MAX_CHARS) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in report.sections:
        chunks.extend(_chunk_section(section, max_chars))
    return chunks


def _chunk_section(section: Section, max_chars: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    pieces: list[tuple[str, int]] = []  # (text, page)

    def flush() -> None:
        if pieces:
            text = "\n".join(p for p, _ in pieces)
            pages = [page for _, page in pieces]
            chunks.append(Chunk(text, section.title, min(pages), max(pages)))
            pieces.clear()

    for block in section.blocks:
        if block.table is not None:
            flush()
            chunks.extend(_table_chunks(block, block.table, section.title, max_chars))
            continue
        for unit in _units(block.text, max_chars):
            size = sum(len(p) + 1 for p, _ in pieces)
            if pieces and size + len(unit) > max_chars:
                flush()
            pieces.append((unit, block.page))
    flush()
    return chunks


def _units(text: str, max_chars: int) -> list[str]:
    """A paragraph if it fits, else its sentences packed up to the limit."""
    if len(text) <= max_chars:
        return [text]
    units: list[str] = []
    current = ""
    for sentence in _fit(split_sentences(text), max_chars):
        if current and len(current) + 1 + len(sentence) > max_chars:
            units.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        units.append(current)
    return units


def _fit(sentences: list[str], max_chars: int) -> list[str]:
    """Sentences longer than the limit (lists of names, run-on lines) cut between words."""
    out: list[str] = []
    for sentence in sentences:
        while len(sentence) > max_chars:
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            out.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            out.append(sentence)
    return out


def _table_chunks(block: Block, table: Table, section: str, max_chars: int) -> list[Chunk]:
    """Rows packed up to the limit; each chunk spans only the pages of the rows it holds."""
    chunks: list[Chunk] = []
    header_size = len(table.render(rows=[]))
    group: list[list[str]] = []
    pages: list[int] = []
    for row, page in zip(table.rows, table.row_pages(block.page), strict=True):
        if group and header_size + len(table.render(rows=[*group, row])) - header_size > max_chars:
            chunks.append(_table_chunk(table, group, pages, section))
            group, pages = [], []
        group.append(row)
        pages.append(page)
    if group:
        chunks.append(_table_chunk(table, group, pages, section))
    return chunks


def _table_chunk(table: Table, rows: list[list[str]], pages: list[int], section: str) -> Chunk:
    return Chunk(
        table.render(rows=rows),
        section,
        min(pages),
        max(pages),
        kind="table",
        table_header=list(table.header),
        table_rows=[list(r) for r in rows],
        table_caption=table.caption,
    )
