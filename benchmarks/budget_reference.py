"""A vectorised numpy implementation of caretriangle's multi-year budget impact Monte Carlo,
for benchmarks.

It reads an economy's spec (``Economy.to_dict()``) and one of its ``budget_impacts``, draws
the same uncertain inputs with numpy's generator (the economy's distributions the budget
impact reads, then its own), and evaluates every year of every line for all iterations at
once, as ``src/budget/model.rs`` does one iteration at a time:

- people newly supported by an intervention in year t: register × eligible share ×
  (1 + growth)^t × (uptake[t] − baseline uptake), the last uptake holding for later years;
- an intervention's cost: people × cost per person (or the service's unit cost × units per
  person), uprated to the price base; an effect's saving: people × reduction × units per
  person × the target's unit cost, from year ``lag``, cash- or capacity-releasing; one-off,
  recurrent and double-running costs in their years; reinvestment: a share of the year's
  cash-releasing savings (and capacity-releasing ones if asked), a cost;
- net = costs − savings, cumulative, discounted at 1 / (1 + r)^t (t + 0.5 mid-year).

Its outputs are the columns of ``BudgetMonteCarloResult``: cumulative, discounted
cumulative, cash- and capacity-releasing savings and costs over the horizon, return per £1
(0 where nothing is spent), whether it pays back within the horizon, and each year's net.
``tests/python/test_benchmarks.py`` checks it against caretriangle's own evaluation at drawn
values. A budget impact with a scenario or a custom uprating table is not covered.
"""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np
from numpy_reference import draw

SERIES = {
    "nhscii_pay_and_prices": "pay_and_prices_pct",
    "nhscii_pay": "pay_pct",
    "nhscii_prices": "prices_pct",
}


def _year(label: str) -> int:
    return int(str(label).split("/")[0])


def _is_dist(value) -> bool:
    return isinstance(value, dict) and "dist" in value


def _index(name: str) -> dict[int, float]:
    """The NHSCII series shipped with caretriangle: % change by financial year (its start)."""
    text = resources.files("caretriangle").joinpath("data/nhs_cost_inflation_index.csv").read_text()
    column = SERIES[name]
    return {_year(r["financial_year"]): float(r[column]) for r in csv.DictReader(text.splitlines())}


class BudgetReference:
    """One budget impact of an economy's spec, compiled to slots of a parameter table."""

    def __init__(self, spec: dict, name: str | None = None):
        budgets = spec.get("budget_impacts", [])
        bi = budgets[0] if name is None else next(b for b in budgets if b["name"] == name)
        if bi.get("scenario"):
            raise NotImplementedError("the budget reference has no scenarios")
        self.name = bi["name"]
        self.first = _year(bi["first_year"])
        self.years = int(bi["years"])
        self.rate = float(bi.get("discount_rate", 0.035))
        self.mid_year = bi.get("discount_timing", "start") == "mid_year"
        economy_year = _year(spec["price_year"])
        self.price_base = _year(bi.get("price_base", spec["price_year"]))
        uprating = bi.get("uprating", "none")
        if not isinstance(uprating, str):
            raise NotImplementedError("the budget reference has only the shipped NHSCII series")
        self.index = None if uprating == "none" else _index(uprating)

        # The economy's values the budget impact can read, by caretriangle's slot names, in
        # the compiled plan's order (services, then localities).
        self.economy: dict[str, object] = {}
        self.services = {s["id"]: s for s in spec["services"]}
        for s in spec["services"]:
            for key in ("unit_cost", "units_per_person"):
                if key in s:
                    self.economy[f"{s['id']}.{key}"] = s[key]
        self.localities = [loc["id"] for loc in spec.get("localities", [])]
        for loc in spec.get("localities", []):
            self.economy[f"{loc['id']}.register"] = loc["register"]
        self.register_total = sum(
            float(loc["register"]) for loc in spec.get("localities", []) if not _is_dist(loc["register"])
        )

        self.names: list[str] = []  # slot names: the economy's used, then the budget's own
        self.values: list[object] = []  # a number or a distribution, per slot
        self.slot_of: dict[str, int] = {}
        own: list[tuple[str, object]] = []  # the budget impact's own slots, in compile order

        def mine(field: str, value) -> str:
            own.append((f"{self.name}.{field}", value))
            return f"{self.name}.{field}"

        def factor(year: int) -> float:
            if year == self.price_base:
                return 1.0
            if self.index is None:
                raise ValueError(f"{self.name}: priced at {year} with no uprating")
            lo, hi = sorted((year, self.price_base))
            f = float(np.prod([1 + self.index[y] / 100 for y in range(lo + 1, hi + 1)]))
            return f if year <= self.price_base else 1 / f

        self.people = []  # (register names, growth, eligible, uptakes, baseline)
        self.ops = []  # (kind, ...) in line order
        for i, iv in enumerate(bi.get("interventions", [])):
            at = f"interventions[{i}]"
            sv = self.services[iv["service"]]
            if "register" in iv:
                register = [mine(f"{at}.register", iv["register"])]
            elif sv.get("locality"):
                register = [f"{sv['locality']}.register"]
            else:
                register = [f"{loc}.register" for loc in self.localities]
            uptake = [mine(f"{at}.uptake[{t}]", u) for t, u in enumerate(iv["uptake"])]
            who = len(self.people)
            self.people.append(
                (
                    register,
                    mine(f"{at}.register_growth", iv.get("register_growth", 0.0)),
                    mine(f"{at}.eligible_share", iv.get("eligible_share", 1.0)),
                    uptake,
                    mine(f"{at}.baseline_uptake", iv.get("baseline_uptake", 0.0)),
                )
            )
            if "cost_per_person" in iv:
                cost = mine(f"{at}.cost_per_person", iv["cost_per_person"])
                units = None
                year = _year(iv.get("price_year", spec["price_year"]))
            else:
                cost, units, year = f"{sv['id']}.unit_cost", f"{sv['id']}.units_per_person", economy_year
            self.ops.append(("intervention", who, cost, units, factor(year)))
            for j, e in enumerate(iv.get("effects", [])):
                eat = f"{at}.effects[{j}]"
                target = self.services[e["service"]]
                if "units_per_person" in e:
                    rate = mine(f"{eat}.units_per_person", e["units_per_person"])
                else:
                    rate = mine(f"{eat}.units_per_person", self._default_rate(target, spec))
                reduction = mine(f"{eat}.reduction", e["reduction"])
                kind = e["release"]
                self.ops.append(
                    (
                        kind,
                        who,
                        reduction,
                        rate,
                        f"{target['id']}.unit_cost",
                        factor(economy_year),
                        e.get("lag", 0),
                    )
                )
        for i, c in enumerate(bi.get("costs", [])):
            start = _year(c.get("start", bi["first_year"])) - self.first
            if c["kind"] == "one_off":
                end = start + 1
            elif "years" in c:
                end = min(start + int(c["years"]), self.years)
            else:
                end = self.years
            year = _year(c.get("price_year", spec["price_year"]))
            self.ops.append(("fixed", mine(f"costs[{i}].amount", c["amount"]), factor(year), start, end))
        if bi.get("reinvest"):
            r = bi["reinvest"]
            self.ops.append(
                (
                    "reinvest",
                    mine("reinvest.share", r["share"]),
                    bool(r.get("include_capacity_releasing", False)),
                )
            )

        # Slots: the economy's values the ops read, in plan order, then the budget's own.
        read = {n for who in self.people for n in who[0]}
        for op in self.ops:
            if op[0] == "intervention":
                read.update(n for n in op[2:4] if n is not None)
            elif op[0] in ("cash_releasing", "capacity_releasing"):
                read.add(op[4])
        for n, v in self.economy.items():
            if n in read:
                self._slot(n, v)
        for n, v in own:
            self._slot(n, v)
        self.uncertain = [k for k, v in enumerate(self.values) if _is_dist(v)]
        base = [np.nan if _is_dist(v) else float(v) for v in self.values]
        self.base = np.array(base)

    def _default_rate(self, target: dict, spec: dict) -> float:
        # The target's activity over the people it serves (base values), as caretriangle does.
        if self.register_total <= 0 or _is_dist(target.get("activity", 0.0)):
            raise NotImplementedError("the budget reference derives units_per_person only from fixed figures")
        people = self.register_total
        for loc in spec.get("localities", []):
            if loc["id"] == target.get("locality") and not _is_dist(loc["register"]):
                people = float(loc["register"])
        return float(target.get("activity", 0.0)) / people if people > 0 else 0.0

    def _slot(self, name: str, value) -> None:
        self.slot_of[name] = len(self.names)
        self.names.append(name)
        self.values.append(value)

    @property
    def input_names(self) -> list[str]:
        return [self.names[k] for k in self.uncertain]

    @property
    def columns(self) -> list[str]:
        head = [
            "cumulative",
            "discounted_cumulative",
            "cash_releasing",
            "capacity_releasing",
            "total_costs",
            "return_per_pound",
            "pays_back",
        ]
        return head + [f"net {y}/{(y + 1) % 100:02d}" for y in range(self.first, self.first + self.years)]

    def draw(self, n: int, seed: int) -> np.ndarray:
        """`n` rows of the uncertain inputs, one column per input, drawn independently."""
        rng = np.random.default_rng(seed)
        return np.column_stack([draw(self.values[k], n, rng) for k in self.uncertain])

    def run(self, n: int, seed: int) -> np.ndarray:
        """A whole Monte Carlo run: draws, then every output."""
        return self.evaluate(self.draw(n, seed))

    def evaluate(self, inputs: np.ndarray) -> np.ndarray:
        """Every output (columns as ``BudgetMonteCarloResult.columns``) for rows of inputs."""
        n, y = inputs.shape[0], self.years
        p = np.broadcast_to(self.base, (n, len(self.base))).copy()
        p[:, self.uncertain] = inputs

        def v(name):  # one column of the parameter table, as an (n, 1) array
            return p[:, self.slot_of[name], None]

        t = np.arange(y)
        people = []
        for register, growth, eligible, uptake, baseline in self.people:
            reg = sum(v(r) for r in register)
            ups = np.hstack([v(uptake[min(k, len(uptake) - 1)]) for k in range(y)])
            people.append(reg * v(eligible) * (1 + v(growth)) ** t * (ups - v(baseline)))
        costs = np.zeros((n, y))
        saved = {"cash_releasing": np.zeros((n, y)), "capacity_releasing": np.zeros((n, y))}
        for op in self.ops:
            kind = op[0]
            if kind == "intervention":
                _, who, cost, units, f = op
                per = v(cost) * (1.0 if units is None else v(units)) * f
                costs += people[who] * per
            elif kind in saved:
                _, who, reduction, rate, unit_cost, f, lag = op
                per = v(reduction) * v(rate) * v(unit_cost) * f
                saved[kind] += np.where(t >= lag, people[who] * per, 0.0)
            elif kind == "fixed":
                _, amount, f, start, end = op
                costs += np.where((t >= start) & (t < end), v(amount) * f, 0.0)
            else:  # reinvest: the year's savings of the lines before it (it is last)
                _, share, capacity = op
                base = saved["cash_releasing"] + (saved["capacity_releasing"] if capacity else 0.0)
                costs += v(share) * base
        cash, capacity = saved["cash_releasing"], saved["capacity_releasing"]
        net = costs - cash - capacity
        cumulative = np.cumsum(net, axis=1)
        discount = (1 + self.rate) ** -(t + (0.5 if self.mid_year else 0.0))
        total_costs = costs.sum(axis=1)
        total_saved = cash.sum(axis=1) + capacity.sum(axis=1)
        rpp = np.where(total_costs > 0, total_saved / np.where(total_costs > 0, total_costs, 1.0), 0.0)
        head = [
            cumulative[:, -1],
            (net * discount).sum(axis=1),
            cash.sum(axis=1),
            capacity.sum(axis=1),
            total_costs,
            rpp,
            (cumulative <= 0).any(axis=1).astype(float),
        ]
        return np.column_stack([*head, net])
