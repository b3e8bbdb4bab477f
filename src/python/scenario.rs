//! `Scenario` for Python: a named list of levers, built by chaining or from a dict.

use std::collections::BTreeMap;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use super::args;
use super::convert::spec_from_dict;
use super::errors::IntoPy;
use crate::error::Error;
use crate::scenario::{Lever, MoneySource, ReinvestBy, Scenario, ScenarioSpec};

/// A named list of levers. Each lever method returns a new scenario, so calls chain:
/// `Scenario("skill mix").substitute("specialist_dietitian", "health_trainer", share=0.4)`.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> scn = (ct.Scenario("skill mix and care planning")
/// ...        .substitute("specialist_dietitian", "health_trainer", share=0.4)
/// ...        .reinvest(20000, "care_planning_northumberland"))
/// >>> len(scn.levers)
/// 2
#[pyclass(name = "Scenario", module = "caretriangle", frozen)]
pub struct PyScenario {
    pub(crate) inner: Scenario,
}

impl From<Scenario> for PyScenario {
    fn from(inner: Scenario) -> Self {
        PyScenario { inner }
    }
}

impl PyScenario {
    fn with(&self, lever: Result<Lever, Error>) -> PyResult<PyScenario> {
        let i = self.inner.levers().len();
        let lever = lever.map_err(|e| e.within(&format!("levers[{i}]"))).py_err()?;
        Ok(PyScenario {
            inner: self.inner.clone().with(lever),
        })
    }
}

fn reinvest_by(by: &Bound<'_, PyAny>) -> PyResult<ReinvestBy> {
    if let Ok(weights) = by.extract::<BTreeMap<String, f64>>() {
        return Ok(ReinvestBy::Weights(weights));
    }
    let name: String = by.extract()?;
    match name.as_str() {
        "register" => Ok(ReinvestBy::Register),
        "need" => Ok(ReinvestBy::Need),
        "equal" => Ok(ReinvestBy::Equal),
        _ => Err(Error::invalid(
            "by",
            format!("{name:?}"),
            "\"register\", \"need\", \"equal\" or a dict of weights by locality or cluster id",
        ))
        .py_err(),
    }
}

#[pymethods]
impl PyScenario {
    #[new]
    #[pyo3(signature = (name, *, description = None))]
    fn new(
        #[pyo3(from_py_with = args::name)] name: String,
        #[pyo3(from_py_with = args::description)] description: Option<String>,
    ) -> PyResult<Self> {
        let s = Scenario::new(&name).py_err()?;
        Ok(PyScenario {
            inner: match description {
                Some(d) => s.described(&d),
                None => s,
            },
        })
    }

    /// The scenario's name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description()
    }
    /// The levers in words, in order.
    #[getter]
    fn levers(&self) -> Vec<String> {
        self.inner.levers().iter().map(Lever::describe).collect()
    }

    /// Move `share` of one service's activity to another; `ratio` units of `to` replace each
    /// unit of `from_`.
    #[pyo3(signature = (from_, to, *, share, ratio = 1.0))]
    fn substitute(
        &self,
        #[pyo3(from_py_with = args::from_)] from_: String,
        #[pyo3(from_py_with = args::to)] to: String,
        #[pyo3(from_py_with = args::share)] share: f64,
        #[pyo3(from_py_with = args::ratio)] ratio: f64,
    ) -> PyResult<PyScenario> {
        self.with(Lever::substitute(&from_, &to, share, ratio))
    }

    /// Move `amount` £ from one service to another.
    #[pyo3(signature = (from_, to, *, amount))]
    fn shift(
        &self,
        #[pyo3(from_py_with = args::from_)] from_: String,
        #[pyo3(from_py_with = args::to)] to: String,
        #[pyo3(from_py_with = args::amount)] amount: f64,
    ) -> PyResult<PyScenario> {
        self.with(Lever::shift(&from_, &to, amount))
    }

    /// Reinvest `amount` £ into one service or one service per locality (or per cluster of a
    /// locality), spread `by` `"register"`, `"need"`, `"equal"` or a dict of weights by
    /// locality or cluster id; `source` is
    /// `"released"` (money earlier levers released) or `"new"`.
    #[pyo3(signature = (amount, into, *, by = None, source = "released"))]
    fn reinvest(
        &self,
        #[pyo3(from_py_with = args::amount)] amount: f64,
        into: &Bound<'_, PyAny>,
        by: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = args::source)] source: &'static str,
    ) -> PyResult<PyScenario> {
        let into: Vec<String> = match into.extract::<String>() {
            Ok(one) => vec![one],
            Err(_) => into.extract()?,
        };
        let by = by.map(reinvest_by).transpose()?.unwrap_or_default();
        let source = match source {
            "released" => MoneySource::Released,
            "new" => MoneySource::New,
            other => {
                return Err(Error::invalid(
                    "source",
                    format!("{other:?}"),
                    "\"released\" or \"new\"",
                ))
                .py_err()
            }
        };
        let into: Vec<&str> = into.iter().map(String::as_str).collect();
        self.with(Lever::reinvest(amount, &into, by, source))
    }

    /// Set a service's unit cost (activity kept).
    fn set_unit_cost(
        &self,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::unit_cost)] unit_cost: f64,
    ) -> PyResult<PyScenario> {
        self.with(Lever::set_unit_cost(&service, unit_cost))
    }

    /// Scale a service's activity by `factor` (0.9 is 10% less).
    fn scale_activity(
        &self,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::factor)] factor: f64,
    ) -> PyResult<PyScenario> {
        self.with(Lever::scale_activity(&service, factor))
    }

    /// The same activity for less: the unit cost falls by `gain` (0.05 is 5% cheaper).
    fn productivity(
        &self,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::gain)] gain: f64,
    ) -> PyResult<PyScenario> {
        self.with(Lever::productivity(&service, gain))
    }

    /// Fewer events of an event `service` (admissions, attendances) among the people of
    /// `segment` who are supported: its activity changes by activity × the segment's share of
    /// its use × `coverage` × `effect` (-0.1 is 10% fewer).
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> scn = ct.Scenario("team").target("top_7pct_risk", "admissions", effect=-0.1, coverage=0.8)
    /// >>> scn.levers
    /// ['-10% change in admissions among the 80% of top_7pct_risk supported']
    #[pyo3(signature = (segment, service, *, effect, coverage = 1.0))]
    fn target(
        &self,
        #[pyo3(from_py_with = args::segment)] segment: String,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::effect)] effect: f64,
        #[pyo3(from_py_with = args::coverage)] coverage: f64,
    ) -> PyResult<PyScenario> {
        self.with(Lever::target(&segment, &service, effect, coverage))
    }

    /// The scenario as a dict laid out as in a file.
    pub(super) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.inner.to_spec()).unwrap_or_default();
        py.import("json")?.call_method1("loads", (text,))
    }

    /// A scenario from a dict laid out as in a file.
    #[staticmethod]
    pub(super) fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<PyScenario> {
        let spec: ScenarioSpec = spec_from_dict(data)?;
        Scenario::from_spec(spec).py_err().map(PyScenario::from)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_dict = py.get_type::<PyScenario>().getattr("from_dict")?;
        PyTuple::new(py, [from_dict, PyTuple::new(py, [self.to_dict(py)?])?.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyScenario>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Scenario {:?}: {} levers>",
            self.inner.name(),
            self.inner.levers().len()
        )
    }
}
