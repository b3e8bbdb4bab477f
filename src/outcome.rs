//! The kinds of outcome an economy counts (`[[outcomes]]` in a file), how a service produces
//! them ([`Rate`]), and their one check: the declarations that the economy, the plan and the
//! reports (`crate::outcomes`) all read.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids;
use crate::param::{check as check_value, Range};
use crate::service::ServiceSpec;

/// Whether more of an outcome is better (QALYs, people supported) or less (admissions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// More is better: a gain is an increase.
    #[default]
    Higher,
    /// Less is better: a gain is a decrease (admissions avoided).
    Lower,
}

impl Better {
    /// +1 where more is better, −1 where less is: the change times this is the gain.
    pub fn sign(self) -> f64 {
        match self {
            Better::Higher => 1.0,
            Better::Lower => -1.0,
        }
    }
}

/// A kind of outcome an economy counts, as written in a file (`[[outcomes]]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    /// Unique id (`qalys`, `admissions`).
    pub id: String,
    /// Name in the commissioner's words; the id when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What one unit is (`QALY`, `admission`); the id when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether more (`higher`, the default) or less (`lower`) is better.
    #[serde(default, skip_serializing_if = "is_higher")]
    pub better: Better,
    /// £ a unit gained: the threshold (λ) net benefit is counted at where none is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

// serde's skip_serializing_if takes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_higher(b: &Better) -> bool {
    *b == Better::Higher
}

impl OutcomeSpec {
    /// Name in the commissioner's words (the id when none was given).
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
    /// What one unit is (the id when none was given).
    pub fn unit_label(&self) -> &str {
        self.unit.as_deref().unwrap_or(&self.id)
    }
}

/// The most kinds of outcome an economy may declare: far more than any report shows.
pub const MAX_OUTCOMES: usize = 1000;

/// Checks the economy's outcomes and every service's reference to them, once, as the
/// economy is made: ids unique and in one Unicode form, λ values finite and `>= 0`, what a
/// service produces finite and of either sign (a harm is a negative gain), every
/// outcome a service names declared (with the nearest id suggested), outcomes per person
/// only with units per person (people reached follow from them).
pub(crate) fn check(outcomes: &mut [OutcomeSpec], services: &mut [ServiceSpec]) -> Result<()> {
    if outcomes.len() > MAX_OUTCOMES {
        return Err(Error::invalid(
            "outcomes",
            format!("{} of them", outcomes.len()),
            format!("at most {MAX_OUTCOMES}"),
        ));
    }
    let mut seen = ids::Seen::default();
    for (i, o) in outcomes.iter_mut().enumerate() {
        let at = format!("outcomes[{i}]");
        ids::normalise(&mut o.id);
        ids::check(format!("{at}.id"), &o.id)?;
        seen.insert(format!("{at}.id"), "outcome", &o.id)?;
        for (field, text) in [("name", &o.name), ("unit", &o.unit)] {
            if let Some(t) = text.as_ref().filter(|t| t.trim().is_empty()) {
                return Err(Error::invalid(
                    format!("{at}.{field}"),
                    format!("{t:?}"),
                    "non-empty text",
                ));
            }
        }
        if let Some(v) = o.value {
            Range::NonNegative.check(format!("{at}.value"), v)?;
        }
    }
    let known: Vec<String> = outcomes.iter().map(|o| o.id.clone()).collect();
    let unknown = |field: String, id: &str| Error::unknown(field, "outcome", id, known.iter().map(String::as_str));
    for (i, s) in services.iter_mut().enumerate() {
        let at = format!("services[{i}]");
        for (field, map) in [
            ("outcomes_per_person", &mut s.outcomes_per_person),
            ("outcomes_per_unit", &mut s.outcomes_per_unit),
        ] {
            *map = std::mem::take(map)
                .into_iter()
                .map(|(mut k, v)| {
                    ids::normalise(&mut k);
                    (k, v)
                })
                .collect();
            for (id, v) in map.iter() {
                if !known.contains(id) {
                    return Err(unknown(format!("{at}.{field}"), id));
                }
                // Either sign: a harm is a negative gain (−0.01 QALYs a person).
                check_value(format!("{at}.{field}.{id}"), v, Range::Finite)?;
            }
        }
        if !s.outcomes_per_person.is_empty() && s.units_per_person.is_none() {
            return Err(Error::invalid(
                format!("{at}.outcomes_per_person"),
                "outcomes per person without units_per_person",
                "given with units_per_person (people reached = activity / units_per_person)",
            ));
        }
        if let Some(c) = s.counts_as.as_mut() {
            ids::normalise(c);
            if !known.contains(c) {
                return Err(unknown(format!("{at}.counts_as"), c));
            }
        }
    }
    Ok(())
}

/// How a service produces an outcome: so much a unit of activity and so much a person
/// reached (a service that counts as the outcome produces 1 a unit).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rate {
    /// Outcome a unit of activity.
    pub per_unit: f64,
    /// Outcome a person reached.
    pub per_person: f64,
}

impl Rate {
    /// The outcome of `activity` units, with `units_per_person` where known. Written once
    /// here so that a scenario's report and a Monte Carlo run count alike.
    pub fn amount(self, activity: f64, units_per_person: Option<f64>) -> f64 {
        let people = match units_per_person {
            Some(u) if self.per_person != 0.0 => activity / u * self.per_person,
            _ => 0.0,
        };
        activity * self.per_unit + people
    }
}
