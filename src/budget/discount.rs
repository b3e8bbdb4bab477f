//! Discounting: the present value of money spent or saved in later years.
//!
//! The convention, stated once: a year's figure is multiplied by 1 / (1 + r)^t, where t is the
//! number of years since the first year of the horizon, so the first year is not discounted
//! (t = 0), the second has t = 1, and a figure ten years after the first year (the eleventh
//! year, t = 10) at 3% gets 1/1.03^10 = 0.7441. With [`Timing::MidYear`] money is taken to
//! flow in the middle of each year, t + 0.5. The default rate is 3.5%, the HM Treasury Green
//! Book's for the first 30 years. The factor is 1 / (1 + r)^t, not (1 − r)^t (0.7374 for ten
//! years at 3%), a mistake found in other tools.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The Green Book's discount rate for the first 30 years (HM Treasury, 2022).
pub const GREEN_BOOK_RATE: f64 = 0.035;

/// When in each year money is taken to flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// At the start of each year: the first year has t = 0.
    #[default]
    Start,
    /// In the middle of each year: the first year has t = 0.5.
    MidYear,
}

/// A discount rate and its timing, checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Discounting {
    rate: f64,
    timing: Timing,
}

impl Default for Discounting {
    fn default() -> Self {
        Discounting {
            rate: GREEN_BOOK_RATE,
            timing: Timing::Start,
        }
    }
}

/// The largest discount factor a horizon may reach (see [`Discounting::check_horizon`]).
const MAX_FACTOR: f64 = 1e15;

impl Discounting {
    /// A rate a year (0.035 is 3.5%) and a timing.
    ///
    /// # Errors
    /// A rate that is not finite, or is -100% (−1) or below, where 1 / (1 + r)^t is
    /// undefined or changes sign.
    ///
    /// # Examples
    /// ```
    /// use caretriangle::budget::{Discounting, Timing};
    /// let d = Discounting::new(0.03, Timing::Start)?;
    /// assert_eq!(format!("{:.4}", d.factor(10)), "0.7441");
    /// assert_eq!(d.factor(0), 1.0);
    /// # Ok::<(), caretriangle::Error>(())
    /// ```
    pub fn new(rate: f64, timing: Timing) -> Result<Discounting> {
        if !(rate.is_finite() && rate > -1.0) {
            return Err(Error::invalid("discount_rate", rate, "a finite rate above -1 (-100%)"));
        }
        Ok(Discounting { rate, timing })
    }

    /// Checks that every year of a horizon of `years` has a usable factor: at most 10^15.
    /// A rate near −100% passes [`Discounting::new`] but its factors grow without bound
    /// (−0.999999 over 100 years gives 10^594, an infinite discounted total and NaN
    /// savings per £1).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] on `discount_rate`, naming the horizon.
    pub fn check_horizon(&self, years: u32) -> Result<()> {
        let last = self.factor(years.saturating_sub(1));
        if last.is_finite() && last <= MAX_FACTOR {
            return Ok(());
        }
        // The factor in powers of ten, as it may be past the largest f64.
        let power = -self.years_from_start(years.saturating_sub(1)) * (1.0 + self.rate).log10();
        Err(Error::invalid(
            "discount_rate",
            self.rate,
            format!(
                "a rate whose discount factors stay below 10^15 over {years} years (this one reaches 10^{power:.0})"
            ),
        ))
    }

    /// The rate a year.
    pub fn rate(&self) -> f64 {
        self.rate
    }
    /// The timing.
    pub fn timing(&self) -> Timing {
        self.timing
    }

    /// The factor of the year `t` years after the first year of the horizon.
    pub fn factor(&self, t: u32) -> f64 {
        (1.0 + self.rate).powf(-self.years_from_start(t))
    }

    /// The present value of year-by-year `values`, the first year's at t = 0.
    pub fn present_value(&self, values: &[f64]) -> f64 {
        present_value(values, &self.factors(values.len()))
    }

    /// The factors of the first `years` years ([`Discounting::factor`]): a Monte Carlo run
    /// works them out once, not once an iteration (`powf` was a fifth of a budget run).
    pub fn factors(&self, years: usize) -> Vec<f64> {
        (0..years).map(|t| self.factor(t as u32)).collect()
    }

    /// Years from the start of the horizon to the point of year `t` that is discounted.
    fn years_from_start(&self, t: u32) -> f64 {
        f64::from(t)
            + match self.timing {
                Timing::Start => 0.0,
                Timing::MidYear => 0.5,
            }
    }
}

/// The present value of year-by-year `values` at the year's `factors`
/// ([`Discounting::factors`]).
pub fn present_value(values: &[f64], factors: &[f64]) -> f64 {
    values.iter().zip(factors).map(|(v, f)| v * f).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_near_minus_one_is_refused_over_a_long_horizon() {
        let d = Discounting::new(-0.999_999, Timing::Start).unwrap();
        // 1 / (1e-6)^1 = 1e6 is fine over two years; (1e-6)^-99 = 1e594 is not.
        assert!(d.check_horizon(2).is_ok());
        let e = d.check_horizon(100).unwrap_err();
        assert_eq!(
            e.to_string(),
            "discount_rate must be a rate whose discount factors stay below 10^15 over 100 years \
             (this one reaches 10^594), got -0.999999"
        );
        // Green Book 3.5% over 100 years: factors fall, never grow.
        assert!(Discounting::default().check_horizon(100).is_ok());
        // −50% over 51 years: 2^50 = 1.1e15 is over; 2^49 = 5.6e14 is not.
        let half = Discounting::new(-0.5, Timing::Start).unwrap();
        assert!(half.check_horizon(50).is_ok());
        assert!(half.check_horizon(51).is_err());
    }

    #[test]
    fn factors_worked_out_once_give_the_same_present_value() {
        let d = Discounting::default();
        // 1, 1/1.035 = 0.966183574879227, 1/1.035^2 = 0.933510700366403.
        let f = d.factors(3);
        assert_eq!(f, vec![d.factor(0), d.factor(1), d.factor(2)]);
        assert!((f[2] - 0.933_510_700_366_403).abs() < 1e-12);
        // £100 a year for 3 years: 100 + 96.6183574879227 + 93.3510700366403 = 289.969427524563.
        let v = [100.0, 100.0, 100.0];
        assert!((present_value(&v, &f) - 289.969_427_524_563).abs() < 1e-9);
        // The same bits as factor by factor, the form it replaces on the Monte Carlo path.
        let one_by_one: f64 = v.iter().enumerate().map(|(t, x)| x * d.factor(t as u32)).sum();
        assert_eq!(d.present_value(&v).to_bits(), one_by_one.to_bits());
    }

    #[test]
    fn green_book_default_and_mid_year() {
        let d = Discounting::default();
        // 1/1.035 = 0.966183574879227.
        assert!((d.factor(1) - 0.966_183_574_879_227).abs() < 1e-12);
        let m = Discounting::new(0.035, Timing::MidYear).unwrap();
        // 1/1.035^0.5 = 0.982946374...
        assert!((m.factor(0) - 1.0 / 1.035f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn rates_at_or_below_minus_100_percent_are_refused() {
        for r in [-1.0, -1.5, f64::NAN] {
            let e = Discounting::new(r, Timing::Start).unwrap_err();
            assert!(e.to_string().starts_with("discount_rate must be"), "{e}");
        }
        // A negative rate above -100% is allowed (money later is worth more).
        assert!((Discounting::new(-0.5, Timing::Start).unwrap().factor(1) - 2.0).abs() < 1e-12);
    }
}
