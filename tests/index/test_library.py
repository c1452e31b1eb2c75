"""The library on real Chroma with the real model: idempotence, duplicates, replacement, filters."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from index import SearchFilters
from tests.conftest import EXAMPLES, ROOT, SEED


def _chunk_versions(assistant, report_id: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    got = assistant.library.store.chunks.get(where={"report_id": report_id}, include=["metadatas"])
    counts: dict[str, int] = {}
    for meta in got["metadatas"]:
        counts[meta["version"]] = counts.get(meta["version"], 0) + 1
    return counts


def test_second_ingest_embeds_nothing(make_assistant, counting_embedder) -> None:  # type: ignore[no-untyped-def]
    assistant = make_assistant(emb=counting_embedder)
    first = assistant.ingest([EXAMPLES])
    assert [o.status for o in first] == ["added", "added"]
    embedded = counting_embedder.embedded
    assert embedded == sum(o.chunks for o in first) > 0
    second = assistant.ingest([EXAMPLES])
    assert [o.status for o in second] == ["unchanged", "unchanged"]
    assert counting_embedder.embedded == embedded


def test_identical_reports_stored_once(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, outcomes, _ = small_library
    n30 = [o for o in outcomes if "30" in Path(o.file).name and "SitRep" in o.file]
    assert sorted(o.status for o in n30) == ["added", "duplicate"]
    stored = [r for r in assistant.reports() if r.report_number == "30"]
    assert len(stored) == 1
    assert len(stored[0].aliases) == 1
    counts = _chunk_versions(assistant, stored[0].id)
    assert list(counts.values()) == [stored[0].chunks]


def test_changed_file_replaces_its_chunks(fake_assistant, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    report = workdir / "update.txt"
    report.write_text("SITUATION\n\nPartners delivered 40 water tanks to Vale.\n")
    assistant = fake_assistant
    assert assistant.ingest([report])[0].status == "added"
    report.write_text(
        "SITUATION\n\nPartners delivered 95 water tanks to Vale.\n\nRESPONSE\n\nMore tanks are planned.\n"
    )
    outcome = assistant.ingest([report])[0]
    assert outcome.status == "added" and "replaced" in outcome.reason
    versions = _chunk_versions(assistant, outcome.report_id)
    assert len(versions) == 1 and sum(versions.values()) == outcome.chunks == 2
    answer = assistant.ask("How many water tanks were delivered to Vale?")
    assert not answer.abstained and "95" in answer.text and "40" not in answer.text


def test_interrupted_replacement_leaves_the_old_version_whole(
    fake_assistant, workdir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    report = workdir / "update.txt"
    report.write_text("SITUATION\n\nPartners delivered 40 water tanks to Vale.\n")
    assistant = fake_assistant
    old = assistant.ingest([report])[0]
    report.write_text("SITUATION\n\nPartners delivered 95 water tanks to Vale.\n")
    store = assistant.library.store

    def crash(record):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(store, "put_report", crash)
        failed = assistant.ingest([report])[0]
    assert failed.status == "failed" and "disk full" in failed.reason
    # New chunks were written but never made live: every answer still comes from the old version.
    assert len(_chunk_versions(assistant, old.report_id)) == 2
    answer = assistant.ask("How many water tanks were delivered to Vale?")
    assert "40" in answer.text and "95" not in answer.text
    # The next ingest completes the swap and removes the leftovers.
    assert assistant.ingest([report])[0].status == "added"
    assert len(_chunk_versions(assistant, old.report_id)) == 1
    assert "95" in assistant.ask("How many water tanks were delivered to Vale?").text


def test_all_data_is_looked_through_for_leftovers_on_the_first_ingest_and_after_a_failure(
    fake_assistant, workdir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Every version's data is looked through then, not on every ingest (the look reads a
    record of every report version); the others read the marks of killed ingests only."""
    assistant = fake_assistant
    store = assistant.library.store
    looks = []
    real = store.remove_leftovers

    def spy(everywhere: bool = True) -> int:
        looks.append(everywhere)
        return real(everywhere=everywhere)

    monkeypatch.setattr(store, "remove_leftovers", spy)
    report = workdir / "update.txt"
    for n in range(3):
        report.write_text(f"SITUATION\n\nPartners delivered {40 + n} water tanks to Vale.\n")
        assert assistant.ingest([report])[0].status == "added"
    assert looks == [True, False, False]
    report.write_text("SITUATION\n\nPartners delivered 95 water tanks to Vale.\n")
    with monkeypatch.context() as patch:
        patch.setattr(store, "put_report", lambda record: (_ for _ in ()).throw(OSError("full")))
        assert assistant.ingest([report])[0].status == "failed"
    assert assistant.ingest([report])[0].status == "added"
    assert looks == [True, False, False, False, True]
    assert len(_chunk_versions(assistant, "update")) == 1


def test_delete_removes_report_chunks_and_pages(make_assistant) -> None:  # type: ignore[no-untyped-def]
    assistant = make_assistant()
    outcomes = assistant.ingest([EXAMPLES])
    gone = assistant.delete(outcomes[0].report_id)
    assert gone.id == outcomes[0].report_id
    assert [r.id for r in assistant.reports()] == [outcomes[1].report_id]
    assert _chunk_versions(assistant, gone.id) == {}
    assert assistant.library.store.pages.get(where={"report_id": gone.id})["ids"] == []
    # Deleting by file name works too.
    assistant.delete(Path(outcomes[1].file).name)
    assert assistant.reports() == []


def test_writes_are_batched_under_the_store_limit(make_assistant, corpus) -> None:  # type: ignore[no-untyped-def]
    assistant = make_assistant()
    assistant.library.store.max_batch = 4
    outcome = assistant.ingest([SEED])[0]
    assert outcome.chunks > 4
    assert assistant.library.store.chunks.count() == outcome.chunks


def test_filters_limit_the_search(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    library = assistant.library
    french = library.search("cas confirmés", SearchFilters(language="fr")).hits
    assert french and {h.language for h in french} == {"fr"}
    dated = library.search(
        "cases", SearchFilters(date_from="2026-01-01", date_to="2026-06-10")
    ).hits
    assert dated and all("2026-01-01" <= h.date <= "2026-06-10" for h in dated)
    one = next(r for r in assistant.reports() if r.file.startswith("northland-flood-sitrep"))
    only = library.search("hygiene kits", SearchFilters(reports=[one.id])).hits
    assert only and {h.report_id for h in only} == {one.id}


def test_a_search_within_a_few_reports_ranks_as_chroma_s_filtered_search(
    small_library, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A search limited to a few reports reads their chunks by id and ranks them itself (Chroma's
    filtered queries slow down as the library grows): the hits Chroma's filtered search finds,
    each unit's similarity the same; dates and language still apply."""
    import index.library as library_module

    assistant, _, _ = small_library
    library = assistant.library
    drc = [r.id for r in assistant.reports() if r.file.startswith("SitRep_")]
    who = next(r.id for r in assistant.reports() if "sitrep-51" in r.file)
    read_by_id = []
    scope_rankings = library._scope_rankings
    monkeypatch.setattr(
        library, "_scope_rankings", lambda *a: read_by_id.append(1) or scope_rankings(*a)
    )
    cases = [
        ("Combien de cas confirmés en Ituri ?", SearchFilters(reports=drc)),
        ("How many contacts were followed up?", SearchFilters(reports=[*drc, who])),
        ("confirmed cases", SearchFilters(reports=[*drc, who], language="en")),
    ]
    by_id = [library.search(q, f) for q, f in cases]
    assert len(read_by_id) == len(cases)
    monkeypatch.setattr(library_module, "_SCOPE_BY_ID", 0)
    filtered = [library.search(q, f) for q, f in cases]
    assert len(read_by_id) == len(cases)
    for ours, chroma in zip(by_id, filtered, strict=True):
        # Chroma's filtered search is approximate (HNSW): the same best hit, nearly the same
        # hits, each unit's similarity the same.
        assert ours.hits and ours.hits[0].chunk_id == chroma.hits[0].chunk_id
        theirs = {h.chunk_id: h for h in chroma.hits}
        shared = [h for h in ours.hits if h.chunk_id in theirs]
        assert len(shared) >= 0.8 * max(len(ours.hits), len(chroma.hits))
        for hit in shared:
            assert hit.meaning == pytest.approx(theirs[hit.chunk_id].meaning, abs=1e-5)
    assert {h.report_id for h in by_id[2].hits} == {who}
    # Filters that leave none of the named reports find nothing, with no error.
    assert library.search("cas confirmés", SearchFilters(reports=drc, language="en")).hits == []


def test_lexical_index_follows_the_library(fake_assistant, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = fake_assistant
    assistant.ingest([EXAMPLES])
    assert assistant.library.search("zanzibarite").hits[0].file != "new.txt"
    (workdir / "new.txt").write_text("NOTES\n\nA zanzibarite deposit was found near the camp.\n")
    assistant.ingest([workdir / "new.txt"])
    hits = assistant.library.search("zanzibarite").hits
    assert hits[0].file == "new.txt"


def test_registry_is_kept_in_memory_and_follows_every_writer(
    fake_assistant, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Two assistants on one library (as two processes on one Chroma server): each keeps the
    registry in memory, reads only the records written since after a write (all of them after
    a removal), and sees the other's writes."""
    from app import Assistant
    from tests.conftest import FakeEmbedder, FakeEncoder

    first = fake_assistant
    first.ingest([EXAMPLES])
    second = Assistant(
        first.settings.data_dir,
        embedder=FakeEmbedder(model_name="fake"),
        encoder=FakeEncoder(),  # type: ignore[arg-type]
    )
    count = len(second.reports())
    # One clock here: no margin for other machines' (records written since the last one read
    # are read again, that last one included).
    monkeypatch.setattr("index.store.CHANGED_MARGIN_S", 0.0)
    reads = []
    registry = second.library.store.reports
    original = registry.get

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        got = original(*args, **kwargs)
        reads.append(len(got["ids"]))
        return got

    monkeypatch.setattr(registry, "get", counted)
    for _ in range(3):
        assert len(second.reports()) == count
    assert reads == []  # unchanged: from memory
    unchanged = {r.report_id: r for r in second.library.reports()}
    (workdir / "new.txt").write_text("NOTES\n\nA zanzibarite deposit was found near the camp.\n")
    # Sent with the (unchanged) examples, which stay: a real report alone would replace them.
    added = first.ingest([workdir / "new.txt", EXAMPLES])[0]
    now = second.library.reports()
    assert count >= 2  # so that reading 2 records is fewer than reading all
    assert len(now) == count + 1 and reads == [2]  # the new record and the last one before
    assert all(unchanged[r.report_id] is r for r in now if r.report_id != added.report_id)
    assert second.library.search("zanzibarite").hits[0].file == "new.txt"
    first.library.edit_report(added.report_id, {"title": "Zanzibarite notes"})
    assert "Zanzibarite notes" in {r.title for r in second.library.reports()}
    assert reads[-1] == 1
    first.delete(added.report_id)
    assert len(second.reports()) == count and reads[-1] == count  # a removal: all again
    assert all(hit.file != "new.txt" for hit in second.library.search("zanzibarite").hits)


@pytest.mark.model
def test_torch_threads_follow_the_setting(tmp_path: Path) -> None:
    """`SITREP_TORCH_THREADS` above one reaches torch when it loads for the first batch of
    reports; 0 leaves torch's own default. (At one, the default, reports go through numpy and
    torch is never loaded: `tests/index/test_embedding.py`.)"""
    import torch

    from index import Library
    from index.settings import IndexSettings

    default = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        two = Library(IndexSettings(data_dir=tmp_path / "two", torch_threads=2)).embedder
        assert len(two.get_text_embedding_batch(["tents"])[0]) == 384
        assert torch.get_num_threads() == 2
        torch.set_num_threads(1)
        auto = Library(IndexSettings(data_dir=tmp_path / "auto", torch_threads=0)).embedder
        assert len(auto.get_text_embedding_batch(["tents"])[0]) == 384
        assert torch.get_num_threads() == 1 and auto is not two  # left as it was
    finally:
        torch.set_num_threads(default)


def test_leftovers_are_removed_unless_still_being_written(fake_assistant) -> None:  # type: ignore[no-untyped-def]
    """Pages of a version no report lists are leftovers; while this process marks the version as
    being written they stay; a mark by a process that is gone does not protect them."""
    store = fake_assistant.library.store
    version = "f" * 64
    store.add_pages("interrupted", version, ["FICTIONAL page one", "FICTIONAL page two"])
    store.begin_version(version)
    assert store.remove_leftovers() == 0
    store.end_version(version)
    assert store.remove_leftovers(everywhere=False) == 0  # a failed write leaves no mark
    assert store.remove_leftovers() == 2
    assert store.pages.get(where={"report_id": "interrupted"})["ids"] == []

    store.add_pages("interrupted", version, ["FICTIONAL page one"])
    store.begin_version(version)
    mark = store.state.get(ids=["writing-" + version[:24]], include=["metadatas"])
    dead = {**mark["metadatas"][0], "pid": 2**22 + 1}  # above Linux's largest pid
    store.state.upsert(ids=mark["ids"], embeddings=[[1.0]], metadatas=[dead])
    assert store.remove_leftovers(everywhere=False) == 1  # a killed one's mark finds its data
    assert store.state.get(ids=mark["ids"])["ids"] == []  # the abandoned mark is dropped too


def _other_process(assistant):  # type: ignore[no-untyped-def]
    """A second assistant on the same library, as another process would open it."""
    from app import Assistant
    from tests.conftest import FakeEmbedder, FakeEncoder

    return Assistant(
        assistant.settings.data_dir,
        embedder=FakeEmbedder(model_name="fake"),
        encoder=FakeEncoder(),  # type: ignore[arg-type]
    )


def _no_tokenizing_of_stored_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from index.library import Library

    def refuse(self, records):  # type: ignore[no-untyped-def]
        if records:
            raise AssertionError(f"tokenized the stored chunks of {records[0].file}")
        return {}

    monkeypatch.setattr(Library, "_count_terms", refuse)


def test_lexical_terms_are_stored_at_ingest_and_read_not_rebuilt(
    fake_assistant, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Each report version's terms are stored beside its chunks: another process builds its BM25
    index from them without tokenizing a stored chunk, and takes a new report by adding its
    terms to the index it has, keeping the rest."""
    first = fake_assistant
    first.ingest([EXAMPLES])
    store = first.library.store
    stored = {m["version"] for m in store.terms.get()["metadatas"]}
    assert stored == {r.version for r in first.library.reports()}
    _no_tokenizing_of_stored_chunks(monkeypatch)
    second = _other_process(first)
    assert second.library.search("hygiene kits").hits
    before = second.library._lexical
    (workdir / "new.txt").write_text("NOTES\n\nA zanzibarite deposit was found near the camp.\n")
    added = first.ingest([workdir / "new.txt", EXAMPLES])[0]  # the examples stay
    assert second.library.search("zanzibarite").hits[0].file == "new.txt"
    after = second.library._lexical
    kept = [v for v in before.shards if v in after.shards]
    assert kept and all(after.shards[v][0] is before.shards[v][0] for v in kept)
    first.delete(added.report_id)
    assert all(h.file != "new.txt" for h in second.library.search("zanzibarite").hits)
    assert added.report_id not in {m["report_id"] for m in store.terms.get()["metadatas"]}


def test_a_library_stored_without_terms_gets_them_once(
    fake_assistant, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    first = fake_assistant
    first.ingest([EXAMPLES])
    expected = [h.chunk_id for h in first.library.search("hygiene kits distributed").hits]
    store = first.library.store
    store.terms.delete(ids=store.terms.get()["ids"])  # as a library written before terms were
    store.cache.flush()
    shutil.rmtree(store.cache.folder)  # and before its index was saved beside it
    assert [
        h.chunk_id for h in _other_process(first).library.search("hygiene kits distributed").hits
    ] == expected
    assert store.terms.count() == len(first.reports())
    _no_tokenizing_of_stored_chunks(monkeypatch)
    assert [
        h.chunk_id for h in _other_process(first).library.search("hygiene kits distributed").hits
    ] == expected


def test_a_process_starts_from_the_registry_and_index_saved_beside_the_library(
    fake_assistant, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The registry and the BM25 index are saved beside the library: another process answers
    from them without reading either from Chroma, and still takes what changed since, reading
    the new version's terms alone."""
    first = fake_assistant
    first.ingest([EXAMPLES])
    query = "hygiene kits distributed"
    expected = [h.chunk_id for h in first.library.search(query).hits]
    first.library.store.cache.flush()
    second = _other_process(first)
    store = second.library.store
    registry_reads, terms_read = [], []
    original_get, original_terms = store.reports.get, store.get_terms
    monkeypatch.setattr(
        store.reports, "get", lambda *a, **k: registry_reads.append(1) or original_get(*a, **k)
    )
    monkeypatch.setattr(
        store, "get_terms", lambda v, *a: terms_read.extend(v) or original_terms(v, *a)
    )
    _no_tokenizing_of_stored_chunks(monkeypatch)
    assert [h.chunk_id for h in second.library.search(query).hits] == expected
    assert registry_reads == [] and terms_read == []
    (workdir / "new.txt").write_text("NOTES\n\nA zanzibarite deposit was found near the camp.\n")
    added = first.ingest([workdir / "new.txt"])[0]
    assert second.library.search("zanzibarite").hits[0].file == "new.txt"
    new_version = first.library.store.get_report(added.report_id).version
    assert len(registry_reads) == 1 and terms_read == [new_version]


def test_an_unreadable_saved_registry_or_index_is_read_from_chroma(
    fake_assistant, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    first = fake_assistant
    first.ingest([EXAMPLES])
    query = "hygiene kits distributed"
    expected = [h.chunk_id for h in first.library.search(query).hits]
    cache = first.library.store.cache
    cache.flush()
    (cache.folder / "lexical.npz").write_bytes(b"half a file")
    (cache.folder / "registry.json").write_text('{"stamp": "')
    with caplog.at_level(logging.WARNING):
        second = _other_process(first)
        assert [h.chunk_id for h in second.library.search(query).hits] == expected
    assert "registry.json" in caplog.text and "lexical.npz" in caplog.text
    second.library.store.cache.flush()  # written again, whole
    assert cache.read_json("registry") is not None and cache.read_arrays("lexical") is not None


def test_a_corrected_title_is_searchable_in_every_process(fake_assistant, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    first = fake_assistant
    (workdir / "new.txt").write_text("NOTES\n\nA deposit was found near the camp.\n")
    added = first.ingest([EXAMPLES, workdir / "new.txt"])[-1]
    second = _other_process(first)
    query = "the quokka survey"
    assert all(h.ranks.get("lexical") is None for h in second.library.search(query).hits)
    first.edit_report(added.report_id, title="Quokka survey notes")
    for assistant in (first, second):
        hits = assistant.library.search(query).hits
        assert [h.file for h in hits if h.ranks.get("lexical") == 1] == ["new.txt"]


def test_each_hit_has_every_unit_s_similarity(small_library) -> None:  # type: ignore[no-untyped-def]
    """Every sentence, row and column of a found chunk has its similarity to the question, read
    from the sentence index by the unit's id; the unit that says it scores highest."""
    from index.meaning import chunk_units

    assistant, _, _ = small_library
    result = assistant.library.search("How many hygiene kits were distributed in Corran?")
    units = {}
    for hit in result.hits:
        meta = {"kind": hit.kind, "table": hit.table.to_json() if hit.table else ""}
        units[hit.chunk_id] = {u.key: u.text for u in chunk_units(hit.text, meta)}
        assert set(hit.meaning) == set(units[hit.chunk_id])
    first = result.hits[0]
    best = max(first.meaning.items(), key=lambda item: item[1])[0]
    assert "hygiene kits" in units[first.chunk_id][best]


def test_a_sentence_repeated_across_a_series_is_looked_up_in_a_few_rows(tmp_path: Path) -> None:
    """A sentence every report of a series repeats is encoded once: later reports take its
    stored vector, read from a few of its rows (all of them, hundreds in a long series, were
    more than Chroma's SQL takes at once); a new sentence is encoded."""
    import chromadb
    import numpy as np

    from index.meaning import _ROWS_PER_TEXT, SentenceIndex
    from ingest.units import Unit
    from tests.conftest import FakeEncoder

    collection = chromadb.PersistentClient(path=str(tmp_path / "chroma")).create_collection(
        "sentences", embedding_function=None, metadata={"hnsw:space": "cosine"}
    )
    index = SentenceIndex(collection, max_batch=100)
    repeated = "Surveillance and contact tracing continue in every affected zone."
    stored = FakeEncoder().passages([repeated])
    for n in range(3 * _ROWS_PER_TEXT):
        index.add(
            [(f"report-{n}:0", {"report_id": f"report-{n}"}, [Unit("s1.1", repeated, "sentence")])],
            stored,
        )

    class Counting:
        def __init__(self, collection) -> None:  # type: ignore[no-untyped-def]
            self.collection, self.rows = collection, 0

        def get(self, **kwargs):  # type: ignore[no-untyped-def]
            got = self.collection.get(**kwargs)
            self.rows += len(got["ids"])
            return got

    encoded: list[str] = []

    class Encoder(FakeEncoder):
        def passages(self, texts: list[str]) -> np.ndarray:
            encoded.extend(texts)
            return super().passages(texts)

    counting = Counting(collection)
    new = "Twelve new cases were confirmed this week."
    vectors = SentenceIndex(counting, max_batch=100).vectors([repeated, new], Encoder())  # type: ignore[arg-type]
    assert encoded == [new]
    assert np.allclose(vectors[0], stored[0])
    assert 1 <= counting.rows <= _ROWS_PER_TEXT * 2


def _unsaved_writes(data_dir: Path) -> dict[str, int]:
    """The writes to the chunk and sentence vector indexes that Chroma has logged but not saved
    in the index, by collection: every process that opens the library applies them again."""
    with sqlite3.connect(data_dir / "chroma" / "chroma.sqlite3") as db:
        rows = db.execute(
            "SELECT c.name, (SELECT count(*) FROM embeddings_queue q"
            " WHERE q.topic LIKE '%' || c.id AND q.seq_id > coalesce(m.seq_id, 0))"
            " FROM collections c JOIN segments s ON s.collection = c.id AND s.scope = 'VECTOR'"
            " LEFT JOIN max_seq_id m ON m.segment_id = s.id"
            " WHERE c.name LIKE '%chunks' OR c.name LIKE '%sentences'"
        ).fetchall()
    return dict(rows)


def test_every_write_is_saved_in_the_vector_indexes(small_library) -> None:  # type: ignore[no-untyped-def]
    """Chroma applies an unsaved write again in each process that opens the library, in parallel
    and so in an order of its own, and two processes then rank the same question differently
    (1 fresh process in 8, on the whole corpus, before every write was saved)."""
    assistant, outcomes, _ = small_library
    assert sum(o.chunks for o in outcomes) > 0
    assert _unsaved_writes(assistant.settings.data_dir) == {
        "sitrep_chunks": 0,
        "sitrep_sentences": 0,
    }


def test_a_library_that_saved_every_thousand_writes_is_saved_when_opened(fake_assistant) -> None:  # type: ignore[no-untyped-def]
    first = fake_assistant
    store = first.library.store
    for col in (store.chunks, store.sentences):  # as libraries were written before
        col.modify(configuration={"hnsw": {"sync_threshold": 1000}})
    first.ingest([EXAMPLES])
    data = first.settings.data_dir
    assert all(_unsaved_writes(data).values())
    opening = f"from pathlib import Path; from index import IndexSettings; from index.store import Store; Store(IndexSettings(data_dir=Path({str(data)!r})))"
    subprocess.run([sys.executable, "-c", opening], cwd=ROOT, check=True)
    assert _unsaved_writes(data) == {"sitrep_chunks": 0, "sitrep_sentences": 0}
