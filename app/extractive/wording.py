"""How the extractive reader words what it found: quotes cut to the clauses around the figure,
the lead, and the abstention that names what was searched."""

from __future__ import annotations

import re

from app.reader import Statement
from index import Hit

MAX_QUOTE = 240
_CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+|\s+(?=(?:and|et|y|while|whereas|but|mais)\s)")
_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
}
_AS_OF = {"en": "as of {}", "fr": "au {}", "es": "al {}"}


def date_words(iso: str, language: str) -> str:
    """`2026-06-22` as people write it: `22 June 2026`, `22 juin 2026`, `22 de junio de 2026`."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso or ""):
        return iso
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:])
    name = _MONTHS.get(language, _MONTHS["en"]).split()[month - 1]
    return f"{day} de {name} de {year}" if language == "es" else f"{day} {name} {year}"


def cell_lead(value: str, column: str, row: str, date: str, language: str) -> str:
    """A table cell in plain words: the figure, what its column counts, its row and the date the
    report gives its figures for (`563 Cas confirmés (cumul) — Ituri, as of 8 June 2026`)."""
    what = " ".join(column.replace(" > ", ", ").split())
    as_of = _AS_OF.get(language, _AS_OF["en"]).format(date_words(date, language)) if date else ""
    return ", ".join(p for p in (f"{value} {what}".strip() + f" — {row}", as_of) if p)


def clip(sentence: str, lead: str) -> str:
    """A long sentence cut to the clauses around the figure, as a verbatim substring."""
    if len(sentence) <= MAX_QUOTE:
        return sentence
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    spans = list(zip(cuts, cuts[1:], strict=False))
    figure = lead.split(" ")[0] if lead else ""
    at = sentence.find(figure) if figure else 0
    index = next((i for i, (a, b) in enumerate(spans) if a <= max(at, 0) < b), 0)
    start, end = spans[index]
    left, right = index - 1, index + 1
    while True:
        grown = False
        if right < len(spans) and spans[right][1] - start <= MAX_QUOTE:
            end, right, grown = spans[right][1], right + 1, True
        if left >= 0 and end - spans[left][0] <= MAX_QUOTE:
            start, left, grown = spans[left][0], left - 1, True
        if not grown:
            break
    return sentence[start:end].strip(" ,;:")


def decimals(*values: float) -> int:
    return 1 if any(v != int(v) for v in values) else 0


def date_note(statement: Statement) -> str:
    date = statement.citation.date
    return f" (report dated {date})" if date else ""


def answer_text(lead: str, table_note: str, statement: Statement) -> str:
    """The words of a one-figure answer, `[#]` standing for its citation's number."""
    quote = statement.citation.quote
    if table_note:
        return f"{lead} [#]"
    if lead:
        return f"{lead}: “{quote}” [#]{date_note(statement)}"
    return f"“{quote}” [#]{date_note(statement)}"


def searched(hits: list[Hit]) -> list[str]:
    """Each report the hits come from, once, as its title and date."""
    seen: dict[str, str] = {}
    for hit in hits:
        if hit.report_id not in seen:
            title = hit.title or hit.file
            seen[hit.report_id] = f"{title} ({hit.date})" if hit.date else title
    return list(seen.values())


def abstention_text(reports: list[str]) -> str:
    if not reports:
        return "No report in the library matches this search, so there is nothing to answer from."
    shown = "; ".join(reports[:5])
    more = f" and {len(reports) - 5} more" if len(reports) > 5 else ""
    return f"The reports do not contain an answer to this question. Searched: {shown}{more}."
