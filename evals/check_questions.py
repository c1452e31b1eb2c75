"""Check the curated evaluation questions against the real reports they cite.

Why: an evaluation is only as good as its answer key. A question whose expected figure is not on
the cited page, or an "unanswerable" question whose answer is in fact somewhere in the corpus,
silently rewards the wrong behaviour. This script proves, for every line of
``evals/questions/*.jsonl``, that

- the line has the agreed format (keys, types, categories, languages, unique ids, and
  ``answerable: false`` exactly when the category is ``unanswerable`` and nothing is expected);
- every expected string is printed on at least one cited page, and every cited page carries at
  least one of them (as a whole token, so "77" is not found in "77,8%"; text compared with
  whitespace collapsed, non-breaking and narrow spaces read as plain spaces);
- for unanswerable questions, the ``probe`` strings never occur together on any page of any file
  of the corpus (case-insensitive), so the missing answer really is missing.

PDF pages are read with PyMuPDF; a ``.txt`` file is one page (a form feed starts a new page).

Usage: ``python evals/check_questions.py [--questions DIR] [--corpus DIR]``; exits 1 on problems.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from functools import cache
from pathlib import Path

import pymupdf

REPO = Path(__file__).resolve().parent.parent
CATEGORIES = {"figure", "table", "fact", "crosslingual", "temporal", "unanswerable"}
LANGS = {"en", "fr", "es"}
KEYS = {"id", "question", "lang", "category", "answerable", "expected", "sources"}
OPTIONAL_KEYS = {"probe"}
ID_PREFIX = {"seed": "seed", "drc": "drc", "who": "who", "humset": "hum"}
SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")


def normalise(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking and narrow spaces) to one space."""
    return SPACES.sub(" ", text).strip()


def printed_on(expected: str, text: str) -> bool:
    """Whether ``expected`` is printed in ``text`` as a whole token: "77" is not in "77,8%"."""
    pattern = r"(?<![^\W_])(?<!\d[.,])" + re.escape(expected) + r"(?![^\W_])(?![.,]\d)"
    return re.search(pattern, text) is not None


@cache
def pages_of(path: Path) -> tuple[str, ...]:
    """Normalised text of each page of a corpus file (PDF pages, or form-feed parts of a .txt)."""
    if path.suffix.lower() == ".pdf":
        with pymupdf.open(path) as doc:
            return tuple(normalise(page.get_text()) for page in doc)
    return tuple(normalise(part) for part in path.read_text(encoding="utf-8").split("\f"))


def corpus_files(corpus: Path) -> dict[str, Path]:
    """Map file name -> path for every PDF and text file anywhere under the corpus."""
    files: dict[str, Path] = {}
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in {".pdf", ".txt"}:
            files.setdefault(path.name, path)
    return files


def format_problems(q: object, where: str, stem: str) -> list[str]:
    """Problems with the shape of one question line."""
    if not isinstance(q, dict):
        return [f"{where}: not a JSON object"]
    problems: list[str] = []
    missing = KEYS - q.keys()
    extra = q.keys() - KEYS - OPTIONAL_KEYS
    if missing:
        problems.append(f"{where}: missing keys {sorted(missing)}")
    if extra:
        problems.append(f"{where}: unknown keys {sorted(extra)}")
    if missing:
        return problems
    qid = q["id"]
    if not isinstance(qid, str) or not re.fullmatch(r"[a-z]+-\d{3}", qid):
        problems.append(f"{where}: id {qid!r} is not like 'drc-017'")
    elif stem in ID_PREFIX and not qid.startswith(ID_PREFIX[stem] + "-"):
        problems.append(f"{where}: id {qid!r} should start with '{ID_PREFIX[stem]}-'")
    if not isinstance(q["question"], str) or not q["question"].strip():
        problems.append(f"{where}: empty question")
    if not isinstance(q["lang"], str) or q["lang"] not in LANGS:
        problems.append(f"{where}: lang {q['lang']!r} not in {sorted(LANGS)}")
    if not isinstance(q["category"], str) or q["category"] not in CATEGORIES:
        problems.append(f"{where}: category {q['category']!r} not in {sorted(CATEGORIES)}")
    if not isinstance(q["answerable"], bool):
        problems.append(f"{where}: answerable must be true or false")
    expected, sources = q["expected"], q["sources"]
    if not isinstance(expected, list) or not all(
        isinstance(e, str) and e.strip() for e in expected
    ):
        problems.append(f"{where}: expected must be a list of non-empty strings")
    if not isinstance(sources, list) or not all(
        isinstance(s, dict)
        and s.keys() == {"file", "page"}
        and isinstance(s["file"], str)
        and "/" not in s["file"]
        and isinstance(s["page"], int)
        and not isinstance(s["page"], bool)
        and s["page"] >= 1
        for s in sources
    ):
        problems.append(f"{where}: sources must be a list of {{file, page>=1}} (file name only)")
    unanswerable = q["category"] == "unanswerable"
    if (q["answerable"] is False) != unanswerable:
        problems.append(f"{where}: answerable false must go with category unanswerable")
    if unanswerable and (expected or sources):
        problems.append(f"{where}: an unanswerable question has empty expected and sources")
    if not unanswerable and (not expected or not sources):
        problems.append(f"{where}: an answerable question needs expected strings and sources")
    probe = q.get("probe")
    if unanswerable:
        if not (
            isinstance(probe, list)
            and 1 <= len(probe) <= 3
            and all(isinstance(p, str) and p.strip() for p in probe)
        ):
            problems.append(f"{where}: an unanswerable question needs a probe of 1-3 strings")
    elif probe is not None:
        problems.append(f"{where}: probe is only for unanswerable questions")
    return problems


def answer_problems(q: dict, where: str, files: dict[str, Path]) -> list[str]:
    """Expected strings must be printed on the cited pages; each cited page must carry one."""
    problems: list[str] = []
    cited: list[tuple[str, str]] = []
    for source in q["sources"]:
        path = files.get(source["file"])
        if path is None:
            problems.append(f"{where}: source file {source['file']!r} not found in the corpus")
            continue
        pages = pages_of(path)
        if source["page"] > len(pages):
            problems.append(
                f"{where}: {source['file']} has {len(pages)} pages, not {source['page']}"
            )
            continue
        cited.append((f"{source['file']} p.{source['page']}", pages[source["page"] - 1]))
    if not cited:
        return problems
    wanted = [normalise(e) for e in q["expected"]]
    for expected in wanted:
        if not any(printed_on(expected, text) for _, text in cited):
            problems.append(f"{where}: expected {expected!r} not on any cited page")
    for label, text in cited:
        if not any(printed_on(expected, text) for expected in wanted):
            problems.append(f"{where}: cited {label} carries none of the expected strings")
    return problems


def probe_problems(q: dict, where: str, files: dict[str, Path]) -> list[str]:
    """The probe strings of an unanswerable question must never share a page in the corpus."""
    probes = [normalise(p).casefold() for p in q["probe"]]
    hits = [
        f"{name} p.{number}"
        for name, path in files.items()
        for number, text in enumerate(pages_of(path), start=1)
        if all(p in text.casefold() for p in probes)
    ]
    if hits:
        return [f"{where}: probe {q['probe']} co-occurs on {', '.join(hits[:5])}"]
    return []


def check(questions_dir: Path, corpus: Path) -> list[str]:
    """Return every problem found in the question files (an empty list when all is well)."""
    problems: list[str] = []
    files = corpus_files(corpus)
    if not files:
        return [f"no PDF or text files under {corpus}"]
    question_files = sorted(questions_dir.glob("*.jsonl"))
    if not question_files:
        return [f"no *.jsonl question files in {questions_dir}"]
    seen_ids: dict[str, str] = {}
    seen_questions: dict[str, str] = {}
    for qfile in question_files:
        lines = qfile.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            where = f"{qfile.name}:{number}"
            if not line.strip():
                problems.append(f"{where}: empty line")
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"{where}: invalid JSON ({error})")
                continue
            shape = format_problems(q, where, qfile.stem)
            problems.extend(shape)
            if shape:
                continue
            where = f"{where} ({q['id']})"
            if q["id"] in seen_ids:
                problems.append(f"{where}: id also used at {seen_ids[q['id']]}")
            seen_ids[q["id"]] = where
            key = normalise(q["question"]).casefold()
            if key in seen_questions:
                problems.append(f"{where}: same question as {seen_questions[key]}")
            seen_questions[key] = where
            if q["answerable"]:
                problems.extend(answer_problems(q, where, files))
            else:
                problems.extend(probe_problems(q, where, files))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO / "evals" / "questions")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    problems = check(args.questions, args.corpus)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)")
        sys.exit(1)
    count = sum(
        1
        for path in args.questions.glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    print(f"OK: {count} questions checked")


if __name__ == "__main__":
    main()
