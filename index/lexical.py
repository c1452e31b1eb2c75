"""BM25 over the stored chunks, as a llama-index retriever, kept up to date without rebuilding.

Local Chroma has no sparse index, so the terms of every report version are counted once at ingest
(`Postings`) and stored in Chroma beside its chunks. Each process holds one index over the live
versions and, when the registry changes (by any process), adds the new versions' postings and
drops the old ones: start-up reads postings rather than tokenizing every chunk (or, faster, the
index's arrays as a process saved them beside the library: `index.cache`), and a new report
costs the index its own terms only. BM25 statistics (document frequencies, mean length) are
computed at query time over the live chunks, so they stay exact as reports come and go.

Tokens are accent-folded, numbers lose their thousands separators (`2,700`, `2 700` and `2700`
match), and each text is stemmed in its own language.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_FRENCH, STOPWORDS_SPANISH
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.hits import SearchFilters, TermStats
from index.records import date_number

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import

_STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}
LANGUAGES = tuple(_STEMMERS)
_STOP = (*STOPWORDS_EN, *STOPWORDS_FRENCH, *STOPWORDS_SPANISH)
STOPWORDS = frozenset(w.lower() for w in _STOP)  # English, French and Spanish function words
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})(?:[ ,.\u00a0\u202f](\d{3}))+(?![\d])")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+")
K1, B = 1.5, 0.75  # BM25's term saturation and length normalisation (Lucene's defaults)
_EMPTY = "_"  # the one token of a chunk that has none, so that it has a length
_FORMAT = "postings-1:"  # the layout of stored postings; another one is counted again
_INDEX_FORMAT = "index-1/" + _FORMAT  # the layout of a saved index (`LexicalIndex.arrays`)
_CACHED_TEXTS = 16384  # texts a tokenizer keeps the tokens of: evidence's words, sentences, chunks
_COMPACT_SHARE = 0.25  # dropped chunks, as a share of the live ones, that make the index compact


def fold(text: str) -> str:
    """Lower case without accents (`Confirmés` -> `confirmes`), as words are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _join_thousands(text: str) -> str:
    return _THOUSANDS.sub(lambda m: re.sub(r"\D", "", m.group(0)), text)


class Tokenizer:
    """Language-aware tokens for BM25; the same function serves documents and queries."""

    def __init__(self) -> None:
        self._stemmers = {lang: Stemmer.Stemmer(name) for lang, name in _STEMMERS.items()}
        self._stop = {fold(w) for w in _STOP}
        # Reading a question tokenizes the same words and passages again and again.
        self._cached = functools.lru_cache(maxsize=_CACHED_TEXTS)(self._tokens)

    def __call__(self, text: str, language: str = "en") -> list[str]:
        return list(self._cached(text, language))

    def once(self, text: str, language: str = "en") -> list[str]:
        """The tokens of a text read only once (a chunk at ingest), not kept."""
        return list(self._tokens(text, language))

    def _tokens(self, text: str, language: str) -> tuple[str, ...]:
        stemmer = self._stemmers.get(language, self._stemmers["en"])
        tokens = [t.replace(",", ".") for t in _TOKEN.findall(fold(_join_thousands(text)))]
        words = [t for t in tokens if t not in self._stop and (len(t) > 1 or t.isdigit())]
        return tuple(w if w[0].isdigit() else stemmer.stemWord(w) for w in words)

    def forms(self, text: str, language: str = "en") -> dict[str, set[str]]:
        """Each stem of `text` in `language`, with the same word's stems in the other languages:
        an English question's `ituri` and `ebola` must meet a French report's `itur` and `ebol`."""
        out: dict[str, set[str]] = {}
        for word in _TOKEN.findall(text):
            keys = self(word, language)
            if len(keys) != 1:
                continue
            group = out.setdefault(keys[0], {keys[0]})
            for other in LANGUAGES:
                stems = self(word, other)
                if len(stems) == 1:
                    group.add(stems[0])
        return out


class Postings:
    """The terms of one report version's chunks, counted once at ingest and stored in Chroma
    beside its chunks: no process tokenizes a stored chunk again, and every process (several may
    share a Chroma server) builds its index from these instead of from the chunks' text.

    Terms are kept as 32-bit keys of their stems (`term_key`), each with its count in the chunk."""

    def __init__(
        self,
        chunk_ids: list[str],
        lengths: np.ndarray,
        starts: np.ndarray,
        keys: np.ndarray,
        counts: np.ndarray,
    ) -> None:
        self.chunk_ids = chunk_ids
        self.lengths = lengths.astype(np.int32, copy=False)  # tokens a chunk, as BM25 counts
        self.starts = starts.astype(np.int64, copy=False)  # chunk i: keys[starts[i]:starts[i+1]]
        self.keys = keys.astype(np.uint32, copy=False)
        self.counts = counts.astype(np.uint8, copy=False)

    @classmethod
    def of(cls, chunks: list[tuple[str, str]], language: str, tokenizer: Tokenizer) -> Postings:
        """The postings of chunks given as (id, searchable text) in one language."""
        lengths, starts, keys, counts = [], [0], [], []
        for _, text in chunks:
            tokens = tokenizer.once(text, language) or [_EMPTY]
            lengths.append(len(tokens))
            for token, count in Counter(tokens).items():
                keys.append(term_key(token))
                counts.append(min(count, 255))
            starts.append(len(keys))
        return cls(
            [cid for cid, _ in chunks],
            np.array(lengths),
            np.array(starts),
            np.array(keys, dtype=np.uint32),
            np.array(counts),
        )

    def to_text(self) -> str:
        """The postings as one string, as Chroma stores a document: a header of three counts,
        then each array's bytes, then the chunk ids (a layout read back without parsing)."""
        ids = "\n".join(self.chunk_ids).encode()
        header = np.array([len(self.chunk_ids), len(self.keys), len(ids)], dtype=np.uint32)
        parts: list[np.ndarray] = [
            header,
            self.lengths,
            self.starts.astype(np.uint32),
            self.keys,
            self.counts,
        ]
        body = base64.b64encode(b"".join(a.tobytes() for a in parts) + ids).decode("ascii")
        return _FORMAT + body

    @classmethod
    def from_text(cls, text: str) -> Postings | None:
        """The postings stored as `text`; None for another layout (they are counted again)."""
        if not text.startswith(_FORMAT):
            return None
        data = base64.b64decode(text[len(_FORMAT) :])
        chunks, terms, ids_size = (int(v) for v in np.frombuffer(data, np.uint32, 3))
        at = 12
        arrays = []
        for dtype, count in (
            (np.int32, chunks),
            (np.uint32, chunks + 1),
            (np.uint32, terms),
            (np.uint8, terms),
        ):
            arrays.append(np.frombuffer(data, dtype, count, at))
            at += np.dtype(dtype).itemsize * count
        ids = data[at : at + ids_size].decode()
        return cls(ids.split("\n") if chunks else [], *arrays)


def _bytes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode(), dtype=np.uint8)


def _text(array: np.ndarray) -> str:
    return bytes(array.astype(np.uint8, copy=False)).decode()


def term_key(token: str) -> int:
    """A stable 32-bit key of a token (the same in every process, unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little")


def searchable(title: str, section: str, text: str) -> str:
    """What BM25 reads of a chunk: its report's title and its section name count as its words."""
    return f"{title}\n{section}\n{text}"


@dataclass(frozen=True)
class Shard:
    """One live report version's postings, with what filters need of its report."""

    report_id: str
    version: str
    title: str  # the title its postings were counted with (the title is searchable)
    day: int  # its report's date as `date_number`; 0 when unknown
    language: str
    postings: Postings | None  # None when the index was read from its saved arrays


class LexicalIndex:
    """BM25 over the chunks of some report versions, and the term statistics a reader weighs
    evidence by. Immutable: `updated` returns a new index, so a search in progress keeps the one
    it started with while an ingest replaces it."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        language_of: Callable[[str], str] = lambda _q: "en",
        expand: Callable[[list[str]], list[str]] = lambda stems: stems,
    ) -> None:
        self._tokenize = tokenizer
        self._language_of = language_of
        self._expand = expand
        # version -> (shard, its position): chunks know their version by its position.
        self.shards: dict[str, tuple[Shard, int]] = {}
        self.positions = 0  # given so far; a dropped version keeps its own until compaction
        # Per chunk, in the order added (chunks of dropped versions stay until compaction):
        self._chunk_ids = np.array([], dtype=object)
        self._lengths = np.array([], dtype=np.int32)
        self.version_of = np.array([], dtype=np.int32)  # its version's position
        self._live = np.array([], dtype=bool)
        # Every (term, chunk) pair, sorted by term, so a term's chunks are one slice:
        self._keys = np.array([], dtype=np.uint32)
        self._chunks = np.array([], dtype=np.int32)
        self._counts = np.array([], dtype=np.uint8)
        self._refresh()

    def updated(self, add: Iterable[Shard] = (), remove: Iterable[str] = ()) -> LexicalIndex:
        """A new index with the `add` shards and without the versions in `remove` (a shard whose
        version is in already replaces it: its report's date or title changed)."""
        new = object.__new__(LexicalIndex)
        new.__dict__.update(self.__dict__)
        new.shards = dict(self.shards)
        new._live = self._live.copy()
        added = list(add)
        for version in [*remove, *(s.version for s in added)]:
            if version in new.shards:
                _, position = new.shards.pop(version)
                new._live[new.version_of == position] = False
        new._append(added)
        if len(new._live) - int(new._live.sum()) > _COMPACT_SHARE * max(1, int(new._live.sum())):
            new._compact()
        new._refresh()
        return new

    def _append(self, shards: list[Shard]) -> None:
        if not shards:
            return
        first = len(self._live)
        ids: list[str] = []
        lengths, version_of, keys, chunks, counts = [], [], [], [], []
        for shard in shards:
            p = shard.postings
            assert p is not None, "a shard is added with its postings"
            self.shards[shard.version] = (shard, self.positions)
            ids.extend(p.chunk_ids)
            lengths.append(p.lengths)
            version_of.append(np.full(len(p.chunk_ids), self.positions, np.int32))
            keys.append(p.keys)
            chunks.append(first + np.repeat(np.arange(len(p.chunk_ids)), np.diff(p.starts)))
            counts.append(p.counts)
            first += len(p.chunk_ids)
            self.positions += 1
        self._chunk_ids = np.concatenate([self._chunk_ids, np.array(ids, dtype=object)])
        self._lengths = np.concatenate([self._lengths, *lengths])
        self.version_of = np.concatenate([self.version_of, *version_of])
        self._live = np.concatenate([self._live, np.ones(len(ids), dtype=bool)])
        new_keys = np.concatenate(keys)
        order = np.argsort(new_keys, kind="stable")
        new_keys = new_keys[order]
        at = np.searchsorted(self._keys, new_keys, side="right")
        self._keys = np.insert(self._keys, at, new_keys)
        self._chunks = np.insert(self._chunks, at, np.concatenate(chunks)[order].astype(np.int32))
        self._counts = np.insert(self._counts, at, np.concatenate(counts)[order])

    def _compact(self) -> None:
        """Drop the chunks of removed versions for good, numbering the rest again."""
        renumbered = np.cumsum(self._live, dtype=np.int64) - 1
        kept = self._live[self._chunks]
        self._keys = self._keys[kept]
        self._chunks = renumbered[self._chunks[kept]].astype(np.int32)
        self._counts = self._counts[kept]
        position = np.full(self.positions, -1, dtype=np.int32)
        for n, (version, (shard, old)) in enumerate(sorted(self.shards.items())):
            position[old] = n
            self.shards[version] = (shard, n)
        self.positions = len(self.shards)
        self.version_of = position[self.version_of[self._live]]
        self._chunk_ids = self._chunk_ids[self._live]
        self._lengths = self._lengths[self._live]
        self._live = np.ones(len(self._chunk_ids), dtype=bool)

    def arrays(self) -> dict[str, np.ndarray]:
        """The whole index as plain arrays (`from_arrays` reads them back): saved beside the
        library, it spares a starting process reading every report's terms and building this."""
        shards = [
            [s.report_id, s.version, s.title, s.day, s.language, position]
            for s, position in self.shards.values()
        ]
        return {
            "format": _bytes(_INDEX_FORMAT),
            "shards": _bytes(json.dumps(shards)),
            "positions": np.array([self.positions], dtype=np.int64),
            "chunk_ids": _bytes("\n".join(self._chunk_ids)),
            "lengths": self._lengths,
            "version_of": self.version_of,
            "live": self._live,
            "keys": self._keys,
            "chunks": self._chunks,
            "counts": self._counts,
        }

    def from_arrays(self, arrays: dict[str, np.ndarray]) -> LexicalIndex:
        """A new index, with this one's tokenizer, made of `arrays` (from `arrays`); ValueError
        when they are of another layout or do not fit together. Its shards hold no postings:
        a version whose title changes has its terms read again."""
        if _text(arrays["format"]) != _INDEX_FORMAT:
            raise ValueError("saved in another layout")
        new = object.__new__(LexicalIndex)
        new.__dict__.update(self.__dict__)
        new.shards = {
            version: (Shard(report_id, version, title, int(day), language, None), int(position))
            for report_id, version, title, day, language, position in json.loads(
                _text(arrays["shards"])
            )
        }
        new.positions = int(arrays["positions"][0])
        ids = _text(arrays["chunk_ids"])
        new._chunk_ids = np.array(ids.split("\n") if ids else [], dtype=object)
        new._lengths = arrays["lengths"].astype(np.int32, copy=False)
        new.version_of = arrays["version_of"].astype(np.int32, copy=False)
        new._live = arrays["live"].astype(bool, copy=False)
        new._keys = arrays["keys"].astype(np.uint32, copy=False)
        new._chunks = arrays["chunks"].astype(np.int32, copy=False)
        new._counts = arrays["counts"].astype(np.uint8, copy=False)
        chunks = len(new._chunk_ids)
        if not (
            len(new._lengths) == len(new.version_of) == len(new._live) == chunks
            and len(new._keys) == len(new._chunks) == len(new._counts)
            and (not len(new._chunks) or int(new._chunks.max()) < chunks)
            and (not chunks or int(new.version_of.max()) < new.positions)
        ):
            raise ValueError("its arrays do not fit together")
        new._refresh()
        return new

    def _refresh(self) -> None:
        """What every search needs of the live chunks, computed once per index."""
        self._n = int(self._live.sum())
        self._avg_length = float(self._lengths[self._live].mean()) if self._n else 1.0
        # Per version position (a dropped one keeps none of these: its chunks are not live).
        self._version_day = np.zeros(self.positions, dtype=np.int64)
        self.version_report = np.full(self.positions, "", dtype=object)
        self._version_language = np.full(self.positions, "", dtype=object)
        for shard, position in self.shards.values():
            self._version_day[position] = shard.day
            self.version_report[position] = shard.report_id
            self._version_language[position] = shard.language
        self.terms = IndexTerms(max_idf=self.idf(0), index=self)

    @property
    def size(self) -> int:
        """How many live chunks it searches."""
        return self._n

    def postings_of(self, key: int) -> tuple[np.ndarray, np.ndarray]:
        """The live chunks that hold the term, and how often each does."""
        term = np.uint32(key)  # a Python int would make numpy convert the whole array
        lo = int(np.searchsorted(self._keys, term, side="left"))
        hi = int(np.searchsorted(self._keys, term, side="right"))
        chunks, counts = self._chunks[lo:hi], self._counts[lo:hi]
        alive = self._live[chunks]
        return chunks[alive], counts[alive]

    def idf(self, df: int) -> float:
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

    def search(
        self, query: str, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        """The `k` best chunks for `query` as (chunk id, score), among those that pass `filters`."""
        tokens = self._expand(self._tokenize(query, self._language_of(query)))
        scores = np.zeros(len(self._live))
        known = False
        for token in tokens:
            chunks, counts = self.postings_of(term_key(token))
            if not len(chunks):
                continue
            known = True
            tf = counts.astype(float)
            norm = K1 * ((1 - B) + B * self._lengths[chunks] / self._avg_length)
            scores[chunks] += self.idf(len(chunks)) * tf / (norm + tf)
        if not known:
            return []
        if filters is not None and filters.active:
            scores *= self.mask(filters)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]  # ties: the chunk added first
        return [(str(self._chunk_ids[i]), float(scores[i])) for i in top if scores[i] > 0]

    def mask(self, filters: SearchFilters) -> np.ndarray:
        """1.0 for each chunk whose report, reporting date and language pass the filters, else 0
        (a chunk with no date, 0, passes an upper bound only, as in Chroma)."""
        keep = self._live.copy()
        version_keep = np.ones(self.positions, dtype=bool)
        if filters.reports:
            version_keep &= np.isin(self.version_report, filters.reports)
        if filters.date_from:
            version_keep &= self._version_day >= date_number(filters.date_from)
        if filters.date_to:
            version_keep &= self._version_day <= date_number(filters.date_to)
        if filters.language:
            version_keep &= self._version_language == filters.language
        keep &= version_keep[self.version_of]
        return keep.astype(float)


@dataclass(frozen=True)
class IndexTerms(TermStats):
    """The term statistics of one lexical index: how rare each term is among its live chunks,
    and how often each report uses it, counted when first asked (a reader asks about the same
    few terms over and over)."""

    index: LexicalIndex | None = None
    # token -> (how many live chunks hold it, its count in each version)
    by_version: dict[str, tuple[int, np.ndarray]] = field(default_factory=dict)
    reports: dict[str, np.ndarray] = field(default_factory=dict)  # report id -> its positions

    def weight(self, token: str) -> float:
        assert self.index is not None
        return self.index.idf(self._counts(token)[0])

    def chunks_with(self, token: str) -> int:
        if token in self.by_version:
            return self.by_version[token][0]
        assert self.index is not None
        return len(self.index.postings_of(term_key(token))[0])

    def report_counts(self, report_id: str) -> ReportTerms:
        assert self.index is not None
        if report_id not in self.reports:
            self.reports[report_id] = np.flatnonzero(self.index.version_report == report_id)
        return ReportTerms(self, self.reports[report_id])

    def count(self, token: str, positions: np.ndarray) -> int:
        """How often the versions at `positions` use `token`."""
        return int(self._counts(token)[1][positions].sum())

    def _counts(self, token: str) -> tuple[int, np.ndarray]:
        if token not in self.by_version:
            assert self.index is not None
            chunks, counts = self.index.postings_of(term_key(token))
            self.by_version[token] = (
                len(chunks),
                np.bincount(
                    self.index.version_of[chunks], weights=counts, minlength=self.index.positions
                ),
            )
        return self.by_version[token]


class ReportTerms:
    """How often one report's live chunks use each term (0 for a term they lack)."""

    def __init__(self, terms: IndexTerms, positions: np.ndarray) -> None:
        self._terms = terms
        self._positions = positions

    def __getitem__(self, token: str) -> int:
        return self._terms.count(token, self._positions)


class LexicalRetriever(BaseRetriever):
    """A llama-index retriever over a shared `LexicalIndex`, limited by one query's filters;
    `fetch` reads the chunks it finds (by id) from the store."""

    def __init__(
        self,
        index: LexicalIndex,
        fetch: Callable[[list[str]], dict[str, TextNode]],
        similarity_top_k: int = 30,
        filters: SearchFilters | None = None,
    ) -> None:
        super().__init__()
        self._index = index
        self._fetch = fetch
        self._filters = filters
        self.similarity_top_k = similarity_top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        found = self._index.search(query_bundle.query_str, self.similarity_top_k, self._filters)
        nodes = self._fetch([chunk_id for chunk_id, _ in found])
        return [NodeWithScore(node=nodes[c], score=s) for c, s in found if c in nodes]
