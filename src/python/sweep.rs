//! Scenario sweeps for Python: many scenarios applied in parallel (the GIL released), as one
//! long DataFrame. `caretriangle.sweep` builds scenario grids and sends batches to Dask.

use pyo3::prelude::*;

use super::args;
use super::classes::PyEconomy;
use super::errors::{interruptible, IntoPy};
use super::guard::{apply, guarded};
use super::scenario::PyScenario;
use super::tables::frame;
use crate::apply::ApplyOptions;
use crate::economy::Dimension;
use crate::scenario::Scenario;
use crate::sweep::{check_names, sweep, SweepOptions};

/// Every scenario applied to `economy`, one row per scenario, dimension and key: columns
/// `scenario`, `run`, `dimension`, `key`, `baseline`, `after`, `change`, in the scenarios'
/// order whatever the number of threads; then each outcome's `{id}_gain` and
/// `net_benefit_{id}` (at `threshold`, else the outcome's value).
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (economy, scenarios, *, by = vec!["corner".to_string(), "locality".to_string()], threads = None, strict = false, threshold = None))]
pub fn _sweep_frame<'py>(
    py: Python<'py>,
    economy: &PyEconomy,
    scenarios: Vec<Bound<'py, PyScenario>>,
    #[pyo3(from_py_with = args::dimensions)] by: Vec<String>,
    #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
    #[pyo3(from_py_with = args::strict)] strict: bool,
    #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let dimensions = by
        .iter()
        .map(|d| d.parse::<Dimension>())
        .collect::<Result<Vec<_>, _>>()
        .py_err()?;
    let scenarios: Vec<Scenario> = scenarios.iter().map(|s| s.get().inner.clone()).collect();
    let options = SweepOptions {
        dimensions,
        threads,
        apply: ApplyOptions { strict },
        threshold,
    };
    let programme = economy.inner.clone();
    let table = interruptible(py, |progress| {
        sweep(programme.economy(), &scenarios, &options, progress)
    })?;
    frame(py, &table)?.call_method0("reset_index")
}

/// Refuses two scenarios with one name before a sweep is cut into batches (a Dask sweep's
/// batches are checked one by one, so two names in two batches would pass them).
#[apply(guarded!)]
#[pyfunction]
pub fn _check_sweep_names(scenarios: Vec<Bound<'_, PyScenario>>) -> PyResult<()> {
    let scenarios: Vec<Scenario> = scenarios.iter().map(|s| s.get().inner.clone()).collect();
    check_names(&scenarios).py_err()
}
