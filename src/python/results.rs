//! `MonteCarloResult` for Python: samples, summaries, and the tornado, threshold, Sobol
//! indices and EVPI of the same model. The GIL is released while Rust works.

use std::sync::Arc;

use numpy::{PyArray2, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use super::analyses::{block_of, labels_of, measure_of, sobol_options, PyEvpi, PySobol, PyTornado};
use super::args;
use super::classes::PyMonteCarlo;
use super::convert::{check_shape, evpi_criterion};
use super::distributed::per_task;
use super::errors::{interruptible, to_py, IntoPy};
use super::guard::{apply, guarded};
use super::tables::{frame, scenario_summary, statistics};
use crate::error::Error;
use crate::montecarlo::{evpi_of, Model, Summary, OUTPUTS};
use crate::report::Table;

/// The result of `MonteCarlo.run()`: samples, summaries, and the sensitivity analyses
/// (tornado, threshold, Sobol indices, EVPI) on the same model.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=2000, seed=1).run()
/// >>> res.scenario_summary().loc["skill mix", "prob_saving"]
/// np.float64(1.0)
/// >>> round(res.threshold("health_trainer.unit_cost", low=1, high=50, scenario="skill mix"), 2)
/// 21.25
#[pyclass(name = "MonteCarloResult", module = "caretriangle", frozen)]
pub struct PyMonteCarloResult {
    pub(super) model: Arc<Model>,
    /// The study that made it: shipped to a cluster for Sobol studies, and pickled with it.
    pub(super) study: Py<PyMonteCarlo>,
    pub(super) columns: Vec<(String, String)>,
    pub(super) input_names: Vec<String>,
    pub(super) samples: Option<Py<PyArray2<f64>>>,
    pub(super) inputs: Option<Py<PyArray2<f64>>>,
    pub(super) summaries: Vec<Summary>,
    pub(super) iterations: u64,
    pub(super) seed: u64,
}

#[apply(guarded!)]
#[pymethods]
impl PyMonteCarloResult {
    /// One row per iteration, one column per (scenario, output); a numpy array (None when
    /// the run kept no samples).
    #[getter]
    fn samples<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray2<f64>>> {
        self.samples.as_ref().map(|a| a.bind(py).clone())
    }
    /// One row per iteration, one column per uncertain input.
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray2<f64>>> {
        self.inputs.as_ref().map(|a| a.bind(py).clone())
    }
    /// `(scenario, output)` of each column of `samples`.
    #[getter]
    fn columns(&self) -> Vec<(String, String)> {
        self.columns.clone()
    }
    #[getter]
    fn input_names(&self) -> Vec<String> {
        self.input_names.clone()
    }
    /// The uncertain inputs in words, in the order of `input_names` (for charts).
    #[getter]
    fn input_labels(&self) -> Vec<String> {
        labels_of(&self.model)
    }
    #[getter]
    fn iterations(&self) -> u64 {
        self.iterations
    }
    #[getter]
    fn seed(&self) -> u64 {
        self.seed
    }
    /// The `MonteCarlo` study that made it.
    #[getter]
    fn study(&self, py: Python<'_>) -> Py<PyMonteCarlo> {
        self.study.clone_ref(py)
    }

    /// Pickles as its study (a recipe of JSON text), its summaries (CBOR bytes) and its
    /// samples (numpy arrays, which pickle as their raw bytes).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_state = py.get_type::<PyMonteCarloResult>().getattr("_from_state")?;
        let mut summaries = Vec::new();
        ciborium::into_writer(&self.summaries, &mut summaries)
            .map_err(|e| to_py(Error::invalid("summaries", "", format!("serialisable ({e})"))))?;
        let args = PyTuple::new(
            py,
            [
                self.study.clone_ref(py).into_bound(py).into_any(),
                PyBytes::new(py, &summaries).into_any(),
                self.samples(py)?
                    .map_or_else(|| py.None().into_bound(py), pyo3::Bound::into_any),
                self.inputs(py)?
                    .map_or_else(|| py.None().into_bound(py), pyo3::Bound::into_any),
            ],
        )?;
        PyTuple::new(py, [from_state, args.into_any()])
    }

    /// A result from the state `__reduce__` gives.
    #[staticmethod]
    #[pyo3(signature = (study, summaries, samples, inputs))]
    fn _from_state(
        study: &Bound<'_, PyMonteCarlo>,
        summaries: &[u8],
        samples: Option<Bound<'_, PyArray2<f64>>>,
        inputs: Option<Bound<'_, PyArray2<f64>>>,
    ) -> PyResult<Self> {
        let summaries: Vec<Summary> = ciborium::from_reader(summaries).map_err(|e| {
            to_py(Error::invalid(
                "summaries",
                format!("{} bytes", summaries.len()),
                format!("the summaries of a result ({e})"),
            ))
        })?;
        let me = study.get();
        let model = me.model.clone();
        if summaries.len() != model.width() {
            return Err(to_py(Error::invalid(
                "summaries",
                summaries.len(),
                format!("one per output column ({})", model.width()),
            )));
        }
        // A result's arrays are read by index everywhere (tornado, EVPI, summaries): arrays
        // of another shape would panic later, so they are refused here.
        let iterations = me.options.iterations;
        check_shape("samples", samples.as_ref(), iterations, model.width(), "output")?;
        check_shape(
            "inputs",
            inputs.as_ref(),
            iterations,
            model.inputs().len(),
            "uncertain input",
        )?;
        Ok(PyMonteCarloResult {
            columns: model.columns(),
            input_names: model.inputs().iter().map(|i| i.name.clone()).collect(),
            model,
            study: study.clone().unbind(),
            samples: samples.map(Bound::unbind),
            inputs: inputs.map(Bound::unbind),
            summaries,
            iterations: me.options.iterations,
            seed: me.options.seed,
        })
    }

    /// Mean, sd, 2.5/50/97.5 percentiles and the share below 0, for every (scenario, output).
    /// Percentiles are exact (from the samples) when they were kept, and from a fine
    /// histogram otherwise.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = Table::keyed("scenario", self.columns.iter().map(|c| c.0.clone()).collect())
            .text("output", self.columns.iter().map(|c| c.1.clone()).collect());
        let t = statistics(py, t, self.samples.as_ref(), &self.summaries).counted_rows(self.model.counted_outputs());
        let kw = PyDict::new(py);
        kw.set_item("append", true)?;
        frame(py, &t)?.call_method("set_index", ("output",), Some(&kw))
    }

    /// One row per scenario: mean change, probability of a saving, probability of spending
    /// over the envelope, and the 95% interval of the change.
    fn scenario_summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &scenario_summary(self.model.blocks(), &self.summaries))
    }

    /// The samples as a DataFrame with (scenario, output) columns.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let samples = self.samples(py)?.ok_or_else(|| {
            to_py(Error::invalid(
                "keep_samples",
                "False",
                "True to have every iteration's outputs",
            ))
        })?;
        let pandas = py.import("pandas")?;
        let cols = pandas
            .getattr("MultiIndex")?
            .call_method1("from_tuples", (PyList::new(py, &self.columns)?,))?;
        let kw = PyDict::new(py);
        kw.set_item("columns", cols)?;
        pandas.getattr("DataFrame")?.call((samples,), Some(&kw))
    }

    /// The samples and inputs as a `pyarrow.Table`, the run in its metadata (`caretriangle.parquet`).
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        super::display::call(slf.as_any(), "parquet", "to_arrow", None)
    }
    /// Writes `to_arrow()` to `path` as Parquet, whole or not at all.
    fn to_parquet(slf: &Bound<'_, Self>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        super::display::to_file(slf.as_any(), "parquet", "to_parquet", path)
    }

    /// One-way sensitivity of `output` of `scenario` (the first by default): each input at its
    /// `low` and `high` percentiles, the others at base. `output`: any output of the run
    /// (`"qalys_gain"`, `"net_benefit_qalys"`), a net benefit at `threshold` £ a unit if given.
    #[pyo3(signature = (output = "change".to_string(), *, scenario = None, low = 0.025, high = 0.975, threshold = None),
        text_signature = "($self, output='change', *, scenario=None, low=0.025, high=0.975, threshold=None)")]
    fn tornado(
        &self,
        #[pyo3(from_py_with = args::output)] output: String,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
        #[pyo3(from_py_with = args::low)] low: f64,
        #[pyo3(from_py_with = args::high)] high: f64,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
    ) -> PyResult<PyTornado> {
        let col = measure_of(&self.model, scenario.as_deref(), &output, threshold)?;
        let model = self.model.clone();
        let t = model.tornado(col, low, high).py_err()?;
        Ok(PyTornado {
            tornado: t,
            names: self.input_names.clone(),
            labels: labels_of(&self.model),
            output,
            scenario: block_of(&self.model, scenario.as_deref()).into(),
        })
    }

    /// The value of `input` at which `output` of `scenario` crosses 0 (the break-even; on a net
    /// benefit at `threshold`, where the decision changes), searched between `low` and `high`.
    #[pyo3(signature = (input, *, low, high, output = "change".to_string(), scenario = None, threshold = None),
        text_signature = "($self, input, *, low, high, output='change', scenario=None, threshold=None)")]
    #[allow(clippy::too_many_arguments)]
    fn threshold(
        &self,
        #[pyo3(from_py_with = args::input)] input: String,
        #[pyo3(from_py_with = args::low)] low: f64,
        #[pyo3(from_py_with = args::high)] high: f64,
        #[pyo3(from_py_with = args::output)] output: String,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
    ) -> PyResult<f64> {
        let col = measure_of(&self.model, scenario.as_deref(), &output, threshold)?;
        self.model.threshold(&input, col, low, high).py_err()
    }

    /// Sobol indices computed here (`MonteCarloResult.sobol` without a client; see
    /// `caretriangle.distributed`). `rows_per_task` is read and checked as on a cluster.
    #[pyo3(signature = (output = "change".to_string(), *, scenario = None, n = 4096, seed = None, num_resamples = 100,
        confidence_level = 0.95, rows_per_task = 16_384, threshold = None),
        text_signature = "($self, output='change', *, scenario=None, n=4096, seed=None, num_resamples=100, \
            confidence_level=0.95, rows_per_task=16384, threshold=None)")]
    #[allow(clippy::too_many_arguments)]
    fn _sobol(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = args::output)] output: String,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
        #[pyo3(from_py_with = args::n)] n: usize,
        #[pyo3(from_py_with = args::optional_seed)] seed: Option<u64>,
        #[pyo3(from_py_with = args::num_resamples)] num_resamples: usize,
        #[pyo3(from_py_with = args::confidence_level)] confidence_level: f64,
        #[pyo3(from_py_with = args::rows_per_task)] rows_per_task: usize,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
    ) -> PyResult<PySobol> {
        per_task("rows_per_task", rows_per_task as u64)?;
        let col = measure_of(&self.model, scenario.as_deref(), &output, threshold)?;
        let options = sobol_options(seed.unwrap_or(self.seed), num_resamples, confidence_level);
        let model = self.model.clone();
        let s = interruptible(py, |progress| model.sobol(col, n, options.seed, &options, progress))?;
        Ok(PySobol {
            indices: s,
            names: self.input_names.clone(),
            labels: labels_of(&self.model),
            output,
            scenario: block_of(&self.model, scenario.as_deref()).into(),
        })
    }

    /// Expected value of perfect information for choosing among the baseline and scenarios:
    /// `criterion="cost"` (least spend is best) or `"people_per_pound"`; with `outcome`, on
    /// net benefit at `threshold` (the outcome's value by default), £ per decision.
    #[pyo3(signature = (criterion = "cost", *, outcome = None, threshold = None))]
    fn evpi(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = args::criterion)] criterion: &'static str,
        #[pyo3(from_py_with = args::optional_outcome)] outcome: Option<String>,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
    ) -> PyResult<PyEvpi> {
        if let Some(outcome) = outcome {
            return super::outcomes::evpi_on_net_benefit(&self.kept(), py, &outcome, threshold);
        }
        let c = evpi_criterion(criterion).py_err()?;
        let samples = self.samples(py)?.ok_or_else(|| {
            to_py(Error::invalid(
                "keep_samples",
                "False",
                "True: EVPI needs every iteration's outputs",
            ))
        })?;
        let ro = samples.readonly();
        // The blocks' spend outputs come first; outcome outputs, if any, follow them.
        let fixed = self.model.blocks().len() * OUTPUTS.len();
        let e = evpi_of(ro.as_array().slice(ndarray::s![.., ..fixed]), c).py_err()?;
        Ok(PyEvpi {
            evpi: e,
            options: self.model.blocks().to_vec(),
            criterion: criterion.into(),
        })
    }

    /// Histogram or CDF of an output (see `caretriangle.plotting.monte_carlo`).
    #[pyo3(signature = (output = "change", *, scenario = None, **kwargs))]
    fn plot<'py>(
        slf: &Bound<'py, Self>,
        #[pyo3(from_py_with = args::mc_output)] output: &'static str,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kw = kwargs.cloned().unwrap_or_else(|| PyDict::new(slf.py()));
        kw.set_item("output", output)?;
        kw.set_item("scenario", scenario)?;
        slf.py()
            .import("caretriangle.plotting")?
            .getattr("monte_carlo")?
            .call((slf,), Some(&kw))
    }

    /// Writes the summaries to an Excel workbook (see `caretriangle.excel.write_monte_carlo`).
    fn to_excel(slf: &Bound<'_, Self>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        super::display::to_excel(slf.as_any(), "write_monte_carlo", path, None)
    }

    /// Writes the decision brief of the study (HTML or PDF), with a budget impact beside it
    /// if given (see `caretriangle.brief.write`).
    #[pyo3(signature = (path, *, budget_impact = None))]
    fn brief<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
        budget_impact: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<()> {
        super::display::brief(slf.as_any(), path, &[("budget_impact", budget_impact)])
    }

    /// An HTML table for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        super::display::html(slf.as_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "<MonteCarloResult: {} iterations, {} inputs, {} outputs, samples {}>",
            self.iterations,
            self.input_names.len(),
            self.columns.len(),
            if self.samples.is_some() { "kept" } else { "not kept" }
        )
    }
    /// CEAC and CEAF on `outcome` at each of `thresholds`: per option (the baseline among
    /// them) the probability of the highest net benefit; `frontier`, `frontier_probability`.
    /// >>> import caretriangle as ct
    /// >>> res = ct.MonteCarlo(ct.examples.structured_education(), iterations=500, seed=1).run()
    /// >>> list(res.ceac("qalys", thresholds=[0, 20000])["frontier"])     # £2,092 a QALY
    /// ['baseline', 'offer to 1,000 more']
    #[pyo3(signature = (outcome, *, thresholds))]
    fn ceac<'py>(
        &self,
        py: Python<'py>,
        #[pyo3(from_py_with = args::outcome)] outcome: String,
        #[pyo3(from_py_with = args::thresholds)] thresholds: Vec<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::outcomes::ceac(&self.kept(), py, &outcome, &thresholds)
    }

    /// EVPPI of `inputs` (names) together on net benefit; `method`, `size` as `ct.evppi`.
    #[pyo3(signature = (inputs, *, outcome, threshold = None, method = None, size = None))]
    fn evppi(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = args::input_names)] inputs: Vec<String>,
        #[pyo3(from_py_with = args::outcome)] outcome: String,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
        #[pyo3(from_py_with = args::optional_method)] method: Option<String>,
        #[pyo3(from_py_with = args::size)] size: Option<usize>,
    ) -> PyResult<f64> {
        super::outcomes::evppi(&self.kept(), py, &inputs, &outcome, threshold, method.as_deref(), size)
    }
}

impl PyMonteCarloResult {
    fn kept(&self) -> super::outcomes::Kept<'_> {
        super::outcomes::Kept {
            model: &self.model,
            samples: self.samples.as_ref(),
            inputs: self.inputs.as_ref(),
        }
    }
}
