//! Checking a budget impact against an economy and compiling it into a [`BudgetModel`]: every
//! input a slot (the economy's own from its compiled plan, the budget impact's appended), every
//! id a resolved index, every price year brought to the price base once, here.

mod lines;

use std::collections::HashSet;

use super::discount::Discounting;
use super::model::{used_slots, BudgetModel, Line, LineKind, Op, People, ScenarioLines};
use super::outcomes::{Outcomes, Source, NICE_OUTCOME_RATE};
use super::spec::{BudgetImpactSpec, Release};
use crate::economy::Economy;
use crate::error::{Error, Location, Result};
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
    /// Where the budget impact changes outcomes (see `budget/outcomes.rs`).
    sources: Vec<Source>,
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
                .map(crate::economy::LocalitySpec::people)
                .sum(),
            sources: Vec::new(),
        };

        // The scenario's lines come first (see `ScenarioLines`).
        let line_of =
            scenario.map(|sc| b.scenario_lines(sc.name(), spec.scenario_release.unwrap_or(Release::CashReleasing)));
        let mut ids = HashSet::new();
        for (i, iv) in spec.interventions.iter().enumerate() {
            let at = format!("interventions[{i}]");
            if !ids.insert(iv.id.as_str()) {
                return Err(Error::DuplicateId {
                    field: Location::key("interventions").at(i).then("id"),
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
                    field: Location::key("costs").at(i).then("name"),
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
            b.sources.push(Source::Bought {
                line: b.lines.len(),
                service: economy.service_index(sv.id(), "reinvest.into")?,
                unit_cost: b.plan_slot(&format!("{}.unit_cost", sv.id())).unwrap_or_default(),
                factor: 1.0, // the economy's price year to the price base, set below
            });
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
        for s in &mut b.sources {
            if let Source::Bought { factor, .. } = s {
                *factor = headroom_factor;
            }
        }
        let outcome_discounting = Discounting::new(
            spec.outcome_discount_rate.unwrap_or(NICE_OUTCOME_RATE),
            spec.discount_timing,
        )
        .and_then(|d| d.check_horizon(years).map(|()| d))
        .map_err(|e| match e {
            // The same checks as the budget's rate, under this field's name.
            Error::InvalidValue { value, expected, .. } => Error::InvalidValue {
                field: "outcome_discount_rate".into(),
                value,
                expected,
            },
            e => e,
        })?;
        let outcomes = Outcomes::new(
            economy.outcomes(),
            &b.plan,
            std::mem::take(&mut b.sources),
            outcome_discounting,
        );
        for (i, iv) in spec.interventions.iter().enumerate() {
            let at = format!("interventions[{i}].service");
            if let Some(o) = outcomes.uncountable_for_people(economy.service_index(&iv.service, &at)?) {
                return Err(Error::invalid(
                    at,
                    &iv.service,
                    format!(
                        "a service with units_per_person, so that the outcome `{o}` it produces a unit can be counted for the people supported"
                    ),
                ));
            }
        }
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
        let mut used = used_slots(&b.people, &b.ops);
        used.extend(outcomes.used_slots());
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
            outcomes,
        };
        // A scenario that cannot be applied fails here, named, rather than in a report.
        model.evaluate(model.base(), &mut model.workspace())?;
        Ok(model)
    }
}
