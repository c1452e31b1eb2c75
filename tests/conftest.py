"""Shared fixtures: the real corpus beside the checkout, the real embedding model, temp libraries,
and a fake embedder for unit tests of one piece.

Tests that load the real model carry the `model` marker and tests that read `../shared/corpus`
the `corpus` marker (set here from the fixtures they use, or on the module); `pytest -m "not
model and not corpus"` runs the fast part alone.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from llama_index.core.base.embeddings.base import BaseEmbedding

from tests.app.server_process import free_port

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples" / "reports"
SEED = CORPUS / "gtrm-peru" / "000_5c241a38d749b182.txt"
DRC = CORPUS / "drc-ebola"
HUMSET = CORPUS / "humset" / "text"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "embedder" in names:
            item.add_marker(pytest.mark.model)
        if "corpus" in names:
            item.add_marker(pytest.mark.corpus)


class FakeEmbedder(BaseEmbedding):
    """Words hashed into a small vector: texts that share words are near, and nothing is loaded.
    For unit tests of storage and retrieval plumbing, never of answer quality."""

    dimensions: int = 64

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in re.findall(r"\w+", text.lower()):
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
        norm = sum(v * v for v in vector) ** 0.5 or 1.0
        return [v / norm for v in vector]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vector(text)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)


class FakeEncoder:
    """The sentence encoder's calls, with the fake embedder's hashed words."""

    def __init__(self) -> None:
        self._words = FakeEmbedder(model_name="fake", dimensions=384)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._words._vector(text), dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray([self._words._vector(t) for t in texts], dtype=np.float32).reshape(
            len(texts), 384
        )

    def queries(self, texts: list[str]) -> np.ndarray:
        return self.passages(texts)


@pytest.fixture
def fake_assistant(tmp_path: Path) -> Any:
    """An Assistant over a fresh library folder with fake models (nothing loaded)."""
    from app import Assistant

    return Assistant(
        tmp_path / "fake-library",
        embedder=FakeEmbedder(model_name="fake"),
        encoder=FakeEncoder(),  # type: ignore[arg-type]
    )


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches ./data or a Chroma server it did not start."""
    monkeypatch.setenv("SITREP_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.delenv("SITREP_CHROMA_HOST", raising=False)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (it lies beside the checkout, not in it)")
    return CORPUS


def embedded_once(
    vectors: dict[tuple[str, str], Any], model: str, texts: list[str], embed: Any
) -> list[Any]:
    """The vectors of `texts` by `model`, each distinct text given to `embed` (a list of texts
    to their vectors) only the first time: `vectors` keeps them."""
    new = [t for t in dict.fromkeys(texts) if (model, t) not in vectors]
    if new:
        vectors.update(((model, t), v) for t, v in zip(new, embed(new), strict=True))
    return [vectors[model, t] for t in texts]


class OncePerText:
    """A sentence encoder that embeds each distinct text once per test session (see
    `embedder`); a text not seen before goes to the real model, every other call is its own."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self._vectors: dict[tuple[str, str], Any] = {}

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.inner, name)

    def _each(self, method: str, texts: list[str]) -> np.ndarray:
        found = embedded_once(self._vectors, method, texts, getattr(self.inner, method))
        return np.array(found, dtype=np.float32).reshape(-1, 384)

    def passages(self, texts) -> np.ndarray:  # type: ignore[no-untyped-def]
        return self._each("passages", list(texts))

    def queries(self, texts) -> np.ndarray:  # type: ignore[no-untyped-def]
        return self._each("queries", list(texts))


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """The real bundled model, loaded once for the session. It and the sentence encoder of every
    library the session opens embed each distinct text once: the suite ingests the same real
    reports into many libraries (SitRep N°25 into about twenty), and a text's vector never
    changes. A text not seen before goes to the real model."""
    from index import library
    from index.embedding import MiniLMEmbedding, load_embedder
    from index.meaning import SentenceEncoder

    encoders: dict[int, OncePerText] = {}

    def encoder(threads: int = 0) -> OncePerText:
        if threads not in encoders:
            encoders[threads] = OncePerText(SentenceEncoder(threads))
        return encoders[threads]

    vectors: dict[tuple[str, str], list[float]] = {}
    embed = MiniLMEmbedding._get_text_embeddings

    def once(self: MiniLMEmbedding, texts: list[str]) -> list[list[float]]:
        return embedded_once(vectors, self.model_name, texts, lambda new: embed(self, new))

    patch = pytest.MonkeyPatch()
    patch.setattr(library, "SentenceEncoder", encoder)
    patch.setattr(MiniLMEmbedding, "_get_text_embeddings", once)
    yield load_embedder()
    patch.undo()


class CountingEmbedder:
    """Wraps the real embedder and counts the texts it embeds."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.embedded = 0

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.inner, name)

    def get_text_embedding_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        self.embedded += len(texts)
        return self.inner.get_text_embedding_batch(texts, **kwargs)


@pytest.fixture
def counting_embedder(embedder) -> CountingEmbedder:  # type: ignore[no-untyped-def]
    return CountingEmbedder(embedder)


@pytest.fixture
def make_assistant(tmp_path: Path, embedder):  # type: ignore[no-untyped-def]
    """Build an Assistant over a fresh library folder, sharing the loaded model."""
    from app import Assistant

    def make(data: Path | None = None, emb=None, **settings):  # type: ignore[no-untyped-def]
        from app.settings import Settings

        return Assistant(
            data or tmp_path / "library", settings=Settings(**settings), embedder=emb or embedder
        )

    return make


def examples_as_reports(folder: Path) -> Path:
    """The fictional examples, titled as they are but not marked as examples: for a library
    that later gets real reports (uploads in the HTTP and browser tests), which would otherwise
    make the examples leave it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLES.iterdir():
        if path.name.endswith(".meta.json"):
            meta = {**json.loads(path.read_text(encoding="utf-8")), "example": False}
            (folder / path.name).write_text(json.dumps(meta), encoding="utf-8")
        else:
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def small_library(tmp_path_factory: pytest.TempPathFactory, corpus: Path, embedder):  # type: ignore[no-untyped-def]
    """A library of real reports, built once: the seed, three DRC reports (one twice), a WHO
    report, the examples."""
    from app import Assistant

    folder = tmp_path_factory.mktemp("small-corpus")
    for path in [
        SEED,
        DRC / "SitRep_25_2026.pdf",
        DRC / "SitRep_30_2026.pdf",
        DRC / "Draft-Final_SitRep_MVE_RDC_N°30_13_06_2026-FD-1-1.pdf",
        CORPUS / "who-covid" / "20200311-sitrep-51-covid-19.pdf",
        *EXAMPLES.iterdir(),
    ]:
        shutil.copy(path, folder / path.name)
    assistant = Assistant(tmp_path_factory.mktemp("small-library"), embedder=embedder)
    outcomes = assistant.ingest([folder])
    return assistant, outcomes, folder


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    yield folder


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    """The port of a real `chroma run` server over a fresh folder, stopped after the test."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if (
                    httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail(
                f"chroma server did not start: {(tmp_path / 'chroma.log').read_text()[-2000:]}"
            )
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
