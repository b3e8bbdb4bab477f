//! Outcomes and cost-effectiveness for Python: `incremental`, the table of several scenarios
//! on one outcome, and the cost-effectiveness analyses of a Monte Carlo result (its CEAC and
//! its EVPI and EVPPI on net benefit), on the result's model and kept samples.

use pyo3::prelude::*;

use super::guard::{apply, guarded};

use numpy::{PyArray2, PyArrayMethods};

use super::analyses::PyEvpi;
use super::args;
use super::comparison::PyComparison;
use super::errors::{to_py, IntoPy};
use super::tables::frame;
use crate::error::Error;
use crate::montecarlo::Model;
use crate::outcomes::incremental as incremental_table;

/// Several scenarios' results on one baseline, side by side on `outcome`: the incremental
/// table of Drummond et al., with the baseline (do nothing) as an option. Options in order
/// of cost; strongly dominated ones, then extendedly dominated ones set aside; ICERs between
/// neighbours on the cost-effectiveness frontier.
///
/// Parameters
/// ----------
/// results : sequence of Comparison
///     Scenarios applied to one economy (`Economy.apply`).
/// outcome : str
///     An outcome the economy declares.
///
/// Returns
/// -------
/// pandas.DataFrame
///     One row an option (`baseline` among them): `cost` and `gain` against the baseline,
///     `incremental_cost`, `incremental_gain` and `icer` against the option before it on the
///     frontier, and `standing` in words.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.structured_education()
/// >>> more = econ.apply("offer to 1,000 more")
/// >>> half = econ.apply(ct.Scenario("half").scale_activity("desmond", 0.5))
/// >>> t = ct.incremental([more, half], "qalys")
/// >>> list(t.index)
/// ['half', 'baseline', 'offer to 1,000 more']
/// >>> round(t.loc["offer to 1,000 more", "icer"], 2)     # 82,000 / 39.2
/// np.float64(2091.84)
#[apply(guarded!)]
#[pyfunction]
pub fn incremental<'py>(
    py: Python<'py>,
    results: Vec<PyRef<'py, PyComparison>>,
    #[pyo3(from_py_with = args::outcome)] outcome: String,
) -> PyResult<Bound<'py, PyAny>> {
    let comparisons: Vec<&crate::comparison::Comparison> = results.iter().map(|r| r.comparison()).collect();
    frame(py, &incremental_table(&comparisons, &outcome).py_err()?)
}

/// A run's kept samples (or inputs) and its model.
pub(super) struct Kept<'a> {
    pub(super) model: &'a Model,
    pub(super) samples: Option<&'a Py<PyArray2<f64>>>,
    pub(super) inputs: Option<&'a Py<PyArray2<f64>>>,
}

/// The kept samples of a run, or the error that says they were not kept.
fn kept<'py>(res: &Kept<'_>, py: Python<'py>, what: &str) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let samples = if what == "inputs" { res.inputs } else { res.samples };
    samples.map(|a| a.bind(py).clone()).ok_or_else(|| {
        to_py(Error::invalid(
            "keep_samples",
            "False",
            format!("True: cost-effectiveness needs every iteration's {what}"),
        ))
    })
}

/// `MonteCarloResult.ceac`.
pub(super) fn ceac<'py>(
    res: &Kept<'_>,
    py: Python<'py>,
    outcome: &str,
    thresholds: &[f64],
) -> PyResult<Bound<'py, PyAny>> {
    let samples = kept(res, py, "outputs")?;
    let ro = samples.readonly();
    frame(py, &res.model.ceac(ro.as_array(), outcome, thresholds).py_err()?)
}

/// `MonteCarloResult.evpi(outcome=...)`: EVPI of the choice on net benefit.
pub(super) fn evpi_on_net_benefit(
    res: &Kept<'_>,
    py: Python<'_>,
    outcome: &str,
    threshold: Option<f64>,
) -> PyResult<PyEvpi> {
    let samples = kept(res, py, "outputs")?;
    let ro = samples.readonly();
    Ok(PyEvpi {
        evpi: res.model.evpi_net_benefit(ro.as_array(), outcome, threshold).py_err()?,
        options: res.model.blocks().to_vec(),
        criterion: "net_benefit".into(),
    })
}

/// `MonteCarloResult.evppi`: the binned method ("so") for one input, the partition of the
/// inputs' ranks for a group, unless `method` says otherwise.
pub(super) fn evppi(
    res: &Kept<'_>,
    py: Python<'_>,
    inputs: &[String],
    outcome: &str,
    threshold: Option<f64>,
    method: Option<&str>,
    size: Option<usize>,
) -> PyResult<f64> {
    let (samples, drawn) = (kept(res, py, "outputs")?, kept(res, py, "inputs")?);
    let default = if inputs.len() > 1 { "partition" } else { "so" };
    let method = super::value::evppi_method(method.unwrap_or(default), size, samples.len()?)?;
    let (ro, x) = (samples.readonly(), drawn.readonly());
    let (nb, x) = (ro.as_array(), x.as_array());
    py.detach(|| res.model.evppi_net_benefit(nb, x, inputs, outcome, threshold, method))
        .py_err()
}
