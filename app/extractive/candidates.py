"""Candidate answers of one chunk and what each rests on. A candidate is a figure of a sentence, a
cell of a table (every row under every column of figures), a name or date of a sentence, or a
sentence itself; its features (meaning, lexical coverage, measure, column and row fit, ...) are
named numbers that the fitted model in `model.py` weighs into one score."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from app.extractive.model import ReaderModel
from app.extractive.spans import Span, dates, name_spans
from app.extractive.wording import cell_lead, clip
from app.question import Question, QuestionReader, months_in, weeks_in
from app.reader import PageTexts
from index import Hit, TermCounts, TermStats
from index.lexical import STOPWORDS
from ingest.figures import Figure, find_figures, parse_number
from ingest.metadata import publisher_names
from ingest.units import column_key, row_key, text_units

_TOTAL_ROW = re.compile(
    r"^\s*(?:total|grand total|ensemble|global|overall|tous|todas?|todos)\b", re.I
)
# Words after which a figure is a part of a whole stated before it ("101 cases: 3 from
# Kutupalong", "466 contacts dont 435 à Rwampara").
_BREAKDOWN = re.compile(
    r":|\b(?:dont|including|of which|of whom|among them|among which|parmi lesquels|parmi eux|"
    r"soit|de los cuales|incluidos|entre ellos)\b",
    re.I,
)
_NEGATIONS = {"no", "non", "not", "outside", "without", "hors", "sin", "fuera", "excluding"}
_WORD = re.compile(r"[^\W\d_]+")
_MEASURE_WORDS = 3  # words either side of a figure and its unit that say what it measures
# Where one figure's own words end and the next one's begin: punctuation, and the conjunctions
# that join them ("3,200 kits in Corran and 7,250 in total", "12 en Ituri et 4 au Nord-Kivu").
PUNCTUATION = re.compile(r"[,;:()]")
CLAUSE_END = re.compile(rf"{PUNCTUATION.pattern}|\b(?:and|or|et|ou|y|e|o)\b", re.I)
# The verbs of a change ("fell from 71 to 65", "est passé de", "pasó de").
_MOVED = r"(?:down|up|fell|rose|decreased|increased|pass(?:ée?s?|ant)|pas(?:ó|ando))"
# Words that set a figure up as the one the news is measured against: an earlier report's.
EARLIER = re.compile(
    rf"(?:\b{_MOVED}\s+(?:from|de)|[,(]\s*from|\bcompared\s+(?:with|to)|"
    r"\bagainst|\bversus|\bvs\.?|\(\s*contre|\bpar\s+rapport\s+(?:à|au|aux)|"
    r"\bcompar[ée]e?s?\s+(?:à|au|aux|avec)|\bfrente\s+a|\bcomparad[oa]s?\s+con|"
    r"\ben\s+comparación\s+con|\(\s*desde\b)\s*$",
    re.I,
)
# The second figure of a change is the same measure as the first, whose words before the change
# say what both count.
_CHANGE_TO = re.compile(r"\s*(?:to|à|a|hasta)\s*", re.I)
_CHANGE_FROM = re.compile(
    rf"\s*(?:\b{_MOVED}\s+)?\b(?:from|de|desde)\s+\S+\s*(?:to|à|a|hasta)\s*$", re.I
)
_MASTHEAD_LINES = 6  # lines either side of the title on page 1 that may name the report
_MASTHEADS_KEPT = 4096  # reports whose masthead words a finder keeps between questions


@dataclass
class Candidate:
    hit: Hit
    quote: str  # the verbatim source text to cite
    lead: str  # the answer in its own words; empty when the quote is the answer
    features: dict[str, float] = field(default_factory=dict)
    value: float | None = None  # the figure of the lead, as a number
    percent: bool = False
    table_note: str = ""
    score: float = 0.0
    row: int = -1  # the table row, for cells
    # What the figure measures, in words (a cell's row and column, a figure's unit and the words
    # before it), and their terms: how a series knows the same measure in every report.
    measure: str = ""
    measure_terms: frozenset[str] = frozenset()
    cell: tuple[int, int] = (-1, 0)  # for cells: the column, and which of its figures


@dataclass
class ChunkContext:
    """What every candidate of one chunk shares, worked out once per chunk."""

    hit: Hit
    rank: int
    report_first: bool  # the chunk's report is the one the best hit comes from
    passage: set[str]  # the words of the whole chunk
    heading: set[str]  # the words of its section and the report's title
    counts: TermCounts  # how often the report uses each word
    identity: frozenset[str]  # the question's terms that only say which report it means
    subjects: set[str]  # forms of the question's names the report is about
    named: frozenset[str]  # the question's names the chunk or its report speaks of, in any form
    around: set[str]  # what surrounds any piece of it: passage, heading and the report's subjects


class CandidateFinder:
    """Finds the candidates of each chunk for one question (`q`) and one part of it (`focus`);
    `tables=False` reads sentences only (an ablation)."""

    def __init__(self, reader: QuestionReader, model: ReaderModel, tables: bool = True) -> None:
        self._reader = reader
        self._tokenize = reader.tokenize
        self._model = model
        self._tables = tables
        self._mastheads: dict[str, set[str]] = {}  # by version: versions never change

    def find(
        self, q: Question, focus: Question, hits: list[Hit], terms: TermStats, pages: PageTexts
    ) -> list[Candidate]:
        found: list[Candidate] = []
        first_report = hits[0].report_id if hits else ""
        for rank, hit in enumerate(hits):
            chunk = self._context(q, hit, rank, hit.report_id == first_report, terms, pages)
            if hit.kind == "table":
                if self._tables and focus.wants in ("number", "share", "open"):
                    found.extend(self._cells(q, focus, chunk))
            else:
                found.extend(self._sentences(q, focus, chunk))
        # Evidence that does not name the places and organisations asked about answers
        # another question ("in Colombia" from a passage about Peru), and a figure the question
        # gives itself ("the three provinces"), or a count equal to the report number it gives
        # ("SitRep N°32"; a rate of 32% may still be the answer), is not its answer: all are
        # filtered before ranking; so is a name the question already says in full.
        # A word capitalised because it opens its sentence ("Aucune nouvelle zone ...") is a
        # name only where the evidence capitalises it inside a sentence too.
        report_numbers = {float(n) for n in q.report_numbers}
        opening = {c.lead for c in found if c.value is None and _opens(c)}
        named = {w for hit in hits for w in _capitalised_inside(hit.text)} if opening else set()
        found = [
            c
            for c in found
            if c.features.get("names", 1.0) > 0
            and c.features.get("span_new", 1.0) > 0
            and c.value not in q.stated
            and (c.percent or c.value not in report_numbers)
            and not (c.value is None and c.lead in opening - named and _opens(c))
        ]
        _add_gaps(found)
        return found

    def _context(
        self, q: Question, hit: Hit, rank: int, first: bool, terms: TermStats, pages: PageTexts
    ) -> ChunkContext:
        counts = terms.report_counts(hit.report_id)
        publisher = " ".join(publisher_names(hit.publisher))
        words = self._reader.words_of(f"{hit.title} {hit.file} {publisher}")
        mentions = self._model.subject_mentions
        sequence = self._tokenize(hit.text, hit.language)
        passage = set(sequence)
        heading = set(self._tokenize(f"{hit.title} {hit.section}", hit.language))
        # Names the report is about (often enough): a passage that does not repeat them may still
        # be about them, so they count as context.
        subjects = {
            e
            for t in q.required
            if max(counts[f] for f in q.equivalents[t]) >= mentions
            for e in q.equivalents[t]
        }
        masthead = self._masthead(hit, pages) if q.required else set()
        named = {
            t
            for t in q.required
            if q.equivalents[t] & (passage | subjects | masthead)
            or _says_whole(q.whole_names.get(t, frozenset()), sequence)
            or _demonym(q.equivalents[t], passage)
            or (t in q.acronyms and t in _initials(hit.text))
        }
        # A country the passage does not write may be named by its towns (Sana'a for Yemen).
        unnamed = {t: q.countries[t] for t in q.required - named if t in q.countries}
        if unnamed and self._reader.gazetteer:
            towns = self._reader.gazetteer.countries_of(hit.text, hit.language)
            named |= {t for t, codes in unnamed.items() if codes & towns}
        return ChunkContext(
            hit=hit,
            rank=rank,
            report_first=first,
            passage=passage,
            heading=heading,
            counts=counts,
            # Words of the report's title, file name or publisher say which report the question
            # means rather than what it asks: once the report is found they count neither way.
            identity=frozenset(t for t in q.terms if q.equivalents[t] & words),
            subjects=subjects,
            named=frozenset(named),
            around=heading | subjects | passage,
        )

    def _masthead(self, hit: Hit, pages: PageTexts) -> set[str]:
        """The words of the report's masthead (see `masthead`), read once per version."""
        words = self._mastheads.get(hit.version)
        if words is None:
            page = pages.get(hit.version, [1]).get(1, "")
            words = set(self._tokenize(masthead(page, hit.title), hit.language))
            if len(self._mastheads) >= _MASTHEADS_KEPT:
                self._mastheads.clear()
            self._mastheads[hit.version] = words
        return words

    # -- evidence ------------------------------------------------------------------------------

    def _label_terms(self, text: str, language: str) -> set[str]:
        """A row label's or column header's terms, every negation as `no` ("non-RMRP" and
        "outside the RMRP" both mean the `NO RMRP` row)."""
        terms = set(self._tokenize(text, language)) - _NEGATIONS
        return terms | {"no"} if _negated(text) else terms

    def _names_present(self, q: Question, found: set[str], chunk: ChunkContext) -> bool:
        """Every place or organisation the question names is in the evidence, its passage,
        section or title, names the report or its publisher, or is a subject of the report, in
        any form (`Iraqi` for `Iraq`, `PPE` for `personal protective equipment`)."""
        missing = {name for name in q.required if not q.equivalents[name] & found}
        return missing - chunk.identity <= chunk.named

    def _coverage(
        self,
        q: Question,
        own: set[str],
        context: set[str],
        identity: frozenset[str] = frozenset(),
        topic: bool = False,
    ) -> float:
        """Share of the question's terms, weighted by rarity, found in the evidence (context counts
        less); terms that only identify the report count neither way. With `topic`, only the
        terms that say what is asked count, not the places and organisations it is asked of: a
        passage that matches only `France` does not answer "What is the capital of France?"."""
        counted = {
            t: w
            for t, w in q.weights.items()
            if (t not in identity or q.equivalents[t] & own) and not (topic and t in q.required)
        }
        if not counted:
            return 0.0
        # Summed exactly (`math.fsum`): a sum's last bits must not depend on the order of the
        # terms, which follows Python's string hashing and so changes from process to process.
        matched = math.fsum(w for t, w in counted.items() if q.equivalents[t] & own)
        near = math.fsum(
            w
            for t, w in counted.items()
            if not q.equivalents[t] & own and q.equivalents[t] & context
        )
        return (matched + self._model.context * near) / math.fsum(counted.values())

    def _counts_fit(self, focus: Question, words: set[str]) -> float:
        """How well a figure's own words (its unit, or its column's name) say what the question
        counts: the share of the counted words they name, else of all the question's terms."""
        if focus.counted:
            return sum(bool(group & words) for group in focus.counted) / len(focus.counted)
        return self._coverage(focus, words, set())

    def _base(
        self,
        q: Question,
        chunk: ChunkContext,
        own: set[str],
        meaning: float,
        context: set[str] | None = None,
        part: Question | None = None,
    ) -> dict[str, float]:
        """What every candidate is described by; `context` is what its coverage counts as
        around it (by default the whole chunk's surroundings; a table cell's row says more).
        A part of the question that names places of its own asks about those, not about its
        sibling parts' ("in Ituri and in North Kivu"); one that names none ("and how many
        deaths?") asks about the whole question's."""
        context = chunk.around if context is None else context
        named = part if part is not None and part.required else q
        return {
            "meaning": meaning,
            "coverage": self._coverage(q, own, context, chunk.identity),
            "topic_coverage": self._coverage(q, own, context, chunk.identity, topic=True),
            "names": float(self._names_present(named, own | chunk.around, chunk)),
            "rank": 1.0 / (1 + chunk.rank),
            **{
                f"{name}_rank": 1.0 / chunk.hit.ranks[name] if name in chunk.hit.ranks else 0.0
                for name in ("dense", "lexical", "meaning")
            },
            "report_first": float(chunk.report_first),
            "date_gap": _date_gap(q.dates, chunk.hit.date),
            "number_miss": float(
                bool(q.report_numbers) and chunk.hit.report_number not in q.report_numbers
            ),
        }

    # -- sentences -----------------------------------------------------------------------------

    def _sentences(self, q: Question, focus: Question, chunk: ChunkContext) -> list[Candidate]:
        out: list[Candidate] = []
        hit = chunk.hit
        for unit in text_units(hit.text):
            own = set(self._tokenize(unit.text, hit.language))
            base = self._base(q, chunk, own, hit.meaning.get(unit.key, 0.0), part=focus)
            base["done"] = float(not focus.done or bool(focus.done & (own | chunk.heading)))
            base["period_miss"] = float(_other_period(q, unit.text))
            if focus.wants in ("number", "share"):
                out.extend(self._figures(q, focus, chunk, unit.text, base))
            elif focus.wants in ("date", "name"):
                out.extend(self._spans(q, focus, chunk, unit.text, base))
            elif focus.wants == "open":  # a figure or a name, each less the less it is asked
                figure = {**base, "open_figure": focus.asks_figure - 1.0}
                out.extend(self._figures(q, focus, chunk, unit.text, figure))
                name = {**base, "open_name": -focus.asks_figure}
                out.extend(self._spans(q, focus, chunk, unit.text, name))
            else:
                out.append(Candidate(hit, unit.text, "", {**base, "no_lead": 1.0}))
        return out

    def _figures(
        self,
        q: Question,
        focus: Question,
        chunk: ChunkContext,
        sentence: str,
        base: dict[str, float],
    ) -> list[Candidate]:
        language = chunk.hit.language
        counted = set().union(*focus.counted) if focus.counted else focus.expanded
        names = _name_forms(q)
        named_here = names & set(self._tokenize(sentence, language))
        figures = find_figures(sentence)
        out = []
        counted_words = set().union(*focus.counted) if focus.counted else set()
        for figure in figures:
            lead = f"{figure.text} {figure.unit}".strip()
            # What the figure counts, read a little past its unit (`liters per day`).
            around = set(self._tokenize(" ".join(sentence[figure.end :].split()[:3]), language))

            def near(words: set[str], figure: Figure = figure) -> float:
                bounds = _stretch(sentence, figure, figures)
                return _nearness(
                    sentence, figure.start, figure.end, words, self._reader, language, bounds
                )

            features = {
                **base,
                "measure": self._counts_fit(focus, set(self._tokenize(lead, language))),
                "near": near(focus.expanded),
                "counted_near": near(counted_words),
                "name_near": near(names),
                "crowded": 1.0 - 1.0 / len(figures),
                "first_figure": float(figure is figures[0]),
                "spelled": float(not any(ch.isdigit() for ch in figure.text)),
                "breakdown": float(bool(_BREAKDOWN.search(sentence[: figure.start]))),
                "earlier": float(bool(EARLIER.search(sentence[: figure.start]))),
                "kind_fit": float(figure.percent == (focus.wants == "share")),
                "unit_other": float(bool(figure.unit) and not around & counted),
            }
            measure = _measure_words(sentence, figure, _stretch(sentence, figure, figures))
            out.append(
                Candidate(
                    chunk.hit,
                    clip(sentence, lead),
                    lead,
                    features,
                    figure.value,
                    figure.percent,
                    measure=measure,
                    # The places it is said of are part of what it measures.
                    measure_terms=_measure_terms(
                        set(self._tokenize(measure, language)) | named_here
                    ),
                )
            )
        return out

    def _spans(
        self,
        q: Question,
        focus: Question,
        chunk: ChunkContext,
        sentence: str,
        base: dict[str, float],
    ) -> list[Candidate]:
        language = chunk.hit.language
        spans: list[Span] = dates(sentence) if focus.wants == "date" else name_spans(sentence)
        names = _name_forms(q)
        out = []
        for span in spans:
            words = set(self._tokenize(span.text, language))
            known = len(words & q.expanded) / len(words) if words else 1.0
            features = {
                **base,
                "near": _nearness(
                    sentence, span.start, span.end, focus.expanded, self._reader, language
                ),
                "name_near": _nearness(
                    sentence, span.start, span.end, names, self._reader, language
                ),
                "kind_fit": 1.0,
                "span_new": 1.0 - known,
                "noun_near": float(
                    _noun_near(sentence, span, focus.asked_noun, self._reader, language)
                ),
                "first_word": float(span.start == 0 and " " not in span.text),
            }
            out.append(Candidate(chunk.hit, clip(sentence, span.text), span.text, features))
        return out

    # -- tables --------------------------------------------------------------------------------

    def _cells(self, q: Question, focus: Question, chunk: ChunkContext) -> list[Candidate]:
        hit = chunk.hit
        if hit.table is None:
            return []
        language = hit.language
        header, caption = hit.table.header, hit.table.caption
        context = chunk.heading | set(self._tokenize(caption, language))
        header_terms = [set(self._tokenize(h, language)) for h in header]
        # Every form of the question's terms, in every language (a French question's `cas
        # confirmés` matches the header `Total confirmed cases`), a negation as `no`.
        question_words = q.expanded | {"no"} if _negated(q.text) else q.expanded
        note = f"table “{caption}”" if caption else f"table in {hit.section or 'the report'}"
        out = []
        # What each column says, in each of its readings (a column of paired figures, `27 (3)`
        # under `Confirmed (new) cases`, is two), worked out once per column, not once per cell.
        readings = [column_readings(h) for h in header]
        reading_terms = [[set(self._tokenize(t, language)) for _, t in rs] for rs in readings]
        column_misses = [
            [float(len(self._label_terms(t, language) - question_words)) for _, t in rs]
            for rs in readings
        ]
        measures = [[self._coverage(focus, t, set()) for t in ts] for ts in reading_terms]
        counted = [
            [self._counts_fit(focus, t) if focus.counted else 0.0 for t in ts]
            for ts in reading_terms
        ]
        names = _name_forms(q)
        labels = label_columns(hit.table.rows)
        for r, row in enumerate(hit.table.rows):
            label = row_label(row, labels)
            label_terms = set(self._tokenize(label, language))
            # Around a cell: the report's subjects and the headers of the row's filled cells.
            row_context = chunk.subjects | {
                t for c, terms in enumerate(header_terms) if c < len(row) and row[c] for t in terms
            }
            total_row = q.wants_total and bool(_TOTAL_ROW.match(label))
            words = self._label_terms(label, language)
            unasked = 0 if total_row else len(words - question_words)
            quote = " ".join(cell for cell in row if cell)
            meaning = hit.meaning.get(row_key(r), 0.0)
            for c in range(1, min(len(header), len(row))):
                if row[c] == label or c in labels:
                    continue
                figures = cell_figures(row[c])
                # The header itself (reading 0), or, for a cell of two figures under a header
                # that names the bracket, its readings of each (1 and 2).
                paired = len(figures) == 2 and len(readings[c]) > 1
                for n in (1, 2) if paired else (0,):
                    part, column = readings[c][n]
                    figure = figures[part]
                    value = cell_value(figure)
                    if value is None:
                        continue
                    terms = reading_terms[c][n]
                    own = label_terms | terms | header_terms[0] | context
                    features = {
                        **self._base(q, chunk, own, meaning, row_context, part=focus),
                        "done": 1.0,
                        "measure": measures[c][n],
                        "column_meaning": hit.meaning.get(column_key(c), 0.0),
                        "column_misses": column_misses[c][n],
                        # The row names the question's places, the column what it counts.
                        "name_near": float(bool(names & label_terms)),
                        "counted_near": counted[c][n],
                        "label_hits": float(len(words & question_words)),
                        "label_misses": float(unasked),
                        "kind_fit": float(is_share(figure) == (focus.wants == "share")),
                        "table": 1.0,
                        "open_figure": focus.asks_figure - 1.0 if focus.wants == "open" else 0.0,
                        "total_row": float(total_row),
                    }
                    lead = cell_lead(figure, column, label, q.language)
                    out.append(
                        Candidate(
                            hit,
                            quote,
                            lead,
                            features,
                            value,
                            is_share(figure),
                            note,
                            row=r,
                            measure=f"{label} · {column}",
                            measure_terms=_measure_terms(label_terms | terms),
                            cell=(c, part),
                        )
                    )
        return out


def _capitalised_inside(text: str) -> set[str]:
    """The capitalised words of `text` that do not open a sentence, line or bullet."""
    out = set()
    for m in _WORD.finditer(text):
        if m.group(0)[0].isupper():
            before = text[max(0, m.start() - 8) : m.start()].rstrip(" \t(")
            if before[-1:].isalnum() or before[-1:] == ",":
                out.add(m.group(0))
    return out


def _opens(candidate: Candidate) -> bool:
    """Whether the candidate's lead is one word that opens its quote (bullets aside)."""
    lead = candidate.lead
    opening = candidate.quote.lstrip(" \uf0b7•▪●-–*")
    return bool(lead) and " " not in lead and bool(re.match(rf"{re.escape(lead)}\b", opening))


def is_total_row(candidate: Candidate) -> bool:
    """A cell of a table's Total row ("Total", "Grand total", "Ensemble"): all of its places
    together."""
    return candidate.row >= 0 and bool(_TOTAL_ROW.match(candidate.measure))


def masthead(page: str, title: str) -> str:
    """The lines printed around a report's title on its first page that are not prose: where a
    report names its place, disease and organisation once (`Pays/Province : RDC / Kasaï`,
    `Rapport de la Situation Maladie à Virus Ebola`) and its passages never again. Empty when
    the title is not printed there (a file name standing in for a title)."""
    lines = [" ".join(line.split()) for line in page.splitlines()]
    lines = [line for line in lines if line]
    wanted = " ".join(title.split()).lower()
    if len(wanted) < 8:
        return ""
    for n, line in enumerate(lines):
        low = line.lower()
        if len(low) >= 8 and (low in wanted or wanted[:30] in low):
            around = lines[max(0, n - _MASTHEAD_LINES) : n + _MASTHEAD_LINES + 1]
            return "\n".join(line for line in around if not line.endswith("."))
    return ""


def _add_gaps(candidates: list[Candidate]) -> None:
    """How each candidate stands against the others of this question: its meaning and coverage
    less the best, and in standard deviations from the mean (e5's similarities crowd into a
    narrow band); a column against the other columns of its row."""
    if not candidates:
        return
    best_meaning = max(c.features.get("meaning", 0.0) for c in candidates)
    best_coverage = max(c.features.get("coverage", 0.0) for c in candidates)
    spread = {
        name: _mean_and_spread([c.features.get(name, 0.0) for c in candidates])
        for name in ("meaning", "coverage")
    }
    best_column: dict[tuple[str, int], float] = {}
    for c in candidates:
        if c.row >= 0:
            key = (c.hit.chunk_id, c.row)
            best_column[key] = max(best_column.get(key, 0.0), c.features["column_meaning"])
    for c in candidates:
        c.features["meaning_gap"] = c.features.get("meaning", 0.0) - best_meaning
        c.features["coverage_gap"] = c.features.get("coverage", 0.0) - best_coverage
        for name, (mean, sd) in spread.items():
            c.features[f"{name}_z"] = (c.features.get(name, 0.0) - mean) / sd
        # When no candidate shares the question's words (a paraphrase), meaning must decide.
        c.features["meaning_unmatched"] = c.features["meaning_z"] * (1.0 - best_coverage)
        c.features["meaning_top"] = float(c.features.get("meaning", 0.0) >= best_meaning)
        if c.row >= 0:
            gap = c.features["column_meaning"] - best_column[(c.hit.chunk_id, c.row)]
            c.features["column_gap"] = gap


def _mean_and_spread(values: list[float]) -> tuple[float, float]:
    """Their mean and standard deviation; a spread of rounding error only counts as none (the
    same coverage summed in another order stood -1 or 0 deviations off, by process)."""
    mean = math.fsum(values) / len(values)
    sd = (math.fsum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    return mean, sd if sd > 1e-9 else 1.0


def _negated(text: str) -> bool:
    return any(w in _NEGATIONS for w in re.findall(r"[^\W_]+", text.lower()))


_CELL_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


_FOOTNOTE_MARKS = "*†‡§¶"
# A figure and its unit in one cell (`40 544 cases`, `126 lits`): one word after the figure.
_CELL_UNIT = re.compile(rf"({_CELL_NUMBER.pattern})\s+[^\W\d_]{{2,}}")
# A cell of two figures, the second in brackets: `27 (3)`, `37 251 (2657)`, `15 (0%)`.
_PAIRED_CELL = re.compile(r"\s*([^()]*\d[^()]*?)\s*\(\s*([^()]*\d[^()]*?)\s*\)\s*")
# A header that names the bracketed figure in brackets: `Confirmed (new) cases`, `Total (new)`.
_PAIRED_HEADER = re.compile(r"\(([^()]+)\)")


def label_columns(rows: list[list[str]]) -> frozenset[int]:
    """The columns of a table where no row prints a figure: its names (a province, a zone)."""
    width = max(map(len, rows), default=0)
    return frozenset(
        c
        for c in range(width)
        if all(c >= len(row) or not row[c] or not _holds_figure(row[c]) for row in rows)
    )


def row_label(row: list[str], labels: frozenset[int]) -> str:
    """What a table row is about: its `row_names`, together."""
    return " ".join(row_names(row, labels))


def row_names(row: list[str], labels: frozenset[int]) -> list[str]:
    """A table row's first filled cell, and the names after it in the table's `label_columns`
    up to its first figure. A province's cell that spans its zones' rows prints on the first
    of them only (`Nord-Kivu | Goma | 1`): that row's figures are Goma's, the last name."""
    filled = [(c, cell) for c, cell in enumerate(row) if cell]
    if not filled:
        return []
    names = [filled[0][1]]
    for c, cell in filled[1:]:
        if c not in labels:
            break
        names.append(cell)
    return names


def _holds_figure(cell: str) -> bool:
    return cell_value(cell_figures(cell)[0]) is not None


def cell_figures(cell: str) -> tuple[str, ...]:
    """The figures a cell prints: one, or two for a cell of paired figures (`27 (3)`: 27 and 3)."""
    paired = _PAIRED_CELL.fullmatch(cell)
    return (paired.group(1), paired.group(2)) if paired else (cell,)


def column_readings(header: str) -> list[tuple[int, str]]:
    """What a column's figures count, each with the index of the cell's figure it reads: the
    header itself for a cell's first figure; and where the header names a bracketed figure
    (`Confirmed (new) cases`), for a cell of two, the first without the bracket's words
    (`Confirmed cases`) and the second with them (`Confirmed new cases`)."""
    bracket = _PAIRED_HEADER.search(header)
    if not bracket:
        return [(0, header)]
    before, inside, after = header[: bracket.start()], bracket.group(1), header[bracket.end() :]
    first = " ".join(f"{before} {after}".split())
    second = " ".join(f"{before} {inside} {after}".split())
    return [(0, header), (0, first), (1, second)]


def cell_value(cell: str) -> float | None:
    """The number a table cell holds (`767`, `92 273`, `20,5%`, `(12)`, `64**`: a footnote's
    mark is not part of it; `40 544 cases`: nor is its unit), or None."""
    text = cell.strip().strip("()").rstrip(_FOOTNOTE_MARKS).rstrip().rstrip("%").strip()
    unit = _CELL_UNIT.fullmatch(text)
    text = unit.group(1) if unit else text
    return parse_number(text) if _CELL_NUMBER.fullmatch(text) else None


def is_share(cell: str) -> bool:
    return cell.rstrip().endswith("%") or bool(re.search(r"\d\s?%\s*\)?\s*$", cell))


def _nearness(
    sentence: str,
    start: int,
    end: int,
    terms: set[str],
    reader: QuestionReader,
    language: str,
    bounds: tuple[int, int] | None = None,
) -> float:
    """How close the question's words stand to a span of the sentence: 1 right beside it, less
    with every character between; words after a figure (`2,700 hygiene kits`) count as closer;
    0 when none is near. Within `bounds` only (the span's own stretch of the sentence, between
    its neighbouring figures: `Rwampara (199 cas) et Mongbwalu (198 cas)`)."""
    if not terms:
        return 0.0
    low, high = bounds or (0, len(sentence))
    distance = 10**6
    for word in _WORD.finditer(sentence[end : min(end + 60, high)]):
        if set(reader.tokenize(word.group(0), language)) & terms:
            distance = word.start()
            break
    before = sentence[max(low, start - 40) : start]
    for word in _WORD.finditer(before):
        if set(reader.tokenize(word.group(0), language)) & terms:
            distance = min(distance, len(before) - word.end() + 15)
    return 1.0 / (1.0 + distance / 20.0)


def _measure_words(sentence: str, figure: Figure, bounds: tuple[int, int]) -> str:
    """What a figure measures, in its sentence's words: its unit, and the few words of its own
    clause either side (`Partners distributed` … `hygiene kits` … `in Corran`). The words after
    a figure, up to the first clause end, are its own, not the next figure's."""
    low, high = bounds
    before = sentence[low : figure.start]
    change = _CHANGE_FROM.search(before)
    before = before[: change.start()] if change else before
    if low > 0:  # after another figure: its words run to the first clause end
        first = CLAUSE_END.search(before)
        before = before[first.end() :] if first else ""
    unit_at = sentence.find(figure.unit, figure.end) if figure.unit else -1
    start = unit_at + len(figure.unit) if 0 <= unit_at < figure.end + 4 else figure.end
    after = sentence[start:high]
    stop = CLAUSE_END.search(after)
    after = after[: stop.start()] if stop else after
    words = [
        " ".join(_WORD.findall(before)[-_MEASURE_WORDS:]),
        figure.unit,
        " ".join(_WORD.findall(after)[:_MEASURE_WORDS]),
    ]
    return " … ".join(w for w in words if w)


def _other_period(q: Question, text: str) -> bool:
    """Whether the text is of another month or week than the one the question asks about: it
    names months (`In October`) or weeks (`In Epi week 4`) and none of those asked."""
    for asked, named in ((q.months, months_in(text)), (q.weeks, weeks_in(text))):
        if asked and named and not asked & named:
            return True
    return False


def _measure_terms(terms: set[str]) -> frozenset[str]:
    """The terms that say what a figure measures: its words, not numbers (the `19` of a
    header's `COVID-19`, a figure run into a row label), which differ between reports that
    print the same measure."""
    return frozenset(t for t in terms if not t.isdigit())


def _stretch(sentence: str, figure: Figure, figures: list[Figure]) -> tuple[int, int]:
    """A figure's own stretch of its sentence: from the end of the figure before it to the start
    of the figure after it, or to the closing bracket of a figure in brackets (`Rwampara (199
    cas) et Mongbwalu (198 cas)`: 199 is Rwampara's). The second figure of a change ("fell
    from 71 to 65") shares the first one's stretch before it."""
    before = [f for f in figures if f.end <= figure.start]
    after = [f.start for f in figures if f.start >= figure.end]
    low, high = (before[-1].end if before else 0), (min(after) if after else len(sentence))
    changes = before and _CHANGE_TO.fullmatch(sentence[low : figure.start])
    if changes and EARLIER.search(sentence[: before[-1].start]):
        low = _stretch(sentence, before[-1], figures)[0]
    opened, closed = sentence.rfind("(", low, figure.start), sentence.rfind(")", low, figure.start)
    if opened > closed:
        shut = sentence.find(")", figure.end, high)
        high = shut if shut >= 0 else high
    return low, high


def _says_whole(names: frozenset[tuple[str, ...]], sequence: Sequence[str]) -> bool:
    """Whether the stems of a text, in order, hold one of a place's names whole (`unit state`
    in "the United States of America", not in "Borno State, United Nations")."""
    return any(
        tuple(sequence[i : i + len(name)]) == name
        for name in names
        for i in range(len(sequence) - len(name) + 1)
    )


def _demonym(forms: set[str], words: set[str]) -> bool:
    """Whether `words` hold a name in a form one letter longer or shorter (`Iraq` and `Iraqi`,
    `Syria` and `Syrian`, `Sahara` and `Saharan`), which stemming does not join."""
    return any(
        len(w) == len(f) + 1 and w.startswith(f) or len(f) == len(w) + 1 and f.startswith(w)
        for f in forms
        if len(f) >= 4
        for w in words
        if w[:4] == f[:4]
    )


def _initials(text: str) -> str:
    """The first letters of the text's words, function words left out: an acronym of the
    question (`PPE`) is spelled out where they hold it (`personal protective equipment`)."""
    words = (w.lower() for w in _WORD.findall(text))
    return "".join(w[0] for w in words if w not in STOPWORDS)


def _name_forms(q: Question) -> set[str]:
    """Every form of the places and organisations the question names, with the words of their
    names of several words in every language."""
    forms = {e for name in q.required for e in q.equivalents[name]}
    return forms.union(*(name for names in q.whole_names.values() for name in names))


def _noun_near(
    sentence: str, span: Span, noun: set[str], reader: QuestionReader, language: str
) -> bool:
    """Whether the noun a "which X" question asks for stands just before or inside the span
    (`zone de santé de Mambasa`, `Mambasa health zone`)."""
    if not noun:
        return False
    around = sentence[max(0, span.start - 30) : span.end + 20]
    return bool(set(reader.tokenize(around, language)) & noun)


def _date_gap(asked: tuple[str, ...], report_date: str) -> float:
    """How far the report's date lies from the nearest date the question names, on a log scale
    (0: the same day or no date to compare; 1: a year or more)."""
    if not asked or not report_date:
        return 0.0
    try:
        day = date.fromisoformat(report_date[:10])
        days = min(abs((date.fromisoformat(d) - day).days) for d in asked)
    except ValueError:
        return 0.0
    return min(1.0, math.log1p(days) / math.log1p(365))
