"""The optimiser's problem written out as matrices and solved by HiGHS (scipy), for the
benchmarks and for the cross-check in tests/python/test_optimise_highs.py.

``activity_lp`` writes the linear programme ``ct.optimise`` solves over each service's
activity, from the economy's own figures (its dict, as ``Economy.to_dict`` gives it): unit
cost, activity, capacity, outcome per unit, staff minutes / 60, the segment's share of use.
``option_milp`` writes the 0/1 programme over options, each option's change in spend,
activity and outcome read from its scenario's levers. ``solve`` hands either to
``scipy.optimize.linprog(method="highs")`` or ``scipy.optimize.milp``.

HiGHS minimises ``c · x`` subject to ``A x ≤ b``: an objective to maximise is given negated,
and an at-least row ``a · x ≥ m`` as ``−a · x ≤ −m``. ``Reference.value`` and
``Reference.shadow_prices`` turn HiGHS's answer back into ``ct.optimise``'s terms (see there).

``economy`` and ``options`` build the benchmark's problems, the shapes of benches/optimise.rs
(figures from numpy's seeded generator, made up, not sourced).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, linprog, milp

import caretriangle as ct

CORNERS = ("clinical", "nhs_self_management", "community_self_management")
# Tight tolerances, so that HiGHS's vertex is as exact as the simplex in ct.optimise.
LP_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


@dataclass
class Reference:
    """min ``c · x`` subject to ``a_ub x ≤ b_ub``, ``lower ≤ x ≤ upper`` (0/1 with ``binary``).

    ``sense`` is −1 where ``ct.optimise`` maximises (its value is −c · x) and +1 where it
    minimises cost; ``offset`` is its value before any decision (options: today's).
    ``direction`` is +1 for an at-most row and −1 for an at-least row (given negated);
    ``labels`` a pattern that matches the row's name in ``Optimum.binding()``.
    """

    c: np.ndarray
    a_ub: np.ndarray
    b_ub: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    labels: list[str] = field(default_factory=list)
    direction: list[float] = field(default_factory=list)
    sense: float = -1.0
    offset: float = 0.0
    binary: bool = False

    def row(self, label: str, coefs: np.ndarray, rhs: float, at_least: bool = False) -> None:
        d = -1.0 if at_least else 1.0
        self.a_ub = np.vstack([self.a_ub, d * coefs])
        self.b_ub = np.append(self.b_ub, d * rhs)
        self.labels.append(label)
        self.direction.append(d)

    def value(self, res: OptimizeResult) -> float:
        """``ct.optimise``'s value from HiGHS's optimum."""
        return self.offset + self.sense * float(res.fun)

    def shadow_prices(self, res: OptimizeResult) -> np.ndarray:
        """Each row's shadow price as ``Optimum.binding()`` gives it: d(value)/d(limit).

        HiGHS's marginal of a row is d(c · x*)/d(b_ub). The value is ``sense`` × c · x*, and
        an at-least row's limit m is −b_ub: so the price is sense × direction × marginal.
        """
        return self.sense * np.asarray(self.direction) * res.ineqlin.marginals


def _new(c: np.ndarray, lower: np.ndarray, upper: np.ndarray, sense: float) -> Reference:
    return Reference(c, np.empty((0, len(c))), np.empty(0), lower, upper, sense=sense)


def _per_unit(s: dict[str, Any], outcome: str) -> float:
    return float(s.get("outcomes_per_unit", {}).get(outcome, 0.0))


def _names(spec: dict[str, Any]) -> dict[str, str]:
    """Each locality's and cluster's name as ``Optimum.binding()`` writes it (its id without)."""
    names = {}
    for loc in spec.get("localities", []):
        names[loc["id"]] = loc.get("name", loc["id"])
        names.update({c["id"]: c.get("name", c["id"]) for c in loc.get("clusters", [])})
    return names


def activity_lp(spec: dict[str, Any], **kw: Any) -> Reference:
    """The LP ``ct.optimise(economy, **kw)`` solves over activity, for an outcome objective
    (``objective=<outcome id>``, more is better) or ``sense="minimise_cost"``."""
    services = spec["services"]
    cost = np.array([float(s["unit_cost"]) for s in services])
    activity = np.array([float(s["activity"]) for s in services])
    upper = np.array([float(s.get("capacity", np.inf)) for s in services])
    lower = activity.copy() if kw.get("floor") == "baseline" else np.zeros(len(services))
    if kw.get("sense") == "minimise_cost":
        ref = _new(cost, lower, upper, sense=1.0)
    else:
        ref = _new(-np.array([_per_unit(s, kw["objective"]) for s in services]), lower, upper, sense=-1.0)
    # Decision j is service j's activity: cost_j £ and one unit of it a unit.
    none = np.zeros(len(services))
    _rows(ref, spec, np.diag(cost), np.eye(len(services)), none, none, kw)
    return ref


def option_milp(spec: dict[str, Any], *, options: list[ct.Scenario], **kw: Any) -> Reference:
    """The 0/1 programme ``ct.optimise(economy, options=options, **kw)`` solves, for an
    outcome objective: each option's change in each service's activity and spend read from
    its levers (``commission`` of new units; ``scale_activity``)."""
    services = spec["services"]
    index = {s["id"]: i for i, s in enumerate(services)}
    cost = np.array([float(s["unit_cost"]) for s in services])
    activity = np.array([float(s["activity"]) for s in services])
    moved = np.zeros((len(services), len(options)))  # units of activity option k adds
    for k, option in enumerate(options):
        for lever in option.to_dict()["levers"]:
            i = index[lever["service"]]
            if lever["lever"] == "commission":
                moved[i, k] += float(lever["units"])
            elif lever["lever"] == "scale_activity":
                moved[i, k] += (float(lever["factor"]) - 1.0) * activity[i]
            else:
                raise ValueError(f"the reference does not model a {lever['lever']} lever")
    rate = np.array([_per_unit(s, kw["objective"]) for s in services])
    n = len(options)
    ref = _new(-(rate @ moved), np.zeros(n), np.ones(n), sense=-1.0)
    ref.offset = float(rate @ activity)
    ref.binary = True
    _rows(ref, spec, cost[:, None] * moved, moved, cost * activity, activity, kw)
    for group in kw.get("exclusive", []):
        members = np.array([o.name in group for o in options], dtype=float)
        ref.row(re.escape(f"at most one of {', '.join(group)}"), members, 1.0)
    return ref


def _rows(
    ref: Reference,
    spec: dict[str, Any],
    spend: np.ndarray,
    units: np.ndarray,
    today: np.ndarray,
    activity_today: np.ndarray,
    kw: dict[str, Any],
) -> None:
    """Every row of ``kw`` on the decisions: ``spend[i, j]`` and ``units[i, j]`` are decision
    j's £ and units on service i. Options move spend and activity from today's (``today``,
    ``activity_today``; zeros where the decisions are the activities): each limit is then on
    the change, less what today's plan already spends or uses. A commissioner's services are
    those naming it (``commissioner`` given on every service)."""
    services = spec["services"]

    def money(label: str, weight: np.ndarray, limit: float, at_least: bool) -> None:
        ref.row(label, weight @ spend, limit - float(weight @ today), at_least)

    def where(key: str, value: Any) -> np.ndarray:
        return np.array([1.0 if s.get(key) == value else 0.0 for s in services])

    money(r"^the envelope of £", np.ones(len(services)), float(spec["envelope"]), False)
    for key, at_least in (("corner_minimum", True), ("corner_maximum", False)):
        kind = "minimum" if at_least else "maximum"
        for corner, v in sorted(kw.get(key, {}).items()):
            label = rf"^the {corner.replace('_', ' ')} corner {kind} of £"
            money(label, where("corner", corner), v, at_least)
    for key, at_least in (("commissioner_minimum", True), ("commissioner_maximum", False)):
        kind = "minimum" if at_least else "maximum"
        for who, v in sorted(kw.get(key, {}).items()):
            money(rf"^the {re.escape(who)} {kind} of £", where("commissioner", who), v, at_least)
    names = _names(spec)
    for key in ("locality", "cluster"):
        for place, v in sorted(kw.get(f"{key}_minimum", {}).items()):
            label = rf"^the {re.escape(names[place])} {key} minimum of £"
            money(label, where(key, place), v, True)
    segments = {seg["id"]: seg for seg in spec.get("segments", [])}
    for seg, v in sorted(kw.get("segment_minimum", {}).items()):
        use = segments[seg].get("use", {})
        share = np.array([float(use.get(s["id"], 0.0)) for s in services])
        name = re.escape(segments[seg].get("name", seg))
        money(rf"^the {name} segment minimum of £", share, v, True)
    hours = kw.get("staff_hours", {})
    for group in spec.get("staff_groups", []):
        per_unit = np.array([float(s.get("staff_minutes", {}).get(group["id"], 0.0)) / 60 for s in services])
        limit = float(hours.get(group["id"], group["hours"]))
        name = re.escape(group.get("name", group["id"]))
        used = float(per_unit @ activity_today)
        ref.row(rf"^the [\d,.]+ hours of {name} time$", per_unit @ units, limit - used)
    for outcome, v in sorted(kw.get("required", {}).items()):
        rate = np.array([_per_unit(s, outcome) for s in services])
        ref.row(r"^the required ", rate @ units, v - float(rate @ activity_today), at_least=True)


def solve(ref: Reference) -> OptimizeResult:
    """HiGHS's optimum: ``milp`` (to a proven optimum: no relative gap allowed) for 0/1
    choices, ``linprog`` otherwise. Stops unless HiGHS reports an optimum."""
    if ref.binary:
        res = milp(
            ref.c,
            constraints=LinearConstraint(ref.a_ub, -np.inf, ref.b_ub),
            integrality=np.ones(len(ref.c)),
            bounds=Bounds(ref.lower, ref.upper),
            options={"mip_rel_gap": 0.0},
        )
    else:
        bounds = np.column_stack([ref.lower, np.where(np.isinf(ref.upper), None, ref.upper)])
        res = linprog(ref.c, A_ub=ref.a_ub, b_ub=ref.b_ub, bounds=bounds, method="highs", options=LP_OPTIONS)
    if res.status != 0:
        raise RuntimeError(f"HiGHS found no optimum: {res.message}")
    return res


def economy(services: int, groups: int, seed: int) -> dict[str, Any]:
    """benches/optimise.rs's economy: `services` services round the three corners, unit cost
    £20–£100, activity 0–50 and capacity 100–200 contacts, 0–0.01 QALYs a contact, each
    taking 0–30 minutes of every third staff group (3 hours a service each), an envelope of
    £4,000 a service."""
    rng = np.random.default_rng(seed)
    staff = [{"id": f"group_{g}", "hours": 3.0 * services} for g in range(groups)]
    rows = []
    for i in range(services):
        unit_cost, activity, capacity, qalys = rng.random(4)
        rows.append(
            {
                "id": f"service_{i}",
                "corner": CORNERS[i % 3],
                "provider": "general_practice",
                "unit": "contact",
                "unit_cost": 20 + 80 * unit_cost,
                "activity": 50 * activity,
                "capacity": 100 + 100 * capacity,
                "outcomes_per_unit": {"qalys": 0.01 * qalys},
                "staff_minutes": {f"group_{g}": 30 * rng.random() for g in range(groups) if (i + g) % 3 == 0},
            }
        )
    return {
        "name": "bench",
        "envelope": 4000.0 * services,
        "price_year": "2023/24",
        "outcomes": [{"id": "qalys"}],
        "services": rows,
        "staff_groups": staff,
    }


def options(count: int, seed: int) -> list[ct.Scenario]:
    """benches/optimise.rs's options: option k commissions 100–400 new contacts of service 2k."""
    rng = np.random.default_rng(seed)
    units = 100 + 400 * rng.random(count)
    return [
        ct.Scenario(f"option {k}").commission(f"service_{2 * k}", units=float(units[k]), source="new")
        for k in range(count)
    ]


def exclusive_pairs(pairs: int) -> list[list[str]]:
    """Options 2k and 2k + 1 exclude each other, for the first `pairs` k."""
    return [[f"option {2 * k}", f"option {2 * k + 1}"] for k in range(pairs)]
