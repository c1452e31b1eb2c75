"""The library's words by meaning: each word stem of its reports with the multilingual-e5-small
vector of the stem's commonest spelling, so that a question's word finds its translations where
the glossary lists none ("retretes": toilets, latrines; "llegadas": arrivals). Words, not
sentences: a sentence's vector says what it is about, not which of its words means which."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import numpy as np

WORD = re.compile(r"[^\W\d_]{3,}")  # a word of three letters or more, in any script
EMBED_BATCH = 256  # words embedded per call of the encoder
_NEAREST = 3  # translations looked at per word: a word's own forms and two languages


class WordEncoder(Protocol):
    def queries(self, texts: Sequence[str]) -> np.ndarray: ...


class WordIndex:
    """One row per stem: its commonest spelling and that spelling's vector (cosine space)."""

    def __init__(self, collection: Any, max_batch: int) -> None:
        self.collection = collection
        self._max_batch = max_batch

    def add(
        self,
        texts: Iterable[tuple[str, str]],
        tokenize: Callable[[str, str], list[str]],
        encoder: WordEncoder,
    ) -> int:
        """Store the stems of `texts` (text, language) that are not stored yet, each with its
        commonest spelling in them; returns how many were new."""
        spellings: dict[str, Counter[str]] = {}
        for text, language in texts:
            for word in WORD.findall(text.lower()):
                stems = tokenize(word, language)
                if len(stems) == 1:
                    spellings.setdefault(stems[0], Counter())[word] += 1
        stored: set[str] = set()
        ids = sorted(spellings)
        for start in range(0, len(ids), self._max_batch):
            stored |= set(
                self.collection.get(ids=ids[start : start + self._max_batch], include=[])["ids"]
            )
        new = [s for s in ids if s not in stored]
        words = [spellings[s].most_common(1)[0][0] for s in new]
        for start in range(0, len(new), EMBED_BATCH):
            vectors = encoder.queries(words[start : start + EMBED_BATCH])
            self.collection.add(
                ids=new[start : start + EMBED_BATCH],
                embeddings=[v.tolist() for v in vectors],
                documents=words[start : start + EMBED_BATCH],
            )
        return len(new)

    def similar(
        self, words: Sequence[str], encoder: WordEncoder, threshold: float
    ) -> dict[str, set[str]]:
        """The stored stems whose spelling means what each word does: among its nearest, those
        at least `threshold` alike (cosine)."""
        if not words or not self.collection.count():
            return {}
        found = self.collection.query(
            query_embeddings=[v.tolist() for v in encoder.queries(words)],
            n_results=_NEAREST,
            include=["distances"],
        )
        return {
            word: {stem for stem, d in zip(ids, distances, strict=True) if 1.0 - d >= threshold}
            for word, ids, distances in zip(words, found["ids"], found["distances"], strict=True)
        }
