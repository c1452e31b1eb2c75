"""Sitrep Assistant: answers about humanitarian situation reports, with verified citations.

The public surface is the `Assistant` facade and the data it returns; the CLI is `app.cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Answer", "Assistant", "Citation", "IngestOutcome", "ReportInfo", "Settings"]

if TYPE_CHECKING:
    from app.assistant import Answer, Assistant, Citation, IngestOutcome, ReportInfo
    from app.settings import Settings


def __getattr__(name: str) -> Any:
    # Loaded on first use so that `app.errors` and `app.settings` import without the model stack.
    if name == "Settings":
        from app.settings import Settings

        return Settings
    if name in __all__:
        from app import assistant

        return getattr(assistant, name)
    raise AttributeError(name)
