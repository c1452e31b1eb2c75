"""`sitrep eval`: registered with the CLI through the `sitrep.commands` entry point, so that the
product does not import its yardstick."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from app.cli import DataOption, err, fail, out, staged_progress


def _require(*paths: Path) -> None:
    """Stop with a clear message when an input file or folder is missing."""
    for path in paths:
        if not path.exists():
            fail(f"{path}: no such file or folder")


def _write_json(out_file: Path | None, result: dict[str, Any]) -> None:
    if out_file:
        out_file.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))


def _on_library(
    run: Callable[..., dict[str, Any]], source: Path, reports: Path, data: Path | None, name: str
) -> dict[str, Any]:
    """A yardstick run over `data`, or over a library built for it in a temporary folder."""
    import tempfile

    with staged_progress() as step:
        return run(
            source,
            reports,
            data=data or Path(tempfile.mkdtemp(prefix=f"sitrep-{name}-")),
            progress=step,
        )


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

    _require(questions, *reports, *(p for p in (subset, thresholds) if p))
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
    _write_json(out_file, result)
    if report_file:
        report_file.write_text(markdown(result), encoding="utf-8")
    failures = below_floors(result, floors)
    for failure in failures:
        err.print(f"[red]error:[/red] {failure}", highlight=False)
    if failures:
        raise typer.Exit(1)


def evaluate_series(
    triples: Annotated[
        Path,
        typer.Option("--triples", help="A .jsonl file of series triples or a folder of them."),
    ] = Path("evals/series"),
    reports: Annotated[
        Path, typer.Option("--reports", help="The folder the triples' files are relative to.")
    ] = Path("../shared/corpus"),
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="Write every triple's points and verdicts here (JSON)."),
    ] = None,
    check_only: Annotated[
        bool,
        typer.Option("--check", help="Only check that every value is on its page, then stop."),
    ] = False,
    data: DataOption = None,
) -> None:
    """Score series (a measure over the reports of a series): point precision and coverage."""
    from evals.series import check_triples, load_triples, run_series_eval

    _require(triples, reports)
    problems = check_triples(load_triples(triples), reports)
    for problem in problems:
        err.print(f"[red]error:[/red] {problem}", highlight=False)
    if problems:
        raise typer.Exit(1)
    if check_only:
        out.print("Every value is on its page.")
        return
    result = _on_library(run_series_eval, triples, reports, data, "series")
    for s in result["by_triple"]:
        out.print(
            f"{s['id']:<40} {s['language']}  right {s['right']:>3} / given {s['given']:>3} / "
            f"expected {s['expected']:>3}  left out {s['left_out']}  {s['seconds']:.2f} s",
            highlight=False,
        )
    out.print(
        f"{result['triples']} series: point precision {result['precision']:.3f} (value "
        f"{result['value_precision']:.3f}), coverage "
        f"{result['coverage']:.3f} ({result['points']['right']} right of "
        f"{result['points']['given']} given, {result['points']['expected']} stated); "
        f"left out {result['left_out']}; p50 {result['seconds_p50']:.2f} s, "
        f"max {result['seconds_max']:.2f} s; whole run {result['seconds']} s",
        highlight=False,
    )
    _write_json(out_file, result)


def evaluate_briefs(
    figures: Annotated[
        Path, typer.Option("--figures", help="The key figures of each report (.jsonl).")
    ] = Path("evals/briefs/key_figures_dev.jsonl"),
    reports: Annotated[
        Path, typer.Option("--reports", help="The folder the yardstick's files are relative to.")
    ] = Path("../shared/corpus"),
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write every report's figures here (JSON).")
    ] = None,
    data: DataOption = None,
) -> None:
    """Score briefs: the share of each report's key figures its brief gives."""
    from evals.briefs import run_brief_eval

    _require(figures, reports)
    result = _on_library(run_brief_eval, figures, reports, data, "briefs")
    for s in result["by_report"]:
        out.print(
            f"{s['file']:<52} key figures found {s['found']:>2} / {s['expected']:>2}; "
            f"{s['given']:>2} given ({s['given_outside_box']} outside the box), "
            f"{s['sections']} sections, {s['seconds']:.2f} s",
            highlight=False,
        )
    f = result["figures"]
    out.print(
        f"{result['reports']} reports: key-figure coverage {result['coverage']:.3f} "
        f"({f['found']} of {f['expected']}; mean per report {result['mean_report_coverage']:.3f}); "
        f"{f['given']} figures given, {f['given_outside_box']} of them outside the box; "
        f"whole run {result['seconds']} s",
        highlight=False,
    )
    _write_json(out_file, result)
