"""Ruled tables that run over a page break are read as one table; each row keeps its own page."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from ingest import chunk_report, parse_file
from ingest.model import Report, Table
from tests.conftest import DRC

HEADER = ["Zone", "Cases", "Deaths", "Rate"]
COLUMNS = (60, 220, 320, 420, 520)


def _rows(first: int, last: int) -> list[list[str]]:
    return [[f"Zone {i}", str(10 * i), str(i), f"{i},0%"] for i in range(first, last + 1)]


def _draw_table(
    page: pymupdf.Page, top: float, rows: list[list[str]], xs: tuple[int, ...] = COLUMNS
) -> None:
    for r, row in enumerate(rows):
        y = top + 20 * r
        for c, text in enumerate(row):
            page.draw_rect(pymupdf.Rect(xs[c], y, xs[c + 1], y + 20), color=(0, 0, 0), width=0.5)
            page.insert_text((xs[c] + 4, y + 14), text, fontsize=9)


def _split_pdf(
    path: Path,
    second_page: list[list[str]],
    xs: tuple[int, ...] = COLUMNS,
    heading_above: bool = False,
) -> Report:
    """Page 1 ends with a table (header + zones 1-12); page 2 opens with `second_page` rows."""
    doc = pymupdf.open()
    page = doc.new_page()  # A4 portrait, 842 pt high
    page.insert_text((60, 60), "1. Cases by zone", fontsize=16)
    page.insert_text((60, 90), "Confirmed cases and deaths reported by each zone.", fontsize=10)
    _draw_table(page, 560, [HEADER, *_rows(1, 12)])
    page = doc.new_page()
    top = 50
    if heading_above:
        page.insert_text((60, 60), "2. Stocks by zone", fontsize=16)
        top = 80
    _draw_table(page, top, second_page, xs)
    below = top + 20 * len(second_page) + 30
    page.insert_text((60, below), "The response continues in every zone.", fontsize=10)
    doc.save(path)
    return parse_file(path)


def _tables(report: Report) -> list[Table]:
    return [b.table for s in report.sections for b in s.blocks if b.table is not None]


@pytest.mark.parametrize("repeat_header", [True, False], ids=["header-repeated", "no-header"])
def test_table_split_over_two_pages_is_one_table(tmp_path: Path, repeat_header: bool) -> None:
    second = [HEADER, *_rows(13, 16)] if repeat_header else _rows(13, 16)
    report = _split_pdf(tmp_path / "split.pdf", second)
    [table] = _tables(report)
    assert table.header == HEADER
    assert table.rows == _rows(1, 16)
    assert table.pages == [1] * 12 + [2] * 4
    assert report.sections[0].page_end == 2
    # Small chunks: each spans only the pages of the rows it holds.
    chunks = [c for c in chunk_report(report, max_chars=120) if c.kind == "table"]
    assert len(chunks) > 2
    for chunk in chunks:
        pages = [table.pages[table.rows.index(row)] for row in chunk.table_rows]
        assert (chunk.page_start, chunk.page_end) == (min(pages), max(pages))
        assert chunk.text.startswith(" | ".join(HEADER))
    last = next(c for c in chunks if ["Zone 16", "160", "16", "16,0%"] in c.table_rows)
    assert last.page_end == 2


@pytest.mark.parametrize(
    "second, xs, heading_above",
    [
        (_rows(13, 16), COLUMNS, True),  # a heading opens page 2
        (_rows(13, 16), (60, 260, 360, 460, 520), False),  # columns 40 pt to the right
        ([["Item", "Stock", "Need", "Gap"], *_rows(13, 16)], COLUMNS, False),  # another header
    ],
    ids=["heading-between", "other-columns", "other-header"],
)
def test_a_different_table_on_the_next_page_stays_apart(
    tmp_path: Path, second: list[list[str]], xs: tuple[int, ...], heading_above: bool
) -> None:
    report = _split_pdf(tmp_path / "two.pdf", second, xs, heading_above)
    first, other = _tables(report)
    assert first.rows == _rows(1, 12) and set(first.pages) == {1}
    assert set(other.pages) == {2}


def test_drc_health_zone_table_over_pages_3_and_4(corpus: Path) -> None:
    """The per-health-zone table of SitRep 21 runs from page 3 into page 4 with no header there."""
    report = parse_file(DRC / "SitRep_21_2026.pdf")
    zones = [t for t in _tables(report) if any(row[0] == "Bunia" for row in t.rows)]
    assert len(zones) == 1
    table = zones[0]
    assert table.header[0].startswith("Province")
    assert not any(t.rows[0][0] == "Butembo" or t.header[0] == "Butembo" for t in _tables(report))
    labels = [row[0] or row[1] for row in table.rows]
    bunia, butembo = labels.index("Bunia"), labels.index("Butembo")
    assert (table.pages[bunia], table.pages[butembo]) == (3, 4)
    assert table.rows[butembo][table.header.index("Cas confirmés cumulés (n)")] == "4"
    assert labels[-1] == "TOTAL" and table.pages[-1] == 4
    # A citation of the Butembo row points at page 4, where the row is printed.
    chunk = next(
        c for c in chunk_report(report) if c.kind == "table" and table.rows[butembo] in c.table_rows
    )
    assert chunk.page_end == 4
    row_text = table.row_text(table.rows[butembo])
    assert row_text in report.pages[3] and row_text not in report.pages[2]
