"""`sitrep eval`: registered with the CLI through the `sitrep.commands` entry point, so that the
product does not import its yardstick."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from app.cli import DataOption, err, fail, out, staged_progress


def evaluate(
    questions: Annotated[
        Path, typer.Option("--questions", help="A .jsonl question file or a folder of them.")
    ],
    reports: Annotated[
        list[Path], typer.Option("--reports", help="Report folder or file; repeatable.")
    ],
    subset: Annotated[
        Path | None,
        typer.Option(
            "--subset", help="File of glob patterns (relative to --reports) limiting the reports."
        ),
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="Write every question's answer and verdict here (JSON)."),
    ] = None,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Write a Markdown report here.")
    ] = None,
    thresholds: Annotated[
        Path | None,
        typer.Option("--thresholds", help="TOML floors; exit 1 when a metric falls below one."),
    ] = None,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline/--no-baseline", help="Also score the llama-index default pipeline."
        ),
    ] = True,
    data: DataOption = None,
) -> None:
    """Score answers, citations, abstentions and retrieval on a curated question set."""
    import tomllib

    from evals.report import markdown, text_table
    from evals.runner import below_floors, run_eval

    for path in [questions, *reports, *(p for p in (subset, thresholds) if p)]:
        if not path.exists():
            fail(f"{path}: no such file or folder")
    floors = tomllib.loads(thresholds.read_text())["floors"] if thresholds else {}
    with staged_progress() as step:
        result = run_eval(
            questions, reports, data=data, subset=subset, baseline=baseline, progress=step
        )
    out.print(text_table(result), soft_wrap=True, highlight=False)
    out.print(
        f"{result['system']['questions']} questions, {result['files']} report files; "
        f"ingest {result['ingest']['seconds']} s, whole run {result['seconds']} s"
    )
    if out_file:
        out_file.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    if report_file:
        report_file.write_text(markdown(result), encoding="utf-8")
    failures = below_floors(result, floors)
    for failure in failures:
        err.print(f"[red]error:[/red] {failure}", highlight=False)
    if failures:
        raise typer.Exit(1)
