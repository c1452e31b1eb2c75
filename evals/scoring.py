"""Verdicts for one answer and the metrics over many: what "correct" means, written down once.

- answer correct: not abstained, every expected item (in one of its accepted forms) present in the
  answer's lead (its own words: the answer without the source text it quotes; an answer that is
  only a quote is its own lead) once number formats and accents are normalised (`2,700` = `2 700`
  = `2700`, decimal comma = decimal point, a whole number spelled in words is its figure:
  `Seven deaths` gives `7`; a figure never matches inside a larger number or a date), and the
  answer concise (400 characters at most, temporal questions excepted);
- answer correct, lenient: the same with the quoted source text counted too (the measure used
  before the lead was required);
- citation correct: a citation's file (or an alias of it) and page range cover one of the sources;
- abstention correct: an unanswerable question abstained;
- retrieval: rank of the first retrieved chunk that covers a source (hit@1, hit@5, MRR).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evals.question_set import Question, Source
from ingest.figures import find_figures
from ingest.metadata import without_dates
from ingest.number_words import VAGUE_NUMBERS

MAX_ANSWER_CHARS = 400
_NUMBER = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?")


def canonical_number(text: str) -> str:
    """`2,700`, `2 700`, `2.700` -> `2700`; `16,3` -> `16.3`: a separator before exactly three
    digits groups thousands, any other separator is the decimal point."""
    parts = re.split(r"[ ,.\u00a0\u202f]", text)
    whole, decimal = parts[0], ""
    for part in parts[1:]:
        if len(part) == 3 and not decimal:
            whole += part
        else:
            decimal = part
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{decimal}" if decimal else whole


def in_digits(text: str) -> str:
    """Whole numbers spelled in words written in digits (`Seven deaths` -> `7 deaths`); an
    order of magnitude (`thousands of`) and a fraction (`a third`) stay words."""
    out, last = [], 0
    for figure in find_figures(text):
        spelled = not any(c.isdigit() for c in figure.text)
        vague = figure.text.lower() in VAGUE_NUMBERS
        if spelled and not vague and not figure.percent and figure.value == int(figure.value):
            out += [text[last : figure.start], str(int(figure.value))]
            last = figure.end
    return "".join(out) + text[last:]


def canonical(text: str) -> str:
    """Lower case without accents, one space between words, every number in canonical form
    (digits for one spelled in words)."""
    text = in_digits(text)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text)
    text = re.sub(r"(\d) %", r"\1%", text)
    return _NUMBER.sub(lambda m: canonical_number(m.group(0)), text)


def contains(answer: str, expected: str) -> bool:
    """Whether `expected` is in `answer` as a whole, with number formats normalised."""
    needle = re.escape(canonical(expected).strip())
    return re.search(rf"(?<![\w.])(?<!\d-){needle}(?![\w]|\.\d)", canonical(answer)) is not None


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
# Citation markers and the report-date note after a quote (`(report of 8 June 2026)`).
_MARKERS = re.compile(r"\[\d+\]|\((?:report dated|report of|rapport du|informe del) [^)]*\)")


_NUMERIC = re.compile(r"[\d\s.,%\u00a0\u202f]+")


def gives(words: str, expected: list[list[str]]) -> bool:
    """Whether `words` give every expected item in one of its forms; a figure never counts when
    it is only part of a date."""
    undated = without_dates(words)
    return all(
        any(contains(undated if _NUMERIC.fullmatch(f.strip()) else words, f) for f in item)
        for item in expected
    )


def lead(answer: str) -> str:
    """The answer in its own words: without the source text it quotes, its citation markers and
    its report-date notes; an answer that is only a quote is its own lead."""
    own = " ".join(_MARKERS.sub(" ", _QUOTED.sub(" ", answer)).split())
    return own if re.search(r"[^\W_]", own) else answer


@dataclass
class Located:
    """A retrieved chunk or a citation: a file and a page range."""

    file: str
    page: int
    page_end: int


def covers(located: Located, sources: Sequence[Source], names: dict[str, set[str]]) -> bool:
    """Whether the file (or one of its aliases) and page range hold one of the sources."""
    files = names.get(located.file, {located.file})
    return any(s.file in files and located.page <= s.page <= located.page_end for s in sources)


@dataclass
class Verdict:
    id: str
    category: str
    lang: str
    answerable: bool
    abstained: bool
    answer_correct: bool  # every expected item in the answer's lead
    answer_lenient: bool  # every expected item anywhere in the answer, quote included
    citation_correct: bool
    first_hit: int | None  # 1-based rank of the first retrieved chunk covering a source
    latency: float
    question_set: str = ""


def judge(
    question: Question,
    text: str,
    abstained: bool,
    citations: Iterable[Located],
    retrieved: Sequence[Located],
    latency: float,
    names: dict[str, set[str]],
) -> Verdict:
    concise = question.category == "temporal" or len(text) <= MAX_ANSWER_CHARS
    counted = question.answerable and not abstained and concise

    answer_correct = counted and gives(lead(text), question.expected)
    answer_lenient = counted and gives(text, question.expected)
    citation_correct = (
        question.answerable
        and not abstained
        and any(covers(c, question.sources, names) for c in citations)
    )
    first_hit = next(
        (rank for rank, r in enumerate(retrieved, start=1) if covers(r, question.sources, names)),
        None,
    )
    return Verdict(
        question.id,
        question.category,
        question.lang,
        question.answerable,
        abstained,
        answer_correct,
        answer_lenient,
        citation_correct,
        first_hit if question.answerable else None,
        latency,
        question.question_set,
    )


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def metrics(verdicts: Sequence[Verdict]) -> dict[str, float]:
    """The summary figures of a set of verdicts; rates are 0..1, latencies in seconds."""
    answerable = [v for v in verdicts if v.answerable]
    answered = [v for v in answerable if not v.abstained]
    unanswerable = [v for v in verdicts if not v.answerable]

    def rate(part: Iterable[bool], whole: Sequence[Verdict]) -> float:
        return round(sum(part) / len(whole), 4) if whole else float("nan")

    latencies = [v.latency for v in verdicts]
    given = [v for v in verdicts if not v.abstained]
    return {
        "questions": len(verdicts),
        "answer_accuracy": rate((v.answer_correct for v in answerable), answerable),
        # Of the answers given, the share that are right: one to an unanswerable question is not.
        "precision": rate((v.answerable and v.answer_correct for v in given), given),
        "answer_lenient": rate((v.answer_lenient for v in answerable), answerable),
        "citation_accuracy": rate((v.citation_correct for v in answered), answered),
        "abstention_accuracy": rate((v.abstained for v in unanswerable), unanswerable),
        "false_abstention": rate((v.abstained for v in answerable), answerable),
        "hit@1": rate((v.first_hit == 1 for v in answerable), answerable),
        "hit@5": rate(
            (v.first_hit is not None and v.first_hit <= 5 for v in answerable), answerable
        ),
        "mrr": round(
            statistics.fmean(1 / v.first_hit if v.first_hit else 0.0 for v in answerable), 4
        )
        if answerable
        else float("nan"),
        "latency_p50": round(percentile(latencies, 0.5), 4),
        "latency_p95": round(percentile(latencies, 0.95), 4),
    }
