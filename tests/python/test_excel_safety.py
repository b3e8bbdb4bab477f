"""Workbook saves are atomic: a failed save leaves the old workbook whole and no temp file;
permissions are kept; errors are CareTriangleIOError naming the path."""

from __future__ import annotations

import os

import openpyxl
import pytest

import caretriangle as ct


def test_failed_save_keeps_old_workbook_and_leaves_no_temp(tmp_path, monkeypatch):
    econ = ct.examples.north_of_tyne()
    path = tmp_path / "economy.xlsx"
    econ.to_excel(path)
    good = path.read_bytes()

    def half(self, f):
        f.write(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", half)
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


def test_text_beginning_with_equals_is_written_as_text(tmp_path):
    import zipfile

    d = ct.examples.north_of_tyne().to_dict()
    name = '=HYPERLINK("http://x")'
    d["services"][0]["name"] = name
    econ = ct.Economy.from_dict(d)
    path = tmp_path / "e.xlsx"
    econ.to_excel(path)
    assert ct.read_excel(path).to_dict()["services"][0]["name"] == name
    with zipfile.ZipFile(path) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml
    assert (
        b'<c r="B2" t="inlineStr"><is><t>=HYPERLINK(&quot;' in xml
        or b't="inlineStr"><is><t>=HYPERLINK(' in xml
    )
