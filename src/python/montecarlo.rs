//! `MonteCarlo` and its results for Python: the run, summaries, tornado, threshold, Sobol
//! indices and EVPI. The GIL is released while Rust works; an interrupt is checked between
//! batches of chunks, so Ctrl-C stops a long run within about a second.

use std::sync::Arc;

use numpy::{IntoPyArray, PyArray2, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use super::args;
use super::distributed::{PyPartial, Recipe};
use super::economy::{json_text, PyEconomy};
use super::errors::{from_state, interruptible, reduce, to_py, IntoPy};
use super::scenario::PyScenario;
use super::tables::frame;
use crate::error::Error;
use crate::montecarlo::{evpi_of, Bins, EvpiCriterion, Model, MonteCarloOptions, Summary, OUTPUTS};
use crate::report::Table;
use crate::scenario::Scenario;
use crate::sensitivity::{Evpi, SobolIndices, SobolOptions, Tornado};
use crate::uncertainty::{chunks, Distribution, DistributionSpec, SamplingPlan};

pub(crate) fn sampling_plan(name: &str) -> Result<SamplingPlan, Error> {
    match name {
        "random" => Ok(SamplingPlan::Random),
        "lhs" | "latin_hypercube" => Ok(SamplingPlan::LatinHypercube),
        "sobol" => Ok(SamplingPlan::Sobol),
        _ => Err(Error::invalid(
            "sampling",
            format!("{name:?}"),
            "\"random\", \"lhs\" or \"sobol\"",
        )),
    }
}

fn distribution(name: &str, spec: &Bound<'_, PyAny>) -> PyResult<Distribution> {
    let text = json_text(spec)?;
    let field = format!("inputs.{name}");
    let spec: DistributionSpec = serde_json::from_str(&text)
        .map_err(|e| {
            Error::invalid(
                &field,
                text.clone(),
                format!("a distribution such as {{\"dist\": \"gamma\", \"mean\": 1, \"sd\": 0.1}} ({e})"),
            )
        })
        .py_err()?;
    Distribution::from_spec(spec, &field).py_err()
}

/// A Monte Carlo study of an economy and its scenarios.
///
/// Every uncertain value in the economy's file is an input; `inputs` adds more. The same
/// seed gives the same numbers whatever the number of threads.
///
/// `sampling` is `"random"` (plain Monte Carlo), `"lhs"` (a Latin hypercube over the whole run:
/// of the `iterations`, exactly one falls in each of that many equal-probability slices of
/// every input) or `"sobol"` (scrambled Sobol' points).
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> mc = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=4096, seed=42, sampling="lhs")
/// >>> len(mc.input_names)
/// 10
/// >>> res = mc.run()
/// >>> res.samples.shape
/// (4096, 40)
#[pyclass(name = "MonteCarlo", module = "caretriangle", frozen)]
pub struct PyMonteCarlo {
    model: Arc<Model>,
    options: MonteCarloOptions,
    /// What it was made from, to be rebuilt from on a Dask worker or after unpickling.
    recipe: Arc<Recipe>,
}

impl PyMonteCarlo {
    fn from_recipe(recipe: Recipe) -> PyResult<Self> {
        let (model, options) = recipe.build().py_err()?;
        Ok(PyMonteCarlo {
            model: Arc::new(model),
            options,
            recipe: Arc::new(recipe),
        })
    }

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

/// Bins from their bytes, as `MonteCarlo._bins` gave them.
fn bins_of(data: &[u8]) -> PyResult<Bins> {
    Bins::from_bytes(data).py_err()
}

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
        sampling: &str,
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
        let (model, options) = (self.model.clone(), self.options.clone());
        let bins = py.detach(|| model.bins(&options)).py_err()?;
        Ok(PyBytes::new(py, &bins.to_bytes()))
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
        let bins = bins_of(bins)?;
        let model = self.model.clone();
        let options = MonteCarloOptions {
            threads,
            ..self.options.clone()
        };
        let part = py
            .detach(|| model.run_chunks(&options, &bins, start..end, &mut |_, _| true))
            .py_err()?;
        Ok(PyPartial { inner: part })
    }

    /// The result of the run from its parts (in any order).
    fn _merge(slf: &Bound<'_, Self>, bins: &[u8], parts: Vec<Bound<'_, PyPartial>>) -> PyResult<PyMonteCarloResult> {
        let bins = bins_of(bins)?;
        let parts: Vec<_> = parts.iter().map(|p| p.get().inner.clone()).collect();
        let model = slf.get().model.clone();
        let result = slf.py().detach(|| model.merge(&bins, parts)).py_err()?;
        Ok(Self::result(slf, result))
    }

    /// Rows of the Saltelli design of `n` base rows: n × (inputs + 2).
    fn _sobol_rows(&self, #[pyo3(from_py_with = args::n)] n: usize) -> usize {
        self.model.sobol_rows(n)
    }

    /// `output` of `scenario` at rows `start..end` of the Saltelli design of `n` base rows.
    #[pyo3(signature = (output, scenario, n, seed, start, end))]
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
    ) -> PyResult<Vec<f64>> {
        let col = column_of(&self.model, scenario.as_deref(), &output)?;
        let model = self.model.clone();
        py.detach(|| model.sobol_outputs(col, n, seed, start..end)).py_err()
    }

    /// The uncertain inputs' names, in order.
    #[getter]
    fn input_names(&self) -> Vec<String> {
        self.model.inputs().iter().map(|i| i.name.clone()).collect()
    }

    /// `baseline`, then each scenario's name.
    #[getter]
    fn scenarios(&self) -> Vec<String> {
        self.model.blocks().to_vec()
    }

    /// Runs the study. `progress=True` shows a tqdm bar. Ctrl-C (or a notebook interrupt)
    /// stops it within about a second with `KeyboardInterrupt`, leaving nothing behind.
    ///
    /// With `client` (a `dask.distributed.Client`) the run's chunks go to the cluster,
    /// `chunks_per_task` chunks of 4096 iterations a task, and come back merged into the same
    /// result, bit for bit, as a local run (see `caretriangle.distributed`).
    #[pyo3(signature = (*, progress = false, client = None, chunks_per_task = 8))]
    fn run(
        slf: &Bound<'_, Self>,
        #[pyo3(from_py_with = args::progress)] progress: bool,
        client: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = args::chunks_per_task)] chunks_per_task: u64,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        if let Some(client) = client {
            let kw = PyDict::new(py);
            kw.set_item("chunks_per_task", chunks_per_task)?;
            kw.set_item("progress", progress)?;
            return Ok(py
                .import("caretriangle.distributed")?
                .getattr("run_monte_carlo")?
                .call((slf, client), Some(&kw))?
                .unbind());
        }
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

/// The `p` quantile of column `i` of a result: exact from the kept samples (each column
/// sorted once), else from the column's streaming histogram.
pub(super) fn column_quantiles<'a>(
    py: Python<'_>,
    samples: Option<&Py<PyArray2<f64>>>,
    summaries: &'a [Summary],
) -> impl Fn(usize, f64) -> f64 + 'a {
    let sorted: Option<Vec<Vec<f64>>> = samples.map(|a| {
        let a = a.bind(py).readonly();
        a.as_array()
            .columns()
            .into_iter()
            .map(|c| {
                let mut v = c.to_vec();
                v.sort_by(f64::total_cmp);
                v
            })
            .collect()
    });
    move |i, p| match &sorted {
        Some(s) => crate::montecarlo::sorted_quantile(&s[i], p),
        None => summaries[i].quantile(p),
    }
}

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
    model: Arc<Model>,
    /// The study that made it: shipped to a cluster for Sobol studies, and pickled with it.
    study: Py<PyMonteCarlo>,
    columns: Vec<(String, String)>,
    input_names: Vec<String>,
    samples: Option<Py<PyArray2<f64>>>,
    inputs: Option<Py<PyArray2<f64>>>,
    summaries: Vec<Summary>,
    iterations: u64,
    seed: u64,
}

impl PyMonteCarloResult {
    fn column(&self, scenario: Option<&str>, output: &str) -> PyResult<usize> {
        column_of(&self.model, scenario, output)
    }
}

/// The column of `output` of `scenario` (the first scenario by default).
fn column_of(model: &Model, scenario: Option<&str>, output: &str) -> PyResult<usize> {
    let block = scenario.unwrap_or_else(|| model.blocks().get(1).map_or("baseline", String::as_str));
    model.column(block, output).py_err()
}

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
                self.samples(py)
                    .map_or_else(|| py.None().into_bound(py), |a| a.into_any()),
                self.inputs(py)
                    .map_or_else(|| py.None().into_bound(py), |a| a.into_any()),
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
        for (field, array, width, per) in [
            ("samples", &samples, model.width(), "output"),
            ("inputs", &inputs, model.inputs().len(), "uncertain input"),
        ] {
            if let Some(a) = array {
                let shape = a.shape();
                if u64::try_from(shape[0]).ok() != Some(iterations) || shape[1] != width {
                    return Err(to_py(Error::invalid(
                        field,
                        format!("an array of shape ({}, {})", shape[0], shape[1]),
                        format!("one row per iteration and one column per {per}: ({iterations}, {width})"),
                    )));
                }
            }
        }
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
        let q = column_quantiles(py, self.samples.as_ref(), &self.summaries);
        let n = self.columns.len();
        let t = Table::keyed("scenario", self.columns.iter().map(|c| c.0.clone()).collect())
            .text("output", self.columns.iter().map(|c| c.1.clone()).collect())
            .figure("mean", self.summaries.iter().map(|s| Some(s.mean)).collect())
            .figure("sd", self.summaries.iter().map(|s| Some(s.sd())).collect())
            .figure("p2_5", (0..n).map(|i| Some(q(i, 0.025))).collect())
            .figure("p50", (0..n).map(|i| Some(q(i, 0.5))).collect())
            .figure("p97_5", (0..n).map(|i| Some(q(i, 0.975))).collect())
            .figure(
                "prob_below_zero",
                self.summaries.iter().map(|s| Some(s.prob_below_zero())).collect(),
            );
        let kw = PyDict::new(py);
        kw.set_item("append", true)?;
        frame(py, &t)?.call_method("set_index", ("output",), Some(&kw))
    }

    /// One row per scenario: mean change, probability of a saving, probability of spending
    /// over the envelope, and the 95% interval of the change.
    fn scenario_summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let blocks = self.model.blocks();
        let at =
            |b: usize, o: &str| &self.summaries[b * OUTPUTS.len() + OUTPUTS.iter().position(|x| *x == o).unwrap_or(0)];
        let t = Table::keyed("scenario", blocks.to_vec())
            .figure(
                "mean_total",
                (0..blocks.len()).map(|b| Some(at(b, "total").mean)).collect(),
            )
            .figure(
                "mean_change",
                (0..blocks.len()).map(|b| Some(at(b, "change").mean)).collect(),
            )
            .figure(
                "change_p2_5",
                (0..blocks.len())
                    .map(|b| Some(at(b, "change").quantile(0.025)))
                    .collect(),
            )
            .figure(
                "change_p97_5",
                (0..blocks.len())
                    .map(|b| Some(at(b, "change").quantile(0.975)))
                    .collect(),
            )
            .figure(
                "prob_saving",
                (0..blocks.len())
                    .map(|b| Some(at(b, "change").prob_below_zero()))
                    .collect(),
            )
            .figure(
                "prob_over_envelope",
                (0..blocks.len())
                    .map(|b| Some(at(b, "over_envelope_indicator").prob_above_zero()))
                    .collect(),
            );
        frame(py, &t)
    }

    /// The samples as a DataFrame with (scenario, output) columns.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let samples = self.samples(py).ok_or_else(|| {
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

    /// One-way sensitivity of `output` of `scenario` (the first scenario by default): each
    /// input at its `low` and `high` percentiles with the others at base.
    #[pyo3(signature = (output = "change", *, scenario = None, low = 0.025, high = 0.975))]
    fn tornado(
        &self,
        output: &str,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
        #[pyo3(from_py_with = args::low)] low: f64,
        #[pyo3(from_py_with = args::high)] high: f64,
    ) -> PyResult<PyTornado> {
        let col = self.column(scenario.as_deref(), output)?;
        let model = self.model.clone();
        let t = model.tornado(col, low, high).py_err()?;
        Ok(PyTornado {
            tornado: t,
            names: self.input_names.clone(),
            output: output.into(),
        })
    }

    /// The value of `input` at which `output` of `scenario` crosses 0 (the break-even),
    /// searched between `low` and `high`, the other inputs at base.
    #[pyo3(signature = (input, *, low, high, output = "change", scenario = None))]
    fn threshold(
        &self,
        #[pyo3(from_py_with = args::input)] input: String,
        #[pyo3(from_py_with = args::low)] low: f64,
        #[pyo3(from_py_with = args::high)] high: f64,
        output: &str,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
    ) -> PyResult<f64> {
        let col = self.column(scenario.as_deref(), output)?;
        self.model.threshold(&input, col, low, high).py_err()
    }

    /// First- and total-order Sobol indices of `output` of `scenario`, from a Saltelli design
    /// of `n` base rows (n × (inputs + 2) model runs) with bootstrap intervals.
    ///
    /// With `client` (a `dask.distributed.Client`) the model runs go to the cluster,
    /// `rows_per_task` rows of the design a task, and the indices are the same, bit for bit.
    #[pyo3(signature = (output = "change", *, scenario = None, n = 4096, seed = None, num_resamples = 100,
        confidence_level = 0.95, client = None, rows_per_task = 16_384))]
    #[allow(clippy::too_many_arguments)]
    fn sobol(
        &self,
        py: Python<'_>,
        output: &str,
        #[pyo3(from_py_with = args::scenario_name)] scenario: Option<String>,
        #[pyo3(from_py_with = args::n)] n: usize,
        #[pyo3(from_py_with = args::optional_seed)] seed: Option<u64>,
        #[pyo3(from_py_with = args::num_resamples)] num_resamples: usize,
        #[pyo3(from_py_with = args::confidence_level)] confidence_level: f64,
        client: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = args::rows_per_task)] rows_per_task: usize,
    ) -> PyResult<PySobol> {
        if let Some(client) = client {
            // An unknown scenario or output is refused here, before any task is sent.
            self.column(scenario.as_deref(), output)?;
            let seed = seed.unwrap_or(self.seed);
            let outputs: Vec<f64> = py
                .import("caretriangle.distributed")?
                .getattr("sobol_outputs")?
                .call1((&self.study, client, output, scenario, n, seed, rows_per_task))?
                .extract()?;
            let options = SobolOptions {
                num_resamples,
                confidence_level,
                seed,
            };
            let d = self.model.inputs().len();
            let expected = self.model.sobol_rows(n);
            if outputs.len() != expected {
                return Err(to_py(Error::invalid(
                    "client",
                    format!("{} outputs", outputs.len()),
                    format!("one per row of the design ({expected})"),
                )));
            }
            let s = py
                .detach(|| crate::sensitivity::sobol_indices(&outputs, d, &options))
                .py_err()?;
            return Ok(PySobol {
                indices: s,
                names: self.input_names.clone(),
                output: output.into(),
            });
        }
        let col = self.column(scenario.as_deref(), output)?;
        let seed = seed.unwrap_or(self.seed);
        let options = SobolOptions {
            num_resamples,
            confidence_level,
            seed,
        };
        let model = self.model.clone();
        let s = interruptible(py, |progress| model.sobol(col, n, seed, &options, progress))?;
        Ok(PySobol {
            indices: s,
            names: self.input_names.clone(),
            output: output.into(),
        })
    }

    /// Expected value of perfect information for choosing among the baseline and scenarios:
    /// `criterion="cost"` (least spend is best) or `"people_per_pound"`.
    #[pyo3(signature = (criterion = "cost"))]
    fn evpi(&self, py: Python<'_>, criterion: &str) -> PyResult<PyEvpi> {
        let c = match criterion {
            "cost" => EvpiCriterion::MinimiseCost,
            "people_per_pound" => EvpiCriterion::MaximisePeoplePerPound,
            other => {
                return Err(Error::invalid(
                    "criterion",
                    format!("{other:?}"),
                    "\"cost\" or \"people_per_pound\"",
                ))
                .py_err()
            }
        };
        let samples = self.samples(py).ok_or_else(|| {
            to_py(Error::invalid(
                "keep_samples",
                "False",
                "True: EVPI needs every iteration's outputs",
            ))
        })?;
        let ro = samples.readonly();
        let e = evpi_of(ro.as_array(), c).py_err()?;
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
        output: &str,
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
    tornado: Tornado,
    names: Vec<String>,
    output: String,
}

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
    /// One row per input, widest swing first: low and high output, swing.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = &self.tornado.rows;
        let t = Table::keyed("input", rows.iter().map(|r| self.names[r.input].clone()).collect())
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
    pub(super) output: String,
}

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
    /// One row per input: S1, its interval half-width, ST, its half-width.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let i = &self.indices;
        let t = Table::keyed("input", self.names.clone())
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
    evpi: Evpi,
    options: Vec<String>,
    criterion: String,
}

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
    /// One row per option: its expected value and the share of iterations it is best.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = Table::keyed("scenario", self.options.clone())
            .figure("expected", self.evpi.expected.iter().copied().map(Some).collect())
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
