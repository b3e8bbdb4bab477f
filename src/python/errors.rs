//! Core errors as Python exceptions.
//!
//! The exception classes live in `caretriangle/errors.py`, where a class can inherit from
//! both `CareTriangleError` and `ValueError` (or `OSError`); here each core error is
//! turned into an instance of its class, with the field, file, line and column as attributes.

use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError};
use pyo3::prelude::*;

use crate::error::Error;

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
    }
}

/// The Python exception for a core error.
pub(crate) fn to_py(error: Error) -> PyErr {
    Python::attach(|py| {
        let make = || -> PyResult<PyErr> {
            let class = py.import("caretriangle.errors")?.getattr(class_of(&error))?;
            let exc = class.call1((error.to_string(),))?;
            exc.setattr("field", error.field())?;
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
