"""The reader's fitting and calibration on made-up candidates: the ranker learns which feature
marks the answer, the L2 strength kept is the one under which held-out answers are most likely,
and the threshold is the lowest that reaches the stated precision."""

from __future__ import annotations

import numpy as np

from evals import fit_reader
from evals.fit_reader import COLUMNS, Asked, Part, fit_ranker
from evals.question_set import Question

SIGNAL = COLUMNS.index("coverage")
NOISE = COLUMNS.index("meaning")


def _questions(n: int, flip: float, seed: int = 0) -> list[Asked]:
    """n questions of 6 candidates each: the right one has the highest `coverage`, except in a
    share `flip` of them, where a random one is right; `meaning` is noise throughout."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        x = np.zeros((6, len(COLUMNS)))
        x[:, SIGNAL] = rng.normal(size=6)
        x[:, NOISE] = rng.normal(size=6)
        right = np.zeros(6, dtype=bool)
        right[int(rng.integers(6)) if rng.random() < flip else int(np.argmax(x[:, SIGNAL]))] = True
        q = Question(id=f"q{i}", question="?", lang="en", category="figure", answerable=True)
        out.append(Asked(q, [Part(x, [str(k) for k in range(6)], right)]))
    return out


def test_the_ranker_learns_the_feature_that_marks_the_answer() -> None:
    w = fit_ranker(_questions(200, flip=0.1), strength=0.1)
    assert w[SIGNAL] > 1.0
    assert abs(w[NOISE]) < 0.3 * w[SIGNAL]


def test_an_added_feature_is_fitted_with_every_other_weight_kept() -> None:
    """`--add`: only the new feature's weight moves; the model in use keeps its own."""
    held = np.zeros(fit_reader.RANKED)
    held[NOISE] = 0.7  # a weight the model in use has, wrong as it may be
    w = fit_ranker(_questions(200, flip=0.1), strength=0.1, held=held, free=[SIGNAL])
    assert w[SIGNAL] > 1.0
    assert w[NOISE] == 0.7 and np.count_nonzero(w) == 2


def test_the_strength_kept_makes_held_out_answers_most_likely() -> None:
    asked = _questions(150, flip=0.4, seed=1)
    by_strength = {s: fit_reader._held_out_likelihood(asked, s) for s in (0.01, 1.0, 300.0)}
    # A ranker held near zero by a huge strength spreads its belief over all six candidates.
    assert by_strength[300.0] < by_strength[1.0]
    assert by_strength[300.0] > np.log(1 / 6) - 0.05
    kept = fit_reader.fit(asked, _questions(50, flip=0.4, seed=2))["figures"]
    likelihoods = kept["dev_held_out_likelihood_by_strength"]
    assert likelihoods[str(kept["l2_strength"])] == max(likelihoods.values())


def test_the_calibrated_threshold_is_the_lowest_that_reaches_the_precision() -> None:
    from evals.calibrate import PRECISION, choose

    def at(precision: float) -> dict[str, float]:
        return {"precision": precision}

    grid = {0.4: at(PRECISION - 0.1), 0.5: at(PRECISION), 0.6: at(PRECISION + 0.05)}
    assert choose(grid) == 0.5
    assert choose({0.4: at(0.1), 0.5: at(0.2)}) == 0.5  # none reaches it: the strictest


def test_calibration_folds_keep_each_report_in_one_fold() -> None:
    """Cross-fitted calibration: a report's questions are answered by a model that saw none of
    them; questions without a source (unanswerable) spread by their own id."""
    from evals.calibrate import FOLDS, fold_of
    from evals.question_set import Source

    def asked(i: int, file: str | None) -> Question:
        sources = [Source(file=file, page=1)] if file else []
        return Question(f"q{i}", "?", "en", "figure", bool(file), sources=sources)

    by_file = [asked(i, f"report-{i % 40}.pdf") for i in range(200)]
    folds: dict[str, set[int]] = {}
    for q in by_file:
        folds.setdefault(q.sources[0].file, set()).add(fold_of(q))
    assert all(len(f) == 1 for f in folds.values())
    assert {fold_of(q) for q in by_file} == set(range(FOLDS))
    assert {fold_of(asked(i, None)) for i in range(50)} == set(range(FOLDS))


def test_an_added_feature_may_bring_its_abstainer_fitted_again() -> None:
    """`--add F --abstainer`: the abstainer is fitted again on the new ranker's best candidates
    (for a feature that changes which candidates there are); without it, it is kept."""
    from app.extractive.model import CONFIDENCE_FEATURES

    dev, test = _questions(200, flip=0.3), _questions(50, flip=0.3, seed=3)
    kept = fit_reader.add(dev, test, ["coverage"])
    assert "abstainer" not in kept
    refitted = fit_reader.add(dev, test, ["coverage"], abstainer=True)
    assert set(refitted["abstainer"]) == set(CONFIDENCE_FEATURES)
    assert 0.0 < refitted["threshold"] <= 1.0
    # Its figures are the refitted abstainer's at its threshold, not the stored model's.
    assert refitted["figures"]["added"] != kept["figures"]["added"]
