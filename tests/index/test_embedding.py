"""The query embedder: questions are embedded by numpy, reports by torch, and the two must give
the same vectors, or a question would no longer find the chunks stored with torch's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from evals.question_set import load_questions

QUESTIONS = Path(__file__).resolve().parents[2] / "evals" / "questions" / "dev"


@pytest.mark.model
def test_questions_get_the_vectors_torch_gives(embedder, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import pymupdf

    texts = [q.question for q in load_questions(QUESTIONS)][::10]
    with pymupdf.open(next(corpus.rglob("*.pdf"))) as pdf:
        page = pdf[0].get_text()
    # A passage of a real report, and one far past the model's 256 tokens (cut as torch cuts it).
    texts += [page[:400], page * 20, ""]
    numpy_vectors = np.array([embedder.get_query_embedding(t) for t in texts])
    torch_vectors = np.array(embedder.get_text_embedding_batch(texts))
    assert numpy_vectors.shape == (len(texts), 384)
    assert float((numpy_vectors * torch_vectors).sum(axis=1).min()) > 0.99999
