"""What the facade returns: plain pydantic models, so every door can serialise them as they are."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """Where an answer comes from; `quote` is verbatim page text, checked before it is returned."""

    n: int = Field(description="The number of the [n] marker in the answer text.")
    file: str
    page: int = Field(description="First page, 1-based.")
    page_end: int = Field(description="Last page, 1-based.")
    section: str
    quote: str
    title: str
    date: str = Field(description="Reporting date of the report, ISO; empty when unknown.")
    report_id: str
    ocr: bool = Field(
        False, description="The page is a scan read by OCR: check the figure on the page itself."
    )


class RetrievedChunk(BaseModel):
    """A chunk the search returned, in rank order; what retrieval metrics are computed from."""

    file: str
    page: int
    page_end: int
    section: str
    score: float


class Answer(BaseModel):
    question: str
    asked: str = Field("", description="The question searched with: a follow-up made whole.")
    text: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    searched: list[str] = Field(
        default_factory=list, description="Reports whose text was searched for the answer."
    )
    retrieved: list[RetrievedChunk] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")


Status = Literal["added", "unchanged", "duplicate", "failed"]


class IngestOutcome(BaseModel):
    """What happened to one file: added, unchanged, duplicate (of `report_id`) or failed."""

    file: str
    status: Status
    report_id: str = ""
    reason: str = ""
    chunks: int = 0
    warnings: list[str] = Field(default_factory=list)


class ReportInfo(BaseModel):
    """One report of the library."""

    id: str
    file: str
    title: str
    date: str
    language: str
    publisher: str
    report_number: str
    pages: int
    chunks: int
    aliases: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    ocr_pages: list[int] = Field(
        default_factory=list, description="Pages with no text layer, read by OCR."
    )
