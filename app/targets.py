"""Which reports a question is about, when it says: a date ("au 13 juin 2026"), a report number
("SitRep N°30", "situation report 51"), or "the latest". Daily series repeat near-identical figures,
so a question that names its report must be answered from that report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from index import ReportRecord
from ingest.figures import find_figures
from ingest.metadata import MONTH_NAMES, MONTHS, all_dates, report_number_mentions

_LATEST = re.compile(
    r"\b(?:latest|most\s+recent|newest|last|dernier|derni[eè]re|plus\s+r[ée]cent|[uú]ltim[oa]|"
    r"m[aá]s\s+reciente)\b",
    re.I,
)
_CHANGE = re.compile(
    r"\b(?:chang|evol|évolu|cambi|increas|decreas|augment|diminu|aument|between|entre|compar|"
    r"de combien|by how much|how much more)",
    re.I,
)


# A request for a report at a glance rather than for one figure.
_BRIEF = re.compile(
    r"\b(?:summari[sz]e|summary of|key figures|headline figures|main figures|at a glance|"
    r"r[ée]sume[rz]?\b|r[ée]sum[ée] d[ue]s?\b|chiffres[\s-]cl[ée]s|faits saillants|"
    r"res[uú]me(?:n)? (?:del?|el)\b|cifras clave|principales cifras)",
    re.I,
)


def asks_for_brief(question: str) -> bool:
    return bool(_BRIEF.search(question))


# A question about a measure over the reports of a series rather than in one report.
_OVER_TIME = re.compile(
    r"\b(?:evolv|evolution|[ée]volu|evoluci|trend|tendanc|tendencia|over time|au fil d|"
    r"a lo largo d|from one (?:report|sitrep|update) to the next|report (?:by|after) report|"
    r"d['’]un (?:rapport|sitrep) [àa] l['’]autre|rapport apr[eè]s rapport|"
    r"de un informe a otro|informe tras informe)",
    re.I,
)


def asks_over_time(question: str) -> bool:
    """Whether the question asks how a measure moved over a series ("How did confirmed cases
    in Ituri evolve?", "the trend over the last 5 reports", "évolution des décès")."""
    return bool(_OVER_TIME.search(question)) or last_reports(question) is not None


def wants_latest(question: str) -> bool:
    return bool(_LATEST.search(question))


def asks_for_change(question: str) -> bool:
    return bool(_CHANGE.search(question))


def points_in_time(question: str, records: list[ReportRecord]) -> list[list[str]]:
    """The reports each date or report number of the question points to, in the question's order.

    A date and a number written side by side (`SitRep N°27 (10 juin 2026)`) name one report and
    make one point; a number that several series share stays ambiguous unless a date settles it.
    """
    mentions: list[tuple[int, str, str]] = []  # (position, kind, value)
    for position, number in report_number_mentions(question):
        mentions.append((position, "number", number))
    for iso in dict.fromkeys(all_dates(question)):
        mentions.append((_date_position(question, iso), "date", iso))
    mentions.sort()
    points: list[set[str]] = []
    previous: tuple[int, str, set[str]] | None = None
    for position, kind, value in mentions:
        found = _by_number(value, records) if kind == "number" else _by_date(value, records)
        if not found:
            continue
        # A date right after a number (or the reverse) narrows the same point.
        if previous and previous[1] != kind and position - previous[0] < 40 and found & previous[2]:
            narrowed = found & previous[2]
            points[-1] = narrowed
            previous = (position, kind, narrowed)
            continue
        points.append(found)
        previous = (position, kind, found)
    unique: list[list[str]] = []
    for point in points:
        ids = sorted(point)
        if ids not in unique:
            unique.append(ids)
    return unique


def latest_of_series(
    report_id: str,
    records: list[ReportRecord],
    same_subject: Callable[[ReportRecord], bool] | None = None,
) -> str:
    """The newest report of the series `report_id` belongs to: same publisher and title pattern,
    or, since titles drift within a series, same publisher and language and `same_subject`
    (for example: the report names every place the question names)."""
    by_id = {r.report_id: r for r in records}
    anchor = by_id.get(report_id)
    if anchor is None:
        return report_id
    key = _series_key(anchor)
    series = [
        r
        for r in records
        if r.date
        and (
            _series_key(r) == key
            or (
                same_subject is not None
                and (r.publisher, r.language) == (anchor.publisher, anchor.language)
                and same_subject(r)
            )
        )
    ]
    return max(series, key=lambda r: r.date).report_id if series else report_id


def _series_key(record: ReportRecord) -> tuple[str, str, str]:
    title = re.sub(r"[^\w#]+", " ", re.sub(r"\d+", "#", record.title.lower())).strip()
    return record.publisher.lower(), title, record.language


def _by_number(number: str, records: list[ReportRecord]) -> set[str]:
    return {r.report_id for r in records if r.report_number == number}


def _by_date(iso: str, records: list[ReportRecord]) -> set[str]:
    """Reports dated that day; failing that, the day before or after (data "as of" a date are
    often published the next day)."""
    exact = {r.report_id for r in records if r.date == iso}
    if exact:
        return exact
    day = date.fromisoformat(iso)
    near = {(day + timedelta(days=d)).isoformat() for d in (-1, 1)}
    return {r.report_id for r in records if r.date in near}


def _date_position(question: str, iso: str) -> int:
    day = str(int(iso[8:]))
    m = re.search(rf"\b0?{day}\b", question)
    return m.start() if m else len(question)


_LAST_FEW = re.compile(
    r"\b(?:last|latest|past|previous|recent|derni[eè]re?s|pr[ée]c[ée]dente?s|[uú]ltim[oa]s|"
    r"anteriores|recientes)\b",
    re.I,
)
# How often the reports a question names come out ("WHO's daily situation reports", "les
# bulletins hebdomadaires", "los informes mensuales"), in days.
_PERIODS = (
    (1, re.compile(r"\b(?:daily|quotidien(?:ne)?s?|journali[eè]re?s?|diari[oa]s?)\b", re.I)),
    (7, re.compile(r"\b(?:weekly|hebdomadaires?|semanal(?:es)?)\b", re.I)),
    (30, re.compile(r"\b(?:monthly|mensuel(?:le)?s?|mensual(?:es)?)\b", re.I)),
)
PERIODS = tuple(days for days, _ in _PERIODS)
_DAY = r"(\d{1,2})(?:er|st|nd|rd|th)?"
# A day, or two days of one month ("entre le 10 et le 20 juin", "7-14 June"), then the month
# and perhaps the year.
DAYS_OF_MONTH = re.compile(
    rf"\b{_DAY}(?:\s*(?:and|et|y|to|au|al|a|-|–)\s*(?:(?:le|el|the)\s+)?{_DAY})?"
    rf"\s+(?:de\s+)?({MONTH_NAMES})\b\.?(?:\s+(?:de\s+)?(\d{{4}}))?",
    re.I,
)


# Units of time: "the last 7 days" is a stretch of time a report covers, not 7 reports.
_TIME_UNIT = re.compile(
    r"\s*(?:days?|jours?|d[ií]as?|weeks?|semaines?|semanas?|hours?|heures?|horas?|months?|mois|"
    r"mes(?:es)?|years?|ans|ann[ée]es?|años?)\b",
    re.I,
)


def last_reports(question: str) -> int | None:
    """How many of the newest reports a question asks about ("the last 5 reports", "les trois
    derniers rapports", "los últimos cinco informes"), if it says; "the last 7 days" asks
    about no reports."""
    figures = find_figures(question)
    for m in _LAST_FEW.finditer(question):
        for figure in figures:
            after = 0 <= figure.start - m.end() <= 2
            before = 0 <= m.start() - figure.end <= 2
            then = question[max(m.end(), figure.end) :]
            if (
                (after or before)
                and not figure.percent
                and 1 <= figure.value <= 1000
                and not _TIME_UNIT.match(then)
            ):
                return int(figure.value)
    return None


def names_days(question: str) -> bool:
    """Whether the question names a day of a month, with or without its year."""
    return bool(DAYS_OF_MONTH.search(question))


def period_asked(question: str) -> int | None:
    """How often, in days, the reports a question is about come out, if it says (`daily`: 1,
    `hebdomadaire`: 7, `mensual`: 30)."""
    found = {days for days, pattern in _PERIODS if pattern.search(question)}
    return found.pop() if len(found) == 1 else None


# A year on its own ("the 2026 epidemic", "en 2025"); not a name's number (`2019-nCoV`).
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})\b(?![-‑]?[^\W\d_])")


def years_asked(question: str) -> set[str]:
    """The years a question names, as written ("2026")."""
    return set(_YEAR.findall(question))


def dates_asked(question: str, year: int) -> list[str]:
    """Every day the question names, in order, as ISO dates. A date written without its year
    takes the next year the question writes (`1 March and 30 April 2020`), else `year`, the
    series' year (`between 7 and 14 June`)."""
    named = list(DAYS_OF_MONTH.finditer(question))
    found = []
    for n, m in enumerate(named):
        month = MONTHS[m.group(3).lower()]
        written = next((int(later.group(4)) for later in named[n:] if later.group(4)), year)
        for day in (m.group(1), m.group(2)):
            if day:
                try:
                    found.append(date(written, month, int(day)).isoformat())
                except ValueError:
                    continue
    return found


def days_asked(question: str, year: int | None) -> list[str]:
    """Every day the question names, ISO, once each in order of first mention: written in full
    (`14 April 2020`, `2020-04-14`), or without a year and read in `year` (none when it is
    None)."""
    written = all_dates(question)
    if year is None:
        year = int(written[0][:4]) if written else None
    by_name = dates_asked(question, year) if year is not None else []
    return list(dict.fromkeys(by_name + written))
