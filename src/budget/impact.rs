//! The result of a budget impact: every line's £ in every year, and the figures a board paper
//! asks for (net and cumulative impact, discounted and not, payback year, return per £1, per
//! 100,000 population, by corner and commissioner).
//!
//! Signs: costs are positive, savings are shown negative in the line table, and the net
//! impact is costs − savings, so a negative net is money saved. Cash-releasing and
//! capacity-releasing savings are kept apart throughout; `net_cash` counts only the cash.

use super::model::{BudgetModel, LineKind};
use super::spec::Release;
use crate::economy::Dimension;
use crate::error::{Error, Result};
use crate::report::Table;
use crate::service::FinancialYear;

/// A budget impact worked out at the inputs' base values.
#[derive(Debug, Clone)]
pub struct BudgetImpact {
    model: BudgetModel,
    values: Vec<f64>,
    people: Vec<f64>,
    /// Each outcome's gain, year by year, outcome after outcome (see `outcomes.rs`).
    outcomes: Vec<f64>,
}

/// Year-by-year totals of one evaluation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Totals {
    /// All costs (interventions, one-off, recurrent, double running, reinvested).
    pub costs: Vec<f64>,
    /// Cash-releasing savings.
    pub cash: Vec<f64>,
    /// Capacity-releasing savings.
    pub capacity: Vec<f64>,
    /// Costs − all savings.
    pub net: Vec<f64>,
    /// Running total of `net`.
    pub cumulative: Vec<f64>,
    /// `net` × the year's discount factor.
    pub discounted_net: Vec<f64>,
    /// Running total of `discounted_net`.
    pub discounted_cumulative: Vec<f64>,
}

impl Totals {
    /// The totals of an evaluation's line values (line-major, `years` a line).
    pub fn of(model: &BudgetModel, values: &[f64]) -> Totals {
        let mut t = Totals::default();
        t.fill(model, values, &model.discounting().factors(model.years() as usize));
        t
    }

    /// As [`Totals::of`], into these totals' vectors (a Monte Carlo run reuses one `Totals`
    /// for every iteration rather than allocate seven vectors each), with the years' discount
    /// `factors` ([`crate::budget::Discounting::factors`]).
    pub fn fill(&mut self, model: &BudgetModel, values: &[f64], factors: &[f64]) {
        let y = model.years() as usize;
        let t = self;
        for v in [&mut t.costs, &mut t.cash, &mut t.capacity] {
            v.clear();
            v.resize(y, 0.0);
        }
        for v in [
            &mut t.net,
            &mut t.cumulative,
            &mut t.discounted_net,
            &mut t.discounted_cumulative,
        ] {
            v.clear();
        }
        for (l, line) in model.lines().iter().enumerate() {
            let row = &values[l * y..(l + 1) * y];
            let into = match line.kind {
                LineKind::CashReleasing => &mut t.cash,
                LineKind::CapacityReleasing => &mut t.capacity,
                LineKind::Scenario(release) => {
                    // A rise in spend is a cost, a fall a saving of the scenario's kind.
                    let saved = match release {
                        Release::CashReleasing => &mut t.cash,
                        Release::CapacityReleasing => &mut t.capacity,
                    };
                    for (i, v) in row.iter().enumerate() {
                        if *v < 0.0 {
                            saved[i] -= v;
                        }
                    }
                    for (i, v) in row.iter().enumerate() {
                        t.costs[i] += v.max(0.0);
                    }
                    continue;
                }
                _ => &mut t.costs,
            };
            into.iter_mut().zip(row).for_each(|(a, v)| *a += v);
        }
        let (mut cum, mut dcum) = (0.0, 0.0);
        for (i, factor) in factors[..y].iter().enumerate() {
            let net = t.costs[i] - t.cash[i] - t.capacity[i];
            let dnet = net * factor;
            cum += net;
            dcum += dnet;
            t.net.push(net);
            t.cumulative.push(cum);
            t.discounted_net.push(dnet);
            t.discounted_cumulative.push(dcum);
        }
    }

    /// The index of the first year whose cumulative net impact is 0 or below (the investment
    /// has been paid back), if any.
    pub fn payback(cumulative: &[f64]) -> Option<usize> {
        cumulative.iter().position(|c| *c <= 0.0)
    }

    /// £ saved (cash and capacity) per £1 of cost over the horizon; `None` when nothing is
    /// spent.
    pub fn return_per_pound(&self) -> Option<f64> {
        let costs: f64 = self.costs.iter().sum();
        let saved: f64 = self.cash.iter().sum::<f64>() + self.capacity.iter().sum::<f64>();
        (costs > 0.0).then(|| saved / costs)
    }
}

impl BudgetImpact {
    /// Evaluates a compiled budget impact at its base values.
    ///
    /// # Errors
    /// A scenario that cannot be applied (already refused by [`BudgetModel::compile`]).
    pub fn new(model: BudgetModel) -> Result<BudgetImpact> {
        let mut ws = model.workspace();
        model.evaluate(model.base(), &mut ws)?;
        // Every outcome's gains, year by year, outcome after outcome.
        let y = model.years() as usize;
        let mut outcomes = vec![0.0; model.outcome_specs().len() * y];
        for (o, out) in outcomes.chunks_mut(y).enumerate() {
            model.outcome_gains(o, model.base(), &ws, out);
        }
        Ok(BudgetImpact {
            outcomes,
            model,
            values: ws.values,
            people: ws.people,
        })
    }

    /// The compiled model.
    pub fn model(&self) -> &BudgetModel {
        &self.model
    }
    /// The financial years, as labels.
    pub fn years(&self) -> Vec<String> {
        self.model.year_labels()
    }
    /// Year-by-year totals.
    pub fn totals(&self) -> Totals {
        Totals::of(&self.model, &self.values)
    }
    /// £ of line `l` in each year (savings as positive amounts saved).
    pub fn line(&self, l: usize) -> &[f64] {
        let y = self.model.years() as usize;
        &self.values[l * y..(l + 1) * y]
    }
    /// Outcome `o` gained in each year (see [`BudgetModel::outcome_gains`]).
    pub fn outcome_gains(&self, o: usize) -> &[f64] {
        let y = self.model.years() as usize;
        &self.outcomes[o * y..(o + 1) * y]
    }
    /// People newly supported by all interventions, each year.
    pub fn people_supported(&self) -> Vec<f64> {
        let y = self.model.years() as usize;
        (0..y)
            .map(|t| (0..self.model.interventions()).map(|i| self.people[i * y + t]).sum())
            .collect()
    }

    fn year(&self, t: usize) -> FinancialYear {
        FinancialYear::new(self.model.first_year().start() + t as u16).unwrap_or(self.model.first_year())
    }

    /// The first year by whose end the cumulative net impact is 0 or below, if within the
    /// horizon.
    pub fn payback_year(&self) -> Option<FinancialYear> {
        Totals::payback(&self.totals().cumulative).map(|t| self.year(t))
    }
    /// As [`BudgetImpact::payback_year`], on discounted figures.
    pub fn discounted_payback_year(&self) -> Option<FinancialYear> {
        Totals::payback(&self.totals().discounted_cumulative).map(|t| self.year(t))
    }
    /// £ saved per £1 spent over the horizon, undiscounted.
    pub fn return_per_pound(&self) -> Option<f64> {
        self.totals().return_per_pound()
    }
    /// £ saved per £1 spent over the horizon, both discounted.
    pub fn discounted_return_per_pound(&self) -> Option<f64> {
        let t = self.totals();
        let d = self.model.discounting();
        let weigh = |v: &[f64]| -> f64 { v.iter().enumerate().map(|(i, x)| x * d.factor(i as u32)).sum() };
        let costs = weigh(&t.costs);
        (costs > 0.0).then(|| (weigh(&t.cash) + weigh(&t.capacity)) / costs)
    }

    /// The headline figures over the horizon: costs, savings of each kind, cumulative net
    /// impact (discounted and not), return per £1, and the cumulative net per 100,000.
    pub fn summary(&self) -> Table {
        let t = self.totals();
        let last = |v: &[f64]| v.last().copied().unwrap_or(0.0);
        let total = |v: &[f64]| v.iter().sum::<f64>();
        let per = self.model.population().map(|p| 100_000.0 / p);
        let rows: [(&str, &str, Option<f64>); 9] = [
            ("total_costs", "Costs over the horizon", Some(total(&t.costs))),
            ("cash_releasing", "Cash-releasing savings", Some(total(&t.cash))),
            (
                "capacity_releasing",
                "Capacity-releasing savings",
                Some(total(&t.capacity)),
            ),
            ("cumulative", "Cumulative net impact", Some(last(&t.cumulative))),
            (
                "discounted_cumulative",
                "Cumulative net impact, discounted",
                Some(last(&t.discounted_cumulative)),
            ),
            (
                "cumulative_net_cash",
                "Cumulative net impact, cash-releasing savings only",
                Some(total(&t.costs) - total(&t.cash)),
            ),
            ("return_per_pound", "Savings per £1 spent", self.return_per_pound()),
            (
                "discounted_return_per_pound",
                "Savings per £1 spent, discounted",
                self.discounted_return_per_pound(),
            ),
            (
                "cumulative_per_100k",
                "Cumulative net impact per 100,000 population",
                per.map(|p| last(&t.cumulative) * p),
            ),
        ];
        Table::keyed("figure", rows.iter().map(|r| r.0.into()).collect())
            .text("name", rows.iter().map(|r| r.1.into()).collect())
            .figure("amount", rows.iter().map(|r| r.2).collect())
    }

    /// One row a year: people supported, costs by kind, savings by kind, `net`, `cumulative`,
    /// `discount_factor`, `discounted_net`, `discounted_cumulative`, `net_cash` (costs − cash
    /// savings only) and `net_per_100k`.
    pub fn annual(&self) -> Table {
        let y = self.model.years() as usize;
        let t = self.totals();
        let by_kind = |kind: LineKind| -> Vec<f64> {
            (0..y)
                .map(|i| {
                    self.model
                        .lines()
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.kind == kind)
                        .map(|(k, _)| self.values[k * y + i])
                        .sum()
                })
                .collect()
        };
        let d = self.model.discounting();
        let per = self.model.population().map(|p| 100_000.0 / p);
        let scenario: Vec<f64> = (0..y)
            .map(|i| {
                self.model
                    .lines()
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| matches!(l.kind, LineKind::Scenario(_)))
                    .map(|(k, _)| self.values[k * y + i])
                    .sum()
            })
            .collect();
        let headroom = self.model.headroom();
        Table::keyed("year", self.years())
            .sum("people_supported", self.people_supported())
            .sum("scenario_change", scenario)
            .sum("intervention_costs", by_kind(LineKind::Intervention))
            .sum("one_off_costs", by_kind(LineKind::OneOff))
            .sum("recurrent_costs", by_kind(LineKind::Recurrent))
            .sum("double_running_costs", by_kind(LineKind::DoubleRunning))
            .sum("reinvested", by_kind(LineKind::Reinvested))
            .sum("total_costs", t.costs.clone())
            .sum("cash_releasing", t.cash.clone())
            .sum("capacity_releasing", t.capacity.clone())
            .sum(
                "total_savings",
                t.cash.iter().zip(&t.capacity).map(|(a, b)| a + b).collect(),
            )
            .sum("net", t.net.clone())
            .figure("cumulative", t.cumulative.iter().map(|v| Some(*v)).collect())
            .figure("discount_factor", (0..y).map(|i| Some(d.factor(i as u32))).collect())
            .sum("discounted_net", t.discounted_net.clone())
            .figure(
                "discounted_cumulative",
                t.discounted_cumulative.iter().map(|v| Some(*v)).collect(),
            )
            .sum("net_cash", t.costs.iter().zip(&t.cash).map(|(a, b)| a - b).collect())
            .figure("net_per_100k", t.net.iter().map(|v| per.map(|p| v * p)).collect())
            .figure("headroom", t.net.iter().map(|v| Some(headroom - v)).collect())
    }

    /// The NICE layout: one row a cost line (savings negative), one column a year, and a
    /// total column; the total row is the net budget impact.
    pub fn by_line(&self) -> Table {
        let lines = self.model.lines();
        let sign = |k: LineKind| if k.is_saving() { -1.0 } else { 1.0 };
        let mut t = Table::keyed("line", lines.iter().map(|l| l.name.clone()).collect())
            .text("kind", lines.iter().map(|l| l.kind.id().to_string()).collect())
            .text("corner", lines.iter().map(|l| l.corner.id().to_string()).collect())
            .text("commissioner", lines.iter().map(|l| l.commissioner.clone()).collect());
        for (i, year) in self.years().iter().enumerate() {
            t = t.sum(
                year,
                lines
                    .iter()
                    .enumerate()
                    .map(|(l, line)| sign(line.kind) * self.line(l)[i])
                    .collect(),
            );
        }
        t.sum(
            "total",
            lines
                .iter()
                .enumerate()
                .map(|(l, line)| sign(line.kind) * self.line(l).iter().sum::<f64>())
                .collect(),
        )
        .with_total()
    }

    /// Net impact (costs − savings) by corner or commissioner, one column a year and a total.
    ///
    /// # Errors
    /// A dimension other than corner or commissioner.
    pub fn by(&self, dim: Dimension) -> Result<Table> {
        let key = |l: &super::model::Line| match dim {
            Dimension::Corner => Ok(l.corner.id().to_string()),
            Dimension::Commissioner => Ok(l.commissioner.clone()),
            _ => Err(Error::invalid(
                "by",
                dim.id(),
                "corner or commissioner for a budget impact",
            )),
        };
        let mut keys: Vec<String> = Vec::new();
        if dim == Dimension::Corner {
            keys.extend(crate::triangle::Corner::ALL.iter().map(|c| c.id().to_string()));
        }
        let mut group = Vec::new();
        for l in self.model.lines() {
            let k = key(l)?;
            let g = keys.iter().position(|x| *x == k).unwrap_or_else(|| {
                keys.push(k);
                keys.len() - 1
            });
            group.push(g);
        }
        let y = self.model.years() as usize;
        let mut cells = vec![vec![0.0; y]; keys.len()];
        for (l, line) in self.model.lines().iter().enumerate() {
            let sign = if line.kind.is_saving() { -1.0 } else { 1.0 };
            for (i, v) in self.line(l).iter().enumerate() {
                cells[group[l]][i] += sign * v;
            }
        }
        let mut t = Table::keyed(dim.id(), keys);
        for (i, year) in self.years().iter().enumerate() {
            t = t.sum(year, cells.iter().map(|c| c[i]).collect());
        }
        Ok(t.sum("total", cells.iter().map(|c| c.iter().sum()).collect())
            .with_total())
    }
}
