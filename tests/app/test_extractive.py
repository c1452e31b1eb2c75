"""The extractive reader on passages written for the test (all fictional), through the shared
citation check: what it answers, and that a quote not on the stored page is never returned.

The ranker is the fitted one the product uses; the answering threshold is set to 0 where a test
is about which candidate answers rather than whether to answer (these passages have no
similarity-by-meaning scores, which the abstainer weighs)."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import replace

import pytest

from app.extractive import ExtractiveReader, ReaderModel
from app.extractive.candidates import Candidate, label_columns, masthead, row_label
from app.extractive.model import AnswerKind
from app.extractive.selection import SeriesAsked, select, series_points
from app.models import Answer
from app.planner import Plan
from app.question import QuestionReader
from app.reader import Evidence, PageTexts
from app.verify import verify
from index import Hit, SearchResult, TermStats
from index.gazetteer import Gazetteer
from index.glossary import Glossary
from index.lexical import Tokenizer

META = {
    "report_id": "r",
    "version": "v1",
    "file": "r.txt",
    "title": "Flood update",
    "date": "2026-03-14",
    "section": "Response",
    "page": 1,
    "page_end": 1,
    "kind": "text",
    "language": "en",
}
TEXT = "Partners distributed 3,200 hygiene kits in Corran."
NO_PAGES = PageTexts(lambda version, wanted: {})
GAZETTEER = Gazetteer(Tokenizer())  # the real towns, read once for every test


def _read(
    question: str,
    hits: list[Hit],
    page_text: str,
    counts: Counter[str] | None = None,
    glossary: bool = True,
    threshold: float = 0.0,
) -> Answer:
    """Ask over the given hits, the stored page 1 holding `page_text`."""
    tokenizer = Tokenizer()
    words = Glossary(tokenizer) if glossary else Glossary(tokenizer, [], places=[])
    model = ReaderModel.load().with_threshold(threshold)
    questions = QuestionReader(
        tokenizer, words.equivalents, whole_names=words.whole_names, gazetteer=GAZETTEER
    )
    reader = ExtractiveReader(questions, model)
    pages = PageTexts(lambda version, wanted: {1: page_text})
    terms = TermStats(report_terms={"r": counts or Counter()})
    draft = reader.answer(
        question, Evidence([SearchResult(hits, terms)], pages), Plan(question, question)
    )
    return verify(question, draft, pages)


def _ask(question: str, *hits: Hit, counts: Counter[str] | None = None) -> Answer:
    """Ask over the given chunks; every stored page holds exactly the chunks' text."""
    # A table's rows are printed as their cells side by side.
    page = "\n".join(h.text.replace(" | ", " ") for h in hits)
    return _read(question, list(hits), page, counts)


def _text(text: str, **meta: object) -> Hit:
    return Hit.from_metadata(f"c{abs(hash(text))}", text, 1.0, {**META, **meta})


def _table(header: list[str], rows: list[list[str]], **meta: object) -> Hit:
    text = "\n".join(" | ".join(r) for r in [header, *rows])
    table = json.dumps({"header": header, "rows": rows, "caption": ""})
    return Hit.from_metadata("t", text, 1.0, {**META, "kind": "table", "table": table, **meta})


def _answer(page_text: str) -> Answer:
    question = "How many hygiene kits were distributed in Corran?"
    return _read(question, [_text(TEXT)], page_text, glossary=False)


def test_verified_quote_is_cited() -> None:
    answer = _answer("RESPONSE\nPartners distributed 3,200\nhygiene kits in Corran.")
    assert not answer.abstained
    assert answer.text.startswith("3,200 hygiene kits")
    assert answer.citations[0].quote == TEXT


def test_quote_missing_from_the_page_is_dropped_and_the_answer_abstains() -> None:
    answer = _answer("RESPONSE\nPartners distributed 2,300 hygiene kits in Corran.")
    assert answer.abstained and answer.citations == []


def test_the_order_of_the_chunks_does_not_change_the_answer() -> None:
    """Every candidate is scored before one is chosen: the chunks' order changes ranks, not
    which figure answers."""
    question = "How many hygiene kits did partners distribute to displaced families in Corran?"
    weak = _text("Corran: 5,000 hygiene kits in the warehouse.")
    strong = _text("In Corran, partners distributed 2,700 hygiene kits to displaced families.")
    assert _ask(question, strong).text.startswith("2,700 hygiene kits")
    assert _ask(question, weak, strong).text.startswith("2,700 hygiene kits")
    assert _ask(question, strong, weak).text.startswith("2,700 hygiene kits")


def test_a_country_is_named_by_its_towns() -> None:
    """A passage about Sana'a answers a question about Yemen, which it never writes; one about
    Lima does not, nor one whose only capitalised town name is a common word (`March` is also a
    town in England)."""
    question = "How many hygiene kits were distributed in Yemen?"
    sanaa = _text("In Sana'a, partners distributed 3,200 hygiene kits.")
    assert _ask(question, sanaa).text.startswith("3,200 hygiene kits")
    assert _ask(question, _text("In Lima, partners distributed 3,200 hygiene kits.")).abstained
    in_march = _text("In March, partners distributed 3,200 hygiene kits.")
    assert _ask("How many hygiene kits were distributed in Yemen?", in_march).abstained
    assert _ask("How many hygiene kits were distributed in the United Kingdom?", in_march).abstained


def test_below_the_threshold_the_reader_abstains() -> None:
    question = "How many hygiene kits were distributed in Corran?"
    page = "Partners distributed 3,200 hygiene kits in Corran."
    assert not _read(question, [_text(TEXT)], page).abstained
    assert _read(question, [_text(TEXT)], page, threshold=0.9999).abstained


def test_english_question_answered_from_a_french_sentence() -> None:
    french = _text(
        "Au 14 mars 2026, 1 250 cas confirmés ont été notifiés dans la province de Vale.",
        language="fr",
        title="Rapport de situation",
    )
    answer = _ask("How many confirmed cases had been reported in Vale province?", french)
    assert not answer.abstained, answer.text
    assert answer.text.startswith("1 250 cas confirmés")
    assert answer.citations[0].quote.startswith("Au 14 mars 2026")


def test_each_part_of_a_two_part_question_is_answered() -> None:
    node = _text(
        "Partners distributed 3,200 hygiene kits in Corran. In Vale, 640 family tents were pitched."
    )
    answer = _ask(
        "How many hygiene kits were distributed, and how many family tents were pitched?", node
    )
    assert "3,200 hygiene kits" in answer.text and "640 family tents" in answer.text
    assert [c.quote[:10] for c in answer.citations] == ["Partners d", "In Vale, 6"]


def test_two_parts_from_one_sentence_are_both_said_not_only_quoted() -> None:
    node = _text("In Corran, partners distributed 3,200 hygiene kits and 640 family tents.")
    answer = _ask("How many hygiene kits and how many family tents were given in Corran?", node)
    words = answer.text.replace(f"“{answer.citations[0].quote}”", "")
    assert "3,200 hygiene kits" in words and "640 family tents" in words, answer.text
    assert len(answer.citations) == 1


def test_a_number_the_question_gives_is_not_its_answer() -> None:
    node = _text("Across the three provinces, 21,420 people remain displaced.")
    answer = _ask("How many people remain displaced across the three provinces?", node)
    assert answer.text.startswith("21,420 people")


def test_a_place_is_known_by_its_other_form_and_an_acronym_by_its_words() -> None:
    """The names the question gives must be in the evidence, in any of their forms: `Corrani`
    for `Corran`, `PPE` spelled out. A name merely spelled alike is another place."""
    kits = _text("In Corran, partners delivered 4,100 personal protective equipment kits.")
    counts = Counter({"corran": 1})
    for question in [
        "How many PPE kits did partners deliver in Corran?",
        "How many personal protective equipment kits reached Corrani clinics?",
    ]:
        answer = _ask(question, kits, counts=counts)
        assert answer.text.startswith("4,100 personal protective equipment"), question
    other = _ask("How many PPE kits did partners deliver in Corranville?", kits, counts=counts)
    assert other.abstained, other.text


def test_a_place_of_several_words_is_known_by_its_whole_name_in_another_language() -> None:
    """ "Estados Unidos" (Spanish `Estados` a stop word) and "Royaume-Uni" are named by the
    evidence's "United States" and "United Kingdom", the whole name; a passage that holds only
    one of the words ("Borno State", "United Nations") names neither."""
    us = _text("In the United States, 120 cases were confirmed.")
    uk = _text("In the United Kingdom, 80 cases were confirmed.")
    other = _text("In Borno State, United Nations teams confirmed 50 cases.")
    answer = _ask("¿Cuántos casos se confirmaron en Estados Unidos?", us)
    assert answer.text.startswith("120 cases"), answer.text
    answer = _ask("Combien de cas ont été confirmés au Royaume-Uni ?", uk)
    assert answer.text.startswith("80 cases"), answer.text
    answer = _ask("¿Cuántos casos se confirmaron en Estados Unidos?", other)
    assert answer.abstained, answer.text


def test_an_organisation_is_known_by_its_name_in_another_language() -> None:
    """French "l'OMS" is the evidence's WHO, Spanish "ACNUR" its UNHCR; WFP is neither."""
    kits = _text("In Corran, WHO and UNHCR delivered 4,100 hygiene kits.")
    for question in [
        "Combien de kits d'hygiène l'OMS a-t-elle livrés à Corran ?",
        "¿Cuántos kits de higiene entregó ACNUR en Corran?",
    ]:
        assert _ask(question, kits).text.startswith("4,100"), question
    assert _ask("How many hygiene kits did WFP deliver in Corran?", kits).abstained


def test_the_report_number_a_question_gives_is_not_its_answer() -> None:
    node = _text("32 people were vaccinated in Corran.")
    answer = _ask("How many people were vaccinated in Corran according to SitRep N°32?", node)
    assert answer.abstained, answer.text
    rate = _text("In Corran, 32% of alerts were investigated.")
    answer = _ask("What share of alerts were investigated in Corran (SitRep N°32)?", rate)
    assert answer.text.startswith("32%"), answer.text


def test_a_figure_right_after_a_date_is_still_a_figure() -> None:
    node = _text("By 9 June, some 99 cholera cases had been reported in Vale.")
    answer = _ask("How many cholera cases had been reported in Vale?", node)
    assert answer.text.startswith("99 cholera cases")


def test_a_rate_is_read_from_the_column_of_percentages() -> None:
    table = _table(
        ["Province", "Confirmed cases", "Lethality"],
        [["Vale", "120", "12,5%"], ["Corran", "80", "7,5%"]],
    )
    answer = _ask("What was the lethality rate among confirmed cases in Vale?", table)
    assert answer.text.startswith(
        "12,5% for Vale under “Lethality”, according to the report of 14 March 2026 [1]"
    )


def test_a_two_column_table_is_read_by_its_row_label() -> None:
    table = _table(["Indicator", "Result"], [["Travellers screened", "4 210"], ["Alerts", "37"]])
    answer = _ask("How many travellers were screened?", table)
    assert answer.text.startswith("4 210 for Travellers screened under “Result”")


def test_non_and_outside_mean_the_no_row() -> None:
    table = _table(
        ["People reached", "Shelter", "Health"],
        [["PARTNERS", "300", "900"], ["NO PARTNERS", "45", "120"]],
    )
    for question in [
        "How many people did non-PARTNERS organisations reach with Shelter?",
        "How many people did organisations outside the PARTNERS reach with Shelter?",
    ]:
        assert _ask(question, table).text.startswith("45 for NO PARTNERS under “Shelter”")
    assert _ask("How many people did PARTNERS reach with Shelter?", table).text.startswith(
        "300 for PARTNERS under “Shelter”"
    )


def test_a_count_of_what_was_done_prefers_evidence_that_says_it() -> None:
    sensitised = _text("In Vale, 32 people were sensitised on cholera prevention.")
    question = "How many people were vaccinated against cholera in Vale?"
    vaccinated = _text("In Vale, 410 people were vaccinated against cholera.")
    assert _ask(question, sensitised, vaccinated).text.startswith("410 people")


def test_total_and_new_columns_are_told_apart_by_the_question_s_words() -> None:
    table = _table(
        ["Country", "Total confirmed cases", "New confirmed cases"],
        [["Vale", "1200", "45"], ["Corran", "800", "12"]],
    )
    total = _ask("How many total confirmed cases had Vale reported?", table)
    assert total.text.startswith("1200 for Vale under “Total confirmed cases”")
    new = _ask("How many new confirmed cases had Vale reported?", table)
    assert new.text.startswith("45 for Vale under “New confirmed cases”")


def test_a_cell_of_paired_figures_is_read_as_the_two_its_header_names() -> None:
    """WHO's early tables print `27 (3)` under `Confirmed (new) cases`: the cell holds the
    confirmed cases and, in brackets, the new ones. Each is a figure of its own reading of the
    column; a bracket the header does not name (`15 (0%)`) leaves the first figure only."""
    table = _table(
        ["Country", "Confirmed (new) cases", "Deaths"],
        [["Vale", "27 (3)", "15 (0%)"], ["Corran", "1 200 (45)", "2"]],
    )
    total = _ask("How many confirmed cases had Vale reported?", table)
    assert total.text.startswith("27 for Vale under “Confirmed cases”"), total.text
    new = _ask("How many new confirmed cases had Corran reported?", table)
    assert new.text.startswith("45 for Corran under “Confirmed new cases”"), new.text
    deaths = _ask("How many deaths had Vale reported?", table)
    assert deaths.text.startswith("15 for Vale under “Deaths”"), deaths.text


@pytest.mark.parametrize(
    ("cell", "question", "lead"),
    [
        ("64**", "How many cases had Vale reported?", "64** for Vale under “Cases (new)”"),
        ("40 544 cases (2851)", "How many cases had Vale reported?",
         "40 544 cases for Vale under “Cases”"),
        ("1322 cases (47)", "How many new cases had Vale reported?",
         "47 for Vale under “Cases new”"),
    ],
)  # fmt: skip
def test_a_footnote_mark_or_a_unit_after_a_cell_s_figure_is_not_part_of_it(
    cell: str, question: str, lead: str
) -> None:
    """WHO's tables print `64**` (a footnote's mark) and, in its regional boxes, `40 544 cases
    (2851)`: the figure, its unit and, in brackets, the new ones. A date (`14 Sept 2025`) is no
    such cell."""
    table = _table(["Region", "Cases (new)", "Updated"], [["Vale", cell, "14 Sept 2025"]])
    answer = _ask(question, table)
    assert answer.text.startswith(lead), answer.text


def _part_confidences(question: str, hits: list[Hit], page_text: str) -> list[float]:
    """The model's confidence in the answer chosen for each part of the question, as `_read`
    asks it."""
    tokenizer = Tokenizer()
    model = ReaderModel.load()
    reader = ExtractiveReader(QuestionReader(tokenizer, Glossary(tokenizer).equivalents), model)
    pages = PageTexts(lambda version, wanted: {1: page_text})
    given: set[str] = set()
    out = []
    for _, found in reader.candidates(
        question, hits, TermStats(report_terms={"r": Counter()}), pages
    ):
        choice = select(found, model, pages, given)
        assert choice is not None
        given.add(choice[0].lead)
        out.append(choice[2])
    return out


def test_once_one_part_is_sure_the_others_are_read_from_the_same_report() -> None:
    """The threshold is for the question: a part below it is answered from the report of a part
    above it, never from another report."""
    question = "How many hygiene kits were distributed in Corran, and how many tents were pitched?"
    kits = _text("Partners distributed 3,200 hygiene kits in Corran.")
    tents = "Corran also has 640 tents."
    for hit, answered in [(_text(tents), True), (_text(tents, report_id="s", file="s.txt"), False)]:
        page = f"{kits.text}\n{tents}"
        sure, unsure = _part_confidences(question, [kits, hit], page)
        assert sure > unsure
        answer = _read(question, [kits, hit], page, threshold=(sure + unsure) / 2)
        assert "3,200 hygiene kits" in answer.text
        assert ("640" in answer.text) is answered, answer.text


def test_a_figure_of_another_month_or_week_than_the_one_asked_is_marked() -> None:
    """`in October` does not answer a question about December, nor `Epi week 4` one about week
    6; the model weighs the mismatch. `may` as a verb names no month."""
    tokenizer = Tokenizer()
    reader = ExtractiveReader(QuestionReader(tokenizer), ReaderModel.load())
    for question, text, miss in [
        (
            "How many refugees were disembarked in Vale in December 2025?",
            "In October, 351 refugees were disembarked in Vale.",
            1.0,
        ),
        (
            "How many refugees were disembarked in Vale in December 2025?",
            "In December, 351 refugees were disembarked in Vale.",
            0.0,
        ),
        (
            "How many refugees were disembarked in Vale in December 2025?",
            "Some 351 refugees may have been disembarked in Vale.",
            0.0,
        ),
        (
            "How many refugees were disembarked in Vale in December 2025?",
            "En décembre, 351 réfugiés ont été débarqués à Vale.",
            0.0,
        ),
        (
            "How many cholera cases were reported in Vale in epi week 6?",
            "In Epi week 4, 351 cholera cases were reported in Vale.",
            1.0,
        ),
        (
            "How many cholera cases were reported in Vale in epi week 6?",
            "351 cholera cases were reported in Vale (week 6).",
            0.0,
        ),
        (
            "Combien de cas de choléra à Vale en semaine épidémiologique 6 ?",
            "Vale a notifié 351 cas de choléra à la S4.",
            1.0,
        ),
        (
            "How many cholera cases were reported in Vale in epi week 6?",
            "351 cholera cases were reported in Vale over 2 weeks.",
            0.0,
        ),
    ]:
        [(_, found)] = reader.candidates(question, [_text(text)], TermStats(), NO_PAGES)
        assert [c.features["period_miss"] for c in found if c.value == 351] == [miss], text


def test_evidence_that_matches_only_the_place_asked_of_covers_nothing_asked() -> None:
    tokenizer = Tokenizer()
    reader = ExtractiveReader(QuestionReader(tokenizer), ReaderModel.load())
    hit = _text("In Vale, 351 refugees were disembarked.")
    [(_, found)] = reader.candidates("What is the capital of Vale?", [hit], TermStats(), NO_PAGES)
    assert found and all(c.features["coverage"] > 0 for c in found)
    assert all(c.features["topic_coverage"] == 0 for c in found)
    [(_, [asked])] = reader.candidates(
        "How many refugees reached Vale?", [hit], TermStats(), NO_PAGES
    )
    assert asked.features["topic_coverage"] > 0


def test_the_answer_is_a_sentence_in_the_question_s_language_then_the_quote() -> None:
    english = _ask("How many hygiene kits were distributed in Corran?", _text(TEXT))
    assert english.text.startswith(
        "3,200 hygiene kits, according to the report of 14 March 2026 [1]: “Partners distributed"
    )
    french = _ask("Combien de kits d'hygiène ont été distribués à Corran ?", _text(TEXT))
    assert french.text.startswith("3,200 hygiene kits, selon le rapport du 14 mars 2026 [1]: “")
    spanish = _ask("¿Cuántos kits de higiene se distribuyeron en Corran?", _text(TEXT, date=""))
    assert spanish.text.startswith("3,200 hygiene kits, según el informe [1]: “")


def test_a_name_is_also_looked_for_as_the_library_commonly_spells_it() -> None:
    """One letter away for names of five letters or more, reordered initials for three; only
    spellings the library uses more often than the question's own."""
    from app.question import commoner_spellings

    terms = TermStats(idf={"darfur": 1.0, "ngo": 1.0, "iraq": 1.0, "mabalaka": 1.0})
    assert commoner_spellings({"darfour"}, False, terms) == {"darfur"}
    assert commoner_spellings({"ong"}, True, terms) == {"ngo"}
    assert commoner_spellings({"iran"}, False, terms) == set()  # too short to respell
    # The library spells this name as asked: a near spelling is another place.
    terms.idf["mabalako"] = 1.0
    assert commoner_spellings({"mabalako"}, False, terms) == set()


def test_a_word_of_another_language_is_looked_for_as_the_reports_spell_it() -> None:
    """`homicidios` (Spanish), a word no report uses, in a library that says `homicides`: one
    letter apart once stemmed, so the question's count is found in the English sentence; the
    library's own spelling is also what the question counts. A word the reports use is never
    respelled (`death` is not looked for as a commoner `depth`)."""
    from app.question import QuestionReader

    reader = QuestionReader(Tokenizer())
    terms = TermStats(idf={"homicid": 1.0, "report": 1.0})
    q = reader.read("¿Cuántos homicidios registró el observatorio en 2018?", terms)
    assert "homicid" in q.expanded
    assert any("homicid" in group for group in q.counted)

    class Counts(TermStats):
        def chunks_with(self, token: str) -> int:
            return {"death": 5, "depth": 50}.get(token, 0)

    q = reader.read("How many deaths were recorded?", Counts())
    assert "depth" not in q.expanded


def test_a_word_is_also_read_as_its_translations_by_meaning_but_a_name_is_not() -> None:
    """The library's words nearest a question's word in meaning (`Library.translations`) count
    as its translations; a name's nearest words are other names, never looked up. Each word is
    looked up once for the same library terms, again once they change."""
    from app.question import QuestionReader

    asked: list[list[str]] = []

    def translations(words: list[str]) -> dict[str, set[str]]:
        asked.append(words)
        nearest = {"sangre": {"blood", "sang"}, "corran": {"corrib"}}
        return {w: nearest.get(w, set()) for w in words}

    reader = QuestionReader(Tokenizer(), translations=translations)
    terms = TermStats(idf={"blood": 1.0})
    question = "¿Cuántas muestras de sangre se tomaron en Corran?"
    q = reader.read(question, terms)
    assert {"blood", "sang"} <= q.equivalents["sangr"]
    assert "corrib" not in q.expanded
    assert all("Corran" not in words and "corran" not in words for words in asked)
    reader.read(question, terms)
    assert len(asked) == 1
    reader.read(question, TermStats(idf={"blood": 1.0}))  # the library changed
    assert len(asked) == 2


def test_a_names_spellings_are_looked_up_once_until_the_library_changes() -> None:
    """A question is read by the planner, the reader and each of its parts: the look-ups of a
    name's spellings are done once for the same terms, again for new ones."""
    from app.question import QuestionReader

    class Counting(TermStats):
        looked = 0

        def chunks_with(self, token: str) -> int:
            Counting.looked += 1
            return super().chunks_with(token)

    reader = QuestionReader(Tokenizer())
    terms = Counting(idf={"darfur": 1.0})
    question = "How many people were displaced in Darfour?"
    assert "darfur" in reader.read(question, terms).expanded
    once = Counting.looked
    assert once > 0
    reader.read(question, terms)
    assert Counting.looked == once
    changed = Counting(idf={"darfur": 1.0, "darfor": 5.0})
    assert "darfor" in reader.read(question, changed).expanded
    assert Counting.looked > once


def test_a_series_measure_names_what_the_question_asks_about() -> None:
    """A figure the model is sure of whose words name none of the question's terms beyond its
    places ("15,000,000 inhabitants" for a question about deaths) does not set the series'
    measure: the report is a gap, not a population figure."""
    model = ReaderModel.load().with_threshold(0.0)  # every candidate counts as sure
    deaths_asked = _series_asked({"death"})
    hit = _text("Corran, home to 15,000,000 inhabitants, counted 40 deaths.")
    pages = PageTexts(lambda version, wanted: {p: hit.text for p in wanted})
    population = Candidate(
        hit, hit.text, "15,000,000 inhabitants", value=15e6, score=2.0,
        measure="home to … inhabitants", measure_terms=frozenset({"home", "inhabit"}),
    )  # fmt: skip
    deaths = Candidate(
        hit, hit.text, "40 deaths", value=40.0, score=1.0,
        measure="counted … deaths", measure_terms=frozenset({"count", "death"}),
    )  # fmt: skip
    points, _ = series_points([[population, deaths]], model, pages, deaths_asked)
    assert points == [None]
    deaths.score = 3.0  # the deaths figure first: it sets the measure and is the point
    points, _ = series_points([[population, deaths]], model, pages, deaths_asked)
    assert points == [(deaths, hit.page)]


def test_a_place_the_masthead_names_is_the_place_of_every_passage() -> None:
    """A report that prints its province once, beside its title, speaks of it in every passage;
    a place it names nowhere still filters its figures out."""
    kits = "Partners distributed 3,200 hygiene kits."
    front = f"Ministry of Health\nFlood update\nProvince: Corran\nDate: 14 March 2026\n{kits}"
    question = "How many hygiene kits were distributed in Corran?"
    assert _read(question, [_text(kits)], front).text.startswith("3,200 hygiene kits")
    assert _read(question, [_text(kits)], f"Flood update\n{kits}").abstained
    elsewhere = "How many hygiene kits were distributed in Vale?"
    assert _read(elsewhere, [_text(kits)], front).abstained


def test_a_name_after_an_elided_article_is_a_name() -> None:
    """French writes "l'Orrin", "d'Orrin": the place is still a name the evidence must give,
    so a passage about Vale does not answer for it."""
    kits = "Partners distributed 3,200 hygiene kits in Vale."
    for question in [
        "Combien de kits d'hygiène ont été distribués dans l'Orrin ?",
        "Combien de kits d'hygiène la province d'Orrin a-t-elle reçus ?",
    ]:
        assert _read(question, [_text(kits)], kits).abstained, question
    there = "Combien de kits d'hygiène ont été distribués dans l'Vale ?"
    assert _read(there, [_text(kits)], kits).text.startswith("3,200"), there


def test_the_masthead_is_the_lines_around_the_title_that_are_not_prose() -> None:
    page = "\n".join(
        ["Cover photo.", "MINISTRY", "Flood  update N° 4", "Province : Corran", "Kits were given."]
    )
    assert masthead(page, "Flood update N° 4") == "MINISTRY\nFlood update N° 4\nProvince : Corran"
    assert masthead(page, "flood_update_4") == ""  # a file name standing in for a title


def test_which_three_is_answered_with_the_three_names_listed_together() -> None:
    listing = "Three new countries (Corran, Vale and Tarsis) reported cases. Partners met in Ostia."
    answer = _read("Which three countries reported cases?", [_text(listing)], listing)
    given = [
        n
        for n in ("Corran", "Vale", "Tarsis", "Ostia")
        if f"{n}, according" in answer.text or f"{n} [" in answer.text
    ]
    assert given == ["Corran", "Vale", "Tarsis"], answer.text
    one = _read("Which country reported cases?", [_text(listing)], listing)
    assert sum(f"{n} [" in one.text for n in ("Corran", "Vale", "Tarsis")) == 0, one.text


def test_which_before_a_noun_is_answered_with_a_name_not_a_figure() -> None:
    text = "In March, Tarsis district recorded the highest number of new arrivals, 1,412 people."
    answer = _read(
        "Which district recorded the highest number of new arrivals in March?", [_text(text)], text
    )
    assert answer.text.startswith("Tarsis"), answer.text


def test_a_name_the_question_says_is_not_listed_among_the_names_it_asks_for() -> None:
    text = "Rainfall on 16 March flooded two more districts in Corran, where displacement rose."
    answer = _read("Which two districts were flooded in Corran?", [_text(text)], text)
    assert "Corran [" not in answer.text and not answer.text.startswith("Corran"), answer.text


def test_a_figure_measures_what_its_own_clause_says() -> None:
    """The words after a figure up to the clause's end are its own (`in Corran`), not the next
    figure's; so a change is never read from one report's Corran and the other's total."""
    sentence = (
        "Partners distributed 3,200 hygiene kits in Corran and 7,250 hygiene kits in total: "
        "4,600 in Vale, 5,050 in Corran."
    )
    hit = _text(sentence)
    reader = ExtractiveReader(QuestionReader(Tokenizer(), lambda t: {t}), ReaderModel.load())
    pages = PageTexts(lambda version, wanted: {1: sentence})
    parts = reader.candidates("How many hygiene kits were distributed?", [hit], TermStats(), pages)
    measures = {c.value: c.measure for c in parts[0][1]}
    assert measures == {
        3200: "Partners distributed … hygiene kits … in Corran",
        7250: "hygiene kits … in total",
        4600: "in Vale",
        5050: "in Corran",
    }


def test_the_second_figure_of_a_change_measures_what_the_first_does() -> None:
    """ "fell from 71 to 65": 65 counts the shelters open too (it had no words of its own, so no
    change between two reports could be read from it)."""
    sentence = "The number of collective shelters open fell from 71 to 65 (31 in Vale)."
    hit = _text(sentence)
    reader = ExtractiveReader(QuestionReader(Tokenizer(), lambda t: {t}), ReaderModel.load())
    pages = PageTexts(lambda version, wanted: {1: sentence})
    parts = reader.candidates("How many collective shelters are open?", [hit], TermStats(), pages)
    found = {c.value: c for c in parts[0][1]}
    assert found[65].measure == "collective shelters open"
    assert found[65].features["counted_near"] > 0.3  # its words stand before the change
    # 71 is the value the change starts from: an earlier report's, not this one's.
    assert (found[71].features["earlier"], found[65].features["earlier"]) == (1.0, 0.0)


def test_a_series_takes_the_measure_that_most_reports_give() -> None:
    """The first report's surest figure is a sub-total row, the second report has no such row:
    the measure is the plain row both reports give, read in the first report from its own cell,
    not one report left a gap (or one report's sub-total set against the other's row)."""
    model = ReaderModel.load().with_threshold(0.0)  # every best candidate counts as sure
    first, second = (
        _text("Sub-total Corran 44. Corran 44.", date="2026-03-14"),
        _text("Corran 71.", date="2026-03-21"),
    )
    pages = PageTexts(lambda version, wanted: {p: first.text + " " + second.text for p in wanted})
    plain = frozenset({"corran", "case"})

    def cell(hit: Hit, value: float, terms: frozenset[str], score: float) -> Candidate:
        return Candidate(
            hit, hit.text.split(". ")[-1].rstrip("."), f"{value:g}", value=value, score=score,
            row=0, measure=" ".join(sorted(terms)), measure_terms=terms,
        )  # fmt: skip

    subtotal = cell(first, 44, frozenset({"sub", "total", "corran", "case", "cumul"}), 2.0)
    row = cell(first, 44, plain, 1.0)
    later = cell(second, 71, plain, 1.0)
    points, _ = series_points([[subtotal, row], [later]], model, pages, _series_asked({"case"}))
    assert [p[0] if p else None for p in points] == [row, later]


def _series_asked(about: set[str], words: set[str] | None = None, *names: str) -> SeriesAsked:
    """What a series question asks about, the other words it says, and the names it gives."""
    return SeriesAsked(
        frozenset(about),
        frozenset(about | (words or set()) | set(names)),
        tuple(frozenset({n}) for n in names),
        tuple(frozenset({n}) for n in names),
    )


def _cell(hit: Hit, value: float, label: str, terms: set[str], score: float) -> Candidate:
    """A table cell of `hit` whose row and column read `label`."""
    return Candidate(
        hit, f"{label} {value:g}", f"{value:g}", value=value, score=score, row=0,
        measure=label, measure_terms=frozenset(terms),
    )  # fmt: skip


def _score_only_model(threshold: float) -> ReaderModel:
    """A model whose confidence in a figure is its score alone (`sigmoid(score)`)."""
    return ReaderModel(
        ranker={}, abstainer={"score": 1.0}, abstainer_intercept=0.0, threshold=threshold
    )


def _pages_quoting(*candidates: Candidate) -> PageTexts:
    """Pages that print every candidate's quote."""
    text = "\n".join(c.quote for c in candidates)
    return PageTexts(lambda version, wanted: {p: text for p in wanted})


def test_a_series_measure_is_the_cell_many_reports_agree_on_over_one_sure_sentence() -> None:
    """One report's sure answer is a sentence of another measure ("8 cases tested positive");
    four reports' best answers are the same cell, "Corran · Confirmed cases", each less sure
    than the threshold alone: the cell, which says exactly what is asked, is the measure, and
    the sentence's report a gap. A cell whose row says a word the question does not (a total
    row, `label_misses` as the reader counts it) does not set the measure unless the model is
    sure of it, however many reports give it."""
    model = _score_only_model(threshold=0.8)  # sure from a score of about 1.4
    asked = _series_asked({"confirm", "case"}, {"cumul"}, "corran")
    first = _text("On 14 May, 8 cases tested positive.", date="2026-05-14")
    sentence = Candidate(
        first, first.text, "8 cases", value=8.0, score=3.0,
        measure="cases tested positive", measure_terms=frozenset({"case", "test", "posit"}),
    )  # fmt: skip
    tables = [_text(f"Corran {n}", date=f"2026-05-{15 + i}") for i, n in enumerate((20, 31, 44))]
    plain, total = {"corran", "confirm", "case"}, {"total", "confirm", "case"}
    cells = [
        _cell(t, float(t.text.split()[1]), "Corran · Confirmed cases", plain, 0.5) for t in tables
    ]
    totals = [
        replace(
            _cell(t, float(t.text.split()[1]), "Total · Confirmed cases", total, 0.5),
            features={"label_misses": 1.0},
        )
        for t in tables
    ]
    pages = _pages_quoting(sentence, *cells, *totals)
    points, left_out = series_points([[sentence], *([c] for c in cells)], model, pages, asked)
    assert [p[0].value if p else None for p in points] == [None, 20, 31, 44]
    assert left_out == 1  # the sure sentence's report: a gap, counted as left out
    points, _ = series_points([[sentence], *([c] for c in totals)], model, pages, asked)
    assert [p[0].value if p else None for p in points] == [8, None, None, None]


def test_a_running_totals_gap_takes_a_near_twin_figure_between_its_neighbours() -> None:
    """Four reports print Corran's total deaths; the second and the last word the cell a little
    otherwise (`Total reported deaths`), unsure alone. The second's gap takes its figure that
    lies between the first and third reports' (12, not the new deaths, 3, ranked above it); the
    last report keeps its gap, bounded on one side only; and a series that goes down (a
    correction, or no running total) gets no filling."""
    model = _score_only_model(threshold=0.8)  # sure from a score of about 1.4
    asked = _series_asked({"death"}, {"total"}, "corran")
    hits = [_text(f"Corran report {n}", date=f"2026-05-{10 + n}") for n in range(4)]
    exact, twin = {"corran", "total", "death"}, {"corran", "total", "death", "report"}

    def reports(first: float, third: float) -> list[list[Candidate]]:
        return [
            [_cell(hits[0], first, "Corran · Total deaths", exact, 3.0)],
            [
                _cell(hits[1], 3, "Corran · New reported deaths", twin | {"new"}, 1.0),
                _cell(hits[1], 12, "Corran · Total reported deaths", twin, 0.5),
            ],
            [_cell(hits[2], third, "Corran · Total deaths", exact, 3.0)],
            [_cell(hits[3], 20, "Corran · Total reported deaths", twin, 0.5)],
        ]

    rising = reports(10, 15)
    pages = _pages_quoting(*(c for found in rising for c in found))
    points, _ = series_points(rising, model, pages, asked)
    assert [p[0].value if p else None for p in points] == [10, 12, 15, None]
    falling = reports(15, 10)
    pages = _pages_quoting(*(c for found in falling for c in found))
    points, _ = series_points(falling, model, pages, asked)
    assert [p[0].value if p else None for p in points] == [15, None, 10, None]


def test_a_series_cell_must_name_the_place_asked_when_the_tables_name_it() -> None:
    """Asked about the zone of Bunia in Ituri, a report's best cell "Ituri · Confirmed cases"
    says only words of the question, but the reports' tables name Bunia in rows of its own:
    the province's row is not the zone's series. A name no table gives (a virus strain the
    question names) is not looked for in the cell."""
    model = _score_only_model(threshold=0.99)  # nothing sure: only exact cells can count
    hits = [_text(f"Ituri {n}", date=f"2026-06-{10 + i}") for i, n in enumerate((460, 487))]
    ituri = [
        _cell(
            h, float(h.text.split()[1]), "Ituri · Confirmed cases", {"itur", "confirm", "case"}, 1.0
        )
        for h in hits
    ]
    bunia = [
        _cell(h, 100.0 + i, "Bunia · Confirmed cases", {"bunia", "confirm", "case"}, 0.5)
        for i, h in enumerate(hits)
    ]
    pages = _pages_quoting(*ituri, *bunia)
    asked = _series_asked({"confirm", "case"}, set(), "bunia", "itur", "bundibugyo")
    points, _ = series_points(
        [[i, b] for i, b in zip(ituri, bunia, strict=True)], model, pages, asked
    )
    assert points == [None, None]  # Bunia's cells are never the best answer: no measure
    asked = _series_asked({"confirm", "case"}, set(), "itur", "bundibugyo")
    points, _ = series_points(
        [[i, b] for i, b in zip(ituri, bunia, strict=True)], model, pages, asked
    )
    assert [p[0].value if p else None for p in points] == [460, 487]


def test_a_series_measure_naming_one_of_the_places_asked_together_is_not_proposed() -> None:
    """Asked about Corran and Glenrock together (the whole of them; the tables list both), each
    report's sure answer is Corran's row: it measures a part of what is asked, so it sets no measure and the series
    is gaps. Asked about Corran alone, the same rows are its series; a row naming no place (a
    rate of the whole report, for an outbreak the question places) may set the measure."""
    model = _score_only_model(threshold=0.55)
    hits = [_text(f"Corran {n}", date=f"2026-06-{10 + i}") for i, n in enumerate((12, 19))]
    rows = [
        _cell(h, float(h.text.split()[1]), "Corran · New cases", {"corran", "new", "case"}, 2.0)
        for h in hits
    ]
    glenrock = [
        _cell(h, 3.0, "Glenrock · New cases", {"glenrock", "new", "case"}, -1.0) for h in hits
    ]
    pages = _pages_quoting(*rows, *glenrock)
    found = [[r, g] for r, g in zip(rows, glenrock, strict=True)]
    together = _series_asked({"new", "case"}, set(), "corran", "glenrock")
    assert series_points(found, model, pages, together)[0] == [None, None]
    alone = _series_asked({"new", "case"}, set(), "corran")
    points, _ = series_points(found, model, pages, alone)
    assert [p[0].value if p else None for p in points] == [12, 19]
    rates = [
        replace(r, measure="New cases", measure_terms=frozenset({"new", "case"})) for r in rows
    ]
    found = [[r, g] for r, g in zip(rates, glenrock, strict=True)]
    points, _ = series_points(found, model, pages, together)
    assert [p[0].value if p else None for p in points] == [12, 19]


def test_the_total_row_of_a_table_of_the_places_asked_is_their_series() -> None:
    """Asked about Corran and Glenrock together, each report's table lists those two and their
    Total, none of it sure: the Total cell of the column that says what is asked (`New cases`,
    not `Cases`) is the point, ranked however low. A table that lists a third place sums
    more than what is asked: no point."""
    model = _score_only_model(threshold=0.99)  # nothing sure: only cells saying what is asked
    hits = [_text(f"report {n}", date=f"2026-06-{10 + n}") for n in range(2)]

    def table(hit: Hit, places: list[str], new: list[float]) -> list[Candidate]:
        out = []
        for r, place in enumerate([*places, "Total"]):
            for c, column in ((1, "Cases"), (2, "New cases")):
                value = new[r] * (10 if c == 1 else 1)
                terms = {place.lower(), "case"} | ({"new"} if c == 2 else set())
                cell = _cell(hit, value, f"{place} · {column}", terms, -float(r))
                out.append(replace(cell, row=r, cell=(c, 0)))
        return out

    found = [
        table(hits[0], ["Corran", "Glenrock"], [2, 3, 5]),
        table(hits[1], ["Corran", "Glenrock"], [4, 1, 5]),
    ]
    found[1][-1] = replace(found[1][-1], value=6.0)  # the second report's total of new cases
    pages = _pages_quoting(*(c for cells in found for c in cells))
    together = _series_asked({"new", "case"}, set(), "corran", "glenrock")
    points, _ = series_points(found, model, pages, together)
    assert [p[0].value if p else None for p in points] == [5, 6]
    wider = [table(h, ["Corran", "Glenrock", "Tarn"], [2, 3, 1, 6]) for h in hits]
    pages = _pages_quoting(*(c for cells in wider for c in cells))
    assert series_points(wider, model, pages, together)[0] == [None, None]


def test_a_report_giving_two_figures_of_the_measure_alike_is_a_gap() -> None:
    """Two tables of one report each have a row `Total · Cumulative deaths` (two regions'
    tables) with different figures: which one the series means, the report does not say, so
    it is a gap rather than a guess. The same figure twice is no doubt."""
    model = _score_only_model(threshold=0.99)
    hits = [_text(f"report {n}", date=f"2026-06-{10 + n}") for n in range(2)]
    terms = {"total", "cumul", "death"}
    found = [
        [_cell(hits[0], 800.0, "Total · Cumulative deaths", terms, 1.0),
         _cell(hits[0], 216.0, "Total · Cumulative deaths", terms, 0.9)],
        [_cell(hits[1], 900.0, "Total · Cumulative deaths", terms, 1.0),
         _cell(hits[1], 900.0, "Total · Cumulative deaths", terms, 0.9)],
    ]  # fmt: skip
    pages = _pages_quoting(*(c for cells in found for c in cells))
    asked = _series_asked({"cumul", "death"}, {"total"})
    points, _ = series_points(found, model, pages, asked)
    assert [p[0].value if p else None for p in points] == [None, 900]


def test_a_zone_printed_beside_its_province_labels_the_row() -> None:
    """A province's cell spans its zones' rows and prints on the first only: that row's
    figures are the zone's, so its label is both. A placeholder (`ND`) in a figure column is
    no name."""
    rows = [
        ["Ituri", "", "Bunia", "12", "3"],
        ["", "", "Rwampara", "4", "ND"],
        ["", "Sous total", "", "16", "3"],
        ["Nord-Kivu", "", "Goma", "ND", "0"],
        ["", "Total", "", "17", "3"],
    ]
    labels = label_columns(rows)
    assert labels == {0, 1, 2}
    assert [row_label(row, labels) for row in rows] == [
        "Ituri Bunia", "Rwampara", "Sous total", "Nord-Kivu Goma", "Total",
    ]  # fmt: skip


def test_a_question_names_each_place_once_however_many_words_it_takes() -> None:
    """ "Kivu del Norte" and "Republic of Korea" are one place each, "Ituri y Kivu del Norte"
    two; punctuation ends a name ("Bunia (Ituri)" is two)."""
    reader = QuestionReader(Tokenizer())

    def places(question: str) -> list[int]:
        """How many terms each place the question names has."""
        return sorted(len(p) for p in reader.read(question, TermStats()).places)

    assert places("¿Cuántos casos nuevos hubo en Ituri y Kivu del Norte?") == [1, 2]
    assert places("How many cases did the Republic of Korea report?") == [2]
    assert places("Combien de cas à Bunia (Ituri) ?") == [1, 1]


def test_a_sentence_measure_several_reports_agree_on_is_a_point_in_each() -> None:
    """Four reports' best answers are the same words, "Globally … confirmed", each unsure alone
    (0.4) but not all wrong together (1 - 0.6**4 = 0.87): the measure is agreed and each report's
    sentence of it is a point. One report alone is no agreement; one sure report's words, which
    another report says only below its own best answer, are not a point there unless sure; and
    reports agreeing on a row that names a place the question does not (`label_misses`: the
    United States for the Americas) agree on no measure asked."""
    model = _score_only_model(threshold=0.55)  # confidence = sigmoid(score): 0.4 at -0.405
    asked = _series_asked({"global", "confirm"})
    unsure, sure = -0.405, 1.0
    days = [_text(f"Globally {n} confirmed.", date=f"2020-03-{10 + i}") for i, n in
            enumerate((118_319, 234_073, 693_282, 1_436_198))]  # fmt: skip
    words = frozenset({"global", "confirm"})

    def figure(hit: Hit, score: float, terms: frozenset[str] = words) -> Candidate:
        value = float(hit.text.split()[1])
        return Candidate(
            hit, hit.text, f"{value:g}", value=value, score=score,
            measure="Globally … confirmed", measure_terms=terms,
        )  # fmt: skip

    pages = _pages_quoting(*(figure(h, 0.0) for h in days))
    agreeing = [[figure(h, unsure)] for h in days]
    points, _ = series_points(agreeing, model, pages, asked)
    assert [p[0].value if p else None for p in points] == [118_319, 234_073, 693_282, 1_436_198]
    points, _ = series_points(agreeing[:1], model, pages, asked)
    assert points == [None]
    deaths = replace(figure(days[1], 0.5, frozenset({"death"})), measure="deaths")
    one_sure = [[figure(days[0], sure)], [deaths, figure(days[1], unsure)]]
    points, _ = series_points(one_sure, model, pages, asked)
    assert [p[0].value if p else None for p in points] == [118_319, None]
    elsewhere = [[replace(c[0], features={"label_misses": 2.0})] for c in agreeing]
    points, _ = series_points(elsewhere, model, pages, asked)
    assert points == [None] * 4


def test_a_total_row_reports_agree_on_speaks_for_a_question_that_names_no_place() -> None:
    """Asked for the world's deaths, three reports' best answers are their table's Grand total
    row, each unsure alone, its label a word the question does not say: the tables' total is
    what a question naming no place asks for, so the reports agree on it. Asked for Corran, the
    same rows are no witnesses (whether the tables list Corran or not)."""
    model = _score_only_model(threshold=0.55)
    tables = [_text(f"Grand total {n}", date=f"2020-03-{10 + i}") for i, n in
              enumerate((9840, 40598, 85521))]  # fmt: skip
    terms = {"grand", "total", "death"}
    rows = [
        replace(
            _cell(t, float(t.text.split()[2]), "Grand total · Total deaths", terms, -0.405),
            features={"label_misses": 1.0},
        )
        for t in tables
    ]
    corran = [_cell(t, 7.0, "Corran · Total deaths", {"corran", "total", "death"}, -3.0)
              for t in tables]  # fmt: skip
    pages = _pages_quoting(*rows, *corran)
    found = [[r, c] for r, c in zip(rows, corran, strict=True)]
    points, _ = series_points(found, model, pages, _series_asked({"death"}, {"cumul"}))
    assert [p[0].value if p else None for p in points] == [9840, 40598, 85521]
    named = _series_asked({"death"}, {"cumul"}, "corran")
    assert series_points(found, model, pages, named)[0] == [None] * 3
    untabled = [[r] for r in rows]
    assert series_points(untabled, model, pages, named)[0] == [None] * 3


def test_a_part_not_found_is_said_not_dropped() -> None:
    """A two-part question whose second part the evidence cannot answer gets the first part's
    figure and says which part it did not find, rather than leaving it out without a word."""
    node = _text("Partners distributed 3,200 hygiene kits in Corran.")
    answer = _ask(
        "How many hygiene kits were distributed in Corran, and how many family tents were "
        "pitched in Glenrock?",
        node,
    )
    assert answer.text.startswith("3,200 hygiene kits"), answer.text
    assert "not found in the reports: “how many family tents were pitched in Glenrock”" in (
        answer.text
    )
    both = _ask("How many hygiene kits were distributed in Corran?", node)
    assert "not found" not in both.text


def test_which_place_has_the_most_is_the_row_with_the_largest_figure_of_its_column() -> None:
    table = _table(
        ["Province", "Total confirmed cases", "New confirmed cases"],
        [["Vale", "1200", "45"], ["Corran", "800", "12"], ["Eastmarch", "900", "60"]]
        + [["Sous-total Vale", "2900", "117"]],
    )
    most = _ask("Which province had the most new confirmed cases?", table)
    assert most.text.startswith("Eastmarch, with 60 under “New confirmed cases”"), most.text
    assert most.citations[0].quote == "Eastmarch 900 60"
    fewest = _ask("Which province had the fewest total confirmed cases?", table)
    assert fewest.text.startswith("Corran, with 800 under “Total confirmed cases”"), fewest.text


def test_which_place_has_the_most_is_the_name_beside_the_largest_figure_of_its_list() -> None:
    listed = _text("New cases were reported in Vale (14), Corran (31) and Eastmarch (7).")
    answer = _ask("Which district reported the most new cases?", listed)
    assert answer.text.startswith("Corran, with 31"), answer.text
    tied = _text("New cases were reported in Vale (31), Corran (31) and Eastmarch (7).")
    both = _ask("Which district reported the most new cases?", tied)
    assert both.text.startswith("Vale and Corran, with 31"), both.text


def test_a_word_that_only_opens_its_sentence_is_no_name() -> None:
    opening = _text("Aucune nouvelle zone de santé n’a été touchée. Les cas viennent de Mambasa.")
    answer = _ask("Quelle zone de santé a été touchée ?", opening)
    assert not answer.text.startswith("Aucune"), answer.text
    named = _text("Mambasa a notifié 12 cas. Les équipes de Mambasa sont sur place.")
    assert _ask("Quelle zone de santé a notifié 12 cas ?", named).text.startswith("Mambasa")


def test_the_places_ranked_are_those_the_sub_total_of_the_place_asked_sums() -> None:
    table = _table(
        ["Province / Zone", "Confirmed cases"],
        [["VALE", ""], ["Ardra", "40"], ["Brisk", "55"], ["Sub-total Vale", "95"]]
        + [["CORRAN", ""], ["Tolmen", "70"], ["Sub-total Corran", "70"]],
    )
    answer = _ask("Which zone had the most confirmed cases in Vale?", table)
    assert answer.text.startswith("Brisk, with 55"), answer.text


def test_a_zone_printed_beside_its_province_is_ranked_by_its_own_name() -> None:
    """The province's cell spans its zones' rows and prints on the first: that row ranks as
    the zone (Ardra), not as the province the question names."""
    table = _table(
        ["Province", "Zone", "Confirmed cases"],
        [["Vale", "Ardra", "70"], ["", "Brisk", "55"], ["", "Sub-total Vale", "125"]],
    )
    answer = _ask("Which zone had the most confirmed cases in Vale?", table)
    assert answer.text.startswith("Ardra, with 70"), answer.text


def test_a_table_of_the_place_asked_and_its_peers_ranks_nothing() -> None:
    regions = _table(
        ["Region", "Cumulative deaths"], [["Americas", "527 837"], ["Europe", "229 802"]]
    )
    answer = _ask("Which country had the most cumulative deaths in Europe?", regions)
    assert not answer.text.startswith("Americas"), answer.text


def test_without_a_ranking_which_has_the_most_is_answered_only_by_a_quote_that_says_it() -> None:
    plain = _text("Corran reported 31 new cases on 14 March.")
    answer = _ask("Which district reported the most new cases?", plain)
    assert answer.abstained, answer.text
    said = _text("Most boats departed from Garabulli this month.")
    assert _ask("From which town did most boats depart?", said).text.startswith("Garabulli")


def test_a_list_cut_to_fit_its_quote_ranks_nothing() -> None:
    places = ", ".join(f"Zone{chr(65 + n)} ({n + 1})" for n in range(40))
    listed = _text(f"New cases were reported in {places}.")
    answer = _ask("Which health zone reported the most new cases?", listed)
    assert not answer.text.startswith("ZoneA, with"), answer.text
    assert answer.abstained or "with 40" in answer.text, answer.text


def test_a_measure_is_its_words_not_the_numbers_printed_with_them() -> None:
    """Two reports print the same column, the parser cutting one header short (`COVID-1`): the
    numbers in a header or label are not what its figures measure, so both cells are of one
    measure, as a series must see them."""
    reader = ExtractiveReader(QuestionReader(Tokenizer(), lambda t: {t}), ReaderModel.load())
    measures = []
    for header in ("COVID-19 Total deaths", "COVID-1 Total deaths"):
        hit = _table(["Country", header], [["China", "3 162"]])
        pages = PageTexts(lambda version, wanted, hit=hit: {1: hit.text})
        parts = reader.candidates("How many deaths in China?", [hit], TermStats(), pages)
        measures.append(next(c.measure_terms for c in parts[0][1] if c.value == 3162))
    assert measures[0] == measures[1]
    assert {"china", "death"} <= measures[0]


def _ask_open(question: str, hit: Hit, figure_chance: float) -> Answer:
    """Ask with an answer-kind model that reads the question as asking for a figure with
    `figure_chance` (its one weight applied to the log-odds the fake vector holds)."""
    odds = [math.log(figure_chance / (1 - figure_chance))]
    kind = AnswerKind(weights=(1.0,), intercept=0.0, prior=0.5)
    model = replace(ReaderModel.load().with_threshold(0.0), answer_kind=kind)
    questions = QuestionReader(Tokenizer(), lambda t: {t})
    reader = ExtractiveReader(questions, model, meaning=lambda text: odds)
    pages = PageTexts(lambda version, wanted: {1: hit.text})
    evidence = Evidence([SearchResult([hit], TermStats())], pages)
    return verify(question, reader.answer(question, evidence, Plan(question, question)), pages)


def test_an_open_question_answers_with_the_kind_it_asks_for() -> None:
    """ "What ..." may ask for a figure or a name; the question's meaning says which, so the
    same passage answers with its name or with its figure."""
    question = "What partner ran the transit centre in Corran?"
    hit = _text("The Corran transit centre, run by Aldava Relief, received 420 families.")
    assert _ask_open(question, hit, figure_chance=0.02).text.startswith("Aldava Relief")
    assert _ask_open(question, hit, figure_chance=0.98).text.startswith("420")


def test_the_answer_kind_without_a_vector_is_its_prior() -> None:
    kind = AnswerKind(weights=(2.0, -1.0), intercept=0.5, prior=0.6)
    assert kind.figure_chance(None) == 0.6
    assert kind.figure_chance([0.1]) == 0.6  # a vector of another model
    assert kind.figure_chance([1.0, 1.0]) == pytest.approx(1 / (1 + math.exp(-1.5)))


def test_a_candidate_scores_the_same_whatever_the_order_of_the_terms() -> None:
    """The order of a question's terms follows Python's string hashing, which changes from one
    process to the next: the same question once answered and once abstained, its coverage summed
    in another order and a spread of rounding error read as a standard deviation."""
    from app.extractive.candidates import CandidateFinder, _mean_and_spread

    tokenizer = Tokenizer()
    finder = CandidateFinder(QuestionReader(tokenizer, lambda t: {t}), ReaderModel.load())
    q = QuestionReader(tokenizer, lambda t: {t}).read("tents jerrycans kits", TermStats())
    weights = dict(zip(sorted(q.weights), (0.1, 0.2, 0.3), strict=True))
    forward = replace(q, weights=weights)
    backward = replace(q, weights=dict(reversed(weights.items())))
    own = set(weights)
    assert finder._coverage(forward, own, set()) == finder._coverage(backward, own, set())
    mean, spread = _mean_and_spread([0.1 + 0.2, 0.3, 0.3])  # equal but for the last bit
    assert spread == 1.0 and abs((0.3 - mean) / spread) < 1e-9
