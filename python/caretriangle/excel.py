"""Excel workbooks in and out: an economy and its scenarios from a workbook, results to one.

Needs openpyxl (``pip install 'caretriangle[excel]'``). A workbook maps one to one onto the
economy's file format (docs/file-format.md), so every check is the one a TOML file gets;
a bad cell is reported by sheet, row and column (:class:`~caretriangle.WorkbookError`).
Values round-trip exactly (numbers to the last bit, text with its spaces); text a cell cannot
hold is refused on writing. Reading (in ``_excel_read``) keeps to the limits of docs/errors.md:
64 MiB, 2,000,000 cells a sheet, a damaged file a WorkbookError.

Input sheets (headers in row 1; blank rows are skipped; other sheets are ignored, so a
results workbook reads back as the economy it was made from):

``economy``
    Two columns, ``key`` and ``value``: ``name``, ``envelope``, ``price_year``,
    ``description``, ``commissioners.<corner>`` and ``budget.<corner>`` for each corner.
``localities``
    ``id``, ``name``, ``register``, ``need_weight``.
``clusters``
    ``locality`` (its id), ``id``, ``name``, ``register``.
``services``
    ``id``, ``name``, ``corner``, ``provider``, ``commissioner``, ``unit``, ``unit_cost``,
    ``price_year``, ``activity``, ``allocation``, ``units_per_person``, ``capacity``,
    ``locality``, ``cluster``, ``source``, ``conditions``, ``counts_as``.
``scenarios``
    One row per lever: ``scenario``, ``description`` (on any of its rows), ``lever``
    (``substitute``, ``shift``, ``reinvest``, ``set_unit_cost``, ``scale_activity``,
    ``productivity``) and the lever's own columns: ``from``, ``to``, ``share``, ``ratio``,
    ``amount``, ``into`` (service ids separated by ``;``), ``by`` (``register``, ``need``,
    ``equal`` or weights ``locality=weight; ...``), ``source``, ``service``, ``factor``,
    ``gain``, ``unit_cost``.
``uncertain inputs``
    One row per uncertain value: ``sheet``, ``id`` (a locality, cluster or service id, or
    ``<scenario>, lever <n>`` counting from 1), ``field`` (the column), ``dist`` and the
    distribution's parameters (``mean``, ``sd``, ``low``, ``mode``, ``high``, ...; lists
    separated by ``;``). The row replaces the value in the named cell.
``outcomes``
    One row per outcome the economy counts (the file format's ``[[outcomes]]``): ``id``,
    ``name``, ``unit``, ``better`` (``higher`` or ``lower``), ``value`` (£ a unit, the
    threshold for net benefit). Only where the economy has outcomes.
``service outcomes``
    One row per service and outcome it produces: ``service``, ``outcome``,
    ``outcomes_per_person`` (a person reached produces this much of the outcome) and
    ``outcomes_per_unit`` (a unit of activity does); a figure may read ``uncertain`` (its
    distribution on the uncertain-inputs sheet, id ``<service>: <outcome>``). An event service
    that counts as an outcome (non-elective spells as admissions) says so in the services
    sheet's ``counts_as`` column.
``staff groups``
    One row per kind of staff the optimiser limits (the file format's ``[[staff_groups]]``):
    ``id``, ``name``, ``hours`` (available a year). Only where the economy has staff groups.
``staff minutes``
    One row per service and staff group: ``service``, ``staff_group``, ``staff_minutes`` (the
    minutes a unit of the service takes of the group's hours).
``optimise``, ``options``
    The file's ``[optimise]`` and ``[options]`` tables, a key a row as on the economy sheet:
    a table of figures in one cell (``corner_minimum`` reads
    ``community_self_management=12000; clinical=5000``), a list of names in one cell
    separated by ``;``, and each group of options that exclude each other a row of its own
    (``exclusive.1`` on the optimise sheet; ``exclusive.<group name>`` on the options sheet).
``budget impacts``
    One row per multi-year budget impact: ``name`` and ``json``, the file format's
    ``[[budget_impacts]]`` entry written as JSON (its interventions, effects and costs nest
    too deeply for one row of cells; the file format's checks apply to it as to a TOML file).

>>> import caretriangle as ct, pathlib, tempfile
>>> econ = ct.examples.north_of_tyne()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "north_of_tyne.xlsx"
>>> econ.apply("skill mix").to_excel(path)
>>> ct.read_excel(path) == econ
True
"""

from __future__ import annotations

import os
from typing import Any

from caretriangle._excel_read import read_excel
from caretriangle._excel_write import _frame_sheet, _input_sheets, _save, _workbook
from caretriangle._outcome_tables import cost_effectiveness, declared, totals

INPUT_README = [
    ("economy", "The envelope, price year, commissioners and budget lines (key, value)."),
    ("localities, clusters", "Where people live and services run; registers and need weights."),
    ("services", "What is commissioned: corner, provider, unit, unit cost, activity (one row per service)."),
    ("scenarios", "One row per lever of each scenario."),
    (
        "uncertain inputs",
        "Values given as distributions for Monte Carlo runs; a cell reading 'uncertain' is here.",
    ),
    (
        "outcomes",
        "What care buys (QALYs, admissions, ...): one row an outcome, where the economy counts any.",
    ),
    ("service outcomes", "How much of each outcome a person reached, or a unit, of a service produces."),
    ("staff groups", "Kinds of staff and their hours a year (for the optimiser; only when given)."),
    ("staff minutes", "Minutes a unit of each service takes of each staff group (only when given)."),
    ("optimise", "The optimisation kept with the economy, a key a row (only when given)."),
    ("options", "The options weighed against each other, a key a row (only when given)."),
    (
        "budget impacts",
        "Multi-year budget impacts, one a row: the file format's [[budget_impacts]] entry as JSON.",
    ),
]


def write_economy(economy: Any, path: str | os.PathLike[str]) -> None:
    """Writes an economy and its scenarios as a workbook that `read_excel` reads back.

    Examples
    --------
    >>> import caretriangle as ct, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "economy.xlsx"
    >>> ct.examples.north_of_tyne().to_excel(path)
    >>> ct.read_excel(path).name
    'North of Tyne diabetes programme (illustrative)'
    """
    wb = _workbook(INPUT_README)
    _input_sheets(wb, economy)
    _save(wb, path)


def write_comparison(
    comparison: Any,
    path: str | os.PathLike[str],
    *,
    monte_carlo: Any = None,
    budget_impact: Any = None,
) -> None:
    """Writes a scenario's results beside the economy it was applied to: summary, change by
    corner, locality and service, flows along the sides, levers, and optionally a Monte Carlo
    summary (``monte_carlo=`` a MonteCarloResult) and the budget impact by year
    (``budget_impact=``). The input sheets read back with `read_excel`.

    Examples
    --------
    >>> import caretriangle as ct, pathlib, tempfile, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "skill_mix.xlsx"
    >>> ct.examples.north_of_tyne().apply("skill mix").to_excel(path)
    >>> openpyxl.load_workbook(path)["summary"]["C4"].value     # change in spend
    -23520
    """
    c = comparison
    readme = [
        ("summary", f"Scenario {c.scenario!r}: spend before and after, released, reinvested and new money."),
        ("by corner, by locality, by service", "Baseline, scenario and change in spend."),
        ("flows", "Money moved along the left, floor and right sides and within each corner."),
        ("levers", "What each lever released, reinvested, brought in and moved."),
    ]
    if monte_carlo is not None:
        readme.append(("monte carlo", "Mean, sd and percentiles of every output; probabilities by scenario."))
    if declared(c.baseline):
        readme.append(("outcomes before and after", "Each outcome's total before and after, and its gain."))
        readme.append(
            (
                "cost-effectiveness",
                "Each outcome's ICER, in figures and words, and net benefit at its threshold.",
            )
        )
    if budget_impact is not None:
        # A BudgetImpact names itself and has the NICE layout too; anything with a to_frame()
        # indexed by year gives the first sheet alone.
        name = getattr(budget_impact, "name", None)
        readme.append(
            (
                "budget impact",
                (f"{name}: " if name else "")
                + "costs, savings, net and cumulative change in spend by financial year.",
            )
        )
        if hasattr(budget_impact, "by_line"):
            readme.append(("budget impact by line", "NICE layout: one row a cost line (savings negative)."))
    wb = _workbook(readme + INPUT_README)
    _frame_sheet(wb, "summary", c.summary())
    _frame_sheet(wb, "by corner", c.by("corner", total=True))
    _frame_sheet(wb, "by locality", c.by("locality", total=True))
    _frame_sheet(wb, "by service", c.by("service", total=True))
    _frame_sheet(wb, "flows", c.flows())
    _frame_sheet(wb, "levers", c.lever_table(total=True))
    if declared(c.baseline):
        _frame_sheet(wb, "outcomes before and after", totals(c))
        _frame_sheet(wb, "cost-effectiveness", cost_effectiveness(c))
    if monte_carlo is not None:
        _monte_carlo_sheets(wb, monte_carlo)
    if budget_impact is not None:
        _frame_sheet(wb, "budget impact", budget_impact.to_frame())
        if hasattr(budget_impact, "by_line"):
            _frame_sheet(wb, "budget impact by line", budget_impact.by_line())
    _input_sheets(wb, c.baseline)
    _save(wb, path)


def _monte_carlo_sheets(wb: Any, result: Any) -> None:
    _frame_sheet(wb, "monte carlo", result.summary())
    _frame_sheet(wb, "monte carlo by scenario", result.scenario_summary())


def write_monte_carlo(result: Any, path: str | os.PathLike[str]) -> None:
    """Writes a Monte Carlo result's summaries: every (scenario, output), and by scenario.

    Examples
    --------
    >>> import caretriangle as ct, pathlib, tempfile, openpyxl
    >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=1000, seed=1).run()
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mc.xlsx"
    >>> res.to_excel(path)
    >>> openpyxl.load_workbook(path).sheetnames
    ['read me', 'monte carlo', 'monte carlo by scenario']
    """
    wb = _workbook(
        [
            (
                "monte carlo",
                f"{result.iterations:,} iterations, seed {result.seed}: mean, sd and percentiles.",
            ),
            ("monte carlo by scenario", "Mean change, its 95% interval, P(saving), P(over the envelope)."),
        ]
    )
    _monte_carlo_sheets(wb, result)
    _save(wb, path)


__all__ = ["read_excel", "write_comparison", "write_economy", "write_monte_carlo"]
