"""Outcomes in the workbook (issue 14): the economy's `[[outcomes]]` on a sheet of their own, a
service's `outcomes_per_person` / `outcomes_per_unit` one row a service and outcome, its
`counts_as` a column of the services sheet; read back exactly, bad cells named by sheet, row
and column; results workbooks carry each outcome before and after and its ICER and net benefit."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import caretriangle as ct

ROOT = Path(__file__).resolve().parents[2]

# Outcomes of every kind the format has: per person (uncertain too), per unit, counted
# through activity, `better` lower, with and without a value.
TOML = """
name = "outcomes everywhere"
envelope = 1000000
price_year = "2023/24"

[[services]]
id = "education"
name = "Structured education"
corner = "nhs_self_management"
provider = "community_trust"
unit = "person"
unit_cost = 82
activity = 1000
units_per_person = 1
outcomes_per_person = { qalys = { dist = "beta", mean = 0.0392, sd = 0.01 } }
outcomes_per_unit = { contacts = 6 }

[[services]]
id = "spells"
name = "Non-elective spells"
corner = "clinical"
provider = "acute_trust"
unit = "spell"
unit_cost = 1749
activity = 100
counts_as = "admissions"

[[outcomes]]
id = "qalys"
name = "QALYs gained"
unit = "QALY"
value = 20000

[[outcomes]]
id = "admissions"
unit = "admission"
better = "lower"

[[outcomes]]
id = "contacts"
"""


def test_every_outcome_field_reads_back_exactly(tmp_path: Path) -> None:
    econ = ct.Economy.from_toml(TOML)
    path = tmp_path / "outcomes.xlsx"
    econ.to_excel(path)
    back = ct.read_excel(path)
    assert back == econ
    assert back.to_toml() == econ.to_toml()
    wb = openpyxl.load_workbook(path)
    rows = list(wb["service outcomes"].iter_rows(values_only=True))
    assert rows == [
        ("service", "outcome", "outcomes_per_person", "outcomes_per_unit"),
        ("education", "qalys", "uncertain", None),
        ("education", "contacts", None, 6),
    ]
    uncertain = [r for r in wb["uncertain inputs"].iter_rows(values_only=True) if r[0] == "service outcomes"]
    assert [r[:4] for r in uncertain] == [
        ("service outcomes", "education: qalys", "outcomes_per_person", "beta")
    ]
    outcomes = list(wb["outcomes"].iter_rows(values_only=True))
    assert outcomes[0] == ("id", "name", "unit", "better", "value")
    assert outcomes[2] == ("admissions", None, "admission", "lower", None)
    services = list(wb["services"].iter_rows(values_only=True))
    assert services[2][services[0].index("counts_as")] == "admissions"


@pytest.mark.parametrize("name", ["north_of_tyne", "structured_education"])
def test_the_shipped_examples_round_trip(name: str, tmp_path: Path) -> None:
    econ = getattr(ct.examples, name)()
    econ.to_excel(tmp_path / "e.xlsx")
    assert ct.read_excel(tmp_path / "e.xlsx").to_toml() == econ.to_toml()


def test_the_template_has_the_examples_outcomes() -> None:
    template = ct.read_excel(ROOT / "examples" / "north_of_tyne.xlsx")
    assert template.to_toml() == ct.examples.north_of_tyne().to_toml()
    assert [o["id"] for o in template.to_dict()["outcomes"]] == ["qalys", "admissions", "ae_attendances"]


def _edit(tmp_path: Path, sheet: str, cell: str, value: object) -> Path:
    path = tmp_path / "outcomes.xlsx"
    ct.Economy.from_toml(TOML).to_excel(path)
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)
    return path


def test_a_figure_out_of_range_is_named_by_its_cell(tmp_path: Path) -> None:
    # Row 3 is (education, contacts): D3 its outcomes per unit. A figure may be of either sign
    # (a harm is a negative gain) but must be finite.
    path = _edit(tmp_path, "service outcomes", "D3", "inf")
    with pytest.raises(ct.WorkbookError) as e:
        ct.read_excel(path)
    assert (e.value.sheet, e.value.row, e.value.column) == ("service outcomes", 3, "D")
    assert "services[0].outcomes_per_unit.contacts" in str(e.value)


def test_an_unknown_service_or_outcome_is_named(tmp_path: Path) -> None:
    path = _edit(tmp_path, "service outcomes", "A2", "educaton")
    with pytest.raises(ct.WorkbookError, match="unknown service 'educaton'") as e:
        ct.read_excel(path)
    assert (e.value.sheet, e.value.row, e.value.column) == ("service outcomes", 2, "A")
    path = _edit(tmp_path, "service outcomes", "B3", "contact")
    with pytest.raises(ct.WorkbookError, match="contact") as e:
        ct.read_excel(path)
    assert (e.value.sheet, e.value.row) == ("service outcomes", 3)


def test_a_service_and_outcome_given_twice_is_refused(tmp_path: Path) -> None:
    path = _edit(tmp_path, "service outcomes", "B3", "qalys")
    with pytest.raises(ct.WorkbookError, match="given twice, also on row 2") as e:
        ct.read_excel(path)
    assert (e.value.sheet, e.value.row, e.value.column) == ("service outcomes", 3, "B")


def test_the_results_workbook_has_outcomes_icer_and_net_benefit(tmp_path: Path) -> None:
    econ = ct.examples.structured_education()
    path = tmp_path / "desmond.xlsx"
    econ.apply("offer to 1,000 more").to_excel(path)
    wb = openpyxl.load_workbook(path)
    before_after = list(wb["outcomes before and after"].iter_rows(values_only=True))
    header = before_after[0]
    qalys = dict(zip(header, before_after[1], strict=True))
    # 1,000 and then 2,000 people on the course at 0.0392 QALYs a person.
    assert (qalys["before"], qalys["after"], qalys["gain"]) == pytest.approx((39.2, 78.4, 39.2))
    ce_rows = list(wb["cost-effectiveness"].iter_rows(values_only=True))
    ce = dict(zip(ce_rows[0], ce_rows[1], strict=True))
    # £82 × 1,000 more for 39.2 QALYs: ICER 82,000 / 39.2 = £2,091.84; NMB 20,000 × 39.2 − 82,000.
    assert ce["icer"] == pytest.approx(2091.8367, abs=1e-4)
    assert ce["net_monetary_benefit"] == pytest.approx(702_000)
    assert ce["verdict"] == "costs £2,091.84 more a QALY gained"
    assert wb["cost-effectiveness"]["E2"].number_format == '"£"#,##0.00'
    assert ct.read_excel(path) == econ
