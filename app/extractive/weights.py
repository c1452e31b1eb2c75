"""Every weight and threshold of the extractive reader, named in one typed object."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """How evidence is weighed; the defaults are the values the curated eval was run with."""

    min_evidence: float = 0.45  # share of the question's weighted terms the evidence must hold
    context: float = 0.5  # a term found only around the evidence (paragraph, section) counts this
    rank: float = 0.1  # the search's rank r adds rank / (1 + r)
    measure_fit: float = 0.3  # a figure's unit, or a cell's column, names what is counted
    table: float = 0.1  # a table cell, read under its header, over a sentence
    label_fit: float = 0.05  # per row-label word the question uses (unused ones cost half)
    unasked_label_word: float = 0.5  # cost of a row-label word the question does not use
    total_row: float = 0.2  # "across the three provinces" reads the Total row
    subject_mentions: int = 3  # a name this often in a report is one of its subjects

    def sentence_score(self, coverage: float, rank: int, unit_fit: float) -> float:
        """A sentence: its coverage, a little for its search rank, more if its figure's unit
        names what the question counts (`2,700 hygiene kits`)."""
        return coverage + self.rank / (1 + rank) + self.measure_fit * unit_fit

    def table_score(self, coverage: float, rank: int, column_fit: float, label_fit: float) -> float:
        """A table cell: like a sentence, its column in place of a unit, and its row label."""
        return (
            coverage
            + self.rank / (1 + rank)
            + self.table
            + self.measure_fit * column_fit
            + self.label_fit * label_fit
        )
