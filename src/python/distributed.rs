//! What a Monte Carlo study needs to run elsewhere (a Dask worker): its recipe, the text a
//! `MonteCarlo` is rebuilt from on the other side (and pickled as), and `MonteCarloPartial`,
//! the outcome of a range of chunks, which pickles as its CBOR bytes. The recipe holds the
//! economy and scenarios themselves; only when it is shipped do they become their file
//! format's JSON, and numbers read back from it are the same f64s (serde_json's
//! `float_roundtrip`), so a rebuilt study draws and computes the same bits.

use numpy::{PyArray1, PyArray2, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use serde::{Deserialize, Serialize};

use std::sync::Arc;

use super::convert::full_correlation;
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use crate::economy::{Economy, EconomySpec};
use crate::error::{Error, Location, Result};
use crate::montecarlo::driver::{self, Chunked};
use crate::montecarlo::{Bins, Model, MonteCarloOptions, Partial};
use crate::scenario::{Scenario, ScenarioSpec};
use crate::uncertainty::{Distribution, DistributionSpec, SamplingPlan};

/// Everything `MonteCarlo(...)` was given, as plain data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Recipe {
    /// The economy, shipped as its file format's plain data.
    #[serde(with = "economy_as_spec")]
    pub economy: Arc<Economy>,
    /// The scenarios, shipped likewise.
    #[serde(with = "scenarios_as_specs")]
    pub scenarios: Vec<Scenario>,
    /// Inputs added or overridden by name, in the order given.
    pub inputs: Vec<(String, DistributionSpec)>,
    /// `(names, matrix)`: a rank correlation between named inputs.
    pub correlation: Option<(Vec<String>, Vec<Vec<f64>>)>,
    pub iterations: u64,
    pub seed: u64,
    pub sampling: SamplingPlan,
    pub threads: Option<usize>,
    pub keep_samples: bool,
}

impl Recipe {
    /// The study's model and options. `MonteCarlo(...)` builds through here too, so a study
    /// rebuilt from its recipe is the same study.
    pub fn build(&self) -> Result<(Model, MonteCarloOptions)> {
        let extra = self
            .inputs
            .iter()
            .map(|(name, spec)| {
                Ok((
                    name.clone(),
                    Distribution::from_spec(spec.clone(), Location::key("inputs").then(name.as_str()))?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let refs: Vec<&Scenario> = self.scenarios.iter().collect();
        let model = Model::new(&self.economy, &refs, extra)?;
        let correlation = match &self.correlation {
            None => None,
            Some((names, matrix)) => {
                let inputs: Vec<&str> = model.inputs().iter().map(|i| i.name.as_str()).collect();
                Some(full_correlation(&inputs, names, matrix)?)
            }
        };
        let options = MonteCarloOptions {
            iterations: self.iterations,
            seed: self.seed,
            sampling: self.sampling,
            threads: self.threads,
            keep_samples: self.keep_samples,
            correlation,
        };
        // Refused here, before a run allocates anything, with the advice in the message.
        model.check_options(&options)?;
        Ok((model, options))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Recipe> {
        serde_json::from_str(text).map_err(|e| {
            Error::invalid(
                "recipe",
                format!("{} characters", text.len()),
                format!("the recipe of a MonteCarlo ({e})"),
            )
        })
    }
}

/// The economy travels as its plain data and is checked again on arrival.
mod economy_as_spec {
    use super::{Arc, Economy, EconomySpec};
    use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(economy: &Arc<Economy>, s: S) -> Result<S::Ok, S::Error> {
        economy.to_spec().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<Economy>, D::Error> {
        Economy::new(EconomySpec::deserialize(d)?)
            .map(Arc::new)
            .map_err(D::Error::custom)
    }
}

/// The scenarios travel as their plain data and are checked again on arrival.
mod scenarios_as_specs {
    use super::{Scenario, ScenarioSpec};
    use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(scenarios: &[Scenario], s: S) -> Result<S::Ok, S::Error> {
        scenarios.iter().map(Scenario::to_spec).collect::<Vec<_>>().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Scenario>, D::Error> {
        Vec::<ScenarioSpec>::deserialize(d)?
            .into_iter()
            .map(Scenario::from_spec)
            .collect::<crate::error::Result<_>>()
            .map_err(D::Error::custom)
    }
}

/// `_bins` of a study of either kind: its run's histogram bins (from chunk 0), as the bytes
/// every part is given.
pub(crate) fn bins_bytes<'py, S: Chunked>(
    py: Python<'py>,
    study: &S,
    options: &MonteCarloOptions,
) -> PyResult<Bound<'py, PyBytes>> {
    let bins = py.detach(|| driver::bins(study, options)).py_err()?;
    Ok(PyBytes::new(py, &bins.to_bytes()))
}

/// `_run_chunks` of a study of either kind: chunks `range` on `threads` threads, the GIL
/// released.
pub(crate) fn run_part<S: Chunked>(
    py: Python<'_>,
    study: &S,
    options: &MonteCarloOptions,
    bins: &[u8],
    range: std::ops::Range<u64>,
    threads: Option<usize>,
) -> PyResult<PyPartial> {
    let bins = Bins::from_bytes(bins).py_err()?;
    let options = MonteCarloOptions {
        threads,
        ..options.clone()
    };
    let part = py
        .detach(|| driver::run_chunks(study, &options, &bins, range, &mut |_, _| true))
        .py_err()?;
    Ok(PyPartial { inner: part })
}

/// Row-major values as a numpy array of `width` columns.
fn rows<'py>(py: Python<'py>, values: Option<&Vec<f64>>, width: usize) -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
    values
        .map(|v| PyArray1::from_slice(py, v).reshape([v.len() / width.max(1), width]))
        .transpose()
}

/// `per_task` (of `chunks_per_task` or `rows_per_task`), refused if 0. Checked by a local
/// run too, so that a call is valid or not whatever the client.
pub(super) fn per_task(field: &str, per_task: u64) -> PyResult<u64> {
    if per_task == 0 {
        return Err(super::errors::to_py(Error::invalid(field, 0, "a whole number >= 1")));
    }
    Ok(per_task)
}

/// `(start, end)` ranges covering `0..total` in steps of `per_task` (`field`, at least 1): the
/// tasks of a run on a cluster, in chunks or in rows of a design.
pub(super) fn parts(total: u64, field: &str, size: u64) -> PyResult<Vec<(u64, u64)>> {
    let step = per_task(field, size)?;
    Ok((0..total.div_ceil(step))
        .map(|i| (i * step, ((i + 1).saturating_mul(step)).min(total)))
        .collect())
}

/// The outcome of a range of chunks of a Monte Carlo run, to be merged with the others by
/// `MonteCarlo._merge`. Pickles as its CBOR bytes. `MonteCarlo.run(client=...)` makes and
/// merges them; by hand:
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> mc = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=10_000, seed=1)
/// >>> bins = mc._bins()
/// >>> parts = [mc._run_chunks(bins, 1, 3), mc._run_chunks(bins, 0, 1)]
/// >>> parts[0].chunks
/// (1, 3)
/// >>> mc._merge(bins, parts).samples.tobytes() == mc.run().samples.tobytes()
/// True
#[pyclass(name = "MonteCarloPartial", module = "caretriangle", frozen)]
pub struct PyPartial {
    pub(crate) inner: Partial,
}

#[apply(guarded!)]
#[pymethods]
impl PyPartial {
    /// The chunks it ran, `(first, end)`.
    #[getter]
    fn chunks(&self) -> (u64, u64) {
        (self.inner.chunks.start, self.inner.chunks.end)
    }

    /// Its rows of outputs (one row an iteration of its chunks, one column an output, as in
    /// the result's `samples`), or None when the run keeps no samples: what a run streamed to
    /// a file writes chunk by chunk.
    #[getter]
    fn samples<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
        rows(py, self.inner.samples.as_ref(), self.inner.width)
    }

    /// Its rows of uncertain inputs, likewise.
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
        rows(py, self.inner.inputs.as_ref(), self.inner.dims)
    }

    /// The part without its samples and inputs: its summaries only, to be merged into a
    /// result once its rows are written elsewhere.
    fn without_samples(&self) -> PyPartial {
        PyPartial {
            inner: Partial {
                samples: None,
                inputs: None,
                ..self.inner.clone()
            },
        }
    }

    /// This part followed by `next`, the part of the chunks right after it: one part of both,
    /// which merges as the two would. A run streamed to a file keeps one running part.
    fn followed_by(&self, next: &PyPartial) -> PyResult<PyPartial> {
        let inner = self.inner.clone().followed_by(next.inner.clone()).py_err()?;
        Ok(PyPartial { inner })
    }

    /// Its CBOR bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes())
    }

    /// A part from its bytes.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<PyPartial> {
        Partial::from_bytes(data).py_err().map(|inner| PyPartial { inner })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_bytes = py.get_type::<PyPartial>().getattr("from_bytes")?;
        PyTuple::new(py, [from_bytes, PyTuple::new(py, [self.to_bytes(py)?])?.into_any()])
    }

    fn __repr__(&self) -> String {
        format!(
            "<MonteCarloPartial: chunks {}..{} of a run of {} iterations>",
            self.inner.chunks.start, self.inner.chunks.end, self.inner.iterations
        )
    }
}
