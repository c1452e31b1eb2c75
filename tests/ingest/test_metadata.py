"""Dates, report numbers, languages and sidecar overrides."""

import json
from pathlib import Path

import pytest

from app.errors import IngestError
from ingest.metadata import (
    apply_sidecar,
    detect_language,
    detect_meta,
    find_report_date,
    find_report_number,
    parse_date,
    report_number_mentions,
)
from ingest.model import ReportMeta


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Date de rapportage 07 juin 2026", "2026-06-07"),
        ("Date de rapportage\n: 17 Sept 2025", "2025-09-17"),
        (
            "Data as received by WHO from national authorities by 10 AM CET 5 March 2020",
            "2020-03-05",
        ),
        ("Data as reported by: 20 January 2020 ... 22 JANUARY 2020", "2020-01-20"),
        ("Fecha de reporte: 8 de junio de 2026", "2026-06-08"),
        ("Published June 7, 2026", "2026-06-07"),
        ("Cumul au 13/06/2026", "2026-06-13"),
        ("no date here", ""),
    ],
)
def test_report_dates(text: str, iso: str) -> None:
    assert find_report_date(text) == iso


def test_labelled_date_wins_over_earlier_dates() -> None:
    text = "Outbreak declared on 4 September 2025.\nDate de rapportage 27 septembre 2025"
    assert find_report_date(text) == "2025-09-27"
    assert parse_date(text) == "2025-09-04"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("SitRep N°24/MVB_07/06/2026", "24"),
        ("Situation Report – 51", "51"),
        ("SITREP N° 012", "12"),
        ("Weekly report", ""),
    ],
)
def test_report_numbers(text: str, number: str) -> None:
    assert find_report_number(text) == number


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("between Situation Report No. 3 and No. 4?", ["3", "4"]),
        ("entre le rapport de situation N° 12 et 13 ?", ["12", "13"]),
        ("SitRep N°27 (10 juin 2026) et N°28 (11 juin)", ["27", "28"]),
        ("SitRep 5, 6 and 7.", ["5", "6", "7"]),
        # A count after the report number, or a year, is not another report.
        ("in SitRep 3 and 4 provinces", ["3"]),
        ("in SitRep 12 and 2026", ["12"]),
    ],
)
def test_report_numbers_named_together(text: str, numbers: list[str]) -> None:
    assert [n for _, n in report_number_mentions(text)] == numbers


def test_a_number_printed_only_in_the_file_name_is_read_from_it() -> None:
    printed = "WHO Coronavirus disease (COVID-19) Weekly Epidemiological Update 12"
    assert detect_meta(printed, printed, "Update", "weekly-epi-update-4.pdf").report_number == "12"
    assert (
        detect_meta("Weekly update", "", "Update", "weekly-epi-update-4.pdf").report_number == "4"
    )
    # A number in a file name that names no kind of report is not its number.
    assert detect_meta("Weekly update", "", "Update", "wou-21082020-v2.pdf").report_number == ""


def test_the_weekly_update_that_prints_no_number_gets_its_file_name_s(corpus: Path) -> None:
    from ingest.parse import parse_file

    report = parse_file(corpus / "who-covid" / "20200914-weekly-epi-update-5.pdf")
    assert report.meta.report_number == "5"


def test_language() -> None:
    assert detect_language("Les cas confirmés dans la province de l'Ituri sont en hausse") == "fr"
    assert detect_language("The number of confirmed cases in the province is rising") == "en"
    assert detect_language("Los casos confirmados en la provincia y en el país") == "es"
    # Short questions, with few of the function words a report is full of.
    assert detect_language("Combien de kits d'hygiène ont été distribués à Corran ?") == "fr"
    assert detect_language("¿Cuántos kits se entregaron?") == "es"
    assert detect_language("2026-06-13") == "en"


def test_sidecar_overrides_detected_fields(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("x")
    (tmp_path / "r.txt.meta.json").write_text(
        json.dumps({"title": "Peru GTRM", "date": "28 February 2021"})
    )
    meta = apply_sidecar(report, ReportMeta(title="r", language="en"))
    assert meta.title == "Peru GTRM"
    assert meta.date == "2021-02-28"
    assert meta.language == "en"


def test_a_sidecar_example_flag_is_a_boolean(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("x")
    sidecar = tmp_path / "r.txt.meta.json"
    sidecar.write_text(json.dumps({"example": True}))
    assert apply_sidecar(report, ReportMeta()).example is True
    sidecar.write_text(json.dumps({"example": "yes"}))
    with pytest.raises(IngestError, match=r"r\.txt\.meta\.json.*example.*'yes'"):
        apply_sidecar(report, ReportMeta())


def test_bad_sidecar_names_the_file(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("x")
    (tmp_path / "r.txt.meta.json").write_text(json.dumps({"titel": "typo"}))
    with pytest.raises(IngestError, match=r"r\.txt\.meta\.json.*titel"):
        apply_sidecar(report, ReportMeta())
