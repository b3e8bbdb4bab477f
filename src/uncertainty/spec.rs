//! What a file says about an uncertain input: a plain number, or a distribution written as an
//! inline table with a `dist` tag.
//!
//! ```toml
//! unit_cost = 21.25
//! unit_cost = { dist = "gamma", mean = 21.25, sd = 2.5 }
//! uptake = { dist = "beta", alpha = 12, beta = 28 }
//! ```
//!
//! [`DistributionSpec`] keeps exactly the keys that were written (a gamma given by `mean` and
//! `sd` is saved by `mean` and `sd`, not by the shape and scale worked out from them), so a file
//! saved and loaded again says the same thing. [`Distribution`](super::Distribution) checks the
//! values; [`UncertainValue`](super::UncertainValue) is what a field holds.

use serde::{Deserialize, Serialize};

/// A distribution as written in a file: the `dist` tag names the kind, the other keys its
/// parameters. Unknown keys are errors; which keys go together is checked by
/// [`Distribution::from_spec`](super::Distribution::from_spec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum DistributionSpec {
    /// No uncertainty: always `value`.
    Fixed {
        /// The value.
        value: f64,
    },
    /// Every value between `low` and `high` equally likely.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound, above `low`.
        high: f64,
    },
    /// Normal (Gaussian).
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation, > 0.
        sd: f64,
    },
    /// A normal cut to `[low, high]` and rescaled; either bound may be left out (a cost that
    /// cannot go below 0 needs only `low = 0`). `mean` and `sd` are those of the normal before
    /// truncation.
    TruncatedNormal {
        /// Mean of the normal before truncation.
        mean: f64,
        /// Standard deviation of the normal before truncation, > 0.
        sd: f64,
        /// Lower bound; none if left out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        low: Option<f64>,
        /// Upper bound; none if left out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<f64>,
    },
    /// Lognormal, by the log scale's `meanlog` and `sdlog`, or by the `mean` and `sd` of the
    /// value itself.
    Lognormal {
        /// Mean of the logarithm.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meanlog: Option<f64>,
        /// Standard deviation of the logarithm, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sdlog: Option<f64>,
        /// Mean of the value, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        /// Standard deviation of the value, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sd: Option<f64>,
    },
    /// Gamma, by `shape` and `scale`, or by `mean` and `sd` (method of moments) — the usual
    /// choice for costs, which cannot be negative and are skewed to the right.
    Gamma {
        /// Shape, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shape: Option<f64>,
        /// Scale, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<f64>,
        /// Mean, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        /// Standard deviation, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sd: Option<f64>,
    },
    /// Beta on (0, 1), by `alpha` and `beta`, or by `mean` and `sd` (method of moments) — the
    /// usual choice for proportions such as uptake or attendance.
    Beta {
        /// First shape, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        alpha: Option<f64>,
        /// Second shape, > 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        beta: Option<f64>,
        /// Mean, strictly between 0 and 1.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mean: Option<f64>,
        /// Standard deviation, with `sd^2 < mean (1 - mean)`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sd: Option<f64>,
    },
    /// Triangular: lowest, most likely and highest value, as elicited from experts.
    Triangular {
        /// Lowest value.
        low: f64,
        /// Most likely value, in `[low, high]`.
        mode: f64,
        /// Highest value, above `low`.
        high: f64,
    },
    /// PERT (a beta rescaled to `[low, high]`, with the standard weight of 4 on the mode):
    /// smoother than the triangular for the same three numbers, and less weight in the tails.
    Pert {
        /// Lowest value.
        low: f64,
        /// Most likely value, in `[low, high]`.
        mode: f64,
        /// Highest value, above `low`.
        high: f64,
    },
    /// A finite list of values with weights (equal weights if left out); weights need not
    /// sum to 1.
    Discrete {
        /// The values.
        values: Vec<f64>,
        /// One weight >= 0 for each value, not all 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<Vec<f64>>,
    },
}

impl DistributionSpec {
    /// The `dist` tag of this kind, as written in files.
    pub fn kind(&self) -> &'static str {
        match self {
            DistributionSpec::Fixed { .. } => "fixed",
            DistributionSpec::Uniform { .. } => "uniform",
            DistributionSpec::Normal { .. } => "normal",
            DistributionSpec::TruncatedNormal { .. } => "truncated_normal",
            DistributionSpec::Lognormal { .. } => "lognormal",
            DistributionSpec::Gamma { .. } => "gamma",
            DistributionSpec::Beta { .. } => "beta",
            DistributionSpec::Triangular { .. } => "triangular",
            DistributionSpec::Pert { .. } => "pert",
            DistributionSpec::Discrete { .. } => "discrete",
        }
    }
}
