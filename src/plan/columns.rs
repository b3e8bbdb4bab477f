//! The plan run over many parameter vectors at once, structure-of-arrays: a Monte Carlo chunk's
//! rows are the columns' entries, and each lever is applied once over all of them, where the
//! row-at-a-time [`Plan::run`] interprets the lever list again for every iteration.
//!
//! Each row goes through exactly the floating-point operations of [`Plan::run`], in the same
//! order, so a row's figures are the same bits either way (the tests check it). What the
//! columns do not do is name errors: a row that breaks a rule (a shift of more than a service
//! spends, a spend over the limit, …) is only marked, and the caller runs that chunk again row
//! by row, which stops at the first such row with the error [`Plan::run`] gives.

use super::{Basis, Op, Plan, Size, Slot};
use crate::scenario::MoneySource;
use crate::service::MAX_SPEND;
use crate::sum;

/// A slot's values for the rows: one value for all (a slot with no uncertainty) or one each.
#[derive(Debug, Clone, Copy)]
enum Param<'a> {
    Fixed(f64),
    Drawn(&'a [f64]),
}

impl Param<'_> {
    // Measured: without it the per-row loops call it rather than fold it in.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn at(self, r: usize) -> f64 {
        match self {
            Param::Fixed(v) => v,
            Param::Drawn(col) => col[r],
        }
    }
}

/// The parameter vectors of a block of rows: the plan's base values, with the drawn slots'
/// values column by column (`draws[j * rows + r]` for the slot `drawn[j]`).
#[derive(Debug, Clone, Copy)]
pub struct Params<'a> {
    base: &'a [f64],
    /// For each slot, the column of `draws` it reads, if it is drawn.
    column: &'a [Option<usize>],
    draws: &'a [f64],
    rows: usize,
}

impl<'a> Params<'a> {
    /// `column[slot]` is the column of `draws` (column-major, `rows` values a column) that
    /// gives that slot's values; other slots keep their value in `base`.
    pub fn new(base: &'a [f64], column: &'a [Option<usize>], draws: &'a [f64], rows: usize) -> Params<'a> {
        Params {
            base,
            column,
            draws,
            rows,
        }
    }

    #[inline]
    fn get(&self, slot: Slot) -> Param<'a> {
        match self.column[slot] {
            Some(j) => Param::Drawn(&self.draws[j * self.rows..(j + 1) * self.rows]),
            None => Param::Fixed(self.base[slot]),
        }
    }
}

/// The buffers a block of rows is run in, service-major (`activity[i * cap + r]`); made once
/// per thread and reused for every chunk.
#[derive(Debug, Clone)]
pub struct Columns {
    cap: usize,
    rows: usize,
    unit_cost: Vec<f64>,
    activity: Vec<f64>,
    changed: Vec<bool>,
    base_unit_cost: Vec<f64>,
    base_activity: Vec<f64>,
    /// Released money not yet reinvested, by corner (`pool[c * cap + r]`).
    pool: Vec<f64>,
    /// Each row's totals, as [`super::Ledger`].
    pub released: Vec<f64>,
    /// Released money reinvested.
    pub reinvested: Vec<f64>,
    /// New money brought in.
    pub new_money: Vec<f64>,
    moved: Vec<f64>,
    weights: Vec<f64>,
    /// Rows that broke a rule: the caller must run them row by row to name the error.
    bad: Vec<bool>,
    /// The services each scenario's levers change, in order, each once.
    touches: Vec<Vec<usize>>,
    /// The scenario run since the last reset, if any: only its services differ from the
    /// baseline, so only they are restored before the next (copying every service's columns
    /// back took 7% of a run).
    last: Option<usize>,
}

impl Columns {
    /// Whether any row of the last run broke a rule.
    pub fn any_bad(&self) -> bool {
        self.bad[..self.rows].iter().any(|b| *b)
    }
}

/// One row's corner sums and people reached, from [`Plan::tally_columns`].
#[derive(Debug, Clone)]
pub struct Tally {
    /// Spend by corner, `corners[c * cap + r]`.
    pub corners: Vec<f64>,
    /// People reached.
    pub people: Vec<f64>,
}

impl Tally {
    /// Buffers for blocks of up to `cap` rows.
    pub fn new(cap: usize) -> Tally {
        Tally {
            corners: vec![0.0; 3 * cap],
            people: vec![0.0; cap],
        }
    }
}

impl Plan {
    /// Buffers for blocks of up to `cap` rows.
    pub fn columns(&self, cap: usize) -> Columns {
        let n = self.services.len() * cap;
        let targets = self
            .scenarios
            .iter()
            .flat_map(|(_, ops)| ops)
            .map(|op| match op {
                Op::Reinvest { targets, .. } => targets.len(),
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        Columns {
            cap,
            rows: 0,
            unit_cost: vec![0.0; n],
            activity: vec![0.0; n],
            changed: vec![false; n],
            base_unit_cost: vec![0.0; n],
            base_activity: vec![0.0; n],
            pool: vec![0.0; 3 * cap],
            released: vec![0.0; cap],
            reinvested: vec![0.0; cap],
            new_money: vec![0.0; cap],
            moved: vec![0.0; cap],
            weights: vec![0.0; targets * cap],
            bad: vec![false; cap],
            touches: self.scenarios.iter().map(|(_, ops)| touched(ops)).collect(),
            last: None,
        }
    }

    /// Sets every row to its baseline, as [`Plan::reset`] does one.
    ///
    /// # Panics
    /// If `p` has more rows than the buffers were made for (a caller's slip, not input).
    pub fn reset_columns(&self, p: &Params, ws: &mut Columns) {
        assert!(p.rows <= ws.cap, "{} rows in buffers for {}", p.rows, ws.cap);
        let (rows, cap) = (p.rows, ws.cap);
        ws.rows = rows;
        for (i, s) in self.services.iter().enumerate() {
            let cost = p.get(s.unit_cost);
            let at = i * cap;
            for r in 0..rows {
                let c = cost.at(r);
                ws.unit_cost[at + r] = c;
                ws.activity[at + r] = match s.size {
                    Size::Activity(a) => p.get(a).at(r),
                    Size::Allocation(m) if c > 0.0 => p.get(m).at(r) / c,
                    Size::Allocation(_) => 0.0,
                };
            }
        }
        ws.base_unit_cost.copy_from_slice(&ws.unit_cost);
        ws.base_activity.copy_from_slice(&ws.activity);
        ws.changed.fill(false);
        ws.last = None;
        Self::clear_columns(ws);
    }

    fn clear_columns(ws: &mut Columns) {
        for v in [
            &mut ws.pool,
            &mut ws.released,
            &mut ws.reinvested,
            &mut ws.new_money,
            &mut ws.moved,
        ] {
            v.fill(0.0);
        }
        ws.bad.fill(false);
    }

    /// Runs scenario `k` on every row from the baseline of the last
    /// [`Plan::reset_columns`], marking the rows that break a rule (see the module's
    /// documentation).
    pub fn run_columns_after_reset(&self, k: usize, p: &Params, ws: &mut Columns) {
        if let Some(last) = ws.last.replace(k) {
            let (rows, cap) = (ws.rows, ws.cap);
            for &i in &ws.touches[last] {
                let at = i * cap..i * cap + rows;
                ws.unit_cost[at.clone()].copy_from_slice(&ws.base_unit_cost[at.clone()]);
                ws.activity[at.clone()].copy_from_slice(&ws.base_activity[at.clone()]);
                ws.changed[at].fill(false);
            }
        }
        Self::clear_columns(ws);
        for op in &self.scenarios[k].1 {
            self.op_columns(op, p, ws);
        }
        self.check_spend_columns(ws);
    }

    /// As [`Plan::tally`], for every row.
    pub fn tally_columns(&self, p: &Params, ws: &Columns, out: &mut Tally) {
        // Spend summed with compensation (`sum::add`) over runs of LANES rows, whose sums and
        // carries stay on the stack: the same additions, in the same order, as `Plan::tally`
        // makes for one row.
        const LANES: usize = 64;
        let (rows, cap) = (ws.rows, ws.cap);
        for start in (0..rows).step_by(LANES) {
            let n = LANES.min(rows - start);
            let mut total = [[0.0; LANES]; 3];
            let mut carry = [[0.0; LANES]; 3];
            for (i, s) in self.services.iter().enumerate() {
                let at = i * cap + start;
                let (total, carry) = (&mut total[s.corner][..n], &mut carry[s.corner][..n]);
                let allocation = match s.size {
                    Size::Allocation(m) => Some(p.get(m)),
                    Size::Activity(_) => None,
                };
                for (r, (total, carry)) in total.iter_mut().zip(carry.iter_mut()).enumerate() {
                    let spend = match allocation {
                        Some(m) if !ws.changed[at + r] => m.at(start + r),
                        _ => ws.unit_cost[at + r] * ws.activity[at + r],
                    };
                    sum::add(total, carry, spend);
                }
            }
            for c in 0..3 {
                let to = &mut out.corners[c * cap + start..c * cap + start + n];
                for ((o, t), k) in to.iter_mut().zip(&total[c][..n]).zip(&carry[c][..n]) {
                    *o = t + k;
                }
            }
        }
        out.people[..rows].fill(0.0);
        for (i, s) in self.services.iter().enumerate() {
            if let Some(u) = s.units_per_person {
                let (at, u) = (i * cap, p.get(u));
                for r in 0..rows {
                    out.people[r] += ws.activity[at + r] / u.at(r);
                }
            }
        }
    }

    /// As [`Plan::check_spend`], marking rows.
    fn check_spend_columns(&self, ws: &mut Columns) {
        let (rows, cap) = (ws.rows, ws.cap);
        for r in 0..rows {
            let ledger = ws.released[r] + ws.reinvested[r] + ws.new_money[r] + ws.moved[r];
            if !ledger.is_finite() {
                ws.bad[r] = true;
            }
        }
        for i in 0..self.services.len() {
            for r in 0..rows {
                let spend = ws.activity[i * cap + r] * ws.unit_cost[i * cap + r];
                if spend.is_nan() || spend > MAX_SPEND {
                    ws.bad[r] = true;
                }
            }
        }
    }

    /// As [`Plan::op`], over every row; the arithmetic of each row is the same, in the same
    /// order.
    fn op_columns(&self, op: &Op, p: &Params, ws: &mut Columns) {
        let corner = |i: usize| self.services[i].corner;
        let (rows, cap) = (ws.rows, ws.cap);
        match op {
            Op::Substitute { from, to, share, ratio } => {
                let (f, t) = (*from * cap, *to * cap);
                let cf = corner(*from) * cap;
                let (share, ratio) = (p.get(*share), p.get(*ratio));
                for r in 0..rows {
                    let units = share.at(r) * ws.activity[f + r];
                    let given_up = units * ws.unit_cost[f + r];
                    let taken_on = units * ratio.at(r) * ws.unit_cost[t + r];
                    ws.activity[f + r] -= units;
                    ws.activity[t + r] += units * ratio.at(r);
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
            } => {
                let amount = p.get(*amount);
                self.weights_columns(targets, basis, p, ws);
                for r in 0..rows {
                    let amount = amount.at(r);
                    let mut drawn = [0.0; 3];
                    match source {
                        MoneySource::New => ws.new_money[r] += amount,
                        MoneySource::Released => {
                            let pool = [ws.pool[r], ws.pool[cap + r], ws.pool[2 * cap + r]];
                            let available: f64 = pool.iter().sum();
                            // Against the totals, as `Plan::evaluate` checks.
                            if ws.reinvested[r] + amount > ws.released[r] + 0.005 {
                                ws.bad[r] = true;
                            }
                            ws.reinvested[r] += amount;
                            for (c, d) in drawn.iter_mut().enumerate() {
                                *d = if available > 0.0 {
                                    amount * pool[c] / available
                                } else {
                                    0.0
                                };
                                ws.pool[c * cap + r] = (pool[c] - *d).max(0.0);
                            }
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
                let v = p.get(*factor);
                respend(ws, *service, corner(*service), |_, act, r| *act *= v.at(r));
            }
            Op::Productivity { service, gain } => {
                let v = p.get(*gain);
                respend(ws, *service, corner(*service), |uc, _, r| *uc *= 1.0 - v.at(r));
            }
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
    let at = i * cap;
    for r in 0..rows {
        let before = ws.unit_cost[at + r] * ws.activity[at + r];
        let (uc, act) = (&mut ws.unit_cost[at + r], &mut ws.activity[at + r]);
        change(uc, act, r);
        let after = ws.unit_cost[at + r] * ws.activity[at + r];
        let (released, new_money) = apart(before, after);
        ws.released[r] += released;
        ws.pool[corner * cap + r] += released;
        ws.new_money[r] += new_money;
        ws.changed[at + r] = true;
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

/// The services whose unit cost or activity `ops` may change, each once.
fn touched(ops: &[Op]) -> Vec<usize> {
    let mut out = Vec::new();
    for op in ops {
        match op {
            Op::Substitute { from, to, .. } | Op::Shift { from, to, .. } => out.extend([*from, *to]),
            Op::Reinvest { targets, .. } => out.extend(targets.iter().map(|(t, _)| *t)),
            Op::SetUnitCost { service, .. } | Op::Scale { service, .. } | Op::Productivity { service, .. } => {
                out.push(*service);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
