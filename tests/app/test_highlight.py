"""The quote's highlighting: the answer's figure and the question's key terms, nothing else."""

from __future__ import annotations

import re

from app.ui import highlight


def _marked(quote: str, question: str, answer: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", highlight(quote, question, answer))


def test_figure_and_key_terms_marked_not_filler_or_the_date() -> None:
    quote = "Au 22 juin, 1 094 cas confirmés ont été notifiés dans la province de Corran (fictif)."
    question = "Combien de cas confirmés ont été notifiés à Corran au 22 juin ?"
    answer = "1 094 cas confirmés, selon le rapport du 22 juin 2026 [1] : “Au 22 juin, 1 094 ...”"
    assert _marked(quote, question, answer) == ["1 094", "cas", "confirmés", "notifiés", "Corran"]


def test_word_forms_and_figures_as_printed() -> None:
    quote = "Partners distributed 2,700 hygiene kits in Vale; 2,700 more are planned (fictional)."
    question = "How many hygiene kits did partners distribute in Vale?"
    answer = "2700 hygiene kits [1]"
    assert _marked(quote, question, answer) == [
        "Partners",
        "distributed",
        "2,700",
        "hygiene",
        "kits",
        "Vale",
        "2,700",
    ]
    # An answer that is only the quotation gives no figure of its own: only terms are marked.
    assert "2,700" not in _marked(quote, question, "“Partners distributed ...” [1]")
