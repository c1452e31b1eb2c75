"""A report at a glance on real reports: its headline figures as the yardstick's hand-read key
figures give them (`evals/briefs/key_figures_dev.jsonl`), each quote on its page; the chat's and the
API's ways of asking for it."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from app.server import build
from app.settings import Settings
from tests.conftest import ROOT, SEED


def _key_figures(file: str) -> list[dict[str, object]]:
    for line in (ROOT / "evals" / "briefs" / "key_figures_dev.jsonl").read_text().splitlines():
        entry = json.loads(line)
        if Path(entry["file"]).name == file:
            return list(entry["figures"])
    raise KeyError(file)


def test_the_brief_gives_the_reports_key_figures_each_on_its_page(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    brief = assistant.brief("SitRep_25_2026.pdf")
    assert brief.report.file == "SitRep_25_2026.pdf"
    expected = _key_figures("SitRep_25_2026.pdf")
    given = {(item.value, item.citation.page) for item in brief.figures}
    found = [f for f in expected if (f["value"], f["page"]) in given]
    assert len(found) >= len(expected) / 2, (expected, brief.figures)
    version = assistant.library.store.get_report(brief.report.id).version
    for item in [*brief.figures, *brief.sections]:
        page = assistant.library.page_texts(version, [item.citation.page])[item.citation.page]
        assert item.citation.quote in " ".join(page.split())
        assert f"[{item.citation.n}]" in item.text
    assert [i.citation.n for i in [*brief.figures, *brief.sections]] == list(
        range(1, len(brief.figures) + len(brief.sections) + 1)
    )
    assert brief.sections and all(item.value is None for item in brief.sections)


def test_asking_for_a_summary_gives_the_brief_of_the_report_meant(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask("Résumé du rapport de situation N°25")
    assert not answer.abstained and "at a glance" in answer.text
    assert {c.file for c in answer.citations} == {"SitRep_25_2026.pdf"}
    newest = assistant.brief("latest").report
    real = [r for r in assistant.reports() if not r.example]
    assert newest.date == max(r.date for r in real)


def test_the_api_gives_a_brief_and_names_an_unknown_report(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    client = TestClient(build(assistant, Settings(data_dir=assistant.settings.data_dir)))
    got = client.get("/v1/reports/sitrep-25-2026/brief")
    assert got.status_code == 200 and got.json()["figures"]
    missing = client.get("/v1/reports/no-such-report/brief")
    assert missing.status_code == 404 and "no-such-report" in missing.json()["detail"]


def test_a_one_page_update_gives_the_figures_of_its_table(small_library) -> None:  # type: ignore[no-untyped-def]
    """A text update has no page to lead with: its "People reached" table, at its end, holds its
    key figures, and the brief gives them."""
    assistant, _, _ = small_library
    brief = assistant.brief(SEED.name)
    expected = {(f["value"], f["page"]) for f in _key_figures(SEED.name)}
    given = {(item.value, item.citation.page) for item in brief.figures}
    assert len(expected & given) >= len(expected) / 2, brief.figures
    version = assistant.library.store.get_report(brief.report.id).version
    page = assistant.library.page_texts(version, [1])[1]
    assert all(item.citation.quote in " ".join(page.split()) for item in brief.figures)


def test_a_sentence_figure_is_led_by_its_own_words_and_an_earlier_report_s_is_left_out(
    fake_assistant,
) -> None:  # type: ignore[no-untyped-def]
    """Key figures read from sentences say what they count and where ("In Eastmarch, 3,210
    people remained displaced", not "3,210 people"), in the report's words; a figure the report
    sets its news against ("down from 12,450 reported in Situation Report No. 3", "(from
    4,130)") is the earlier report's, not a key figure of this one."""
    update = ROOT / "examples" / "reports" / "northland-flood-update-2026-03-21.txt"
    added = fake_assistant.ingest([update])[0]
    brief = fake_assistant.brief(added.report_id)
    leads = [item.text.split(" [")[0] for item in brief.figures]
    assert "In Eastmarch, 3,210 people remained displaced" in leads, leads
    assert "As of 20 March, 9,870 people remained displaced in Vale" in leads, leads
    values = {item.value for item in brief.figures}
    assert {9870, 3210, 21420} <= values and not {12450, 4130, 7820, 24400} & values, leads
    text = " ".join(update.read_text(encoding="utf-8").split())
    assert all(lead.removeprefix("… ") in text for lead in leads), leads


def test_a_figure_s_words_run_past_a_conjunction_that_joins_what_it_counts(
    fake_assistant,
) -> None:  # type: ignore[no-untyped-def]
    """ "18,600 hectares of rice and vegetable fields are under water" is led whole (it was cut
    at "rice"), while "1,900 houses are reported destroyed and a further 5,300 damaged" gives
    each figure its own words."""
    report = ROOT / "examples" / "reports" / "northland-flood-sitrep-03.pdf"
    added = fake_assistant.ingest([report])[0]
    leads = [item.text.split(" [")[0] for item in fake_assistant.brief(added.report_id).figures]
    assert any("18,600 hectares of rice and vegetable fields are under water" in x for x in leads)
    assert "About 1,900 houses are reported destroyed" in leads, leads
