//! The plan run over many parameter vectors at once, structure-of-arrays: a Monte Carlo chunk's
//! rows are the columns' entries, and each lever is applied once over all of them, where the
//! row-at-a-time [`Plan::run`] interprets the lever list again for every iteration.
//!
//! Each row goes through exactly the floating-point operations of [`Plan::run`], in the same
//! order, so a row's figures are the same bits either way (the tests check it). What the
//! columns do not do is name errors: a row that breaks a rule (a shift of more than a service
//! spends, a spend over the limit, …) is only marked, and the caller runs that chunk again row
//! by row, which stops at the first such row with the error [`Plan::run`] gives.

mod commission;
mod ops;
mod outcomes;

use super::{Op, Plan, Size, Slot};
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
    /// The money each lever released, `released_by[j * cap + r]`, kept only for the scenarios
    /// with a reinvestment of what named levers released (`tracks`).
    released_by: Vec<f64>,
    tracks: Vec<bool>,
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
        let tracks: Vec<bool> = self.scenarios.iter().map(|(_, ops)| draws_on_levers(ops)).collect();
        let levers = self
            .scenarios
            .iter()
            .zip(&tracks)
            .filter(|(_, t)| **t)
            .map(|((_, ops), _)| ops.len())
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
            released_by: vec![0.0; levers * cap],
            tracks,
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
            // The size's column is looked up once a service, not once a row; the baseline's
            // copy is written beside the working one rather than copied after.
            let (activity, allocation) = match s.size {
                Size::Activity(a) => (Some(p.get(a)), None),
                Size::Allocation(m) => (None, Some(p.get(m))),
            };
            for r in 0..rows {
                let c = cost.at(r);
                let a = match (activity, allocation) {
                    (Some(a), _) => a.at(r),
                    (None, Some(m)) if c > 0.0 => m.at(r) / c,
                    _ => 0.0,
                };
                (ws.unit_cost[at + r], ws.base_unit_cost[at + r]) = (c, c);
                (ws.activity[at + r], ws.base_activity[at + r]) = (a, a);
            }
        }
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
        let (rows, cap, track) = (ws.rows, ws.cap, ws.tracks[k]);
        for (j, op) in self.scenarios[k].1.iter().enumerate() {
            if track {
                ws.released_by[j * cap..j * cap + rows].copy_from_slice(&ws.released[..rows]);
            }
            self.op_columns(op, p, ws);
            // Checked after every lever, not only at the end: a spend past the limit that a
            // later lever brings back would have left its rounding in the ledger.
            op.for_each_service(|i| mark_overspent(ws, i));
            if track {
                // As the row-at-a-time run: released after the lever − released before it.
                for r in 0..rows {
                    ws.released_by[j * cap + r] = ws.released[r] - ws.released_by[j * cap + r];
                }
            }
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
                let at = i * cap + start..i * cap + start + n;
                let (total, carry) = (&mut total[s.corner][..n], &mut carry[s.corner][..n]);
                let (cost, activity) = (&ws.unit_cost[at.clone()], &ws.activity[at.clone()]);
                let sums = total.iter_mut().zip(carry.iter_mut());
                // Slices of one length, and the size's kind decided once a service, not once a
                // row: the loops have no bounds checks or branches, and vectorise.
                match s.size {
                    Size::Allocation(m) => {
                        let (m, changed) = (p.get(m), &ws.changed[at]);
                        for (r, (total, carry)) in sums.enumerate() {
                            let spend = if changed[r] {
                                cost[r] * activity[r]
                            } else {
                                m.at(start + r)
                            };
                            sum::add(total, carry, spend);
                        }
                    }
                    Size::Activity(_) => {
                        for ((total, carry), (c, a)) in sums.zip(cost.iter().zip(activity)) {
                            sum::add(total, carry, c * a);
                        }
                    }
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
        for r in 0..ws.rows {
            let ledger = ws.released[r] + ws.reinvested[r] + ws.new_money[r] + ws.moved[r];
            if !ledger.is_finite() {
                ws.bad[r] = true;
            }
        }
        for i in 0..self.services.len() {
            mark_overspent(ws, i);
        }
    }
}

/// Marks the rows in which service `i` spends NaN or more than [`MAX_SPEND`], over slices of
/// one length (no bounds checks, so the loop vectorises).
fn mark_overspent(ws: &mut Columns, i: usize) {
    let at = i * ws.cap..i * ws.cap + ws.rows;
    let (activity, cost) = (&ws.activity[at.clone()], &ws.unit_cost[at]);
    for (bad, (a, c)) in ws.bad[..ws.rows].iter_mut().zip(activity.iter().zip(cost)) {
        let spend = a * c;
        *bad |= spend.is_nan() || spend > MAX_SPEND;
    }
}

/// The services whose unit cost or activity `ops` may change, each once.
fn touched(ops: &[Op]) -> Vec<usize> {
    let mut out = Vec::new();
    for op in ops {
        op.for_each_service(|i| out.push(i));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a reinvestment in `ops` spends what named levers released.
fn draws_on_levers(ops: &[Op]) -> bool {
    ops.iter()
        .any(|op| matches!(op, Op::Reinvest { of_released: Some(from), .. } if !from.is_empty()))
}
