"""The decision brief's page: its words and numbers, its assumptions log, its escaping of
hostile names, and its errors (the rendering in a real browser is test_brief_browser.py).

Figures: the shipped North of Tyne example (sources in examples/north_of_tyne.toml). The
skill-mix scenario moves 40% of 6,000 dietitian hours (2,400 hours) to health trainers, hour
for hour: £21.25 − £11.45 = £9.80 an hour released, 2,400 × £9.80 = £23,520; the money
moved along the right side is 2,400 × £11.45 = £27,480. Baseline spend £13,342,240 (the
sum of the services' unit cost × activity), so spend after is £13,318,720 and headroom
after £13,600,000 − £13,318,720 = £281,280.
"""

from __future__ import annotations

import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

import caretriangle as ct
from caretriangle import brief
from caretriangle.cli import main

BI = "care planning and self-management, 2025/26 to 2029/30"


class Page(HTMLParser):
    """The parts of a page the tests read: text, tags, attributes and the log's rows."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.rows: dict[str, str] = {}
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        a = dict(attrs)
        if "data-figure" in a:
            self.rows[a["data-figure"]] = a["data-illustrative"]

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def html_of(result, tmp_path: Path, **kw) -> tuple[str, Page]:
    path = tmp_path / "brief.html"
    result.brief(path, **kw)
    text = path.read_text(encoding="utf-8")
    return text, Page(text)


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


def test_headline_in_words(econ, tmp_path):
    _, page = html_of(econ.apply("skill mix"), tmp_path)
    words = page.words
    assert "It releases £23,520 from current services and reinvests £0 of it; it needs no new money." in words
    assert "£23,520 released is not reinvested." in words
    assert (
        "Spend goes from £13,342,240 to £13,318,720, a saving of £23,520 a year, and fits within the "
        "envelope of £13,600,000, leaving £281,280 headroom." in words
    )
    assert (
        "The largest move is £27,480 along the right side of the triangle, from traditional clinical care"
        in words
    )


def test_sections_tables_and_figures(econ, tmp_path):
    text, page = html_of(econ.apply("skill mix and reinvest"), tmp_path)
    for title in (
        "The triangle before and after",
        "Money moved along the sides",
        "Change by corner, commissioner and locality",
        "Assumptions log",
    ):
        assert title in page.words
    # The two triangles (one figure) and the waterfall: SVG data URIs, nothing fetched.
    images = [v for k, v in page.attrs if k == "src"]
    assert len(images) == 2 and all(v.startswith("data:image/svg+xml;base64,") for v in images)
    # The money formatter's whole pounds: the £1.0m moved along the left side (10 £100,000s).
    assert "£1,000,000" in text
    for commissioner in econ.commissioners.values():
        assert commissioner in page.words


def test_no_address_outside_the_page(econ, tmp_path):
    """Every src and href is a data URI or an anchor, and no CSS imports or url()s."""
    bi = econ.budget_impact(BI)
    mc = ct.MonteCarlo(econ, scenarios=["skill mix"], iterations=500, seed=1).run()
    text, page = html_of(econ.apply("skill mix"), tmp_path, budget_impact=bi, monte_carlo=mc)
    links = [v for k, v in page.attrs if k in ("src", "href", "action", "poster", "srcset")]
    assert links and all(v.startswith(("data:", "#")) for v in links)
    assert "@import" not in text and "url(" not in text
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags


def test_hostile_names_are_text(econ, tmp_path):
    hostile = "<script>alert('x')</script>"
    d = econ.to_dict()
    d["services"][0]["name"] = hostile
    d["services"][0]["source"] = hostile + " & more"
    e = ct.Economy.from_dict(d)
    scenario = ct.Scenario(hostile, description=hostile).scale_activity("diabetes_outpatients", 0.9)
    text, page = html_of(e.apply(scenario), tmp_path)
    assert "script" not in page.tags
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    assert f"Decision brief: {hostile}" in page.words


def illustrative_figures(econ: ct.Economy, scenario: str) -> set[str]:
    """What the example's own words call illustrative, read independently of the brief:
    each service's closing sentence ("Activity, units per person and capacity
    illustrative."), and the economy's description, which names the envelope, budget lines,
    need weights, clusters and scenario levers."""
    d = econ.to_dict()
    fields = {"activity": "activity", "units per person": "units_per_person", "capacity": "capacity"}
    out = set()
    for s in d["services"]:
        said = re.search(r"([A-Z][^.]*) illustrative\.$", s["source"])
        assert said, s["id"]
        for words, field in fields.items():
            if words in said.group(1).lower():
                out.add(f"{s['id']}.{field}")
    assert "the envelope, budget lines and scenario levers are illustrative" in d["description"]
    out.add("envelope")
    out |= {f"budget.{c}" for c in d["budget"]}
    out |= {f"{loc['id']}.need_weight" for loc in d["localities"]}
    out |= {f"{c['id']}.register" for loc in d["localities"] for c in loc.get("clusters", [])}
    levers = next(s for s in d["scenarios"] if s["name"] == scenario)["levers"]
    for i, lever in enumerate(levers):
        for key, v in lever.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                out.add(f"{scenario}.levers[{i}].{key}")
    return out


def test_assumptions_log_lists_every_illustrative_figure(econ, tmp_path):
    name = "skill mix and reinvest"
    _, page = html_of(econ.apply(name), tmp_path)
    expected = illustrative_figures(econ, name)
    # The 14 services' activities; units per person of the dietitian, specialist nursing,
    # outpatients, admissions and health trainers (5); capacities of the dietitian, nursing,
    # care planning (3), DESMOND, health trainers and social prescribing (3): 10. Then the
    # envelope, 3 budget lines, 3 need weights, 4 cluster registers and the scenario's 9 lever
    # figures (share and ratio, 4 factors, a gain, 2 amounts).
    assert len(expected) == 14 + 5 + 10 + 1 + 3 + 3 + 4 + 9
    flagged = {path for path, said in page.rows.items() if said == "yes"}
    assert expected <= flagged, expected - flagged
    # Read from a source: registers (JSNAs) and the PSSRU, NCC, YOC and DESMOND unit costs;
    # but care planning's £92 rests on illustrative minutes per consultation, as its source says.
    assert page.rows["north_tyneside.register"] == "no"
    for s in econ.services:
        assert page.rows[f"{s.id}.unit_cost"] == ("yes" if s.id.startswith("care_planning") else "no"), s.id


def test_log_of_budget_impact_and_monte_carlo(econ, tmp_path):
    bi = econ.budget_impact(BI)
    mc = econ.budget_monte_carlo(BI, iterations=500, seed=1)
    text, page = html_of(bi, tmp_path, monte_carlo=mc)
    # The budget impact's description opens "ILLUSTRATIVE.": all its figures are; but the
    # discount rate is the file format's default (the Green Book's 3.5%), listed all the same.
    assert page.rows[f"{BI}.costs[0].amount"] == "yes"
    assert page.rows[f"{BI}.interventions[3].uptake"] == "yes"
    assert page.rows[f"{BI}.discount_rate"] == "no"
    assert "Budget impact under uncertainty" in page.words
    assert f"{BI}.interventions[3].effects[0].reduction" in page.rows
    assert text.count("<i>(varied)</i>") == len(mc.input_names)


def test_monte_carlo_beside_a_scenario(econ, tmp_path):
    mc = ct.MonteCarlo(econ, scenarios=["skill mix"], iterations=2000, seed=3).run()
    row = mc.scenario_summary().loc["skill mix"]
    _, page = html_of(econ.apply("skill mix"), tmp_path, monte_carlo=mc)
    assert f"The probability of a saving is {row['prob_saving']:.1%}" in page.words
    assert "Uncertainty: skill mix" in page.words
    assert "specialist_dietitian.unit_cost" in page.rows


def test_monte_carlo_result_brief(econ, tmp_path):
    mc = ct.MonteCarlo(econ, iterations=500, seed=1).run()
    _, page = html_of(mc, tmp_path)
    for s in econ.scenarios:
        assert f"Uncertainty: {s}" in page.words


def test_same_result_same_page(econ, tmp_path):
    res = econ.apply("skill mix")
    res.brief(tmp_path / "a.html")
    res.brief(tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_errors(econ, tmp_path, monkeypatch):
    res = econ.apply("skill mix")
    with pytest.raises(
        ct.InvalidValueError, match=r"path: must end in \.html, \.htm or \.pdf, got '.*brief\.txt'"
    ):
        res.brief(tmp_path / "brief.txt")
    with pytest.raises(ct.InvalidValueError, match="budget_impact: must be a BudgetImpact, got str"):
        res.brief(tmp_path / "b.html", budget_impact="x")
    mc = ct.MonteCarlo(econ, scenarios=["reinvest £1.4m"], iterations=200, seed=1).run()
    with pytest.raises(ct.IncompatibleError, match=r"monte_carlo: ran the scenarios \['reinvest £1.4m'\]"):
        res.brief(tmp_path / "b.html", monte_carlo=mc)
    other = ct.Economy.from_dict({**econ.to_dict(), "envelope": 14e6})
    with pytest.raises(
        ct.IncompatibleError, match=r"budget_impact: was made from an economy other than the result.s"
    ):
        res.brief(tmp_path / "b.html", budget_impact=other.budget_impact(BI))
    monkeypatch.setenv("CARETRIANGLE_CHROMIUM", "no-such-browser")
    with pytest.raises(ct.CareTriangleIOError, match="apt-get install chromium"):
        res.brief(tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()


def test_cli_brief(tmp_path, capsys):
    out = tmp_path / "brief.html"
    args = ["brief", "examples/north_of_tyne.toml", "--scenario", "skill mix and reinvest", "-o", str(out)]
    root = Path(__file__).resolve().parents[2]
    args[1] = str(root / args[1])
    assert main(args) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    page = Page(out.read_text(encoding="utf-8"))
    assert "Decision brief: skill mix and reinvest" in page.words
    assert main([*args, "--budget-impact", BI, "--iterations", "300", "--seed", "2"]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert "Uncertainty: skill mix and reinvest" in page.words
    assert "Budget impact under uncertainty" in page.words
    assert main(["brief", args[1], "-o", str(out)]) == 2
    assert "give a scenario" in capsys.readouterr().err


def test_module_exports():
    assert brief.LEADS.keys() == {"Comparison", "BudgetImpact", "MonteCarloResult"}
    assert brief.__all__ == ["write"]


def test_headline_new_money_over_the_envelope(econ, tmp_path):
    # £1,000,000 of new money into health trainers: spend £13,342,240 + £1,000,000 =
    # £14,342,240, which is £742,240 over the £13,600,000 envelope.
    scenario = ct.Scenario("more trainers").reinvest(1_000_000, "health_trainer", source="new")
    _, page = html_of(econ.apply(scenario), tmp_path)
    words = page.words
    assert "brings in £1,000,000 of new money from outside the envelope." in words
    assert "£1,000,000 a year more, and is £742,240 over the envelope of £13,600,000." in words
    assert "Fits the envelope no: £742,240 over" in words


def test_new_brief_readable_as_any_new_file(econ, tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    path = tmp_path / "brief.html"
    econ.apply("skill mix").brief(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
