//! Compiling an economy and scenarios into a [`Plan`]: every number becomes a slot with its
//! field's range, every id an index, and each lever an operation on them. Compiling is how a
//! scenario is checked against an economy, once.

use super::basis;
use super::{Basis, LocalitySlots, Op, Plan, ServiceSlots, Size, Slot, COMPILED};
use crate::economy::Economy;
use crate::error::{Location, Result};
use crate::param::Range;
use crate::scenario::{Lever, Per, ReinvestBy, Scenario};
use crate::uncertainty::{Distribution, UncertainValue};

pub(super) struct Builder<'a> {
    pub(super) economy: &'a Economy,
    base: Vec<f64>,
    pub(super) names: Vec<String>,
    ranges: Vec<Range>,
    uncertain: Vec<(Slot, Distribution)>,
}

impl Builder<'_> {
    /// A slot for a value that may be uncertain: its base value, and its distribution kept
    /// as one of the plan's uncertain inputs.
    pub(super) fn slot(&mut self, name: String, value: &UncertainValue, range: Range) -> Slot {
        let slot = self.number(name, value.base(), range);
        if let Some(d) = value.distribution() {
            self.uncertain.push((slot, d.clone()));
        }
        slot
    }

    pub(super) fn number(&mut self, name: String, value: f64, range: Range) -> Slot {
        self.base.push(value);
        self.names.push(name);
        self.ranges.push(range);
        self.base.len() - 1
    }

    pub(super) fn service(&self, id: &str, field: &str) -> Result<usize> {
        self.economy.service_index(id, field)
    }

    fn op(&mut self, scenario: &str, i: usize, lever: &Lever) -> Result<Op> {
        let at = format!("{scenario}.levers[{i}]");
        Ok(match lever {
            Lever::Substitute {
                from,
                to,
                share,
                ratio,
                per,
            } => Op::Substitute {
                from: self.service(from, "from")?,
                to: self.service(to, "to")?,
                share: self.slot(format!("{at}.share"), share, Range::Share),
                ratio: self.slot(format!("{at}.ratio"), ratio, Range::NonNegative),
                per_person: match per {
                    Per::Unit => None,
                    Per::Person => Some((self.per_person(from, "from")?, self.per_person(to, "to")?)),
                },
            },
            Lever::Shift { from, to, amount } => Op::Shift {
                from: self.service(from, "from")?,
                to: self.service(to, "to")?,
                amount: self.slot(format!("{at}.amount"), amount, Range::NonNegative),
            },
            Lever::Reinvest {
                amount,
                into,
                by,
                source,
                share_of_released,
                from_levers,
            } => {
                // Checks the basis against the localities once, here.
                basis::reinvest_weights(self.economy, into, by)?;
                let mut targets = Vec::with_capacity(into.len());
                for (k, id) in into.iter().enumerate() {
                    let s = self.service(id, &format!("into[{k}]"))?;
                    let loc = self.economy.services()[s]
                        .locality()
                        .and_then(|l| self.economy.localities().iter().position(|x| x.id == l));
                    targets.push((s, loc));
                }
                let basis = match by {
                    _ if into.len() == 1 => Basis::Equal,
                    ReinvestBy::Register => Basis::Register,
                    ReinvestBy::Need => Basis::Need,
                    ReinvestBy::Equal => Basis::Equal,
                    ReinvestBy::Weights(w) => Basis::Weights(
                        targets
                            .iter()
                            .map(|(_, loc)| {
                                let id = &self.economy.localities()[loc.unwrap_or_default()].id;
                                self.number(
                                    format!("{at}.by.{id}"),
                                    w.get(id).copied().unwrap_or(0.0),
                                    Range::NonNegative,
                                )
                            })
                            .collect(),
                    ),
                };
                let (amount, of_released) =
                    self.reinvested_amount(&at, i, amount.as_ref(), share_of_released.as_ref(), from_levers)?;
                Op::Reinvest {
                    amount,
                    targets,
                    basis,
                    source: *source,
                    of_released,
                }
            }
            Lever::SetUnitCost { service, unit_cost } => Op::SetUnitCost {
                service: self.service(service, "service")?,
                unit_cost: self.slot(format!("{at}.unit_cost"), unit_cost, Range::NonNegative),
            },
            Lever::ScaleActivity { service, factor } => Op::Scale {
                service: self.service(service, "service")?,
                factor: self.slot(format!("{at}.factor"), factor, Range::NonNegative),
            },
            Lever::Productivity { service, gain } => Op::Productivity {
                service: self.service(service, "service")?,
                gain: self.slot(format!("{at}.gain"), gain, Range::Share),
            },
            Lever::Commission {
                service,
                people,
                units,
                source,
            } => self.commission(&at, service, people.as_ref(), units.as_ref(), *source)?,
        })
    }
}

impl Plan {
    /// Compiles an economy and the given scenarios.
    ///
    /// # Errors
    /// A lever naming an unknown service or locality, or a reinvestment basis the
    /// localities cannot support; named by the lever's path (`levers[1].into[0]`).
    pub fn compile(economy: &Economy, scenarios: &[&Scenario]) -> Result<Plan> {
        COMPILED.with(|n| n.set(n.get() + 1));
        let mut b = Builder {
            economy,
            base: Vec::new(),
            names: Vec::new(),
            ranges: Vec::new(),
            uncertain: Vec::new(),
        };
        let mut services = Vec::with_capacity(economy.services().len());
        for s in economy.services() {
            let id = s.id();
            let spec = s.spec();
            let unit_cost = b.slot(format!("{id}.unit_cost"), &spec.unit_cost, Range::NonNegative);
            let size = match (&spec.activity, &spec.allocation) {
                (Some(a), _) => Size::Activity(b.slot(format!("{id}.activity"), a, Range::NonNegative)),
                (None, Some(m)) => Size::Allocation(b.slot(format!("{id}.allocation"), m, Range::NonNegative)),
                (None, None) => Size::Activity(b.number(format!("{id}.activity"), s.activity(), Range::NonNegative)),
            };
            let units_per_person = spec
                .units_per_person
                .as_ref()
                .map(|u| b.slot(format!("{id}.units_per_person"), u, Range::Positive));
            services.push(ServiceSlots {
                corner: s.corner().index(),
                unit_cost,
                size,
                units_per_person,
            });
        }
        let localities = economy
            .localities()
            .iter()
            .map(|l| LocalitySlots {
                register: b.slot(format!("{}.register", l.id), &l.register, Range::NonNegative),
                need: match &l.need_weight {
                    Some(w) => b.slot(format!("{}.need_weight", l.id), w, Range::NonNegative),
                    None => b.number(format!("{}.need_weight", l.id), 1.0, Range::NonNegative),
                },
            })
            .collect();
        let mut compiled = Vec::with_capacity(scenarios.len());
        for scenario in scenarios {
            let ops = scenario
                .levers()
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    b.op(scenario.name(), i, l)
                        .map_err(|e| e.within(Location::key("levers").at(i)))
                })
                .collect::<Result<Vec<_>>>()?;
            compiled.push((scenario.name().to_string(), ops));
        }
        // Last, so that the slots and uncertain inputs before them keep their places.
        let outcomes = super::outcomes::compile(economy, |name, v| b.slot(name, v, Range::NonNegative));
        let ids = economy.services().iter().map(|s| s.id().to_string()).collect();
        Ok(Plan {
            ids,
            uncertain: b.uncertain,
            base: b.base,
            names: b.names,
            ranges: b.ranges,
            services,
            localities,
            scenarios: compiled,
            outcomes,
        })
    }
}
