"""Files beside the library that let a process start without reading all of Chroma again: the
report registry as last read, with the stamp it was read at, and the BM25 index's arrays.

A cache only. Chroma stays the single source of truth: the registry file is used while its stamp is
Chroma's current one, and the index file holds report versions that are compared with the registry
like any index held in memory (what changed since it was saved is read from Chroma). A missing,
unreadable or older file is skipped with a log line and written again. Files are written by one
background thread, to a temporary name first, so that a reader never sees half a file.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from index.settings import IndexSettings

log = logging.getLogger(__name__)


class LocalCache:
    """Named JSON values and array sets in one folder; writes run in one background thread, the
    latest value of a name replacing one still waiting."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pending: dict[str, Callable[[Path], None]] = {}
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    @classmethod
    def beside(cls, settings: IndexSettings) -> LocalCache:
        """The cache of the library `settings` open: in its folder, or for a Chroma server in
        the local data folder under the server's address and the collections' prefix."""
        name = settings.collection_prefix
        if settings.chroma_host:
            name = f"{settings.chroma_host}-{settings.chroma_port}-{name}"
        return cls(settings.data_dir / "cache" / name)

    def read_json(self, name: str) -> Any:
        """The value saved as `name`; None when there is none or it cannot be read."""
        path = self.folder / f"{name}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("skipped %s, which cannot be read (%s); it is written again", path, exc)
            return None

    def read_arrays(self, name: str) -> dict[str, np.ndarray] | None:
        """The arrays saved as `name`; None when there are none or they cannot be read."""
        path = self.folder / f"{name}.npz"
        try:
            with np.load(path, allow_pickle=False) as saved:
                return {key: saved[key] for key in saved.files}
        except FileNotFoundError:
            return None
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            log.warning("skipped %s, which cannot be read (%s); it is written again", path, exc)
            return None

    def write_json(self, name: str, value: Any) -> None:
        def write(path: Path) -> None:
            path.write_text(json.dumps(value), encoding="utf-8")

        self._put(f"{name}.json", write)

    def write_arrays(self, name: str, make: Callable[[], dict[str, np.ndarray]]) -> None:
        """Save the arrays `make` gives, made in the writing thread (not the caller's)."""

        def write(path: Path) -> None:
            with path.open("wb") as file:
                np.savez(file, **make())  # type: ignore[arg-type]  # names only

        self._put(f"{name}.npz", write)

    def flush(self) -> None:
        """Wait until every value given so far is written."""
        while (worker := self._worker) is not None:
            worker.join()

    def _put(self, file: str, write: Callable[[Path], None]) -> None:
        with self._lock:
            self._pending[file] = write
            if self._worker is None:
                self._worker = threading.Thread(target=self._drain, name="sitrep-cache")
                self._worker.start()

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._worker = None
                    return
                file, write = self._pending.popitem()
            path = self.folder / file
            temporary = path.with_name(f".{file}.{os.getpid()}.{threading.get_ident()}")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                write(temporary)
                os.replace(temporary, path)
            except OSError as exc:
                log.warning("could not save %s (%s); the next start reads Chroma", path, exc)
                temporary.unlink(missing_ok=True)
