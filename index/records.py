"""What the library knows of one stored report, as plain data (no Chroma needed to use it)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


def date_number(iso: str) -> int:
    """`2026-06-07` -> 20260607, so that Chroma can compare dates; 0 when unknown."""
    return int(iso.replace("-", "")) if iso else 0


@dataclass
class ReportRecord:
    """One stored report: its live `version` (content hash) says which chunks and pages count."""

    report_id: str
    file: str
    version: str
    title: str = ""
    date: str = ""
    language: str = ""
    publisher: str = ""
    report_number: str = ""
    pages: int = 0
    chunks: int = 0
    aliases: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages read from a scan by OCR
    inferred_title: str = ""  # for a report that prints no title: what its text suggests
    latest_date: str = ""  # for a report that states no date: the latest one its text mentions
    edited: dict[str, str] = field(default_factory=dict)  # fields a user corrected, kept on update
    example: bool = False  # a fictional example report (seeded, or so its sidecar says)
    meaning_model: str = ""  # the model its sentences are embedded with; empty: not yet

    def to_metadata(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.__dict__)
        data.pop("report_id")
        data["aliases"] = json.dumps(self.aliases)
        data["warnings"] = json.dumps(self.warnings)
        data["ocr_pages"] = json.dumps(self.ocr_pages)
        data["edited"] = json.dumps(self.edited)
        data["date_num"] = date_number(self.date)
        return data

    @classmethod
    def from_metadata(cls, report_id: str, meta: dict[str, Any]) -> ReportRecord:
        fields = {k: meta[k] for k in cls.__dataclass_fields__ if k in meta and k != "report_id"}
        fields["aliases"] = json.loads(str(meta.get("aliases") or "[]"))
        fields["warnings"] = json.loads(str(meta.get("warnings") or "[]"))
        fields["ocr_pages"] = json.loads(str(meta.get("ocr_pages") or "[]"))
        fields["edited"] = json.loads(str(meta.get("edited") or "{}"))
        return cls(report_id=report_id, **fields)
