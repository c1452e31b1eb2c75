"""The evaluation result for people: a terminal summary and a Markdown report."""

from __future__ import annotations

import math
from typing import Any

COLUMNS = [
    ("questions", "n"),
    ("answer_accuracy", "answer"),
    ("answer_lenient", "lenient"),
    ("precision", "precision"),
    ("citation_accuracy", "citation"),
    ("abstention_accuracy", "abstain ok"),
    ("false_abstention", "false abst."),
    ("hit@1", "hit@1"),
    ("hit@5", "hit@5"),
    ("mrr", "MRR"),
    ("latency_p50", "p50 s"),
    ("latency_p95", "p95 s"),
]
BASE = [("hit@1", "base hit@1"), ("hit@5", "base hit@5"), ("mrr", "base MRR")]


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def summary_rows(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: overall, then each category, each language and each question file."""
    has_base = "baseline" in result
    header = [
        "group",
        *(label for _, label in COLUMNS),
        *((label for _, label in BASE) if has_base else ()),
    ]
    rows = []
    groups = [("all", result["system"], result.get("baseline", {}))]
    groups += [
        (f"category {name}", m, result.get("baseline_by_category", {}).get(name, {}))
        for name, m in result["by_category"].items()
    ]
    groups += [
        (f"lang {name}", m, result.get("baseline_by_lang", {}).get(name, {}))
        for name, m in result["by_lang"].items()
    ]
    groups += [(f"set {name}", m, {}) for name, m in result.get("by_set", {}).items()]
    for name, m, base in groups:
        row = [name, *(_cell(m.get(key, float("nan"))) for key, _ in COLUMNS)]
        if has_base:
            row += [_cell(base.get(key, float("nan"))) for key, _ in BASE]
        rows.append(row)
    return header, rows


def text_table(result: dict[str, Any]) -> str:
    """The summary as aligned plain text, for terminals and CI logs."""
    header, rows = summary_rows(result)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in [header, *rows]
    )


def markdown(result: dict[str, Any]) -> str:
    header, rows = summary_rows(result)
    lines = [
        "# Evaluation report",
        "",
        f"{result['system']['questions']} questions from `{result['questions_file']}` over "
        f"{result['files']} report files (ingest {result['ingest']['seconds']} s, "
        f"{result['ingest']['outcomes']}); whole run {result['seconds']} s.",
        "",
        "Answer accuracy is over answerable questions and needs every expected item in the answer's "
        "own words (lenient: anywhere, the quoted source included); citation accuracy over the answerable ones that "
        "were answered; retrieval over answerable questions. The baseline is llama-index defaults "
        "(SimpleDirectoryReader, SentenceSplitter, VectorStoreIndex, same embedding model, top-k 5).",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        "## Questions not answered correctly",
        "",
    ]
    for q in result["questions"]:
        v = q["verdict"]
        ok = (v["answer_correct"] and v["citation_correct"]) if q["answerable"] else v["abstained"]
        if ok:
            continue
        answer = q["answer"]
        cited = ", ".join(f"{c['file']} p.{c['page']}" for c in answer["citations"]) or "none"
        gold = (
            ", ".join(f"{s['file']} p.{s['page']}" for s in q["sources"]) or "none (unanswerable)"
        )
        expected = ", ".join(" or ".join(forms) for forms in q["expected"])
        lines += [
            f"### {q['id']} ({q['category']}, {q['lang']})",
            "",
            f"- question: {q['question']}",
            f"- expected: {expected or '(abstain)'}; sources: {gold}",
            f"- answer: {answer['text']}",
            f"- cited: {cited}; first retrieved hit at rank {v['first_hit']}",
            "",
        ]
    return "\n".join(lines)
