"""The units a chunk is read in: each sentence of its text, and for a table each row (with the
column names it falls under) and each column name. The sentence index embeds them one by one, and
a reader finds its candidates by the same keys, so that each candidate has its meaning score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ingest.chunking import split_sentences

UnitKind = Literal["sentence", "row", "column"]


@dataclass(frozen=True)
class Unit:
    key: str  # `s3.1`: line 3, sentence 1; `r4`: row 4; `h2`: column 2
    text: str  # what is embedded
    kind: UnitKind


def sentence_key(line: int, sentence: int) -> str:
    return f"s{line}.{sentence}"


def row_key(row: int) -> str:
    return f"r{row}"


def column_key(column: int) -> str:
    return f"h{column}"


def text_units(text: str) -> list[Unit]:
    """Each sentence of each line of a text chunk."""
    return [
        Unit(sentence_key(n, m), sentence, "sentence")
        for n, line in enumerate(text.split("\n"))
        for m, sentence in enumerate(split_sentences(line))
    ]


def row_text(header: list[str], row: list[str], caption: str = "") -> str:
    """A table row as words: its label, then each filled cell under its column's name."""
    label = next((cell for cell in row if cell), "")
    cells = [
        f"{header[c]}: {cell}" if c < len(header) and header[c] else cell
        for c, cell in enumerate(row)
        if cell and cell != label
    ]
    return " ".join(part for part in (caption, label, "; ".join(cells)) if part)


def table_units(header: list[str], rows: list[list[str]], caption: str = "") -> list[Unit]:
    """Each row of a table chunk with its column names, and each named column."""
    units = [Unit(row_key(r), row_text(header, row, caption), "row") for r, row in enumerate(rows)]
    units += [
        Unit(column_key(c), f"{caption} {name}".strip(), "column")
        for c, name in enumerate(header)
        if name.strip()
    ]
    return units
