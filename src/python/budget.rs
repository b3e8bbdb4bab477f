//! Multi-year budget impact for Python: `Economy.budget_impact(...)` gives a `BudgetImpact`
//! (tables as DataFrames, payback, return per £1); its Monte Carlo is in `budget_mc.rs`. The
//! GIL is released while Rust works.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::economy::json_text;
use super::errors::{to_py, IntoPy};
use super::scenario::PyScenario;
use super::tables::frame;
use crate::budget::{BudgetImpact, BudgetImpactSpec, BudgetModel};
use crate::economy::{Dimension, Economy};
use crate::error::Error;
use crate::io::{self, Format};
use crate::report::money;

/// A compiled budget impact with what it was compiled from, so that it can be pickled.
pub(crate) struct Compiled {
    pub(crate) model: BudgetModel,
    economy: Arc<Economy>,
    spec: BudgetImpactSpec,
}

/// A budget impact from a name kept with the economy, or a dict laid out as the file format's
/// `[[budget_impacts]]` entry. `scenario` (a name, or a `Scenario` that need not be kept with
/// the economy) sets or replaces the budget impact's scenario.
pub(crate) fn compile(
    economy: &Arc<Economy>,
    which: &Bound<'_, PyAny>,
    scenario: Option<&Bound<'_, PyAny>>,
) -> PyResult<Compiled> {
    let mut spec = match which.extract::<String>() {
        Ok(name) => economy
            .budget_impacts()
            .iter()
            .find(|b| b.name == name)
            .cloned()
            .ok_or_else(|| {
                Error::unknown(
                    "budget_impact",
                    "budget impact",
                    &name,
                    economy.budget_impacts().iter().map(|b| b.name.as_str()),
                )
            })
            .py_err()?,
        Err(_) => {
            let text = json_text(which)?;
            serde_json::from_str::<BudgetImpactSpec>(&text)
                .map_err(|e| {
                    Error::invalid(
                        "budget_impact",
                        "a dict",
                        format!("the file format's budget impact layout ({e})"),
                    )
                })
                .py_err()?
        }
    };
    let compiled = |economy: Arc<Economy>, spec: BudgetImpactSpec| {
        let model = BudgetModel::compile(&economy, &spec).py_err()?;
        Ok(Compiled { model, economy, spec })
    };
    let Some(scenario) = scenario else {
        return compiled(economy.clone(), spec);
    };
    if let Ok(name) = scenario.extract::<String>() {
        spec.scenario = Some(name);
        return compiled(economy.clone(), spec);
    }
    // A scenario object: compiled against a copy of the economy that keeps it (once per call,
    // never per iteration).
    let sc = scenario.cast::<PyScenario>()?.get().inner.clone();
    let mut with = economy.to_spec();
    with.scenarios.retain(|s| s.name != sc.name());
    with.scenarios.push(sc.to_spec());
    with.budget_impacts.clear();
    let economy = Economy::new(with).py_err()?;
    spec.scenario = Some(sc.name().to_string());
    compiled(Arc::new(economy), spec)
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
    /// The economy and entry it was compiled from: its pickled form.
    economy: Arc<Economy>,
    spec: BudgetImpactSpec,
}

impl PyBudgetImpact {
    /// The budget impact of a compiled entry, the GIL released.
    pub(crate) fn new(py: Python<'_>, compiled: Compiled) -> PyResult<Self> {
        let Compiled { model, economy, spec } = compiled;
        let inner = py.detach(|| BudgetImpact::new(model)).py_err()?;
        Ok(PyBudgetImpact { inner, economy, spec })
    }
}

#[pymethods]
impl PyBudgetImpact {
    /// A budget impact from its pickled form: the economy's JSON and the entry's.
    #[staticmethod]
    fn _from_state(py: Python<'_>, economy_json: &str, spec_json: &str) -> PyResult<Self> {
        let economy = Arc::new(io::economy_from_str(economy_json, Format::Json, "<pickle>").py_err()?);
        let spec: BudgetImpactSpec = io::spec_from_str(spec_json, Format::Json, "<pickle>").py_err()?;
        let model = BudgetModel::compile(&economy, &spec).py_err()?;
        Self::new(py, Compiled { model, economy, spec })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_state = py.get_type::<PyBudgetImpact>().getattr("_from_state")?;
        let economy = io::economy_to_string(&self.economy, Format::Json).py_err()?;
        let spec = serde_json::to_string(&self.spec)
            .map_err(|e| to_py(Error::invalid("spec", "a budget impact", e.to_string())))?;
        PyTuple::new(py, [from_state, PyTuple::new(py, [economy, spec])?.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyBudgetImpact>()
            .is_ok_and(|o| *o.get().economy == *self.economy && o.get().spec == self.spec)
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
    fn by<'py>(&self, py: Python<'py>, by: &str) -> PyResult<Bound<'py, PyAny>> {
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

    /// An HTML table for notebooks (`caretriangle.display`), as for the other results.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
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
