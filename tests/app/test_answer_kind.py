"""The fitted answer-kind model (`AnswerKind` in model.json) over the real multilingual-e5-small
vectors: open questions written for this test, in three languages, that ask for a name or for a
figure with the same question words."""

from __future__ import annotations

import pytest

from app.extractive.model import ReaderModel
from index.meaning import SentenceEncoder

pytestmark = pytest.mark.model

NAMES = [
    "Quelle ONG gère le centre de transit de Corran ?",
    "¿Qué organización coordina la respuesta en la frontera de Vale?",
    "What agency runs the reception centre in Vale?",
]
FIGURES = [
    "Quelle quantité de comprimés de chlore a été distribuée à Corran ?",
    "¿Qué cantidad de kits de higiene se entregó en Vale?",
    "What amount of funding had the Corran appeal received?",
]


@pytest.fixture(scope="module")
def chance() -> object:
    model = ReaderModel.load()
    assert model.answer_kind is not None, "model.json holds no answer_kind"
    encoder = SentenceEncoder(threads=1)
    return lambda question: model.figure_chance(encoder.query(question))


@pytest.mark.parametrize("question", NAMES)
def test_an_open_question_for_a_name(question: str, chance) -> None:  # type: ignore[no-untyped-def]
    assert chance(question) < 0.5


@pytest.mark.parametrize("question", FIGURES)
def test_an_open_question_for_a_figure(question: str, chance) -> None:  # type: ignore[no-untyped-def]
    assert chance(question) > 0.5
