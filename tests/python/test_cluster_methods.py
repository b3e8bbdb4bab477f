"""The methods that take a Dask ``client`` are Python's (``caretriangle.distributed``): the
branch to a cluster is taken in Python, and Rust is only called, never calling back into
Python to reach a cluster. An in-process stand-in for a client runs the cluster path here
(``test_dask.py`` runs it on a real two-process cluster)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import caretriangle as ct
from caretriangle import distributed

SRC = Path(__file__).resolve().parents[2] / "src"


class _Done:
    def __init__(self, key: int, value: Any) -> None:
        self.key = key
        self.value = value


class InProcessClient:
    """What ``distributed`` asks of a client, run at once in this process."""

    def __init__(self) -> None:
        self.tasks = 0

    def scatter(self, items: list[Any], **_: Any) -> list[Any]:
        return items

    def submit(self, fn: Any, *args: Any, **_: Any) -> _Done:
        self.tasks += 1
        return _Done(self.tasks, fn(*args))

    def gather(self, futures: list[_Done]) -> list[Any]:
        return [f.value for f in futures]

    def cancel(self, futures: list[_Done]) -> None:  # pragma: no cover - only on Ctrl-C
        pass


METHODS = [
    (ct.MonteCarlo, "run", "(self, *, progress=False, client=None, chunks_per_task=8)"),
    (ct.BudgetMonteCarlo, "run", "(self, *, client=None, chunks_per_task=8)"),
    (
        ct.MonteCarloResult,
        "sobol",
        "(self, output='change', *, scenario=None, n=4096, seed=None, num_resamples=100, "
        "confidence_level=0.95, client=None, rows_per_task=16384, threshold=None)",
    ),
    (
        ct.Economy,
        "budget_monte_carlo",
        "(self, budget_impact, *, scenario=None, iterations=10000, seed=0, sampling='random', "
        "threads=None, keep_samples=True, correlation=None, client=None, chunks_per_task=8)",
    ),
]


@pytest.mark.parametrize(("cls", "name", "signature"), METHODS)
def test_the_methods_with_a_client_are_pythons_with_their_signatures(
    cls: type, name: str, signature: str
) -> None:
    method = getattr(cls, name)
    assert inspect.isfunction(method)
    assert inspect.getmodule(method) is distributed or method.__code__.co_filename == distributed.__file__
    # help() shows the signature with its types; its names, kinds and defaults are the ones
    # the methods had when they were Rust's.
    bare = [
        p.replace(annotation=inspect.Parameter.empty) for p in inspect.signature(method).parameters.values()
    ]
    assert str(inspect.Signature(bare)) == signature
    assert method.__doc__ and "client" in method.__doc__


def test_no_rust_binding_imports_the_python_package_to_be_called_back() -> None:
    calls = [
        f"{p.name}: {line.strip()}"
        for p in sorted((SRC / "python").glob("*.rs"))
        for line in p.read_text().splitlines()
        if re.search(r"import\(\s*\"caretriangle\.distributed\"", line)
    ]
    assert calls == []


def test_a_monte_carlo_run_through_a_client_is_the_local_run() -> None:
    mc = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=10_000, seed=3)
    client = InProcessClient()
    # 10,000 iterations are 3 chunks of 4096; 2 chunks a task: 2 tasks.
    remote = mc.run(client=client, chunks_per_task=2)
    assert client.tasks == 2
    local = mc.run()
    assert remote.samples is not None and local.samples is not None
    assert remote.samples.tobytes() == local.samples.tobytes()
    assert remote.__reduce__()[1][1] == local.__reduce__()[1][1]  # every summary's bits


def test_a_sobol_study_and_a_budget_run_through_a_client_are_the_local_ones() -> None:
    econ = ct.examples.north_of_tyne()
    res = ct.MonteCarlo(econ, iterations=4096, seed=5).run()
    client = InProcessClient()
    # 64 base rows × (10 inputs + 2) = 768 model runs, 200 a task: 4 tasks.
    remote = res.sobol(
        "change", scenario="skill mix", n=64, num_resamples=10, client=client, rows_per_task=200
    )
    assert client.tasks == 4
    local = res.sobol("change", scenario="skill mix", n=64, num_resamples=10)
    assert remote.to_frame().equals(local.to_frame())

    name = econ.budget_impacts[0]
    client = InProcessClient()
    remote_b = econ.budget_monte_carlo(name, iterations=9000, seed=2, client=client, chunks_per_task=1)
    assert client.tasks == 3
    local_b = econ.budget_monte_carlo(name, iterations=9000, seed=2)
    assert remote_b.__reduce__()[1][0] == local_b.__reduce__()[1][0]


def test_arguments_are_checked_alike_with_and_without_a_client() -> None:
    mc = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=100)
    for client in (None, InProcessClient()):
        with pytest.raises(ct.InvalidValueError, match="chunks_per_task") as info:
            mc.run(client=client, chunks_per_task=0)
        assert info.value.field == "chunks_per_task"
        with pytest.raises(ct.InvalidValueError) as info:
            mc.run(client=client, progress=1)
        assert info.value.field == "progress"
    res = mc.run()
    for client in (None, InProcessClient()):
        with pytest.raises(ct.UnknownIdError):
            res.sobol("change", scenario="nowhere", n=8, client=client)
        with pytest.raises(ct.InvalidValueError) as info:
            res.sobol("change", n=8, rows_per_task=-1, client=client)
        assert info.value.field == "rows_per_task"
