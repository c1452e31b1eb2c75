"""Ruled tables in PDF pages: found with PyMuPDF, read as a header and rows, and joined when a
table runs over a page break."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pymupdf

from ingest.model import Block, Table

_NEAR = 0.25  # a split table ends in the bottom quarter of a page and goes on in the top quarter
_SAME_X = 0.03  # columns of a continued table start at the same x, give or take 3% of the page


@dataclass
class FoundTable:
    """A ruled table of one page and what a continuation on the next page must match."""

    bbox: tuple[float, float, float, float]
    table: Table
    head: list[list[str]]  # the printed header lines, in the table's columns
    xs: list[float]  # left edge of each column
    edges: list[float]  # left edge of every ruled column, empty ones too


def continue_table(
    open_table: tuple[Block, FoundTable] | None,
    ordered: list[Block],
    found_in: dict[int, FoundTable],
    height: float,
    width: float,
) -> tuple[Block, FoundTable] | None:
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


def find_tables(page: pymupdf.Page) -> list[FoundTable]:
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
        found.append(FoundTable(tuple(tab.bbox), table, head, [lefts[i] for i in keep], lefts))
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


def _join(start: FoundTable, part: FoundTable, width: float) -> bool:
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


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()
