//! Scenarios: named lists of levers that reshape a baseline economy without changing it.

mod check;
mod commission;
mod describe;
pub(crate) mod label;
mod names;
mod reinvest_by;
mod reinvest_condition;
mod released;

pub use names::LeverRef;
pub use reinvest_by::ReinvestBy;
pub use released::Amount;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};
use crate::uncertainty::UncertainValue;

fn one() -> UncertainValue {
    UncertainValue::Value(1.0)
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// What a substitution keeps: units (`ratio` units of `to` for each unit of `from`) or people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Unit for unit, at `ratio`.
    #[default]
    Unit,
    /// Person for person: the ratio is `to`'s units per person over `from`'s.
    Person,
}

/// Where reinvested money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneySource {
    /// Money released by the scenario's earlier levers (the total cannot go up).
    #[default]
    Released,
    /// New money from outside the programme (the total goes up by the amount).
    New,
}

/// One change in a scenario. Built with the checked constructors ([`Lever::substitute`], …)
/// or read from a file, where `lever = "substitute"` names the kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "lever", rename_all = "snake_case", deny_unknown_fields)]
pub enum Lever {
    /// Move a share of one service's activity to another; `ratio` units of `to` replace each
    /// unit of `from`.
    Substitute {
        /// The service that gives up activity.
        from: String,
        /// The service that takes it on.
        to: String,
        /// Share of `from`'s activity moved (0..1).
        share: UncertainValue,
        /// Units of `to` per unit of `from` (1 when absent).
        #[serde(default = "one")]
        ratio: UncertainValue,
        /// `"unit"` (the default: `ratio` units for a unit) or `"person"`: the people are kept,
        /// and the ratio is the two services' units per person (`to`'s over `from`'s).
        #[serde(default, skip_serializing_if = "is_default")]
        per: Per,
    },
    /// Move money between services; activity follows each one's unit cost.
    Shift {
        /// The service that gives up money.
        from: String,
        /// The service that receives it.
        to: String,
        /// £ moved.
        amount: UncertainValue,
    },
    /// Spend money across localities, through one service per locality.
    Reinvest {
        /// £ reinvested, or `"released"` (all the released money still unspent); absent when
        /// `share_of_released` is given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<Amount>,
        /// The services that receive it (one per locality, or one service).
        into: Vec<String>,
        /// How the money is spread.
        #[serde(default, skip_serializing_if = "is_default")]
        by: ReinvestBy,
        /// Released money (the default) or new money.
        #[serde(default, skip_serializing_if = "is_default")]
        source: MoneySource,
        /// The share of the released money still unspent (0..1) reinvested, instead of an
        /// amount.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        share_of_released: Option<UncertainValue>,
        /// With a released amount, only the money these levers (by index in the scenario or
        /// by name, each before this one) released, as far as it is still unspent.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        from_levers: Vec<LeverRef>,
        /// Spread by this condition's registers by locality (with `by` register or need)
        /// instead of the localities' own registers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        condition: Option<String>,
    },
    /// Re-price a service; its activity is kept.
    SetUnitCost {
        /// The service.
        service: String,
        /// The new £ per unit.
        unit_cost: UncertainValue,
    },
    /// Scale a service's activity by a factor (0.9 is 10% less).
    ScaleActivity {
        /// The service.
        service: String,
        /// Multiplier of activity (>= 0).
        factor: UncertainValue,
    },
    /// The same activity for less: the unit cost falls by `gain` (0.05 is 5% cheaper).
    Productivity {
        /// The service.
        service: String,
        /// Share of the unit cost saved (0..1).
        gain: UncertainValue,
    },
    /// Fewer (or more) events among the people of a segment who are supported: the service's
    /// activity changes by activity × the segment's share of its use × `coverage` × `effect`.
    Target {
        /// The segment (`top_7pct_risk`).
        segment: String,
        /// The event service (admissions, attendances, conveyances).
        service: String,
        /// Relative change in events among those supported (-0.1 is 10% fewer; >= -1).
        effect: UncertainValue,
        /// Share of the segment's people supported (0..1; all of them when absent).
        #[serde(default = "one")]
        coverage: UncertainValue,
    },
    /// Buy `people` (at the service's units per person) or `units` of a service, existing or
    /// new (activity 0), at its unit cost on each run.
    Commission {
        /// The service.
        service: String,
        /// People bought (needs the service's `units_per_person`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        people: Option<UncertainValue>,
        /// Units bought.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        units: Option<UncertainValue>,
        /// Released money (the default) or new money.
        #[serde(default, skip_serializing_if = "is_default")]
        source: MoneySource,
    },
}

impl Lever {
    /// Move `share` of `from`'s activity to `to`, at `ratio` units of `to` per unit of `from`.
    ///
    /// # Errors
    /// A share outside 0..1, a negative or non-finite ratio, or `from` equal to `to`.
    pub fn substitute(from: &str, to: &str, share: f64, ratio: f64) -> Result<Lever> {
        Lever::Substitute {
            from: from.into(),
            to: to.into(),
            share: share.into(),
            ratio: ratio.into(),
            per: Per::Unit,
        }
        .checked()
    }
    /// Move `share` of `from`'s activity to `to`, unit for unit at `ratio`, or (`per`
    /// [`Per::Person`]) person for person, the ratio being the services' units per person.
    ///
    /// # Errors
    /// As [`Lever::substitute`]; and a ratio other than 1 given person for person.
    pub fn substitute_with(from: &str, to: &str, share: f64, ratio: f64, per: Per) -> Result<Lever> {
        Lever::Substitute {
            from: from.into(),
            to: to.into(),
            share: share.into(),
            ratio: ratio.into(),
            per,
        }
        .checked()
    }
    /// Move `amount` £ from one service to another.
    ///
    /// # Errors
    /// A negative or non-finite amount, or `from` equal to `to`.
    pub fn shift(from: &str, to: &str, amount: f64) -> Result<Lever> {
        Lever::Shift {
            from: from.into(),
            to: to.into(),
            amount: amount.into(),
        }
        .checked()
    }
    /// Reinvest `amount` £ into services, spread `by` their localities.
    ///
    /// # Errors
    /// A negative or non-finite amount, no service to reinvest into, a service named twice,
    /// or a negative weight.
    pub fn reinvest(amount: f64, into: &[&str], by: ReinvestBy, source: MoneySource) -> Result<Lever> {
        Lever::Reinvest {
            amount: Some(amount.into()),
            into: into.iter().map(|s| (*s).to_string()).collect(),
            by,
            source,
            share_of_released: None,
            from_levers: Vec::new(),
            condition: None,
        }
        .checked()
    }
    /// Set a service's unit cost.
    ///
    /// # Errors
    /// A negative or non-finite unit cost.
    pub fn set_unit_cost(service: &str, unit_cost: f64) -> Result<Lever> {
        Lever::SetUnitCost {
            service: service.into(),
            unit_cost: unit_cost.into(),
        }
        .checked()
    }
    /// Scale a service's activity.
    ///
    /// # Errors
    /// A negative or non-finite factor.
    pub fn scale_activity(service: &str, factor: f64) -> Result<Lever> {
        Lever::ScaleActivity {
            service: service.into(),
            factor: factor.into(),
        }
        .checked()
    }
    /// A productivity gain on a service.
    ///
    /// # Errors
    /// A gain outside 0..1.
    pub fn productivity(service: &str, gain: f64) -> Result<Lever> {
        Lever::Productivity {
            service: service.into(),
            gain: gain.into(),
        }
        .checked()
    }

    /// Fewer events of `service` among the supported people of `segment`: its activity changes
    /// by activity × the segment's share of its use × `coverage` × `effect`.
    ///
    /// # Errors
    /// An effect below -1, a coverage outside 0..1, or a blank segment or service.
    pub fn target(segment: &str, service: &str, effect: f64, coverage: f64) -> Result<Lever> {
        Lever::Target {
            segment: segment.into(),
            service: service.into(),
            effect: effect.into(),
            coverage: coverage.into(),
        }
        .checked()
    }

    /// The lever's kind as written in files.
    pub fn kind(&self) -> &'static str {
        match self {
            Lever::Substitute { .. } => "substitute",
            Lever::Shift { .. } => "shift",
            Lever::Reinvest { .. } => "reinvest",
            Lever::SetUnitCost { .. } => "set_unit_cost",
            Lever::ScaleActivity { .. } => "scale_activity",
            Lever::Productivity { .. } => "productivity",
            Lever::Target { .. } => "target",
            Lever::Commission { .. } => "commission",
        }
    }
}

/// A scenario as written in a file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "names::SpecFile", into = "names::SpecFile")]
pub struct ScenarioSpec {
    /// The scenario's name, unique within a file.
    pub name: String,
    /// What it models and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The levers, applied in order.
    pub levers: Vec<Lever>,
    /// The levers' names, in their order (`None` for a lever without one; empty when no lever
    /// is named). In files each is the `name` in its lever's table.
    pub names: Vec<Option<String>>,
}

/// A named list of levers.
///
/// # Examples
/// ```
/// use caretriangle::{Lever, Scenario};
/// let skill_mix = Scenario::new("skill mix")?
///     .with(Lever::substitute("specialist_dietitian", "health_trainer", 0.4, 1.0)?);
/// assert_eq!(skill_mix.levers().len(), 1);
/// # Ok::<(), caretriangle::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    spec: ScenarioSpec,
}

impl Scenario {
    /// An empty scenario.
    ///
    /// # Errors
    /// An empty name.
    pub fn new(name: &str) -> Result<Scenario> {
        Scenario::from_spec(ScenarioSpec {
            name: name.into(),
            ..Default::default()
        })
    }

    /// Checks a [`ScenarioSpec`] (its names and values; ids are checked against an economy
    /// when the scenario is compiled into a [`crate::plan::Plan`], once per apply).
    ///
    /// # Errors
    /// An empty name or an invalid lever value, named by its path (`levers[0].share`).
    pub fn from_spec(spec: ScenarioSpec) -> Result<Scenario> {
        if spec.name.trim().is_empty() {
            return Err(Error::invalid("name", format!("{:?}", spec.name), "a non-empty name"));
        }
        let levers: Vec<Lever> = spec
            .levers
            .into_iter()
            .enumerate()
            .map(|(i, l)| l.checked().map_err(|e| e.within(Location::key("levers").at(i))))
            .collect::<Result<_>>()?;
        let names = names::checked(spec.names, levers.len())?;
        Ok(Scenario {
            spec: ScenarioSpec { levers, names, ..spec },
        })
    }

    /// The same scenario with one more lever at the end.
    #[must_use]
    pub fn with(mut self, lever: Lever) -> Scenario {
        self.spec.levers.push(lever);
        self.spec.names.push(None);
        self
    }

    /// The same scenario with a description.
    #[must_use]
    pub fn described(mut self, description: &str) -> Scenario {
        self.spec.description = Some(description.into());
        self
    }

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }
    /// Its description, where given.
    pub fn description(&self) -> Option<&str> {
        self.spec.description.as_deref()
    }
    /// The levers, in order.
    pub fn levers(&self) -> &[Lever] {
        &self.spec.levers
    }
    /// The plain data, as a file holds it.
    pub fn to_spec(&self) -> ScenarioSpec {
        let mut spec = self.spec.clone();
        if spec.names.iter().all(Option::is_none) {
            spec.names.clear();
        }
        spec
    }
}
