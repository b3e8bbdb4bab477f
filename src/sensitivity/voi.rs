//! Value of information: what would it be worth to know the uncertain inputs before choosing?
//!
//! From Monte Carlo samples of each option's result (rows = iterations, columns = options),
//! the expected value of perfect information is
//!
//! `EVPI = E[max_k NB_k] − max_k E[NB_k]`:
//!
//! the mean result if the best option could be picked in every iteration, less the result of
//! the option that is best on average (the choice made now). It is never negative, and it caps
//! what any further study of the inputs could be worth.
//!
//! ```
//! use caretriangle::sensitivity::voi::{evpi, Criterion};
//! use ndarray::array;
//! // Two options, two equally likely states of the world.
//! let net_benefit = array![[10.0, 0.0], [0.0, 6.0]];
//! let result = evpi(net_benefit.view(), Criterion::MaximiseNetBenefit)?;
//! // Perfect information: (10 + 6) / 2 = 8; choosing now: option 0, worth 5.
//! assert_eq!(result.evpi, 3.0);
//! assert_eq!(result.best_option, 0);
//! # Ok::<(), caretriangle::Error>(())
//! ```

use ndarray::ArrayView2;

use crate::error::{Error, Result};

/// What the samples measure, and so which option is best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    /// Samples are net benefits (or savings, or health gained): more is better.
    MaximiseNetBenefit,
    /// Samples are costs: less is better. Handled as net benefit = −cost.
    MinimiseCost,
}

/// The expected value of perfect information and what it was computed from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evpi {
    /// EVPI per decision (per iteration's population), in the samples' units. Never negative.
    pub evpi: f64,
    /// Mean of each option's samples, in the samples' own units (costs stay costs).
    pub expected: Vec<f64>,
    /// The option that is best on average: the choice made with current information (the first
    /// one on a tie).
    pub best_option: usize,
    /// Share of iterations in which each option is best (the first one on a tie).
    pub probability_best: Vec<f64>,
}

/// EVPI from Monte Carlo samples: `samples[[iteration, option]]`. Iterations are weighted
/// equally; sums run in iteration order, so the result is the same on every machine.
///
/// # Errors
///
/// [`Error::InvalidValue`] if there are no iterations or no options, or a sample is not
/// finite (the message names its iteration and option).
pub fn evpi(samples: ArrayView2<'_, f64>, criterion: Criterion) -> Result<Evpi> {
    check_samples("evpi.samples", samples)?;
    let (iterations, options) = samples.dim();
    let sign = match criterion {
        Criterion::MaximiseNetBenefit => 1.0,
        Criterion::MinimiseCost => -1.0,
    };

    let mut sums = vec![0.0; options];
    let mut wins = vec![0usize; options];
    let mut sum_of_max = 0.0;
    for row in samples.rows() {
        let mut best = 0;
        for (k, v) in row.iter().enumerate() {
            sums[k] += v;
            if sign * v > sign * row[best] {
                best = k;
            }
        }
        wins[best] += 1;
        sum_of_max += sign * row[best];
    }
    let n = iterations as f64;
    let expected: Vec<f64> = sums.iter().map(|s| s / n).collect();
    let best_option = (0..options).fold(0, |best, k| {
        if sign * expected[k] > sign * expected[best] {
            k
        } else {
            best
        }
    });
    // Rounding can leave a tiny negative where the answer is 0 (one option always best).
    let evpi = (sum_of_max / n - sign * expected[best_option]).max(0.0);
    Ok(Evpi {
        evpi,
        expected,
        best_option,
        probability_best: wins.iter().map(|&w| w as f64 / n).collect(),
    })
}

/// At least one iteration and one option, every sample finite (the error names its row and
/// column under `field`): the checks EVPI and EVPPI share.
pub(crate) fn check_samples(field: &str, samples: ArrayView2<'_, f64>) -> Result<()> {
    let (iterations, options) = samples.dim();
    if iterations == 0 || options == 0 {
        return Err(Error::invalid(
            field,
            format!("{iterations} iterations × {options} options"),
            "at least one iteration and one option",
        ));
    }
    match samples.indexed_iter().find(|(_, v)| !v.is_finite()) {
        Some(((i, k), v)) => Err(Error::invalid(format!("{field}[{i}][{k}]"), v, "a finite number")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array2};
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;
    use statrs::distribution::{Continuous, ContinuousCDF, Normal};

    #[test]
    fn hand_worked_example() {
        // Three iterations, three options: row maxima 5, 7, 4 (mean 16/3); option means
        // 3, 10/3, 3 so the choice now is option 1, worth 10/3; EVPI = 2.
        let nb = array![[5.0, 1.0, 3.0], [2.0, 7.0, 0.0], [2.0, 2.0, 4.0]];
        let r = evpi(nb.view(), Criterion::MaximiseNetBenefit).unwrap();
        assert!((r.evpi - 2.0).abs() < 1e-12);
        assert_eq!(r.best_option, 1);
        assert_eq!(r.probability_best, vec![1.0 / 3.0; 3]);
        assert!((r.expected[1] - 10.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn costs_are_negated() {
        let nb = array![[5.0, 1.0, 3.0], [2.0, 7.0, 0.0], [2.0, 2.0, 4.0]];
        let cost = nb.mapv(|v| 100.0 - v);
        let r = evpi(cost.view(), Criterion::MinimiseCost).unwrap();
        assert!((r.evpi - 2.0).abs() < 1e-12);
        assert_eq!(r.best_option, 1);
        assert!((r.expected[1] - (100.0 - 10.0 / 3.0)).abs() < 1e-12);
    }

    #[test]
    fn a_dominant_option_has_no_value_of_information() {
        let nb = array![[5.0, 1.0], [7.0, 6.0], [0.5, 0.25]];
        let r = evpi(nb.view(), Criterion::MaximiseNetBenefit).unwrap();
        assert_eq!(r.evpi, 0.0);
        assert_eq!(r.probability_best, vec![1.0, 0.0]);
    }

    #[test]
    fn two_normal_options_match_the_closed_form() {
        // NB_1 − NB_2 = D ~ N(mu, sigma^2). EVPI = E[max(D, 0)] − max(mu, 0)
        // = mu Φ(mu/σ) + σ φ(mu/σ) − max(mu, 0) = σ φ(mu/σ) − |mu| Φ(−|mu|/σ) for either sign
        // of mu. NB_2 gets noise of its own, which cancels in the formula but not in the sample.
        let standard = Normal::standard();
        for (mu, sigma) in [(50.0, 100.0), (-30.0, 60.0), (0.0, 10.0)] {
            let exact = sigma * standard.pdf(mu / sigma) - f64::abs(mu) * standard.cdf(-f64::abs(mu) / sigma);
            let n = 1_000_000;
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
            let base = Normal::new(1000.0, 200.0).unwrap();
            let gap = Normal::new(mu, sigma).unwrap();
            let mut nb = Array2::zeros((n, 2));
            for mut row in nb.rows_mut() {
                let nb2: f64 = rand::RngExt::sample(&mut rng, base);
                row[0] = nb2 + rand::RngExt::sample(&mut rng, gap);
                row[1] = nb2;
            }
            let r = evpi(nb.view(), Criterion::MaximiseNetBenefit).unwrap();
            // The estimate is the mean of max_k NB_k − NB_best over iterations (NB_2's own noise
            // cancels row by row), so its standard error is that mean's.
            let best = r.best_option;
            let gains: Vec<f64> = nb
                .rows()
                .into_iter()
                .map(|row| row[0].max(row[1]) - row[best])
                .collect();
            let mean = gains.iter().sum::<f64>() / n as f64;
            let sd = (gains.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0)).sqrt();
            let se = sd / (n as f64).sqrt();
            assert!(
                (r.evpi - exact).abs() < 3.0 * se,
                "mu {mu} sigma {sigma}: {} vs {exact} (se {se})",
                r.evpi
            );
        }
    }

    #[test]
    fn inputs_are_checked() {
        let empty = Array2::<f64>::zeros((0, 2));
        let e = evpi(empty.view(), Criterion::MaximiseNetBenefit).unwrap_err();
        assert_eq!(
            e.to_string(),
            "evpi.samples must be at least one iteration and one option, got 0 iterations × 2 options"
        );
        let bad = array![[1.0, 2.0], [f64::INFINITY, 0.0]];
        let e = evpi(bad.view(), Criterion::MinimiseCost).unwrap_err();
        assert_eq!(e.to_string(), "evpi.samples[1][0] must be a finite number, got inf");
    }
}
