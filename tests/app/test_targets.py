"""Questions that name their report, compare two reports, or ask for the latest one."""

from __future__ import annotations

import pytest

from app.errors import ConfigError
from app.targets import asks_for_change, latest_of_series, points_in_time, wants_latest
from evals.scoring import contains
from index import ReportRecord
from index.glossary import Glossary
from index.lexical import Tokenizer

RECORDS = [
    ReportRecord(
        "s27",
        "SitRep_27_2026.pdf",
        "v1",
        title="Rapport N°27",
        publisher="COUSP",
        date="2026-06-10",
        report_number="27",
        language="fr",
    ),
    ReportRecord(
        "s35",
        "SitRep_35_2026.pdf",
        "v2",
        title="Rapport N°35",
        publisher="COUSP",
        date="2026-06-18",
        report_number="35",
        language="fr",
    ),
    ReportRecord(
        "w35",
        "who-35.pdf",
        "v3",
        title="COVID-19 Situation Report",
        publisher="WHO",
        date="2020-02-24",
        report_number="35",
        language="en",
    ),
]


def test_dates_and_numbers_point_at_reports() -> None:
    question = "Comment le cumul a-t-il évolué entre le SitRep N°27 (10 juin 2026) et le SitRep N°35 (18 juin 2026) ?"
    assert points_in_time(question, RECORDS) == [["s27"], ["s35"]]
    assert asks_for_change(question)
    # A number two series share stays ambiguous without a date.
    assert points_in_time("How many cases in situation report 35?", RECORDS) == [["s35", "w35"]]
    # A date the library does not hold points nowhere; the day after a report's date finds it.
    assert points_in_time("cases on 1 January 2019", RECORDS) == []
    assert points_in_time("cases as of 11 June 2026", RECORDS) == [["s27"]]


def test_latest_of_a_series() -> None:
    assert wants_latest("Dans le SitRep le plus récent, combien de cas ?")
    assert latest_of_series("s27", RECORDS) == "s35"
    assert latest_of_series("w35", RECORDS) == "w35"


def test_glossary_links_languages() -> None:
    tokenize = Tokenizer()
    glossary = Glossary(tokenize)
    death = tokenize("deaths", "en")[0]
    assert set(tokenize("décès", "fr")) <= glossary.equivalents(death)
    assert set(tokenize("muertes", "es")) <= glossary.equivalents(death)


def test_change_question_cites_both_reports(make_assistant) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import EXAMPLES

    assistant = make_assistant()
    assistant.ingest([EXAMPLES])
    answer = assistant.ask(
        "How did the number of people displaced in Vale change between 14 March 2026 and 21 March 2026?"
    )
    assert not answer.abstained, answer.text
    assert [c.date for c in answer.citations] == ["2026-03-14", "2026-03-21"]
    assert contains(answer.text, "12,450") and contains(answer.text, "9,870")
    assert "-2,580" in answer.text
    latest = assistant.ask(
        "How many hygiene kits had been distributed in Corran in the latest report?"
    )
    assert latest.citations[0].date == "2026-03-21" and "5,050" in latest.text
    # The first report's kits in Corran are not set against the second's kits in total.
    kits = assistant.ask(
        "How did the number of hygiene kits distributed change between 14 and 21 March 2026?"
    )
    assert kits.abstained or contains(kits.text, "7,250") and contains(kits.text, "11,750")


def test_report_named_in_the_question_is_the_one_cited(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask(
        "Combien de cas confirmés cumulés en Ituri au 13 juin 2026 (SitRep N°30) ?"
    )
    assert not answer.abstained and answer.citations[0].date == "2026-06-13"


def test_a_library_is_never_searched_with_another_model(make_assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_assistant(tmp_path / "lib")
    with pytest.raises(ConfigError, match="built with the embedding model 'all-MiniLM-L6-v2'"):
        make_assistant(tmp_path / "lib", embed_model="multilingual-e5-small")


def test_latest_follows_a_series_whose_titles_drift() -> None:
    drifted = ReportRecord(
        "s39",
        "sitrep39.pdf",
        "v4",
        title="Sitrep N°39",  # the same series under a new title
        publisher="COUSP",
        date="2026-06-22",
        report_number="39",
        language="fr",
    )
    records = [*RECORDS, drifted]
    assert latest_of_series("s27", records) == "s35"
    assert latest_of_series("s27", records, lambda r: r.report_id != "w35") == "s39"
    # Another publisher's report is never the latest of this series.
    assert latest_of_series("s27", records, lambda r: True) == "s39"
    assert latest_of_series("w35", records, lambda r: True) == "w35"


def test_glossary_links_country_names_across_languages() -> None:
    tokenize = Tokenizer()
    glossary = Glossary(tokenize)
    spain = tokenize("España", "es")[0]
    assert {tokenize("Spain", "en")[0], tokenize("Espagne", "fr")[0]} <= glossary.equivalents(spain)
    # Spanish `Sudán` stems to `sud`, a glossary word (`Sud-Kivu`): Sudan stays out of it.
    assert tokenize("Sudan", "en")[0] not in glossary.equivalents(tokenize("Sud", "fr")[0])
    assert Glossary(tokenize, [], places=[]).equivalents(spain) == {spain}


def test_glossary_links_an_organisations_names_across_languages() -> None:
    tokenize = Tokenizer()
    glossary = Glossary(tokenize)
    assert tokenize("WHO", "en")[0] in glossary.equivalents(tokenize("OMS", "fr")[0])
    assert tokenize("UNHCR", "en")[0] in glossary.equivalents(tokenize("ACNUR", "es")[0])
    assert tokenize("WFP", "en")[0] not in glossary.equivalents(tokenize("OMS", "fr")[0])
