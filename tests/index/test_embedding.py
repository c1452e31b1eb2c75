"""The bundled model's two runtimes: questions (and, in the one-thread server, reports) are
embedded by numpy, reports on the command line by torch; the two must give the same vectors, or
a question would no longer find the chunks stored by the other."""

from __future__ import annotations

import json
import subprocess
import sys
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


@pytest.mark.model
def test_the_one_thread_server_embeds_reports_without_torch(embedder, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    """`sitrep serve` runs the model at one thread, where numpy is as fast: its reports get
    torch's vectors, and torch is never imported (about 0.5 GB a server does not hold)."""
    page = next(corpus.rglob("*.txt")).read_text(encoding="utf-8")[:900]
    script = (
        "import json, sys\n"
        "from index.embedding import load_embedder\n"
        "vectors = load_embedder(threads=1).get_text_embedding_batch(json.load(sys.stdin))\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'vectors': vectors}))\n"
    )
    texts = [page, page[:120], "Partners delivered 2,700 hygiene kits in Corran."]
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["torch"] is False
    numpy_vectors = np.array(result["vectors"])
    torch_vectors = np.array(embedder.get_text_embedding_batch(texts))
    assert float((numpy_vectors * torch_vectors).sum(axis=1).min()) > 0.99999
