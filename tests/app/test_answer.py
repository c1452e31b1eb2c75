"""The answerer alone: a quote that is not on the stored page is never returned."""

from __future__ import annotations

from collections import Counter

from llama_index.core.schema import NodeWithScore, TextNode

from app.answer import Answerer
from index.lexical import Tokenizer

META = {
    "report_id": "r",
    "version": "v1",
    "file": "r.txt",
    "title": "Flood update",
    "date": "2026-03-14",
    "section": "Response",
    "page": 1,
    "page_end": 1,
    "kind": "text",
    "language": "en",
}
TEXT = "Partners distributed 3,200 hygiene kits in Corran."


def _answer(page_text: str):  # type: ignore[no-untyped-def]
    answerer = Answerer(Tokenizer(), lambda version, pages: {1: page_text}, lambda rid: Counter())
    hit = NodeWithScore(node=TextNode(text=TEXT, metadata=META), score=1.0)
    return answerer.answer("How many hygiene kits were distributed in Corran?", [hit])


def test_verified_quote_is_cited() -> None:
    answer = _answer("RESPONSE\nPartners distributed 3,200\nhygiene kits in Corran.")
    assert not answer.abstained
    assert answer.text.startswith("3,200 hygiene kits")
    assert answer.citations[0].quote == TEXT


def test_quote_missing_from_the_page_is_dropped_and_the_answer_abstains() -> None:
    answer = _answer("RESPONSE\nPartners distributed 2,300 hygiene kits in Corran.")
    assert answer.abstained and answer.citations == []
