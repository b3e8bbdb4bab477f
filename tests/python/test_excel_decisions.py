"""A workbook carries the optimiser's staff groups and staff minutes, the file's `[optimise]`
and its `[options]` (issue 15): file → workbook → file gives the same economy, and a damaged
cell is named by sheet, row and column.

Figures: tests/data/optimise_small.toml (illustrative, worked by hand in test_optimise.py) and
examples/options.toml (DESMOND; sources in the file).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import caretriangle as ct

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "optimise_small.toml"
OPTIONS = ROOT / "examples" / "options.toml"


def rows(path: Path, sheet: str) -> list[list[object]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("source", [SMALL, OPTIONS], ids=["optimise_small", "options"])
def test_file_to_workbook_to_file_is_the_same_economy(source, tmp_path):
    econ = ct.load_economy(source)
    econ.to_excel(tmp_path / "e.xlsx")
    back = ct.read_excel(tmp_path / "e.xlsx")
    assert back == econ
    assert back.to_dict() == econ.to_dict()
    # The same TOML text written from either: nothing lost or reordered.
    assert back.to_toml() == econ.to_toml()


def test_every_kind_of_optimise_key_goes_round(tmp_path):
    # Text, a number, a table of £, a list of names and unnamed groups of options, beside the
    # named groups of [options]: the same TOML text back.
    text = OPTIONS.read_text(encoding="utf-8") + (
        '\n[optimise]\nobjective = "net_benefit"\noutcome = "qalys"\nthreshold = 25000\nfloor = "baseline"\n'
        "corner_maximum = { nhs_self_management = 250000.5, community_self_management = 90000 }\n"
        'options = ["offer to 500 more", "offer to 1,000 more", "grow peer support"]\n'
        'exclusive = [["offer to 500 more", "offer to 1,000 more"]]\n'
    )
    econ = ct.Economy.from_toml(text)
    econ.to_excel(tmp_path / "e.xlsx")
    assert ct.read_excel(tmp_path / "e.xlsx").to_toml() == econ.to_toml()
    assert ["exclusive.1", "offer to 500 more; offer to 1,000 more"] in rows(tmp_path / "e.xlsx", "optimise")


def test_the_sheets_lay_out_the_staff_groups_minutes_and_optimise_table(tmp_path):
    ct.load_economy(SMALL).to_excel(tmp_path / "e.xlsx")
    path = tmp_path / "e.xlsx"
    assert rows(path, "staff groups") == [["id", "name", "hours"], ["practice_nurse", "practice nurse", 1000]]
    # One row a service and staff group; peer support takes no nurse time and has no row.
    assert rows(path, "staff minutes") == [
        ["service", "staff_group", "staff_minutes"],
        ["diabetes_review", "practice_nurse", 45],
        ["care_planning", "practice_nurse", 30],
    ]
    # A key a row, as the economy sheet; a table of £ in one cell.
    assert rows(path, "optimise") == [
        ["key", "value"],
        ["objective", "qalys"],
        ["corner_minimum", "community_self_management=12000"],
    ]  # floor = "zero" is the default, which the file's dict leaves out
    assert "staff_minutes" not in rows(path, "services")[0]


def test_the_options_sheet_names_its_groups(tmp_path):
    ct.load_economy(OPTIONS).to_excel(tmp_path / "e.xlsx")
    assert rows(tmp_path / "e.xlsx", "options") == [
        ["key", "value"],
        ["outcome", "qalys"],
        ["scenarios", "offer to 500 more; offer to 1,000 more; grow peer support; close peer support"],
        ["exclusive.desmond", "offer to 1,000 more; offer to 500 more"],
        ["exclusive.peer_support", "grow peer support; close peer support"],
    ]


def test_the_optimum_and_options_read_from_a_workbook_are_the_files(tmp_path):
    econ = ct.load_economy(SMALL)
    econ.to_excel(tmp_path / "e.xlsx")
    # The kept [optimise] solved from the workbook's economy: the same plan to the last bit.
    a, b = econ.optimise(), ct.read_excel(tmp_path / "e.xlsx").optimise()
    assert a.activities().equals(b.activities())
    opts = ct.load_economy(OPTIONS)
    opts.to_excel(tmp_path / "o.xlsx")
    assert ct.Options(ct.read_excel(tmp_path / "o.xlsx")).table().equals(ct.Options(opts).table())


def test_an_optimise_table_typed_in_a_workbook(tmp_path):
    # Written by hand: a number with £ and commas, a second corner, a group of options.
    econ = ct.load_economy(OPTIONS)
    econ.to_excel(tmp_path / "e.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "e.xlsx")
    ws = wb.create_sheet("optimise")
    for row in (
        ["key", "value"],
        ["objective", "qalys"],
        ["corner_minimum", "community_self_management = £20,000; clinical=0"],
        ["floor", "baseline"],
        ["options", "offer to 500 more; offer to 1,000 more"],
        ["exclusive.1", "offer to 500 more; offer to 1,000 more"],
    ):
        ws.append(row)
    wb.save(tmp_path / "e.xlsx")
    d = ct.read_excel(tmp_path / "e.xlsx").to_dict()["optimise"]
    assert d["corner_minimum"] == {"clinical": 0.0, "community_self_management": 20000.0}
    assert d["floor"] == "baseline"
    assert d["options"] == ["offer to 500 more", "offer to 1,000 more"]
    assert d["exclusive"] == [["offer to 500 more", "offer to 1,000 more"]]


def damaged(tmp_path: Path, sheet: str, **values: object) -> Path:
    ct.load_economy(SMALL).to_excel(tmp_path / "e.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "e.xlsx")
    for cell, value in values.items():
        wb[sheet][cell] = value
    wb.save(tmp_path / "e.xlsx")
    return tmp_path / "e.xlsx"


@pytest.mark.parametrize(
    ("sheet", "values", "where"),
    [
        (
            "staff minutes",
            {"C2": "lots"},
            r"sheet 'staff minutes', row 2, column C \(staff_minutes\): expected a number",
        ),
        ("staff groups", {"C2": -5}, r"sheet 'staff groups', row 2, column C \(hours\)"),
        ("optimise", {"A3": "corner_minimums"}, r"sheet 'optimise', row 3, column A \(key\): unknown key"),
        (
            "optimise",
            {"B3": "community 12000"},
            r"sheet 'optimise', row 3, column B \(corner_minimum\): expected",
        ),
        ("optimise", {"B3": "community=12000"}, r"sheet 'optimise', row 3, column B \(corner_minimum\)"),
        ("optimise", {"B2": "qaly"}, r"sheet 'optimise', row 2, column B \(objective\)"),
    ],
)
def test_a_damaged_cell_is_named_by_sheet_row_and_column(tmp_path, sheet, values, where):
    path = damaged(tmp_path, sheet, **values)
    with pytest.raises(ct.WorkbookError, match=where):
        ct.read_excel(path)


def test_an_unknown_staff_group_is_named_at_its_minutes_cell(tmp_path):
    # The core's check (no staff group `nurse`), reported at the cell the minutes came from.
    path = damaged(tmp_path, "staff minutes", B2="nurse")
    with pytest.raises(
        ct.errors.WorkbookError, match=r"row 2, column C \(staff_minutes\).*staff group `nurse`"
    ):
        ct.read_excel(path)


def test_an_id_a_cell_could_not_keep_apart_is_refused_before_writing(tmp_path):
    text = OPTIONS.read_text(encoding="utf-8").replace("offer to 500 more", "offer; to 500 more")
    with pytest.raises(
        ct.WorkbookError, match=r"options.scenarios\[0\]: the id 'offer; to 500 more' holds ';'"
    ):
        ct.Economy.from_toml(text).to_excel(tmp_path / "e.xlsx")
    assert not (tmp_path / "e.xlsx").exists()


def test_the_command_line_optimises_a_workbook_as_its_file(tmp_path):
    import io
    from contextlib import redirect_stdout

    from caretriangle import cli

    ct.load_economy(SMALL).to_excel(tmp_path / "e.xlsx")
    printed = []
    for path in (SMALL, tmp_path / "e.xlsx"):
        out = io.StringIO()
        with redirect_stdout(out):
            assert cli.main(["optimise", str(path)]) == 0
        printed.append(out.getvalue())
    # The kept [optimise] from the workbook: 380/11 + 2.4 = 36.9455 QALYs (tests/optimise.rs).
    assert printed[1] == printed[0]
    assert printed[1].startswith("Optimum for QALYs gained in Optimiser by hand: 36.9455 QALY")
