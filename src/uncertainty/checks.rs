//! Checks of a distribution's parameters, each error naming the parameter's path
//! (`unit_cost.sd`), and the parameters worked out from moments where a file gives a mean
//! and sd instead.

use crate::error::{Error, Location, Result};

/// `key` (a parameter, or `values[2]`) inside `field`, segment by segment.
pub(super) fn path(field: &Location, key: &str) -> Location {
    Location::from(key).within(field.clone())
}

/// A number for a message: up to 6 decimals, no trailing zeros.
pub(super) fn num(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

pub(super) fn finite(field: &Location, key: &str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::invalid(path(field, key), x, "a finite number"))
    }
}

pub(super) fn positive(field: &Location, key: &str, x: f64) -> Result<f64> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(Error::invalid(path(field, key), x, "a finite number > 0"))
    }
}

/// An sd of exactly 0 is a common way of saying "no uncertainty", so the message says how.
pub(super) fn spread(field: &Location, key: &str, x: f64) -> Result<f64> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(Error::invalid(
            path(field, key),
            x,
            r#"a finite number > 0 (for no uncertainty write a number or dist = "fixed")"#,
        ))
    }
}

/// The keys given, for a message about which keys go together.
pub(super) fn given(kind: &str, keys: &[(&str, bool)]) -> String {
    let names: Vec<&str> = keys.iter().filter(|(_, g)| *g).map(|(k, _)| *k).collect();
    if names.is_empty() {
        format!("{kind} with no parameters")
    } else {
        format!("{kind} with {}", names.join(", "))
    }
}

/// Picks one of two parameterisations: `(first pair)` or `(second pair)`, all four optional.
pub(super) fn one_of(
    field: &Location,
    kind: &str,
    names: [&str; 4],
    values: [Option<f64>; 4],
) -> Result<(bool, f64, f64)> {
    match values {
        [Some(a), Some(b), None, None] => Ok((true, a, b)),
        [None, None, Some(a), Some(b)] => Ok((false, a, b)),
        _ => {
            let keys: Vec<(&str, bool)> = names.iter().zip(values).map(|(n, v)| (*n, v.is_some())).collect();
            Err(Error::invalid(
                field_or_kind(field),
                given(kind, &keys),
                format!(
                    "{kind} given either by {} and {}, or by {} and {}",
                    names[0], names[1], names[2], names[3]
                ),
            ))
        }
    }
}

pub(super) fn field_or_kind(field: &Location) -> Location {
    if field.is_empty() {
        Location::key("dist")
    } else {
        field.clone()
    }
}

pub(super) fn bounds(field: &Location, low: f64, high: f64) -> Result<()> {
    finite(field, "low", low)?;
    finite(field, "high", high)?;
    if low < high {
        Ok(())
    } else {
        Err(Error::invalid(
            path(field, "high"),
            num(high),
            format!("above low ({})", num(low)),
        ))
    }
}

pub(super) fn mode_within(field: &Location, low: f64, mode: f64, high: f64) -> Result<()> {
    bounds(field, low, high)?;
    finite(field, "mode", mode)?;
    if (low..=high).contains(&mode) {
        Ok(())
    } else {
        Err(Error::invalid(
            path(field, "mode"),
            num(mode),
            format!("between low and high ({} to {})", num(low), num(high)),
        ))
    }
}

pub(super) fn beta_from_moments(field: &Location, mean: f64, sd: f64) -> Result<(f64, f64)> {
    if !(mean.is_finite() && mean > 0.0 && mean < 1.0) {
        return Err(Error::invalid(
            path(field, "mean"),
            mean,
            "strictly between 0 and 1 for a beta",
        ));
    }
    let sd = spread(field, "sd", sd)?;
    let limit = mean * (1.0 - mean);
    if sd * sd >= limit {
        return Err(Error::invalid(
            path(field, "sd"),
            num(sd),
            format!(
                "below {} for a beta with mean {}: a beta needs sd^2 < mean(1-mean) = {}",
                num(limit.sqrt()),
                num(mean),
                num(limit)
            ),
        ));
    }
    let k = limit / (sd * sd) - 1.0;
    Ok((mean * k, (1.0 - mean) * k))
}

/// A discrete distribution's values, sorted, with their cumulative probabilities.
pub(super) fn discrete(field: &Location, values: &[f64], weights: Option<&[f64]>) -> Result<(Vec<f64>, Vec<f64>)> {
    if values.is_empty() {
        return Err(Error::invalid(path(field, "values"), "[]", "at least one value"));
    }
    for (i, v) in values.iter().enumerate() {
        finite(field, &format!("values[{i}]"), *v)?;
    }
    let weights: Vec<f64> = match weights {
        Some(w) => {
            if w.len() != values.len() {
                return Err(Error::invalid(
                    path(field, "weights"),
                    format!("{} weights", w.len()),
                    format!("one weight for each of the {} values", values.len()),
                ));
            }
            for (i, x) in w.iter().enumerate() {
                if !(x.is_finite() && *x >= 0.0) {
                    return Err(Error::invalid(
                        path(field, &format!("weights[{i}]")),
                        x,
                        "a finite number >= 0",
                    ));
                }
            }
            w.to_vec()
        }
        None => vec![1.0; values.len()],
    };
    let total: f64 = weights.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return Err(Error::invalid(
            path(field, "weights"),
            num(total),
            "weights with a sum > 0",
        ));
    }
    // Sorted by value so that the quantile is monotone; the spec keeps the order given.
    let mut pairs: Vec<(f64, f64)> = values.iter().copied().zip(weights).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cumulative = Vec::with_capacity(pairs.len());
    let mut running = 0.0;
    for (_, w) in &pairs {
        running += w / total;
        cumulative.push(running);
    }
    // Rounding may leave the last sum a hair below 1; p = 1 must land on the last value.
    *cumulative.last_mut().expect("not empty") = 1.0;
    Ok((pairs.into_iter().map(|(v, _)| v).collect(), cumulative))
}
