"""`sitrep eval` end to end on the real seed report, baseline included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evals.runner import below_floors, run_eval, select_files
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.model  # the processes it starts load the real model


def test_eval_on_the_seed_scores_and_compares_with_the_baseline(
    corpus: Path, tmp_path: Path
) -> None:
    result = run_eval(
        ROOT / "evals" / "questions" / "dev" / "seed.jsonl", [SEED.parent], data=tmp_path / "lib"
    )
    system = result["system"]
    assert system["questions"] == 19
    assert 0 < system["answer_accuracy"] <= 1 and system["abstention_accuracy"] == 1.0
    assert set(result["baseline"]) == {"hit@1", "hit@5", "mrr"}
    kits = next(q for q in result["questions"] if "hygiene kits" in q["question"])
    assert kits["verdict"]["answer_correct"] and kits["verdict"]["citation_correct"]
    assert result["by_category"]["unanswerable"]["questions"] == 3
    assert result["by_set"]["seed"] == system  # one question file: its figures are the whole's
    assert below_floors(result, {"answer_accuracy": 1.01}) == [
        f"answer_accuracy = {system['answer_accuracy']} is below the floor 1.01"
    ]
    assert below_floors(result, {"latency_p95": 0.0})[0].startswith("latency_p95")


def test_subset_patterns_are_relative_to_the_reports_folder(corpus: Path, tmp_path: Path) -> None:
    subset = tmp_path / "subset.txt"
    subset.write_text("# two files\ngtrm-peru/*.txt\ndrc-ebola/SitRep_25_2026.pdf\n")
    files = select_files([corpus], subset)
    assert sorted(f.name for f in files) == ["000_5c241a38d749b182.txt", "SitRep_25_2026.pdf"]


def test_cli_gate_fails_below_a_floor(corpus: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.toml"
    floors.write_text('[floors]\nanswer_accuracy = 1.01\n"hit@5" = 0.1\n')
    out, report = tmp_path / "r.json", tmp_path / "r.md"
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("sitrep")),
            "eval",
            "--questions",
            str(ROOT / "evals/questions/dev/seed.jsonl"),
            "--reports",
            str(SEED.parent),
            "--no-baseline",
            "--thresholds",
            str(floors),
            "--out",
            str(out),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SITREP_DATA_DIR": str(tmp_path / "lib")},
        timeout=600,
    )
    assert done.returncode == 1
    assert "error: answer_accuracy" in done.stderr and "hit@5" not in done.stderr
    assert "category figure" in done.stdout
    assert json.loads(out.read_text())["system"]["questions"] == 19
    assert report.read_text().startswith("# Evaluation report")


def test_bad_question_files_are_one_line_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "q1", "question": "How many tents?"\n')
    (tmp_path / "empty").mkdir()
    for questions, said in (
        (tmp_path / "empty", "no .jsonl question files"),
        (broken, "broken.jsonl:1: not a question line"),
    ):
        done = subprocess.run(
            [
                str(Path(sys.executable).with_name("sitrep")),
                "eval",
                "--questions",
                str(questions),
                "--reports",
                str(SEED.parent),
                "--no-baseline",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "SITREP_DATA_DIR": str(tmp_path / "lib"), "COLUMNS": "200"},
            timeout=300,
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr.strip().startswith("error:") and said in done.stderr


def test_the_calibration_sweep_scores_answers_as_the_evaluation_does(
    corpus: Path, tmp_path: Path
) -> None:
    from app import Assistant
    from evals.calibrate import FIGURES, sweep
    from evals.question_set import load_questions

    questions = ROOT / "evals" / "questions" / "dev" / "seed.jsonl"
    result = run_eval(questions, [SEED.parent], data=tmp_path / "lib", baseline=False)
    assistant = Assistant(tmp_path / "lib")
    fitted = assistant.reader.model.threshold  # type: ignore[attr-defined]
    figures = sweep(assistant, load_questions(questions), (fitted, 0.999))
    # Searches replayed at each threshold give the answers a fresh run gives.
    assert figures[fitted] == {k: result["system"][k] for k in FIGURES}
    assert figures[0.999]["false_abstention"] == 1.0
    assert assistant.reader.model.threshold == fitted  # type: ignore[attr-defined]
