//! Running a plan one parameter vector at a time: the baseline into a workspace, then each
//! scenario's operations in order, with every rule checked and each lever's ledger kept when
//! asked (reports, and the row-by-row reference the column-by-column run is tested against).

use super::{commission, released, Basis, Ledger, Op, Plan, Size, Workspace};
use crate::error::{Error, Location, Result};
use crate::scenario::MoneySource;
use crate::service::MAX_SPEND;
use crate::sum;

impl Plan {
    /// Sets the workspace to the baseline.
    pub fn reset(&self, params: &[f64], ws: &mut Workspace) {
        for (i, s) in self.services.iter().enumerate() {
            let cost = params[s.unit_cost];
            ws.unit_cost[i] = cost;
            ws.activity[i] = match s.size {
                Size::Activity(a) => params[a],
                Size::Allocation(m) if cost > 0.0 => params[m] / cost,
                Size::Allocation(_) => 0.0,
            };
            ws.changed[i] = false;
        }
        ws.base_unit_cost.copy_from_slice(&ws.unit_cost);
        ws.base_activity.copy_from_slice(&ws.activity);
        Self::clear(ws);
    }

    /// Sets the workspace back to the baseline of the last [`Plan::reset`].
    fn restore(ws: &mut Workspace) {
        ws.unit_cost.copy_from_slice(&ws.base_unit_cost);
        ws.activity.copy_from_slice(&ws.base_activity);
        ws.changed.fill(false);
        Self::clear(ws);
    }

    fn clear(ws: &mut Workspace) {
        ws.pool = [0.0; 3];
        ws.flows = [[0.0; 3]; 3];
        ws.levers.clear();
        ws.total = Ledger::default();
    }

    /// Spend by corner and people reached (where units per person are known) in the
    /// workspace, adding services in order: one pass, for the Monte Carlo hot path.
    pub fn tally(&self, params: &[f64], ws: &Workspace) -> ([f64; 3], f64) {
        let mut corners = [0.0; 3];
        let mut carry = [0.0; 3];
        let mut people = 0.0;
        let it = self
            .services
            .iter()
            .zip(&ws.unit_cost)
            .zip(&ws.activity)
            .zip(&ws.changed);
        for (((s, cost), activity), changed) in it {
            // An untouched service keeps its exact allocation; otherwise (and for any
            // activity-priced service, whose cost × activity is the baseline's product) the
            // spend is unit cost × activity.
            let spend = match s.size {
                Size::Allocation(m) if !changed => params[m],
                _ => cost * activity,
            };
            sum::add(&mut corners[s.corner], &mut carry[s.corner], spend);
            if let Some(u) = s.units_per_person {
                people += activity / params[u];
            }
        }
        for (c, k) in corners.iter_mut().zip(carry) {
            *c += k;
        }
        (corners, people)
    }

    /// Service `i`'s spend in the workspace.
    pub fn spend(&self, params: &[f64], ws: &Workspace, i: usize) -> f64 {
        if ws.changed[i] {
            ws.unit_cost[i] * ws.activity[i]
        } else {
            self.baseline_spend(params, i)
        }
    }

    /// Runs scenario `k` from the baseline into `ws`; with `record`, each lever's ledger is
    /// kept in `ws.levers`.
    ///
    /// # Errors
    /// A shift of more money than a service spends, reinvesting more released money than was
    /// released, money put into a service with a unit cost of 0, reinvestment weights that add
    /// up to 0; named by the lever's path.
    pub fn run(&self, k: usize, params: &[f64], ws: &mut Workspace, record: bool) -> Result<()> {
        self.reset(params, ws);
        self.run_ops(k, params, ws, record)
    }

    /// Runs scenario `k` from the baseline of the last [`Plan::reset`] of `ws` with the same
    /// `params`: as [`Plan::run`], without working the baseline out again.
    ///
    /// # Errors
    /// As [`Plan::run`].
    pub fn run_after_reset(&self, k: usize, params: &[f64], ws: &mut Workspace, record: bool) -> Result<()> {
        Self::restore(ws);
        self.run_ops(k, params, ws, record)
    }

    fn run_ops(&self, k: usize, params: &[f64], ws: &mut Workspace, record: bool) -> Result<()> {
        // Every spend is checked once at the end (the ledger too); only a run that breaks it
        // runs again from the baseline, checking after each lever, to name the lever.
        self.apply_ops(k, params, ws, record, false)?;
        if self.check_spend(ws).is_err() {
            Self::restore(ws);
            self.apply_ops(k, params, ws, record, true)?;
            self.check_spend(ws)?;
        }
        Ok(())
    }

    fn apply_ops(&self, k: usize, params: &[f64], ws: &mut Workspace, record: bool, check_each: bool) -> Result<()> {
        ws.released_by.clear();
        for (i, op) in self.scenarios[k].1.iter().enumerate() {
            let before = ws.total;
            let people_before = if record { self.people_reached(params, ws) } else { 0.0 };
            self.op(op, params, ws)
                .map_err(|e| e.within(Location::key("levers").at(i)))?;
            ws.released_by.push(ws.total.released - before.released);
            // Each lever's services are checked as it runs (a spend past the limit that a
            // later lever brought back would leave its rounding in the ledger).
            let mut over = false;
            op.for_each_service(|s| {
                let spend = ws.activity[s] * ws.unit_cost[s];
                over |= spend.is_nan() || spend > MAX_SPEND;
            });
            if check_each || over {
                self.check_spend(ws)
                    .map_err(|e| e.within(Location::key("levers").at(i)))?;
            }
            if record {
                let t = ws.total;
                ws.levers.push(Ledger {
                    released: t.released - before.released,
                    reinvested: t.reinvested - before.reinvested,
                    new_money: t.new_money - before.new_money,
                    moved: t.moved - before.moved,
                    people: self.people_reached(params, ws) - people_before,
                });
            }
        }
        Ok(())
    }

    /// Refuses a lever that leaves a service spending more than [`MAX_SPEND`] (a factor of
    /// 1e308, new money of 1e308, money into a service priced at 1e-300), as a file may not:
    /// an infinite or vast spend would poison every total after it, silently.
    fn check_spend(&self, ws: &Workspace) -> Result<()> {
        let ledger = ws.total.released + ws.total.reinvested + ws.total.new_money + ws.total.moved;
        let bad = ws
            .activity
            .iter()
            .zip(&ws.unit_cost)
            .position(|(a, c)| (a * c).is_nan() || a * c > MAX_SPEND);
        if ledger.is_finite() && bad.is_none() {
            return Ok(());
        }
        let what = match bad {
            Some(i) => format!(
                "a spend on `{}` of £{:e}",
                self.ids[i],
                ws.activity[i] * ws.unit_cost[i]
            ),
            None => format!("£{ledger:e} moved"),
        };
        Err(Error::invalid(
            "",
            what,
            format!(
                "a lever that leaves every service's spend at most £{MAX_SPEND:e} a year \
                 (a factor, ratio, amount or unit cost too large)"
            ),
        ))
    }

    fn op(&self, op: &Op, p: &[f64], ws: &mut Workspace) -> Result<()> {
        let corner = |i: usize| self.services[i].corner;
        match op {
            Op::Substitute {
                from,
                to,
                share,
                ratio,
                per_person,
            } => {
                let (f, t) = (*from, *to);
                let ratio = match per_person {
                    Some((uf, ut)) => p[*ut] / p[*uf],
                    None => p[*ratio],
                };
                let units = p[*share] * ws.activity[f];
                let given_up = units * ws.unit_cost[f];
                let taken_on = units * ratio * ws.unit_cost[t];
                ws.activity[f] -= units;
                ws.activity[t] += units * ratio;
                ws.changed[f] = true;
                ws.changed[t] = true;
                flow(ws, corner(f), corner(t), given_up.min(taken_on));
                if given_up > taken_on {
                    release(ws, corner(f), given_up - taken_on);
                } else {
                    ws.total.new_money += taken_on - given_up;
                }
            }
            Op::Shift { from, to, amount } => {
                let (f, t) = (*from, *to);
                let has = ws.unit_cost[f] * ws.activity[f];
                let amount = p[*amount];
                if amount > has + 0.005 {
                    return Err(Error::Insufficient {
                        field: "amount".into(),
                        message: format!(
                            "shifts {} but {} spends only {}",
                            crate::report::money(amount),
                            self.ids[f],
                            crate::report::money(has)
                        ),
                    });
                }
                let amount = amount.min(has);
                if amount > 0.0 {
                    ws.activity[f] = if amount >= has {
                        0.0
                    } else {
                        ws.activity[f] - amount / ws.unit_cost[f]
                    };
                    ws.changed[f] = true;
                }
                self.buy(ws, t, amount, || "to".into())?;
                flow(ws, corner(f), corner(t), amount);
            }
            Op::Reinvest {
                amount,
                targets,
                basis,
                source,
                of_released,
            } => {
                let amount = match of_released {
                    None => p[*amount],
                    Some(from) => {
                        released::of_released(p[*amount], ws.total.released, ws.total.reinvested, from, |j| {
                            ws.released_by[j]
                        })
                    }
                };
                self.weights(targets, basis, p, &mut ws.weights)?;
                let mut drawn = [0.0; 3];
                match source {
                    MoneySource::New => ws.total.new_money += amount,
                    MoneySource::Released => {
                        let available: f64 = ws.pool.iter().sum();
                        // Against the totals, not the pool: the half-penny allowed for
                        // rounding is allowed once a run, not once a lever (1,000 levers of
                        // £0.00499 reinvested £4.99 from an empty pool).
                        if ws.total.reinvested + amount > ws.total.released + 0.005 {
                            return Err(Error::Insufficient {
                                field: "amount".into(),
                                message: format!(
                                    "reinvests {} of released money but earlier levers released only {}; \
                                     release more first, or set source = \"new\"",
                                    crate::report::money(amount),
                                    crate::report::money(available)
                                ),
                            });
                        }
                        ws.total.reinvested += amount;
                        drawn = released::draw(&mut ws.pool, amount);
                    }
                }
                for (k, (t, _)) in targets.iter().enumerate() {
                    let w = ws.weights[k];
                    self.buy(ws, *t, amount * w, || format!("into[{k}]"))?;
                    for (c, d) in drawn.iter().enumerate() {
                        if *d > 0.0 {
                            ws.flows[c][corner(*t)] += d * w;
                            ws.total.moved += d * w;
                        }
                    }
                }
            }
            Op::SetUnitCost { service, unit_cost } => {
                let before = ws.unit_cost[*service] * ws.activity[*service];
                ws.unit_cost[*service] = p[*unit_cost];
                respend(ws, *service, corner(*service), before);
            }
            Op::Scale { service, factor } => {
                if ws.activity[*service] == 0.0 {
                    return Err(commission::nothing_to_scale(&self.ids[*service]));
                }
                let before = ws.unit_cost[*service] * ws.activity[*service];
                ws.activity[*service] *= p[*factor];
                respend(ws, *service, corner(*service), before);
            }
            Op::Productivity { service, gain } => {
                let before = ws.unit_cost[*service] * ws.activity[*service];
                ws.unit_cost[*service] *= 1.0 - p[*gain];
                respend(ws, *service, corner(*service), before);
            }
            Op::Target {
                service,
                use_share,
                coverage,
                effect,
            } => {
                // The segment's events are use_share of all; those of its supported people
                // change by `effect`, the rest do not.
                let before = ws.unit_cost[*service] * ws.activity[*service];
                ws.activity[*service] *= 1.0 + p[*use_share] * p[*coverage] * p[*effect];
                respend(ws, *service, corner(*service), before);
            }
            Op::Commission {
                service,
                units,
                per_person,
                source,
            } => self.commission_row(
                *service,
                commission::units(p[*units], per_person.map(|u| p[u])),
                *source,
                ws,
            )?,
        }
        Ok(())
    }

    /// Fills `out` with each target's share of £1, from the basis and (for register and need)
    /// the current register sizes and need weights.
    fn weights(&self, targets: &[(usize, Option<usize>)], basis: &Basis, p: &[f64], out: &mut Vec<f64>) -> Result<()> {
        out.clear();
        for (k, (_, loc)) in targets.iter().enumerate() {
            let l = loc.map(|l| &self.localities[l]);
            out.push(match basis {
                Basis::Equal => 1.0,
                Basis::Register => l.map_or(0.0, |l| p[l.register]),
                Basis::Need => l.map_or(0.0, |l| p[l.register] * p[l.need]),
                Basis::Weights(w) => p[w[k]],
            });
        }
        let total: f64 = out.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            return Err(Error::invalid(
                "by",
                format!("weights adding up to {total}"),
                "weights that add up to more than 0",
            ));
        }
        for w in out.iter_mut() {
            *w /= total;
        }
        Ok(())
    }

    /// Adds `money` to service `i` as activity at its unit cost; `field` names the lever's
    /// field in an error (made only then, so the hot path does not allocate).
    fn buy(&self, ws: &mut Workspace, i: usize, money: f64, field: impl Fn() -> String) -> Result<()> {
        if money <= 0.0 {
            return Ok(());
        }
        if ws.unit_cost[i] == 0.0 {
            return Err(Error::invalid(
                field(),
                format!("{:?}", self.ids[i]),
                "a service with a unit cost above 0 (money cannot buy activity at no cost)",
            ));
        }
        ws.activity[i] += money / ws.unit_cost[i];
        ws.changed[i] = true;
        Ok(())
    }
}

fn flow(ws: &mut Workspace, from: usize, to: usize, amount: f64) {
    ws.flows[from][to] += amount;
    ws.total.moved += amount;
}

fn release(ws: &mut Workspace, corner: usize, amount: f64) {
    ws.total.released += amount;
    ws.pool[corner] += amount;
}

/// A change of spend on one service that no other service balances: a fall is released
/// money, a rise new money.
fn respend(ws: &mut Workspace, i: usize, corner: usize, before: f64) {
    let after = ws.unit_cost[i] * ws.activity[i];
    if after < before {
        release(ws, corner, before - after);
    } else {
        ws.total.new_money += after - before;
    }
    ws.changed[i] = true;
}
