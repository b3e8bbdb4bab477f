//! A budget impact's interventions and costs compiled into lines: people supported year by
//! year, their costs, the activity they avoid and what that saves, each priced at the price
//! base through the uprating index.

use super::{growth, Build};
use crate::budget::model::{Line, LineKind, Op, People};
use crate::budget::outcomes::Source;
use crate::budget::spec::{CostKind, CostSpec, InterventionSpec, Release};
use crate::budget::uprating::PriceIndex;
use crate::error::{Error, Result};
use crate::param::{check, Range};
use crate::service::FinancialYear;
use crate::uncertainty::UncertainValue;

impl Build<'_> {
    pub(super) fn intervention(&mut self, at: &str, iv: &InterventionSpec) -> Result<()> {
        let f = |field: &str| format!("{at}.{field}");
        let economy = self.economy;
        let economy_year = economy.price_year();
        crate::ids::check(f("id"), &iv.id)?;
        let service = self.service(&iv.service, &f("service"))?.clone();
        let register = match &iv.register {
            Some(r) => {
                check(f("register"), r, Range::NonNegative)?;
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
        check(f("eligible_share"), &iv.eligible_share, Range::Share)?;
        check(f("baseline_uptake"), &iv.baseline_uptake, Range::Share)?;
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
            check(f("cost_per_person"), c, Range::NonNegative)?;
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
        let service_index = economy.service_index(service.id(), &f("service"))?;
        self.sources.push(Source::People {
            who,
            service: service_index,
        });

        for (j, e) in iv.effects.iter().enumerate() {
            let at = format!("{at}.effects[{j}]");
            let f = |field: &str| format!("{at}.{field}");
            let target = self.service(&e.service, &f("service"))?.clone();
            check(f("reduction"), &e.reduction, Range::Share)?;
            let release = e.release.ok_or_else(|| {
                Error::invalid(f("release"), "nothing", "\"cash_releasing\" or \"capacity_releasing\"")
            })?;
            let rate = match &e.units_per_person {
                Some(u) => {
                    check(f("units_per_person"), u, Range::NonNegative)?;
                    self.value(&f("units_per_person"), u)
                }
                // Activity over the people it serves: its locality's register, or every
                // locality's for an economy-wide service.
                None if self.register_total > 0.0 => {
                    let people = target
                        .locality()
                        .and_then(|l| economy.locality(l))
                        .map_or(self.register_total, crate::economy::LocalitySpec::people);
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
            self.sources.push(Source::Avoided {
                who,
                service: economy.service_index(target.id(), &f("service"))?,
                reduction,
                rate,
                lag: e.lag,
            });
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

    pub(super) fn cost(&mut self, at: &str, c: &CostSpec) -> Result<()> {
        let f = |field: &str| format!("{at}.{field}");
        let economy = self.economy;
        if c.name.trim().is_empty() {
            return Err(Error::invalid(f("name"), format!("{:?}", c.name), "a non-empty name"));
        }
        check(f("amount"), &c.amount, Range::NonNegative)?;
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
    pub(super) fn factors(
        &self,
        name: &str,
        index: Option<&PriceIndex>,
        price_base: FinancialYear,
    ) -> Result<Vec<f64>> {
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
