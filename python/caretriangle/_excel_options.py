"""An Excel workbook of :class:`caretriangle.Options` (``Options.to_excel``): the league table,
the wish and hit lists, the pairings of marginal analysis and the cumulative benefit curve,
each a sheet, money and shares in their number formats."""

from __future__ import annotations

import os
from typing import Any

from caretriangle._excel_write import _frame_sheet, _save, _workbook
from caretriangle._money import money


def write_options(opts: Any, path: str | os.PathLike[str]) -> None:
    """Writes the options' tables to a workbook at ``path`` (whole or not at all).

    Examples
    --------
    >>> import caretriangle as ct, pathlib, tempfile, openpyxl
    >>> opts = ct.Options(ct.examples.structured_education(), ["offer to 1,000 more"], outcome="qalys")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "options.xlsx"
    >>> opts.to_excel(path)
    >>> openpyxl.load_workbook(path).sheetnames
    ['read me', 'options', 'wish list', 'hit list', 'pairings', 'curve']
    """
    best = opts.best_affordable()
    wb = _workbook(
        [
            (
                "options",
                f"League table on {opts.outcome} at {money(opts.threshold)} a unit: the frontier first "
                "(rising ICER), then the extendedly dominated, then the dominated.",
            ),
            ("wish list", "Investments (options that cost more), most gained a £ first."),
            ("hit list", "Disinvestments (options that release money), least lost a £ released first."),
            ("pairings", "Which disinvestments fund each investment while the gain exceeds the loss."),
            (
                "curve",
                f"Options funded in league-table order against a budget of {money(opts.budget)}; "
                f"best affordable set: {', '.join(best) if best else 'none'}.",
            ),
        ]
    )
    _frame_sheet(wb, "options", opts.table())
    _frame_sheet(wb, "wish list", opts.wish_list())
    _frame_sheet(wb, "hit list", opts.hit_list())
    _frame_sheet(wb, "pairings", opts.pairings())
    _frame_sheet(wb, "curve", opts.curve())
    _save(wb, path)
