//! `ct.optimise` and `Economy.optimise` for Python, and the `Optimum` they return. The keyword
//! arguments are the `[optimise]` section of a file, read by the same serde path; options may
//! be `Scenario`s or the names of scenarios kept with the economy.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::classes::PyEconomy;
use super::comparison::PyComparison;
use super::convert::spec_from_dict;
use super::display::html;
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use super::scenario::PyScenario;
use super::tables::frame;
use crate::error::{Error, Location};
use crate::optimise::{OptimiseSpec, Optimum};
use crate::programme::Programme;
use crate::scenario::Scenario;
use crate::ApplyOptions;

/// The plan an optimiser chose: `scenario` (a `Scenario`: apply it for every report),
/// `value` of the objective, each service's activity before and after (`activities()`), and the
/// binding constraints with their shadow prices in words (`binding()`).
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.structured_education()
/// >>> opt = ct.optimise(econ, objective="qalys")
/// >>> opt.scenario.name
/// 'Optimum for QALYs gained'
/// >>> opt.binding()["meaning"].iloc[0]
/// '£1 more in the envelope buys 0.000478 QALYs, an implied threshold of £2,092 a QALY'
#[pyclass(name = "Optimum", module = "caretriangle", frozen)]
pub struct PyOptimum {
    pub(super) inner: Optimum,
    pub(super) programme: Arc<Programme>,
}

/// The spec from the keyword arguments (the kept `[optimise]` when there are none) and the
/// options: `Scenario`s, or names of kept scenarios.
pub(super) fn read(
    py: Python<'_>,
    programme: &Programme,
    options: Option<Vec<Bound<'_, PyAny>>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<(OptimiseSpec, Vec<Scenario>)> {
    // A keyword given as None is one not given, as in a file without the key.
    let given = PyDict::new(py);
    if let Some(kwargs) = kwargs {
        for (k, v) in kwargs.iter().filter(|(_, v)| !v.is_none()) {
            given.set_item(k, v)?;
        }
    }
    let mut spec: OptimiseSpec = match (!given.is_empty(), programme.kept_optimise()) {
        (true, _) => spec_from_dict(given.as_any())?,
        (false, Some(kept)) => kept.clone(),
        (false, None) => {
            return Err(Error::invalid(
                "objective",
                "nothing",
                "an objective (\"qalys\", \"net_benefit\", \"people_reached\"), or an [optimise] section kept with the economy",
            ))
            .py_err()
        }
    };
    let Some(options) = options else {
        let kept = programme.options_of(&spec).py_err()?;
        return Ok((spec, kept));
    };
    let mut scenarios = Vec::with_capacity(options.len());
    for (i, o) in options.into_iter().enumerate() {
        let scenario = match o.extract::<String>() {
            Ok(name) => programme
                .scenario(&name)
                .map_err(|e| e.within(Location::key("options").at(i)))
                .py_err()?
                .clone(),
            Err(_) => o.cast::<PyScenario>()?.get().inner.clone(),
        };
        scenarios.push(scenario);
    }
    spec.options = scenarios.iter().map(|s| s.name().to_string()).collect();
    Ok((spec, scenarios))
}

pub(crate) fn run(
    py: Python<'_>,
    economy: &PyEconomy,
    options: Option<Vec<Bound<'_, PyAny>>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyOptimum> {
    let (spec, options) = read(py, &economy.inner, options, kwargs)?;
    let programme = economy.inner.clone();
    let inner = py.detach(|| programme.economy().optimise(&spec, &options)).py_err()?;
    Ok(PyOptimum { inner, programme })
}

/// The plan that does best by an objective within the envelope and the constraints given.
///
/// Keyword arguments are those of a file's `[optimise]` section (docs/file-format.md):
/// `objective` (an outcome id, `"net_benefit"` or `"people_reached"`), `sense`
/// (`"maximise"` or `"minimise_cost"` with `required={"qalys": 50}`), `outcome` and `threshold`
/// (for net benefit), `corner_minimum`/`corner_maximum` and
/// `commissioner_minimum`/`commissioner_maximum` (£ by corner or commissioner),
/// `locality_minimum`/`cluster_minimum` (£ spent on their services), `segment_minimum` (£ spent
/// on a segment's people: each service's spend times the segment's share of its use), `floor` (`"zero"` or
/// `"baseline"`), `staff_hours` (hours by staff group, in place of the file's), `exclusive`
/// (lists of options of which at most one is adopted), `gap` (with options: stop once the
/// chosen set is proven within this share of the best set's gain, 0.001 for 0.1%; absent,
/// the proven best). `options` (`Scenario`s or names of
/// kept scenarios) makes it choose which options to adopt instead of each service's activity.
/// With no keyword arguments, the `[optimise]` section kept with the economy is solved.
///
/// Raises `InfeasibleError` naming the constraints that conflict, `UnboundedError` naming the
/// services nothing limits.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.structured_education()
/// >>> opt = ct.optimise(econ, objective="qalys", floor="baseline")
/// >>> round(opt.value, 2)   # the £250,000 envelope at £82 a person, 0.0392 QALYs each
/// 119.51
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (economy, *, options = None, **kwargs))]
pub(crate) fn optimise(
    py: Python<'_>,
    economy: &Bound<'_, PyEconomy>,
    options: Option<Vec<Bound<'_, PyAny>>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyOptimum> {
    run(py, economy.get(), options, kwargs)
}

#[apply(guarded!)]
#[pymethods]
impl PyOptimum {
    /// The plan as a scenario ("Optimum for QALYs gained"): apply it for every report.
    #[getter]
    fn scenario(&self) -> PyScenario {
        self.inner.scenario().clone().into()
    }
    /// What was optimised, in words (`QALYs gained`, `spend`).
    #[getter]
    fn objective(&self) -> &str {
        self.inner.objective()
    }
    /// One unit of the objective (`QALY`, `£`).
    #[getter]
    fn unit(&self) -> &str {
        self.inner.unit()
    }
    /// The objective at the optimum.
    #[getter]
    fn value(&self) -> f64 {
        self.inner.value()
    }
    /// How far short of the best plan this one may be, as a share of the best gain: 0 when it
    /// is proven the best (always, for a continuous plan); at most the `gap` asked for when
    /// the search among options stopped there.
    #[getter]
    fn gap(&self) -> f64 {
        self.inner.gap()
    }
    /// How sure the plan is to be the best, in words ("the proven best", "within 0.1% of the
    /// best set's gain").
    #[getter]
    fn proof(&self) -> String {
        self.inner.proof()
    }
    /// The objective today, before the plan.
    #[getter]
    fn baseline_value(&self) -> f64 {
        self.inner.baseline_value()
    }
    /// Each option given, with whether the plan adopts it.
    #[getter]
    fn options(&self) -> Vec<(String, bool)> {
        self.inner.options().to_vec()
    }
    /// The plan applied to the economy: the `Comparison` every report, the triangle diagram and
    /// budget impact read.
    fn result(&self, py: Python<'_>) -> PyResult<PyComparison> {
        let scenario = self.inner.scenario().clone();
        let programme = self.programme.clone();
        let applied = py.detach(|| programme.economy().apply(&scenario, ApplyOptions::default()));
        applied.py_err().map(|c| PyComparison::applied(c, scenario, programme))
    }
    /// One row a service: unit cost, activity and spend before and after, and the change.
    fn activities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.activities())
    }
    /// The same as `activities()`.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.activities())
    }
    /// The constraints that hold with no slack: limit, shadow price (what one more unit of the
    /// limit is worth to the objective; NaN when choosing options) and its meaning in words.
    fn binding<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.binding_table())
    }
    /// The plan through Monte Carlo: its scenario run for `iterations` draws of the economy's
    /// uncertain inputs (`seed`, `sampling` and `threads` as `MonteCarlo`; on Dask as any
    /// study), with the share of draws in which it keeps to the envelope and its objective's
    /// mean and 95% interval (a `PlanUncertainty`).
    #[pyo3(signature = (iterations = 10_000, seed = 0, *, sampling = "lhs", threads = None))]
    fn monte_carlo(
        slf: &Bound<'_, Self>,
        #[pyo3(from_py_with = super::args::iterations)] iterations: u64,
        #[pyo3(from_py_with = super::args::seed)] seed: u64,
        #[pyo3(from_py_with = super::args::sampling)] sampling: &'static str,
        #[pyo3(from_py_with = super::args::threads)] threads: Option<usize>,
    ) -> PyResult<super::optimise_uncertain::PyPlanUncertainty> {
        let me = slf.get();
        super::optimise_uncertain::monte_carlo(slf.py(), &me.inner, &me.programme, iterations, seed, sampling, threads)
    }
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        html(slf.as_any())
    }
    fn __repr__(&self) -> String {
        format!(
            "<Optimum for {}: {} (today {}), {}; {} binding constraints>",
            self.inner.objective(),
            self.inner.value(),
            self.inner.baseline_value(),
            self.inner.proof(),
            self.inner.binding().len()
        )
    }
}
