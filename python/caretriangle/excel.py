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
    ``locality``, ``cluster``, ``source``.
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
from collections.abc import Iterable
from typing import Any

from caretriangle._excel_layout import (
    COLUMNS,
    ECONOMY_KEYS,
    MAX_CELL_TEXT,
    UNCERTAIN,
    letter,
    openpyxl_module,
)
from caretriangle._excel_read import read_excel
from caretriangle.errors import WorkbookError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = '"£"#,##0.00'


# ---------------------------------------------------------------------------------------
# Writing


def _number(v: float) -> str:
    """A number as text that reads back as the same float (shortest round trip; 1.0 as 1)."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)


def _needs_17_digits(v: Any) -> bool:
    """A finite number that openpyxl's 16 significant digits would change."""
    import math

    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return False
    return float(f"{v:.16g}") != v


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(_number(v) if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={_number(v)}" for k, v in value.items())
    return value


def _text_problem(text: str) -> str | None:
    """Why a cell cannot keep the text exactly, or None: too long (openpyxl would cut it),
    a control character (refused by the format) or a carriage return (read back as a line
    break)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if len(text) > MAX_CELL_TEXT:
        return f"text of {len(text):,} characters, over the {MAX_CELL_TEXT:,} a workbook cell holds"
    bad = ILLEGAL_CHARACTERS_RE.search(text) or ("\r" in text and "\r")
    if bad:
        char = bad if isinstance(bad, str) else bad.group()
        return f"text with the control character U+{ord(char):04X}, which a workbook cell cannot keep"
    return None


def _refuse_text(field: str, problem: str, **where: Any) -> WorkbookError:
    err = WorkbookError(f"{field}: {problem}; shorten or clean the text, or keep the economy as TOML")
    err.field = field if not where else None
    for k, v in where.items():
        setattr(err, k, v)
    return err


def _check_texts(value: Any, path: str) -> None:
    """Every text of the economy's dict that a workbook cannot keep, refused by its field."""
    if isinstance(value, str):
        if problem := _text_problem(value):
            raise _refuse_text(path, problem)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_texts(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_texts(v, f"{path}[{i}]")


def _sheet(
    wb: Any, title: str, headers: list[str], rows: Iterable[list[Any]], widths: dict[str, int] | None = None
) -> Any:
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.append(headers)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        values = [_cell(v) for v in row]
        for v in values:
            if isinstance(v, str) and (problem := _text_problem(v)):
                raise _refuse_text(f"sheet {title!r}, row {r}", problem, sheet=title, row=r)
        ws.append(values)
        for i, v in enumerate(values, start=1):
            if isinstance(v, str) and v.startswith(FORMULA_STARTS):
                # Text that a spreadsheet would run as a formula (=HYPERLINK(...), =cmd|...) stays text.
                ws.cell(r, i).data_type = "s"
            elif _needs_17_digits(v):
                # openpyxl writes 16 digits: 0.1 + 0.2 would read back as 0.3. The shortest
                # text that reads back exactly, as a number.
                c = ws.cell(r, i)
                c.value = str(v) if isinstance(v, int) else _number(v)
                c.data_type = "n"
    ws.freeze_panes = "A2"
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[letter(i)].width = (widths or {}).get(h, max(10, min(40, len(h) + 4)))
    return ws


def _input_sheets(wb: Any, economy: Any) -> None:
    d = economy.to_dict()
    # The budget impacts go in as JSON, which escapes any character; their cells are checked
    # by _sheet.
    _check_texts({k: v for k, v in d.items() if k != "budget_impacts"}, "")
    uncertain: list[list[Any]] = []

    def plain(sheet: str, ident: str, field: str, value: Any) -> Any:
        if isinstance(value, dict) and "dist" in value:
            params = [value.get(p) for p in COLUMNS["uncertain inputs"][4:]]
            uncertain.append([sheet, ident, field, value["dist"], *params])
            return UNCERTAIN
        return value

    rows = []
    for key in ECONOMY_KEYS:
        top, _, corner = key.partition(".")
        value = (d.get(top) or {}).get(corner) if corner else d.get(key)
        if value is not None:
            rows.append([key, value])
    _sheet(wb, "economy", ["key", "value"], rows, {"key": 34, "value": 60})
    loc_rows, cl_rows = [], []
    for loc in d.get("localities", []):
        loc_rows.append([plain("localities", loc["id"], h, loc.get(h)) for h in COLUMNS["localities"]])
        for c in loc.get("clusters", []):
            cl_rows.append(
                [loc["id"]] + [plain("clusters", c["id"], h, c.get(h)) for h in COLUMNS["clusters"][1:]]
            )
    _sheet(wb, "localities", COLUMNS["localities"], loc_rows, {"name": 30})
    _sheet(wb, "clusters", COLUMNS["clusters"], cl_rows, {"name": 36})
    s_rows = [
        [plain("services", s["id"], h, s.get(h)) for h in COLUMNS["services"]] for s in d.get("services", [])
    ]
    _sheet(wb, "services", COLUMNS["services"], s_rows, {"id": 34, "name": 44, "source": 60})
    lever_rows = []
    for s in d.get("scenarios", []):
        levers = s.get("levers", [])
        if not levers:
            lever_rows.append([s["name"], s.get("description")] + [None] * (len(COLUMNS["scenarios"]) - 2))
        for j, lever in enumerate(levers):
            ident = f"{s['name']}, lever {j + 1}"
            lever_rows.append(
                [s["name"], s.get("description") if j == 0 else None]
                + [plain("scenarios", ident, h, lever.get(h)) for h in COLUMNS["scenarios"][2:]]
            )
    _sheet(wb, "scenarios", COLUMNS["scenarios"], lever_rows, {"scenario": 24, "description": 50, "into": 50})
    _sheet(wb, "uncertain inputs", COLUMNS["uncertain inputs"], uncertain, {"id": 34})
    import json

    bi_rows = []
    for i, b in enumerate(d.get("budget_impacts", [])):
        _check_texts(b["name"], f"budget_impacts[{i}].name")
        text = json.dumps(b, ensure_ascii=False)
        if problem := _text_problem(text):
            raise _refuse_text(f"budget_impacts[{i}]", problem)
        bi_rows.append([b["name"], text])
    _sheet(wb, "budget impacts", COLUMNS["budget impacts"], bi_rows, {"name": 50, "json": 100})


def _frame_sheet(wb: Any, title: str, df: Any, money: Iterable[str] = ()) -> None:
    """A DataFrame as a sheet: its index first (several columns for a MultiIndex)."""
    flat = df.reset_index()
    headers = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in flat.columns]
    rows = [[None if v != v else v for v in row] for row in flat.itertuples(index=False)]  # NaN → blank
    ws = _sheet(wb, title, headers, rows)
    money = set(money)
    for i, h in enumerate(headers, start=1):
        if h in money:
            for (c,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                c.number_format = MONEY_FORMAT


def _workbook(readme: list[tuple[str, str]]) -> Any:
    wb = openpyxl_module().Workbook()
    ws = wb.active
    ws.title = "read me"
    ws.append(["sheet", "what it holds"])
    for row in readme:
        ws.append(list(row))
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    return wb


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
        "budget impacts",
        "Multi-year budget impacts, one a row: the file format's [[budget_impacts]] entry as JSON.",
    ),
]


def _save(wb: Any, path: str | os.PathLike[str]) -> None:
    # Fixed document times, so that a workbook made twice from the same economy is the same.
    import datetime

    when = datetime.datetime(2024, 1, 1)
    wb.properties.created = wb.properties.modified = when
    _save_atomic(wb, path)


def _save_atomic(wb: Any, path: str | os.PathLike[str]) -> None:
    """Saves through a temp file made exclusively, with an unpredictable name, in the target's
    folder; fsynced, given the old file's permissions, then renamed over the target, so that a
    crash or a full disk leaves the old workbook whole. A symlink is written through: its
    target is replaced and the link kept. Errors are CareTriangleIOError naming the path."""
    import stat
    import tempfile

    from caretriangle.errors import CareTriangleIOError

    shown = os.fspath(path)
    target = os.path.realpath(shown)
    tmp = None
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = None
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target) or ".", prefix=".", suffix=".xlsx.tmp")
        with os.fdopen(fd, "wb") as f:
            wb.save(f)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as e:
        err = CareTriangleIOError(f"{shown}: {e.strerror or e}")
        err.file = shown
        raise err from e
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


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


RESULT_MONEY = (
    "baseline scenario change forward backward net gross released reinvested new_money moved amount spend "
    "mean sd p2_5 p50 p97_5 mean_total mean_change change_p2_5 change_p97_5 cumulative discounted_net "
    "discounted_cumulative scenario_change intervention_costs one_off_costs recurrent_costs "
    "double_running_costs total_costs cash_releasing capacity_releasing total_savings net_cash net_per_100k "
    "headroom"
).split()


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
    _frame_sheet(wb, "summary", c.summary(), RESULT_MONEY)
    _frame_sheet(wb, "by corner", c.by("corner", total=True), RESULT_MONEY)
    _frame_sheet(wb, "by locality", c.by("locality", total=True), RESULT_MONEY)
    _frame_sheet(wb, "by service", c.by("service", total=True), RESULT_MONEY)
    _frame_sheet(wb, "flows", c.flows(), RESULT_MONEY)
    _frame_sheet(wb, "levers", c.lever_table(total=True), RESULT_MONEY)
    if monte_carlo is not None:
        _monte_carlo_sheets(wb, monte_carlo)
    if budget_impact is not None:
        _frame_sheet(wb, "budget impact", budget_impact.to_frame(), RESULT_MONEY)
        if hasattr(budget_impact, "by_line"):
            years = [str(y) for y in getattr(budget_impact, "years", [])] + ["total"]
            _frame_sheet(wb, "budget impact by line", budget_impact.by_line(), years)
    _input_sheets(wb, c.baseline)
    _save(wb, path)


def _monte_carlo_sheets(wb: Any, result: Any) -> None:
    _frame_sheet(wb, "monte carlo", result.summary(), RESULT_MONEY)
    _frame_sheet(wb, "monte carlo by scenario", result.scenario_summary(), RESULT_MONEY)


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
