//! Checking an [`EconomySpec`] into an [`Economy`]: every number in range, every id unique
//! and resolved, every unit cost in the economy's price year, budget lines within the
//! envelope.

use std::collections::{HashMap, HashSet};

use super::uprate::uprate_service;
use super::{Economy, EconomySpec, MAX_LOCALITIES, MAX_SERVICES};
use crate::error::{Error, Location, Result};
use crate::ids;
use crate::param::{check, Range};
use crate::service::Service;
use crate::triangle::{Commissioners, Corner};

impl Economy {
    /// Checks an [`EconomySpec`] and makes an economy of it.
    ///
    /// # Errors
    /// Any invalid value (named by its path, `services[3].unit_cost`); duplicate ids of
    /// localities, clusters or services; a service naming an unknown locality or a cluster
    /// outside its locality; budget lines that add up to more than the envelope; services
    /// priced in another year than the economy.
    pub fn new(mut spec: EconomySpec) -> Result<Self> {
        if spec.name.trim().is_empty() {
            return Err(Error::invalid("name", format!("{:?}", spec.name), "a non-empty name"));
        }
        Range::NonNegative.check("envelope", spec.envelope)?;
        for (field, n, max) in [
            ("services", spec.services.len(), MAX_SERVICES),
            ("localities", spec.localities.len(), MAX_LOCALITIES),
        ] {
            if n > max {
                return Err(Error::invalid(
                    field,
                    format!("{n} of them"),
                    format!("at most {max} (split the economy into several)"),
                ));
            }
        }
        let price_year = spec
            .price_year
            .ok_or_else(|| Error::invalid("price_year", "nothing", "a financial year such as \"2023/24\""))?;
        let names = spec.commissioners.clone().unwrap_or_default();
        let commissioners = Commissioners::new([
            names.clinical,
            names.nhs_self_management,
            names.community_self_management,
        ])?;

        crate::outcome::check(&mut spec.outcomes, &mut spec.services)?;
        super::staff::check(&mut spec.staff_groups, &mut spec.services)?;
        // Ids in one Unicode form (see `ids.rs`), so that references find them however typed.
        for loc in &mut spec.localities {
            ids::normalise(&mut loc.id);
            for cl in &mut loc.clusters {
                ids::normalise(&mut cl.id);
            }
        }
        let mut locality_ids = HashSet::new();
        let mut seen_localities = ids::Seen::default();
        let mut seen_clusters = ids::Seen::default();
        let mut cluster_of: HashMap<&str, &str> = HashMap::new();
        for (i, loc) in spec.localities.iter().enumerate() {
            let at = Location::key("localities").at(i);
            ids::check(at.clone().then("id"), &loc.id)?;
            seen_localities.insert(at.clone().then("id"), "locality", &loc.id)?;
            locality_ids.insert(loc.id.as_str());
            check(at.clone().then("register"), &loc.register, Range::NonNegative)?;
            if let Some(w) = &loc.need_weight {
                check(at.clone().then("need_weight"), w, Range::NonNegative)?;
            }
            for (j, cl) in loc.clusters.iter().enumerate() {
                let at = at.clone().then("clusters").at(j);
                ids::check(at.clone().then("id"), &cl.id)?;
                if let Some(r) = cl.register {
                    Range::NonNegative.check(at.clone().then("register"), r)?;
                }
                if let Some(w) = &cl.need_weight {
                    check(at.clone().then("need_weight"), w, Range::NonNegative)?;
                }
                seen_clusters.insert(at.then("id"), "cluster", &cl.id)?;
                cluster_of.insert(cl.id.as_str(), loc.id.as_str());
            }
        }

        // Checked before the services, which it may uprate.
        let price_index = spec.uprating.index()?;
        let mut uprated = Vec::with_capacity(spec.services.len());
        let mut services = Vec::with_capacity(spec.services.len());
        let mut stated_price_year = Vec::with_capacity(spec.services.len());
        let mut index = HashMap::new();
        let mut seen_services = ids::Seen::default();
        let mut other_years = Vec::new();
        for (i, s) in spec.services.iter().enumerate() {
            let at = Location::key("services").at(i);
            let service = Service::new(s.clone()).map_err(|e| e.within(at.clone()))?;
            seen_services.insert(at.clone().then("id"), "service", service.id())?;
            index.insert(service.id().to_string(), i);
            if let Some(loc) = service.locality() {
                if !locality_ids.contains(loc) {
                    return Err(Error::unknown(
                        at.then("locality"),
                        "locality",
                        loc,
                        spec.localities.iter().map(|l| l.id.as_str()),
                    ));
                }
                if let Some(cl) = service.cluster() {
                    match cluster_of.get(cl) {
                        Some(home) if *home == loc => {}
                        Some(home) => {
                            return Err(Error::invalid(
                                at.then("cluster"),
                                format!("{cl:?}"),
                                format!("a cluster of locality `{loc}` (it belongs to `{home}`)"),
                            ))
                        }
                        None => {
                            return Err(Error::unknown(
                                at.then("cluster"),
                                "cluster",
                                cl,
                                cluster_of.keys().copied(),
                            ))
                        }
                    }
                }
            }
            let (mut service, stated) = service.with_default_price_year(price_year);
            let from = service.price_year().unwrap_or(price_year);
            match &price_index {
                Some(ix) if from != price_year => {
                    let (up, u) = uprate_service(&service, &at, from, price_year, ix)?;
                    service = up;
                    uprated.push(Some(u));
                }
                _ => uprated.push(None),
            }
            if service.price_year() != Some(price_year) {
                other_years.push(format!(
                    "{} ({})",
                    service.id(),
                    service.price_year().unwrap_or(price_year)
                ));
            }
            services.push(service);
            stated_price_year.push(stated);
        }
        if !other_years.is_empty() {
            return Err(Error::Incompatible(format!(
                "the economy is priced at {price_year} but these services are priced in another year: {}; \
                 uprate their unit costs to {price_year} (and set price_year) before putting them in one economy, \
                 or give the economy an index to uprate them on load (uprating = \"nhscii_pay_and_prices\")",
                other_years.join(", ")
            )));
        }

        if let Some(budget) = &spec.budget {
            let mut planned = 0.0;
            for (corner, line) in Corner::ALL.into_iter().zip(budget.by_corner()) {
                if let Some(v) = line {
                    planned += Range::NonNegative.check(format!("budget.{}", corner.id()), v)?;
                }
            }
            if planned > spec.envelope + 0.005 {
                return Err(Error::invalid(
                    "budget",
                    format!("lines adding up to £{planned:.2}"),
                    format!("no more than the envelope of £{:.2}", spec.envelope),
                ));
            }
        }

        let segments = std::mem::take(&mut spec.segments);
        let mut conditions = std::mem::take(&mut spec.conditions);
        let mut economy = Economy {
            spec,
            price_year,
            commissioners,
            services,
            stated_price_year,
            index,
            uprated,
        };
        // Checked against the services and localities, once the economy holds them.
        super::conditions::check(&mut conditions, &economy)?;
        economy.spec.conditions = conditions;
        let mut segments = segments;
        super::segments::check(&mut segments, &economy)?;
        economy.spec.segments = segments;
        Ok(economy)
    }
}
