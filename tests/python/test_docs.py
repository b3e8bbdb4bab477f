"""Every public class and function has a docstring with an example, and the examples of the
compiled module's functions run (pytest --doctest-modules finds the classes, which say
they are in `caretriangle`, but not the functions, which say `caretriangle._core`)."""

from __future__ import annotations

import doctest
import inspect

import pytest

import caretriangle as ct
from caretriangle import _core, brief, display, excel, plotting

PUBLIC = [
    getattr(ct, n)
    for n in ct.__all__
    if not n.startswith("_")
    and (inspect.isclass(getattr(ct, n)) or callable(getattr(ct, n)))
    and not (inspect.isclass(getattr(ct, n)) and issubclass(getattr(ct, n), Exception))
] + [getattr(m, n) for m in (plotting, excel, display, brief) for n in m.__all__]


@pytest.mark.parametrize("obj", PUBLIC, ids=lambda o: o.__name__)
def test_has_an_example(obj):
    assert obj.__doc__ and ">>> " in obj.__doc__, f"{obj.__name__} needs a docstring with an example"


FUNCTIONS = [
    getattr(_core, n) for n in _core.__all__ if not n.startswith("_") and inspect.isbuiltin(getattr(_core, n))
]


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_core_function_examples_run(fn):
    tests = doctest.DocTestFinder().find(fn, fn.__name__, globs={})
    assert tests and tests[0].examples
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for t in tests:
        runner.run(t)
    assert runner.summarize(verbose=False).failed == 0
