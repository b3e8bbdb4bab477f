"""Entry `interrupted` of the error catalogue (docs/errors.md), afterwards: a Monte Carlo run
stopped as Ctrl-C would stop it runs again to the numbers of a fresh one.

Figures: the shipped North of Tyne example (see examples/north_of_tyne.toml for sources).
"""

from __future__ import annotations

import _thread

import pandas as pd
import pytest
from error_catalogue import example

import caretriangle as ct


def test_an_interrupted_run_can_be_run_again(monkeypatch):
    """After the interrupt (entry `interrupted`) the same object runs to the same numbers as a
    fresh one: nothing of the stopped run is left behind. One thread, so that the run reports
    progress every 8 chunks of 4,096 iterations, four times in 100,000 iterations."""
    kw = {"iterations": 100_000, "seed": 7, "threads": 1}
    mc = ct.MonteCarlo(example(), **kw)
    updates = []

    # Interrupt from inside the first progress update, as Ctrl-C landing while the bar's own
    # code runs would (such an interrupt was once swallowed by the bar, and the run went on).
    class InterruptingBar:
        def __init__(self, **_):
            pass

        def update(self, n):
            updates.append(n)
            if len(updates) == 1:
                _thread.interrupt_main()

        def close(self):
            pass

    import tqdm.auto

    monkeypatch.setattr(tqdm.auto, "tqdm", InterruptingBar)
    with pytest.raises(KeyboardInterrupt):
        mc.run(progress=True)
    assert updates == [8 * 4096]  # stopped at the next batch, before finishing
    monkeypatch.undo()
    again = mc.run()
    fresh = ct.MonteCarlo(example(), **kw).run()
    assert again.iterations == 100_000
    assert (again.samples == fresh.samples).all()
    assert (again.inputs == fresh.inputs).all()
    pd.testing.assert_frame_equal(again.summary(), fresh.summary(), check_exact=True)
