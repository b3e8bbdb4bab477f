//! The budget impact under Monte Carlo for Python: `Economy.budget_monte_carlo(...)` gives a
//! `BudgetMonteCarloResult` (summaries as DataFrames, samples as a numpy array).

use numpy::{IntoPyArray, PyArray2, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::errors::{from_state, interruptible, to_py, to_state};
use super::tables::{column_quantiles, frame};
use crate::budget::{self, BudgetModel};
use crate::error::Error;
use crate::montecarlo::{MonteCarloOptions, Summary};
use crate::report::{money, Table};

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
