//! Outcomes counted for every row of a block, as [`Plan::outcome_total`] counts one row's.

use super::{Columns, Param, Params};
use crate::outcome::Rate;
use crate::plan::Plan;

impl Plan {
    /// Outcome `o` of each row into `out[..rows]`: the same additions, in the same order, as
    /// [`Plan::outcome_total`] makes for one row.
    pub fn outcome_columns(&self, o: usize, p: &Params, ws: &Columns, out: &mut [f64]) {
        let (rows, cap) = (ws.rows, ws.cap);
        let out = &mut out[..rows];
        out.fill(0.0);
        for t in &self.outcomes[o] {
            // Each slot's column is looked up once a term, not once a row (that lookup was
            // most of this loop's time).
            let per_unit = t.per_unit.map(|s| p.get(s));
            let per_person = t.per_person.map(|s| p.get(s));
            let upp = self.services[t.service].units_per_person.map(|u| p.get(u));
            let activity = &ws.activity[t.service * cap..t.service * cap + rows];
            let counts = f64::from(u8::from(t.counts));
            let at = |v: Option<Param>, r: usize| v.map_or(0.0, |v| v.at(r));
            for (r, (total, a)) in out.iter_mut().zip(activity).enumerate() {
                // As `Term::rate`: the same operations, so the same bits.
                let rate = Rate {
                    per_unit: at(per_unit, r) + counts,
                    per_person: at(per_person, r),
                };
                *total += rate.amount(*a, upp.map(|u| u.at(r)));
            }
        }
    }
}
