"""The count that `date_tolerance_days` is chosen from: answers by how far their report lies
from the days their question names."""

from __future__ import annotations

from evals.date_gaps import gaps


def _question(text: str, answerable: bool, right: bool, *dates: str, abstained: bool = False):  # type: ignore[no-untyped-def]
    return {
        "question": text,
        "answerable": answerable,
        "verdict": {"answer_correct": right},
        "answer": {"abstained": abstained, "citations": [{"date": d} for d in dates]},
    }


def test_answers_are_counted_by_the_days_between_their_report_and_the_day_asked() -> None:
    results = {
        "questions": [
            _question("Cases on 14 April 2020?", True, True, "2020-04-15"),
            _question("Cases on 14 April 2020?", False, False, "2020-08-16"),
            _question("Cases between 1 and 30 June 2019?", True, True, "2019-06-10"),
            _question("Cases on 14 April 2020?", True, False, "2020-04-14", abstained=True),
            _question("Cases in Peru?", True, True, "2020-04-14"),
        ]
    }
    assert gaps(results) == {
        ("1", "right"): 1,
        ("32-366", "wrong (unanswerable)"): 1,
        ("0", "right"): 1,
    }
