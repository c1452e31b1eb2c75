"""Ingest as a pipeline: while one report is embedded and stored, the next file is read and
parsed in the parsing process (`ingest.worker`, on the second core). Outcomes still come one per
file, in order; a failure of one file never stops the batch or touches what is stored."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from app.models import IngestOutcome
from index import Library, ReportRecord
from ingest import Chunk, Report
from ingest.errors import IngestError, SitrepError
from ingest.files import content_hash, unique_report_id
from ingest.settings import IngestSettings
from ingest.worker import ParsingProcess, stand_back

log = logging.getLogger(__name__)

OnFile = Callable[[IngestOutcome, int, int], None]


@dataclass
class _Parsed:
    """A file read and chunked, waiting to be embedded and stored."""

    name: str
    digest: str
    report_id: str
    report: Report
    chunks: list[Chunk]
    existing: ReportRecord | None


class Intake:
    def __init__(self, library: Library, settings: IngestSettings) -> None:
        self.library = library
        self.chunk_chars = settings.chunk_chars
        self.max_chunks = settings.max_chunks
        self.ocr_languages = settings.ocr_languages
        # Report ids given to files of this batch that may not be stored yet (the pipeline
        # parses the next file while the last one is stored), with their file names.
        self._claimed: dict[str, str] = {}

    def run(self, files: list[Path], on_file: OnFile | None = None) -> list[IngestOutcome]:
        outcomes: list[IngestOutcome] = []

        def done(outcome: IngestOutcome) -> None:
            outcomes.append(outcome)
            if on_file:
                on_file(outcome, len(outcomes), len(files))

        pending: tuple[_Parsed, Future[IngestOutcome]] | None = None
        with ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="sitrep-store", initializer=stand_back
        ) as storing:
            warmed = False

            def warm() -> None:
                """Load the models while the first file to store is parsed (once; a failure
                to load is the first stored file's to report, with its name)."""
                nonlocal warmed
                if not warmed:
                    warmed = True
                    storing.submit(self.library.warm)

            for path in files:
                digest = _digest(path)
                if pending and digest and digest == pending[0].digest:
                    done(pending[1].result())  # the same content again: let the first land
                    pending = None
                prepared = self._prepare(path, digest, warm)
                if pending:
                    done(pending[1].result())
                    pending = None
                if isinstance(prepared, IngestOutcome):
                    done(prepared)
                else:
                    pending = (prepared, storing.submit(self._store, prepared))
            if pending:
                done(pending[1].result())
        return outcomes

    def _prepare(
        self, path: Path, digest: str, before_parsing: Callable[[], None]
    ) -> IngestOutcome | _Parsed:
        """Everything up to embedding: checks, the unchanged and duplicate cases, parsing."""
        name = str(path)
        try:
            if not path.is_file():
                raise IngestError(path.name, "no such file" if not path.exists() else "not a file")
            report_id = unique_report_id(path.name, self._holder)
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
            before_parsing()
            report, chunks = _parser.parse(path, digest, self.ocr_languages, self.chunk_chars)
            if len(chunks) > self.max_chunks:
                raise IngestError(
                    path.name,
                    f"too long: {len(chunks):,} chunks, more than the {self.max_chunks:,} a report "
                    "may have (SITREP_MAX_CHUNKS); split the file or raise the limit",
                )
            self._claimed[report_id] = path.name
            return _Parsed(name, digest, report_id, report, chunks, existing)
        except Exception as exc:  # noqa: BLE001 (every failure is this file's outcome)
            return _failed(name, exc)

    def _holder(self, report_id: str) -> str | None:
        """The file name stored under `report_id`, or given it earlier in this batch."""
        record = self.library.store.get_report(report_id)
        return record.file if record else self._claimed.get(report_id)

    def _store(self, parsed: _Parsed) -> IngestOutcome:
        """Embed and store one parsed report, making it live in one registry write."""
        try:
            existing = parsed.existing
            record = self.library.add_report(
                parsed.report_id,
                parsed.report,
                parsed.chunks,
                aliases=existing.aliases if existing else [],
                edited=existing.edited if existing else None,
            )
        except Exception as exc:  # noqa: BLE001
            return _failed(parsed.name, exc)
        return IngestOutcome(
            file=parsed.name,
            status="added",
            report_id=parsed.report_id,
            chunks=record.chunks,
            reason="replaced the earlier version" if existing else "",
            warnings=parsed.report.warnings,
        )


# One parsing process for the life of this one, started on first use.
_parser = ParsingProcess()


def _digest(path: Path) -> str:
    try:
        return content_hash(path) if path.is_file() else ""
    except OSError:
        return ""


def _failed(name: str, exc: Exception) -> IngestOutcome:
    if isinstance(exc, IngestError):
        reason = exc.reason
    elif isinstance(exc, SitrepError):
        reason = str(exc)
    elif isinstance(exc, OSError):
        reason = f"cannot read the file: {exc}"
    else:
        log.exception("unexpected error while ingesting %s", name)
        reason = f"could not be ingested: {type(exc).__name__}: {exc}"
    return IngestOutcome(file=name, status="failed", reason=reason)
