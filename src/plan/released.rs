//! A reinvestment of released money as it is released (`amount = "released"`,
//! `share_of_released`, `from_levers`): compiled to a share slot and the levers it draws on,
//! and worked out on each run, row by row or column by column, by one function.

use super::compile::Builder;
use super::Slot;
use crate::param::Range;
use crate::scenario::Amount;
use crate::uncertainty::UncertainValue;

impl Builder<'_> {
    /// The slot of a reinvestment's amount and, for released money reinvested as it is
    /// released, the levers it draws on (the slot is then the share): `from_levers` are their
    /// indices, resolved and checked by [`crate::scenario::Scenario::lever_indices`].
    pub(super) fn reinvested_amount(
        &mut self,
        at: &str,
        amount: Option<&Amount>,
        share: Option<&UncertainValue>,
        from_levers: Vec<usize>,
    ) -> (Slot, Option<Vec<usize>>) {
        let name = format!("{at}.share_of_released");
        match (amount, share) {
            (Some(Amount::Pounds(v)), _) => (self.slot(format!("{at}.amount"), v, Range::NonNegative), None),
            (_, Some(share)) => (self.slot(name, share, Range::Share), Some(from_levers)),
            _ => (self.number(name, 1.0, Range::Share), Some(from_levers)),
        }
    }
}

/// The £ a reinvestment of `share` of released money spends: the share of what earlier levers
/// released and left unspent (`released − reinvested` so far), or of what the levers `from`
/// released (`by_lever(j)` for lever `j`) as far as it is still unspent. Never more than is
/// unspent, so that no draw of a Monte Carlo run can reinvest more than it released.
#[inline]
pub(super) fn of_released(
    share: f64,
    released: f64,
    reinvested: f64,
    from: &[usize],
    by_lever: impl Fn(usize) -> f64,
) -> f64 {
    let unspent = (released - reinvested).max(0.0);
    let base = if from.is_empty() {
        unspent
    } else {
        from.iter().map(|j| by_lever(*j)).sum::<f64>().min(unspent)
    };
    share * base
}

/// Draws `amount` of released money from the corners' pools in proportion to what each holds,
/// so that the flows say where reinvested money came from; returns what came from each.
#[inline]
pub(super) fn draw(pool: &mut [f64; 3], amount: f64) -> [f64; 3] {
    let available: f64 = pool.iter().sum();
    let mut drawn = [0.0; 3];
    for (c, d) in drawn.iter_mut().enumerate() {
        *d = if available > 0.0 {
            amount * pool[c] / available
        } else {
            0.0
        };
        pool[c] = (pool[c] - *d).max(0.0);
    }
    drawn
}
