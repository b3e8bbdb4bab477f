//! Report tables as pandas DataFrames.

use numpy::{PyArray2, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::montecarlo::{Summary, OUTPUTS};
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
                )?;
            }
        }
        names.append(&col.name)?;
    }
    let pandas = py.import("pandas")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", names)?;
    let df = pandas.getattr("DataFrame")?.call((data,), Some(&kwargs))?;
    let df = match table.columns.first() {
        Some(key) => df.call_method1("set_index", (&key.name,))?,
        None => df,
    };
    // What each column holds (`money`, `share`, `count`, `number`, `text`), for the command
    // line, the notebook tables and the workbooks to show alike; pandas carries `attrs`
    // through selections and copies.
    let kinds = PyDict::new(py);
    for col in &table.columns {
        kinds.set_item(&col.name, col.kind.id())?;
    }
    df.getattr("attrs")?.set_item("kinds", kinds)?;
    if let Some(rows) = &table.row_kinds {
        // `{"key": "output", "columns": [...], "kinds": {"people_reached": "count", ...}}`:
        // the kind of the figures in `columns` on each row, by the row's `key`.
        let by_key = PyDict::new(py);
        let keys = table.columns.iter().find(|c| c.name == rows.key).map(|c| &c.values);
        if let Some(Values::Text(keys)) = keys {
            for k in keys {
                by_key.set_item(k, rows.of(k).id())?;
            }
        }
        let row_kinds = PyDict::new(py);
        row_kinds.set_item("key", &rows.key)?;
        row_kinds.set_item("columns", &rows.columns)?;
        row_kinds.set_item("kinds", by_key)?;
        df.getattr("attrs")?.set_item("row_kinds", row_kinds)?;
    }
    Ok(df)
}

/// The `p` quantile of column `i` of a result: exact from the kept samples (each column
/// sorted once), else from the column's streaming histogram.
fn column_quantiles<'a>(
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

/// `t` with the figures a summary table gives of each output column: mean, sd, the 2.5, 50
/// and 97.5 percentiles (exact from kept samples, else from the streaming histograms) and the
/// share of iterations below 0. Its rows are outputs of different kinds (money, people reached,
/// a 0/1 indicator), so the figures other than the share below 0 take their row's kind.
pub(super) fn statistics(
    py: Python<'_>,
    t: Table,
    samples: Option<&Py<PyArray2<f64>>>,
    summaries: &[Summary],
) -> Table {
    let q = column_quantiles(py, samples, summaries);
    let n = summaries.len();
    t.figure("mean", summaries.iter().map(|s| Some(s.mean)).collect())
        .figure("sd", summaries.iter().map(|s| Some(s.sd())).collect())
        .figure("p2_5", (0..n).map(|i| Some(q(i, 0.025))).collect())
        .figure("p50", (0..n).map(|i| Some(q(i, 0.5))).collect())
        .figure("p97_5", (0..n).map(|i| Some(q(i, 0.975))).collect())
        .figure(
            "prob_below_zero",
            summaries.iter().map(|s| Some(s.prob_below_zero())).collect(),
        )
        .kinds_by_row("output", &["mean", "sd", "p2_5", "p50", "p97_5"])
}

/// One row per block (baseline and scenarios) of a Monte Carlo result: mean total and
/// change, the 95% interval of the change, the probability of a saving and of spending over
/// the envelope, from the columns' summaries (laid out as `Model::columns`).
pub(super) fn scenario_summary(blocks: &[String], summaries: &[Summary]) -> Table {
    let at = |b: usize, o: &str| &summaries[b * OUTPUTS.len() + OUTPUTS.iter().position(|x| *x == o).unwrap_or(0)];
    Table::keyed("scenario", blocks.to_vec())
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
        )
}
