//! The last line of defence at the boundary: a Rust panic becomes an `InternalError` (a
//! `CareTriangleError`) instead of pyo3's `PanicException`, which derives from `BaseException`
//! and so escapes `except Exception` in a notebook or a server.
//!
//! Every known cause of a panic is fixed where it arises (sizes checked before allocating,
//! arithmetic that cannot overflow, shapes checked on unpickling); this catch is for the cause
//! not yet known. Each `#[pymethods]` block and `#[pyfunction]` is written under
//! `#[apply(guarded!)]`, which wraps every body in [`run`]: one line per block, so no exposed
//! function can be left out by forgetting a call inside it.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;

use super::errors::internal;

/// Runs a binding's body; a panic in it (or in any thread it waits for: rayon hands a worker's
/// panic on to the caller) is returned as an `InternalError`.
pub(crate) fn run<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    // The body's state is dropped with the panic, not used again: nothing is left half-made.
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| Err(internal(&panic_message(&*payload))))
}

/// What `panic!` was given: its text, or a placeholder for a payload of another type.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Wraps each function of a `#[pymethods]` block, or one `#[pyfunction]`, in [`run`]. A body
/// that returns `PyResult<T>` keeps its type; one that returns a plain `T` returns
/// `PyResult<T>`, which Python sees as the same (Rust callers of such a method add a `?`).
/// Written above the pyo3 attribute, so that pyo3 reads the wrapped functions:
///
/// ```ignore
/// #[apply(guarded!)]
/// #[pymethods]
/// impl PyThing { … }
/// ```
macro_rules! guarded {
    // All functions wrapped: the block (or the lone function) as written.
    (@wrap [$($head:tt)+] [$($done:tt)*]) => { $($head)+ { $($done)* } };
    (@wrap [] [$($done:tt)*]) => { $($done)* };
    (@wrap $head:tt [$($done:tt)*]
        $(#[$m:meta])* $v:vis fn $f:ident $(<$($lt:lifetime),+>)? ($($p:tt)*) -> PyResult<$t:ty> $body:block
        $($rest:tt)*
    ) => {
        $crate::python::guard::guarded! { @wrap $head [$($done)*
            $(#[$m])* $v fn $f $(<$($lt),+>)? ($($p)*) -> ::pyo3::PyResult<$t> {
                $crate::python::guard::run(move || $body)
            }
        ] $($rest)* }
    };
    (@wrap $head:tt [$($done:tt)*]
        $(#[$m:meta])* $v:vis fn $f:ident $(<$($lt:lifetime),+>)? ($($p:tt)*) -> $t:ty $body:block
        $($rest:tt)*
    ) => {
        $crate::python::guard::guarded! { @wrap $head [$($done)*
            $(#[$m])* $v fn $f $(<$($lt),+>)? ($($p)*) -> ::pyo3::PyResult<$t> {
                // A `let` with the type, so that `&String` still becomes `&str` as it did; `?`
                // on another guarded method inside the body returns its error.
                $crate::python::guard::run(move || -> ::pyo3::PyResult<$t> { let out: $t = $body; Ok(out) })
            }
        ] $($rest)* }
    };
    ($(#[$m:meta])* impl $name:ident { $($items:tt)* }) => {
        $crate::python::guard::guarded! { @wrap [$(#[$m])* impl $name] [] $($items)* }
    };
    ($($function:tt)*) => { $crate::python::guard::guarded! { @wrap [] [] $($function)* } };
}
pub(crate) use guarded;
/// Applies a `macro_rules!` (here [`guarded!`]) as an attribute, so rustfmt still formats the
/// block beneath it.
pub(crate) use macro_rules_attribute::apply;

/// Panics on purpose, so that the tests can check a panic reaches Python as an
/// `InternalError` and not as `PanicException`. Not part of the API.
#[apply(guarded!)]
#[pyfunction]
pub fn _panic_for_test(message: &str) -> PyResult<()> {
    panic!("{message}")
}
