"""Ingest jobs: an upload answers at once with a job, whose files are ingested in one run in the
background while `GET /v1/jobs/{id}` reports each file's outcome as it lands. Jobs run one
at a time, in the order they came (the chat's ingest and a job may overlap: the library allows
it). A job lives in the memory of the process that took it, the last `KEPT` of them."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from app import uploads
from app.assistant import Assistant
from app.models import IngestOutcome, Job
from app.settings import Settings

KEPT = 200  # finished jobs kept for their outcomes to be read


class Jobs:
    def __init__(self, assistant: Assistant, settings: Settings) -> None:
        self.assistant = assistant
        self.settings = settings
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-jobs")

    def submit(self, files: list[uploads.Upload | IngestOutcome]) -> Job:
        """A job over checked uploads; a file refused by the checks comes as its outcome and
        counts as done from the start."""
        refused = [f for f in files if isinstance(f, IngestOutcome)]
        accepted = [f for f in files if isinstance(f, uploads.Upload)]
        job = Job(
            id=uuid.uuid4().hex[:16],
            status="queued",
            total=len(files),
            done=len(refused),
            outcomes=refused,
            waiting=[u.name for u in accepted],
        )
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT:
                self._jobs.popitem(last=False)
        self._runner.submit(self._run, job.id, accepted)
        return job.model_copy(deep=True)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.model_copy(deep=True) if job else None

    def _run(self, job_id: str, accepted: list[uploads.Upload]) -> None:
        self._update(job_id, status="running")

        def landed(outcome: IngestOutcome) -> None:
            with self._lock:
                job = self._jobs.get(job_id)
                if job is not None:
                    job.outcomes.append(outcome)
                    job.waiting.remove(outcome.file)
                    job.done += 1

        try:
            uploads.ingest(accepted, self.settings, self.assistant, landed)
        except Exception as exc:  # noqa: BLE001 (the files left fail with the reason)
            with self._lock:
                job = self._jobs.get(job_id)
                if job is not None:
                    job.outcomes += [
                        IngestOutcome(file=name, status="failed", reason=str(exc))
                        for name in job.waiting
                    ]
                    job.done += len(job.waiting)
                    job.waiting = []
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                added = sum(o.status != "failed" for o in job.outcomes)
                job.added = "all" if added == job.total else "some" if added else "none"
                job.status = "done"

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                for name, value in changes.items():
                    setattr(job, name, value)
