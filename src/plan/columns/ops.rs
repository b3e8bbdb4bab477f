//! Each lever run over every row of a chunk at once: the column-by-column form of the
//! operations in `row.rs`, making the same additions in the same order for each row, so the
//! two give the same bits.

use super::{Columns, Params};
use crate::plan::{released, Basis, Op, Plan};
use crate::scenario::MoneySource;

impl Plan {
    /// As [`Plan::op`], over every row; the arithmetic of each row is the same, in the same
    /// order.
    pub(super) fn op_columns(&self, op: &Op, p: &Params, ws: &mut Columns) {
        let corner = |i: usize| self.services[i].corner;
        let (rows, cap) = (ws.rows, ws.cap);
        match op {
            Op::Substitute {
                from,
                to,
                share,
                ratio,
                per_person,
            } => {
                let (f, t) = (*from * cap, *to * cap);
                let cf = corner(*from) * cap;
                let (share, ratio) = (p.get(*share), p.get(*ratio));
                let per_person = per_person.map(|(uf, ut)| (p.get(uf), p.get(ut)));
                for r in 0..rows {
                    let ratio = match per_person {
                        Some((uf, ut)) => ut.at(r) / uf.at(r),
                        None => ratio.at(r),
                    };
                    let units = share.at(r) * ws.activity[f + r];
                    let given_up = units * ws.unit_cost[f + r];
                    let taken_on = units * ratio * ws.unit_cost[t + r];
                    ws.activity[f + r] -= units;
                    ws.activity[t + r] += units * ratio;
                    ws.changed[f + r] = true;
                    ws.changed[t + r] = true;
                    ws.moved[r] += given_up.min(taken_on);
                    // Without a branch on which way the money went (which the draws decide, so
                    // it is guessed wrong often); see `apart`.
                    let (released, new_money) = apart(given_up, taken_on);
                    ws.released[r] += released;
                    ws.pool[cf + r] += released;
                    ws.new_money[r] += new_money;
                }
            }
            Op::Shift { from, to, amount } => {
                let (f, t) = (*from * cap, *to);
                let amount = p.get(*amount);
                for r in 0..rows {
                    let has = ws.unit_cost[f + r] * ws.activity[f + r];
                    let want = amount.at(r);
                    if want > has + 0.005 {
                        ws.bad[r] = true;
                    }
                    let amount = want.min(has);
                    if amount > 0.0 {
                        ws.activity[f + r] = if amount >= has {
                            0.0
                        } else {
                            ws.activity[f + r] - amount / ws.unit_cost[f + r]
                        };
                        ws.changed[f + r] = true;
                    }
                    buy(ws, t, r, amount);
                    ws.moved[r] += amount;
                }
            }
            Op::Reinvest {
                amount,
                targets,
                basis,
                source,
                of_released,
            } => {
                let amount = p.get(*amount);
                self.weights_columns(targets, basis, p, ws);
                for r in 0..rows {
                    let amount = match of_released {
                        None => amount.at(r),
                        Some(from) => {
                            released::of_released(amount.at(r), ws.released[r], ws.reinvested[r], from, |j| {
                                ws.released_by[j * cap + r]
                            })
                        }
                    };
                    let mut drawn = [0.0; 3];
                    match source {
                        MoneySource::New => ws.new_money[r] += amount,
                        MoneySource::Released => {
                            // Against the totals, as `Plan::evaluate` checks.
                            if ws.reinvested[r] + amount > ws.released[r] + 0.005 {
                                ws.bad[r] = true;
                            }
                            ws.reinvested[r] += amount;
                            drawn = super::commission::draw_columns(ws, r, amount);
                        }
                    }
                    for (k, (t, _)) in targets.iter().enumerate() {
                        let w = ws.weights[k * cap + r];
                        buy(ws, *t, r, amount * w);
                        for d in &drawn {
                            if *d > 0.0 {
                                ws.moved[r] += d * w;
                            }
                        }
                    }
                }
            }
            Op::SetUnitCost { service, unit_cost } => {
                let v = p.get(*unit_cost);
                respend(ws, *service, corner(*service), |uc, _, r| *uc = v.at(r));
            }
            Op::Scale { service, factor } => {
                let at = *service * cap;
                for r in 0..rows {
                    // Nothing to scale: the row-at-a-time run names the lever.
                    ws.bad[r] |= ws.activity[at + r] == 0.0;
                }
                let v = p.get(*factor);
                respend(ws, *service, corner(*service), |_, act, r| *act *= v.at(r));
            }
            Op::Productivity { service, gain } => {
                let v = p.get(*gain);
                respend(ws, *service, corner(*service), |uc, _, r| *uc *= 1.0 - v.at(r));
            }
            Op::Target {
                service,
                use_share,
                coverage,
                effect,
            } => {
                let (u, c, e) = (p.get(*use_share), p.get(*coverage), p.get(*effect));
                respend(ws, *service, corner(*service), |_, act, r| {
                    *act *= 1.0 + u.at(r) * c.at(r) * e.at(r);
                });
            }
            Op::Commission {
                service,
                units,
                per_person,
                source,
            } => super::commission::commission_columns(
                *service,
                p.get(*units),
                per_person.map(|u| p.get(u)),
                *source,
                ws,
            ),
        }
    }

    /// As [`Plan::weights`], for every row: `ws.weights[k * cap + r]`.
    fn weights_columns(&self, targets: &[(usize, Option<usize>)], basis: &Basis, p: &Params, ws: &mut Columns) {
        let (rows, cap) = (ws.rows, ws.cap);
        for (k, (_, loc)) in targets.iter().enumerate() {
            let l = loc.map(|l| &self.localities[l]);
            let out = &mut ws.weights[k * cap..k * cap + rows];
            match (basis, l) {
                (Basis::Equal, _) => out.fill(1.0),
                (Basis::Register | Basis::Need, None) => out.fill(0.0),
                (Basis::Register, Some(l)) => {
                    let reg = p.get(l.register);
                    out.iter_mut().enumerate().for_each(|(r, w)| *w = reg.at(r));
                }
                (Basis::Need, Some(l)) => {
                    let (reg, need) = (p.get(l.register), p.get(l.need));
                    out.iter_mut()
                        .enumerate()
                        .for_each(|(r, w)| *w = reg.at(r) * need.at(r));
                }
                (Basis::Weights(w), _) => {
                    let v = p.get(w[k]);
                    out.iter_mut().enumerate().for_each(|(r, w)| *w = v.at(r));
                }
            }
        }
        for r in 0..rows {
            let total: f64 = (0..targets.len()).map(|k| ws.weights[k * cap + r]).sum();
            if !(total > 0.0 && total.is_finite()) {
                ws.bad[r] = true;
            }
            for k in 0..targets.len() {
                ws.weights[k * cap + r] /= total;
            }
        }
    }
}

/// As [`Plan::buy`] for row `r` of service `i`; money into a service priced at 0 marks the row.
#[inline]
fn buy(ws: &mut Columns, i: usize, r: usize, money: f64) {
    if money <= 0.0 {
        return;
    }
    let at = i * ws.cap + r;
    if ws.unit_cost[at] == 0.0 {
        ws.bad[r] = true;
        return;
    }
    ws.activity[at] += money / ws.unit_cost[at];
    ws.changed[at] = true;
}

/// A change to service `i`'s unit cost or activity that no other service balances, for every
/// row, as the row-at-a-time `respend`: a fall is released money, a rise new money.
#[inline]
fn respend(ws: &mut Columns, i: usize, corner: usize, change: impl Fn(&mut f64, &mut f64, usize)) {
    let (rows, cap) = (ws.rows, ws.cap);
    let at = i * cap..i * cap + rows;
    // Every column as a slice of `rows` values: no bounds checks in the loop.
    let (cost, activity, changed) = (
        &mut ws.unit_cost[at.clone()],
        &mut ws.activity[at.clone()],
        &mut ws.changed[at],
    );
    let pool = &mut ws.pool[corner * cap..corner * cap + rows];
    let (released, new_money) = (&mut ws.released[..rows], &mut ws.new_money[..rows]);
    for r in 0..rows {
        let before = cost[r] * activity[r];
        change(&mut cost[r], &mut activity[r], r);
        let after = cost[r] * activity[r];
        let (fall, rise) = apart(before, after);
        released[r] += fall;
        pool[r] += fall;
        new_money[r] += rise;
        changed[r] = true;
    }
}

/// Money that was spent (`before`) and is now spent (`after`), as (released, new money): the
/// fall or the rise, the other 0. Adding the 0 changes no bits (the running totals start at +0
/// and only grow, and `x - x` is +0), so the rows stay the same bits as the row-at-a-time
/// branch; a NaN, which the branch would add to new money, is dropped here, but its row has a
/// NaN spend and is run again row by row, which names it.
#[allow(clippy::inline_always)] // as `Param::at`
#[inline(always)]
fn apart(before: f64, after: f64) -> (f64, f64) {
    ((before - after).max(0.0), (after - before).max(0.0))
}
