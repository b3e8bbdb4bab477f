//! `Scenario` for Python: a named list of levers, built by chaining or from a dict.

use std::collections::BTreeMap;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use super::args;
use super::convert::spec_from_dict;
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use crate::error::{Error, Location};
use crate::scenario::{Amount, Lever, MoneySource, ReinvestBy, Scenario, ScenarioSpec};

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
///
/// Every lever method takes a `name`, unique in the scenario, shown with the lever and usable
/// in `reinvest(from_levers=...)`:
///
/// >>> named = (ct.Scenario("named")
/// ...          .substitute("specialist_dietitian", "health_trainer", share=0.4, name="skill mix")
/// ...          .reinvest(into="health_trainer", share_of_released=0.8, from_levers=["skill mix"]))
/// >>> named.levers[1]
/// 'reinvest 80% of the released money of lever "skill mix" in health_trainer by register'
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
    /// The scenario with `lever` at the end, named `name` where given.
    fn with(&self, lever: Result<Lever, Error>, name: Option<String>) -> PyResult<PyScenario> {
        let i = self.inner.levers().len();
        let lever = lever.map_err(|e| e.within(Location::key("levers").at(i))).py_err()?;
        let inner = self.inner.clone().with_named(lever, name.as_deref()).py_err()?;
        Ok(PyScenario { inner })
    }
}

fn reinvest_by(by: &Bound<'_, PyAny>) -> PyResult<ReinvestBy> {
    if let Ok(weights) = by.extract::<BTreeMap<String, f64>>() {
        return Ok(ReinvestBy::Weights(weights));
    }
    let name = args::by_name(by)?;
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

#[apply(guarded!)]
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
    /// The levers in words, in order (a named lever after its name: `"skill mix: substitute …"`).
    #[getter]
    fn levers(&self) -> Vec<String> {
        (0..self.inner.levers().len())
            .map(|i| self.inner.describe_lever(i))
            .collect()
    }

    /// Move `share` of one service's activity to another; `ratio` units of `to` replace each
    /// unit of `from_`. With `per="person"` the people are kept and the ratio is the two
    /// services' units per person (no ratio is given).
    #[pyo3(signature = (from_, to, *, share, ratio = 1.0, per = "unit", name = None))]
    fn substitute(
        &self,
        #[pyo3(from_py_with = args::from_)] from_: String,
        #[pyo3(from_py_with = args::to)] to: String,
        #[pyo3(from_py_with = args::share)] share: f64,
        #[pyo3(from_py_with = args::ratio)] ratio: f64,
        #[pyo3(from_py_with = args::per)] per: &'static str,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
    ) -> PyResult<PyScenario> {
        let per = if per == "person" {
            crate::scenario::Per::Person
        } else {
            crate::scenario::Per::Unit
        };
        self.with(Lever::substitute_with(&from_, &to, share, ratio, per), name)
    }

    /// Move `amount` £ from one service to another.
    #[pyo3(signature = (from_, to, *, amount, name = None))]
    fn shift(
        &self,
        #[pyo3(from_py_with = args::from_)] from_: String,
        #[pyo3(from_py_with = args::to)] to: String,
        #[pyo3(from_py_with = args::amount)] amount: f64,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
    ) -> PyResult<PyScenario> {
        self.with(Lever::shift(&from_, &to, amount), name)
    }

    /// Reinvest `amount` £ into one service or one service per locality (or per cluster of a
    /// locality), spread `by` `"register"`, `"need"`, `"equal"` or a dict of weights by
    /// locality or cluster id; `source` is
    /// `"released"` (money earlier levers released) or `"new"`. `amount="released"` spends all
    /// the released money earlier levers left unspent, and `share_of_released=0.8` 80% of it,
    /// on every run (each Monte Carlo draw reinvests what it released); `from_levers=[0, 2]`
    /// spends only what those levers (by index in the scenario, or by `name`:
    /// `from_levers=["skill mix", 2]`) released. `condition="copd"`
    /// spreads by that condition's registers by locality (with `by` `"register"` or `"need"`).
    #[pyo3(signature = (amount = None, into = None, *, by = None, source = "released", share_of_released = None, from_levers = None, condition = None, name = None))]
    #[allow(clippy::too_many_arguments)] // Python's keyword arguments, one each
    fn reinvest(
        &self,
        #[pyo3(from_py_with = args::reinvest_amount)] amount: Option<Amount>,
        #[pyo3(from_py_with = args::optional_into)] into: Option<Vec<String>>,
        by: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = args::source)] source: &'static str,
        #[pyo3(from_py_with = args::share_of_released)] share_of_released: Option<f64>,
        #[pyo3(from_py_with = args::from_levers)] from_levers: Option<Vec<crate::scenario::LeverRef>>,
        #[pyo3(from_py_with = args::condition)] condition: Option<String>,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
    ) -> PyResult<PyScenario> {
        // `into` has a default only so that `amount` may be left out before it: it must be given.
        let into = into
            .ok_or_else(|| Error::invalid("into", "None", "an id or a list of ids"))
            .py_err()?;
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
        let from_levers = from_levers.unwrap_or_default();
        let lever = Lever::reinvest_with(amount, share_of_released, from_levers, into, by, source);
        let lever = match condition {
            Some(c) => lever.and_then(|l| l.by_condition(&c)),
            None => lever,
        };
        self.with(lever, name)
    }

    /// Set a service's unit cost (activity kept).
    #[pyo3(signature = (service, unit_cost, *, name = None))]
    fn set_unit_cost(
        &self,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::unit_cost)] unit_cost: f64,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
    ) -> PyResult<PyScenario> {
        self.with(Lever::set_unit_cost(&service, unit_cost), name)
    }

    /// Scale a service's activity by `factor` (0.9 is 10% less).
    #[pyo3(signature = (service, factor, *, name = None))]
    fn scale_activity(
        &self,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::factor)] factor: f64,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
    ) -> PyResult<PyScenario> {
        self.with(Lever::scale_activity(&service, factor), name)
    }

    /// The same activity for less: the unit cost falls by `gain` (0.05 is 5% cheaper).
    #[pyo3(signature = (service, gain, *, name = None))]
    fn productivity(
        &self,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::gain)] gain: f64,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
    ) -> PyResult<PyScenario> {
        self.with(Lever::productivity(&service, gain), name)
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
    #[pyo3(signature = (segment, service, *, effect, coverage = 1.0, name = None))]
    fn target(
        &self,
        #[pyo3(from_py_with = args::segment)] segment: String,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::effect)] effect: f64,
        #[pyo3(from_py_with = args::coverage)] coverage: f64,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
    ) -> PyResult<PyScenario> {
        self.with(Lever::target(&segment, &service, effect, coverage), name)
    }

    /// Buy `people` (at the service's units per person) or `units` of a service, existing or
    /// new (declared with activity 0), at its unit cost on every run (so its cost follows an
    /// uncertain unit cost); `source` is `"released"` (money earlier levers released) or
    /// `"new"`.
    #[pyo3(signature = (service, *, people = None, units = None, source = "released", name = None))]
    fn commission(
        &self,
        #[pyo3(from_py_with = args::service)] service: String,
        #[pyo3(from_py_with = args::people)] people: Option<f64>,
        #[pyo3(from_py_with = args::optional_units)] units: Option<f64>,
        #[pyo3(from_py_with = args::source)] source: &'static str,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
    ) -> PyResult<PyScenario> {
        let source = if source == "new" {
            MoneySource::New
        } else {
            MoneySource::Released
        };
        self.with(Lever::commission(&service, people, units, source), name)
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
