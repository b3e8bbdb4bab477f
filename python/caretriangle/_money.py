"""£ as every front end writes it: one module, three precisions, each built on the core's
rounding (halves away from zero), so that a table, a chart, the command line and a lever's
description agree on the same £1,211.625.

- ``money``: to the penny, as the core's reports and the command line (``-£23.50``).
- ``pounds``: as a board paper's tables, to the penny below £100 and to the pound above
  (``−£23,520``).
- ``compact``: as a chart's axis (``£1.40m``, ``−£23.5k``).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from caretriangle import _core


def _blank(x: Any) -> bool:
    return x is None or bool(pd.isna(x))


def money(x: Any) -> str:
    """£ to the penny, as the core writes it.

    >>> money(1211.625), money(-23.5), money(float("nan"))
    ('£1,211.63', '-£23.50', '')
    """
    return "" if _blank(x) else _core._money(float(x))


def _whole(a: float) -> str:
    # Half a pound up, as the core rounds half a penny (Python's format rounds half to even).
    return f"£{math.floor(a + 0.5):,.0f}"


def pounds(x: Any) -> str:
    """£ to the penny below £100 and to the pound above: ``£21.25``, ``£1,400,000``.

    >>> pounds(1_400_000), pounds(-23_520), pounds(21.25), pounds(float("nan"))
    ('£1,400,000', '−£23,520', '£21.25', '')
    """
    if _blank(x):
        return ""
    sign = "−" if x < 0 else ""
    a = abs(float(x))
    return sign + (money(a) if a < 100 and not a.is_integer() else _whole(a))


def compact(x: float, _pos: Any = None, *, places: int = 0) -> str:
    """£ in the form a chart's axis uses: £1.40m, £23.5k, £950, −£4.9k.

    ``places`` more decimal places for millions and thousands, where an axis's ticks are
    closer than the usual places tell apart.

    >>> compact(1_400_000), compact(-23_520), compact(950), compact(21.25)
    ('£1.40m', '−£23.5k', '£950', '£21.25')
    >>> compact(13_335_000, places=1)
    '£13.335m'
    """
    sign = "−" if x < 0 else ""
    a = abs(x)
    if a >= 1e6:
        text = f"£{a / 1e6:,.{2 + places}f}m"
    elif a >= 1e4:
        text = f"£{a / 1e3:,.{1 + places}f}k"
    elif a >= 100 or a == 0 or float(a).is_integer():
        text = _whole(a)
    else:
        text = money(a)
    return sign + text
