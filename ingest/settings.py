"""The ingest layer's settings section; the app's `Settings` composes it with the others."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.chunking import MAX_CHARS


class IngestSettings(BaseModel):
    chunk_chars: int = Field(MAX_CHARS, description="Largest chunk, in characters.")
    max_chunks: int = Field(
        5000,
        description="Most chunks one report may have (a 100-page sitrep has about 500); a longer "
        "file is refused with its count, so that one file cannot take the machine for an hour.",
    )
    ocr_languages: str = Field(
        "eng+fra+spa",
        description="Tesseract languages that read PDF pages with no text layer (scans), joined "
        'by "+"; those not installed are left out; empty turns OCR off.',
    )
