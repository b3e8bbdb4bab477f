"""Excel round trip: workbooks written by to_excel read back as the economy written; the
shipped template reads as the shipped TOML example; bad cells are named by sheet, row and
column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import caretriangle as ct

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


def test_economy_round_trip_is_exact(econ, tmp_path):
    path = tmp_path / "economy.xlsx"
    econ.to_excel(path)
    back = ct.read_excel(path)
    assert back == econ
    # The canonical texts are identical too: every uncertain input (ten in the example), every
    # source and description, all four scenarios' levers.
    assert back.to_toml() == econ.to_toml()
    assert back.to_json() == econ.to_json()
    assert len(ct.MonteCarlo(back).input_names) == 10


def test_template_reads_as_the_toml_example(econ):
    template = ct.read_excel(ROOT / "examples" / "north_of_tyne.xlsx")
    assert template == ct.load_economy(ROOT / "examples" / "north_of_tyne.toml")
    assert template.to_toml() == econ.to_toml()


def test_comparison_workbook_results_and_inputs(econ, tmp_path):
    path = tmp_path / "skill_mix.xlsx"
    res = ct.MonteCarlo(econ, iterations=500, seed=3).run()
    econ.apply("skill mix").to_excel(path, monte_carlo=res)
    wb = openpyxl.load_workbook(path)
    for sheet in ("summary", "by corner", "flows", "levers", "monte carlo", "monte carlo by scenario"):
        assert sheet in wb.sheetnames
    summary = {r[0]: r[2] for r in wb["summary"].iter_rows(min_row=2, values_only=True)}
    # 2,400 hours move from £21.25 to £11.45 an hour: change −£23,520 = 2,400 × (11.45 − 21.25),
    # released by the substitution; £27,480 (2,400 × £11.45) moves along the right side.
    assert summary["change"] == pytest.approx(-23_520)
    assert summary["released"] == pytest.approx(23_520)
    flows = {r[0]: r[6] for r in wb["flows"].iter_rows(min_row=2, values_only=True)}
    assert flows["right"] == pytest.approx(27_480)
    assert ct.read_excel(path) == econ


def test_monte_carlo_workbook(econ, tmp_path):
    res = ct.MonteCarlo(econ, iterations=500, seed=3).run()
    res.to_excel(tmp_path / "mc.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "mc.xlsx")
    rows = list(wb["monte carlo"].iter_rows(values_only=True))
    assert rows[0][:3] == ("scenario", "output", "mean")
    # 4 blocks (baseline and 3 scenarios) × (10 outputs + 7 of the example's outcomes: QALYs,
    # their gain and net benefit; admissions and A&E attendances, each with its gain).
    assert len(rows) == 1 + 4 * (10 + 7)
    # Outcome counts are plain numbers, net benefit £.
    ws = wb["monte carlo"]
    formats = {(r[0].value, r[1].value): r[2].number_format for r in ws.iter_rows(min_row=2)}
    assert formats[("skill mix", "qalys_gain")] == "General"
    assert formats[("skill mix", "net_benefit_qalys")] == '"£"#,##0.00'


def edit(path: Path, sheet: str, cell: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


@pytest.fixture
def workbook(econ, tmp_path) -> Path:
    path = tmp_path / "economy.xlsx"
    econ.to_excel(path)
    return path


def header_column(path: Path, sheet: str, header: str) -> str:
    ws = openpyxl.load_workbook(path)[sheet]
    return next(c.column_letter for c in ws[1] if c.value == header)


def test_a_word_in_a_number_cell(workbook):
    col = header_column(workbook, "services", "activity")
    edit(workbook, "services", f"{col}3", "lots")
    with pytest.raises(ct.WorkbookError) as e:
        ct.read_excel(workbook)
    assert f"sheet 'services', row 3, column {col} (activity): expected a number, got 'lots'" in str(e.value)
    assert (e.value.sheet, e.value.row, e.value.column) == ("services", 3, col)
    assert isinstance(e.value, ValueError)


def test_core_checks_are_reported_at_their_cell(workbook):
    # Row 5 is the fourth service (services[3]): the core names the field, the workbook the cell.
    col = header_column(workbook, "services", "unit_cost")
    edit(workbook, "services", f"{col}5", -5)
    with pytest.raises(ct.WorkbookError) as e:
        ct.read_excel(workbook)
    assert (
        f"row 5, column {col} (unit_cost): services[3].unit_cost must be a finite number >= 0, got -5"
        in str(e.value)
    )
    assert e.value.field == "services[3].unit_cost"


def test_unknown_ids_columns_and_missing_distributions(workbook, tmp_path):
    col = header_column(workbook, "services", "locality")
    edit(workbook, "services", f"{col}9", "nowhere")
    with pytest.raises(
        ct.WorkbookError, match=rf"row 9, column {col} \(locality\): .*unknown locality `nowhere`"
    ):
        ct.read_excel(workbook)
    edit(workbook, "services", f"{col}9", "north_tyneside")
    edit(workbook, "localities", "Z1", "colour")
    with pytest.raises(
        ct.WorkbookError, match=r"sheet 'localities', row 1, column Z \(colour\): unknown column"
    ):
        ct.read_excel(workbook)
    edit(workbook, "localities", "Z1", None)
    wb = openpyxl.load_workbook(workbook)
    wb.remove(wb["uncertain inputs"])
    wb.save(workbook)
    # Newcastle and Gateshead's need weight (row 4) reads "uncertain" and its distribution
    # (triangular 1.0, 1.1, 1.2) is gone.
    col = header_column(workbook, "localities", "need_weight")
    with pytest.raises(
        ct.WorkbookError, match=rf"sheet 'localities', row 4, column {col} \(need_weight\): reads 'unc"
    ):
        ct.read_excel(workbook)
    wb = openpyxl.load_workbook(workbook)
    wb.remove(wb["services"])
    wb.save(workbook)
    with pytest.raises(ct.WorkbookError, match="sheet 'services': sheet missing"):
        ct.read_excel(workbook)


def test_budget_impact_sheet_from_its_interface(econ, tmp_path):
    import pandas as pd

    class StandIn:  # the coming BudgetImpact: a frame indexed by financial year
        def to_frame(self):
            return pd.DataFrame(
                {"net": [10.0, -30.0], "cumulative": [10.0, -20.0], "discounted_net": [10.0, -28.99],
                 "discounted_cumulative": [10.0, -18.99]},
                index=pd.Index(["2025/26", "2026/27"], name="year"),
            )  # fmt: skip

    path = tmp_path / "bi.xlsx"
    econ.apply("skill mix").to_excel(path, budget_impact=StandIn())
    rows = list(openpyxl.load_workbook(path)["budget impact"].iter_rows(values_only=True))
    assert rows == [
        ("year", "net", "cumulative", "discounted_net", "discounted_cumulative"),
        ("2025/26", 10, 10, 10, 10),
        ("2026/27", -30, -20, -28.99, -18.99),
    ]


def test_budget_impact_sheets_from_the_real_object(econ, tmp_path):
    bi = econ.budget_impact(econ.budget_impacts[0])
    path = tmp_path / "bi.xlsx"
    econ.apply("skill mix").to_excel(path, budget_impact=bi)
    wb = openpyxl.load_workbook(path)
    rows = list(wb["budget impact"].iter_rows(values_only=True))
    df = bi.to_frame()
    assert rows[0] == ("year", *df.columns)
    assert [r[0] for r in rows[1:]] == bi.years
    net = rows[0].index("net")
    # 2025/26: £631,747.455 (worked out in test_plotting.py); then the frame's figures as they are.
    assert rows[1][net] == pytest.approx(631_747.455)
    assert [r[net] for r in rows[1:]] == pytest.approx(df["net"].tolist())
    assert wb["budget impact"].cell(2, net + 1).number_format == '"£"#,##0.00'
    lines = list(wb["budget impact by line"].iter_rows(values_only=True))
    assert lines[0][:4] == ("line", "kind", "corner", "commissioner")
    assert lines[-1][0] == "Total" and lines[-1][-1] == pytest.approx(df["cumulative"].iloc[-1])
    readme = [r[1] for r in wb["read me"].iter_rows(values_only=True) if r[0] == "budget impact"]
    assert readme and readme[0].startswith("care planning and self-management, 2025/26 to 2029/30:")
    # The inputs, budget impacts included, still read back as the economy.
    assert ct.read_excel(path) == econ


def test_budget_impacts_sheet_errors(econ, tmp_path):
    path = tmp_path / "economy.xlsx"
    econ.to_excel(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["budget impacts"]
    assert [c.value for c in ws[1]] == ["name", "json"]
    assert ws["A2"].value == econ.budget_impacts[0]
    ws["B2"] = "{not json"
    wb.save(path)
    with pytest.raises(
        ct.WorkbookError, match=r"sheet 'budget impacts', row 2, column B \(json\): not valid JSON"
    ):
        ct.read_excel(path)
    ws["B2"] = '{"first_year": "2025/26", "years": 0}'
    wb.save(path)
    # A horizon of zero years, rejected by the file format's own check, at the cell it came from.
    with pytest.raises(ct.WorkbookError, match=r"sheet 'budget impacts', row 2, column B \(json\)"):
        ct.read_excel(path)


def test_the_workbook_lays_out_the_file_formats_own_fields():
    # The economy sheet's keys and every sheet's columns come from the core's structs and
    # enums (`_core._file_fields`), not a second hand-kept list; these are the columns of the
    # workbooks shipped so far, which must not move.
    from caretriangle import _core, _excel_layout

    fields = _core._file_fields()
    # A service's tables of outcomes (issue 14) are the service-outcomes sheet's columns, its
    # `counts_as` a column after the others; the optimiser's staff minutes (issue 15) are the
    # staff-minutes sheet's column: the columns shipped so far do not move.
    assert list(fields["service"])[16:] == [
        "outcomes_per_person", "outcomes_per_unit", "counts_as", "staff_minutes"
    ]  # fmt: skip
    assert _excel_layout.COLUMNS["services"] == [*list(fields["service"])[:16], "counts_as"] == [
        "id", "name", "corner", "provider", "commissioner", "unit", "unit_cost", "price_year",
        "activity", "allocation", "units_per_person", "capacity", "locality", "cluster", "source",
        "conditions",  # added for issue 13, after the others
        "counts_as",  # added for issue 14
    ]  # fmt: skip
    assert _excel_layout.COLUMNS["localities"] == ["id", "name", "register", "need_weight"]
    assert _excel_layout.COLUMNS["clusters"] == [
        "locality",
        "id",
        "name",
        "register",
        "need_weight",
    ]  # need_weight: issue 13
    assert _excel_layout.ECONOMY_KEYS[:4] == ["name", "envelope", "price_year", "description"]
    assert _excel_layout.ECONOMY_KEYS[4:] == [
        f"{part}.{c}" for part in ("commissioners", "budget") for c in _excel_layout.CORNERS
    ] + ["uprating"]  # added for issue 13, after the others
    # The lever keys of issue 13's `target` come after the others; segments have a sheet.
    levers = (
        "lever from to share ratio per amount into by source share_of_released from_levers service "
        "factor gain unit_cost people units"
    )
    levers += " segment effect coverage"
    levers += " condition"  # a reinvestment by a condition's registers (issue 13)
    levers += " name"  # any lever's name (issue 13), last
    assert _excel_layout.COLUMNS["segments"] == ["id", "name", "share", "locality", "use", "condition"]
    assert _excel_layout.COLUMNS["conditions"] == ["id", "name", "registers"]
    assert _excel_layout.COLUMNS["scenarios"] == ["scenario", "description", *levers.split()]
    dists = "dist value mean sd low mode high meanlog sdlog shape scale alpha beta values weights"
    assert _excel_layout.COLUMNS["uncertain inputs"] == ["sheet", "id", "field", *dists.split()]
