//! The economy: an envelope, localities, and the services commissioned inside it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{self, did_you_mean, Error, Result};
use crate::ids;
use crate::param::{check, Range};
use crate::report::{sum_by_group, Table};
use crate::service::{FinancialYear, Service, ServiceSpec};
use crate::triangle::{Commissioners, Corner, ProviderType};
use crate::uncertainty::UncertainValue;

/// A cluster of practices inside a locality (Tower Hamlets grouped its practices into 8).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    /// Unique id across the economy.
    pub id: String,
    /// Name in the commissioner's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// People on the register in this cluster, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register: Option<f64>,
}

/// A locality: where people live and services run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalitySpec {
    /// Unique id.
    pub id: String,
    /// Name in the commissioner's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// People on the condition's register (a number, or a distribution).
    pub register: UncertainValue,
    /// Relative need (1 = average), for need-weighted reinvestment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_weight: Option<UncertainValue>,
    /// Clusters of practices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clusters: Vec<ClusterSpec>,
}

impl LocalitySpec {
    /// Name in the commissioner's words (the id when none was given).
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
    /// Need weight (1 where none was given).
    pub fn need(&self) -> f64 {
        self.need_weight.as_ref().map_or(1.0, UncertainValue::base)
    }
    /// People on the register (the mean, where uncertain).
    pub fn people(&self) -> f64 {
        self.register.base()
    }
}

/// Who commissions each corner, as written in a file: any corner left out keeps its YOC
/// default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CornerNames {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    clinical: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nhs_self_management: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    community_self_management: Option<String>,
}

/// The envelope's planned split by corner, as written in a file (£ a year).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLines {
    /// Planned for traditional clinical care.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinical: Option<f64>,
    /// Planned for self-management support in the NHS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhs_self_management: Option<f64>,
    /// Planned for self-management support in the community.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_self_management: Option<f64>,
}

impl BudgetLines {
    fn by_corner(&self) -> [Option<f64>; 3] {
        [self.clinical, self.nhs_self_management, self.community_self_management]
    }
}

/// An economy as plain data, not yet checked: a file's economy without the scenarios and
/// budget impacts kept with it (those are a [`crate::ProgrammeSpec`]'s).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomySpec {
    /// The programme's name.
    pub name: String,
    /// The money within which all care is commissioned (£ a year).
    pub envelope: f64,
    /// The price year every unit cost is in.
    pub price_year: Option<FinancialYear>,
    /// Free text: the economy's sources and what is illustrative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Commissioner names per corner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissioners: Option<CornerNames>,
    /// Planned split of the envelope by corner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetLines>,
    /// Localities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub localities: Vec<LocalitySpec>,
    /// Services.
    #[serde(default)]
    pub services: Vec<ServiceSpec>,
}

/// A way to group services in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// By corner of the triangle.
    Corner,
    /// By commissioner.
    Commissioner,
    /// By kind of provider.
    Provider,
    /// By locality (economy-wide services apart).
    Locality,
    /// By cluster of practices.
    Cluster,
    /// One row a service.
    Service,
}

impl FromStr for Dimension {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        const NAMES: [&str; 6] = ["corner", "commissioner", "provider", "locality", "cluster", "service"];
        Ok(match s {
            "corner" => Dimension::Corner,
            "commissioner" => Dimension::Commissioner,
            "provider" | "provider_type" => Dimension::Provider,
            "locality" => Dimension::Locality,
            "cluster" => Dimension::Cluster,
            "service" => Dimension::Service,
            _ => {
                return Err(Error::invalid(
                    "by",
                    format!("{s:?}"),
                    format!("one of {}{}", NAMES.join(", "), did_you_mean(s, NAMES)),
                ))
            }
        })
    }
}

impl Dimension {
    /// The key column's name in a report.
    pub fn id(self) -> &'static str {
        match self {
            Dimension::Corner => "corner",
            Dimension::Commissioner => "commissioner",
            Dimension::Provider => "provider",
            Dimension::Locality => "locality",
            Dimension::Cluster => "cluster",
            Dimension::Service => "service",
        }
    }
}

/// Groups for a report: row keys, row labels, and each service's row.
pub(crate) struct Groups {
    pub keys: Vec<String>,
    pub labels: Vec<String>,
    pub of_service: Vec<usize>,
}

const NO_LOCALITY: &str = "(economy-wide)";
const NO_CLUSTER: &str = "(no cluster)";

/// A validated economy. Every id is unique, every reference resolves, every number is in
/// range, and every unit cost is in the economy's price year.
#[derive(Debug, Clone, PartialEq)]
pub struct Economy {
    spec: EconomySpec,
    price_year: FinancialYear,
    commissioners: Commissioners,
    services: Vec<Service>,
    /// Which services stated their price year (the rest took the economy's).
    stated_price_year: Vec<bool>,
    index: HashMap<String, usize>,
}

/// The most services an economy may have: 100,000, far more than any commissioner's list
/// (the shipped example has 14), and few enough that a Monte Carlo iteration stays quick.
pub const MAX_SERVICES: usize = 100_000;

/// The most localities an economy may have: 10,000, more than England's GP practices
/// (about 6,200), so that even one locality per practice fits.
pub const MAX_LOCALITIES: usize = 10_000;

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
        error::non_negative("envelope", spec.envelope)?;
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
            let at = format!("localities[{i}]");
            ids::check(&format!("{at}.id"), &loc.id)?;
            seen_localities.insert(&format!("{at}.id"), "locality", &loc.id)?;
            locality_ids.insert(loc.id.as_str());
            check(&format!("{at}.register"), &loc.register, Range::NonNegative)?;
            if let Some(w) = &loc.need_weight {
                check(&format!("{at}.need_weight"), w, Range::NonNegative)?;
            }
            for (j, cl) in loc.clusters.iter().enumerate() {
                let at = format!("{at}.clusters[{j}]");
                ids::check(&format!("{at}.id"), &cl.id)?;
                if let Some(r) = cl.register {
                    error::non_negative(&format!("{at}.register"), r)?;
                }
                seen_clusters.insert(&format!("{at}.id"), "cluster", &cl.id)?;
                cluster_of.insert(cl.id.as_str(), loc.id.as_str());
            }
        }

        let mut services = Vec::with_capacity(spec.services.len());
        let mut stated_price_year = Vec::with_capacity(spec.services.len());
        let mut index = HashMap::new();
        let mut seen_services = ids::Seen::default();
        let mut other_years = Vec::new();
        for (i, s) in spec.services.iter().enumerate() {
            let at = format!("services[{i}]");
            let service = Service::new(s.clone()).map_err(|e| e.within(&at))?;
            seen_services.insert(&format!("{at}.id"), "service", service.id())?;
            index.insert(service.id().to_string(), i);
            if let Some(loc) = service.locality() {
                if !locality_ids.contains(loc) {
                    return Err(Error::unknown(
                        format!("{at}.locality"),
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
                                format!("{at}.cluster"),
                                format!("{cl:?}"),
                                format!("a cluster of locality `{loc}` (it belongs to `{home}`)"),
                            ))
                        }
                        None => {
                            return Err(Error::unknown(
                                format!("{at}.cluster"),
                                "cluster",
                                cl,
                                cluster_of.keys().copied(),
                            ))
                        }
                    }
                }
            }
            let (service, stated) = service.with_default_price_year(price_year);
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
                 uprate their unit costs to {price_year} (and set price_year) before putting them in one economy",
                other_years.join(", ")
            )));
        }

        if let Some(budget) = &spec.budget {
            let mut planned = 0.0;
            for (corner, line) in Corner::ALL.into_iter().zip(budget.by_corner()) {
                if let Some(v) = line {
                    planned += error::non_negative(&format!("budget.{}", corner.id()), v)?;
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

        Ok(Economy {
            spec,
            price_year,
            commissioners,
            services,
            stated_price_year,
            index,
        })
    }

    /// The plain data of this economy, as a file holds it: [`Economy::new`] of it gives an
    /// equal economy.
    pub fn to_spec(&self) -> EconomySpec {
        let mut spec = self.spec.clone();
        spec.services = self
            .services
            .iter()
            .zip(&self.stated_price_year)
            .map(|(s, stated)| {
                let mut s = s.clone();
                if !stated {
                    s.clear_price_year();
                }
                s.spec().clone()
            })
            .collect();
        spec
    }

    /// The programme's name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }
    /// Free-text description, where given.
    pub fn description(&self) -> Option<&str> {
        self.spec.description.as_deref()
    }
    /// The envelope (£ a year).
    pub fn envelope(&self) -> f64 {
        self.spec.envelope
    }
    /// The price year of every unit cost.
    pub fn price_year(&self) -> FinancialYear {
        self.price_year
    }
    /// Who commissions each corner.
    pub fn commissioners(&self) -> &Commissioners {
        &self.commissioners
    }
    /// The localities, in file order.
    pub fn localities(&self) -> &[LocalitySpec] {
        &self.spec.localities
    }
    /// The locality with this id.
    pub fn locality(&self, id: &str) -> Option<&LocalitySpec> {
        let id = ids::normal(id);
        self.spec.localities.iter().find(|l| l.id == id)
    }
    /// The services, in file order.
    pub fn services(&self) -> &[Service] {
        &self.services
    }
    /// The planned budget line of a corner, if one was given.
    pub fn budget_line(&self, corner: Corner) -> Option<f64> {
        self.spec.budget.and_then(|b| b.by_corner()[corner.index()])
    }

    /// The position of a service, or an error naming `field` and suggesting a near id.
    ///
    /// # Errors
    /// An id no service has.
    pub fn service_index(&self, id: &str, field: &str) -> Result<usize> {
        self.index
            .get(ids::normal(id).as_ref())
            .copied()
            .ok_or_else(|| Error::unknown(field, "service", id, self.services.iter().map(Service::id)))
    }

    /// The service with this id.
    ///
    /// # Errors
    /// An id no service has (the message suggests the nearest).
    pub fn service(&self, id: &str) -> Result<&Service> {
        Ok(&self.services[self.service_index(id, "service")?])
    }

    /// The commissioner of a service: its own, or its corner's.
    pub fn commissioner_of<'a>(&'a self, service: &'a Service) -> &'a str {
        service
            .commissioner()
            .unwrap_or_else(|| self.commissioners.of(service.corner()))
    }

    /// Total spend (£ a year), summed exactly (see `sum.rs`).
    pub fn total_spend(&self) -> f64 {
        crate::sum::total(self.services.iter().map(Service::spend))
    }

    /// Envelope less spend: what is left to commission (negative when over).
    pub fn headroom(&self) -> f64 {
        self.envelope() - self.total_spend()
    }

    /// The groups services fall into along `dim`, in report order.
    pub(crate) fn groups(&self, dim: Dimension) -> Groups {
        let mut keys: Vec<String> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        let mut add = |key: String, label: String| -> usize {
            *at.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                labels.push(label);
                keys.len() - 1
            })
        };
        // Fixed rows first, so that reports always show every corner and every locality.
        match dim {
            Dimension::Corner => Corner::ALL.iter().for_each(|c| {
                add(c.id().into(), c.label().into());
            }),
            Dimension::Commissioner => Corner::ALL.iter().for_each(|c| {
                let n = self.commissioners.of(*c).to_string();
                add(n.clone(), n);
            }),
            Dimension::Locality => self.spec.localities.iter().for_each(|l| {
                add(l.id.clone(), l.label().into());
            }),
            Dimension::Cluster => self.spec.localities.iter().flat_map(|l| &l.clusters).for_each(|c| {
                add(c.id.clone(), c.name.clone().unwrap_or_else(|| c.id.clone()));
            }),
            Dimension::Provider | Dimension::Service => {}
        }
        let mut of_service = Vec::with_capacity(self.services.len());
        let providers: BTreeSet<ProviderType> = self.services.iter().map(Service::provider).collect();
        if dim == Dimension::Provider {
            for p in &providers {
                add(p.id().into(), p.label().into());
            }
        }
        for s in &self.services {
            let g = match dim {
                Dimension::Corner => s.corner().index(),
                Dimension::Commissioner => {
                    let n = self.commissioner_of(s).to_string();
                    add(n.clone(), n)
                }
                Dimension::Provider => add(s.provider().id().into(), String::new()),
                Dimension::Locality => match s.locality() {
                    Some(l) => add(l.into(), String::new()),
                    None => add(NO_LOCALITY.into(), "Economy-wide services".into()),
                },
                Dimension::Cluster => match s.cluster() {
                    Some(c) => add(c.into(), String::new()),
                    None => add(NO_CLUSTER.into(), "Not assigned to a cluster".into()),
                },
                Dimension::Service => add(s.id().into(), s.name().into()),
            };
            of_service.push(g);
        }
        Groups {
            keys,
            labels,
            of_service,
        }
    }

    /// Spend and share of the envelope along `dim`: one row a group, with columns `name`,
    /// `spend`, `share_of_envelope` and `share_of_spend` (and, by service, unit, unit cost,
    /// activity, people reached and cost per person reached).
    pub fn spend_by(&self, dim: Dimension) -> Table {
        let spend: Vec<f64> = self.services.iter().map(Service::spend).collect();
        let g = self.groups(dim);
        let by = sum_by_group(&spend, &g.of_service, g.keys.len());
        let total = crate::sum::total(spend.iter().copied());
        let envelope = self.envelope();
        let share = |v: &f64, of: f64| if of > 0.0 { v / of } else { 0.0 };
        let mut t = Table::keyed(dim.id(), g.keys).text("name", g.labels);
        if dim == Dimension::Service {
            t = t
                .text("corner", self.services.iter().map(|s| s.corner().id().into()).collect())
                .text(
                    "commissioner",
                    self.services.iter().map(|s| self.commissioner_of(s).into()).collect(),
                )
                .text(
                    "provider",
                    self.services.iter().map(|s| s.provider().id().into()).collect(),
                )
                .text(
                    "locality",
                    self.services
                        .iter()
                        .map(|s| s.locality().unwrap_or("").into())
                        .collect(),
                )
                .text("unit", self.services.iter().map(|s| s.unit().into()).collect())
                .figure("unit_cost", self.services.iter().map(|s| Some(s.unit_cost())).collect())
                .figure("activity", self.services.iter().map(|s| Some(s.activity())).collect());
        }
        t = t
            .sum("spend", by.clone())
            .sum("share_of_envelope", by.iter().map(|v| share(v, envelope)).collect())
            .sum("share_of_spend", by.iter().map(|v| share(v, total)).collect());
        if dim == Dimension::Service {
            t = t
                .figure(
                    "people_reached",
                    self.services.iter().map(Service::people_reached).collect(),
                )
                .figure(
                    "cost_per_person",
                    self.services
                        .iter()
                        .map(|s| s.people_reached().filter(|p| *p > 0.0).map(|p| s.spend() / p))
                        .collect(),
                );
        }
        t
    }

    /// Each corner's planned budget line against what its services spend: columns `budget`,
    /// `spend` and `variance` (spend − budget; positive is over plan).
    pub fn budget_check(&self) -> Table {
        let spend = self.spend_by(Dimension::Corner);
        let mut budget = Vec::new();
        let mut variance = Vec::new();
        for c in Corner::ALL {
            let line = self.budget_line(c);
            budget.push(line);
            variance.push(line.map(|b| spend.get(c.id(), "spend").unwrap_or(0.0) - b));
        }
        Table::keyed("corner", Corner::ALL.map(|c| c.id().to_string()).to_vec())
            .text("name", Corner::ALL.map(|c| c.label().to_string()).to_vec())
            .figure("budget", budget)
            .figure("spend", Corner::ALL.map(|c| spend.get(c.id(), "spend")).to_vec())
            .figure("variance", variance)
    }

    /// Warnings a commissioner should see about the baseline: services over capacity, corners
    /// with nothing commissioned, corners over their budget line, spend over the envelope.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let spend = self.spend_by(Dimension::Corner);
        for c in Corner::ALL {
            let s = spend.get(c.id(), "spend").unwrap_or(0.0);
            if s == 0.0 {
                out.push(format!("nothing is commissioned in the {} corner", c.id()));
            }
            if let Some(b) = self.budget_line(c) {
                if s > b + 0.005 {
                    out.push(format!(
                        "{} spends £{s:.2}, over its budget line of £{b:.2} by £{:.2}",
                        c.id(),
                        s - b
                    ));
                }
            }
        }
        out.extend(capacity_warnings(&self.services, |i| self.services[i].activity()));
        if self.headroom() < -0.005 {
            out.push(format!(
                "spend of £{:.2} is over the envelope of £{:.2} by £{:.2}",
                self.total_spend(),
                self.envelope(),
                -self.headroom()
            ));
        }
        out
    }
}

/// A unit in the plural, for warnings: `hours`, `people`, `spells`.
fn plural(unit: &str) -> String {
    match unit {
        "person" => "people".into(),
        u if u.ends_with('s') => u.into(),
        u => format!("{u}s"),
    }
}

/// One warning a service whose activity is over its capacity.
pub(crate) fn capacity_warnings(services: &[Service], activity: impl Fn(usize) -> f64) -> Vec<String> {
    services
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let a = activity(i);
            let cap = s.capacity()?;
            (a > cap * (1.0 + 1e-12)).then(|| {
                format!(
                    "{} needs {a:.1} {} a year, over its capacity of {cap:.1}",
                    s.id(),
                    plural(s.unit())
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn units_read_as_plurals_in_warnings() {
        assert_eq!(plural("hour"), "hours");
        assert_eq!(plural("person"), "people");
        assert_eq!(plural("attendances"), "attendances");
    }
}
