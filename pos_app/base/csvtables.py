"""Several tables in one CSV text: each with its own header, a blank line between them.

The daily reports (a terminal's and the server's store day) are laid out this way: the day's
figures first (one row), then each breakdown; a spreadsheet opens it as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any


def tables_csv(tables: Sequence[Sequence[Mapping[str, Any]]]) -> str:
    """The non-empty tables, each headed by its first row's keys."""
    buffer = io.StringIO()
    for index, rows in enumerate(t for t in tables if t):
        if index:
            buffer.write("\n")
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()
