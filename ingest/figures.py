"""The figures a report states: every quantity in a text, with its value and what it counts.

Reports write the same number in many ways (`2,700`, `2 700`, `2.700`, `15,4%`, `22.2 million`,
`45 per cent`, `Trente-cinq (35)`, `two-thirds`), and surround it with numbers that count
nothing: years, dates, clock times, labels (`Table 2`, `week 6`, `Phase 3`), note markers
(`[3]`), section numbers (`4.1 In the week`) and codes (`COVID-19`, `OBR2`). This module is the
one place that tells them apart, so the answerer and the evaluations agree on what a figure is.

The choices follow how experts annotated the quantities of HumSet excerpts (see
`evals/figures.py`): percentages, amounts of money, ranges (`6-59 months`: two figures) and small
numbers in words count; years, dates, labels and ordinals (`first`, `3rd`) do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.metadata import MONTHS
from ingest.number_words import NUMBER_WORDS, read_number_words

__all__ = ["Figure", "find_figures", "parse_number", "unit_after"]


@dataclass(frozen=True)
class Figure:
    """One quantity as written in a text, and what it counts."""

    text: str  # exactly as written: `2,700`, `15,4%`, `22.2 million`, `45 per cent`, `five`
    start: int  # offsets of `text` in the input
    end: int
    value: float  # 2700.0, 15.4, 22200000.0, 45.0, 5.0
    percent: bool
    unit: str  # what it counts: `hygiene kits`, `cas confirmés`, `USD`; "" if not said


# --- numbers in digits ---------------------------------------------------------------------------

_SPACE = "[ \u00a0\u202f]"  # thousands may be grouped by a space, a no-break or a narrow space
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 2,700  1,234.5
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 2.700  1.234,5 (European)
    rf"|\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:[.,]\d+)?"  # 95 333  1 234,5
    r"|\d+(?:[.,]\d+)?"  # 2700  15,4  0.5
)
_MULTIPLIERS = {
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "million": 1e6,
    "millions": 1e6,
    "millón": 1e6,
    "millon": 1e6,
    "millones": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "mil": 1e3,  # Spanish: `5 mil personas`
    "lakh": 1e5,  # South Asia: `1.2 lakh`
}
_MULTIPLIER = r"(?-i:M)\b|" + "|".join(
    rf"{w}\b" for w in sorted(_MULTIPLIERS, key=len, reverse=True) if w != "m"
)
_PERCENT = r"%|per\s?cent\b|percent\b|pour\s?cent\b|por\s?ciento\b"
# Currency codes may be glued to the amount (`LBP3,900`); other letters make a code (`OBR2`).
_CODES = (
    "USD|EUR|GBP|CHF|SYP|SSP|SDG|BDT|AFN|AFS|XAF|XOF|CFA|CDF|COP|PEN|VES|BRL|NGN|YER|ETB|KES|UGX|"
    "LBP|JOD|IQD|HTG|MXN|GTQ|HNL|INR|PKR|MMK|SOS|TRY"
)
_NUMBER = re.compile(
    # not inside a word, a code or a date: `OBR2`, `COVID-19`, `1.2.3`, `11:00`, `30/08`
    rf"(?:(?<![\w.,/:])(?<![^\W\d_][\-–])(?<![^\W\d_][\-–] )|(?<={_CODES}))(?P<num>{_DIGITS})"
    rf"(?:{_SPACE}?(?P<mult>{_MULTIPLIER}))?"
    rf"(?:{_SPACE}?(?P<pct>{_PERCENT}))?",
    re.I,
)
# Letters glued to a number are a unit (`60kg`, `10L`, `30SSP`, `15years`) unless they make it a
# code (`1E`, `8W`), an ordinal (`3rd`) or a clock time (`10am`).
_GLUED_UNIT = re.compile(r"[a-zµ]{2,}|[A-Z]{3}|[lLgmt]\b|ml|km|kg|MT")
_NOT_GLUED_UNIT = re.compile(r"st|nd|rd|th|er|ème|eme|am|pm", re.I)

_CURRENCY = rf"US\$|[A-Z]{{1,2}}\$|[$€£₦৳]|F?CFA|{_CODES}|Tk|Bs\.?|naira"
_CURRENCY_BEFORE = re.compile(rf"(?:(?<![\w$])(?:{_CURRENCY})){_SPACE}?$")

# --- what is not a quantity --------------------------------------------------------------------

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"\d{1,2}(?:st|nd|rd|th|er)?"
_TO = r"\s*(?:[-–]|to|and|&|au|et|al|y|a)\s*"
# `9 June`, `9th June`, `9-12 June`, `1 to 31 July`, `el 8 de junio`, `19FEB`
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th|er)?(?:{_TO}{_DAY})?\s*(?:de\s+)?(?:{_MONTH})\b", re.I)
# `June 9`, `June 5th - 12th`
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH})\.?\s*(?:{_DAY}{_TO})?$", re.I)
_DATE_NUMERIC = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{4}\b"
)
# Numbers that name things rather than count them: `Table 2`, `week 6`, `camps 8E, 9 and 10`.
_LABELS = (
    r"figures?|fig\.?|tables?|tableau|cuadro|graph|chart|annex|annexe|anexo|pages?|p\.|pp\.|"
    r"n°|no\.|nº|num\.|#|weeks?|semaines?|semanas?|edition|sitrep|report|rapport|informe|"
    r"phases?|fase|levels?|niveau|nivel|grades?|camps?|zones?|sectors?|round|wave|version|"
    r"articles?|art\.|art[ií]culo|sections?|chapters?|steps?|priority|resolution|decree|regions?|"
    r"groups?|objectives?|pillars?|quarter|trimestre|ipc|covid|mile|kilo|street|road|"
    r"block|blocks|ward|lot|plot|per"
)
# A label also names the numbers listed after it (`Figures 6 to 9`, `camps 8E, 9 and 10`), but a
# comma continues the list only after a plural (`camp 1E, 7 from camp 1W` counts 7 people).
_LISTED = r"\(?\d{1,3}[A-Z]?\)?\s*(?:,|&|\+|and|or|to|-|–|et|ou|à|y|o)?\s*"
_LABEL_BEFORE = re.compile(rf"\b(?P<label>{_LABELS})\s*(?:[-–:]\s*)?(?:{_LISTED})*$", re.I)
_CLOCK_AFTER = re.compile(r"(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.|cet|cest|gmt|utc)\b|h\d\d", re.I)
# Words that open a sentence: after one, a number between sentences is a note marker.
_OPENERS = set(
    """
    however despite additionally furthermore moreover meanwhile although though finally again
    therefore thus indeed overall similarly nevertheless still then yet currently according
    """.split()
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_SENTENCE_END = re.compile(r"(?:^|[.!?;:•▪\n])[\s\"”)]*$")


def parse_number(text: str) -> float:
    """`2,700` -> 2700, `95 333` -> 95333, `2.700` -> 2700, `15,4` -> 15.4, `0.125` -> 0.125.

    A lone `,` or `.` followed by exactly three digits groups thousands (reports rarely give three
    decimals), unless the whole part is 0; where both appear, the last one is the decimal mark.
    """
    digits = re.sub(r"[ \u00a0\u202f]", "", text)
    marks = [c for c in digits if c in ".,"]
    if not marks:
        return float(digits)
    last = digits.rfind(marks[-1])
    if len(set(marks)) == 2 or (
        len(marks) == 1 and (len(digits) - last - 1 != 3 or digits[:last] == "0")
    ):
        return float(re.sub(r"\D", "", digits[:last]) + "." + digits[last + 1 :])
    return float(re.sub(r"\D", "", digits))


def _is_quantity(text: str, match: re.Match[str]) -> bool:
    """Not a year, a date, a clock time, a label, a note marker, a section number or a code."""
    number, start, end = match.group("num"), match.start(), match.end()
    before = text[max(0, start - 40) : start]
    after = text[end : end + 30]
    if match.group("mult") or match.group("pct"):
        return not re.match(r"[\w\-–]", after) or bool(re.match(r"[\-–][^\W\d_]", after))
    glued = re.match(r"[^\W\d_]+", after)
    if glued and (
        not _GLUED_UNIT.fullmatch(glued.group(0)) or _NOT_GLUED_UNIT.fullmatch(glued.group(0))
    ):
        return False
    if re.match(r"[.,]?\d|/\d|:\d|\(cid", after) or re.search(r"\(cid:$", before):
        return False
    if re.fullmatch(r"\d{7,}", number):  # a phone number or an identifier, not a count
        return False
    if _CURRENCY_BEFORE.search(before):
        return True
    if _YEAR.fullmatch(number) or re.fullmatch(r"(?:19|20)\d\d\.\d{1,3}", number):
        return False  # a year, or a year with a note number glued to it: `since 2009.7`
    if _MONTH_AFTER.match(after) or _MONTH_BEFORE.search(before) or _CLOCK_AFTER.match(after):
        return False
    if text[start - 1 : start] == "[" and after.startswith("]"):
        # `Borno [82]`, after a name, is a count; `as reported [3]` or `text[3]` is a note marker
        return bool(re.search(r"\b[A-Z][a-z]+ \[$", before))
    if _is_label(before, number):
        return False
    if text[start - 1 : start] in {")", "”", '"'}:
        return False  # a note marker glued to the text: `trucks)8`
    return not _is_heading(number, before, after)


def _is_label(before: str, number: str = "") -> bool:
    """Whether `before` ends with a label naming the number that follows (`Table `, `camps 8E, `).
    A number listed after a label is a short plain number: `Round 24 to 373,709 IDPs` counts."""
    label = _LABEL_BEFORE.search(before)
    if not label:
        return False
    listed = label.group(0)[len(label.group("label")) :]
    if re.search(r"\d", listed) and not re.fullmatch(r"\d{1,3}", number or "1"):
        return False
    return "," not in listed or label.group("label").lower().endswith("s")


def _is_heading(number: str, before: str, after: str) -> bool:
    """A section number (`4.1 In the week`), a list item (`; 2. Risk communication`) or a note
    marker between sentences (`in 2020. 37 Among the`): numbers that come before a capital."""
    if not re.fullmatch(r"\d{1,3}(?:\.\d{1,2})?", number):
        return False
    if "." in number:
        return bool(re.match(r"\.?\s+[A-Z][a-z]*\s+[a-z\d]|\.\s+[A-Z]", after)) and not re.search(
            r"[a-z]\s*$", before
        )
    if not _SENTENCE_END.search(before):
        return False
    if re.match(r"\.\s+[A-Z]|\.?\s*$", after):
        return True  # `; 2. Risk communication`, `as reported. 37` at the end
    opener = re.match(r"\s+([A-Z][a-z]*)\b", after)  # `in 2020. 37 Among the`, not `93 HHs`
    return opener is not None and opener.group(1).lower() in _STOP | _OPENERS


def _digit_figures(text: str) -> list[Figure]:
    dates = [m.span() for m in _DATE_NUMERIC.finditer(text)]
    figures = []
    for match in _NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in dates) or not _is_quantity(text, match):
            continue
        value = parse_number(match.group("num"))
        if match.group("mult"):
            value *= _MULTIPLIERS[match.group("mult").lower()]
        figures.append(
            Figure(
                text=match.group(0),
                start=match.start(),
                end=match.end(),
                value=value,
                percent=bool(match.group("pct")),
                unit=_unit(text, match.start(), match.end()),
            )
        )
    return figures


# --- numbers in words ----------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
_ONE_NOT_A_COUNT = re.compile(
    r"(?i:(?:\b(?:no|any|every|each|a|the|this|that|which|is|least|to)\s+)$)"
)
_ONE_AFTER = re.compile(r"\s+(?:of|or|another|by|on|to)\b|-|\s*[,.;:)]", re.I)


def _word_figures(text: str) -> list[Figure]:
    """Numbers written in words (`five`, `thirty-seven`, `two-thirds`, `three million`)."""
    words = list(_WORD.finditer(text))
    figures = []
    i = 0
    while i < len(words):
        found = read_number_words(text, words, i)
        if found is None:
            i += 1
            continue
        j, value = found
        start, end = words[i].start(), words[j - 1].end()
        i = j
        pct = re.match(rf"{_SPACE}?(?:{_PERCENT})", text[end:], re.I)
        percent = pct is not None
        if pct:
            end += pct.end()
        restated = re.match(r"\s*\((\d+(?:[.,]\d+)?)\s?(%)?\)", text[end:])
        if restated and parse_number(restated.group(1)) == value:
            end += restated.end()  # `Trente-cinq (35)`, `Two (02)`: one figure, words and digits
            percent = percent or restated.group(2) is not None
        before, after = text[max(0, start - 40) : start], text[end : end + 30]
        lone_one = text[start:end].lower() == "one"
        if lone_one and (_ONE_NOT_A_COUNT.search(before) or _ONE_AFTER.match(after)):
            continue
        if _is_label(before) or _MONTH_AFTER.match(after) or re.match(r"-\d", after):
            continue
        figures.append(
            Figure(text[start:end], start, end, float(value), percent, _unit(text, start, end))
        )
    return figures


# --- units ---------------------------------------------------------------------------------------

_STOP = set(
    """
    a an the and or but of in on at to from for by with as than that which who whom whose this
    these those is are was were be been being has have had will would could should may might
    it its their his her our they them we he she there here per each every all some any no not
    more less over under about around nearly almost only also including while whereas since
    during between among across into within out up down compared respectively reported such
    said says stated indicated indicates mentioned noted agreed according whereby
    higher lower below above last next where when through throughout daily weekly monthly
    yearly annually remain remains remained continue continues live lives
    le la les des du de d un une et ou au aux en dans par pour sur avec sans sont est ont
    el los las del y o con por para sin son es han
    """.split()
)
_OF = re.compile(
    r"^\s*(?:(?:of|de|del|des)\s+|d['’])(?:(?:the|all|these|those|les|la|los|las)\s+)?", re.I
)
_UNIT_WORD = re.compile(r"[^\W\d_][\w'’/-]*")
_CONNECTORS = {"of", "de", "del", "d'"}
_VERB_FORM = re.compile(r"[a-z](?:ed|ing)$")


def unit_after(text: str, end: int, max_words: int = 3) -> str:
    """The words right after a figure that say what it counts: `2,700 hygiene kits` -> `hygiene
    kits`, `45% of households` -> `households`, `500 litres of diesel` -> `litres of diesel`.

    Up to `max_words` words on each side of an `of` kept between two words that name the thing
    counted, stopping at punctuation, a number or a function word (`were`, `in`)."""
    rest = _OF.sub(" ", text[end : end + 80])
    words: list[str] = []
    phrase = 0  # words of the current phrase
    for token in re.finditer(r"\S+", rest):
        raw = token.group(0)
        word = raw.strip("()[]“”\"'.,;:!?")
        if not word or not _UNIT_WORD.fullmatch(word) or raw.startswith(("(", "[")):
            break
        lower = word.lower()
        if lower in _CONNECTORS and words:
            words.append(word)
            # What follows `of` is a phrase of its own: `cases of acute watery diarrhoea`.
            phrase = 0
            continue
        if lower in _STOP or lower in NUMBER_WORDS or (words and _VERB_FORM.search(word)):
            break  # `1,200 people displaced by`: the unit is `people`
        words.append(word)
        phrase += 1
        if phrase >= max_words or raw != word:
            break  # enough words, or punctuation ends the phrase
    # A unit names a thing: `1,200 people displaced` counts people, `312 departed` says nothing.
    while words and (words[-1].lower() in _CONNECTORS or _VERB_FORM.search(words[-1])):
        words.pop()
    return " ".join(words)


def _unit_before(text: str, start: int, max_words: int = 3) -> str:
    """For a figure in brackets, the noun it restates: `surveyed households (53 percent)`."""
    head = re.search(r"([^\W\d_][\w'’ -]*?)\s*\($", text[max(0, start - 60) : start])
    if not head:
        return ""
    words: list[str] = []
    for word in reversed(head.group(1).split()):
        if word.lower() in _STOP or word[0].isupper() or len(words) == max_words:
            break
        words.insert(0, word)
    return " ".join(words)


def _unit(text: str, start: int, end: int) -> str:
    """A currency written before the figure (`USD 14 million`), else the words after it, else
    for a figure in brackets the words before them."""
    currency = _CURRENCY_BEFORE.search(text, max(0, start - 8), start)
    if currency:
        return currency.group(0).strip()
    glued = re.match(r"[^\W\d_]+", text[end:])
    if glued:  # `60kg of rice`
        return glued.group(0)
    unit = unit_after(text, end)
    if not unit:  # the first figure of a range takes the unit of the last: `6-59 months`
        rest = re.match(r"\s*(?:[-–]|to|and|à|a|y)\s*\d[\d,.]*\s?%?", text[end : end + 30])
        unit = unit_after(text, end + rest.end()) if rest else ""
    if not unit and text[end : end + 2] == ") ":  # `Trente-cinq (35) nouveaux cas`
        unit = unit_after(text, end + 1)
    return unit or _unit_before(text, start)


# --- all figures ---------------------------------------------------------------------------------


def find_figures(text: str, *, words: bool = True) -> list[Figure]:
    """Every quantity in `text`, in order. With `words`, numbers spelled out (`five`, `half`)
    count too, and `Trente-cinq (35)` is one figure of value 35 (without `words`, the figure is
    `35`); otherwise digits win over words that overlap them."""
    figures = _digit_figures(text)
    if words:
        spelled = _word_figures(text)
        restating = [f for f in spelled if f.text.endswith(")")]
        figures = [f for f in figures if not any(_overlap(f, r) for r in restating)]
        figures += [
            f for f in spelled if f in restating or not any(_overlap(f, d) for d in figures)
        ]
    return sorted(figures, key=lambda f: f.start)


def _overlap(a: Figure, b: Figure) -> bool:
    return a.start < b.end and b.start < a.end
