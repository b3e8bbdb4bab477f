"""The page: sections of words, figures and tables, laid out by one Jinja2 template.

Jinja2 escapes every value it is given (autoescape), so a name such as ``<script>`` in a
scenario is shown as text: only the tables (pandas' HTML, which escapes cells and labels)
and the figures (data URIs made here) go in as markup. The page asks for nothing over the
network: no fonts, scripts or styles from elsewhere, figures as SVG data URIs with their
text drawn as paths.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pandas as pd
from markupsafe import Markup

from caretriangle.display import _SHOWN, column_kinds


@dataclass(frozen=True)
class Image:
    """A figure as an SVG data URI."""

    uri: str
    alt: str
    wide: bool = False  # the page's full width (two diagrams side by side)


@dataclass(frozen=True)
class Table:
    caption: str
    html: Markup


@dataclass(frozen=True)
class Card:
    """A key figure of the headline: a label and its value."""

    label: str
    value: str
    tone: str = ""  # "good", "bad" or ""


@dataclass
class Section:
    """One part of the brief, in the order it is shown."""

    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def image(fig: Any, alt: str, *, wide: bool = False) -> Image:
    """A matplotlib figure as an SVG data URI; the figure is closed after."""
    from matplotlib import rc_context

    buf = io.BytesIO()
    # No date and fixed ids in the file, so the same result gives the same page.
    with rc_context({"svg.hashsalt": "caretriangle"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    fig.clear()
    uri = "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    return Image(uri, alt, wide)


def table(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    caption: str = "",
    index: str | None = None,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
) -> Table:
    """The chosen `columns` of a report frame under their titles, each shown by its kind
    (``df.attrs["kinds"]``: £ by the one money formatter, shares as percentages); `index`
    names a column shown as the row label instead of the frame's index."""
    kinds = column_kinds(df)
    # A total row has no name of its own: its index ("Total") labels it.
    labels = df[index].where(df[index].astype(str) != "", df.index.to_series()) if index else df.index
    out = pd.DataFrame(index=labels)
    for col, title in columns.items():
        shown = (formats or {}).get(col) or _SHOWN.get(kinds.get(col, ""))
        values = df[col].map(shown) if shown else df[col]
        out[title] = values.to_numpy()
    out.index.name = None
    return Table(caption, Markup(out.to_html(border=0, classes="figures", na_rep="", escape=True)))


def render(
    *, title: str, subtitle: str, sections: list[Section], log: list[Any], notes: list[str], version: str
) -> str:
    """The whole page as HTML text."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    text = resources.files("caretriangle.brief").joinpath("page.html.j2").read_text(encoding="utf-8")
    groups: dict[str, list[Any]] = {}
    for f in log:
        groups.setdefault(f.group, []).append(f)
    return env.from_string(text).render(
        title=title,
        subtitle=subtitle,
        sections=sections,
        groups=groups,
        notes=notes,
        version=version,
        illustrative=sum(f.illustrative == "yes" for f in log),
        total=len(log),
    )
