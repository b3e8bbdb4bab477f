//! `Economy` for Python (the class itself is in classes.rs): reading and writing files,
//! reports of the baseline, applying scenarios, budget impacts; and `load_economy`.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::args;
use super::budget::{compile as compile_budget, PyBudgetImpact};
use super::budget_mc::PyBudgetMonteCarlo;
use super::classes::PyEconomy;
use super::comparison::PyComparison;
use super::convert::{from_json_text, json_text};
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use super::scenario::PyScenario;
use super::service::PyService;
use super::tables::frame;
use crate::apply::ApplyOptions;
use crate::economy::Dimension;
use crate::io::{self, Format};
use crate::report::money;

#[apply(guarded!)]
#[pymethods]
impl PyEconomy {
    /// Reads an economy from TOML text.
    #[staticmethod]
    #[pyo3(signature = (text, *, file = String::from("<string>")), text_signature = "(text, *, file='<string>')")]
    fn from_toml(
        #[pyo3(from_py_with = args::text)] text: String,
        #[pyo3(from_py_with = args::file)] file: String,
    ) -> PyResult<Self> {
        io::programme_from_str(&text, Format::Toml, &file)
            .py_err()
            .map(Self::wrap)
    }

    /// Reads an economy from JSON text.
    #[staticmethod]
    #[pyo3(signature = (text, *, file = String::from("<string>")), text_signature = "(text, *, file='<string>')")]
    fn from_json(
        #[pyo3(from_py_with = args::text)] text: String,
        #[pyo3(from_py_with = args::file)] file: String,
    ) -> PyResult<Self> {
        io::programme_from_str(&text, Format::Json, &file)
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
    fn save(&self, #[pyo3(from_py_with = args::path)] path: PathBuf) -> PyResult<()> {
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
    /// The segments of the registers (`[[segments]]`), as dicts.
    #[getter]
    fn segments<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.economy()
            .segments()
            .iter()
            .map(|s| from_json_text(py, &serde_json::to_string(s).unwrap_or_default()))
            .collect()
    }
    /// The conditions (`[[conditions]]`) with their registers by locality, as dicts.
    #[getter]
    fn conditions<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.economy()
            .conditions()
            .iter()
            .map(|c| from_json_text(py, &serde_json::to_string(c).unwrap_or_default()))
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
    /// `"locality"`, `"cluster"`, `"service"` or `"condition"`, as a DataFrame (with a `Total` row if asked).
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
        #[pyo3(from_py_with = args::dimension)] by: &'static str,
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

    /// The plan that does best by an objective within the envelope and constraints: the same
    /// as `caretriangle.optimise(economy, ...)`, which documents the keyword arguments.
    #[pyo3(signature = (*, options = None, **kwargs))]
    fn optimise(
        &self,
        py: Python<'_>,
        options: Option<Vec<Bound<'_, PyAny>>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<super::optimise::PyOptimum> {
        super::optimise::run(py, self, options, kwargs)
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

    /// The study `budget_monte_carlo` runs: `BudgetMonteCarlo(self.budget_impact(...), ...)`
    /// (`Economy.budget_monte_carlo`, with its client, is in `caretriangle.distributed`).
    #[pyo3(signature = (budget_impact, *, scenario = None, iterations = 10_000, seed = 0, sampling = "random",
        threads = None, keep_samples = true, correlation = None))]
    #[allow(clippy::too_many_arguments)]
    fn _budget_monte_carlo_study(
        &self,
        py: Python<'_>,
        budget_impact: &Bound<'_, PyAny>,
        scenario: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = args::iterations)] iterations: u64,
        #[pyo3(from_py_with = args::seed)] seed: u64,
        #[pyo3(from_py_with = args::sampling)] sampling: &'static str,
        #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
        #[pyo3(from_py_with = args::keep_samples)] keep_samples: bool,
        correlation: Option<(Vec<String>, Vec<Vec<f64>>)>,
    ) -> PyResult<PyBudgetMonteCarlo> {
        let budget = Py::new(
            py,
            PyBudgetImpact::new(py, compile_budget(&self.inner, budget_impact, scenario)?)?,
        )?;
        PyBudgetMonteCarlo::py_new(budget, iterations, seed, sampling, threads, keep_samples, correlation)
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
#[apply(guarded!)]
#[pyfunction]
pub fn load_economy(py: Python<'_>, #[pyo3(from_py_with = args::path)] path: PathBuf) -> PyResult<PyEconomy> {
    py.detach(|| io::load_programme(&path)).py_err().map(PyEconomy::wrap)
}
