"""Reading a workbook file within the limits (see `_excel_read`): the file and the zip before
openpyxl sees them, then each sheet's rows."""

from __future__ import annotations

import functools
import io
import os
import re
import stat
import zipfile
from typing import Any

from caretriangle._excel_cells import Row, _Cells
from caretriangle._excel_layout import COLUMNS, letter, openpyxl_module
from caretriangle.errors import WorkbookError

MAX_FILE_BYTES = 64 * 1024 * 1024  # the TOML and JSON loaders' limit (io::MAX_FILE_BYTES)
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # what the zip's members may unpack to, all together
MAX_MEMBERS = 10_000  # files inside the zip (an economy's workbook has about 20)
MAX_SHEET_CELLS = 2_000_000  # rows × columns of one sheet: 100,000 services × 15 columns fit


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

# In a sheet's XML, each row's and each cell's start tag with its reference (r="7", r="B7":
# letters and digits), where the writer gave one, and each merged range's, in the order stored.
_PLACES = re.compile(
    rb"<(?:\w+:)?(?:(row)\b(?:[^>]*?\sr=[\"'](\d+)[\"'])?"
    rb"|(c)\b(?:[^>]*?\sr=[\"']([A-Z]+)(\d+)[\"'])?"
    rb"|(mergeCell)\b[^>]*?\sref=[\"']([^\"']*)[\"'])[^>]*>"
)


@functools.lru_cache(maxsize=4096)
def _column(letters: bytes) -> int:
    """The number of column `letters` (from 1): A is 1, AA is 27."""
    n = 0
    for b in letters:
        n = n * 26 + b - 64
    return n


def _places(ws: Any) -> Any:
    """The sheet's rows, cells and merged ranges as _PLACES finds them, read in 1 MiB pieces."""
    with ws._get_source() as f:
        tail = b""
        while True:
            chunk = f.read(1 << 20)
            text = tail + chunk
            cut = text.rfind(b"<") if chunk else -1  # a tag that may go on in the next piece waits
            text, tail = (text[:cut], text[cut:]) if cut >= 0 else (text, b"")
            yield from _PLACES.findall(text)
            if not chunk:
                return


def _check_layout(ws: Any, sheet: str, cells: _Cells) -> None:
    """Refuses what openpyxl would read wrongly without a word: a row stored at or before the
    one above it (openpyxl drops it), a cell stored left of the one before it in its row (it
    drops it) or under another row's number (it moves it), and merged cells (only the first
    holds the value; the others read as blank). Excel never writes the first two; a program
    or a damaged file can. Rows and cells without a reference are counted, as openpyxl does."""
    row = col = 0
    for is_row, number, is_cell, letters, digits, is_merge, merged in _places(ws):
        if is_row:
            at = int(number) if number else row + 1
            if at <= row:
                raise cells.error(
                    sheet, at, None, None,
                    f"row {at} is stored after row {row} (out of order, or twice), and would be "
                    "dropped; open the workbook in Excel and save it again",
                )  # fmt: skip
            row, col = at, 0
        elif is_cell and letters:
            c, r = _column(letters), int(digits)
            if r != row or c <= col:
                ref = f"{letters.decode()}{r}"
                where = f"in row {row}" if r != row else f"after {letter(col)}{row}"
                raise cells.error(
                    sheet, row, letter(c), None,
                    f"cell {ref} is stored {where}, and would be moved or dropped; open the "
                    "workbook in Excel and save it again",
                )  # fmt: skip
            col = c
        elif is_cell:
            col += 1
        elif is_merge:
            from openpyxl.utils.cell import range_boundaries

            ref = merged.decode("ascii", "replace")
            c1, r1, *_ = range_boundaries(ref)
            raise cells.error(
                sheet, r1, letter(c1), None,
                f"merged cells {ref}: only the first holds a value and the others would read as "
                "blank; unmerge them and type the value in each cell",
            )  # fmt: skip


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
    try:
        _check_layout(values_ws, sheet, cells)
    except WorkbookError:
        raise
    except Exception as e:
        raise cells.error(sheet, None, None, None, f"damaged ({_reason(e)}); save the workbook again") from e
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
