"""Workbook saves are atomic: a failed save leaves the old workbook whole and no temp file;
permissions are kept; errors are CareTriangleIOError naming the path."""

from __future__ import annotations

import os

import openpyxl.writer.excel
import pytest

import caretriangle as ct


def test_failed_save_keeps_old_workbook_and_leaves_no_temp(tmp_path, monkeypatch):
    econ = ct.examples.north_of_tyne()
    path = tmp_path / "economy.xlsx"
    econ.to_excel(path)
    good = path.read_bytes()

    def half(self):
        self._archive.writestr("xl/workbook.xml", b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.writer.excel.ExcelWriter, "save", half)
    with pytest.raises(ct.CareTriangleIOError, match=r"economy\.xlsx: No space left on device"):
        econ.to_excel(path)
    assert path.read_bytes() == good
    assert sorted(os.listdir(tmp_path)) == ["economy.xlsx"]


def test_permissions_kept_and_missing_folder_typed(tmp_path):
    econ = ct.examples.north_of_tyne()
    path = tmp_path / "economy.xlsx"
    econ.to_excel(path)
    os.chmod(path, 0o600)
    econ.to_excel(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert ct.read_excel(path) == econ
    with pytest.raises(ct.CareTriangleIOError):
        econ.to_excel(tmp_path / "no_such_folder" / "e.xlsx")


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://x")', "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1+1"],
)
def test_text_a_spreadsheet_would_run_is_written_as_text(tmp_path, name):
    """Text that begins as a formula does (=, +, -, @, a tab) is a text cell, never a formula,
    and reads back as it was (a carriage return is refused: entry workbook-control-character)."""
    import json
    import zipfile

    # As a name, and as an id (with every reference to it).
    text = ct.examples.north_of_tyne().to_json()
    d = json.loads(text.replace('"diabetes_specialist_nursing"', json.dumps(name.strip())))
    d["services"][0]["name"] = name
    econ = ct.Economy.from_dict(d)
    path = tmp_path / "e.xlsx"
    econ.to_excel(path)
    assert ct.read_excel(path) == econ
    with zipfile.ZipFile(path) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml
    # openpyxl reads a formula cell as its formula text: none here is one.
    wb = openpyxl.load_workbook(path)
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_saving_twice_gives_the_same_bytes(tmp_path):
    """openpyxl stamps the time of saving in docProps/core.xml (to the second) and on every zip
    member: the same economy saved a second later gave a different file. The times are fixed."""
    import time

    econ = ct.examples.north_of_tyne()
    res = econ.apply("skill mix")
    econ.to_excel(tmp_path / "a.xlsx")
    res.to_excel(tmp_path / "ra.xlsx")
    time.sleep(2.1)  # past both clocks' resolution (zip times are kept to 2 seconds)
    econ.to_excel(tmp_path / "b.xlsx")
    res.to_excel(tmp_path / "rb.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert (tmp_path / "ra.xlsx").read_bytes() == (tmp_path / "rb.xlsx").read_bytes()
    assert ct.read_excel(tmp_path / "b.xlsx") == econ


def test_temp_files_of_a_killed_save_are_removed_by_the_next(tmp_path):
    """A save killed between making its temp file and renaming it leaves `.e.xlsx.*.tmp`; the
    next save of e.xlsx removes those over 15 minutes old (a fresh one may be another save in
    progress) and leaves other files alone. Before, each killed save left one for ever."""
    import time

    econ = ct.examples.north_of_tyne()
    old, fresh, other = (tmp_path / n for n in (".e.xlsx.a1b2c3.tmp", ".e.xlsx.d4e5f6.tmp", ".f.xlsx.x.tmp"))
    for p in (old, fresh, other):
        p.write_bytes(b"PK half a workbook")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    econ.to_excel(tmp_path / "e.xlsx")
    assert sorted(os.listdir(tmp_path)) == [".e.xlsx.d4e5f6.tmp", ".f.xlsx.x.tmp", "e.xlsx"]
    # A save leaves none of its own: the temp file it made is now e.xlsx.
    fresh.unlink()
    econ.to_excel(tmp_path / "e.xlsx")
    assert sorted(os.listdir(tmp_path)) == [".f.xlsx.x.tmp", "e.xlsx"]
