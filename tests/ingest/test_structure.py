"""Headings, paragraphs and text tables from line layouts (no corpus needed)."""

from ingest.structure import blocks_to_sections, fix_letter_spacing, heading_level, lines_to_blocks


def test_letter_spaced_words_are_joined() -> None:
    assert fix_letter_spacing(" Si t u a t i o n  ") == "Situation"
    assert fix_letter_spacing("Respon s e") == "Response"
    assert fix_letter_spacing("Coo r d i n a t i o n") == "Coordination"
    assert fix_letter_spacing("On 8 February the Government") == "On 8 February the Government"


def test_heading_styles() -> None:
    assert heading_level("3.1 Distribution spatiale et foyers actifs") == ("numbered", 2)
    assert heading_level("2. CONTEXTE ÉPIDÉMIOLOGIQUE") == ("numbered", 1)
    assert heading_level("SITUATION") == ("upper", 0)
    assert heading_level("## Response") == ("markdown", 2)
    # Sentences, figures and table rows are not headings.
    assert heading_level("3 cases were confirmed in the district.") is None
    assert heading_level("RMRP 355 24,435 2,016") is None
    assert heading_level("2. The team visited the site, and then it left.") is None


def test_sections_follow_heading_levels() -> None:
    lines = ["1. Context", "Text one.", "", "1.1 Detail", "Text two.", "2. Response", "Text three."]
    sections = blocks_to_sections(lines_to_blocks([(1, line) for line in lines]))
    assert [s.path for s in sections] == [
        ["1. Context"],
        ["1. Context", "1.1 Detail"],
        ["2. Response"],
    ]


def test_text_table_keeps_header_and_rows() -> None:
    lines = [
        "PEOPLE REACHED",
        "",
        "Shelter",
        "Food",
        "Security",
        "WASH",
        "",
        "Camp 10 2,500 -",
        "Town 4 1,000 12",
    ]
    blocks = lines_to_blocks([(1, line) for line in lines])
    table = next(b.table for b in blocks if b.table is not None)
    assert table.header == ["", "Shelter", "Food Security", "WASH"]
    assert table.rows == [["Camp", "10", "2,500", "-"], ["Town", "4", "1,000", "12"]]
    assert table.caption == "PEOPLE REACHED"


def test_markdown_pipe_table() -> None:
    lines = ["# Report", "| Province | Cases |", "|---|---|", "| Vale | 12 |", "| Corran | 7 |"]
    blocks = lines_to_blocks([(1, line) for line in lines])
    table = next(b.table for b in blocks if b.table is not None)
    assert table.header == ["Province", "Cases"]
    assert table.rows[1] == ["Corran", "7"]
