"""Reliability of the public API, property tests (hypothesis): conservation of money, file
round trips and error classes (every exception a CareTriangleError).

Figures: the shipped North of Tyne example (sources in examples/north_of_tyne.toml), from
reliability.py.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability import EXAMPLE

import caretriangle as ct

IDS = [s.id for s in EXAMPLE.services]
SPEND = {s.id: s.spend for s in EXAMPLE.services}
# Few examples each, so that `make test` stays quick (HYPOTHESIS_EXAMPLES: `make soak` runs
# 10,000); the Rust fuzz tests go far wider.
QUICK = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# ---- conservation of money -------------------------------------------------------------------

service = st.sampled_from(IDS)
fraction = st.floats(0, 1)
lever = st.one_of(
    st.tuples(st.just("substitute"), service, service, fraction, st.floats(0, 3)),
    st.tuples(st.just("shift"), service, service, fraction),
    st.tuples(st.just("reinvest"), service, fraction, st.booleans()),
    st.tuples(st.just("scale"), service, st.floats(0, 2)),
)


def build(levers) -> ct.Scenario:
    """A scenario from drawn levers; shifts and reinvestments are sized from the baseline, so
    some ask for more than there is and must be refused with InsufficientMoneyError."""
    scn = ct.Scenario("drawn")
    for kind, *args in levers:
        if kind == "substitute":
            a, b, share, ratio = args
            if a != b:
                scn = scn.substitute(a, b, share=share, ratio=ratio)
        elif kind == "shift":
            a, b, f = args
            if a != b:
                scn = scn.shift(a, b, amount=f * SPEND[a])
        elif kind == "reinvest":
            into, f, new = args
            scn = scn.reinvest(f * 100_000, into, source="new" if new else "released")
        else:
            into, factor = args
            scn = scn.scale_activity(into, factor)
    return scn


@QUICK
@given(st.lists(lever, min_size=1, max_size=6))
def test_money_is_conserved_under_random_levers(levers):
    """Spend after = spend before + new money + reinvested − released, to the penny, and the
    corners add up to the total (the ledger of tests/conservation.rs, through Python)."""
    scn = build(levers)
    try:
        res = EXAMPLE.apply(scn)
    except ct.CareTriangleError as e:
        assert isinstance(e, ct.errors.InsufficientMoneyError | ct.errors.InvalidValueError), e
        return
    ledger = res.new_money + res.reinvested - res.released
    assert res.total_after - res.total_before == pytest.approx(ledger, abs=0.01)
    corners = res.by("corner")["scenario"].sum()
    assert corners == pytest.approx(res.total_after, abs=0.01)
    assert EXAMPLE == ct.examples.north_of_tyne()  # the baseline is untouched


# ---- file round trips ------------------------------------------------------------------------

money = st.floats(0, 1e7, allow_nan=False)
ident = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)


@st.composite
def economies(draw):
    """A valid economy as a dict: random localities and services, costs and activities."""
    loc_ids = draw(st.lists(ident, max_size=3, unique=True))
    localities = [
        {"id": i, "register": draw(st.floats(0, 1e5)), "need_weight": draw(st.floats(0, 3))} for i in loc_ids
    ]
    services = []
    for i, sid in enumerate(draw(st.lists(ident, min_size=1, max_size=6, unique=True))):
        s = {
            "id": sid,
            "corner": draw(st.sampled_from(["clinical", "nhs_self_management", "community_self_management"])),
            "provider": draw(st.sampled_from(["acute_trust", "general_practice", "third_sector", "other"])),
            "unit": draw(st.sampled_from(["hour", "contact", "person"])),
            "unit_cost": draw(st.floats(0.01, 2000)),
        }
        s["allocation" if i % 2 else "activity"] = draw(money)
        if loc_ids and draw(st.booleans()):
            s["locality"] = draw(st.sampled_from(loc_ids))
        if draw(st.booleans()):
            s["units_per_person"] = draw(st.floats(0.1, 50))
        services.append(s)
    return {
        "name": draw(st.text(min_size=1, max_size=20).filter(str.strip)),
        "envelope": draw(money),
        "price_year": draw(st.sampled_from(["2010/11", "2023/24", "2024/2025"])),
        "localities": localities,
        "services": services,
    }


@QUICK
@given(economies(), st.sampled_from(["toml", "json"]))
def test_files_round_trip_exactly(tmp_path_factory, data, fmt):
    econ = ct.Economy.from_dict(data)
    path = tmp_path_factory.mktemp("rt") / f"economy.{fmt}"
    econ.save(path)
    again = ct.load_economy(path)
    assert again == econ
    assert again.to_json() == econ.to_json()
    text = econ.to_toml() if fmt == "toml" else econ.to_json()
    assert path.read_text(encoding="utf-8") == text  # the file holds exactly the text form
    assert again.total_spend == econ.total_spend  # bit for bit: no float lost on the way


# ---- every exception is a CareTriangleError -------------------------------------------------

anything = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers(-(2**70), 2**70) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _slots(node, out):
    """Every (container, key) of a JSON tree, in document order."""
    keys = list(node) if isinstance(node, dict) else range(len(node))
    for k in keys:
        out.append((node, k))
        if isinstance(node[k], dict | list):
            _slots(node[k], out)
    return out


@st.composite
def damaged(draw):
    """The example as a dict with a few values replaced by anything JSON can hold."""
    d = EXAMPLE.to_dict()
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(d, [])
        container, key = slots[draw(st.integers(0, len(slots) - 1))]
        container[key] = draw(anything)
    return d


@QUICK
@given(damaged())
def test_bad_dicts_raise_only_caretriangle_errors(data):
    try:
        ct.Economy.from_dict(data)
    except ct.CareTriangleError:
        pass


@QUICK
@given(st.text(max_size=300))
def test_bad_text_raises_only_caretriangle_errors(text):
    for load in (ct.Economy.from_toml, ct.Economy.from_json):
        try:
            load(text)
        except ct.CareTriangleError:
            pass


number = st.floats() | st.sampled_from([0.0, 1.0, -1.0, 1e308, math.inf, -math.inf])
some_id = st.sampled_from([*IDS, "", " health_trainer", "nobody"])


@QUICK
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("substitute"), some_id, some_id, number, number),
            st.tuples(st.just("shift"), some_id, some_id, number),
            st.tuples(st.just("reinvest"), number, some_id),
            st.tuples(st.just("set_unit_cost"), some_id, number),
            st.tuples(st.just("scale_activity"), some_id, number),
            st.tuples(st.just("productivity"), some_id, number),
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_bad_levers_raise_only_caretriangle_errors(levers, strict):
    try:
        scn = ct.Scenario("bad")
        for kind, *args in levers:
            if kind == "substitute":
                scn = scn.substitute(args[0], args[1], share=args[2], ratio=args[3])
            elif kind == "shift":
                scn = scn.shift(args[0], args[1], amount=args[2])
            elif kind == "reinvest":
                scn = scn.reinvest(args[0], args[1], source="new")
            else:
                scn = getattr(scn, kind)(*args)
        res = EXAMPLE.apply(scn, strict=strict)
        assert math.isfinite(res.total_after)
    except ct.CareTriangleError:
        pass
