"""The optimiser checked against HiGHS, through scipy: ``scipy.optimize.linprog(method="highs")``
for the activity LP and ``scipy.optimize.milp`` for the 0/1 choice of options.

HiGHS is the reference because it is an independent, widely used solver (a different code
base, method and numerics from microlp, the pure-Rust simplex inside ``ct.optimise``): where
both give the same optimum of the same problem, neither the writing of the problem in
src/optimise/model.rs nor the solve nor the reading of shadow prices in src/optimise/solve.rs
has gone wrong unseen. The problem is written a second time, independently of the Rust code,
from the economy's own figures (``benchmarks/optimise_reference.py``: unit cost, activity,
capacity, QALYs a unit, staff minutes / 60, the segment's share of use; each option's change
read from its levers).

Seeded economies of 300 services (numpy's generator; made-up figures) across the three
corners, three localities with clusters, a segment with use shares, two commissioners and four
staff groups, under every kind of constraint: the envelope, corner minimum and maximum,
commissioner minimum and maximum, locality, cluster and segment minimums, staff hours, a
required outcome (``sense="minimise_cost"``), floor ``"zero"`` and ``"baseline"``. Compared:

- the objective value, to 1e-9 relative;
- each service's activity, where the optimum is unique: HiGHS's dual solution shows it (the
  services with zero reduced cost are fixed by the rows with nonzero prices, which have full
  column rank on them), and every case here is checked to be so;
- the shadow price of every row (0 where ``opt.binding()`` does not list it) against HiGHS's
  ``res.ineqlin.marginals``, where the prices are unique: the optimum is nondegenerate (as
  many services strictly between their bounds as binding rows, their matrix nonsingular).
  linprog minimises c · x subject to A x ≤ b: a maximised objective goes in negated and an
  at-least row negated, so ``opt.binding()``'s price, d(value)/d(limit), is HiGHS's marginal
  times −1 (maximised) or +1 (cost minimised) times −1 for an at-least row
  (``Reference.shadow_prices``).

Options: 30 options (commissioning new contacts; growing or shrinking a service by a factor)
with exclusive pairs and a triple, under the envelope, staff hours and a corner minimum,
against ``milp`` run to a proven optimum (no relative gap): the same value, to 1e-9 relative,
and the same options chosen where HiGHS's optimum is unique (shown by a second solve that
excludes it and is strictly worse).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.optimize import OptimizeResult

import caretriangle as ct

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from comparisons import same_optimum
from optimise_reference import CORNERS, Reference, activity_lp, option_milp, solve

LOCALITIES = {"north": ("north_1", "north_2"), "south": ("south_1", "south_2"), "west": ()}
GROUPS = ("group_a", "group_b", "group_c", "group_d")
TOL = 1e-9  # relative, on values and prices
NEAR = 1e-7  # a bound or limit counts as holding within this, relative
SEEDS = [1, 2, 3, 4, 5]


def economy(seed: int, services: int = 300) -> dict[str, Any]:
    """Unit cost £20–£100, activity 0–50 and capacity 100–200 units, 0–0.01 QALYs a unit;
    a third of services take 0–30 minutes of each staff group (1,500 hours each); half the
    north's services are used by the segment (20%–80% of their use). Envelope £800,000
    against about £450,000 spent today."""
    rng = np.random.default_rng(seed)
    rows = []
    use = {}
    for i in range(services):
        locality = str(rng.choice(list(LOCALITIES)))
        s: dict[str, Any] = {
            "id": f"s{i}",
            "corner": CORNERS[i % 3],
            "provider": "general_practice",
            "commissioner": "Council" if rng.random() < 0.3 else "ICB",
            "unit": "contact",
            "unit_cost": 20 + 80 * rng.random(),
            "activity": 50 * rng.random(),
            "capacity": 100 + 100 * rng.random(),
            "locality": locality,
            "outcomes_per_unit": {"qalys": 0.01 * rng.random()},
            "staff_minutes": {g: 30 * rng.random() for g in GROUPS if rng.random() < 1 / 3},
        }
        if LOCALITIES[locality]:
            s["cluster"] = str(rng.choice(LOCALITIES[locality]))
        if locality == "north" and rng.random() < 0.5:
            use[s["id"]] = 0.2 + 0.6 * rng.random()
        rows.append(s)
    localities = [
        {
            "id": loc,
            "name": loc.title(),
            "register": 10_000.0,
            "clusters": [
                {"id": c, "name": c.replace("_", " ").title(), "register": 5_000.0} for c in clusters
            ],
        }
        for loc, clusters in LOCALITIES.items()
    ]
    return {
        "name": f"HiGHS cross-check {seed}",
        "envelope": 800_000.0,
        "price_year": "2023/24",
        "localities": localities,
        "segments": [{"id": "top_risk", "name": "Top risk", "share": 0.1, "locality": "north", "use": use}],
        "outcomes": [{"id": "qalys", "name": "QALYs gained", "unit": "QALY"}],
        "staff_groups": [{"id": g, "name": g.replace("_", " ").title(), "hours": 1_500.0} for g in GROUPS],
        "services": rows,
    }


# Every kind of row; the figures are set so that most of them bind on these economies.
LIMITS: dict[str, Any] = {
    "corner_minimum": {"community_self_management": 280_000.0},
    "corner_maximum": {"clinical": 230_000.0},
    "commissioner_minimum": {"Council": 250_000.0},
    "commissioner_maximum": {"ICB": 520_000.0},
    "locality_minimum": {"west": 290_000.0},
    "cluster_minimum": {"north_2": 140_000.0},
    "segment_minimum": {"top_risk": 70_000.0},
    "staff_hours": {"group_a": 1_200.0},
}
CASES = {
    "qalys, floor zero": {"objective": "qalys", "floor": "zero", **LIMITS},
    "qalys, floor baseline": {"objective": "qalys", "floor": "baseline", **LIMITS},
    "least cost of 100 QALYs": {"sense": "minimise_cost", "required": {"qalys": 100.0}, **LIMITS},
}


def binding_prices(opt: ct.Optimum, ref: Reference) -> np.ndarray:
    """``opt.binding()``'s shadow prices in the reference's row order (0 for a row it does not
    list); each listed row must match exactly one of the reference's."""
    prices = np.zeros(len(ref.labels))
    for name, price in opt.binding()["shadow_price"].items():
        rows = [k for k, label in enumerate(ref.labels) if re.search(label, str(name))]
        assert len(rows) == 1, (name, rows)
        prices[rows[0]] = price
    return prices


def primal_unique(ref: Reference, res: OptimizeResult) -> bool:
    """Whether HiGHS's dual solution pins the optimum to one point: the services with zero
    reduced cost (the others sit at the bound their price holds them to) are determined by
    the rows with nonzero prices, whose matrix on them has full column rank."""
    reduced = res.lower.marginals + res.upper.marginals
    free = np.abs(reduced) <= NEAR * np.abs(ref.c).max()
    priced = np.abs(res.ineqlin.marginals) > NEAR * np.abs(ref.c).max()
    sub = ref.a_ub[np.ix_(priced, free)]
    return bool(np.linalg.matrix_rank(sub) == free.sum()) if free.any() else True


def nondegenerate(ref: Reference, res: OptimizeResult) -> tuple[bool, int]:
    """Whether the optimum is a nondegenerate vertex (so its shadow prices are unique): as
    many services strictly between their bounds as binding rows, and their matrix
    nonsingular. Also the number of binding rows."""
    x = res.x
    scale = np.maximum(np.abs(ref.upper), 1.0)
    inside = (x - ref.lower > NEAR * scale) & (ref.upper - x > NEAR * scale)
    binding = np.abs(res.ineqlin.residual) <= NEAR * np.maximum(np.abs(ref.b_ub), 1.0)
    square = inside.sum() == binding.sum()
    ok = bool(square and np.linalg.matrix_rank(ref.a_ub[np.ix_(binding, inside)]) == binding.sum())
    return ok, int(binding.sum())


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("seed", SEEDS)
def test_activity_optimum_agrees_with_highs(seed: int, case: str) -> None:
    spec, kw = economy(seed), CASES[case]
    opt = ct.optimise(ct.Economy.from_dict(spec), **kw)
    ref = activity_lp(spec, **kw)
    res = solve(ref)
    assert opt.value == pytest.approx(ref.value(res), rel=TOL)

    assert primal_unique(ref, res)
    after = opt.activities()["activity_after"].to_numpy()
    scale = np.maximum(np.abs(res.x), 1.0)
    assert np.all(np.abs(after - res.x) <= TOL * scale), np.abs(after - res.x).max()

    ok, binding = nondegenerate(ref, res)
    assert ok
    # Not a vacuous check: the envelope or the staff hours and several fairness rows bind.
    assert binding >= 5, binding
    ours, theirs = binding_prices(opt, ref), ref.shadow_prices(res)
    size = np.abs(theirs).max()
    assert np.all(np.abs(ours - theirs) <= TOL * size), np.abs(ours - theirs).max() / size


def test_every_kind_of_row_binds_in_some_case() -> None:
    # The cases above check the shadow prices of binding rows of every kind: each kind binds
    # (HiGHS's slack 0) in at least one seed and case.
    kinds = [
        "envelope",
        "corner minimum",
        "corner maximum",
        "Council minimum",
        "ICB maximum",
        "locality minimum",
        "cluster minimum",
        "segment minimum",
        "hours of",
        "required",
    ]
    bound = set()
    for seed in SEEDS:
        spec = economy(seed)
        for kw in CASES.values():
            ref = activity_lp(spec, **kw)
            res = solve(ref)
            tight = np.abs(res.ineqlin.residual) <= NEAR * np.maximum(np.abs(ref.b_ub), 1.0)
            names = [ref.labels[k].replace("\\", "") for k in np.flatnonzero(tight)]
            bound |= {kind for kind in kinds for name in names if kind in name}
    assert bound == set(kinds), set(kinds) - bound


def options_problem(seed: int) -> tuple[dict[str, Any], list[ct.Scenario], dict[str, Any]]:
    """60 services; 30 options: 20 commission 20–150 new contacts of a service, 6 grow one by
    1.2–2.5 times, 4 shrink one to 0.3–0.8 of today (releasing money, losing QALYs). £40,000
    of headroom, 100 staff hours a group more than today's plan takes, the community corner
    at least today's spend; options 0–1, 2–3 and 4–6 exclude each other."""
    rng = np.random.default_rng(100 + seed)
    spec = economy(seed, services=60)
    services = spec["services"]
    spend = {s["id"]: s["unit_cost"] * s["activity"] for s in services}
    spec["envelope"] = sum(spend.values()) + 40_000.0
    for g in spec["staff_groups"]:
        used = sum(s["activity"] * s["staff_minutes"].get(g["id"], 0.0) / 60 for s in services)
        g["hours"] = used + 100.0
    community = sum(spend[s["id"]] for s in services if s["corner"] == "community_self_management")
    picks = rng.choice(len(services), size=30, replace=False)
    opts = []
    for k, i in enumerate(picks):
        o = ct.Scenario(f"option {k}")
        sid = services[i]["id"]
        if k < 20:
            opts.append(o.commission(sid, units=20 + 130 * rng.random(), source="new"))
        elif k < 26:
            opts.append(o.scale_activity(sid, 1.2 + 1.3 * rng.random()))
        else:
            opts.append(o.scale_activity(sid, 0.3 + 0.5 * rng.random()))
    kw = {
        "objective": "qalys",
        "corner_minimum": {"community_self_management": community},
        "exclusive": [[f"option {k}" for k in group] for group in ((0, 1), (2, 3), (4, 5, 6))],
    }
    return spec, opts, kw


@pytest.mark.parametrize("seed", SEEDS)
def test_options_chosen_agree_with_highs_milp(seed: int) -> None:
    spec, opts, kw = options_problem(seed)
    opt = ct.optimise(ct.Economy.from_dict(spec), options=opts, **kw)
    ref = option_milp(spec, options=opts, **kw)
    res = solve(ref)
    assert opt.value == pytest.approx(ref.value(res), rel=TOL)
    chosen = np.array([c for _, c in opt.options])
    theirs = np.round(res.x).astype(bool)
    assert 2 <= theirs.sum() < len(opts)  # a choice, not all or nothing

    # HiGHS's optimum is unique when the best plan other than it is strictly worse: solve
    # again with a cut that excludes it (Σ over chosen (1 − x) + Σ over the others x ≥ 1).
    cut = np.where(theirs, -1.0, 1.0)
    second = Reference(ref.c, ref.a_ub, ref.b_ub, ref.lower, ref.upper, binary=True)
    second.row("", cut, 1.0 - theirs.sum(), at_least=True)
    runner_up = solve(second)
    assert runner_up.fun > res.fun + TOL * abs(res.fun)
    assert chosen.tolist() == theirs.tolist()


def test_the_benchmark_stops_when_the_optimum_differs_from_highs(capsys: pytest.CaptureFixture[str]) -> None:
    # benchmarks/run.py times ct.optimise against HiGHS only on the same optimum: 1e-9 apart
    # relative passes (1 + 1e-12 against 1), 1e-6 stops the script.
    same_optimum("LP", 1.0 + 1e-12, 1.0)
    assert "the same optimum as HiGHS" in capsys.readouterr().out
    with pytest.raises(SystemExit, match=re.escape("benchmark stopped: LP: caretriangle's optimum 1.000001")):
        same_optimum("LP", 1.000001, 1.0)
