"""The facade's public surface stays what outside code relies on."""

import app


def test_exported_names() -> None:
    assert set(app.__all__) == {
        "Answer",
        "Assistant",
        "Citation",
        "IngestOutcome",
        "ReportInfo",
        "Settings",
    }
    for name in app.__all__:
        assert getattr(app, name).__name__ == name


def test_citation_fields() -> None:
    fields = set(app.Citation.model_fields)
    assert {"file", "page", "page_end", "section", "quote", "title", "date"} <= fields
    assert {"text", "abstained", "citations"} <= set(app.Answer.model_fields)
