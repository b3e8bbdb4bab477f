"""The assumptions log: every figure a result rests on, with its source, price year and
whether it is illustrative.

The figures are read from what the result is made from, as pickling carries it (the
economy, the scenario applied, the budget impact's entry, a Monte Carlo study's recipe), so
the log lists exactly what was run. A file has no per-figure "illustrative" flag: a figure's
standing is read from the words of its sources, nearest first: the service's ``source``,
then the scenario's or budget impact's ``description``, then the economy's ``description``.

- A sentence that names the figure (``activity``, ``units per person``, ``the envelope``,
  ``need weights``, ``scenario levers`` …) decides: illustrative if it says "illustrative",
  read from that source if not.
- A service's own ``source`` that does not name the figure is taken as its source.
- A description sentence that says "illustrative" and names no figure (``ILLUSTRATIVE.``)
  makes every figure it covers illustrative.
- Otherwise the log says "not stated".

The sentence relied on is shown beside the figure, so a reader can check the reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from caretriangle._money import pounds

#: Words that name each field in a source's text (matched case-insensitively, as words).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "envelope": ("envelope",),
    "budget": ("budget line", "budget lines"),
    "register": ("register", "registers", "register sizes"),
    "need_weight": ("need weight", "need weights"),
    "cluster_register": ("cluster", "clusters"),
    "unit_cost": ("unit cost", "unit costs"),
    "activity": ("activity", "activities"),
    "allocation": ("allocation", "allocations"),
    "units_per_person": ("units per person",),
    "capacity": ("capacity", "capacities"),
    "lever": ("lever", "levers", "scenario levers"),
}
_ALL_WORDS = tuple(w for words in KEYWORDS.values() for w in words)

#: Fields that hold £ and fields that hold a share (shown as a percentage).
MONEY = {"envelope", "budget", "unit_cost", "allocation", "amount", "cost_per_person"}
SHARES = {
    "share",
    "gain",
    "reduction",
    "uptake",
    "baseline_uptake",
    "eligible_share",
    "register_growth",
    "discount_rate",
}
_YEAR = re.compile(r"\b(?:19|20)\d\d/\d\d\b")


@dataclass(frozen=True)
class Figure:
    """One row of the log: ``path`` names the figure as a Monte Carlo input is named."""

    path: str
    label: str
    value: str
    price_year: str
    illustrative: str  # "yes", "no" or "not stated"
    source: str
    group: str
    varied: bool = False


def _sentences(text: str | None) -> list[str]:
    # A sentence ends at a full stop before a capital letter ("c. 2010/11" does not end one).
    return [s.strip() for s in re.split(r"(?<=\.)\s+(?=[A-Z])", text or "") if s.strip()]


def _names(sentence: str, words: tuple[str, ...]) -> bool:
    low = sentence.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", low) for w in words)


def _standing(words: tuple[str, ...], own: str | None, scopes: list[str | None]) -> tuple[str, str]:
    """(illustrative, the text relied on), reading `own` (a service's source) then `scopes`."""
    for i, text in enumerate([own, *scopes]):
        is_own = i == 0
        sentences = _sentences(text)
        named = [s for s in sentences if _names(s, words)]
        if named:
            said = [s for s in named if "illustrative" in s.lower()]
            return ("yes", said[0]) if said else ("no", named[0])
        if is_own and sentences:
            return "no", sentences[0]
        blanket = [s for s in sentences if "illustrative" in s.lower() and not _names(s, _ALL_WORDS)]
        if not is_own and blanket:
            return "yes", blanket[0]
    return "not stated", "no source given"


def _number(field: str, x: float) -> str:
    if field in MONEY:
        return pounds(x)
    if field in SHARES:
        return f"{x:.4g}" if abs(x) > 10 else f"{x * 100:.4g}%"
    return f"{x:,.6g}"


def value_text(field: str, v: Any) -> str:
    """A figure as the log shows it: £ for money, % for shares, a distribution by its
    parameters (deterministic runs use its mean)."""
    if isinstance(v, dict) and "dist" in v:
        params = ", ".join(
            f"{k} {_number(field, p)}" if not isinstance(p, list) else f"{k} {p}"
            for k, p in v.items()
            if k != "dist"
        )
        return f"{v['dist']} ({params})"
    if isinstance(v, list):
        return ", ".join(_number(field, x) for x in v)
    return _number(field, float(v))


def _price_year(field: str, model_year: str, source: str) -> str:
    if field not in MONEY:
        return ""
    others = sorted({y for y in _YEAR.findall(source) if y != model_year})
    return model_year + (f" (source also names {', '.join(others)})" if others else "")


def _figure(
    path: str,
    label: str,
    field: str,
    v: Any,
    model_year: str,
    words: tuple[str, ...],
    own: str | None,
    scopes: list[str | None],
    group: str,
) -> Figure:
    illustrative, source = _standing(words, own, scopes)
    return Figure(
        path,
        label,
        value_text(field, v),
        _price_year(field, model_year, own or source),
        illustrative,
        source,
        group,
    )


def _is_figure(v: Any) -> bool:
    is_number = isinstance(v, int | float) and not isinstance(v, bool)
    is_list = isinstance(v, list) and bool(v) and all(isinstance(x, int | float) for x in v)
    return is_number or is_list or (isinstance(v, dict) and "dist" in v)


def _walk(d: Any, path: str) -> Iterator[tuple[str, str, Any]]:
    """(path, field, value) of every number, list of numbers or distribution under `d`."""
    if _is_figure(d):
        yield path, path.rsplit(".", 1)[-1].split("[")[0], d
    elif isinstance(d, dict):
        for k, v in d.items():
            yield from _walk(v, f"{path}.{k}" if path else k)
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from _walk(v, f"{path}[{i}]")


def economy_figures(econ: dict[str, Any]) -> list[Figure]:
    """The envelope, budget lines, registers, need weights and every service's figures."""
    year, desc = econ["price_year"], econ.get("description")
    out = [
        _figure(
            "envelope",
            "Envelope",
            "envelope",
            econ["envelope"],
            year,
            KEYWORDS["envelope"],
            None,
            [desc],
            "Economy",
        )
    ]
    for corner, amount in (econ.get("budget") or {}).items():
        out.append(
            _figure(
                f"budget.{corner}",
                f"Budget line, {corner}",
                "budget",
                amount,
                year,
                KEYWORDS["budget"],
                None,
                [desc],
                "Economy",
            )
        )
    for loc in econ.get("localities") or []:
        name = loc.get("name") or loc["id"]
        for field in ("register", "need_weight"):
            if field in loc:
                out.append(
                    _figure(
                        f"{loc['id']}.{field}",
                        f"{name}: {field.replace('_', ' ')}",
                        field,
                        loc[field],
                        year,
                        KEYWORDS[field],
                        None,
                        [desc],
                        "Localities",
                    )
                )
        for cl in loc.get("clusters") or []:
            if "register" in cl:
                out.append(
                    _figure(
                        f"{cl['id']}.register",
                        f"{cl.get('name') or cl['id']}: register",
                        "register",
                        cl["register"],
                        year,
                        KEYWORDS["cluster_register"],
                        None,
                        [desc],
                        "Localities",
                    )
                )
    for svc in econ.get("services") or []:
        name, own = svc.get("name") or svc["id"], svc.get("source")
        for field in ("unit_cost", "activity", "allocation", "units_per_person", "capacity"):
            if field in svc:
                unit = f" per {svc['unit']}" if field == "unit_cost" else ""
                out.append(
                    _figure(
                        f"{svc['id']}.{field}",
                        f"{name}: {field.replace('_', ' ')}{unit}",
                        field,
                        svc[field],
                        svc.get("price_year") or year,
                        KEYWORDS[field],
                        own,
                        [desc],
                        "Services",
                    )
                )
    return out


def scenario_figures(scenario: dict[str, Any], econ: dict[str, Any]) -> list[Figure]:
    """Each lever's figures (share, ratio, amount, factor, gain, unit cost, weights)."""
    name, scopes = scenario["name"], [scenario.get("description"), econ.get("description")]
    out = []
    for i, lever in enumerate(scenario.get("levers") or []):
        for path, field, v in _walk({k: x for k, x in lever.items() if k != "lever"}, ""):
            label = f"{name}, lever {i + 1} ({lever['lever']}): {path.replace('_', ' ')}"
            out.append(
                _figure(
                    f"{name}.levers[{i}].{path}",
                    label,
                    field,
                    v,
                    econ["price_year"],
                    KEYWORDS["lever"],
                    None,
                    scopes,
                    f"Scenario: {name}",
                )
            )
    return out


def budget_figures(spec: dict[str, Any], econ: dict[str, Any], discount_rate: float) -> list[Figure]:
    """Every figure of a budget impact's entry: population, uptake, effects, costs, rates."""
    name, scopes = spec["name"], [spec.get("description"), econ.get("description")]
    out = []
    if "discount_rate" not in spec:  # the file left it out: the default, which a file never shows
        out.append(
            Figure(
                f"{name}.discount_rate",
                f"{name}: discount rate",
                value_text("discount_rate", discount_rate),
                "",
                "no",
                "the default: HM Treasury Green Book rate",
                f"Budget impact: {name}",
            )
        )
    for path, field, v in _walk({k: x for k, x in spec.items() if k not in ("name", "description")}, ""):
        year = spec.get("price_base") or econ["price_year"]
        if field == "amount":
            year = _cost_year(spec, path) or year
        words = (field.replace("_", " "),)
        out.append(
            _figure(
                f"{name}.{path}",
                f"{name}: {path.replace('_', ' ')}",
                field,
                v,
                year,
                words,
                None,
                scopes,
                f"Budget impact: {name}",
            )
        )
    return out


def _cost_year(spec: dict[str, Any], path: str) -> str | None:
    m = re.fullmatch(r"costs\[(\d+)\]\.amount", path)
    year = spec["costs"][int(m.group(1))].get("price_year") if m else None
    return str(year) if year else None


def uncertain_figures(inputs: list[tuple[str, dict[str, Any]]], known: set[str]) -> list[Figure]:
    """Distributions given for a Monte Carlo run from Python (``inputs=``), not in the file."""
    return [
        Figure(
            path,
            path,
            value_text(path.rsplit(".", 1)[-1], dist),
            "",
            "not stated",
            "given for the Monte Carlo run (inputs=), not in the file",
            "Uncertain inputs",
            True,
        )
        for path, dist in inputs
        if path not in known
    ]


def mark_varied(figures: list[Figure], varied: set[str]) -> list[Figure]:
    """The figures a Monte Carlo run drew at random, marked as such."""
    return [Figure(**{**f.__dict__, "varied": f.path in varied}) for f in figures]
