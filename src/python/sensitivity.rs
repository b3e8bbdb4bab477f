//! Sobol indices of any model's outputs, for Python: the Saltelli design and the estimators
//! on their own, so a model written in Python (or SALib's samples) can use them.

use numpy::{AllowTypeChange, IntoPyArray, PyArray2, PyArrayLike1};
use pyo3::prelude::*;

use super::analyses::PySobol;
use super::args;
use super::errors::{to_py, IntoPy};
use super::guard::{apply, guarded};
use crate::error::Error;
use crate::qmc::Sobol;
use crate::sensitivity::{saltelli_design_from, sobol_indices, SobolOptions};

/// The Saltelli design for `dims` inputs and `n` base rows: `n * (dims + 2)` rows of points in
/// [0, 1), in SALib's order (`A`, `AB_1` … `AB_dims`, `B` for each base row), from a Sobol'
/// sequence of `2 * dims` dimensions, Owen-scrambled with `seed` (or unscrambled, as SALib's
/// `scramble=False`, with `scramble=False`). Take `n` a power of two.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> ct.saltelli_sample(3, 8).shape      # 8 x (3 + 2) rows
/// (40, 3)
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (dims, n, *, seed = 0, scramble = true))]
pub fn saltelli_sample(
    py: Python<'_>,
    #[pyo3(from_py_with = args::dims)] dims: usize,
    #[pyo3(from_py_with = args::n)] n: usize,
    #[pyo3(from_py_with = args::seed)] seed: u64,
    #[pyo3(from_py_with = args::scramble)] scramble: bool,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    let design = py
        .detach(|| {
            if dims == 0 || dims > Sobol::MAX_DIMS / 2 {
                return Err(Error::invalid(
                    "dims",
                    dims,
                    format!("between 1 and {}", Sobol::MAX_DIMS / 2),
                ));
            }
            let sequence = if scramble {
                Sobol::new(2 * dims, seed)?
            } else {
                Sobol::unscrambled(2 * dims)?
            };
            saltelli_design_from(&sequence, n)
        })
        .py_err()?;
    Ok(design.into_pyarray(py))
}

/// The outputs as numpy reads them (an array, a list, any sequence of numbers), or an
/// `InvalidValueError` naming `outputs`, where numpy's own `TypeError` would not say which
/// argument.
fn outputs_of<'py>(obj: &Bound<'py, PyAny>) -> PyResult<PyArrayLike1<'py, f64, AllowTypeChange>> {
    obj.extract().map_err(|_| {
        let shown = obj.repr().map_or_else(|_| "<unprintable>".into(), |r| r.to_string());
        let shown: String = shown.chars().take(60).collect();
        to_py(Error::invalid(
            "outputs",
            shown,
            "a one-dimensional array or list of numbers",
        ))
    })
}

/// First- and total-order Sobol indices from `outputs`, one per row of a Saltelli design of
/// `dims` inputs (as `saltelli_sample` or SALib's `sobol.sample` with
/// `calc_second_order=False` lay it out), with bootstrap intervals of `num_resamples`
/// resamples. The estimators are SALib's (Saltelli 2010 first order, Jansen total order).
///
/// Examples
/// --------
/// y = x1 + 2 x2 with x1, x2 uniform on [0, 1): variances 1/12 and 4/12, so x2 has 4/5 of
/// the variance.
///
/// >>> import caretriangle as ct
/// >>> x = ct.saltelli_sample(2, 1024, seed=1)
/// >>> s = ct.sobol_analyze(x[:, 0] + 2 * x[:, 1], 2)
/// >>> [round(v, 2) for v in s.st]
/// [0.2, 0.8]
#[apply(guarded!)]
#[pyfunction]
#[pyo3(
    signature = (outputs, dims, *, num_resamples = 100, confidence_level = 0.95, seed = 0, names = None,
        output = String::from("output")),
    text_signature = "(outputs, dims, *, num_resamples=100, confidence_level=0.95, seed=0, names=None, output='output')"
)]
#[allow(clippy::too_many_arguments)]
pub fn sobol_analyze(
    py: Python<'_>,
    #[pyo3(from_py_with = outputs_of)] outputs: PyArrayLike1<'_, f64, AllowTypeChange>,
    #[pyo3(from_py_with = args::dims)] dims: usize,
    #[pyo3(from_py_with = args::num_resamples)] num_resamples: usize,
    #[pyo3(from_py_with = args::confidence_level)] confidence_level: f64,
    #[pyo3(from_py_with = args::seed)] seed: u64,
    #[pyo3(from_py_with = args::names)] names: Option<Vec<String>>,
    #[pyo3(from_py_with = args::label)] output: String,
) -> PyResult<PySobol> {
    let names = match names {
        Some(n) if n.len() != dims => {
            return Err(Error::invalid("names", n.len(), format!("{dims} names, one per input"))).py_err()
        }
        Some(n) => n,
        None => (1..=dims).map(|i| format!("x{i}")).collect(),
    };
    let options = SobolOptions {
        num_resamples,
        confidence_level,
        seed,
    };
    // A contiguous array is read in place; any other is copied once.
    let view = outputs.as_array();
    let owned;
    let values: &[f64] = if let Some(s) = view.as_slice() {
        s
    } else {
        owned = view.to_vec();
        &owned
    };
    let indices = py.detach(|| sobol_indices(values, dims, &options)).py_err()?;
    // Inputs of a model of the caller's own: named as given, and no scenario.
    Ok(PySobol {
        indices,
        labels: names.clone(),
        names,
        output,
        scenario: String::new(),
    })
}
