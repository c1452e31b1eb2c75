"""The one settings object: defaults, overridden by `SITREP_*` environment variables or arguments.

Each layer owns its section (`IngestSettings`, `IndexSettings`); `Settings` composes them with the
app's own fields, so that one environment variable name sets one field wherever it is used.
"""

from __future__ import annotations

import hmac

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from index import IndexSettings
from ingest.settings import IngestSettings


class Settings(IndexSettings, IngestSettings, BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_", extra="ignore")

    host: str = Field("127.0.0.1", description="Address `sitrep serve` listens on.")
    port: int = Field(7860, description="Port `sitrep serve` listens on.")
    api_key: str = Field(
        "",
        description="Key of the write actions: the HTTP API's bearer key (empty disables its "
        "writes) and, when set, what the chat's writes need too.",
    )
    read_requires_key: bool = Field(
        False,
        description="Whether reads need the key too: the API's, and the chat's (a login whose "
        "password is the key).",
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Other origins whose pages may call the API and the chat's endpoints from a "
        'browser (JSON list, e.g. ["https://intranet.example.org"]); none by default.',
    )
    max_upload_mb: float = Field(
        50.0, description="Largest report the HTTP API and the chat accept, in MB."
    )
    min_confidence: float | None = Field(
        None,
        description="Least probability of being right (0..1) an answer needs; below it the "
        "assistant abstains. Unset: the threshold fitted on the dev questions (model.json).",
    )
    date_tolerance_days: int = Field(
        7,
        ge=0,
        description="How many days from the day a question names the report an answer comes "
        "from may be dated; further, the assistant abstains and says so. Chosen on the dev "
        "answers (`python -m evals.date_gaps`).",
    )

    def key_matches(self, given: str) -> bool:
        """Whether `given` is the server's API key (compared in constant time); never when no
        key is set."""
        return bool(self.api_key) and hmac.compare_digest(given.encode(), self.api_key.encode())
