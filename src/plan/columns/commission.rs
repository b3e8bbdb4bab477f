//! `commission` over every row of a chunk: the arithmetic of `Plan::commission_row`, in the
//! same order, marking the rows that commission with released money they did not release.

use super::ops::draw_columns;
use super::{Columns, Param};
use crate::plan::Plan;
use crate::scenario::MoneySource;

impl Plan {
    /// As `Plan::commission_row`, for every row.
    pub(super) fn commission_columns(
        &self,
        s: usize,
        n: Param,
        per_person: Option<Param>,
        source: MoneySource,
        ws: &mut Columns,
    ) {
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
}
