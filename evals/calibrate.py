"""The reader's answering threshold end to end: ask every dev question through the assistant at
each threshold of a grid, score the answers as the evaluation does, and keep the lowest
threshold at which the answers given are right at least a stated share of the time.

    .venv/bin/python -m evals.calibrate --data DIR [--questions evals/questions/dev]
        [--precision 0.72] [--in-use] [--write]

`evals/fit_reader.py` fits the models on what one candidate gives (a figure from a cited page)
and reads its threshold from those labels; the evaluation asks more of an answer (every part, in
its own words, after the citation check), so that threshold says little about the share of
answers users get right. This measures that share at each threshold, cross-fitted: the dev
questions are cut into folds by the report they come from, and each fold is answered by models
fitted on the other folds only, as the test questions are answered by models that never saw
them or their reports (a model asked the questions it was fitted on is surer of them than of
new ones, and a threshold read there answers too much). `--in-use` answers with the model in
use instead: for one whose ranker was not refitted whole (`fit_reader --add`), which the folds'
whole refits are not. `--data` is a library that holds the
corpus. With `--write` the chosen threshold goes to `app/extractive/model.json` with the grid's
figures, for the model fitted on every dev question: after a refit.
"""

from __future__ import annotations

import argparse
import json
import time
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from app import Assistant
from app.extractive import ExtractiveReader
from app.extractive.model import MODEL_FILE, ReaderModel
from evals import fit_reader
from evals.question_set import Question, load_questions
from evals.runner import ask_all, file_names
from evals.scoring import metrics
from index import SearchResult

# The share of the answers given on dev that must be right, by default.
PRECISION = 0.72
FOLDS = 5
GRID = tuple(round(0.30 + 0.025 * i, 3) for i in range(17))  # 0.30 .. 0.70
FIGURES = ("answer_accuracy", "precision", "abstention_accuracy", "false_abstention")


def sweep(
    assistant: Assistant,
    questions: list[Question],
    grid: tuple[float, ...],
    by_fold: list[tuple[ReaderModel, list[Question]]] | None = None,
) -> dict[float, Any]:
    """The evaluation's figures of the questions at each threshold of the grid: each fold of
    `by_fold` answered by its own model, or all of them by the reader's."""
    reader = assistant.reader
    assert isinstance(reader, ExtractiveReader)
    model = reader.model
    _remember_searches(assistant)
    names = file_names(assistant)
    out = {}
    for threshold in grid:
        verdicts = []
        for fold_model, fold in by_fold or [(model, questions)]:
            reader.model = fold_model.with_threshold(threshold)
            verdicts += ask_all(assistant, fold, names, lambda _s, _n, _t: None)[1]
        scored = metrics(verdicts)
        out[threshold] = {k: scored[k] for k in FIGURES}
        print(threshold, out[threshold], flush=True)
    reader.model = model
    return out


def fold_of(question: Question) -> int:
    """A question's fold, by the report file it comes from: one report's questions are never
    fitted on while another of them is answered."""
    key = question.sources[0].file if question.sources else question.id
    return zlib.crc32(key.encode()) % FOLDS


def held_out_models(
    assistant: Assistant, questions: list[Question], model: ReaderModel
) -> list[tuple[ReaderModel, list[Question]]]:
    """Each fold's questions with the model fitted on the other folds (the ranker's L2
    strength as the stored model's)."""
    asked = fit_reader.gather(assistant, questions)
    strength = float(model.notes.get("l2_strength", 0.1))
    out = []
    for fold in range(FOLDS):
        fitted = fit_reader.fit([a for a in asked if fold_of(a.question) != fold], [], strength)
        fold_model = replace(
            model,
            ranker=fitted["ranker"],
            abstainer=fitted["abstainer"],
            abstainer_intercept=fitted["abstainer_intercept"],
        )
        out.append((fold_model, [q for q in questions if fold_of(q) == fold]))
    return out


def _remember_searches(assistant: Assistant) -> None:
    """The searches do not depend on the threshold: each runs once and is replayed (its hits in a
    new list), so each threshold after the first costs only the reading."""
    search = assistant.library.search
    seen: dict[tuple[str, str, int | None], SearchResult] = {}

    def remembered(
        query: str, filters: Any = None, top_k: int | None = None, records: Any = None
    ) -> SearchResult:
        key = (query, repr(filters), top_k)
        if key not in seen:
            seen[key] = search(query, filters, top_k, records)
        return replace(seen[key], hits=list(seen[key].hits))

    assistant.library.search = remembered  # type: ignore[method-assign]


def choose(figures: dict[float, Any], precision: float = PRECISION) -> float:
    """The lowest threshold whose answers are right at least `precision` of the time; the
    highest of the grid when none is."""
    for threshold in sorted(figures):
        if figures[threshold]["precision"] >= precision:
            return threshold
    return max(figures)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=Path("evals/questions/dev"))
    parser.add_argument("--precision", type=float, default=PRECISION)
    parser.add_argument("--write", action="store_true", help=f"write the threshold to {MODEL_FILE}")
    parser.add_argument(
        "--in-use",
        action="store_true",
        help="answer with the model in use, not with models refitted on the other folds",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    assistant = Assistant(args.data)
    questions = load_questions(args.questions)
    model = assistant.reader.model  # type: ignore[attr-defined]
    by_fold = None if args.in_use else held_out_models(assistant, questions, model)
    figures = sweep(assistant, questions, GRID, by_fold)
    threshold = choose(figures, args.precision)
    print(json.dumps({"threshold": threshold, "dev": figures[threshold]}, indent=1))
    if args.write:
        current = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        current["threshold"] = threshold
        current["notes"] = {
            **current.get("notes", {}),
            "threshold": "evals/calibrate.py: the lowest at which the dev answers given are "
            f"right {args.precision:.0%} of the time, end to end, "
            + (
                "answered by the model in use (its ranker's added weights and its abstainer "
                "were fitted out of fold; the rest of it on earlier dev questions)"
                if args.in_use
                else "each fold of the dev questions answered by models fitted without it"
            ),
            "calibration": {str(t): f for t, f in figures.items()},
            "calibration_seconds": round(time.perf_counter() - started, 1),
        }
        MODEL_FILE.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
