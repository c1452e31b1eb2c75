"""The brief yardstick: for 15 reports of `../shared/corpus`, the figures each puts up front (its
key-figures box, or its first summary where it has none), hand-read with their page. Coverage:
the share of those figures a report's brief gives (same value, cited on the same page). Every
figure of a brief is checked on its page before it is shown, so its precision is 1.0 by
construction; what is measured besides is how many of its figures are not in the box."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.assistant import Assistant

Progress = Callable[[str, int, int], None]


def run_brief_eval(
    figures_path: Path, reports: Path, *, data: Path, progress: Progress | None = None
) -> dict[str, Any]:
    """Ingest the reports the yardstick names into `data` (those already there are skipped),
    brief each one and score."""
    started = time.perf_counter()
    entries = [json.loads(line) for line in figures_path.read_text().splitlines() if line.strip()]
    step = progress or (lambda _stage, _n, _total: None)
    assistant = Assistant(data)
    files = [reports / e["file"] for e in entries]
    outcomes = assistant.ingest(files, on_file=lambda _o, n, total: step("ingest", n, total))
    ids = {Path(o.file).name: o.report_id for o in outcomes}
    scored = []
    for n, entry in enumerate(entries, start=1):
        begun = time.perf_counter()
        brief = assistant.brief(ids[Path(entry["file"]).name])
        given = {(item.value, item.citation.page) for item in brief.figures}
        expected = entry["figures"]
        found = sum((f["value"], f["page"]) in given for f in expected)
        in_box = {(f["value"], f["page"]) for f in expected}
        scored.append(
            {
                "file": entry["file"],
                "expected": len(expected),
                "found": found,
                "given": len(brief.figures),
                "given_outside_box": sum(key not in in_box for key in given),
                "sections": len(brief.sections),
                "seconds": round(time.perf_counter() - begun, 3),
            }
        )
        step("brief", n, len(entries))
    expected_total = sum(s["expected"] for s in scored)
    return {
        "reports": len(scored),
        "coverage": round(sum(s["found"] for s in scored) / expected_total, 3),
        "mean_report_coverage": round(
            sum(s["found"] / s["expected"] for s in scored) / len(scored), 3
        ),
        "figures": {
            "expected": expected_total,
            "found": sum(s["found"] for s in scored),
            "given": sum(s["given"] for s in scored),
            "given_outside_box": sum(s["given_outside_box"] for s in scored),
        },
        "by_report": scored,
        "seconds": round(time.perf_counter() - started, 1),
    }
