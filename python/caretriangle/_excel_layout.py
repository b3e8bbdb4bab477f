"""The workbook's layout, shared by the reader (`_excel_read`, `_excel_file`, `_excel_cells`) and
the writer (`_excel_write`, `excel`): the input sheets, their columns, which columns hold numbers
or lists, and the limits of a cell."""

from __future__ import annotations

from typing import Any

CORNERS = ("clinical", "nhs_self_management", "community_self_management")
ECONOMY_KEYS = (
    ["name", "envelope", "price_year", "description"]
    + [f"commissioners.{c}" for c in CORNERS]
    + [f"budget.{c}" for c in CORNERS]
)
COLUMNS = {
    "localities": "id name register need_weight".split(),
    "clusters": "locality id name register".split(),
    "services": (
        "id name corner provider commissioner unit unit_cost price_year activity allocation units_per_person "
        "capacity locality cluster source"
    ).split(),
    "scenarios": (
        "scenario description lever from to share ratio amount into by source service factor gain unit_cost"
    ).split(),
    "uncertain inputs": (
        "sheet id field dist value mean sd low mode high meanlog sdlog shape scale alpha beta values weights"
    ).split(),
    "budget impacts": ["name", "json"],
}
NUMBERS = {
    *(
        "envelope register need_weight unit_cost activity allocation units_per_person capacity share ratio "
        "amount factor gain value mean sd low mode high meanlog sdlog shape scale alpha beta"
    ).split(),
    *(f"budget.{c}" for c in CORNERS),
}
LISTS = {"into", "values", "weights"}
UNCERTAIN = "uncertain"  # written in a cell whose value is on the uncertain-inputs sheet

# The most text a workbook cell holds (Excel's limit; openpyxl cuts longer text silently).
MAX_CELL_TEXT = 32_767


def openpyxl_module() -> Any:
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise ImportError("Excel workbooks need openpyxl: pip install 'caretriangle[excel]'") from e
    return openpyxl


def letter(i: int) -> str:
    """The letter Excel names column `i` (from 1) by: 1 → A, 27 → AA."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(i))
