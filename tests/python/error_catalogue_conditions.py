"""The cases of docs/errors.md's entries on reinvesting by a condition's registers
(test_error_catalogue.py runs them). Figures illustrative: an economy of two localities, the
first in two clusters, with a COPD register in the first only.
"""

from __future__ import annotations

from collections.abc import Callable

import caretriangle as ct

# Reinvesting by one condition's registers: north (clusters n1, n2) has a COPD register, south none.
COPD = """name = "x"
envelope = 1000
price_year = "2023/24"

[[localities]]
id = "north"
register = 10

[[localities.clusters]]
id = "n1"
register = 4

[[localities.clusters]]
id = "n2"
register = 6

[[localities]]
id = "south"
register = 10

[[conditions]]
id = "copd"
registers = { north = 8 }
""" + "".join(
    f'\n[[services]]\nid = "rehab_{place}"\ncorner = "community_self_management"\nprovider = "third_sector"\n'
    f'unit = "person"\nunit_cost = 100\nactivity = 1\nlocality = "{locality}"\n'
    + (f'cluster = "{place}"\n' if cluster else "")
    for place, locality, cluster in [
        ("north", "north", False),
        ("south", "south", False),
        ("n1", "north", True),
        ("n2", "north", True),
    ]
)


def reinvest_copd(into: list[str], condition: str = "copd") -> Callable[[], object]:
    return lambda: ct.Economy.from_toml(COPD).apply(
        ct.Scenario("s").reinvest(100, into, source="new", condition=condition)
    )


CASES: dict[str, Callable[[], object]] = {
    "reinvest-condition-spread": lambda: ct.Scenario("s").reinvest(
        100, ["rehab_north", "rehab_south"], by="equal", source="new", condition="copd"
    ),
    "reinvest-condition-unknown": reinvest_copd(["rehab_north", "rehab_south"], "cpod"),
    "reinvest-condition-cluster": reinvest_copd(["rehab_n1", "rehab_n2"]),
    "reinvest-condition-no-register": reinvest_copd(["rehab_north", "rehab_south"]),
    "reinvest-condition-registers-zero": lambda: ct.Economy.from_toml(
        COPD.replace("registers = { north = 8 }", "registers = { north = 0, south = 0 }")
    ).apply(ct.Scenario("s").reinvest(100, ["rehab_north", "rehab_south"], source="new", condition="copd")),
}
