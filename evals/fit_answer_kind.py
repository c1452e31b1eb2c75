"""Fit whether an open question asks for a figure or a name (`AnswerKind`, in
`app/extractive/model.py`) on the dev questions, and report the same on the test questions (never
fitted on).

    .venv/bin/python -m evals.fit_answer_kind [--questions evals/questions] [--write]

An open question ("what was ...", "quelle zone ...", "¿qué organización ...?") may ask for either:
"quelle zone de santé" wants a name, "quelle quantité de vaccins" a figure, and no word rule tells
them apart in three languages. The model is a logistic regression over the question's
multilingual-e5-small vector, as the search by meaning embeds it, fitted on every answerable dev
question of one part, each labelled by its expected answer (a figure, or a name or date): the open
ones alone are too few and lean on their language (most English open questions ask for figures, as
English asks for names with "which"). Its L2 strength is the one with the best 5-fold
cross-validated log loss on the open dev questions, which it is used for. It needs no library: it
runs in seconds. With `--write` it goes to `model.json` with its figures; the ranker's
`open_figure` and `open_name` weights are then fitted on top of it with
`evals/fit_reader.py --add open_figure open_name`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from app.extractive.model import MODEL_FILE
from app.extractive.parts import split_parts
from app.question import answer_wanted, months_in
from evals.question_set import Question, load_questions
from index.meaning import SentenceEncoder

STRENGTHS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)  # sklearn's C: 1 / L2 strength
FOLDS = 5


def asks_figure(question: Question) -> bool:
    """Whether the expected answer is a figure (not a name, nor a date: a day and its month)."""
    first = question.expected[0][0]
    return any(c.isdigit() for c in first) and not months_in(first)


def one_part(questions: list[Question]) -> list[Question]:
    """The answerable questions of one part, with what they expect."""
    return [
        q for q in questions if q.answerable and q.expected and len(split_parts(q.question)) == 1
    ]


def is_open(question: Question) -> bool:
    return answer_wanted(question.question) == "open"


def fit(dev: list[Question], test: list[Question]) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    encoder = SentenceEncoder(threads=1)

    def data(questions: list[Question]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        x = np.stack([encoder.query(q.question) for q in questions])
        return (
            x,
            np.array([asks_figure(q) for q in questions]),
            np.array(list(map(is_open, questions))),
        )

    x, y, opened = data(dev)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    held: dict[float, np.ndarray] = {}
    for c in STRENGTHS:
        model = LogisticRegression(C=c, max_iter=5000)
        held[c] = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]

    def figures(p: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
        share = float(labels.mean()) if len(labels) else 0.0
        return {
            "questions": len(labels),
            "figures": int(labels.sum()),
            "accuracy": round(float(np.mean((p >= 0.5) == labels)), 3) if len(labels) else 0.0,
            "accuracy_of_the_commoner_kind": round(max(share, 1 - share), 3),
        }

    losses = {
        c: float(log_loss(y[opened], p[opened], labels=[False, True])) for c, p in held.items()
    }
    best = min(losses, key=lambda c: (losses[c], c))
    model = LogisticRegression(C=best, max_iter=5000).fit(x, y)
    x_test, y_test, open_test = data(test)
    p_test = model.predict_proba(x_test)[:, 1]
    return {
        "weights": [round(float(w), 4) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "prior": round(float(y[opened].mean()), 3),
        "notes": {
            "fitted": "evals/fit_answer_kind.py on the answerable dev questions of one part; "
            "figures of the open ones (dev: out of fold)",
            "C": best,
            "dev_open_log_loss_by_C": {str(c): round(v, 4) for c, v in losses.items()},
            "fitted_on": len(y),
            "dev": figures(held[best][opened], y[opened]),
            "test": figures(p_test[open_test], y_test[open_test]),
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=Path("evals/questions"))
    parser.add_argument("--write", action="store_true", help=f"write it to {MODEL_FILE}")
    args = parser.parse_args(argv)
    dev = one_part(load_questions(args.questions / "dev"))
    test = one_part(load_questions(args.questions / "test"))
    fitted = fit(dev, test)
    print(json.dumps(fitted["notes"], indent=1))
    if args.write:
        current = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        current["answer_kind"] = fitted
        MODEL_FILE.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
