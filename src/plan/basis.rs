//! The check of a reinvestment's basis against the localities, made once when a lever is
//! compiled (the weights themselves are worked out on every run, from the registers).

use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::scenario::ReinvestBy;

/// How much of £1 goes to each service in `into`, from `by` and the services' localities.
///
/// # Errors
/// A basis that needs localities where a service has none, two services in one locality,
/// weights that name unknown localities or leave one out, or weights that add up to 0.
pub(crate) fn reinvest_weights(economy: &Economy, into: &[String], by: &ReinvestBy) -> Result<Vec<f64>> {
    let mut raw = Vec::with_capacity(into.len());
    let mut localities: Vec<&str> = Vec::new();
    for (i, id) in into.iter().enumerate() {
        let field = format!("into[{i}]");
        let service = &economy.services()[economy.service_index(id, &field)?];
        let locality = match (by, service.locality()) {
            (ReinvestBy::Equal, _) => None,
            // One service takes all the money, whatever the basis.
            (_, loc) if into.len() == 1 => loc,
            (_, Some(loc)) => Some(loc),
            (_, None) => {
                return Err(Error::invalid(
                    field,
                    format!("{id:?}"),
                    "a service with a locality, to spread money by locality (or use by = \"equal\")",
                ))
            }
        };
        if let Some(loc) = locality {
            if localities.contains(&loc) && !matches!(by, ReinvestBy::Equal) {
                return Err(Error::invalid(
                    field,
                    format!("{id:?}"),
                    format!("one service per locality; `{loc}` has two"),
                ));
            }
            localities.push(loc);
        }
        let weight = match by {
            ReinvestBy::Equal => 1.0,
            _ if into.len() == 1 => 1.0,
            ReinvestBy::Register => economy
                .locality(locality.unwrap_or_default())
                .map_or(0.0, crate::economy::LocalitySpec::people),
            ReinvestBy::Need => economy
                .locality(locality.unwrap_or_default())
                .map_or(0.0, |l| l.people() * l.need()),
            ReinvestBy::Weights(w) => *w.get(locality.unwrap_or_default()).ok_or_else(|| {
                Error::invalid(
                    "by",
                    format!("weights without `{}`", locality.unwrap_or_default()),
                    format!("a weight for every locality in `into` ({id} serves it)"),
                )
            })?,
        };
        raw.push(weight);
    }
    if let ReinvestBy::Weights(w) = by {
        for loc in w.keys() {
            if !localities.contains(&loc.as_str()) {
                let known = economy.locality(loc).is_some();
                return Err(if known {
                    Error::invalid(
                        format!("by.{loc}"),
                        "a weight",
                        "weights only for localities of the services in `into`",
                    )
                } else {
                    Error::unknown(
                        format!("by.{loc}"),
                        "locality",
                        loc,
                        economy.localities().iter().map(|l| l.id.as_str()),
                    )
                });
            }
        }
    }
    let total: f64 = raw.iter().sum();
    if total <= 0.0 || !total.is_finite() {
        return Err(Error::invalid(
            "by",
            format!("weights adding up to {total}"),
            "weights that add up to more than 0",
        ));
    }
    Ok(raw.into_iter().map(|w| w / total).collect())
}
