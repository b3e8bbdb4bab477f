//! Outcomes and cost-effectiveness for Python: `CostEffectiveness` (made by
//! `Comparison.icer` and `Comparison.net_benefit`) and `incremental`, the table of several
//! scenarios on one outcome.

use pyo3::prelude::*;

use numpy::{PyArray2, PyArrayMethods};

use super::analyses::PyEvpi;
use super::args;
use super::comparison::PyComparison;
use super::errors::{to_py, IntoPy};
use super::results::PyMonteCarloResult;
use super::tables::frame;
use crate::error::Error;
use crate::outcomes::{incremental as incremental_table, CostEffectiveness};
use crate::report::money;

/// A scenario weighed against its baseline on one outcome, from `Comparison.icer` or
/// `Comparison.net_benefit`: the change in spend, the outcome gained, the ICER, the net
/// monetary and net health benefit at a threshold, and the verdict in words.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> e = ct.examples.structured_education()
/// >>> ce = e.apply("offer to 1,000 more").icer("qalys")
/// >>> round(ce.icer)       # £82 a person for 0.0392 QALYs: 82 / 0.0392
/// 2092
/// >>> ce.verdict
/// 'costs £2,091.84 more a QALY gained'
#[pyclass(name = "CostEffectiveness", module = "caretriangle", frozen)]
pub struct PyCostEffectiveness {
    inner: CostEffectiveness,
}

impl PyCostEffectiveness {
    pub(super) fn new(inner: CostEffectiveness) -> Self {
        PyCostEffectiveness { inner }
    }
}

#[pymethods]
impl PyCostEffectiveness {
    /// The outcome's id.
    #[getter]
    fn outcome(&self) -> &str {
        &self.inner.outcome
    }
    /// Change in spend, scenario less baseline (£ a year; negative is a saving).
    #[getter]
    fn delta_cost(&self) -> f64 {
        self.inner.delta_cost
    }
    /// Outcome gained (the decrease, where less is better).
    #[getter]
    fn delta_outcome(&self) -> f64 {
        self.inner.delta_outcome
    }
    /// Cost a unit gained, ΔC / ΔE; None where nothing is gained or lost.
    #[getter]
    fn icer(&self) -> Option<f64> {
        self.inner.icer
    }
    /// The threshold λ, £ a unit gained.
    #[getter]
    fn threshold(&self) -> f64 {
        self.inner.threshold
    }
    /// Net monetary benefit, λ·ΔE − ΔC (£).
    #[getter]
    fn net_monetary_benefit(&self) -> f64 {
        self.inner.net_monetary_benefit
    }
    /// Net health benefit, ΔE − ΔC / λ; None at a threshold of 0.
    #[getter]
    fn net_health_benefit(&self) -> Option<f64> {
        self.inner.net_health_benefit
    }
    /// The quadrant of the cost-effectiveness plane in words.
    #[getter]
    fn verdict(&self) -> &str {
        &self.inner.verdict
    }
    /// The figures as a table: one row a figure (`amount`).
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.table())
    }
    fn __repr__(&self) -> String {
        let c = &self.inner;
        format!(
            "<CostEffectiveness on {}: change in spend {}, gained {}, {}; net monetary benefit {} at {} a unit>",
            c.outcome,
            money(c.delta_cost),
            c.delta_outcome,
            c.verdict,
            money(c.net_monetary_benefit),
            money(c.threshold)
        )
    }
}

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
#[pyfunction]
pub fn incremental<'py>(
    py: Python<'py>,
    results: Vec<PyRef<'py, PyComparison>>,
    #[pyo3(from_py_with = args::outcome)] outcome: String,
) -> PyResult<Bound<'py, PyAny>> {
    let comparisons: Vec<&crate::comparison::Comparison> = results.iter().map(|r| r.comparison()).collect();
    frame(py, &incremental_table(&comparisons, &outcome).py_err()?)
}

/// The kept samples of a run, or the error that says they were not kept.
fn kept<'py>(res: &PyMonteCarloResult, py: Python<'py>, what: &str) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let samples = if what == "inputs" { &res.inputs } else { &res.samples };
    samples.as_ref().map(|a| a.bind(py).clone()).ok_or_else(|| {
        to_py(Error::invalid(
            "keep_samples",
            "False",
            format!("True: cost-effectiveness needs every iteration's {what}"),
        ))
    })
}

/// `MonteCarloResult.ceac`.
pub(super) fn ceac<'py>(
    res: &PyMonteCarloResult,
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
    res: &PyMonteCarloResult,
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
    res: &PyMonteCarloResult,
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
