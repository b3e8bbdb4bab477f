"""What every command of ``caretriangle`` shares: its exit codes, how a command is added (with an
example in its ``--help``), and how a file is read (TOML, JSON or the Excel workbook)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import caretriangle as ct

# Exit statuses, distinct so that a script can tell what went wrong.
EXIT_OK = 0
EXIT_INVALID = 2  # the input is at fault: the command line (argparse uses 2 too) or a file's figures
EXIT_UNREADABLE = 3  # a file cannot be read or written
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it
EXIT_PIPE_CLOSED = 141  # the reader of the output went away (`| head`): 128 + SIGPIPE

EXIT_CODES = f"""exit status:
  {EXIT_OK}    done
  {EXIT_INVALID}    invalid input: a command-line argument, a file's figures, a scenario or budget
       impact that cannot be applied (or is over the envelope under --strict)
  {EXIT_UNREADABLE}    a file cannot be read or written (missing, a folder, no permission)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C); a file being written is left as it was
  {EXIT_PIPE_CLOSED}  the output was closed early (e.g. piped into head)
  1    anything else: a bug, reported with its traceback"""

FILE_HELP = "economy file: .toml, .json or an Excel workbook (.xlsx) made from the template"

# The subparsers object argparse gives; a command's `register` adds its parser to it.
Subparsers = Any
Handler = Callable[[argparse.Namespace], None]


def add_command(sub: Subparsers, name: str, *, help: str, example: str, handler: Handler) -> Any:
    """Adds the command ``name``, whose ``--help`` ends with ``example`` (one or more command
    lines, each with what it does) and the exit statuses; ``handler(args)`` runs it."""
    parser = sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog=f"example:\n{example}\n\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def load(path: str) -> ct.Economy:
    """The economy (with its kept scenarios and budget impacts) in the file at ``path``: a
    workbook is read with :func:`caretriangle.read_excel`, anything else by its suffix."""
    if Path(path).suffix.lower() == ".xlsx":
        economy: ct.Economy = ct.read_excel(path)
        return economy
    return ct.load_economy(os.fspath(path))


T = TypeVar("T")


class Failed(Exception):
    """The error of one scenario or budget impact (``what``, e.g. "scenario `skill mix`"), so
    that the message names the one at fault."""

    def __init__(self, what: str, cause: ct.CareTriangleError) -> None:
        super().__init__(f"{what}: {cause}")
        self.what = what
        self.cause = cause


def each(kind: str, names: Iterable[str], work: Callable[[str], T]) -> list[T]:
    """``work(name)`` for each name, in order; an error is raised as :class:`Failed`, naming
    the ``kind`` and ``name`` at fault."""
    done = []
    for name in names:
        try:
            done.append(work(name))
        except ct.CareTriangleError as e:
            raise Failed(f"{kind} `{name}`", e) from e
    return done


def exit_status(e: BaseException) -> int:
    """The exit status of an error: a file that cannot be read or written, or invalid input."""
    return EXIT_UNREADABLE if isinstance(e, OSError) else EXIT_INVALID
