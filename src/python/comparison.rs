//! `Comparison` for Python: a scenario against its baseline, by corner, commissioner,
//! locality and provider, along the sides, and carried over years as a budget impact.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::args;
use super::classes::PyEconomy;
use super::cost_effectiveness::PyCostEffectiveness;
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use super::scenario::PyScenario;
use super::tables::frame;
use crate::apply::ApplyOptions;
use crate::comparison::Comparison;
use crate::economy::Dimension;
use crate::programme::Programme;
use crate::report::money;
use crate::scenario::Scenario;

/// A scenario beside its baseline, from `Economy.apply`: where the money went, by corner,
/// commissioner, locality, provider and service, and along each side of the triangle.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> cmp = ct.examples.north_of_tyne().apply("skill mix and reinvest")
/// >>> cmp.released, cmp.reinvested
/// (1572524.0, 1400000.0)
/// >>> cmp.flows().loc["left", "net"]    # £1.0m from clinical care into care planning
/// np.float64(1000000.0)
#[pyclass(name = "Comparison", module = "caretriangle", frozen)]
pub struct PyComparison {
    inner: Comparison,
    /// The scenario applied, kept for `budget_impact` (the comparison itself keeps its name).
    applied: Scenario,
    /// The economy it was applied to, with what is kept beside it: the `baseline`.
    programme: Arc<Programme>,
}

impl PyComparison {
    pub(crate) fn applied(inner: Comparison, scenario: Scenario, programme: Arc<Programme>) -> Self {
        PyComparison {
            inner,
            applied: scenario,
            programme,
        }
    }
}

#[apply(guarded!)]
#[pymethods]
impl PyComparison {
    /// The scenario's change in spend carried over a horizon of `years` financial years from
    /// `first_year`, as a `BudgetImpact`. Other keys of the file format's budget impact
    /// (`discount_rate`, `uprating`, `costs`, `interventions`, `reinvest`, …) may be given as
    /// keywords.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> cmp = ct.examples.north_of_tyne().apply("skill mix")
    /// >>> bi = cmp.budget_impact("2025/26", years=3)
    /// >>> bi.years, bi.payback_year
    /// (['2025/26', '2026/27', '2027/28'], '2025/26')
    /// >>> bi.to_frame()["cumulative"].round(2).tolist()     # -£23,520 a year, from the first year
    /// [-23520.0, -47040.0, -70560.0]
    /// >>> undiscounted = cmp.budget_impact("2025/26", years=3, discount_rate=0.0)
    /// >>> float(undiscounted.to_frame()["discounted_cumulative"].iloc[-1].round(2))
    /// -70560.0
    #[pyo3(signature = (first_year, years = 5, **options))]
    fn budget_impact(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = args::first_year)] first_year: String,
        #[pyo3(from_py_with = args::years)] years: u32,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<super::budget::PyBudgetImpact> {
        // The entry is built here and the scenario handed over as it is: nothing goes through
        // text but the keywords, read as a file's keys are.
        let mut entry = match options {
            Some(options) => serde_json::from_str(&super::convert::json_text(options.as_any())?).ok(),
            None => Some(serde_json::Value::Object(serde_json::Map::new())),
        };
        if let Some(serde_json::Value::Object(map)) = &mut entry {
            map.insert("name".into(), self.applied.name().into());
            map.insert("first_year".into(), first_year.into());
            map.insert("years".into(), years.into());
        }
        let mut spec = super::budget::read_entry(entry)?;
        spec.scenario = Some(self.applied.name().to_string());
        let compiled = super::budget::compiled(self.programme.clone(), spec, Some(self.applied.clone()))?;
        super::budget::PyBudgetImpact::new(py, compiled)
    }

    /// The scenario's name.
    #[getter]
    fn scenario(&self) -> &str {
        self.inner.scenario()
    }
    /// The baseline economy.
    #[getter]
    fn baseline(&self) -> PyEconomy {
        PyEconomy {
            inner: self.programme.clone(),
        }
    }
    #[getter]
    fn total_before(&self) -> f64 {
        self.inner.total_before()
    }
    #[getter]
    fn total_after(&self) -> f64 {
        self.inner.total_after()
    }
    /// Scenario less baseline spend (negative is a saving).
    #[getter]
    fn change(&self) -> f64 {
        self.inner.change()
    }
    /// Money the levers released.
    #[getter]
    fn released(&self) -> f64 {
        self.inner.released()
    }
    /// Released money reinvested.
    #[getter]
    fn reinvested(&self) -> f64 {
        self.inner.reinvested()
    }
    /// New money brought in.
    #[getter]
    fn new_money(&self) -> f64 {
        self.inner.new_money()
    }
    /// Released money not reinvested.
    #[getter]
    fn unspent_release(&self) -> f64 {
        self.inner.unspent_release()
    }
    /// How far the scenario is over the envelope (0 when within).
    #[getter]
    fn over_envelope(&self) -> f64 {
        self.inner.over_envelope()
    }
    /// Envelope less scenario spend.
    #[getter]
    fn headroom_after(&self) -> f64 {
        self.inner.headroom_after()
    }
    /// Capacity and envelope warnings.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings()
    }

    /// Baseline, scenario and change by `"corner"`, `"commissioner"`, `"provider"`,
    /// `"locality"`, `"cluster"` or `"service"`, with people reached before and after and the
    /// extra people (`people_before`, `people_after`, `extra_people`: services with units per
    /// person; empty for a group none of whose services counts people).
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> by = ct.examples.tower_hamlets().apply("clusters and risk").by("corner")
    /// >>> round(by.loc["clinical", "extra_people"])   # the team's 1,120 less the 600 swapped
    /// 520
    #[pyo3(signature = (by = "corner", *, total = false))]
    fn by<'py>(
        &self,
        py: Python<'py>,
        #[pyo3(from_py_with = args::dimension)] by: &'static str,
        #[pyo3(from_py_with = args::total)] total: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dim: Dimension = by.parse().py_err()?;
        let t = self.inner.by(dim);
        frame(py, &if total { t.with_total() } else { t })
    }

    /// Money moved along the left, floor and right sides and within each corner.
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///     One row per side (`left`, `floor`, `right`) and per corner (`within_clinical`, ...):
    ///     `forward` from `from_corner` to `to_corner`, `backward`, `net` and `gross`.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> flows = ct.examples.north_of_tyne().apply("skill mix").flows()
    /// >>> round(flows.loc["right", "net"], 2)     # 2,400 trainer hours x £11.45
    /// np.float64(27480.0)
    fn flows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.flows())
    }

    /// What each lever released, reinvested, brought in and moved, and the change in people
    /// reached it made (`extra_people`).
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> levers = ct.examples.tower_hamlets().apply("clusters and risk").lever_table()
    /// >>> levers["extra_people"].round(2).tolist()   # swap, target, team, care planning
    /// [0.0, 0.0, 1120.0, 308.69]
    #[pyo3(signature = (*, total = false))]
    fn lever_table<'py>(
        &self,
        py: Python<'py>,
        #[pyo3(from_py_with = args::total)] total: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self.inner.lever_table();
        frame(py, &if total { t.with_total() } else { t })
    }

    /// The headline figures: spend before and after, the envelope and headroom, released,
    /// reinvested and new money; then people reached before and after and the extra people.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> s = ct.examples.tower_hamlets().apply("clusters and risk").summary()["amount"]
    /// >>> round(s["people_before"])
    /// 17700
    /// >>> round(s["extra_people"], 2)     # 1,120 + 28,399.92 / 92
    /// np.float64(1428.69)
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.summary())
    }

    /// Money moved from one corner to another, as a dict `{(from, to): £}`.
    fn flow_matrix<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        use crate::triangle::Corner;
        let d = PyDict::new(py);
        for a in Corner::ALL {
            for b in Corner::ALL {
                d.set_item((a.id(), b.id()), self.inner.flow(a, b))?;
            }
        }
        Ok(d)
    }

    /// Applies `scenario` (a dict) to the economy in `economy_json` again (for unpickling).
    #[staticmethod]
    fn _from_state(economy_json: &str, scenario: &Bound<'_, PyAny>) -> PyResult<Self> {
        let programme = crate::io::programme_from_str(economy_json, crate::io::Format::Json, "<pickle>").py_err()?;
        let scenario = PyScenario::from_dict(scenario)?.inner;
        let inner = programme.economy().apply(&scenario, ApplyOptions::default()).py_err()?;
        Ok(PyComparison::applied(inner, scenario, Arc::new(programme)))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let make = py.get_type::<PyComparison>().getattr("_from_state")?;
        let economy = crate::io::programme_to_string(&self.programme, crate::io::Format::Json).py_err()?;
        let scenario = PyScenario::from(self.applied.clone()).to_dict(py)?;
        let args = PyTuple::new(py, [economy.into_pyobject(py)?.into_any(), scenario])?;
        PyTuple::new(py, [make, args.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyComparison>().is_ok_and(|o| o.get().inner == self.inner)
    }

    /// The triangle diagram (`kind="triangle"`), a waterfall of released and reinvested
    /// money (`"waterfall"`) or spend by locality (`"localities"`); see `caretriangle.plotting`.
    #[pyo3(signature = (kind = None, **kwargs))]
    fn plot<'py>(
        slf: &Bound<'py, Self>,
        #[pyo3(from_py_with = args::kind)] kind: Option<String>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::display::plot(
            slf.as_any(),
            kind.as_deref(),
            &["triangle", "waterfall", "localities"],
            kwargs,
        )
    }

    /// Writes the results (summary, change by corner, locality and service, flows, levers)
    /// and the economy to an Excel workbook; `monte_carlo=` and `budget_impact=` add their
    /// sheets (see `caretriangle.excel.write_comparison`).
    #[pyo3(signature = (path, **kwargs))]
    fn to_excel<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<()> {
        super::display::to_excel(slf.as_any(), "write_comparison", path, kwargs)
    }

    /// Writes the decision brief for the board: an HTML page (`.html`) or the same page
    /// printed to PDF (`.pdf`), with the budget impact and Monte Carlo runs given beside it
    /// (see `caretriangle.brief.write`).
    #[pyo3(signature = (path, *, budget_impact = None, monte_carlo = None))]
    fn brief<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
        budget_impact: Option<&Bound<'py, PyAny>>,
        monte_carlo: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<()> {
        let options = [("budget_impact", budget_impact), ("monte_carlo", monte_carlo)];
        super::display::brief(slf.as_any(), path, &options)
    }

    /// An HTML table for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Comparison {:?}: {} → {} (change {}; released {}, reinvested {})>",
            self.inner.scenario(),
            money(self.inner.total_before()),
            money(self.inner.total_after()),
            money(self.inner.change()),
            money(self.inner.released()),
            money(self.inner.reinvested())
        )
    }

    /// Each outcome the economy declares, before, after and changed, by `"corner"`,
    /// `"commissioner"`, `"provider"`, `"locality"`, `"cluster"` or `"service"`: one row an
    /// outcome and group, with `gain` (the change where more is better, the decrease where
    /// less is: admissions avoided).
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> res = ct.examples.structured_education().apply("offer to 1,000 more")
    /// >>> round(res.outcomes().loc["nhs_self_management", "gain"], 4)    # 1,000 x 0.0392
    /// np.float64(39.2)
    #[pyo3(signature = (by = "corner", *, total = false))]
    fn outcomes<'py>(
        &self,
        py: Python<'py>,
        #[pyo3(from_py_with = args::dimension)] by: &'static str,
        #[pyo3(from_py_with = args::total)] total: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dim: Dimension = by.parse().py_err()?;
        let t = self.inner.outcomes(dim);
        frame(py, &if total { t.with_total() } else { t })
    }

    /// The scenario against its baseline on `outcome`: the ICER (cost a unit gained) and
    /// the quadrant of the cost-effectiveness plane in words ("dominant: saves money and
    /// gains QALYs gained", "dominated: …", "costs more for no gain"), at the outcome's
    /// value as threshold (0 where it has none).
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> res = ct.examples.structured_education().apply("offer to 1,000 more")
    /// >>> res.icer("qalys").verdict
    /// 'costs £2,091.84 more a QALY gained'
    fn icer(&self, #[pyo3(from_py_with = args::outcome)] outcome: String) -> PyResult<PyCostEffectiveness> {
        self.inner.icer(&outcome).map(PyCostEffectiveness::new).py_err()
    }

    /// The scenario's net benefit on `outcome` at `threshold` £ a unit gained (the outcome's
    /// value when None): net monetary benefit λ·ΔE − ΔC and net health benefit ΔE − ΔC/λ.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> res = ct.examples.structured_education().apply("offer to 1,000 more")
    /// >>> round(res.net_benefit("qalys", threshold=20000).net_monetary_benefit)  # 20,000 x 39.2 - 82,000
    /// 702000
    #[pyo3(signature = (outcome, *, threshold = None))]
    fn net_benefit(
        &self,
        #[pyo3(from_py_with = args::outcome)] outcome: String,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
    ) -> PyResult<PyCostEffectiveness> {
        self.inner
            .cost_effectiveness(&outcome, threshold)
            .map(PyCostEffectiveness::new)
            .py_err()
    }
}

impl PyComparison {
    /// The core's comparison.
    pub(crate) fn comparison(&self) -> &Comparison {
        &self.inner
    }
}
