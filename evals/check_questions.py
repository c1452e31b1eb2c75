"""Check the evaluation questions against the real reports they cite.

Why: an evaluation is only as good as its answer key. A question whose expected figure is not on
the cited page, or an "unanswerable" question whose answer is in fact somewhere in the corpus,
silently rewards the wrong behaviour. For every line of `evals/questions/{dev,test}/*.jsonl` this
proves that

- the line has the agreed format (keys, types, categories, languages, unique ids sharing one prefix
  per file, `answerable: false` exactly when the category is `unanswerable` and nothing is
  expected, at least two expected items for a `multipart` question);
- every expected item (a string, or a list of accepted forms of which one must be given) is
  printed on at least one cited page, and every cited page carries at least one of them (as a
  whole token, so "77" is not found in "77,8%"; whitespace collapsed);
- every source of a question lies in its split (`evals/split/dev.txt` or `test.txt`);
- a `paraphrase` question shares no content word with the text around its answer on the cited
  page, names and numbers aside;
- for unanswerable questions, the `probe` strings never occur together on any page of any file of
  the corpus (case-insensitive), so the missing answer really is missing.

PDF pages are read with PyMuPDF; a `.txt` file is one page (a form feed starts a new page).

Usage: `python evals/check_questions.py [--questions DIR] [--corpus DIR]`; exits 1 on problems.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import sys
from functools import cache
from pathlib import Path

import pymupdf

from app.question import QUESTION_WORDS
from index.lexical import Tokenizer
from ingest.metadata import MONTHS
from ingest.number_words import NUMBER_WORDS

REPO = Path(__file__).resolve().parent.parent
CATEGORIES = {"figure", "table", "fact", "crosslingual", "temporal", "multipart", "paraphrase"}
CATEGORIES |= {"unanswerable"}
LANGS = {"en", "fr", "es"}
KEYS = {"id", "question", "lang", "category", "answerable", "expected", "sources"}
OPTIONAL_KEYS = {"probe"}
SPLITS = ("dev", "test")
SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_TOKENIZE = Tokenizer()
# Words that name a report or join words (not in the stop lists) are not what a question is about.
_NOT_CONTENT = (
    set(
        """
    weekly daily epidemiological operational update situation report sitrep bulletin
    from under since over into onto upon per via after before during within without
    """.split()
    )
    | set(MONTHS)
    | QUESTION_WORDS
    | NUMBER_WORDS
)


def normalise(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking and narrow spaces) to one space."""
    return SPACES.sub(" ", text).strip()


def forms(item: str | list[str]) -> list[str]:
    """The accepted forms of one expected item."""
    return [item] if isinstance(item, str) else list(item)


def printed_on(expected: str, text: str) -> bool:
    """Whether `expected` is printed in `text` as a whole token: "77" is not in "77,8%"."""
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


def split_patterns(split: str) -> list[str]:
    """The report files of a split, as glob patterns relative to the corpus folder."""
    text = (REPO / "evals" / "split" / f"{split}.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def _item_ok(item: object) -> bool:
    if isinstance(item, str):
        return bool(item.strip())
    return isinstance(item, list) and bool(item) and all(_item_ok(f) for f in item)


def format_problems(q: object, where: str) -> list[str]:
    """Problems with the shape of one question line."""
    if not isinstance(q, dict):
        return [f"{where}: not a JSON object"]
    missing, extra = KEYS - q.keys(), q.keys() - KEYS - OPTIONAL_KEYS
    problems = [f"{where}: missing keys {sorted(missing)}"] if missing else []
    if extra:
        problems.append(f"{where}: unknown keys {sorted(extra)}")
    if missing:
        return problems
    if not isinstance(q["id"], str) or not re.fullmatch(r"[a-z]+-\d{3}", q["id"]):
        problems.append(f"{where}: id {q['id']!r} is not like 'drc-017'")
    if not isinstance(q["question"], str) or not q["question"].strip():
        problems.append(f"{where}: empty question")
    if q["lang"] not in LANGS:
        problems.append(f"{where}: lang {q['lang']!r} not in {sorted(LANGS)}")
    if q["category"] not in CATEGORIES:
        problems.append(f"{where}: category {q['category']!r} not in {sorted(CATEGORIES)}")
    if not isinstance(q["answerable"], bool):
        problems.append(f"{where}: answerable must be true or false")
    return problems + _answer_shape_problems(q, where)


def _answer_shape_problems(q: dict, where: str) -> list[str]:
    problems = []
    expected, sources = q["expected"], q["sources"]
    if not isinstance(expected, list) or not all(_item_ok(e) for e in expected):
        problems.append(f"{where}: expected must be a list of strings or lists of accepted forms")
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
    if q["category"] == "multipart" and len(expected) < 2:
        problems.append(f"{where}: a multipart question expects two items or more")
    probe = q.get("probe")
    if unanswerable and not (
        isinstance(probe, list)
        and 1 <= len(probe) <= 3
        and all(isinstance(p, str) and p.strip() for p in probe)
    ):
        problems.append(f"{where}: an unanswerable question needs a probe of 1-3 strings")
    if not unanswerable and probe is not None:
        problems.append(f"{where}: probe is only for unanswerable questions")
    return problems


def _cited_pages(
    q: dict, where: str, files: dict[str, Path]
) -> tuple[list[tuple[str, str]], list[str]]:
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
    return cited, problems


def answer_problems(q: dict, where: str, files: dict[str, Path]) -> list[str]:
    """Each expected item printed on a cited page (one of its forms); each cited page carries one."""
    cited, problems = _cited_pages(q, where, files)
    if not cited:
        return problems
    wanted = [[normalise(f) for f in forms(item)] for item in q["expected"]]
    for item in wanted:
        if not any(printed_on(f, text) for f in item for _, text in cited):
            problems.append(f"{where}: expected {item[0]!r} not on any cited page")
    for label, text in cited:
        if not any(printed_on(f, text) for item in wanted for f in item):
            problems.append(f"{where}: cited {label} carries none of the expected strings")
    return problems


def content_words(text: str, language: str) -> set[str]:
    """Stems of the words that say what a text is about: no names, numbers, months, question
    words or words that name the report."""
    words = [
        w
        for i, w in enumerate(re.findall(r"[^\W\d_]+", text))
        if not (w[:1].isupper() and i > 0) and not w.isupper() and w.lower() not in _NOT_CONTENT
    ]
    return set(_TOKENIZE(" ".join(words), language))


def paraphrase_problems(q: dict, where: str, files: dict[str, Path]) -> list[str]:
    """A paraphrase shares no content word with the sentence around its answer on the page."""
    cited, _ = _cited_pages(q, where, files)
    asked = content_words(q["question"], q["lang"])
    for _, text in cited:
        for item in q["expected"]:
            for form in forms(item):
                at = text.find(normalise(form))
                if at < 0:
                    continue
                start = max(text.rfind(". ", 0, at) + 2, at - 150)
                end = text.find(". ", at)
                window = text[start : min(end if end >= 0 else len(text), at + 150)]
                shared = asked & content_words(window, q["lang"])
                if shared:
                    return [f"{where}: a paraphrase shares {sorted(shared)} with its source"]
    return []


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


def split_problems(q: dict, where: str, split: str, relative: dict[str, str]) -> list[str]:
    """Every source of a question lies in the question's split."""
    patterns = split_patterns(split)
    return [
        f"{where}: {s['file']} is not a {split} report (evals/split/{split}.txt)"
        for s in q["sources"]
        if not any(fnmatch.fnmatch(relative.get(s["file"], s["file"]), p) for p in patterns)
    ]


def _question_lines(questions_dir: Path) -> list[tuple[Path, int, str]]:
    return [
        (qfile, number, line)
        for qfile in sorted(questions_dir.rglob("*.jsonl"))
        for number, line in enumerate(qfile.read_text(encoding="utf-8").splitlines(), start=1)
    ]


def check(questions_dir: Path, corpus: Path) -> list[str]:
    """Return every problem found in the question files (an empty list when all is well)."""
    files = corpus_files(corpus)
    if not files:
        return [f"no PDF or text files under {corpus}"]
    relative = {name: path.relative_to(corpus).as_posix() for name, path in files.items()}
    lines = _question_lines(questions_dir)
    if not lines:
        return [f"no *.jsonl question files in {questions_dir}"]
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    seen_questions: dict[str, str] = {}
    prefixes: dict[Path, str] = {}
    for qfile, number, line in lines:
        where = f"{qfile.relative_to(questions_dir)}:{number}"
        try:
            q = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: invalid JSON ({error})")
            continue
        shape = format_problems(q, where)
        problems.extend(shape)
        if shape:
            continue
        where = f"{where} ({q['id']})"
        prefix = prefixes.setdefault(qfile, q["id"].split("-")[0])
        if not q["id"].startswith(prefix + "-"):
            problems.append(f"{where}: ids of one file share a prefix ({prefix}-)")
        for seen, key in (
            (seen_ids, q["id"]),
            (seen_questions, normalise(q["question"]).casefold()),
        ):
            if key in seen:
                problems.append(f"{where}: same id or question as {seen[key]}")
            seen[key] = where
        split = qfile.parent.name
        if split in SPLITS:
            problems.extend(split_problems(q, where, split, relative))
        if q["answerable"]:
            problems.extend(answer_problems(q, where, files))
        else:
            problems.extend(probe_problems(q, where, files))
        if q["category"] == "paraphrase":
            problems.extend(paraphrase_problems(q, where, files))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO / "evals" / "questions")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    problems = check(args.questions, args.corpus)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)")
        sys.exit(1)
    print(f"OK: {len(_question_lines(args.questions))} questions checked")


if __name__ == "__main__":
    main()
