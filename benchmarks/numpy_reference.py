"""A vectorised numpy implementation of caretriangle's Monte Carlo model, for benchmarks.

It reads an economy's spec (``Economy.to_dict()``), draws the same uncertain inputs with
numpy's generator, and evaluates the baseline and every scenario for all iterations at
once, one numpy operation per service and lever over arrays of length ``iterations``: the
way an analyst would write the model in numpy. It gives the same outputs, in the same
column order, as ``caretriangle.MonteCarlo`` (``tests/python/test_numpy_reference.py``
checks that on caretriangle's own draws), so timing the two compares like with like.

Levers: substitute, shift, reinvest (by register, need, equal or weights; released or new
money), set_unit_cost, scale_activity, productivity. Distributions: fixed, uniform, normal,
lognormal (mean/sd or meanlog/sdlog), gamma (mean/sd or shape/scale), beta (mean/sd or
alpha/beta), triangular and PERT: those the shipped example and typical studies use.
"""

from __future__ import annotations

import numpy as np

CORNERS = ["clinical", "nhs_self_management", "community_self_management"]
OUTPUTS = [
    "total",
    "clinical",
    "nhs_self_management",
    "community_self_management",
    "change",
    "released",
    "reinvested",
    "new_money",
    "people_reached",
    "over_envelope_indicator",
]


def money_only(spec: dict) -> dict:
    """An economy's spec without its outcomes: the reference models money and people reached,
    not what care buys, so it is compared on the economy without them (whose outputs are then
    the same columns as caretriangle's; its inputs and draws are unchanged)."""
    produced = ("outcomes_per_person", "outcomes_per_unit", "counts_as")
    out = {k: v for k, v in spec.items() if k != "outcomes"}
    out["services"] = [{k: v for k, v in s.items() if k not in produced} for s in spec["services"]]
    return out


def _is_dist(value) -> bool:
    return isinstance(value, dict) and "dist" in value


def shapes(spec: dict) -> tuple[float, float]:
    """The two parameters numpy and scipy take for a lognormal (meanlog, sdlog), gamma (shape,
    scale), beta or PERT (alpha, beta) given as in a caretriangle file, by mean and sd or
    directly."""
    kind = spec["dist"]
    if kind == "pert":
        lo, mode, hi = spec["low"], spec["mode"], spec["high"]
        return 1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo)
    direct = {"lognormal": ("meanlog", "sdlog"), "gamma": ("shape", "scale"), "beta": ("alpha", "beta")}[kind]
    if direct[0] in spec:
        return spec[direct[0]], spec[direct[1]]
    m, s = spec["mean"], spec["sd"]
    if kind == "lognormal":
        sigma = np.sqrt(np.log1p((s / m) ** 2))
        return np.log(m) - sigma**2 / 2, sigma
    if kind == "gamma":
        return (m / s) ** 2, s * s / m
    common = m * (1 - m) / (s * s) - 1
    return m * common, (1 - m) * common


def draw(spec: dict, n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` draws of one distribution given as in a caretriangle file."""
    kind = spec["dist"]
    if kind == "fixed":
        return np.full(n, float(spec["value"]))
    if kind == "uniform":
        return rng.uniform(spec["low"], spec["high"], n)
    if kind == "normal":
        return rng.normal(spec["mean"], spec["sd"], n)
    if kind == "lognormal":
        return rng.lognormal(*shapes(spec), n)
    if kind == "gamma":
        return rng.gamma(*shapes(spec), n)
    if kind == "beta":
        return rng.beta(*shapes(spec), n)
    if kind == "triangular":
        return rng.triangular(spec["low"], spec["mode"], spec["high"], n)
    if kind == "pert":
        lo, hi = spec["low"], spec["high"]
        return lo + (hi - lo) * rng.beta(*shapes(spec), n)
    raise ValueError(f"the numpy reference has no {kind!r} distribution")


def _two_sum(total, carry, x):
    """Adds x to a running total, carrying the rounding error exactly (Knuth's TwoSum)."""
    t = total + x
    x_part = t - total
    total_part = t - x_part
    return t, carry + ((total - total_part) + (x - x_part))


def _plain_sum(total, carry, x):
    """Adds x to a running total as numpy users write it (carry stays 0)."""
    return total + x, carry


class Reference:
    """An economy's spec compiled to slots: each number is a column of a parameter table.

    ``compensated=True`` sums spend as caretriangle does (TwoSum), for the bit-for-bit test;
    the benchmarks time ``compensated=False``, the plain sums a numpy user would write, which
    run about 1.8 times as fast (and agree to ~1e-9 pounds on the shipped example)."""

    def __init__(self, spec: dict, compensated: bool = True):
        self._add = _two_sum if compensated else _plain_sum
        self.envelope = float(spec["envelope"])
        self.values: list[float] = []  # base value of each slot
        self.uncertain: list[tuple[str, int, dict]] = []  # (name, slot, distribution)
        self.services = []
        self.index = {}
        for s in spec["services"]:
            sid = s["id"]
            self.index[sid] = len(self.services)
            self.services.append(
                {
                    "corner": CORNERS.index(s["corner"]),
                    "unit_cost": self._slot(f"{sid}.unit_cost", s["unit_cost"]),
                    "activity": self._slot(f"{sid}.activity", s["activity"]) if "activity" in s else None,
                    "allocation": self._slot(f"{sid}.allocation", s["allocation"])
                    if "allocation" in s
                    else None,
                    "upp": self._slot(f"{sid}.units_per_person", s["units_per_person"])
                    if "units_per_person" in s
                    else None,
                    "locality": s.get("locality"),
                }
            )
        # Slots in caretriangle's order (services, localities, scenarios), so the inputs'
        # columns line up.
        self.localities = {}
        for loc in spec.get("localities", []):
            self.localities[loc["id"]] = (
                self._slot(f"{loc['id']}.register", loc["register"]),
                self._slot(f"{loc['id']}.need_weight", loc.get("need_weight", 1.0)),
            )
        self.scenarios = []
        for sc in spec.get("scenarios", []):
            levers = []
            for i, lever in enumerate(sc["levers"]):
                prefix = f"{sc['name']}.levers[{i}]"
                slots = {}
                for key in ("share", "ratio", "amount", "unit_cost", "factor", "gain"):
                    if key in lever:
                        slots[key] = self._slot(f"{prefix}.{key}", lever[key])
                if lever["lever"] == "substitute" and "ratio" not in slots:
                    slots["ratio"] = self._slot(f"{prefix}.ratio", 1.0)
                if isinstance(lever.get("by"), dict):
                    slots["weights"] = {
                        loc: self._slot(f"{prefix}.by.{loc}", w) for loc, w in lever["by"].items()
                    }
                levers.append((lever, slots))
            self.scenarios.append((sc["name"], levers))

    def _slot(self, name: str, value) -> int:
        k = len(self.values)
        if _is_dist(value):
            self.uncertain.append((name, k, value))
            self.values.append(np.nan)
        else:
            self.values.append(float(value))
        return k

    @property
    def input_names(self) -> list[str]:
        return [name for name, _, _ in self.uncertain]

    def draw(self, n: int, seed: int) -> np.ndarray:
        """`n` rows of the uncertain inputs, one column per input, drawn independently."""
        rng = np.random.default_rng(seed)
        return np.column_stack([draw(d, n, rng) for _, _, d in self.uncertain])

    def run(self, n: int, seed: int) -> np.ndarray:
        """A whole Monte Carlo run: draws, then every output of every block."""
        return self.evaluate(self.draw(n, seed))

    def evaluate(self, inputs: np.ndarray) -> np.ndarray:
        """Every output (columns as ``MonteCarloResult.columns``) for rows of inputs."""
        n = inputs.shape[0]
        params: list = list(self.values)
        for j, (_, k, _) in enumerate(self.uncertain):
            params[k] = inputs[:, j]
        blocks = [self._record(params, self._baseline(params, n), None)]
        base_total = blocks[0][0]
        for _, levers in self.scenarios:
            state = self._baseline(params, n)
            for lever, slots in levers:
                self._apply(lever, slots, params, state)
            blocks.append(self._record(params, state, base_total))
        return np.column_stack([c for b in blocks for c in b])

    def _baseline(self, p, n):
        uc, act, base_spend = [], [], []
        for s in self.services:
            cost = np.broadcast_to(p[s["unit_cost"]], (n,))
            if s["activity"] is not None:
                a = np.broadcast_to(p[s["activity"]], (n,))
                spend = a * cost
            else:
                spend = np.broadcast_to(p[s["allocation"]], (n,))
                a = np.where(cost > 0, spend / np.where(cost > 0, cost, 1.0), 0.0)
            uc.append(np.array(cost, dtype=float))
            act.append(np.array(a, dtype=float))
            base_spend.append(spend)
        zero = np.zeros(n)
        return {
            "uc": uc,
            "act": act,
            "base_spend": base_spend,
            "changed": [False] * len(self.services),
            "pool": [zero.copy() for _ in CORNERS],
            "released": zero.copy(),
            "reinvested": zero.copy(),
            "new_money": zero.copy(),
        }

    def _release_or_new(self, st, corner, before, after):
        fall = before - after
        released = np.where(fall > 0, fall, 0.0)
        st["released"] += released
        st["pool"][corner] += released
        st["new_money"] += np.where(fall > 0, 0.0, -fall)

    def _respend(self, st, i, before):
        self._release_or_new(st, self.services[i]["corner"], before, st["uc"][i] * st["act"][i])
        st["changed"][i] = True

    def _apply(self, lever, slots, p, st):
        kind = lever["lever"]
        uc, act = st["uc"], st["act"]
        if kind == "substitute":
            f, t = self.index[lever["from"]], self.index[lever["to"]]
            units = p[slots["share"]] * act[f]
            ratio = p[slots["ratio"]]
            given_up = units * uc[f]
            taken_on = units * ratio * uc[t]
            act[f] = act[f] - units
            act[t] = act[t] + units * ratio
            st["changed"][f] = st["changed"][t] = True
            self._release_or_new(st, self.services[f]["corner"], given_up, taken_on)
        elif kind == "shift":
            f, t = self.index[lever["from"]], self.index[lever["to"]]
            has = uc[f] * act[f]
            amount = np.minimum(p[slots["amount"]], has)
            act[f] = np.where(amount >= has, 0.0, act[f] - amount / uc[f])
            st["changed"][f] = True
            self._buy(st, t, amount)
        elif kind == "reinvest":
            amount = p[slots["amount"]]
            targets = [self.index[x] for x in lever["into"]]
            weights = self._weights(lever, slots, targets, p)
            if lever.get("source", "released") == "new":
                st["new_money"] += amount
            else:
                available = sum(st["pool"])
                st["reinvested"] += amount
                for c in range(3):
                    drawn = np.where(available > 0, amount * st["pool"][c] / available, 0.0)
                    st["pool"][c] = np.maximum(st["pool"][c] - drawn, 0.0)
            for t, w in zip(targets, weights, strict=True):
                self._buy(st, t, amount * w)
        else:
            i = self.index[lever["service"]]
            before = uc[i] * act[i]
            if kind == "set_unit_cost":
                uc[i] = np.broadcast_to(p[slots["unit_cost"]], uc[i].shape).astype(float)
            elif kind == "scale_activity":
                act[i] = act[i] * p[slots["factor"]]
            elif kind == "productivity":
                uc[i] = uc[i] * (1.0 - p[slots["gain"]])
            else:
                raise ValueError(f"the numpy reference has no {kind!r} lever")
            self._respend(st, i, before)

    def _weights(self, lever, slots, targets, p):
        by = lever.get("by", "register")
        raw = []
        for t in targets:
            loc = self.services[t]["locality"]
            if by == "equal":
                raw.append(1.0)
            elif isinstance(by, dict):
                raw.append(p[slots["weights"][loc]])
            elif loc is None:
                raw.append(0.0)
            else:
                reg, need = self.localities[loc]
                raw.append(p[reg] if by == "register" else p[reg] * p[need])
        total = sum(raw)
        return [w / total for w in raw]

    def _buy(self, st, i, money):
        st["act"][i] = st["act"][i] + np.where(money > 0, money / st["uc"][i], 0.0)
        st["changed"][i] = True

    def _record(self, p, st, base_total):
        # Spend summed with compensation, term by term in service order, as caretriangle does.
        corners = [0.0, 0.0, 0.0]
        carry = [0.0, 0.0, 0.0]
        people = 0.0
        for i, s in enumerate(self.services):
            spend = st["uc"][i] * st["act"][i] if st["changed"][i] else st["base_spend"][i]
            c = s["corner"]
            corners[c], carry[c] = self._add(corners[c], carry[c], spend)
            if s["upp"] is not None:
                people = people + st["act"][i] / p[s["upp"]]
        corners = [t + k for t, k in zip(corners, carry, strict=True)]
        total, total_carry = 0.0, 0.0
        for c in corners:
            total, total_carry = self._add(total, total_carry, c)
        total = total + total_carry
        n = st["released"].shape[0]
        change = np.zeros(n) if base_total is None else total - base_total
        over = (total - self.envelope > 0.005).astype(float)
        cols = [total, *corners, change, st["released"], st["reinvested"], st["new_money"], people, over]
        return [np.broadcast_to(np.asarray(c, dtype=float), (n,)) for c in cols]
