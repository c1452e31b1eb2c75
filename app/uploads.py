"""What a report upload must be before it is stored, the same for both doors (the HTTP API and the
chat): within the size limit, a type read from its bytes whatever its name says, a safe name, and
stored under the library's `uploads/` folder. Only bytes a client sent are ever ingested: the chat
accepts a file only from Gradio's own upload folder, never a server path named in a request."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import SitrepError
from app.models import IngestOutcome
from app.settings import Settings
from ingest.files import SUPPORTED, utf16_codec

if TYPE_CHECKING:
    from app.assistant import Assistant

_EXTENSION = re.compile(r"\.[a-z][a-z0-9]{1,4}")  # `.csv`, `.xlsx`; not `.2026` of `SitRep.2026`


class UploadRefused(SitrepError):
    """An upload that is not stored; `status` is the HTTP status that says why."""

    def __init__(self, file: str, reason: str, status: int) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Upload:
    name: str  # the safe name it is stored under
    data: bytes


def sniff_type(head: bytes) -> str | None:
    """The report format a file's first bytes show, whatever its name says; None if unsupported."""
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx" if b"word/" in head or b"[Content_Types].xml" in head else None
    if utf16_codec(head):
        return ".txt"  # UTF-16 text, with a BOM or without one
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return None
    if re.search(r"<(?:!doctype html|html|body|h1|p)\b", text[:2000], re.I):
        return ".html"
    return ".txt"


def safe_name(name: str) -> str:
    """A bare file name: no folders, no `..`, nothing outside letters, digits, `._-`, and `°`;
    empty when nothing of the name is left."""
    base = Path(name.replace("\\", "/")).name
    return re.sub(r"[^\w.°-]+", "_", base).lstrip(".")[:150]


def check(name: str, data: bytes, max_mb: float) -> Upload:
    """The upload as it will be stored, or `UploadRefused` naming the file and the problem."""
    shown = Path(name.replace("\\", "/")).name or "upload"
    if len(data) > max_mb * 1024 * 1024:
        raise UploadRefused(shown, f"larger than {max_mb:g} MB", 413)
    if not data:
        raise UploadRefused(shown, "empty file (0 bytes)", 422)
    suffix = Path(safe_name(name)).suffix.lower()
    extension = suffix in SUPPORTED or bool(_EXTENSION.fullmatch(suffix))
    if extension and suffix not in SUPPORTED:
        # A format the command line refuses too (a spreadsheet's CSV is not a report).
        raise UploadRefused(shown, f"unsupported file type {suffix}", 415)
    kind = sniff_type(data[:4096])
    if kind is None:
        raise UploadRefused(shown, "not a PDF, DOCX, HTML or text file", 415)
    # A name with nothing left of it (".", "..", "отчет" stripped of its folder) is named by
    # its content, so two such uploads never replace each other.
    base = safe_name(name)
    stem = Path(base).stem if extension else base
    stem = stem or f"upload-{hashlib.sha256(data).hexdigest()[:10]}"
    keep = suffix == kind or (kind == ".txt" and suffix in {".md", ".markdown"})
    return Upload(f"{stem}{suffix if keep else kind}", data)


def store(upload: Upload, folder: Path) -> Path:
    """Write the upload under `folder` (the same name again is a new version of that report)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / upload.name
    target.write_bytes(upload.data)
    return target


def ingest(
    files: Sequence[Upload | IngestOutcome],
    settings: Settings,
    assistant: Assistant,
    on_file: Callable[[IngestOutcome], None] | None = None,
) -> list[IngestOutcome]:
    """Store the uploads and ingest them in one run, so that the next file is parsed while the
    last one is embedded; one outcome per file, in order, naming the file as stored, `on_file`
    told of each ingested one as it lands. A file the checks refused comes as its outcome and
    keeps its place. The files are kept under the library's `uploads/` folder when added; with
    the library on a Chroma server (no local library folder) they are ingested from a
    temporary folder, removed after. A file that fails is not kept."""
    batch = [f for f in files if isinstance(f, Upload)]
    if settings.chroma_host:
        with tempfile.TemporaryDirectory(prefix="sitrep-upload-") as temporary:
            landed = iter(_ingest(batch, Path(temporary), assistant, on_file))
    else:
        landed = iter(_ingest(batch, settings.data_dir / "uploads", assistant, on_file))
    return [f if isinstance(f, IngestOutcome) else next(landed) for f in files]


def _ingest(
    batch: list[Upload],
    folder: Path,
    assistant: Assistant,
    on_file: Callable[[IngestOutcome], None] | None,
) -> list[IngestOutcome]:
    outcomes: list[IngestOutcome] = []
    for run in _distinct_runs(batch):
        stored = [(upload.name, store(upload, folder)) for upload in run]

        def landed(
            outcome: IngestOutcome, done: int, _total: int, stored: list[tuple[str, Path]] = stored
        ) -> None:
            name, target = stored[done - 1]
            outcome.file = name
            if outcome.status == "failed":
                target.unlink(missing_ok=True)
            outcomes.append(outcome)
            if on_file:
                on_file(outcome)

        assistant.ingest([target for _, target in stored], on_file=landed)
    return outcomes


def _distinct_runs(batch: list[Upload]) -> list[list[Upload]]:
    """The batch cut where a name comes again: a second file of one name is a new version of
    that report, so the first must land before the second is written over it."""
    runs: list[list[Upload]] = []
    names: set[str] = set()
    for upload in batch:
        if not runs or upload.name in names:
            runs.append([])
            names = set()
        runs[-1].append(upload)
        names.add(upload.name)
    return runs


def read_uploaded(path: str, upload_folder: Path, max_mb: float) -> Upload:
    """The bytes of a file the chat's upload widget received. A path outside Gradio's upload
    folder was named by the request, not sent by the browser: refused, never read."""
    given = Path(path)
    shown = given.name or "upload"
    try:
        real = given.resolve(strict=True)
    except OSError as exc:
        raise UploadRefused(shown, "not an uploaded file", 400) from exc
    if not real.is_relative_to(upload_folder.resolve()) or not real.is_file():
        raise UploadRefused(shown, "not an uploaded file: send the file's bytes", 400)
    if real.stat().st_size > max_mb * 1024 * 1024:
        raise UploadRefused(shown, f"larger than {max_mb:g} MB", 413)
    return check(shown, real.read_bytes(), max_mb)
