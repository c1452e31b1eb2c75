"""The library: embeds chunks, stores them in Chroma, keeps the BM25 index beside it, and answers
searches with typed hits."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import BaseNode, MetadataMode, NodeWithScore, QueryBundle, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.embedding import load_embedder
from index.gazetteer import Gazetteer
from index.glossary import Glossary
from index.hits import Hit, SearchFilters, SearchResult, TableRows
from index.lexical import LexicalIndex, LexicalRetriever, Postings, Shard, Tokenizer, searchable
from index.meaning import E5_NAME, SentenceEncoder, SentenceIndex, chunk_units, sentence_where
from index.records import ReportRecord, date_number
from index.retrieval import (
    HybridRetriever,
    LiveVersionFilter,
    MeaningRetriever,
    RankedRetriever,
    metadata_filters,
)
from index.settings import IndexSettings
from index.store import Store
from index.words import WordIndex
from ingest import Chunk, Report
from ingest.metadata import detect_language

log = logging.getLogger(__name__)

_KEPT_QUERIES = 16  # questions whose embeddings are kept
_LEXICAL = "lexical"  # the saved BM25 index's name in the library's cache
_UNIT_BATCH = 64  # units embedded per call of the sentence encoder
# A search within reports holding at most this many chunks reads them by id and ranks them here:
# Chroma's filtered queries read its metadata first, which grows with the whole library (0.5 s
# for one report's sentences among 676k).
_SCOPE_BY_ID = 200
# What each unit record keeps of its chunk's metadata: enough to filter and to find its chunk.
_UNIT_META = ["report_id", "version", "date_num", "language", "kind", "page"]

# Metadata that is stored for citations but not written into the text that is embedded.
_NOT_EMBEDDED = [
    "report_id",
    "version",
    "file",
    "page",
    "page_end",
    "kind",
    "date_num",
    "language",
    "publisher",
    "report_number",
    "table",
]


EDITABLE = ("title", "date", "publisher")  # what a user may correct of a report's metadata


class Library:
    """The stored reports: add, list and remove them, and search their chunks."""

    def __init__(
        self,
        settings: IndexSettings,
        embedder: BaseEmbedding | None = None,
        encoder: SentenceEncoder | None = None,
    ) -> None:
        self.settings = settings
        self.store = Store(settings)
        self._embedder = embedder
        self._tokenizer = Tokenizer()
        # Without the glossary setting, an empty glossary: every term is only itself.
        self.glossary = (
            Glossary(self._tokenizer)
            if settings.glossary
            else Glossary(self._tokenizer, [], places=[])
        )
        self.gazetteer = Gazetteer(self._tokenizer)  # read on first use
        self._lexical: LexicalIndex | None = None
        self._lexical_records: list[ReportRecord] = []  # the registry it was last brought up to
        self._lock = threading.Lock()
        self.vector_store = ChromaVectorStore(chroma_collection=self.store.chunks)
        self.sentences = SentenceIndex(self.store.sentences, self.store.max_batch)
        self.words = WordIndex(self.store.words, self.store.max_batch)
        self._encoder = encoder
        # The last questions' embeddings: a comparison or a series searches one question in
        # many reports, and embedding it is most of a search's own time.
        self._query_vectors: dict[str, tuple[list[float], np.ndarray | None]] = {}
        self._vectors_lock = threading.Lock()

    @property
    def embedder(self) -> BaseEmbedding:
        if self._embedder is None:
            self._embedder = load_embedder(
                self.settings.embed_model,
                self.settings.embed_batch_size,
                self.settings.torch_threads,
            )
        return self._embedder

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            self._encoder = SentenceEncoder(self.settings.sentence_threads)
        return self._encoder

    def warm(self) -> None:
        """Load the models that reports are embedded with (torch's import alone takes seconds
        on the command line), so that ingest loads them while its first file is parsed."""
        load = getattr(self.embedder, "load", None)
        if callable(load):
            load()
        if self.settings.meaning:
            _ = self.encoder

    # -- writing -------------------------------------------------------------------------------

    def add_report(
        self,
        report_id: str,
        report: Report,
        chunks: list[Chunk],
        aliases: list[str] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        edited: dict[str, str] | None = None,
    ) -> ReportRecord:
        """Store a report version, then make it live in one registry write, then drop the old one.
        `edited` holds the fields a user corrected in the earlier version: they still hold.
        The version is marked as being written meanwhile, so that no process (this one after a
        failure, or another on a shared server) removes its data as leftovers too early."""
        if edited:
            corrected: dict[str, Any] = dict(edited)  # text fields: title, date, publisher
            report = dataclasses.replace(report, meta=dataclasses.replace(report.meta, **corrected))
        self.store.begin_version(report.content_hash)
        try:
            return self._add_report(
                report_id, report, chunks, aliases or [], on_progress, dict(edited or {})
            )
        finally:
            self.store.end_version(report.content_hash)

    def _add_report(
        self,
        report_id: str,
        report: Report,
        chunks: list[Chunk],
        aliases: list[str],
        on_progress: Callable[[int, int], None] | None,
        edited: dict[str, str],
    ) -> ReportRecord:
        meta = report.meta
        version = report.content_hash
        nodes: list[BaseNode] = [
            self._node(report_id, report, chunk, n) for n, chunk in enumerate(chunks)
        ]
        texts = [node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes]
        batch = max(1, self.settings.embed_batch_size * 4)
        for start in range(0, len(nodes), batch):
            vectors = self.embedder.get_text_embedding_batch(texts[start : start + batch])
            for node, vector in zip(nodes[start : start + batch], vectors, strict=True):
                node.embedding = vector
            if on_progress:
                on_progress(min(start + batch, len(nodes)), len(nodes))
        self.store.add_pages(report_id, version, report.pages)
        terms = Postings.of(
            [
                (n.node_id, searchable(meta.title, c.section, c.text))
                for n, c in zip(nodes, chunks, strict=True)
            ],
            meta.language,
            self._tokenizer,
        )
        self.store.put_terms([(report_id, version, meta.title, terms.to_text())])
        for start in range(0, len(nodes), self.store.max_batch):
            self.vector_store.add(nodes[start : start + self.store.max_batch])
        if self.settings.meaning:
            self._index_meaning([(n.node_id, n.get_content(), n.metadata) for n in nodes])
            self._index_words(meta.title, meta.language, [c.text for c in chunks])
        record = ReportRecord(
            report_id=report_id,
            file=report.file,
            version=version,
            title=meta.title,
            date=meta.date,
            language=meta.language,
            publisher=meta.publisher,
            report_number=meta.report_number,
            pages=len(report.pages),
            chunks=len(nodes),
            aliases=aliases,
            warnings=report.warnings,
            ocr_pages=report.ocr_pages,
            inferred_title=report.inferred_title,
            latest_date=report.latest_date,
            edited=edited,
            meaning_model=E5_NAME if self.settings.meaning else "",
            example=meta.example,
        )
        self.store.put_report(record)
        self.store.remove_versions(report_id, keep=version)
        self.store.settle()
        return record

    def _node(self, report_id: str, report: Report, chunk: Chunk, n: int) -> TextNode:
        meta = report.meta
        metadata = {
            "report_id": report_id,
            "version": report.content_hash,
            "file": report.file,
            "title": meta.title,
            "date": meta.date,
            "date_num": date_number(meta.date),
            "language": meta.language,
            "publisher": meta.publisher,
            "report_number": meta.report_number,
            "section": chunk.section,
            "page": chunk.page_start,
            "page_end": chunk.page_end,
            "kind": chunk.kind,
        }
        if chunk.kind == "table":
            metadata["table"] = TableRows(
                chunk.table_header, chunk.table_rows, chunk.table_caption
            ).to_json()
        return TextNode(
            id_=chunk_id(report.content_hash, n),
            text=chunk.text,
            metadata=metadata,
            excluded_embed_metadata_keys=_NOT_EMBEDDED,
            excluded_llm_metadata_keys=_NOT_EMBEDDED,
        )

    def _index_meaning(self, chunks: list[tuple[str, str, dict[str, Any]]]) -> int:
        """Embed the units of the chunks (id, text, metadata), a batch of units per call of the
        encoder, then store them all at once; returns how many."""
        rows = [
            (chunk_id, {k: meta[k] for k in _UNIT_META if k in meta}, chunk_units(text, meta))
            for chunk_id, text, meta in chunks
        ]
        texts = [u.text for _, _, units in rows for u in units]
        if not texts:
            return 0
        vectors = np.concatenate(
            [
                self.sentences.vectors(texts[start : start + _UNIT_BATCH], self.encoder)
                for start in range(0, len(texts), _UNIT_BATCH)
            ]
        )
        self.sentences.add(rows, vectors)
        return len(texts)

    def index_meaning(self, on_report: Callable[[int, int], None] | None = None) -> int:
        """Give the reports stored before the search by meaning existed their sentence index,
        and a library stored before words were indexed its words; returns how many reports
        were indexed."""
        if not self.settings.meaning:
            return 0
        if not self.store.words.count() and self.store.chunks.count():
            log.info("indexing the words of the stored reports by meaning (once)")
            for record in self.reports():
                got = self.store.versions_chunks([record.version])
                self._index_words(record.title, record.language, got["documents"] or [])
            self.store.settle()
        pending = [r for r in self.reports() if r.meaning_model != E5_NAME]
        for number, record in enumerate(pending, start=1):
            got = self.store.versions_chunks([record.version])
            chunks = [
                (cid, doc or "", dict(meta or {}))
                for cid, doc, meta in zip(
                    got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
                )
            ]
            self.store.sentences.delete(where={"report_id": record.report_id})
            self._index_meaning(chunks)
            self.store.put_report(dataclasses.replace(record, meaning_model=E5_NAME))
            self.store.settle()
            if on_report:
                on_report(number, len(pending))
        return len(pending)

    def _index_words(self, title: str, language: str, texts: list[str]) -> None:
        """The words of a report's title and chunks that the library does not hold yet."""
        self.words.add(
            [(title, language)] + [(text or "", language) for text in texts],
            self._tokenizer,
            self.encoder,
        )

    def translations(self, words: list[str]) -> dict[str, set[str]]:
        """The stems of the library's words that mean what each of `words` does, in any
        language (`WordIndex.similar`); none without the search by meaning."""
        if not self.settings.meaning or self.settings.word_similarity > 1.0:
            return {}
        return self.words.similar(words, self.encoder, self.settings.word_similarity)

    def edit_report(self, report_id: str, changes: dict[str, str]) -> ReportRecord:
        """Correct a report's title, date or publisher (`EDITABLE`): in the registry, where the
        corrections are kept for the report's next versions too, and in the metadata of its
        chunks and sentences, so that citations and date filters use them at once. The
        embeddings stay as they were computed."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        record = self.store.get_report(report_id)
        if record is None:
            raise KeyError(report_id)
        for name, value in changes.items():
            setattr(record, name, value)
        record.edited = {**record.edited, **changes}
        stored: dict[str, str | int] = dict(changes)
        if "date" in changes:
            stored["date_num"] = date_number(changes["date"])
        self.store.update_metadata(report_id, record.version, stored)
        if "title" in changes:  # a report's title is searchable: its terms are counted again
            terms = self._count_terms([record])[record.version]
            self.store.put_terms([(report_id, record.version, record.title, terms.to_text())])
        self.store.put_report(record)
        return record

    def delete(self, report_id: str) -> None:
        self.store.delete_report(report_id)

    def reports(self) -> list[ReportRecord]:
        return self.store.all_reports()

    # -- searching -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        top_k: int | None = None,
        records: list[ReportRecord] | None = None,
    ) -> SearchResult:
        """The `top_k` chunks that best match `query`, dense and lexical rankings fused, with the
        term statistics of the lexical index they were found in.

        `records` is the registry as the caller just read it; without it, it is read here."""
        filters = filters or SearchFilters()
        records = self.store.all_reports() if records is None else records
        live = {r.report_id: r.version for r in records}
        if not live:
            return SearchResult([])
        lexical = self._lexical_index(records)
        dense_vector, vector = self._vectors(query)
        scope = _scope_ids(filters, records)
        similarity: dict[str, dict[str, float]] = {}
        if scope is None:
            dense: BaseRetriever = VectorStoreIndex.from_vector_store(
                self.vector_store, embed_model=self.embedder
            ).as_retriever(
                similarity_top_k=self.settings.dense_k, filters=metadata_filters(filters)
            )
            meaning: BaseRetriever | None = (
                MeaningRetriever(
                    self.sentences,
                    self._chunk_nodes,
                    vector,
                    sentence_where(filters),
                    live,
                    self.settings.meaning_k,
                )
                if vector is not None
                else None
            )
        else:
            dense, meaning, similarity = self._scope_rankings(scope, dense_vector, vector)
        rankings: list[tuple[str, BaseRetriever, float]] = [
            ("dense", dense, self.settings.dense_weight),
            (
                "lexical",
                LexicalRetriever(lexical, self._chunk_nodes, self.settings.lexical_k, filters),
                self.settings.lexical_weight,
            ),
        ]
        if meaning is not None:
            rankings.append(("meaning", meaning, self.settings.meaning_weight))
        retriever = HybridRetriever(
            rankings,
            top_k=top_k or self.settings.top_k,
            postprocessors=[LiveVersionFilter(live=live)],
        )
        found = retriever.retrieve(QueryBundle(query, embedding=dense_vector))
        unscored = [h for h in found if h.node.node_id not in similarity]
        if vector is not None and unscored:
            similarity |= self.sentences.similarities(
                vector, [(h.node.node_id, h.node.get_content(), h.node.metadata) for h in unscored]
            )
        hits = [
            Hit.from_metadata(
                h.node.node_id,
                h.node.get_content(),
                float(h.score or 0.0),
                h.node.metadata,
                similarity.get(h.node.node_id, {}),
                retriever.ranks.get(h.node.node_id, {}),
            )
            for h in found
        ]
        return SearchResult(hits, lexical.terms)

    def _scope_rankings(
        self, ids: list[str], dense_vector: list[float], vector: np.ndarray | None
    ) -> tuple[BaseRetriever, BaseRetriever | None, dict[str, dict[str, float]]]:
        """The dense and meaning rankings of a few reports' chunks, read by id and scored here,
        and each chunk's units' similarities (the meaning ranking's and the hits' features)."""
        got = self.store.chunks_by_id(ids, embeddings=True)
        nodes = [
            TextNode(id_=cid, text=doc or "", metadata=dict(meta or {}))
            for cid, doc, meta in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
            )
        ]
        if not nodes:
            return RankedRetriever([]), RankedRetriever([]), {}
        chunk_vectors = np.asarray(got["embeddings"], dtype=np.float32)
        norms = np.linalg.norm(chunk_vectors, axis=1) * np.linalg.norm(dense_vector)
        cosine = (
            chunk_vectors @ np.asarray(dense_vector, dtype=np.float32) / np.maximum(norms, 1e-9)
        )
        dense = _ranked(nodes, cosine, self.settings.dense_k)
        if vector is None:
            return RankedRetriever(dense), None, {}
        similarity = self.sentences.similarities(
            vector, [(n.node_id, n.get_content(), n.metadata) for n in nodes]
        )
        # As the sentence index ranks them: the chunks of the `meaning_k` nearest units, each
        # at its best unit.
        units = sorted(
            (
                (score, n)
                for n, node in enumerate(nodes)
                for score in similarity.get(node.node_id, {}).values()
            ),
            key=lambda pair: -pair[0],
        )[: self.settings.meaning_k]
        best: dict[int, float] = {}
        for score, n in units:
            best.setdefault(n, score)
        meaning = [NodeWithScore(node=nodes[n], score=score) for n, score in best.items()]
        return RankedRetriever(dense), RankedRetriever(meaning), similarity

    def _vectors(self, query: str) -> tuple[list[float], np.ndarray | None]:
        """The query's embedding for the chunks and, with the search by meaning, for the
        sentences; the last few questions' are kept."""
        kept = self._query_vectors.get(query)
        if kept is None:
            kept = (
                self.embedder.get_query_embedding(query),
                self.encoder.query(query) if self.settings.meaning else None,
            )
            with self._vectors_lock:
                while len(self._query_vectors) >= _KEPT_QUERIES:
                    self._query_vectors.pop(next(iter(self._query_vectors)))
                self._query_vectors[query] = kept
        return kept

    def meaning_vector(self, text: str) -> np.ndarray | None:
        """A question's vector by meaning, as the search by meaning embeds it (kept for the
        last few questions searched); None where the library searches without meaning."""
        if not self.settings.meaning:
            return None
        kept = self._query_vectors.get(text)
        return kept[1] if kept is not None else self.encoder.query(text)

    def report_chunks(self, report_id: str) -> list[Hit]:
        """Every chunk of a report's live version, in reading order, as hits of score 0."""
        record = self.store.get_report(report_id)
        if record is None:
            return []
        got = self.store.versions_chunks([record.version])
        rows = sorted(zip(got["ids"], got["documents"], got["metadatas"], strict=True))
        return [Hit.from_metadata(cid, text, 0.0, meta) for cid, text, meta in rows]

    def page_texts(self, version: str, pages: list[int]) -> dict[int, str]:
        return self.store.page_texts(version, pages)

    @property
    def tokenizer(self) -> Tokenizer:
        return self._tokenizer

    def _lexical_index(self, records: list[ReportRecord]) -> LexicalIndex:
        """The BM25 index of the live report versions. What changed since the last search (by
        any process: `records` is the registry as just read) is applied to it: new versions'
        terms are read in, dropped versions dropped, a changed date or title taken."""
        with self._lock:
            seen = self._lexical_records
            if (
                self._lexical is not None
                and len(seen) == len(records)
                and all(a is b for a, b in zip(seen, records, strict=True))
            ):
                return self._lexical  # the registry's same records (held in memory)
            index = self._lexical or self._saved_lexical_index()
            live = {r.version: r for r in records}
            changed = [
                v
                for v, (shard, _) in index.shards.items()
                if v not in live or (shard.title, shard.day) != _title_day(live[v])
            ]
            wanted = [r for r in records if r.version not in index.shards or r.version in changed]
            if self._lexical is None or changed or wanted:
                self._lexical = index.updated(self._shards(wanted, index), remove=changed)
                if changed or wanted:
                    self.store.cache.write_arrays(_LEXICAL, self._lexical.arrays)
            self._lexical_records = list(records)
            return self._lexical

    def _saved_lexical_index(self) -> LexicalIndex:
        """The BM25 index as a process last saved it beside the library (an empty one when none
        was): reading its arrays takes a fraction of reading every report's terms from Chroma
        and building it (at 105k chunks, 1.9 and 1.4 s)."""
        empty = LexicalIndex(
            self._tokenizer, language_of=detect_language, expand=self.glossary.expand
        )
        arrays = self.store.cache.read_arrays(_LEXICAL)
        if arrays is None:
            return empty
        try:
            return empty.from_arrays(arrays)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("skipped the saved lexical index (%s); it is built again", exc)
            return empty

    def _shards(self, records: list[ReportRecord], index: LexicalIndex) -> list[Shard]:
        """The lexical shards of these report versions: terms kept in memory while the title
        they were counted with holds, else read from the store, else counted from the stored
        chunks once (a library written before terms were stored) and stored."""
        titles = {r.version: r.title for r in records}
        held = {
            v: s.postings
            for v, (s, _) in index.shards.items()
            if titles.get(v) == s.title and s.postings is not None
        }
        stored = self.store.get_terms([r.version for r in records if r.version not in held])
        for record in records:
            title, text = stored.get(record.version, ("", ""))
            if record.version not in held and text and title == record.title:
                postings = Postings.from_text(text)  # None if stored in an older layout
                if postings is not None:
                    held[record.version] = postings
        missing = [r for r in records if r.version not in held]
        held.update(self._count_terms(missing))
        counted = [(r.report_id, r.version, r.title, held[r.version].to_text()) for r in missing]
        shards = [
            Shard(r.report_id, r.version, r.title, date_number(r.date), r.language, held[r.version])
            for r in records
        ]
        if counted:
            self.store.put_terms(counted)
            log.info("counted the terms of %d report versions stored without them", len(counted))
        return shards

    def _count_terms(self, records: list[ReportRecord], batch: int = 100) -> dict[str, Postings]:
        """The terms of stored report versions, counted from their chunks (read a batch of
        versions at a time): version -> postings."""
        counted: dict[str, Postings] = {}
        for start in range(0, len(records), batch):
            some = {r.version: r for r in records[start : start + batch]}
            texts: dict[str, list[tuple[str, str]]] = {v: [] for v in some}
            got = self.store.versions_chunks(list(some))
            for cid, doc, meta in sorted(
                zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
            ):
                record = some[str((meta or {}).get("version"))]
                section = str((meta or {}).get("section", ""))
                texts[record.version].append((cid, searchable(record.title, section, doc or "")))
            for version, chunks in texts.items():
                counted[version] = Postings.of(chunks, some[version].language, self._tokenizer)
        return counted

    def _chunk_nodes(self, ids: list[str]) -> dict[str, TextNode]:
        """Stored chunks by id, as the nodes a lexical search returns."""
        got = self.store.chunks_by_id(ids)
        return {
            cid: TextNode(id_=cid, text=doc or "", metadata=dict(meta or {}))
            for cid, doc, meta in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
            )
        }


def _scope_ids(filters: SearchFilters, records: list[ReportRecord]) -> list[str] | None:
    """The ids of the chunks a search limited to some reports may find (their live versions,
    within its dates and language), when they are few enough to read by id; else None."""
    if not filters.reports:
        return None
    wanted = set(filters.reports)
    low, high = date_number(filters.date_from), date_number(filters.date_to)
    scoped = [
        r
        for r in records
        if r.report_id in wanted
        and (not filters.date_from or date_number(r.date) >= low)
        and (not filters.date_to or date_number(r.date) <= high)
        and (not filters.language or r.language == filters.language)
    ]
    if any(r.chunks <= 0 for r in scoped) or sum(r.chunks for r in scoped) > _SCOPE_BY_ID:
        return None
    return [chunk_id(r.version, n) for r in scoped for n in range(r.chunks)]


def chunk_id(version: str, n: int) -> str:
    """The id of a version's `n`-th chunk (0-based)."""
    return f"{version[:24]}-{n:05d}"


def _ranked(nodes: list[TextNode], scores: np.ndarray, k: int) -> list[NodeWithScore]:
    order = np.argsort(-scores, kind="stable")[:k]
    return [NodeWithScore(node=nodes[i], score=float(scores[i])) for i in order]


def _title_day(record: ReportRecord) -> tuple[str, int]:
    return record.title, date_number(record.date)
