"""The workbook's layout, shared by the reader (`_excel_read`, `_excel_file`, `_excel_cells`) and
the writer (`_excel_write`, `excel`): the input sheets, their columns, which columns hold numbers
or lists, and the limits of a cell."""

from __future__ import annotations

from typing import Any

from caretriangle import _core

# The file format's fields, in order, from the core's structs: the economy sheet's keys and
# every sheet's columns are laid out from them, so a field added to the format appears in the
# workbook too. Lists of tables (localities, services, a
# locality's clusters) have sheets of their own.
_FIELDS = _core._file_fields()
CORNERS = tuple(_FIELDS["commissioners"])
ECONOMY_KEYS = [
    key
    for field in _FIELDS["economy"]
    if field not in ("localities", "services", "segments", "conditions")
    for key in ([f"{field}.{c}" for c in _FIELDS[field]] if field in ("commissioners", "budget") else [field])
]
COLUMNS = {
    "localities": [f for f in _FIELDS["locality"] if f != "clusters"],
    "clusters": ["locality", *_FIELDS["cluster"]],
    "services": list(_FIELDS["service"]),
    # A row per segment; `use` reads "service=0.45; other=0.3".
    "segments": list(_FIELDS["segment"]),
    # A row per condition; `registers` reads "north=5200; south=3100".
    "conditions": list(_FIELDS["condition"]),
    # A row per lever (its scenario's name and description on each), and a row per uncertain
    # value (where it is, then its distribution's keys).
    "scenarios": ["scenario", "description", *_FIELDS["lever"]],
    "uncertain inputs": ["sheet", "id", "field", *_FIELDS["distribution"]],
    "budget impacts": ["name", "json"],
}
NUMBERS = {
    *(
        "envelope register need_weight unit_cost activity allocation units_per_person capacity share ratio "
        "amount factor gain effect coverage value mean sd low mode high meanlog sdlog shape scale alpha beta"
    ).split(),
    *(f"budget.{c}" for c in CORNERS),
}
LISTS = {"into", "values", "weights", "conditions"}
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
