"""The Gradio chat for staff: a door onto the `Assistant`, with no answering logic of its own."""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from gradio.utils import get_upload_folder

from app import uploads
from app.assistant import MAX_HISTORY, MAX_QUESTION_CHARS, Assistant
from app.errors import SitrepError
from app.models import Answer, Citation, IngestOutcome, SeriesAnswer
from app.question import QUESTION_WORDS
from app.series import GAP, figure_text, left_out_text, series_csv
from app.settings import Settings
from app.suggestions import suggest
from index.lexical import STOPWORDS, fold
from ingest.metadata import MONTHS, without_dates

# System fonts only: the default theme fetches web fonts, which secured and offline machines block.
THEME = gr.themes.Default(
    font=["ui-sans-serif", "system-ui", "sans-serif"],
    font_mono=["ui-monospace", "monospace"],
)
LANGUAGES = [("any language", ""), ("English", "en"), ("French", "fr"), ("Spanish", "es")]
REPORT_COLUMNS = [
    "id",
    "title",
    "no.",
    "series",
    "publisher",
    "date",
    "lang",
    "pages",
    "chunks",
    "file",
]
REPORT_WIDTHS: list[str | int] = ["11%", "25%", "4%", "14%", "8%", "10%", "4%", "5%", "5%", "14%"]
OUTCOME_COLUMNS = ["file", "outcome", "report", "chunks", "note"]
# A figure as printed (`1 094`, `2,700`, `16,3`) or a word.
_TOKEN = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[^\W\d_]+")
_FILLER = STOPWORDS | QUESTION_WORDS | MONTHS.keys()  # never key terms of a question


def highlight(quote: str, question: str, answer_text: str) -> str:
    """The quote as HTML with the answer's figures (those its lead gives, before the quotation)
    and the question's key terms marked; not function words, question words, months, or the
    numbers of a date the question gives."""
    # The lead names its report's date ("according to the report of 8 June 2026"): no figure.
    lead = without_dates(re.split(r"[“\[]", answer_text, maxsplit=1)[0])
    figures = {_digits(t) for t in _TOKEN.findall(lead) if t[0].isdigit()}
    terms = {
        fold(w)
        for w in _TOKEN.findall(question)
        if not w[0].isdigit() and len(w) > 2 and w.lower() not in _FILLER
    }

    def wanted(token: str) -> bool:
        if token[0].isdigit():
            return _digits(token) in figures
        return any(_same_word(fold(token), term) for term in terms)

    out, last = [], 0
    for match in _TOKEN.finditer(quote):
        out.append(html.escape(quote[last : match.start()]))
        word = html.escape(match.group(0))
        out.append(f"<mark>{word}</mark>" if wanted(match.group(0)) else word)
        last = match.end()
    out.append(html.escape(quote[last:]))
    return "".join(out)


def _digits(figure: str) -> str:
    return re.sub(r"\D", "", figure)


def _same_word(word: str, term: str) -> bool:
    """One form of a word: equal, or sharing their first five letters (`confirmed`,
    `confirmés`), or one the other's start of four letters or more (`kit`, `kits`: no)."""
    if word == term:
        return True
    shorter = min(len(word), len(term))
    common = len(os.path.commonprefix([word, term]))
    return common >= 5 or (shorter >= 4 and common == shorter)


def source_html(citation: Citation, question: str, said: str) -> str:
    """A citation that opens, in one click, onto its report, date, section, page and the quote
    with the figures `said` and the question's key terms marked."""
    pages = (
        f"p. {citation.page}"
        if citation.page == citation.page_end
        else f"pp. {citation.page}–{citation.page_end}"
    )
    if citation.ocr:
        pages += " (scan read by OCR: check the figure on the page)"
    title = html.escape(citation.title or citation.file)
    dated = f" — {html.escape(citation.date)}" if citation.date else ""
    return (
        f'<details class="source"><summary>[{citation.n}] {title}{dated}, {pages}</summary>'
        f"<p><b>Report:</b> {title} ({html.escape(citation.file)})<br>"
        f"<b>Date:</b> {html.escape(citation.date or 'not stated')}<br>"
        f"<b>Section:</b> {html.escape(citation.section or '(start of the report)')}<br>"
        f"<b>Page:</b> {pages}</p>"
        f"<blockquote>{highlight(citation.quote, question, said)}</blockquote>"
        "</details>"
    )


def answer_markdown(answer: Answer) -> str:
    if answer.abstained:
        return f"**Not in the reports.** {html.escape(answer.text)}"
    body = html.escape(answer.text)
    if answer.asked and answer.asked != answer.question:
        body = f"<i>Read as: {html.escape(answer.asked)}</i><br>{body}"
    question = answer.asked or answer.question
    return body + "\n\n" + "".join(source_html(c, question, answer.text) for c in answer.citations)


def series_html(answer: SeriesAnswer) -> str:
    """The points as a table: date, report, value, change, and each point's source one click
    away; a report that does not state the measure shows as a gap."""
    rows = []
    for p in answer.points:
        report = html.escape(f"N°{p.report_number}" if p.report_number else p.title[:40])
        if p.value is None or p.citation is None:
            rows.append(
                f"<tr class='gap'><td>{html.escape(p.date or '—')}</td><td>{report}</td>"
                f"<td colspan='3'><i>{GAP}</i></td></tr>"
            )
            continue
        change = figure_text(p.change, signed=True)
        if p.correction:
            change += " <b>correction</b>"
        rows.append(
            f"<tr><td>{html.escape(p.date or '—')}</td><td>{report}</td>"
            f"<td class='value'>{figure_text(p.value)}</td><td>{change}</td>"
            f"<td>{source_html(p.citation, answer.question, p.as_written)}</td></tr>"
        )
    return (
        "<table class='series'><thead><tr><th>date</th><th>report</th><th>value</th>"
        "<th>change</th><th>source</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _filter_values(
    reports: list[str] | None, date_from: str | None, date_to: str | None, language: str | None
) -> dict[str, Any]:
    """The filter fields as the chat's inputs hold them (empty ones as None), as `ask` and
    `series` take them."""
    return {
        "reports": reports or [],
        "date_from": (date_from or "").strip(),
        "date_to": (date_to or "").strip(),
        "language": language or "",
    }


class _Handlers:
    """What the chat's controls do, each through the facade."""

    def __init__(self, assistant: Assistant, settings: Settings) -> None:
        self.assistant = assistant
        self.settings = settings
        self._suggested: tuple[str, list[str]] | None = None  # (registry stamp, questions)

    def _refused(self, key: str) -> str:
        """Why a write is refused, or "" when it may go ahead: with an API key set on the
        server, the chat's writes need it as the HTTP API's do."""
        if self.settings.api_key and not self.settings.key_matches(key or ""):
            return "⚠ Enter the API key to change the library." if not key else "⚠ Wrong API key."
        return ""

    def report_rows(self) -> list[list[Any]]:
        return [
            [
                r.id,
                r.shown_title(),
                r.report_number,
                r.series,
                r.publisher,
                r.shown_date(),
                r.language,
                r.pages,
                r.chunks,
                r.file,
            ]
            for r in self.assistant.reports()
        ]

    def report_choices(self) -> list[tuple[str, str]]:
        return [
            (f"{r.shown_title()} ({r.date or 'no date'}) · {r.file}", r.id)
            for r in self.assistant.reports()
        ]

    def suggested(self) -> tuple[Any, Any]:
        """The question box's example and clickable suggestions, drawn from the library as it
        is (worked out again only after the library changed)."""
        stamp = self.assistant.library.store.registry_stamp()
        if self._suggested is None or self._suggested[0] != stamp:
            self._suggested = (stamp, suggest(self.assistant))
        questions = self._suggested[1]
        placeholder = (
            f"e.g. {questions[0]}" if questions else "Ask about the reports in the library"
        )
        return (
            gr.update(placeholder=placeholder),
            gr.update(samples=[[q] for q in questions], visible=bool(questions)),
        )

    def refreshed(self) -> tuple[Any, Any, Any, Any]:
        """The library table and every list of reports (filter, delete, correct)."""
        choices = self.report_choices()
        return (
            self.report_rows(),
            gr.update(choices=choices),
            gr.update(choices=choices, value=None),
            gr.update(choices=choices),
        )

    def details(self, report_id: str | None) -> tuple[str, str, str]:
        """The title, date and publisher of the report chosen for correcting."""
        found = next((r for r in self.assistant.reports() if r.id == report_id), None)
        if found is None:
            return "", "", ""
        return ("" if found.title_inferred else found.title), found.date, found.publisher

    def fill_details(self, report_id: str | None) -> tuple[Any, ...]:
        """The boxes of the chosen report, editable only once they hold its details: what is
        typed before they arrive would be overwritten."""
        return tuple(gr.update(value=v, interactive=True) for v in self.details(report_id))

    def edit(
        self, report_id: str | None, title: str, date: str, publisher: str, key: str = ""
    ) -> tuple[Any, ...]:
        """Save the title, date and publisher that were changed (an empty box leaves its field)."""
        if refused := self._refused(key):
            return refused, *self.refreshed()
        if not report_id:
            return "Choose a report to correct.", *self.refreshed()
        now = dict(zip(("title", "date", "publisher"), self.details(report_id), strict=True))
        given = {"title": title, "date": date, "publisher": publisher}
        changed = {k: v for k, v in given.items() if v and v.strip() and v.strip() != now[k]}
        try:
            info = self.assistant.edit_report(report_id, **changed)
        except SitrepError as exc:
            return f"⚠ {html.escape(str(exc))}", *self.refreshed()
        return (
            f"Saved: {html.escape(info.title)} — {html.escape(info.publisher or 'no publisher')}"
            f" — {info.shown_date()}.",
            *self.refreshed(),
        )

    def respond(
        self,
        question: str,
        chat: list[dict[str, Any]],
        asked: list[str],
        reports: list[str],
        date_from: str,
        date_to: str,
        language: str,
    ) -> Iterator[tuple[str, list[dict[str, Any]], list[str]]]:
        question = (question or "").strip()
        if not question:
            yield "", chat, asked
            return
        chat = [*chat, {"role": "user", "content": question}]
        try:
            answer = self.assistant.ask(
                question,
                **_filter_values(reports, date_from, date_to, language),
                history=asked[-MAX_HISTORY:],
            )
        except SitrepError as exc:
            yield "", [*chat, {"role": "assistant", "content": f"⚠ {html.escape(str(exc))}"}], asked
            return
        # Stream the sentence, then show the sources under it.
        words = answer_markdown(answer).split("\n\n", 1)[0].split(" ")
        for end in range(0, len(words), 6):
            yield "", [*chat, {"role": "assistant", "content": " ".join(words[: end + 6])}], asked
        yield (
            "",
            [*chat, {"role": "assistant", "content": answer_markdown(answer)}],
            [*asked, question],
        )

    def series(
        self,
        question: str,
        last: float | None,
        reports: list[str],
        date_from: str,
        date_to: str,
        language: str,
    ) -> tuple[str, Any, str, Any]:
        """A figure over the reports of a series: the summary, the line chart (dates and the
        measure on the axes), the points with their sources, and the CSV of them to download."""
        question = (question or "").strip()
        hidden = (gr.update(visible=False), "", gr.update(value=None, visible=False))
        if not question:
            return (
                "Ask how a figure evolved, e.g. “How did confirmed cases in Ituri evolve?”",
                *hidden,
            )
        try:
            answer = self.assistant.series(
                question,
                **_filter_values(reports, date_from, date_to, language),
                last=int(last) if last else None,
            )
        except SitrepError as exc:
            return f"⚠ {html.escape(str(exc))}", *hidden
        if answer.abstained:
            return f"**Not in the reports.** {html.escape(answer.text)}", *hidden
        left_out = f" {left_out_text(answer.left_out)}" if answer.left_out else ""
        summary = (
            f"**{html.escape(answer.series)}** · {html.escape(answer.measure)}\n\n"
            f"{html.escape(answer.text)}{left_out}"
        )
        found = [p for p in answer.points if p.value is not None and p.date]
        frame = pd.DataFrame(
            {
                "date": pd.to_datetime([p.date for p in found]),
                "value": [p.value for p in found],
            }
        )
        plot = gr.update(
            value=frame, y_title=answer.measure[:60] or "value", visible=len(found) > 1
        )
        folder = Path(tempfile.mkdtemp(prefix="sitrep-series-"))
        csv_path = folder / "series.csv"
        csv_path.write_text(series_csv(answer), encoding="utf-8")
        return summary, plot, series_html(answer), gr.update(value=str(csv_path), visible=True)

    def ingest(
        self,
        files: list[str] | None,
        key: str = "",
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio injects it)
    ) -> tuple[Any, ...]:
        if refused := self._refused(key):
            return [], refused, *self.refreshed()
        paths = list(files or [])
        if not paths:
            return [], "Choose one or more report files first.", *self.refreshed()
        examples = sum(r.example for r in self.assistant.reports())
        checked = [self._checked(path) for path in paths]
        accepted = [c for c in checked if isinstance(c, uploads.Upload)]
        turned_away = len(paths) - len(accepted)
        progress((turned_away, len(paths)), desc=f"Ingesting {len(accepted)} files")
        landed: list[IngestOutcome] = []

        def on_file(outcome: IngestOutcome) -> None:
            landed.append(outcome)
            progress((turned_away + len(landed), len(paths)), desc=f"Ingested {outcome.file}")

        outcomes = uploads.ingest(checked, self.settings, self.assistant, on_file)
        rows = [
            [o.file, o.status, o.report_id, o.chunks, o.reason or "; ".join(o.warnings)]
            for o in outcomes
        ]
        failed = sum(o.status == "failed" for o in outcomes)
        note = f"{len(outcomes) - failed} of {len(outcomes)} files ingested." + (
            f" {failed} failed: see the reason beside each." if failed else ""
        )
        if examples and not any(r.example for r in self.assistant.reports()):
            note += " The fictional example reports left the library: it now holds real ones."
        return rows, note, *self.refreshed()

    def _checked(self, path: str) -> uploads.Upload | IngestOutcome:
        """One file the upload widget received, checked as the HTTP API checks it, or its
        failed outcome."""
        try:
            return uploads.read_uploaded(
                path, Path(get_upload_folder()), self.settings.max_upload_mb
            )
        except uploads.UploadRefused as exc:
            return IngestOutcome(file=exc.file, status="failed", reason=exc.reason)

    def delete(self, report_id: str | None, key: str = "") -> tuple[Any, ...]:
        if refused := self._refused(key):
            return refused, *self.refreshed()
        if not report_id:
            return "Choose a report to delete.", *self.refreshed()
        try:
            info = self.assistant.delete(report_id)
        except SitrepError as exc:
            return f"⚠ {exc}", *self.refreshed()
        return f"Deleted {info.title or info.file} ({info.chunks} chunks).", *self.refreshed()


def build_ui(assistant: Assistant, settings: Settings | None = None) -> gr.Blocks:
    door = _Handlers(assistant, settings or assistant.settings)
    with gr.Blocks(title="Sitrep Assistant") as ui:
        gr.Markdown(
            "## Sitrep Assistant\nAsk about the situation reports in the library. Every answer cites report, section, page and the exact words."
        )
        asked = gr.State([])
        # The conversation kept in the browser (localStorage), so a reload does not lose it.
        kept = gr.BrowserState({"chat": [], "asked": []}, storage_key="sitrep-conversation")
        with gr.Tab("Ask"), gr.Row():
            chat, question, new, suggestions = _conversation()
            reports, date_from, date_to, language = _filters(door)
        with gr.Tab("Series", elem_id="series-tab"):
            series_question, last, summary, plot, points, download = _series_view()
        with gr.Tab("Reports", elem_id="reports-tab"):
            library, files, key, add, note, outcomes, doomed, remove, removed = _library(door)
            fixing, title, date, publisher, save, saved = _corrections(door)

        # Each page load shows the library as it is now, uploads by other users included.
        lists = [library, reports, doomed, fixing]
        ui.load(door.refreshed, None, lists, api_visibility="private")
        ui.load(restore_conversation, kept, [chat, asked], api_visibility="private")
        ui.load(door.suggested, None, [question, suggestions], api_visibility="private")
        suggestions.click(lambda chosen: chosen[0], suggestions, question, api_visibility="private")
        inputs = [question, chat, asked, reports, date_from, date_to, language]
        question.submit(door.respond, inputs, [question, chat, asked], api_name="ask").then(
            keep_conversation, [chat, asked], kept, api_visibility="private"
        )
        series_question.submit(
            door.series,
            [series_question, last, reports, date_from, date_to, language],
            [summary, plot, points, download],
            api_name="series",
        )
        for forgetting in (new.click, chat.clear):  # the button, and the chat's own bin icon
            forgetting(_forget, None, [chat, asked, kept], api_visibility="private")
        add.click(
            door.ingest,
            [files, key],
            [outcomes, note, *lists],
            api_name="ingest",
            concurrency_id="library",
        )
        remove.click(
            door.delete,
            [doomed, key],
            [removed, *lists],
            api_name="delete",
            concurrency_id="library",
        )
        fixing.change(door.fill_details, fixing, [title, date, publisher], api_visibility="private")
        save.click(
            door.edit,
            [fixing, title, date, publisher, key],
            [saved, *lists],
            api_name="edit",
            concurrency_id="library",
        )
    return ui


KEPT_MESSAGES = 40  # the last 20 questions and answers are kept in the browser


def keep_conversation(chat: list[dict[str, Any]], asked: list[str]) -> dict[str, Any]:
    """What the browser keeps of the conversation: its last messages and questions."""
    return {"chat": chat[-KEPT_MESSAGES:], "asked": asked[-MAX_HISTORY:]}


def _forget() -> tuple[list[Any], list[str], dict[str, Any]]:
    return [], [], {"chat": [], "asked": []}


def restore_conversation(kept: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """The conversation the browser kept, or an empty one when what it holds is not one."""
    if not isinstance(kept, dict):
        return [], []
    chat = [
        m
        for m in kept.get("chat") or []
        if isinstance(m, dict) and m.get("role") in {"user", "assistant"}
    ]
    asked = [q for q in kept.get("asked") or [] if isinstance(q, str)]
    return chat, asked


def _conversation() -> tuple[Any, ...]:
    with gr.Column(scale=3):
        # As tall as the window allows, so that an opened source does not push its answer out of view.
        chat = gr.Chatbot(
            label="Conversation",
            height="calc(100vh - 260px)",
            min_height=420,
            elem_id="chat",
            buttons=["copy"],
        )
        question = gr.Textbox(
            placeholder="Ask about the reports in the library",
            show_label=False,
            elem_id="question",
            submit_btn="Ask",
            max_length=MAX_QUESTION_CHARS,
        )
        # Questions drawn from the library loaded, each checked to be answered (app.suggestions).
        suggestions = gr.Dataset(
            components=[question],
            samples=[],
            label="Try",
            type="values",
            visible=False,
            elem_id="suggestions",
        )
        new = gr.Button("New conversation", size="sm")
    return chat, question, new, suggestions


def _series_view() -> tuple[Any, ...]:
    """A figure over time: the question, how many of the newest reports, then the summary, the
    chart, the points with their sources and the CSV. The Ask tab's filters apply."""
    with gr.Row():
        question = gr.Textbox(
            placeholder="How did confirmed cases in Ituri evolve?  ·  évolution des décès depuis le 1er juin",
            show_label=False,
            elem_id="series-question",
            submit_btn="Show",
            max_length=MAX_QUESTION_CHARS,
            scale=5,
        )
        last = gr.Number(
            label="Newest reports only (0: all)",
            value=None,
            precision=0,
            elem_id="series-last",
            scale=1,
        )
    summary = gr.Markdown(elem_id="series-summary")
    plot = gr.LinePlot(
        x="date",
        y="value",
        x_title="report date",
        y_title="value",
        height=320,
        visible=False,
        elem_id="series-plot",
        label="Over time",
    )
    points = gr.HTML(elem_id="series-points")
    download = gr.File(
        label="Points and citations (CSV)", visible=False, interactive=False, elem_id="series-csv"
    )
    return question, last, summary, plot, points, download


def _filters(door: _Handlers) -> tuple[Any, ...]:
    with gr.Column(scale=1):
        gr.Markdown("### Filters")
        reports = gr.Dropdown(
            choices=door.report_choices(),
            multiselect=True,
            allow_custom_value=True,
            label="Reports",
            elem_id="filter-reports",
        )
        date_from = gr.Textbox(
            label="From", placeholder="2026-06-18 or 18/06/2026", elem_id="filter-from"
        )
        date_to = gr.Textbox(
            label="To", placeholder="2026-06-30 or 30 June 2026", elem_id="filter-to"
        )
        language = gr.Dropdown(
            choices=LANGUAGES, value="", label="Language", elem_id="filter-language"
        )
    return reports, date_from, date_to, language


def _library(door: _Handlers) -> tuple[Any, ...]:
    library = gr.Dataframe(
        value=door.report_rows(),
        headers=REPORT_COLUMNS,
        column_widths=REPORT_WIDTHS,
        wrap=True,
        interactive=False,
        label="Library",
        elem_id="library",
    )
    # With an API key set on the server, adding and deleting reports need it, as over HTTP.
    key = gr.Textbox(
        label="API key (to add, correct or delete reports)",
        type="password",
        visible=bool(door.settings.api_key),
        elem_id="api-key",
    )
    with gr.Row():
        with gr.Column():
            files = gr.File(
                file_count="multiple",
                label="Add reports (PDF, text, Markdown, HTML, DOCX)",
                elem_id="upload",
            )
            add = gr.Button("Ingest", variant="primary", elem_id="ingest")
            note = gr.Markdown()
            outcomes = gr.Dataframe(
                headers=OUTCOME_COLUMNS, interactive=False, wrap=True, label="Outcome per file"
            )
        with gr.Column():
            doomed = gr.Dropdown(
                choices=door.report_choices(), label="Report to delete", elem_id="delete-choice"
            )
            remove = gr.Button("Delete report", variant="stop")
            removed = gr.Markdown()
    return library, files, key, add, note, outcomes, doomed, remove, removed


def _corrections(door: _Handlers) -> tuple[Any, ...]:
    """Correct a report's title, date or publisher, as a sidecar `.meta.json` would."""
    with gr.Accordion("Correct a report's title, date or publisher", open=False):
        fixing = gr.Dropdown(
            choices=door.report_choices(), label="Report to correct", elem_id="edit-choice"
        )
        with gr.Row():
            # Editable once a report is chosen and its details are filled in.
            title = gr.Textbox(label="Title", elem_id="edit-title", interactive=False)
            date = gr.Textbox(
                label="Reporting date",
                placeholder="2026-03-18 or 18/03/2026",
                elem_id="edit-date",
                interactive=False,
            )
            publisher = gr.Textbox(label="Publisher", elem_id="edit-publisher", interactive=False)
        save = gr.Button("Save", elem_id="edit-save")
        saved = gr.Markdown(elem_id="edit-note")
    return fixing, title, date, publisher, save, saved
