"""Which files are reports, what they are called and whether they changed: cheap to import (no
parser), so a process that leaves parsing to the parsing process never loads PyMuPDF."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

SUPPORTED = {".pdf", ".txt", ".md", ".markdown", ".html", ".htm", ".docx"}


def content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def report_id_for(file_name: str) -> str:
    """A stable, readable id from the file name: `SitRep_30_2026.pdf` -> `sitrep-30-2026`."""
    stem = Path(file_name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem.encode("ascii", "ignore").decode()).strip("-")
    return slug or hashlib.sha1(file_name.encode()).hexdigest()[:12]


def unique_report_id(file_name: str, holder: Callable[[str], str | None]) -> str:
    """The report id for a file: its readable slug, unless a file of another name already holds
    that slug (`Report (2).txt` and `report_2.txt`, two Cyrillic names that keep only `1`); then
    the slug with a short hash of the file name, so different files never replace each other.
    `holder(id)` is the file name stored under an id, or None."""
    report_id = report_id_for(file_name)
    held = holder(report_id)
    if held is None or held == file_name:
        return report_id
    return f"{report_id}-{hashlib.sha1(file_name.encode()).hexdigest()[:8]}"


def find_files(paths: list[Path]) -> list[Path]:
    """Files to ingest: named files as given, folders walked recursively for supported types."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def utf16_codec(head: bytes) -> str | None:
    """The UTF-16 codec of text starting with `head`, by its BOM or by zero bytes in every other
    place (ASCII-range text); None for other text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(head) >= 8:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.9 * len(odd) and not even.count(0):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and not odd.count(0):
            return "utf-16-be"
    return None
