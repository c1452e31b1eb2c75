"""Names and dates in a sentence: what a "which / who / where / when" question is answered with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lexical import STOPWORDS
from ingest.figures import find_figures
from ingest.metadata import MONTHS, date_spans

_TOKEN = re.compile(r"[^\W_][\w’'./°-]*[^\W_]|[^\W_]")
# Small words that join the parts of a name (`Zone de santé de Mambasa`, `Al Khums Port`).
_JOINERS = {"de", "du", "des", "d", "la", "le", "of", "the", "al", "el", "del"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # "name" or "date"


def name_spans(sentence: str) -> list[Span]:
    """Runs of capitalised words, acronyms and codes, with the small words that join them; a
    month (`04 October`, `in March`) is a date, and a number written in words (`Trois`,
    `Three`) a figure, not a name."""
    in_dates = date_spans(sentence)
    in_figures = [(f.start, f.end) for f in find_figures(sentence)]
    tokens = list(_TOKEN.finditer(sentence))
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        if not _named(tokens[i].group(0)):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and _spaced(sentence, tokens[j - 1], tokens[j]):
            word = tokens[j].group(0)
            if _named(word):
                j += 1
            elif (
                word.lower() in _JOINERS
                and j + 1 < len(tokens)
                and _named(tokens[j + 1].group(0))
                and _spaced(sentence, tokens[j], tokens[j + 1])
            ):
                j += 2
            else:
                break
        first, last = i, j - 1
        while first <= last and tokens[first].group(0).lower() in STOPWORDS:
            first += 1  # `Le CTE Lwiro`: the article of a sentence's first word is no name
        if first <= last:
            start, end = tokens[first].start(), tokens[last].end()
            dated = any(a < end and start < b for a, b in in_dates)
            figure = any(a <= start and end <= b for a, b in in_figures)
            if not dated and not figure and sentence[start:end].lower() not in MONTHS:
                spans.append(Span(start, end, sentence[start:end], "name"))
        i = j
    return spans


def dates(sentence: str) -> list[Span]:
    return [Span(a, b, sentence[a:b], "date") for a, b in date_spans(sentence)]


def _spaced(sentence: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Whether only spaces stand between two words (a comma or a bracket ends a name)."""
    return not sentence[left.end() : right.start()].strip()


def _named(word: str) -> bool:
    return word[:1].isupper() and not word.isdigit()
