"""The `Assistant` facade: the one door every user interface, the API and the evaluation go through."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore

from app.answer import Answerer
from app.errors import IngestError, NotFoundError, SitrepError
from app.followup import standalone
from app.models import Answer, Citation, IngestOutcome, ReportInfo, RetrievedChunk
from app.settings import Settings
from app.targets import asks_for_change, latest_of_series, points_in_time, wants_latest
from index import Library, ReportRecord, SearchFilters
from ingest import chunk_report, find_files, parse_file, report_id_for
from ingest.parse import content_hash

__all__ = ["Answer", "Assistant", "Citation", "IngestOutcome", "ReportInfo", "SearchFilters"]

log = logging.getLogger(__name__)

OnFile = Callable[[IngestOutcome, int, int], None]


class Assistant:
    """Ingest reports, ask questions about them, list and delete them."""

    def __init__(
        self,
        data_dir: str | Path | None = None,
        *,
        settings: Settings | None = None,
        embedder: BaseEmbedding | None = None,
    ) -> None:
        settings = settings or Settings()
        if data_dir is not None:
            settings = settings.model_copy(update={"data_dir": Path(data_dir)})
        self.settings = settings
        self.library = Library(settings, embedder)
        self._answerer = Answerer(
            self.library.tokenizer,
            self.library.page_texts,
            self.library.report_terms,
            self.library.term_weight,
            settings.min_evidence,
            self.library.glossary.equivalents,
        )

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
        "and in Nord-Kivu?" is searched as a whole question.
        """
        if not question or not question.strip():
            raise SitrepError("the question is empty")
        question = question.strip()
        asked = standalone(question, [h for h in history or [] if h.strip()])
        started = time.perf_counter()
        if filters is None:
            filters = SearchFilters(
                reports=[self._resolve(r).report_id for r in reports or []],
                date_from=date_from,
                date_to=date_to,
                language=language,
            )
        timings: dict[str, float] = {}
        hits, answer = self._answer(asked, filters, timings)
        answer.question, answer.asked = question, asked
        done = time.perf_counter()
        answer.retrieved = [
            RetrievedChunk(
                file=str(h.node.metadata.get("file")),
                page=int(h.node.metadata.get("page") or 1),
                page_end=int(h.node.metadata.get("page_end") or 1),
                section=str(h.node.metadata.get("section") or ""),
                score=float(h.score or 0.0),
            )
            for h in hits
        ]
        total = done - started
        answer.timings = {
            "search": round(timings.get("search", 0.0), 4),
            "answer": round(total - timings.get("search", 0.0), 4),
            "total": round(total, 4),
        }
        return answer

    def _answer(
        self, question: str, filters: SearchFilters, timings: dict[str, float]
    ) -> tuple[list[NodeWithScore], Answer]:
        """Search and answer, scoped to the reports the question names when it names some: a date
        or report number picks that report, two of them with a word of change compare the two,
        "latest" picks the newest report of the series the best match belongs to."""

        records = self.library.reports()  # read once per question, not once per search

        def search(scope: SearchFilters) -> list[NodeWithScore]:
            started = time.perf_counter()
            # Within a report or two the answerer can afford to read more chunks (tables included).
            wide = self.settings.top_k * 2 if scope.reports else None
            hits = self.library.search(question, scope, top_k=wide, records=records)
            timings["search"] = timings.get("search", 0.0) + time.perf_counter() - started
            return hits

        if filters.reports:
            hits = search(filters)
            return hits, self._answerer.answer(question, hits)
        points = points_in_time(question, records)
        if len(points) >= 2 and asks_for_change(question):
            per_point = [search(replace(filters, reports=point)) for point in points[:2]]
            return [h for hits in per_point for h in hits], self._answerer.compare(
                question, per_point
            )
        if points:
            hits = search(replace(filters, reports=sorted({r for p in points for r in p})))
            return hits, self._answerer.answer(question, hits)
        hits = search(filters)
        if hits and wants_latest(question):
            # The series is that of the best hit whose report knows the places the question names.
            known = self._answerer.names_known(question)
            ids = list(dict.fromkeys(str(h.node.metadata.get("report_id")) for h in hits))
            anchor = max(ids, key=known)
            newest = latest_of_series(anchor, records, lambda r: known(r.report_id) == 1.0)
            hits = search(replace(filters, reports=[newest]))
        return hits, self._answerer.answer(question, hits)

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
