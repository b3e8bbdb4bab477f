//! Outcomes in a budget impact: what each year of the horizon gains (QALYs, admissions
//! avoided), discounted at the outcome's own rate, and the multi-year cost-effectiveness that
//! follows (ICER and net benefit on the discounted cost and the discounted gain).
//!
//! A year's outcome gain comes from the same places as its money: the scenario's change in
//! outcomes (recurring every year, as its change in spend does), the people each
//! intervention newly supports (through its service's outcomes per person and per unit), the
//! units of other services its effects avoid (an event service that `counts_as` admissions
//! avoids admissions), and the units reinvested savings buy. Each is counted by
//! [`crate::outcomes::Rate::amount`], the one formula a scenario's report uses.
//!
//! Discounting is that of costs ([`Discounting`]: 1 / (1 + r)^t, the first year t = 0, at the
//! budget impact's timing), at `outcome_discount_rate`, 3.5% a year when absent: NICE's
//! reference case discounts costs and health effects alike at 3.5% (NICE health technology
//! evaluations: the manual, PMG36, 2022, section 4.5.1; Guide to the methods of technology
//! appraisal 2013, PMG9, section 5.6.1).

use super::discount::Discounting;
use super::impact::BudgetImpact;
use super::model::{BudgetModel, BudgetWorkspace};
use crate::error::Result;
use crate::outcome::OutcomeSpec;
use crate::outcomes::{threshold_of, CostEffectiveness};
use crate::plan::{Plan, RateSlots, Slot};
use crate::report::{Kind, Table};

/// NICE's reference-case discount rate for health effects: 3.5% a year.
pub const NICE_OUTCOME_RATE: f64 = 0.035;

/// Where a budget impact's outcomes come from, beside its money.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// The people intervention `who` newly supports through `service`.
    People { who: usize, service: usize },
    /// The units of `service` intervention `who`'s people no longer use, from year `lag`:
    /// people × `reduction` × `rate` (units a person).
    Avoided {
        who: usize,
        service: usize,
        reduction: Slot,
        rate: Slot,
        lag: u32,
    },
    /// The units of `service` line `line`'s £ buy at its unit cost × `factor` (to the price
    /// base).
    Bought {
        line: usize,
        service: usize,
        unit_cost: Slot,
        factor: f64,
    },
}

/// A budget impact's outcomes, compiled: the economy's declarations, how each service
/// produces each outcome, where the budget impact changes them, and their discounting.
#[derive(Debug, Clone)]
pub(super) struct Outcomes {
    specs: Vec<OutcomeSpec>,
    /// Outcome by outcome, service by service.
    rates: Vec<Vec<RateSlots>>,
    pub(super) sources: Vec<Source>,
    discounting: Discounting,
}

impl Outcomes {
    pub(super) fn new(specs: &[OutcomeSpec], plan: &Plan, sources: Vec<Source>, discounting: Discounting) -> Self {
        Outcomes {
            specs: specs.to_vec(),
            rates: (0..specs.len()).map(|o| plan.outcome_rates(o)).collect(),
            sources,
            discounting,
        }
    }

    /// The outcome `o` each person of `service` produces cannot be counted: the service
    /// produces it per unit with no units per person to turn people into units.
    pub(super) fn uncountable_for_people(&self, service: usize) -> Option<&str> {
        self.rates
            .iter()
            .zip(&self.specs)
            .find(|(r, _)| r[service].produces() && !r[service].has_units_per_person())
            .map(|(_, s)| s.id.as_str())
    }

    /// The slots the outcome figures of the services the sources name read (drawn under
    /// Monte Carlo like the budget impact's own inputs).
    pub(super) fn used_slots(&self) -> impl Iterator<Item = Slot> + '_ {
        self.sources.iter().flat_map(move |s| {
            let service = match *s {
                Source::People { service, .. } | Source::Avoided { service, .. } | Source::Bought { service, .. } => {
                    service
                }
            };
            self.rates.iter().flat_map(move |r| r[service].slots())
        })
    }
}

impl BudgetModel {
    /// The outcomes the economy declares, in order.
    pub fn outcome_specs(&self) -> &[OutcomeSpec] {
        &self.outcomes.specs
    }

    /// The discounting of outcomes (`outcome_discount_rate`, at the budget impact's timing).
    pub fn outcome_discounting(&self) -> Discounting {
        self.outcomes.discounting
    }

    /// Outcome `o` gained in each year of the evaluation in `ws` (made by
    /// [`BudgetModel::evaluate`] at `p`), into `out`: the rise where more is better, the fall
    /// where less is (admissions avoided).
    pub fn outcome_gains(&self, o: usize, p: &[f64], ws: &BudgetWorkspace, out: &mut [f64]) {
        let y = self.years as usize;
        let rates = &self.outcomes.rates[o];
        let scenario = match (&self.scenario, &ws.plan) {
            (Some(sc), Some(pws)) => sc.plan.outcome_change(o, p, pws),
            _ => 0.0,
        };
        out.fill(scenario);
        for s in &self.outcomes.sources {
            match *s {
                Source::People { who, service } if rates[service].produces() => {
                    for (t, v) in out.iter_mut().enumerate() {
                        *v += rates[service].of_people(ws.people[who * y + t], p);
                    }
                }
                Source::Avoided {
                    who,
                    service,
                    reduction,
                    rate,
                    lag,
                } if rates[service].produces() => {
                    for (t, v) in out.iter_mut().enumerate().skip(lag as usize) {
                        *v -= rates[service].amount(ws.people[who * y + t] * p[reduction] * p[rate], p);
                    }
                }
                Source::Bought {
                    line,
                    service,
                    unit_cost,
                    factor,
                } if rates[service].produces() => {
                    // A free service buys no units with money: nothing is counted.
                    let price = p[unit_cost] * factor;
                    if price > 0.0 {
                        for (t, v) in out.iter_mut().enumerate() {
                            *v += rates[service].amount(ws.values[line * y + t] / price, p);
                        }
                    }
                }
                _ => {}
            }
        }
        let sign = self.outcomes.specs[o].better.sign();
        for v in out.iter_mut() {
            *v *= sign;
        }
    }

    /// Year-by-year `values` discounted at the outcomes' rate and added up.
    pub fn discounted_outcome(&self, values: &[f64]) -> f64 {
        let d = self.outcomes.discounting;
        values.iter().enumerate().map(|(t, v)| v * d.factor(t as u32)).sum()
    }
}

impl BudgetImpact {
    /// Outcome `o` gained in each year (see [`BudgetModel::outcome_gains`]).
    pub fn outcome_gains(&self, o: usize) -> &[f64] {
        let y = self.model().years() as usize;
        &self.outcomes[o * y..(o + 1) * y]
    }

    /// One row a year and a total row: the outcomes' `discount_factor`, each outcome's
    /// `{id}_gain` and `{id}_discounted_gain`, and the `discounted_net` impact (at the
    /// budget's own rate) they are weighed against.
    pub fn outcomes(&self) -> Table {
        let model = self.model();
        let y = model.years() as usize;
        let d = model.outcome_discounting();
        let mut t = Table::keyed("year", self.years())
            .figure("discount_factor", (0..y).map(|i| Some(d.factor(i as u32))).collect());
        for (o, spec) in model.outcome_specs().iter().enumerate() {
            let gains = self.outcome_gains(o);
            let discounted = gains.iter().enumerate().map(|(i, g)| g * d.factor(i as u32)).collect();
            t = t
                .sum(&format!("{}_gain", spec.id), gains.to_vec())
                .shown_as(Kind::Number)
                .sum(&format!("{}_discounted_gain", spec.id), discounted)
                .shown_as(Kind::Number);
        }
        t.sum("discounted_net", self.totals().discounted_net).with_total()
    }

    /// The budget impact weighed on `outcome` over its horizon at `threshold` £ a unit gained
    /// (the outcome's value when `None`): the discounted net impact (costs − savings at the
    /// budget's rate) against the outcome gained, discounted at the outcomes' rate.
    ///
    /// # Errors
    /// An outcome the economy does not declare (with the nearest id); no threshold given and
    /// none declared; a negative threshold.
    pub fn cost_effectiveness(&self, outcome: &str, threshold: Option<f64>) -> Result<CostEffectiveness> {
        let model = self.model();
        let o = outcome_index(model, outcome)?;
        let spec = &model.outcome_specs()[o];
        let lambda = threshold_of(spec, threshold)?;
        let cost = self.totals().discounted_cumulative.last().copied().unwrap_or(0.0);
        CostEffectiveness::new(spec, cost, model.discounted_outcome(self.outcome_gains(o)), lambda)
    }

    /// [`BudgetImpact::cost_effectiveness`] at the outcome's value, or 0 where it has none:
    /// for the ICER and the verdict.
    ///
    /// # Errors
    /// An outcome the economy does not declare (with the nearest id).
    pub fn icer(&self, outcome: &str) -> Result<CostEffectiveness> {
        let model = self.model();
        let value = model.outcome_specs()[outcome_index(model, outcome)?].value;
        self.cost_effectiveness(outcome, Some(value.unwrap_or(0.0)))
    }
}

fn outcome_index(model: &BudgetModel, outcome: &str) -> Result<usize> {
    let id = crate::ids::normal(outcome);
    let specs = model.outcome_specs();
    specs
        .iter()
        .position(|o| o.id == id)
        .ok_or_else(|| crate::error::Error::unknown("outcome", "outcome", &id, specs.iter().map(|o| o.id.as_str())))
}

/// Every outcome's gains, year by year, outcome after outcome.
pub(super) fn all_gains(model: &BudgetModel, p: &[f64], ws: &BudgetWorkspace) -> Vec<f64> {
    let y = model.years() as usize;
    let mut out = vec![0.0; model.outcome_specs().len() * y];
    for (o, chunk) in out.chunks_mut(y).enumerate() {
        model.outcome_gains(o, p, ws, chunk);
    }
    out
}

impl BudgetModel {
    /// The outcome outputs of a Monte Carlo run, after the years' net impacts: each outcome's
    /// discounted gain over the horizon (`qalys_gain`) and, where it has a value λ, the net
    /// monetary benefit λ·gain − the discounted cumulative net impact (`net_benefit_qalys`).
    pub(super) fn outcome_columns(&self) -> Vec<String> {
        let mut names = Vec::new();
        for o in self.outcome_specs() {
            names.push(format!("{}_gain", o.id));
            if o.value.is_some() {
                names.push(format!("net_benefit_{}", o.id));
            }
        }
        names
    }

    /// The number of [`BudgetModel::outcome_columns`].
    pub(super) fn outcome_outputs(&self) -> usize {
        self.outcome_specs()
            .iter()
            .map(|o| 1 + usize::from(o.value.is_some()))
            .sum()
    }

    /// Writes the outcome outputs of the evaluation in `ws` at `p` into `out`, given its
    /// discounted cumulative net impact; `gains` is scratch space a year long.
    pub(super) fn record_outcomes(
        &self,
        p: &[f64],
        ws: &BudgetWorkspace,
        discounted_net: f64,
        gains: &mut [f64],
        out: &mut [f64],
    ) {
        let mut at = 0;
        for (o, spec) in self.outcome_specs().iter().enumerate() {
            self.outcome_gains(o, p, ws, gains);
            let gain = self.discounted_outcome(gains);
            out[at] = gain;
            at += 1;
            if let Some(lambda) = spec.value {
                out[at] = lambda * gain - discounted_net;
                at += 1;
            }
        }
    }
}
