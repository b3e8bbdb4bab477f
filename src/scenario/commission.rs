//! Commissioning people or units of a service (`commission`), paid from released or new money
//! at the service's unit cost on each run, so that its cost follows an uncertain unit cost.

use super::{Lever, MoneySource};
use crate::error::{Error, Result};
use crate::param::{check, Range};
use crate::uncertainty::UncertainValue;

impl Lever {
    /// Buy `people` (at the service's units per person) or `units` of `service`, paid from
    /// `source`; give one of the two.
    ///
    /// # Errors
    /// Both or neither of `people` and `units`, or a negative or non-finite number.
    pub fn commission(service: &str, people: Option<f64>, units: Option<f64>, source: MoneySource) -> Result<Lever> {
        Lever::Commission {
            service: service.into(),
            people: people.map(Into::into),
            units: units.map(Into::into),
            source,
        }
        .checked()
    }
}

/// Checks that a commission buys people or units, not both, in numbers `>= 0`.
pub(super) fn check_quantity(people: Option<&UncertainValue>, units: Option<&UncertainValue>) -> Result<()> {
    match (people, units) {
        (Some(n), None) => check("people", n, Range::NonNegative).map(|_| ()),
        (None, Some(n)) => check("units", n, Range::NonNegative).map(|_| ()),
        (Some(_), Some(n)) => Err(Error::invalid(
            "units",
            n.base(),
            "either `people` or `units`, not both",
        )),
        (None, None) => Err(Error::invalid(
            "people",
            "nothing",
            "a number of people or of units to commission",
        )),
    }
}
