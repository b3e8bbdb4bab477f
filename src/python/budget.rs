//! Multi-year budget impact for Python: `Economy.budget_impact(...)` gives a `BudgetImpact`
//! (tables as DataFrames, payback, return per £1); its Monte Carlo is in `budget_mc.rs`. The
//! GIL is released while Rust works.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::args;
use super::convert::json_text;
use super::cost_effectiveness::PyCostEffectiveness;
use super::errors::{to_py, IntoPy};
use super::guard::{apply, guarded};
use super::scenario::PyScenario;
use super::tables::frame;
use crate::budget::{BudgetImpact, BudgetImpactSpec, BudgetModel};
use crate::economy::Dimension;
use crate::error::Error;
use crate::io::{self, Format};
use crate::programme::Programme;
use crate::report::money;
use crate::scenario::{Scenario, ScenarioSpec};

/// A compiled budget impact with what it was compiled from, so that it can be pickled.
pub(crate) struct Compiled {
    pub(crate) model: BudgetModel,
    programme: Arc<Programme>,
    spec: BudgetImpactSpec,
    /// The scenario the entry names: one kept with the economy, or one made in Python.
    scenario: Option<Scenario>,
}

/// A budget impact from a name kept with the economy, or a dict laid out as the file format's
/// `[[budget_impacts]]` entry. `scenario` (a name, or a `Scenario` that need not be kept with
/// the economy) sets or replaces the budget impact's scenario.
pub(crate) fn compile(
    programme: &Arc<Programme>,
    which: &Bound<'_, PyAny>,
    scenario: Option<&Bound<'_, PyAny>>,
) -> PyResult<Compiled> {
    let mut spec = match which.extract::<String>() {
        Ok(name) => programme
            .budget_impacts()
            .iter()
            .find(|b| b.name == name)
            .cloned()
            .ok_or_else(|| {
                Error::unknown(
                    "budget_impact",
                    "budget impact",
                    &name,
                    programme.budget_impacts().iter().map(|b| b.name.as_str()),
                )
            })
            .py_err()?,
        Err(_) => read_entry(serde_json::from_str(&json_text(which)?).ok())?,
    };
    let scenario = match scenario {
        None => None,
        Some(s) => {
            if let Ok(name) = s.extract::<String>() {
                spec.scenario = Some(name);
                None
            } else {
                let sc = s.cast::<PyScenario>()?.get().inner.clone();
                spec.scenario = Some(sc.name().to_string());
                Some(sc)
            }
        }
    };
    compiled(programme.clone(), spec, scenario)
}

/// Compiles `spec` against the programme's economy, with `scenario` or else the kept scenario
/// the entry names (no economy is rebuilt to hold a scenario made in Python).
pub(crate) fn compiled(
    programme: Arc<Programme>,
    spec: BudgetImpactSpec,
    scenario: Option<Scenario>,
) -> PyResult<Compiled> {
    let model = match &scenario {
        Some(sc) => BudgetModel::compile(programme.economy(), &spec, Some(sc)),
        None => programme.compile(&spec),
    }
    .py_err()?;
    Ok(Compiled {
        model,
        programme,
        spec,
        scenario,
    })
}

/// A budget impact entry from its JSON tree (`None`: not JSON of an object).
pub(crate) fn read_entry(tree: Option<serde_json::Value>) -> PyResult<BudgetImpactSpec> {
    tree.ok_or_else(|| "not a JSON object".to_string())
        .and_then(|t| serde_json::from_value::<BudgetImpactSpec>(t).map_err(|e| e.to_string()))
        .map_err(|e| {
            Error::invalid(
                "budget_impact",
                "a dict",
                format!("the file format's budget impact layout ({e})"),
            )
        })
        .py_err()
}

/// A part of a budget impact's pickled form, as JSON.
fn json(v: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| to_py(Error::invalid("state", "a budget impact", e.to_string())))
}

/// A multi-year budget impact: year-by-year costs, savings and net change in spend (positive
/// is a cost, negative a saving), the NICE five-year layout, payback and return per £1.
///
/// Made by `Economy.budget_impact` (an entry of the economy's `[[budget_impacts]]`, or a dict
/// with that layout) or `Comparison.budget_impact` (a scenario's change carried over years).
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> bi = econ.budget_impact("care planning and self-management, 2025/26 to 2029/30")
/// >>> bi.years[0], bi.years[-1], bi.price_base
/// ('2025/26', '2029/30', '2023/24')
/// >>> # 2025/26: care planning £310,385 + health trainers £64,897.46 + training £156,465
/// >>> # + coordination £60,000 + double running £40,000; no effects yet (they lag a year)
/// >>> round(bi.to_frame().loc["2025/26", "net"])
/// 631747
/// >>> print(bi.payback_year)   # costs outrun the admissions avoided in every year
/// None
/// >>> round(bi.return_per_pound, 3)
/// 0.035
#[pyclass(name = "BudgetImpact", module = "caretriangle", frozen)]
pub struct PyBudgetImpact {
    inner: BudgetImpact,
    /// What it was compiled from: its pickled form.
    programme: Arc<Programme>,
    spec: BudgetImpactSpec,
    scenario: Option<Scenario>,
}

impl PyBudgetImpact {
    /// The compiled model.
    pub(crate) fn model(&self) -> &BudgetModel {
        self.inner.model()
    }

    /// The budget impact of a compiled entry, the GIL released.
    pub(crate) fn new(py: Python<'_>, compiled: Compiled) -> PyResult<Self> {
        let Compiled {
            model,
            programme,
            spec,
            scenario,
        } = compiled;
        let inner = py.detach(|| BudgetImpact::new(model)).py_err()?;
        Ok(PyBudgetImpact {
            inner,
            programme,
            spec,
            scenario,
        })
    }
}

#[apply(guarded!)]
#[pymethods]
impl PyBudgetImpact {
    /// A budget impact from its pickled form: the JSON of the economy (with what is kept
    /// beside it), of the entry, and of a scenario made in Python (or `None`).
    #[staticmethod]
    #[pyo3(signature = (economy_json, spec_json, scenario_json = None))]
    fn _from_state(py: Python<'_>, economy_json: &str, spec_json: &str, scenario_json: Option<&str>) -> PyResult<Self> {
        let programme = Arc::new(io::programme_from_str(economy_json, Format::Json, "<pickle>").py_err()?);
        let spec: BudgetImpactSpec = io::spec_from_str(spec_json, Format::Json, "<pickle>").py_err()?;
        let scenario = scenario_json
            .map(|t| io::spec_from_str::<ScenarioSpec>(t, Format::Json, "<pickle>").and_then(Scenario::from_spec))
            .transpose()
            .py_err()?;
        Self::new(py, compiled(programme, spec, scenario)?)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_state = py.get_type::<PyBudgetImpact>().getattr("_from_state")?;
        let economy = io::programme_to_string(&self.programme, Format::Json).py_err()?;
        let spec = json(&self.spec)?;
        let scenario = self.scenario.as_ref().map(|s| json(&s.to_spec())).transpose()?;
        let args = (economy, spec, scenario).into_pyobject(py)?;
        PyTuple::new(py, [from_state, args.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyBudgetImpact>().is_ok_and(|o| {
            let o = o.get();
            *o.programme == *self.programme && o.spec == self.spec && o.scenario == self.scenario
        })
    }

    /// The budget impact's name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.model().name()
    }
    /// The financial years of the horizon (`"2025/26"`, …).
    #[getter]
    fn years(&self) -> Vec<String> {
        self.inner.years()
    }
    /// The price year figures are in.
    #[getter]
    fn price_base(&self) -> String {
        self.inner.model().price_base().to_string()
    }
    /// The discount rate a year.
    #[getter]
    fn discount_rate(&self) -> f64 {
        self.inner.model().discounting().rate()
    }
    /// The first financial year by whose end the cumulative net impact is 0 or below, or
    /// `None` if it does not pay back within the horizon.
    #[getter]
    fn payback_year(&self) -> Option<String> {
        self.inner.payback_year().map(|y| y.to_string())
    }
    /// As `payback_year`, on discounted figures.
    #[getter]
    fn discounted_payback_year(&self) -> Option<String> {
        self.inner.discounted_payback_year().map(|y| y.to_string())
    }
    /// £ saved (cash- and capacity-releasing) per £1 spent over the horizon.
    #[getter]
    fn return_per_pound(&self) -> Option<f64> {
        self.inner.return_per_pound()
    }
    /// As `return_per_pound`, both discounted.
    #[getter]
    fn discounted_return_per_pound(&self) -> Option<f64> {
        self.inner.discounted_return_per_pound()
    }

    /// One row a financial year: people supported, costs by kind, `cash_releasing` and
    /// `capacity_releasing` savings, `net`, `cumulative`, `discount_factor`,
    /// `discounted_net`, `discounted_cumulative`, `net_cash` and `net_per_100k`.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.annual())
    }

    /// The NICE layout: one row a cost line (savings negative), one column a year, a total
    /// column, and a total row (the net budget impact).
    fn by_line<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.by_line())
    }

    /// Net impact by `"corner"` or `"commissioner"`, one column a year, with totals.
    #[pyo3(signature = (by = "corner"))]
    fn by<'py>(
        &self,
        py: Python<'py>,
        #[pyo3(from_py_with = args::dimension)] by: &'static str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dim: Dimension = by.parse().py_err()?;
        frame(py, &self.inner.by(dim).py_err()?)
    }

    /// The headline figures over the horizon.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.summary())
    }

    /// Plots the budget impact with `caretriangle.plotting.budget_impact(self, **kwargs)`.
    #[pyo3(signature = (**kwargs))]
    fn plot<'py>(slf: &Bound<'py, Self>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        let plotting = slf.py().import("caretriangle.plotting")?;
        plotting.getattr("budget_impact")?.call((slf,), kwargs)
    }

    /// Writes the decision brief of the budget impact (HTML or PDF), with its Monte Carlo run
    /// if given (see `caretriangle.brief.write`).
    #[pyo3(signature = (path, *, monte_carlo = None))]
    fn brief<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
        monte_carlo: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<()> {
        super::display::brief(slf.as_any(), path, &[("monte_carlo", monte_carlo)])
    }

    /// An HTML table for notebooks (`caretriangle.display`), as for the other results.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    /// The discount rate a year of outcomes gained (3.5%, NICE's reference case, unless
    /// the entry's `outcome_discount_rate` says otherwise).
    #[getter]
    fn outcome_discount_rate(&self) -> f64 {
        self.inner.model().outcome_discounting().rate()
    }

    /// Each outcome the economy declares, gained year by year: one row a year and a total,
    /// the outcomes' `discount_factor`, `{id}_gain` and `{id}_discounted_gain` (the fall
    /// where less is better: admissions avoided), and the `discounted_net` impact.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> econ = ct.examples.structured_education()
    /// >>> bi = econ.budget_impact({"name": "offer", "first_year": "2025/26", "years": 3,
    /// ...     "interventions": [{"id": "offer", "service": "desmond", "register": 1000, "uptake": [1.0]}]})
    /// >>> t = bi.outcomes()
    /// >>> round(t.loc["Total", "qalys_discounted_gain"], 4)  # 39.2 x (1 + 1/1.035 + 1/1.035**2)
    /// np.float64(113.668)
    fn outcomes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.outcomes())
    }

    /// The budget impact over its horizon on `outcome`: the ICER of the discounted net impact
    /// against the discounted outcome gained, and the verdict in words, at the outcome's value
    /// as threshold (0 where it has none).
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> econ = ct.examples.structured_education()
    /// >>> bi = econ.budget_impact({"name": "offer", "first_year": "2025/26", "years": 3,
    /// ...     "interventions": [{"id": "offer", "service": "desmond", "register": 1000, "uptake": [1.0]}]})
    /// >>> round(bi.icer("qalys").icer)   # £82,000 and 39.2 QALYs a year, both discounted
    /// 2092
    fn icer(&self, #[pyo3(from_py_with = args::outcome)] outcome: String) -> PyResult<PyCostEffectiveness> {
        self.inner.icer(&outcome).map(PyCostEffectiveness::new).py_err()
    }

    /// The budget impact's net benefit over its horizon on `outcome` at `threshold` £ a unit
    /// (the outcome's value when None): λ × the discounted gain − the discounted net impact.
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

    fn __repr__(&self) -> String {
        let t = self.inner.totals();
        let years = self.inner.years();
        format!(
            "<BudgetImpact {:?}: {} to {}, cumulative net {} (discounted {}), payback {}, {} saved per £1, {} prices>",
            self.inner.model().name(),
            years.first().cloned().unwrap_or_default(),
            years.last().cloned().unwrap_or_default(),
            money(t.cumulative.last().copied().unwrap_or(0.0)),
            money(t.discounted_cumulative.last().copied().unwrap_or(0.0)),
            self.inner
                .payback_year()
                .map_or("not within the horizon".to_string(), |y| y.to_string()),
            self.inner.return_per_pound().map_or("nothing".to_string(), money),
            self.inner.model().price_base()
        )
    }
}
