"""The exceptions caretriangle raises.

Every error is a :class:`CareTriangleError`. Where the input is at fault the error is also a
:class:`ValueError`; where a file cannot be read or written it is also an :class:`OSError`.
Each carries ``field`` (the path of the value at fault, such as ``services[3].unit_cost``,
or ``None``) and ``location``, the same path as a tuple of keys and indices, as pydantic's
``loc`` (``("services", 3, "unit_cost")``, or ``None``); file errors also carry ``file``,
``line`` and ``column``.

>>> import caretriangle as ct
>>> data = ct.examples.north_of_tyne().to_dict()
>>> data["services"][3]["unit_cost"] = -1
>>> try:
...     ct.Economy.from_dict(data)
... except ct.InvalidValueError as e:
...     print(e.field, e.location)
services[3].unit_cost ('services', 3, 'unit_cost')
"""

from __future__ import annotations


class CareTriangleError(Exception):
    """Base class of every caretriangle error."""

    field: str | None = None
    location: tuple[str | int, ...] | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None


class InvalidValueError(CareTriangleError, ValueError):
    """A value outside what its field allows: a negative or non-finite cost, a share outside 0..1."""


class UnknownIdError(CareTriangleError, ValueError):
    """A reference to a service, locality, cluster or scenario that does not exist."""


class DuplicateIdError(CareTriangleError, ValueError):
    """Two services, localities, clusters or scenarios with the same id."""


class IncompatibleError(CareTriangleError, ValueError):
    """Quantities that cannot be put side by side: different units or price years."""


class InsufficientMoneyError(CareTriangleError, ValueError):
    """A lever that moves more money than a service has, or reinvests more than was released."""


class EnvelopeExceededError(CareTriangleError):
    """A scenario over the envelope, applied with ``strict=True``."""


class FileFormatError(CareTriangleError, ValueError):
    """A file that is not a valid economy: bad syntax, a missing or unknown key, a wrong type."""


class CareTriangleIOError(CareTriangleError, OSError):
    """A file that cannot be read or written."""


class InternalError(CareTriangleError):
    """A fault inside caretriangle (a Rust panic caught at the boundary), not in the input:
    please report it with the call that raised it. Caught as any other ``Exception``, where
    pyo3's ``PanicException`` would escape ``except Exception``."""


class OptimiseError(CareTriangleError):
    """An optimisation without a plan: its constraints conflict (``InfeasibleError``), its
    objective grows without limit (``UnboundedError``), or its solver failed."""


class InfeasibleError(OptimiseError, ValueError):
    """Constraints of an optimisation that cannot all hold, named in the message: a smallest
    set found that conflict (dropping any one of them lets a plan exist)."""


class UnboundedError(OptimiseError, ValueError):
    """An optimisation whose objective grows without limit: the message names the services
    nothing limits (no capacity, unit cost or staff minutes)."""


class WorkbookError(CareTriangleError, ValueError):
    """A workbook that is not a valid economy, at a cell: ``sheet``, ``row`` (from 1, as
    Excel shows it) and ``column`` (a letter), with the column's ``header``."""

    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # type: ignore[assignment]  # a letter, as Excel names columns
    header: str | None = None


__all__ = [
    "CareTriangleError",
    "CareTriangleIOError",
    "DuplicateIdError",
    "EnvelopeExceededError",
    "FileFormatError",
    "IncompatibleError",
    "InfeasibleError",
    "InsufficientMoneyError",
    "InternalError",
    "InvalidValueError",
    "OptimiseError",
    "UnboundedError",
    "UnknownIdError",
    "WorkbookError",
]
