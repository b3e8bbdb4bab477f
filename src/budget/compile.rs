//! Checking a budget impact against an economy and compiling it into a [`BudgetModel`]: every
//! input a slot (the economy's own from its compiled plan, the budget impact's appended), every
//! id a resolved index, every price year brought to the price base once, here.

use std::collections::HashSet;

use super::discount::Discounting;
use super::model::{used_slots, BudgetModel, Line, LineKind, Op, People, ScenarioLines};
use super::spec::{BudgetImpactSpec, CostKind, CostSpec, InterventionSpec, Release};
use super::uprating::PriceIndex;
use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::param::{check, Range};
use crate::plan::{Plan, Slot};
use crate::scenario::Scenario;
use crate::service::{FinancialYear, Service};
use crate::uncertainty::{Distribution, UncertainValue};

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

/// What compiling has gathered so far.
struct Build<'a> {
    economy: &'a Economy,
    plan: Plan,
    prefix: String,
    first_year: FinancialYear,
    years: u32,
    base: Vec<f64>,
    names: Vec<String>,
    uncertain: Vec<(Slot, Distribution)>,
    /// Every priced item and its price year, in the order of the ops that carry a factor, so
    /// that mixed years are reported together and factors are set in one pass.
    priced: Vec<(String, FinancialYear)>,
    people: Vec<People>,
    lines: Vec<Line>,
    ops: Vec<Op>,
    /// People on every locality's register (base values), for default rates.
    register_total: f64,
}

impl Build<'_> {
    fn value(&mut self, field: &str, value: &UncertainValue) -> Slot {
        self.base.push(value.base());
        self.names.push(format!("{}.{field}", self.prefix));
        let slot = self.base.len() - 1;
        if let Some(d) = value.distribution() {
            self.uncertain.push((slot, d.clone()));
        }
        slot
    }

    fn plan_slot(&self, name: &str) -> Option<Slot> {
        self.plan.slot(name)
    }

    fn service(&self, id: &str, field: &str) -> Result<&'_ Service> {
        Ok(&self.economy.services()[self.economy.service_index(id, field)?])
    }

    fn line(&mut self, name: String, kind: LineKind, service: &Service) {
        self.lines.push(Line {
            name,
            kind,
            corner: service.corner(),
            commissioner: self.economy.commissioner_of(service).to_string(),
        });
    }

    /// The horizon's year index of `y`.
    fn offset(&self, field: &str, y: FinancialYear) -> Result<u32> {
        let t = i64::from(y.start()) - i64::from(self.first_year.start());
        if (0..i64::from(self.years)).contains(&t) {
            Ok(t as u32)
        } else {
            Err(Error::invalid(
                field,
                y,
                format!(
                    "a year of the horizon, {} to {}",
                    self.first_year,
                    self.first_year.start() + self.years as u16 - 1
                ),
            ))
        }
    }

    /// One line for each (corner, commissioner) the economy's services fall in; returns each
    /// service's line.
    fn scenario_lines(&mut self, name: &str, release: Release) -> Vec<usize> {
        let economy = self.economy;
        let mut line_of = Vec::with_capacity(economy.services().len());
        for sv in economy.services() {
            let who = economy.commissioner_of(sv);
            let at = if let Some(at) = self
                .lines
                .iter()
                .position(|l| l.corner == sv.corner() && l.commissioner == who)
            {
                at
            } else {
                self.line(
                    format!("scenario {name}: {} ({who})", sv.corner().id()),
                    LineKind::Scenario(release),
                    sv,
                );
                self.lines.len() - 1
            };
            line_of.push(at);
        }
        self.priced.push((format!("scenario ({name})"), economy.price_year()));
        line_of
    }

    fn intervention(&mut self, at: &str, iv: &InterventionSpec) -> Result<()> {
        let f = |field: &str| format!("{at}.{field}");
        let economy = self.economy;
        let economy_year = economy.price_year();
        crate::ids::check(&f("id"), &iv.id)?;
        let service = self.service(&iv.service, &f("service"))?.clone();
        let register = match &iv.register {
            Some(r) => {
                check(&f("register"), r, Range::NonNegative)?;
                vec![self.value(&f("register"), r)]
            }
            // A service of one locality reaches that locality's register; an economy-wide
            // one, every locality's.
            None if !economy.localities().is_empty() => {
                let of: Vec<&str> = match service.locality() {
                    Some(loc) => vec![loc],
                    None => economy.localities().iter().map(|l| l.id.as_str()).collect(),
                };
                of.iter()
                    .filter_map(|l| self.plan_slot(&format!("{l}.register")))
                    .collect()
            }
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
        if iv.uptake.is_empty() || iv.uptake.len() > self.years as usize {
            return Err(Error::invalid(
                f("uptake"),
                format!("{} values", iv.uptake.len()),
                format!(
                    "1 to {} shares, one a year (the last holds for later years)",
                    self.years
                ),
            ));
        }
        let mut uptake = Vec::with_capacity(iv.uptake.len());
        for (t, u) in iv.uptake.iter().enumerate() {
            let field = f(&format!("uptake[{t}]"));
            check(&field, u, Range::Share)?;
            uptake.push(self.value(&field, u));
        }
        let who = self.people.len();
        let people = People {
            register,
            growth: self.value(&f("register_growth"), &iv.register_growth),
            eligible: self.value(&f("eligible_share"), &iv.eligible_share),
            uptake,
            baseline: self.value(&f("baseline_uptake"), &iv.baseline_uptake),
        };
        self.people.push(people);
        let (cost, units, year) = if let Some(c) = &iv.cost_per_person {
            check(&f("cost_per_person"), c, Range::NonNegative)?;
            let slot = self.value(&f("cost_per_person"), c);
            (slot, None, iv.price_year.unwrap_or(economy_year))
        } else {
            if let Some(y) = iv.price_year {
                return Err(Error::invalid(
                    f("price_year"),
                    y,
                    "given only with cost_per_person (a service's unit cost is at the economy's price year)",
                ));
            }
            let units = self
                .plan_slot(&format!("{}.units_per_person", service.id()))
                .ok_or_else(|| {
                    Error::invalid(
                        f("cost_per_person"),
                        "nothing",
                        format!(
                            "a cost per person, as service `{}` has no units_per_person to derive it from",
                            service.id()
                        ),
                    )
                })?;
            let cost = self
                .plan_slot(&format!("{}.unit_cost", service.id()))
                .unwrap_or_default();
            (cost, Some(units), economy_year)
        };
        self.priced.push((format!("{at} ({})", iv.id), year));
        self.ops.push(Op::Intervention {
            who,
            cost,
            units,
            factor: 1.0, // the uprating factor, set once every price year is known
        });
        self.line(iv.id.clone(), LineKind::Intervention, &service);

        for (j, e) in iv.effects.iter().enumerate() {
            let at = format!("{at}.effects[{j}]");
            let f = |field: &str| format!("{at}.{field}");
            let target = self.service(&e.service, &f("service"))?.clone();
            check(&f("reduction"), &e.reduction, Range::Share)?;
            let release = e.release.ok_or_else(|| {
                Error::invalid(f("release"), "nothing", "\"cash_releasing\" or \"capacity_releasing\"")
            })?;
            let rate = match &e.units_per_person {
                Some(u) => {
                    check(&f("units_per_person"), u, Range::NonNegative)?;
                    self.value(&f("units_per_person"), u)
                }
                // Activity over the people it serves: its locality's register, or every
                // locality's for an economy-wide service.
                None if self.register_total > 0.0 => {
                    let people = target
                        .locality()
                        .and_then(|l| economy.locality(l))
                        .map_or(self.register_total, super::super::economy::LocalitySpec::people);
                    let rate = if people > 0.0 { target.activity() / people } else { 0.0 };
                    self.value(&f("units_per_person"), &UncertainValue::Value(rate))
                }
                None => {
                    return Err(Error::invalid(
                        f("units_per_person"),
                        "nothing",
                        "units a year per person (the economy has no register to derive it from)",
                    ))
                }
            };
            self.priced.push((format!("{at} ({})", target.id()), economy_year));
            let reduction = self.value(&f("reduction"), &e.reduction);
            self.ops.push(Op::Effect {
                who,
                reduction,
                rate,
                unit_cost: self
                    .plan_slot(&format!("{}.unit_cost", target.id()))
                    .unwrap_or_default(),
                factor: 1.0,
                lag: e.lag,
            });
            let kind = match release {
                Release::CashReleasing => LineKind::CashReleasing,
                Release::CapacityReleasing => LineKind::CapacityReleasing,
            };
            self.line(format!("{}: fewer {}", iv.id, target.id()), kind, &target);
        }
        Ok(())
    }

    fn cost(&mut self, at: &str, c: &CostSpec) -> Result<()> {
        let f = |field: &str| format!("{at}.{field}");
        let economy = self.economy;
        if c.name.trim().is_empty() {
            return Err(Error::invalid(f("name"), format!("{:?}", c.name), "a non-empty name"));
        }
        check(&f("amount"), &c.amount, Range::NonNegative)?;
        let (corner, commissioner) = match (&c.service, c.corner) {
            (Some(id), None) => {
                let sv = self.service(id, &f("service"))?;
                (sv.corner(), economy.commissioner_of(sv).to_string())
            }
            (None, Some(corner)) => (corner, economy.commissioners().of(corner).to_string()),
            (both, _) => {
                return Err(Error::invalid(
                    f("service"),
                    if both.is_some() {
                        "both service and corner"
                    } else {
                        "neither service nor corner"
                    },
                    "exactly one of service and corner, to place the cost in the triangle",
                ))
            }
        };
        let from = self.offset(&f("start"), c.start.unwrap_or(self.first_year))?;
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
            // Years beyond the horizon fall outside it.
            (_, Some(n)) => (from + n).min(self.years),
            (CostKind::Recurrent, None) => self.years,
        };
        let year = c.price_year.unwrap_or(economy.price_year());
        self.priced.push((format!("{at} ({})", c.name), year));
        let amount = self.value(&f("amount"), &c.amount);
        self.ops.push(Op::Fixed {
            amount,
            factor: 1.0,
            from,
            to,
        });
        self.lines.push(Line {
            name: c.name.clone(),
            kind: match c.kind {
                CostKind::OneOff => LineKind::OneOff,
                CostKind::Recurrent => LineKind::Recurrent,
                CostKind::DoubleRunning => LineKind::DoubleRunning,
            },
            corner,
            commissioner,
        });
        Ok(())
    }

    /// Each priced item's factor to the price base, or the error naming every item priced in
    /// another year when there is no index.
    fn factors(&self, name: &str, index: Option<&PriceIndex>, price_base: FinancialYear) -> Result<Vec<f64>> {
        match index {
            None => {
                let off: Vec<String> = self
                    .priced
                    .iter()
                    .filter(|(_, y)| *y != price_base)
                    .map(|(n, y)| format!("{n} at {y} prices"))
                    .collect();
                if !off.is_empty() {
                    return Err(Error::Incompatible(format!(
                        "budget impact `{name}` reports at {price_base} prices, but these are priced in other years: {}; \
                         set uprating (such as \"nhscii_pay_and_prices\") or price them at {price_base}",
                        off.join(", ")
                    )));
                }
                Ok(vec![1.0; self.priced.len()])
            }
            Some(ix) => self
                .priced
                .iter()
                .map(|(_, y)| ix.factor(*y, price_base))
                .collect::<Result<_>>()
                .map_err(|e| e.within("uprating")),
        }
    }
}

impl BudgetModel {
    /// Checks a budget impact against an economy and compiles it.
    ///
    /// # Errors
    /// A horizon of zero years; a discount rate of -100% or below; an unknown service (in an
    /// intervention, effect, cost or reinvestment) or scenario; figures priced in years other
    /// than the price base with no uprating, or an index without the years needed; values out
    /// of range; a scenario that cannot be applied. Fields are named by their path
    /// (`interventions[0].effects[1].service`).
    ///
    /// `scenario` is the scenario `spec.scenario` names, found by the caller (a
    /// [`crate::Programme`] among those it keeps, or one made in Python), so that it is
    /// compiled here once and no economy is rebuilt to hold it.
    pub fn compile(economy: &Economy, spec: &BudgetImpactSpec, scenario: Option<&Scenario>) -> Result<BudgetModel> {
        if spec.name.trim().is_empty() {
            return Err(Error::invalid("name", format!("{:?}", spec.name), "a non-empty name"));
        }
        let first_year = spec
            .first_year
            .ok_or_else(|| Error::invalid("first_year", "nothing", "a financial year such as \"2025/26\""))?;
        let years = spec.years;
        if years == 0 || years > 100 {
            return Err(Error::invalid("years", years, "a horizon of 1 to 100 financial years"));
        }
        FinancialYear::new(first_year.start() + (years - 1) as u16)
            .map_err(|_| Error::invalid("years", years, "a horizon that ends by 2200/01"))?;
        let discounting = Discounting::new(spec.discount_rate, spec.discount_timing)?;
        discounting.check_horizon(years)?;
        if let Some(p) = spec.population {
            if !(p.is_finite() && p > 0.0) {
                return Err(Error::invalid("population", p, "a finite number > 0"));
            }
        }
        let price_base = spec.price_base.unwrap_or(economy.price_year());
        let index = spec.uprating.index().map_err(|e| e.within("uprating"))?;
        match (spec.scenario.as_deref(), scenario) {
            (Some(name), Some(sc)) if name == sc.name() => {}
            (None, None) => {}
            (named, _) => {
                return Err(Error::invalid(
                    "scenario",
                    format!("{named:?} with the scenario {:?}", scenario.map(Scenario::name)),
                    "the scenario the budget impact names",
                ))
            }
        }
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
        let mut b = Build {
            economy,
            prefix: spec.name.clone(),
            first_year,
            years,
            base: plan.base().to_vec(),
            names: plan.names().to_vec(),
            uncertain: plan.uncertain().to_vec(),
            plan,
            priced: Vec::new(),
            people: Vec::new(),
            lines: Vec::new(),
            ops: Vec::new(),
            register_total: economy
                .localities()
                .iter()
                .map(super::super::economy::LocalitySpec::people)
                .sum(),
        };

        // The scenario's lines come first (see `ScenarioLines`).
        let line_of =
            scenario.map(|sc| b.scenario_lines(sc.name(), spec.scenario_release.unwrap_or(Release::CashReleasing)));
        let mut ids = HashSet::new();
        for (i, iv) in spec.interventions.iter().enumerate() {
            let at = format!("interventions[{i}]");
            if !ids.insert(iv.id.as_str()) {
                return Err(Error::DuplicateId {
                    field: format!("{at}.id"),
                    kind: "intervention",
                    id: iv.id.clone(),
                    hint: String::new(),
                });
            }
            b.intervention(&at, iv)?;
        }
        let mut names = HashSet::new();
        for (i, c) in spec.costs.iter().enumerate() {
            let at = format!("costs[{i}]");
            if !names.insert(c.name.as_str()) {
                return Err(Error::DuplicateId {
                    field: format!("{at}.name"),
                    kind: "cost",
                    id: c.name.clone(),
                    hint: String::new(),
                });
            }
            b.cost(&at, c)?;
        }
        if let Some(r) = &spec.reinvest {
            let sv = b.service(&r.into, "reinvest.into")?.clone();
            check("reinvest.share", &r.share, Range::Share)?;
            let share = b.value("reinvest.share", &r.share);
            b.ops.push(Op::Reinvest {
                share,
                include_capacity: r.include_capacity_releasing,
            });
            b.line(format!("reinvested in {}", sv.id()), LineKind::Reinvested, &sv);
        }
        // The headroom against the envelope is at the economy's price year, too.
        b.priced.push(("the envelope's headroom".into(), economy.price_year()));

        let factors = b.factors(&spec.name, index.as_ref(), price_base)?;
        let mut k = usize::from(scenario.is_some());
        for op in &mut b.ops {
            if let Op::Intervention { factor, .. } | Op::Effect { factor, .. } | Op::Fixed { factor, .. } = op {
                *factor = factors[k];
                k += 1;
            }
        }
        let headroom_factor = factors[factors.len() - 1];
        let scenario = line_of.map(|line_of| ScenarioLines {
            plan: b.plan.clone(),
            line_of,
            lines: b
                .lines
                .iter()
                .filter(|l| matches!(l.kind, LineKind::Scenario(_)))
                .count(),
            factor: factors[0],
        });
        // Only the inputs this budget impact reads are drawn under Monte Carlo (with a scenario,
        // every input of the economy and the scenario's levers).
        let used = used_slots(&b.people, &b.ops);
        b.uncertain
            .retain(|(slot, _)| scenario.is_some() || used.contains(slot));
        let register_total = b.register_total;
        let model = BudgetModel {
            name: spec.name.clone(),
            first_year,
            years,
            price_base,
            index: index.as_ref().map(|i| i.name().to_string()),
            discounting,
            population: spec.population.or((register_total > 0.0).then_some(register_total)),
            headroom: economy.headroom() * headroom_factor,
            base: b.base,
            names: b.names,
            uncertain: b.uncertain,
            people: b.people,
            lines: b.lines,
            ops: b.ops,
            scenario,
        };
        // A scenario that cannot be applied fails here, named, rather than in a report.
        model.evaluate(model.base(), &mut model.workspace())?;
        Ok(model)
    }
}
