//! `Options` for Python: candidate changes to one economy weighed on one outcome, with the
//! league table, the PBMA lists and pairings, the curve against the envelope and the Monte
//! Carlo shares. The work is the core's (`crate::options`); this converts.

use std::collections::BTreeMap;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::args;
use super::classes::PyEconomy;
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use super::scenario::PyScenario;
use super::tables::frame;
use crate::error::Error;
use crate::montecarlo::MonteCarloOptions;
use crate::options::{Options, OptionsConfig};
use crate::programme::Programme;
use crate::report::money;
use crate::scenario::Scenario;

/// Several options (scenarios, or named lists of levers) for one economy, each applied to the
/// baseline on its own and weighed on one outcome, ranked as in programme budgeting and
/// marginal analysis (PBMA).
///
/// Parameters
/// ----------
/// economy : Economy
///     The baseline.
/// options : sequence, optional
///     The options, by default those of the economy's `[options]` table, or all the
///     scenarios kept with it. Each a `Scenario`, the name of one kept with the economy, a `(name, [lever, ...])`
///     pair (levers as dicts laid out as in a file) or a dict laid out as a file's scenario.
/// outcome : str, optional
///     The outcome weighed (an id the economy declares); the `[options]` table's by default.
/// threshold : float, optional
///     £ a unit of outcome gained (λ); the `[options]` table's, else the outcome's `value`.
/// budget : float, optional
///     The money there is for options (£ a year); the `[options]` table's, else the headroom
///     (envelope less baseline spend).
/// exclusive : dict of str to list of str, optional
///     Named groups of options (by name) that exclude each other; the `[options]` table's.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.structured_education()
/// >>> opts = ct.Options(econ, ["offer to 1,000 more",
/// ...                          ("halve", [{"lever": "scale_activity", "service": "desmond", "factor": 0.5}])],
/// ...                   outcome="qalys", threshold=20000)
/// >>> list(opts.table().index)
/// ['halve', 'baseline', 'offer to 1,000 more']
/// >>> round(opts.table().loc["offer to 1,000 more", "icer"], 2)     # 82,000 / 39.2
/// np.float64(2091.84)
/// >>> list(opts.wish_list().index), list(opts.hit_list().index)
/// (['offer to 1,000 more'], ['halve'])
#[pyclass(name = "Options", module = "caretriangle", frozen)]
pub struct PyOptions {
    inner: Arc<Options>,
}

/// A `budget` that may be None.
fn optional_budget(o: &Bound<'_, PyAny>) -> PyResult<Option<f64>> {
    if o.is_none() {
        Ok(None)
    } else {
        args::budget(o).map(Some)
    }
}

/// `exclusive`: a dict of group names to lists of option names, or None.
fn exclusive_groups(o: &Bound<'_, PyAny>) -> PyResult<Option<BTreeMap<String, Vec<String>>>> {
    if o.is_none() {
        return Ok(None);
    }
    let kind = |x: &Bound<'_, PyAny>| x.get_type().name().map_or_else(|_| "?".to_string(), |n| n.to_string());
    let refused = |field: String, value: String| {
        super::errors::to_py(Error::invalid(
            field,
            value,
            "a dict of group names to lists of option names",
        ))
    };
    if o.cast::<PyDict>().is_err() {
        return Err(refused("exclusive".into(), kind(o)));
    }
    let groups: BTreeMap<String, Bound<'_, PyAny>> = o
        .extract()
        .map_err(|_| refused("exclusive".into(), "a dict whose keys are not all text".into()))?;
    groups
        .into_iter()
        .map(|(g, names)| {
            let bad = || refused(format!("exclusive.{g}"), kind(&names));
            if names.is_instance_of::<pyo3::types::PyString>() {
                return Err(bad());
            }
            names
                .extract::<Vec<String>>()
                .map(|n| (g.clone(), n))
                .map_err(|_| bad())
        })
        .collect::<PyResult<_>>()
        .map(Some)
}

/// The options given: any iterable but text (one name is given in a list).
fn items<'py>(list: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let refused = || {
        let kind = list
            .get_type()
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.to_string());
        super::errors::to_py(Error::invalid(
            "options",
            kind,
            "a list of options (one option's name in a list: [\"name\"])",
        ))
    };
    if list.is_instance_of::<pyo3::types::PyString>() {
        return Err(refused());
    }
    list.try_iter().map_err(|_| refused())?.collect()
}

/// One option as a scenario.
fn scenario_of(programme: &Programme, item: &Bound<'_, PyAny>, i: usize) -> PyResult<Scenario> {
    if let Ok(s) = item.cast::<PyScenario>() {
        return Ok(s.get().inner.clone());
    }
    if let Ok(name) = item.extract::<String>() {
        return programme
            .scenario(&name)
            .cloned()
            .map_err(|e| e.within(format!("options[{i}]")))
            .py_err();
    }
    if let Ok((name, levers)) = item.extract::<(String, Bound<'_, PyAny>)>() {
        let d = PyDict::new(item.py());
        d.set_item("name", name)?;
        d.set_item("levers", levers)?;
        return PyScenario::from_dict(d.as_any()).map(|s| s.inner);
    }
    if item.cast::<PyDict>().is_ok() {
        return PyScenario::from_dict(item).map(|s| s.inner);
    }
    Err(Error::invalid(
        format!("options[{i}]"),
        item.get_type().name()?,
        "a Scenario, the name of a scenario kept with the economy, a (name, [lever, ...]) pair or a dict laid out as a file's scenario",
    ))
    .py_err()
}

#[apply(guarded!)]
#[pymethods]
impl PyOptions {
    #[new]
    #[pyo3(signature = (economy, options = None, *, outcome = None, threshold = None, budget = None, exclusive = None))]
    fn new(
        py: Python<'_>,
        economy: &PyEconomy,
        options: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = args::optional_outcome)] outcome: Option<String>,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
        #[pyo3(from_py_with = optional_budget)] budget: Option<f64>,
        #[pyo3(from_py_with = exclusive_groups)] exclusive: Option<BTreeMap<String, Vec<String>>>,
    ) -> PyResult<Self> {
        let programme = economy.inner.clone();
        let kept = programme.options().cloned().unwrap_or_default();
        let scenarios = match options {
            Some(list) => Some(
                items(list)?
                    .iter()
                    .enumerate()
                    .map(|(i, item)| scenario_of(&programme, item, i))
                    .collect::<PyResult<Vec<_>>>()?,
            ),
            None => None,
        };
        let outcome = outcome
            .or((!kept.outcome.is_empty()).then(|| kept.outcome.clone()))
            .ok_or_else(|| {
                super::errors::to_py(Error::invalid(
                    "outcome",
                    "nothing",
                    "an outcome the economy declares (outcome=…), or an [options] table in the economy's file",
                ))
            })?;
        let config = OptionsConfig {
            outcome,
            threshold: threshold.or(kept.threshold),
            budget: budget.or(kept.budget),
            groups: exclusive.unwrap_or(kept.exclusive).into_iter().collect(),
        };
        let made = py.detach(|| match scenarios {
            Some(s) => Options::new(programme.economy(), s, config),
            None => Options::of_kept(programme.economy(), programme.scenarios(), &kept.scenarios, config),
        });
        Ok(PyOptions {
            inner: Arc::new(made.py_err()?),
        })
    }

    /// The options' names, in the order given.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.choices().iter().map(|c| c.name.clone()).collect()
    }
    /// The outcome weighed.
    #[getter]
    fn outcome(&self) -> &str {
        &self.inner.outcome().id
    }
    /// The threshold λ, £ a unit gained.
    #[getter]
    fn threshold(&self) -> f64 {
        self.inner.threshold()
    }
    /// The money there is for options (£ a year).
    #[getter]
    fn budget(&self) -> f64 {
        self.inner.budget()
    }
    /// The options' scenarios, in the order given.
    #[getter]
    fn scenarios(&self) -> Vec<PyScenario> {
        self.inner.scenarios().iter().cloned().map(PyScenario::from).collect()
    }

    /// The league table: the frontier's options first in order of cost (rising ICER), then
    /// the extendedly dominated, then the dominated; the baseline (do nothing) among them.
    /// Columns: `group`, `cost`, `gain`, `people`, `cost_per_gain`, `net_monetary_benefit`,
    /// `net_health_benefit`, `incremental_cost`, `incremental_gain`, `icer`, `standing` and
    /// `verdict` in words.
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.league())
    }
    /// The league table (as `table()`).
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.league())
    }
    /// The wish list: options that cost more, best outcome gained a £ first (`rank`, `group`,
    /// `cost`, `gain`, `gain_per_pound`, `cost_per_gain`).
    fn wish_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.wish_list())
    }
    /// The hit list: options that release money, least outcome lost a £ released first
    /// (`rank`, `group`, `released`, `loss`, `loss_per_pound`).
    fn hit_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.hit_list())
    }
    /// Which hit-list options fund each wish-list option in turn, while the outcome gained
    /// exceeds the outcome lost: `funded_by`, `cost`, `released`, `gain`, `loss`, `net_gain`,
    /// `unspent` (released money carried to the next).
    fn pairings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.pairings_table())
    }
    /// The cumulative benefit curve: one row a step in funding order with its `cost`,
    /// `gain`, `cumulative_cost`, `cumulative_gain`, `cumulative_net_benefit` and `budget`
    /// (`within` or `beyond`).
    fn curve<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.curve())
    }
    /// The best affordable set: the options adopted once the steps within the budget are
    /// funded, in funding order.
    fn best_affordable(&self) -> Vec<String> {
        let c = self.inner.choices();
        self.inner
            .best_affordable()
            .into_iter()
            .map(|i| c[i].name.clone())
            .collect()
    }

    /// The options under Monte Carlo: in each of `iterations` draws of the economy's
    /// uncertain inputs, the share of draws in which each option is on the frontier, has the
    /// highest net benefit, and is in the best affordable set. The same seed gives the same
    /// numbers whatever the number of threads.
    ///
    /// Examples
    /// --------
    /// The shipped DESMOND example, its unit cost uncertain (a gamma of mean £82, sd £30):
    /// offering the course to 1,000 more costs 1,000 × the unit cost, within £100,000 when the
    /// unit cost is at most £100.
    ///
    /// >>> import caretriangle as ct
    /// >>> d = ct.examples.structured_education().to_dict()
    /// >>> d["services"][0]["unit_cost"] = {"dist": "gamma", "mean": 82, "sd": 30}
    /// >>> opts = ct.Options(ct.Economy.from_dict(d), ["offer to 1,000 more"], outcome="qalys", budget=100000)
    /// >>> mc = opts.monte_carlo(2000, seed=1, sampling="lhs")
    /// >>> mc.loc["offer to 1,000 more", "highest_net_benefit"]     # 20,000 × 39.2 far above the cost
    /// np.float64(1.0)
    /// >>> mc["in_best_affordable"].sum()                            # the set is it, or empty
    /// np.float64(1.0)
    #[pyo3(signature = (iterations = 10_000, *, seed = 0, sampling = "random", threads = None))]
    fn monte_carlo<'py>(
        &self,
        py: Python<'py>,
        #[pyo3(from_py_with = args::iterations)] iterations: u64,
        #[pyo3(from_py_with = args::seed)] seed: u64,
        #[pyo3(from_py_with = args::sampling)] sampling: &'static str,
        #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mc = MonteCarloOptions {
            iterations,
            seed,
            sampling: super::convert::sampling_plan(sampling).py_err()?,
            threads,
            ..MonteCarloOptions::default()
        };
        let inner = self.inner.clone();
        let table = py.detach(|| inner.monte_carlo(&mc)).py_err()?;
        frame(py, &table)
    }

    /// The cumulative benefit curve with the budget marked (see
    /// `caretriangle.plotting.options_curve`).
    #[pyo3(signature = (**kwargs))]
    fn plot<'py>(slf: &Bound<'py, Self>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        super::display::call(slf.as_any(), "plotting._options", "options_curve", kwargs)
    }
    /// Writes the league table, the wish and hit lists, the pairings and the curve to an
    /// Excel workbook, one sheet each (see `caretriangle._excel_options.write_options`).
    fn to_excel(slf: &Bound<'_, Self>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let kw = PyDict::new(slf.py());
        kw.set_item("path", path)?;
        super::display::call(slf.as_any(), "_excel_options", "write_options", Some(&kw)).map(drop)
    }
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::call(slf.as_any(), "_options", "html", None)?.extract()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Options: {} on {} at {} a unit, budget {}>",
            self.inner.choices().len(),
            self.inner.outcome().id,
            money(self.inner.threshold()),
            money(self.inner.budget())
        )
    }
}
