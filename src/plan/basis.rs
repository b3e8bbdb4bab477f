//! The check of a reinvestment's basis against the places of the services it goes into, made
//! once when a lever is compiled (the weights themselves are worked out on every run, from the
//! registers).
//!
//! A service is placed in its locality, or in its cluster of practices when another service of
//! the same reinvestment serves the same locality: one service per locality spreads money
//! across localities, one per cluster across the clusters of a locality (Tower Hamlets' 8),
//! and the two may be mixed (the clusters of one locality beside other whole localities).

use std::collections::HashMap;

use crate::economy::{Economy, LocalitySpec};
use crate::error::{Error, Result};
use crate::scenario::ReinvestBy;
use crate::uncertainty::UncertainValue;

/// Where a service that reinvested money goes into sits, for spreading the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// No place is needed: the money is spread equally, or goes into one service.
    Nowhere,
    /// A locality, by its index.
    Locality(usize),
    /// A cluster of practices: its locality's index and its index among that locality's
    /// clusters.
    Cluster(usize, usize),
}

impl Place {
    /// The id weights are keyed by: the locality's or the cluster's.
    pub(crate) fn id(self, economy: &Economy) -> &str {
        let l = economy.localities();
        match self {
            Place::Nowhere => "",
            Place::Locality(i) => &l[i].id,
            Place::Cluster(i, j) => &l[i].clusters[j].id,
        }
    }

    /// People on the place's register, and its relative need (a cluster's own need weight, or
    /// its locality's where it has none).
    fn register_and_need(self, economy: &Economy) -> (Option<f64>, f64) {
        let l = economy.localities();
        match self {
            Place::Nowhere => (None, 1.0),
            Place::Locality(i) => (Some(l[i].people()), l[i].need()),
            Place::Cluster(i, j) => {
                let cluster = &l[i].clusters[j];
                let need = cluster
                    .need_weight
                    .as_ref()
                    .map_or_else(|| l[i].need(), UncertainValue::base);
                (cluster.register, need)
            }
        }
    }
}

/// Each service in `into` placed in its locality or cluster, with the basis checked against the
/// places (the weights' total too, unless a `condition`'s registers give them).
///
/// # Errors
/// A basis that needs places where a service has none; two services in one locality that are
/// not in two clusters of it; two in one cluster; a cluster with no register spread by register
/// or need; weights that name unknown places or leave one out, or that add up to 0.
pub(crate) fn places(
    economy: &Economy,
    into: &[String],
    by: &ReinvestBy,
    condition: Option<&str>,
) -> Result<Vec<Place>> {
    if into.len() == 1 || matches!(by, ReinvestBy::Equal) {
        for (i, id) in into.iter().enumerate() {
            economy.service_index(id, &format!("into[{i}]"))?;
        }
        return Ok(vec![Place::Nowhere; into.len()]);
    }
    let localities = economy.localities();
    let mut located = Vec::with_capacity(into.len());
    let mut in_locality: HashMap<usize, usize> = HashMap::new();
    for (i, id) in into.iter().enumerate() {
        let field = format!("into[{i}]");
        let service = &economy.services()[economy.service_index(id, &field)?];
        let Some(loc) = service.locality() else {
            return Err(Error::invalid(
                field,
                format!("{id:?}"),
                "a service with a locality, to spread money by locality or cluster (or use by = \"equal\")",
            ));
        };
        // Every locality a service names exists: the economy checked it.
        let l = localities.iter().position(|x| x.id == loc).unwrap_or_default();
        let cluster = service
            .cluster()
            .and_then(|c| localities[l].clusters.iter().position(|x| x.id == c));
        *in_locality.entry(l).or_default() += 1;
        located.push((l, cluster));
    }
    let mut out: Vec<Place> = Vec::with_capacity(into.len());
    for (i, (l, cluster)) in located.into_iter().enumerate() {
        let field = format!("into[{i}]");
        let id = &into[i];
        let place = match cluster {
            _ if in_locality[&l] == 1 => Place::Locality(l),
            Some(c) => Place::Cluster(l, c),
            None => {
                return Err(Error::invalid(
                    field,
                    format!("{id:?}"),
                    format!(
                        "one service per locality, or one per cluster of it; `{}` has two and `{id}` serves \
                         the whole locality, not one of its clusters",
                        localities[l].id
                    ),
                ))
            }
        };
        if out.contains(&place) {
            return Err(Error::invalid(
                field,
                format!("{id:?}"),
                format!("one service per locality or cluster; `{}` has two", place.id(economy)),
            ));
        }
        if let (ReinvestBy::Register | ReinvestBy::Need, Place::Cluster(l, c), (None, _)) =
            (by, place, place.register_and_need(economy))
        {
            return Err(Error::invalid(
                field,
                format!("{id:?}"),
                format!(
                    "a service whose cluster has a register, to spread money by register or need: give \
                     localities[{l}].clusters[{c}].register (cluster `{}`)",
                    place.id(economy)
                ),
            ));
        }
        out.push(place);
    }
    // Spread by a condition's registers, the weights are not the places' own registers:
    // `condition_places` checks them, once it has found them.
    if condition.is_none() {
        check_weights(economy, &out, by)?;
    }
    Ok(out)
}

/// The weights of `places` by the basis, from the base values of the registers and need.
///
/// # Errors
/// Weights keyed by places the services are not in (unknown ones with the nearest known;
/// checked first, as a mistyped id also leaves its place out), a place left out, or weights
/// adding up to 0.
fn check_weights(economy: &Economy, places: &[Place], by: &ReinvestBy) -> Result<()> {
    if let ReinvestBy::Weights(w) = by {
        for key in w.keys() {
            if places.iter().any(|p| p.id(economy) == key) {
                continue;
            }
            let clusters = || economy.localities().iter().flat_map(|l| &l.clusters);
            let known = economy.locality(key).is_some() || clusters().any(|c| c.id == *key);
            return Err(if known {
                Error::invalid(
                    format!("by.{key}"),
                    "a weight",
                    "weights only for the localities or clusters the services in `into` are placed in",
                )
            } else {
                let ids = economy.localities().iter().map(|l: &LocalitySpec| l.id.as_str());
                Error::unknown(
                    format!("by.{key}"),
                    "locality or cluster",
                    key,
                    ids.chain(clusters().map(|c| c.id.as_str())),
                )
            });
        }
    }
    let mut total = 0.0;
    for place in places {
        let (register, need) = place.register_and_need(economy);
        total += match by {
            ReinvestBy::Register => register.unwrap_or(0.0),
            ReinvestBy::Need => register.unwrap_or(0.0) * need,
            ReinvestBy::Equal => 1.0,
            ReinvestBy::Weights(w) => {
                let id = place.id(economy);
                *w.get(id).ok_or_else(|| {
                    Error::invalid(
                        "by",
                        format!("weights without `{id}`"),
                        "a weight for every locality or cluster the services in `into` are placed in",
                    )
                })?
            }
        };
    }
    if total <= 0.0 || !total.is_finite() {
        return Err(Error::invalid(
            "by",
            format!("weights adding up to {total}"),
            "weights that add up to more than 0",
        ));
    }
    Ok(())
}
