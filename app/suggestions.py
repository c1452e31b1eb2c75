"""Questions to suggest in the chat, drawn from the reports actually loaded: a figure a recent
report states, asked as "how many <what it counts>?" in the report's language, kept only when
the library answers it from that report (each is asked once, here)."""

from __future__ import annotations

from app.assistant import Assistant
from index import ReportRecord
from index.lexical import STOPWORDS
from ingest.figures import find_figures

_ASK = {  # "how many <what is counted>?" in the report's own language, with its number if any
    "en": ("How many {} are reported?", "How many {} does report {} give?"),
    "fr": ("Combien de {} sont signalés ?", "Combien de {} dans le rapport N°{} ?"),
    "es": ("¿Cuál es el número de {}?", "¿Cuál es el número de {} en el informe N.º {}?"),
}
TRIES = 12  # questions asked at most to find answered ones: a few tenths of a second each


def suggest(assistant: Assistant, wanted: int = 2) -> list[str]:
    """Up to `wanted` questions the library answers, each from a different recent report (real
    reports before the fictional examples)."""
    records = sorted(assistant.library.reports(), key=lambda r: (not r.example, r.date))
    found: list[str] = []
    tries = 0
    for record in reversed(records):
        for question in _questions(assistant, record):
            if tries >= TRIES or len(found) >= wanted:
                return found
            tries += 1
            answer = assistant.ask(question)
            if not answer.abstained and answer.citations[0].report_id == record.report_id:
                found.append(question)
                break
    return found


def _questions(assistant: Assistant, record: ReportRecord) -> list[str]:
    """Candidate questions from the report's first text chunks: figures that say what they
    count in two words or more (`hygiene kits`, `cas confirmés`), not shares."""
    plain, numbered = _ASK.get(record.language, _ASK["en"])
    got = assistant.library.store.chunks.get(
        where={"$and": [{"report_id": record.report_id}, {"version": record.version}]},
        include=["documents"],
        limit=40,
    )
    seen: set[str] = set()
    questions = []
    for text in got["documents"] or []:
        for figure in find_figures(text or "", words=False):
            unit = figure.unit.strip()
            words = unit.split()
            if figure.percent or not 2 <= len(words) <= 4 or unit in seen:
                continue
            if not all(w.isalpha() and w.islower() for w in words) or words[1] in STOPWORDS:
                continue  # a label (`Taux de suivi`), or a run into the next words (`de ...`)
            seen.add(unit)
            number = record.report_number
            questions.append(numbered.format(unit, number) if number else plain.format(unit))
    return questions[:3]
