//! Outcomes in a compiled plan: each outcome's producing services, with a slot for each
//! figure a file gives (so that an uncertain QALY gain is an input of a Monte Carlo run like
//! a unit cost), counted from a run's activity by [`Rate::amount`], the one formula a
//! scenario's report uses too.

use super::{Plan, Slot, Workspace};
use crate::economy::Economy;
use crate::outcome::Rate;
use crate::uncertainty::UncertainValue;

/// One service's part in one outcome.
#[derive(Debug, Clone)]
pub(super) struct Term {
    pub(super) service: usize,
    pub(super) per_unit: Option<Slot>,
    pub(super) per_person: Option<Slot>,
    /// The service counts as the outcome: 1 a unit on top of any `per_unit`.
    pub(super) counts: bool,
}

impl Term {
    /// The rate with the slots' values from `value`.
    pub(super) fn rate(&self, value: impl Fn(Slot) -> f64) -> Rate {
        Rate {
            per_unit: self.per_unit.map_or(0.0, &value) + f64::from(u8::from(self.counts)),
            per_person: self.per_person.map_or(0.0, &value),
        }
    }
}

/// Slots for every outcome figure, made by `slot(name, value)`, named
/// `{service}.outcomes_per_person.{outcome}` (and `outcomes_per_unit`), outcome by outcome,
/// services in order.
pub(super) fn compile(economy: &Economy, mut slot: impl FnMut(String, &UncertainValue) -> Slot) -> Vec<Vec<Term>> {
    economy
        .outcomes()
        .iter()
        .map(|o| {
            let id = o.id.as_str();
            let mut terms = Vec::new();
            for (i, s) in economy.services().iter().enumerate() {
                let spec = s.spec();
                let mut slot_of =
                    |field: &str, v: Option<&UncertainValue>| v.map(|v| slot(format!("{}.{field}.{id}", s.id()), v));
                let per_unit = slot_of("outcomes_per_unit", spec.outcomes_per_unit.get(id));
                let per_person = slot_of("outcomes_per_person", spec.outcomes_per_person.get(id));
                let counts = spec.counts_as.as_deref() == Some(id);
                if per_unit.is_some() || per_person.is_some() || counts {
                    terms.push(Term {
                        service: i,
                        per_unit,
                        per_person,
                        counts,
                    });
                }
            }
            terms
        })
        .collect()
}

impl Plan {
    /// The number of outcomes the economy counts.
    pub fn outcomes(&self) -> usize {
        self.outcomes.len()
    }

    /// Outcome `o` in the workspace: its services' amounts added in service order (as
    /// [`Plan::outcome_columns`] adds them for every row).
    pub fn outcome_total(&self, o: usize, params: &[f64], ws: &Workspace) -> f64 {
        let mut total = 0.0;
        for t in &self.outcomes[o] {
            let rate = t.rate(|s| params[s]);
            total += rate.amount(ws.activity[t.service], self.units_per_person(params, t.service));
        }
        total
    }
}

/// How one service produces one outcome, as slots of the plan's parameter vector (which a
/// budget impact's extends): for models that count the outcome of units bought or avoided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateSlots {
    per_unit: Option<Slot>,
    per_person: Option<Slot>,
    counts: bool,
    units_per_person: Option<Slot>,
}

impl RateSlots {
    /// Whether the service produces the outcome at all.
    pub fn produces(&self) -> bool {
        self.per_unit.is_some() || self.per_person.is_some() || self.counts
    }
    /// Whether the service's units per person are known (people reached from units).
    pub fn has_units_per_person(&self) -> bool {
        self.units_per_person.is_some()
    }
    /// The slots it reads.
    pub fn slots(&self) -> impl Iterator<Item = Slot> {
        [self.per_unit, self.per_person, self.units_per_person]
            .into_iter()
            .flatten()
    }
    /// The outcome of `units` units of the service at `params`, by [`Rate::amount`].
    pub fn amount(&self, units: f64, params: &[f64]) -> f64 {
        let rate = Rate {
            per_unit: self.per_unit.map_or(0.0, |s| params[s]) + f64::from(u8::from(self.counts)),
            per_person: self.per_person.map_or(0.0, |s| params[s]),
        };
        rate.amount(units, self.units_per_person.map(|s| params[s]))
    }
    /// The outcome of `people` people reached, at the service's units per person (0 where it
    /// has none: [`RateSlots::has_units_per_person`] says so first).
    pub fn of_people(&self, people: f64, params: &[f64]) -> f64 {
        self.units_per_person
            .map_or(0.0, |u| self.amount(people * params[u], params))
    }
}

impl Plan {
    /// How each service produces outcome `o`, in service order.
    pub fn outcome_rates(&self, o: usize) -> Vec<RateSlots> {
        let mut rates: Vec<RateSlots> = self
            .services
            .iter()
            .map(|s| RateSlots {
                units_per_person: s.units_per_person,
                ..RateSlots::default()
            })
            .collect();
        for t in &self.outcomes[o] {
            let r = &mut rates[t.service];
            (r.per_unit, r.per_person, r.counts) = (t.per_unit, t.per_person, t.counts);
        }
        rates
    }

    /// Outcome `o` after the run in `ws` less before it (the baseline of its last reset).
    pub fn outcome_change(&self, o: usize, params: &[f64], ws: &Workspace) -> f64 {
        let mut change = 0.0;
        for t in &self.outcomes[o] {
            let rate = t.rate(|s| params[s]);
            let upp = self.units_per_person(params, t.service);
            change += rate.amount(ws.activity[t.service], upp) - rate.amount(ws.base_activity[t.service], upp);
        }
        change
    }
}
