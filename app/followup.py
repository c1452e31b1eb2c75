"""Follow-up questions: "and in Nord-Kivu?" after a question about Ituri is asked as a whole question.

An elliptical follow-up (short, or opening with "and", "et", "y", "what about", ...) takes the
previous question and puts its own names (places, organisations) in place of the previous ones;
a follow-up that stands on its own is asked as it is.
"""

from __future__ import annotations

import re

from ingest.metadata import MONTHS

_OPENERS = re.compile(
    r"^\s*(?:and|what about|how about|et|et pour|qu'en est-il (?:de|du|des)|y|y en|¿?y en|what of)\b[\s,]*",
    re.I,
)
_NAME = re.compile(r"\b[A-ZÀ-Ý][\w’'-]*(?:[- ][A-ZÀ-Ý][\w’'-]*)*")
_LEADING_PREPOSITION = re.compile(r"^(?:in|for|at|on|en|au|aux|à|dans|pour|para|de|du)\s+", re.I)


def _names(text: str) -> list[str]:
    words = text.split()
    found = []
    for match in _NAME.finditer(text):
        name = match.group(0)
        first_word = words and text.strip().startswith(name) and len(words) > 2
        if name.lower() in MONTHS or (first_word and not re.search(r"[A-Z]{2}|-", name)):
            continue
        found.append(name)
    return found


def standalone(question: str, history: list[str]) -> str:
    """The question to search with, given the user's earlier questions (most recent last)."""
    if not history:
        return question
    previous = history[-1]
    elliptical = bool(_OPENERS.match(question)) or len(question.split()) <= 4
    if not elliptical:
        return question
    rest = _OPENERS.sub("", question).strip(" ?¿!.")
    new_names = _names(rest)
    old_names = _names(previous)
    if new_names and old_names:
        rewritten = previous
        for old, new in zip(old_names, new_names, strict=False):
            rewritten = rewritten.replace(old, new, 1)
        return rewritten
    if new_names or rest:
        addition = _LEADING_PREPOSITION.sub("", rest) if not new_names else rest
        return f"{previous.rstrip(' ?')} {addition}?"
    return previous
