"""The library: embeds chunks, stores them in Chroma, keeps the BM25 index beside it, and answers
searches with typed hits."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable

from llama_index.core import VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import BaseNode, MetadataMode, QueryBundle, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.embedding import load_embedder
from index.glossary import ENTRIES, Glossary
from index.hits import Hit, SearchFilters, SearchResult, TableRows
from index.lexical import LexicalIndex, LexicalRetriever, Tokenizer
from index.records import ReportRecord, date_number
from index.retrieval import HybridRetriever, LiveVersionFilter, metadata_filters
from index.settings import IndexSettings
from index.store import Store
from ingest import Chunk, Report
from ingest.metadata import detect_language

log = logging.getLogger(__name__)

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


class Library:
    """The stored reports: add, list and remove them, and search their chunks."""

    def __init__(self, settings: IndexSettings, embedder: BaseEmbedding | None = None) -> None:
        self.settings = settings
        self.store = Store(settings)
        self._embedder = embedder
        self._tokenizer = Tokenizer()
        # Without the glossary setting, an empty glossary: every term is only itself.
        self.glossary = Glossary(self._tokenizer, ENTRIES if settings.glossary else [])
        self._lexical: tuple[str, LexicalIndex] | None = None
        self._lock = threading.Lock()
        self.vector_store = ChromaVectorStore(chroma_collection=self.store.chunks)

    @property
    def embedder(self) -> BaseEmbedding:
        if self._embedder is None:
            self._embedder = load_embedder(
                self.settings.embed_model, self.settings.embed_batch_size
            )
        return self._embedder

    # -- writing -------------------------------------------------------------------------------

    def add_report(
        self,
        report_id: str,
        report: Report,
        chunks: list[Chunk],
        aliases: list[str] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> ReportRecord:
        """Store a report version, then make it live in one registry write, then drop the old one."""
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
        for start in range(0, len(nodes), self.store.max_batch):
            self.vector_store.add(nodes[start : start + self.store.max_batch])
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
            aliases=aliases or [],
            warnings=report.warnings,
        )
        self.store.put_report(record)
        self.store.remove_versions(report_id, keep=version)
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
            id_=f"{report.content_hash[:24]}-{n:05d}",
            text=chunk.text,
            metadata=metadata,
            excluded_embed_metadata_keys=_NOT_EMBEDDED,
            excluded_llm_metadata_keys=_NOT_EMBEDDED,
        )

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
        lexical = self._lexical_index(live)
        dense = VectorStoreIndex.from_vector_store(
            self.vector_store, embed_model=self.embedder
        ).as_retriever(similarity_top_k=self.settings.dense_k, filters=metadata_filters(filters))
        keep = (lambda node: filters.accepts(node.metadata)) if filters.active else None
        retriever = HybridRetriever(
            [
                (dense, self.settings.dense_weight),
                (
                    LexicalRetriever(lexical, self.settings.lexical_k, keep),
                    self.settings.lexical_weight,
                ),
            ],
            top_k=top_k or self.settings.top_k,
            postprocessors=[LiveVersionFilter(live=live)],
        )
        found = retriever.retrieve(QueryBundle(query))
        hits = [
            Hit.from_metadata(
                h.node.node_id, h.node.get_content(), float(h.score or 0.0), h.node.metadata
            )
            for h in found
        ]
        return SearchResult(hits, lexical.terms)

    def page_texts(self, version: str, pages: list[int]) -> dict[int, str]:
        return self.store.page_texts(version, pages)

    @property
    def tokenizer(self) -> Tokenizer:
        return self._tokenizer

    def _lexical_index(self, live: dict[str, str]) -> LexicalIndex:
        """The BM25 index of the live chunks, rebuilt when the set of live versions changed."""
        fingerprint = hashlib.sha1(repr(sorted(live.items())).encode()).hexdigest()
        with self._lock:
            if self._lexical is None or self._lexical[0] != fingerprint:
                nodes = [
                    TextNode(id_=cid, text=text, metadata=meta)
                    for cid, text, meta in self.store.iter_chunks()
                    if live.get(str(meta.get("report_id"))) == meta.get("version")
                ]
                log.info("building the BM25 index over %d chunks", len(nodes))
                self._lexical = (
                    fingerprint,
                    LexicalIndex(
                        nodes,
                        self._tokenizer,
                        language_of=detect_language,
                        expand=self.glossary.expand,
                    ),
                )
            return self._lexical[1]
