"""Each component of the pipeline switched off in turn, on a library already built: what it is
worth in answer and citation accuracy, retrieval and latency.

    .venv/bin/python -m evals.ablation --data DIR --reports ../shared/corpus \
        [--e5-data DIR] [--subset FILE]

`--data` must hold the reports already (build it once with `sitrep eval --data DIR`); nothing is
re-embedded, so each variant takes as long as its questions. `--e5-data` is a second library of
the same reports built with `SITREP_EMBED_MODEL=multilingual-e5-small`. Every switch is a setting
or a constructor argument of the part it switches off.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app import Assistant, Settings
from app.assistant import reader_model
from app.extractive import ExtractiveReader
from app.planner import Planner
from app.question import QuestionReader
from evals.runner import run_eval
from index import Library

COLUMNS = ["answer_accuracy", "citation_accuracy", "abstention_accuracy", "false_abstention"]
RETRIEVAL = ["hit@1", "hit@5", "mrr", "latency_p95"]


# Families of the reader model's features, switched off together (their weights set to 0 in the
# ranker and the abstainer).
GROUPS = {
    "evidence by meaning": (
        "meaning",
        "meaning_z",
        "meaning_unmatched",
        "meaning_top",
        "meaning_gap",
        "meaning_rank",
        "column_meaning",
        "column_gap",
    ),
    "lexical coverage": ("coverage", "coverage_z", "coverage_gap", "topic_coverage", "near"),
    "unit and measure fit": ("measure", "kind_fit", "unit_other", "counted_near", "done"),
    "table column and row fit": (
        "column_meaning",
        "column_gap",
        "column_misses",
        "label_hits",
        "label_misses",
        "total_row",
    ),
    "the planner's report choice and search ranks": (
        "report_first",
        "rank",
        "dense_rank",
        "lexical_rank",
        "meaning_rank",
    ),
    "names asked for": ("names", "name_near", "noun_near", "span_new", "first_word"),
    "the date, report number and period asked": ("date_gap", "number_miss", "period_miss"),
    "the answer kind asked": ("open_figure", "open_name"),
}


@dataclass
class Variant:
    name: str
    settings: dict[str, Any] = field(default_factory=dict)
    cross_language: bool = True
    targeting: bool = True
    tables: bool = True
    e5: bool = False
    without: tuple[str, ...] = ()  # features of the ranker whose weight is set to 0

    def assistant_for(self, data: Path) -> Assistant:
        settings = Settings(data_dir=data, **self.settings)
        library = Library(settings)
        questions = QuestionReader(
            library.tokenizer,
            library.glossary.equivalents,
            self.cross_language,
            translations=library.translations,
            whole_names=library.glossary.whole_names,
        )
        model = reader_model(settings)
        if self.without:
            ranker = {k: v for k, v in model.ranker.items() if k not in self.without}
            abstainer = {k: v for k, v in model.abstainer.items() if k not in self.without}
            model = replace(model, ranker=ranker, abstainer=abstainer)
        reader = ExtractiveReader(
            questions, model, tables=self.tables, meaning=library.meaning_vector
        )
        planner = Planner(questions, settings.top_k, targeting=self.targeting)
        return Assistant(settings=settings, library=library, reader=reader, planner=planner)


def variants(e5_data: Path | None) -> list[Variant]:
    out = [
        Variant("full system"),
        Variant("no BM25 (vector search only)", {"lexical_weight": 0.0}),
        Variant("no vector search (BM25 only)", {"dense_weight": 0.0}),
        Variant("no glossary", {"glossary": False}),
        Variant("no cross-language word forms", cross_language=False),
        Variant("no report targeting (dates, numbers, latest, change)", targeting=False),
        Variant("no table rows as answers", tables=False),
        Variant("no search by meaning (sentence index)", {"meaning_weight": 0.0}),
        Variant("no words by meaning (translations the glossary lacks)", {"word_similarity": 1.1}),
        *(Variant(f"scoring without {name}", without=group) for name, group in GROUPS.items()),
    ]
    if e5_data:
        e5 = {"embed_model": "multilingual-e5-small"}
        out += [
            Variant("multilingual-e5-small instead of MiniLM", e5, e5=True),
            Variant("multilingual-e5-small, no glossary", {**e5, "glossary": False}, e5=True),
        ]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
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
    for variant in variants(args.e5_data):
        if args.only and args.only not in variant.name:
            continue
        build: Callable[[Path], Assistant] = variant.assistant_for
        result = run_eval(
            args.questions,
            [args.reports],
            data=args.e5_data if variant.e5 else args.data,
            subset=args.subset,
            baseline=False,
            assistant_for=build,
        )
        m = result["system"]
        cells = [f"{m[k]:.3f}" for k in COLUMNS + RETRIEVAL]
        print(f"| {variant.name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
