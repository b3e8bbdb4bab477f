//! Totals of money summed with compensation (Kahan–Babuška–Neumaier, by TwoSum).
//!
//! A plain f64 sum loses what each addition rounds away: 1,000 services at £1e13 followed by
//! 99,000 at £0.99 came to £98,010 short, and a realistic economy of 100,000 services was
//! £0.007 out. With the rounding errors carried alongside and added back at the end, a total
//! is within one rounding of the exact sum, give or take (n·ε)²·Σ|x| (Ogita, Rump and Oishi
//! 2005, "Accurate sum and dot product": at most £0.0002 for 100,000 services at the £1e13 a
//! service limit): to the penny at any size the crate accepts.
//!
//! It costs five more additions per term; on the Monte Carlo path that is one term per
//! service per iteration, beside the levers and the summaries.

/// Adds `x` to the running `sum`, carrying what the addition rounded away in `carry`; the
/// total is `sum + carry`.
///
/// Knuth's TwoSum: the rounding error of `sum + x`, exactly, whichever is larger, with no
/// branch, so the Monte Carlo loops over blocks of rows stay vectorised.
#[inline]
pub fn add(sum: &mut f64, carry: &mut f64, x: f64) {
    let t = *sum + x;
    let x_part = t - *sum;
    let sum_part = t - x_part;
    *carry += (*sum - sum_part) + (x - x_part);
    *sum = t;
}

/// The compensated total of `values`.
pub fn total(values: impl IntoIterator<Item = f64>) -> f64 {
    let (mut sum, mut carry) = (0.0, 0.0);
    for x in values {
        add(&mut sum, &mut carry, x);
    }
    sum + carry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_then_many_small_amounts_lose_nothing() {
        // 1,000 × £1e13 then 99,000 × £0.99: exactly £10,000,000,000,000,000 + £98,010.
        let values = std::iter::repeat_n(1e13, 1000).chain(std::iter::repeat_n(0.99, 99_000));
        let naive: f64 = values.clone().sum();
        assert_eq!(naive, 1e16, "the plain sum drops every £0.99");
        // The exact total, 10,000,000,000,098,010, is not a float: the nearest is ...8,010.
        assert_eq!(total(values), 10_000_000_000_098_010.0);
    }

    #[test]
    fn cancellation_keeps_the_pennies() {
        // +£1e15, £0.01, −£1e15: a plain sum gives £0.00, the exact answer is £0.01.
        assert_eq!(total([1e15, 0.01, -1e15]), 0.01);
        assert_eq!(total([0.1, 0.2, 0.3]), 0.6);
        assert_eq!(total(std::iter::empty()), 0.0);
    }

    #[test]
    fn a_realistic_economy_sums_to_the_penny() {
        // 100,000 services of £123,456.78 each (whole pennies): exactly £12,345,678,000.
        let n = 100_000;
        let exact = 12_345_678_000.0;
        let naive: f64 = std::iter::repeat_n(123_456.78, n).sum();
        assert!((naive - exact).abs() > 1e-4, "naive {naive}");
        assert!((total(std::iter::repeat_n(123_456.78, n)) - exact).abs() < 1e-5);
    }
}
