"""What a question asks, read once and shared by the planner and the readers: its key terms in
every language with their rarity, the names it requires, what a count question counts, and the
numbers it states itself."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from index import TermStats
from index.gazetteer import Gazetteer
from index.lexical import LANGUAGES, Tokenizer
from index.words import WORD
from ingest.figures import find_figures
from ingest.metadata import MONTHS, all_dates, detect_language, report_number_mentions

# Words that shape a question but are not what it is about ("how did X change": the change is
# worked out from the figures, it is not a word to find in the text).
QUESTION_WORDS = set(
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
    published document bulletin edition tableau informe actualización
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
_AUXILIARIES = {"were", "was", "been", "being", "are", "is", "été", "sont", "étaient", "fueron"}
_AUXILIARIES |= {"fue", "sido"}
_COUNT_OF = re.compile(r"\b(?:how many|combien (?:de |d['’])|cu[aá]nt[oa]s)\s*([^?,;]+)", re.I)
# "what was the funding gap", "give me Peru's total confirmed cases", "quelle est la population":
# an open question, whose answer may be a figure or a name.
_OPEN = re.compile(
    r"\b(?:what|which|give me|list|quel(?:le)?s?|cu[aá]l(?:es)?|qu[eé]|dame|donne[sz]?-moi|indique[sz]?)"
    r"(?:\s+(?:is|was|were|are|did|does|est|était|étaient|sont|es|era|eran|fue|fueron))?"
    r"(?:\s+(?:the|its|their|le|la|les|l['’]|el|los|las|su|sus))?\s*([^?,;]+)",
    re.I,
)
_PLACES = (
    r"(?:provinces|regions|régions|zones|states|états|countries|pays|districts|provincias|"
    r"regiones|estados|pa[ií]ses|governorates|counties)"
)
_HOW_MANY = (
    r"(?:\d+|two|three|four|five|six|both|deux|trois|quatre|cinq|six|dos|tres|cuatro|cinco|seis)"
)
# "in total", "overall", "across the three provinces", "dans les provinces", "en las provincias":
# all places together, which tables print in their Total row.
_TOTAL_CUES = re.compile(
    r"\b(?:in total|overall|altogether|combined|au total|en tout|dans l'ensemble|en total|"
    r"en conjunto|(?:across|in|for|of|dans|pour|de|des|en|para|por)\s+(?:all\s+)?(?:the\s+|les\s+|las\s+|los\s+|"
    rf"toutes\s+les\s+|todas\s+las\s+)?(?:{_HOW_MANY}\s+)?{_PLACES})\b",
    re.I,
)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_ELISION = re.compile(r"^[^\W\d_]{1,2}['’](?=[^\W_])")  # `l'`, `d'`, `qu'` of "l'Ituri", "d'Haïti"
_ASKS_DATE = re.compile(
    r"\bwhen\b|\b(?:what|which|on what) (?:date|day)\b|\bquand\b|\bquel(?:le)? (?:date|jour)\b|"
    r"\bcu[aá]ndo\b|\bqu[eé] (?:fecha|d[ií]a)\b",
    re.I,
)
# English `which` before a noun picks one (or a few) of a kind: "which health zone", "in which
# district", "which two districts", "which of the provinces". (`what`, `quel` and `qué` before a
# noun as often ask for a quantity: "what volume", "quel montant".)
_WHICH_NOUN = re.compile(
    r"\bwhich\s+(?!(?:is|was|were|are|did|does|do|has|had|have|will|would|can|could)\b)[^\W_]",
    re.I,
)
# The question words: which one opens the question, or a clause of it.
_QUESTION_WORD = re.compile(
    r"\b(?:how|what|which|who|whom|whose|where|when|why|combien|quel(?:le)?s?|qui|où|quand|"
    r"cu[aá]nt[oa]s?|cu[aá]l(?:es)?|qu[eé]|qui[eé]n(?:es)?|d[oó]nde|cu[aá]ndo)\b",
    re.I,
)
# "which three countries", "quelles sont les deux zones", "¿cuáles fueron los tres ...".
_WHICH_FEW = re.compile(
    r"\b(?:which|what|quel(?:le)?s|cu[aá]les|qu[eé])\s+(?:(?:are|were|sont|étaient|son|fueron)\s+)?"
    r"(?:(?:the|les|los|las)\s+)?",
    re.I,
)
_MOST_NAMES = 10
# The noun a "which X" question asks for (`which health zone`, `quelle organisation`).
_ASKED_NOUN = re.compile(
    r"\b(?:which|what|quel(?:le)?s?|cu[aá]l(?:es)?|qu[eé])\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)",
    re.I,
)


@dataclass
class Question:
    text: str
    language: str
    terms: set[str]
    required: set[str]  # the places and organisations it names
    wants_number: bool
    wants_share: bool
    wants_total: bool
    counted: list[set[str]]  # what "how many ..." counts (`confirmed cases`): each word's forms
    done: set[str]  # what was done to what is counted ("were vaccinated"), in every language
    stated: set[float]  # numbers the question itself gives ("the three provinces"): not answers
    wants: str  # what the answer is: "number", "share", "date", "name", "open" or "text"
    asked_noun: set[str]  # what a "which X" question asks for (`zone`), each word's forms
    weights: dict[str, float]  # each term's rarity weight
    equivalents: dict[str, set[str]]  # each term with its translations
    expanded: set[str]  # all of them together
    dates: tuple[str, ...] = ()  # the full dates it names (ISO), often its report's
    report_numbers: tuple[str, ...] = ()  # the report numbers it names ("SitRep N°30": "30")
    acronyms: frozenset[str] = frozenset()  # its names written in capitals (`PPE`), as terms
    months: frozenset[int] = frozenset()  # the months it names (`December 2018`: 12)
    weeks: frozenset[int] = frozenset()  # the weeks of the year it names (`epi week 6`: 6)
    # Its names as the places and organisations they are, each one's terms together: "Kivu del
    # Norte" is one place and "Ituri" another; "South-East Asia Region" is one.
    places: tuple[frozenset[str], ...] = ()
    # A name of several words of a place (`Estados Unidos`), each of its words' terms: the
    # place's names in every language, each as its stems in order. Found whole in the evidence
    # (`United States of America`), they name it, where its words one by one do not.
    whole_names: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    # The terms of a country's name, each with the country's code (`yemen`: YE): evidence that
    # names one of its towns (Sana'a) names it.
    countries: dict[str, frozenset[str]] = field(default_factory=dict)
    # For an "open" question, the chance it asks for a figure rather than a name: the reader
    # sets it from the question's meaning (`AnswerKind`); from its words alone, either may be.
    asks_figure: float = 0.5


# Words inside a name of several ("Republic of Korea", "Kivu del Norte", "Région de l'Ituri").
_NAME_INSIDE = {"of", "the", "de", "del", "du", "des", "la", "le", "los", "las"}


def _places(question: str, names: set[str]) -> list[list[str]]:
    """The runs of name words in `question`, each a place or organisation: names next to each
    other, or with words of `_NAME_INSIDE` between them; punctuation ends a run ("Bunia
    (Ituri)" is two)."""
    runs: list[list[str]] = []
    current: list[str] = []
    inside: list[str] = []
    end = 0
    for match in _WORD.finditer(question):
        word = _ELISION.sub("", match.group())
        if question[end : match.start()].strip():
            runs.append(current)
            current, inside = [], []
        end = match.end()
        if word in names:
            current.extend([*inside, word] if current else [word])
            inside = []
        elif current and word.lower() in _NAME_INSIDE and len(inside) < 2:
            inside.append(word)
        else:
            runs.append(current)
            current, inside = [], []
    runs.append(current)
    return [run for run in runs if run]


# Prepositions and conjunctions: where what is counted ends ("total cases *from* the table").
_JOINING = set(
    """from in at on by for of to with and or during since de du des d en au aux dans pour par
    avec et ou depuis del por para con y o desde durante""".split()
)
_WHO_WHERE = re.compile(r"\b(?:who|whom|whose|where|qui|où|qui[eé]n(?:es)?|d[oó]nde)\b", re.I)


# Month names written out (not `jan`, `sept`: those are also other words' letters), and `May`
# only with its capital (`it may be`).
_FULL_MONTHS = [
    m
    for m in MONTHS
    if not any(o != m and o.startswith(m) and MONTHS[o] == MONTHS[m] for o in MONTHS)
]
_MONTH_NAME = re.compile(
    r"\b(?:May|" + "|".join(sorted(_FULL_MONTHS, key=len, reverse=True)) + r")\b", re.I
)


def months_in(text: str) -> frozenset[int]:
    """The months a text names (`in October`, `en décembre`): which month a figure is of."""
    found = set()
    for m in _MONTH_NAME.finditer(text):
        word = m.group(0)
        if word.lower() == "may" and word != "May":
            continue
        found.add(MONTHS[word.lower()])
    return frozenset(found)


# A week of the year, as health bulletins number them: `Epi week 6`, `semaine épidémiologique 23`,
# `semana 32`, `S23` / `SE 23` (capitals only: `s` and `se` are also words).
_WEEK = re.compile(
    r"\b(?:(?i:weeks?|semaines?|semanas?)(?:\s+(?i:épidémiologique|epidemiol[oó]gica))?"
    r"\s+(?:(?i:n[°o]\.?)\s*)?|SE?\s?)(\d{1,2})\b"
)


def weeks_in(text: str) -> frozenset[int]:
    """The weeks of the year a text names: which week a bulletin's figure is of."""
    return frozenset(int(m.group(1)) for m in _WEEK.finditer(text) if 1 <= int(m.group(1)) <= 53)


# Shorter names are one letter away from other names too often (`Iran`, `Iraq`; `Mali`, `Bali`).
_SHORTEST_RESPELLED = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def commoner_spellings(forms: set[str], initials: bool, terms: TermStats) -> set[str]:
    """The spellings of a name the library uses more often than any of its `forms`: one letter
    away from a form of at least five letters (`darfour`: `darfur`), or, for three initials,
    the same letters in another order (`ong`: `ngo`, as French and Spanish order the words)."""
    known = max((terms.chunks_with(f) for f in forms), default=0)
    out: set[str] = set()
    for form in forms:
        if initials:
            nearby = {"".join(p) for p in itertools.permutations(form)}
        elif len(form) >= _SHORTEST_RESPELLED:
            nearby = _one_letter_away(form)
        else:
            continue
        out |= {n for n in nearby - forms if terms.chunks_with(n) > known}
    return out


def _one_letter_away(word: str) -> set[str]:
    """Every string one deletion, swap of neighbours, change or insertion away from `word`."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in cuts if b}
        | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
        | {a + c + b[1:] for a, b in cuts if b for c in _LETTERS}
        | {a + c + b for a, b in cuts for c in _LETTERS}
    )


def answer_wanted(question: str) -> str:
    """What kind of answer the question asks for, from its words: "share", "number", "date",
    "name" (who, where), "open" (what / which / give me: a figure or a name) or "text"."""
    if _opens_with_which_noun(question):  # "which district had the highest number of cases"
        return "name"
    if _SHARE_CUES.search(question):
        return "share"
    if _NUMBER_CUES.search(question):
        return "number"
    if _ASKS_DATE.search(question):
        return "date"
    if any(not m.group(0).isupper() for m in _WHO_WHERE.finditer(question)):  # not "WHO"
        return "name"
    if names_asked(question) > 1:
        return "name"
    if _OPEN.search(question):
        return "open"
    return "text"


# Which name holds the largest (or smallest) figure of a measure: "which zone had the most
# cases", "la province la plus touchée", "el país con mayor número". Not "the most recent", "at
# least", "second-largest", "plus de 90 %" or "más de".
_MOST = re.compile(
    r"(?<![-‑])\b(?:most|highest|largest|greatest|biggest|(?:le|la|les) plus|"
    r"plus [ée]lev[ée]e?s?|plus grand(?:e|s|es)?|(?:el|la|los|las) m[aá]s|"
    r"mayor(?:es)?(?!\s+(?:de|que)\b))\b(?!\s+(?:recent|r[ée]cente?s?|recientes?)\b)",
    re.I,
)
_LEAST = re.compile(
    r"(?<![-‑])(?<!at )(?<!au )(?<!al )\b(?:fewest|lowest|least|smallest|(?:le|la|les) moins|"
    r"plus faibles?|plus bas(?:se|ses)?|(?:el|la|los|las) menos|menor(?:es)?(?!\s+(?:de|que)\b))\b",
    re.I,
)


def extreme_asked(question: str) -> int:
    """1 when the question asks which name holds the most of a measure, -1 the fewest, else 0
    (or when it says both)."""
    return int(says_extreme(question, 1)) - int(says_extreme(question, -1))


def says_extreme(text: str, direction: int) -> bool:
    """Whether `text` says "the most" (`direction` 1) or "the fewest" (-1) itself."""
    return bool((_MOST if direction > 0 else _LEAST).search(text))


def without_extreme(question: str) -> str:
    """The question without its superlative ("which zone had the most cases" -> "which zone had
    the cases"): what is counted, for reading it as "how many"."""
    return " ".join(_LEAST.sub(" ", _MOST.sub(" ", question)).split())


def first_question_word(question: str) -> re.Match[str] | None:
    """The question word that opens the question (`WHO` in capitals is an organisation)."""
    return next((m for m in _QUESTION_WORD.finditer(question) if not m.group(0).isupper()), None)


def _opens_with_which_noun(question: str) -> bool:
    """Whether the question's first question word is `which` before a noun that is not itself
    a quantity ("which percentage")."""
    first = first_question_word(question)
    which = first and _WHICH_NOUN.match(question, first.start())
    if not which:
        return False
    noun = which.end() - 1
    return not (_NUMBER_CUES.match(question, noun) or _SHARE_CUES.match(question, noun))


def names_asked(question: str) -> int:
    """How many names a "which three countries ...?" question asks for (1 when it gives no
    count)."""
    figures = find_figures(question)
    for m in _WHICH_FEW.finditer(question):
        for figure in figures:
            if figure.start == m.end() and not figure.percent and 2 <= figure.value <= _MOST_NAMES:
                return int(figure.value)
    return 1


class QuestionReader:
    """Reads questions with one tokenizer and one set of translations.

    `cross_language=False` keeps each word in the question's own language only (an ablation)."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        equivalents: Callable[[str], set[str]] = lambda t: {t},
        cross_language: bool = True,
        translations: Callable[[list[str]], dict[str, set[str]]] = lambda words: {},
        whole_names: Callable[[frozenset[str]], frozenset[tuple[str, ...]]] = (
            lambda stems: frozenset()
        ),
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.tokenize = tokenizer
        self._equivalents = equivalents
        self._whole_names = whole_names
        self.gazetteer = gazetteer
        self._cross_language = cross_language
        self._translations = translations
        self._translated: dict[str, set[str]] = {}  # a word's translations (`_translate`)
        # A question is read two to four times (planner, reader, each part): the spellings
        # found for a word hold until the library's terms change.
        self._respelled: dict[tuple[frozenset[str], bool, bool], set[str]] = {}
        self._respelled_terms: TermStats | None = None
        self._respelled_lock = threading.Lock()

    def forms(self, text: str, language: str) -> dict[str, set[str]]:
        """Each stem of `text` with the same word's stems in the other languages."""
        if self._cross_language:
            return self.tokenize.forms(text, language)
        return {stem: {stem} for stem in self.tokenize(text, language)}

    def translations(self, forms: set[str]) -> set[str]:
        """A word's stems in every language with the glossary's equivalents of each."""
        return {e for form in forms for e in self._equivalents(form)}

    def read(self, question: str, terms: TermStats, translate: bool = True) -> Question:
        """The question's terms in every form; `translate=False` leaves out the translations
        found by meaning (a series' measure is named in the reports' own words)."""
        language = detect_language(question)
        words = [_ELISION.sub("", w) for w in _WORD.findall(question)]
        # Months are the report's date, which picks the report; they are not words to find.
        content = [
            w
            for w in words
            if w.lower() not in QUESTION_WORDS | MONTHS.keys() and not _ORDINAL.fullmatch(w)
        ]
        forms = self.forms(" ".join(content), language)
        found = {t for t in forms if not t[0].isdigit()}
        names = [
            w
            for i, w in enumerate(words)
            if (w[:1].isupper() and i > 0 or (w.isupper() and len(w) > 1))
            and w.lower() not in MONTHS
            and w.lower() not in QUESTION_WORDS
        ]
        required = {t for t in self.tokenize(" ".join(names), language) if t in found}
        places = tuple(
            place_terms
            for place in _places(question, set(names))
            if (place_terms := frozenset(self.tokenize(" ".join(place), language)) & required)
        )
        whole_names = {
            t: whole for place in places if (whole := self._whole_names(place)) for t in place
        }
        countries = (
            {
                t: codes
                for place in places
                if (codes := self.gazetteer.countries_named(place))
                for t in place
            }
            if self.gazetteer
            else {}
        )
        # A term matches evidence in any language: its own stems there, and the glossary's.
        equivalents = {t: self.translations(forms[t]) for t in found}
        # Names in capitals (`OMS`, `UNHCR`) may be written out in the evidence; three of them
        # may be initials in another order.
        capitals = {w: self.tokenize(w, language) for w in names if len(w) >= 3 and w.isupper()}
        initials = {t for w, stems in capitals.items() if len(w) == 3 for t in stems}
        # A word is also looked for as the library commonly spells it: a name (`Darfour` as
        # `Darfur`, `Singapur` as `Singapore`, `ONG` as `NGO`), and a word no report uses in any
        # of its forms, one letter from the reports' own (`homicidios` as `homicides`).
        untranslated = {t for t in found if equivalents[t] <= forms[t]}  # glossary silent
        for t in found:
            spellings = frozenset(equivalents[t])
            equivalents[t] |= self._commoner(spellings, t in initials, t in required, terms)
        # A word the glossary has no translation of is also looked for as the reports say it
        # in any language, found by meaning (`Library.translations`: "horas", `hour`). Not a
        # name: its nearest words are other names and what it is ("Kasai": `kazadi`; "Ebola":
        # `virus`). Not a word the glossary translates: its nearest words add more near misses
        # than translations (measured on the dev questions).
        if self._cross_language and translate:
            stem_of = {
                w: stems[0] for w in content if len(stems := self.tokenize(w, language)) == 1
            }
            silent = {
                w.lower(): t for w, t in stem_of.items() if t in untranslated and t not in required
            }
            for word, nearest in self._translate(list(silent), terms).items():
                equivalents[silent[word]] |= nearest
        wants_number = bool(_NUMBER_CUES.search(question))
        wants_share = bool(_SHARE_CUES.search(question))
        return Question(
            question,
            language,
            found,
            required,
            wants_number=wants_number,
            wants_share=wants_share,
            wants_total=bool(_TOTAL_CUES.search(question)),
            # What it counts, in each spelling its words were found in.
            counted=[
                group.union(*(equivalents[t] for t in found if equivalents[t] & group))
                for group in self._counted(question, language)
            ],
            done=self._done(question, language),
            stated={f.value for f in find_figures(question)},
            wants=answer_wanted(question),
            asked_noun=self._asked_noun(question, language),
            # A word is as rare as its commonest form: an unseen Spanish `notificado` weighs what
            # the corpus's `reported` does.
            weights={t: min(terms.weight(e) for e in equivalents[t]) for t in found},
            equivalents=equivalents,
            # The words of a place's name in another language are the question's words too
            # (`United States` for `Estados Unidos`), though each alone does not name it.
            expanded={e for group in equivalents.values() for e in group}.union(
                *(w for whole in whole_names.values() for w in whole)
            ),
            dates=tuple(all_dates(question)),
            report_numbers=tuple(n for _, n in report_number_mentions(question)),
            acronyms=frozenset(t for stems in capitals.values() for t in stems) & required,
            months=months_in(question),
            weeks=weeks_in(question),
            places=places,
            whole_names=whole_names,
            countries=countries,
        )

    def _commoner(
        self, forms: frozenset[str], initials: bool, name: bool, terms: TermStats
    ) -> set[str]:
        """`commoner_spellings` of a name, or of a word no report uses in any of its forms;
        once per word until the library's terms change."""
        key = (forms, initials, name)
        with self._respelled_lock:
            self._hold_for(terms)
            if key not in self._respelled:
                unknown = not any(terms.chunks_with(f) for f in forms)
                respell = name or unknown
                self._respelled[key] = (
                    commoner_spellings(set(forms), initials, terms) if respell else set()
                )
            return self._respelled[key]

    def _translate(self, words: list[str], terms: TermStats) -> dict[str, set[str]]:
        """`translations` of each word, asked once per word until the library's terms change."""
        words = [w.lower() for w in words if WORD.fullmatch(w)]
        with self._respelled_lock:
            self._hold_for(terms)
            new = [w for w in dict.fromkeys(words) if w not in self._translated]
        if new:
            found = self._translations(new)
            with self._respelled_lock:
                self._translated.update({w: found.get(w, set()) for w in new})
        return {w: self._translated.get(w, set()) for w in words}

    def _hold_for(self, terms: TermStats) -> None:
        """The spellings and translations looked up hold until the library's terms change
        (called under `_respelled_lock`)."""
        if terms is not self._respelled_terms:
            self._respelled, self._translated, self._respelled_terms = {}, {}, terms

    def _asked_noun(self, question: str, language: str) -> set[str]:
        m = _ASKED_NOUN.search(question)
        if not m:
            return set()
        words = [w for w in m.group(1).split() if w.lower() not in QUESTION_WORDS]
        forms = self.forms(" ".join(words), language)
        return {e for group in forms.values() for e in self.translations(group)}

    def words_of(self, text: str) -> set[str]:
        """The stems of `text` read in every language (for titles, file and publisher names)."""
        return {w for lang in LANGUAGES for w in self.tokenize(text, lang)}

    def _counted(self, question: str, language: str) -> list[set[str]]:
        """The words a count question counts: `confirmed cases` in "how many confirmed cases had
        Ituri recorded?", each with its forms in every language; empty when it does not say."""
        m = _COUNT_OF.search(question) or _OPEN.search(question)
        if not m:
            return []
        words: list[str] = []
        for word in m.group(1).split():
            name = word[:1].isupper() and not words
            if name or (not words and word.lower() in QUESTION_WORDS):
                continue  # `Peru's total confirmed cases`, `the number of`: not what is counted
            low = word.lower()
            if (
                len(words) == 3
                or low in QUESTION_WORDS | _JOINING
                or not self.tokenize(word, language)
            ):
                break
            words.append(word)
        forms = self.forms(" ".join(words), language)
        return [self.translations(group) for group in forms.values()]

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
                if low in QUESTION_WORDS or not self.tokenize(word, language):
                    return set()
                forms = self.forms(word, language)
                return {e for group in forms.values() for e in self.translations(group)}
        return set()

    def names_known(self, question: str, terms: TermStats) -> Callable[[str], float]:
        """For a report id, the share of the places and organisations the question names that
        the report mentions (1.0 when it names none): which series "the latest" report means."""
        q = self.read(question, terms)

        def known(report_id: str) -> float:
            if not q.required:
                return 1.0
            counts = terms.report_counts(report_id)
            found = sum(any(counts[f] for f in q.equivalents[n]) for n in q.required)
            return found / len(q.required)

        return known
