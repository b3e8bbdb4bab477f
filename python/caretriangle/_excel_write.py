"""Writing workbooks: cells that read back exactly, text a cell cannot keep refused, the input
sheets of an economy, a DataFrame as a sheet, and a safe save (used by `excel`)."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterable
from typing import Any

from caretriangle._atomic import atomic_file
from caretriangle._excel_layout import (
    COLUMNS,
    ECONOMY_KEYS,
    MAX_CELL_TEXT,
    SERVICE_OUTCOMES,
    UNCERTAIN,
    letter,
    openpyxl_module,
)
from caretriangle.display import cell_kinds
from caretriangle.errors import WorkbookError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = '"£"#,##0.00'
SHARE_FORMAT = "0.0%"


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


def _refuse_text(
    field: str, problem: str, fix: str = "shorten or clean the text", **where: Any
) -> WorkbookError:
    err = WorkbookError(f"{field}: {problem}; {fix}, or keep the economy as TOML")
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


def _check_list_cells(d: dict[str, Any]) -> None:
    """Ids that a list cell could not keep apart, refused by field before the file is touched:
    a list cell (a lever's `into`) separates its ids by ';', and weights by locality (`by`)
    are written `locality=weight; ...`, so an id holding ';' (or '=', in weights) would read
    back as other ids."""
    for i, scenario in enumerate(d.get("scenarios", [])):
        for j, lever in enumerate(scenario.get("levers", [])):
            for key, value in lever.items():
                if isinstance(value, list):
                    ids, marks = [(f"[{k}]", v) for k, v in enumerate(value)], ";"
                elif isinstance(value, dict):
                    ids, marks = [("", v) for v in value], ";="
                else:
                    continue
                for where, item in ids:
                    if isinstance(item, str) and (mark := next((m for m in marks if m in item), None)):
                        raise _refuse_text(
                            f"scenarios[{i}].levers[{j}].{key}{where}",
                            f"the id {item!r} holds {mark!r}, which separates the parts of a list cell",
                            fix="rename it",
                        )


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
    from caretriangle._excel_decisions import write_decisions  # it writes with _sheet, here

    d = economy.to_dict()
    # The budget impacts go in as JSON, which escapes any character; their cells are checked
    # by _sheet.
    _check_texts({k: v for k, v in d.items() if k != "budget_impacts"}, "")
    _check_list_cells(d)
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
        if isinstance(value, dict):
            # An uprating table of one's own: its JSON text in the cell, read back as such.
            value = json.dumps(value)
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
    if d.get("segments"):
        g_rows = [
            [plain("segments", g["id"], h, g.get(h)) for h in COLUMNS["segments"]] for g in d["segments"]
        ]
        _sheet(wb, "segments", COLUMNS["segments"], g_rows, {"id": 30, "name": 40, "use": 60})
    if d.get("conditions"):
        c_rows = [
            [plain("conditions", c["id"], h, c.get(h)) for h in COLUMNS["conditions"]]
            for c in d["conditions"]
        ]
        _sheet(wb, "conditions", COLUMNS["conditions"], c_rows, {"id": 30, "name": 40, "registers": 60})
    if d.get("outcomes"):
        o_rows = [[o.get(h) for h in COLUMNS["outcomes"]] for o in d["outcomes"]]
        _sheet(wb, "outcomes", COLUMNS["outcomes"], o_rows, {"id": 24, "name": 40})
        so_rows = []
        for s in d.get("services", []):
            # One row a service and outcome, in the outcomes' order of the file (its tables
            # are keyed by outcome id).
            ids = dict.fromkeys(k for f in SERVICE_OUTCOMES for k in s.get(f, {}))
            for o in ids:
                ident = f"{s['id']}: {o}"
                so_rows.append(
                    [s["id"], o]
                    + [plain("service outcomes", ident, f, s.get(f, {}).get(o)) for f in SERVICE_OUTCOMES]
                )
        _sheet(wb, "service outcomes", COLUMNS["service outcomes"], so_rows, {"service": 34, "outcome": 24})
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
    write_decisions(wb, d)
    _sheet(wb, "uncertain inputs", COLUMNS["uncertain inputs"], uncertain, {"id": 34})

    bi_rows = []
    for i, b in enumerate(d.get("budget_impacts", [])):
        _check_texts(b["name"], f"budget_impacts[{i}].name")
        text = json.dumps(b, ensure_ascii=False)
        if problem := _text_problem(text):
            raise _refuse_text(f"budget_impacts[{i}]", problem)
        bi_rows.append([b["name"], text])
    _sheet(wb, "budget impacts", COLUMNS["budget impacts"], bi_rows, {"name": 50, "json": 100})


def _frame_sheet(wb: Any, title: str, df: Any) -> None:
    """A DataFrame as a sheet: its index first (several columns for a MultiIndex). Money and
    shares take their number formats from the kinds the core gave the frame's columns."""
    cells = cell_kinds(df)
    flat = df.reset_index()
    headers = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in flat.columns]
    rows = [[None if v != v else v for v in row] for row in flat.itertuples(index=False)]  # NaN → blank
    ws = _sheet(wb, title, headers, rows)
    shown = {"money": MONEY_FORMAT, "share": SHARE_FORMAT}
    # Each figure by its kind: its column's, or its row's where the rows are different outputs.
    first = flat.shape[1] - df.shape[1] + 1
    for i, col in enumerate(df.columns, start=first):
        for (c,), kind in zip(ws.iter_rows(min_row=2, min_col=i, max_col=i), cells[col], strict=True):
            if kind in shown:
                c.number_format = shown[kind]


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


# The document's times and every zip member's: a workbook made twice from the same economy is
# the same bytes (openpyxl stamps the time of saving in both places).
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry FIXED_TIME rather than the time they were written."""

    def writestr(
        self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME)
            info.compress_type = self.compression if compress_type is None else compress_type
            info.external_attr = 0o600 << 16  # as zipfile gives a member written from text
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        # openpyxl writes each sheet to a temporary file first: its bytes, not its file time.
        with open(filename, "rb") as f:
            self.writestr(arcname or os.path.basename(filename), f.read(), compress_type, compresslevel)


def _write(wb: Any, f: Any) -> None:
    """openpyxl's save (Workbook.save would stamp the time of saving) into the open file."""
    import datetime

    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = wb.properties.modified = datetime.datetime(*FIXED_TIME)
    with _FixedTimeZip(f, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()


def _save(wb: Any, path: str | os.PathLike[str]) -> None:
    # Whole or not at all: see caretriangle._atomic.
    with atomic_file(path) as f:
        _write(wb, f)
