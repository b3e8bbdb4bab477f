"""Reading a workbook into an economy (`caretriangle.excel.read_excel`), as safely as a TOML file.

The file is checked before openpyxl sees it: a regular file (a pipe would hang the open and
``/dev/zero`` never ends), at most 64 MiB as the TOML and JSON loaders allow, read to at most one
byte past that; a zip whose members unpack to at most 256 MiB. Each sheet read holds at most
2,000,000 cells, by its declared used range and by the cells met, so that a one-cell workbook
reaching XFD1048576 is refused at once rather than read for minutes. Anything openpyxl, zipfile or
the XML parser raises on a damaged file becomes a `WorkbookError` naming the file and the sheet.
"""

from __future__ import annotations

import io
import os
import re
import stat
import warnings
import zipfile
from typing import Any

from caretriangle._excel_layout import (
    COLUMNS,
    ECONOMY_KEYS,
    LISTS,
    NUMBERS,
    UNCERTAIN,
    letter,
    openpyxl_module,
)
from caretriangle.errors import CareTriangleError, WorkbookError

MAX_FILE_BYTES = 64 * 1024 * 1024  # the TOML and JSON loaders' limit (io::MAX_FILE_BYTES)
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # what the zip's members may unpack to, all together
MAX_MEMBERS = 10_000  # files inside the zip (an economy's workbook has about 20)
MAX_SHEET_CELLS = 2_000_000  # rows × columns of one sheet: 100,000 services × 15 columns fit

Row = dict[str, tuple[Any, str]]


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

    def file_error(self, message: str) -> WorkbookError:
        err = WorkbookError(f"{self.path}: {message}")
        err.file = self.path
        return err

    def from_core(self, e: CareTriangleError) -> WorkbookError:
        """A core error about `services[3].unit_cost` as one about the cell it came from."""
        field = e.field or ""
        message = str(e).removeprefix("<dict>: ").removeprefix("<dict>, ")
        # The longest recorded path the field starts with: a lever's field, else its row.
        inside = [p for p in self.at if field == p or field.startswith((p + ".", p + "["))]
        best = max(inside, key=len, default=None)
        if best is None:
            err = self.file_error(message)
        else:
            err = self.error(*self.at[best], message)
        err.field = field
        return err

    def duplicate(self, kind: str, value: str, path: str, first: str) -> WorkbookError:
        """The second of two cells holding the same id, naming the first."""
        sheet, r, col, header = self.at[path]
        s0, r0, c0, _ = self.at[first]
        elsewhere = "" if s0 == sheet else f" of sheet {s0!r}"
        message = f"duplicate {kind} {value!r}, also in {c0}{r0}{elsewhere}; keep one of them"
        return self.error(sheet, r, col, header, message)


def _reason(e: BaseException) -> str:
    # A KeyError's text is the repr of its key: its message, unquoted.
    text = str(e.args[0] if isinstance(e, KeyError) and e.args else e).strip() or type(e).__name__
    return text if len(text) <= 200 else text[:200] + "…"


# ---------------------------------------------------------------------------------------
# The file and the zip, before openpyxl


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe, device or socket)"


def _read_bytes(cells: _Cells) -> bytes:
    """The file's bytes: refused, before it is opened, if it is not a regular file or is over
    the limit; opened without blocking and checked again (it may have been replaced); read to
    at most one byte past the limit (a file that grows is refused without reading more)."""
    too_large = "file is {} bytes, over the limit of " + f"{MAX_FILE_BYTES} bytes (64 MiB)"
    try:
        st = os.stat(cells.path)
        if kind := _not_regular(st.st_mode):
            raise cells.file_error(f"{kind}; give the path of a workbook (.xlsx)")
        if st.st_size > MAX_FILE_BYTES:
            raise cells.file_error(too_large.format(st.st_size))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(cells.path, flags), "rb") as f:
            if kind := _not_regular(os.fstat(f.fileno()).st_mode):
                raise cells.file_error(f"{kind}; give the path of a workbook (.xlsx)")
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise
    except OSError as e:
        raise cells.file_error(e.strerror or _reason(e)) from e
    if len(data) > MAX_FILE_BYTES:
        raise cells.file_error(too_large.format(len(data)))
    return data


def _check_zip(data: bytes, cells: _Cells) -> None:
    """A zip whose members unpack to at most the limit (zipfile never unpacks a member past its
    declared size, so the declared sizes bound the work)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except Exception as e:
        raise cells.file_error(
            f"not a workbook (.xlsx) ({_reason(e)}); save it from Excel as an Excel Workbook"
        ) from e
    if len(members) > MAX_MEMBERS:
        raise cells.file_error(f"a zip of {len(members):,} files, over the limit of {MAX_MEMBERS:,}")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise cells.file_error(
            f"unpacks to {unpacked} bytes, over the limit of {MAX_UNPACKED_BYTES} bytes (256 MiB)"
        )


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a cell's <f> element: <f>, <f t="shared" ...>, <x:f>


def _has_formulas(data: bytes) -> bool:
    """Whether any XML part of the (checked) zip holds a formula, read in 1 MiB pieces."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            tail = b""
            with z.open(name) as f:
                while chunk := f.read(1 << 20):
                    if _FORMULA.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def _books(data: bytes, cells: _Cells) -> tuple[Any, Any]:
    """The workbook read-only with the values Excel saved and, if it holds any formula, again
    with the formulas (to tell a formula with no saved value from a blank cell)."""
    _check_zip(data, cells)
    openpyxl = openpyxl_module()
    books = []
    try:
        for data_only in (True, False) if _has_formulas(data) else (True,):
            books.append(openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only))
    except MemoryError:
        raise
    except Exception as e:
        for b in books:
            b.close()
        raise cells.file_error(f"not a readable workbook (.xlsx) ({_reason(e)})") from e
    return books[0], (books[1] if len(books) > 1 else None)


# ---------------------------------------------------------------------------------------
# Sheets


def _grid(books: tuple[Any, Any], sheet: str, cells: _Cells) -> list[tuple[Any, ...]]:
    """A sheet's rows of values, each as long as its last cell: at most MAX_SHEET_CELLS in all
    (blank rows count one each), and no formula without the value Excel saved for it."""
    values_ws = books[0][sheet]
    formulas_ws = books[1][sheet] if books[1] is not None else None
    rows, cols = values_ws.max_row, values_ws.max_column  # the declared used range, if any
    if isinstance(rows, int) and isinstance(cols, int) and rows * cols > MAX_SHEET_CELLS:
        raise cells.error(
            sheet, None, None, None,
            f"the used range reaches {letter(cols)}{rows} ({rows:,} rows × {cols:,} columns), over the "
            f"limit of {MAX_SHEET_CELLS:,} cells; delete the rows below and the columns right of the "
            "data, and save again",
        )  # fmt: skip
    # Without a declared range openpyxl pads each row to its last cell only, and never cuts
    # off cells past a range that lies.
    values_ws.reset_dimensions()
    if formulas_ws is not None:
        formulas_ws.reset_dimensions()
    out: list[tuple[Any, ...]] = []
    left = MAX_SHEET_CELLS
    r = 0
    try:
        value_rows = values_ws.iter_rows(values_only=True)
        if formulas_ws is None:
            pairs: Any = ((values, ()) for values in value_rows)
        else:
            pairs = zip(value_rows, formulas_ws.iter_rows(values_only=True), strict=True)
        for r, (values, formulas) in enumerate(pairs, start=1):
            left -= max(1, len(values))
            if left < 0:
                raise cells.error(
                    sheet, r, None, None,
                    f"more than {MAX_SHEET_CELLS:,} cells in use (rows × columns); delete the rows "
                    "below and the columns right of the data, and save again",
                )  # fmt: skip
            for i, (v, f) in enumerate(zip(values, formulas, strict=False), start=1):
                if v is None and f is not None:
                    formula = str(getattr(f, "text", f))
                    formula = formula if len(formula) <= 60 else formula[:60] + "…"
                    raise cells.error(
                        sheet, r, letter(i), None,
                        f"a formula ({formula}) with no saved value; open the workbook in Excel and "
                        "save it, so that the value is saved, or type the value",
                    )  # fmt: skip
            out.append(values)
    except WorkbookError:
        raise
    except MemoryError:
        raise
    except Exception as e:
        raise cells.error(
            sheet, None, None, None, f"damaged after row {r} ({_reason(e)}); save the workbook again"
        ) from e
    return out


def _rows(books: tuple[Any, Any], sheet: str, cells: _Cells, required: bool) -> list[tuple[int, Row]]:
    """Data rows of a sheet as {header: (value, column letter)}, blank cells left out. Values are
    as typed: text keeps its spaces. Headers are trimmed, and each may be given once."""
    names = books[0].sheetnames
    if sheet not in names:
        if required:
            raise cells.error(sheet, None, None, None, f"sheet missing (sheets: {', '.join(names)})")
        return []
    rows = _grid(books, sheet, cells)
    if not rows:
        return []
    known = COLUMNS.get(sheet, ["key", "value"])
    headers: list[str | None] = []
    seen: dict[str, str] = {}
    for i, h in enumerate(rows[0], start=1):
        name = None if h is None or str(h).strip() == "" else str(h).strip()
        if name is not None and name not in known:
            message = f"unknown column; the columns are {', '.join(known)}"
            raise cells.error(sheet, 1, letter(i), name, message)
        if name is not None and name in seen:
            raise cells.error(
                sheet, 1, letter(i), name, f"column given twice, also in column {seen[name]}; delete one"
            )
        if name is not None:
            seen[name] = letter(i)
        headers.append(name)
    out = []
    for r, values in enumerate(rows[1:], start=2):
        row = {}
        for i, v in enumerate(values, start=1):
            h = headers[i - 1] if i <= len(headers) else None
            if v is None or v == "":
                continue
            if h is None:
                raise cells.error(sheet, r, letter(i), None, f"a value {v!r} in a column with no header")
            row[h] = (v, letter(i))
        if row:
            out.append((r, row))
    return out


# ---------------------------------------------------------------------------------------
# Cells to the file format


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


def _record(cells: _Cells, path: str, sheet: str, r: int, row: Row, first: str) -> dict[str, Any]:
    """The row as a dict of the file format, each field's cell recorded under its path."""
    out: dict[str, Any] = {}
    cells.at[path] = (sheet, r, row[first][1] if first in row else "A", first)
    for h, cell in row.items():
        cells.at[f"{path}.{h}"] = (sheet, r, cell[1], h)
        if h in NUMBERS and str(cell[0]).strip().lower() == UNCERTAIN:
            out[h] = _Pending(sheet, r, cell[1], h)
        else:
            out[h] = _value(cells, sheet, r, h, cell)
    return out


def _unique(cells: _Cells, kind: str, items: list[tuple[Any, str]]) -> None:
    """Refuses the second of two items (value, path of its cell) with the same value."""
    seen: dict[Any, str] = {}
    for value, path in items:
        if value is None:
            continue
        if value in seen:
            raise cells.duplicate(kind, value, path, seen[value])
        seen[value] = path


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
    """Reads an economy and its scenarios from a workbook (sheets as in `caretriangle.excel`).

    Raises
    ------
    WorkbookError
        For a bad cell, a missing sheet, an unknown or repeated column, a repeated id or row, or
        a formula with no saved value, naming the sheet, row and column; for any value the
        economy's own checks reject, at the cell it came from; for a file that is not a
        regular file, is over 64 MiB, is damaged, or has a sheet over 2,000,000 cells.
    FileNotFoundError
        For a path that does not exist.

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.read_excel("examples/north_of_tyne.xlsx")   # the template
    >>> econ == ct.examples.north_of_tyne()
    True
    """
    from caretriangle._core import Economy

    cells = _Cells(os.fspath(path))
    data = _read_bytes(cells)
    with warnings.catch_warnings():
        # openpyxl warns of parts it drops (data validation, extensions): nothing an economy uses.
        warnings.simplefilter("ignore")
        books = _books(data, cells)
        try:
            spec = _spec(books, cells)
        finally:
            for b in books:
                if b is not None:
                    b.close()
    try:
        return Economy.from_dict(spec)
    except CareTriangleError as e:
        raise cells.from_core(e) from e


def _spec(books: tuple[Any, Any], cells: _Cells) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    key_rows: dict[str, int] = {}
    for r, row in _rows(books, "economy", cells, required=True):
        if "key" not in row:
            raise cells.error("economy", r, "A", "key", "a value with no key")
        key = str(row["key"][0]).strip()
        if key not in ECONOMY_KEYS:
            raise cells.error(
                "economy", r, row["key"][1], "key", f"unknown key {key!r}; keys: {', '.join(ECONOMY_KEYS)}"
            )
        if key in key_rows:
            raise cells.error(
                "economy", r, row["key"][1], "key", f"key {key!r} given twice, also on row {key_rows[key]}"
            )
        key_rows[key] = r
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
    for r, row in _rows(books, "localities", cells, required=False):
        localities.append(_record(cells, f"localities[{len(localities)}]", "localities", r, row, "id"))
    _unique(cells, "locality id", [(x.get("id"), f"localities[{i}].id") for i, x in enumerate(localities)])
    index = {str(loc.get("id")): i for i, loc in enumerate(localities)}
    cluster_ids = []
    for r, row in _rows(books, "clusters", cells, required=False):
        if "locality" not in row:
            raise cells.error("clusters", r, None, "locality", "every cluster needs its locality's id")
        loc_cell = row.pop("locality")
        loc = str(loc_cell[0])
        if loc not in index:
            raise cells.error(
                "clusters", r, loc_cell[1], "locality", f"unknown locality {loc!r}; known: {', '.join(index)}"
            )
        clusters = localities[index[loc]].setdefault("clusters", [])
        path = f"localities[{index[loc]}].clusters[{len(clusters)}]"
        clusters.append(_record(cells, path, "clusters", r, row, "id"))
        cluster_ids.append((clusters[-1].get("id"), f"{path}.id"))
    _unique(cells, "cluster id", cluster_ids)
    spec["localities"] = localities

    services: list[dict[str, Any]] = []
    for r, row in _rows(books, "services", cells, required=True):
        services.append(_record(cells, f"services[{len(services)}]", "services", r, row, "id"))
    _unique(cells, "service id", [(s.get("id"), f"services[{i}].id") for i, s in enumerate(services)])
    spec["services"] = services

    scenarios: list[dict[str, Any]] = []
    by_name: dict[str, int] = {}
    for r, row in _rows(books, "scenarios", cells, required=False):
        if "scenario" not in row:
            raise cells.error("scenarios", r, None, "scenario", "every lever row needs its scenario's name")
        name = str(row.pop("scenario")[0])
        if name not in by_name:
            by_name[name] = len(scenarios)
            cells.at[f"scenarios[{len(scenarios)}]"] = ("scenarios", r, "A", "scenario")
            scenarios.append({"name": name, "levers": []})
        i = by_name[name]
        s = scenarios[i]
        if "description" in row:
            text, col = row.pop("description")
            here = f"scenarios[{i}].description"
            if "description" in s and s["description"] != str(text):
                _, r0, c0, _ = cells.at[here]
                raise cells.error(
                    "scenarios", r, col, "description",
                    f"a second description of scenario {name!r}, unlike the one in {c0}{r0}; keep one",
                )  # fmt: skip
            s["description"] = str(text)
            cells.at.setdefault(here, ("scenarios", r, col, "description"))
        if row:
            s["levers"].append(
                _record(cells, f"scenarios[{i}].levers[{len(s['levers'])}]", "scenarios", r, row, "lever")
            )
    spec["scenarios"] = scenarios

    _uncertain(books, cells, spec)
    _no_pending(cells, spec)
    budget_impacts = _budget_impacts(books, cells)
    if budget_impacts:
        spec["budget_impacts"] = budget_impacts
    return spec


def _budget_impacts(books: tuple[Any, Any], cells: _Cells) -> list[dict[str, Any]]:
    """Each row's JSON, the row's name kept in it (the name cell wins if both are given)."""
    import json

    sheet = "budget impacts"
    out: list[dict[str, Any]] = []
    names = []
    for r, row in _rows(books, sheet, cells, required=False):
        if "json" not in row:
            raise cells.error(sheet, r, None, "json", "every budget impact needs its 'json' cell")
        text, col = row["json"]
        try:
            entry = json.loads(str(text))
        except json.JSONDecodeError as e:
            raise cells.error(sheet, r, col, "json", f"not valid JSON ({e})") from None
        except RecursionError:
            raise cells.error(sheet, r, col, "json", "not valid JSON (nested too deeply)") from None
        if not isinstance(entry, dict):
            raise cells.error(sheet, r, col, "json", f"expected a JSON object, got {type(entry).__name__}")
        path = f"budget_impacts[{len(out)}]"
        if "name" in row:
            entry["name"] = str(row["name"][0])
            cells.at[f"{path}.name"] = (sheet, r, row["name"][1], "name")
        else:
            cells.at[f"{path}.name"] = (sheet, r, col, "json")
        cells.at[path] = (sheet, r, col, "json")
        names.append((entry.get("name") if isinstance(entry.get("name"), str) else None, f"{path}.name"))
        out.append(entry)
    _unique(cells, "budget impact", names)
    return out


def _uncertain(books: tuple[Any, Any], cells: _Cells, spec: dict[str, Any]) -> None:
    """Puts each row of the uncertain-inputs sheet into the value it names; one row a value."""
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
    done: dict[tuple[str, str, str], int] = {}
    for r, row in _rows(books, sheet, cells, required=False):
        for need in ("sheet", "id", "field", "dist"):
            if need not in row:
                raise cells.error(sheet, r, None, need, f"every uncertain input needs {need!r}")
        key = (str(row["sheet"][0]).strip(), str(row["id"][0]))
        if key not in targets:
            raise cells.error(sheet, r, row["id"][1], "id", f"no row {key[1]!r} on sheet {key[0]!r}")
        field = str(row["field"][0]).strip()
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
        if (*key, field) in done:
            raise cells.error(
                sheet, r, row["field"][1], "field",
                f"a second distribution for {field} of {key[1]!r} on sheet {key[0]!r}, also on row "
                f"{done[(*key, field)]}; keep one",
            )  # fmt: skip
        done[(*key, field)] = r
