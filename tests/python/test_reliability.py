"""Reliability of the public API: property tests (hypothesis) of conservation of money, file
round trips and error classes; saving that never leaves half a file; threads; pickling.

Figures: the shipped North of Tyne example (sources in examples/north_of_tyne.toml) and the
YOC rates, specialist dietitian £21.25 and health trainer £11.45 an hour (c. 2010/11).
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import multiprocessing
import os
import pickle
import resource
import signal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caretriangle as ct

EXAMPLE = ct.examples.north_of_tyne()
IDS = [s.id for s in EXAMPLE.services]
SPEND = {s.id: s.spend for s in EXAMPLE.services}
# Few examples each, so that `make test` stays quick (HYPOTHESIS_EXAMPLES: `make soak` runs
# 10,000); the Rust fuzz tests go far wider.
QUICK = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

MINIMAL = {
    "name": "minimal",
    "envelope": 1000.0,
    "price_year": "2023/24",
    "services": [
        {
            "id": "health_trainer",
            "corner": "community_self_management",
            "provider": "third_sector",
            "unit": "hour",
            "unit_cost": 11.45,
            "activity": 10.0,
        }
    ],
}

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


# ---- nothing lost on saving ------------------------------------------------------------------


def test_saving_replaces_the_file_by_rename(tmp_path):
    """A save writes a new file and renames it over the old one (a new inode), never writing
    into the old file in place, and leaves no temporary file behind."""
    path = tmp_path / "economy.toml"
    path.write_text("old", encoding="utf-8")
    before = path.stat().st_ino
    EXAMPLE.save(path)
    assert path.stat().st_ino != before
    assert ct.load_economy(path) == EXAMPLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["economy.toml"]


def test_a_failed_save_leaves_the_previous_file_intact(tmp_path):
    """The disk fills up half way through a save (a file-size limit of 4 KiB stands in for a
    full disk): the error says so, the old file is untouched and no temporary file is left."""
    path = tmp_path / "economy.json"
    old_economy = ct.Economy.from_dict(MINIMAL)
    old_economy.save(path)
    old = path.read_bytes()
    assert len(old) < 4096 < len(EXAMPLE.to_json())
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, limit[1]))
    try:
        with pytest.raises(ct.errors.CareTriangleIOError) as info:
            EXAMPLE.save(path)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
        signal.signal(signal.SIGXFSZ, handler)
    assert "economy.json" in str(info.value)
    assert path.read_bytes() == old
    assert ct.load_economy(path) == old_economy
    assert sorted(p.name for p in tmp_path.iterdir()) == ["economy.json"]


def test_saves_from_many_threads_never_leave_half_a_file(tmp_path):
    """Eight threads save different economies to one path at once: the file is whole, one of
    them, and no temporary file is left."""
    path = tmp_path / "economy.toml"
    economies = [ct.Economy.from_dict({**MINIMAL, "envelope": 1000.0 + i}) for i in range(8)]
    economies.append(EXAMPLE)
    with cf.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda e: [e.save(path) for _ in range(20)], economies))
    assert ct.load_economy(path) in economies
    assert sorted(p.name for p in tmp_path.iterdir()) == ["economy.toml"]


# ---- threads --------------------------------------------------------------------------------


def test_one_economy_from_many_threads_gives_the_serial_numbers():
    """One Economy, its Scenarios and one MonteCarlo used from eight threads at once (the GIL
    is released in apply and run) give exactly the numbers of serial calls."""
    econ = ct.examples.north_of_tyne()
    scenarios = list(econ.scenarios.values())
    mc = ct.MonteCarlo(econ, iterations=8_192, seed=11, threads=1)
    dims = ["corner", "commissioner", "locality", "provider", "service"]

    def task(i):
        kind, j = i % 3, i // 3
        if kind == 0:
            res = econ.apply(scenarios[j % len(scenarios)])
            return ("apply", j % len(scenarios)), (res.total_after, res.by("service").to_json())
        if kind == 1:
            return ("spend_by", j % len(dims)), econ.spend_by(dims[j % len(dims)]).to_json()
        res = mc.run()
        return ("mc", 0), (res.samples.tobytes(), res.summary().to_json())

    serial = dict(task(i) for i in range(3 * len(scenarios) * len(dims)))
    with cf.ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(task, range(96)))
    assert {key for key, _ in parallel} == set(serial)
    for key, value in parallel:
        assert value == serial[key], key


# ---- pickling -------------------------------------------------------------------------------


def comparisons():
    a, b = EXAMPLE.service("specialist_dietitian"), EXAMPLE.service("health_trainer")
    return {
        "economy": EXAMPLE,
        "scenario": EXAMPLE.scenario("skill mix"),
        "comparison": EXAMPLE.apply("reinvest £1.4m"),
        "unit_cost_comparison": ct.compare_unit_costs(a, b, units=500),
        "service": a,
        "budget_impact": EXAMPLE.budget_impact(EXAMPLE.budget_impacts[0]),
    }


@pytest.mark.parametrize("name", sorted(comparisons()))
def test_pickles_round_trip_equal_and_compact(name):
    obj = comparisons()[name]
    data = pickle.dumps(obj)
    again = pickle.loads(data)
    assert type(again) is type(obj)
    assert again == obj
    assert repr(again) == repr(obj)
    # Compact: the JSON form of the economy at most (a comparison holds its baseline and its
    # scenario, not its tables).
    assert len(data) < len(EXAMPLE.to_json()) + 4096


def test_comparison_after_pickling_has_the_same_tables():
    res = EXAMPLE.apply("skill mix and reinvest")
    again = pickle.loads(pickle.dumps(res))
    pd.testing.assert_frame_equal(again.by("locality"), res.by("locality"), check_exact=True)
    pd.testing.assert_frame_equal(again.flows(), res.flows(), check_exact=True)
    assert again.released == res.released
    # YOC: 500 hours from the dietitian (£21.25) to the health trainer (£11.45) save £4,900.
    cmp = pickle.loads(pickle.dumps(ct.compare_unit_costs(EXAMPLE.service("specialist_dietitian"),
        EXAMPLE.service("health_trainer"), units=500)))  # fmt: skip
    assert cmp.saving == pytest.approx(4900.0)


def _change(res: ct.Comparison) -> float:
    return res.change


def test_results_cross_process_boundaries():
    """A comparison made here is used in another process (spawned: nothing inherited)."""
    res = EXAMPLE.apply("skill mix")
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(_change, res).result(timeout=120) == res.change


def _load_in_child(path: str, queue) -> None:
    try:
        ct.load_economy(path)
        queue.put("loaded")
    except ct.CareTriangleIOError as e:
        queue.put(f"CareTriangleIOError: {e}")
    except BaseException as e:  # anything else is the failure this test looks for
        queue.put(f"{type(e).__name__}: {e}")


def _load_with_timeout(path: str, seconds: float = 20.0) -> str:
    # A child process, so that a regression (a FIFO's open blocking for a writer, /dev/zero
    # read until memory runs out) fails this test instead of hanging or killing the suite.
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_load_in_child, args=(path, queue))
    child.start()
    child.join(seconds)
    if child.is_alive():
        child.kill()
        child.join()
        return "hung"
    return queue.get(timeout=5) if not queue.empty() else f"died with exit code {child.exitcode}"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "economy.toml"
    os.mkfifo(fifo)
    outcome = _load_with_timeout(str(fifo))
    assert outcome.startswith("CareTriangleIOError") and "not a regular file" in outcome, outcome


def test_a_device_that_never_ends_is_refused(tmp_path):
    # /dev/zero through a link with a .toml name, since the loader picks the format by suffix.
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    outcome = _load_with_timeout(str(link))
    assert outcome.startswith("CareTriangleIOError") and "not a regular file" in outcome, outcome


def test_a_folder_is_refused_by_name(tmp_path):
    folder = tmp_path / "economy.toml"
    folder.mkdir()
    with pytest.raises(ct.CareTriangleIOError, match="a folder"):
        ct.load_economy(folder)


def _call_in_child(call, queue) -> None:
    # Capped at 3 GiB of address space, as a notebook server or batch job might be.
    cap = 3 << 30
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        call()
        queue.put("returned")
    except ct.CareTriangleError as e:
        queue.put(f"{type(e).__name__} [{e.field}]: {e}")
    except BaseException as e:  # PanicException derives from BaseException
        queue.put(f"untyped {type(e).__name__}: {e}")


def _saltelli_huge() -> None:
    ct.saltelli_sample(2, 2**34)


def _saltelli_overflow() -> None:
    ct.saltelli_sample(2, 2**62)


def _resamples_huge() -> None:
    x = ct.saltelli_sample(2, 64, seed=1)
    ct.sobol_analyze(x[:, 0] + 2 * x[:, 1], 2, num_resamples=10**12)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (_saltelli_huge, "saltelli.n"),
        (_saltelli_overflow, "saltelli.n"),
        (_resamples_huge, "sobol.num_resamples"),
    ],
)
def test_sizes_from_user_input_are_checked_before_allocating(call, field):
    # Each aborted the process ("memory allocation failed") or raised PanicException (overflow).
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_call_in_child, args=(call, queue))
    child.start()
    child.join(60)
    if child.is_alive():
        child.kill()
        child.join()
    outcome = queue.get(timeout=5) if not queue.empty() else f"died with exit code {child.exitcode}"
    assert outcome.startswith(f"InvalidValueError [{field}]"), outcome


@pytest.mark.parametrize("threads", [0, 10**6])
def test_threads_out_of_range_are_refused_by_name(threads):
    # 0 silently meant all cores; 10**6 started about 1,360 threads before failing.
    mc = ct.MonteCarlo(EXAMPLE, iterations=10, seed=1, threads=threads)
    with pytest.raises(ct.InvalidValueError) as info:
        mc.run()
    assert info.value.field == "threads"
    with pytest.raises(ct.InvalidValueError, match="threads"):
        ct.sweep(EXAMPLE, [ct.Scenario("nothing")], threads=threads)


# ---- money to the penny at any size --------------------------------------------------------


def test_totals_are_exact_past_where_a_plain_sum_drops_pennies():
    # 1,000 services at £1e13 (the limit) then 99,000 at £0.99: a plain float sum stays at
    # £1e16 (each £0.99 is under half a unit in the last place) and loses £98,010.
    services = [
        {
            "id": f"s{i}",
            "corner": "clinical",
            "provider": "acute_trust",
            "unit": "hour",
            "unit_cost": 1e13 if i < 1000 else 0.99,
            "activity": 1.0,
        }
        for i in range(100_000)
    ]
    econ = ct.Economy.from_dict(
        {"name": "big", "envelope": 2e16, "price_year": "2025/26", "services": services}
    )
    exact = 10_000_000_000_098_010.0  # a float: 1e16 + 98,010 is even, and ulp(1e16) is 2
    assert math.fsum(s.spend for s in econ.services) == exact
    assert econ.total_spend == exact
    by_corner = econ.spend_by("corner", total=True)["spend"]
    assert by_corner["clinical"] == exact
    assert by_corner.iloc[-1] == exact


def test_a_thousand_tiny_reinvestments_cannot_draw_on_an_empty_pool():
    # Each £0.00499 was within the half-penny allowed per lever: £4.99 from nothing released.
    tiny = ct.Scenario("tiny")
    for _ in range(1000):
        tiny = tiny.reinvest(0.00499, "health_trainer")
    with pytest.raises(ct.InsufficientMoneyError) as info:
        EXAMPLE.apply(tiny)
    assert info.value.field == "levers[1].amount"


def test_every_analysis_result_pickles_with_its_tables():
    # Tornado, SobolIndices, Evpi and BudgetMonteCarloResult raised "cannot pickle" before.
    res = ct.MonteCarlo(EXAMPLE, iterations=500, seed=1).run()
    budget = EXAMPLE.budget_monte_carlo(EXAMPLE.budget_impacts[0], iterations=300, seed=2)
    for obj in (res.tornado(), res.sobol("change", n=64), res.evpi()):
        again = pickle.loads(pickle.dumps(obj))
        assert type(again) is type(obj)
        assert again.to_frame().equals(obj.to_frame())
        assert repr(again) == repr(obj)
    again = pickle.loads(pickle.dumps(budget))
    assert again.summary().equals(budget.summary())
    assert (again.samples == budget.samples).all()
    assert again.iterations == budget.iterations == 300
    with pytest.raises(ct.InvalidValueError) as info:
        type(budget)._from_state(budget.__reduce__()[1][0], budget.samples[:10])
    assert info.value.field == "samples"
    with pytest.raises(ct.InvalidValueError) as info:
        type(res.evpi())._from_state(b"not a state")
    assert info.value.field == "state"
