//! Conversions every binding uses: a dict read as a file's text would be (errors name the
//! field), plans and criteria by name, and the shape of arrays that come back.

use numpy::{PyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::{PyRecursionError, PyTypeError, PyValueError};
use pyo3::prelude::*;

use super::errors::{to_py, IntoPy};
use crate::error::Error;
use crate::io::{self, Format};
use crate::montecarlo::EvpiCriterion;
use crate::uncertainty::{CorrelationMatrix, SamplingPlan};

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

pub(super) fn from_json_text<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

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

/// An EVPI criterion by name: `"cost"` (least spend is best) or `"people_per_pound"`.
pub(crate) fn evpi_criterion(name: &str) -> Result<EvpiCriterion, Error> {
    match name {
        "cost" => Ok(EvpiCriterion::MinimiseCost),
        "people_per_pound" => Ok(EvpiCriterion::MaximisePeoplePerPound),
        other => Err(Error::invalid(
            "criterion",
            format!("{other:?}"),
            "\"cost\" or \"people_per_pound\"",
        )),
    }
}

/// Refuses an array from Python (an unpickled result's) of another shape than one row per
/// iteration and one column per `per`: it is read by index everywhere, and would panic later.
pub(crate) fn check_shape(
    field: &str,
    array: Option<&Bound<'_, PyArray2<f64>>>,
    iterations: u64,
    width: usize,
    per: &str,
) -> PyResult<()> {
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
    Ok(())
}

/// The full correlation matrix over a model's `inputs` (their names, in order): identity,
/// with the named inputs' block from `matrix`.
pub(crate) fn full_correlation(
    inputs: &[&str],
    names: &[String],
    matrix: &[Vec<f64>],
) -> Result<CorrelationMatrix, Error> {
    let n = inputs.len();
    let index: Vec<usize> = names
        .iter()
        .map(|name| {
            inputs
                .iter()
                .position(|i| i == name)
                .ok_or_else(|| Error::unknown("correlation", "input", name, inputs.iter().copied()))
        })
        .collect::<Result<_, _>>()?;
    if matrix.len() != names.len() || matrix.iter().any(|r| r.len() != names.len()) {
        return Err(Error::invalid(
            "correlation",
            format!("a matrix of {} rows", matrix.len()),
            format!("a square matrix with one row and column per name ({})", names.len()),
        ));
    }
    // Checked first as given, so that an error's indices are those of the caller's matrix
    // (and of `names`), not of the full one.
    CorrelationMatrix::new(names.len(), matrix.concat())?;
    let mut full = vec![0.0; n * n];
    for i in 0..n {
        full[i * n + i] = 1.0;
    }
    for (a, &i) in index.iter().enumerate() {
        for (b, &j) in index.iter().enumerate() {
            full[i * n + j] = matrix[a][b];
        }
    }
    CorrelationMatrix::new(n, full)
}
