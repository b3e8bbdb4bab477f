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
FIELDS = _FIELDS = _core._file_fields()
# A service's outcomes (tables of outcome id → figure) are a sheet of their own, one row a
# service and outcome; its `counts_as` is a column of the services sheet.
SERVICE_OUTCOMES = tuple(f for f in _FIELDS["service"] if f.startswith("outcomes_per_"))
# A service's staff minutes (a table of staff group → minutes a unit) are a sheet of their
# own, one row a service and staff group; the staff groups are a sheet, and the file's
# `[optimise]` and `[options]` tables key/value sheets (see _excel_decisions).
STAFF_MINUTES = "staff_minutes"
# The file's tables laid out as key/value sheets, whose cells' types _excel_decisions reads
# from their own fields (their `exclusive` and `budget` are not the economy's).
KEY_VALUE_TABLES = ("optimise", "options")
CORNERS = tuple(_FIELDS["commissioners"])
ECONOMY_KEYS = [
    key
    for field in _FIELDS["economy"]
    if _FIELDS["economy"][field] != "table"
    for key in ([f"{field}.{c}" for c in _FIELDS[field]] if field in ("commissioners", "budget") else [field])
]
COLUMNS = {
    "localities": [f for f in _FIELDS["locality"] if f != "clusters"],
    "clusters": ["locality", *_FIELDS["cluster"]],
    "services": [f for f in _FIELDS["service"] if f not in (*SERVICE_OUTCOMES, STAFF_MINUTES)],
    # A row per segment; `use` reads "service=0.45; other=0.3".
    "segments": list(_FIELDS["segment"]),
    # A row per condition; `registers` reads "north=5200; south=3100".
    "conditions": list(_FIELDS["condition"]),
    # A row per outcome the economy counts (`[[outcomes]]`).
    "outcomes": list(_FIELDS["outcome"]),
    # A row per service and outcome: how much of the outcome a person reached, or a unit of
    # activity, produces (a number, or "uncertain").
    "service outcomes": ["service", "outcome", *SERVICE_OUTCOMES],
    # A row per lever (its scenario's name and description on each), and a row per uncertain
    # value (where it is, then its distribution's keys).
    "scenarios": ["scenario", "description", *_FIELDS["lever"]],
    # A row per staff group (`[[staff_groups]]`), and a row per service and staff group: the
    # minutes a unit of the service takes of the group's hours.
    "staff groups": list(_FIELDS["staff_group"]),
    "staff minutes": ["service", "staff_group", STAFF_MINUTES],
    "uncertain inputs": ["sheet", "id", "field", *_FIELDS["distribution"]],
    "budget impacts": ["name", "json"],
}
# Which columns hold numbers and which lists (in one cell, `a; b`), from the types of the
# format's fields: a number, or an uncertain value (a number, or "uncertain" in the cell);
# Vec<String> and Vec<f64>. A column name means one type in every sheet it is on; a list of
# tables is a sheet, not a cell (the economy's `conditions` is a sheet, a service's a list).
_CELLS = {
    f"{part}.{key}" if part in ("commissioners", "budget") else key: kind
    for part, fields in _FIELDS.items()
    for key, kind in fields.items()
    if kind != "table" and part not in KEY_VALUE_TABLES
}
NUMBERS = {key for key, kind in _CELLS.items() if kind == "number"} | {*SERVICE_OUTCOMES, STAFF_MINUTES}
LISTS = {key for key, kind in _CELLS.items() if kind == "list"}
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
