"""The `Assistant` facade: the one door every user interface, the API and the evaluation go through."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding

from app.extractive import ExtractiveReader, Weights
from app.models import Answer, Citation, IngestOutcome, ReportInfo, RetrievedChunk
from app.planner import Planner
from app.question import QuestionReader
from app.reader import Evidence, PageTexts, Reader
from app.settings import Settings
from app.verify import verify
from index import Library, ReportRecord, SearchFilters, SearchResult
from ingest import chunk_report, find_files, parse_file, report_id_for
from ingest.errors import IngestError, NotFoundError, SitrepError
from ingest.parse import content_hash

__all__ = ["Answer", "Assistant", "Citation", "IngestOutcome", "ReportInfo", "SearchFilters"]

log = logging.getLogger(__name__)

OnFile = Callable[[IngestOutcome, int, int], None]


class Assistant:
    """Ingest reports, ask questions about them, list and delete them.

    The parts are passed in, like transports: `library` (where reports are stored and searched)
    or `embedder` (the model chunks are embedded with), `reader` (what turns evidence into an
    answer) and `planner` (what is searched); each has a default built from the settings.
    """

    def __init__(
        self,
        data_dir: str | Path | None = None,
        *,
        settings: Settings | None = None,
        embedder: BaseEmbedding | None = None,
        library: Library | None = None,
        reader: Reader | None = None,
        planner: Planner | None = None,
    ) -> None:
        settings = settings or Settings()
        if data_dir is not None:
            settings = settings.model_copy(update={"data_dir": Path(data_dir)})
        self.settings = settings
        self.library = library or Library(settings, embedder)
        self.questions = QuestionReader(self.library.tokenizer, self.library.glossary.equivalents)
        self.reader: Reader = reader or ExtractiveReader(
            self.questions, Weights(min_evidence=settings.min_evidence)
        )
        self.planner = planner or Planner(self.questions, settings.top_k)

    # -- ingest --------------------------------------------------------------------------------

    def ingest(
        self, paths: Iterable[str | Path], on_file: OnFile | None = None
    ) -> list[IngestOutcome]:
        """Ingest files and folders (walked recursively); one outcome per file, failures included."""
        files = find_files([Path(p) for p in paths])
        outcomes = []
        for number, path in enumerate(files, start=1):
            outcome = self._ingest_file(path)
            outcomes.append(outcome)
            if on_file:
                on_file(outcome, number, len(files))
        return outcomes

    def _ingest_file(self, path: Path) -> IngestOutcome:
        name = str(path)
        try:
            if not path.is_file():
                raise IngestError(path.name, "no such file" if not path.exists() else "not a file")
            digest = content_hash(path)
            report_id = report_id_for(path.name)
            existing = self.library.store.get_report(report_id)
            if existing and existing.version == digest:
                return IngestOutcome(
                    file=name, status="unchanged", report_id=report_id, chunks=existing.chunks
                )
            twin = self.library.store.report_with_version(digest)
            if twin is not None:
                if path.name != twin.file and path.name not in twin.aliases:
                    twin.aliases.append(path.name)
                    self.library.store.put_report(twin)
                return IngestOutcome(
                    file=name,
                    status="duplicate",
                    report_id=twin.report_id,
                    reason=f"same content as {twin.file}",
                    chunks=twin.chunks,
                )
            report = parse_file(path, digest)
            chunks = chunk_report(report, self.settings.chunk_chars)
            record = self.library.add_report(
                report_id, report, chunks, aliases=existing.aliases if existing else []
            )
            return IngestOutcome(
                file=name,
                status="added",
                report_id=report_id,
                chunks=record.chunks,
                reason="replaced the earlier version" if existing else "",
                warnings=report.warnings,
            )
        except IngestError as exc:
            return IngestOutcome(file=name, status="failed", reason=exc.reason)
        except SitrepError as exc:
            return IngestOutcome(file=name, status="failed", reason=str(exc))
        except OSError as exc:
            return IngestOutcome(file=name, status="failed", reason=f"cannot read the file: {exc}")

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
        if not question or not question.strip():
            raise SitrepError("the question is empty")
        question = question.strip()
        started = time.perf_counter()
        if filters is None:
            filters = SearchFilters(
                reports=[self._resolve(r).report_id for r in reports or []],
                date_from=date_from,
                date_to=date_to,
                language=language,
            )
        records = self.library.reports()  # read once per question, not once per search
        searching = 0.0

        def search(query: str, scope: SearchFilters, top_k: int | None) -> SearchResult:
            nonlocal searching
            begun = time.perf_counter()
            result = self.library.search(query, scope, top_k=top_k, records=records)
            searching += time.perf_counter() - begun
            return result

        plan, results = self.planner.run(question, history or [], filters, records, search)
        pages = PageTexts(self.library.page_texts)
        draft = self.reader.answer(plan.asked, Evidence(results, pages), plan)
        answer = verify(question, draft, pages)
        answer.asked = plan.asked
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

    def warm_up(self) -> None:
        """Load the model and build the lexical index now rather than on the first question."""
        _ = self.library.embedder
        if self.library.reports():
            self.library.search("warm up")

    # -- library -------------------------------------------------------------------------------

    def reports(self) -> list[ReportInfo]:
        return [_info(r) for r in self.library.reports()]

    def delete(self, report: str) -> ReportInfo:
        """Delete a report by id, file name or alias; returns what was deleted."""
        record = self._resolve(report)
        self.library.delete(record.report_id)
        return _info(record)

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


def _info(record: ReportRecord) -> ReportInfo:
    return ReportInfo(
        id=record.report_id,
        file=record.file,
        title=record.title,
        date=record.date,
        language=record.language,
        publisher=record.publisher,
        report_number=record.report_number,
        pages=record.pages,
        chunks=record.chunks,
        aliases=record.aliases,
        warnings=record.warnings,
    )
