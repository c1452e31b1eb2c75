"""What the answer-kind model is fitted on: questions of one part, labelled by their expected
answer, and judged on the open ones."""

from __future__ import annotations

from evals.fit_answer_kind import asks_figure, is_open, one_part
from evals.question_set import Question


def _q(text: str, expected: str, answerable: bool = True) -> Question:
    return Question("q", text, "en", "fact", answerable, [[expected]] if expected else [])


def test_a_figure_is_expected_unless_it_is_a_date_or_a_name() -> None:
    assert asks_figure(_q("What was the funding gap?", "US$ 4.2 million"))
    assert asks_figure(_q("Quelle part des ménages ?", "27"))
    assert not asks_figure(_q("Which partner ran it?", "Aldava Relief"))
    assert not asks_figure(_q("À quelle date ?", "20 août 2025"))


def test_fitted_on_answerable_questions_of_one_part_and_judged_on_the_open_ones() -> None:
    kept = _q("What partner ran the transit centre?", "Aldava Relief")
    count = _q("How many kits were distributed?", "3,200")
    questions = [
        kept,
        count,
        _q("What partner ran it, and how many families came?", "Aldava Relief"),  # two parts
        _q("What partner ran the camp in Vale?", "", answerable=False),
    ]
    assert one_part(questions) == [kept, count]
    assert is_open(kept) and not is_open(count)
