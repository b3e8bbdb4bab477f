//! A service: something commissioned, with its unit, unit cost and activity.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::financial_year::FinancialYear;

use crate::error::{Error, Result};
use crate::ids;
use crate::param::{check, Range};
use crate::triangle::{Corner, ProviderType};
use crate::uncertainty::UncertainValue;

/// The most a service may spend, £10 trillion a year: fifty times NHS England's whole budget
/// (about £190 billion), and small enough that every sum over services stays finite and,
/// up to this size, exact to well under a penny.
pub const MAX_SPEND: f64 = 1e13;

/// A service as written in a file or passed from Python: plain data, not yet checked.
/// [`Service::new`] turns it into a [`Service`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// Unique id (`specialist_dietitian`).
    pub id: String,
    /// Name in the commissioner's words; the id when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The corner of the triangle it belongs to.
    pub corner: Option<Corner>,
    /// The kind of provider.
    pub provider: Option<ProviderType>,
    /// Who commissions it; the corner's commissioner when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissioner: Option<String>,
    /// The unit of activity (`hour`, `contact`, `person`, `spell`, …).
    pub unit: String,
    /// £ per unit.
    pub unit_cost: UncertainValue,
    /// The price year of `unit_cost`; the economy's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<FinancialYear>,
    /// Units a year (give this or `allocation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<UncertainValue>,
    /// £ a year, as for a block contract (give this or `activity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation: Option<UncertainValue>,
    /// Units each person receives in a year, where known: gives people reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units_per_person: Option<UncertainValue>,
    /// The most units a year the service can deliver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// The locality it serves; economy-wide when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// The cluster of practices it serves, inside its locality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Where the figures come from (source and price year), kept with the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The conditions it serves (ids of the economy's `conditions`); none when the economy is
    /// one condition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// Outcomes each person reached produces, by outcome id (`{ qalys = 0.0392 }`); needs
    /// `units_per_person`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outcomes_per_person: BTreeMap<String, UncertainValue>,
    /// Outcomes each unit of activity produces, by outcome id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outcomes_per_unit: BTreeMap<String, UncertainValue>,
    /// The outcome each unit of activity is (an event service: non-elective spells count as
    /// `admissions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts_as: Option<String>,
    /// Minutes of each staff group's time a unit takes, by staff group id
    /// (`{ practice_nurse = 45 }`): held within the groups' hours by the optimiser.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub staff_minutes: BTreeMap<String, f64>,
}

/// How a service's size was given: by activity, or by money as for a block contract. The other
/// follows from the unit cost; keeping which one was given lets a file round-trip exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Funding {
    /// Units a year.
    Activity(f64),
    /// £ a year.
    Allocation(f64),
}

/// A validated service. Every number in it is finite and in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    spec: ServiceSpec,
    corner: Corner,
    provider: ProviderType,
    funding: Funding,
    /// The unit cost's base value (its mean, where it is uncertain).
    unit_cost: f64,
    units_per_person: Option<f64>,
}

fn optional_text(field: &str, value: Option<&String>) -> Result<()> {
    match value {
        Some(v) if v.trim().is_empty() => Err(Error::invalid(field, format!("{v:?}"), "non-empty text")),
        _ => Ok(()),
    }
}

impl Service {
    /// Checks a [`ServiceSpec`] and makes a service of it.
    ///
    /// # Errors
    /// An empty id or unit; a missing corner or provider; a unit cost, activity, allocation,
    /// units per person or capacity that is negative, NaN or infinite; both or neither of
    /// activity and allocation; an allocation with a unit cost of 0; a cluster without a
    /// locality. Fields are named as in the file (`unit_cost`).
    ///
    /// # Examples
    /// ```
    /// use caretriangle::{Corner, ProviderType, Service, ServiceSpec};
    /// let trainer = Service::new(ServiceSpec {
    ///     id: "health_trainer".into(),
    ///     corner: Some(Corner::CommunitySelfManagement),
    ///     provider: Some(ProviderType::ThirdSector),
    ///     unit: "hour".into(),
    ///     unit_cost: 11.45.into(),
    ///     activity: Some(2000.0.into()),
    ///     ..Default::default()
    /// })?;
    /// assert_eq!(trainer.spend(), 22_900.0);
    /// # Ok::<(), caretriangle::Error>(())
    /// ```
    pub fn new(mut spec: ServiceSpec) -> Result<Self> {
        // Ids and references in one Unicode form (see `ids.rs`).
        ids::normalise(&mut spec.id);
        for r in [&mut spec.locality, &mut spec.cluster].into_iter().flatten() {
            ids::normalise(r);
        }
        spec.conditions.iter_mut().for_each(ids::normalise);
        ids::check("id", &spec.id)?;
        optional_text("name", spec.name.as_ref())?;
        optional_text("commissioner", spec.commissioner.as_ref())?;
        optional_text("locality", spec.locality.as_ref())?;
        optional_text("cluster", spec.cluster.as_ref())?;
        let corner = spec.corner.ok_or_else(|| {
            Error::invalid(
                "corner",
                "nothing",
                "one of clinical, nhs_self_management, community_self_management",
            )
        })?;
        let provider = spec.provider.ok_or_else(|| {
            Error::invalid(
                "provider",
                "nothing",
                "a provider type such as acute_trust or third_sector",
            )
        })?;
        if spec.unit.trim().is_empty() {
            return Err(Error::invalid(
                "unit",
                format!("{:?}", spec.unit),
                "a unit such as \"hour\"",
            ));
        }
        let unit_cost = check("unit_cost", &spec.unit_cost, Range::NonNegative)?;
        let funding = match (&spec.activity, &spec.allocation) {
            (Some(a), None) => Funding::Activity(check("activity", a, Range::NonNegative)?),
            (None, Some(m)) => {
                let m = check("allocation", m, Range::NonNegative)?;
                if m > 0.0 && unit_cost == 0.0 {
                    return Err(Error::invalid(
                        "allocation",
                        m,
                        "0 when unit_cost is 0 (no activity can be bought at no cost); give activity instead",
                    ));
                }
                Funding::Allocation(m)
            }
            (a, m) => {
                let got = if a.is_some() && m.is_some() { "both" } else { "neither" };
                return Err(Error::invalid(
                    "activity",
                    got,
                    "given, or allocation instead: exactly one of activity (units a year) and allocation (£ a year)",
                ));
            }
        };
        let spend = match funding {
            Funding::Activity(a) => a * unit_cost,
            Funding::Allocation(m) => m,
        };
        if spend.is_nan() || spend > MAX_SPEND {
            let field = if matches!(funding, Funding::Activity(_)) {
                "activity"
            } else {
                "allocation"
            };
            return Err(Error::invalid(
                field,
                format!("a spend of £{spend:e}"),
                format!("a spend (unit_cost × activity) of at most £{MAX_SPEND:e} a year"),
            ));
        }
        let units_per_person = spec
            .units_per_person
            .as_ref()
            .map(|u| check("units_per_person", u, Range::Positive))
            .transpose()?;
        if let Some(c) = spec.capacity {
            Range::NonNegative.check("capacity", c)?;
        }
        if spec.cluster.is_some() && spec.locality.is_none() {
            return Err(Error::invalid(
                "cluster",
                format!("{:?}", spec.cluster.as_deref().unwrap_or_default()),
                "given only with the locality it belongs to",
            ));
        }
        Ok(Service {
            spec,
            corner,
            provider,
            funding,
            unit_cost,
            units_per_person,
        })
    }

    /// The plain data this service was made from (what a file holds).
    pub fn spec(&self) -> &ServiceSpec {
        &self.spec
    }
    /// Unique id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }
    /// Name in the commissioner's words (the id when none was given).
    pub fn name(&self) -> &str {
        self.spec.name.as_deref().unwrap_or(&self.spec.id)
    }
    /// Corner of the triangle.
    pub fn corner(&self) -> Corner {
        self.corner
    }
    /// Kind of provider.
    pub fn provider(&self) -> ProviderType {
        self.provider
    }
    /// The commissioner named on the service, if any (else the corner's).
    pub fn commissioner(&self) -> Option<&str> {
        self.spec.commissioner.as_deref()
    }
    /// Unit of activity.
    pub fn unit(&self) -> &str {
        &self.spec.unit
    }
    /// £ per unit.
    pub fn unit_cost(&self) -> f64 {
        self.unit_cost
    }
    /// Price year of the unit cost, where stated.
    pub fn price_year(&self) -> Option<FinancialYear> {
        self.spec.price_year
    }
    /// How the size was given.
    pub fn funding(&self) -> Funding {
        self.funding
    }
    /// Units a year (from the allocation where that was given).
    pub fn activity(&self) -> f64 {
        match self.funding {
            Funding::Activity(a) => a,
            Funding::Allocation(m) if self.unit_cost > 0.0 => m / self.unit_cost,
            Funding::Allocation(_) => 0.0,
        }
    }
    /// £ a year: unit cost × activity, or the allocation exactly where that was given.
    pub fn spend(&self) -> f64 {
        match self.funding {
            Funding::Activity(a) => a * self.unit_cost,
            Funding::Allocation(m) => m,
        }
    }
    /// Units per person, where known.
    pub fn units_per_person(&self) -> Option<f64> {
        self.units_per_person
    }
    /// People reached a year, where units per person is known.
    pub fn people_reached(&self) -> Option<f64> {
        self.units_per_person.map(|u| self.activity() / u)
    }
    /// Capacity in units a year, where known.
    pub fn capacity(&self) -> Option<f64> {
        self.spec.capacity
    }
    /// Locality served, if not economy-wide.
    pub fn locality(&self) -> Option<&str> {
        self.spec.locality.as_deref()
    }
    /// Cluster of practices served, if any.
    pub fn cluster(&self) -> Option<&str> {
        self.spec.cluster.as_deref()
    }
    /// The conditions it serves (none when the economy is one condition).
    pub fn conditions(&self) -> &[String] {
        &self.spec.conditions
    }

    /// The same service with another unit cost and price year, as after uprating it by hand
    /// to compare it with a service priced in another year. Activity is kept (an allocation
    /// is kept as money).
    ///
    /// # Errors
    /// A unit cost that is negative or not finite.
    pub fn repriced(&self, unit_cost: f64, price_year: Option<FinancialYear>) -> Result<Service> {
        let mut spec = self.spec.clone();
        spec.unit_cost = unit_cost.into();
        spec.price_year = price_year.or(spec.price_year);
        Service::new(spec)
    }

    /// Sets the price year where none was stated (the economy's).
    pub(crate) fn with_default_price_year(mut self, year: FinancialYear) -> (Service, bool) {
        let stated = self.spec.price_year.is_some();
        self.spec.price_year.get_or_insert(year);
        (self, stated)
    }

    /// Drops the price year again where the file did not state it, for an exact round trip.
    pub(crate) fn clear_price_year(&mut self) {
        self.spec.price_year = None;
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
