"""Which place or organisation holds the most (or the fewest) of a measure: "which health zone
had the most confirmed cases?". The measure is the figure the ranker finds for the question read
as "how many ...?"; the answer is the row of that figure's table column, or the name of that
figure's list (`Bunia (11), Rwampara (11), Nyankunde (6) et Aungba (1)`), whose figure is the
largest (or smallest). A row that sums places (a Total, `Sous-total Ituri`) or only names what
the question names is the whole, not one of the places ranked; a table whose row for the place
asked is not such a sum lists that place's peers, and ranks nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from app.extractive.candidates import (
    Candidate,
    cell_figures,
    cell_value,
    label_columns,
    row_names,
)
from app.extractive.spans import name_spans
from app.extractive.wording import ranked_lead
from ingest.figures import find_figures
from ingest.units import text_units

# What stands between a name and its figure in a list: `Bunia (11)`, `Vale: 4,600`, `5,050 in
# Corran`.
_NAME_THEN_FIGURE = re.compile(r"\s*[(:]\s*")
_FIGURE_THEN_NAME = re.compile(r"\s+(?:in|at|for|à|au|aux|en|dans|pour|para)\s+", re.I)
# A row of several places summed (`Total`, `Sous-total Ituri`, `Subtotal`): not one place.
_SUM = re.compile(r"(?:\b|(?<=-))(?:sub-?|sous-?)?total(?:e?s)?\b|\bensemble\b", re.I)


def extremes(
    candidate: Candidate, direction: int, whole: Callable[[str], bool], language: str
) -> list[Candidate]:
    """The candidates that answer "which ... the most" (`direction` 1) or "the fewest" (-1)
    from the table column or list `candidate`'s figure belongs to, one per name tied first; []
    when it belongs to none of at least two names. `whole(label)`: the label only names what
    the question names."""
    if candidate.value is None:
        return []
    # The figure of the place asked itself (`Europe` for "which country ... in the European
    # Region"): its table lists that place's peers, not what lies within it.
    if candidate.row >= 0 and whole(_label(candidate)) and not _SUM.search(_label(candidate)):
        return []
    ranking = _rows(candidate, whole) if candidate.row >= 0 else _listed(candidate, whole)
    if len(ranking) < 2:
        return []
    top = max(value * direction for value, _ in ranking)
    first = [c for value, c in ranking if value * direction == top]
    if candidate.row < 0 and len(first) > 1:  # one quote holds them all: one statement
        names = [c.measure for c in first]
        figure = first[0].lead
        return [replace(first[0], lead=ranked_lead(names, figure, "", language))]
    return [replace(c, lead=ranked_lead([_label(c)], c.lead, _column(c), language)) for c in first]


def measure_of(candidate: Candidate) -> tuple[str, str | int, int]:
    """What a ranking would rank: the table column of a cell, the quote of a figure."""
    if candidate.row >= 0:
        return candidate.hit.chunk_id, candidate.cell[0], candidate.cell[1]
    return candidate.hit.chunk_id, candidate.quote, 0


def _label(candidate: Candidate) -> str:
    """A cell's row label (its `measure` is `label · column`); a listed name's name."""
    return candidate.measure.split(" · ")[0]


def _column(candidate: Candidate) -> str:
    return candidate.measure.split(" · ", 1)[1] if " · " in candidate.measure else ""


def _rows(candidate: Candidate, whole: Callable[[str], bool]) -> list[tuple[float, Candidate]]:
    """Each row's figure in the candidate's column (the same figure of a paired cell), as a
    candidate quoting its row; rows of the whole (a Total, the place asked about) left out."""
    table = candidate.hit.table
    column, part = candidate.cell
    if table is None or column < 0:
        return []
    header = _column(candidate)
    labels = label_columns(table.rows)
    out = []
    for r, row in _block(table.rows, candidate.row):
        names = row_names(row, labels)
        label = " ".join(names)
        if not names or column >= len(row) or row[column] == names[0]:
            continue  # a row without a name, or one whose first cell is the figure itself
        if _SUM.search(label) or whole(label):
            continue
        figures = cell_figures(row[column])
        value = cell_value(figures[part]) if part < len(figures) else None
        if value is None:
            continue
        quote = " ".join(cell for cell in row if cell)
        measure = f"{names[-1]} · {header}"  # a zone beside its province is named as the zone
        out.append(
            (
                value,
                replace(
                    candidate, quote=quote, lead=figures[part], value=value, row=r, measure=measure
                ),
            )
        )
    return out


def _block(rows: list[list[str]], sum_row: int) -> list[tuple[int, list[str]]]:
    """The rows a ranking reads, numbered: where `sum_row` sums places (`Sous-total Ituri`),
    the rows it sums, back to the heading or sum row before them (`ITURI`; not the next
    province's rows); else every row."""
    if not _SUM.search(next((cell for cell in rows[sum_row] if cell), "")):
        return list(enumerate(rows))
    start = sum_row
    while start > 0:
        row = rows[start - 1]
        label = next((cell for cell in row if cell), "")
        if _SUM.search(label) or not any(cell and cell != label for cell in row):
            break
        start -= 1
    return list(enumerate(rows))[start:sum_row]


def _listed(candidate: Candidate, whole: Callable[[str], bool]) -> list[tuple[float, Candidate]]:
    """The names of the candidate's quote each written beside a figure (`Bunia (11)`, `5,050 in
    Corran`), as candidates quoting the same text (their `measure` the name): the quote counts
    the measure, its total perhaps (`11,750 hygiene kits in total: 4,600 in Vale, ...`)."""
    quote = candidate.quote
    # A list cut to fit the quote may have lost its largest figures: it ranks nothing.
    if any(quote in unit.text and quote != unit.text for unit in text_units(candidate.hit.text)):
        return []
    figures = [f for f in find_figures(quote) if not f.percent or candidate.percent]
    pairs = []
    for span in name_spans(quote):
        if whole(span.text):
            continue
        after = next(
            (f for f in figures if _NAME_THEN_FIGURE.fullmatch(quote[span.end : f.start])), None
        )
        before = next(
            (f for f in figures if _FIGURE_THEN_NAME.fullmatch(quote[f.end : span.start])), None
        )
        figure = after or before
        if figure is not None:
            pairs.append((figure.value, span.text, quote[figure.start : figure.end]))
    return [
        (value, replace(candidate, lead=text, value=value, measure=name))
        for value, name, text in pairs
    ]
