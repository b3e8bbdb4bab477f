//! The one check of what a field allows ([`Range`]): of a plain number, or of an input that
//! may be uncertain, a distribution whose every possible value the field allows (a share
//! drawn from a beta, a unit cost from a gamma).

use crate::error::{Error, Location, Result};
use crate::uncertainty::UncertainValue;

impl Default for UncertainValue {
    fn default() -> Self {
        UncertainValue::Value(0.0)
    }
}

/// What a field allows.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Range {
    /// A finite number >= 0 (money, activity, counts).
    NonNegative,
    /// A finite number > 0.
    Positive,
    /// A share between 0 and 1.
    Share,
    /// A relative change of at least -1 (-0.1 is 10% fewer; -1 is none left).
    Effect,
    /// Any finite number, of either sign (an outcome a service produces: a gain, or a harm
    /// such as −0.01 QALYs a person).
    Finite,
}

impl Range {
    fn allows(self, v: f64) -> bool {
        v.is_finite()
            && match self {
                Range::NonNegative => v >= 0.0,
                Range::Positive => v > 0.0,
                Range::Share => (0.0..=1.0).contains(&v),
                Range::Effect => v >= -1.0,
                Range::Finite => true,
            }
    }
    /// Checks a plain number against the range; returns it.
    ///
    /// # Errors
    /// A number outside the range, named by `field`.
    pub(crate) fn check(self, field: impl Into<Location>, value: f64) -> Result<f64> {
        if self.allows(value) {
            Ok(value)
        } else {
            Err(Error::invalid(field, value, self.words()))
        }
    }

    fn words(self) -> &'static str {
        match self {
            Range::NonNegative => "a finite number >= 0",
            Range::Positive => "a finite number > 0",
            Range::Share => "a share between 0 and 1",
            Range::Effect => "a finite change of at least -1 (-0.1 is 10% fewer)",
            Range::Finite => "a finite number",
        }
    }
}

/// Checks `value` against `range`; returns its base value.
///
/// # Errors
/// A number outside the range, or a distribution that can draw values outside it (the
/// message names the distribution and its support, and what to use instead).
pub(crate) fn check(field: impl Into<Location>, value: &UncertainValue, range: Range) -> Result<f64> {
    match value {
        UncertainValue::Value(v) => range.check(field, *v),
        UncertainValue::Distribution(d) => {
            let (lo, hi) = d.support();
            let inside = |x: f64| match range {
                Range::NonNegative | Range::Positive => x >= 0.0,
                Range::Share => (0.0..=1.0).contains(&x),
                Range::Effect => x >= -1.0,
                // A normal's unbounded support still draws finite values.
                Range::Finite => true,
            };
            if inside(lo) && inside(hi) && range.allows(d.mean()) {
                Ok(d.mean())
            } else {
                let hint = match range {
                    Range::Share => "a beta, uniform, triangular or PERT distribution within 0..1",
                    Range::Effect => "a uniform, triangular, PERT or truncated normal no lower than -1",
                    _ => "a gamma, lognormal, or a normal truncated at 0 (truncated_normal with low = 0)",
                };
                Err(Error::invalid(
                    field,
                    format!(
                        "a {} distribution that can take values from {lo} to {hi}",
                        d.spec().kind()
                    ),
                    format!("{} at every value it can draw: use {hint}", range.words()),
                ))
            }
        }
    }
}
