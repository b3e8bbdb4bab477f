//! A budget impact compiled into flat slots, sharing the economy's compiled plan: service unit
//! costs and registers are the plan's slots (so a Monte Carlo draw of a unit cost moves the
//! economy and the budget impact together), and the budget impact's own inputs (uptake,
//! growth, effect sizes, costs) are slots appended after them. An evaluation fills one value
//! per cost line and year into a reused buffer, with no allocation. Compiling is in
//! `compile.rs`.

use super::discount::Discounting;
use super::spec::Release;
use crate::error::Result;
use crate::plan::{Plan, Slot, Workspace};
use crate::service::FinancialYear;
use crate::triangle::Corner;
use crate::uncertainty::Distribution;

/// The kind of a budget impact line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// People newly supported × cost per person.
    Intervention,
    /// A one-off cost.
    OneOff,
    /// A recurrent cost.
    Recurrent,
    /// Double running while a service is replaced.
    DoubleRunning,
    /// Savings spent again.
    Reinvested,
    /// A saving that frees money.
    CashReleasing,
    /// A saving that frees only capacity.
    CapacityReleasing,
    /// A scenario's change in spend: a cost where it rises, a saving of the given kind where
    /// it falls.
    Scenario(Release),
}

impl LineKind {
    /// The kind as reports name it.
    pub fn id(self) -> &'static str {
        match self {
            LineKind::Intervention => "intervention",
            LineKind::OneOff => "one_off",
            LineKind::Recurrent => "recurrent",
            LineKind::DoubleRunning => "double_running",
            LineKind::Reinvested => "reinvested",
            LineKind::CashReleasing => "cash_releasing",
            LineKind::CapacityReleasing => "capacity_releasing",
            LineKind::Scenario(_) => "scenario",
        }
    }
    /// Whether the line is a saving, reported as a positive amount saved (a scenario's line
    /// is neither: it is the signed change in spend).
    pub fn is_saving(self) -> bool {
        matches!(self, LineKind::CashReleasing | LineKind::CapacityReleasing)
    }
}

/// One line of the budget impact: what it is, and where it falls in the triangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Its name in reports.
    pub name: String,
    /// Its kind.
    pub kind: LineKind,
    /// The corner it falls in.
    pub corner: Corner,
    /// Who commissions it.
    pub commissioner: String,
}

#[derive(Debug, Clone)]
pub(super) struct People {
    pub(super) register: Vec<Slot>,
    pub(super) growth: Slot,
    pub(super) eligible: Slot,
    pub(super) uptake: Vec<Slot>,
    pub(super) baseline: Slot,
}

#[derive(Debug, Clone)]
pub(super) enum Op {
    Intervention {
        who: usize,
        cost: Slot,
        /// Units per person, where the cost is the service's unit cost × units per person.
        units: Option<Slot>,
        factor: f64,
    },
    Fixed {
        amount: Slot,
        factor: f64,
        from: u32,
        to: u32,
    },
    Effect {
        who: usize,
        reduction: Slot,
        rate: Slot,
        unit_cost: Slot,
        factor: f64,
        lag: u32,
    },
    Reinvest {
        share: Slot,
        include_capacity: bool,
    },
}

/// A budget impact, compiled.
#[derive(Debug, Clone)]
pub struct BudgetModel {
    pub(super) name: String,
    pub(super) first_year: FinancialYear,
    pub(super) years: u32,
    pub(super) price_base: FinancialYear,
    pub(super) index: Option<String>,
    pub(super) discounting: Discounting,
    pub(super) population: Option<f64>,
    pub(super) headroom: f64,
    pub(super) base: Vec<f64>,
    pub(super) names: Vec<String>,
    pub(super) uncertain: Vec<(Slot, Distribution)>,
    pub(super) people: Vec<People>,
    pub(super) lines: Vec<Line>,
    pub(super) ops: Vec<Op>,
    pub(super) scenario: Option<ScenarioLines>,
    pub(super) outcomes: super::outcomes::Outcomes,
}

/// A scenario compiled with the economy: each service's line, and the uprating factor. Its
/// lines come first, so that the ops' lines follow at an offset.
#[derive(Debug, Clone)]
pub(super) struct ScenarioLines {
    pub(super) plan: Plan,
    pub(super) line_of: Vec<usize>,
    pub(super) lines: usize,
    pub(super) factor: f64,
}

/// Buffers one evaluation writes into.
#[derive(Debug, Clone)]
pub struct BudgetWorkspace {
    /// People newly supported, intervention by intervention, year by year.
    pub people: Vec<f64>,
    /// £ of each line, year by year (line-major); savings are positive amounts saved.
    pub values: Vec<f64>,
    plan: Option<Workspace>,
}

impl BudgetModel {
    /// The budget impact's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The first financial year.
    pub fn first_year(&self) -> FinancialYear {
        self.first_year
    }
    /// Number of years.
    pub fn years(&self) -> u32 {
        self.years
    }
    /// The financial years of the horizon, as labels (`2025/26`).
    pub fn year_labels(&self) -> Vec<String> {
        (0..self.years)
            .map(|t| {
                FinancialYear::new(self.first_year.start() + t as u16)
                    .map(|y| y.to_string())
                    .unwrap_or_default()
            })
            .collect()
    }
    /// The price year figures are reported in.
    pub fn price_base(&self) -> FinancialYear {
        self.price_base
    }
    /// The uprating index's name, if one is used.
    pub fn index(&self) -> Option<&str> {
        self.index.as_deref()
    }
    /// The discounting.
    pub fn discounting(&self) -> Discounting {
        self.discounting
    }
    /// People for figures per 100,000 (the given population, else the register).
    pub fn population(&self) -> Option<f64> {
        self.population
    }
    /// The envelope less baseline spend, at the price base: what each year's net impact
    /// must fit in.
    pub fn headroom(&self) -> f64 {
        self.headroom
    }
    /// The lines, in report order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }
    /// Number of interventions.
    pub fn interventions(&self) -> usize {
        self.people.len()
    }
    /// Every slot's base value.
    pub fn base(&self) -> &[f64] {
        &self.base
    }
    /// Every slot's name.
    pub fn names(&self) -> &[String] {
        &self.names
    }
    /// The slot with this name.
    pub fn slot(&self, name: &str) -> Option<Slot> {
        self.names.iter().position(|n| n == name)
    }
    /// The uncertain slots, with their distributions.
    pub fn uncertain(&self) -> &[(Slot, Distribution)] {
        &self.uncertain
    }
    /// The uncertain slots' names, in the order of [`BudgetModel::uncertain`].
    pub fn input_names(&self) -> Vec<String> {
        self.uncertain().iter().map(|(s, _)| self.names()[*s].clone()).collect()
    }

    /// The outcomes the economy declares, in order.
    pub fn outcome_specs(&self) -> &[crate::outcome::OutcomeSpec] {
        self.outcomes.specs()
    }
    /// The discounting of outcomes (`outcome_discount_rate`, at the budget impact's timing).
    pub fn outcome_discounting(&self) -> Discounting {
        self.outcomes.discounting()
    }
    /// Outcome `o` gained in each year of the evaluation in `ws` at `p`, into `out`: the rise
    /// where more is better, the fall where less is (see `outcomes.rs`).
    pub fn outcome_gains(&self, o: usize, p: &[f64], ws: &BudgetWorkspace, out: &mut [f64]) {
        let scenario = match (&self.scenario, &ws.plan) {
            (Some(sc), Some(pws)) => sc.plan.outcome_change(o, p, pws),
            _ => 0.0,
        };
        let y = self.years as usize;
        self.outcomes.gains(o, y, p, &ws.people, &ws.values, scenario, out);
    }

    /// A workspace sized for this model.
    pub fn workspace(&self) -> BudgetWorkspace {
        let y = self.years as usize;
        BudgetWorkspace {
            people: vec![0.0; self.people.len() * y],
            values: vec![0.0; self.lines.len() * y],
            plan: self.scenario.as_ref().map(|sc| sc.plan.workspace()),
        }
    }

    /// Fills `ws` with every line's £ in every year for one parameter vector.
    ///
    /// # Errors
    /// A scenario that cannot be applied with these values (a shift of more money than a
    /// service spends, …), named by the lever's path.
    pub fn evaluate(&self, p: &[f64], ws: &mut BudgetWorkspace) -> Result<()> {
        let y = self.years as usize;
        let mut offset = 0;
        if let (Some(sc), Some(pws)) = (&self.scenario, ws.plan.as_mut()) {
            sc.plan.run(0, p, pws, false).map_err(|e| e.within("scenario"))?;
            ws.values[..sc.lines * y].fill(0.0);
            for (i, line) in sc.line_of.iter().enumerate() {
                let change = (sc.plan.spend(p, pws, i) - sc.plan.baseline_spend(p, i)) * sc.factor;
                ws.values[line * y..(line + 1) * y]
                    .iter_mut()
                    .for_each(|v| *v += change);
            }
            offset = sc.lines;
        }
        for (i, who) in self.people.iter().enumerate() {
            let register: f64 = who.register.iter().map(|s| p[*s]).sum();
            let mut grown = register * p[who.eligible];
            for t in 0..y {
                let uptake = p[who.uptake[t.min(who.uptake.len() - 1)]];
                ws.people[i * y + t] = grown * (uptake - p[who.baseline]);
                grown *= 1.0 + p[who.growth];
            }
        }
        for (l, op) in self.ops.iter().enumerate() {
            let l = l + offset;
            let (row, rest) = ws.values.split_at_mut(l * y);
            let out = &mut rest[..y];
            match op {
                Op::Intervention {
                    who,
                    cost,
                    units,
                    factor,
                } => {
                    let per = p[*cost] * units.map_or(1.0, |u| p[u]) * factor;
                    for (t, o) in out.iter_mut().enumerate() {
                        *o = ws.people[who * y + t] * per;
                    }
                }
                Op::Fixed {
                    amount,
                    factor,
                    from,
                    to,
                } => {
                    for (t, o) in out.iter_mut().enumerate() {
                        let t = t as u32;
                        *o = if t >= *from && t < *to {
                            p[*amount] * factor
                        } else {
                            0.0
                        };
                    }
                }
                Op::Effect {
                    who,
                    reduction,
                    rate,
                    unit_cost,
                    factor,
                    lag,
                } => {
                    let per = p[*reduction] * p[*rate] * p[*unit_cost] * factor;
                    for (t, o) in out.iter_mut().enumerate() {
                        *o = if t as u32 >= *lag {
                            ws.people[who * y + t] * per
                        } else {
                            0.0
                        };
                    }
                }
                Op::Reinvest {
                    share,
                    include_capacity,
                } => {
                    // Savings of the same year, from the lines before this one (it is last).
                    for (t, o) in out.iter_mut().enumerate() {
                        let mut saved = 0.0;
                        for (k, line) in self.lines[..l].iter().enumerate() {
                            let v = row[k * y + t];
                            match line.kind {
                                LineKind::CashReleasing => saved += v,
                                LineKind::CapacityReleasing if *include_capacity => saved += v,
                                LineKind::Scenario(Release::CashReleasing) => saved += (-v).max(0.0),
                                LineKind::Scenario(Release::CapacityReleasing) if *include_capacity => {
                                    saved += (-v).max(0.0);
                                }
                                _ => {}
                            }
                        }
                        *o = p[*share] * saved;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The slots the people and the ops read.
pub(super) fn used_slots(people: &[People], ops: &[Op]) -> std::collections::HashSet<Slot> {
    let mut used = std::collections::HashSet::new();
    for who in people {
        used.extend(who.register.iter().copied());
        used.extend(who.uptake.iter().copied());
        used.extend([who.growth, who.eligible, who.baseline]);
    }
    for op in ops {
        match op {
            Op::Intervention { cost, units, .. } => {
                used.insert(*cost);
                used.extend(*units);
            }
            Op::Fixed { amount, .. } => {
                used.insert(*amount);
            }
            Op::Effect {
                reduction,
                rate,
                unit_cost,
                ..
            } => used.extend([*reduction, *rate, *unit_cost]),
            Op::Reinvest { share, .. } => {
                used.insert(*share);
            }
        }
    }
    used
}
