"""Re-optimising per draw (``ct.optimise_draws``), worked by hand on
tests/data/optimise_uncertain.toml (as in tests/optimise_draws.rs): education's unit cost
c ~ Uniform(80, 120), capacity 80, 0.04 QALYs a person; peer support £50, capacity 20,
0.01 QALYs a person; 50 people each today; envelope £10,000.

Net benefit at £2,250 a QALY: education nets 90 - c a person, peer support -27.5. Peer support
shrinks to 0 in every draw; education grows to 80 when c < 90, probability 1/4, else shrinks to
0. Of 200 Latin hypercube draws (one in each slice of 1/200) exactly 50 are below the quarter:
education grows in 0.25 of draws, shrinks in 0.75, mean optimal activity 80 x 50 / 200 = 20.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cluster_methods import InProcessClient

import caretriangle as ct

UNCERTAIN = Path(__file__).resolve().parents[1] / "data" / "optimise_uncertain.toml"


def econ() -> ct.Economy:
    return ct.load_economy(UNCERTAIN)


def test_each_service_grows_or_shrinks_with_the_probability_worked_by_hand() -> None:
    out = ct.optimise_draws(econ(), 200, seed=11, chunk=7, objective="net_benefit", threshold=2250)
    s = out.services()
    assert s.loc["education", "grows"] == 0.25
    assert s.loc["education", "shrinks"] == 0.75
    assert s.loc["education", "mean_activity"] == pytest.approx(20, abs=1e-12)
    assert s.loc["peer_support", "shrinks"] == 1.0
    assert out.infeasible == 0.0
    assert out.draws == 200
    # The optimum's net benefit is 80 (90 - c) or 0: 0 at its 2.5% quantile.
    assert out.low == 0.0


def test_the_same_bits_whatever_the_threads_the_chunk_or_the_client() -> None:
    e = econ()
    kw = {"objective": "net_benefit", "threshold": 2250}
    a = ct.optimise_draws(e, 300, seed=5, chunk=7, threads=1, **kw)
    b = ct.optimise_draws(e, 300, seed=5, chunk=50, threads=2, **kw)
    client = InProcessClient()
    c = ct.optimise_draws(e, 300, seed=5, chunk=50, client=client, **kw)
    assert client.tasks == 6  # 300 draws, 50 a task
    for other in (b, c):
        assert other.services().equals(a.services())
        assert (other.mean, other.low, other.high) == (a.mean, a.low, a.high)


def test_an_infeasible_draw_is_counted_not_fatal() -> None:
    # The least spend for 3.3 QALYs is 80c + 500 (80 of education, 10 of peer support), over the
    # envelope when c > 118.75: probability 1/32, exactly 10 of 320 LHS draws.
    out = ct.optimise_draws(econ(), 320, seed=2, sense="minimise_cost", required={"qalys": 3.3})
    assert out.infeasible == 10 / 320


def test_bad_draws_and_chunks_raise_typed_errors_with_or_without_a_client() -> None:
    for client in (None, InProcessClient()):
        with pytest.raises(ct.InvalidValueError, match="draws"):
            ct.optimise_draws(econ(), 0, objective="qalys", client=client)
        with pytest.raises(ct.InvalidValueError, match="chunk"):
            ct.optimise_draws(econ(), 10, chunk=0, objective="qalys", client=client)


def test_cli_prints_the_shares_of_draws() -> None:
    import json

    from test_optimise import cli

    args = ("optimise", str(UNCERTAIN), "--objective", "net_benefit", "--draws", "200", "--seed", "11")
    code, out, _ = cli(*args)
    assert code == 0
    assert "Under uncertainty: re-optimised at 200 draws (seed 11)" in out
    assert "Infeasible draws: 0.0%" in out
    # The file's value, £20,000 a QALY: education nets 800 - c > 0 and peer support 150 a
    # person in every draw, so both go to their capacities, 80 and 20, in every draw
    # (80 x 120 + 20 x 50 = 10,600 is over the envelope only when c > 112.5; then peer support
    # gives way, (10,000 - 80c) / 50 < 50, still shrinking).
    code, out, _ = cli(*args, "--format", "json")
    doc = json.loads(out)["under_uncertainty"]
    shares = {r["service"]: r for r in doc["services"]}
    assert shares["education"]["grows"] == 1.0
    assert shares["peer_support"]["shrinks"] == 1.0
    assert doc["infeasible"] == 0.0
