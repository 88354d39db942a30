"""Export rows made safe for spreadsheets: no cell is read as a formula (OWASP CSV injection).

    >>> spreadsheet_safe("=HYPERLINK(\"http://evil\")")
    "'=HYPERLINK(\"http://evil\")"

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms,
which some spreadsheets fold to ASCII) gets a leading apostrophe: Excel, LibreOffice and Google
Sheets then show the text as written instead of evaluating it. The JSON Lines export keeps values
as they are: it is data for programs, not for spreadsheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_safe(value: Any) -> str:
    """A cell's text, with an apostrophe in front if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_cells(row: Mapping[str, Any], columns: Iterable[str]) -> list[str]:
    """One export row as safe CSV cells, in the order of `columns`."""
    return [spreadsheet_safe(row.get(column)) for column in columns]
