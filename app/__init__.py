"""Sitrep Assistant: answers about humanitarian situation reports, with verified citations.

The public surface is the `Assistant` facade, the data it returns and its settings; the CLI is
`app.cli`. The facade is loaded on first use, so that the CLI's help and the settings come up
without the seconds of model-stack imports it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.models import Answer, Citation, IngestOutcome, ReportInfo
from app.settings import Settings

if TYPE_CHECKING:
    from app.assistant import Assistant

__all__ = ["Answer", "Assistant", "Citation", "IngestOutcome", "ReportInfo", "Settings"]


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from app.assistant import Assistant

        return Assistant
    raise AttributeError(name)
