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


class SeriesPoint(BaseModel):
    """One report of a series and what it states of the measure; a gap when it states nothing
    the assistant could verify (never interpolated)."""

    report_id: str
    date: str = Field(description="Reporting date of the report, ISO; empty when unknown.")
    report_number: str
    title: str
    value: float | None = Field(None, description="The figure; null for a gap.")
    as_written: str = Field(
        "", description="The figure in the answer's words (`1 094 pour Ituri`)."
    )
    change: float | None = Field(
        None, description="Difference from the previous point that has a value."
    )
    correction: bool = Field(
        False, description="A cumulative count lower than the previous point's: a correction."
    )
    citation: Citation | None = Field(None, description="Its source; null for a gap.")


class SeriesAnswer(BaseModel):
    """A measure over the reports of one series, in date order, each point cited."""

    question: str
    series: str = Field("", description="The series: publisher, number range and months.")
    measure: str = Field("", description="What the points measure, in the reports' words.")
    points: list[SeriesPoint] = Field(default_factory=list)
    left_out: int = Field(
        0,
        description="Reports whose figure only resembled the measure (another row, column or "
        "unit), left out rather than mixed in.",
    )
    text: str = Field(description="The series in a sentence, or why there is none.")
    abstained: bool
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")


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
    title_inferred: bool = Field(
        False, description="The report prints no title: `title` is what its text suggests."
    )
    latest_date: str = Field(
        "",
        description="For a report that states no date: the latest date its text mentions "
        "(inferred; not used by the date filters).",
    )
    edited: list[str] = Field(
        default_factory=list, description="Fields a user corrected (title, date, publisher)."
    )
    example: bool = Field(
        False,
        description="A fictional example (seeded, or marked so by its sidecar); removed when a "
        "later ingest adds a real report.",
    )
    date: str
    language: str
    publisher: str
    report_number: str
    series: str = Field(
        "",
        description="The series it belongs to, as publisher, number range and months "
        "(`COUSP · N°2-39 · 2026-05 to 2026-06`); empty when no other report continues it.",
    )
    pages: int
    chunks: int
    aliases: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    ocr_pages: list[int] = Field(
        default_factory=list, description="Pages with no text layer, read by OCR."
    )

    def shown_title(self) -> str:
        """The title as a list shows it: an inferred one says so."""
        return f"{self.title} (inferred)" if self.title_inferred else self.title or self.file

    def shown_date(self) -> str:
        """The date as a list shows it: the stated one, else the latest the text mentions."""
        if self.date:
            return self.date
        return f"{self.latest_date} (latest mentioned)" if self.latest_date else "not stated"


class Job(BaseModel):
    """An ingest started by `POST /v1/reports`: which files are done, with their outcomes."""

    id: str
    status: Literal["queued", "running", "done"]
    total: int = Field(description="Files in the upload.")
    done: int = Field(description="Files with an outcome so far.")
    added: Literal["", "all", "some", "none"] = Field(
        "", description="Once done: whether all, some or none of the files were added."
    )
    outcomes: list[IngestOutcome] = Field(
        default_factory=list,
        description="One per file done: those refused by the upload checks first, then each "
        "file as its ingest ends.",
    )
    waiting: list[str] = Field(default_factory=list, description="Files not done yet.")


class BriefItem(BaseModel):
    text: str = Field(description="A figure with what it counts, or a section's sentence.")
    value: float | None = Field(None, description="The figure; null for a sentence.")
    citation: Citation


class ReportBrief(BaseModel):
    """A report at a glance, in its own words: its headline figures, then one sentence per main
    section, each cited."""

    report: ReportInfo
    figures: list[BriefItem] = Field(default_factory=list)
    sections: list[BriefItem] = Field(default_factory=list)
