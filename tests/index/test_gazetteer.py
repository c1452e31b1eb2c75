"""The gazetteer on the real GeoNames towns and CLDR country names the packages carry."""

from __future__ import annotations

import pytest

from index.gazetteer import Gazetteer
from index.lexical import Tokenizer

TOKENIZE = Tokenizer()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(TOKENIZE)


@pytest.mark.parametrize(
    ("name", "language", "code"),
    [
        ("Yemen", "en", "YE"),
        ("Yémen", "fr", "YE"),
        ("Libia", "es", "LY"),
        ("South Sudan", "en", "SS"),
    ],
)
def test_a_country_is_known_by_its_name_in_each_language(
    gazetteer: Gazetteer, name: str, language: str, code: str
) -> None:
    assert gazetteer.countries_named(frozenset(TOKENIZE(name, language))) == {code}


def test_a_place_that_is_not_a_country_names_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.countries_named(frozenset(TOKENIZE("Ituri", "fr"))) == frozenset()


def test_towns_name_their_countries_in_any_spelling_of_apostrophes_and_hyphens(
    gazetteer: Gazetteer,
) -> None:
    text = "Partners in Sana'a and Al-Khums; camps of Cox’s Bazar."
    assert gazetteer.countries_of(text) == {"YE", "LY", "BD"}


def test_a_name_shared_by_towns_is_the_larger_ones(gazetteer: Gazetteer) -> None:
    """Tripoli is Libya's and Lebanon's (both large); Damascus is Syria's, not an American
    town's of 15,000 people."""
    assert gazetteer.countries_of("Tripoli") == {"LY", "LB"}
    assert gazetteer.countries_of("Damascus") == {"SY"}


def test_common_words_and_small_letters_name_no_town(gazetteer: Gazetteer) -> None:
    """`March` and `Most` are towns (England, Czechia) but common English words; `Lagos` is
    Spanish for lakes; `aden` in small letters is not written as a name; `Colombia` is a
    country before it is a Cuban town."""
    assert gazetteer.countries_of("In March, Most of the camps. Colombia.") == frozenset()
    assert gazetteer.countries_of("Lagos", "es") == frozenset()
    assert gazetteer.countries_of("Lagos", "en") == {"NG"}
    assert gazetteer.countries_of("aden") == frozenset()
