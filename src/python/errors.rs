//! Core errors as Python exceptions.
//!
//! The exception classes live in `caretriangle/errors.py`, where a class can inherit from
//! both `CareTriangleError` and `ValueError` (or `OSError`); here each core error is
//! turned into an instance of its class, with the field (and its location's segments), file,
//! line and column as attributes.

use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyInt, PyString, PyTuple};

use crate::error::{Error, Location, Segment};

fn class_of(error: &Error) -> &'static str {
    match error {
        Error::InvalidValue { .. } => "InvalidValueError",
        Error::UnknownId { .. } => "UnknownIdError",
        Error::DuplicateId { .. } => "DuplicateIdError",
        Error::Incompatible(_) => "IncompatibleError",
        Error::Insufficient { .. } => "InsufficientMoneyError",
        Error::OverEnvelope { .. } => "EnvelopeExceededError",
        Error::File {
            source: Some(inner), ..
        } => class_of(inner),
        Error::File { .. } => "FileFormatError",
        Error::Io { .. } => "CareTriangleIOError",
        Error::Interrupted => "CareTriangleError",
        Error::Infeasible { .. } => "InfeasibleError",
        Error::Unbounded { .. } => "UnboundedError",
        Error::SolverFailed { .. } => "OptimiseError",
    }
}

/// A location as Python sees it, a tuple of keys (str) and indices (int), as pydantic's
/// `loc`: `("services", 3, "unit_cost")`.
fn location<'py>(py: Python<'py>, at: &Location) -> PyResult<Bound<'py, PyTuple>> {
    let segments = at.segments().iter().map(|s| match s {
        Segment::Key(k) => PyString::new(py, k).into_any(),
        Segment::Index(i) => PyInt::new(py, *i).into_any(),
    });
    PyTuple::new(py, segments)
}

/// The Python exception for a core error.
pub(crate) fn to_py(error: Error) -> PyErr {
    Python::attach(|py| {
        let make = || -> PyResult<PyErr> {
            let class = py.import("caretriangle.errors")?.getattr(class_of(&error))?;
            let exc = class.call1((error.to_string(),))?;
            exc.setattr("field", error.field())?;
            exc.setattr("location", error.location().map(|at| location(py, at)).transpose()?)?;
            if let Error::File { file, line, column, .. } = &error {
                exc.setattr("file", file)?;
                exc.setattr("line", *line)?;
                exc.setattr("column", *column)?;
            }
            Ok(PyErr::from_value(exc))
        };
        // Should the errors module be missing (a broken install), the message still gets out.
        make().unwrap_or_else(|_| PyRuntimeError::new_err(error.to_string()))
    })
}

/// The Python exception for a panic caught at the boundary (see `guard`): an
/// `InternalError`, which says it is a fault in caretriangle and asks for a report.
pub(crate) fn internal(what: &str) -> PyErr {
    let message = format!(
        "caretriangle failed inside ({what}): a fault in caretriangle, not in your input; please \
         report it with the call that raised it"
    );
    Python::attach(|py| {
        let class = py.import("caretriangle.errors")?.getattr("InternalError")?;
        Ok::<_, PyErr>(PyErr::from_value(class.call1((message.as_str(),))?))
    })
    .unwrap_or_else(|_| PyRuntimeError::new_err(message))
}

/// `?` on a core result inside a binding.
pub(crate) trait IntoPy<T> {
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// Runs `work` with the GIL released, handing it a progress callback that is `false` once
/// Ctrl-C (or a notebook interrupt) has arrived; the interrupt is then raised here, and the
/// work has left nothing behind.
pub(crate) fn interruptible<T: Send>(
    py: Python<'_>,
    work: impl FnOnce(&mut dyn FnMut(u64, u64) -> bool) -> Result<T, Error> + Send,
) -> PyResult<T> {
    let mut stopped: Option<PyErr> = None;
    let result = py.detach(|| {
        work(&mut |_, _| {
            Python::attach(|py| match py.check_signals() {
                Ok(()) => true,
                Err(e) => {
                    stopped = Some(e);
                    false
                }
            })
        })
    });
    match (result, stopped) {
        (Err(Error::Interrupted), Some(e)) => Err(e),
        (Err(Error::Interrupted), None) => Err(PyKeyboardInterrupt::new_err("interrupted")),
        (r, _) => r.py_err(),
    }
}

/// A result's pickled form: its fields in CBOR, the format a run's parts travel in.
pub(crate) fn to_state<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyBytes>> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|e| {
        to_py(Error::invalid(
            "state",
            "a result",
            format!("one that can be written ({e})"),
        ))
    })?;
    Ok(PyBytes::new(py, &out))
}

/// A result from its pickled form; bytes of anything else are an invalid `state`.
pub(crate) fn from_state<T: serde::de::DeserializeOwned>(data: &[u8], what: &str) -> PyResult<T> {
    ciborium::from_reader(data).map_err(|e| {
        to_py(Error::invalid(
            "state",
            format!("{} bytes", data.len()),
            format!("the pickled state of a {what} ({e})"),
        ))
    })
}

/// `__reduce__` of a result pickled by [`to_state`]: `(cls._from_state, (state,))`.
pub(crate) fn reduce<'py, T: serde::Serialize>(
    slf: &Bound<'py, PyAny>,
    value: &T,
) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
    let py = slf.py();
    let from_state = slf.get_type().getattr("_from_state")?;
    pyo3::types::PyTuple::new(
        py,
        [
            from_state,
            pyo3::types::PyTuple::new(py, [to_state(py, value)?])?.into_any(),
        ],
    )
}
