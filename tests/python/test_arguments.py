"""Arguments of the public API read once, at the boundary: anything that is not what an argument
takes is an ``InvalidValueError`` (or another ``CareTriangleError``) naming the argument, never
Python's ``OverflowError``, ``TypeError``, ``UnicodeEncodeError`` or ``RecursionError``, and never
a number taken silently (``share=True``).

Each case here failed before the arguments were read in ``src/python/args.rs``: on the shipped
example, ``threads=-1`` raised ``OverflowError: can't convert negative int to unsigned``,
``iterations=2**200`` ``OverflowError``, ``iterations=1.5`` ``TypeError``, ``share=True`` was taken
as 1, ``Scenario("\\ud800")`` raised ``UnicodeEncodeError``, a dict holding itself ``ValueError:
Circular reference detected``. ``HYPOTHESIS_EXAMPLES`` (``make soak``) runs the property test
longer.
"""

from __future__ import annotations

import _thread
import math
import os
import pickle
import tempfile
import threading
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caretriangle as ct

EXAMPLE = ct.examples.north_of_tyne()
A, B = EXAMPLE.service("specialist_dietitian"), EXAMPLE.service("health_trainer")
RESULT = ct.MonteCarlo(EXAMPLE, iterations=200, seed=1).run()
SKILL_MIX = EXAMPLE.scenario("skill mix")
BUDGET = EXAMPLE.budget_impacts[0]
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "150"))
SAMPLES = tempfile.TemporaryDirectory()  # where runs streamed to Parquet go; removed at exit
# 200 draws of three options' net benefit (seeded), for the value-of-information functions.
NET_BENEFIT = np.random.default_rng(16).normal(size=(200, 3))
# DESMOND structured education (examples/structured_education.toml): outcomes and net benefit.
DESMOND = ct.examples.structured_education().apply("offer to 1,000 more")
DESMOND_EVPI = (
    ct.MonteCarlo(ct.examples.structured_education(), iterations=50, seed=1).run().evpi(outcome="qalys")
)

# One call per argument: (name shown in the error, call taking the value).
CALLS = {
    "iterations": lambda v: ct.MonteCarlo(EXAMPLE, iterations=v),
    "seed": lambda v: ct.MonteCarlo(EXAMPLE, iterations=10, seed=v),
    "threads": lambda v: ct.MonteCarlo(EXAMPLE, iterations=10, threads=v).run(),
    "keep_samples": lambda v: ct.MonteCarlo(EXAMPLE, iterations=10, keep_samples=v),
    "chunks_per_task": lambda v: ct.MonteCarlo(EXAMPLE, iterations=10).run(chunks_per_task=v),
    "chunks_per_batch": lambda v: ct.MonteCarlo(EXAMPLE, iterations=10).run_to_parquet(
        os.path.join(SAMPLES.name, "s.parquet"), chunks_per_batch=v
    ),
    "progress": lambda v: ct.MonteCarlo(EXAMPLE, iterations=10).run(progress=v),
    "dims": lambda v: ct.saltelli_sample(v, 8),
    "n": lambda v: ct.saltelli_sample(2, v),
    "scramble": lambda v: ct.saltelli_sample(2, 8, scramble=v),
    "num_resamples": lambda v: RESULT.sobol("change", n=64, num_resamples=v),
    "confidence_level": lambda v: RESULT.sobol("change", n=64, confidence_level=v),
    "rows_per_task": lambda v: RESULT.sobol("change", n=64, rows_per_task=v),
    "low": lambda v: RESULT.tornado(low=v),
    "high": lambda v: RESULT.threshold("health_trainer.unit_cost", low=1.0, high=v),
    "years": lambda v: EXAMPLE.apply(SKILL_MIX).budget_impact("2025/26", years=v),
    "units": lambda v: ct.compare_unit_costs(A, B, units=v),
    "budget": lambda v: ct.compare_unit_costs(A, B, budget=v),
    "units_per_person": lambda v: ct.compare_unit_costs(A, B, units_per_person=v),
    "share": lambda v: ct.Scenario("x").substitute(A.id, B.id, share=v),
    "ratio": lambda v: ct.Scenario("x").substitute(A.id, B.id, share=0.5, ratio=v),
    "amount": lambda v: ct.Scenario("x").shift(A.id, B.id, amount=v),
    "unit_cost": lambda v: ct.Scenario("x").set_unit_cost(A.id, v),
    "factor": lambda v: ct.Scenario("x").scale_activity(A.id, v),
    "gain": lambda v: ct.Scenario("x").productivity(A.id, v),
    "strict": lambda v: EXAMPLE.apply(SKILL_MIX, strict=v),
    "total": lambda v: EXAMPLE.spend_by(total=v),
    "activity": lambda v: ct.Service(
        "q", corner="clinical", provider="acute_trust", unit="hour", unit_cost=1.0, activity=v
    ),
    "name": lambda v: ct.Scenario(v),
    "from_": lambda v: ct.Scenario("x").shift(v, B.id, amount=1.0),
    "service": lambda v: ct.Scenario("x").productivity(v, 0.1),
    "text": lambda v: ct.Economy.from_toml(v),
    "id": lambda v: EXAMPLE.service(v),
    "corner": lambda v: ct.Service(
        "q", corner=v, provider="acute_trust", unit="hour", unit_cost=1.0, activity=1.0
    ),
    "scenario": lambda v: RESULT.tornado(scenario=v),
    "input": lambda v: RESULT.threshold(v, low=1.0, high=50.0),
    "first_year": lambda v: EXAMPLE.apply(SKILL_MIX).budget_impact(v),
    # Names chosen from a fixed set, with a literal default (they raised TypeError before).
    "by": lambda v: EXAMPLE.spend_by(v),
    "sampling": lambda v: ct.MonteCarlo(EXAMPLE, iterations=10, sampling=v),
    "output": lambda v: RESULT.tornado(v),
    "criterion": lambda v: RESULT.evpi(v),
    "source": lambda v: ct.Scenario("x").reinvest(1.0, B.id, source=v),
    # Free text with a default (its signature given by hand).
    "file": lambda v: ct.Economy.from_toml("x", file=v),
    # Paths (pyo3's and os.fspath's TypeError for None, UnicodeEncodeError for "\ud800"), the
    # text of a service, the ids a reinvestment goes into, names and dimensions of a list.
    "path": lambda v: ct.load_economy(v),
    "unit": lambda v: ct.Service(
        "q", corner="clinical", provider="acute_trust", unit=v, unit_cost=1.0, activity=1.0
    ),
    "locality": lambda v: ct.Service(
        "q", corner="clinical", provider="acute_trust", unit="hour", unit_cost=1.0, activity=1.0, locality=v
    ),
    "into": lambda v: ct.Scenario("x").reinvest(1.0, v),
    "condition": lambda v: ct.Scenario("x").reinvest(1.0, B.id, condition=v),
    "names": lambda v: ct.sobol_analyze(np.ones(64 * 4), 2, names=[v, "x2"]),
    "grid": lambda v: ct.grid_points(v),
    # Arrays and the value-of-information options (their errors name the core's field).
    "outputs": lambda v: ct.sobol_analyze(v, 2),
    "net_benefit": lambda v: ct.evpi(v),
    "inputs": lambda v: ct.evppi(NET_BENEFIT, v),
    "method": lambda v: ct.evppi(NET_BENEFIT, NET_BENEFIT[:, 0], method=v),
    "blocks": lambda v: ct.evppi(NET_BENEFIT, NET_BENEFIT[:, 0], method="so", blocks=v),
    "leaf": lambda v: ct.evppi(NET_BENEFIT, NET_BENEFIT[:, :2], method="partition", leaf=v),
    # Outcomes and net benefit.
    "outcome": lambda v: DESMOND.icer(v),
    "threshold": lambda v: DESMOND.net_benefit("qalys", threshold=v),
    "people": lambda v: DESMOND_EVPI.population(v, 3),
    "discount_rate": lambda v: DESMOND_EVPI.population(1000.0, 3, discount_rate=v),
}
# In the property test only: what their errors name is not the argument's own name.
OTHER = {"grid", "outputs", "net_benefit", "inputs", "method", "blocks", "leaf"}
# The same arguments of other functions, read by the same readers (Python's for workbooks).
PATHS = {
    "save": lambda v: EXAMPLE.save(v),
    "read_excel": lambda v: ct.read_excel(v),
    "to_excel": lambda v: EXAMPLE.to_excel(v),
    "Comparison.to_excel": lambda v: EXAMPLE.apply(SKILL_MIX).to_excel(v),
    "MonteCarloResult.to_excel": lambda v: RESULT.to_excel(v),
}
WHOLE = {"iterations", "seed", "threads", "chunks_per_task", "chunks_per_batch", "dims", "n", "num_resamples"}
WHOLE |= {"rows_per_task", "years"}
FLAGS = {"keep_samples", "progress", "scramble", "strict", "total"}
TEXT = {"name", "from_", "service", "text", "id", "corner", "scenario", "input", "first_year", "outcome"}
TEXT |= {"path", "unit", "locality", "into", "names", "condition"}
CHOICES = {"by", "sampling", "output", "criterion", "source"}
TEXT |= CHOICES | {"file"}
NUMBERS = set(CALLS) - WHOLE - FLAGS - TEXT - OTHER


def _refused(name, value):
    with pytest.raises(ct.InvalidValueError) as info:
        CALLS[name](value)
    assert info.value.field in (name, f"sobol.{name}", f"saltelli.{name}"), info.value
    return info.value


@pytest.mark.parametrize("name", sorted(WHOLE))
@pytest.mark.parametrize("value", [-1, 2**64, 2**200, -(2**70), True, 1.5, float("nan"), "4"])
def test_whole_number_arguments_refuse_anything_else_by_name(name, value):
    error = _refused(name, value)
    if value == 2**200:
        # The message shows the value cut short, not its 61 digits.
        assert "characters)" in str(error), error


@pytest.mark.parametrize("name", sorted(NUMBERS))
@pytest.mark.parametrize("value", [True, False, "1", 2**2000, None, [1.0]])
def test_number_arguments_refuse_bools_text_and_huge_ints(name, value):
    if value is None and name in ("units_per_person", "activity", "threshold"):
        return  # None is their default: from the services, the allocation, the outcome's value
    _refused(name, value)


@pytest.mark.parametrize("name", sorted(FLAGS))
@pytest.mark.parametrize("value", [0, 1, "yes", None])
def test_flags_take_only_true_or_false(name, value):
    _refused(name, value)


@pytest.mark.parametrize("name", sorted(TEXT))
@pytest.mark.parametrize("value", ["\ud800", 7, None])
def test_text_arguments_refuse_lone_surrogates_and_non_text(name, value):
    if value is None and name in ("scenario", "locality", "condition"):
        return  # None is their default: the first scenario, no locality, no condition
    error = _refused(name, value)
    if value == "\ud800":
        assert "valid Unicode" in str(error)


@pytest.mark.parametrize("name", sorted(CHOICES))
def test_a_name_outside_the_choices_is_the_cores_own_error(name):
    # The same words as before the argument was read at the boundary: the choices, or the
    # nearest name.
    error = _refused(name, "bogus") if name != "output" else None
    if name == "output":
        with pytest.raises(ct.UnknownIdError) as info:
            CALLS[name]("chnage")
        assert "did you mean `change`?" in str(info.value)
    else:
        assert "bogus" in str(error)


@pytest.mark.parametrize("call", sorted(PATHS))
@pytest.mark.parametrize("value", [None, 7, "\ud800", b"e.xlsx", ["e.xlsx"]])
def test_every_path_argument_refuses_what_is_not_a_path_by_name(call, value):
    # Before: TypeError (None, 7) and UnicodeEncodeError ("\ud800") from pyo3 or os.fspath.
    with pytest.raises(ct.InvalidValueError) as info:
        PATHS[call](value)
    assert info.value.field == "path"
    expected = "text that is valid Unicode" if value == "\ud800" else "a path (text or a pathlib.Path)"
    assert str(info.value) == f"path must be {expected}, got {value!r}"


def test_a_grid_that_is_not_a_dict_of_lists_is_refused_by_name():
    # Before: TypeError ("'NoneType' object is not iterable") or AttributeError ('values').
    for grid in (None, "share", {"share": 0.4}):
        with pytest.raises(ct.InvalidValueError) as info:
            ct.grid_points(grid)
        assert info.value.field == "grid"


def test_numpy_scalars_are_numbers_as_python_ones_are():
    # A seed or share often comes out of numpy: np.int64(7) is 7, np.float64(0.5) is 0.5.
    a = ct.MonteCarlo(EXAMPLE, iterations=50, seed=np.int64(7), threads=np.int32(1)).run()
    b = ct.MonteCarlo(EXAMPLE, iterations=50, seed=7, threads=1).run()
    assert a.summary().equals(b.summary())
    assert ct.Scenario("x").substitute(A.id, B.id, share=np.float64(0.5)) == ct.Scenario("x").substitute(
        A.id, B.id, share=0.5
    )


@given(
    st.sampled_from(sorted(CALLS)),
    st.one_of(
        st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.text(max_size=8),
        st.none(),
        st.binary(max_size=4),
        st.lists(st.integers(), max_size=2),
    ),
)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_value_of_any_argument_is_accepted_or_a_caretriangle_error(name, value):
    # Kept small where a valid value means real work (iterations, n, years are capped here).
    if name in ("iterations", "n", "dims") and isinstance(value, int) and 0 < value:
        value = min(value, 64)
    if name == "threads" and isinstance(value, int) and 0 < value:
        value = min(value, 2)
    try:
        CALLS[name](value)
    except ct.CareTriangleError:
        pass


# ---- dicts, results and figures that used to slip through ---------------------------------


def test_a_dict_that_holds_itself_is_a_file_format_error():
    data = EXAMPLE.to_dict()
    data["self"] = data
    with pytest.raises(ct.FileFormatError, match="Circular reference"):
        ct.Economy.from_dict(data)
    with pytest.raises(ct.FileFormatError, match="Circular reference"):
        ct.Scenario.from_dict(data)


def test_a_dict_nested_past_the_recursion_limit_is_a_file_format_error():
    deep: dict = {}
    cur = deep
    for _ in range(100_000):
        cur["a"] = {}
        cur = cur["a"]
    with pytest.raises(ct.FileFormatError, match="nested too deeply"):
        ct.Economy.from_dict(deep)


def test_a_dict_holding_a_set_names_what_json_cannot_hold():
    with pytest.raises(ct.FileFormatError, match="set is not JSON serializable"):
        ct.Economy.from_dict({**EXAMPLE.to_dict(), "name": {"a"}})


def test_json_with_a_byte_order_mark_reads_as_toml_with_one_does():
    # Notepad and Excel write UTF-8 files with a BOM; TOML already took them.
    assert ct.Economy.from_json("\ufeff" + EXAMPLE.to_json()) == EXAMPLE


def test_sobol_without_resamples_is_refused_rather_than_nan_intervals():
    with pytest.raises(ct.InvalidValueError, match="between 2 and"):
        RESULT.sobol("change", n=64, num_resamples=0)
    with pytest.raises(ct.InvalidValueError, match="between 2 and"):
        ct.sobol_analyze(np.linspace(0, 1, 64 * 4), 2, num_resamples=0)


def test_a_discount_rate_near_minus_one_is_refused_over_a_long_horizon():
    # (1 - 0.999999)^-99 = 1e594: the discounted total was -inf and the return per £1 NaN.
    cmp = EXAMPLE.apply(SKILL_MIX)
    with pytest.raises(ct.InvalidValueError) as info:
        cmp.budget_impact("2025/26", years=100, discount_rate=-0.999999)
    assert info.value.field == "discount_rate"
    # -50% over 5 years: factors up to 2^4 = 16, usable (if odd).
    bi = cmp.budget_impact("2025/26", years=5, discount_rate=-0.5)
    assert all(math.isfinite(v) for v in bi.to_frame()["discounted_cumulative"])


def test_two_free_services_have_no_ratio_rather_than_nan():
    def free(sid):
        return ct.Service(
            sid, corner="clinical", provider="acute_trust", unit="hour", unit_cost=0.0, activity=1.0
        )

    cmp = ct.compare_unit_costs(free("a"), free("b"), units=10)
    assert cmp.ratio is None
    assert "undefined" in repr(cmp)
    assert "undefined" in cmp._repr_html_()


def test_units_past_the_largest_finite_saving_are_refused():
    # 1e308 hours x £21.25 is past the largest float: the saving read +inf.
    with pytest.raises(ct.InvalidValueError) as info:
        ct.compare_unit_costs(A, B, units=1e308)
    assert info.value.field == "units"


def test_an_empty_economy_shows_no_negative_zero():
    empty = ct.Economy.from_dict({"name": "empty", "envelope": 0, "price_year": "2025/26", "services": []})
    assert "£0.00 of £0.00" in repr(empty)
    assert "-0.00" not in repr(empty)


def test_a_result_state_of_the_wrong_shape_is_refused():
    # The arrays are read by index by tornado and EVPI; the wrong shape used to be taken.
    state = RESULT.__reduce__()[1]
    study, summaries = state[0], state[1]
    for samples, inputs, field in [
        (np.zeros((3, 2)), None, "samples"),
        (None, np.zeros((200, 1)), "inputs"),
    ]:
        with pytest.raises(ct.InvalidValueError) as info:
            ct.MonteCarloResult._from_state(study, summaries, samples, inputs)
        assert info.value.field == field


def test_a_budget_impact_pickles_and_comes_back_equal():
    for bi in (
        EXAMPLE.budget_impact(BUDGET),
        EXAMPLE.apply(SKILL_MIX).budget_impact("2025/26", years=3, discount_rate=0.0),
    ):
        again = pickle.loads(pickle.dumps(bi))
        assert again == bi
        assert repr(again) == repr(bi)
        assert again.to_frame().equals(bi.to_frame())


def test_sobol_stops_on_ctrl_c_within_a_block():
    # n = 2^17 is ~1.4 million model runs, about 20 s here; it ignored Ctrl-C to the end.
    timer = threading.Timer(0.3, _thread.interrupt_main)
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            RESULT.sobol("change", n=2**17)
    finally:
        timer.cancel()
    assert time.monotonic() - start < 10
