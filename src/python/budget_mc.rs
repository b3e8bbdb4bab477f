//! The budget impact under Monte Carlo for Python: `Economy.budget_monte_carlo(...)` gives a
//! `BudgetMonteCarloResult` (summaries as DataFrames, samples as a numpy array).

use numpy::{IntoPyArray, PyArray2, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};
use serde::{Deserialize, Serialize};

use super::args;
use super::budget::PyBudgetImpact;
use super::convert::{full_correlation, sampling_plan};
use super::distributed::{bins_bytes, parts, per_task, run_part, PyPartial};
use super::errors::{from_state, interruptible, to_py, to_state, IntoPy};
use super::guard::{apply, guarded};
use super::tables::{frame, statistics};
use crate::budget::{self, BudgetModel, BudgetMonteCarloResult};
use crate::error::Error;
use crate::montecarlo::{Bins, MonteCarloOptions, Summary};
use crate::report::{money, Table};
use crate::uncertainty::{chunks, CorrelationMatrix, SamplingPlan};

/// Runs a compiled budget impact under Monte Carlo, GIL released, Ctrl-C checked between
/// batches of chunks.
fn run_monte_carlo(
    py: Python<'_>,
    model: &BudgetModel,
    options: &MonteCarloOptions,
) -> PyResult<PyBudgetMonteCarloResult> {
    let result = interruptible(py, |progress| budget::run(model, options, progress))?;
    Ok(PyBudgetMonteCarloResult::of(py, model, options, result))
}

/// A budget impact under Monte Carlo, ready to run here or on a Dask cluster: every input
/// given as a distribution (the economy's and the budget impact's) is drawn, on the same
/// chunked driver as `MonteCarlo` (the same seed gives the same numbers for any `threads`,
/// and a run on a cluster merges into the local run's bits). `correlation` is
/// `(names, matrix)`, a rank correlation between named inputs. `Economy.budget_monte_carlo`
/// makes and runs one.
///
/// Examples
/// --------
/// >>> import caretriangle as ct, pickle
/// >>> econ = ct.examples.north_of_tyne()
/// >>> bi = econ.budget_impact(econ.budget_impacts[0])
/// >>> study = ct.BudgetMonteCarlo(bi, iterations=10_000, seed=1)
/// >>> study.chunks        # of 4096 iterations: what a cluster's tasks share out
/// 3
/// >>> again = pickle.loads(pickle.dumps(study))   # as it travels to a worker
/// >>> again.run().summary().equals(study.run().summary())
/// True
#[pyclass(name = "BudgetMonteCarlo", module = "caretriangle", frozen)]
pub struct PyBudgetMonteCarlo {
    budget: Py<PyBudgetImpact>,
    options: MonteCarloOptions,
}

/// The options as they pickle (a correlation matrix by its size and values).
#[derive(Serialize, Deserialize)]
struct OptionsState {
    iterations: u64,
    seed: u64,
    sampling: SamplingPlan,
    keep_samples: bool,
    correlation: Option<(usize, Vec<f64>)>,
}

impl PyBudgetMonteCarlo {
    /// A run of `budget` with `options`, checked before anything is shipped.
    pub(crate) fn new(budget: Py<PyBudgetImpact>, options: MonteCarloOptions) -> PyResult<Self> {
        crate::montecarlo::driver::check_options(budget.get().model(), &options).py_err()?;
        Ok(PyBudgetMonteCarlo { budget, options })
    }

    fn model(&self) -> &BudgetModel {
        self.budget.get().model()
    }
}

#[apply(guarded!)]
#[pymethods]
impl PyBudgetMonteCarlo {
    #[new]
    #[pyo3(signature = (budget_impact, *, iterations = 10_000, seed = 0, sampling = "random", threads = None,
        keep_samples = true, correlation = None))]
    pub(crate) fn py_new(
        budget_impact: Py<PyBudgetImpact>,
        #[pyo3(from_py_with = args::iterations)] iterations: u64,
        #[pyo3(from_py_with = args::seed)] seed: u64,
        #[pyo3(from_py_with = args::sampling)] sampling: &'static str,
        #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
        #[pyo3(from_py_with = args::keep_samples)] keep_samples: bool,
        correlation: Option<(Vec<String>, Vec<Vec<f64>>)>,
    ) -> PyResult<Self> {
        let correlation = match correlation {
            None => None,
            Some((names, matrix)) => {
                let inputs = budget_impact.get().model().input_names();
                let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
                Some(full_correlation(&inputs, &names, &matrix).py_err()?)
            }
        };
        let options = MonteCarloOptions {
            iterations,
            seed,
            sampling: sampling_plan(sampling).py_err()?,
            threads,
            keep_samples,
            correlation,
        };
        Self::new(budget_impact, options)
    }

    /// Runs it here, the GIL released, Ctrl-C checked between batches of chunks
    /// (`BudgetMonteCarlo.run` without a client; see `caretriangle.distributed`).
    /// `chunks_per_task` is read and checked as on a cluster.
    #[pyo3(signature = (*, chunks_per_task = 8))]
    pub(crate) fn _run(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = args::chunks_per_task)] chunks_per_task: u64,
    ) -> PyResult<PyBudgetMonteCarloResult> {
        per_task("chunks_per_task", chunks_per_task)?;
        run_monte_carlo(py, self.model(), &self.options)
    }

    /// The run's tasks on a cluster, `chunks_per_task` chunks each: `(start, end)` chunk
    /// ranges covering the run.
    fn _parts(&self, #[pyo3(from_py_with = args::chunks_per_task)] chunks_per_task: u64) -> PyResult<Vec<(u64, u64)>> {
        parts(chunks(self.options.iterations), "chunks_per_task", chunks_per_task)
    }

    /// Iterations of the run.
    #[getter]
    fn iterations(&self) -> u64 {
        self.options.iterations
    }
    /// Chunks of 4096 iterations the run is split into on a cluster.
    #[getter]
    fn chunks(&self) -> u64 {
        chunks(self.options.iterations)
    }

    /// The run's histogram bins (from chunk 0), as bytes for every part.
    fn _bins<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        bins_bytes(py, self.model(), &self.options)
    }

    /// Runs chunks `start..end` of the run on `threads` threads, the GIL released.
    #[pyo3(signature = (bins, start, end, *, threads = 1))]
    fn _run_chunks(
        &self,
        py: Python<'_>,
        bins: &[u8],
        #[pyo3(from_py_with = args::start)] start: u64,
        #[pyo3(from_py_with = args::end)] end: u64,
        #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
    ) -> PyResult<PyPartial> {
        run_part(py, self.model(), &self.options, bins, start..end, threads)
    }

    /// The result of the run from its parts (in any order).
    fn _merge(
        &self,
        py: Python<'_>,
        bins: &[u8],
        parts: Vec<Bound<'_, PyPartial>>,
    ) -> PyResult<PyBudgetMonteCarloResult> {
        let bins = Bins::from_bytes(bins).py_err()?;
        let parts: Vec<_> = parts.iter().map(|p| p.get().inner.clone()).collect();
        let result = py.detach(|| budget::merge(self.model(), &bins, parts)).py_err()?;
        Ok(PyBudgetMonteCarloResult::of(py, self.model(), &self.options, result))
    }

    /// Pickles as its budget impact and its options.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let o = &me.options;
        let state = OptionsState {
            iterations: o.iterations,
            seed: o.seed,
            sampling: o.sampling,
            keep_samples: o.keep_samples,
            correlation: o.correlation.as_ref().map(|c| (c.size(), c.values().to_vec())),
        };
        let from_state = slf.get_type().getattr("_from_state")?;
        let args = (me.budget.clone_ref(py), to_state(py, &state)?).into_pyobject(py)?;
        PyTuple::new(py, [from_state, args.into_any()])
    }

    #[staticmethod]
    fn _from_state(budget: Bound<'_, PyBudgetImpact>, options: &[u8]) -> PyResult<Self> {
        let o: OptionsState = from_state(options, "BudgetMonteCarlo")?;
        let correlation = o
            .correlation
            .map(|(n, values)| CorrelationMatrix::new(n, values))
            .transpose()
            .py_err()?;
        let options = MonteCarloOptions {
            iterations: o.iterations,
            seed: o.seed,
            sampling: o.sampling,
            threads: None,
            keep_samples: o.keep_samples,
            correlation,
        };
        Self::new(budget.unbind(), options)
    }

    fn __repr__(&self) -> String {
        format!(
            "<BudgetMonteCarlo {:?}: {} uncertain inputs, {} iterations, seed {}>",
            self.model().name(),
            self.model().uncertain().len(),
            self.options.iterations,
            self.options.seed
        )
    }
}

/// A Monte Carlo run of a budget impact: the distribution of the cumulative impact and the
/// probability of paying back within the horizon. Columns of `samples`: `cumulative`,
/// `discounted_cumulative`, `cash_releasing`, `capacity_releasing`, `total_costs`,
/// `return_per_pound`, `pays_back` (1 or 0), `net <year>` for each year, then each outcome's
/// discounted gain (`qalys_gain`) and, where it has a value, its net benefit.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> res = econ.budget_monte_carlo(econ.budget_impacts[0], iterations=1000, seed=1)
/// >>> res.samples.shape     # 7 outputs + 5 years + 3 outcomes' gains + the QALYs' net benefit
/// (1000, 16)
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

impl PyBudgetMonteCarloResult {
    fn of(py: Python<'_>, model: &BudgetModel, options: &MonteCarloOptions, result: BudgetMonteCarloResult) -> Self {
        PyBudgetMonteCarloResult {
            name: model.name().to_string(),
            columns: result.columns,
            input_names: result.input_names,
            samples: result.samples.map(|a| a.into_pyarray(py).unbind()),
            summaries: result.summaries,
            iterations: result.iterations,
            seed: options.seed,
        }
    }
}

#[apply(guarded!)]
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

    /// The samples as a `pyarrow.Table`, the run in its metadata (`caretriangle.parquet`).
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        super::display::call(slf.as_any(), "parquet", "to_arrow", None)
    }

    /// Writes `to_arrow()` to `path` as Parquet, whole or not at all.
    fn to_parquet(slf: &Bound<'_, Self>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        super::display::to_file(slf.as_any(), "parquet", "to_parquet", path)
    }

    /// Mean, sd, 2.5/50/97.5 percentiles and the share below 0 of every output. Percentiles
    /// are exact where samples were kept, from a fine histogram otherwise.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = statistics(
            py,
            Table::keyed("output", self.columns.clone()),
            self.samples.as_ref(),
            &self.summaries,
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
            self.probability_of_payback()?
        )
    }
}
