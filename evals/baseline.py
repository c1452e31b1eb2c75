"""The baseline every claim of "better" is measured against: llama-index defaults.

`SimpleDirectoryReader` documents, the default `SentenceSplitter`, a `VectorStoreIndex` in memory,
the same embedding model, top-k 5. Only its retrieval is scored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding

from evals.question_set import Question
from evals.scoring import Located

TOP_K = 5


def baseline_retrieval(
    files: Sequence[Path],
    questions: Sequence[Question],
    embedder: BaseEmbedding,
    on_question: Callable[[int, int], None] | None = None,
) -> dict[str, list[Located]]:
    """For each question id, the file and page of the top-k chunks the baseline retrieves."""
    documents = SimpleDirectoryReader(input_files=[str(f) for f in files]).load_data()
    index = VectorStoreIndex.from_documents(documents, embed_model=embedder)
    retriever = index.as_retriever(similarity_top_k=TOP_K)
    found: dict[str, list[Located]] = {}
    for number, question in enumerate(questions, start=1):
        hits = retriever.retrieve(question.question)
        found[question.id] = [_located(hit.node.metadata) for hit in hits]
        if on_question:
            on_question(number, len(questions))
    return found


def _located(meta: dict) -> Located:
    label = str(meta.get("page_label") or "1")
    page = int(label) if label.isdigit() else 0
    return Located(str(meta.get("file_name")), page, page)
