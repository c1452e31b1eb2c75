"""The `Assistant` facade: the one door every user interface, the API and the evaluation go through."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding

from app.extractive import ExtractiveReader, ReaderModel
from app.intake import Intake, OnFile
from app.models import (
    Answer,
    BriefItem,
    Citation,
    IngestOutcome,
    ReportBrief,
    ReportInfo,
    RetrievedChunk,
    SeriesAnswer,
)
from app.planner import Plan, Planner
from app.question import QuestionReader
from app.reader import Evidence, PageTexts, Reader
from app.series import Series, series_answer, series_as_answer
from app.settings import Settings
from app.targets import asks_for_brief, asks_over_time, points_in_time
from app.verify import checked, on_dates, verify
from index import Library, ReportRecord, SearchFilters, SearchResult
from index.lexical import LANGUAGES
from index.meaning import SentenceEncoder
from ingest import find_files, report_id_for
from ingest.errors import InputError, NotFoundError
from ingest.metadata import all_dates, detect_language

__all__ = ["Answer", "Assistant", "Citation", "IngestOutcome", "ReportInfo", "SearchFilters"]

log = logging.getLogger(__name__)


class Assistant:
    """Ingest reports, ask questions about them, list and delete them.

    The parts are passed in, like transports: `library` (where reports are stored and searched),
    or the models it uses, `embedder` (chunks) and `encoder` (sentences, by meaning); `reader`
    (what turns evidence into an answer) and `planner` (what is searched); each has a default
    built from the settings.
    """

    def __init__(
        self,
        data_dir: str | Path | None = None,
        *,
        settings: Settings | None = None,
        embedder: BaseEmbedding | None = None,
        encoder: SentenceEncoder | None = None,
        library: Library | None = None,
        reader: Reader | None = None,
        planner: Planner | None = None,
    ) -> None:
        settings = settings or Settings()
        if data_dir is not None:
            settings = settings.model_copy(update={"data_dir": Path(data_dir)})
        self.settings = settings
        self.library = library or Library(settings, embedder, encoder)
        self.questions = QuestionReader(
            self.library.tokenizer,
            self.library.glossary.equivalents,
            translations=self.library.translations,
            whole_names=self.library.glossary.whole_names,
            gazetteer=self.library.gazetteer,
        )
        self.reader: Reader = reader or ExtractiveReader(
            self.questions, reader_model(settings), meaning=self.library.meaning_vector
        )
        self.planner = planner or Planner(self.questions, settings.top_k)
        # Whether this process has looked through every version's data for leftovers: on its
        # first ingest and after a failure; other ingests read the marks of killed ones only (on
        # a large library the full look holds a shared Chroma server for a second or more).
        self._tidy = False

    # -- ingest --------------------------------------------------------------------------------

    def ingest(
        self, paths: Iterable[str | Path], on_file: OnFile | None = None
    ) -> list[IngestOutcome]:
        """Ingest files and folders (walked recursively); one outcome per file, failures included.

        First the data an interrupted ingest or delete left is removed, and reports stored before
        the search by meaning existed get their sentence index."""
        removed = self.library.store.remove_leftovers(everywhere=not self._tidy)
        if removed:
            log.info("removed %d records left by an interrupted ingest or delete", removed)
        upgraded = self.library.index_meaning()
        if upgraded:
            log.info("indexed %d earlier reports by meaning", upgraded)
        files = find_files([Path(p) for p in paths])
        intake = Intake(self.library, self.settings)
        outcomes = intake.run(files, on_file)
        self._tidy = all(o.status != "failed" for o in outcomes)
        self._retire_examples(outcomes)
        return outcomes

    def seed_examples(self, paths: Iterable[str | Path]) -> list[IngestOutcome]:
        """Ingest fictional example reports, marked as examples (as the bundled ones' sidecars
        mark them anyway) so that they leave the library when the first real report comes in."""
        outcomes = self.ingest(paths)
        for outcome in outcomes:
            record = self.library.store.get_report(outcome.report_id) if outcome.report_id else None
            if record is not None and not record.example:
                record.example = True
                self.library.store.put_report(record)
        return outcomes

    def _retire_examples(self, outcomes: list[IngestOutcome]) -> None:
        """Once a real report is added, the fictional examples leave the library: they would
        otherwise answer beside real reports and show in their searches. A batch that holds
        examples itself keeps them: whoever sends them with real ones wants them."""
        examples = [r for r in self.library.reports() if r.example]
        added = {o.report_id for o in outcomes if o.status == "added"}
        example_ids = {r.report_id for r in examples}
        sent = {o.report_id for o in outcomes if o.status != "failed"}
        if not examples or added <= example_ids or sent & example_ids:
            return
        for record in examples:
            self.library.delete(record.report_id)
        log.info("removed the %d fictional example reports: real ones are in", len(examples))

    # -- ask -----------------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        *,
        filters: SearchFilters | None = None,
        reports: list[str] | None = None,
        date_from: str = "",
        date_to: str = "",
        language: str = "",
        history: list[str] | None = None,
    ) -> Answer:
        """Answer from the reports with verified citations, or abstain and say what was searched.

        `history` holds the conversation's earlier questions, so that a follow-up such as
        "and in Nord-Kivu?" is searched as a whole question. The planner searches, the reader
        drafts, and every citation is checked against the stored page text before it is returned.
        """
        question = self._read_question(question)
        history = history or []
        if len(history) > MAX_HISTORY or any(len(h) > MAX_QUESTION_CHARS for h in history):
            raise InputError(
                "history",
                f"at most {MAX_HISTORY} earlier questions of {MAX_QUESTION_CHARS:,} characters each",
            )
        started = time.perf_counter()
        if filters is None:
            filters = self._filters(reports, date_from, date_to, language)
        records = self.library.reports()  # read once per question, not once per search
        searching = 0.0

        def search(query: str, scope: SearchFilters, top_k: int | None) -> SearchResult:
            nonlocal searching
            begun = time.perf_counter()
            result = self.library.search(query, scope, top_k=top_k, records=records)
            searching += time.perf_counter() - begun
            return result

        if asks_for_brief(question) and not history:
            report = self.planner.brief_report(question, filters, records, search)
            if report:
                answer = brief_answer(question, self.brief(report))
                answer.timings = {"total": round(time.perf_counter() - started, 4)}
                return answer
        if asks_over_time(question) and not history and len(points_in_time(question, records)) < 2:
            # A figure over time answers from the series (two reports named: a comparison);
            # with fewer than two points found, it is read as a question about one report.
            over_time = self._series(question, filters, None)
            if sum(p.value is not None for p in over_time.points) >= 2:
                answer = series_as_answer(over_time)
                answer.timings = {"total": round(time.perf_counter() - started, 4)}
                return answer
        plan, results = self.planner.run(question, history or [], filters, records, search)
        pages = PageTexts(self.library.page_texts)
        draft = self.reader.answer(plan.asked, Evidence(results, pages), plan)
        if plan.route == "answer":
            language = detect_language(question)
            draft = on_dates(draft, plan.dates, self.settings.date_tolerance_days, language)
        answer = verify(question, draft, pages)
        answer.asked = plan.asked
        by_id = {r.report_id: r for r in records}
        for citation in answer.citations:
            record = by_id.get(citation.report_id)
            if record is not None:
                citation.ocr = citation.page in record.ocr_pages
                citation.title, inferred = display_title(record)
                citation.title += " (inferred title)" if inferred else ""
        answer.retrieved = [
            RetrievedChunk(
                file=h.file, page=h.page, page_end=h.page_end, section=h.section, score=h.score
            )
            for result in results
            for h in result.hits
        ]
        total = time.perf_counter() - started
        answer.timings = {
            "search": round(searching, 4),
            "answer": round(total - searching, 4),
            "total": round(total, 4),
        }
        return answer

    def series(
        self,
        question: str,
        *,
        reports: list[str] | None = None,
        date_from: str = "",
        date_to: str = "",
        language: str = "",
        last: int | None = None,
    ) -> SeriesAnswer:
        """A measure over the reports of one series ("How did confirmed cases in Ituri
        evolve?"): one point per report in date order, each with its verified citation, a
        report that does not state the measure a gap. The series is the one of the report that
        best answers the question; dates in the question ("since 1 June", "between 7 and 14
        June"), "the last 5 reports", `date_from`/`date_to`, `reports` and `last` narrow it."""
        question = self._read_question(question)
        if last is not None and last < 1:
            raise InputError("last", f"{last}: give at least 1 report")
        return self._series(question, self._filters(reports, date_from, date_to, language), last)

    def _series(self, question: str, filters: SearchFilters, last: int | None) -> SeriesAnswer:
        started = time.perf_counter()
        records = self.library.reports()

        def search(query: str, scope: SearchFilters, top_k: int | None) -> SearchResult:
            return self.library.search(query, scope, top_k=top_k, records=records)

        plan, results = self.planner.run_series(question, filters, records, search, last)
        pages = PageTexts(self.library.page_texts)
        draft = self.reader.answer(question, Evidence(results, pages), plan)
        answer = series_answer(question, plan.series or Series(), draft, pages)
        answer.timings = {"total": round(time.perf_counter() - started, 4)}
        return answer

    def brief(self, report: str = "latest") -> ReportBrief:
        """A report at a glance, in its own words: the figures it puts up front (its key-figures
        box or first page), each with what it counts, then one sentence per main section; every
        item cited and its quote checked on its page. `report` is an id, a file name, or
        "latest" (the newest report by date)."""
        everything = self.library.reports()
        if not everything:
            raise NotFoundError("the library is empty: ingest reports first")
        if report.strip().lower() == "latest":
            records = [r for r in everything if not r.example] or everything
            record = max(records, key=lambda r: (r.date, r.report_number.zfill(6)))
        else:
            record = self._resolve(report)
        hits = self.library.report_chunks(record.report_id)
        pages = PageTexts(self.library.page_texts)
        plan = Plan(question="", asked="", route="brief")
        draft = self.reader.answer("", Evidence([SearchResult(hits)], pages), plan)
        kept = [s for s in draft.statements if checked(s, pages)]
        for n, statement in enumerate(kept, start=1):
            statement.citation.n = n
        items = [
            BriefItem(
                text=s.text.replace("[#]", f"[{s.citation.n}]"), value=s.value, citation=s.citation
            )
            for s in kept
        ]
        series = self.planner.series.labels(everything)
        return ReportBrief(
            report=_info(record, series.get(record.report_id, "")),
            figures=[item for item in items if item.value is not None],
            sections=[item for item in items if item.value is None],
        )

    def _read_question(self, question: str) -> str:
        if not question or not question.strip():
            raise InputError("question", "the question is empty")
        question = question.strip()
        if len(question) > MAX_QUESTION_CHARS:
            raise InputError(
                "question", f"{len(question):,} characters; at most {MAX_QUESTION_CHARS:,}"
            )
        return question

    def _filters(
        self, reports: list[str] | None, date_from: str, date_to: str, language: str
    ) -> SearchFilters:
        """The filters a caller gave, checked: reports by id, file or alias, ISO dates in
        order, a known language."""
        filters = SearchFilters(
            reports=[self._resolve(r).report_id for r in reports or []],
            date_from=read_date("date_from", date_from),
            date_to=read_date("date_to", date_to),
            language=read_language(language),
        )
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise InputError(
                "date_to",
                f"{filters.date_to} is before date_from {filters.date_from}: no report can match",
            )
        return filters

    def warm_up(self) -> None:
        """Load the model and build the lexical index now rather than on the first question;
        the gazetteer loads beside them (a question that needs it waits for it)."""
        threading.Thread(target=self.library.gazetteer.load, daemon=True).start()
        _ = self.library.embedder
        if self.library.reports():
            self.library.search("warm up")

    # -- library -------------------------------------------------------------------------------

    def report_count(self) -> int:
        """How many reports the library holds (a registry read: `/v1/health` asks it often)."""
        return len(self.library.reports())

    def reports(self) -> list[ReportInfo]:
        records = self.library.reports()
        series = self.planner.series.labels(records)
        return [_info(r, series.get(r.report_id, "")) for r in records]

    def delete(self, report: str) -> ReportInfo:
        """Delete a report by id, file name or alias; returns what was deleted."""
        record = self._resolve(report)
        try:
            self.library.delete(record.report_id)
        except Exception:
            self._tidy = False  # a delete cut short leaves data for the next ingest to remove
            raise
        return _info(record)

    def edit_report(
        self,
        report: str,
        *,
        title: str | None = None,
        date: str | None = None,
        publisher: str | None = None,
    ) -> ReportInfo:
        """Correct a report's title, reporting date or publisher (by id, file name or alias).
        Citations and date filters use the correction at once, and it holds for the report's
        later versions (the same file ingested again)."""
        record = self._resolve(report)
        changes: dict[str, str] = {}
        for name, value, limit in (("title", title, 300), ("publisher", publisher, 120)):
            if value is not None:
                value = " ".join(value.split())
                if not value or len(value) > limit:
                    raise InputError(name, f"give 1 to {limit} characters")
                changes[name] = value
        if date is not None:
            changes["date"] = read_date("date", date)
        if not changes:
            raise InputError("report", "nothing to change: give a title, date or publisher")
        edited = self.library.edit_report(record.report_id, changes)
        series = self.planner.series.labels(self.library.reports())  # a new date may move it
        return _info(edited, series.get(edited.report_id, ""))

    def _resolve(self, ref: str) -> ReportRecord:
        record = self.library.store.get_report(ref)
        if record is not None:
            return record
        name = Path(ref).name
        for candidate in self.library.reports():
            if name == candidate.file or name in candidate.aliases:
                return candidate
        record = self.library.store.get_report(report_id_for(name))
        if record is None:
            raise NotFoundError(f"no report '{ref}' in the library (see `sitrep reports`)")
        return record


MAX_QUESTION_CHARS = 2000  # a question, or one earlier question of its conversation
MAX_HISTORY = 50  # earlier questions a follow-up is read with

_TIME_OF_DAY = re.compile(
    r"(?<=\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)


def read_date(field: str, value: str) -> str:
    """A filter date as ISO `YYYY-MM-DD`, from that or the common ways of writing one
    (`18/06/2026`, `18 June 2026`, `2026-06-18T00:00`); `InputError` naming the field if none."""
    if not value or not value.strip():
        return ""
    found = all_dates(_TIME_OF_DAY.sub("", value.strip()))
    if len(found) != 1:
        raise InputError(
            field, f"cannot read '{value.strip()[:40]}' as a date; use YYYY-MM-DD (2026-06-18)"
        )
    return found[0]


def read_language(value: str) -> str:
    code = (value or "").strip().lower()
    if code and code not in LANGUAGES:
        raise InputError("language", f"'{value[:20]}' is not one of {', '.join(LANGUAGES)}")
    return code


def reader_model(settings: Settings) -> ReaderModel:
    """The fitted scoring model, with the answering threshold of the settings if one is set."""
    model = ReaderModel.load()
    if settings.min_confidence is not None:
        model = model.with_threshold(settings.min_confidence)
    return model


def display_title(record: ReportRecord) -> tuple[str, bool]:
    """The title to show and whether it is inferred: a report that prints no title (its title
    is its file name) is shown with what its text suggests, until a user gives one."""
    inferred = bool(record.inferred_title) and "title" not in record.edited
    return (record.inferred_title if inferred else record.title), inferred


def brief_answer(question: str, brief: ReportBrief) -> Answer:
    """A report at a glance as an answer: its headline figures, then its sections' sentences."""
    items = [*brief.figures, *brief.sections]
    if not items:
        return Answer(
            question=question,
            text=f"{brief.report.shown_title()} states no figure or sentence to show.",
            abstained=True,
            searched=[brief.report.shown_title()],
        )
    dated = f" ({brief.report.date})" if brief.report.date else ""
    text = f"{brief.report.shown_title()}{dated} at a glance: " + "; ".join(
        item.text for item in brief.figures
    )
    if brief.sections:
        text += (". " if brief.figures else "") + " ".join(item.text for item in brief.sections)
    return Answer(
        question=question,
        text=text if text.endswith((".", "”")) else text + ".",
        abstained=False,
        citations=[item.citation for item in items],
        searched=[brief.report.shown_title()],
    )


def _info(record: ReportRecord, series: str = "") -> ReportInfo:
    title, inferred = display_title(record)
    return ReportInfo(
        id=record.report_id,
        file=record.file,
        title=title,
        title_inferred=inferred,
        latest_date=record.latest_date,
        edited=sorted(record.edited),
        example=record.example,
        date=record.date,
        language=record.language,
        publisher=record.publisher,
        report_number=record.report_number,
        series=series,
        pages=record.pages,
        chunks=record.chunks,
        aliases=record.aliases,
        warnings=record.warnings,
        ocr_pages=record.ocr_pages,
    )
