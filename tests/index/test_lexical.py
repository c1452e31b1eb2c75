"""The BM25 index: filters applied as arrays over its chunks, and an index kept up to date by
adding and dropping report versions that ranks exactly as one built afresh."""

from __future__ import annotations

import math

import numpy as np
import pytest

from index import SearchFilters
from index.lexical import LexicalIndex, Postings, Shard, Tokenizer
from index.records import date_number

TOKENIZER = Tokenizer()


def _shard(report: str, version: str, day: str, language: str, texts: list[str]) -> Shard:
    chunks = [(f"{version}-{n}", text) for n, text in enumerate(texts)]
    postings = Postings.of(chunks, language, TOKENIZER)
    return Shard(report, version, "", date_number(day), language, postings)


SHARDS = [
    _shard("a", "a1", "2026-03-01", "en", ["zorbax 0"]),
    _shard("b", "b1", "2026-04-15", "en", ["zorbax 2"]),
    _shard("c", "c1", "2026-05-30", "fr", ["zorbax 3"]),
    _shard("d", "d1", "", "en", ["zorbax 4"]),  # no date: it passes an upper bound only
]


def _found(filters: SearchFilters | None) -> set[str]:
    index = LexicalIndex(TOKENIZER).updated(SHARDS)
    return {chunk_id for chunk_id, _ in index.search("zorbax", 10, filters)}


def test_each_filter_alone_and_together() -> None:
    assert _found(None) == {"a1-0", "b1-0", "c1-0", "d1-0"}
    assert _found(SearchFilters()) == {"a1-0", "b1-0", "c1-0", "d1-0"}
    assert _found(SearchFilters(reports=["a", "c"])) == {"a1-0", "c1-0"}
    assert _found(SearchFilters(date_from="2026-04-01")) == {"b1-0", "c1-0"}
    assert _found(SearchFilters(date_to="2026-04-15")) == {"a1-0", "b1-0", "d1-0"}
    assert _found(SearchFilters(language="fr")) == {"c1-0"}
    both = SearchFilters(reports=["a", "b"], date_from="2026-03-01", language="en")
    assert _found(both) == {"a1-0", "b1-0"}
    assert _found(SearchFilters(reports=["zzz"])) == set()


TEXTS = {
    "r1": ["Cholera cases rose to 120 in Kasai.", "Water trucking reached 4,000 people."],
    "r2": ["Cholera cases fell to 80.", "Two new treatment centres opened in Kasai."],
    "r3": ["Measles vaccination reached 12 000 children.", "No cholera cases reported."],
    "r4": ["Hygiene kits: 3 200 distributed in Corran.", "Cholera alert in the camps."],
}
QUERIES = ["cholera cases Kasai", "hygiene kits", "vaccination children", "water 4000"]


def _version(report: str, n: int) -> Shard:
    return _shard(report, f"{report}v{n}", "2026-06-01", "en", TEXTS[report])


def _ranked(index: LexicalIndex) -> list[list[tuple[str, float]]]:
    """Rankings with chunk ids stripped of their version, so two versions of one text agree."""
    return [
        [(cid.split("-")[1] + cid[:2], round(score, 9)) for cid, score in index.search(q, 10)]
        for q in QUERIES
    ]


def test_an_index_updated_step_by_step_ranks_as_one_built_at_once() -> None:
    fresh = LexicalIndex(TOKENIZER).updated([_version(r, 1) for r in ("r1", "r2", "r3", "r4")])
    index = LexicalIndex(TOKENIZER).updated([_version("r1", 1), _version("r2", 1)])
    index = index.updated([_version("r3", 0)])
    stepped = index.updated([_version("r3", 1), _version("r4", 1)], remove=["r3v0"])
    assert _ranked(stepped) == _ranked(fresh)
    assert stepped.size == fresh.size == 8
    # Dropping enough versions compacts the index; the rest still rank as a fresh index.
    dropped = stepped.updated(remove=["r1v1", "r2v1"])
    assert dropped.size == 4 and len(dropped._lengths) == 4  # compacted
    fresh_two = LexicalIndex(TOKENIZER).updated([_version("r3", 1), _version("r4", 1)])
    assert _ranked(dropped) == _ranked(fresh_two)
    assert stepped.size == 8  # the index it came from is unchanged


def test_an_index_read_back_from_its_arrays_ranks_and_updates_as_the_original() -> None:
    """A starting process reads the saved arrays instead of building the index: the index it gets
    ranks as the saved one, with a dropped version still dropped, and takes updates the same."""
    index = LexicalIndex(TOKENIZER).updated([_version(r, 1) for r in ("r1", "r2", "r3")])
    index = index.updated(remove=["r3v1"])  # dropped but not yet compacted
    again = LexicalIndex(TOKENIZER).from_arrays(index.arrays())
    assert _ranked(again) == _ranked(index) and again.size == index.size == 4
    assert again.terms.report_counts("r1")["cholera"] == index.terms.report_counts("r1")["cholera"]
    add, drop = [_version("r3", 2), _version("r4", 1)], ["r1v1"]
    assert _ranked(again.updated(add, remove=drop)) == _ranked(index.updated(add, remove=drop))
    arrays = index.arrays()
    arrays["chunks"] = arrays["chunks"][:-1]  # a file that does not fit together is refused
    with pytest.raises(ValueError, match="fit together"):
        LexicalIndex(TOKENIZER).from_arrays(arrays)
    with pytest.raises(ValueError, match="another layout"):
        old = np.frombuffer(b"index-0/postings-1:", dtype=np.uint8)
        LexicalIndex(TOKENIZER).from_arrays({**index.arrays(), "format": old})


def test_scores_are_bm25_over_the_live_chunks() -> None:
    """One term, two chunks: Lucene's BM25 by hand, with document frequency and mean length
    counted over the live chunks only (the dropped version does not count)."""
    index = LexicalIndex(TOKENIZER).updated(
        [_shard("x", "x1", "", "en", ["zorbax zorbax quill", "quill"]), _version("r1", 1)]
    )
    index = index.updated(remove=["r1v1"])
    [(chunk_id, score)] = index.search("zorbax", 5)
    n, df, length, mean, tf = 2, 1, 3, 2.0, 2
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    expected = idf * tf / (1.5 * (0.25 + 0.75 * length / mean) + tf)
    assert chunk_id == "x1-0" and score == pytest.approx(expected)
    assert index.terms.report_counts("x")["zorbax"] == 2
    assert index.terms.report_counts("r1")["cholera"] == 0  # dropped
    assert index.terms.weight("quill") == pytest.approx(math.log(1 + 0.5 / 2.5))


def test_postings_survive_the_store_s_text_form() -> None:
    postings = _version("r4", 1).postings
    again = Postings.from_text(postings.to_text())
    assert again is not None and again.chunk_ids == postings.chunk_ids
    for name in ("lengths", "starts", "keys", "counts"):
        assert (getattr(again, name) == getattr(postings, name)).all()
    assert Postings.from_text("UEsDBBQAAAAIAA") is None  # another layout: counted again


def test_a_cached_text_gives_a_fresh_list_of_the_same_tokens() -> None:
    tokenize = Tokenizer()
    first = tokenize("2 700 cas confirmés", "fr")
    first.append("changed")
    assert tokenize("2 700 cas confirmés", "fr") == ["2700", "cas", "confirm"]
    assert tokenize.once("2 700 cas confirmés", "fr") == ["2700", "cas", "confirm"]
