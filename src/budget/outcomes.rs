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
//! This module is a leaf: the model calls it ([`crate::budget::BudgetModel::outcome_gains`]), the
//! Monte Carlo run records its figures, and the reports on them are in `crate::outcomes`.
//!
//! Discounting is that of costs ([`Discounting`]: 1 / (1 + r)^t, the first year t = 0, at the
//! budget impact's timing), at `outcome_discount_rate`, 3.5% a year when absent: NICE's
//! reference case discounts costs and health effects alike at 3.5% (NICE health technology
//! evaluations: the manual, PMG36, 2022, section 4.5.1; Guide to the methods of technology
//! appraisal 2013, PMG9, section 5.6.1).

use super::discount::Discounting;
use crate::outcome::OutcomeSpec;
use crate::plan::{Plan, RateSlots, Slot};

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

    /// The outcomes the economy declares, in order.
    pub(super) fn specs(&self) -> &[OutcomeSpec] {
        &self.specs
    }

    /// The discounting of outcomes.
    pub(super) fn discounting(&self) -> Discounting {
        self.discounting
    }

    /// Outcome `o` gained in each of the `y` years of an evaluation at `p` (its people and
    /// line values, line-major), the scenario changing it by `scenario` a year, into `out`:
    /// the rise where more is better, the fall where less is (admissions avoided).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn gains(
        &self,
        o: usize,
        y: usize,
        p: &[f64],
        people: &[f64],
        values: &[f64],
        scenario: f64,
        out: &mut [f64],
    ) {
        let rates = &self.rates[o];
        out.fill(scenario);
        for s in &self.sources {
            match *s {
                Source::People { who, service } if rates[service].produces() => {
                    for (t, v) in out.iter_mut().enumerate() {
                        *v += rates[service].of_people(people[who * y + t], p);
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
                        *v -= rates[service].amount(people[who * y + t] * p[reduction] * p[rate], p);
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
                            *v += rates[service].amount(values[line * y + t] / price, p);
                        }
                    }
                }
                _ => {}
            }
        }
        let sign = self.specs[o].better.sign();
        for v in out.iter_mut() {
            *v *= sign;
        }
    }
}
