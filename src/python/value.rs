//! The value of information for any model's Monte Carlo output, for Python: EVPI and EVPPI
//! from arrays of net benefits (and inputs), as `saltelli_sample`/`sobol_analyze` are for Sobol
//! indices. `caretriangle/value.py` turns array-likes into the float arrays these take.

use numpy::PyReadonlyArray2;
use pyo3::prelude::*;

use super::args;
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use crate::error::Error;
use crate::sensitivity::{evpi, evppi, Criterion, EvppiMethod};

/// EVPI of `net_benefit[iteration, option]` (more is better).
#[apply(guarded!)]
#[pyfunction]
pub fn _evpi(py: Python<'_>, net_benefit: PyReadonlyArray2<'_, f64>) -> PyResult<f64> {
    let nb = net_benefit.as_array();
    py.detach(|| evpi(nb, Criterion::MaximiseNetBenefit).map(|e| e.evpi))
        .py_err()
}

/// EVPPI of the inputs together; `method` is "so" (binned, `size` blocks) or "partition"
/// (groups of at most `size` iterations); `size` None takes the default of about √N.
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (net_benefit, inputs, method, size = None))]
pub fn _evppi(
    py: Python<'_>,
    net_benefit: PyReadonlyArray2<'_, f64>,
    inputs: PyReadonlyArray2<'_, f64>,
    #[pyo3(from_py_with = args::method)] method: String,
    #[pyo3(from_py_with = args::size)] size: Option<usize>,
) -> PyResult<f64> {
    let (nb, x) = (net_benefit.as_array(), inputs.as_array());
    let method = evppi_method(&method, size, nb.nrows())?;
    py.detach(|| evppi(nb, x, method)).py_err()
}

/// The method named `method` ("so" binned into `size` blocks, or "partition" into groups of
/// at most `size`), `size` about √iterations by default.
pub(super) fn evppi_method(method: &str, size: Option<usize>, iterations: usize) -> PyResult<EvppiMethod> {
    let size = size.unwrap_or_else(|| EvppiMethod::default_blocks(iterations));
    match method {
        "so" => Ok(EvppiMethod::Binned { blocks: size }),
        "partition" => Ok(EvppiMethod::Partition { leaf: size }),
        other => Err(Error::invalid("evppi.method", other, "\"so\" or \"partition\"")).py_err(),
    }
}
