"""BM25 over the chunks stored in Chroma, as a llama-index retriever.

Local Chroma has no sparse index, so this one is derived from the stored chunks and rebuilt when
the library changes; it is never the only copy of anything. Tokens are accent-folded, numbers lose
their thousands separators (`2,700`, `2 700` and `2700` match), and each text is stemmed in its own
language.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable

import bm25s
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

    def __call__(self, text: str, language: str = "en") -> list[str]:
        stemmer = self._stemmers.get(language, self._stemmers["en"])
        tokens = [t.replace(",", ".") for t in _TOKEN.findall(fold(_join_thousands(text)))]
        words = [t for t in tokens if t not in self._stop and (len(t) > 1 or t.isdigit())]
        return [w if w[0].isdigit() else stemmer.stemWord(w) for w in words]

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


class LexicalIndex:
    """BM25 over a fixed set of nodes, with the term statistics a reader weighs evidence by."""

    def __init__(
        self,
        nodes: list[TextNode],
        tokenizer: Tokenizer,
        language_of: Callable[[str], str] = lambda _q: "en",
        expand: Callable[[list[str]], list[str]] = lambda stems: stems,
    ) -> None:
        self.nodes = nodes
        self._expand = expand
        self._tokenize = tokenizer
        self._language_of = language_of
        self._bm25 = bm25s.BM25()
        corpus = [
            tokenizer(_searchable(n), str(n.metadata.get("language", "en"))) or ["_"] for n in nodes
        ]
        self._bm25.index(corpus, show_progress=False)
        # What filters look at, one array each, so that a filtered search costs array operations
        # rather than a Python call per chunk.
        self._report_ids = np.array([str(n.metadata.get("report_id")) for n in nodes])
        self._days = np.array([int(n.metadata.get("date_num") or 0) for n in nodes], dtype=np.int64)
        self._languages = np.array([str(n.metadata.get("language", "")) for n in nodes])
        report_terms: dict[str, Counter[str]] = {}
        document_frequency: Counter[str] = Counter()
        for node, tokens in zip(nodes, corpus, strict=True):
            report_id = str(node.metadata.get("report_id"))
            report_terms.setdefault(report_id, Counter()).update(tokens)
            document_frequency.update(set(tokens))
        total = max(1, len(nodes))
        self.terms = TermStats(
            idf={
                t: math.log(1 + (total - df + 0.5) / (df + 0.5))
                for t, df in document_frequency.items()
            },
            max_idf=math.log(1 + (total + 0.5) / 0.5),
            report_terms=report_terms,
        )

    def search(
        self, query: str, k: int, filters: SearchFilters | None = None
    ) -> list[NodeWithScore]:
        """The `k` best nodes for `query`, among those that pass `filters`."""
        tokens = self._expand(self._tokenize(query, self._language_of(query)))
        known = [t for t in tokens if t in self._bm25.vocab_dict]
        if not self.nodes or not known:
            return []
        mask = self.mask(filters) if filters is not None and filters.active else None
        scores = self._bm25.get_scores(known, weight_mask=mask)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [
            NodeWithScore(node=self.nodes[i], score=float(scores[i])) for i in top if scores[i] > 0
        ]

    def mask(self, filters: SearchFilters) -> np.ndarray:
        """1.0 for each node whose report, reporting date and language pass the filters, else 0
        (a node with no date passes no date bound)."""
        keep = np.ones(len(self.nodes), dtype=bool)
        if filters.reports:
            keep &= np.isin(self._report_ids, filters.reports)
        if filters.date_from:
            keep &= self._days >= date_number(filters.date_from)
        if filters.date_to:
            keep &= self._days <= date_number(filters.date_to)
        if filters.language:
            keep &= self._languages == filters.language
        return keep.astype(float)


class LexicalRetriever(BaseRetriever):
    """A llama-index retriever over a shared `LexicalIndex`, limited by one query's filters."""

    def __init__(
        self,
        index: LexicalIndex,
        similarity_top_k: int = 30,
        filters: SearchFilters | None = None,
    ) -> None:
        super().__init__()
        self._index = index
        self._filters = filters
        self.similarity_top_k = similarity_top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self._index.search(query_bundle.query_str, self.similarity_top_k, self._filters)


def _searchable(node: TextNode) -> str:
    meta = node.metadata
    return f"{meta.get('title', '')}\n{meta.get('section', '')}\n{node.text}"
