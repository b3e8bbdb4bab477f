"""Nothing in a workbook is lost or changed without an error, where openpyxl's reading would
lose it silently, and nothing written is read back as something else.

openpyxl's read-only reader keeps a row only if its number is past the row before it (a row
stored out of order, or twice, is dropped), pads a row only to its last stored cell (a cell
stored left of the one before it is dropped if the last one is further left), and places a
cell by its column alone (a cell stored under another row's number moves to this row). A
merged range holds its value in its first cell only: the others read as blank. Ids in a
list cell are separated by ';' (weights by locality written `locality=weight; ...`), so an id
holding ';' or '=' would read back as other ids. Each is refused, naming the sheet and cell
(or, when writing, the field). The messages are checked word for word in
test_error_catalogue.py.

Figures: the shipped North of Tyne template (examples/north_of_tyne.xlsx; sources in
examples/north_of_tyne.toml).
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from test_excel_reading import TEMPLATE, rewrite_sheet

import caretriangle as ct

LOCALITIES = "xl/worksheets/sheet3.xml"  # id, name, register, need_weight; three localities
ROW3 = re.compile(rb'<row r="3">.*?</row>')


def swap_rows_3_and_4(data: bytes) -> bytes:
    row3 = ROW3.search(data).group()
    data = data.replace(row3, b"")
    return data.replace(b"</sheetData>", row3 + b"</sheetData>")


def row_3_twice(data: bytes) -> bytes:
    row3 = ROW3.search(data).group()
    return data.replace(row3, row3 + row3)


def cells_of_row_3_reversed(data: bytes) -> bytes:
    row3 = ROW3.search(data).group()
    cells = re.findall(rb"<c .*?</c>", row3)
    return data.replace(row3, b'<row r="3">' + b"".join(reversed(cells)) + b"</row>")


def cell_under_another_row(data: bytes) -> bytes:
    # Northumberland's register stored as C9 inside row 3: openpyxl would read it as C3.
    return data.replace(b'<c r="C3"', b'<c r="C9"')


@pytest.mark.parametrize(
    ("change", "row", "column", "words"),
    [
        # Before: Northumberland (row 3, stored last) dropped; the economy had two localities.
        (swap_rows_3_and_4, 3, None, "row 3 is stored after row 4 (out of order, or twice)"),
        # Before: the second copy dropped without a word.
        (row_3_twice, 3, None, "row 3 is stored after row 3 (out of order, or twice)"),
        # Before: the row padded to its last cell, A3: register and need weight dropped.
        (cells_of_row_3_reversed, 3, "C", "cell C3 is stored after D3"),
        (cell_under_another_row, 3, "C", "cell C9 is stored in row 3"),
    ],
)
def test_what_openpyxl_would_drop_or_move_is_refused(tmp_path, change, row, column, words):
    path = tmp_path / "e.xlsx"
    rewrite_sheet(TEMPLATE, path, LOCALITIES, change)
    with pytest.raises(ct.WorkbookError) as info:
        ct.read_excel(path)
    err = info.value
    assert (err.sheet, err.row, err.column) == ("localities", row, column)
    assert words in str(err)


def test_the_checks_see_what_openpyxl_reads(tmp_path):
    """The unchanged template, a sheet without row or cell references (openpyxl counts them)
    and one with hidden rows and columns all read as the template does: nothing is dropped."""
    path = tmp_path / "e.xlsx"
    no_refs = (rb' r="[A-Z]*\d+"', b"")
    rewrite_sheet(TEMPLATE, path, LOCALITIES, lambda d: re.sub(*no_refs, d))
    assert ct.read_excel(path) == ct.read_excel(TEMPLATE)
    wb = openpyxl.load_workbook(TEMPLATE)
    wb["services"].row_dimensions[3].hidden = True
    wb["services"].column_dimensions["G"].hidden = True
    wb.save(path)
    assert ct.read_excel(path) == ct.read_excel(TEMPLATE)


def test_merged_cells_are_refused_at_their_first_cell(tmp_path):
    # Two localities' need weights merged: before, Northumberland's (D3) read as blank and
    # took the default weight without a word.
    wb = openpyxl.load_workbook(TEMPLATE)
    wb["localities"].merge_cells("D2:D3")
    path = tmp_path / "e.xlsx"
    wb.save(path)
    with pytest.raises(ct.WorkbookError, match=r"merged cells D2:D3") as info:
        ct.read_excel(path)
    assert (info.value.sheet, info.value.row, info.value.column) == ("localities", 2, "D")


@pytest.mark.parametrize(
    ("field", "mark"),
    [("scenarios[0].levers[0].into[1]", ";"), ("scenarios[0].levers[0].by", "=")],
)
def test_ids_a_list_cell_cannot_keep_apart_are_refused_when_writing(tmp_path, field, mark):
    # A service id inside a reinvestment's list of services (';'-separated) and a locality id
    # inside its weights by locality ('locality=weight; ...'): before, "health;trainer" was
    # written as it is and read back as two ids, "health" and "trainer".
    d = ct.examples.north_of_tyne().to_dict()
    d.pop("budget_impacts", None)
    service = "health;trainer" if mark == ";" else "health_trainer"
    locality = "north=tyneside"
    for s in d["services"]:
        if s["id"] == "health_trainer":
            s["id"] = service
        if s.get("locality") == "north_tyneside":
            s["locality"] = locality
    for loc in d["localities"]:
        if loc["id"] == "north_tyneside":
            loc["id"] = locality
    plain = ct.Economy.from_dict({**d, "scenarios": []})
    if mark == ";":
        into, by = ["specialist_dietitian", service], "equal"
    else:  # services with a locality, to spread by locality
        into = ["care_planning_north_tyneside", "care_planning_northumberland"]
        by = {locality: 2.0, "northumberland": 1.0}
    lever = {"lever": "reinvest", "amount": 100.0, "into": into, "by": by}
    changed = ct.Economy.from_dict({**d, "scenarios": [{"name": "split", "levers": [lever]}]})
    path = tmp_path / "e.xlsx"
    with pytest.raises(ct.WorkbookError, match=re.escape(f"holds {mark!r}, which separates")) as info:
        changed.to_excel(path)
    assert info.value.field == field
    assert not path.exists()
    # The same ids outside any list cell are kept: written and read back exactly.
    plain.to_excel(path)
    assert ct.read_excel(path) == plain
