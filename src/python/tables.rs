//! Report tables as pandas DataFrames.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::report::{Table, Values};

/// A DataFrame indexed by the table's first column, columns in the table's order.
pub(crate) fn frame<'py>(py: Python<'py>, table: &Table) -> PyResult<Bound<'py, PyAny>> {
    let data = PyDict::new(py);
    let names = PyList::empty(py);
    for col in &table.columns {
        match &col.values {
            Values::Text(v) => data.set_item(&col.name, v)?,
            // None becomes NaN in a float column.
            Values::Number(v) => {
                // `+ 0.0` turns −0.0 (a saving of nothing) into 0.0, which a table should show.
                data.set_item(
                    &col.name,
                    v.iter().map(|x| x.unwrap_or(f64::NAN) + 0.0).collect::<Vec<_>>(),
                )?
            }
        }
        names.append(&col.name)?;
    }
    let pandas = py.import("pandas")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", names)?;
    let df = pandas.getattr("DataFrame")?.call((data,), Some(&kwargs))?;
    match table.columns.first() {
        Some(key) => df.call_method1("set_index", (&key.name,)),
        None => Ok(df),
    }
}
