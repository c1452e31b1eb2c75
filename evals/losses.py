"""Where answerable questions are lost, stage by stage: retrieval, reading, ranking, answering.

    .venv/bin/python -m evals.losses --data DIR [--questions evals/questions/dev] [--out FILE]

Each answerable question (its first part, the one `evals/fit_reader.py` fits on) is planned,
searched and read as `Assistant.ask` does, and counted at the last of these stages it passes:

    report     a retrieved chunk comes from a cited report
    page       a retrieved chunk covers a cited page
    chunk      a retrieved chunk of a cited page holds the first expected item
    candidate  a candidate gives an expected item in its own words, from a cited page
    first      the reader's choice (the best-scored candidate found on its page) is one
    sure       and the model is sure enough of it to answer (before the citation check)

The losses between stages say where work pays: retrieval (report, page), reading (chunk to
candidate), ranking (candidate to first) and abstaining (first to sure). Change questions are
left out (two lookups, as in fitting). Then the same shares by language and by category. `--data`
is a library that holds the corpus. Look at the test split only through its totals; `--out`
writes each question's stage, for the dev split.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from app import Assistant
from app.extractive import Candidate, ExtractiveReader, ReaderModel
from app.extractive.selection import select
from app.reader import PageTexts
from evals.fit_reader import cites, is_right, read_all
from evals.question_set import Question, load_questions
from evals.scoring import gives
from index import Hit

STAGES = ("none", "report", "page", "chunk", "candidate", "first", "sure")


def stage_reached(
    question: Question,
    hits: Sequence[Hit],
    found: Sequence[Candidate],
    model: ReaderModel,
    pages: PageTexts,
) -> str:
    """The last stage of `STAGES` the question passes, given what was retrieved (`hits`) and
    the candidates of its first part (`found`, scored)."""
    if not any(h.file == s.file for h in hits for s in question.sources):
        return "none"
    cited = [h for h in hits if cites(h, question)]
    if not cited:
        return "report"
    if not any(gives(h.text, question.expected[:1]) for h in cited):
        return "page"
    if not any(is_right(c, question) for c in found):
        return "chunk"
    choice = select(list(found), model, pages)
    if choice is None or not is_right(choice[0], question):
        return "candidate"
    return "sure" if choice[2] >= model.threshold else "first"


def stages(assistant: Assistant, questions: list[Question]) -> dict[str, str]:
    """Each answerable question's stage, by id."""
    reader = assistant.reader
    assert isinstance(reader, ExtractiveReader)
    pages = PageTexts(assistant.library.page_texts)
    answerable = [q for q in questions if q.answerable and q.expected]
    return {
        read.question.id: stage_reached(
            read.question, read.hits, read.parts[0] if read.parts else [], reader.model, pages
        )
        for read in read_all(assistant, answerable, pages)
    }


def _passing(counts: Counter[str]) -> list[int]:
    """How many questions pass each stage after `none`, from how many stopped at each."""
    return [sum(counts[s] for s in STAGES[n:]) for n in range(1, len(STAGES))]


def funnel(reached: dict[str, str]) -> str:
    """How many questions pass each stage, and how many are lost at it."""
    counts = Counter(reached.values())
    total = len(reached)
    lines = [f"{'stage':10} {'passed':>7} {'share':>6} {'lost here':>10}"]
    for n, (stage, passed) in enumerate(zip(STAGES[1:], _passing(counts), strict=True), 1):
        lines.append(
            f"{stage:10} {passed:7d} {passed / max(total, 1):6.3f} {counts[STAGES[n - 1]]:10d}"
        )
    lines.append(f"{total} answerable questions")
    return "\n".join(lines)


def by_group(reached: dict[str, str], questions: list[Question]) -> str:
    """The share of each language's and category's questions passing each stage: where a kind
    of question is lost (paraphrases at ranking, say, or Spanish at reading)."""
    groups: dict[str, list[str]] = {}
    for q in questions:
        if q.id in reached:
            for group in (f"lang {q.lang}", f"category {q.category}"):
                groups.setdefault(group, []).append(reached[q.id])
    lines = [f"{'group':24} {'n':>4} " + " ".join(f"{s:>9}" for s in STAGES[1:])]
    for group, found in sorted(groups.items()):
        shares = [passed / len(found) for passed in _passing(Counter(found))]
        lines.append(f"{group:24} {len(found):4d} " + " ".join(f"{v:9.3f}" for v in shares))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="a library holding the corpus (make eval-dev)"
    )
    parser.add_argument("--questions", type=Path, default=Path("evals/questions/dev"))
    parser.add_argument("--out", type=Path, help="each question's stage, as JSON")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"{args.data}: no library there; `make eval-dev` builds one in ./eval-data")
    assistant = Assistant(args.data)
    if not assistant.library.reports():
        parser.error(f"{args.data}: the library holds no reports; ingest the corpus first")
    questions = load_questions(args.questions)
    reached = stages(assistant, questions)
    print(funnel(reached))
    print()
    print(by_group(reached, questions))
    if args.out:
        args.out.write_text(json.dumps(reached, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
