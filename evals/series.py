"""The series yardstick: (series, measure, place) triples over the reports in `../shared/corpus`,
every point's value hand-read from its page. A point is right when its value is the expected one
and its citation is the expected report and page. Precision: right points over points given (value precision: right values, whatever page);
coverage: right points over the points the reports state. Gaps the reports really have
(`not_stated`) are right to leave empty; a value given there is wrong."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.assistant import Assistant
from app.models import SeriesAnswer
from app.reader import squash

Progress = Callable[[str, int, int], None]


@dataclass
class Point:
    file: str  # relative to the reports folder (`drc-ebola/SitRep_02_2026.pdf`)
    page: int
    value: float
    as_written: str
    scanned: bool = False
    # Other pages printing the same figure of the same measure and place (the key-figures banner
    # and the table's Total row), each checked by hand: a citation of any of them is right.
    also_on: tuple[int, ...] = ()
    # How one of those pages prints the figure where it differs from `as_written` ("33106" in a
    # table for "33 106" in the banner).
    written_on: dict[int, str] = field(default_factory=dict)

    @property
    def pages(self) -> tuple[int, ...]:
        return (self.page, *self.also_on)


@dataclass
class Triple:
    id: str
    language: str
    question: str
    measure: str
    place: str
    points: list[Point]
    not_stated: list[str]  # files of the series that do not state the measure

    @property
    def files(self) -> list[str]:
        return [p.file for p in self.points] + self.not_stated


def load_triples(path: Path) -> list[Triple]:
    """Every triple of a .jsonl file, or of every .jsonl file of a folder."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    triples = []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            triples.append(
                Triple(
                    id=raw["id"],
                    language=raw["language"],
                    question=raw["question"],
                    measure=raw["measure"],
                    place=raw["place"],
                    points=[
                        Point(
                            p["file"],
                            p["page"],
                            float(p["value"]),
                            p["as_written"],
                            p.get("scanned", False),
                            tuple(a["page"] for a in p.get("also_on", [])),
                            {
                                a["page"]: a["as_written"]
                                for a in p.get("also_on", [])
                                if "as_written" in a
                            },
                        )
                        for p in raw["points"]
                    ],
                    not_stated=[n["file"] for n in raw["not_stated"]],
                )
            )
    return triples


def check_triples(triples: list[Triple], reports: Path) -> list[str]:
    """Problems with the yardstick itself: a value not written on the page it names (read with
    PyMuPDF; pages without a text layer are skipped), a report named twice in one triple."""
    import pymupdf

    problems = []
    texts: dict[tuple[str, int], str] = {}
    for triple in triples:
        if len(set(triple.files)) != len(triple.files):
            problems.append(f"{triple.id}: a report appears twice")
        for point in triple.points:
            for page in [] if point.scanned else point.pages:
                key = (point.file, page)
                if key not in texts:
                    with pymupdf.open(reports / point.file) as pdf:
                        texts[key] = squash(pdf[page - 1].get_text())
                written = point.written_on.get(page, point.as_written)
                if squash(written) not in texts[key]:
                    problems.append(
                        f"{triple.id}: {written!r} is not on page {page} of {point.file}"
                    )
    return problems


def score(
    triple: Triple, answer: SeriesAnswer, names: dict[str, set[str]] | None = None
) -> dict[str, Any]:
    """Each point the answer gives against the triple's: right, wrong value, wrong page, or a
    value where the reports state none (or in a report outside the series). `names` gives the
    file names a cited file is also stored under (a byte-identical copy is the same report)."""
    expected = {Path(p.file).name: p for p in triple.points}
    given = [p for p in answer.points if p.value is not None and p.citation is not None]
    verdicts = []
    for point in given:
        cited = point.citation.file if point.citation else ""
        file = next((n for n in sorted((names or {}).get(cited, set())) if n in expected), cited)
        want = expected.get(file)
        if want is None:
            verdict = (
                "not stated"
                if any(Path(f).name == file for f in triple.not_stated)
                else "other report"
            )
        elif abs((point.value or 0.0) - want.value) > 1e-6 * max(1.0, abs(want.value)):
            verdict = "wrong value"
        elif point.citation and point.citation.page not in want.pages:
            verdict = "wrong page"
        else:
            verdict = "right"
        verdicts.append({"file": file, "value": point.value, "verdict": verdict})
    right = sum(v["verdict"] == "right" for v in verdicts)
    return {
        "value_right": right + sum(v["verdict"] == "wrong page" for v in verdicts),
        "id": triple.id,
        "language": triple.language,
        "question": triple.question,
        "series": answer.series,
        "measure": answer.measure,
        "expected": len(triple.points),
        "given": len(given),
        "right": right,
        "left_out": answer.left_out,
        "seconds": answer.timings.get("total", 0.0),
        "points": verdicts,
    }


def run_series_eval(
    triples_path: Path,
    reports: Path,
    *,
    data: Path,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Ingest the reports every triple names into `data` (those already there are skipped),
    ask each triple's question through `Assistant.series`, and score."""
    started = time.perf_counter()
    triples = load_triples(triples_path)
    step = progress or (lambda _stage, _n, _total: None)
    assistant = Assistant(data)
    files = sorted({reports / f for t in triples for f in t.files})
    assistant.ingest(files, on_file=lambda _o, n, total: step("ingest", n, total))
    names = {r.file: {r.file, *r.aliases} for r in assistant.library.reports()}
    scored = []
    for n, triple in enumerate(triples, start=1):
        scored.append(score(triple, assistant.series(triple.question), names))
        step("ask", n, len(triples))
    given = sum(s["given"] for s in scored)
    right = sum(s["right"] for s in scored)
    expected = sum(s["expected"] for s in scored)
    seconds = sorted(s["seconds"] for s in scored)
    return {
        "triples": len(scored),
        "precision": round(right / given, 3) if given else 0.0,
        "value_precision": (
            round(sum(s["value_right"] for s in scored) / given, 3) if given else 0.0
        ),
        "coverage": round(right / expected, 3) if expected else 0.0,
        "points": {"expected": expected, "given": given, "right": right},
        "left_out": sum(s["left_out"] for s in scored),
        "seconds_p50": seconds[len(seconds) // 2] if seconds else 0.0,
        "seconds_max": seconds[-1] if seconds else 0.0,
        "by_triple": scored,
        "seconds": round(time.perf_counter() - started, 1),
    }
