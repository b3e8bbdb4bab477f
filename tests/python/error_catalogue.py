"""The machinery of the error catalogue's tests (test_error_catalogue.py and
test_error_catalogue_interrupted.py): the functions that trigger the entries of
docs/errors.md, and `catalogue`, which reads docs/errors.md (the one place that does).

Figures: the shipped North of Tyne example (see examples/north_of_tyne.toml for sources) and
its workbook, examples/north_of_tyne.xlsx.
"""

from __future__ import annotations

import _thread
import os
import re
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl

import caretriangle as ct

# The one-service economy of many cases: a health trainer at the YOC rate, £11.45 an hour
# (c. 2010/11).
MINIMAL = """name = "x"
envelope = 1000
price_year = "2023/24"

[[services]]
id = "health_trainer"
corner = "community_self_management"
provider = "third_sector"
unit = "hour"
unit_cost = 11.45
activity = 10
"""
SERVICE = MINIMAL[MINIMAL.index("[[services]]") :]
# The minimal economy with an outcome: each person the health trainer reaches is supported.
OUTCOMES = MINIMAL + (
    "units_per_person = 2\n"
    "outcomes_per_person = { people_supported = 1 }\n\n"
    "[[outcomes]]\n"
    'id = "people_supported"\n'
)

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "docs" / "errors.md"
TEMPLATE = ROOT / "examples" / "north_of_tyne.xlsx"


def toml(text: str) -> Callable[[], object]:
    return lambda: ct.Economy.from_toml(text, file="e.toml")


def example() -> ct.Economy:
    return ct.examples.north_of_tyne()


def scenario_on_example(scn: Callable[[ct.Scenario], ct.Scenario], **kw) -> Callable[[], object]:
    return lambda: example().apply(scn(ct.Scenario("s")), **kw)


def monte_carlo(**kw) -> Callable[[], object]:
    return lambda: ct.MonteCarlo(example(), **kw)


def with_dict(change: Callable[[dict], None]) -> Callable[[], object]:
    def make():
        d = example().to_dict()
        change(d)
        return ct.Economy.from_dict(d)

    return make


def many_services(d: dict) -> None:
    d["services"] = [dict(d["services"][0], id=f"s{i}") for i in range(100_001)]
    d["scenarios"] = []


def many_localities(d: dict) -> None:
    d["localities"] = [{"id": f"l{i}", "register": 1} for i in range(10_001)]
    d["services"] = d["scenarios"] = []


def write(name: str, data: bytes) -> Callable[[], object]:
    def load():
        Path(name).write_bytes(data)
        return ct.load_economy(name)

    return load


def oversize() -> None:
    with open("big.toml", "wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used
    ct.load_economy("big.toml")


def directory() -> None:
    Path("folder.toml").mkdir()
    ct.load_economy("folder.toml")


def fifo() -> None:
    os.mkfifo("pipe.toml")
    ct.load_economy("pipe.toml")


def interrupted() -> None:
    """A run interrupted as Ctrl-C would: `interrupt_main` sets the flag the run checks."""
    mc = ct.MonteCarlo(example(), iterations=500_000_000, keep_samples=False, seed=1)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        mc.run()
    finally:
        timer.cancel()


# Workbooks: the shipped template, changed as a person (or a damaged disk) would.


def edited(change: Callable[[openpyxl.Workbook], None], strip_range: bool = False) -> Callable[[], object]:
    """The template with `change` made in openpyxl, saved as e.xlsx and read; `strip_range`
    takes out each sheet's declared used range (<dimension>), as some writers leave it out."""

    def load():
        wb = openpyxl.load_workbook(TEMPLATE)
        change(wb)
        wb.save("e.xlsx")
        if strip_range:
            rezip("e.xlsx", lambda name, data: re.sub(rb"<dimension [^>]*/>", b"", data))
        return ct.read_excel("e.xlsx")

    return load


def rezip(path: str, change: Callable[[str, bytes], bytes | None], source: Path | None = None) -> None:
    """Rewrites a zip member by member: `change(name, data)` gives the new data, None drops it."""
    with zipfile.ZipFile(source or path) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            if (new := change(name, data)) is not None:
                z.writestr(name, new)


def damaged(change: Callable[[str, bytes], bytes | None]) -> Callable[[], object]:
    def load():
        rezip("e.xlsx", change, source=TEMPLATE)
        return ct.read_excel("e.xlsx")

    return load


def cells(sheet: str, **values) -> Callable[[openpyxl.Workbook], None]:
    def change(wb):
        for cell, value in values.items():
            wb[sheet][cell] = value

    return change


def workbook_oversize() -> None:
    with open("big.xlsx", "wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used
    ct.read_excel("big.xlsx")


def workbook_folder() -> None:
    Path("folder.xlsx").mkdir()
    ct.read_excel("folder.xlsx")


def workbook_fifo() -> None:
    os.mkfifo("pipe.xlsx")
    ct.read_excel("pipe.xlsx")


def workbook_bomb() -> None:
    """The template and 257 MiB of zeros, which deflate to about 1 MB."""
    Path("e.xlsx").write_bytes(TEMPLATE.read_bytes())
    with zipfile.ZipFile("e.xlsx", "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("xl/media/padding.bin", "w", force_zip64=True) as f:
            for _ in range(257):
                f.write(bytes(1 << 20))
    ct.read_excel("e.xlsx")


def workbook_many_files() -> None:
    with zipfile.ZipFile("e.xlsx", "w") as z:
        for i in range(10_001):
            z.writestr(f"f{i}", b"")
    ct.read_excel("e.xlsx")


def localities_changed(change: Callable[[bytes], bytes]) -> Callable[[], object]:
    """The template with its localities sheet's XML changed (sheet3: three localities)."""
    return damaged(lambda name, data: change(data) if name == "xl/worksheets/sheet3.xml" else data)


def row_3_after_row_4(data: bytes) -> bytes:
    row3 = re.search(rb'<row r="3">.*?</row>', data)
    assert row3 is not None
    return data.replace(row3.group(), b"").replace(b"</sheetData>", row3.group() + b"</sheetData>")


def cells_of_row_3_reversed(data: bytes) -> bytes:
    row3 = re.search(rb'<row r="3">.*?</row>', data)
    assert row3 is not None
    cells = re.findall(rb"<c .*?</c>", row3.group())
    return data.replace(row3.group(), b'<row r="3">' + b"".join(reversed(cells)) + b"</row>")


def merged(wb: openpyxl.Workbook) -> None:
    wb["localities"].merge_cells("D2:D3")


def id_with_separator() -> None:
    d = example().to_dict()
    d.pop("budget_impacts", None)
    for s in d["services"]:
        if s["id"] == "health_trainer":
            s["id"] = "health;trainer"
    lever = {
        "lever": "reinvest",
        "amount": 100.0,
        "into": ["specialist_dietitian", "health;trainer"],
        "by": "equal",
    }
    d["scenarios"] = [{"name": "split", "levers": [lever]}]
    ct.Economy.from_dict(d).to_excel("e.xlsx")


def panic() -> None:
    ct._core._panic_for_test("a test of the guard")


def half(name: str, data: bytes) -> bytes:
    return data[: len(data) // 2] if name == "xl/worksheets/sheet5.xml" else data  # services


def long_text(text: str) -> Callable[[], object]:
    def save():
        d = example().to_dict()
        d["services"][0]["source"] = text
        ct.Economy.from_dict(d).to_excel("e.xlsx")

    return save


def duplicate_uncertain(wb: openpyxl.Workbook) -> None:
    ws = wb["uncertain inputs"]
    ws.append([c.value for c in ws[3]])


def result_of_wrong_shape() -> None:
    res = ct.MonteCarlo(example(), iterations=200, seed=1).run()
    study, summaries = res.__reduce__()[1][:2]
    ct.MonteCarloResult._from_state(study, summaries, np.zeros((3, 2)), None)


def circular_dict() -> None:
    data = example().to_dict()
    data["self"] = data
    ct.Economy.from_dict(data)


def deep_dict() -> None:
    deep: dict = {}
    cur = deep
    for _ in range(100_000):
        cur["a"] = {}
        cur = cur["a"]
    ct.Economy.from_dict(deep)


def catalogue() -> dict[str, tuple[str, str]]:
    """Entry id → (exception class, example message), read from docs/errors.md."""
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = re.findall(
        r"^### `([a-z0-9-]+)`\n+\*\*(\w+)\*\*[^\n]*\n+```text\n(.*?)\n```", text, re.M | re.S
    )
    headings = re.findall(r"^### ", text, re.M)
    assert len(entries) == len(headings), "an entry in docs/errors.md is not laid out as the others"
    return {eid: (cls, message) for eid, cls, message in entries}


def matches(example: str, message: str) -> bool:
    """The message equals the example, where `…` in the example stands for any text."""
    pattern = ".*?".join(re.escape(part) for part in example.split("…"))
    return re.fullmatch(pattern, message, re.S) is not None
