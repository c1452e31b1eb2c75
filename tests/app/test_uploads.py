"""The upload checks both doors share (`app.uploads`): sizes, types from bytes, safe names, and
only files that a client sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.uploads import UploadRefused, check, read_uploaded, safe_name, sniff_type, store

TEXT = b"FICTIONAL NOTE\n\nPartners delivered 12 tents.\n"


def test_names_types_and_sizes() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x y.pdf") == "x_y.pdf"
    assert safe_name("SitRep_MVE_N°30.pdf") == "SitRep_MVE_N°30.pdf"
    assert sniff_type(b"%PDF-1.7 ...") == ".pdf"
    assert sniff_type(b"<!DOCTYPE html><html>") == ".html"
    assert sniff_type(b"\x89PNG\r\n\x1a\n\x00") is None
    assert check("notes.pdf", TEXT, 1).name == "notes.txt"  # named by what the bytes are
    assert check("notes.md", TEXT, 1).name == "notes.md"
    assert check("notes.markdown", TEXT, 1).name == "notes.markdown"
    assert check("отчет 1.txt", TEXT, 1).name == "отчет_1.txt"
    with pytest.raises(UploadRefused) as big:
        check("big.txt", b"x" * 2_000_000, 1)
    assert big.value.status == 413 and big.value.file == "big.txt"
    with pytest.raises(UploadRefused) as image:
        check("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, 1)
    assert image.value.status == 415 and "not a PDF, DOCX, HTML or text file" in str(image.value)
    with pytest.raises(UploadRefused, match="empty file"):
        check("empty.txt", b"", 1)
    with pytest.raises(UploadRefused, match="unsupported file type .csv") as table:
        check("figures.csv", b"place,cases\nBunia,12\n", 1)  # refused as the CLI refuses it
    assert table.value.status == 415
    assert check("utf16.txt", "Tents: 12".encode("utf-16"), 1).name == "utf16.txt"
    # UTF-16 without a BOM, as the command line reads it.
    assert check("utf16le.txt", "Tents: 12".encode("utf-16-le"), 1).name == "utf16le.txt"
    assert check("utf16be.txt", "Tents: 12".encode("utf-16-be"), 1).name == "utf16be.txt"
    assert check("SitRep.2026", TEXT, 1).name == "SitRep.2026.txt"


def test_names_with_nothing_left_are_named_by_content() -> None:
    dot, dotdot = check(".", TEXT, 1), check("..", TEXT + b"More.\n", 1)
    assert dot.name.startswith("upload-") and dot.name.endswith(".txt")
    assert dot.name != dotdot.name
    assert check(".", TEXT, 1).name == dot.name  # the same bytes, the same name


def test_only_files_in_the_upload_folder_are_read(tmp_path: Path) -> None:
    received = tmp_path / "gradio" / "abc123"
    received.mkdir(parents=True)
    (received / "note.txt").write_bytes(TEXT)
    got = read_uploaded(str(received / "note.txt"), tmp_path / "gradio", 1)
    assert got.name == "note.txt" and got.data == TEXT
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(b"SECRET\n\nThe password is 1234.\n")
    for path in (secret, received / ".." / ".." / "elsewhere" / "secret.txt"):
        with pytest.raises(UploadRefused, match="not an uploaded file"):
            read_uploaded(str(path), tmp_path / "gradio", 1)
    stored = store(got, tmp_path / "data" / "uploads")
    assert stored.read_bytes() == TEXT and stored.parent == tmp_path / "data" / "uploads"


def test_a_batch_is_ingested_in_one_run_with_each_file_s_outcome(
    make_assistant, tmp_path: Path
) -> None:
    """Uploads of one request go through the library in one run (the next file is parsed while
    the last is embedded), each with its outcome in order under its own name; a name that comes
    again is a new version, written only once the first has landed; a failed file is not kept."""
    from app.settings import Settings
    from app.uploads import ingest

    assistant = make_assistant()
    settings = Settings(data_dir=tmp_path / "library")
    runs: list[int] = []
    real = assistant.ingest

    def counted(paths, on_file=None):  # type: ignore[no-untyped-def]
        runs.append(len(paths))
        return real(paths, on_file)

    assistant.ingest = counted
    batch = [
        check("tents.txt", b"FICTIONAL NOTE\n\nPartners delivered 12 tents in Corran.\n", 1),
        check("buckets.txt", b"FICTIONAL NOTE\n\nPartners delivered 95 buckets in Vale.\n", 1),
        check("blank.txt", b"   \n\n  \n", 1),
        check("tents.txt", b"FICTIONAL NOTE\n\nPartners delivered 40 tents in Corran.\n", 1),
    ]
    told: list[str] = []
    outcomes = ingest(batch, settings, assistant, lambda o: told.append(o.file))
    assert (
        [o.file for o in outcomes]
        == told
        == [
            "tents.txt",
            "buckets.txt",
            "blank.txt",
            "tents.txt",
        ]
    )
    assert [o.status for o in outcomes] == ["added", "added", "failed", "added"]
    assert "no text" in outcomes[2].reason
    assert runs == [3, 1]  # cut only where a name came again
    assert outcomes[0].report_id == outcomes[3].report_id  # one report, its second version
    folder = settings.data_dir / "uploads"
    assert sorted(p.name for p in folder.iterdir()) == ["buckets.txt", "tents.txt"]
    answer = assistant.ask("How many tents were delivered in Corran?")
    assert "40" in answer.text and "12" not in answer.text
