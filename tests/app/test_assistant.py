"""The Assistant facade on real reports: answers, citations, abstentions, bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from app import Assistant
from app.errors import InputError, NotFoundError, SitrepError
from ingest.pdf import tesseract_languages
from tests.conftest import DRC, EXAMPLES, HUMSET, SEED


def _page_text(assistant, citation) -> str:  # type: ignore[no-untyped-def]
    record = assistant.library.store.get_report(citation.report_id)
    return assistant.library.page_texts(record.version, [citation.page])[citation.page]


def test_hygiene_kits_answered_from_the_seed_response_section(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask("How many hygiene kits did GTRM partners distribute?")
    assert not answer.abstained
    assert "2,700" in answer.text and "[1]" in answer.text
    citation = answer.citations[0]
    assert citation.file == SEED.name
    assert citation.section == "Response"
    assert (citation.page, citation.page_end) == (1, 1) and not citation.ocr
    assert "2,700 hygiene kits" in citation.quote
    assert citation.quote in " ".join(_page_text(assistant, citation).split())
    assert answer.timings["total"] > 0 and answer.retrieved


def test_table_cell_answered_with_row_and_column(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask("How many people were reached with Food Security under the RMRP?")
    assert not answer.abstained
    assert "24,435" in answer.text and "Food Security" in answer.text
    assert answer.citations[0].quote.startswith("RMRP 355 24,435")


def test_french_report_figure_with_page(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask(
        "Combien de cas confirmés en Ituri dans le SitRep 25 ?", reports=["SitRep_25_2026.pdf"]
    )
    assert not answer.abstained, answer.text
    citation = answer.citations[0]
    assert citation.file == "SitRep_25_2026.pdf" and citation.date == "2026-06-08"
    assert "563" in answer.text
    assert citation.quote in " ".join(_page_text(assistant, citation).split())


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # English and Spanish questions over a French report, the quote in French.
        ("How many confirmed cases had Ituri province recorded as of 8 June 2026?", "563"),
        ("¿Cuántos casos confirmados había registrado Ituri al 8 de junio de 2026?", "563"),
        # Two parts, each answered.
        ("How many confirmed cases had Ituri recorded on 8 June 2026, and how many deaths?", "92"),
        # WHO's country table, where each figure sits under a header cell spanning two columns.
        ("How many total confirmed COVID-19 cases had Italy reported on 11 March 2020?", "10149"),
    ],
)
def test_questions_across_languages_parts_and_tables(
    small_library, question: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask(question)
    assert not answer.abstained, answer.text
    assert expected in answer.text, answer.text
    assert answer.citations[0].quote in " ".join(_page_text(assistant, answer.citations[0]).split())


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("What is the capital of France?", "do not contain"),
        ("How many hygiene kits were distributed in Colombia?", "do not contain"),
        ("How many vaccine doses were administered in Corran?", "do not contain"),
        # In the question's own language (French and Spanish were told so in English).
        ("Combien de vaccins ont été administrés à Corran ?", "Rapports consultés :"),
        ("¿Cuántas vacunas se administraron en Corran?", "Informes consultados:"),
    ],
)
def test_questions_the_reports_cannot_answer_abstain(
    small_library, question: str, says: str
) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask(question)
    assert answer.abstained, answer.text
    assert answer.citations == []
    assert says in answer.text and answer.searched, answer.text
    assert answer.searched[0] in answer.text


def test_filters_that_match_nothing_abstain(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask("How many hygiene kits?", date_from="2030-01-01")
    assert answer.abstained and "No report" in answer.text


def test_bad_files_fail_with_reasons_and_the_rest_is_ingested(
    make_assistant, workdir: Path, corpus
) -> None:  # type: ignore[no-untyped-def]
    assistant = make_assistant()
    # A copy without its sidecar: a report like any other, not an example that real ones replace.
    stored = shutil.copy(EXAMPLES / "northland-flood-update-2026-03-21.txt", workdir)
    assert assistant.ingest([stored])[0].status == "added"
    shutil.copy(SEED, workdir / SEED.name)
    shutil.copy(EXAMPLES / "northland-flood-sitrep-03.pdf", workdir)
    (workdir / "empty.pdf").write_bytes(b"")
    (workdir / "corrupt.pdf").write_bytes(b"%PDF-1.4\n%%EOF garbage" * 20)
    pymupdf.open(DRC / "SitRep_25_2026.pdf").save(
        workdir / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="pw"
    )
    outcomes = {Path(o.file).name: o for o in assistant.ingest([workdir])}
    assert outcomes["empty.pdf"].status == "failed" and "empty file" in outcomes["empty.pdf"].reason
    assert (
        outcomes["corrupt.pdf"].status == "failed"
        and "not a readable PDF" in outcomes["corrupt.pdf"].reason
    )
    assert (
        outcomes["locked.pdf"].status == "failed" and "encrypted" in outcomes["locked.pdf"].reason
    )
    assert outcomes[SEED.name].status == "added"
    assert outcomes["northland-flood-sitrep-03.pdf"].status == "added"
    # What was stored before the batch is still there, whole.
    assert len(assistant.reports()) == 3
    assert not assistant.ask("How many hygiene kits did GTRM partners distribute?").abstained


@pytest.mark.skipif(
    not tesseract_languages("fra"), reason="Tesseract with French is not installed (.ci/run has it)"
)
def test_question_answered_from_a_scanned_page(
    make_assistant, tmp_path: Path, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    """A page with no text layer (a real scan) is read by OCR, answered, and cited as a scan."""
    scan = pymupdf.open()
    scan.insert_pdf(pymupdf.open(DRC / "SitRep_07_2026.pdf"), from_page=1, to_page=1)
    scan.save(tmp_path / "ituri-scan.pdf")
    assistant = make_assistant()
    outcome = assistant.ingest([tmp_path / "ituri-scan.pdf"])[0]
    assert outcome.status == "added" and "read by OCR" in outcome.warnings[0]
    assert assistant.reports()[0].ocr_pages == [1]
    answer = assistant.ask("Combien de zones de santé compte la province de l'Ituri ?")
    assert not answer.abstained and answer.text.startswith("36 zones de santé")
    citation = answer.citations[0]
    assert citation.ocr and citation.page == 1
    assert citation.quote in " ".join(_page_text(assistant, citation).split())


def test_empty_question_and_unknown_report(make_assistant) -> None:  # type: ignore[no-untyped-def]
    assistant = make_assistant()
    with pytest.raises(SitrepError, match="empty"):
        assistant.ask("  ")
    with pytest.raises(NotFoundError, match="no report 'nope'"):
        assistant.delete("nope")


def test_different_files_never_replace_each_other(fake_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "names"
    folder.mkdir()
    texts = {
        "отчет 1.txt": "FICTIONAL A\n\n10 tents reached Corran.\n",
        "звіт 1.txt": "FICTIONAL B\n\n20 tents reached Glenrock.\n",
        "Report (2).txt": "FICTIONAL C\n\n30 tents reached Corran.\n",
        "report_2.txt": "FICTIONAL D\n\n40 tents reached Glenrock.\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    outcomes = fake_assistant.ingest(sorted(folder.iterdir()))
    assert [o.status for o in outcomes] == ["added"] * 4
    assert all(not o.reason for o in outcomes)  # nothing "replaced the earlier version"
    assert len({o.report_id for o in outcomes}) == 4 and len(fake_assistant.reports()) == 4
    # The same file name again is a new version of that report, under the same id.
    (folder / "звіт 1.txt").write_text("FICTIONAL B\n\n25 tents reached Glenrock.\n")
    again = fake_assistant.ingest([folder / "звіт 1.txt"])[0]
    first = next(o for o in outcomes if Path(o.file).name == "звіт 1.txt")
    assert again.report_id == first.report_id and again.reason == "replaced the earlier version"
    assert len(fake_assistant.reports()) == 4


def test_models_load_while_the_first_file_parses_and_only_to_store(
    fake_assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Ingest loads the models (torch's import alone takes seconds) once, as it starts parsing
    the first file it will store; an ingest that stores nothing (every file unchanged, or
    failed before parsing) loads none."""
    folder = tmp_path / "warm"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"r{n}.txt").write_text(f"FICTIONAL {n}\n\n{n}0 tents reached Corran.\n")
    library = fake_assistant.library
    warmed: list[str] = []
    monkeypatch.setattr(library, "warm", lambda: warmed.append("warm"))
    outcomes = fake_assistant.ingest(sorted(folder.iterdir()))
    assert [o.status for o in outcomes] == ["added", "added"] and warmed == ["warm"]
    again = fake_assistant.ingest(sorted(folder.iterdir()) + [folder / "missing.txt"])
    assert [o.status for o in again] == ["unchanged", "unchanged", "failed"]
    assert warmed == ["warm"]


def test_a_malformed_docx_fails_alone(fake_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    folder = tmp_path / "docx"
    folder.mkdir()
    with zipfile.ZipFile(folder / "broken.docx", "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document><w:body><w:p>unclosed")
    (folder / "fine.txt").write_text("FICTIONAL UPDATE\n\n12 tents reached Corran.\n")
    (folder / "utf16.txt").write_text(
        "FICTIONAL UPDATE\n\n77 zanzibarite lamps reached Corran.\n", encoding="utf-16"
    )
    outcomes = {Path(o.file).name: o for o in fake_assistant.ingest([folder])}
    assert outcomes["broken.docx"].status == "failed"
    assert outcomes["broken.docx"].reason.startswith("not a readable DOCX file")
    assert outcomes["fine.txt"].status == "added"
    assert outcomes["utf16.txt"].status == "added"
    assert fake_assistant.library.search("zanzibarite lamps").hits[0].file == "utf16.txt"


def test_oversized_inputs_are_refused_with_their_size(tmp_path: Path) -> None:
    import zipfile

    from app import Assistant
    from app.settings import Settings
    from ingest import readers
    from tests.conftest import FakeEmbedder, FakeEncoder

    assistant = Assistant(
        settings=Settings(data_dir=tmp_path / "library", max_chunks=3),
        embedder=FakeEmbedder(model_name="fake"),
        encoder=FakeEncoder(),  # type: ignore[arg-type]
    )
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "long.txt").write_text("LONG\n\n" + "12 tents reached Corran today. " * 2000)
    # A DOCX of a few hundred KB that inflates past the limit (files are parsed in another
    # process, so the limit itself is what must be passed).
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        with docx.open("word/document.xml", "w") as xml:
            xml.write(b"<w:document>")
            for _ in range(readers.MAX_DOCX_XML_MB + 1):
                xml.write(b" " * 1024 * 1024)
            xml.write(b"</w:document>")
    (folder / "short.txt").write_text("SHORT\n\n12 tents reached Corran.\n")
    outcomes = {Path(o.file).name: o for o in assistant.ingest([folder])}
    assert outcomes["long.txt"].status == "failed"
    assert (
        "too long" in outcomes["long.txt"].reason
        and "SITREP_MAX_CHUNKS" in outcomes["long.txt"].reason
    )
    assert (
        outcomes["bomb.docx"].status == "failed"
        and f"inflates to {readers.MAX_DOCX_XML_MB + 1} MB" in outcomes["bomb.docx"].reason
    )
    assert outcomes["short.txt"].status == "added"
    with pytest.raises(InputError, match="question: 2,001 characters"):
        assistant.ask("x" * 2001)
    with pytest.raises(InputError, match="history"):
        assistant.ask("and in Corran?", history=["how many tents?"] * 51)


def test_a_parser_that_dies_fails_its_file_and_the_next_is_read(
    fake_assistant, tmp_path: Path, corpus: Path
) -> None:
    """Files are parsed in a separate process (PDF table finding and OCR hold the interpreter
    for seconds, which would stall the questions a server answers meanwhile); when that process
    dies while it reads a file, that file fails with a reason and a new process reads the next."""
    import os
    import signal
    import threading

    from app import intake

    (tmp_path / "a.txt").write_text("FICTIONAL A\n\n12 tents reached Corran.\n")
    (tmp_path / "b.txt").write_text("FICTIONAL B\n\n40 buckets reached Vale.\n")
    assert fake_assistant.ingest([tmp_path / "a.txt"])[0].status == "added"
    pid = intake._parser.pid
    assert pid is not None and pid != os.getpid()
    # A 33-page PDF takes the parser several seconds: it dies in the middle, as in a crash.
    long_pdf = corpus / "who-covid" / "covid-19_epi_update_173.pdf"
    killer = threading.Timer(1.5, os.kill, (pid, signal.SIGKILL))
    killer.start()
    died, after = fake_assistant.ingest([long_pdf, tmp_path / "b.txt"])
    killer.join()
    assert died.status == "failed" and "crashed the reader" in died.reason
    assert after.status == "added" and intake._parser.pid not in (None, pid)


def _excerpts(assistant: Assistant, tmp_path: Path, *names: str) -> Assistant:
    """The assistant with these HumSet excerpts ingested."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in names:
        shutil.copy(HUMSET / name, folder / name)
    assistant.ingest([folder])
    return assistant


def test_a_place_named_in_another_language_is_found(make_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A French question names `Darfour`; the English excerpt says `Darfur` (and never
    `Darfour`): the figure is answered, not refused for a place the evidence seems to lack."""
    assistant = _excerpts(make_assistant(), tmp_path, "a1_313779.txt", "a1_11315.txt")
    answer = assistant.ask(
        "Combien de ménages ont trouvé refuge à Adré après les affrontements au Darfour ?"
    )
    assert not answer.abstained, answer.text
    assert answer.text.startswith("166"), answer.text


def test_a_country_the_excerpt_names_only_by_its_towns_is_found(
    make_assistant, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The excerpt speaks of Tripoli and Al Khums and never writes `Libya`: a question about
    Libya is answered from it; asked about Tunisia, whose towns it does not name, it abstains."""
    assistant = _excerpts(make_assistant(), tmp_path, "a1_10188.txt", "a1_11315.txt")
    answer = assistant.ask(
        "How many individuals were rescued or intercepted at sea off Libya in May?"
    )
    assert not answer.abstained, answer.text
    assert answer.text.startswith("1,756"), answer.text
    elsewhere = assistant.ask(
        "How many individuals were rescued or intercepted at sea off Tunisia in May?"
    )
    assert elsewhere.abstained, elsewhere.text


def test_a_change_sets_one_measure_against_itself(small_library) -> None:  # type: ignore[no-untyped-def]
    """The real DRC sitreps N°25 and N°30: Ituri's cell of the same table in each (before, a
    sentence about contact tracing was quoted from each)."""
    assistant, _, _ = small_library
    answer = assistant.ask(
        "How did confirmed cases in Ituri change between 8 June 2026 and 13 June 2026?"
    )
    assert not answer.abstained, answer.text
    assert answer.text.index("563") < answer.text.index("717"), answer.text
    assert len(answer.citations) == 2 and "+154" in answer.text, answer.text


def test_a_day_without_its_year_is_read_in_the_year_of_its_series(make_assistant) -> None:  # type: ignore[no-untyped-def]
    """ "On 21 March" means the fictional series' 21 March 2026 (65 shelters), not the 14 March
    report's 71; a day far from every report's is not answered with another day's figure."""
    assistant = make_assistant()
    assistant.ingest([EXAMPLES])
    answer = assistant.ask("How many collective shelters were open on 21 March?")
    assert not answer.abstained and answer.text.startswith("65"), answer.text
    assert answer.citations[0].date == "2026-03-21"
    earlier = assistant.ask("How many collective shelters were open on 14 March?")
    assert earlier.text.startswith("71"), earlier.text
    far = assistant.ask("How many collective shelters were open on 21 March 2024?")
    assert far.abstained and "far from the date asked (21 March 2024)" in far.text, far.text


def test_a_day_no_report_has_is_answered_from_the_next_day_and_says_so(small_library) -> None:  # type: ignore[no-untyped-def]
    assistant, _, _ = small_library
    answer = assistant.ask("How many confirmed cases were there in Ituri on 9 June 2026?")
    assert not answer.abstained, answer.text
    assert answer.citations[0].date == "2026-06-08"
    assert "dated 8 June 2026, not 9 June 2026 as asked" in answer.text, answer.text


def test_which_place_has_the_most_is_ranked_from_the_report_s_own_figures(
    small_library, make_assistant
) -> None:  # type: ignore[no-untyped-def]
    """The DRC SitRep of 8 June 2026 tables each health zone's cumulative confirmed cases (the
    Ituri sub-total row aside); the fictional No. 4 lists the shelters open by district."""
    assistant, _, _ = small_library
    zone = assistant.ask(
        "Which health zone had the most cumulative confirmed cases in Ituri on 8 June 2026?"
    )
    assert zone.text.startswith("Bunia, with 163"), zone.text
    assert "Bunia" in zone.citations[0].quote and "163" in zone.citations[0].quote
    examples = make_assistant()
    examples.ingest([EXAMPLES])
    district = examples.ask("Which district had the most collective shelters open on 21 March?")
    assert district.text.startswith("Vale, with 31"), district.text


def test_a_change_stated_as_a_total_and_as_fell_from_is_one_measure(make_assistant) -> None:  # type: ignore[no-untyped-def]
    """The fictional No. 3 gives the shelters open as a total, No. 4 as "fell from 71 to 65":
    No. 4's own figure is 65 (71 is the earlier report's), and both measure the shelters open."""
    assistant = make_assistant()
    assistant.ingest([EXAMPLES])
    answer = assistant.ask(
        "How did the number of open collective shelters change between 14 March and 21 March?"
    )
    assert not answer.abstained, answer.text
    assert "71" in answer.text and "65" in answer.text and "-6" in answer.text, answer.text
    assert len(answer.citations) == 2, answer.text
