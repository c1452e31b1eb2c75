"""The index layer's settings section; the app's `Settings` composes it with the others."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class IndexSettings(BaseModel):
    data_dir: Path = Field(Path("data"), description="Folder of the local Chroma library.")
    chroma_host: str = Field("", description="Chroma server host; empty means a local library.")
    chroma_port: int = Field(8000, description="Chroma server port, used with chroma_host.")
    collection_prefix: str = Field("sitrep", description="Prefix of the Chroma collection names.")
    embed_model: str = Field(
        "", description="Folder of a sentence-transformers model; empty means the bundled one."
    )
    embed_batch_size: int = Field(32, description="Texts embedded per model call.")
    dense_k: int = Field(30, description="Chunks taken from the vector search.")
    lexical_k: int = Field(30, description="Chunks taken from the BM25 search.")
    dense_weight: float = Field(1.0, description="Weight of the vector ranking in the fusion.")
    lexical_weight: float = Field(1.0, description="Weight of the BM25 ranking in the fusion.")
    meaning: bool = Field(
        True,
        description="Embed every sentence, table row and column name (multilingual-e5-small) and "
        "search and weigh evidence by meaning; off, ingest is faster and answers rest on words.",
    )
    meaning_k: int = Field(
        40, description="Sentences and table rows taken from the search by meaning."
    )
    word_similarity: float = Field(
        0.90,
        description="How alike (cosine, multilingual-e5-small) a question's word and a report's "
        "word must be for one to stand for the other, as a glossary's translation does; above 1, "
        "none do. Chosen on the dev questions (README).",
    )
    meaning_weight: float = Field(
        1.0, description="Weight of the ranking by meaning (sentence similarity) in the fusion."
    )
    torch_threads: int = Field(
        1,
        description="Threads of the embedding model. 1: numpy, one text at a time, for questions "
        "and reports, and torch is never loaded (a question embeds in ~30 ms whether or not an "
        "ingest holds the other core, where two threads stall to ~180 ms; ingest's other work, "
        "parsing and the sentence encoder, holds the second core). Above 1: torch for reports "
        "at that many threads; 0: torch at its own default (all cores).",
    )
    sentence_threads: int = Field(
        0,
        description="Threads of the sentence encoder (multilingual-e5-small). 0: one in "
        "`sitrep serve` (questions stay fast while it ingests), all cores on the command line, "
        "where the units of `sitrep ingest` embed in half the time.",
    )
    glossary: bool = Field(
        True, description="Match question terms across English, French and Spanish (glossary)."
    )
    top_k: int = Field(8, description="Fused chunks handed to the reader.")
