"""Chroma, the single source of truth: chunks with embeddings, page texts, and the report registry.

Six collections share one client (local `PersistentClient` or a `chroma run` server):
- `<prefix>_chunks`: one record per chunk, its embedding, text and citation metadata;
- `<prefix>_pages`: the extracted text of every page, against which quotes are checked;
- `<prefix>_reports`: one record per report; its `version` (content hash) says which chunks and
  pages are live, so a changed report is swapped in by one write and never half present;
- `<prefix>_sentences`: every sentence, table row and column name of every chunk, embedded for
  the search by meaning (`index.meaning`);
- `<prefix>_terms`: one record per report version, the terms of its chunks counted for BM25
  (`index.lexical.Postings`), so that no process tokenizes stored chunks to build its index;
- `<prefix>_state`: one record whose stamp changes with every registry write, so that each
  process (several may share a Chroma server) keeps the registry in memory and reads it again
  only after a change, by any of them; and one record per report version being written, so that
  no process takes data still being written for the leftovers of an interrupted ingest.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from index.cache import LocalCache
from index.embedding import model_name
from index.records import ReportRecord
from index.settings import IndexSettings
from ingest.errors import ConfigError, StoreError

log = logging.getLogger(__name__)

# A local library's vector indexes (chunks, sentences) are saved after every write, not after
# every 1,000 (Chroma's default), so that every process loads the same index: see `Store.settle`.
# A Chroma server keeps the default: one process holds its indexes, and saving them costs time
# that questions asked during an upload would wait for.
_SAVE_EVERY = 1

_PLACEHOLDER: list[float] = [
    1.0
]  # registry and page records are looked up by id and metadata, never by vector


def make_client(settings: IndexSettings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(
            path=str(settings.data_dir / "chroma"), settings=chroma_settings
        )
    except Exception as exc:
        where = (
            f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else f"library folder {settings.data_dir}"
        )
        raise StoreError(f"cannot open {where}: {exc}") from exc


_REGISTRY = "registry"  # the id of the registry's stamp in the state collection
_REMOVALS = "registry-removals"  # the id of the stamp that changes when a report is removed
# A process that holds the registry reads again only the records written since the last one it
# read, less this margin (for clocks of writing machines that differ, and writes that land
# late): a new report then costs a read of a few records, not of every one (1.1-1.5 s at 14,000).
CHANGED_MARGIN_S = 600.0
_WRITING = "writing-"  # the id prefix of a version being written, in the state collection
LEFTOVER_GRACE_S = 3600.0  # a version marked as being written longer ago than this is abandoned


class Store:
    """Typed access to the collections; batches writes under Chroma's maximum batch size."""

    def __init__(self, settings: IndexSettings) -> None:
        self.client = make_client(settings)
        self._local = not settings.chroma_host
        prefix = settings.collection_prefix
        vector_index: dict[str, Any] = {"hnsw": {"space": "cosine"}}
        if self._local:
            vector_index["hnsw"]["sync_threshold"] = _SAVE_EVERY
        try:
            self.chunks = self.client.get_or_create_collection(
                f"{prefix}_chunks",
                embedding_function=None,
                metadata={"embed_model": model_name(settings.embed_model)},
                configuration=vector_index,  # type: ignore[arg-type]
            )
            self.pages = self.client.get_or_create_collection(
                f"{prefix}_pages", embedding_function=None
            )
            self.reports = self.client.get_or_create_collection(
                f"{prefix}_reports", embedding_function=None
            )
            self.sentences = self.client.get_or_create_collection(
                f"{prefix}_sentences",
                embedding_function=None,
                configuration=vector_index,  # type: ignore[arg-type]
            )
            self.words = self.client.get_or_create_collection(
                f"{prefix}_words",
                embedding_function=None,
                configuration=vector_index,  # type: ignore[arg-type]
            )
            self.terms = self.client.get_or_create_collection(
                f"{prefix}_terms", embedding_function=None
            )
            self.state = self.client.get_or_create_collection(
                f"{prefix}_state", embedding_function=None
            )
            self.max_batch = self.client.get_max_batch_size()
            if self._local:
                self._save_every_write()
        except Exception as exc:
            raise StoreError(f"cannot open the Chroma collections: {exc}") from exc
        built_with = (self.chunks.metadata or {}).get("embed_model", model_name(""))
        if built_with != model_name(settings.embed_model):
            raise ConfigError(
                f"this library was built with the embedding model {built_with!r}, not "
                f"{model_name(settings.embed_model)!r}: use another --data folder or the same model"
            )

        self.cache = LocalCache.beside(settings)
        self._registry: _Registry | None = self._saved_registry()
        if not self.registry_stamp():
            self._changed(removal=True)

    # -- the vector indexes -------------------------------------------------------------------

    def _save_every_write(self) -> None:
        """Bring a library written with Chroma's default (save the vector index every 1,000
        writes) to saving at every write, and save what it had not saved."""
        older = [
            col
            for col in (self.chunks, self.sentences, self.words)
            if (col.configuration_json or {}).get("hnsw", {}).get("sync_threshold") != _SAVE_EVERY
        ]
        for col in older:
            col.modify(configuration={"hnsw": {"sync_threshold": _SAVE_EVERY}})
        if older:
            self.settle()

    def settle(self) -> None:
        """Have Chroma put every write into the vector indexes now, and so save them whole.
        Chroma applies writes to a vector index when it is next searched, in parallel, in an
        order of its own; a write not yet saved is applied again by every process that opens
        the library, each in its own order, and two processes then rank the same question
        differently. One search of each index right after a write applies and saves it."""
        if not self._local:
            return
        for col in (self.chunks, self.sentences, self.words):
            got = col.get(limit=1, include=["embeddings"])
            vectors = got.get("embeddings")
            if vectors is not None and len(vectors):
                col.query(query_embeddings=vectors[:1], n_results=1, include=[])

    # -- registry ---------------------------------------------------------------------------

    def all_reports(self) -> list[ReportRecord]:
        """Every report, from memory while no process has changed the registry since it was
        read (one small read of the stamps instead of the whole registry). After a write, only
        the records written since are read again (`CHANGED_MARGIN_S`); after a removal, all.
        The records are the ones held in memory, not copies (copying 14,000 took 250 ms a
        question): change one through `dataclasses.replace` or a fresh `get_report`, never in
        place."""
        stamp, removals = self._stamps()  # before the registry: a later change changes them
        held = self._registry
        if held is not None and stamp and held.stamp == stamp:
            return list(held.records)
        if held is not None and stamp and held.removals == removals:
            since: Any = {"written": {"$gte": held.last_written - CHANGED_MARGIN_S}}
            got = self.reports.get(where=since, include=["metadatas"])
            read = _metadatas(got)
            changed = {rid for rid, meta in read.items() if held.raw.get(rid) != meta}
            self._registry = held.refreshed(stamp, {**held.raw, **read}, changed)
        else:
            self._registry = _Registry.of(
                stamp, removals, _metadatas(self.reports.get(include=["metadatas"]))
            )
        self.cache.write_json(
            _REGISTRY, {"stamp": stamp, "removals": removals, "records": self._registry.raw}
        )
        return list(self._registry.records)

    def _saved_registry(self) -> _Registry | None:
        """The registry as some process last read it, kept beside the library; `all_reports`
        uses it while its stamps are still the current ones (reading 14,000 records took 2 s)."""
        saved = self.cache.read_json(_REGISTRY)
        try:
            return _Registry.of(
                str(saved["stamp"]), str(saved.get("removals", "")), dict(saved["records"])
            )
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            if saved is not None:
                log.warning("skipped the saved registry (%s); it is read from Chroma", exc)
            return None

    def registry_stamp(self) -> str:
        return self._stamps()[0]

    def _stamps(self) -> tuple[str, str]:
        """The stamp every registry write changes, and the one every removal changes."""
        got = self.state.get(ids=[_REGISTRY, _REMOVALS], include=["metadatas"])
        stamps = {
            rid: str((m or {}).get("stamp", ""))
            for rid, m in zip(got["ids"], got["metadatas"] or [], strict=True)
        }
        return stamps.get(_REGISTRY, ""), stamps.get(_REMOVALS, "")

    def _changed(self, removal: bool = False) -> None:
        """New stamps, written after every registry write: every process reads it again."""
        ids = [_REGISTRY, _REMOVALS] if removal else [_REGISTRY]
        self.state.upsert(
            ids=ids,
            embeddings=[_PLACEHOLDER] * len(ids),  # type: ignore[arg-type]
            metadatas=[{"stamp": uuid.uuid4().hex} for _ in ids],
        )

    def get_report(self, report_id: str) -> ReportRecord | None:
        got = self.reports.get(ids=[report_id], include=["metadatas"])
        if not got["ids"]:
            return None
        return ReportRecord.from_metadata(report_id, dict((got["metadatas"] or [{}])[0]))

    def report_with_version(self, version: str) -> ReportRecord | None:
        got = self.reports.get(where={"version": version}, include=["metadatas"])
        if not got["ids"]:
            return None
        return ReportRecord.from_metadata(got["ids"][0], dict((got["metadatas"] or [{}])[0]))

    def put_report(self, record: ReportRecord) -> None:
        """One write that makes `record.version` the live version of the report."""
        self.reports.upsert(
            ids=[record.report_id],
            embeddings=[_PLACEHOLDER],  # type: ignore[arg-type]
            metadatas=[{**record.to_metadata(), "written": time.time()}],
        )
        self._changed()

    def delete_report(self, report_id: str) -> None:
        """Unlist the report first, so searches stop seeing it, then remove its data."""
        self.reports.delete(ids=[report_id])
        self._changed(removal=True)
        self.remove_versions(report_id, keep="")
        self.settle()

    def remove_versions(self, report_id: str, keep: str) -> None:
        """Delete the data (chunks, pages, sentences, terms) of `report_id` whose version is not
        `keep`."""
        where: dict[str, Any] = {"report_id": report_id}
        if keep:
            where = {"$and": [{"report_id": report_id}, {"version": {"$ne": keep}}]}
        for col in self._data():
            col.delete(where=where)

    # -- versions being written, and the leftovers of interrupted ones ------------------------

    def begin_version(self, version: str) -> None:
        """Mark `version` as being written (by this process), before any of its data is."""
        self.state.upsert(
            ids=[_WRITING + version[:24]],
            embeddings=[_PLACEHOLDER],  # type: ignore[arg-type]
            metadatas=[
                {"version": version, "since": time.time(), "host": _HOST, "pid": os.getpid()}
            ],
        )

    def end_version(self, version: str) -> None:
        self.state.delete(ids=[_WRITING + version[:24]])

    def remove_leftovers(self, grace_s: float = LEFTOVER_GRACE_S, everywhere: bool = True) -> int:
        """Delete chunks, pages, sentences and terms of versions that no report lists: what an
        ingest killed midway, a failed write or an interrupted delete left behind. Searches skip
        them already; this gives the space back. A version another process is still writing is
        kept (its mark is younger than `grace_s` and its process alive). Returns how many records
        were removed.

        A killed ingest leaves its version's mark: the marks alone (a few records) find its
        data. `everywhere` looks at every version's data too, for what left no mark (a failed
        write, an interrupted delete). A version's pages are written before the rest of its data
        and deleted after it, so every version with data left has its first page: only those are
        read (one record a version, not every sentence of the library)."""
        writing, abandoned = self._marks(grace_s)
        live = {r.version for r in self.all_reports()}
        found = set(abandoned.values()) - live
        if everywhere:
            firsts = self.pages.get(where={"page": 1}, include=["metadatas"])
            found |= {str((m or {}).get("version")) for m in firsts["metadatas"] or []} - live
        removed = 0
        if found:
            # Read again after the data: a version written since was marked before its first
            # record.
            keep = {r.version for r in self.all_reports()} | writing | self._marks(grace_s)[0]
            leftover = sorted(found - keep)
            for col in self._data() if leftover else []:
                where: Any = {"version": {"$in": leftover}}
                ids = col.get(where=where, include=[])["ids"]
                for start in range(0, len(ids), self.max_batch):
                    col.delete(ids=ids[start : start + self.max_batch])
                removed += len(ids)
            self.settle()
        if abandoned:  # last: a mark outlives its data until the data is gone
            self.state.delete(ids=list(abandoned))
        return removed

    def _data(self) -> list[Any]:
        """The collections of a version's data; pages last, the order they are deleted in."""
        return [self.chunks, self.sentences, self.terms, self.pages]

    def _marks(self, grace_s: float) -> tuple[set[str], dict[str, str]]:
        """The versions marked as being written, and the abandoned marks (by id, their version):
        marked longer ago than `grace_s`, or by a process of this machine that is gone."""
        got = self.state.get(include=["metadatas"])
        writing: set[str] = set()
        abandoned: dict[str, str] = {}
        for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            if not rid.startswith(_WRITING):
                continue
            mark: dict[str, Any] = dict(meta or {})
            gone = mark.get("host") == _HOST and not _alive(int(mark.get("pid", 0)))
            if gone or time.time() - float(mark.get("since", 0)) > grace_s:
                abandoned[rid] = str(mark.get("version", ""))
            else:
                writing.add(str(mark.get("version", "")))
        return writing, abandoned

    # -- data ---------------------------------------------------------------------------------

    def update_metadata(self, report_id: str, version: str, changes: dict[str, str | int]) -> None:
        """Set metadata fields on every chunk and sentence of one version of a report: the
        fields each record has (sentences keep the date as a number, not the title), both where
        Chroma filters on them and in the node that llama-index rebuilds a hit from."""
        where: Any = {"$and": [{"report_id": report_id}, {"version": version}]}
        for col in (self.chunks, self.sentences):
            got = col.get(where=where, include=["metadatas"])
            updated = [
                (rid, fields)
                for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
                if (fields := _updated(dict(meta or {}), changes))  # Chroma refuses an empty one
            ]
            ids, metas = [rid for rid, _ in updated], [fields for _, fields in updated]
            for start in range(0, len(ids), self.max_batch):
                end = start + self.max_batch
                col.update(ids=ids[start:end], metadatas=metas[start:end])  # type: ignore[arg-type]
        self.settle()

    def add_pages(self, report_id: str, version: str, pages: Sequence[str]) -> None:
        ids = [f"{version[:24]}-p{n}" for n in range(1, len(pages) + 1)]
        metas = [
            {"report_id": report_id, "version": version, "page": n}
            for n in range(1, len(pages) + 1)
        ]
        for start in range(0, len(ids), self.max_batch):
            end = start + self.max_batch
            self.pages.upsert(
                ids=ids[start:end],
                embeddings=[_PLACEHOLDER] * len(ids[start:end]),  # type: ignore[arg-type]
                documents=list(pages[start:end]),
                metadatas=metas[start:end],  # type: ignore[arg-type]
            )

    def page_texts(self, version: str, pages: Sequence[int]) -> dict[int, str]:
        ids = [f"{version[:24]}-p{n}" for n in pages]
        got = self.pages.get(ids=ids, include=["documents", "metadatas"])
        return {
            int(meta["page"]): doc or ""  # type: ignore[index,arg-type]
            for doc, meta in zip(got["documents"] or [], got["metadatas"] or [], strict=True)
        }

    def put_terms(self, terms: Sequence[tuple[str, str, str, str]]) -> None:
        """Store the terms of report versions' chunks, each as (report id, version, the title
        they were counted with, postings), in as few writes as Chroma allows."""
        for start in range(0, len(terms), self.max_batch):
            batch = terms[start : start + self.max_batch]
            self.terms.upsert(
                ids=[version[:24] for _, version, _, _ in batch],
                embeddings=[_PLACEHOLDER] * len(batch),  # type: ignore[arg-type]
                documents=[postings for *_, postings in batch],
                metadatas=[
                    {"report_id": report_id, "version": version, "title": title}
                    for report_id, version, title, _ in batch
                ],
            )

    def get_terms(self, versions: Sequence[str], batch: int = 200) -> dict[str, tuple[str, str]]:
        """The stored terms of these versions: version -> (the title they were counted with,
        the postings); a version without them is absent."""
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(versions), batch):
            ids = [v[:24] for v in versions[start : start + batch]]
            got = self.terms.get(ids=ids, include=["documents", "metadatas"])
            for doc, meta in zip(got["documents"] or [], got["metadatas"] or [], strict=True):
                found[str((meta or {}).get("version"))] = (
                    str((meta or {}).get("title", "")),
                    doc or "",
                )
        return found

    def versions_chunks(self, versions: Sequence[str]) -> dict[str, Any]:
        """Ids, texts and metadata of these versions' chunks, as Chroma returns them."""
        where: Any = {"version": {"$in": list(versions)}}
        return dict(self.chunks.get(where=where, include=["documents", "metadatas"]))

    def chunks_by_id(self, ids: Sequence[str], embeddings: bool = False) -> dict[str, Any]:
        """Texts and metadata (and with `embeddings`, vectors) of these chunks, as Chroma
        returns them; those it does not hold are left out."""
        if not ids:  # Chroma refuses an empty list of ids
            return {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        include: Any = ["documents", "metadatas"] + (["embeddings"] if embeddings else [])
        return dict(self.chunks.get(ids=list(ids), include=include))


_HOST = socket.gethostname()


@dataclass(frozen=True)
class _Registry:
    """The registry as read: its stamps, each record's stored metadata, the records in date
    order, and the latest time a record was written (by the writer's clock)."""

    stamp: str
    removals: str
    raw: dict[str, dict[str, Any]]
    by_id: dict[str, ReportRecord]
    records: list[ReportRecord]
    last_written: float

    @classmethod
    def of(cls, stamp: str, removals: str, raw: dict[str, dict[str, Any]]) -> _Registry:
        by_id = {rid: ReportRecord.from_metadata(rid, meta) for rid, meta in raw.items()}
        return cls._with(stamp, removals, raw, by_id)

    def refreshed(self, stamp: str, raw: dict[str, dict[str, Any]], changed: set[str]) -> _Registry:
        """The same registry with the `changed` records read again; the others stay the same
        objects (the lexical index knows an unchanged registry by them)."""
        by_id = dict(self.by_id)
        by_id.update({rid: ReportRecord.from_metadata(rid, raw[rid]) for rid in changed})
        return self._with(stamp, self.removals, raw, by_id)

    @classmethod
    def _with(
        cls,
        stamp: str,
        removals: str,
        raw: dict[str, dict[str, Any]],
        by_id: dict[str, ReportRecord],
    ) -> _Registry:
        records = sorted(by_id.values(), key=lambda r: (r.date or "9999", r.file))
        written = max((float(m.get("written", 0.0)) for m in raw.values()), default=0.0)
        return cls(stamp, removals, raw, by_id, records, written)


def _metadatas(got: Any) -> dict[str, dict[str, Any]]:
    """Chroma's answer to a `get` as each record's metadata, by id."""
    return {
        rid: dict(meta or {}) for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
    }


def _alive(pid: int) -> bool:
    """Whether a process of this machine is running (signal 0 checks without sending one)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # running, under another user
    return True


def _updated(meta: dict[str, Any], changes: dict[str, str | int]) -> dict[str, Any]:
    """The fields of `changes` that a stored record has, with their new values."""
    fields: dict[str, Any] = {k: v for k, v in changes.items() if k in meta}
    if "_node_content" in meta:  # llama-index's copy of the node, metadata included
        node = json.loads(str(meta["_node_content"]))
        node["metadata"].update({k: v for k, v in changes.items() if k in node["metadata"]})
        fields["_node_content"] = json.dumps(node)
    return fields
