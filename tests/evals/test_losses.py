"""Where a question is lost, on a fictional passage read by the real reader and model: each
stage of the funnel is the last one passed for the reason it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.extractive import ExtractiveReader, ReaderModel
from app.question import QuestionReader
from app.reader import PageTexts
from evals.losses import by_group, funnel, main, stage_reached
from evals.question_set import Question, Source
from index import Hit, TermStats
from index.glossary import Glossary
from index.lexical import Tokenizer

ASKED = "How many hygiene kits were distributed in Corran?"
KITS = "Partners distributed 3,200 hygiene kits in Corran."
QUESTION = Question("seed-001", ASKED, "en", "figure", True, [["3,200"]], [Source("flood.txt", 1)])
STORED = "In Corran, 900 hygiene kits were stored."
PAGES = PageTexts(lambda version, wanted: {1: f"{KITS} {STORED}", 2: "Roads reopened in Vale."})


def _hit(text: str, file: str = "flood.txt", page: int = 1) -> Hit:
    meta = {
        "report_id": file,
        "version": "v1",
        "file": file,
        "title": "Flood update",
        "date": "2026-03-14",
        "section": "Response",
        "page": page,
        "page_end": page,
        "kind": "text",
        "language": "en",
    }
    return Hit.from_metadata(f"{file}-{page}-{abs(hash(text))}", text, 1.0, meta)


def _stage(hits: list[Hit], threshold: float = 0.0, demote_right: bool = False) -> str:
    tokenizer = Tokenizer()
    model = ReaderModel.load().with_threshold(threshold)
    reader = ExtractiveReader(QuestionReader(tokenizer, Glossary(tokenizer).equivalents), model)
    [(_, found)] = reader.candidates(ASKED, hits, TermStats(), PAGES)
    if demote_right:  # the ranker prefers another figure
        for candidate in found:
            candidate.score = -10.0 if candidate.value == 3200 else 10.0
    return stage_reached(QUESTION, hits, found, model, PAGES)


def test_each_stage_is_the_last_one_passed() -> None:
    assert _stage([_hit(KITS, file="other.txt")]) == "none"
    assert _stage([_hit("Roads reopened in Vale.", page=2)]) == "report"
    assert _stage([_hit("Partners distributed 2,900 hygiene kits in Corran.")]) == "page"
    assert _stage([_hit(KITS), _hit(STORED)], demote_right=True) == "candidate"
    assert _stage([_hit(KITS)], threshold=1.01) == "first"
    assert _stage([_hit(KITS)]) == "sure"


def test_a_figure_retrieved_but_given_by_no_candidate_is_lost_in_reading() -> None:
    """The chunk holds the figure, but no candidate gives it."""
    assert stage_reached(QUESTION, [_hit(KITS)], [], ReaderModel.load(), PAGES) == "chunk"


def test_the_funnel_counts_what_passes_and_what_is_lost_at_each_stage() -> None:
    table = funnel({"a": "sure", "b": "chunk", "c": "none", "d": "first"})
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines()[1:-1]}
    assert rows["report"] == ["3", "0.750", "1"]
    assert rows["candidate"] == ["2", "0.500", "1"]
    assert rows["sure"] == ["1", "0.250", "1"]
    assert table.endswith("4 answerable questions")


def test_each_language_and_category_gets_its_share_passing_each_stage() -> None:
    asked = [
        Question(n, ASKED, lang, category, True, [["3,200"]], [Source("flood.txt", 1)])
        for n, lang, category in [
            ("a", "en", "figure"),
            ("b", "es", "figure"),
            ("c", "es", "table"),
        ]
    ]
    table = by_group({"a": "sure", "b": "candidate", "c": "none"}, asked)
    rows = {" ".join(line.split()[:2]): line.split()[2:] for line in table.splitlines()[1:]}
    # n, then the share passing report, page, chunk, candidate, first, sure
    assert rows["lang es"] == ["2", "0.500", "0.500", "0.500", "0.500", "0.000", "0.000"]
    assert rows["category figure"] == ["2", "1.000", "1.000", "1.000", "1.000", "0.500", "0.500"]
    assert rows["lang en"][-1] == "1.000" and rows["category table"][1] == "0.000"


def test_a_missing_library_is_named_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-library"
    with pytest.raises(SystemExit):
        main(["--data", str(missing)])
    assert f"{missing}: no library there" in capsys.readouterr().err
    assert not missing.exists()
