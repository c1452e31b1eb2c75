"""Selection: the best-scored candidate whose quote is on its page, when the model is sure enough
of it; candidates are all scored first, so the order the chunks came in does not matter. The
runner-up is the best candidate that gives another answer (the same figure found twice is no
rival)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.extractive.candidates import Candidate, is_total_row
from app.extractive.model import SERIES_CANDIDATES, SERIES_SAME_MEASURE, ReaderModel
from app.reader import PageTexts
from app.verify import quote_page


def select(
    candidates: list[Candidate],
    model: ReaderModel,
    pages: PageTexts,
    taken: frozenset[str] | set[str] = frozenset(),
) -> tuple[Candidate, int, float] | None:
    """The best candidate not given yet whose quote is on its page, that page, and the model's
    confidence that it is right; None when no candidate's quote is found."""
    ranked = sorted(
        (c for c in candidates if not (c.lead and c.lead in taken)),
        key=lambda c: c.score,
        reverse=True,
    )
    for n, candidate in enumerate(ranked):
        page = page_of(candidate, pages)
        if page is None:
            continue
        runner_up = next((c.score for c in ranked[n + 1 :] if c.lead != candidate.lead), 0.0)
        return candidate, page, model.confidence(candidate.features, candidate.score, runner_up)
    return None


def page_of(candidate: Candidate, pages: PageTexts) -> int | None:
    """The page of the candidate's chunk its quote is printed on; None when it is on none."""
    hit = candidate.hit
    return quote_page(candidate.quote, hit.version, hit.page, hit.page_end, pages)


def same_measure(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two figures' words say the same measure: most of their terms shared (headers and
    row labels drift a little from one report to the next)."""
    return _shared(a, b) >= SERIES_SAME_MEASURE


def _shared(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of two measures' terms they have in common (0 for two empty measures)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


@dataclass(frozen=True)
class SeriesAsked:
    """What a series question asks, in every form of its words: `about` what (its terms other
    than its places, organisations and the reports' title words), `words` all its terms, and
    `names` the forms of each place or organisation it names that no title does (in
    `series_points`, those the reports' tables name); `places` the same forms, a set for each
    place or organisation (the names of "South-East Asia Region" together)."""

    about: frozenset[str]
    words: frozenset[str]
    names: tuple[frozenset[str], ...]
    places: tuple[frozenset[str], ...]

    def says_exactly(self, candidate: Candidate) -> bool:
        """A table cell whose row and column are words of the question only, naming each of its
        `names`: "Ituri · Cas confirmés" for confirmed cases in Ituri, not the table's total,
        nor Ituri's row for a zone of Ituri that the tables list."""
        terms = candidate.measure_terms
        return (
            candidate.row >= 0
            and bool(terms & self.about)
            and terms <= self.words
            and all(name & terms for name in self.names)
        )


def series_points(
    per_report: list[list[Candidate]],
    model: ReaderModel,
    pages: PageTexts,
    asked: SeriesAsked,
) -> tuple[list[tuple[Candidate, int] | None], int]:
    """One figure per report, the same measure in all. The measure is that of a report's best
    answer naming what the question asks about (`asked.about`), of one the model is sure of or
    of a table cell that says exactly what is asked (`SeriesAsked.says_exactly`), or of a Total
    cell that sums the places asked, however low it ranks (`_summing`): of those, the
    one most reports give, then the one the reports' best answers weigh most on, each as much as
    the model is sure of it (many reports whose best answer is the same cell, each unsure alone,
    outweigh one sure answer of another measure). In every report, its figure of that measure
    (`_of_measure`): a wrong figure is worse than a gap. Also how many reports' sure answer was
    of another measure and nothing of this one was found (left out: it only resembles the one
    asked)."""
    ranked = [sorted(found, key=lambda c: c.score, reverse=True) for found in per_report]
    best = [select(found, model, pages) for found in ranked]
    # A place no table names (the virus strain a question gives) is not looked for in a cell.
    tabled = {t for found in per_report for c in found if c.row >= 0 for t in c.measure_terms}
    names_any = bool(asked.names)
    asked = replace(
        asked,
        names=tuple(name for name in asked.names if name & tabled),
        places=tuple(place for place in asked.places if place & tabled),
    )
    support: dict[frozenset[str], float] = {}
    proposed: set[frozenset[str]] = set()
    for candidate, _, confidence in filter(None, best):
        terms = candidate.measure_terms
        if candidate.value is None or not terms & asked.about or _names_part(terms, asked):
            continue
        support[terms] = support.get(terms, 0.0) + confidence
        if confidence >= model.threshold or asked.says_exactly(candidate):
            proposed.add(terms)
    # A table whose rows are the places asked, each and no other, sums them in its Total row:
    # that cell says what is asked, as exactly as a cell naming the one place asked would.
    sums = [_summing(found, asked) for found in ranked]
    proposed |= {c.measure_terms for found in sums for c in found}
    agreed = _agreed(best, model, asked, whole=not names_any)
    proposed |= agreed
    if not proposed:
        return [None] * len(per_report), 0
    read = {
        m: [
            _of_measure(found[:SERIES_CANDIDATES], m, m in agreed, model, pages, asked, summing)
            for found, summing in zip(ranked, sums, strict=True)
        ]
        for m in proposed
    }
    # Words drift a little between reports: a measure also gathers what its near-twins weigh.
    # A last tie goes by the measure's words, so that every run chooses alike.
    chosen = max(
        read,
        key=lambda m: (
            sum(p is not None for p in read[m]),
            sum(w for k, w in support.items() if same_measure(k, m)),
            support.get(m, 0.0),
            sorted(m),
        ),
    )
    points = _between_neighbours(read[chosen], chosen, ranked, pages)
    left_out = sum(
        point is None and picked is not None and picked[2] >= model.threshold
        for point, picked in zip(points, best, strict=True)
    )
    return points, left_out


def _summing(found: list[Candidate], asked: SeriesAsked) -> list[Candidate]:
    """A report's Total cells that are the figure of the places asked together: the other rows
    of the cell's column each name one of the places asked, every one of them named ("(Ituri,
    Nord-Kivu, Sud-Kivu)" over a table of those three provinces and their Total), and its
    column says what is asked in the question's words, as fully as any column of its row does
    (`Nouveaux cas confirmés`, not `Cas confirmés`, for the new cases)."""
    if len(asked.places) < 2:
        return []
    columns: dict[tuple[str, tuple[int, int]], list[Candidate]] = {}
    for c in found:
        columns.setdefault((c.hit.chunk_id, c.cell), []).append(c)
    fits: dict[tuple[str, int], list[tuple[int, Candidate]]] = {}
    for candidate in found:
        if candidate.value is None or not is_total_row(candidate):
            continue
        column_cells = columns[(candidate.hit.chunk_id, candidate.cell)]
        rows = [c.measure_terms for c in column_cells if c.row != candidate.row]
        if not rows:
            continue
        column = frozenset.intersection(candidate.measure_terms, *rows)
        covered = len(column & asked.about)
        if (
            covered
            and column <= asked.words
            and all(any(_names(row, place, asked) for place in asked.places) for row in rows)
            and all(any(_names(row, place, asked) for row in rows) for place in asked.places)
        ):
            key = (candidate.hit.chunk_id, candidate.row)
            fits.setdefault(key, []).append((covered, candidate))
    return [c for row in fits.values() for n, c in row if n == max(m for m, _ in row)]


def _names(terms: frozenset[str], place: frozenset[str], asked: SeriesAsked) -> bool:
    """Whether a row's terms name the place: each of its words, in any form (`Sud-Kivu` shares
    a word with Nord-Kivu but does not name it)."""
    words = [name for name in asked.names if name <= place]
    return bool(words) and all(name & terms for name in words)


def _names_part(terms: frozenset[str], asked: SeriesAsked) -> bool:
    """Whether a measure names some of the places asked but not all: one province's row, for a
    question about several together, measures a part of what is asked. A measure naming none
    of them (a rate of the whole report, for an outbreak the question places) may still be it."""
    named = sum(1 for place in asked.places if place & terms)
    return 0 < named < len(asked.places)


def _agreed(
    best: list[tuple[Candidate, int, float] | None],
    model: ReaderModel,
    asked: SeriesAsked,
    whole: bool,
) -> set[frozenset[str]]:
    """The measures that several reports' best answers give, in the same words, each unsure
    alone but sure together: the chance that every one of them is wrong is below 1 - threshold
    (each report's answer read as a separate witness). A witness names every place asked and
    no other (a province's row is not the national total the question lists provinces for); a
    table's Total row speaks for a question that names no place at all (`whole`: the world's
    deaths are WHO's Grand total row)."""
    unsure: dict[frozenset[str], float] = {}
    witnesses: dict[frozenset[str], int] = {}
    for candidate, _, confidence in filter(None, best):
        terms = candidate.measure_terms
        if (
            candidate.value is None
            or not terms & asked.about
            or (candidate.features.get("label_misses") and not (whole and is_total_row(candidate)))
            or not all(name & terms for name in asked.names)
        ):
            continue
        unsure[terms] = unsure.get(terms, 1.0) * (1.0 - confidence)
        witnesses[terms] = witnesses.get(terms, 0) + 1
    return {m for m, p in unsure.items() if witnesses[m] > 1 and 1.0 - p >= model.threshold}


def _between_neighbours(
    points: list[tuple[Candidate, int] | None],
    measure: frozenset[str],
    ranked: list[list[Candidate]],
    pages: PageTexts,
) -> list[tuple[Candidate, int] | None]:
    """A running total's gaps filled from a near-twin of its measure (a header or label worded a
    little differently in that report: `China · Total deaths` and `China · …nfirmed COVID-19
    Total deaths`): the best-ranked such figure of the report that lies between the points found
    before and after it. Only
    where the found points never go down (a count that is corrected downwards, or one that is
    not a running total, gets no filling), and never at either end, where one neighbour alone
    bounds nothing."""
    values = [_value(p) for p in points]
    found = [v for v in values if v is not None]
    if any(b < a for a, b in zip(found, found[1:], strict=False)):
        return points
    filled = list(points)
    for n, value in enumerate(values):
        before = [v for v in values[:n] if v is not None]
        after = [v for v in values[n + 1 :] if v is not None]
        if value is not None or not before or not after:
            continue
        for candidate in ranked[n][:SERIES_CANDIDATES]:
            if candidate.value is None or not same_measure(candidate.measure_terms, measure):
                continue
            if before[-1] <= candidate.value <= after[0]:
                page = page_of(candidate, pages)
                if page is not None:
                    filled[n] = (candidate, page)
                    break
    return filled


def _value(point: tuple[Candidate, int] | None) -> float | None:
    return point[0].value if point is not None else None


def _of_measure(
    ranked: list[Candidate],
    measure: frozenset[str],
    agreed: bool,
    model: ReaderModel,
    pages: PageTexts,
    asked: SeriesAsked,
    summing: list[Candidate],
) -> tuple[Candidate, int] | None:
    """Of a report's best candidates and its cells `summing` the places asked, its figure of
    `measure`, and its page: a table cell whose row and column say exactly that measure (the
    reports' own words for it: the same cell, whatever the question's wording), or of a
    near-twin measure, if the cell says exactly what the question asks or the model is sure
    of the figure; of several, the one whose words are closest to the measure
    (the same row of the same table, not a sub-total of another), then the best ranked. None
    where two figures are as close to the measure as each other."""
    options: list[tuple[float, int, Candidate, int]] = []
    seen = {id(c) for c in ranked}
    for n, candidate in enumerate(ranked + [c for c in summing if id(c) not in seen]):
        terms = candidate.measure_terms
        if candidate.value is None or not same_measure(terms, measure):
            continue
        exact = terms == measure and (candidate.row >= 0 or agreed)
        if not exact and not asked.says_exactly(candidate):
            runner_up = next((c.score for c in ranked if c.lead != candidate.lead), 0.0)
            if model.confidence(candidate.features, candidate.score, runner_up) < model.threshold:
                continue
        page = page_of(candidate, pages)
        if page is not None:
            options.append((_shared(terms, measure), -n, candidate, page))
    if not options:
        return None
    shared, _, candidate, page = max(options, key=lambda o: o[:2])
    if any(o[0] == shared and o[2].value != candidate.value for o in options):
        return None  # another figure as close to the measure: the report does not say which
    return candidate, page
