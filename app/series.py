"""Which reports form a series: the daily DRC sitreps of one epidemic, WHO's numbered daily
situation reports, its weekly epidemiological updates. Titles alone do not tell (they drift within
a series and repeat across two epidemics), so a report continues a series when its language
matches, its publisher or title does, and its number follows on at a pace the series can keep:
the 2025 Kasai sitreps (N°1-39) and the 2026 ones (N°2-39) split where the numbering starts
again; WHO's daily report N°209 and weekly update N°1 of the same day are two series."""

from __future__ import annotations

import csv
import functools
import io
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from app.models import Answer, SeriesAnswer, SeriesPoint
from app.reader import Draft, PageTexts
from app.verify import checked
from index.records import ReportRecord

# How fast a series may number its reports: from one a month to two a day.
MIN_PER_DAY = 1 / 45
MAX_PER_DAY = 2.0
# Unnumbered reports join a series with the same title within this many days of its last one.
UNNUMBERED_GAP_DAYS = 45
# Titles this similar (shared words over all words, numbers left out) belong to one series.
SIMILAR_TITLES = 0.5


@dataclass
class Series:
    """Reports of one series, in date order."""

    reports: list[ReportRecord] = field(default_factory=list)

    def label(self) -> str:
        """How a list shows it: publisher, number range and months (`COUSP · N°2-39 ·
        2026-05 to 2026-06`)."""
        first = self.reports[0]
        who = first.publisher or _title_words_text(first.title)[:40] or first.file
        numbers = [r.report_number for r in self.reports if r.report_number]
        span = ""
        if numbers:
            low, high = numbers[0], numbers[-1]
            span = f"N°{low}" if low == high else f"N°{low}-{high}"
        months = sorted({r.date[:7] for r in self.reports if r.date})
        when = f"{months[0]} to {months[-1]}" if len(months) > 1 else (months[0] if months else "")
        return " · ".join(p for p in (who, span, when) if p)

    def days_per_report(self) -> float | None:
        """How many days the series usually takes from one report to the next: by its numbers
        where it has them (a library may hold only every tenth daily report), else by the median
        gap between its dates; None when it cannot tell."""
        pace = _pace(self)
        if pace > 0:
            return 1 / pace
        dated = [r for r in self.reports if r.date]
        gaps = [g for a, b in zip(dated, dated[1:], strict=False) if (g := _days(a, b) or 0) > 0]
        return float(statistics.median(gaps)) if gaps else None


def group_series(records: list[ReportRecord]) -> list[Series]:
    """Every report in exactly one series; a report that continues none starts its own.

    A report can only continue a series of its language whose last report shares a title word
    with it (similar titles) or, both numbered, whose last numbered report has its publisher:
    only those are compared, so that grouping a library of thousands of reports, most of them
    series of one, does not compare each with all."""
    dated = sorted(records, key=lambda r: (r.date or "9999", _number(r) or 0, r.report_id))
    series: list[Series] = []
    by_key: defaultdict[tuple[str, str, str], set[int]] = defaultdict(set)  # series by their last

    def keys(reports: list[ReportRecord]) -> set[tuple[str, str, str]]:
        last = reports[-1]
        found = {(last.language, "word", w) for w in _title_words(last.title)}
        numbered = _last_numbered(reports)
        if numbered is not None:
            found.add((numbered.language, "publisher", numbered.publisher.lower()))
        return found

    for record in dated:
        near = sorted(set().union(*(by_key.get(k, set()) for k in keys([record]))))
        fitting = [n for n in near if _continues(series[n], record)]
        if fitting:
            # Of equal fits, the series whose last title is closest: an unnumbered operational
            # update beside numbered epidemiological ones of a similar title.
            n = min(
                fitting,
                key=lambda n: (
                    _misfit(series[n], record),
                    -_similarity(series[n].reports[-1], record),
                ),
            )
            for key in keys(series[n].reports):
                by_key[key].discard(n)
            series[n].reports.append(record)
        else:
            n = len(series)
            series.append(Series([record]))
        for key in keys(series[n].reports):
            by_key[key].add(n)
    return series


class SeriesIndex:
    """The library's series, grouped again only when a field the grouping reads has changed:
    one grouping serves the planner (the reports a question over time reads) and the report
    lists (each report's series label), so listing the library stays a registry read."""

    def __init__(self) -> None:
        self._key: tuple[tuple[str, ...], ...] | None = None
        self._series: list[Series] = []

    def of(self, records: list[ReportRecord]) -> list[Series]:
        key = tuple(
            (r.report_id, r.language, r.publisher, r.title, r.date, r.report_number)
            for r in records
        )
        if key != self._key:
            self._key, self._series = key, group_series(records)
        return self._series

    def labels(self, records: list[ReportRecord]) -> dict[str, str]:
        """Each report's series label, for reports whose series holds more than one report."""
        return {
            r.report_id: s.label()
            for s in self.of(records)
            if len(s.reports) > 1
            for r in s.reports
        }


def _continues(series: Series, record: ReportRecord) -> bool:
    """Whether `record` continues `series` (of its language)."""
    last = series.reports[-1]
    if last.publisher.lower() != record.publisher.lower() and not _similar(last, record):
        return False
    days = _days(last, record)
    if days is None:
        return not last.date and not record.date and _similar(last, record)
    n = _number(record)
    numbered = _last_numbered(series.reports)
    if n is None or numbered is None:
        # A report without a number (an issue that does not print it, or an unnumbered series)
        # continues the series of its title within a few weeks.
        return days <= UNNUMBERED_GAP_DAYS and _similar(last, record)
    n_last = int(numbered.report_number)
    since = _days(numbered, record)
    days = days if since is None else since  # the pace is kept between numbered reports
    if n == n_last:
        return days <= 2  # the same report issued again
    if n < n_last:
        return False  # the numbering starts again: a new series
    return MIN_PER_DAY <= (n - n_last) / max(days, 1) <= MAX_PER_DAY


def _misfit(series: Series, record: ReportRecord) -> float:
    """How much worse than its usual pace the series would be with this report (0: same pace),
    a different title counting one more."""
    last = series.reports[-1]
    pace = _pace(series)
    n, n_last, days = _number(record), _number(last), _days(last, record)
    step = (n - n_last) / max(days, 1) if n is not None and n_last is not None and days else pace
    off = abs(step - pace) / pace if pace else 0.0
    return off + (0.0 if _similar(last, record) else 1.0)


def _pace(series: Series) -> float:
    """Reports a day the series has kept so far (0 when it cannot tell)."""
    numbered = [r for r in series.reports if _number(r) is not None and r.date]
    if len(numbered) < 2:
        return 0.0
    first, last = numbered[0], numbered[-1]
    days = _days(first, last) or 0
    return ((_number(last) or 0) - (_number(first) or 0)) / max(days, 1)


def _last_numbered(reports: list[ReportRecord]) -> ReportRecord | None:
    return next((r for r in reversed(reports) if _number(r) is not None), None)


def _number(record: ReportRecord) -> int | None:
    return int(record.report_number) if record.report_number.isdigit() else None


def _days(earlier: ReportRecord, later: ReportRecord) -> int | None:
    if not earlier.date or not later.date:
        return None
    return (date.fromisoformat(later.date) - date.fromisoformat(earlier.date)).days


@functools.lru_cache(maxsize=4096)  # each title is compared with every open series
def _title_words(title: str) -> frozenset[str]:
    return frozenset(re.findall(r"[^\W\d_]{3,}", title.lower()))


def _title_words_text(title: str) -> str:
    return " ".join(re.findall(r"[^\W\d_]+", title))


def _similar(a: ReportRecord, b: ReportRecord) -> bool:
    return _similarity(a, b) >= SIMILAR_TITLES


def _similarity(a: ReportRecord, b: ReportRecord) -> float:
    """The share of two titles' words they have in common (numbers left out)."""
    wa, wb = _title_words(a.title), _title_words(b.title)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


# A cumulative count ("total", "cumul", "to date") that goes down is a correction by the report.
_CUMULATIVE = re.compile(
    r"\b(?:cumul\w*|total\w*|to date|so far|since the (?:start|beginning)|depuis le d[ée]but|"
    r"acumulad\w*|hasta la fecha)\b",
    re.I,
)


def series_answer(
    question: str, plan_series: Series, draft: Draft, pages: PageTexts
) -> SeriesAnswer:
    """The points of a series, one per report in date order: each report's statement once its
    quote is verified on its page, else a gap; the change from the previous value, and a
    cumulative count that goes down flagged as a correction."""
    by_report = {s.citation.report_id: s for s in draft.statements if checked(s, pages)}
    cumulative = bool(_CUMULATIVE.search(question)) or any(
        _CUMULATIVE.search(s.measure) for s in by_report.values()
    )
    points: list[SeriesPoint] = []
    previous: float | None = None
    n = 0
    for record in plan_series.reports:
        statement = by_report.get(record.report_id)
        point = SeriesPoint(
            report_id=record.report_id,
            date=record.date,
            report_number=record.report_number,
            title=record.title,
        )
        if statement is not None and statement.value is not None:
            n += 1
            statement.citation.n = n
            point.value, point.citation = statement.value, statement.citation
            point.as_written = statement.text.replace(" [#]", "")
            if previous is not None:
                point.change = statement.value - previous
                point.correction = cumulative and statement.value < previous
            previous = statement.value
        points.append(point)
    found = [p for p in points if p.value is not None]
    measures = [by_report[p.report_id].measure for p in found]
    answer = SeriesAnswer(
        question=question,
        series=plan_series.label() if plan_series.reports else "",
        measure=max(measures, key=measures.count) if measures else "",  # ties: the earliest
        points=points,
        left_out=int(draft.notes.get("left_out", "0")),
        text="",
        abstained=not found,
    )
    answer.text = series_text(answer, draft.abstention)
    return answer


def series_text(answer: SeriesAnswer, abstention: str) -> str:
    """The series in one sentence: first and last values, their change, gaps and corrections."""
    found = [p for p in answer.points if p.value is not None]
    if not found:
        return abstention
    ends = [found[0]] if len(found) == 1 else [found[0], found[-1]]
    return " → ".join(_point_text(p) for p in ends) + _summary(answer, found)


def series_as_answer(series: SeriesAnswer) -> Answer:
    """A series as the answer to a question asked in the chat or `/v1/ask`: every point with
    its date and citation in date order, then the change, gaps and corrections."""
    found = [p for p in series.points if p.value is not None and p.citation is not None]
    label = f"{series.measure} ({series.series})" if series.measure else series.series
    return Answer(
        question=series.question,
        text=f"{label}: " + " → ".join(_point_text(p) for p in found) + _summary(series, found),
        abstained=False,
        citations=[p.citation for p in found if p.citation is not None],
        searched=[p.title for p in series.points],
    )


# A report of the series where no figure of the measure is found: it may not state it, or state
# it in words the reader is not sure of, so the gap never says which.
GAP = "none found"


def left_out_text(count: int) -> str:
    """What the chat and the CLI say of the gaps whose report's best figure was another measure
    (it read as if those reports had been dropped from the table)."""
    gaps = "1 gap is a report" if count == 1 else f"{count} gaps are reports"
    return f"{gaps} whose best figure measures something similar, not the same: not shown as this measure."


def _point_text(point: SeriesPoint) -> str:
    n = point.citation.n if point.citation else 0
    return f"{figure_text(point.value)} ({point.date or point.title}) [{n}]"


def _summary(answer: SeriesAnswer, found: list[SeriesPoint]) -> str:
    """What follows the points: the change from first to last, how many reports state the
    measure, and the corrections."""
    first, last = found[0], found[-1]
    text = ""
    if last is not first:
        change = (last.value or 0.0) - (first.value or 0.0)
        text += f"; change {change:+,.{_decimals(first.value, last.value)}f}"
    text += f", {len(found)} of {len(answer.points)} reports"
    gaps = len(answer.points) - len(found)
    if gaps:
        text += f"; {gaps} with none found"
    corrections = sum(p.correction for p in answer.points)
    if corrections:
        text += f"; {corrections} correction{'s' if corrections > 1 else ''} (a cumulative count went down)"
    return text + "."


def series_csv(answer: SeriesAnswer) -> str:
    """The points with their citations, one row each, gaps included."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["date", "report_number", "title", "value", "change", "correction", "file", "page", "quote"]
    )
    for p in answer.points:
        c = p.citation
        writer.writerow(
            [
                p.date,
                p.report_number,
                p.title,
                figure_text(p.value) if p.value is not None else "",
                figure_text(p.change) if p.change is not None else "",
                "yes" if p.correction else "",
                c.file if c else "",
                c.page if c else "",
                c.quote if c else "",
            ]
        )
    return out.getvalue()


def _decimals(*values: float | None) -> int:
    return 1 if any(v is not None and v != int(v) for v in values) else 0


def figure_text(value: float | None, signed: bool = False) -> str:
    """A point's value or change as the series shows it: `1,094`, `16.3`, `+520`."""
    if value is None:
        return ""
    return f"{value:{'+' if signed else ''},.{_decimals(value)}f}"
