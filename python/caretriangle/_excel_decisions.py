"""The optimiser's and the options' sheets of an economy's workbook (issue 15): `staff groups`
(one row a group), `staff minutes` (one row a service and staff group, as `service outcomes`
is for outcomes), and the key/value sheets `optimise` and `options` (as the `economy` sheet),
so that a workbook carries everything a file does. Used by `_excel_write` and `_excel_read`.

A table of figures is one cell, `community_self_management=12000; clinical=5000`; a list of
names is one cell, `offer to 500 more; grow peer support`; the groups of options that exclude
each other are a row each: `exclusive.1` on the optimise sheet (its groups have no names),
`exclusive.desmond` on the options sheet (its groups are named)."""

from __future__ import annotations

from typing import Any

from caretriangle._excel_cells import _Cells, _record, _unique
from caretriangle._excel_file import _rows
from caretriangle._excel_layout import COLUMNS, FIELDS
from caretriangle._excel_write import _refuse_text, _sheet

# The key/value sheets and the file's table each lays out, with the fields in the file's order.
TABLES = {"optimise": FIELDS["optimise"], "options": FIELDS["options"]}
GROUPS = "exclusive"  # a row a group of options that exclude each other


# ---------------------------------------------------------------------------------------
# Writing


def _names(path: str, names: Any, marks: str) -> None:
    """Ids a cell could not keep apart (`;` separates a list's parts, `=` a table's id from
    its figure), refused by their field before the file is touched."""
    for i, name in enumerate(names):
        if isinstance(name, str) and (mark := next((m for m in marks if m in name), None)):
            raise _refuse_text(
                f"{path}[{i}]",
                f"the id {name!r} holds {mark!r}, which separates the parts of a cell",
                fix="rename it",
            )


def _table_rows(part: str, table: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for field, kind in TABLES[part].items():
        value = table.get(field)
        if value is None or value == [] or value == {}:
            continue
        path = f"{part}.{field}"
        if field == GROUPS:
            groups = value.items() if isinstance(value, dict) else enumerate(value, start=1)
            for name, group in groups:
                _names(path, [name], ";=")
                _names(f"{path}.{name}", group, ";")
                rows.append([f"{field}.{name}", group])
        else:
            if kind == "list":
                _names(path, value, ";")
            elif kind == "object":
                _names(path, list(value), ";=")
            rows.append([field, value])
    return rows


def write_decisions(wb: Any, d: dict[str, Any]) -> None:
    """The staff groups, the services' staff minutes, `[optimise]` and `[options]` of the
    economy's dict `d`, each a sheet when the economy has it."""
    if d.get("staff_groups"):
        rows = [[g.get(h) for h in COLUMNS["staff groups"]] for g in d["staff_groups"]]
        _sheet(wb, "staff groups", COLUMNS["staff groups"], rows, {"id": 24, "name": 36})
    # One row a service and staff group, in the file's order of each service's table.
    rows = [[s["id"], g, m] for s in d.get("services", []) for g, m in s.get("staff_minutes", {}).items()]
    if rows:
        _sheet(wb, "staff minutes", COLUMNS["staff minutes"], rows, {"service": 34, "staff_group": 24})
    for part in TABLES:
        if d.get(part) is not None:
            _sheet(wb, part, ["key", "value"], _table_rows(part, d[part]), {"key": 30, "value": 70})


# ---------------------------------------------------------------------------------------
# Reading


def _number_of(cells: _Cells, where: tuple[str, int, str, str], v: Any) -> float:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    try:
        return float(str(v).replace(",", "").replace("£", ""))
    except ValueError:
        raise cells.error(*where, f"expected a number, got {v!r}") from None


def _cell_value(cells: _Cells, where: tuple[str, int, str, str], kind: str, v: Any) -> Any:
    """A cell of a key/value sheet as the file format wants it: a number, a text, a list of
    names (`a; b`) or a table of figures (`id=12000; id=500`)."""
    if kind == "number":
        return _number_of(cells, where, v)
    if kind == "list":
        return [p.strip() for p in str(v).split(";") if p.strip()]
    if kind == "object":
        table: dict[str, float] = {}
        for part in (p for p in str(v).split(";") if p.strip()):
            key, eq, figure = part.partition("=")
            if not eq or not key.strip():
                raise cells.error(*where, f"expected figures by id, 'id=12000; id=500', got {v!r}")
            table[key.strip()] = _number_of(cells, where, figure.strip())
        return table
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _table(books: tuple[Any, Any], cells: _Cells, part: str) -> dict[str, Any] | None:
    """A key/value sheet as its table (None when the workbook has no such sheet)."""
    if part not in books[0].sheetnames:
        return None
    fields = TABLES[part]
    out: dict[str, Any] = {}
    key_rows: dict[str, int] = {}
    cells.at[part] = (part, 1, "A", "key")
    for r, row in _rows(books, part, cells, required=False):
        if "key" not in row:
            raise cells.error(part, r, "A", "key", "a value with no key")
        key, key_col = str(row["key"][0]).strip(), row["key"][1]
        field, dot, name = key.partition(".")
        if field not in fields or bool(dot) != (field == GROUPS) or (dot and not name.strip()):
            known = ", ".join(f"{f}.NAME" if f == GROUPS else f for f in fields)
            raise cells.error(part, r, key_col, "key", f"unknown key {key!r}; keys: {known}")
        if key in key_rows:
            raise cells.error(
                part, r, key_col, "key", f"key {key!r} given twice, also on row {key_rows[key]}"
            )
        key_rows[key] = r
        if "value" not in row:
            continue
        v, col = row["value"]
        where = (part, r, col, key)
        if field == GROUPS:
            group = _cell_value(cells, where, "list", v)
            if fields[GROUPS] == "object":  # the options' groups, by name
                out.setdefault(GROUPS, {})[name.strip()] = group
                cells.at[f"{part}.{GROUPS}.{name.strip()}"] = where
            else:
                cells.at[f"{part}.{GROUPS}[{len(out.get(GROUPS, []))}]"] = where
                out.setdefault(GROUPS, []).append(group)
            cells.at.setdefault(f"{part}.{GROUPS}", where)
        else:
            out[field] = _cell_value(cells, where, fields[field], v)
            cells.at[f"{part}.{field}"] = where
    return out


def _staff_minutes(books: tuple[Any, Any], cells: _Cells, services: list[dict[str, Any]]) -> None:
    """Each row's minutes into its service's `staff_minutes` table, its cell recorded so that
    the core's checks (an unknown staff group, a negative figure) name it."""
    sheet = "staff minutes"
    index = {str(s.get("id")): i for i, s in enumerate(services)}
    seen: dict[tuple[str, str], int] = {}
    for r, row in _rows(books, sheet, cells, required=False):
        for need in ("service", "staff_group"):
            if need not in row:
                raise cells.error(sheet, r, None, need, f"every row needs its {need.replace('_', ' ')}'s id")
        service, group = str(row["service"][0]), str(row["staff_group"][0])
        if service not in index:
            known = ", ".join(index)
            raise cells.error(
                sheet, r, row["service"][1], "service", f"unknown service {service!r}; known: {known}"
            )
        if (service, group) in seen:
            raise cells.error(
                sheet, r, row["staff_group"][1], "staff_group",
                f"service {service!r} and staff group {group!r} given twice, also on row "
                f"{seen[(service, group)]}; keep one",
            )  # fmt: skip
        seen[(service, group)] = r
        if "staff_minutes" not in row:
            raise cells.error(
                sheet, r, None, "staff_minutes",
                f"service {service!r} and staff group {group!r} with no minutes; give them, or "
                "delete the row",
            )  # fmt: skip
        v, col = row["staff_minutes"]
        i = index[service]
        where = (sheet, r, col, "staff_minutes")
        services[i].setdefault("staff_minutes", {})[group] = _number_of(cells, where, v)
        cells.at[f"services[{i}].staff_minutes.{group}"] = where
        cells.at.setdefault(f"services[{i}].staff_minutes", where)


def read_decisions(books: tuple[Any, Any], cells: _Cells, spec: dict[str, Any]) -> None:
    """The staff groups, staff minutes, `[optimise]` and `[options]` sheets into `spec`."""
    groups: list[dict[str, Any]] = []
    for r, row in _rows(books, "staff groups", cells, required=False):
        groups.append(_record(cells, f"staff_groups[{len(groups)}]", "staff groups", r, row, "id"))
    _unique(cells, "staff group", [(g.get("id"), f"staff_groups[{i}].id") for i, g in enumerate(groups)])
    if groups:
        spec["staff_groups"] = groups
    _staff_minutes(books, cells, spec["services"])
    for part in TABLES:
        table = _table(books, cells, part)
        if table is not None:
            spec[part] = table
