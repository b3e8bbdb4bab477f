//! `Tornado`, `SobolIndices` and `Evpi` for Python (made by `MonteCarloResult`), and Sobol
//! indices from a design evaluated on a Dask cluster.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::args;
use super::errors::{from_state, reduce, to_py, IntoPy};
use super::guard::{apply, guarded};
use super::tables::frame;
use crate::error::Error;
use crate::montecarlo::Model;
use crate::report::{Kind, Table};
use crate::sensitivity::{Evpi, SobolIndices, SobolOptions, Tornado};

/// What a tornado, threshold analysis or Sobol study of `scenario` measures: `output` of the
/// run, or a net benefit at `threshold` (see [`Model::measure`]).
pub(super) fn measure_of(
    model: &Model,
    scenario: Option<&str>,
    output: &str,
    threshold: Option<f64>,
) -> PyResult<crate::montecarlo::Measure> {
    model.measure(block_of(model, scenario), output, threshold).py_err()
}

/// The scenario a study reads: the one asked for, or the first (the baseline when there is
/// none); kept on a tornado or Sobol result so that its title can say which it was.
pub(super) fn block_of<'a>(model: &'a Model, scenario: Option<&'a str>) -> &'a str {
    scenario.unwrap_or_else(|| model.blocks().get(1).map_or("baseline", String::as_str))
}

/// The uncertain inputs' names in words (see `caretriangle::plan::label`).
pub(super) fn labels_of(model: &Model) -> Vec<String> {
    model.inputs().iter().map(|i| i.label.clone()).collect()
}

/// A tornado table: each input at its low and high percentile, the others at base.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=2000, seed=1).run()
/// >>> t = res.tornado("change", scenario="skill mix")
/// >>> round(t.base, 2)     # 0.4 x 6,000 hours x (11.45 - 21.25)
/// -23520.0
#[pyclass(name = "Tornado", module = "caretriangle", frozen)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct PyTornado {
    pub(super) tornado: Tornado,
    pub(super) names: Vec<String>,
    /// The inputs in words, in the order of `names` (empty in a state pickled before labels).
    #[serde(default)]
    pub(super) labels: Vec<String>,
    pub(super) output: String,
    /// The scenario whose output was studied.
    #[serde(default)]
    pub(super) scenario: String,
}

#[apply(guarded!)]
#[pymethods]
impl PyTornado {
    /// Pickles through its fields (see `errors::to_state`).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(slf.as_any(), slf.get())
    }

    #[staticmethod]
    fn _from_state(state: &[u8]) -> PyResult<Self> {
        from_state(state, "Tornado")
    }

    /// The output with every input at base.
    #[getter]
    fn base(&self) -> f64 {
        self.tornado.base_output
    }
    #[getter]
    fn output(&self) -> &str {
        &self.output
    }
    /// The scenario whose output was studied (the first when none was named).
    #[getter]
    fn scenario(&self) -> &str {
        &self.scenario
    }
    /// One row per input, widest swing first: the input in words (`label`), low and high
    /// output, swing.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = &self.tornado.rows;
        let t = Table::keyed("input", rows.iter().map(|r| self.names[r.input].clone()).collect())
            .text(
                "label",
                rows.iter().map(|r| label(&self.labels, &self.names, r.input)).collect(),
            )
            .figure("low_output", rows.iter().map(|r| Some(r.low_output)).collect())
            .figure("high_output", rows.iter().map(|r| Some(r.high_output)).collect())
            .figure("swing", rows.iter().map(|r| Some(r.swing)).collect());
        frame(py, &t)
    }
    /// A tornado plot (see `caretriangle.plotting.tornado`).
    #[pyo3(signature = (**kwargs))]
    fn plot<'py>(slf: &Bound<'py, Self>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("caretriangle.plotting")?
            .getattr("tornado")?
            .call((slf,), kwargs)
    }
    /// An HTML table for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Tornado of {}: {} inputs, base {:.2}>",
            self.output,
            self.tornado.rows.len(),
            self.tornado.base_output
        )
    }
}

/// First- and total-order Sobol indices of one output, with bootstrap intervals.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=1000, seed=1).run()
/// >>> s = res.sobol("change", scenario="skill mix", n=512)
/// >>> s.to_frame()["ST"].idxmax() in {"skill mix.levers[0].share", "specialist_dietitian.unit_cost"}
/// True
#[pyclass(name = "SobolIndices", module = "caretriangle", frozen)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct PySobol {
    pub(super) indices: SobolIndices,
    pub(super) names: Vec<String>,
    /// The inputs in words, in the order of `names` (empty in a state pickled before labels).
    #[serde(default)]
    pub(super) labels: Vec<String>,
    pub(super) output: String,
    /// The scenario whose output was studied.
    #[serde(default)]
    pub(super) scenario: String,
}

#[apply(guarded!)]
#[pymethods]
impl PySobol {
    /// Pickles through its fields (see `errors::to_state`).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(slf.as_any(), slf.get())
    }

    #[staticmethod]
    fn _from_state(state: &[u8]) -> PyResult<Self> {
        from_state(state, "SobolIndices")
    }

    #[getter]
    fn s1(&self) -> Vec<f64> {
        self.indices.s1.clone()
    }
    #[getter]
    fn st(&self) -> Vec<f64> {
        self.indices.st.clone()
    }
    #[getter]
    fn output(&self) -> &str {
        &self.output
    }
    /// The scenario whose output was studied (the first when none was named).
    #[getter]
    fn scenario(&self) -> &str {
        &self.scenario
    }
    /// One row per input: the input in words (`label`), S1, its interval half-width, ST,
    /// its half-width.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let i = &self.indices;
        let t = Table::keyed("input", self.names.clone())
            .text(
                "label",
                (0..self.names.len())
                    .map(|k| label(&self.labels, &self.names, k))
                    .collect(),
            )
            .figure("S1", i.s1.iter().copied().map(Some).collect())
            .figure("S1_conf", i.s1_conf.iter().copied().map(Some).collect())
            .figure("ST", i.st.iter().copied().map(Some).collect())
            .figure("ST_conf", i.st_conf.iter().copied().map(Some).collect());
        frame(py, &t)
    }
    /// Bars of S1 and ST with intervals (see `caretriangle.plotting.sobol`).
    #[pyo3(signature = (**kwargs))]
    fn plot<'py>(slf: &Bound<'py, Self>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("caretriangle.plotting")?
            .getattr("sobol")?
            .call((slf,), kwargs)
    }
    /// An HTML table for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "<SobolIndices of {}: {} inputs, N = {}>",
            self.output,
            self.names.len(),
            self.indices.n
        )
    }
}

/// Expected value of perfect information: what knowing every input exactly would be worth
/// when choosing among the baseline and the scenarios.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=2000, seed=1).run()
/// >>> e = res.evpi("cost")
/// >>> e.evpi >= 0, e.best in res.scenario_summary().index
/// (True, True)
#[pyclass(name = "Evpi", module = "caretriangle", frozen)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct PyEvpi {
    pub(super) evpi: Evpi,
    pub(super) options: Vec<String>,
    pub(super) criterion: String,
}

#[apply(guarded!)]
#[pymethods]
impl PyEvpi {
    /// Pickles through its fields (see `errors::to_state`).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(slf.as_any(), slf.get())
    }

    #[staticmethod]
    fn _from_state(state: &[u8]) -> PyResult<Self> {
        from_state(state, "Evpi")
    }

    /// EVPI per decision, in the criterion's units (£ for cost).
    #[getter]
    fn evpi(&self) -> f64 {
        self.evpi.evpi
    }
    /// The option best on average.
    #[getter]
    fn best(&self) -> &str {
        &self.options[self.evpi.best_option]
    }
    #[getter]
    fn criterion(&self) -> &str {
        &self.criterion
    }
    /// The EVPI of a population: per decision × `people` a year, over `years` years
    /// discounted at `discount_rate` (3.5%, the Green Book's, by default), the first year
    /// undiscounted.
    ///
    /// Examples
    /// --------
    /// >>> import caretriangle as ct
    /// >>> res = ct.MonteCarlo(ct.examples.structured_education(), iterations=1000, seed=1).run()
    /// >>> e = res.evpi(outcome="qalys", threshold=2000)
    /// >>> e.population(1000, 3) == e.evpi * 1000 * (1 + 1 / 1.035 + 1 / 1.035**2)
    /// True
    #[pyo3(signature = (people, years, *, discount_rate = 0.035))]
    fn population(
        &self,
        #[pyo3(from_py_with = args::people_affected)] people: f64,
        #[pyo3(from_py_with = args::years)] years: u32,
        #[pyo3(from_py_with = args::discount_rate)] discount_rate: f64,
    ) -> PyResult<f64> {
        crate::outcomes::population_evpi(self.evpi.evpi, people, years, discount_rate).py_err()
    }
    /// One row per option: its expected value and the share of iterations it is best.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = Table::keyed("scenario", self.options.clone())
            .figure("expected", self.evpi.expected.iter().copied().map(Some).collect())
            .shown_as(if self.criterion == "cost" || self.criterion == "net_benefit" {
                Kind::Money
            } else {
                Kind::Number
            })
            .figure(
                "probability_best",
                self.evpi.probability_best.iter().copied().map(Some).collect(),
            );
        frame(py, &t)
    }
    /// An HTML table for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Evpi {:.2} ({}): best on average {:?}>",
            self.evpi.evpi,
            self.criterion,
            self.best()
        )
    }
}

/// The options of a Sobol study.
pub(super) fn sobol_options(seed: u64, num_resamples: usize, confidence_level: f64) -> SobolOptions {
    SobolOptions {
        num_resamples,
        confidence_level,
        seed,
    }
}

/// Sobol indices from the output at every row of a design of `n` base rows evaluated on a
/// Dask cluster (`caretriangle.distributed` sends the rows to the workers and gathers them).
pub(super) fn sobol_of_outputs(
    py: Python<'_>,
    model: &Model,
    outputs: &[f64],
    n: usize,
    options: &SobolOptions,
) -> PyResult<SobolIndices> {
    let expected = model.sobol_rows(n);
    if outputs.len() != expected {
        return Err(to_py(Error::invalid(
            "outputs",
            format!("{} outputs", outputs.len()),
            format!("one per row of the design ({expected})"),
        )));
    }
    let d = model.inputs().len();
    py.detach(|| crate::sensitivity::sobol_indices(outputs, d, options))
        .py_err()
}

/// Input `k` in words; its name where no label was kept.
fn label(labels: &[String], names: &[String], k: usize) -> String {
    labels.get(k).unwrap_or(&names[k]).clone()
}
