"""Excel workbooks in and out: an economy and its scenarios from a workbook, results to one.

Needs openpyxl (``pip install 'caretriangle[excel]'``). A workbook maps one to one onto the
economy's file format (docs/file-format.md), so every check is the one a TOML file gets;
a bad cell is reported by sheet, row and column (:class:`~caretriangle.WorkbookError`).

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

from caretriangle.errors import CareTriangleError, WorkbookError

CORNERS = ("clinical", "nhs_self_management", "community_self_management")
ECONOMY_KEYS = (
    ["name", "envelope", "price_year", "description"]
    + [f"commissioners.{c}" for c in CORNERS]
    + [f"budget.{c}" for c in CORNERS]
)
COLUMNS = {
    "localities": "id name register need_weight".split(),
    "clusters": "locality id name register".split(),
    "services": (
        "id name corner provider commissioner unit unit_cost price_year activity allocation units_per_person "
        "capacity locality cluster source"
    ).split(),
    "scenarios": (
        "scenario description lever from to share ratio amount into by source service factor gain unit_cost"
    ).split(),
    "uncertain inputs": (
        "sheet id field dist value mean sd low mode high meanlog sdlog shape scale alpha beta values weights"
    ).split(),
    "budget impacts": ["name", "json"],
}
NUMBERS = {
    *(
        "envelope register need_weight unit_cost activity allocation units_per_person capacity share ratio "
        "amount factor gain value mean sd low mode high meanlog sdlog shape scale alpha beta"
    ).split(),
    *(f"budget.{c}" for c in CORNERS),
}
LISTS = {"into", "values", "weights"}
UNCERTAIN = "uncertain"  # written in a cell whose value is on the uncertain-inputs sheet
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = '"£"#,##0.00'


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise ImportError("Excel workbooks need openpyxl: pip install 'caretriangle[excel]'") from e
    return openpyxl


# ---------------------------------------------------------------------------------------
# Reading


class _Cells:
    """Where each value came from, so that an error found later names its cell."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.at: dict[str, tuple[str, int, str, str]] = {}

    def error(
        self, sheet: str, row: int | None, column: str | None, header: str | None, message: str
    ) -> WorkbookError:
        where = f"{self.path}, sheet {sheet!r}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}" + (f" ({header})" if header else "")
        err = WorkbookError(f"{where}: {message}")
        err.file, err.sheet, err.row, err.column, err.header = self.path, sheet, row, column, header
        return err

    def from_core(self, e: CareTriangleError) -> WorkbookError:
        """A core error about `services[3].unit_cost` as one about the cell it came from."""
        field = e.field or ""
        message = str(e).removeprefix("<dict>: ").removeprefix("<dict>, ")
        # The longest recorded path the field starts with: a lever's field, else its row.
        inside = [p for p in self.at if field == p or field.startswith((p + ".", p + "["))]
        best = max(inside, key=len, default=None)
        if best is None:
            err = WorkbookError(f"{self.path}: {message}")
            err.file = self.path
            return err
        sheet, row, column, header = self.at[best]
        err = self.error(sheet, row, column, header, message)
        err.field = field
        return err


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(i))


def _rows(wb: Any, sheet: str, cells: _Cells, required: bool) -> list[tuple[int, dict[str, tuple[Any, str]]]]:
    """Data rows of a sheet as {header: (value, column letter)}, blank cells left out."""
    if sheet not in wb.sheetnames:
        if required:
            raise cells.error(sheet, None, None, None, f"sheet missing (sheets: {', '.join(wb.sheetnames)})")
        return []
    ws = wb[sheet]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        return []
    known = COLUMNS.get(sheet, ["key", "value"])
    headers: list[str | None] = []
    for i, h in enumerate(rows[0], start=1):
        name = None if h is None or str(h).strip() == "" else str(h).strip()
        if name is not None and name not in known:
            raise cells.error(
                sheet, 1, _letter(i), name, f"unknown column; the columns are {', '.join(known)}"
            )
        headers.append(name)
    out = []
    for r, values in enumerate(rows[1:], start=2):
        row = {}
        for i, (h, v) in enumerate(zip(headers, values, strict=False), start=1):
            if isinstance(v, str):
                v = v.strip()
            if h is None or v is None or v == "":
                if h is None and v not in (None, ""):
                    raise cells.error(sheet, r, _letter(i), None, f"a value {v!r} in a column with no header")
                continue
            row[h] = (v, _letter(i))
        if row:
            out.append((r, row))
    return out


def _value(cells: _Cells, sheet: str, r: int, header: str, cell: tuple[Any, str]) -> Any:
    """A cell's value as the file format wants it: a number, a text or a list."""
    v, col = cell
    if header in NUMBERS:
        if isinstance(v, bool) or not isinstance(v, int | float):
            try:
                return float(str(v).replace(",", "").replace("£", ""))
            except ValueError:
                raise cells.error(sheet, r, col, header, f"expected a number, got {v!r}") from None
        return float(v)
    if header in LISTS:
        parts = [p.strip() for p in str(v).split(";") if p.strip()]
        if header == "into":
            return parts
        try:
            return [float(p) for p in parts]
        except ValueError:
            raise cells.error(
                sheet, r, col, header, f"expected numbers separated by ';', got {v!r}"
            ) from None
    if header == "by" and "=" in str(v):
        weights = {}
        for part in str(v).split(";"):
            if not part.strip():
                continue
            key, _, w = part.partition("=")
            try:
                weights[key.strip()] = float(w)
            except ValueError:
                raise cells.error(
                    sheet, r, col, header, f"expected weights 'locality=1.0; ...', got {v!r}"
                ) from None
        return weights
    if isinstance(v, float) and v.is_integer() and header in {"price_year", "id", "name"}:
        v = int(v)
    return str(v)


class _Pending:
    """A cell reading 'uncertain', waiting for its row on the uncertain-inputs sheet."""

    def __init__(self, sheet: str, row: int, column: str, header: str) -> None:
        self.where = (sheet, row, column, header)


def _record(
    cells: _Cells, path: str, sheet: str, r: int, row: dict[str, tuple[Any, str]], first: str
) -> dict:
    """The row as a dict of the file format, each field's cell recorded under its path."""
    out = {}
    cells.at[path] = (sheet, r, row[first][1] if first in row else "A", first)
    for h, cell in row.items():
        cells.at[f"{path}.{h}"] = (sheet, r, cell[1], h)
        if h in NUMBERS and str(cell[0]).lower() == UNCERTAIN:
            out[h] = _Pending(sheet, r, cell[1], h)
        else:
            out[h] = _value(cells, sheet, r, h, cell)
    return out


def _no_pending(cells: _Cells, value: Any) -> None:
    if isinstance(value, _Pending):
        raise cells.error(
            *value.where, "reads 'uncertain' but no row of 'uncertain inputs' gives its distribution"
        )
    if isinstance(value, dict):
        for v in value.values():
            _no_pending(cells, v)
    if isinstance(value, list):
        for v in value:
            _no_pending(cells, v)


def read_excel(path: str | os.PathLike[str]) -> Any:
    """Reads an economy and its scenarios from a workbook (sheets as in this module's doc).

    Raises
    ------
    WorkbookError
        For a bad cell, a missing sheet or an unknown column, naming the sheet, row and
        column; also for any value the economy's own checks reject, at the cell it came from.

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.read_excel("examples/north_of_tyne.xlsx")   # the template
    >>> econ == ct.examples.north_of_tyne()
    True
    """
    from caretriangle._core import Economy

    openpyxl = _openpyxl()
    cells = _Cells(os.fspath(path))
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise
    except Exception as e:
        raise cells.error("(workbook)", None, None, None, f"not a readable .xlsx workbook ({e})") from e
    try:
        spec = _spec(wb, cells)
    finally:
        wb.close()
    try:
        return Economy.from_dict(spec)
    except CareTriangleError as e:
        raise cells.from_core(e) from e


def _spec(wb: Any, cells: _Cells) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    for r, row in _rows(wb, "economy", cells, required=True):
        if "key" not in row:
            raise cells.error("economy", r, "A", "key", "a value with no key")
        key = str(row["key"][0])
        if key not in ECONOMY_KEYS:
            raise cells.error(
                "economy", r, row["key"][1], "key", f"unknown key {key!r}; keys: {', '.join(ECONOMY_KEYS)}"
            )
        if "value" not in row:
            continue
        value = _value(cells, "economy", r, key, row["value"])
        top, _, corner = key.partition(".")
        cells.at[key] = ("economy", r, row["value"][1], key)
        if corner:
            spec.setdefault(top, {})[corner] = value
            cells.at[top] = ("economy", r, row["value"][1], key)
        else:
            spec[key] = value
    if "name" not in spec or "envelope" not in spec:
        raise cells.error("economy", None, None, None, "rows 'name' and 'envelope' are required")

    localities: list[dict[str, Any]] = []
    for r, row in _rows(wb, "localities", cells, required=False):
        localities.append(_record(cells, f"localities[{len(localities)}]", "localities", r, row, "id"))
    index = {str(loc.get("id")): i for i, loc in enumerate(localities)}
    for r, row in _rows(wb, "clusters", cells, required=False):
        if "locality" not in row:
            raise cells.error("clusters", r, None, "locality", "every cluster needs its locality's id")
        loc = str(row.pop("locality")[0])
        if loc not in index:
            raise cells.error(
                "clusters", r, None, "locality", f"unknown locality {loc!r}; known: {', '.join(index)}"
            )
        clusters = localities[index[loc]].setdefault("clusters", [])
        clusters.append(
            _record(cells, f"localities[{index[loc]}].clusters[{len(clusters)}]", "clusters", r, row, "id")
        )
    spec["localities"] = localities

    services: list[dict[str, Any]] = []
    for r, row in _rows(wb, "services", cells, required=True):
        services.append(_record(cells, f"services[{len(services)}]", "services", r, row, "id"))
    spec["services"] = services

    scenarios: list[dict[str, Any]] = []
    by_name: dict[str, dict[str, Any]] = {}
    for r, row in _rows(wb, "scenarios", cells, required=False):
        if "scenario" not in row:
            raise cells.error("scenarios", r, None, "scenario", "every lever row needs its scenario's name")
        name = str(row.pop("scenario")[0])
        if name not in by_name:
            by_name[name] = {"name": name, "levers": []}
            cells.at[f"scenarios[{len(scenarios)}]"] = ("scenarios", r, "A", "scenario")
            scenarios.append(by_name[name])
        s = by_name[name]
        if "description" in row:
            s["description"] = str(row.pop("description")[0])
        if row:
            i = scenarios.index(s)
            s["levers"].append(
                _record(cells, f"scenarios[{i}].levers[{len(s['levers'])}]", "scenarios", r, row, "lever")
            )
    spec["scenarios"] = scenarios

    _uncertain(wb, cells, spec)
    _no_pending(cells, spec)
    budget_impacts = _budget_impacts(wb, cells)
    if budget_impacts:
        spec["budget_impacts"] = budget_impacts
    return spec


def _budget_impacts(wb: Any, cells: _Cells) -> list[dict[str, Any]]:
    """Each row's JSON, the row's name kept in it (the name cell wins if both are given)."""
    import json

    sheet = "budget impacts"
    out: list[dict[str, Any]] = []
    for r, row in _rows(wb, sheet, cells, required=False):
        if "json" not in row:
            raise cells.error(sheet, r, None, "json", "every budget impact needs its 'json' cell")
        text, col = row["json"]
        try:
            entry = json.loads(str(text))
        except json.JSONDecodeError as e:
            raise cells.error(sheet, r, col, "json", f"not valid JSON ({e})") from None
        if not isinstance(entry, dict):
            raise cells.error(sheet, r, col, "json", f"expected a JSON object, got {type(entry).__name__}")
        if "name" in row:
            entry["name"] = str(row["name"][0])
        cells.at[f"budget_impacts[{len(out)}]"] = (sheet, r, col, "json")
        out.append(entry)
    return out


def _uncertain(wb: Any, cells: _Cells, spec: dict[str, Any]) -> None:
    """Puts each row of the uncertain-inputs sheet into the value it names."""
    sheet = "uncertain inputs"
    targets: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for i, loc in enumerate(spec["localities"]):
        targets[("localities", str(loc.get("id")))] = (loc, f"localities[{i}]")
        for j, c in enumerate(loc.get("clusters", [])):
            targets[("clusters", str(c.get("id")))] = (c, f"localities[{i}].clusters[{j}]")
    for i, s in enumerate(spec["services"]):
        targets[("services", str(s.get("id")))] = (s, f"services[{i}]")
    for i, s in enumerate(spec["scenarios"]):
        for j, lever in enumerate(s["levers"]):
            targets[("scenarios", f"{s['name']}, lever {j + 1}")] = (lever, f"scenarios[{i}].levers[{j}]")
    for r, row in _rows(wb, sheet, cells, required=False):
        for need in ("sheet", "id", "field", "dist"):
            if need not in row:
                raise cells.error(sheet, r, None, need, f"every uncertain input needs {need!r}")
        key = (str(row["sheet"][0]), str(row["id"][0]))
        if key not in targets:
            raise cells.error(sheet, r, row["id"][1], "id", f"no row {key[1]!r} on sheet {key[0]!r}")
        field = str(row["field"][0])
        if field not in COLUMNS.get(key[0], []) or field not in NUMBERS:
            raise cells.error(
                sheet, r, row["field"][1], "field", f"{field!r} is not a number column of {key[0]!r}"
            )
        dist = {"dist": str(row["dist"][0])}
        for h, cell in row.items():
            if h not in {"sheet", "id", "field", "dist"}:
                dist[h] = _value(cells, sheet, r, h, cell)
        target, path = targets[key]
        target[field] = dist
        cells.at[f"{path}.{field}"] = (sheet, r, row["dist"][1], "dist")


# ---------------------------------------------------------------------------------------
# Writing


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v:g}" for k, v in value.items())
    return value


def _sheet(
    wb: Any, title: str, headers: list[str], rows: Iterable[list[Any]], widths: dict[str, int] | None = None
) -> Any:
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.append(headers)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
        # Text that a spreadsheet would run as a formula (=HYPERLINK(...), =cmd|...) stays text.
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS):
                c.data_type = "s"
    ws.freeze_panes = "A2"
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[_letter(i)].width = (widths or {}).get(h, max(10, min(40, len(h) + 4)))
    return ws


def _input_sheets(wb: Any, economy: Any) -> None:
    d = economy.to_dict()
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

    bi_rows = [[b["name"], json.dumps(b, ensure_ascii=False)] for b in d.get("budget_impacts", [])]
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
    wb = _openpyxl().Workbook()
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
