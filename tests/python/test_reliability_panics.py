"""No Rust panic reaches Python as pyo3's PanicException (a BaseException, which escapes
``except Exception`` and stops a notebook cell or a server's handler): every function and
method of the extension is wrapped by the guard of src/python/guard.rs, which turns a panic
into ``InternalError``, a ``CareTriangleError``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import caretriangle as ct
from caretriangle import _core

SRC = Path(__file__).resolve().parents[2] / "src" / "python"


def test_a_panic_is_an_internal_error_not_a_panic_exception():
    with pytest.raises(ct.InternalError) as info:
        _core._panic_for_test("index out of bounds: the len is 3 but the index is 7")
    err = info.value
    assert isinstance(err, ct.CareTriangleError) and isinstance(err, Exception)
    assert not isinstance(err, ValueError)  # not the input's fault
    assert str(err) == (
        "caretriangle failed inside (index out of bounds: the len is 3 but the index is 7): a fault "
        "in caretriangle, not in your input; please report it with the call that raised it"
    )
    assert err.field is None


def test_after_a_panic_the_module_works_on():
    for _ in range(3):
        with pytest.raises(ct.InternalError):
            _core._panic_for_test("again")
    econ = ct.examples.north_of_tyne()
    assert econ.apply("skill mix").total_after == econ.apply("skill mix").total_after


def test_except_exception_catches_it():
    # What a notebook helper or a web handler writes: PanicException passed straight through.
    try:
        _core._panic_for_test("caught")
    except Exception as e:
        caught = e
    assert type(caught).__name__ == "InternalError"


def test_every_binding_is_guarded():
    """Every #[pymethods] block and #[pyfunction] of the bindings sits under #[apply(guarded!)]:
    a block added without it would let a panic through as PanicException."""
    unguarded = []
    count = 0
    for path in sorted(SRC.glob("*.rs")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if re.fullmatch(r"\s*#\[(pymethods|pyfunction)\]", line):
                count += 1
                if lines[i - 1].strip() != "#[apply(guarded!)]":
                    unguarded.append(f"{path.name}:{i + 1}")
    assert count >= 25  # 15 method blocks and the module's functions when this was written
    assert unguarded == []
