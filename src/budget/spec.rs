//! The multi-year budget impact section of a file (`[[budget_impacts]]`): plain data, checked
//! against an economy by [`crate::budget::BudgetModel::compile`].

use serde::{Deserialize, Serialize};

use super::discount::{Timing, GREEN_BOOK_RATE};
use super::uprating::Uprating;
use crate::service::FinancialYear;
use crate::triangle::Corner;
use crate::uncertainty::UncertainValue;

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

fn green_book() -> f64 {
    GREEN_BOOK_RATE
}

// serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_green_book(r: &f64) -> bool {
    *r == GREEN_BOOK_RATE
}

fn one() -> UncertainValue {
    UncertainValue::Value(1.0)
}

fn is_one(v: &UncertainValue) -> bool {
    *v == one()
}

/// Whether a saving frees money or only time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Release {
    /// Money can move: a contract is reduced, a ward closed.
    CashReleasing,
    /// Time or beds freed for other patients; the budget does not fall.
    CapacityReleasing,
}

/// A budget impact as written in a file: a horizon, price base, discounting, interventions
/// with their downstream effects, other costs, and reinvestment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetImpactSpec {
    /// Unique name.
    pub name: String,
    /// What it models, and its sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The first financial year of the horizon.
    pub first_year: Option<FinancialYear>,
    /// Number of financial years (at least 1).
    pub years: u32,
    /// The price year every figure is reported in; the economy's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_base: Option<FinancialYear>,
    /// The index that uprates costs to the price base (`"none"` when absent).
    #[serde(default, skip_serializing_if = "is_default")]
    pub uprating: Uprating,
    /// Discount rate a year (3.5%, the Green Book's, when absent).
    #[serde(default = "green_book", skip_serializing_if = "is_green_book")]
    pub discount_rate: f64,
    /// When in the year money flows, for discounting (`start` when absent).
    #[serde(default, skip_serializing_if = "is_default")]
    pub discount_timing: Timing,
    /// People in the area, for figures per 100,000 population; the register when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<f64>,
    /// A scenario kept with the economy whose change in spend (scenario − baseline, by
    /// corner and commissioner) recurs every year of the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Whether the scenario's falls in spend free money (the default: its levers decommission
    /// activity) or only capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_release: Option<Release>,
    /// What is newly funded, with the demand it changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interventions: Vec<InterventionSpec>,
    /// One-off, double-running and recurrent costs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub costs: Vec<CostSpec>,
    /// Savings put back into services each year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reinvest: Option<ReinvestSpec>,
    /// Discount rate a year of the outcomes gained (QALYs, admissions avoided), at the
    /// timing of costs; 3.5% when absent, NICE's reference case for health effects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_discount_rate: Option<f64>,
}

/// People newly supported by a service, year by year, and what that does to demand.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterventionSpec {
    /// Unique id within the budget impact.
    pub id: String,
    /// The service that delivers it: its corner, commissioner and (unless `cost_per_person`
    /// is given) unit cost × units per person.
    pub service: String,
    /// £ a person a year, where it is not the service's unit cost × units per person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_person: Option<UncertainValue>,
    /// The price year of `cost_per_person`; the economy's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<FinancialYear>,
    /// People on the register in the first year; when absent, the register of the service's
    /// locality, or of every locality for an economy-wide service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register: Option<UncertainValue>,
    /// Growth of the register a year (0.02 is 2%).
    #[serde(default, skip_serializing_if = "is_default")]
    pub register_growth: UncertainValue,
    /// Share of the register eligible (0.07 for the 7% most at risk); 1 when absent.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub eligible_share: UncertainValue,
    /// Share of eligible people supported each year; the last value holds for later years.
    pub uptake: Vec<UncertainValue>,
    /// Share of eligible people already supported in the baseline (0 when absent): only
    /// people above it are new costs and new effects.
    #[serde(default, skip_serializing_if = "is_default")]
    pub baseline_uptake: UncertainValue,
    /// What each person supported does to demand for other services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<EffectSpec>,
}

/// A downstream effect: each person supported uses a share fewer units of another service.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectSpec {
    /// The service whose demand changes (priced at its unit cost).
    pub service: String,
    /// Share of a supported person's units avoided (0.07 is 7% fewer).
    pub reduction: UncertainValue,
    /// Units a year of `service` per eligible person before the change; the service's
    /// activity / register when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units_per_person: Option<UncertainValue>,
    /// Years after the first year before the effect starts (1: from the second year).
    #[serde(default, skip_serializing_if = "is_default")]
    pub lag: u32,
    /// Whether the saving frees money or only capacity.
    pub release: Option<Release>,
}

/// When a cost falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// Once, in its start year (training, set-up).
    OneOff,
    /// Every year from its start year, for `years` (to the end when absent).
    Recurrent,
    /// Paying for an old service while the new one starts, for `years`.
    DoubleRunning,
}

/// A cost line other than the interventions' own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostSpec {
    /// Unique name within the budget impact.
    pub name: String,
    /// When it falls.
    pub kind: CostKind,
    /// £ (a year, for recurrent and double-running costs).
    pub amount: UncertainValue,
    /// The price year of `amount`; the economy's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<FinancialYear>,
    /// The service it belongs to (for its corner and commissioner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Its corner, where it belongs to no one service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corner: Option<Corner>,
    /// The first year it falls in; the horizon's first when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<FinancialYear>,
    /// Years it lasts (double running: required; recurrent: to the end when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
}

/// Savings spent again each year on a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReinvestSpec {
    /// The service that receives the money.
    pub into: String,
    /// Share of the year's savings reinvested (0..1).
    pub share: UncertainValue,
    /// Also spend capacity-releasing savings (money that does not in fact come free).
    #[serde(default, skip_serializing_if = "is_default")]
    pub include_capacity_releasing: bool,
}
