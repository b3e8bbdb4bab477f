//! Reinvesting by a condition's registers (`condition = "copd"` with `by = "register"` or
//! `"need"`): the money is spread over the localities of the services in `into` by the people
//! on that condition's register in each, not by the localities' own registers (issue 13: an
//! economy may hold several conditions, and a lever may act on one).

use super::{Lever, ReinvestBy};
use crate::error::{Error, Result};

impl Lever {
    /// The same reinvestment, spread by `condition`'s registers by locality.
    ///
    /// # Errors
    /// A lever that is not a reinvestment; a condition that is not an id; a reinvestment
    /// spread neither by register nor by need.
    ///
    /// # Examples
    /// ```
    /// use caretriangle::{Lever, MoneySource, ReinvestBy};
    /// let lever = Lever::reinvest(1000.0, &["a", "b"], ReinvestBy::Register, MoneySource::New)
    ///     .and_then(|l| l.by_condition("copd"))
    ///     .unwrap();
    /// assert_eq!(lever.describe(), "reinvest £1,000.00 of new money in a, b by copd register");
    /// ```
    pub fn by_condition(self, condition: &str) -> Result<Lever> {
        match self {
            Lever::Reinvest {
                amount,
                into,
                by,
                source,
                share_of_released,
                from_levers,
                ..
            } => Lever::Reinvest {
                amount,
                into,
                by,
                source,
                share_of_released,
                from_levers,
                condition: Some(condition.to_string()),
            }
            .checked(),
            _ => Err(Error::invalid(
                "condition",
                format!("{condition:?}"),
                "a condition only on a reinvest lever",
            )),
        }
    }
}

/// Checks a reinvestment's condition: an id, and a spread that reads registers.
pub(super) fn check(condition: Option<&str>, by: &ReinvestBy) -> Result<()> {
    let Some(c) = condition else {
        return Ok(());
    };
    crate::ids::check("condition", c)?;
    if !matches!(by, ReinvestBy::Register | ReinvestBy::Need) {
        return Err(Error::invalid(
            "condition",
            format!("{c:?}"),
            "used with by = \"register\" or \"need\" (its registers spread the money)",
        ));
    }
    Ok(())
}
