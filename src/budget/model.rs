//! A budget impact compiled into flat slots, sharing the economy's compiled plan: service unit
//! costs and registers are the plan's slots (so a Monte Carlo draw of a unit cost moves the
//! economy and the budget impact together), and the budget impact's own inputs (uptake,
//! growth, effect sizes, costs) are slots appended after them. An evaluation fills one value
//! per cost line and year into a reused buffer, with no allocation.

use super::discount::Discounting;
use super::spec::{BudgetImpactSpec, CostKind, Release};
use super::uprating::PriceIndex;
use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::param::{check, Range};
use crate::plan::{Plan, Slot, Workspace};
use crate::service::FinancialYear;
use crate::triangle::Corner;
use crate::uncertainty::{Distribution, UncertainValue};

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
struct People {
    register: Vec<Slot>,
    growth: Slot,
    eligible: Slot,
    uptake: Vec<Slot>,
    baseline: Slot,
}

#[derive(Debug, Clone)]
enum Op {
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
    name: String,
    first_year: FinancialYear,
    years: u32,
    price_base: FinancialYear,
    index: Option<String>,
    discounting: Discounting,
    population: Option<f64>,
    headroom: f64,
    base: Vec<f64>,
    names: Vec<String>,
    uncertain: Vec<(Slot, Distribution)>,
    people: Vec<People>,
    lines: Vec<Line>,
    ops: Vec<Op>,
    scenario: Option<ScenarioLines>,
}

/// A scenario compiled with the economy: each service's line, and the uprating factor. Its
/// lines come first, so that the ops' lines follow at an offset.
#[derive(Debug, Clone)]
struct ScenarioLines {
    plan: Plan,
    line_of: Vec<usize>,
    lines: usize,
    factor: f64,
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

struct Slots {
    prefix: String,
    base: Vec<f64>,
    names: Vec<String>,
    uncertain: Vec<(Slot, Distribution)>,
}

impl Slots {
    fn value(&mut self, field: &str, value: &UncertainValue) -> Slot {
        self.base.push(value.base());
        self.names.push(format!("{}.{field}", self.prefix));
        let slot = self.base.len() - 1;
        if let Some(d) = value.distribution() {
            self.uncertain.push((slot, d.clone()));
        }
        slot
    }
}

/// A growth rate: above -1 at every value it can take.
fn growth(field: &str, value: &UncertainValue) -> Result<()> {
    let (lo, hi) = match value.distribution() {
        Some(d) => d.support(),
        None => (value.base(), value.base()),
    };
    if lo > -1.0 && hi.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("{lo} to {hi}"),
            "a finite rate above -1 (-100%) a year",
        ))
    }
}

impl BudgetModel {
    /// Checks a budget impact against an economy and compiles it.
    ///
    /// # Errors
    /// A horizon of zero years; a discount rate of -100% or below; an unknown service (in an
    /// intervention, effect, cost or reinvestment); costs priced in years other than the price
    /// base with no uprating, or an index without the years needed; values out of range.
    /// Fields are named by their path (`interventions[0].effects[1].service`).
    pub fn compile(economy: &Economy, spec: &BudgetImpactSpec) -> Result<BudgetModel> {
        if spec.name.trim().is_empty() {
            return Err(Error::invalid("name", format!("{:?}", spec.name), "a non-empty name"));
        }
        let first_year = spec
            .first_year
            .ok_or_else(|| Error::invalid("first_year", "nothing", "a financial year such as \"2025/26\""))?;
        if spec.years == 0 || spec.years > 100 {
            return Err(Error::invalid(
                "years",
                spec.years,
                "a horizon of 1 to 100 financial years",
            ));
        }
        FinancialYear::new(first_year.start() + (spec.years - 1) as u16)
            .map_err(|_| Error::invalid("years", spec.years, "a horizon that ends by 2200/01"))?;
        let discounting = Discounting::new(spec.discount_rate, spec.discount_timing)?;
        if let Some(p) = spec.population {
            if !(p.is_finite() && p > 0.0) {
                return Err(Error::invalid("population", p, "a finite number > 0"));
            }
        }
        let economy_year = economy.price_year();
        let price_base = spec.price_base.unwrap_or(economy_year);
        let index = spec.uprating.index().map_err(|e| e.within("uprating"))?;

        // Every priced item and its price year, so that mixed years are reported together.
        let mut priced: Vec<(String, FinancialYear)> = Vec::new();
        let years = spec.years;
        let offset = |field: &str, y: FinancialYear| -> Result<u32> {
            let t = i64::from(y.start()) - i64::from(first_year.start());
            if (0..i64::from(years)).contains(&t) {
                Ok(t as u32)
            } else {
                Err(Error::invalid(
                    field,
                    y,
                    format!(
                        "a year of the horizon, {first_year} to {}",
                        first_year.start() + years as u16 - 1
                    ),
                ))
            }
        };

        let scenario = spec
            .scenario
            .as_deref()
            .map(|name| economy.scenario(name))
            .transpose()?;
        if spec.scenario_release.is_some() && scenario.is_none() {
            return Err(Error::invalid(
                "scenario_release",
                "a kind of release",
                "given only with a scenario",
            ));
        }
        let plan = match scenario {
            Some(sc) => Plan::compile(economy, &[sc]).map_err(|e| e.within("scenario"))?,
            None => Plan::compile(economy, &[])?,
        };
        let mut lines = Vec::new();
        let mut line_of = Vec::new();
        if let Some(sc) = scenario {
            // One line for each (corner, commissioner) the economy's services fall in.
            let release = spec.scenario_release.unwrap_or(Release::CashReleasing);
            for sv in economy.services() {
                let who = economy.commissioner_of(sv);
                let at = lines
                    .iter()
                    .position(|l: &Line| l.corner == sv.corner() && l.commissioner == who)
                    .unwrap_or_else(|| {
                        lines.push(Line {
                            name: format!("scenario {}: {} ({who})", sc.name(), sv.corner().id()),
                            kind: LineKind::Scenario(release),
                            corner: sv.corner(),
                            commissioner: who.to_string(),
                        });
                        lines.len() - 1
                    });
                line_of.push(at);
            }
            priced.push((format!("scenario ({})", sc.name()), economy_year));
        }
        let mut s = Slots {
            prefix: spec.name.clone(),
            base: plan.base().to_vec(),
            names: plan.names().to_vec(),
            uncertain: plan.uncertain().to_vec(),
        };
        let plan_slot = |name: String| plan.slot(&name);
        let registers: Vec<Slot> = economy
            .localities()
            .iter()
            .filter_map(|l| plan_slot(format!("{}.register", l.id)))
            .collect();
        let register_total: f64 = economy.localities().iter().map(|l| l.people()).sum();

        let mut people = Vec::new();
        let mut ops = Vec::new();
        let mut ids = std::collections::HashSet::new();
        for (i, iv) in spec.interventions.iter().enumerate() {
            let at = format!("interventions[{i}]");
            let f = |field: &str| format!("{at}.{field}");
            crate::error::id(&f("id"), &iv.id)?;
            if !ids.insert(iv.id.clone()) {
                return Err(Error::DuplicateId {
                    field: f("id"),
                    kind: "intervention",
                    id: iv.id.clone(),
                });
            }
            let service = &economy.services()[economy.service_index(&iv.service, &f("service"))?];
            let register = match &iv.register {
                Some(r) => {
                    check(&f("register"), r, Range::NonNegative)?;
                    vec![s.value(&f("register"), r)]
                }
                // A service of one locality reaches that locality's register; an economy-wide
                // one, every locality's.
                None if !registers.is_empty() => match service.locality() {
                    Some(loc) => vec![plan_slot(format!("{loc}.register")).unwrap_or_default()],
                    None => registers.clone(),
                },
                None => {
                    return Err(Error::invalid(
                        f("register"),
                        "nothing",
                        "the people on the register (the economy has no localities to take it from)",
                    ))
                }
            };
            growth(&f("register_growth"), &iv.register_growth)?;
            check(&f("eligible_share"), &iv.eligible_share, Range::Share)?;
            check(&f("baseline_uptake"), &iv.baseline_uptake, Range::Share)?;
            if iv.uptake.is_empty() || iv.uptake.len() > years as usize {
                return Err(Error::invalid(
                    f("uptake"),
                    format!("{} values", iv.uptake.len()),
                    format!("1 to {years} shares, one a year (the last holds for later years)"),
                ));
            }
            let mut uptake = Vec::new();
            for (t, u) in iv.uptake.iter().enumerate() {
                check(&f(&format!("uptake[{t}]")), u, Range::Share)?;
                uptake.push(s.value(&f(&format!("uptake[{t}]")), u));
            }
            let who = people.len();
            people.push(People {
                register,
                growth: s.value(&f("register_growth"), &iv.register_growth),
                eligible: s.value(&f("eligible_share"), &iv.eligible_share),
                uptake,
                baseline: s.value(&f("baseline_uptake"), &iv.baseline_uptake),
            });
            let (cost, units, year) = match &iv.cost_per_person {
                Some(c) => {
                    check(&f("cost_per_person"), c, Range::NonNegative)?;
                    (
                        s.value(&f("cost_per_person"), c),
                        None,
                        iv.price_year.unwrap_or(economy_year),
                    )
                }
                None => {
                    if iv.price_year.is_some() {
                        return Err(Error::invalid(
                            f("price_year"),
                            iv.price_year.map(|y| y.to_string()).unwrap_or_default(),
                            "given only with cost_per_person (a service's unit cost is at the economy's price year)",
                        ));
                    }
                    let units = plan_slot(format!("{}.units_per_person", service.id())).ok_or_else(|| {
                        Error::invalid(
                            f("cost_per_person"),
                            "nothing",
                            format!(
                                "a cost per person, as service `{}` has no units_per_person to derive it from",
                                service.id()
                            ),
                        )
                    })?;
                    let cost = plan_slot(format!("{}.unit_cost", service.id())).unwrap_or_default();
                    (cost, Some(units), economy_year)
                }
            };
            priced.push((format!("{at} ({})", iv.id), year));
            ops.push(Op::Intervention {
                who,
                cost,
                units,
                factor: 1.0, // the uprating factor, set below once every price year is known
            });
            lines.push(Line {
                name: iv.id.clone(),
                kind: LineKind::Intervention,
                corner: service.corner(),
                commissioner: economy.commissioner_of(service).to_string(),
            });
            for (j, e) in iv.effects.iter().enumerate() {
                let at = format!("{at}.effects[{j}]");
                let f = |field: &str| format!("{at}.{field}");
                let target = &economy.services()[economy.service_index(&e.service, &f("service"))?];
                check(&f("reduction"), &e.reduction, Range::Share)?;
                let release = e.release.ok_or_else(|| {
                    Error::invalid(f("release"), "nothing", "\"cash_releasing\" or \"capacity_releasing\"")
                })?;
                let rate = match &e.units_per_person {
                    Some(u) => {
                        check(&f("units_per_person"), u, Range::NonNegative)?;
                        s.value(&f("units_per_person"), u)
                    }
                    // Activity over the people it serves: its locality's register, or every
                    // locality's for an economy-wide service.
                    None if register_total > 0.0 => {
                        let people = target
                            .locality()
                            .and_then(|l| economy.locality(l))
                            .map_or(register_total, |l| l.people());
                        let rate = if people > 0.0 { target.activity() / people } else { 0.0 };
                        s.value(&f("units_per_person"), &UncertainValue::Value(rate))
                    }
                    None => {
                        return Err(Error::invalid(
                            f("units_per_person"),
                            "nothing",
                            "units a year per person (the economy has no register to derive it from)",
                        ))
                    }
                };
                priced.push((format!("{at} ({})", target.id()), economy_year));
                ops.push(Op::Effect {
                    who,
                    reduction: s.value(&f("reduction"), &e.reduction),
                    rate,
                    unit_cost: plan_slot(format!("{}.unit_cost", target.id())).unwrap_or_default(),
                    factor: 1.0,
                    lag: e.lag,
                });
                lines.push(Line {
                    name: format!("{}: fewer {}", iv.id, target.id()),
                    kind: match release {
                        Release::CashReleasing => LineKind::CashReleasing,
                        Release::CapacityReleasing => LineKind::CapacityReleasing,
                    },
                    corner: target.corner(),
                    commissioner: economy.commissioner_of(target).to_string(),
                });
            }
        }

        let mut names = std::collections::HashSet::new();
        for (i, c) in spec.costs.iter().enumerate() {
            let at = format!("costs[{i}]");
            let f = |field: &str| format!("{at}.{field}");
            if c.name.trim().is_empty() {
                return Err(Error::invalid(f("name"), format!("{:?}", c.name), "a non-empty name"));
            }
            if !names.insert(c.name.clone()) {
                return Err(Error::DuplicateId {
                    field: f("name"),
                    kind: "cost",
                    id: c.name.clone(),
                });
            }
            check(&f("amount"), &c.amount, Range::NonNegative)?;
            let (corner, commissioner) = match (&c.service, c.corner) {
                (Some(id), None) => {
                    let sv = &economy.services()[economy.service_index(id, &f("service"))?];
                    (sv.corner(), economy.commissioner_of(sv).to_string())
                }
                (None, Some(corner)) => (corner, economy.commissioners().of(corner).to_string()),
                (a, _) => {
                    return Err(Error::invalid(
                        f("service"),
                        if a.is_some() {
                            "both service and corner"
                        } else {
                            "neither service nor corner"
                        },
                        "exactly one of service and corner, to place the cost in the triangle",
                    ))
                }
            };
            let from = offset(&f("start"), c.start.unwrap_or(first_year))?;
            let to = match (c.kind, c.years) {
                (CostKind::OneOff, None) => from + 1,
                (CostKind::OneOff, Some(n)) => {
                    return Err(Error::invalid(
                        f("years"),
                        n,
                        "absent for a one-off cost (it falls once)",
                    ))
                }
                (CostKind::DoubleRunning, None) => {
                    return Err(Error::invalid(
                        f("years"),
                        "nothing",
                        "the years of double running (1 or more)",
                    ))
                }
                (_, Some(0)) => return Err(Error::invalid(f("years"), 0, "1 or more")),
                (_, Some(n)) => (from + n).min(years),
                (CostKind::Recurrent, None) => years,
            };
            let year = c.price_year.unwrap_or(economy_year);
            priced.push((format!("{at} ({})", c.name), year));
            ops.push(Op::Fixed {
                amount: s.value(&f("amount"), &c.amount),
                factor: 1.0,
                from,
                to,
            });
            lines.push(Line {
                name: c.name.clone(),
                kind: match c.kind {
                    CostKind::OneOff => LineKind::OneOff,
                    CostKind::Recurrent => LineKind::Recurrent,
                    CostKind::DoubleRunning => LineKind::DoubleRunning,
                },
                corner,
                commissioner,
            });
        }

        if let Some(r) = &spec.reinvest {
            let sv = &economy.services()[economy.service_index(&r.into, "reinvest.into")?];
            check("reinvest.share", &r.share, Range::Share)?;
            ops.push(Op::Reinvest {
                share: s.value("reinvest.share", &r.share),
                include_capacity: r.include_capacity_releasing,
            });
            lines.push(Line {
                name: format!("reinvested in {}", sv.id()),
                kind: LineKind::Reinvested,
                corner: sv.corner(),
                commissioner: economy.commissioner_of(sv).to_string(),
            });
        }

        // Price years: every item at the price base, or an index to bring it there.
        let factors: Vec<f64> = match &index {
            None => {
                let off: Vec<String> = priced
                    .iter()
                    .filter(|(_, y)| *y != price_base)
                    .map(|(n, y)| format!("{n} at {y} prices"))
                    .collect();
                if !off.is_empty() {
                    return Err(Error::Incompatible(format!(
                        "budget impact `{}` reports at {price_base} prices, but these are priced in other years: {}; \
                         set uprating (such as \"nhscii_pay_and_prices\") or price them at {price_base}",
                        spec.name,
                        off.join(", ")
                    )));
                }
                vec![1.0; priced.len()]
            }
            Some(ix) => priced
                .iter()
                .map(|(_, y)| ix.factor(*y, price_base))
                .collect::<Result<_>>()
                .map_err(|e| e.within("uprating"))?,
        };
        let mut k = usize::from(scenario.is_some());
        for op in &mut ops {
            if let Op::Intervention { factor, .. } | Op::Effect { factor, .. } | Op::Fixed { factor, .. } = op {
                *factor = factors[k];
                k += 1;
            }
        }

        // The envelope's headroom is at the economy's price year.
        let headroom_factor = match &index {
            Some(ix) => ix.factor(economy_year, price_base).map_err(|e| e.within("uprating"))?,
            None => 1.0,
        };
        let scenario = scenario.map(|_| ScenarioLines {
            plan: plan.clone(),
            line_of,
            lines: lines.iter().filter(|l| matches!(l.kind, LineKind::Scenario(_))).count(),
            factor: factors[0],
        });
        // Only the inputs this budget impact reads are drawn under Monte Carlo (with a scenario,
        // every input of the economy and the scenario's levers).
        let used = used_slots(&people, &ops);
        let keep = |slot: &Slot| scenario.is_some() || used.contains(slot);
        s.uncertain.retain(|(slot, _)| keep(slot));
        let model = BudgetModel {
            name: spec.name.clone(),
            first_year,
            years,
            price_base,
            index: index.as_ref().map(|i| PriceIndex::name(i).to_string()),
            discounting,
            population: spec.population.or((register_total > 0.0).then_some(register_total)),
            headroom: economy.headroom() * headroom_factor,
            base: s.base,
            names: s.names,
            uncertain: s.uncertain,
            people,
            lines,
            ops,
            scenario,
        };
        // A scenario that cannot be applied fails here, named, rather than in a report.
        model.evaluate(model.base(), &mut model.workspace())?;
        Ok(model)
    }

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
                                    saved += (-v).max(0.0)
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
fn used_slots(people: &[People], ops: &[Op]) -> std::collections::HashSet<Slot> {
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
