"""How the extractive reader words what it found: quotes cut to the clauses around the figure,
the lead, and the abstention that names what was searched."""

from __future__ import annotations

import re

from app.reader import Statement, date_words
from index import Hit

MAX_QUOTE = 240
_CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+|\s+(?=(?:and|et|y|while|whereas|but|mais)\s)")
# How an answer names its source, in the question's language: `{what}` is the figure or name it
# gives, `{date}` the report's date in words.
_ACCORDING = {
    "en": ("{what}, according to the report of {date}", "{what}, according to the report"),
    "fr": ("{what}, selon le rapport du {date}", "{what}, selon le rapport"),
    "es": ("{what}, según el informe del {date}", "{what}, según el informe"),
}
_REPORT_OF = {"en": "report of {}", "fr": "rapport du {}", "es": "informe del {}"}
_CELL = {  # the row, then the column when it has a header
    "en": ("{value} for {row}", " under “{column}”"),
    "fr": ("{value} pour {row}", " sous “{column}”"),
    "es": ("{value} para {row}", " en “{column}”"),
}


def cell_lead(value: str, column: str, row: str, language: str) -> str:
    """A table cell in plain words: the figure, its row and the column that says what it counts,
    quoted as the report prints it (`563 for Ituri under “Cas confirmés (cumul)”`)."""
    column = " ".join(column.replace(" > ", ", ").split())
    row_words, column_words = _CELL.get(language, _CELL["en"])
    said = row_words.format(value=value, row=row)
    return said + column_words.format(column=column) if column else said


_RANKED = {  # the names that hold the most (or fewest), then their figure
    "en": ("{names}, with {figure}", " under “{column}”", " and "),
    "fr": ("{names}, avec {figure}", " sous “{column}”", " et "),
    "es": ("{names}, con {figure}", " en “{column}”", " y "),
}


def ranked_lead(names: list[str], figure: str, column: str, language: str) -> str:
    """The answer to "which ... the most": the name (names, for a tie) and the figure that
    puts it first, with the column it is read from (`Bunia, with 163 under “Cumul”`)."""
    said, under, joiner = _RANKED.get(language, _RANKED["en"])
    listed = ", ".join(names[:-1]) + joiner + names[-1] if len(names) > 1 else names[0]
    lead = said.format(names=listed, figure=figure)
    return lead + under.format(column=column) if column else lead


def according(what: str, date: str, language: str) -> str:
    """The answer's own words, then its source: `563 …, according to the report of 8 June 2026`."""
    dated, undated = _ACCORDING.get(language, _ACCORDING["en"])
    return (dated if date else undated).format(what=what, date=date_words(date, language))


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


def date_note(statement: Statement, language: str) -> str:
    date = statement.citation.date
    words = _REPORT_OF.get(language, _REPORT_OF["en"]).format(date_words(date, language))
    return f" ({words})" if date else ""


def answer_text(lead: str, table_note: str, statement: Statement, language: str) -> str:
    """The words of a one-figure answer in the question's language, `[#]` standing for its
    citation's number: the figure or name first, then its source, then the quote (a table
    cell's row and column already say where it is)."""
    quote = statement.citation.quote
    if not lead:
        return f"“{quote}” [#]{date_note(statement, language)}"
    said = according(lead, statement.citation.date, language)
    return f"{said} [#]" if table_note else f"{said} [#]: “{quote}”"


def searched(hits: list[Hit]) -> list[str]:
    """Each report the hits come from, once, as its title and date."""
    seen: dict[str, str] = {}
    for hit in hits:
        if hit.report_id not in seen:
            title = hit.title or hit.file
            seen[hit.report_id] = f"{title} ({hit.date})" if hit.date else title
    return list(seen.values())


def abstention_text(reports: list[str], why: str = "", language: str = "en") -> str:
    """Why there is no answer (by default: the reports do not contain one), and what was
    searched, in the question's language, so that a user can tell a question the library
    cannot answer from one it did not look in the right place for."""
    words = _messages(language)
    if not reports:
        return words["nothing"]
    shown = "; ".join(reports[:5])
    more = words["more"].format(len(reports) - 5) if len(reports) > 5 else ""
    return words["searched"].format(why or words["none"], f"{shown}{more}")


def change_missing_text(language: str, names: str = "", measure: bool = False) -> str:
    """Why a change between two reports has no answer: one report states no figure (`names`
    it), or each states one, not of the same measure."""
    words = _messages(language)
    if measure:
        return words["not_same"]
    return words["one_missing"].format(names) if names else words["both"]


_ABSTAINED = {
    "en": {
        "none": "The reports do not contain an answer to this question.",
        "searched": "{} Searched: {}.",
        "more": " and {} more",
        "nothing": "No report in the library matches this search, so there is nothing to answer from.",
        "both": "The reports do not contain both figures.",
        "one_missing": "The reports do not contain both figures: nothing answers this in {}.",
        "not_same": "The reports do not contain both figures: each states a figure, but not of the same measure.",
        "not_found": "; not found in the reports: {}",
    },
    "fr": {
        "none": "Les rapports ne contiennent pas de réponse à cette question.",
        "searched": "{} Rapports consultés : {}.",
        "more": " et {} autres",
        "nothing": "Aucun rapport de la bibliothèque ne correspond à cette recherche : rien ne permet d'y répondre.",
        "both": "Les rapports ne contiennent pas les deux chiffres.",
        "one_missing": "Les rapports ne contiennent pas les deux chiffres : rien n'y répond dans {}.",
        "not_same": "Les rapports ne contiennent pas les deux chiffres : chacun en donne un, mais pas de la même mesure.",
        "not_found": "; introuvable dans les rapports : {}",
    },
    "es": {
        "none": "Los informes no contienen una respuesta a esta pregunta.",
        "searched": "{} Informes consultados: {}.",
        "more": " y {} más",
        "nothing": "Ningún informe de la biblioteca corresponde a esta búsqueda: no hay con qué responder.",
        "both": "Los informes no contienen las dos cifras.",
        "one_missing": "Los informes no contienen las dos cifras: nada lo responde en {}.",
        "not_same": "Los informes no contienen las dos cifras: cada uno da una, pero no de la misma medida.",
        "not_found": "; no se encuentra en los informes: {}",
    },
}


def _messages(language: str) -> dict[str, str]:
    """What the answer says of what it did not find, in the question's language (English for
    any other)."""
    return _ABSTAINED.get(language, _ABSTAINED["en"])


def not_found_text(parts: list[str], language: str) -> str:
    """What a multi-part answer adds for the parts it found no answer to, in the question's
    language, so that a part is never dropped without a word."""
    said = "; ".join(f"“{p.strip().rstrip('?').strip()}”" for p in parts)
    return _messages(language)["not_found"].format(said)
