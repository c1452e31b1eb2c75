"""A report at a glance, in its own words: the figures it puts up front (its key-figures box, its
first page's summary, or its first chunks when it is one page long), each as it is printed with
what it counts, then one sentence per main section. Nothing is written that the report does not
say; every statement quotes its source."""

from __future__ import annotations

import re

from app.extractive.candidates import CLAUSE_END, EARLIER, PUNCTUATION, cell_value
from app.extractive.wording import cell_lead, clip
from app.reader import Statement, cited
from app.targets import DAYS_OF_MONTH
from index import Hit
from index.lexical import STOPWORDS
from ingest.figures import Figure, find_figures
from ingest.metadata import REPORT_NUMBER, without_dates
from ingest.units import text_units

MAX_FIGURES = 30  # headline figures shown at most (WHO's boxes list every region)
MAX_SECTIONS = 10  # sections with a sentence each at most
FRONT_CHUNKS = 3  # where a report has one page, its first chunks are its front
MIN_SENTENCE_WORDS = 8  # a section's sentence says something (not a heading or a caption)
LEAD_WORDS = 10  # words before a sentence's figure that its lead keeps (where and what)


def headline_figures(hits: list[Hit], language: str) -> list[Statement]:
    """The figures of the report's front, each once: those of a key-figures box first, then a
    table's cells under their column's name, then the figures of its sentences that say what
    they count (a unit, or a percentage)."""
    front = _front(hits)
    ranked = [
        (hit, found)
        for kind in (_box_figures, _table_figures, _sentence_figures)
        for hit in front
        for found in kind(hit, language)
    ]
    out: list[Statement] = []
    seen: set[float] = set()
    for hit, (value, lead, quote, measure) in ranked:
        if value not in seen:
            seen.add(value)
            out.append(cited(hit, quote, f"{lead} [#]", value=value, measure=measure))
    return out[:MAX_FIGURES]


def section_sentences(hits: list[Hit]) -> list[Statement]:
    """One sentence for each main section after the front: its first sentence long enough to
    say something, preferring one with a figure."""
    front = {h.chunk_id for h in _front(hits)}
    by_section: dict[str, list[str]] = {}
    first_hit: dict[str, Hit] = {}
    for hit in hits:
        if hit.chunk_id in front or hit.kind == "table" or not hit.section:
            continue
        first_hit.setdefault(hit.section, hit)
        by_section.setdefault(hit.section, []).extend(
            u.text for u in text_units(hit.text) if len(u.text.split()) >= MIN_SENTENCE_WORDS
        )
    out = []
    for section, sentences in by_section.items():
        if not sentences:
            continue
        with_figure = [s for s in sentences if find_figures(without_dates(s))]
        sentence = (with_figure or sentences)[0]
        hit = next(
            (h for h in hits if h.section == section and sentence in h.text), first_hit[section]
        )
        quote = clip(sentence, "")
        out.append(cited(hit, quote, f"{section}: “{quote}” [#]"))
    return out[:MAX_SECTIONS]


def _front(hits: list[Hit]) -> list[Hit]:
    """The chunks of the report's first page with text, or, when it has one page (a text
    update), its first chunks and its tables: without a page to lead with, a short update puts
    its figures in a table wherever it ends up ("People reached" by sector, at its end)."""
    if not hits:
        return []
    last_page = max(h.page_end for h in hits)
    first_page = min(h.page for h in hits)
    if last_page == first_page:
        return hits[:FRONT_CHUNKS] + [h for h in hits[FRONT_CHUNKS:] if h.kind == "table"]
    return [h for h in hits if h.page == first_page]


Found = list[tuple[float, str, str, str]]  # (value, lead, quote, what it counts)


def _table_figures(hit: Hit, language: str) -> Found:
    """The figures of a table: each cell's under its column's name, with its row; a table
    with a row of figures only (a key-figures box drawn as a table) gives each with the words
    under it."""
    if hit.kind != "table" or hit.table is None:
        return []
    header, rows = hit.table.header, hit.table.rows
    found = []
    lines = [header, *rows]
    box = next((n for n, line in enumerate(lines) if _figures_only(line)), None)
    if box is not None:
        for c, cell in enumerate(lines[box]):
            value = cell_value(cell.strip(_MARKS)) if cell.strip() else None
            words = " ".join(row[c] for row in lines[box + 1 :] if c < len(row) and row[c])
            if value is not None:
                quote = " ".join(h for h in lines[box] if h)
                found.append((value, f"{cell} {words}".strip(), quote, words))
        return found
    for row in rows:
        label = next((cell for cell in row if cell), "")
        quote = " ".join(cell for cell in row if cell)
        for c in range(1, min(len(header), len(row))):
            if row[c] == label:
                continue
            for figure in find_figures(without_dates(row[c]), words=False):
                said = f"{figure.text} {figure.unit}".strip()
                lead = cell_lead(said, header[c], label, language)
                found.append((figure.value, lead, quote, f"{label} · {header[c]}"))
    return found


def _sentence_figures(hit: Hit, language: str) -> Found:
    """The figures in digits of a chunk's sentences that say what they count (a unit or the
    words after them, or a percentage), each led by its own words, what it counts and where
    ("In Eastmarch, 3,210 people remained displaced"); not dates or report numbers, nor a
    figure the report sets its news against ("down from 12,450 reported in Situation Report
    No. 3", "(from 7,820)"), which is an earlier report's."""
    if hit.kind == "table":
        return []
    found = []
    for unit in text_units(hit.text):
        sentence = unit.text
        numbers = [m.span() for m in REPORT_NUMBER.finditer(sentence)]
        numbers += [m.span() for m in DAYS_OF_MONTH.finditer(sentence)]  # "16 and 17 March"
        figures = [
            f
            for f in find_figures(without_dates(sentence), words=False)
            if not any(a <= f.start < b for a, b in numbers)
        ]
        for n, figure in enumerate(figures):
            counts = figure.unit or _words_after(sentence, figure.end)
            if not (counts or figure.percent) or EARLIER.search(sentence[: figure.start]):
                continue
            after = figures[n - 1].end if n else 0
            before = figures[n + 1].start if n + 1 < len(figures) else len(sentence)
            lead = _own_words(sentence, figure, after, before, counts)
            found.append((figure.value, lead, clip(sentence, lead), counts))
    return found


def _own_words(sentence: str, figure: Figure, after: int, before: int, counts: str) -> str:
    """The figure in the sentence's own words, verbatim: from the end of the figure before it
    (its clause's end) or the sentence's start, to the end of its own clause or the next
    figure, at most `LEAD_WORDS` words either side and without trailing function words."""
    left = 0
    if after:  # after another figure: its words run to its clause's end
        cut = CLAUSE_END.search(sentence, after, figure.start)
        left = cut.end() if cut else figure.start
    words = list(_WORD_SPAN.finditer(sentence, left, figure.start))
    cut_short = len(words) > LEAD_WORDS
    if cut_short:
        left = words[-LEAD_WORDS].start()
    end = figure.end
    if counts and sentence[figure.end :].lstrip().startswith(counts):
        end = sentence.index(counts, figure.end) + len(counts)
    # To the clause's punctuation: a conjunction may join what the figure counts ("rice and
    # vegetable fields"), unless the next figure follows it ("destroyed and a further 5,300").
    stop = PUNCTUATION.search(sentence, end, before)
    right = stop.start() if stop else before
    if not stop and before < len(sentence):
        joins = list(CLAUSE_END.finditer(sentence, end, before))
        right = joins[-1].start() if joins else right
    tail = list(_WORD_SPAN.finditer(sentence, end, right))[:LEAD_WORDS]
    while tail and tail[-1].group().lower() in _FUNCTION_WORDS:
        tail.pop()
    right = tail[-1].end() if tail else end
    lead = _LEADING_CONJUNCTION.sub("", sentence[left:right].strip(" ,;:([").rstrip("."))
    return ("… " if cut_short else "") + lead


def _words_after(sentence: str, end: int) -> str:
    """The words right after a figure, up to the next figure, punctuation or function word
    (`7736 confirmed`, where the figure's unit is not a noun; not `24,400 on`)."""
    m = _WORDS_AFTER.match(sentence, end)
    words = []
    for word in m.group(1).split() if m else []:
        if word.lower() in STOPWORDS:
            break
        words.append(word)
    return " ".join(words)


def _box_figures(hit: Hit, language: str) -> Found:
    """The figures of a key-figures box: lines that hold figures only (`598*`, `56,3%
    115(19,2%)`), as such boxes print them over or under their labels. Each is quoted with the
    label lines that follow it, the words the box gives them."""
    if hit.kind == "table":
        return []
    lines = [line.strip() for line in hit.text.split("\n")]
    found = []
    for n, line in enumerate(lines):
        figures = [(f.value, f.text) for f in find_figures(line, words=False)]
        rest = _FIGURE.sub(" ", line)
        lone = cell_value(line.strip(_MARKS))
        if lone is not None and not figures:
            figures = [(lone, line.strip(_MARKS))]
        if not figures or _LETTER.search(rest):
            continue
        labels = []
        for following in lines[n + 1 :]:
            if not following or _FIGURE.search(following):
                break
            labels.append(following)
        quote = clip(" ".join([line, *labels]), figures[0][1])
        found += [(value, text, quote, "") for value, text in figures]
    return found


def _figures_only(cells: list[str]) -> bool:
    """A table row of two figures or more and nothing else (a cell may say it is not
    available: `ND`, `NA`, `-`): a key-figures box drawn as a table."""
    filled = [c.strip(_MARKS) for c in cells if c.strip(_MARKS)]
    figures = sum(cell_value(c) is not None for c in filled)
    return figures >= 2 and all(cell_value(c) is not None or c.upper() in _MISSING for c in filled)


_MISSING = {"ND", "NA", "N/A", "-", "–"}
_MARKS = " *†‡"  # footnote marks beside a box's figure
_WORD_SPAN = re.compile(r"\S+")
_LEADING_CONJUNCTION = re.compile(r"^(?:and|or|et|ou|y|o)\s+", re.I)
# Words a lead does not end on: function words, and the prepositions the search's list lacks.
_FUNCTION_WORDS = STOPWORDS | {
    *("from", "across", "among", "into", "over", "under", "within", "per", "via"),
    *("depuis", "vers", "chez", "entre", "desde", "hacia", "hasta", "según", "durante"),
}
_WORDS_AFTER = re.compile(r"\s+([^\W\d_]+(?:[ '’-][^\W\d_]+){0,2})")
_FIGURE = re.compile(r"\d[\d\s.,]*%?")
_LETTER = re.compile(r"[^\W\d_]")
