"""The ingest layer's settings section; the app's `Settings` composes it with the others."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.chunking import MAX_CHARS


class IngestSettings(BaseModel):
    chunk_chars: int = Field(MAX_CHARS, description="Largest chunk, in characters.")
