"""The one settings object: defaults, overridden by `SITREP_*` environment variables or arguments."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Folder of the local Chroma library.")
    chroma_host: str = Field("", description="Chroma server host; empty means a local library.")
    chroma_port: int = Field(8000, description="Chroma server port, used with chroma_host.")
    collection_prefix: str = Field("sitrep", description="Prefix of the Chroma collection names.")
    embed_model: str = Field(
        "", description="Folder of a sentence-transformers model; empty means the bundled one."
    )
    embed_batch_size: int = Field(32, description="Texts embedded per model call.")
    chunk_chars: int = Field(700, description="Largest chunk, in characters.")
    dense_k: int = Field(30, description="Chunks taken from the vector search.")
    lexical_k: int = Field(30, description="Chunks taken from the BM25 search.")
    dense_weight: float = Field(1.0, description="Weight of the vector ranking in the fusion.")
    lexical_weight: float = Field(1.0, description="Weight of the BM25 ranking in the fusion.")
    glossary: bool = Field(
        True, description="Match question terms across English, French and Spanish (glossary)."
    )
    top_k: int = Field(8, description="Fused chunks handed to the answerer.")
    host: str = Field("127.0.0.1", description="Address `sitrep serve` listens on.")
    port: int = Field(7860, description="Port `sitrep serve` listens on.")
    api_key: str = Field(
        "", description="Bearer key for the HTTP API's write endpoints; empty disables them."
    )
    read_requires_key: bool = Field(False, description="Whether HTTP reads need the key too.")
    max_upload_mb: float = Field(50.0, description="Largest report the HTTP API accepts, in MB.")
    min_evidence: float = Field(
        0.45,
        description="Share of the question's key terms (weighted by rarity) the evidence must "
        "hold to answer; below it the assistant abstains. At 0.45 the eval answers none of its "
        "unanswerable questions, on the whole corpus and on the CI subset; 0.4 answers more "
        "and one of them.",
    )
