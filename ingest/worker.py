"""Parsing in a process of its own. PDF table finding and OCR hold the Python interpreter for
seconds at a time; in the process that answers questions they stalled every question asked
meanwhile. The parsing process is started once with `python -m ingest.worker` (not with
multiprocessing's spawn, which runs the caller's own script again in the child when it has no
`if __name__ == "__main__"` guard) and reads requests from a pipe. A crash inside a parsing
library ends that process only: its file fails with a reason, and the next request starts a new
one."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ingest.errors import IngestError
from ingest.model import Chunk, Report

# How far ingest's work stands back from answering: parsing (PyMuPDF's layout model then ran on
# every core it found) and embedding ran beside a server's questions and doubled their time;
# at this niceness a question finds its core free and ingest loses nothing on an idle machine
# (`benchmarks/server.py --while-ingesting` measures it).
INGEST_NICENESS = 10


def stand_back() -> None:
    """Lower the calling thread's CPU priority by `INGEST_NICENESS`. Where threads have no
    priority of their own, only a process's main thread lowers it (the parsing process's):
    a server's storing thread then runs as it is rather than slowing the whole server."""
    if sys.platform.startswith("linux"):
        thread = threading.get_native_id()
        now = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, now + INGEST_NICENESS))
    elif hasattr(os, "nice") and threading.current_thread() is threading.main_thread():
        os.nice(INGEST_NICENESS)


def one_layout_thread() -> None:
    """Give the layout model of PyMuPDF's table finding (onnxruntime, which starts a spinning
    thread for every core and offers no setting for it) one thread; to take effect, call it
    before PyMuPDF loads, which builds the model's sessions. Beside ingest's embedding the extra
    threads only spun and contended: the 112 CI files ingested in 161 s instead of 197 s, the
    parsing process using 52 CPU seconds instead of 121."""
    try:
        import onnxruntime
    except ImportError:
        return
    options = onnxruntime.SessionOptions

    def one_thread() -> Any:
        made = options()
        made.intra_op_num_threads = 1
        made.inter_op_num_threads = 1
        return made

    onnxruntime.SessionOptions = one_thread


class ParsingProcess:
    """The parent's side: `parse` sends one file to the parsing process and waits for its
    report and chunks; one request at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child and self._child.poll() is None else None

    def parse(
        self, path: Path, digest: str, ocr_languages: str, chunk_chars: int
    ) -> tuple[Report, list[Chunk]]:
        with self._lock:
            requests, replies = self._started()
            try:
                requests.send((path, digest, ocr_languages, chunk_chars))
                ok, value = replies.recv()
            except (EOFError, OSError) as exc:
                self._stop()
                raise IngestError(
                    path.name, "the file crashed the reader; it may be damaged"
                ) from exc
        if not ok:
            raise value
        report, chunks = value
        return report, chunks

    def _started(self) -> tuple[Connection, Connection]:
        if self._child is None or self._child.poll() is not None:
            self._stop()
            request_read, request_write = os.pipe()
            reply_read, reply_write = os.pipe()
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
            self._child = subprocess.Popen(
                [sys.executable, "-m", "ingest.worker", str(request_read), str(reply_write)],
                pass_fds=(request_read, reply_write),
                env=env,
            )
            os.close(request_read)
            os.close(reply_write)
            self._requests = Connection(request_write, readable=False)
            self._replies = Connection(reply_read, writable=False)
        assert self._requests is not None and self._replies is not None
        return self._requests, self._replies

    def _stop(self) -> None:
        for connection in (self._requests, self._replies):
            if connection is not None:
                connection.close()
        self._requests = self._replies = None
        if self._child is not None:
            if self._child.poll() is None:
                self._child.kill()
            self._child.wait()
            self._child = None


def main(argv: list[str]) -> None:
    """The parsing process: parse each requested file until the parent closes the pipe (or
    Ctrl-C, which reaches the whole process group, stops both)."""
    stand_back()
    one_layout_thread()
    from ingest.parse import read_report  # after the layout model's threads are set

    requests = Connection(int(argv[0]), writable=False)
    replies = Connection(int(argv[1]), readable=False)
    try:
        while True:
            try:
                path, digest, ocr_languages, chunk_chars = requests.recv()
            except EOFError:
                return
            try:
                replies.send((True, read_report(path, digest, ocr_languages, chunk_chars)))
            except Exception as exc:  # noqa: BLE001 (the parent makes it the file's outcome)
                replies.send((False, _portable(exc, path)))
    except (KeyboardInterrupt, BrokenPipeError):
        return


def _portable(exc: Exception, path: Path) -> Exception:
    """The error as the parent can receive it: a library's own exception may not pickle."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        return IngestError(path.name, f"could not be read: {type(exc).__name__}: {exc}")
    return exc


if __name__ == "__main__":
    main(sys.argv[1:])
