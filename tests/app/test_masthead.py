"""A report names its province and disease once, in its masthead, and its passages never again:
a real DRC Ebola sitrep (Kasaï, 2025), asked in English about figures of passages that do not
say where they are."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DRC

KASAI = "SITREP_MVE_10-VF-1.pdf"


@pytest.fixture(scope="module")
def kasai(tmp_path_factory: pytest.TempPathFactory, corpus: Path, embedder) -> Any:  # type: ignore[no-untyped-def]
    from app import Assistant

    folder = tmp_path_factory.mktemp("kasai")
    shutil.copy(DRC / KASAI, folder / KASAI)
    assistant = Assistant(tmp_path_factory.mktemp("kasai-library"), embedder=embedder)
    [outcome] = assistant.ingest([folder])
    assert outcome.status == "added", outcome.message
    return assistant


@pytest.mark.parametrize(
    "question",
    [
        "How many contacts were listed in the Kasai Ebola outbreak?",
        "How many samples did the laboratory receive in the Kasai Ebola response?",
    ],
)
def test_a_place_named_only_in_the_masthead_does_not_block_the_answer(
    kasai: Any, question: str
) -> None:
    """Which figure of the passage answers is the ranker's part; here, that one is found."""
    answer = kasai.ask(question)
    assert not answer.abstained, answer.text
    [citation, *_] = answer.citations
    assert citation.file == KASAI and citation.page > 1
    assert "kasa" not in citation.quote.lower() and "ebola" not in citation.quote.lower()


def test_a_place_the_report_never_names_is_still_not_answered(kasai: Any) -> None:
    assert kasai.ask("How many contacts were listed in the Ituri Ebola outbreak?").abstained
