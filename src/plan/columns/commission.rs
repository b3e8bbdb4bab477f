//! `commission` over every row of a chunk: the arithmetic of `Plan::commission_row`, in the
//! same order, marking the rows that commission with released money they did not release.

use super::{Columns, Param};
use crate::scenario::MoneySource;

/// As `Plan::commission_row`, for every row.
pub(super) fn commission_columns(s: usize, n: Param, per_person: Option<Param>, source: MoneySource, ws: &mut Columns) {
    let at = s * ws.cap;
    for r in 0..ws.rows {
        let units = crate::plan::commission::units(n.at(r), per_person.map(|u| u.at(r)));
        let cost = units * ws.unit_cost[at + r];
        ws.activity[at + r] += units;
        ws.changed[at + r] = true;
        match source {
            MoneySource::New => ws.new_money[r] += cost,
            MoneySource::Released => {
                if ws.reinvested[r] + cost > ws.released[r] + 0.005 {
                    ws.bad[r] = true;
                }
                ws.reinvested[r] += cost;
                for d in draw_columns(ws, r, cost) {
                    if d > 0.0 {
                        ws.moved[r] += d;
                    }
                }
            }
        }
    }
}

/// As `released::draw` for row `r`: released money drawn from each corner's pool.
#[inline]
pub(super) fn draw_columns(ws: &mut Columns, r: usize, amount: f64) -> [f64; 3] {
    let cap = ws.cap;
    let mut pool = [ws.pool[r], ws.pool[cap + r], ws.pool[2 * cap + r]];
    let drawn = crate::plan::released::draw(&mut pool, amount);
    for (c, v) in pool.iter().enumerate() {
        ws.pool[c * cap + r] = *v;
    }
    drawn
}
