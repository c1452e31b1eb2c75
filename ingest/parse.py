"""From a path on disk to a `Report`: read, find sections and metadata, apply the sidecar."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.chunking import chunk_report
from ingest.errors import IngestError
from ingest.files import content_hash
from ingest.metadata import all_dates, apply_sidecar, detect_meta
from ingest.model import Block, Chunk, Report
from ingest.pdf import REPORT_KIND
from ingest.readers import read_file
from ingest.structure import blocks_to_sections


def read_report(
    path: Path, digest: str, ocr_languages: str, chunk_chars: int
) -> tuple[Report, list[Chunk]]:
    """Parse and chunk one file: the part of ingest that runs in the parsing process, apart
    from the one that answers (PDF table finding and OCR hold the interpreter for seconds)."""
    report = parse_file(path, digest, ocr_languages)
    return report, chunk_report(report, chunk_chars)


def parse_file(path: Path, digest: str | None = None, ocr_languages: str = "") -> Report:
    """Parse one file into a report; raise IngestError naming the file and the problem.
    `ocr_languages` (Tesseract codes, "eng+fra+spa") reads scanned PDF pages; empty skips them."""
    if not path.exists():
        raise IngestError(path.name, "no such file")
    if not path.is_file():
        raise IngestError(path.name, "not a regular file")
    content = read_file(path, ocr_languages)
    sections = blocks_to_sections(content.blocks)
    if not sections:
        raise IngestError(path.name, "no text found in the file")
    first_pages = "\n".join(content.pages[:2])
    title = content.title or _first_heading_title(content.blocks) or path.stem
    # A first heading that names no kind of report may be any sentence set in large type.
    guessed = content.title_guessed or (
        not content.title and title != path.stem and not REPORT_KIND.search(title)
    )
    meta = detect_meta(first_pages, "\n".join(content.pages), title, path.name)
    meta = apply_sidecar(path, meta)
    mentioned = all_dates("\n".join(content.pages)) if not meta.date else []
    return Report(
        file=path.name,
        content_hash=digest or content_hash(path),
        meta=meta,
        pages=content.pages,
        sections=sections,
        warnings=content.warnings,
        ocr_pages=content.ocr_pages,
        inferred_title=_inferred_title(meta.title, path.stem, title, guessed, content.blocks),
        latest_date=max(mentioned, default=""),
    )


def _inferred_title(title: str, stem: str, found: str, guessed: bool, blocks: list[Block]) -> str:
    """What to show, marked inferred, for a report that prints no title (its title is its file
    name) or whose title is a guess from the layout that no sidecar replaced."""
    if title == stem:
        return infer_title(blocks)
    return found if guessed and title == found else ""


def infer_title(blocks: list[Block]) -> str:
    """A title for a report that prints none: its first heading, if any, and the start of its
    first paragraph, at most about 90 characters (`Situation: On 8 February, the ...`)."""
    heading = next((b.text for b in blocks[:2] if b.kind == "heading"), "")
    paragraph = next((b.text for b in blocks if b.kind == "text"), "")
    sentence = re.split(r"(?<=[.!?])\s", " ".join(paragraph.split()), maxsplit=1)[0]
    room = 90 - len(heading)
    if len(sentence) > room:
        sentence = sentence[:room].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"{heading}: {sentence}" if heading and sentence else heading or sentence


def _first_heading_title(blocks: list) -> str:
    """A heading of three words or more among the first blocks reads as the report's title."""
    for block in blocks[:4]:
        if block.kind == "heading" and len(block.text.split()) >= 3:
            return str(block.text)
    return ""
