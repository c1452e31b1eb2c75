"""The scale benchmark's copies are libraries the app reads like any other: each copy's records
point at that copy's own chunks, or the search by meaning finds nothing in them, and its reports
are dated apart from every other copy's, so that a question's dates name one copy."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, ROOT


def _scale() -> Any:
    spec = importlib.util.spec_from_file_location("scale", ROOT / "benchmarks" / "scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_copy_s_sentence_units_point_at_its_own_chunks(make_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = make_assistant(tmp_path / "source")
    source.ingest([EXAMPLES])
    target = make_assistant(tmp_path / "target")
    scale = _scale()
    copier = scale.Copier(source.library.store, target.library.store)
    copier.copy(1)
    copier.copy(2)
    store = target.library.store
    chunks = set(store.chunks.get(include=[])["ids"])
    units = store.sentences.get(include=["metadatas"])["metadatas"]
    assert len(chunks) == 2 * copier.chunks
    assert units and {str(m["chunk_id"]) for m in units} <= chunks
    answer = target.ask("How many hygiene kits were distributed in Corran?")
    assert not answer.abstained, answer.text
    dated = {r.id.split("~")[0]: r.date for r in source.reports() if r.date}
    assert dated
    for report in target.reports():
        original, n = report.id.split("~")
        if original in dated:
            moved = date.fromisoformat(dated[original]) + scale.COPY_GAP * int(n)
            assert report.date == moved.isoformat()
    chunk_day = {}
    got = store.chunks.get(include=["metadatas"])
    for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
        assert meta["date_num"] == int(str(meta["date"]).replace("-", ""))
        chunk_day[cid] = meta["date_num"]
    assert all(m["date_num"] == chunk_day[str(m["chunk_id"])] for m in units)
