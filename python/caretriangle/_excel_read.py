"""Reading a workbook into an economy (`caretriangle.excel.read_excel`), as safely as a TOML file.

The file is checked before openpyxl sees it: a regular file (a pipe would hang the open and
``/dev/zero`` never ends), at most 64 MiB as the TOML and JSON loaders allow, read to at most one
byte past that; a zip whose members unpack to at most 256 MiB. Each sheet read holds at most
2,000,000 cells, by its declared used range and by the cells met, so that a one-cell workbook
reaching XFD1048576 is refused at once rather than read for minutes. Anything openpyxl, zipfile or
the XML parser raises on a damaged file becomes a `WorkbookError` naming the file and the sheet.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any

from caretriangle._atomic import path_text
from caretriangle._excel_cells import _Cells, _no_pending, _record, _unique, _value
from caretriangle._excel_decisions import read_decisions
from caretriangle._excel_file import _books, _read_bytes, _rows
from caretriangle._excel_layout import COLUMNS, ECONOMY_KEYS, NUMBERS, SERVICE_OUTCOMES
from caretriangle.errors import CareTriangleError


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

    cells = _Cells(path_text(path))
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
        elif key == "uprating" and isinstance(value, str) and value.lstrip().startswith("{"):
            # A table of one's own, written as its JSON text (see `_excel_write`).
            try:
                spec[key] = json.loads(value)
            except json.JSONDecodeError as e:
                raise cells.error("economy", r, row["value"][1], key, f"not a JSON table: {e}") from None
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

    segments: list[dict[str, Any]] = []
    for r, row in _rows(books, "segments", cells, required=False):
        segments.append(_record(cells, f"segments[{len(segments)}]", "segments", r, row, "id"))
    if segments:
        spec["segments"] = segments
    conditions: list[dict[str, Any]] = []
    for r, row in _rows(books, "conditions", cells, required=False):
        conditions.append(_record(cells, f"conditions[{len(conditions)}]", "conditions", r, row, "id"))
    if conditions:
        spec["conditions"] = conditions

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

    outcomes: list[dict[str, Any]] = []
    for r, row in _rows(books, "outcomes", cells, required=False):
        outcomes.append(_record(cells, f"outcomes[{len(outcomes)}]", "outcomes", r, row, "id"))
    if outcomes:
        spec["outcomes"] = outcomes
    produced = _service_outcomes(books, cells, services)

    _uncertain(books, cells, spec, produced)
    _fold_service_outcomes(cells, services, produced)
    read_decisions(books, cells, spec)
    _no_pending(cells, spec)
    budget_impacts = _budget_impacts(books, cells)
    if budget_impacts:
        spec["budget_impacts"] = budget_impacts
    return spec


def _budget_impacts(books: tuple[Any, Any], cells: _Cells) -> list[dict[str, Any]]:
    """Each row's JSON, the row's name kept in it (the name cell wins if both are given)."""

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


# A row of the service-outcomes sheet: its service's index, the row's index on the sheet, and
# its values.
_Produced = tuple[int, int, dict[str, Any]]


def _service_outcomes(
    books: tuple[Any, Any], cells: _Cells, services: list[dict[str, Any]]
) -> list[_Produced]:
    """The rows of the service-outcomes sheet, each with the index of its service."""
    sheet = "service outcomes"
    index = {str(s.get("id")): i for i, s in enumerate(services)}
    out: list[_Produced] = []
    seen: dict[tuple[str, str], int] = {}
    for r, row in _rows(books, sheet, cells, required=False):
        for need in ("service", "outcome"):
            if need not in row:
                raise cells.error(sheet, r, None, need, f"every row needs its {need}'s id")
        service, outcome = str(row["service"][0]), str(row["outcome"][0])
        if service not in index:
            raise cells.error(
                sheet,
                r,
                row["service"][1],
                "service",
                f"unknown service {service!r}; known: {', '.join(index)}",
            )
        if (service, outcome) in seen:
            raise cells.error(
                sheet, r, row["outcome"][1], "outcome",
                f"service {service!r} and outcome {outcome!r} given twice, also on row "
                f"{seen[(service, outcome)]}; keep one",
            )  # fmt: skip
        seen[(service, outcome)] = r
        if not any(f in row for f in SERVICE_OUTCOMES):
            # A figure left blank would drop the row without a word.
            raise cells.error(
                sheet, r, None, None,
                f"service {service!r} and outcome {outcome!r} with no figure; give "
                f"{' or '.join(SERVICE_OUTCOMES)}, or delete the row",
            )  # fmt: skip
        path = f"service_outcomes[{len(out)}]"
        out.append((index[service], len(out), _record(cells, path, sheet, r, row, "service")))
    return out


def _fold_service_outcomes(cells: _Cells, services: list[dict[str, Any]], produced: list[_Produced]) -> None:
    """Each row's figures into its service's tables (`outcomes_per_person = { qalys = ... }`),
    each figure's cell recorded under its path so that the core's checks name it."""
    for i, n, row in produced:
        outcome = row["outcome"]
        for field in SERVICE_OUTCOMES:
            if field in row:
                services[i].setdefault(field, {})[outcome] = row[field]
                # The figure's cell, or its row on the uncertain-inputs sheet.
                cell = cells.at[f"service_outcomes[{n}].{field}"]
                cells.at[f"services[{i}].{field}.{outcome}"] = cell
                cells.at.setdefault(f"services[{i}].{field}", cell)


def _uncertain(
    books: tuple[Any, Any], cells: _Cells, spec: dict[str, Any], produced: list[_Produced] | None = None
) -> None:
    """Puts each row of the uncertain-inputs sheet into the value it names; one row a value."""
    sheet = "uncertain inputs"
    targets: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for _, n, row in produced or []:
        targets[("service outcomes", f"{row['service']}: {row['outcome']}")] = (row, f"service_outcomes[{n}]")
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
