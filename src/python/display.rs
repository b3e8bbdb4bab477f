//! `.plot()` and `_repr_html_` hand the object to Python (`caretriangle.plotting`,
//! `caretriangle.display`): drawing and HTML are matplotlib's and pandas' work, not Rust's.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::Error;

use super::errors::IntoPy;

/// `caretriangle.<module>.<function>(obj, **kwargs)`.
pub(crate) fn call<'py>(
    obj: &Bound<'py, PyAny>,
    module: &str,
    function: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    obj.py()
        .import(format!("caretriangle.{module}"))?
        .getattr(function)?
        .call((obj,), kwargs)
}

/// The plot of `kind` among `kinds` (the first is the default), drawn by
/// `caretriangle.plotting.<kind>`.
pub(crate) fn plot<'py>(
    obj: &Bound<'py, PyAny>,
    kind: Option<&str>,
    kinds: &[&str],
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let kind = kind.unwrap_or(kinds[0]);
    if !kinds.contains(&kind) {
        let allowed = kinds.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", ");
        return Err(Error::invalid("kind", format!("{kind:?}"), format!("one of {allowed}"))).py_err();
    }
    call(obj, "plotting", kind, kwargs)
}

/// `caretriangle.excel.<function>(obj, path, **kwargs)`: a workbook.
pub(crate) fn to_excel<'py>(
    obj: &Bound<'py, PyAny>,
    function: &str,
    path: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<()> {
    let kw = kwargs.cloned().unwrap_or_else(|| PyDict::new(obj.py()));
    kw.set_item("path", path)?;
    call(obj, "excel", function, Some(&kw)).map(drop)
}

/// `caretriangle.<module>.<function>(obj, path)`: a file.
pub(crate) fn to_file<'py>(
    obj: &Bound<'py, PyAny>,
    module: &str,
    function: &str,
    path: &Bound<'py, PyAny>,
) -> PyResult<()> {
    let kw = PyDict::new(obj.py());
    kw.set_item("path", path)?;
    call(obj, module, function, Some(&kw)).map(drop)
}

/// An HTML table for notebooks, from `caretriangle.display.html`.
pub(crate) fn html(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    call(obj, "display", "html", None)?.extract()
}

/// `caretriangle.brief.write(obj, path, **options)`: the decision brief, HTML or PDF; each
/// option given (`budget_impact=`, `monte_carlo=`) is passed on by name.
pub(crate) fn brief<'py>(
    obj: &Bound<'py, PyAny>,
    path: &Bound<'py, PyAny>,
    options: &[(&str, Option<&Bound<'py, PyAny>>)],
) -> PyResult<()> {
    let kw = PyDict::new(obj.py());
    kw.set_item("path", path)?;
    for (name, value) in options {
        if let Some(v) = value {
            kw.set_item(name, v)?;
        }
    }
    call(obj, "brief", "write", Some(&kw)).map(drop)
}
