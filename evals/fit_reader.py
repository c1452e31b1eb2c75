"""Fit the extractive reader's models on the dev questions, and report the same figures on the
test questions (which are never fitted on); `evals/calibrate.py` then sets the threshold.

    .venv/bin/python -m evals.fit_reader --data DIR [--questions evals/questions] [--write]
    .venv/bin/python -m evals.fit_reader --data DIR --ablate   # refit without each feature family
    .venv/bin/python -m evals.fit_reader --data DIR --add FEATURE [--write]  # fit a new one only
    .venv/bin/python -m evals.fit_reader --data DIR --add FEATURE --abstainer [--write]

`--data` is a library that holds the corpus (`make eval-dev` builds one in ./eval-data). Every
candidate of every part of every question is labelled right when its own words give an expected
item and it comes from a cited page. The ranker is a conditional logit over the candidates of each
part (which one is the answer). The abstainer is a logistic regression over the best candidate of
each question, as scored by a ranker that never saw that question (out of fold): its score, its
lead over the runner-up and its evidence, against whether it is right. The threshold it prints
and writes is the lowest probability at which, over the dev questions, 80% of the best
candidates are right by these labels (an unanswerable question answered is wrong); the one the
reader uses is then set end to end by `evals/calibrate.py`. The ranker's L2 strength is the one
under which, by 5-fold cross-validation over the dev questions, the right candidates are most
likely. With `--write` both models go to `app/extractive/model.json` with these figures.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from scipy.optimize import minimize

from app import Assistant
from app.extractive import Candidate, ExtractiveReader
from app.extractive.model import CONFIDENCE_FEATURES, FEATURES, MODEL_FILE, ReaderModel
from app.reader import PageTexts
from evals.question_set import Question, load_questions
from evals.scoring import gives
from index import Hit, SearchFilters, SearchResult

PRECISION = 0.8  # the share of given answers that must be right, on the dev questions
# The ranker's features, then the abstainer's candidate features the ranker does not use.
COLUMNS = (
    *FEATURES,
    *(f for f in CONFIDENCE_FEATURES if f not in FEATURES and f not in ("score", "margin")),
)
RANKED = len(FEATURES)
# model.json's entries for the abstainer, as `add --abstainer` returns and writes them.
ABSTAINER_KEYS = ("abstainer", "abstainer_intercept", "threshold")
FOLDS = 5
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


@dataclass
class Part:
    """One part of a question: its candidates' features, leads and labels."""

    x: np.ndarray  # candidates x FEATURES
    leads: list[str]
    right: np.ndarray  # bool per candidate


@dataclass
class Asked:
    question: Question
    parts: list[Part]


def cites(hit: Hit, question: Question) -> bool:
    """Whether the hit covers a page the question cites as a source."""
    return any(s.file == hit.file and hit.page <= s.page <= hit.page_end for s in question.sources)


def is_right(candidate: Candidate, question: Question) -> bool:
    """Whether the candidate's own words give an expected item and it comes from a cited page."""
    words = candidate.lead or candidate.quote
    return any(gives(words, [item]) for item in question.expected) and cites(
        candidate.hit, question
    )


class Read(NamedTuple):
    """A question as the reader saw it: the hits searched, and each part's candidates."""

    question: Question
    hits: list[Hit]
    parts: list[list[Candidate]]


def read_all(
    assistant: Assistant, questions: list[Question], pages: PageTexts | None = None
) -> Iterator[Read]:
    """Plan, search and find candidates for every question, as `Assistant.ask` does; a change
    question is two lookups, fitted through its plain questions, and left out. `pages`: the
    page texts to read quotes from, shared with a caller that reads them too."""
    reader = assistant.reader
    assert isinstance(reader, ExtractiveReader)
    records = assistant.library.reports()
    pages = pages or PageTexts(assistant.library.page_texts)

    def search(query: str, scope: SearchFilters, top_k: int | None) -> SearchResult:
        return assistant.library.search(query, scope, top_k=top_k, records=records)

    for question in questions:
        plan, results = assistant.planner.run(
            question.question, [], SearchFilters(), records, search
        )
        if plan.route == "compare":
            continue
        hits = [h for r in results for h in r.hits]
        parts = reader.candidates(plan.asked, hits, results[0].terms, pages) if results else []
        yield Read(question, hits, [found for _, found in parts])


def gather(assistant: Assistant, questions: list[Question]) -> list[Asked]:
    """Every question's candidates as features and labels (see `read_all`)."""
    return [
        Asked(
            read.question,
            [
                Part(
                    np.array(
                        [[c.features.get(f, 0.0) for f in COLUMNS] for c in found], dtype=float
                    ).reshape(len(found), len(COLUMNS)),
                    [c.lead for c in found],
                    np.array([is_right(c, read.question) for c in found], dtype=bool),
                )
                for found in read.parts
            ],
        )
        for read in read_all(assistant, questions)
    ]


def fit_ranker(
    asked: list[Asked],
    strength: float,
    held: np.ndarray | None = None,
    free: list[int] | None = None,
) -> np.ndarray:
    """Weights that make the right candidates of each part likely among its candidates; with
    `held` and `free`, only the weights at `free` are fitted and the others kept as `held`."""
    parts = [p for a in asked for p in a.parts if p.right.any() and len(p.right) > 1]
    x = np.vstack([p.x[:, :RANKED] for p in parts])
    right = np.concatenate([p.right for p in parts])
    group = np.repeat(np.arange(len(parts)), [len(p.right) for p in parts])

    def segment_logsumexp(s: np.ndarray) -> np.ndarray:
        top = np.full(len(parts), -np.inf)
        np.maximum.at(top, group, s)
        return top + np.log(np.bincount(group, np.exp(s - top[group]), len(parts)))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        every = segment_logsumexp(s)
        good_s = np.where(right, s, -np.inf)
        good = segment_logsumexp(good_s)
        p_every = np.exp(s - every[group])
        p_good = np.where(right, np.exp(good_s - good[group]), 0.0)
        total = float((every - good).sum() + strength * w @ w)
        grad = (p_every - p_good) @ x + 2 * strength * w
        return total, grad

    if held is None or free is None:
        return np.asarray(minimize(loss, np.zeros(RANKED), jac=True, method="L-BFGS-B").x)

    def loss_free(v: np.ndarray) -> tuple[float, np.ndarray]:
        w = held.copy()
        w[free] = v
        total, grad = loss(w)
        return total, grad[free]

    result = minimize(loss_free, np.zeros(len(free)), jac=True, method="L-BFGS-B")
    w = held.copy()
    w[free] = result.x
    return w


def tops(asked: list[Asked], w: np.ndarray) -> list[tuple[dict[str, float], bool | None]]:
    """Per question: the confidence features of its first part's best candidate, and whether
    it is right (None for an unanswerable question, where any answer is wrong)."""
    out: list[tuple[dict[str, float], bool | None]] = []
    for a in asked:
        part = a.parts[0] if a.parts else None
        right = None if not a.question.answerable else False
        if part is None or len(part.leads) == 0:
            out.append(({}, right))
            continue
        s = part.x[:, :RANKED] @ w
        order = np.argsort(-s)
        best = int(order[0])
        runner = next((s[i] for i in order[1:] if part.leads[i] != part.leads[best]), 0.0)
        values = dict(zip(COLUMNS, part.x[best], strict=True))
        values.update(score=float(s[best]), margin=float(s[best] - runner))
        if right is not None:
            right = bool(part.right[best])
        out.append(({k: float(values.get(k, 0.0)) for k in CONFIDENCE_FEATURES}, right))
    return out


def out_of_fold(
    asked: list[Asked],
    strength: float,
    held: np.ndarray | None = None,
    free: list[int] | None = None,
) -> list[tuple[dict[str, float], bool | None]]:
    """Each question's best candidate as ranked by weights fitted without it (`fit_ranker`)."""
    out: list[tuple[dict[str, float], bool | None]] = [({}, None)] * len(asked)
    for train, left_out in _folds(asked):
        w = fit_ranker(train, strength, held, free)
        for i in left_out:
            out[i] = tops([asked[i]], w)[0]
    return out


def _folds(asked: list[Asked]) -> Iterator[tuple[list[Asked], range]]:
    """Each of the FOLDS folds: the questions fitted on, and the indices of those held out."""
    for fold in range(FOLDS):
        yield [a for i, a in enumerate(asked) if i % FOLDS != fold], range(fold, len(asked), FOLDS)


def top_accuracy(results: list[tuple[dict[str, float], bool | None]]) -> float:
    answerable = [r for _, r in results if r is not None]
    return sum(answerable) / len(answerable) if answerable else math.nan


def fit_abstainer(
    results: list[tuple[dict[str, float], bool | None]],
) -> tuple[dict[str, float], float]:
    from sklearn.linear_model import LogisticRegression

    rows = [(f, bool(r)) for f, r in results if f]
    x = np.array([[f[k] for k in CONFIDENCE_FEATURES] for f, _ in rows])
    y = np.array([r for _, r in rows])
    model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    weights = {
        k: round(float(v), 4) for k, v in zip(CONFIDENCE_FEATURES, model.coef_[0], strict=True)
    }
    return weights, round(float(model.intercept_[0]), 4)


def probabilities(
    results: list[tuple[dict[str, float], bool | None]], weights: dict[str, float], intercept: float
) -> list[tuple[float, bool | None]]:
    return [
        (
            1 / (1 + math.exp(-(intercept + sum(w * f.get(k, 0.0) for k, w in weights.items()))))
            if f
            else 0.0,
            r,
        )
        for f, r in results
    ]


def figures(results: list[tuple[float, bool | None]], threshold: float) -> dict[str, float]:
    answerable = [(p, r) for p, r in results if r is not None]
    unanswerable = [p for p, r in results if r is None]
    answered = [(p, r) for p, r in answerable if p >= threshold]
    right = sum(1 for _, r in answered if r)

    def share(n: float, d: int) -> float:
        return round(n / d, 3) if d else math.nan

    return {
        "questions": len(results),
        "answer": share(right, len(answerable)),
        "precision": share(right, len(answered)),
        "false_abstention": share(len(answerable) - len(answered), len(answerable)),
        "abstention": share(sum(p < threshold for p in unanswerable), len(unanswerable)),
    }


def choose_threshold(results: list[tuple[float, bool | None]]) -> float:
    """The lowest probability at which the answers given (unanswerable questions answered count
    as wrong) are right at least PRECISION of the time."""
    for t in sorted({round(p, 3) for p, _ in results}):
        answered = [r for p, r in results if p >= t]
        if answered and sum(1 for r in answered if r) / len(answered) >= PRECISION:
            return t
    return 1.0


def fit(dev: list[Asked], test: list[Asked], strength: float | None = None) -> dict[str, Any]:
    """Both models and the threshold from the dev questions, with dev and test figures; the
    ranker's L2 strength is chosen on dev unless given."""
    # The L2 strength is the one whose ranker gives the right candidates the highest likelihood
    # on dev questions it was not fitted on: a smooth yardstick, where the share answered right
    # at the precision target moves by a question or two between neighbouring strengths.
    held_likelihood: dict[float, float] = {}
    if strength is None:
        held_likelihood = {s: _held_out_likelihood(dev, s) for s in STRENGTHS}
        strength = max(held_likelihood, key=lambda s: (held_likelihood[s], s))
    held_out = out_of_fold(dev, strength)
    chosen = _abstain_on(held_out)
    weights, intercept, dev_p = chosen.weights, chosen.intercept, chosen.probabilities
    threshold = chosen.threshold
    w = fit_ranker(dev, strength)
    test_tops = tops(test, w)
    return {
        "ranker": {f: round(float(v), 4) for f, v in zip(FEATURES, w, strict=True)},
        "abstainer": weights,
        "abstainer_intercept": intercept,
        "threshold": threshold,
        "figures": {
            "l2_strength": strength,
            "dev_held_out_likelihood_by_strength": {
                str(k): round(v, 4) for k, v in held_likelihood.items()
            },
            "dev": {"top_accuracy": round(top_accuracy(held_out), 3), **figures(dev_p, threshold)},
            "test": {
                "top_accuracy": round(top_accuracy(test_tops), 3),
                **figures(probabilities(test_tops, weights, intercept), threshold),
            },
        },
    }


def _held_out_likelihood(asked: list[Asked], strength: float) -> float:
    """Mean log-probability the ranker gives a part's right candidates, over the parts of the
    questions each fold's ranker was not fitted on."""
    total, parts = 0.0, 0
    for train, held in _folds(asked):
        w = fit_ranker(train, strength)
        for i in held:
            for p in asked[i].parts:
                if not p.right.any() or len(p.right) < 2:
                    continue
                s = p.x[:, :RANKED] @ w
                total += float(np.logaddexp.reduce(s[p.right]) - np.logaddexp.reduce(s))
                parts += 1
    return total / parts if parts else -math.inf


class _Abstainer(NamedTuple):
    weights: dict[str, float]
    intercept: float
    probabilities: list[tuple[float, bool | None]]  # of the dev questions' best candidates
    threshold: float  # the lowest at which those are right PRECISION of the time


def _abstain_on(held_out: list[tuple[dict[str, float], bool | None]]) -> _Abstainer:
    """The abstainer fitted on out-of-fold best candidates, with its threshold on them."""
    weights, intercept = fit_abstainer(held_out)
    dev_p = probabilities(held_out, weights, intercept)
    return _Abstainer(weights, intercept, dev_p, choose_threshold(dev_p))


def without(asked: list[Asked], names: tuple[str, ...]) -> list[Asked]:
    """The same questions with these features set to 0 for every candidate."""
    columns = [COLUMNS.index(n) for n in names if n in COLUMNS]
    out = []
    for a in asked:
        parts = []
        for p in a.parts:
            x = p.x.copy()
            x[:, columns] = 0.0
            parts.append(Part(x, p.leads, p.right))
        out.append(Asked(a.question, parts))
    return out


def add(
    dev: list[Asked], test: list[Asked], names: list[str], abstainer: bool = False
) -> dict[str, Any]:
    """New ranker features on top of the stored model: only their weights are fitted on the dev
    questions; every other weight, the abstainer and the threshold are kept. A full refit on
    today's dev questions answers fewer test questions than the stored model does (0.239
    against 0.289), so a feature is judged, and landed, by what it adds to the model in use.
    With `abstainer`, the abstainer is fitted again on the best candidates of the new ranker
    (out of fold), for a feature that changes which candidates there are; its threshold is then
    set end to end by `evals/calibrate.py --in-use`."""
    stored = ReaderModel.load()
    held = np.array([stored.ranker.get(f, 0.0) for f in FEATURES])
    free = [FEATURES.index(n) for n in names]
    strength = float(stored.notes.get("l2_strength", 0.1))  # as evals/calibrate.py reads it

    def side_by_side(
        dev_tops: list[Any], test_tops: list[Any], model: tuple[dict[str, float], float, float]
    ) -> dict[str, Any]:
        weights, intercept, threshold = model
        return {
            split: {
                "top_accuracy": round(top_accuracy(found), 3),
                **figures(probabilities(found, weights, intercept), threshold),
            }
            for split, found in (("dev", dev_tops), ("test", test_tops))
        }

    w = fit_ranker(dev, strength, held, free)
    held_out = out_of_fold(dev, strength, held, free)
    before = (stored.abstainer, stored.abstainer_intercept, stored.threshold)
    after, refitted = before, {}
    if abstainer:
        fitted = _abstain_on(held_out)
        after = (fitted.weights, fitted.intercept, fitted.threshold)
        refitted = dict(zip(ABSTAINER_KEYS, after, strict=True))
    return {
        "ranker": {n: round(float(w[i]), 4) for n, i in zip(names, free, strict=True)},
        **refitted,
        "figures": {
            "stored": side_by_side(tops(dev, held), tops(test, held), before),
            "added": side_by_side(held_out, tops(test, w), after),
        },
    }


def ablate(dev: list[Asked], test: list[Asked]) -> None:
    """Refit without each family of features (evals/ablation.py's groups); print dev and test."""
    from evals.ablation import GROUPS

    keys = ("answer", "precision", "false_abstention", "abstention")
    print("| refitted without | dev top-1 | " + " | ".join(f"dev {k}" for k in keys), end="")
    print(" | test top-1 | " + " | ".join(f"test {k}" for k in keys) + " |")
    print("|---" * (2 * len(keys) + 3) + "|")
    for name, group in {"(nothing: the model)": (), **GROUPS}.items():
        figures_ = fit(without(dev, group), without(test, group))["figures"]
        cells = [name]
        for split in ("dev", "test"):
            f = figures_[split]
            cells += [f"{f['top_accuracy']:.3f}", *(f"{f[k]:.3f}" for k in keys)]
        print("| " + " | ".join(cells) + " |", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=Path("evals/questions"))
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_FILE}")
    parser.add_argument(
        "--ablate", action="store_true", help="refit without each family of features instead"
    )
    parser.add_argument(
        "--add",
        nargs="+",
        metavar="FEATURE",
        help="fit only these new ranker features' weights, keeping the stored model (see `add`)",
    )
    parser.add_argument(
        "--abstainer",
        action="store_true",
        help="with --add: fit the abstainer again on the new ranker's best candidates",
    )
    args = parser.parse_args(argv)
    if unknown := set(args.add or ()) - set(FEATURES):
        parser.error(f"--add: not ranker features: {sorted(unknown)}")
    if args.abstainer and not args.add:
        parser.error("--abstainer goes with --add")

    started = time.perf_counter()
    assistant = Assistant(args.data)
    dev = gather(assistant, load_questions(args.questions / "dev"))
    test = gather(assistant, load_questions(args.questions / "test"))
    if args.ablate:
        ablate(dev, test)
        return
    if args.add:
        added = add(dev, test, args.add, args.abstainer)
        print(json.dumps(added, indent=1))
        if args.write:
            current = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
            current["ranker"].update(added["ranker"])
            for key in ABSTAINER_KEYS:
                if key in added:
                    current[key] = added[key]
            current["notes"].setdefault("added", {})[" ".join(args.add)] = {
                "weights": added["ranker"],
                "how": "evals/fit_reader.py --add: only these weights fitted on the dev "
                "questions, the rest of the model kept; first part before the citation check, "
                "dev out of fold, "
                + (
                    "with the abstainer fitted again on the new ranker's best candidates "
                    "(figures at the threshold of its labels, before evals/calibrate.py)"
                    if args.abstainer
                    else "at the stored abstainer and threshold"
                ),
                **added["figures"],
            }
            MODEL_FILE.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
        return
    fitted = fit(dev, test)
    fitted["figures"]["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(fitted, indent=1))
    if args.write:
        current = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        figures_ = fitted.pop("figures")
        current.update(fitted)
        current["notes"] = {
            "fitted": "evals/fit_reader.py on the dev questions; figures are each question's "
            "first part before the citation check (dev: out of fold)",
            "precision_target": PRECISION,
            **figures_,
        }
        MODEL_FILE.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
