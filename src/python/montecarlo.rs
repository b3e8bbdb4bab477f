//! `MonteCarlo` for Python (the class itself is in classes.rs): a study's run, locally or in
//! parts for Dask, and its pickling. The GIL is released while Rust works; an interrupt is
//! checked between batches of chunks, so Ctrl-C stops a long run within about a second.

use std::sync::Arc;

use numpy::IntoPyArray;
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};

use super::analyses::{block_of, labels_of, measure_of, sobol_of_outputs, sobol_options, PySobol};
use super::args;
use super::classes::PyEconomy;
use super::classes::PyMonteCarlo;
use super::convert::json_text;
use super::convert::sampling_plan;
use super::distributed::{bins_bytes, parts, per_task, run_part, PyPartial, Recipe};
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use super::results::PyMonteCarloResult;
use super::scenario::PyScenario;
use crate::error::{Error, Location};
use crate::montecarlo::Bins;
use crate::scenario::Scenario;
use crate::uncertainty::{chunks, Distribution, DistributionSpec};

fn distribution(name: &str, spec: &Bound<'_, PyAny>) -> PyResult<Distribution> {
    let text = json_text(spec)?;
    // The input's name is one key, dots and all (`health_trainer.unit_cost`).
    let field = Location::key("inputs").then(name);
    let spec: DistributionSpec = serde_json::from_str(&text)
        .map_err(|e| {
            Error::invalid(
                &field,
                text.clone(),
                format!("a distribution such as {{\"dist\": \"gamma\", \"mean\": 1, \"sd\": 0.1}} ({e})"),
            )
        })
        .py_err()?;
    Distribution::from_spec(spec, field).py_err()
}

impl PyMonteCarlo {
    fn result(slf: &Bound<'_, Self>, result: crate::montecarlo::MonteCarloResult) -> PyMonteCarloResult {
        let py = slf.py();
        let me = slf.get();
        PyMonteCarloResult {
            model: me.model.clone(),
            study: slf.clone().unbind(),
            columns: result.columns,
            input_names: result.input_names,
            samples: result.samples.map(|a| a.into_pyarray(py).unbind()),
            inputs: result.inputs.map(|a| a.into_pyarray(py).unbind()),
            summaries: result.summaries,
            iterations: result.iterations,
            seed: me.options.seed,
        }
    }
}

#[apply(guarded!)]
#[pymethods]
impl PyMonteCarlo {
    /// `inputs` adds or overrides uncertain inputs by name
    /// (`{"health_trainer.unit_cost": {"dist": "gamma", "mean": 11.45, "sd": 1.2}}`);
    /// `correlation` is `(names, matrix)`, a rank correlation between named inputs.
    #[new]
    #[pyo3(signature = (economy, *, scenarios = None, iterations = 10_000, seed = 0, sampling = "random",
        threads = None, keep_samples = true, inputs = None, correlation = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        economy: &PyEconomy,
        scenarios: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = args::iterations)] iterations: u64,
        #[pyo3(from_py_with = args::seed)] seed: u64,
        #[pyo3(from_py_with = args::sampling)] sampling: &'static str,
        #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
        #[pyo3(from_py_with = args::keep_samples)] keep_samples: bool,
        inputs: Option<&Bound<'_, PyDict>>,
        correlation: Option<(Vec<String>, Vec<Vec<f64>>)>,
    ) -> PyResult<Self> {
        let programme = &economy.inner;
        let chosen: Vec<Scenario> = match scenarios {
            None => programme.scenarios().to_vec(),
            Some(list) => list
                .try_iter()?
                .map(|item| {
                    let item = item?;
                    match item.extract::<String>() {
                        Ok(name) => programme.scenario(&name).cloned().py_err(),
                        Err(_) => Ok(item.cast::<PyScenario>()?.get().inner.clone()),
                    }
                })
                .collect::<PyResult<_>>()?,
        };
        let mut extra = Vec::new();
        if let Some(inputs) = inputs {
            for (k, v) in inputs.iter() {
                let name: String = k.extract()?;
                extra.push((name.clone(), distribution(&name, &v)?.spec().clone()));
            }
        }
        // The study is built from its recipe here as on a worker, so both are the same study.
        let recipe = Recipe {
            economy: Arc::new(programme.economy().clone()),
            scenarios: chosen,
            inputs: extra,
            correlation,
            iterations,
            seed,
            sampling: sampling_plan(sampling).py_err()?,
            threads,
            keep_samples,
        };
        Self::from_recipe(recipe)
    }

    /// A study from its recipe (the JSON text `__reduce__` gives).
    #[staticmethod]
    fn _from_recipe(recipe: &str) -> PyResult<Self> {
        Self::from_recipe(Recipe::from_json(recipe).py_err()?)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_recipe = py.get_type::<PyMonteCarlo>().getattr("_from_recipe")?;
        PyTuple::new(py, [from_recipe, PyTuple::new(py, [self.recipe.to_json()])?.into_any()])
    }

    /// Iterations of the run.
    #[getter]
    fn iterations(&self) -> u64 {
        self.options.iterations
    }

    /// Chunks of the run (of 4096 iterations, the last one perhaps fewer): the units a run is
    /// split into on a cluster.
    #[getter]
    fn chunks(&self) -> u64 {
        chunks(self.options.iterations)
    }

    /// The histogram bins of the run (from its chunk 0), as bytes for the parts of a run.
    fn _bins<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        bins_bytes(py, &*self.model, &self.options)
    }

    /// Runs chunks `start..end` of the run on `threads` threads, the GIL released.
    #[pyo3(signature = (bins, start, end, *, threads = 1))]
    fn _run_chunks(
        &self,
        py: Python<'_>,
        bins: &[u8],
        #[pyo3(from_py_with = args::start)] start: u64,
        #[pyo3(from_py_with = args::end)] end: u64,
        #[pyo3(from_py_with = args::threads)] threads: Option<usize>,
    ) -> PyResult<PyPartial> {
        run_part(py, &*self.model, &self.options, bins, start..end, threads)
    }

    /// The result of the run from its parts (in any order).
    fn _merge(slf: &Bound<'_, Self>, bins: &[u8], parts: Vec<Bound<'_, PyPartial>>) -> PyResult<PyMonteCarloResult> {
        let bins = Bins::from_bytes(bins).py_err()?;
        let parts: Vec<_> = parts.iter().map(|p| p.get().inner.clone()).collect();
        let model = slf.get().model.clone();
        let result = slf.py().detach(|| model.merge(&bins, parts)).py_err()?;
        Ok(Self::result(slf, result))
    }

    /// The run's tasks on a cluster, `chunks_per_task` chunks each: `(start, end)` chunk
    /// ranges covering the run (`progress` read and checked as for a local run).
    #[pyo3(signature = (chunks_per_task, *, progress = false))]
    fn _parts(
        &self,
        #[pyo3(from_py_with = args::chunks_per_task)] chunks_per_task: u64,
        #[pyo3(from_py_with = args::progress)] progress: bool,
    ) -> PyResult<Vec<(u64, u64)>> {
        let _ = progress;
        parts(chunks(self.options.iterations), "chunks_per_task", chunks_per_task)
    }

    /// Rows of the Saltelli design of `n` base rows: n × (inputs + 2).
    fn _sobol_rows(&self, #[pyo3(from_py_with = args::n)] n: usize) -> usize {
        self.model.sobol_rows(n)
    }

    /// A Sobol study's tasks on a cluster: the seed it runs with (the study's by default)
    /// and `(start, end)` ranges of `rows_per_task` rows of its design. Every argument is
    /// checked here, an unknown scenario or output too, before any task is sent.
    #[pyo3(signature = (output, *, scenario, n, seed, num_resamples, confidence_level, rows_per_task, threshold = None))]
    #[allow(clippy::too_many_arguments)]
    fn _sobol_parts(
        &self,
        #[pyo3(from_py_with = args::output)] output: String,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
        #[pyo3(from_py_with = args::n)] n: usize,
        #[pyo3(from_py_with = args::optional_seed)] seed: Option<u64>,
        #[pyo3(from_py_with = args::num_resamples)] num_resamples: usize,
        #[pyo3(from_py_with = args::confidence_level)] confidence_level: f64,
        #[pyo3(from_py_with = args::rows_per_task)] rows_per_task: usize,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
    ) -> PyResult<(u64, Vec<(u64, u64)>)> {
        let _ = (num_resamples, confidence_level);
        measure_of(&self.model, scenario.as_deref(), &output, threshold)?;
        let rows = self.model.sobol_rows(n) as u64;
        Ok((
            seed.unwrap_or(self.options.seed),
            parts(rows, "rows_per_task", rows_per_task as u64)?,
        ))
    }

    /// Sobol indices from `outputs`, the output at every row of the design of `n` base rows
    /// (evaluated on a cluster), laid end to end in row order.
    #[pyo3(signature = (outputs, output, *, scenario = None, n, seed, num_resamples, confidence_level))]
    #[allow(clippy::too_many_arguments)]
    fn _sobol_from_outputs(
        &self,
        py: Python<'_>,
        outputs: Vec<f64>,
        #[pyo3(from_py_with = args::output)] output: String,
        scenario: Option<String>,
        #[pyo3(from_py_with = args::n)] n: usize,
        #[pyo3(from_py_with = args::seed)] seed: u64,
        #[pyo3(from_py_with = args::num_resamples)] num_resamples: usize,
        #[pyo3(from_py_with = args::confidence_level)] confidence_level: f64,
    ) -> PyResult<PySobol> {
        let options = sobol_options(seed, num_resamples, confidence_level);
        Ok(PySobol {
            indices: sobol_of_outputs(py, &self.model, &outputs, n, &options)?,
            names: self.model.inputs().iter().map(|i| i.name.clone()).collect(),
            labels: labels_of(&self.model),
            output,
            scenario: block_of(&self.model, scenario.as_deref()).into(),
        })
    }

    /// `output` of `scenario` (a net benefit at `threshold` where given) at rows `start..end`
    /// of the Saltelli design of `n` base rows.
    #[pyo3(signature = (output, scenario, n, seed, start, end, threshold = None))]
    #[allow(clippy::too_many_arguments)]
    fn _sobol_outputs(
        &self,
        py: Python<'_>,
        #[pyo3(from_py_with = args::output)] output: String,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
        #[pyo3(from_py_with = args::n)] n: usize,
        #[pyo3(from_py_with = args::seed)] seed: u64,
        #[pyo3(from_py_with = args::start_row)] start: usize,
        #[pyo3(from_py_with = args::end_row)] end: usize,
        #[pyo3(from_py_with = args::threshold)] threshold: Option<f64>,
    ) -> PyResult<Vec<f64>> {
        let col = measure_of(&self.model, scenario.as_deref(), &output, threshold)?;
        let model = self.model.clone();
        py.detach(|| model.sobol_outputs(col, n, seed, start..end)).py_err()
    }

    /// The uncertain inputs' names, in order.
    #[getter]
    fn input_names(&self) -> Vec<String> {
        self.model.inputs().iter().map(|i| i.name.clone()).collect()
    }

    /// The uncertain inputs in words, in the order of `input_names` (for charts).
    #[getter]
    fn input_labels(&self) -> Vec<String> {
        labels_of(&self.model)
    }

    /// `baseline`, then each scenario's name.
    #[getter]
    fn scenarios(&self) -> Vec<String> {
        self.model.blocks().to_vec()
    }

    /// `(scenario, output)` of each column of the run's samples.
    #[getter]
    fn columns(&self) -> Vec<(String, String)> {
        self.model.columns()
    }

    /// Runs the study and streams its samples to `path` as Parquet, `chunks_per_batch` chunks
    /// of 4096 iterations a record batch, in fixed memory (`caretriangle.parquet`; needs
    /// pyarrow). Returns the result without its samples.
    #[pyo3(signature = (path, *, chunks_per_batch = 16))]
    fn run_to_parquet<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
        #[pyo3(from_py_with = args::chunks_per_batch)] chunks_per_batch: u64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kw = PyDict::new(slf.py());
        kw.set_item("path", path)?;
        kw.set_item("chunks_per_batch", chunks_per_batch)?;
        super::display::call(slf.as_any(), "parquet", "run_to_parquet", Some(&kw))
    }

    /// Runs the study here (`MonteCarlo.run` without a client; see `caretriangle.distributed`).
    /// `chunks_per_task` is read and checked as on a cluster, so a call is valid or not
    /// whatever the client.
    #[pyo3(signature = (*, progress = false, chunks_per_task = 8))]
    fn _run(
        slf: &Bound<'_, Self>,
        #[pyo3(from_py_with = args::progress)] progress: bool,
        #[pyo3(from_py_with = args::chunks_per_task)] chunks_per_task: u64,
    ) -> PyResult<Py<PyAny>> {
        per_task("chunks_per_task", chunks_per_task)?;
        let py = slf.py();
        let me = slf.get();
        let bar: Option<Py<PyAny>> = if progress {
            let tqdm = py.import("tqdm.auto").map_err(|_| {
                PyErr::new::<pyo3::exceptions::PyImportError, _>("progress=True needs tqdm: pip install tqdm")
            })?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("total", me.options.iterations)?;
            kwargs.set_item("unit", "it")?;
            kwargs.set_item("unit_scale", true)?;
            Some(tqdm.getattr("tqdm")?.call((), Some(&kwargs))?.unbind())
        } else {
            None
        };
        let mut stopped: Option<PyErr> = None;
        let mut shown = 0u64;
        let model = me.model.clone();
        let options = me.options.clone();
        let result = py.detach(|| {
            model.run(&options, &mut |done, _| {
                Python::attach(|py| {
                    if let Err(e) = py.check_signals() {
                        stopped = Some(e);
                        return false;
                    }
                    if let Some(bar) = &bar {
                        // Ctrl-C often lands while the bar's own Python code runs: it is an
                        // interrupt of the run, not to be lost. Other errors of a bar are
                        // cosmetic and do not stop a long run.
                        if let Err(e) = bar.call_method1(py, "update", (done - shown,)) {
                            if e.is_instance_of::<PyKeyboardInterrupt>(py) {
                                stopped = Some(e);
                                return false;
                            }
                        }
                        shown = done;
                    }
                    true
                })
            })
        });
        if let Some(bar) = &bar {
            bar.call_method0(py, "close")?;
        }
        let result = match (result, stopped) {
            (Err(Error::Interrupted), Some(e)) => return Err(e),
            (Err(Error::Interrupted), None) => return Err(PyKeyboardInterrupt::new_err("interrupted")),
            (r, _) => r.py_err()?,
        };
        Ok(Bound::new(py, Self::result(slf, result))?.into_any().unbind())
    }

    fn __repr__(&self) -> String {
        format!(
            "<MonteCarlo: {} uncertain inputs, {} scenarios, {} iterations, seed {}>",
            self.model.inputs().len(),
            self.model.blocks().len() - 1,
            self.options.iterations,
            self.options.seed
        )
    }
}
