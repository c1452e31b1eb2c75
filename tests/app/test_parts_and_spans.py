"""How a question is cut into the things it asks for, and the names and dates a sentence gives."""

from __future__ import annotations

import pytest

from app.extractive.parts import split_parts
from app.extractive.spans import dates, name_spans
from app.extractive.wording import cell_lead
from app.question import extreme_asked, names_asked, without_extreme
from app.reader import date_words


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "On 3 June, how many samples were collected in Vale, and how many came back negative?",
            [
                "On 3 June, how many samples were collected in Vale",
                "On 3 June, how many came back negative?",
            ],
        ),
        (
            "How many confirmed cases and deaths had Corran reported?",
            [
                "How many confirmed cases had Corran reported?",
                "How many deaths had Corran reported?",
            ],
        ),
        (
            "Au 20 juin, quel était le cumul des cas confirmés et des décès confirmés au Vale ?",
            [
                "Au 20 juin, quel était le cumul des cas confirmés au Vale ?",
                "Au 20 juin, quel était le cumul des décès confirmés au Vale ?",
            ],
        ),
        (
            "How many people were displaced in Vale, in Corran and in Ostra?",
            [
                "How many people were displaced in Vale?",
                "How many people were displaced in Corran?",
                "How many people were displaced in Ostra?",
            ],
        ),
        (
            "What were the totals of confirmed cases and deaths in Corran?",
            [
                "What were the totals of confirmed cases in Corran?",
                "What were the totals of deaths in Corran?",
            ],
        ),
        (
            "What was the mean age of cases among health workers, and among other adults in Vale?",
            [
                "What was the mean age of cases among health workers in Vale?",
                "What was the mean age of cases among other adults in Vale?",
            ],
        ),
        (
            "Quelles dépenses sont déclarées par les familles hôtes et par les familles"
            " déplacées à Vale ?",
            [
                "Quelles dépenses sont déclarées par les familles hôtes à Vale ?",
                "Quelles dépenses sont déclarées par les familles déplacées à Vale ?",
            ],
        ),
        (
            "Au 3 juin, dans quelle proportion des sites l'eau courante était-elle la source"
            " principale, et dans quelle proportion les pompes à main ?",
            [
                "Au 3 juin, dans quelle proportion des sites l'eau courante était-elle la source"
                " principale",
                "Au 3 juin, dans quelle proportion les pompes à main ?",
            ],
        ),
        # One thing's two qualities, a word each: not cut.
        ("Combien de lits compte le centre de quarantaine et de traitement de Vale ?", None),
        ("How many hygiene kits were distributed in Corran?", None),
        # `total de` is Spanish only as a word: "total deaths" is not cut into "de" + "aths".
        ("What total deaths and injuries did Corran report?", None),
        ("Selon le rapport du 30 mai, combien de kits ont été distribués à Vale ?", None),
        ("In the WHO update of 7 September, how many tests were run?", None),
    ],
)
def test_parts(question: str, parts: list[str] | None) -> None:
    assert split_parts(question) == (parts or [question])


def test_names_and_dates_of_a_sentence() -> None:
    sentence = "Le CTE Lwiro de la Zone de santé de Miti a reçu le 6 septembre 2025 deux patients."
    assert [s.text for s in name_spans(sentence)] == ["CTE Lwiro", "Zone", "Miti"]
    assert [s.text for s in dates(sentence)] == ["6 septembre 2025"]
    assert [s.text for s in name_spans("Partners in Vale (Corran) helped.")] == [
        "Partners",
        "Vale",
        "Corran",
    ]


def test_a_month_is_a_date_not_a_name() -> None:
    """A "which" question is never answered `October`: a month stands in a date or alone."""
    sentence = "[28 September - 04 October, Vale] In March the storm hit Corran camp."
    assert [s.text for s in name_spans(sentence)] == ["Vale", "Corran"]


def test_a_number_written_in_words_is_a_figure_not_a_name() -> None:
    sentence = "Trois nouvelles zones de santé sont touchées, celles de Masereka et Vuhovi."
    assert [s.text for s in name_spans(sentence)] == ["Masereka", "Vuhovi"]
    assert [s.text for s in name_spans("Three countries, Vale, Corran and Tarsis.")] == [
        "Vale",
        "Corran",
        "Tarsis",
    ]


def test_a_cell_in_plain_words() -> None:
    assert date_words("2026-06-22", "fr") == "22 juin 2026"
    assert date_words("2026-06-22", "es") == "22 de junio de 2026"
    assert date_words("2026-06-01", "fr") == "1er juin 2026"
    assert cell_lead("1 094", "Cas confirmés > Total", "Ituri", "en") == (
        "1 094 for Ituri under “Cas confirmés, Total”"
    )
    assert cell_lead("1 094", "", "Ituri", "fr") == "1 094 pour Ituri"


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Which three health zones were newly affected?", 3),
        ("Quelles sont les deux zones touchées ?", 2),
        ("¿Cuáles fueron los tres países?", 3),
        ("Which country reported 3 cases?", 1),
        ("How many cases in the three provinces?", 1),
    ],
)
def test_how_many_names_a_which_question_asks_for(question: str, names: int) -> None:
    assert names_asked(question) == names


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("Which health zone had the most confirmed cases in Ituri?", 1),
        ("Quelle zone de santé a notifié le plus de nouveaux cas ?", 1),
        ("¿Qué país registró el mayor número de casos?", 1),
        ("Which province recorded the lowest prices?", -1),
        ("Which country had the fewest deaths?", -1),
        ("In the most recent report, how many cases?", 0),
        ("Dans le rapport le plus récent, combien de cas ?", 0),
        ("How many IDPs died, at least five?", 0),
        ("Where was the second-largest cluster?", 0),
        ("Quel poste contrôle plus de 90 % du fret ?", 0),
        ("¿Cuántas personas mayores de 60 años?", 0),
    ],
)
def test_a_question_asks_for_the_most_or_the_fewest(question: str, direction: int) -> None:
    assert extreme_asked(question) == direction


def test_what_is_ranked_is_the_question_without_its_superlative() -> None:
    assert without_extreme("Which zone had the most new cases?") == "Which zone had the new cases?"
