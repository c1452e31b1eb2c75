"""The curated question set holds: every expected figure is on its cited page of the real report."""

from pathlib import Path

from evals.check_questions import check
from tests.conftest import ROOT


def test_question_set_checks_out_against_the_corpus(corpus: Path) -> None:
    assert check(ROOT / "evals" / "questions", corpus) == []


def test_checker_catches_a_wrong_figure(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "seed.jsonl"
    bad.write_text(
        '{"id": "seed-001", "question": "How many hygiene kits?", "lang": "en", "category": "figure",'
        ' "answerable": true, "expected": ["2,701"], "sources": [{"file": "000_5c241a38d749b182.txt", "page": 1}]}\n'
    )
    problems = check(tmp_path, corpus)
    assert problems and "2,701" in problems[0]
