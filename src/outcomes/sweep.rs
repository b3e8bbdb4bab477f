//! Outcomes in a sweep's table: each outcome's gain on every row (in the row's group: a
//! corner, a locality, or the whole economy on `total` rows), and its net benefit there at a
//! threshold, λ·gain − change, beside the money the sweep reports.

use crate::comparison::Comparison;
use crate::economy::Dimension;
use crate::report::{Kind, Table};

/// One row of a sweep: the comparison it reports, its dimension (`None`: the total) and key.
pub(crate) type Row = (usize, Option<Dimension>, String);

/// An outcome's gain in each group of one comparison along one dimension, by key.
type Gains = (usize, Dimension, Vec<(String, f64)>);

/// `t` with, for each outcome the economy counts, `{id}_gain` on every row and, where a
/// threshold is known (`threshold`, else the outcome's value), `net_benefit_{id}`; `change` is
/// the table's `change` column. A group no outcome falls in gains 0.
pub(crate) fn with_outcomes(
    mut t: Table,
    comparisons: &[Comparison],
    rows: &[Row],
    change: &[f64],
    threshold: Option<f64>,
) -> Table {
    let Some(first) = comparisons.first() else {
        return t;
    };
    for (o, spec) in first.baseline().outcomes().iter().enumerate() {
        let mut gain = Vec::with_capacity(rows.len());
        // The gains of the last (comparison, dimension) looked up, by key: rows come grouped so.
        let mut last: Option<Gains> = None;
        for (i, dim, key) in rows {
            let c = &comparisons[*i];
            let g = match dim {
                None => {
                    let (b, a) = c.outcome_totals(o);
                    spec.better.sign() * (a - b)
                }
                Some(d) => {
                    if !matches!(&last, Some((j, e, _)) if j == i && e == d) {
                        last = Some((*i, *d, group_gains(c, *d, &spec.id)));
                    }
                    let groups = last.as_ref().map_or(&[][..], |l| &l.2[..]);
                    groups.iter().find(|(k, _)| k == key).map_or(0.0, |(_, g)| *g)
                }
            };
            gain.push(g);
        }
        let lambda = threshold.or(spec.value);
        let nb = lambda.map(|l| gain.iter().zip(change).map(|(g, c)| l * g - c).collect::<Vec<_>>());
        t = t.sum(&format!("{}_gain", spec.id), gain).shown_as(Kind::Number);
        if let Some(nb) = nb {
            t = t.sum(&format!("net_benefit_{}", spec.id), nb);
        }
    }
    t
}

/// Outcome `id`'s gain in each group of `dim`, by key.
fn group_gains(c: &Comparison, dim: Dimension, id: &str) -> Vec<(String, f64)> {
    let t = c.outcomes(dim);
    let Some(outcome) = t.columns.iter().find(|col| col.name == "outcome") else {
        return Vec::new();
    };
    let crate::report::Values::Text(ids) = &outcome.values else {
        return Vec::new();
    };
    let gains = t.numbers("gain").unwrap_or(&[]);
    t.keys()
        .iter()
        .zip(ids)
        .zip(gains)
        .filter(|((_, o), _)| *o == id)
        .map(|((k, _), g)| (k.clone(), g.unwrap_or(0.0)))
        .collect()
}
