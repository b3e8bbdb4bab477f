//! `Economy`, `Service`, unit-cost comparison and file loading for Python.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyRecursionError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::args;
use super::budget::{compile as compile_budget, PyBudgetImpact};
use super::budget_mc::{run_monte_carlo as run_budget, PyBudgetMonteCarloResult};
use super::errors::{to_py, IntoPy};
use super::montecarlo::sampling_plan;
use super::scenario::{PyComparison, PyScenario};
use super::tables::frame;
use crate::apply::ApplyOptions;
use crate::compare::{self, CompareOptions, UnitCostComparison};
use crate::economy::{Dimension, Economy};
use crate::error::Error;
use crate::io::{self, Format};
use crate::montecarlo::MonteCarloOptions;
use crate::programme::Programme;
use crate::report::money;
use crate::service::{Service, ServiceSpec};

/// A health economy: the envelope, localities and services of an LTC programme.
///
/// Read one from a file (`load_economy`), from TOML or JSON text (`Economy.from_toml`,
/// `Economy.from_json`), from a dict (`Economy.from_dict`) or from a workbook
/// (`caretriangle.read_excel`). An economy is immutable: scenarios apply to it and give a
/// `Comparison`, leaving it unchanged.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> econ.envelope, econ.price_year
/// (13600000.0, '2023/24')
/// >>> econ.spend_by("corner")["spend"].sum()
/// np.float64(13342240.0)
#[pyclass(name = "Economy", module = "caretriangle", frozen)]
pub struct PyEconomy {
    /// The economy with the scenarios and budget impacts kept beside it.
    pub(crate) inner: Arc<Programme>,
}

impl PyEconomy {
    pub(crate) fn wrap(programme: Programme) -> Self {
        PyEconomy {
            inner: Arc::new(programme),
        }
    }

    pub(crate) fn economy(&self) -> &Economy {
        self.inner.economy()
    }
}

/// A Python object (a dict laid out as in a file) as JSON text.
///
/// A dict that holds itself, is nested past Python's recursion limit, or holds something
/// JSON has no form for (a set, an object) is a `FileFormatError` on `<dict>`, not the
/// `ValueError`, `RecursionError` or `TypeError` that `json.dumps` raises.
pub(super) fn json_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = obj.py();
    let refuse = |message: String| {
        to_py(Error::File {
            file: "<dict>".into(),
            line: None,
            column: None,
            field: None,
            message,
            source: None,
        })
    };
    match py.import("json")?.call_method1("dumps", (obj,)) {
        Ok(text) => text.extract(),
        Err(e) if e.is_instance_of::<PyRecursionError>(py) => Err(refuse(
            "nested too deeply to be an economy (over Python's recursion limit)".into(),
        )),
        Err(e) if e.is_instance_of::<PyValueError>(py) || e.is_instance_of::<PyTypeError>(py) => {
            // json's own words: "Circular reference detected", "Object of type set is not
            // JSON serializable".
            Err(refuse(format!("cannot be read as a file would be: {}", e.value(py))))
        }
        Err(e) => Err(e),
    }
}

/// A spec from a dict laid out as in a file, read as a file is (errors name the field).
pub(super) fn spec_from_dict<T: serde::de::DeserializeOwned>(data: &Bound<'_, PyAny>) -> PyResult<T> {
    io::spec_from_str(&json_text(data)?, Format::Json, "<dict>").py_err()
}

fn from_json_text<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

#[pymethods]
impl PyEconomy {
    /// Reads an economy from TOML text.
    #[staticmethod]
    #[pyo3(signature = (text, *, file = "<string>"))]
    fn from_toml(#[pyo3(from_py_with = args::text)] text: String, file: &str) -> PyResult<Self> {
        io::programme_from_str(&text, Format::Toml, file)
            .py_err()
            .map(Self::wrap)
    }

    /// Reads an economy from JSON text.
    #[staticmethod]
    #[pyo3(signature = (text, *, file = "<string>"))]
    fn from_json(#[pyo3(from_py_with = args::text)] text: String, file: &str) -> PyResult<Self> {
        io::programme_from_str(&text, Format::Json, file)
            .py_err()
            .map(Self::wrap)
    }

    /// Builds an economy from a dict laid out as the JSON file format.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = json_text(data)?;
        io::programme_from_str(&text, Format::Json, "<dict>")
            .py_err()
            .map(Self::wrap)
    }

    /// The economy as TOML text.
    fn to_toml(&self) -> PyResult<String> {
        io::programme_to_string(&self.inner, Format::Toml).py_err()
    }

    /// The economy as JSON text.
    fn to_json(&self) -> PyResult<String> {
        io::programme_to_string(&self.inner, Format::Json).py_err()
    }

    /// The economy as a dict laid out as the JSON file format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json_text(py, &self.to_json()?)
    }

    /// Saves the economy (with its scenarios) to a `.toml` or `.json` file, atomically.
    fn save(&self, path: PathBuf) -> PyResult<()> {
        io::save_programme(&self.inner, path).py_err()
    }

    /// The programme's name.
    #[getter]
    fn name(&self) -> &str {
        self.economy().name()
    }
    /// Free-text description and sources.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.economy().description()
    }
    /// The envelope (£ a year).
    #[getter]
    fn envelope(&self) -> f64 {
        self.economy().envelope()
    }
    /// The price year of every unit cost (`"2023/24"`).
    #[getter]
    fn price_year(&self) -> String {
        self.economy().price_year().to_string()
    }
    /// Total spend on services (£ a year).
    #[getter]
    fn total_spend(&self) -> f64 {
        self.economy().total_spend()
    }
    /// Envelope less spend (negative when over).
    #[getter]
    fn headroom(&self) -> f64 {
        self.economy().headroom()
    }
    /// Who commissions each corner, as a dict.
    #[getter]
    fn commissioners<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for c in crate::triangle::Corner::ALL {
            d.set_item(c.id(), self.economy().commissioners().of(c))?;
        }
        Ok(d)
    }
    /// The services, in file order.
    #[getter]
    fn services(&self) -> Vec<PyService> {
        self.economy().services().iter().cloned().map(PyService::from).collect()
    }
    /// The localities, as dicts.
    #[getter]
    fn localities<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.economy()
            .localities()
            .iter()
            .map(|l| from_json_text(py, &serde_json::to_string(l).unwrap_or_default()))
            .collect()
    }
    /// The scenarios kept with the economy, by name.
    #[getter]
    fn scenarios<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for s in self.inner.scenarios() {
            d.set_item(s.name(), PyScenario::from(s.clone()))?;
        }
        Ok(d)
    }

    /// The service with this id.
    fn service(&self, #[pyo3(from_py_with = args::id)] id: String) -> PyResult<PyService> {
        self.economy().service(&id).py_err().map(|s| PyService::from(s.clone()))
    }

    /// The scenario kept with the economy under this name.
    fn scenario(&self, #[pyo3(from_py_with = args::name)] name: String) -> PyResult<PyScenario> {
        self.inner.scenario(&name).py_err().map(|s| PyScenario::from(s.clone()))
    }

    /// Spend and share of the envelope by `"corner"`, `"commissioner"`, `"provider"`,
    /// `"locality"`, `"cluster"` or `"service"`, as a DataFrame (with a `Total` row if asked).
    ///
    /// Parameters
    /// ----------
    /// by : str
    ///     The dimension, `"corner"` by default.
    /// total : bool
    ///     Add a `Total` row.
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///     Indexed by the dimension's ids: `name`, `spend`, `share_of_envelope`,
    ///     `share_of_spend` (and more columns by service).
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> econ = ct.examples.north_of_tyne()
    /// >>> econ.spend_by("corner", total=True).loc["Total", "spend"]
    /// np.float64(13342240.0)
    #[pyo3(signature = (by = "corner", *, total = false))]
    fn spend_by<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        #[pyo3(from_py_with = args::total)] total: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dim: Dimension = by.parse().py_err()?;
        let t = self.economy().spend_by(dim);
        frame(py, &if total { t.with_total() } else { t })
    }

    /// Each corner's budget line against its spend.
    fn budget_check<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.economy().budget_check())
    }

    /// Warnings about the baseline (capacity, budget lines, envelope, empty corners).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.economy().warnings()
    }

    /// Applies a scenario (an object or the name of one kept with the economy) and compares
    /// it with this baseline, which is left unchanged. `strict=True` raises
    /// `EnvelopeExceededError` when the scenario spends more than the envelope.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> econ = ct.examples.north_of_tyne()
    /// >>> scn = ct.Scenario("skill mix").substitute("specialist_dietitian", "health_trainer", share=0.4)
    /// >>> round(econ.apply(scn).change, 2)   # 2,400 hours x (11.45 - 21.25)
    /// -23520.0
    #[pyo3(signature = (scenario, *, strict = false))]
    fn apply(
        &self,
        py: Python<'_>,
        scenario: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = args::strict)] strict: bool,
    ) -> PyResult<PyComparison> {
        let scenario = match scenario.extract::<String>() {
            Ok(name) => self.inner.scenario(&name).py_err()?.clone(),
            Err(_) => scenario.cast::<PyScenario>()?.get().inner.clone(),
        };
        let programme = self.inner.clone();
        let result = py.detach(|| programme.economy().apply(&scenario, ApplyOptions { strict }));
        result.py_err().map(|c| PyComparison::applied(c, scenario, programme))
    }

    /// The names of the budget impacts kept with the economy.
    #[getter]
    fn budget_impacts(&self) -> Vec<String> {
        self.inner.budget_impacts().iter().map(|b| b.name.clone()).collect()
    }

    /// Works out a multi-year budget impact: the name of one kept with the economy, or a dict
    /// laid out as the file format's `[[budget_impacts]]` entry. `scenario` (a name or a
    /// `Scenario`) sets the scenario whose change in spend recurs each year.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> econ = ct.examples.north_of_tyne()
    /// >>> econ.budget_impacts
    /// ['care planning and self-management, 2025/26 to 2029/30']
    /// >>> bi = econ.budget_impact({"name": "skill mix for three years", "first_year": "2025/26",
    /// ...                          "years": 3, "scenario": "skill mix"})
    /// >>> bi.to_frame()["net"].round(2).tolist()        # the skill mix's -£23,520 a year recurs
    /// [-23520.0, -23520.0, -23520.0]
    /// >>> float(bi.to_frame()["discounted_cumulative"].iloc[-1].round(2))  # x (1 + 1/1.035 + 1/1.035²)
    /// -68200.81
    #[pyo3(signature = (budget_impact, *, scenario = None))]
    fn budget_impact(
        &self,
        py: Python<'_>,
        budget_impact: &Bound<'_, PyAny>,
        scenario: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyBudgetImpact> {
        PyBudgetImpact::new(py, compile_budget(&self.inner, budget_impact, scenario)?)
    }

    /// Runs a budget impact (a name or a dict, as for `budget_impact`) under Monte Carlo: every
    /// input given as a distribution (the economy's and the budget impact's) is drawn. Seeded
    /// and chunked: the same seed gives the same numbers for any `threads`.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> econ = ct.examples.north_of_tyne()
    /// >>> res = econ.budget_monte_carlo(econ.budget_impacts[0], iterations=1000, seed=1)
    /// >>> res.iterations, res.probability_of_payback
    /// (1000, 0.0)
    /// >>> s = res.summary()
    /// >>> bool(s.loc["cumulative", "p2_5"] > 0)   # even the 2.5th percentile is a net cost
    /// True
    #[pyo3(signature = (budget_impact, *, scenario = None, iterations = 10_000, seed = 0, sampling = "random",
        threads = None, keep_samples = true))]
    #[allow(clippy::too_many_arguments)]
    fn budget_monte_carlo(
        &self,
        py: Python<'_>,
        budget_impact: &Bound<'_, PyAny>,
        scenario: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = args::iterations)] iterations: u64,
        #[pyo3(from_py_with = args::seed)] seed: u64,
        sampling: &str,
        #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
        #[pyo3(from_py_with = args::keep_samples)] keep_samples: bool,
    ) -> PyResult<PyBudgetMonteCarloResult> {
        let model = compile_budget(&self.inner, budget_impact, scenario)?.model;
        let options = MonteCarloOptions {
            iterations,
            seed,
            sampling: sampling_plan(sampling).py_err()?,
            threads,
            keep_samples,
            correlation: None,
        };
        run_budget(py, model, options)
    }

    /// The triangle diagram of the baseline (`kind="triangle"`) or spend by locality
    /// (`kind="localities"`); see `caretriangle.plotting`.
    #[pyo3(signature = (kind = None, **kwargs))]
    fn plot<'py>(
        slf: &Bound<'py, Self>,
        #[pyo3(from_py_with = args::kind)] kind: Option<String>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::display::plot(slf.as_any(), kind.as_deref(), &["triangle", "localities"], kwargs)
    }

    /// An HTML table for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    /// Writes the economy and its scenarios to an Excel workbook that
    /// `caretriangle.read_excel` reads back (see `caretriangle.excel`).
    fn to_excel(slf: &Bound<'_, Self>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        super::display::to_excel(slf.as_any(), "write_economy", path, None)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyEconomy>().is_ok_and(|o| *o.get().inner == *self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Economy {:?}: {} services, {} localities, spend {} of {} ({} prices)>",
            self.economy().name(),
            self.economy().services().len(),
            self.economy().localities().len(),
            money(self.economy().total_spend()),
            money(self.economy().envelope()),
            self.economy().price_year()
        )
    }

    /// Pickles through the JSON form, so economies ship cheaply to other processes.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_json = py.get_type::<PyEconomy>().getattr("from_json")?;
        PyTuple::new(py, [from_json, PyTuple::new(py, [self.to_json()?])?.into_any()])
    }
}

/// A service: unit, unit cost and activity, in one corner of the triangle.
///
/// Services usually come with an economy (`economy.service(id)`); one made on its own
/// serves unit-cost comparisons.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> trainer = ct.Service("health_trainer", corner="community_self_management",
/// ...                      provider="third_sector", unit="hour", unit_cost=11.45,
/// ...                      activity=2000, price_year="2010/11")
/// >>> trainer.spend
/// 22900.0
#[pyclass(name = "Service", module = "caretriangle", frozen)]
pub struct PyService {
    pub(crate) inner: Service,
}

impl From<Service> for PyService {
    fn from(inner: Service) -> Self {
        PyService { inner }
    }
}

#[pymethods]
impl PyService {
    /// A service outside any economy, for unit-cost comparisons.
    #[new]
    #[pyo3(signature = (id, *, corner, provider, unit, unit_cost, activity = None, allocation = None, name = None,
        commissioner = None, price_year = None, units_per_person = None, capacity = None, locality = None,
        cluster = None, source = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        #[pyo3(from_py_with = args::id)] id: String,
        #[pyo3(from_py_with = args::corner)] corner: String,
        #[pyo3(from_py_with = args::provider)] provider: String,
        unit: String,
        #[pyo3(from_py_with = args::unit_cost)] unit_cost: f64,
        #[pyo3(from_py_with = args::activity)] activity: Option<f64>,
        #[pyo3(from_py_with = args::allocation)] allocation: Option<f64>,
        #[pyo3(from_py_with = args::optional_name)] name: Option<String>,
        commissioner: Option<String>,
        #[pyo3(from_py_with = args::price_year)] price_year: Option<String>,
        #[pyo3(from_py_with = args::units_per_person)] units_per_person: Option<f64>,
        #[pyo3(from_py_with = args::capacity)] capacity: Option<f64>,
        locality: Option<String>,
        cluster: Option<String>,
        source: Option<String>,
    ) -> PyResult<Self> {
        let spec = ServiceSpec {
            id,
            name,
            corner: Some(corner.parse().py_err()?),
            provider: Some(provider.parse().py_err()?),
            commissioner,
            unit,
            unit_cost: unit_cost.into(),
            price_year: price_year.as_deref().map(str::parse).transpose().py_err()?,
            // A comparison needs no activity; 0 keeps the constructor's either/or check simple.
            activity: if activity.is_none() && allocation.is_none() {
                Some(0.0)
            } else {
                activity
            }
            .map(Into::into),
            allocation: allocation.map(Into::into),
            units_per_person: units_per_person.map(Into::into),
            capacity,
            locality,
            cluster,
            source,
        };
        Service::new(spec).py_err().map(PyService::from)
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }
    #[getter]
    fn corner(&self) -> &'static str {
        self.inner.corner().id()
    }
    #[getter]
    fn provider(&self) -> &'static str {
        self.inner.provider().id()
    }
    #[getter]
    fn commissioner(&self) -> Option<&str> {
        self.inner.commissioner()
    }
    #[getter]
    fn unit(&self) -> &str {
        self.inner.unit()
    }
    #[getter]
    fn unit_cost(&self) -> f64 {
        self.inner.unit_cost()
    }
    #[getter]
    fn price_year(&self) -> Option<String> {
        self.inner.price_year().map(|y| y.to_string())
    }
    #[getter]
    fn activity(&self) -> f64 {
        self.inner.activity()
    }
    #[getter]
    fn spend(&self) -> f64 {
        self.inner.spend()
    }
    #[getter]
    fn units_per_person(&self) -> Option<f64> {
        self.inner.units_per_person()
    }
    #[getter]
    fn people_reached(&self) -> Option<f64> {
        self.inner.people_reached()
    }
    #[getter]
    fn capacity(&self) -> Option<f64> {
        self.inner.capacity()
    }
    #[getter]
    fn locality(&self) -> Option<&str> {
        self.inner.locality()
    }
    #[getter]
    fn cluster(&self) -> Option<&str> {
        self.inner.cluster()
    }
    #[getter]
    fn source(&self) -> Option<&str> {
        self.inner.spec().source.as_deref()
    }

    /// The same service at another unit cost and price year, as after uprating by hand.
    #[pyo3(signature = (unit_cost, *, price_year = None))]
    fn repriced(
        &self,
        #[pyo3(from_py_with = args::unit_cost)] unit_cost: f64,
        #[pyo3(from_py_with = args::price_year)] price_year: Option<String>,
    ) -> PyResult<PyService> {
        let year = price_year.as_deref().map(str::parse).transpose().py_err()?;
        self.inner.repriced(unit_cost, year).py_err().map(PyService::from)
    }

    /// The service as a dict laid out as in a file.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json_text(py, &serde_json::to_string(self.inner.spec()).unwrap_or_default())
    }

    /// A service from a dict laid out as in a file.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let spec: ServiceSpec = spec_from_dict(data)?;
        Service::new(spec).py_err().map(PyService::from)
    }

    /// Pickles through the dict form.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_dict = py.get_type::<PyService>().getattr("from_dict")?;
        PyTuple::new(py, [from_dict, PyTuple::new(py, [self.to_dict(py)?])?.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyService>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Service {:?} ({}): {} per {}, {:.1} a year, {}>",
            self.inner.id(),
            self.inner.corner(),
            money(self.inner.unit_cost()),
            self.inner.unit(),
            self.inner.activity(),
            money(self.inner.spend())
        )
    }
}

/// Two unit costs side by side, from `compare_unit_costs`.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> cmp = ct.compare_unit_costs(econ.service("specialist_dietitian"), econ.service("health_trainer"))
/// >>> [round(c, 2) for c in cmp.cost_per_unit], round(cmp.ratio, 4)
/// ([21.25, 11.45], 0.5388)
#[pyclass(name = "UnitCostComparison", module = "caretriangle", frozen)]
pub struct PyUnitCostComparison {
    inner: UnitCostComparison,
    /// What it was made from, so that a pickle holds only these and remakes the rest.
    services: [Service; 2],
    options: CompareOptions,
}

#[pymethods]
impl PyUnitCostComparison {
    /// Ids of the two services (from, to).
    #[getter]
    fn services(&self) -> (String, String) {
        let [a, b] = self.inner.services.clone();
        (a, b)
    }
    #[getter]
    fn unit(&self) -> &str {
        &self.inner.unit
    }
    #[getter]
    fn price_year(&self) -> Option<&str> {
        self.inner.price_year.as_deref()
    }
    /// £ per unit of each.
    #[getter]
    fn cost_per_unit(&self) -> (f64, f64) {
        (self.inner.cost_per_unit[0], self.inner.cost_per_unit[1])
    }
    /// The second's unit cost as a share of the first's; None when the first costs £0.
    #[getter]
    fn ratio(&self) -> Option<f64> {
        self.inner.ratio
    }
    /// The first's unit cost less the second's.
    #[getter]
    fn difference(&self) -> f64 {
        self.inner.difference
    }
    #[getter]
    fn units(&self) -> f64 {
        self.inner.units
    }
    /// What moving `units` from the first to the second saves.
    #[getter]
    fn saving(&self) -> f64 {
        self.inner.saving
    }
    #[getter]
    fn budget(&self) -> f64 {
        self.inner.budget
    }
    /// Units of each bought for `budget`.
    #[getter]
    fn units_per_budget(&self) -> (f64, f64) {
        (self.inner.units_per_budget[0], self.inner.units_per_budget[1])
    }
    /// £ per person reached for each (None where units per person is unknown).
    #[getter]
    fn cost_per_person(&self) -> (Option<f64>, Option<f64>) {
        (self.inner.cost_per_person[0], self.inner.cost_per_person[1])
    }
    /// Extra people the second reaches for the money the moved units cost at the first.
    #[getter]
    fn extra_people(&self) -> Option<f64> {
        self.inner.extra_people
    }
    /// One row per service.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.table())
    }
    /// Remakes a comparison from its services and options (for unpickling).
    #[staticmethod]
    fn _from_state(
        a: &PyService,
        b: &PyService,
        units: f64,
        budget: f64,
        units_per_person: Option<f64>,
    ) -> PyResult<Self> {
        compare_unit_costs(a, b, units, budget, units_per_person)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let make = py.get_type::<PyUnitCostComparison>().getattr("_from_state")?;
        let [a, b] = self.services.clone();
        let o = self.options;
        let args = (
            PyService::from(a),
            PyService::from(b),
            o.units,
            o.budget,
            o.units_per_person,
        );
        PyTuple::new(py, [make, args.into_pyobject(py)?.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyUnitCostComparison>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    /// £ per unit, £ per person and units per budget side by side (see
    /// `caretriangle.plotting.unit_costs`).
    #[pyo3(signature = (**kwargs))]
    fn plot<'py>(slf: &Bound<'py, Self>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        super::display::call(slf.as_any(), "plotting", "unit_costs", kwargs)
    }
    /// An HTML table for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    fn __repr__(&self) -> String {
        let [a, b] = &self.inner.services;
        format!(
            "<UnitCostComparison {a} {} vs {b} {} per {}: ratio {}, saving {} on {} units>",
            money(self.inner.cost_per_unit[0]),
            money(self.inner.cost_per_unit[1]),
            self.inner.unit,
            self.inner
                .ratio
                .map_or("undefined (a costs £0)".to_string(), |r| format!("{r:.4}")),
            money(self.inner.saving),
            self.inner.units
        )
    }
}

/// Reads an economy (and the scenarios kept with it) from a `.toml` or `.json` file.
///
/// Errors name the file, line, column and field (`FileFormatError`, `InvalidValueError`, ...).
///
/// Examples
/// --------
/// >>> import caretriangle as ct, pathlib, tempfile
/// >>> path = pathlib.Path(tempfile.mkdtemp()) / "economy.toml"
/// >>> _ = path.write_text(ct.examples.north_of_tyne_toml())
/// >>> ct.load_economy(path) == ct.examples.north_of_tyne()
/// True
#[pyfunction]
pub fn load_economy(py: Python<'_>, path: PathBuf) -> PyResult<PyEconomy> {
    py.detach(|| io::load_programme(&path)).py_err().map(PyEconomy::wrap)
}

/// Compares the unit costs of two services of the same unit and price year.
///
/// Parameters
/// ----------
/// a, b : Service
///     The service money moves from, and the one it moves to.
/// units : float
///     Units moved from `a` to `b`, for `saving`.
/// budget : float
///     £ for `units_per_budget` (£1,000 by default).
/// units_per_person : float, optional
///     Used for both services where they carry none of their own.
///
/// Raises
/// ------
/// IncompatibleError
///     When the units or price years differ: such costs must not be compared directly.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> cmp = ct.compare_unit_costs(econ.service("specialist_dietitian"), econ.service("health_trainer"),
/// ...                             units=500)
/// >>> round(cmp.saving, 2)    # 500 x (21.25 - 11.45)
/// 4900.0
#[pyfunction]
#[pyo3(signature = (a, b, *, units = 0.0, budget = 1000.0, units_per_person = None))]
pub fn compare_unit_costs(
    a: &PyService,
    b: &PyService,
    #[pyo3(from_py_with = args::units)] units: f64,
    #[pyo3(from_py_with = args::budget)] budget: f64,
    #[pyo3(from_py_with = args::units_per_person)] units_per_person: Option<f64>,
) -> PyResult<PyUnitCostComparison> {
    let options = CompareOptions {
        units,
        budget,
        units_per_person,
    };
    compare::compare_unit_costs(&a.inner, &b.inner, options)
        .py_err()
        .map(|inner| PyUnitCostComparison {
            inner,
            services: [a.inner.clone(), b.inner.clone()],
            options,
        })
}
