"""Which workbook columns hold numbers and which hold lists comes from the file format's own
field types (`_core._file_fields`), not from a hand-kept set."""

from __future__ import annotations

from caretriangle import _core, _excel_layout


def test_the_number_and_list_columns_are_the_ones_the_workbook_always_had() -> None:
    # The sets kept by hand before they were read from the types: the layout must not move.
    numbers = (
        "envelope register need_weight unit_cost activity allocation units_per_person capacity share ratio "
        "amount factor gain value mean sd low mode high meanlog sdlog shape scale alpha beta"
    ).split()
    # The columns of the levers added since (reinvest a share of what was released, from some
    # levers; commission people or units; a target's effect and coverage) come from their types
    # with no list to update.
    numbers += ["share_of_released", "people", "units", "effect", "coverage"]
    # A service's outcomes (issue 14): its tables of outcome id → figure are columns of the
    # service-outcomes sheet, one row a service and outcome; `value` (an outcome's £ a unit) was
    # already a number, a fixed distribution's.
    numbers += ["outcomes_per_person", "outcomes_per_unit"]
    # The optimiser (issue 15): a staff group's hours, and a service's staff minutes (a table of
    # staff group → minutes, a column of the staff-minutes sheet, one row a service and group).
    numbers += ["hours", "staff_minutes"]
    budget = [f"budget.{c}" for c in ("clinical", "nhs_self_management", "community_self_management")]
    assert _excel_layout.NUMBERS == {*numbers, *budget}
    # A service's conditions (issue 13) are ids in one cell.
    assert _excel_layout.LISTS == {"into", "values", "weights", "from_levers", "conditions"}


def test_a_column_name_has_one_type_on_every_sheet() -> None:
    # `register` is a locality's and a cluster's, `unit_cost` a service's and a lever's,
    # `source` a service's and a lever's: the reader looks a cell's type up by its header alone,
    # so a name must mean one type wherever it appears (the economy sheet's keys of the
    # commissioners' and budget's tables are `commissioners.clinical`, `budget.clinical`). A list
    # of tables is a sheet of its own, never a cell: the economy's `conditions` (a sheet) beside
    # a service's `conditions` (ids in a cell).
    # The key/value sheets of `[optimise]` and `[options]` read each key's type from their own
    # fields (their `exclusive` and `budget` are theirs), as the economy sheet's keys.
    seen: dict[str, tuple[str, str]] = {}
    for part, fields in _core._file_fields().items():
        for name, kind in fields.items():
            if kind == "table":
                continue
            prefixed = ("commissioners", "budget", *_excel_layout.KEY_VALUE_TABLES)
            key = f"{part}.{name}" if part in prefixed else name
            if key in seen:
                assert seen[key][1] == kind, (key, part, kind, seen[key])
            seen[key] = (part, kind)
    assert seen["register"][1] == seen["need_weight"][1] == "number"
    assert seen["price_year"][1] == "text"


def test_the_types_are_the_rust_types_of_the_fields() -> None:
    fields = _core._file_fields()
    # f64, UncertainValue, Option<f64>; String, an enum, a financial year; Vec<...>
    assert fields["economy"]["envelope"] == "number"
    assert fields["service"]["unit_cost"] == "number"
    assert fields["service"]["corner"] == "text"
    assert fields["service"]["price_year"] == "text"
    assert fields["economy"]["services"] == "table"
    assert fields["economy"]["budget"] == "object"
    assert fields["lever"]["into"] == "list"
    assert fields["distribution"]["values"] == "list"
    assert fields["service"]["outcomes_per_person"] == "object"
    assert fields["outcome"] == {
        "id": "text",
        "name": "text",
        "unit": "text",
        "better": "text",
        "value": "number",
    }
    # The workbook's columns are still the fields, in order: a service's tables of outcomes
    # on a sheet of their own (its `counts_as` stays a column), the economy's outcomes a sheet.
    # The optimiser's staff minutes are the staff-minutes sheet's column (issue 15).
    produced = ("outcomes_per_person", "outcomes_per_unit")
    left_out = {*produced, "staff_minutes"}
    assert _excel_layout.COLUMNS["services"] == [f for f in fields["service"] if f not in left_out]
    assert _excel_layout.COLUMNS["services"][-1] == "counts_as"
    assert _excel_layout.COLUMNS["outcomes"] == list(fields["outcome"])
    assert _excel_layout.COLUMNS["service outcomes"] == ["service", "outcome", *produced]
    assert _excel_layout.COLUMNS["staff groups"] == list(fields["staff_group"]) == ["id", "name", "hours"]
    assert _excel_layout.COLUMNS["staff minutes"] == ["service", "staff_group", "staff_minutes"]
    assert fields["optimise"]["corner_minimum"] == "object"
    assert fields["options"]["exclusive"] == "object"
