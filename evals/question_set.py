"""Loading the curated questions (one JSON object per line, in `evals/questions/*.jsonl`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import ConfigError


@dataclass(frozen=True)
class Source:
    file: str
    page: int


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    lang: str
    category: str
    answerable: bool
    # Each expected item with its accepted forms ("6 September" or "6 septembre"); all items
    # must be given, each in one of its forms.
    expected: list[list[str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    # The file it comes from (`drc-blind`): who wrote a set and over which reports tells its
    # figures apart, e.g. the questions written without seeing the code from the rest.
    question_set: str = ""


def load_questions(path: Path) -> list[Question]:
    """Every question of a .jsonl file, or of every .jsonl file under a folder (sorted by path)."""
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise ConfigError(f"no .jsonl question files in {path}")
    questions = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                questions.append(
                    Question(
                        id=data["id"],
                        question=data["question"],
                        lang=data["lang"],
                        category=data["category"],
                        answerable=bool(data["answerable"]),
                        expected=[[e] if isinstance(e, str) else list(e) for e in data["expected"]],
                        sources=[Source(s["file"], int(s["page"])) for s in data["sources"]],
                        question_set=file.stem,
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{file.name}:{number}: not a question line ({exc})") from exc
    return questions
