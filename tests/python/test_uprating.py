"""Uprating from Python, files and workbooks: `ct.uprate` for one amount, and an economy whose
services priced in another year are uprated to its price year on load.

Figures: the NHS Cost Inflation Index shipped with the package (PSSRU, Unit Costs of Health and
Social Care 2024, Table 12.1.1), pay and prices, % into each year: 2016/17 2.09, 2017/18 1.24,
2018/19 1.60, 2019/20 2.14, 2020/21 2.49, 2021/22 2.58, 2022/23 7.32, 2023/24 4.31; the YOC
specialist dietitian rate, £21.25 an hour (c. 2010/11; here given as priced at 2015/16, the
first year the index can uprate from).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import caretriangle as ct

# 1.0209 x 1.0124 x 1.0160 x 1.0214 x 1.0249 x 1.0258 x 1.0732 x 1.0431 = 1.262338...
FACTOR = math.prod(1 + c / 100 for c in (2.09, 1.24, 1.60, 2.14, 2.49, 2.58, 7.32, 4.31))

TOML = """name = "Uprated (illustrative)"
envelope = 100000
price_year = "2023/24"
uprating = UPRATING

[[services]]
id = "dietitian"
corner = "clinical"
provider = "acute_trust"
unit = "hour"
unit_cost = 21.25
price_year = "2015/16"
activity = 1000

[[services]]
id = "health_trainer"
corner = "community_self_management"
provider = "third_sector"
unit = "hour"
unit_cost = 11.45
activity = 1000
"""
OWN = (
    '{ name = "own", extends = "nhscii_pay_and_prices", changes = { "2011/12" = 2.0, "2012/13" = 2.0, '
    '"2013/14" = 2.0, "2014/15" = 2.0, "2015/16" = 1.0 } }'
)


def test_one_amount() -> None:
    assert ct.uprate(1000, "2015/16", "2023/24") == pytest.approx(1000 * FACTOR, abs=1e-9)
    # Going back divides: £1,262.34 at 2023/24 prices was £1,000 at 2015/16's.
    assert ct.uprate(1000 * FACTOR, "2023/24", "2015/16") == pytest.approx(1000, abs=1e-9)
    # The pay series alone: 2022/23 to 2023/24 is +4.79%.
    assert ct.uprate(1000, "2022/23", "2023/24", index="nhscii_pay") == pytest.approx(1047.9, abs=1e-9)
    with pytest.raises(ct.IncompatibleError, match="no change for 2011/12"):
        ct.uprate(1000, "2010/11", "2023/24")
    with pytest.raises(ct.InvalidValueError, match="from_year must be a financial year"):
        ct.uprate(1000, "2010", "2023/24")


def test_an_economy_uprates_its_services_on_load() -> None:
    econ = ct.Economy.from_toml(TOML.replace("UPRATING", '"nhscii_pay_and_prices"'))
    # £21.25 x 1.262338 = £26.82 an hour; 1,000 hours.
    assert econ.service("dietitian").unit_cost == pytest.approx(21.25 * FACTOR, abs=1e-9)
    assert econ.total_spend == pytest.approx(21_250 * FACTOR + 11_450, abs=1e-6)
    table = econ.spend_by("service")
    assert table.loc["dietitian", "price_year"] == "2015/16"
    assert table.loc["dietitian", "uprating_factor"] == pytest.approx(FACTOR, abs=1e-12)
    assert table.loc["health_trainer", "uprating_factor"] == 1.0
    # The file keeps what was written.
    assert 'unit_cost = 21.25\nprice_year = "2015/16"' in econ.to_toml()


def test_a_table_of_ones_own_through_a_workbook(tmp_path: Path) -> None:
    econ = ct.Economy.from_toml(
        TOML.replace('price_year = "2015/16"', 'price_year = "2010/11"').replace("UPRATING", OWN)
    )
    # 21.25 x 1.02^4 x 1.01 x 1.262338 (the table's 1% into 2015/16 wins) = £29.33.
    assert econ.service("dietitian").unit_cost == pytest.approx(21.25 * 1.02**4 * 1.01 * FACTOR, abs=1e-9)
    path = tmp_path / "uprated.xlsx"
    econ.to_excel(path)
    assert ct.read_excel(path) == econ
