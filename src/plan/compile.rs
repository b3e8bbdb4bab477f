//! Compiling an economy and scenarios into a [`Plan`]: every number becomes a slot with its
//! field's range, every id an index, and each lever an operation on them. Compiling is how a
//! scenario is checked against an economy, once.

use std::collections::HashMap;

use super::basis::{self, Place};
use super::{Basis, LocalitySlots, Op, Plan, ServiceSlots, Size, Slot, COMPILED};
use crate::economy::Economy;
use crate::error::{Error, Location, Result};
use crate::param::Range;
use crate::scenario::{Lever, Per, ReinvestBy, Scenario};
use crate::uncertainty::{Distribution, UncertainValue};

pub(super) struct Builder<'a> {
    pub(super) economy: &'a Economy,
    base: Vec<f64>,
    pub(super) names: Vec<String>,
    ranges: Vec<Range>,
    uncertain: Vec<(Slot, Distribution)>,
    /// Where reinvested money is spread: the localities, then each cluster a lever spreads
    /// money over, added when first needed (so a plan without them is as before).
    pub(super) places: Vec<LocalitySlots>,
    cluster_places: HashMap<(usize, usize), usize>,
    /// The places of a condition's registers by locality, added when a lever spreads money by
    /// them (`super::condition`).
    pub(super) condition_places: HashMap<(usize, usize), usize>,
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

    /// The index of a place among the plan's places, adding a cluster's the first time: its
    /// register (a number) and its own need weight's slot, or its locality's need slot.
    fn place(&mut self, place: Place) -> Option<usize> {
        match place {
            Place::Nowhere => None,
            Place::Locality(l) => Some(l),
            Place::Cluster(l, c) => {
                if let Some(at) = self.cluster_places.get(&(l, c)) {
                    return Some(*at);
                }
                let cluster = &self.economy.localities()[l].clusters[c];
                let register = self.number(
                    format!("{}.register", cluster.id),
                    cluster.register.unwrap_or(0.0),
                    Range::NonNegative,
                );
                let need = match &cluster.need_weight {
                    Some(w) => self.slot(format!("{}.need_weight", cluster.id), w, Range::NonNegative),
                    None => self.places[l].need,
                };
                self.places.push(LocalitySlots { register, need });
                self.cluster_places.insert((l, c), self.places.len() - 1);
                Some(self.places.len() - 1)
            }
        }
    }

    pub(super) fn service(&self, id: &str, field: &str) -> Result<usize> {
        self.economy.service_index(id, field)
    }

    fn op(&mut self, scenario: &Scenario, i: usize, lever: &Lever) -> Result<Op> {
        let at = format!("{}.levers[{i}]", scenario.name());
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
                condition,
            } => {
                // Checks the basis against the places once, here.
                let places = basis::places(self.economy, into, by, condition.as_deref())?;
                let mut targets = Vec::with_capacity(into.len());
                for (k, (id, place)) in into.iter().zip(&places).enumerate() {
                    let s = self.service(id, &format!("into[{k}]"))?;
                    targets.push((s, self.place(*place)));
                }
                if let (Some(c), true) = (condition, into.len() > 1) {
                    self.condition_places(c, &places, into, &mut targets, matches!(by, ReinvestBy::Need))?;
                }
                let basis = match by {
                    _ if into.len() == 1 => Basis::Equal,
                    ReinvestBy::Register => Basis::Register,
                    ReinvestBy::Need => Basis::Need,
                    ReinvestBy::Equal => Basis::Equal,
                    ReinvestBy::Weights(w) => Basis::Weights(
                        places
                            .iter()
                            .map(|place| {
                                let id = place.id(self.economy);
                                self.number(
                                    format!("{at}.by.{id}"),
                                    w.get(id).copied().unwrap_or(0.0),
                                    Range::NonNegative,
                                )
                            })
                            .collect(),
                    ),
                };
                let from_levers = scenario.lever_indices(i, from_levers)?;
                let (amount, of_released) =
                    self.reinvested_amount(&at, amount.as_ref(), share_of_released.as_ref(), from_levers);
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
            Lever::Target {
                segment,
                service,
                effect,
                coverage,
            } => {
                let s = self.service(service, "service")?;
                let seg = self.economy.segment(segment, "segment")?;
                let id = self.economy.services()[s].id();
                let use_share = *seg.use_of.get(id).ok_or_else(|| {
                    Error::invalid(
                        "service",
                        format!("{service:?}"),
                        format!(
                            "a service whose use segment `{}` gives a share of (add `use = {{ {id} = … }}` to it)",
                            seg.id
                        ),
                    )
                })?;
                Op::Target {
                    service: s,
                    use_share: self.number(format!("{}.use.{id}", seg.id), use_share, Range::Share),
                    coverage: self.slot(format!("{at}.coverage"), coverage, Range::Share),
                    effect: self.slot(format!("{at}.effect"), effect, Range::Effect),
                }
            }
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
            places: Vec::new(),
            cluster_places: HashMap::new(),
            condition_places: HashMap::new(),
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
        b.places = economy
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
                    b.op(scenario, i, l)
                        .map_err(|e| e.within(Location::key("levers").at(i)))
                })
                .collect::<Result<Vec<_>>>()?;
            compiled.push((scenario.name().to_string(), ops));
        }
        // Last, so that the slots and uncertain inputs before them keep their places.
        let outcomes = super::outcomes::compile(economy, |name, v| b.slot(name, v, Range::Finite));
        let ids = economy.services().iter().map(|s| s.id().to_string()).collect();
        Ok(Plan {
            ids,
            uncertain: b.uncertain,
            base: b.base,
            names: b.names,
            ranges: b.ranges,
            services,
            localities: b.places,
            scenarios: compiled,
            outcomes,
        })
    }
}
