"""The default answerer: no language model. It picks the sentence or table row that answers, leads
with the figure and its unit, and cites the source verbatim; a quote that cannot be found again in
the stored page text is dropped, and weak evidence means an abstention that names what was searched.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from llama_index.core.schema import NodeWithScore, TextNode

from app.models import Answer, Citation
from index.lexical import LANGUAGES, Tokenizer
from ingest.chunking import split_sentences
from ingest.figures import Figure, find_figures
from ingest.metadata import MONTHS, detect_language, publisher_names

# Words that shape a question but are not what it is about ("how did X change": the change is
# worked out from the figures, it is not a word to find in the text).
_QUESTION_WORDS = set(
    """
    how many much what which when where who whom whose why did does do is are was were
    number total according report reports reported sitrep situation the combien quel quelle
    quels quelles quand où qui nombre selon rapport cuántos cuántas cuánto cuánta cuál
    cuáles qué cuándo dónde quién según informe número change changed
    evolve evolved évolué évolution varié cambió cambiado evolucionó
    recorded registered counted had has have been comptait comptaient compte avait avaient
    été enregistré enregistrés enregistrées parmi among dont registrados registradas había
    habían entre between comment cómo como pourquoi por porqué
    latest most recent newest last dernier dernière plus récent reciente último última más
    update updates table figure figures give gives per data roughly approximately about
    noting noted publicized published document bulletin edition tableau informe actualización
    """.split()
)
_NUMBER_CUES = re.compile(
    r"\bhow (?:many|much)\b|\bnumber of\b|\bcombien\b|\bnombre de\b|\bcu[aá]nt[oa]s?\b|"
    r"\bpercentage\b|\bproportion\b|\bpourcentage\b|\bporcentaje\b|\btaux\b|\brate\b|"
    r"\bcumul\b|\bacumulado\b",
    re.I,
)
_SHARE_CUES = re.compile(
    r"\bpercent|\bproportion\b|\bshare\b|\brate\b|\bpourcentage\b|\btaux\b|\bl[ée]talit[ée]\b|"
    r"\bporcentaje\b|\btasa\b|%",
    re.I,
)
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|e|er|re|ème|eme|ª|º|°)", re.I)  # `17ème`: not a term
# Passive auxiliaries: the word after them says what was done ("were vaccinated", "ont été
# distribués", "fueron atendidos"); an active question ("did partners distribute") has none.
_AUXILIARIES = {
    "were",
    "was",
    "been",
    "being",
    "are",
    "is",
    "été",
    "sont",
    "étaient",
    "fueron",
    "fue",
    "sido",
}
_COUNT_OF = re.compile(r"\b(?:how many|combien (?:de |d['’])|cu[aá]nt[oa]s)\s*([^?,;]+)", re.I)
_TOTAL_CUES = re.compile(
    r"\b(?:in total|overall|altogether|all (?:three|the) |across (?:the )?(?:three|all)|au total|en tout|"
    r"dans les (?:trois|3) |(?:trois|3) provinces|ensemble des|en total|en (?:las|los) (?:tres|3))",
    re.I,
)
_TOTAL_ROW = re.compile(
    r"^\s*(?:total|grand total|ensemble|global|overall|tous|todas?|todos)\b", re.I
)
_CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+|\s+(?=(?:and|et|y|while|whereas|but|mais)\s)")
_MAX_QUOTE = 240


@dataclass
class _Candidate:
    node: TextNode
    rank: int
    quote: str
    coverage: float
    score: float
    lead: str = ""
    table_note: str = ""
    value: float | None = None  # the figure of the lead, as a number
    percent: bool = False


@dataclass
class _Question:
    text: str
    language: str
    terms: set[str]
    required: set[str]
    wants_number: bool
    wants_share: bool
    wants_total: bool
    counted: list[set[str]]  # what "how many ..." counts (`confirmed cases`): each word's forms
    done: set[str]  # what was done to what is counted ("were vaccinated"), in every language
    stated: set[float]  # numbers the question itself gives ("the three provinces"): not answers
    weights: dict[str, float]  # each term's rarity weight
    equivalents: dict[str, set[str]]  # each term with its translations
    expanded: set[str]  # all of them together


@dataclass
class _Setting:
    language: str
    passage: set[str]  # the words of the whole chunk
    heading: set[str]  # the words of its section and the report's title
    counts: Counter[str]  # how often the report uses each word
    identity: frozenset[str]  # the question's terms that only say which report it means
    subjects: set[str]  # forms of the question's names the report is about


class Answerer:
    """Turns ranked chunks into a cited answer, or an abstention."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        page_texts: Callable[[str, list[int]], dict[int, str]],
        report_terms: Callable[[str], Counter[str]],
        term_weight: Callable[[str], float] = lambda _t: 1.0,
        min_evidence: float = 0.5,
        equivalents: Callable[[str], set[str]] = lambda t: {t},
    ) -> None:
        self._weight = term_weight
        self._equivalents = equivalents
        self._tokenize = tokenizer
        self._page_texts = page_texts
        self._report_terms = report_terms
        self._min_evidence = min_evidence

    def answer(self, question: str, hits: list[NodeWithScore]) -> Answer:
        """The answer to each part of the question ("how many cases, and how many deaths?"),
        each from its own verified quote, or an abstention naming what was searched."""
        searched = _searched(hits)
        q = self._analyse(question)
        parts = _parts(question)
        found = self._best(q, self._analyse(parts[0]) if len(parts) > 1 else q, hits)
        if found is None:
            return Answer(
                question=question,
                text=_abstention_text(searched),
                abstained=True,
                searched=searched,
            )
        candidate, citation = found
        text = _answer_text(candidate, citation)
        citations = [citation]
        for part in parts[1:]:
            extra = self._best(q, self._analyse(part), hits, taken={candidate.lead})
            if extra is None or not extra[0].lead or extra[0].lead in text:
                continue
            more, more_citation = extra
            if more_citation.quote == citation.quote:
                text = text.replace(" [1]", f" [1]; {more.lead} [1]", 1)
                continue
            more_citation.n = len(citations) + 1
            citations.append(more_citation)
            text = f"{text[:-1]}; {more.lead} [{more_citation.n}]."
        return Answer(
            question=question,
            text=text,
            abstained=False,
            citations=citations,
            searched=searched,
        )

    def compare(self, question: str, hits_per_report: list[list[NodeWithScore]]) -> Answer:
        """A question about change between reports: the figure from each, each cited, and the
        difference when both are numbers."""
        searched = [s for hits in hits_per_report for s in _searched(hits)]
        q = self._analyse(question)
        found = [self._best(q, q, hits) for hits in hits_per_report]
        if any(f is None for f in found):
            missing = [i for i, f in enumerate(found) if f is None]
            names = "; ".join(
                _searched(hits_per_report[i])[0] for i in missing if hits_per_report[i]
            )
            return Answer(
                question=question,
                text=f"The reports do not contain both figures: nothing answers this in {names or 'one of the reports'}.",
                abstained=True,
                searched=searched,
            )
        pairs = [f for f in found if f is not None]
        parts = []
        for n, (candidate, citation) in enumerate(pairs, start=1):
            citation.n = n
            lead = candidate.lead or f"“{citation.quote}”"
            parts.append(f"{lead} [{n}] ({citation.date or citation.file})")
        text = " → ".join(parts)
        first, second = (candidate.value for candidate, _ in pairs)
        if first is not None and second is not None:
            unit = " points" if pairs[0][0].percent else ""
            text += f"; change: {second - first:+,.{_decimals(first, second)}f}{unit}"
        return Answer(
            question=question,
            text=text + ".",
            abstained=False,
            citations=[citation for _, citation in pairs],
            searched=searched,
        )

    def _best(
        self,
        q: _Question,
        focus: _Question,
        hits: list[NodeWithScore],
        taken: frozenset[str] | set[str] = frozenset(),
    ) -> tuple[_Candidate, Citation] | None:
        """The best-supported candidate whose quote is verified on its page, if any is strong
        enough. Evidence is weighed against the whole question `q`; the figure is the one
        `focus` (one part of the question) asks for."""
        candidates: list[_Candidate] = []
        for rank, hit in enumerate(hits):
            node = hit.node
            assert isinstance(node, TextNode)
            if node.metadata.get("kind") == "table":
                candidates.extend(self._table_candidates(q, focus, node, rank))
            else:
                candidates.extend(self._sentence_candidates(q, focus, node, rank))
        candidates.sort(key=lambda c: c.score, reverse=True)
        for candidate in candidates:
            if candidate.coverage < self._min_evidence:
                break
            if candidate.lead in taken:
                continue
            citation = self._verified_citation(candidate)
            if citation is not None:
                return candidate, citation
        return None

    def names_known(self, question: str) -> Callable[[str], float]:
        """For a report id, the share of the places and organisations the question names that
        the report mentions (1.0 when it names none): which series "the latest" report means."""
        q = self._analyse(question)

        def known(report_id: str) -> float:
            if not q.required:
                return 1.0
            counts = self._report_terms(report_id)
            found = sum(any(counts[f] for f in q.equivalents[n]) for n in q.required)
            return found / len(q.required)

        return known

    # -- the question ------------------------------------------------------------------------

    def _analyse(self, question: str) -> _Question:
        language = detect_language(question)
        words = re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", question)
        # Months are the report's date, which picks the report; they are not words to find.
        content = [
            w
            for w in words
            if w.lower() not in _QUESTION_WORDS | MONTHS.keys() and not _ORDINAL.fullmatch(w)
        ]
        forms = self._tokenize.forms(" ".join(content), language)
        terms = {t for t in forms if not t[0].isdigit()}
        names = [
            w
            for i, w in enumerate(words)
            if (w[:1].isupper() and i > 0 or (w.isupper() and len(w) > 1))
            and w.lower() not in MONTHS
            and w.lower() not in _QUESTION_WORDS
        ]
        required = {t for t in self._tokenize(" ".join(names), language) if t in terms}
        # A term matches evidence in any language: its own stems there, and the glossary's.
        equivalents = {t: self._translations(forms[t]) for t in terms}
        return _Question(
            question,
            language,
            terms,
            required,
            wants_number=bool(_NUMBER_CUES.search(question)),
            wants_share=bool(_SHARE_CUES.search(question)),
            wants_total=bool(_TOTAL_CUES.search(question)),
            counted=self._counted(question, language),
            done=self._done(question, language),
            stated={f.value for f in find_figures(question)},
            # A word is as rare as its commonest form: an unseen Spanish `notificado` weighs what
            # the corpus's `reported` does.
            weights={t: min(self._weight(e) for e in equivalents[t]) for t in terms},
            equivalents=equivalents,
            expanded={e for group in equivalents.values() for e in group},
        )

    def _translations(self, forms: set[str]) -> set[str]:
        """A word's stems in every language with the glossary's equivalents of each."""
        return {e for form in forms for e in self._equivalents(form)}

    def _counted(self, question: str, language: str) -> list[set[str]]:
        """The words a count question counts: `confirmed cases` in "how many confirmed cases had
        Ituri recorded?", each with its forms in every language; empty when it does not say."""
        m = _COUNT_OF.search(question)
        if not m:
            return []
        words = []
        for word in m.group(1).split()[:3]:
            if word.lower() in _QUESTION_WORDS or not self._tokenize(word, language):
                break
            words.append(word)
        forms = self._tokenize.forms(" ".join(words), language)
        return [self._translations(group) for group in forms.values()]

    def _done(self, question: str, language: str) -> set[str]:
        """The participle of a count question ("how many people were *vaccinated*", "combien de
        personnes avaient été *vaccinées*"), with its forms in every language; empty if none."""
        m = _COUNT_OF.search(question)
        words = m.group(1).split() if m else []
        after_auxiliary = False
        for word in words:
            low = word.lower().strip("'’")
            if low in _AUXILIARIES:
                after_auxiliary = True
            elif after_auxiliary:
                if low in _QUESTION_WORDS or not self._tokenize(word, language):
                    return set()
                forms = self._tokenize.forms(word, language)
                return {e for group in forms.values() for e in self._translations(group)}
        return set()

    # -- candidates --------------------------------------------------------------------------

    def _context_terms(self, node: TextNode, language: str) -> set[str]:
        meta = node.metadata
        return set(self._tokenize(f"{meta.get('title', '')} {meta.get('section', '')}", language))

    def _setting(self, q: _Question, node: TextNode) -> _Setting:
        """What every candidate of one chunk shares, worked out once per chunk."""
        meta = node.metadata
        language = str(meta.get("language") or "en")
        counts = self._report_terms(str(meta.get("report_id")))
        publisher = " ".join(publisher_names(str(meta.get("publisher") or "")))
        about = f"{meta.get('title', '')} {meta.get('file', '')} {publisher}"
        words = {w for lang in LANGUAGES for w in self._tokenize(about, lang)}
        return _Setting(
            language=language,
            passage=set(self._tokenize(node.text, language)),
            heading=self._context_terms(node, language),
            counts=counts,
            # Words of the report's title, file name or publisher say which report the question
            # means rather than what it asks: once the report is found they count neither way.
            identity=frozenset(t for t in q.terms if q.equivalents[t] & words),
            # Names the report is about (three times or more): a passage that does not repeat
            # them may still be about them, so they count half.
            subjects={
                e
                for t in q.required
                if max(counts[f] for f in q.equivalents[t]) >= 3
                for e in q.equivalents[t]
            },
        )

    def _names_present(self, q: _Question, found: set[str], chunk: _Setting) -> bool:
        """Every place or organisation the question names must be in the evidence, its passage,
        section or title, name the report or its publisher, or be a main subject of the report
        (named at least three times in it): an answer about Tripoli is no answer to a question
        about Benghazi."""
        missing = {name for name in q.required if not q.equivalents[name] & found}
        missing -= chunk.identity
        return all(
            q.equivalents[name] & chunk.passage
            or max(chunk.counts[f] for f in q.equivalents[name]) >= 3
            for name in missing
        )

    def _coverage(
        self, q: _Question, own: set[str], context: set[str], identity: frozenset[str] = frozenset()
    ) -> float:
        """Share of the question's terms, weighted by rarity, found in the evidence (context half);
        terms that only identify the report count neither way."""
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
        return (matched + 0.5 * near) / sum(counted.values())

    def _counts_fit(self, focus: _Question, words: set[str]) -> float:
        """How well a figure's own words (its unit, or its column's name) say what the question
        counts: the share of the counted words they name, else of all the question's terms."""
        if focus.counted:
            return sum(bool(group & words) for group in focus.counted) / len(focus.counted)
        return self._coverage(focus, words, set())

    def _sentence_candidates(
        self, q: _Question, focus: _Question, node: TextNode, rank: int
    ) -> list[_Candidate]:
        chunk = self._setting(q, node)
        language, heading, identity = chunk.language, chunk.heading, chunk.identity
        # The passage around a sentence (the rest of its chunk) counts as context: a question
        # often says which update it means by another fact of the same paragraph.
        context = heading | chunk.subjects | chunk.passage
        out = []
        for line in node.text.split("\n"):
            for sentence in split_sentences(line):
                own = set(self._tokenize(sentence, language))
                if not self._names_present(q, own | context, chunk):
                    continue
                if focus.done and not focus.done & (own | heading):
                    continue  # "32 people sensitised" does not say how many were vaccinated
                figures = [
                    f
                    for f in find_figures(sentence)
                    if f.percent == focus.wants_share and f.value not in q.stated
                ]
                if focus.wants_number and not figures:
                    continue
                coverage = self._coverage(q, own, context, identity)
                lead, unit_fit, figure = "", 0.0, None
                if focus.wants_number:
                    figure = _asked_figure(
                        sentence, figures, focus.expanded, self._tokenize, language
                    )
                    if figure is None:
                        continue  # no figure sits near what the question asks about
                    lead = f"{figure.text} {figure.unit}".strip()
                    unit_terms = set(self._tokenize(lead, language))
                    unit_fit = self._counts_fit(focus, unit_terms)
                    # What the figure counts, read a little past its unit (`liters per day`).
                    around = set(
                        self._tokenize(" ".join(sentence[figure.end :].split()[:3]), language)
                    )
                    counted = set().union(*focus.counted) if focus.counted else focus.expanded
                    if figure.unit and not around & counted:
                        continue  # `3 provinces` counts provinces, not the cases asked about
                quote = _clip(sentence, lead)
                # The figure whose own words (`2,700 hygiene kits`) are the question's ranks first.
                score = coverage + 0.1 / (1 + rank) + 0.3 * unit_fit
                out.append(
                    _Candidate(
                        node,
                        rank,
                        quote,
                        coverage,
                        score,
                        lead,
                        value=figure.value if figure else None,
                        percent=bool(figure and figure.percent),
                    )
                )
        return out

    def _table_candidates(
        self, q: _Question, focus: _Question, node: TextNode, rank: int
    ) -> list[_Candidate]:
        chunk = self._setting(q, node)
        language = chunk.language
        try:
            table = json.loads(str(node.metadata.get("table") or "{}"))
        except ValueError:
            return []
        header: list[str] = table.get("header") or []
        rows: list[list[str]] = table.get("rows") or []
        caption = str(table.get("caption") or "")
        context = chunk.heading | set(self._tokenize(caption, language))
        header_terms = [set(self._tokenize(h, language)) for h in header]
        question_words = _label_words(q.text)
        # Every word of the question part, "total" and "new" included, to tell columns apart.
        asked_words = set(self._tokenize(focus.text, focus.language))
        out = []
        for row in rows:
            label = next((cell for cell in row if cell), "")
            label_terms = set(self._tokenize(label, language))
            # The column whose name holds the question's rarest words, with the fewest words it
            # does not use; a rate is read from a column of percentages, a count from one without.
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
                if row[c] and row[c] != label and _is_share(row[c]) == focus.wants_share
            ]
            if not columns:
                continue
            overlap, _, column = max(columns)
            column = -column
            if overlap == 0 and len(header) > 2:
                continue  # the question names none of the columns (a two-column table is
                # name and value: its row label says what the value is)
            # A cell means its row, its column, the row-label column and the table's caption.
            own = label_terms | header_terms[column] | header_terms[0] | context
            if not self._names_present(q, own, chunk):
                continue
            # The row's other columns count half: "cases, and deaths?" is one row of two columns.
            row_headers = {
                t for c, terms in enumerate(header_terms) if c < len(row) and row[c] for t in terms
            }
            coverage = self._coverage(q, own, chunk.subjects | row_headers, chunk.identity)
            total_row = q.wants_total and bool(_TOTAL_ROW.match(label))
            if total_row:
                coverage = min(1.0, coverage + 0.2)  # "across the three provinces" is the Total row
            label_words = _label_words(label)
            unasked = 0 if total_row else len(label_words - question_words)
            label_fit = len(label_words & question_words) - 0.5 * unasked
            quote = " ".join(cell for cell in row if cell)
            lead = f"{header[column]}, {label}: {row[column]}"
            column_fit = self._coverage(focus, header_terms[column], set())
            score = coverage + 0.1 / (1 + rank) + 0.1 + 0.3 * column_fit + 0.05 * label_fit
            note = (
                f"table “{caption}”"
                if caption
                else f"table in {node.metadata.get('section') or 'the report'}"
            )
            cell = find_figures(row[column], words=False)
            value = cell[0].value if len(cell) == 1 else None
            out.append(
                _Candidate(node, rank, quote, coverage, score, lead, note, value, focus.wants_share)
            )
        return out

    # -- verification ------------------------------------------------------------------------

    def _verified_citation(self, candidate: _Candidate) -> Citation | None:
        """A citation whose quote is found verbatim on a stored page of the report, or None."""
        meta = candidate.node.metadata
        first, last = int(meta.get("page") or 1), int(meta.get("page_end") or meta.get("page") or 1)
        pages = self._page_texts(str(meta.get("version")), list(range(first, last + 1)))
        quote = _squash(candidate.quote)
        for page in range(first, last + 1):
            if quote and quote in _squash(pages.get(page, "")):
                return Citation(
                    n=1,
                    file=str(meta.get("file")),
                    page=page,
                    page_end=page,
                    section=str(meta.get("section") or ""),
                    quote=quote,
                    title=str(meta.get("title") or ""),
                    date=str(meta.get("date") or ""),
                    report_id=str(meta.get("report_id")),
                )
        return None


_NEGATIONS = {"no", "non", "not", "outside", "without", "hors", "sin", "fuera", "excluding"}


def _label_words(text: str) -> set[str]:
    """Lower-case words for matching row labels, every negation as `no` ("non-RMRP" and "outside
    the RMRP" both mean the `NO RMRP` row)."""
    words = re.findall(r"[^\W_]+", text.lower())
    return {"no" if w in _NEGATIONS else w for w in words}


def _is_share(cell: str) -> bool:
    return cell.rstrip().endswith("%") or bool(re.search(r"\d\s?%\s*\)?\s*$", cell))


_PART_BREAK = re.compile(
    r",?\s+(?:and|et|y)\s+(?=(?:how|what|which|combien|quel|quelle|quels|quelles|cu[aá]nt|qu[eé])\b)",
    re.I,
)


def _parts(question: str) -> list[str]:
    """A question that asks for several things ("how many cases, and how many deaths?") cut
    into its parts; a one-part question is its own only part."""
    return [p for p in _PART_BREAK.split(question) if p.strip()]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _asked_figure(
    sentence: str, figures: list[Figure], terms: set[str], tokenize: Tokenizer, language: str
) -> Figure | None:
    """The figure the question asks about: the one nearest to the question's words, those after
    it (`2,700 hygiene kits`) closer than those before."""
    best, best_distance = None, 10**6
    for fig in figures:
        after = sentence[fig.end : fig.end + 60]
        before = sentence[max(0, fig.start - 40) : fig.start]
        distance = 10**6
        for word in re.finditer(r"[^\W\d_]+", after):
            if set(tokenize(word.group(0), language)) & terms:
                distance = word.start()
                break
        for word in re.finditer(r"[^\W\d_]+", before):
            if set(tokenize(word.group(0), language)) & terms:
                distance = min(distance, len(before) - word.end() + 15)
        if distance < best_distance:
            best, best_distance = fig, distance
    return best


def _clip(sentence: str, lead: str) -> str:
    """A long sentence cut to the clauses around the figure, as a verbatim substring."""
    if len(sentence) <= _MAX_QUOTE:
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
        if right < len(spans) and spans[right][1] - start <= _MAX_QUOTE:
            end, right, grown = spans[right][1], right + 1, True
        if left >= 0 and end - spans[left][0] <= _MAX_QUOTE:
            start, left, grown = spans[left][0], left - 1, True
        if not grown:
            break
    return sentence[start:end].strip(" ,;:")


def _decimals(*values: float) -> int:
    return 1 if any(v != int(v) for v in values) else 0


def _date_note(citation: Citation) -> str:
    return f" (report dated {citation.date})" if citation.date else ""


def _answer_text(candidate: _Candidate, citation: Citation) -> str:
    if candidate.table_note:
        return f"{candidate.lead} [1] — {candidate.table_note}{_date_note(citation)}."
    if candidate.lead:
        return f"{candidate.lead}: “{citation.quote}” [1]{_date_note(citation)}."
    return f"“{citation.quote}” [1]{_date_note(citation)}."


def _searched(hits: list[NodeWithScore]) -> list[str]:
    seen: dict[str, str] = {}
    for hit in hits:
        meta = hit.node.metadata
        rid = str(meta.get("report_id"))
        if rid not in seen:
            title = str(meta.get("title") or meta.get("file"))
            seen[rid] = f"{title} ({meta['date']})" if meta.get("date") else title
    return list(seen.values())


def _abstention_text(searched: list[str]) -> str:
    if not searched:
        return "No report in the library matches this search, so there is nothing to answer from."
    shown = "; ".join(searched[:5])
    more = f" and {len(searched) - 5} more" if len(searched) > 5 else ""
    return f"The reports do not contain an answer to this question. Searched: {shown}{more}."
