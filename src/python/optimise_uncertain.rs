//! The optimal plan under uncertainty for Python: `Optimum.monte_carlo` runs the plan's
//! scenario as a `MonteCarlo` study (the one engine, locally or on Dask as every study) and
//! reads the run in the optimiser's words (`Optimum::uncertainty` in the core).

use std::sync::Arc;

use numpy::PyArrayMethods;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::classes::{PyEconomy, PyMonteCarlo};
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use super::results::PyMonteCarloResult;
use super::scenario::PyScenario;
use crate::error::Error;
use crate::optimise::{Optimum, PlanUncertainty};
use crate::programme::Programme;

/// The optimal plan through Monte Carlo: `monte_carlo` (the `MonteCarloResult` of the plan's
/// scenario, every report of a run), `within_envelope` (the share of draws in which the plan's
/// spend keeps to the envelope), and its objective's `mean`, `low` (2.5%) and `high` (97.5%).
/// Made by `Optimum.monte_carlo`.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.structured_education()
/// >>> opt = ct.optimise(econ, objective="qalys", floor="baseline")
/// >>> risk = opt.monte_carlo(2000, seed=1)
/// >>> 0.0 <= risk.within_envelope <= 1.0
/// True
/// >>> risk.low <= risk.mean <= risk.high
/// True
#[pyclass(name = "PlanUncertainty", module = "caretriangle", frozen)]
pub struct PyPlanUncertainty {
    inner: PlanUncertainty,
    result: Py<PyMonteCarloResult>,
}

/// `Optimum.monte_carlo`: the plan's scenario as a study of `iterations` draws, run, and read.
pub(super) fn monte_carlo(
    py: Python<'_>,
    optimum: &Optimum,
    programme: &Arc<Programme>,
    iterations: u64,
    seed: u64,
    sampling: &str,
    threads: Option<usize>,
) -> PyResult<PyPlanUncertainty> {
    let economy = Bound::new(
        py,
        PyEconomy {
            inner: programme.clone(),
        },
    )?;
    let kw = PyDict::new(py);
    kw.set_item("scenarios", vec![PyScenario::from(optimum.scenario().clone())])?;
    kw.set_item("iterations", iterations)?;
    kw.set_item("seed", seed)?;
    kw.set_item("sampling", sampling)?;
    kw.set_item("threads", threads)?;
    // The objective's quantiles need every draw.
    kw.set_item("keep_samples", true)?;
    let study = py.get_type::<PyMonteCarlo>().call((economy,), Some(&kw))?;
    let run = study.call_method0("run")?;
    let result = run.cast::<PyMonteCarloResult>()?;
    let r = result.get();
    let samples = r
        .samples
        .as_ref()
        .ok_or_else(|| Error::invalid("keep_samples", "False", "True"))
        .py_err()?
        .bind(py)
        .readonly();
    let inner = optimum.uncertainty(&r.columns, samples.as_array()).py_err()?;
    Ok(PyPlanUncertainty {
        inner,
        result: result.clone().unbind(),
    })
}

#[apply(guarded!)]
#[pymethods]
impl PyPlanUncertainty {
    /// The Monte Carlo run of the plan's scenario (every report of a run).
    #[getter]
    fn monte_carlo(&self, py: Python<'_>) -> Py<PyMonteCarloResult> {
        self.result.clone_ref(py)
    }
    /// The share of draws in which the plan's spend keeps to the envelope.
    #[getter]
    fn within_envelope(&self) -> f64 {
        self.inner.within_envelope
    }
    /// What was optimised, in words (`QALYs gained`).
    #[getter]
    fn objective(&self) -> &str {
        &self.inner.objective
    }
    /// One unit of the objective (`QALY`, `£`).
    #[getter]
    fn unit(&self) -> &str {
        &self.inner.unit
    }
    /// The objective's mean over the draws.
    #[getter]
    fn mean(&self) -> f64 {
        self.inner.mean
    }
    /// The objective's 2.5% quantile.
    #[getter]
    fn low(&self) -> f64 {
        self.inner.low
    }
    /// The objective's 97.5% quantile.
    #[getter]
    fn high(&self) -> f64 {
        self.inner.high
    }
    /// Draws.
    #[getter]
    fn iterations(&self) -> u64 {
        self.inner.iterations
    }
    /// All of it in a sentence.
    #[getter]
    fn words(&self) -> String {
        self.inner.words()
    }
    fn __repr__(&self) -> String {
        format!("<PlanUncertainty: {}>", self.inner.words())
    }
}
