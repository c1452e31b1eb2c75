"""Parsing the real reports of ../shared/corpus and the fictional examples."""

from __future__ import annotations

import base64
from pathlib import Path

import pymupdf
import pytest

from app.errors import IngestError
from ingest import chunk_report, parse_file
from ingest.pdf import tesseract_languages
from tests.conftest import DRC, EXAMPLES, SEED


def test_seed_sections_and_people_reached_table(corpus: Path) -> None:
    report = parse_file(SEED)
    top = [s.path[0] for s in report.sections if len(s.path) == 1]
    assert top == ["Situation", "Response", "Coordination"]
    tables = [b.table for s in report.sections for b in s.blocks if b.table is not None]
    assert len(tables) == 1
    table = tables[0]
    assert table.caption.startswith("PEOPLE REACHED")
    rmrp = next(row for row in table.rows if row[0] == "RMRP")
    assert rmrp[table.header.index("Food Security")] == "24,435"
    no_rmrp = next(row for row in table.rows if row[0] == "NO RMRP")
    assert no_rmrp[table.header.index("Shelter")] == "133"
    assert table.header[1:] == [
        "Education",
        "Food Security",
        "Health",
        "Hum. Transp.",
        "Integration",
        "Nutrition",
        "Protection",
        "Shelter",
        "WASH",
        "CBI",
    ]


def test_seed_chunks_stay_inside_sections(corpus: Path) -> None:
    report = parse_file(SEED)
    chunks = chunk_report(report)
    sections = {s.title for s in report.sections}
    assert all(c.section in sections for c in chunks)
    assert all(len(c.text) <= 700 for c in chunks if c.kind == "text")
    table_chunks = [c for c in chunks if c.kind == "table"]
    assert table_chunks and all("Food Security" in c.text for c in table_chunks)
    response = " ".join(c.text for c in chunks if c.section == "Response")
    assert "2,700 hygiene kits" in response


def test_drc_pages_headings_and_date(corpus: Path) -> None:
    report = parse_file(DRC / "SitRep_25_2026.pdf")
    assert report.meta.date == "2026-06-08"
    assert report.meta.report_number == "25"
    assert report.meta.language == "fr"
    assert len(report.pages) == 11
    by_heading = {s.path[-1]: s for s in report.sections if s.path}
    spatial = next(s for h, s in by_heading.items() if h.startswith("3.1 Distribution spatiale"))
    assert spatial.path[0].startswith("3. ANALYSE")
    assert spatial.page_start == 2
    assert any(h.startswith("4.2 Surveillance") for h in by_heading)
    # The per-province table keeps its header and the Ituri row, with figures printed as in the PDF.
    province = next(
        b.table for b in spatial.blocks if b.table is not None and "Province" in b.table.header
    )
    ituri = next(row for row in province.rows if row[0] == "Ituri")
    assert ituri[province.header.index("Cas confirmés")] == "563"
    assert "16,3%" in ituri


def test_a_title_guessed_from_large_type_is_marked_inferred(corpus: Path) -> None:
    who = corpus / "who-covid"
    # Page 1 prints its title as an image: the largest text line is a guess, shown as inferred.
    guessed = parse_file(who / "20200130-sitrep-10-ncov.pdf")
    assert guessed.inferred_title == guessed.meta.title != ""
    assert guessed.meta.report_number == "10"
    # A line that names the kind of report is its title.
    named = parse_file(who / "20200817-weekly-epi-update-1.pdf")
    assert named.meta.title == "Weekly Epidemiological Update 1" and named.inferred_title == ""


def test_scanned_pages_are_warnings_not_failures(corpus: Path) -> None:
    report = parse_file(DRC / "SitRep_30_2026.pdf")
    assert report.warnings == [] and report.ocr_pages == []
    with pytest.raises(IngestError, match="no extractable text.*install Tesseract"):
        parse_file(DRC / "SitRep_07_2026.pdf", ocr_languages="")  # every page is a scan


def _scan_in_front(tmp_path: Path) -> Path:
    """A real report with a real scanned page (SitRep 07's second) added in front."""
    doc = pymupdf.open(DRC / "SitRep_25_2026.pdf")
    scan = pymupdf.open(DRC / "SitRep_07_2026.pdf")
    doc.insert_pdf(scan, from_page=1, to_page=1, start_at=0)
    mixed = tmp_path / "mixed.pdf"
    doc.save(mixed)
    return mixed


def test_page_without_text_layer_warns_without_ocr(tmp_path: Path, corpus: Path) -> None:
    report = parse_file(_scan_in_front(tmp_path), ocr_languages="")
    assert report.warnings == [
        "page 1 has no text layer (scanned image?); skipped: install Tesseract to read scanned "
        "pages (README: Scanned reports)"
    ]
    assert len(report.pages) == 12 and report.pages[0] == "" and report.ocr_pages == []
    assert report.meta.date == "2026-06-08"


@pytest.mark.skipif(
    not tesseract_languages("fra"), reason="Tesseract with French is not installed (.ci/run has it)"
)
def test_scanned_page_is_read_by_ocr(tmp_path: Path, corpus: Path) -> None:
    report = parse_file(_scan_in_front(tmp_path), ocr_languages="eng+fra+spa")
    assert report.ocr_pages == [1]
    assert report.warnings == ["page 1 has no text layer; read by OCR (check figures on the page)"]
    assert "36 zones de santé de la province de l’Ituri" in report.pages[0]
    texts = [b.text for s in report.sections for b in s.blocks if b.page == 1]
    # A paragraph that OCR broke into blocks mid-sentence is one paragraph again.
    assert any("plus de 8 millions d'habitants" in t for t in texts)
    assert report.meta.date == "2026-06-08"  # the text pages still name the report


def test_bad_pdfs_fail_with_a_reason(tmp_path: Path, corpus: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    encrypted = tmp_path / "encrypted.pdf"
    doc = pymupdf.open(DRC / "SitRep_25_2026.pdf")
    doc.save(encrypted, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="secret")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes((DRC / "SitRep_25_2026.pdf").read_bytes()[:40_000])
    image = tmp_path / "photo.pdf"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    for path, reason in [
        (empty, "empty file"),
        (corrupt, "not a readable PDF"),
        (encrypted, "encrypted PDF"),
        (truncated, "truncated PDF: the file stops before its end"),
        (image, "not a PDF: the file is a PNG image"),
    ]:
        with pytest.raises(IngestError) as info:
            parse_file(path)
        assert info.value.file == path.name
        assert reason in info.value.reason


def test_example_pdf_two_pages_numbered_sections_and_table() -> None:
    report = parse_file(EXAMPLES / "northland-flood-sitrep-03.pdf")
    assert len(report.pages) == 2
    assert report.meta.date == "2026-03-14"
    assert report.meta.report_number == "3"
    paths = [s.title for s in report.sections]
    assert "2. Humanitarian needs > 2.1 Shelter" in paths
    tables = [b.table for s in report.sections for b in s.blocks if b.table is not None]
    assert tables[0].header == [
        "Province",
        "People displaced",
        "Shelters open",
        "Hygiene kits distributed",
    ]
    response = next(s for s in report.sections if s.title == "3. Response")
    assert response.page_start == 2


def test_other_formats(tmp_path: Path) -> None:
    import docx

    md = tmp_path / "r.md"
    md.write_text("# Flood update\n\n## Response\n\nPartners delivered 40 tents.\n")
    html = tmp_path / "r.html"
    html.write_text(
        "<html><head><title>Update 2</title></head><body><h1>Situation</h1><p>Rain fell.</p>"
        "<table><tr><th>Province</th><th>Tents</th></tr><tr><td>Vale</td><td>40</td></tr></table></body></html>"
    )
    document = docx.Document()
    document.add_heading("Response", level=1)
    document.add_paragraph("Partners delivered 40 tents.")
    path_docx = tmp_path / "r.docx"
    document.save(str(path_docx))
    assert [s.title for s in parse_file(md).sections] == ["Flood update > Response"]
    parsed_html = parse_file(html)
    assert parsed_html.meta.title == "Update 2"
    table = next(b.table for s in parsed_html.sections for b in s.blocks if b.table is not None)
    assert table.rows == [["Vale", "40"]]
    assert parse_file(path_docx).sections[0].title == "Response"
    unknown = tmp_path / "r.xlsx"
    unknown.write_bytes(b"x")
    with pytest.raises(IngestError, match="unsupported file type .xlsx"):
        parse_file(unknown)
    # Encoded data saved as text is no report: it fails with the reason, and is not stored.
    encoded = tmp_path / "export.txt"
    encoded.write_text(base64.encodebytes(bytes(range(256)) * 12).decode())
    with pytest.raises(IngestError, match="export.txt.*does not read as text"):
        parse_file(encoded)


def test_figures_under_a_merged_header_cell_join_its_column(corpus: Path) -> None:
    """WHO's country table prints each figure under a header cell that spans two columns."""
    from ingest.pdf import read_pdf

    content = read_pdf(corpus / "who-covid" / "20200311-sitrep-51-covid-19.pdf")
    tables = [b.table for b in content.blocks if b.table is not None]
    countries = next(t for t in tables if t.header[0].startswith("Reporting Country"))
    italy = next(row for row in countries.rows if row[0] == "Italy")
    assert italy[countries.header.index("Total confirmed‡ cases")] == "10149"
    assert italy[countries.header.index("Total deaths")] == "631"


def test_unnamed_column_figures_move_under_the_nearest_free_name() -> None:
    from ingest.pdf_tables import _under_named_columns

    header = ["Country", "", "Cases", "", "Deaths"]
    assert _under_named_columns(["Italy", "10", "", "3", ""], header) == [
        "Italy",
        "",
        "10",
        "",
        "3",
    ]
    # A label is not a figure, and a filled named column is never overwritten.
    assert _under_named_columns(["", "Region", "", "", ""], header) == ["", "Region", "", "", ""]
    assert _under_named_columns(["Peru", "7", "5", "", ""], header) == ["Peru", "7", "5", "", ""]
    assert _under_named_columns(["Chile", "", "", "4", "2"], header) == ["Chile", "", "4", "", "2"]
