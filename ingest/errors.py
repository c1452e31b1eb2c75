"""The one exception hierarchy of Sitrep Assistant.

SitrepError
├── ConfigError      a setting is missing or wrong
├── InputError       a question or filter that cannot be read (names the field)
├── IngestError      a file could not be read as a report (carries the file)
├── StoreError       the Chroma store could not be read or written
└── NotFoundError    a report id that the library does not hold
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(SitrepError):
    """A setting is missing or has a value that cannot work."""


class InputError(SitrepError):
    """A question or a filter that cannot be read; names the field and what it should be."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class IngestError(SitrepError):
    """A file could not be turned into a report; names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        return IngestError, (self.file, self.reason)  # it crosses from the parsing process


class StoreError(SitrepError):
    """The vector store refused a read or a write."""


class NotFoundError(SitrepError):
    """The library holds no report with this id or file name."""
