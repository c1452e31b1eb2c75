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
def test_reports_are_embedded_without_torch_by_default(embedder, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    """By default the model runs at one thread, where numpy is as fast: reports get torch's
    vectors, and torch is never imported (an ingest peaks at 0.5 GB instead of 1.3)."""
    page = next(corpus.rglob("*.txt")).read_text(encoding="utf-8")[:900]
    script = (
        "import json, sys\n"
        "from index.embedding import load_embedder\n"
        "from app.settings import Settings\n"
        "s = Settings()\n"
        "model = load_embedder(s.embed_model, s.embed_batch_size, s.torch_threads)\n"
        "vectors = model.get_text_embedding_batch(json.load(sys.stdin))\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'vectors': vectors}))\n"
    )
    texts = [page, page[:120], "Partners delivered 2,700 hygiene kits in Corran."]
    result = _in_a_fresh_process(script, texts)
    assert result["torch"] is False
    numpy_vectors = np.array(result["vectors"])
    torch_vectors = np.array(embedder.get_text_embedding_batch(texts))
    assert float((numpy_vectors * torch_vectors).sum(axis=1).min()) > 0.99999


@pytest.mark.model
def test_the_sentence_encoder_keeps_to_its_threads_once_torch_is_loaded(corpus: Path) -> None:
    """`sitrep serve` encodes at one thread, so that a question is not stalled by an ingest on
    the other core. Once torch is loaded, the encoder's loops run in torch's OpenMP at torch's
    threads unless held: at one thread, its CPU time stays close to its wall time (it was twice
    it)."""
    text = next(corpus.rglob("*.txt")).read_text(encoding="utf-8")
    sentences = [s.strip() for s in text.split(".") if len(s.strip()) > 40][:48]
    script = (
        "import json, resource, sys, time\n"
        "from index.embedding import load_embedder\n"
        "from index.meaning import SentenceEncoder\n"
        "load_embedder().get_text_embedding_batch(['torch loads for this batch'] * 8)\n"
        "texts = json.load(sys.stdin)\n"
        "encoder = SentenceEncoder(1)\n"
        "encoder.passages(texts[:4])\n"
        "def cpu():\n"
        "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    return usage.ru_utime + usage.ru_stime\n"
        "wall, used = time.perf_counter(), cpu()\n"
        "encoder.passages(texts)\n"
        "print(json.dumps({'torch': 'torch' in sys.modules,\n"
        "    'ratio': (cpu() - used) / (time.perf_counter() - wall)}))\n"
    )
    result = _in_a_fresh_process(script, sentences * 2)
    assert result["torch"] is True
    assert result["ratio"] <= 1.3, result


def _in_a_fresh_process(script: str, payload: object) -> dict:  # type: ignore[type-arg]
    """Run `script` in a new Python with `payload` as JSON on its input; its last line's JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
