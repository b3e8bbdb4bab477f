"""A decision brief for the board: one self-contained page (HTML, or PDF printed from it) that
says what a result means in a commissioner's words, with its figures, tables and the log of
every assumption it rests on.

``res.brief("brief.html")`` on a :class:`~caretriangle.Comparison`, a
:class:`~caretriangle.BudgetImpact` or a :class:`~caretriangle.MonteCarloResult`; a
scenario's brief takes its budget impact and Monte Carlo runs beside it::

    res.brief("brief.pdf", budget_impact=bi, monte_carlo=[mc, budget_mc])

The page asks for nothing over the network (no fonts, scripts or styles from elsewhere;
figures are SVG data URIs), so it opens the same offline, in an e-mail or on a board's
intranet. Needs Jinja2 and matplotlib (``pip install 'caretriangle[brief]'``); a PDF needs
Chromium (Debian: ``apt-get install chromium``).

A new kind of result (outcomes, an optimum) joins by a function giving its sections, in
``LEADS`` to have a brief of its own and in ``BESIDE`` to go beside another result.

>>> import caretriangle as ct, pathlib, tempfile
>>> res = ct.examples.north_of_tyne().apply("skill mix")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "brief.html"
>>> res.brief(path)
>>> "Assumptions log" in path.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import caretriangle as ct
from caretriangle._money import pounds
from caretriangle.brief import _assumptions as log
from caretriangle.brief._outcomes import outcome_section, value_section
from caretriangle.brief._page import Section, render
from caretriangle.brief._sections import budget_sections, comparison_sections
from caretriangle.brief._uncertainty import budget_uncertainty, monte_carlo_sections, scenario_uncertainty
from caretriangle.errors import IncompatibleError, InvalidValueError

SUFFIXES = (".html", ".htm", ".pdf")


def _error(cls: type[ct.CareTriangleError], field: str, message: str) -> ct.CareTriangleError:
    err = cls(f"{field}: {message}")
    err.field = field
    return err


class _Brief:
    """What a brief is made of: its title, sections, and the figures for the log."""

    def __init__(self, economy: ct.Economy) -> None:
        self.economy = economy
        self.econ = economy.to_dict()
        self.title = ""
        self.sections: list[Section] = []
        self.figures = log.economy_figures(self.econ)
        self.varied: set[str] = set()

    def same_economy(self, other: ct.Economy, field: str) -> None:
        # The economy's own figures: a study keeps only the scenarios it runs beside them.
        def own(d: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in d.items() if k not in ("scenarios", "budget_impacts")}

        if own(other.to_dict()) != own(self.econ):
            raise _error(
                IncompatibleError,
                field,
                f"was made from an economy other than the result's ({self.economy.name!r}): its "
                "figures differ; give results of the same economy",
            )

    def scenario(self, scenario: dict[str, Any]) -> None:
        known = {f.path for f in self.figures}
        self.figures += [f for f in log.scenario_figures(scenario, self.econ) if f.path not in known]


def _comparison(res: Any) -> _Brief:
    b = _Brief(res.baseline)
    scenario: dict[str, Any] = res.__reduce__()[1][1]  # the scenario applied, as pickling carries it
    b.title = f"Decision brief: {res.scenario}"
    b.sections = comparison_sections(res, scenario)
    if (bought := outcome_section(res)) is not None:
        b.sections.append(bought)
    b.scenario(scenario)
    return b


def _budget_state(bi: Any) -> tuple[ct.Economy, dict[str, Any], dict[str, Any] | None]:
    economy_json, spec_json, scenario_json = bi.__reduce__()[1]
    scenario = json.loads(scenario_json) if scenario_json else None
    return ct.Economy.from_json(economy_json), json.loads(spec_json), scenario


def _budget_impact(bi: Any) -> _Brief:
    economy, spec, scenario = _budget_state(bi)
    b = _Brief(economy)
    b.title = f"Budget impact: {bi.name}"
    b.sections = budget_sections(bi, lead=True)
    b.figures += log.budget_figures(spec, b.econ, bi.discount_rate)
    if scenario:
        b.scenario(scenario)
    return b


def _recipe(mc: Any) -> dict[str, Any]:
    recipe: dict[str, Any] = json.loads(mc.study.__reduce__()[1][0])  # the study, as pickling carries it
    return recipe


def _monte_carlo(mc: Any) -> _Brief:
    recipe = _recipe(mc)
    b = _Brief(ct.Economy.from_dict(recipe["economy"]))
    b.title = "Monte Carlo study: " + ", ".join(s["name"] for s in recipe["scenarios"])
    b.sections = monte_carlo_sections(mc)
    if (value := value_section(mc, recipe["economy"])) is not None:
        b.sections.append(value)
    for s in recipe["scenarios"]:
        b.scenario(s)
    _inputs(b, mc, recipe)
    return b


def _inputs(b: _Brief, mc: Any, recipe: dict[str, Any]) -> None:
    known = {f.path for f in b.figures}
    b.figures += log.uncertain_figures([(p, d) for p, d in recipe["inputs"]], known)
    b.varied |= set(mc.input_names)


def _beside_budget(b: _Brief, bi: Any) -> None:
    if type(bi).__name__ != "BudgetImpact":
        raise _error(InvalidValueError, "budget_impact", f"must be a BudgetImpact, got {type(bi).__name__}")
    economy, spec, scenario = _budget_state(bi)
    b.same_economy(economy, "budget_impact")
    b.sections += budget_sections(bi, lead=False)
    b.figures += log.budget_figures(spec, b.econ, bi.discount_rate)
    if scenario:
        b.scenario(scenario)


def _beside_monte_carlo(b: _Brief, mc: Any, scenario: str | None) -> None:
    if type(mc).__name__ == "BudgetMonteCarloResult":
        b.sections.append(budget_uncertainty(mc))
        b.varied |= set(mc.input_names)
        return
    if type(mc).__name__ != "MonteCarloResult":
        raise _error(
            InvalidValueError,
            "monte_carlo",
            "must be a MonteCarloResult or a BudgetMonteCarloResult (or a list of them), "
            f"got {type(mc).__name__}",
        )
    if scenario is None:
        raise _error(
            InvalidValueError,
            "monte_carlo",
            "a MonteCarloResult goes beside a scenario's result (Comparison.brief); "
            "beside a budget impact give its BudgetMonteCarloResult",
        )
    recipe = _recipe(mc)
    b.same_economy(ct.Economy.from_dict(recipe["economy"]), "monte_carlo")
    ran = [str(n) for n in mc.scenario_summary().index if n != "baseline"]
    if scenario not in ran:
        raise _error(
            IncompatibleError,
            "monte_carlo",
            f"ran the scenarios {ran}, not {scenario!r}; run it on {scenario!r}",
        )
    b.sections.append(scenario_uncertainty(mc, scenario))
    if (value := value_section(mc, recipe["economy"], scenario)) is not None:
        b.sections.append(value)
    _inputs(b, mc, recipe)


#: Each kind of result with a brief of its own: the function that lays out its sections.
LEADS: dict[str, Callable[[Any], _Brief]] = {
    "Comparison": _comparison,
    "BudgetImpact": _budget_impact,
    "MonteCarloResult": _monte_carlo,
}


def write(
    result: Any, path: str | os.PathLike[str], *, budget_impact: Any = None, monte_carlo: Any = None
) -> None:
    """Writes the decision brief of `result` to `path`: an HTML page (``.html``) or the same
    page printed to PDF (``.pdf``, through headless Chromium).

    Parameters
    ----------
    result : Comparison, BudgetImpact or MonteCarloResult
    path : str or os.PathLike
        Ends in ``.html``, ``.htm`` or ``.pdf``.
    budget_impact : BudgetImpact, optional
        The multi-year budget impact to show beside a scenario's result (same economy).
    monte_carlo : MonteCarloResult or BudgetMonteCarloResult, or a list of them, optional
        Uncertainty: a Monte Carlo run of the scenario (interval, probability of a saving,
        tornado) and of the budget impact (interval, probability of paying back).

    Raises
    ------
    InvalidValueError
        A path with another ending, or an argument of the wrong kind.
    IncompatibleError
        A budget impact or Monte Carlo run of another economy, or a run without the scenario.
    CareTriangleIOError
        The file cannot be written, or Chromium (for a PDF) is missing or fails.

    Examples
    --------
    >>> import caretriangle as ct, pathlib, tempfile
    >>> econ = ct.examples.north_of_tyne()
    >>> bi = econ.budget_impact(econ.budget_impacts[0])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "brief.html"
    >>> write(econ.apply("skill mix"), path, budget_impact=bi)
    >>> "It pays back" in path.read_text(encoding="utf-8")      # the plan does not, on these figures
    False
    """
    try:
        shown = os.fspath(path)
    except TypeError:
        raise _error(InvalidValueError, "path", f"must be a path, got {type(path).__name__}") from None
    if not shown.lower().endswith(SUFFIXES):
        raise _error(InvalidValueError, "path", f"must end in .html, .htm or .pdf, got {shown!r}")
    lead = LEADS.get(type(result).__name__)
    if lead is None:
        raise _error(
            InvalidValueError,
            "result",
            f"no brief for an object of type {type(result).__name__}; give one of {', '.join(LEADS)}",
        )
    brief = lead(result)
    if budget_impact is not None:
        _beside_budget(brief, budget_impact)
    runs = (
        monte_carlo if isinstance(monte_carlo, list | tuple) else [] if monte_carlo is None else [monte_carlo]
    )
    scenario = result.scenario if type(result).__name__ == "Comparison" else None
    for mc in runs:
        _beside_monte_carlo(brief, mc, scenario)
    html = _page(brief)
    if shown.lower().endswith(".pdf"):
        from caretriangle.brief._pdf import print_pdf

        print_pdf(html, shown)
    else:
        from caretriangle._atomic import atomic_file

        with atomic_file(shown) as f:
            f.write(html.encode("utf-8"))


def _page(b: _Brief) -> str:
    e = b.economy
    figures = log.mark_varied(b.figures, b.varied)
    notes = [f"About the economy: {e.description}"] if e.description else []
    return render(
        title=b.title,
        subtitle=f"{e.name} · {e.price_year} prices · envelope {pounds(e.envelope)}",
        sections=b.sections,
        log=figures,
        notes=notes,
        version=ct.__version__,
    )


__all__ = ["write"]
