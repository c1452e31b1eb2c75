"""Candidate answers of one chunk: each sentence, and each table cell under the column the question
names. A candidate carries the evidence it rests on (coverage of the question's terms, how well its
figure's unit or column says what is counted) and, when it fails one, the gate it fails."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from app.extractive.weights import Weights
from app.extractive.wording import clip
from app.question import Question, QuestionReader
from index import Hit, TermStats
from ingest.chunking import split_sentences
from ingest.figures import Figure, find_figures
from ingest.metadata import publisher_names

_TOTAL_ROW = re.compile(
    r"^\s*(?:total|grand total|ensemble|global|overall|tous|todas?|todos)\b", re.I
)
_NEGATIONS = {"no", "non", "not", "outside", "without", "hors", "sin", "fuera", "excluding"}


@dataclass
class Candidate:
    hit: Hit
    rank: int
    quote: str
    coverage: float = 0.0
    score: float = 0.0
    lead: str = ""
    table_note: str = ""
    value: float | None = None  # the figure of the lead, as a number
    percent: bool = False
    failed: str = ""  # the gate it fails, if any


@dataclass
class Reading:
    """One chunk read for one question: the question, the part of it asked (`focus`), the hit,
    its search rank and what its candidates share."""

    q: Question
    focus: Question
    hit: Hit
    rank: int
    chunk: ChunkContext


@dataclass
class ChunkContext:
    """What every candidate of one chunk shares, worked out once per chunk."""

    language: str
    passage: set[str]  # the words of the whole chunk
    heading: set[str]  # the words of its section and the report's title
    counts: Counter[str]  # how often the report uses each word
    identity: frozenset[str]  # the question's terms that only say which report it means
    subjects: set[str]  # forms of the question's names the report is about


class CandidateFinder:
    """Finds and weighs the candidates of each chunk for one question (`q`) and one part of it
    (`focus`: the figure asked for); `tables=False` reads sentences only (an ablation)."""

    def __init__(self, reader: QuestionReader, weights: Weights, tables: bool = True) -> None:
        self._reader = reader
        self._tokenize = reader.tokenize
        self._w = weights
        self._tables = tables

    def find(
        self, q: Question, focus: Question, hits: list[Hit], terms: TermStats
    ) -> list[Candidate]:
        found: list[Candidate] = []
        for rank, hit in enumerate(hits):
            chunk = self._context(q, hit, terms)
            if hit.kind == "table":
                if self._tables:
                    found.extend(self._table_candidates(q, focus, hit, rank, chunk))
            else:
                found.extend(self._sentence_candidates(q, focus, hit, rank, chunk))
        return found

    def _context(self, q: Question, hit: Hit, terms: TermStats) -> ChunkContext:
        counts = terms.report_counts(hit.report_id)
        publisher = " ".join(publisher_names(hit.publisher))
        words = self._reader.words_of(f"{hit.title} {hit.file} {publisher}")
        return ChunkContext(
            language=hit.language,
            passage=set(self._tokenize(hit.text, hit.language)),
            heading=set(self._tokenize(f"{hit.title} {hit.section}", hit.language)),
            counts=counts,
            # Words of the report's title, file name or publisher say which report the question
            # means rather than what it asks: once the report is found they count neither way.
            identity=frozenset(t for t in q.terms if q.equivalents[t] & words),
            # Names the report is about (often enough): a passage that does not repeat them may
            # still be about them, so they count as context.
            subjects={
                e
                for t in q.required
                if max(counts[f] for f in q.equivalents[t]) >= self._w.subject_mentions
                for e in q.equivalents[t]
            },
        )

    def _names_present(self, q: Question, found: set[str], chunk: ChunkContext) -> bool:
        """Every place or organisation the question names must be in the evidence, its passage,
        section or title, name the report or its publisher, or be a main subject of the report:
        an answer about Tripoli is no answer to a question about Benghazi."""
        missing = {name for name in q.required if not q.equivalents[name] & found}
        missing -= chunk.identity
        return all(
            q.equivalents[name] & chunk.passage
            or max(chunk.counts[f] for f in q.equivalents[name]) >= self._w.subject_mentions
            for name in missing
        )

    def _coverage(
        self, q: Question, own: set[str], context: set[str], identity: frozenset[str] = frozenset()
    ) -> float:
        """Share of the question's terms, weighted by rarity, found in the evidence (context counts
        less); terms that only identify the report count neither way."""
        counted = {
            t: w for t, w in q.weights.items() if t not in identity or q.equivalents[t] & own
        }
        if not counted:
            return 0.0
        matched = sum(w for t, w in counted.items() if q.equivalents[t] & own)
        near = sum(
            w
            for t, w in counted.items()
            if not q.equivalents[t] & own and q.equivalents[t] & context
        )
        return (matched + self._w.context * near) / sum(counted.values())

    def _counts_fit(self, focus: Question, words: set[str]) -> float:
        """How well a figure's own words (its unit, or its column's name) say what the question
        counts: the share of the counted words they name, else of all the question's terms."""
        if focus.counted:
            return sum(bool(group & words) for group in focus.counted) / len(focus.counted)
        return self._coverage(focus, words, set())

    def _sentence_candidates(
        self, q: Question, focus: Question, hit: Hit, rank: int, chunk: ChunkContext
    ) -> list[Candidate]:
        heading = chunk.heading
        # The passage around a sentence (the rest of its chunk) counts as context: a question
        # often says which update it means by another fact of the same paragraph.
        context = heading | chunk.subjects | chunk.passage
        reading = Reading(q, focus, hit, rank, chunk)
        return [
            self._sentence(reading, context, sentence)
            for line in hit.text.split("\n")
            for sentence in split_sentences(line)
        ]

    def _sentence(self, reading: Reading, context: set[str], sentence: str) -> Candidate:
        q, focus, hit, rank, chunk = (
            reading.q,
            reading.focus,
            reading.hit,
            reading.rank,
            reading.chunk,
        )
        language = chunk.language
        rejected = Candidate(hit, rank, sentence)
        own = set(self._tokenize(sentence, language))
        if not self._names_present(q, own | context, chunk):
            rejected.failed = "a name the question gives is missing"
            return rejected
        if focus.done and not focus.done & (own | chunk.heading):
            rejected.failed = "does not say it was done"  # "32 sensitised" is not "vaccinated"
            return rejected
        figures = [
            f
            for f in find_figures(sentence)
            if f.percent == focus.wants_share and f.value not in q.stated
        ]
        if focus.wants_number and not figures:
            rejected.failed = "no figure of the kind asked"
            return rejected
        coverage = self._coverage(q, own, context, chunk.identity)
        lead, unit_fit, figure = "", 0.0, None
        if focus.wants_number:
            figure = asked_figure(sentence, figures, focus.expanded, self._reader, language)
            if figure is None:
                rejected.failed = "no figure near the question's words"
                return rejected
            lead = f"{figure.text} {figure.unit}".strip()
            unit_fit = self._counts_fit(focus, set(self._tokenize(lead, language)))
            # What the figure counts, read a little past its unit (`liters per day`).
            around = set(self._tokenize(" ".join(sentence[figure.end :].split()[:3]), language))
            counted = set().union(*focus.counted) if focus.counted else focus.expanded
            if figure.unit and not around & counted:
                rejected.failed = "the figure counts something else"  # `3 provinces`
                return rejected
        return Candidate(
            hit,
            rank,
            clip(sentence, lead),
            coverage,
            self._w.sentence_score(coverage, rank, unit_fit),
            lead,
            value=figure.value if figure else None,
            percent=bool(figure and figure.percent),
        )

    def _table_candidates(
        self, q: Question, focus: Question, hit: Hit, rank: int, chunk: ChunkContext
    ) -> list[Candidate]:
        if hit.table is None:
            return []
        language = chunk.language
        header, caption = hit.table.header, hit.table.caption
        context = chunk.heading | set(self._tokenize(caption, language))
        header_terms = [set(self._tokenize(h, language)) for h in header]
        question_words = label_words(q.text)
        # Every word of the question part, "total" and "new" included, to tell columns apart.
        asked_words = set(self._tokenize(focus.text, focus.language))
        out = []
        for row in hit.table.rows:
            label = next((cell for cell in row if cell), "")
            rejected = Candidate(hit, rank, " ".join(cell for cell in row if cell))
            column = self._column(focus, header, header_terms, row, label, asked_words)
            if column is None:
                rejected.failed = "no column of the kind asked"
                out.append(rejected)
                continue
            # A cell means its row, its column, the row-label column and the table's caption.
            own = set(self._tokenize(label, language)) | header_terms[column] | header_terms[0]
            own |= context
            if not self._names_present(q, own, chunk):
                rejected.failed = "a name the question gives is missing"
                out.append(rejected)
                continue
            reading = Reading(q, focus, hit, rank, chunk)
            out.append(self._cell(reading, row, label, column, own, question_words))
        return out

    def _column(
        self,
        focus: Question,
        header: list[str],
        header_terms: list[set[str]],
        row: list[str],
        label: str,
        asked_words: set[str],
    ) -> int | None:
        """The column whose name holds the question's rarest words, with the fewest words it does
        not use; a rate is read from a column of percentages, a count from one without. None when
        the question names no column (a two-column table is name and value: its row label says
        what the value is)."""
        columns = [
            (
                sum(
                    focus.weights[t]
                    for t, group in focus.equivalents.items()
                    if group & header_terms[c]
                ),
                -len(header_terms[c] - focus.expanded - asked_words),
                -c,
            )
            for c in range(1, min(len(header), len(row)))
            if row[c] and row[c] != label and is_share(row[c]) == focus.wants_share
        ]
        if not columns:
            return None
        overlap, _, column = max(columns)
        if overlap == 0 and len(header) > 2:
            return None
        return -column

    def _cell(
        self,
        reading: Reading,
        row: list[str],
        label: str,
        column: int,
        own: set[str],
        question_words: set[str],
    ) -> Candidate:
        q, focus, hit, chunk = reading.q, reading.focus, reading.hit, reading.chunk
        assert hit.table is not None
        header = hit.table.header
        header_terms = [set(self._tokenize(h, chunk.language)) for h in header]
        # The row's other columns count as context: "cases, and deaths?" is one row of two columns.
        row_headers = {
            t for c, terms in enumerate(header_terms) if c < len(row) and row[c] for t in terms
        }
        coverage = self._coverage(q, own, chunk.subjects | row_headers, chunk.identity)
        total_row = q.wants_total and bool(_TOTAL_ROW.match(label))
        if total_row:  # "across the three provinces" is the Total row
            coverage = min(1.0, coverage + self._w.total_row)
        words = label_words(label)
        unasked = 0 if total_row else len(words - question_words)
        label_fit = len(words & question_words) - self._w.unasked_label_word * unasked
        column_fit = self._coverage(focus, header_terms[column], set())
        caption = hit.table.caption
        note = f"table “{caption}”" if caption else f"table in {hit.section or 'the report'}"
        cell = find_figures(row[column], words=False)
        return Candidate(
            hit,
            reading.rank,
            " ".join(cell for cell in row if cell),
            coverage,
            self._w.table_score(coverage, reading.rank, column_fit, label_fit),
            f"{header[column]}, {label}: {row[column]}",
            note,
            cell[0].value if len(cell) == 1 else None,
            focus.wants_share,
        )


def label_words(text: str) -> set[str]:
    """Lower-case words for matching row labels, every negation as `no` ("non-RMRP" and "outside
    the RMRP" both mean the `NO RMRP` row)."""
    words = re.findall(r"[^\W_]+", text.lower())
    return {"no" if w in _NEGATIONS else w for w in words}


def is_share(cell: str) -> bool:
    return cell.rstrip().endswith("%") or bool(re.search(r"\d\s?%\s*\)?\s*$", cell))


def asked_figure(
    sentence: str, figures: list[Figure], terms: set[str], reader: QuestionReader, language: str
) -> Figure | None:
    """The figure the question asks about: the one nearest to the question's words, those after
    it (`2,700 hygiene kits`) closer than those before."""
    best, best_distance = None, 10**6
    for fig in figures:
        after = sentence[fig.end : fig.end + 60]
        before = sentence[max(0, fig.start - 40) : fig.start]
        distance = 10**6
        for word in re.finditer(r"[^\W\d_]+", after):
            if set(reader.tokenize(word.group(0), language)) & terms:
                distance = word.start()
                break
        for word in re.finditer(r"[^\W\d_]+", before):
            if set(reader.tokenize(word.group(0), language)) & terms:
                distance = min(distance, len(before) - word.end() + 15)
        if distance < best_distance:
            best, best_distance = fig, distance
    return best
