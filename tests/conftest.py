"""Shared fixtures: the real corpus beside the checkout, the real embedding model, temp libraries."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples" / "reports"
SEED = CORPUS / "gtrm-peru" / "000_5c241a38d749b182.txt"
DRC = CORPUS / "drc-ebola"


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


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """The real bundled model, loaded once for the session."""
    from index.embedding import load_embedder

    return load_embedder()


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


@pytest.fixture(scope="session")
def small_library(tmp_path_factory: pytest.TempPathFactory, corpus: Path, embedder):  # type: ignore[no-untyped-def]
    """A library of real reports, built once: the seed, four DRC reports (one twice), the examples."""
    from app import Assistant

    folder = tmp_path_factory.mktemp("small-corpus")
    for path in [
        SEED,
        DRC / "SitRep_25_2026.pdf",
        DRC / "SitRep_30_2026.pdf",
        DRC / "Draft-Final_SitRep_MVE_RDC_N°30_13_06_2026-FD-1-1.pdf",
        DRC / "SitRep_07_2026.pdf",
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
