"""The fitted models of the extractive reader, and every weight it uses: a ranker that scores each
candidate of a question by its named features (a conditional logit: which candidate of this
question is the answer), and an abstainer that turns the best candidate's score, its lead over the
next one and its own evidence into the probability that it is right. Below the threshold the
reader abstains. `evals/fit_reader.py` fits both on the dev questions and writes `model.json`
beside this file with the dev and test figures they were chosen with."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FILE = Path(__file__).with_name("model.json")
Vector = np.ndarray | Sequence[float]  # a text's vector by meaning

# What a candidate is described by; a feature a candidate does not have counts as 0.
FEATURES = (
    "meaning",  # similarity of its sentence or row to the question (multilingual-e5-small)
    "meaning_z",  # that similarity in standard deviations from the mean of the question's
    "meaning_unmatched",  # meaning_z where no candidate holds the question's words (paraphrases)
    "meaning_top",  # its sentence or row is the nearest of all by meaning
    "coverage",  # share of the question's terms (weighted by rarity) in it; context counts less
    "coverage_z",
    "topic_coverage",  # the same for the words of what is asked only, not of the places named
    "measure",  # its figure's unit, or its column's name, says what the question counts
    "column_meaning",  # similarity of its column's name to the question (tables)
    "column_gap",  # that similarity less the best column of its row
    "column_misses",  # words of its column's name that the question does not use ("new", "24h")
    "label_hits",  # words of its row label that the question uses
    "label_misses",  # words of its row label that the question does not use (none for Total)
    "near",  # the question's words stand near its figure or name
    "counted_near",  # the words of what "how many" counts stand near its figure
    "name_near",  # the places and organisations the question names stand near its figure or name
    "crowded",  # its sentence holds several figures (1 - 1 / their number)
    "first_figure",  # the first figure of its sentence
    "spelled",  # a number written in words (`one`, `trois`)
    "breakdown",  # it follows a colon, "dont", "including": a part of a whole stated before
    "earlier",  # the value a change starts from ("fell from 71 to 65": 71), an earlier report's
    "rank",  # 1 / (1 + rank of its chunk in the search)
    "dense_rank",  # 1 / rank of its chunk in the vector search (0: not found by it)
    "lexical_rank",  # the same in the BM25 search
    "meaning_rank",  # the same in the search by meaning
    "report_first",  # its report is the one the best hit comes from
    "date_gap",  # how far its report's date is from the date the question names (log days)
    "number_miss",  # the question names a report number and its report has another
    "period_miss",  # the question names months or weeks, its sentence others only ("in October")
    "names",  # every place or organisation the question names is in or around it
    "done",  # it says what was done ("vaccinated") when the question does
    "kind_fit",  # a percentage for a rate question, a count for a count question
    "unit_other",  # its figure's unit counts something other than what is asked
    "table",  # a table cell
    "total_row",  # the Total row, for a question about all places together
    "no_lead",  # a sentence quoted as it is (questions that ask for neither figure nor name)
    "span_new",  # share of the name's words the question does not already use
    "noun_near",  # the noun a "which X" question asks for stands by the name
    "first_word",  # the name is the sentence's first word (often just a capital)
    # A figure, for a question that may ask for a figure or a name ("what ..."): less the chance
    # that it asks for a name (`AnswerKind`). Only the kind it is less likely to ask for loses:
    # the answer of the kind it asks for scores as it would for a question asking that kind
    # outright, and the abstainer, which weighs the score, is no surer of it for being open.
    "open_figure",
    "open_name",  # a name, for such a question: less the chance that it asks for a figure
)
# What the abstainer weighs: the best candidate's score and lead over the runner-up, all of its
# own evidence, and how far its meaning and coverage stand from the best of any candidate.
CONFIDENCE_FEATURES = ("score", "margin", *FEATURES, "meaning_gap", "coverage_gap")

# Series (one figure per report): how many of a report's best candidates are looked through for the
# measure the reports agree on, and the share of terms two figures' measures must have in common
# to be the same measure. Set, not fitted: the series yardstick (`evals/series`) measures them.
SERIES_CANDIDATES = 10
SERIES_SAME_MEASURE = 0.6


@dataclass(frozen=True)
class AnswerKind:
    """Whether an open question ("what was ...", "quelle zone ...", "¿qué organización ...?")
    asks for a figure or a name: a logistic regression over the question's multilingual-e5-small
    vector, fitted on the dev questions by `evals/fit_answer_kind.py`. Word rules cannot tell
    "quelle zone" (a name) from "quelle quantité" (a figure) in every language."""

    weights: tuple[float, ...]
    intercept: float
    prior: float  # the share of the open dev questions that ask for a figure: for no vector

    def figure_chance(self, vector: Vector | None) -> float:
        """The probability that the question of this vector asks for a figure."""
        if vector is None or len(vector) != len(self.weights):
            return self.prior
        z = self.intercept + float(np.dot(np.asarray(vector, dtype=float), self.weights))
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class ReaderModel:
    ranker: dict[str, float]  # weight of each candidate feature
    abstainer: dict[str, float]  # weight of each confidence feature
    abstainer_intercept: float
    threshold: float  # the least probability of being right an answer needs; below it, abstain
    context: float = 0.5  # a question term found only around the evidence counts this much
    subject_mentions: int = 3  # a name this often in a report is one of its subjects
    answer_kind: AnswerKind | None = None  # a figure or a name, for an open question
    notes: dict[str, Any] = field(default_factory=dict)

    def figure_chance(self, vector: Vector | None) -> float:
        """The probability that an open question (its vector by meaning) asks for a figure;
        one half without a fitted `answer_kind`."""
        return self.answer_kind.figure_chance(vector) if self.answer_kind else 0.5

    def score(self, features: dict[str, float]) -> float:
        """How strongly a candidate, against the others of its question, is the answer."""
        return sum(weight * features.get(name, 0.0) for name, weight in self.ranker.items())

    def confidence(self, features: dict[str, float], score: float, runner_up: float) -> float:
        """The probability that the best candidate (its features and score; the next best's
        score) is the right answer."""
        values = {**features, "score": score, "margin": score - runner_up}
        z = self.abstainer_intercept + sum(
            weight * values.get(name, 0.0) for name, weight in self.abstainer.items()
        )
        return 1.0 / (1.0 + math.exp(-z))

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> ReaderModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        for part, known in (("ranker", FEATURES), ("abstainer", CONFIDENCE_FEATURES)):
            unknown = set(data[part]) - set(known)
            if unknown:
                raise ValueError(f"{path}: unknown {part} features {sorted(unknown)}")
        return cls(
            ranker={k: float(v) for k, v in data["ranker"].items()},
            abstainer={k: float(v) for k, v in data["abstainer"].items()},
            abstainer_intercept=float(data["abstainer_intercept"]),
            threshold=float(data["threshold"]),
            context=float(data.get("context", 0.5)),
            subject_mentions=int(data.get("subject_mentions", 3)),
            answer_kind=_answer_kind(data.get("answer_kind")),
            notes=data.get("notes", {}),
        )

    def with_threshold(self, threshold: float) -> ReaderModel:
        return replace(self, threshold=threshold)


def _answer_kind(data: dict[str, Any] | None) -> AnswerKind | None:
    if not data:
        return None
    return AnswerKind(
        weights=tuple(float(w) for w in data["weights"]),
        intercept=float(data["intercept"]),
        prior=float(data["prior"]),
    )
