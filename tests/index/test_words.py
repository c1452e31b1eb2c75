"""The library's words by meaning (`WordIndex`), on real Chroma with the real
multilingual-e5-small: a question's word finds the reports' words that translate it."""

from __future__ import annotations

from pathlib import Path

import chromadb

from index.lexical import Tokenizer
from index.meaning import SentenceEncoder
from index.words import WordIndex

ALIKE = 0.90  # the library's default (`word_similarity`)


def test_a_word_finds_its_translations_and_nothing_unrelated(tmp_path: Path) -> None:
    collection = chromadb.PersistentClient(path=str(tmp_path / "chroma")).create_collection(
        "words", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )
    words, tokenize, encoder = WordIndex(collection, max_batch=100), Tokenizer(), SentenceEncoder(1)
    texts = [
        ("Alerts were investigated; households received hygiene kits at the border.", "en"),
        ("Les alertes ont été investiguées et les ménages ont reçu des repas chauds.", "fr"),
    ]
    added = words.add(texts, tokenize, encoder)
    assert added == collection.count() > 10
    assert words.add(texts, tokenize, encoder) == 0  # each stem is stored once
    found = words.similar(["alertas", "hogares", "comidas", "volcán"], encoder, ALIKE)
    assert {tokenize("alerts", "en")[0], tokenize("alertes", "fr")[0]} <= found["alertas"]
    assert tokenize("households", "en")[0] in found["hogares"]
    assert tokenize("kits", "en")[0] not in found["alertas"] | found["hogares"]
    assert not found["volcán"]  # no word of the reports means it
    assert words.similar(["alertas"], encoder, 1.01) == {"alertas": set()}


def test_the_library_translates_a_question_word_the_glossary_lacks(small_library) -> None:  # type: ignore[no-untyped-def]
    """The real reports of the small library, indexed at ingest: a Spanish word of a question
    is read with a translation found by meaning."""
    assistant, _, _ = small_library
    library = assistant.library
    assert library.store.words.count() > 1000
    tokenize = library.tokenizer
    horas, hours = tokenize("horas", "es")[0], tokenize("hours", "en")[0]
    assert hours not in library.glossary.equivalents(horas)  # the glossary is silent
    assert hours in library.translations(["horas"])["horas"]
    question = "¿Cuántas alertas se notificaron en las últimas 24 horas?"
    read = assistant.questions.read(question, library.search(question).terms)
    assert hours in read.equivalents[horas]


def test_a_library_stored_before_words_were_indexed_gets_them_on_the_next_ingest(
    make_assistant,  # type: ignore[no-untyped-def]
) -> None:
    """The next ingest gives an earlier library the words its reports' ingest would have."""
    from tests.conftest import EXAMPLES

    assistant = make_assistant()
    assistant.ingest([EXAMPLES])
    words = assistant.library.store.words
    held = sorted(words.get(include=[])["ids"])
    assert len(held) > 100
    words.delete(ids=held)
    assert [o.status for o in assistant.ingest([EXAMPLES])] == ["unchanged", "unchanged"]
    assert sorted(words.get(include=[])["ids"]) == held
