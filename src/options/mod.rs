//! Options: candidate changes to one economy, each a scenario, weighed against the baseline
//! on one outcome and ranked, as in programme budgeting and marginal analysis (PBMA).
//!
//! Each option is applied to the baseline on its own (the one pricing of [`Economy::apply`]);
//! its change in spend and outcome gained then give:
//! - the league table ([`Options::league`]): the incremental analysis of Drummond et al. (the
//!   frontier of `crate::outcomes`, reused), every option with its cost per outcome gained,
//!   net monetary and net health benefit, dominance in words;
//! - the wish list and hit list and the pairings of marginal analysis ([`Options::pairings`]);
//! - the cumulative benefit curve against the envelope ([`Options::curve`]) and the best
//!   affordable set by the league-table rule;
//! - all of it under Monte Carlo ([`Options::monte_carlo`]).
//!
//! ```
//! use caretriangle::options::{Options, OptionsConfig};
//! use caretriangle::{examples, io, Lever, Scenario};
//! let text = examples::text("structured_education")?;
//! let economy = io::programme_from_str(text, io::Format::Toml, "<example>")?.economy().clone();
//! let more = Scenario::new("more")?.with(Lever::scale_activity("desmond", 2.0)?);
//! let less = Scenario::new("less")?.with(Lever::scale_activity("desmond", 0.5)?);
//! let opts = Options::new(&economy, vec![more, less], OptionsConfig::on("qalys"))?;
//! // `more`: 1,000 more people at £82, 39.2 QALYs: £82,000 for 39.2 QALYs.
//! assert_eq!(opts.choices()[0].cost, 82_000.0);
//! // The wish list holds `more`, the hit list `less` (it releases £41,000).
//! assert_eq!(opts.wish_list().keys(), ["more"]);
//! assert_eq!(opts.hit_list().keys(), ["less"]);
//! # Ok::<(), caretriangle::Error>(())
//! ```

mod curve;
mod draws;
mod league;
mod pbma;
mod spec;

pub use curve::Step;
pub use pbma::Pairing;
pub use spec::OptionsSpec;

use crate::apply::ApplyOptions;
use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::ids;
use crate::outcome::OutcomeSpec;
use crate::outcomes::threshold_of;
use crate::param::Range;
use crate::scenario::Scenario;

/// How options are weighed: on which outcome, at which threshold, within which budget, and
/// which of them exclude each other.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OptionsConfig {
    /// The outcome weighed (an id the economy declares).
    pub outcome: String,
    /// £ a unit of outcome gained (λ); the outcome's `value` when `None`.
    pub threshold: Option<f64>,
    /// The money there is to spend on options (£ a year); the economy's headroom (envelope
    /// less baseline spend) when `None`.
    pub budget: Option<f64>,
    /// Named groups of options (by option name) that exclude each other: at most one of a
    /// group is adopted. Options in no group are independent.
    pub groups: Vec<(String, Vec<String>)>,
}

impl OptionsConfig {
    /// Options weighed on `outcome` at its value, within the headroom, all independent.
    pub fn on(outcome: &str) -> OptionsConfig {
        OptionsConfig {
            outcome: outcome.into(),
            ..OptionsConfig::default()
        }
    }
}

/// One option's figures against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The option's name (its scenario's).
    pub name: String,
    /// Change in spend, option less baseline (£ a year; negative releases money).
    pub cost: f64,
    /// Outcome gained (the decrease where less is better).
    pub gain: f64,
    /// Change in people reached (services that know their units per person).
    pub people: f64,
    /// The group of options that exclude each other it is in (an index of
    /// [`Options::groups`]), if any.
    pub group: Option<usize>,
}

/// Several options on one economy, weighed on one outcome (see the module's docs).
#[derive(Debug, Clone)]
pub struct Options {
    economy: Economy,
    scenarios: Vec<Scenario>,
    outcome: OutcomeSpec,
    threshold: f64,
    budget: f64,
    choices: Vec<Choice>,
    groups: Vec<String>,
}

/// Changes in spend smaller than half a penny are no change (as for the envelope).
const PENNY: f64 = 0.005;

impl Options {
    /// Applies each scenario to `economy` and weighs it on `config.outcome`.
    ///
    /// # Errors
    /// No options; two of one name (or one named `baseline`); an option that changes neither
    /// spend nor the outcome; an outcome the economy does not declare; no threshold (given or
    /// the outcome's value), or a negative one; a budget that is not finite; a group naming
    /// an unknown option or an option in two groups; any error of applying a scenario.
    pub fn new(economy: &Economy, scenarios: Vec<Scenario>, config: OptionsConfig) -> Result<Options> {
        if scenarios.is_empty() {
            return Err(Error::invalid(
                "options",
                "none",
                "at least one option (a scenario or a named list of levers)",
            ));
        }
        let o = economy.outcome_index(&config.outcome, "outcome")?;
        let outcome = economy.outcomes()[o].clone();
        let threshold = Range::NonNegative.check("threshold", threshold_of(&outcome, config.threshold)?)?;
        let budget = match config.budget {
            Some(b) if !b.is_finite() => return Err(Error::invalid("budget", b, "a finite amount of money (£)")),
            Some(b) => b,
            None => economy.headroom(),
        };
        let mut seen = ids::Seen::default();
        seen.insert("options", "option", "baseline")?;
        let mut choices = Vec::with_capacity(scenarios.len());
        for (i, s) in scenarios.iter().enumerate() {
            let at = format!("options[{i}]");
            seen.insert(at.clone(), "option", s.name())?;
            let result = economy
                .apply(s, ApplyOptions::default())
                .map_err(|e| e.within(at.as_str()))?;
            let (before, after) = result.outcome_totals(o);
            let (pb, pa) = result.people_reached();
            let people =
                crate::sum::total(pa.iter().flatten().copied()) - crate::sum::total(pb.iter().flatten().copied());
            let cost = result.change();
            let gain = outcome.better.sign() * (after - before);
            if cost.abs() < PENNY && gain == 0.0 {
                return Err(Error::invalid(
                    at,
                    format!("`{}`, which changes neither spend nor {}", s.name(), outcome.id),
                    "an option that changes spend or the outcome",
                ));
            }
            choices.push(Choice {
                name: s.name().to_string(),
                cost,
                gain,
                people,
                group: None,
            });
        }
        assign_groups(&mut choices, &config.groups)?;
        Ok(Options {
            groups: config.groups.into_iter().map(|g| g.0).collect(),
            economy: economy.clone(),
            scenarios,
            outcome,
            threshold,
            budget,
            choices,
        })
    }

    /// Each option's figures, in the order given.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }
    /// The outcome weighed.
    pub fn outcome(&self) -> &OutcomeSpec {
        &self.outcome
    }
    /// The threshold λ, £ a unit gained.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }
    /// The money there is to spend on options (£ a year).
    pub fn budget(&self) -> f64 {
        self.budget
    }
    /// The names of the groups of options that exclude each other.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }
    /// The baseline economy.
    pub fn economy(&self) -> &Economy {
        &self.economy
    }
    /// The options' scenarios, in the order given.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }
}

/// Marks each option's group; every name must be an option's and in one group at most.
fn assign_groups(choices: &mut [Choice], groups: &[(String, Vec<String>)]) -> Result<()> {
    let names: Vec<String> = choices.iter().map(|c| c.name.clone()).collect();
    for (g, (group, members)) in groups.iter().enumerate() {
        for (k, name) in members.iter().enumerate() {
            let at = format!("exclusive.{group}[{k}]");
            let name = ids::normal(name);
            let c = choices
                .iter_mut()
                .find(|c| ids::normal(&c.name) == name)
                .ok_or_else(|| Error::unknown(at.as_str(), "option", &name, names.iter().map(String::as_str)))?;
            if let Some(other) = c.group {
                return Err(Error::invalid(
                    at,
                    format!("`{}`, already in group `{}`", c.name, groups[other].0),
                    "an option in one group of options that exclude each other at most",
                ));
            }
            c.group = Some(g);
        }
    }
    Ok(())
}
