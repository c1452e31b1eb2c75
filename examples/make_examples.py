"""Regenerate the fictional example situation reports in ``examples/reports/``.

Sitrep Assistant needs a few documents to demonstrate question answering
without shipping real humanitarian reports. Everything here is invented:
the Republic of Northland, its provinces and NECO do not exist. This script
writes the files deterministically so they can be rebuilt and reviewed as code.

Run:  python examples/make_examples.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf

OUT_DIR = Path(__file__).resolve().parent / "reports"
PDF_NAME = "northland-flood-sitrep-03.pdf"
TXT_NAME = "northland-flood-update-2026-03-21.txt"

PAGE = pymupdf.paper_rect("a4")
MARGIN = 56.0  # points; content area leaves room for the footer
FOOTER = "Northland Floods SitRep No. 3 \u2014 page {n}"
FIXED_DATE = "D:20260314090000Z"

# Province, people displaced, shelters open, hygiene kits distributed (14 March).
TABLE_ROWS: list[tuple[str, int, int, int]] = [
    ("Vale", 12450, 38, 2900),
    ("Corran", 7820, 21, 3200),
    ("Eastmarch", 4130, 12, 1150),
]

BODY_SIZE = 10.5
LEADING = 1.35  # line height as a multiple of font size
# Block kinds: (font, size, space before, colour)
STYLES: dict[str, tuple[str, float, float, tuple[float, float, float]]] = {
    "title": ("bold", 20, 0, (0, 0, 0)),
    "meta": ("body", BODY_SIZE, 2, (0, 0, 0)),
    "fictional": ("bold", 11, 6, (0.7, 0, 0)),
    "h2": ("bold", 14, 14, (0, 0, 0)),
    "h3": ("bold", 12, 10, (0, 0, 0)),
    "p": ("body", BODY_SIZE, 5, (0, 0, 0)),
}

# The report as a flat list of (kind, text) blocks; "table" marks the table.
BLOCKS: list[tuple[str, str]] = [
    ("title", "Northland Floods \u2014 Situation Report No. 3"),
    ("meta", "Reporting date: 14 March 2026"),
    ("meta", "Published by: Northland Emergency Coordination Office (NECO)"),
    ("fictional", "FICTIONAL EXAMPLE \u2014 invented data for demonstration only"),
    ("h2", "1. Situation overview"),
    (
        "p",
        """Heavy rainfall between 2 and 9 March caused the Sarn and Dell rivers to
     overflow, flooding low-lying districts in Vale, Corran and Eastmarch provinces of
     the Republic of Northland. As of 13 March, 12,450 people were displaced in Vale
     province, 7,820 in Corran and 4,130 in Eastmarch, for a total of 24,400 displaced
     people across the three provinces.""",
    ),
    (
        "p",
        """Water levels in Vale began to fall on 11 March, but the Northland
     Meteorological Service forecasts further rain over Corran in the coming week. Two
     bridges on the Vale\u2013Corran road remain closed, and access to eastern Eastmarch
     is possible only by boat. Seven deaths and 112 injuries have been confirmed by
     provincial authorities.""",
    ),
    (
        "p",
        """Farmland has been badly affected. Provincial agriculture offices estimate
     that 18,600 hectares of rice and vegetable fields are under water, most of them in
     Vale, and that some 2,100 head of livestock have been lost. Many affected families
     depend on the spring harvest for food and income until the end of the year.""",
    ),
    ("h2", "2. Humanitarian needs"),
    (
        "p",
        """Joint assessments by NECO and partners in 46 villages identify shelter, safe
     drinking water and sanitation as the most urgent needs. An estimated 31,000 people,
     including those hosting displaced families, require some form of assistance. Local
     markets in Corran town are functioning, but prices of rice and cooking fuel have
     risen by about 20% since the start of the floods.""",
    ),
    ("h3", "2.1 Shelter"),
    (
        "p",
        """A total of 71 collective shelters are open, most of them in schools and
     community halls. About 1,900 houses are reported destroyed and a further 5,300
     damaged, the majority in Vale. Shelters in Vale are operating above capacity, and
     partners estimate that 2,400 households still need tarpaulins, blankets and
     sleeping mats. Classes have been suspended in 29 schools used as shelters.""",
    ),
    (
        "p",
        """Displaced families who are staying with relatives rather than in collective
     shelters are harder to reach. Host families in Corran report that their own food
     stocks are running low, and women in several shelters have raised concerns about
     the lack of lighting and separate washing areas at night.""",
    ),
    ("h3", "2.2 Water, sanitation and hygiene"),
    (
        "p",
        """Floodwater has contaminated wells and latrines across the affected area. In
     Vale, 62% of assessed water points are damaged or unsafe to use. Health staff in
     Eastmarch reported 86 cases of acute watery diarrhoea in the week ending 12 March,
     up from 31 the week before. Communities in Eastmarch need at least 4 800 litres of
     safe water per day in addition to current supplies.""",
    ),
    (
        "p",
        """Most collective shelters have fewer than one latrine per 50 people, and soap
     is in short supply in Corran and Eastmarch. Partners recommend that hygiene kits
     include water purification tablets and that chlorination of wells in Vale starts as
     soon as water levels allow. Hygiene promotion sessions have started in 17 shelters,
     but more volunteers are needed to cover the remaining sites before the next rains.""",
    ),
    ("h2", "3. Response"),
    (
        "p",
        """Partners distributed 3,200 hygiene kits in Corran and 7,250 hygiene kits in
     total across the three provinces. Water trucking provides 95 000 litres of safe
     water per day to shelters in Vale and Corran. Mobile health teams have carried out
     2,640 consultations since 5 March. The table below summarises the situation and
     response by province as of 13 March.""",
    ),
    ("table", ""),
    (
        "p",
        """Food assistance reached 15,600 people with two-week rations of rice, pulses
     and oil. A further 1,500 family tents are in the NECO warehouse in Corran town and
     will be dispatched to Vale once the road reopens.""",
    ),
    ("h2", "4. Coordination"),
    (
        "p",
        """NECO chairs a daily coordination meeting in Corran town at 09:00 with
     provincial authorities, the Northland Red Crescent Society and 14 partner
     organisations. Shelter and water, sanitation and hygiene working groups meet twice
     a week. Partners are asked to report new distributions to NECO by 17:00 each
     Thursday so that they can be included in the next situation report, scheduled for
     21 March 2026.""",
    ),
]

TABLE_HEADER = ["Province", "People displaced", "Shelters open", "Hygiene kits distributed"]
TABLE_COL_WIDTHS = [120.0, 115.0, 100.0, 148.0]
TABLE_ROW_HEIGHT = 20.0
# 11 pt keeps inter-word gaps above find_tables' 3 pt x-tolerance, so header
# names keep their spaces. Thousands are space-separated in the table because
# find_tables (PyMuPDF 2.0) moves commas in numbers onto a separate line.
TABLE_SIZE = 11.0


def _num(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _table_cells() -> list[list[str]]:
    """Header row, one row per province and a Total row, as display strings."""
    total = (
        "Total",
        sum(r[1] for r in TABLE_ROWS),
        sum(r[2] for r in TABLE_ROWS),
        sum(r[3] for r in TABLE_ROWS),
    )
    rows = [*TABLE_ROWS, total]
    return [TABLE_HEADER] + [[str(r[0]), _num(r[1]), str(r[2]), _num(r[3])] for r in rows]


class Layout:
    """Minimal top-to-bottom text layout with automatic page breaks."""

    def __init__(self) -> None:
        self.doc = pymupdf.open()
        self.fonts = {"body": pymupdf.Font("helv"), "bold": pymupdf.Font("hebo")}
        self.width = PAGE.width - 2 * MARGIN
        self.bottom = PAGE.height - MARGIN - 20  # keep clear of the footer
        self.new_page()

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=PAGE.width, height=PAGE.height)
        for name, font in self.fonts.items():
            self.page.insert_font(fontname=name, fontbuffer=font.buffer)
        self.y: float = MARGIN

    def text(
        self,
        x: float,
        y: float,
        s: str,
        font: str,
        size: float,
        color: tuple[float, float, float] = (0, 0, 0),
    ) -> None:
        self.page.insert_text((x, y), s, fontname=font, fontsize=size, color=color)

    def wrap(self, s: str, font: str, size: float) -> list[str]:
        lines: list[str] = []
        line = ""
        for word in s.split():
            trial = f"{line} {word}".strip()
            if line and self.fonts[font].text_length(trial, fontsize=size) > self.width:
                lines.append(line)
                line = word
            else:
                line = trial
        return [*lines, line]

    def block(self, kind: str, s: str, keep_lines: int = 1) -> None:
        font, size, before, color = STYLES[kind]
        step = size * LEADING
        lines = self.wrap(s, font, size)
        self.y += before
        # Headings are kept together with the first lines of what follows.
        if self.y + step * keep_lines > self.bottom:
            self.new_page()
        for line in lines:
            if self.y + step > self.bottom:
                self.new_page()
            self.y += step
            self.text(MARGIN, self.y - step * 0.25, line, font, size, color)

    def table(self, cells: list[list[str]]) -> None:
        height = TABLE_ROW_HEIGHT * len(cells)
        self.y += 6
        if self.y + height > self.bottom:
            self.new_page()
        for r, row in enumerate(cells):
            x: float = MARGIN
            for c, (value, w) in enumerate(zip(row, TABLE_COL_WIDTHS, strict=True)):
                rect = pymupdf.Rect(x, self.y, x + w, self.y + TABLE_ROW_HEIGHT)
                fill = (0.9, 0.9, 0.9) if r == 0 else None
                self.page.draw_rect(rect, color=(0, 0, 0), fill=fill, width=0.8)
                font = "bold" if r == 0 or row[0] == "Total" else "body"
                tx = rect.x0 + 5
                if c > 0 and r > 0:  # right-align numbers
                    tx = rect.x1 - 5 - self.fonts[font].text_length(value, fontsize=TABLE_SIZE)
                self.text(tx, rect.y1 - 6, value, font, TABLE_SIZE)
                x += w
            self.y += TABLE_ROW_HEIGHT
        self.y += 4

    def footers(self) -> None:
        for page in self.doc.pages():
            s = FOOTER.format(n=page.number + 1)
            w = self.fonts["body"].text_length(s, fontsize=9)
            page.insert_text(
                ((PAGE.width - w) / 2, PAGE.height - MARGIN + 10),
                s,
                fontname="body",
                fontsize=9,
                color=(0.3, 0.3, 0.3),
            )


def build_pdf(path: Path) -> None:
    """Lay out BLOCKS over A4 pages, add footers and save with fixed metadata."""
    layout = Layout()
    for kind, s in BLOCKS:
        if kind == "table":
            layout.table(_table_cells())
        else:
            keep = 3 if kind in ("h2", "h3") else 1
            layout.block(kind, " ".join(s.split()), keep_lines=keep)
    layout.footers()
    doc = layout.doc
    doc.set_metadata(
        {
            "title": "Northland Floods \u2014 Situation Report No. 3 (FICTIONAL EXAMPLE)",
            "author": "Sitrep Assistant examples",
            "subject": "Invented data for demonstration only",
            "creator": "examples/make_examples.py",
            "producer": "PyMuPDF",
            "creationDate": FIXED_DATE,
            "modDate": FIXED_DATE,
        }
    )
    doc.save(path, garbage=4, deflate=True, no_new_id=True)
    doc.close()


def check_pdf(path: Path) -> None:
    """Fail loudly if the layout drifts: 2 pages, table on page 2 with the right cells."""
    with pymupdf.open(path) as doc:
        if doc.page_count != 2:
            raise SystemExit(f"{path.name}: expected 2 pages, got {doc.page_count}")
        page2 = doc[1]  # keep a reference: Table.header needs the live page
        tables = page2.find_tables().tables
        if "3. Response" not in page2.get_text() or len(tables) != 1:
            raise SystemExit(f"{path.name}: section 3 and its table must be on page 2")
        header, cells = tables[0].header.names, tables[0].extract()
        if header != TABLE_HEADER or cells != _table_cells():
            raise SystemExit(f"{path.name}: unexpected table {header} {cells}")


TXT = """\
FICTIONAL EXAMPLE - invented data for demonstration only (Northland and NECO do not exist).

NORTHLAND FLOODS - SITUATION REPORT NO. 4
Reporting date: 21 March 2026
Published by: Northland Emergency Coordination Office (NECO)

SITUATION

Floodwater has continued to recede in Vale province, and many families have
returned home to clean and repair their houses. As of 20 March, 9,870 people
remained displaced in Vale, down from 12,450 reported in Situation Report
No. 3. Renewed rainfall on 16 and 17 March flooded two more districts in
Corran, where displacement rose to 8,340 people (from 7,820). In Eastmarch,
3,210 people remained displaced (from 4,130). In total, 21,420 people are
displaced across the three provinces, compared with 24,400 on 13 March.

The Vale-Corran road reopened on 18 March after temporary repairs to both
bridges. Eastern Eastmarch can now be reached by road with four-wheel-drive
vehicles. Provincial authorities have confirmed nine deaths and 140 injuries
since the start of the floods.

NEEDS

Shelter remains the main need in Corran, where newly displaced families are
staying in 24 collective shelters. In Vale, the share of assessed water
points that are damaged or unsafe has fallen to 41%, from 62% a week
earlier, after partners cleaned and chlorinated 58 wells. Cases of acute
watery diarrhoea in Eastmarch fell to 52 in the week ending 19 March.

RESPONSE

Partners have now distributed 11,750 hygiene kits in total: 4,600 in Vale,
5,050 in Corran and 2,100 in Eastmarch. This means 1,850 additional kits
were distributed in Corran since Situation Report No. 3. The number of
collective shelters open fell from 71 to 65 (31 in Vale, 24 in Corran and 10
in Eastmarch) as schools in Vale reopened for classes.

Water trucking was scaled down to 70 000 litres per day because repaired
wells in Vale are back in use. The 1,500 family tents stored in Corran town
were dispatched on 19 March; 900 went to Vale and 600 to newly displaced
families in Corran. Food assistance has reached 19,200 people in total.

COORDINATION

NECO now holds the coordination meeting in Corran town three times a week
(Monday, Wednesday and Friday at 09:00) instead of daily. Eighteen partner
organisations are taking part, up from 14. The next situation report is
scheduled for 28 March 2026.
"""

README = """\
# Example reports (FICTIONAL)

Invented for the Sitrep Assistant demo: Northland, its provinces and NECO do not exist and
every figure is made up. The files in `reports/` are rebuilt by
`python examples/make_examples.py`. Example questions:

- How many hygiene kits were distributed in Corran according to Situation Report No. 3?
  → 3,200 (5,050 cumulative by 21 March in No. 4).
- How did the number of displaced people in Vale change between 14 March 2026 and 21 March 2026?
  → It fell from 12,450 to 9,870.
- How many collective shelters were open in total on 14 March?
  → 71 (Vale 38, Corran 21, Eastmarch 12); 65 by 21 March.
"""


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    build_pdf(OUT_DIR / PDF_NAME)
    check_pdf(OUT_DIR / PDF_NAME)
    (OUT_DIR / TXT_NAME).write_text(TXT, encoding="utf-8")
    # Sidecar titles, so that the reports read as fictional wherever a title shows (the library,
    # the "Searched:" lists, the citations), and marked as examples, so that they leave the
    # library when the first real report comes in, however they were ingested.
    for name, number in ((PDF_NAME, 3), (TXT_NAME, 4)):
        title = f"Northland Floods — Situation Report No. {number} (FICTIONAL EXAMPLE)"
        sidecar = OUT_DIR / f"{name}.meta.json"
        sidecar.write_text(
            json.dumps({"title": title, "example": True}, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    (OUT_DIR.parent / "README.md").write_text(README, encoding="utf-8")
    print(f"Wrote example reports to {OUT_DIR}")


if __name__ == "__main__":
    main()
