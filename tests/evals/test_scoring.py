"""What counts as a correct answer, citation and retrieval (no corpus needed)."""

import pytest

from evals.question_set import Question, Source
from evals.scoring import Located, canonical_number, contains, judge, metrics


@pytest.mark.parametrize(
    ("raw", "canon"),
    [
        ("2,700", "2700"),
        ("2 700", "2700"),
        ("2.700", "2700"),
        ("16,3", "16.3"),
        ("1 213 088", "1213088"),
        ("0,5", "0.5"),
    ],
)
def test_number_formats(raw: str, canon: str) -> None:
    assert canonical_number(raw) == canon


def test_expected_strings_match_whole_numbers_only() -> None:
    assert contains("Partners distributed some 2 700 hygiene kits", "2,700")
    assert contains("létalité 16.3 %", "16,3%")
    assert not contains("a total of 1563 cases", "563")
    assert not contains("563,4 kg", "563")
    assert contains("Ituri: 563 [1]", "563")


QUESTION = Question(
    "seed-001", "How many hygiene kits?", "en", "figure", True, ["2,700"], [Source("a.pdf", 2)]
)


def test_judge_answer_citation_and_retrieval() -> None:
    names = {"b.pdf": {"a.pdf", "b.pdf"}}
    good = judge(
        QUESTION,
        "2,700 hygiene kits [1]",
        False,
        [Located("b.pdf", 1, 3)],
        [Located("x.pdf", 2, 2), Located("a.pdf", 2, 2)],
        0.1,
        names,
    )
    assert good.answer_correct and good.citation_correct and good.first_hit == 2
    long = judge(QUESTION, "2,700 " + "x" * 400, False, [], [], 0.1, {})
    assert not long.answer_correct
    abstained = judge(QUESTION, "2,700", True, [Located("a.pdf", 2, 2)], [], 0.1, {})
    assert not abstained.answer_correct and not abstained.citation_correct


def test_metrics() -> None:
    unanswerable = Question("seed-002", "Price of rice?", "en", "unanswerable", False)
    verdicts = [
        judge(
            QUESTION,
            "2,700 [1]",
            False,
            [Located("a.pdf", 2, 2)],
            [Located("a.pdf", 2, 2)],
            0.2,
            {},
        ),
        judge(QUESTION, "nothing", True, [], [Located("z.pdf", 1, 1)], 0.4, {}),
        judge(unanswerable, "not in the reports", True, [], [], 0.3, {}),
    ]
    m = metrics(verdicts)
    assert m["answer_accuracy"] == 0.5
    assert m["citation_accuracy"] == 1.0
    assert m["false_abstention"] == 0.5
    assert m["abstention_accuracy"] == 1.0
    assert m["hit@1"] == 0.5 and m["mrr"] == 0.5
    assert m["latency_p50"] == 0.3
