"""The project's errors, for code that uses the app: the one hierarchy is defined in `ingest.errors`,
at the bottom layer, so that every layer can raise it."""

from ingest.errors import (
    ConfigError,
    IngestError,
    InputError,
    NotFoundError,
    SitrepError,
    StoreError,
)

__all__ = [
    "ConfigError",
    "IngestError",
    "InputError",
    "NotFoundError",
    "SitrepError",
    "StoreError",
]
