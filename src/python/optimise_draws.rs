//! Re-optimising per draw for Python: `ct.optimise_draws` (its Python glue,
//! `caretriangle._optimise_draws`, calls these here, or on a Dask cluster's workers) and the
//! `OptimumDraws` it returns.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use super::args;
use super::classes::PyEconomy;
use super::convert::sampling_plan;
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use super::optimise::read;
use super::tables::frame;
use crate::optimise::{DrawsOptions, DrawsPart, OptimumDraws, Redraw};

/// The optimiser's answers over a sample of draws (`ct.optimise_draws`): `services()` (the
/// shares of draws in which each service grows, shrinks or stays, and its mean optimal
/// activity), `options()` (the share in which each option is chosen), `infeasible` (the
/// share of draws whose constraints conflict), and the optimal objective's `mean`, `low` (2.5%)
/// and `high` (97.5%) over the feasible draws.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.structured_education()
/// >>> out = ct.optimise_draws(econ, 20, seed=1, objective="qalys", floor="baseline")
/// >>> out.draws, out.infeasible
/// (20, 0.0)
/// >>> float(out.services()["grows"].iloc[0])
/// 1.0
#[pyclass(name = "OptimumDraws", module = "caretriangle", frozen)]
pub struct PyOptimumDraws {
    inner: OptimumDraws,
}

/// The run of draws the arguments ask for, checked (the economy's question as `ct.optimise`
/// reads its keywords), handed to `then`.
#[allow(clippy::too_many_arguments)]
fn with_redraw<T: Send>(
    py: Python<'_>,
    economy: &PyEconomy,
    draws: u64,
    seed: u64,
    sampling: &str,
    chunk: u64,
    threads: Option<usize>,
    options: Option<Vec<Bound<'_, PyAny>>>,
    kwargs: Option<&Bound<'_, PyDict>>,
    then: impl FnOnce(&Redraw<'_>) -> crate::error::Result<T> + Send,
) -> PyResult<T> {
    let (spec, options) = read(py, &economy.inner, options, kwargs)?;
    let run = DrawsOptions {
        draws,
        seed,
        sampling: sampling_plan(sampling).py_err()?,
        chunk,
        threads,
    };
    let programme = economy.inner.clone();
    py.detach(|| {
        let redraw = Redraw::new(programme.economy(), &spec, &options, run)?;
        then(&redraw)
    })
    .py_err()
}

/// Re-optimises the economy's question at each of `draws` draws of its uncertain inputs, here
/// (`ct.optimise_draws` without a client).
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (economy, draws, seed = 0, *, sampling = "lhs", chunk = 64, threads = None, options = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _optimise_draws(
    py: Python<'_>,
    economy: &Bound<'_, PyEconomy>,
    #[pyo3(from_py_with = args::draws)] draws: u64,
    #[pyo3(from_py_with = args::seed)] seed: u64,
    #[pyo3(from_py_with = args::sampling)] sampling: &'static str,
    #[pyo3(from_py_with = args::chunk)] chunk: u64,
    #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
    options: Option<Vec<Bound<'_, PyAny>>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyOptimumDraws> {
    let inner = with_redraw(
        py,
        economy.get(),
        draws,
        seed,
        sampling,
        chunk,
        threads,
        options,
        kwargs,
        // A closure: `Redraw::solve` names one lifetime of the economy, `then` takes any.
        #[allow(clippy::redundant_closure_for_method_calls)]
        |r| r.solve(),
    )?;
    Ok(PyOptimumDraws { inner })
}

/// The `(start, end)` draw ranges of a run's tasks on a cluster, a chunk each, every argument
/// checked first.
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (economy, draws, seed = 0, *, sampling = "lhs", chunk = 64, options = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _optimise_draws_tasks(
    py: Python<'_>,
    economy: &Bound<'_, PyEconomy>,
    #[pyo3(from_py_with = args::draws)] draws: u64,
    #[pyo3(from_py_with = args::seed)] seed: u64,
    #[pyo3(from_py_with = args::sampling)] sampling: &'static str,
    #[pyo3(from_py_with = args::chunk)] chunk: u64,
    options: Option<Vec<Bound<'_, PyAny>>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<(u64, u64)>> {
    with_redraw(
        py,
        economy.get(),
        draws,
        seed,
        sampling,
        chunk,
        Some(1),
        options,
        kwargs,
        |r| {
            Ok((0..r.run().draws)
                .step_by(usize::try_from(chunk).unwrap_or(usize::MAX))
                .map(|a| (a, (a + chunk).min(r.run().draws)))
                .collect())
        },
    )
}

/// Draws `start..end` of a run, on one thread (a cluster's task), as bytes.
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (economy, draws, seed, start, end, *, sampling = "lhs", chunk = 64, options = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _optimise_draws_part<'py>(
    py: Python<'py>,
    economy: &Bound<'py, PyEconomy>,
    #[pyo3(from_py_with = args::draws)] draws: u64,
    #[pyo3(from_py_with = args::seed)] seed: u64,
    #[pyo3(from_py_with = args::start)] start: u64,
    #[pyo3(from_py_with = args::end)] end: u64,
    #[pyo3(from_py_with = args::sampling)] sampling: &'static str,
    #[pyo3(from_py_with = args::chunk)] chunk: u64,
    options: Option<Vec<Bound<'py, PyAny>>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let part = with_redraw(
        py,
        economy.get(),
        draws,
        seed,
        sampling,
        chunk,
        Some(1),
        options,
        kwargs,
        |r| r.part(start..end),
    )?;
    Ok(PyBytes::new(py, &part.to_bytes()))
}

/// A run's answer from its parts' bytes (in any order): the bits of the run made here.
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (economy, draws, seed, parts, *, sampling = "lhs", chunk = 64, options = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _optimise_draws_merge(
    py: Python<'_>,
    economy: &Bound<'_, PyEconomy>,
    #[pyo3(from_py_with = args::draws)] draws: u64,
    #[pyo3(from_py_with = args::seed)] seed: u64,
    parts: Vec<Vec<u8>>,
    #[pyo3(from_py_with = args::sampling)] sampling: &'static str,
    #[pyo3(from_py_with = args::chunk)] chunk: u64,
    options: Option<Vec<Bound<'_, PyAny>>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyOptimumDraws> {
    let parts = parts
        .iter()
        .map(|b| DrawsPart::from_bytes(b))
        .collect::<crate::error::Result<Vec<_>>>()
        .py_err()?;
    let inner = with_redraw(
        py,
        economy.get(),
        draws,
        seed,
        sampling,
        chunk,
        Some(1),
        options,
        kwargs,
        |r| r.merge(parts),
    )?;
    Ok(PyOptimumDraws { inner })
}

#[apply(guarded!)]
#[pymethods]
impl PyOptimumDraws {
    /// One row a service: the shares of all draws in which its optimal activity `grows`,
    /// `shrinks` or `stays` against that draw's today (with `infeasible` they add up to 1),
    /// and its `mean_activity` at the optimum over the feasible draws.
    fn services<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, self.inner.services())
    }
    /// One row an option given: the share of draws in which it is chosen.
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, self.inner.options())
    }
    /// What was optimised, in words (`QALYs gained`).
    #[getter]
    fn objective(&self) -> &str {
        &self.inner.objective
    }
    /// Draws solved.
    #[getter]
    fn draws(&self) -> u64 {
        self.inner.draws
    }
    /// The share of draws whose constraints conflict: counted, never stopping the run.
    #[getter]
    fn infeasible(&self) -> f64 {
        self.inner.infeasible
    }
    /// The optimal objective's mean over the feasible draws.
    #[getter]
    fn mean(&self) -> f64 {
        self.inner.mean
    }
    /// Its 2.5% quantile.
    #[getter]
    fn low(&self) -> f64 {
        self.inner.low
    }
    /// Its 97.5% quantile.
    #[getter]
    fn high(&self) -> f64 {
        self.inner.high
    }
    fn __repr__(&self) -> String {
        format!(
            "<OptimumDraws: {} over {} draws, mean {} (95% interval {} to {}); {:.1}% infeasible>",
            self.inner.objective,
            self.inner.draws,
            self.inner.mean,
            self.inner.low,
            self.inner.high,
            100.0 * self.inner.infeasible
        )
    }
}
