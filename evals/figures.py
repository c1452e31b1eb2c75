"""Measure the figure extractor (`ingest.figures`) against expert annotations of HumSet excerpts.

Why: the answerer leads with a figure and its unit, so the extractor must find the quantities a
reader would find and nothing else. HumSet gives, for each short excerpt in `text/NAME`, the
expert-marked quantities in `figures/NAME.json` (quantity text and character offsets, unit text
and offsets when there is one).

Matching rule: a found figure and an annotated quantity match when their character spans overlap
(share at least one character). Precision is the share of found figures that overlap some
annotation; recall is the share of annotated quantities overlapped by some found figure. So
`57% to 41%`, annotated as one span, is found by the two figures `57%` and `41%`. Exact-span
figures count annotations whose begin and end equal those of a found figure (exact recall) and
found figures whose span equals an annotation's (exact precision). Annotations repeated with the
same span (one quantity, several events) count once; excerpts without an annotation file are
skipped; offsets are used as given. Unit agreement is the share of matched figures, among those
whose annotations give a unit, whose `unit` (located as the nearest occurrence of its text around
the figure) overlaps one of the annotated unit spans; it is also given for the figures whose
annotated unit is written after them, the case `unit` is meant for (annotators often name the
unit earlier in the sentence: `surveyed households ... (53 percent)`).

Usage: ``python -m evals.figures --corpus ../shared/corpus/humset [--no-words] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.figures import Figure, find_figures

Span = tuple[int, int]


@dataclass
class Excerpt:
    name: str
    text: str
    quantities: list[Span]  # distinct annotated quantity spans, in order
    units: dict[Span, list[Span]]  # annotated unit spans of each quantity span


@dataclass
class Scores:
    excerpts: int = 0
    annotated: int = 0
    found: int = 0
    true_found: int = 0  # found figures overlapping an annotation
    recalled: int = 0  # annotations overlapped by a found figure
    exact: int = 0  # annotations with a found figure of the same span
    unit_checked: int = 0
    unit_agreed: int = 0
    unit_after_checked: int = 0  # the same, where an annotated unit is written after the figure
    unit_after_agreed: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)  # (kind, example)
    false_positives: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _rate(self.true_found, self.found)

    @property
    def recall(self) -> float:
        return _rate(self.recalled, self.annotated)

    @property
    def exact_recall(self) -> float:
        return _rate(self.exact, self.annotated)

    @property
    def exact_precision(self) -> float:
        return _rate(self.exact, self.found)

    @property
    def unit_agreement(self) -> float:
        return _rate(self.unit_agreed, self.unit_checked)

    @property
    def unit_after_agreement(self) -> float:
        return _rate(self.unit_after_agreed, self.unit_after_checked)


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def load(corpus: Path) -> list[Excerpt]:
    """Every excerpt of `corpus/text` that has an annotation file in `corpus/figures`."""
    excerpts = []
    for path in sorted((corpus / "text").glob("*.txt")):
        notes = corpus / "figures" / f"{path.name}.json"
        if not notes.exists():
            notes = corpus / "figures" / f"{path.stem}.json"
        if not notes.exists():
            continue
        units: dict[Span, list[Span]] = {}
        for item in json.loads(notes.read_text(encoding="utf-8")):
            quantity = (item["quantity"]["begin"], item["quantity"]["end"])
            unit = item.get("unit")
            units.setdefault(quantity, [])  # a quantity counts even without a unit
            if unit:
                units[quantity].append((unit["begin"], unit["end"]))
        excerpts.append(Excerpt(path.name, path.read_text(encoding="utf-8"), sorted(units), units))
    return excerpts


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _unit_span(text: str, figure: Figure) -> Span | None:
    """Where the figure's unit is written: its occurrence nearest to the figure."""
    if not figure.unit:
        return None
    spots = [m.start() for m in re.finditer(re.escape(figure.unit), text)]
    if not spots:
        return None
    start = min(spots, key=lambda s: min(abs(s - figure.end), abs(s - figure.start)))
    return start, start + len(figure.unit)


def shape(text: str) -> str:
    """A kind of number: digits become 9, words a (`2,700 families` -> `9,9 a`)."""
    kind = re.sub(r"\d+", "9", text)
    return re.sub(r"[^\W\d_]+", "a", kind)


def _context(text: str, span: Span) -> str:
    left = text[max(0, span[0] - 35) : span[0]]
    right = text[span[1] : span[1] + 35]
    return " ".join(f"{left}[{text[span[0] : span[1]]}]{right}".split())


def evaluate(excerpts: list[Excerpt], words: bool = True) -> tuple[Scores, dict[str, list[Figure]]]:
    """Scores of `find_figures` over the excerpts, and the figures found in each."""
    scores = Scores(excerpts=len(excerpts))
    found: dict[str, list[Figure]] = {}
    for excerpt in excerpts:
        figures = find_figures(excerpt.text, words=words)
        found[excerpt.name] = figures
        spans = [(f.start, f.end) for f in figures]
        scores.annotated += len(excerpt.quantities)
        scores.found += len(figures)
        for quantity in excerpt.quantities:
            if any(_overlap(quantity, s) for s in spans):
                scores.recalled += 1
            else:
                kind = shape(excerpt.text[quantity[0] : quantity[1]])
                scores.misses.append((kind, _context(excerpt.text, quantity)))
            scores.exact += quantity in spans
        for figure, span in zip(figures, spans, strict=True):
            matched = [q for q in excerpt.quantities if _overlap(q, span)]
            if not matched:
                scores.false_positives.append((shape(figure.text), _context(excerpt.text, span)))
                continue
            scores.true_found += 1
            units = [u for q in matched for u in excerpt.units[q]]
            if units:
                at = _unit_span(excerpt.text, figure)
                agreed = at is not None and any(_overlap(at, u) for u in units)
                scores.unit_checked += 1
                scores.unit_agreed += agreed
                if any(u[0] >= figure.end for u in units):
                    scores.unit_after_checked += 1
                    scores.unit_after_agreed += agreed
    return scores, found


def _commonest(errors: list[tuple[str, str]], top: int = 10) -> list[str]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, example in errors:
        by_kind[kind].append(example)
    lines = []
    for kind, count in Counter(k for k, _ in errors).most_common(top):
        lines.append(f"  {count:4d}  {kind!r}")
        lines.extend(f"          {example}" for example in by_kind[kind][:3])
    return lines


def report(scores: Scores) -> str:
    """The scores and the commonest errors, as plain text."""
    lines = [
        f"excerpts: {scores.excerpts}  annotated quantities: {scores.annotated}  "
        f"found figures: {scores.found}",
        f"precision (overlap): {scores.precision:.3f}  recall (overlap): {scores.recall:.3f}",
        f"exact span: recall {scores.exact_recall:.3f}  precision {scores.exact_precision:.3f}",
        f"unit agreement: {scores.unit_agreement:.3f} "
        f"({scores.unit_agreed}/{scores.unit_checked} matched figures with an annotated unit); "
        f"{scores.unit_after_agreement:.3f} where the annotated unit follows the figure "
        f"({scores.unit_after_agreed}/{scores.unit_after_checked})",
        "most common misses (annotated, not found), by kind (digits shown as 9, words as a):",
        *_commonest(scores.misses),
        "most common false positives (found, not annotated), by kind:",
        *_commonest(scores.false_positives),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder with text/ and figures/")
    parser.add_argument(
        "--no-words", action="store_true", help="digits only: skip figures written in words"
    )
    parser.add_argument("--json", type=Path, help="write the figures found, per excerpt, here")
    args = parser.parse_args()
    excerpts = load(args.corpus)
    if not excerpts:
        parser.error(f"no annotated excerpts under {args.corpus}")
    scores, found = evaluate(excerpts, words=not args.no_words)
    print(report(scores))
    if args.json:
        data = {name: [asdict(f) for f in figures] for name, figures in found.items()}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
