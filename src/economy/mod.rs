//! The economy: an envelope, localities, and the services commissioned inside it.

use std::collections::HashMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

mod check;
mod conditions;
mod report;
mod segments;
mod staff;
mod uprate;

pub use conditions::ConditionSpec;
pub use segments::SegmentSpec;
pub use staff::StaffGroupSpec;
pub use uprate::{uprate, Uprated};

pub(crate) use report::capacity_warnings;

use crate::error::{did_you_mean, Error, Result};
use crate::ids;
use crate::service::{FinancialYear, Service, ServiceSpec};
use crate::triangle::{Commissioners, Corner};
use crate::uncertainty::UncertainValue;
use crate::uprating::Uprating;

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
    /// Relative need for reinvestment by need (`by = "need"` across clusters); its
    /// locality's need weight when absent. May be uncertain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_weight: Option<UncertainValue>,
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
    /// How services priced in another year reach the economy's price year: `"none"` (the
    /// default: such a service is an error), a shipped index, or a table of one's own.
    #[serde(default, skip_serializing_if = "Uprating::is_none")]
    pub uprating: Uprating,
    /// Segments of the registers, with their shares of the use of event services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<SegmentSpec>,
    /// The long-term conditions the services serve, with their registers by locality.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionSpec>,
    /// The kinds of outcome the economy counts (QALYs gained, admissions, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<crate::outcome::OutcomeSpec>,
    /// Kinds of staff and their hours a year, for the optimiser's workforce limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff_groups: Vec<StaffGroupSpec>,
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
    /// By the condition (or conditions) a service serves.
    Condition,
}

impl FromStr for Dimension {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        const NAMES: [&str; 7] = [
            "corner",
            "commissioner",
            "provider",
            "locality",
            "cluster",
            "service",
            "condition",
        ];
        Ok(match s {
            "corner" => Dimension::Corner,
            "commissioner" => Dimension::Commissioner,
            "provider" | "provider_type" => Dimension::Provider,
            "locality" => Dimension::Locality,
            "cluster" => Dimension::Cluster,
            "service" => Dimension::Service,
            "condition" => Dimension::Condition,
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
            Dimension::Condition => "condition",
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
const NO_CONDITION: &str = "(no condition)";

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
    /// Each service priced in another year and uprated on load, with what was written.
    uprated: Vec<Option<Uprated>>,
}

/// The most services an economy may have: 100,000, far more than any commissioner's list
/// (the shipped example has 14), and few enough that a Monte Carlo iteration stays quick.
pub const MAX_SERVICES: usize = 100_000;

/// The most localities an economy may have: 10,000, more than England's GP practices
/// (about 6,200), so that even one locality per practice fits.
pub const MAX_LOCALITIES: usize = 10_000;

impl Economy {
    /// The plain data of this economy, as a file holds it: [`Economy::new`] of it gives an
    /// equal economy.
    pub fn to_spec(&self) -> EconomySpec {
        let mut spec = self.spec.clone();
        spec.services = self
            .services
            .iter()
            .zip(&self.stated_price_year)
            .zip(&self.uprated)
            .map(|((s, stated), uprated)| {
                if let Some(u) = uprated {
                    return u.written.clone();
                }
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
    /// How services priced in another year were uprated on load.
    pub fn uprating(&self) -> &Uprating {
        &self.spec.uprating
    }
    /// Service `i`'s uprating, where it was priced in another year and uprated on load.
    pub fn uprated(&self, i: usize) -> Option<&Uprated> {
        self.uprated.get(i).and_then(Option::as_ref)
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

    /// The kinds of outcome the economy counts, in file order (see [`crate::outcomes`]).
    pub fn outcomes(&self) -> &[crate::outcome::OutcomeSpec] {
        &self.spec.outcomes
    }

    /// The kinds of staff and their hours a year, in file order (see [`crate::optimise`]).
    pub fn staff_groups(&self) -> &[StaffGroupSpec] {
        &self.spec.staff_groups
    }
}
