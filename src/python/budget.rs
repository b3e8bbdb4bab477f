//! Multi-year budget impact for Python: `Economy.budget_impact(...)` gives a `BudgetImpact`
//! (tables as DataFrames, payback, return per £1), `Economy.budget_monte_carlo(...)` a
//! `BudgetMonteCarloResult`. The GIL is released while Rust works.

use std::sync::Arc;

use numpy::{IntoPyArray, PyArray2, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::economy::json_text;
use super::errors::{from_state, interruptible, to_py, to_state, IntoPy};
use super::montecarlo::column_quantiles;
use super::scenario::PyScenario;
use super::tables::frame;
use crate::budget::{self, BudgetImpact, BudgetImpactSpec, BudgetModel};
use crate::economy::{Dimension, Economy};
use crate::error::Error;
use crate::io::{self, Format};
use crate::montecarlo::{MonteCarloOptions, Summary};
use crate::report::{money, Table};

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

/// Runs a compiled budget impact under Monte Carlo, GIL released, Ctrl-C checked between
/// batches of chunks.
pub(crate) fn run_monte_carlo(
    py: Python<'_>,
    model: BudgetModel,
    options: MonteCarloOptions,
) -> PyResult<PyBudgetMonteCarloResult> {
    let result = interruptible(py, |progress| budget::run(&model, &options, progress))?;
    Ok(PyBudgetMonteCarloResult {
        name: model.name().to_string(),
        columns: result.columns,
        input_names: result.input_names,
        samples: result.samples.map(|a| a.into_pyarray(py).unbind()),
        summaries: result.summaries,
        iterations: result.iterations,
        seed: options.seed,
    })
}

/// A Monte Carlo run of a budget impact: the distribution of the cumulative impact and the
/// probability of paying back within the horizon. Columns of `samples`: `cumulative`,
/// `discounted_cumulative`, `cash_releasing`, `capacity_releasing`, `total_costs`,
/// `return_per_pound`, `pays_back` (1 or 0) and `net <year>` for each year.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> res = econ.budget_monte_carlo(econ.budget_impacts[0], iterations=1000, seed=1)
/// >>> res.samples.shape     # 7 outputs over the horizon + 5 years
/// (1000, 12)
/// >>> res.probability_of_payback
/// 0.0
/// >>> int(round(res.summary().loc["cumulative", "mean"], -3))
/// 6928000
#[pyclass(name = "BudgetMonteCarloResult", module = "caretriangle", frozen)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct PyBudgetMonteCarloResult {
    name: String,
    columns: Vec<String>,
    input_names: Vec<String>,
    /// Pickled beside the rest, as numpy pickles an array.
    #[serde(skip)]
    samples: Option<Py<PyArray2<f64>>>,
    summaries: Vec<Summary>,
    iterations: u64,
    seed: u64,
}

#[pymethods]
impl PyBudgetMonteCarloResult {
    /// Pickles as its figures (see `errors::to_state`) and its samples array.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_state = slf.get_type().getattr("_from_state")?;
        let samples = slf.get().samples.as_ref().map(|s| s.clone_ref(py));
        let args = (to_state(py, slf.get())?, samples).into_pyobject(py)?;
        PyTuple::new(py, [from_state, args.into_any()])
    }

    #[staticmethod]
    fn _from_state(state: &[u8], samples: Option<Bound<'_, PyArray2<f64>>>) -> PyResult<Self> {
        let mut result: Self = from_state(state, "BudgetMonteCarloResult")?;
        if let Some(s) = &samples {
            let shape = (s.shape()[0], s.shape()[1]);
            if u64::try_from(shape.0).ok() != Some(result.iterations) || shape.1 != result.columns.len() {
                return Err(to_py(Error::invalid(
                    "samples",
                    format!("an array of shape {shape:?}"),
                    format!(
                        "({}, {}): one row per iteration, one column per output",
                        result.iterations,
                        result.columns.len()
                    ),
                )));
            }
        }
        result.samples = samples.map(Bound::unbind);
        Ok(result)
    }

    /// Output names, in column order of `samples`.
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.columns.clone()
    }
    /// The uncertain inputs' names.
    #[getter]
    fn input_names(&self) -> Vec<String> {
        self.input_names.clone()
    }
    /// One row per iteration, one column per output (None when samples were not kept).
    #[getter]
    fn samples<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray2<f64>>> {
        self.samples.as_ref().map(|a| a.bind(py).clone())
    }
    /// Iterations run.
    #[getter]
    fn iterations(&self) -> u64 {
        self.iterations
    }
    /// The seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.seed
    }
    /// The share of iterations that paid back within the horizon.
    #[getter]
    fn probability_of_payback(&self) -> f64 {
        self.summaries[6].mean
    }

    /// The samples as a DataFrame, one column per output (None when not kept).
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(s) = &self.samples else { return Ok(None) };
        let kw = PyDict::new(py);
        kw.set_item("columns", self.columns.clone())?;
        py.import("pandas")?
            .getattr("DataFrame")?
            .call((s.bind(py),), Some(&kw))
            .map(Some)
    }

    /// Mean, sd, 2.5/50/97.5 percentiles and the share below 0 of every output. Percentiles
    /// are exact where samples were kept, from a fine histogram otherwise.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let q = column_quantiles(py, self.samples.as_ref(), &self.summaries);
        let n = self.columns.len();
        let t = Table::keyed("output", self.columns.clone())
            .figure("mean", self.summaries.iter().map(|s| Some(s.mean)).collect())
            .figure("sd", self.summaries.iter().map(|s| Some(s.sd())).collect())
            .figure("p2_5", (0..n).map(|i| Some(q(i, 0.025))).collect())
            .figure("p50", (0..n).map(|i| Some(q(i, 0.5))).collect())
            .figure("p97_5", (0..n).map(|i| Some(q(i, 0.975))).collect())
            .figure(
                "prob_below_zero",
                self.summaries.iter().map(|s| Some(s.prob_below_zero())).collect(),
            );
        frame(py, &t)
    }

    /// Plots the distribution of the cumulative impact with
    /// `caretriangle.plotting.budget_monte_carlo(self, **kwargs)`.
    #[pyo3(signature = (**kwargs))]
    fn plot<'py>(slf: &Bound<'py, Self>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        super::display::call(slf.as_any(), "plotting", "budget_monte_carlo", kwargs)
    }

    /// An HTML table for notebooks (`caretriangle.display`).
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    fn __repr__(&self) -> String {
        let cum = &self.summaries[0];
        format!(
            "<BudgetMonteCarloResult {:?}: {} iterations, seed {}, cumulative net mean {} (sd {}), P(payback) {:.3}>",
            self.name,
            self.iterations,
            self.seed,
            money(cum.mean),
            money(cum.sd()),
            self.probability_of_payback()
        )
    }
}
