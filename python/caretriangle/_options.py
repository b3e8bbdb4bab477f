"""How a notebook shows :class:`caretriangle.Options`: the league table, the wish and hit
lists with their pairings, and the best affordable set (``Options._repr_html_``)."""

from __future__ import annotations

import html as _html
from typing import Any

from caretriangle._money import pounds
from caretriangle.display import _header, _table


def html(opts: Any) -> str:
    """The league table, the PBMA lists and pairings, and the best affordable set.

    >>> import caretriangle as ct
    >>> opts = ct.Options(ct.examples.structured_education(), ["offer to 1,000 more"], outcome="qalys")
    >>> "League table" in opts._repr_html_()
    True
    """
    best = opts.best_affordable()
    facts = [
        f"{len(opts.names)} options on {opts.outcome}",
        f"threshold {pounds(opts.threshold)} a unit",
        f"budget {pounds(opts.budget)}",
        "best affordable set: " + (", ".join(best) if best else "none"),
    ]
    out = _header("Options", facts)
    out += "<p><small>League table</small></p>" + _table(opts.table())
    for title, frame in (
        ("Wish list (investments)", opts.wish_list()),
        ("Hit list (disinvestments)", opts.hit_list()),
        ("Pairings (marginal analysis)", opts.pairings()),
    ):
        if len(frame):
            out += f"<p><small>{_html.escape(title)}</small></p>" + _table(frame)
    return out
