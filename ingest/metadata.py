"""Metadata a report states about itself: title, publisher, report number, reporting date, language.

Found in the text of the first pages; a sidecar `<file>.meta.json` overrides any field.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from pathlib import Path

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ingest.errors import IngestError
from ingest.model import ReportMeta

MONTHS = {
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # French
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    # Spanish
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+)?({MONTH_NAMES})\.?\s+(?:de\s+)?(\d{{4}})\b",
    re.I,
)
_MONTH_DAY_YEAR = re.compile(rf"\b({MONTH_NAMES})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# Phrases that introduce the reporting date, strongest first.
_DATE_LABELS = [
    r"date\s+de\s+rapportage",
    r"reporting\s+date",
    r"fecha\s+de\s+reporte",
    r"data\s+as\s+received\s+by\s+WHO[^\n]{0,120}?",
    r"data\s+as\s+reported\s+by[^\n]{0,80}?",
    r"date\s+du\s+rapport",
    r"date\s*:",
    r"fecha\s*:",
    r"as\s+of",
    r"au",
]

# "SitRep N°24", "Situation Report – 51", "Edition 165", "SitRep MVE N° 12": the number of a report.
REPORT_NUMBER = re.compile(
    r"(?:sit\s*rep|situation\s+report|rapport\s+de\s+situation|reporte\s+de\s+situaci[oó]n|"
    r"informe\s+de\s+situaci[oó]n|epi(?:demiological)?\s+update|operational\s+update|edition)"
    r"(?:\s+mve)?[\s_\-–—:]*(?:n[°ºo]\.?|no\.?|num(?:éro|ero)?\.?|#)?\s*[-_–]?\s*(\d{1,4})\b",
    re.I,
)

# Publishers named in humanitarian reports, as printed; the first one found on page 1 wins.
_PUBLISHERS = [
    "World Health Organization",
    "WHO",
    "Organisation mondiale de la Santé",
    "UNHCR",
    "OCHA",
    "UNICEF",
    "R4V",
    "GTRM",
    "IOM",
    "WFP",
    "Institut National de Santé Publique",
    "INSP",
    "COUSP",
    "Ministère de la Santé",
    "Ministerio de Salud",
    "IFRC",
]

# The names a publisher goes by in English, French and Spanish, so that a question naming the
# "OMS" or the "ACNUR" knows a WHO or UNHCR report.
_PUBLISHER_NAMES = [
    "WHO | World Health Organization | OMS | Organisation mondiale de la Santé | "
    "Organización Mundial de la Salud",
    "UNHCR | HCR | ACNUR",
    "IOM | OIM",
    "WFP | PAM",
    "UNICEF",
    "OCHA | BCAH",
    "IFRC | FICR",
]


def organisation_names() -> list[list[str]]:
    """The names of each publishing organisation in the three languages (`WHO`, `OMS`, ...)."""
    return [[n.strip() for n in group.split("|")] for group in _PUBLISHER_NAMES]


def publisher_names(publisher: str) -> list[str]:
    """Every name of the publisher, itself included."""
    for names in organisation_names():
        if any(n.lower() == publisher.strip().lower() for n in names):
            return names
    return [publisher] if publisher else []


_LANGUAGES = ("en", "fr", "es")  # the languages reports and questions are read in


@functools.cache
def _language_identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(_LANGUAGES))
    return identifier


def parse_date(text: str) -> str:
    """The first date written in `text`, as an ISO string; empty when there is none."""
    found = all_dates(text)
    return found[0] if found else ""


def all_dates(text: str) -> list[str]:
    """Every full date written in `text` (day, month and year), as ISO strings in reading order."""
    found: list[tuple[int, date]] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        found += _valid(m.start(), int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    for m in _MONTH_DAY_YEAR.finditer(text):
        found += _valid(m.start(), int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    for m in _ISO.finditer(text):
        found += _valid(m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in _NUMERIC.finditer(text):
        found += _valid(m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return [d.isoformat() for _, d in sorted(found, key=lambda pair: pair[0])]


_DAY_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?:{MONTH_NAMES})\b\.?(?:\s+(?:de\s+)?\d{{4}})?",
    re.I,
)
_MONTH_DAY = re.compile(
    rf"\b(?:{MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?", re.I
)


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` writes a date, with or without its year (`6 September`, `le 20 août 2025`,
    `March 5, 2020`, `20/09/2025`, `2026-06-18`), in reading order."""
    spans = [
        m.span()
        for pattern in (_DAY_MONTH, _MONTH_DAY, _NUMERIC, _ISO)
        for m in pattern.finditer(text)
    ]
    spans.sort()
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def without_dates(text: str) -> str:
    """The text with its dates blanked: the `8` of "as of 8 June 2026" is no figure."""
    for start, end in reversed(date_spans(text)):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _valid(position: int, year: int, month: int, day: int) -> list[tuple[int, date]]:
    try:
        return [(position, date(year, month, day))]
    except ValueError:
        return []


def find_report_date(text: str) -> str:
    """The reporting date: a date after a label such as `Date de rapportage`, else the first date."""
    for label in _DATE_LABELS:
        for m in re.finditer(label, text, re.I):
            found = parse_date(text[m.end() : m.end() + 60])
            if found:
                return found
    return parse_date(text)


# A number coordinated with a report number just named: "SitRep 3 and No. 4", "N° 12 et 13 ?",
# "reports 5, 6 and 7", "N°27 (10 juin) et N°28". Without its own "No." it must end the phrase, so
# that "SitRep 3 and 4 provinces" names one report, not two.
_ALSO_NUMBER = re.compile(
    r"\s*(?:,|&|and|et|y|to|à|a|-|–)\s*(?:(n[°ºo]\.?|no\.?|num(?:éro|ero)?\.?|#)\s*)?(\d{1,3})\b"
    r"(?(1)|(?=\s*(?:[?.,;:!()]|$|\s(?:and|et|y|to|à|a)\s)))",
    re.I,
)

_AFTER_DATE = re.compile(r"\s*\([^()]{0,40}\)")  # "N°27 (10 juin 2026)"


def report_number_mentions(text: str) -> list[tuple[int, str]]:
    """Each report number the text names, with its position: `Situation Report No. 3 and No. 4`
    names two."""
    found: list[tuple[int, str]] = []
    for m in REPORT_NUMBER.finditer(text):
        found.append((m.start(1), str(int(m.group(1)))))
        end = m.end()
        while True:
            date = _AFTER_DATE.match(text, end)
            also = _ALSO_NUMBER.match(text, date.end() if date else end)
            if not also:
                break
            found.append((also.start(2), str(int(also.group(2)))))
            end = also.end()
    return found


def find_report_number(text: str) -> str:
    m = REPORT_NUMBER.search(text)
    return str(int(m.group(1))) if m else ""


def find_publisher(text: str) -> str:
    if m := re.search(
        r"(?:published\s+by|publié\s+par|publicado\s+por)\s*:?\s*([^\n]{3,120})", text, re.I
    ):
        return m.group(1).strip()
    positions = [
        (m.start(), name)
        for name in _PUBLISHERS
        if (m := re.search(rf"\b{re.escape(name)}\b", text))
    ]
    return min(positions)[1] if positions else ""


def detect_language(text: str) -> str:
    """en, fr or es: the likeliest of the three by a character n-gram model (py3langid), which
    reads a short question as well as a report; English for text with no letters."""
    if not re.search(r"[^\W\d_]", text):
        return "en"
    return str(_language_identifier().classify(text)[0])


def detect_meta(first_pages: str, all_text: str, title: str, file_name: str = "") -> ReportMeta:
    """What a report says of itself on its first pages; a number it does not print there may be
    in its file name (`20200907-weekly-epi-update-4.pdf`)."""
    return ReportMeta(
        title=title.strip(),
        publisher=find_publisher(first_pages),
        report_number=find_report_number(title + "\n" + first_pages)
        or find_report_number(re.sub(r"[-_.]+", " ", Path(file_name).stem)),
        date=find_report_date(first_pages),
        language=detect_language(all_text[:20000]),
    )


def apply_sidecar(path: Path, meta: ReportMeta) -> ReportMeta:
    """Override detected fields with those in `<file>.meta.json`, when that file exists."""
    sidecar = path.with_name(path.name + ".meta.json")
    if not sidecar.exists():
        return meta
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IngestError(sidecar.name, f"unreadable sidecar metadata: {exc}") from exc
    if not isinstance(data, dict):
        raise IngestError(sidecar.name, "sidecar metadata must be a JSON object")
    known = set(ReportMeta.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise IngestError(sidecar.name, f"unknown sidecar fields: {', '.join(sorted(unknown))}")
    if data.get("date"):
        iso = parse_date(str(data["date"]))
        if not iso:
            raise IngestError(sidecar.name, f"sidecar date is not a date: {data['date']!r}")
        data["date"] = iso
    if not isinstance(data.get("example", False), bool):
        raise IngestError(
            sidecar.name, f"sidecar example is not true or false: {data['example']!r}"
        )
    fields = {k: v if k == "example" else str(v) for k, v in data.items()}
    return ReportMeta(**{**meta.__dict__, **fields})
