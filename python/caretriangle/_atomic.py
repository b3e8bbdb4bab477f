"""Saving a file whole or not at all: workbooks and Parquet samples are written here.

The new file is written to a temp file made exclusively, with an unpredictable name, in the
target's folder (so the final rename stays on one file system and is atomic); it is fsynced,
given the old file's permissions (a new file those the umask gives), then renamed over the
target. A crash, a full disk, an error or an interrupt (Ctrl-C) part way leaves the old file
whole and no temp file behind. A symlink is written through: its target is replaced and the
link kept.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from caretriangle.errors import CareTriangleIOError, InvalidValueError


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write the new contents of ``path`` to; ``path`` is replaced when the
    block ends without an exception. OS errors become a CareTriangleIOError naming the path."""
    shown = path_text(path)
    target = os.path.realpath(shown)
    tmp = None
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            # A new file gets the permissions any new file gets here (the temp file's 0600 would
            # hide it from colleagues who share the folder).
            umask = os.umask(0o022)
            os.umask(umask)
            mode = 0o666 & ~umask
        # Named `.{name}.*.tmp`, as the core's saves name theirs, so that the next save of the
        # same file finds what a killed one left.
        folder, prefix = os.path.dirname(target) or ".", f".{os.path.basename(target)}."
        _remove_stale(folder, prefix)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
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


STALE_SECONDS = 15 * 60  # older than any save in progress (src/save.rs: STALE)


def _remove_stale(folder: str, prefix: str) -> None:
    """Removes temp files of earlier saves of the same file that a killed process left."""
    import time

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if (
                entry.name.startswith(prefix)
                and entry.name.endswith(".tmp")
                and entry.is_file(follow_symlinks=False)
                and time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            ):
                os.unlink(entry.path)
        except OSError:
            pass


def path_text(path: Any) -> str:
    """A file's path as text, or an InvalidValueError naming `path` in the words of the
    core's loaders (os.fspath raised TypeError for None; a lone surrogate failed later)."""
    expected = "a path (text or a pathlib.Path)"
    try:
        text = os.fspath(path)
        if isinstance(text, str):
            expected = "text that is valid Unicode"
            text.encode("utf-8")
            return text
    except (TypeError, UnicodeEncodeError):
        pass
    shown = repr(path)
    shown = shown if len(shown) <= 60 else f"{shown[:60]}… ({len(shown)} characters)"
    err = InvalidValueError(f"path must be {expected}, got {shown}")
    err.field = "path"
    raise err
