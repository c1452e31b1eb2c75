"""The parts of a question that asks for several things, each answered with its own figure and
citation: "how many cases, and how many deaths?", "how many men, how many women and how many
children?", "how many confirmed cases and deaths?", "le cumul des cas et des décès",
"in Ituri and in North Kivu"."""

from __future__ import annotations

import re

from app.question import first_question_word

_AND = r"(?:and|et|y|e)"
_PREP_WORD = r"(?:to|for|of|at|in|with|à|a|pour|de|dans|avec|para|por|en|con)"
_PREP = rf"(?:{_PREP_WORD}\s+)?"
_LEADING_PREP = re.compile(rf"{_PREP_WORD}\s", re.I)
_TRAILING_PREP = re.compile(rf"\s+{_PREP_WORD}\s*$", re.I)
# A question word that asks for one more thing after a comma or a coordinator.
_ASKS_MORE = re.compile(
    rf"{_PREP}(?:how (?:many|much)|what\b|combien|quel(?:le)?s?\b|cu[aá]nt[oa]s?|"
    r"cu[aá]l(?:es)? (?:era|eran|es|son|fue)|qu[eé] (?:porcentaje|n[uú]mero)|"
    r"(?:the|le|la|el)\s+(?:total\s+)?(?:number|nombre|n[uú]mero|share|percentage|"
    r"pourcentage|porcentaje|proportion|rate|taux|tasa)\b)",
    re.I,
)
_BREAK = re.compile(rf",\s*(?:{_AND}\s+)?|\s+{_AND}\s+", re.I)
_TRAILING_BREAK = re.compile(rf"(?:,\s*(?:{_AND})?|\s+{_AND})\s*$", re.I)
_COUNT = re.compile(
    r"\b(?:how many|combien (?:de |d['’])|cu[aá]nt[oa]s|(?:numbers?|totals?) of|"
    r"(?:nombre|total) (?:de |d['’])|(?:n[uú]mero|total) de\b)\s*",
    re.I,
)
_WORDS = r"[^\W\d_][\w’'-]*(?:\s+[^\W\d_][\w’'-]*){0,3}"
# Where the thing counted ends: a verb, a preposition or punctuation.
_COUNTED_END = re.compile(
    r"\s+(?:were|was|are|is|had|have|has|did|do|does|been|in|at|on|by|for|from|during|since|"
    r"across|among|ont|a|avaient|avait|sont|étaient|été|se|en|au|aux|dans|à|pour|par|depuis|"
    r"parmi|fueron|fue|han|habían|había|hubo|del|durante|desde|entre|por|para)\b|[?,;:(]",
    re.I,
)
_CONJUNCTION = re.compile(rf"\s+{_AND}\s+(?:(?:of|de|d['’]|des|the)\s+)?", re.I)
_DET = r"(?:des|du|les|the|los|las|its)"
_DET_PAIR = re.compile(
    rf"\b({_DET})\s+({_WORDS}?)\s+{_AND}\s+({_DET})\s+({_WORDS}?)(?={_COUNTED_END.pattern}|$)",
    re.I,
)
# "of A and of B", "par A et par B": a preposition said again after the coordinator starts a
# second thing asked (places, with "in", are cut by `_split_places`).
_REPEATED = re.compile(
    rf",?\s+{_AND}\s+(of|by|for|with|among|from|de|par|pour|parmi|avec|chez|para|por|con|entre)\s+",
    re.I,
)
# A thing asked is a short phrase; one word on each side ("points of entry and of control") is
# more often one thing's two qualities, so those are not cut either.
_MIN_WORDS, _MAX_WORDS = 2, 6
_NAME = r"[A-ZÀ-Ý][\w’'-]*(?:[ -][A-ZÀ-Ý][\w’'-]*)*"
# "in A and in B", "in A, in B and in C": the place preposition said again before each place.
_PLACES = re.compile(
    rf"\b(?P<prep>in|en|au|à|dans)\s+{_NAME}(?:\s*,\s*(?P=prep)\s+{_NAME})*"
    rf"\s+{_AND}\s+(?P=prep)\s+{_NAME}"
)
_PLACE = re.compile(rf"\b(?:in|en|au|à|dans)\s+({_NAME})")


def split_parts(question: str) -> list[str]:
    """The question's parts, each a question of its own with the shared context kept; a question
    that asks one thing is its own only part."""
    parts = [
        place
        for clause in _clauses(question)
        for counted in _split_counted(clause)
        for repeated in _split_repeated(counted)
        for place in _split_places(repeated)
    ]
    return parts if len(parts) > 1 else [question]


def _clauses(question: str) -> list[str]:
    """One clause per question word that asks for one more thing after a comma or a
    coordinator; what comes before the first question word is context every clause keeps."""
    first = first_question_word(question)
    if first is None:
        return [question]
    starts = [first.start()]
    starts += [
        m.end()
        for m in _BREAK.finditer(question, first.end())
        if _ASKS_MORE.match(question, m.end())
    ]
    if len(starts) < 2:
        return [question]
    context = question[: starts[0]]
    pieces = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(question)
        piece = _TRAILING_BREAK.sub("", question[start:end]).strip()
        # A later clause brings its own preposition ("..., et dans quelle proportion").
        own = _TRAILING_PREP.sub(" ", context) if n and _LEADING_PREP.match(piece) else context
        pieces.append(f"{own}{piece}")
    return pieces


def _split_counted(clause: str) -> list[str]:
    """ "how many confirmed cases and deaths in X", "le cumul des cas et des décès" -> one
    clause per thing counted."""
    head = _COUNT.search(clause)
    if head:
        end = _COUNTED_END.search(clause, head.end())
        stop = end.start() if end else len(clause)
        pair = _CONJUNCTION.split(clause[head.end() : stop])
        if len(pair) == 2 and all(p.split() and len(p.split()) <= 4 for p in pair):
            first, second = pair
            before, after = clause[: head.end()], clause[stop:]
            return [f"{before}{first}{after}", f"{before}{second}{after}"]
    m = _DET_PAIR.search(clause)
    if m:
        return [
            clause[: m.start()] + f"{m.group(d)} {m.group(w)}" + clause[m.end() :]
            for d, w in ((1, 2), (3, 4))
        ]
    return [clause]


def _split_repeated(clause: str) -> list[str]:
    """ "the totals of confirmed cases and of deaths in X", "par les ménages hôtes et par les
    ménages déplacés" -> one clause per phrase after the repeated preposition."""
    m = _REPEATED.search(clause)
    if not m:
        return [clause]
    prep = re.compile(rf"\b{re.escape(m.group(1))}\s+", re.I)
    first = [p for p in prep.finditer(clause, 0, m.start())]
    if not first:
        return [clause]
    start = first[-1].end()
    end = _COUNTED_END.search(clause, m.end())
    stop = end.start() if end else len(clause)
    one, other = clause[start : m.start()].strip(), clause[m.end() : stop].strip()
    if not all(_MIN_WORDS <= len(p.split()) <= _MAX_WORDS for p in (one, other)):
        return [clause]
    rest = (" " if clause[stop : stop + 1] == "(" else "") + clause[stop:]
    return [clause[:start] + one + rest, clause[:start] + other + rest]


def _split_places(clause: str) -> list[str]:
    """ "in A and in B" -> one clause per place."""
    m = _PLACES.search(clause)
    if not m:
        return [clause]
    places = [p.group(0) for p in _PLACE.finditer(m.group(0))]
    return [clause[: m.start()] + place + clause[m.end() :] for place in places]
