"""Reading a workbook's cells: where each value came from, so that an error names its cell,
and what a cell's value becomes in the file format (used by `_excel_file` and `_excel_read`)."""

from __future__ import annotations

from typing import Any

from caretriangle._excel_layout import LISTS, NUMBERS, UNCERTAIN
from caretriangle.errors import CareTriangleError, WorkbookError

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


# ---------------------------------------------------------------------------------------
# Cells to the file format


def _value(cells: _Cells, sheet: str, r: int, header: str, cell: tuple[Any, str]) -> Any:
    """A cell's value as the file format wants it: a number, a text or a list."""
    v, col = cell
    if header == "amount" and str(v).strip() == "released":
        return "released"  # all the released money still unspent, not a sum
    if header in NUMBERS:
        if isinstance(v, bool) or not isinstance(v, int | float):
            try:
                return float(str(v).replace(",", "").replace("£", ""))
            except ValueError:
                raise cells.error(sheet, r, col, header, f"expected a number, got {v!r}") from None
        return float(v)
    if header in LISTS:
        parts = [p.strip() for p in str(v).split(";") if p.strip()]
        if header in ("into", "conditions"):
            return parts
        if header == "from_levers":
            # Levers by index (a whole number) or by name: "skill mix; 2".
            refs: list[int | str] = []
            for p in parts:
                try:
                    n = float(p)
                except ValueError:
                    refs.append(p)
                    continue
                if not n.is_integer():
                    raise cells.error(
                        sheet, r, col, header, f"expected lever indices or names separated by ';', got {v!r}"
                    )
                refs.append(int(n))
            return refs
        try:
            return [float(p) for p in parts]
        except ValueError:
            raise cells.error(
                sheet, r, col, header, f"expected numbers separated by ';', got {v!r}"
            ) from None
    if header in ("by", "use", "registers") and "=" in str(v):
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
