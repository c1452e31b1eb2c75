"""Any reader plugs into the facade, and every reader's answer passes the same citation check."""

from __future__ import annotations

from pathlib import Path

from app.models import Citation
from app.planner import Plan
from app.reader import Draft, Evidence, Statement


class FirstLineReader:
    """Quotes the first line of the best hit, or makes a quote up when told to."""

    def __init__(self, invent: bool = False) -> None:
        self.invent = invent
        self.plans: list[Plan] = []

    def answer(self, question: str, evidence: Evidence, plan: Plan) -> Draft:
        self.plans.append(plan)
        searched = [h.title or h.file for h in evidence.hits]
        if not evidence.hits:
            return Draft([], searched, "Nothing was found.")
        hit = evidence.hits[0]
        quote = "Partners distributed 9,999 tents." if self.invent else hit.text.splitlines()[0]
        citation = Citation(
            n=1,
            file=hit.file,
            page=hit.page,
            page_end=hit.page_end,
            section=hit.section,
            quote=quote,
            title=hit.title,
            date=hit.date,
            report_id=hit.report_id,
        )
        return Draft([Statement(f"“{quote}” [#]", citation, hit.version)], searched, "Not found.")


def _assistant(tmp_path: Path, reader: FirstLineReader):  # type: ignore[no-untyped-def]
    from app import Assistant
    from tests.conftest import FakeEmbedder, FakeEncoder

    report = tmp_path / "update.txt"
    report.write_text("SITUATION\n\nPartners delivered 40 water tanks to Vale.\n")
    assistant = Assistant(
        tmp_path / "library",
        embedder=FakeEmbedder(model_name="fake"),
        encoder=FakeEncoder(),  # type: ignore[arg-type]
        reader=reader,
    )
    assistant.ingest([report])
    return assistant


def test_a_reader_passed_to_the_facade_answers(tmp_path: Path) -> None:
    reader = FirstLineReader()
    answer = _assistant(tmp_path, reader).ask("How many water tanks were delivered to Vale?")
    assert not answer.abstained
    assert answer.text == "“Partners delivered 40 water tanks to Vale.” [1]."
    assert answer.citations[0].page == 1 and reader.plans[0].route == "answer"


def test_a_reader_s_invented_quote_never_reaches_the_user(tmp_path: Path) -> None:
    answer = _assistant(tmp_path, FirstLineReader(invent=True)).ask("How many tents?")
    assert answer.abstained and answer.text == "Not found." and answer.citations == []
