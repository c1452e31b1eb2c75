"""all-MiniLM-L6-v2's forward pass in numpy: the same vectors as the sentence-transformers model
(mean of the last layer over the tokens, normalised), from the same bundled weights and
tokenizer, without importing torch and transformers (about 6 s of a server's start-up and 0.5 GB
of its memory). A question is a few dozen tokens, which numpy embeds in milliseconds; at one
thread it embeds reports too, one text at a time (no padding), as fast as torch's batches."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

# Abramowitz and Stegun 7.1.26: erf to within 1.5e-7, for BERT's exact GELU without scipy.
_ERF_P = 0.3275911
_ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _erf(x: np.ndarray) -> np.ndarray:
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + _ERF_P * x)
    poly = t * (_ERF_A[0] + t * (_ERF_A[1] + t * (_ERF_A[2] + t * (_ERF_A[3] + t * _ERF_A[4]))))
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class NumpyMiniLM:
    """A BERT sentence encoder read from a sentence-transformers folder (`model.safetensors`,
    `tokenizer.json`, `config.json`, `sentence_bert_config.json`)."""

    def __init__(self, folder: str | Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(folder)
        config = json.loads((folder / "config.json").read_text())
        max_length = json.loads((folder / "sentence_bert_config.json").read_text())[
            "max_seq_length"
        ]
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=max_length)
        self._w = load_file(str(folder / "model.safetensors"))
        self._layers = config["num_hidden_layers"]
        self._heads = config["num_attention_heads"]
        self._eps = config["layer_norm_eps"]

    def embed(self, text: str) -> np.ndarray:
        """The normalised sentence vector of `text`."""
        encoding = self._tokenizer.encode(text)
        w = self._w
        ids = np.array(encoding.ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][np.array(encoding.type_ids)]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps
        )
        for n in range(self._layers):
            x = self._layer(x, f"encoder.layer.{n}.")
        vector = x.mean(0)
        return vector / np.linalg.norm(vector)

    def _layer(self, x: np.ndarray, p: str) -> np.ndarray:
        w = self._w

        def dense(name: str, h: np.ndarray) -> np.ndarray:
            return h @ w[f"{p}{name}.weight"].T + w[f"{p}{name}.bias"]

        tokens, width = x.shape
        size = width // self._heads

        def heads(h: np.ndarray) -> np.ndarray:  # (heads, tokens, size)
            return h.reshape(tokens, self._heads, size).transpose(1, 0, 2)

        q = heads(dense("attention.self.query", x))
        k = heads(dense("attention.self.key", x))
        v = heads(dense("attention.self.value", x))
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(tokens, width)
        x = _layer_norm(
            dense("attention.output.dense", context) + x,
            w[f"{p}attention.output.LayerNorm.weight"],
            w[f"{p}attention.output.LayerNorm.bias"],
            self._eps,
        )
        inner = _gelu(dense("intermediate.dense", x))
        return _layer_norm(
            dense("output.dense", inner) + x,
            w[f"{p}output.LayerNorm.weight"],
            w[f"{p}output.LayerNorm.bias"],
            self._eps,
        )
