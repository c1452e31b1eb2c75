"""`sitrep eval`: ingest the reports, ask every question through the `Assistant`, score, compare.

The result is a plain dict (written as JSON): the summary of this project and of the llama-index
baseline, the same figures by category and by language, and every question's answer and verdict.
"""

from __future__ import annotations

import fnmatch
import math
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app import Assistant
from app.errors import ConfigError
from evals.baseline import baseline_retrieval
from evals.question_set import Question, load_questions
from evals.scoring import Located, Verdict, judge, metrics
from ingest import find_files

Progress = Callable[[str, int, int], None]
RETRIEVAL = ("hit@1", "hit@5", "mrr")


def select_files(reports: list[Path], subset: Path | None) -> list[Path]:
    """Report files under `reports`; with a subset file, only those matching one of its patterns
    (one glob a line, relative to the reports folder; `#` starts a comment)."""
    files = find_files(reports)
    if subset is None:
        return files
    patterns = [
        line.split("#", 1)[0].strip()
        for line in subset.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    roots = [r for r in reports if r.is_dir()]

    def relative(path: Path) -> str:
        for root in roots:
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return path.name

    return [f for f in files if any(fnmatch.fnmatch(relative(f), p) for p in patterns)]


def questions_for(questions: list[Question], files: list[Path]) -> list[Question]:
    """Unanswerable questions, and answerable ones with a source among the files ingested."""
    names = {f.name for f in files}
    return [q for q in questions if not q.answerable or any(s.file in names for s in q.sources)]


def run_eval(
    questions_path: Path,
    reports: list[Path],
    *,
    data: Path | None = None,
    subset: Path | None = None,
    baseline: bool = True,
    progress: Progress | None = None,
    assistant_for: Callable[[Path], Assistant] = Assistant,
) -> dict[str, Any]:
    """Ingest `reports` into `data` (a temporary folder without it), ask every question of
    `questions_path` whose sources were ingested, and score; `assistant_for` builds the assistant
    for a library folder (another reader, planner or settings for an ablation)."""
    started = time.perf_counter()
    files = select_files(reports, subset)
    if not files:
        raise ConfigError("no report files selected for the evaluation")
    questions = questions_for(load_questions(questions_path), files)
    data = data or Path(tempfile.mkdtemp(prefix="sitrep-eval-"))
    assistant = assistant_for(data)
    step = progress or (lambda _stage, _n, _total: None)

    ingest_started = time.perf_counter()
    outcomes = assistant.ingest(files, on_file=lambda _o, n, total: step("ingest", n, total))
    ingest_seconds = time.perf_counter() - ingest_started
    names = file_names(assistant)

    records, verdicts = ask_all(assistant, questions, names, step)

    result: dict[str, Any] = {
        "questions_file": str(questions_path),
        "reports": [str(r) for r in reports],
        "subset": str(subset) if subset else None,
        "files": len(files),
        "ingest": {
            "seconds": round(ingest_seconds, 1),
            "outcomes": {
                s: sum(o.status == s for o in outcomes)
                for s in ("added", "unchanged", "duplicate", "failed")
            },
        },
        "system": metrics(verdicts),
        "by_category": _grouped(verdicts, "category"),
        "by_lang": _grouped(verdicts, "lang"),
        "by_set": _grouped(verdicts, "question_set"),
        "questions": records,
    }
    if baseline:
        result.update(_baseline(files, questions, assistant, step, records))
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def ask_all(
    assistant: Assistant,
    questions: list[Question],
    names: dict[str, set[str]],
    step: Progress,
) -> tuple[list[dict[str, Any]], list[Verdict]]:
    """Ask every question through the facade, as a user would; its record and its verdict."""
    records: list[dict[str, Any]] = []
    verdicts: list[Verdict] = []
    assistant.ask("warm-up: how many cases")  # builds the BM25 index outside the timings
    for number, question in enumerate(questions, start=1):
        asked = time.perf_counter()
        answer = assistant.ask(question.question)
        latency = time.perf_counter() - asked
        citations = [Located(c.file, c.page, c.page_end) for c in answer.citations]
        retrieved = [Located(r.file, r.page, r.page_end) for r in answer.retrieved]
        verdict = judge(
            question, answer.text, answer.abstained, citations, retrieved, latency, names
        )
        verdicts.append(verdict)
        records.append(
            {**asdict(question), "answer": answer.model_dump(), "verdict": asdict(verdict)}
        )
        step("ask", number, len(questions))
    return records, verdicts


def _baseline(
    files: list[Path],
    questions: list[Question],
    assistant: Assistant,
    step: Progress,
    records: list[dict[str, Any]],
) -> dict[str, Any]:
    """Retrieval figures of the llama-index default pipeline over the same files and model."""
    started = time.perf_counter()
    found = baseline_retrieval(
        files, questions, assistant.library.embedder, lambda n, total: step("baseline", n, total)
    )
    verdicts = [judge(q, "", True, [], found[q.id], 0.0, {}) for q in questions]
    for record in records:
        record["baseline_retrieved"] = [asdict(r) for r in found[record["id"]]]

    def retrieval(m: dict[str, float]) -> dict[str, float]:
        return {k: v for k, v in m.items() if k in RETRIEVAL}

    return {
        "baseline": retrieval(metrics(verdicts)),
        "baseline_by_category": {
            g: retrieval(m) for g, m in _grouped(verdicts, "category").items()
        },
        "baseline_by_lang": {g: retrieval(m) for g, m in _grouped(verdicts, "lang").items()},
        "baseline_seconds": round(time.perf_counter() - started, 1),
    }


def file_names(assistant: Assistant) -> dict[str, set[str]]:
    """Each stored file name and alias -> every name of the same content."""
    names: dict[str, set[str]] = {}
    for report in assistant.reports():
        group = {report.file, *report.aliases}
        for name in group:
            names[name] = group
    return names


def _grouped(verdicts: list[Verdict], key: str) -> dict[str, dict[str, float]]:
    groups: dict[str, list[Verdict]] = {}
    for v in verdicts:
        groups.setdefault(getattr(v, key), []).append(v)
    return {name: metrics(group) for name, group in sorted(groups.items())}


def below_floors(result: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """Metrics under their floor (or, for false abstention and latency, over their ceiling)."""
    failures = []
    for name, floor in floors.items():
        value = result["system"].get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            failures.append(f"{name}: not measured")
            continue
        ceiling = name.startswith(("false_", "latency_"))
        if (value > floor) if ceiling else (value < floor):
            sign = "above the ceiling" if ceiling else "below the floor"
            failures.append(f"{name} = {value} is {sign} {floor}")
    return failures
