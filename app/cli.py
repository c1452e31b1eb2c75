"""The `sitrep` command: ingest, ask, reports, delete. Output only; the work is the facade's."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column, Table

from app.errors import SitrepError
from app.settings import Settings

cli = typer.Typer(
    help="Answers about humanitarian situation reports, with verified citations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data", help="Library folder (default ./data, or SITREP_DATA_DIR).", show_default=False
    ),
]
ReportOption = Annotated[
    list[str] | None, typer.Option("--report", help="Only this report (id or file); repeatable.")
]
FromOption = Annotated[
    str, typer.Option("--from", help="Reports dated on or after (YYYY-MM-DD, or 18/06/2026).")
]
ToOption = Annotated[
    str, typer.Option("--to", help="Reports dated on or before (YYYY-MM-DD, or 18/06/2026).")
]


@cli.callback()
def _library(data: DataOption = None) -> None:
    """`sitrep --data DIR COMMAND` as well as `sitrep COMMAND --data DIR` (which wins)."""
    if data:
        os.environ["SITREP_DATA_DIR"] = str(data)


def _assistant(data: Path | None):  # type: ignore[no-untyped-def]
    from app.assistant import Assistant

    settings = Settings()
    return Assistant(data, settings=settings) if data else Assistant(settings=settings)


def progress_bar() -> Progress:
    """A progress bar on stderr that disappears when the work is done."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@contextmanager
def staged_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar per stage of a long run: `step(stage, number, total)` advances one."""
    with progress_bar() as progress:
        tasks: dict[str, TaskID] = {}

        def step(stage: str, number: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=number)

        yield step


def fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@cli.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Report files or folders (walked recursively).")
    ],
    data: DataOption = None,
) -> None:
    """Add reports to the library: PDF, text, Markdown, HTML, DOCX."""
    from app.models import IngestOutcome

    assistant = _assistant(data)
    examples = sum(r.example for r in assistant.reports())
    with progress_bar() as progress:
        task = progress.add_task("Ingesting", total=None)

        def on_file(outcome: IngestOutcome, number: int, total: int) -> None:
            progress.update(
                task, total=total, completed=number, description=Path(outcome.file).name[:40]
            )

        outcomes = assistant.ingest(paths, on_file=on_file)
    if not outcomes:
        fail("no report files found in " + ", ".join(str(p) for p in paths))
    # A file's whole name folds over lines in a narrow terminal: it says which file failed.
    table = Table(
        Column("file", overflow="fold"),
        "outcome",
        _id_column("report", [o.report_id for o in outcomes]),
    )
    table.add_column("chunks")
    table.add_column("note")
    colours = {"added": "green", "unchanged": "dim", "duplicate": "yellow", "failed": "red"}
    for o in outcomes:
        note = o.reason or "; ".join(o.warnings[:2]) + (" …" if len(o.warnings) > 2 else "")
        table.add_row(
            _shown_path(o.file),
            f"[{colours[o.status]}]{o.status}[/]",
            o.report_id,
            str(o.chunks),
            note,
        )
    out.print(table)
    counts = {s: sum(o.status == s for o in outcomes) for s in colours}
    out.print(", ".join(f"{n} {s}" for s, n in counts.items()))
    if examples and not any(r.example for r in assistant.reports()):
        out.print("The fictional example reports left the library: it now holds real ones.")
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        err.print(f"[red]error:[/red] {o.file}: {o.reason}", highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)


@cli.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    report: ReportOption = None,
    date_from: FromOption = "",
    date_to: ToOption = "",
    language: Annotated[
        str, typer.Option("--lang", help="Only reports in this language (en, fr, es).")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    data: DataOption = None,
) -> None:
    """Ask a question; the answer cites report, section, page and the exact words."""
    answer = _assistant(data).ask(
        question, reports=report or [], date_from=date_from, date_to=date_to, language=language
    )
    if as_json:
        print(answer.model_dump_json(indent=2))
        return
    out.print(answer.text, highlight=False)
    for c in answer.citations:
        pages = f"p. {c.page}" if c.page == c.page_end else f"pp. {c.page}-{c.page_end}"
        pages += " (scan read by OCR)" if c.ocr else ""
        dated = f", {c.date}" if c.date else ""
        out.print(
            f"\n[bold][{c.n}][/bold] {c.title or c.file}{dated} — {c.file}, {pages}, section: {c.section or '(start)'}",
            highlight=False,
        )
        out.print(f"    “{c.quote}”", highlight=False, style="italic")


@cli.command()
def series(
    question: Annotated[
        str, typer.Argument(help='The measure over time, in quotes ("How did X in Y evolve?").')
    ],
    report: ReportOption = None,
    date_from: FromOption = "",
    date_to: ToOption = "",
    last: Annotated[
        int | None, typer.Option("--last", help="Only the newest N reports of the series.")
    ] = None,
    csv_file: Annotated[
        Path | None,
        typer.Option("--csv", help="Also write the points and their citations to this CSV file."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the series as JSON.")] = False,
    data: DataOption = None,
) -> None:
    """A figure over the reports of one series: one cited point per report, gaps shown."""
    from app.series import GAP, figure_text, left_out_text, series_csv

    answer = _assistant(data).series(
        question, reports=report or [], date_from=date_from, date_to=date_to, last=last
    )
    if csv_file:
        csv_file.write_text(series_csv(answer), encoding="utf-8")
    if as_json:
        print(answer.model_dump_json(indent=2))
        return
    out.print(answer.text, highlight=False)
    if answer.abstained:
        return
    out.print(f"{answer.series} · {answer.measure}", highlight=False, style="dim")
    table = Table("date", "no.", "value", "change", "source")
    for p in answer.points:
        c = p.citation
        change = figure_text(p.change, signed=True)
        change += " (correction)" if p.correction else ""
        table.add_row(
            p.date or "—",
            p.report_number or "—",
            GAP if p.value is None else figure_text(p.value),
            change,
            f"[{c.n}] {c.file}, p. {c.page}: “{c.quote}”" if c else "",
        )
    out.print(table)
    if answer.left_out:
        out.print(left_out_text(answer.left_out), highlight=False)
    if csv_file:
        out.print(f"Points written to {csv_file}.", highlight=False)


@cli.command()
def brief(
    report: Annotated[
        str, typer.Argument(help='A report id or file name, or "latest" (the newest by date).')
    ] = "latest",
    as_json: Annotated[bool, typer.Option("--json", help="Print the brief as JSON.")] = False,
    data: DataOption = None,
) -> None:
    """A report at a glance: its headline figures, then one sentence per main section, cited."""
    found = _assistant(data).brief(report)
    if as_json:
        print(found.model_dump_json(indent=2))
        return
    info = found.report
    out.print(
        f"[bold]{info.shown_title()}[/bold] — {info.shown_date()} — {info.file}", highlight=False
    )
    if not found.figures and not found.sections:
        out.print("The report states no figure or sentence to show.", highlight=False)
    if found.figures:
        out.print("\n[bold]Key figures[/bold]", highlight=False)
        for item in found.figures:
            out.print(f"  {item.text}", highlight=False)
    if found.sections:
        out.print("\n[bold]By section[/bold]", highlight=False)
        for item in found.sections:
            out.print(f"  {item.text}", highlight=False)
    out.print("")
    for item in [*found.figures, *found.sections]:
        c = item.citation
        out.print(
            f"[{c.n}] p. {c.page}, {c.section or '(start)'}: “{c.quote}”",
            highlight=False,
            style="dim",
        )


@cli.command()
def reports(
    as_json: Annotated[bool, typer.Option("--json", help="Print the library as JSON.")] = False,
    data: DataOption = None,
) -> None:
    """List the reports in the library."""
    items = _assistant(data).reports()
    if as_json:
        print(json.dumps([r.model_dump() for r in items], indent=2, ensure_ascii=False))
        return
    if not items:
        out.print("The library is empty. Add reports with: sitrep ingest PATH")
        return
    # A narrow terminal gets the columns needed to pick a report; --json has every field.
    wide = out.width >= 120
    more = ("series", "publisher", "lang", "pages", "chunks", "file") if wide else ()
    table = Table(_id_column("id", [r.id for r in items]), "date", "no.", "title", *more)
    for r in items:
        cells = [r.id, r.shown_date(), r.report_number or "—", r.shown_title()[:70]]
        if wide:
            cells += [
                r.series or "—",
                r.publisher or "—",
                r.language,
                str(r.pages),
                str(r.chunks),
                r.file,
            ]
        table.add_row(*cells)
    out.print(table)
    out.print(
        f"{len(items)} reports"
        + ("" if wide else " (a wider terminal, or --json, shows all fields)")
    )


def _shown_path(file: str) -> str:
    """A file as the user named it: relative to the working folder when it is under it."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return file


def _id_column(header: str, ids: list[str]) -> Column:
    """A column of report ids, never cut short however narrow the terminal: an id is what
    `brief`, `edit` and `delete` take, so it must be copied whole; the other columns wrap."""
    return Column(header, no_wrap=True, min_width=max((len(i) for i in ids), default=0))


@cli.command()
def edit(
    report: Annotated[str, typer.Argument(help="Report id or file name (see `sitrep reports`).")],
    title: Annotated[str | None, typer.Option("--title", help="The report's title.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Its reporting date, YYYY-MM-DD.")
    ] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help="Who published it.")] = None,
    data: DataOption = None,
) -> None:
    """Correct a report's title, date or publisher; it holds when the file is ingested again."""
    info = _assistant(data).edit_report(report, title=title, date=date, publisher=publisher)
    out.print(f"{info.id}: {info.title} — {info.publisher or 'no publisher'} — {info.shown_date()}")


@cli.command()
def delete(
    report: Annotated[str, typer.Argument(help="Report id or file name (see `sitrep reports`).")],
    data: DataOption = None,
) -> None:
    """Delete a report and all its chunks from the library."""
    info = _assistant(data).delete(report)
    out.print(f"Deleted {info.id} ({info.file}, {info.chunks} chunks).")


@cli.command()
def serve(
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            help="Address to listen on (default 127.0.0.1, or SITREP_HOST).",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", help="Port (default 7860, or SITREP_PORT).", show_default=False),
    ] = None,
    seed: Annotated[
        list[Path] | None,
        typer.Option(
            "--seed",
            help="Fictional example reports to ingest when the library is empty (they leave "
            "it when a real report is added); repeatable.",
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Start the chat (/) and the HTTP API (/v1, docs at /docs) in one process; the API answers
    first, the chat a few seconds later."""
    import uvicorn

    from app.assistant import Assistant
    from app.server import ChatWhenReady

    settings = Settings()
    updates: dict[str, object] = {"data_dir": data} if data else {}
    if host:
        updates["host"] = host
    if port:
        updates["port"] = port
    if not settings.sentence_threads:
        updates["sentence_threads"] = 1
    settings = settings.model_copy(update=updates)
    assistant = Assistant(settings=settings)
    if seed and not assistant.reports():
        outcomes = assistant.seed_examples(seed)
        out.print(
            f"Library was empty: ingested {sum(o.status == 'added' for o in outcomes)} fictional "
            f"example reports from {', '.join(map(str, seed))}; they leave the library when you "
            "add a real one."
        )
    app = ChatWhenReady(assistant, settings)
    address = f"http://{settings.host}:{settings.port}"
    out.print(
        f"API ready at {address}/v1 (docs at /docs); the chat opens at {address}/ a few "
        "seconds later."
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


def _add_plugin_commands() -> None:
    """Commands that other packages register under the `sitrep.commands` entry point group
    (the evaluation registers `eval`), so that the product never imports its yardstick."""
    for entry in entry_points(group="sitrep.commands"):
        cli.command(entry.name)(entry.load())


def main() -> None:
    _add_plugin_commands()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        cli()
    except SitrepError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
