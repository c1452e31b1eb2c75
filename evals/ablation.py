"""Each component of the pipeline switched off in turn, on a library already built: what it is
worth in answer and citation accuracy, retrieval and latency.

    .venv/bin/python -m evals.ablation --data DIR --reports ../shared/corpus \
        [--e5-data DIR] [--subset FILE]

`--data` must hold the reports already (build it once with `sitrep eval --data DIR`); nothing is
re-embedded, so each variant takes as long as its questions. `--e5-data` is a second library of
the same reports built with `SITREP_EMBED_MODEL=multilingual-e5-small`. Switches that are
settings are set through their environment variables; the others (report targeting, table rows,
cross-language word forms) are switched off here by replacing the one function that provides them.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from evals.runner import run_eval
from index.lexical import Tokenizer

COLUMNS = ["answer_accuracy", "citation_accuracy", "abstention_accuracy", "false_abstention"]
RETRIEVAL = ["hit@1", "hit@5", "mrr", "latency_p95"]


@contextmanager
def _switched(env: dict[str, str], patches: list[Any]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        for patch in patches:
            patch.start()
        yield
    finally:
        for patch in patches:
            patch.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _own_language_forms(self: Tokenizer, text: str, language: str = "en") -> dict[str, set[str]]:
    return {stem: {stem} for stem in self(text, language)}


def variants(e5_data: Path | None) -> list[tuple[str, dict[str, str], list[Any], bool]]:
    """(name, environment, patches, uses the e5 library)."""
    out: list[tuple[str, dict[str, str], list[Any], bool]] = [
        ("full system", {}, [], False),
        ("no BM25 (vector search only)", {"SITREP_LEXICAL_WEIGHT": "0"}, [], False),
        ("no vector search (BM25 only)", {"SITREP_DENSE_WEIGHT": "0"}, [], False),
        ("no glossary", {"SITREP_GLOSSARY": "false"}, [], False),
        (
            "no cross-language word forms",
            {},
            [mock.patch.object(Tokenizer, "forms", _own_language_forms)],
            False,
        ),
        (
            "no report targeting (dates, numbers, latest, change)",
            {},
            [
                mock.patch("app.assistant.points_in_time", lambda *_a: []),
                mock.patch("app.assistant.wants_latest", lambda _q: False),
            ],
            False,
        ),
        (
            "no table rows as answers",
            {},
            [mock.patch("app.answer.Answerer._table_candidates", lambda *_a: [])],
            False,
        ),
        ("evidence threshold 0.4 (default 0.45)", {"SITREP_MIN_EVIDENCE": "0.4"}, [], False),
        ("evidence threshold 0.5 (default 0.45)", {"SITREP_MIN_EVIDENCE": "0.5"}, [], False),
    ]
    if e5_data:
        e5 = {"SITREP_EMBED_MODEL": "multilingual-e5-small"}
        out += [
            ("multilingual-e5-small instead of MiniLM", e5, [], True),
            ("multilingual-e5-small, no glossary", {**e5, "SITREP_GLOSSARY": "false"}, [], True),
        ]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=Path("evals/questions"))
    parser.add_argument("--reports", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--e5-data", type=Path)
    parser.add_argument("--subset", type=Path)
    parser.add_argument("--only", help="run only the variants whose name contains this")
    args = parser.parse_args(argv)

    print(
        "| variant | answer | citation | abstain ok | false abst. | hit@1 | hit@5 | MRR | p95 s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, env, patches, e5 in variants(args.e5_data):
        if args.only and args.only not in name:
            continue
        with _switched(env, patches):
            result = run_eval(
                args.questions,
                [args.reports],
                data=args.e5_data if e5 else args.data,
                subset=args.subset,
                baseline=False,
            )
        m = result["system"]
        cells = [f"{m[k]:.3f}" for k in COLUMNS + RETRIEVAL]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
