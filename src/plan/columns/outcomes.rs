//! Outcomes counted for every row of a block, as [`Plan::outcome_total`] counts one row's.

use super::{Columns, Params};
use crate::plan::Plan;

impl Plan {
    /// Outcome `o` of each row into `out[..rows]`: the same additions, in the same order, as
    /// [`Plan::outcome_total`] makes for one row.
    pub fn outcome_columns(&self, o: usize, p: &Params, ws: &Columns, out: &mut [f64]) {
        let (rows, cap) = (ws.rows, ws.cap);
        out[..rows].fill(0.0);
        for t in &self.outcomes[o] {
            let upp = self.services[t.service].units_per_person.map(|u| p.get(u));
            let activity = &ws.activity[t.service * cap..t.service * cap + rows];
            for (r, total) in out[..rows].iter_mut().enumerate() {
                let rate = t.rate(|s| p.get(s).at(r));
                *total += rate.amount(activity[r], upp.map(|u| u.at(r)));
            }
        }
    }
}
