//! `CostEffectiveness` for Python: a scenario against its baseline on one outcome, made by
//! `Comparison.icer` and `Comparison.net_benefit`.

use pyo3::prelude::*;

use super::guard::{apply, guarded};

use super::tables::frame;
use crate::outcomes::CostEffectiveness;
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

#[apply(guarded!)]
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
    /// An HTML table for notebooks (`caretriangle.display`): the verdict in words above the
    /// figures.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
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
