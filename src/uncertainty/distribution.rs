//! Checked distributions of uncertain inputs: fast sampling, quantiles, moments.
//!
//! A [`Distribution`] is built once from a [`DistributionSpec`] and keeps what sampling needs
//! worked out in advance (a gamma's Marsaglia–Tsang constants, a truncated normal's tail
//! probabilities), because a Monte Carlo run draws 10^7–10^9 values from it and sampling, not
//! the model's arithmetic, is what limits the run.

use rand::Rng;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::checks::{beta_from_moments, bounds, discrete, finite, mode_within, num, one_of, path, positive, spread};
use super::draw::{
    beta_sample, discrete_quantile, open01, std_normal, triangular_quantile, TruncatedNormal, UnitGamma,
};
use super::inverse::{beta_quantile, gamma_quantile, std_normal_quantile};
use super::spec::DistributionSpec;
use crate::error::{Error, Location, Result};

/// An uncertain input's distribution, checked.
///
/// # Examples
///
/// ```
/// use caretriangle::uncertainty::{stream, Distribution, DistributionSpec};
/// let cost = Distribution::from_spec(DistributionSpec::Gamma { shape: None, scale: None, mean: Some(21.25), sd: Some(2.5) }, "unit_cost")?;
/// assert!((cost.mean() - 21.25).abs() < 1e-12);
/// let mut rng = stream(42, 0);
/// let draw = cost.sample(&mut rng);
/// assert!(draw > 0.0);
/// # Ok::<(), caretriangle::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    spec: DistributionSpec,
    kind: Kind,
}

/// The sampler's form of each kind, with constants worked out once.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Fixed(f64),
    Uniform {
        low: f64,
        width: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    TruncatedNormal(TruncatedNormal),
    Lognormal {
        meanlog: f64,
        sdlog: f64,
    },
    Gamma {
        gamma: UnitGamma,
        scale: f64,
    },
    Beta {
        a: UnitGamma,
        b: UnitGamma,
    },
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
        split: f64,
    },
    Pert {
        low: f64,
        width: f64,
        a: UnitGamma,
        b: UnitGamma,
    },
    Discrete {
        values: Vec<f64>,
        cumulative: Vec<f64>,
    },
}

impl Distribution {
    /// Checks a spec and prepares it for sampling. `field` is the input's path
    /// (`services[3].unit_cost`), used in error messages; it may be empty.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] naming `field.key` and the value when a parameter is not a finite
    /// number, is out of range (a negative sd, `low >= high`, a mode outside `[low, high]`, a
    /// beta mean outside (0, 1)), when the parameters together are impossible (a beta with mean
    /// 0.9 and sd 0.5: a beta needs `sd^2 < mean (1 - mean)`; a truncated normal whose interval
    /// carries no probability; discrete weights that sum to 0), or when the keys given are not
    /// one of the kind's parameterisations (a gamma with `shape` and `mean`).
    pub fn from_spec(spec: DistributionSpec, field: impl Into<Location>) -> Result<Distribution> {
        let field = &field.into();
        let kind = match &spec {
            DistributionSpec::Fixed { value } => Kind::Fixed(finite(field, "value", *value)?),
            DistributionSpec::Uniform { low, high } => {
                bounds(field, *low, *high)?;
                Kind::Uniform {
                    low: *low,
                    width: high - low,
                }
            }
            DistributionSpec::Normal { mean, sd } => Kind::Normal {
                mean: finite(field, "mean", *mean)?,
                sd: spread(field, "sd", *sd)?,
            },
            DistributionSpec::TruncatedNormal { mean, sd, low, high } => {
                let mean = finite(field, "mean", *mean)?;
                let sd = spread(field, "sd", *sd)?;
                let low = match low {
                    Some(l) => finite(field, "low", *l)?,
                    None => f64::NEG_INFINITY,
                };
                let high = match high {
                    Some(h) => finite(field, "high", *h)?,
                    None => f64::INFINITY,
                };
                if low >= high {
                    return Err(Error::invalid(
                        path(field, "high"),
                        num(high),
                        format!("above low ({})", num(low)),
                    ));
                }
                Kind::TruncatedNormal(TruncatedNormal::new(field, mean, sd, low, high)?)
            }
            DistributionSpec::Lognormal {
                meanlog,
                sdlog,
                mean,
                sd,
            } => {
                let (log_scale, a, b) = one_of(
                    field,
                    "lognormal",
                    ["meanlog", "sdlog", "mean", "sd"],
                    [*meanlog, *sdlog, *mean, *sd],
                )?;
                if log_scale {
                    Kind::Lognormal {
                        meanlog: finite(field, "meanlog", a)?,
                        sdlog: spread(field, "sdlog", b)?,
                    }
                } else {
                    let mean = positive(field, "mean", a)?;
                    let sd = spread(field, "sd", b)?;
                    let var_log = (sd / mean).powi(2).ln_1p();
                    Kind::Lognormal {
                        meanlog: mean.ln() - var_log / 2.0,
                        sdlog: var_log.sqrt(),
                    }
                }
            }
            DistributionSpec::Gamma { shape, scale, mean, sd } => {
                let (direct, a, b) = one_of(
                    field,
                    "gamma",
                    ["shape", "scale", "mean", "sd"],
                    [*shape, *scale, *mean, *sd],
                )?;
                let (shape, scale) = if direct {
                    (positive(field, "shape", a)?, positive(field, "scale", b)?)
                } else {
                    let mean = positive(field, "mean", a)?;
                    let sd = spread(field, "sd", b)?;
                    ((mean / sd).powi(2), sd * sd / mean)
                };
                Kind::Gamma {
                    gamma: UnitGamma::new(shape),
                    scale,
                }
            }
            DistributionSpec::Beta { alpha, beta, mean, sd } => {
                let (direct, a, b) = one_of(
                    field,
                    "beta",
                    ["alpha", "beta", "mean", "sd"],
                    [*alpha, *beta, *mean, *sd],
                )?;
                let (alpha, beta) = if direct {
                    (positive(field, "alpha", a)?, positive(field, "beta", b)?)
                } else {
                    beta_from_moments(field, a, b)?
                };
                Kind::Beta {
                    a: UnitGamma::new(alpha),
                    b: UnitGamma::new(beta),
                }
            }
            DistributionSpec::Triangular { low, mode, high } => {
                mode_within(field, *low, *mode, *high)?;
                Kind::Triangular {
                    low: *low,
                    mode: *mode,
                    high: *high,
                    split: (mode - low) / (high - low),
                }
            }
            DistributionSpec::Pert { low, mode, high } => {
                mode_within(field, *low, *mode, *high)?;
                let width = high - low;
                // Standard PERT: lambda = 4, so the mean is (low + 4 mode + high) / 6.
                let alpha = 1.0 + 4.0 * (mode - low) / width;
                let beta = 1.0 + 4.0 * (high - mode) / width;
                Kind::Pert {
                    low: *low,
                    width,
                    a: UnitGamma::new(alpha),
                    b: UnitGamma::new(beta),
                }
            }
            DistributionSpec::Discrete { values, weights } => {
                let (values, cumulative) = discrete(field, values, weights.as_deref())?;
                Kind::Discrete { values, cumulative }
            }
        };
        Ok(Distribution { spec, kind })
    }

    /// The spec this distribution was built from, exactly as given.
    pub fn spec(&self) -> &DistributionSpec {
        &self.spec
    }

    /// The spec this distribution was built from, for saving: building from it again gives the
    /// same distribution.
    pub fn to_spec(&self) -> DistributionSpec {
        self.spec.clone()
    }

    /// One draw. No allocation; the gamma-based kinds (gamma, beta, PERT) use Marsaglia and
    /// Tsang's method with the constants worked out at construction, the normal ones statrs's
    /// ziggurat, the others one uniform through the inverse CDF.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.kind {
            Kind::Fixed(v) => *v,
            Kind::Uniform { low, width } => low + width * open01(rng),
            Kind::Normal { mean, sd } => mean + sd * std_normal(rng),
            Kind::TruncatedNormal(t) => t.sample(rng),
            Kind::Lognormal { meanlog, sdlog } => (meanlog + sdlog * std_normal(rng)).exp(),
            Kind::Gamma { gamma, scale } => gamma.sample(rng) * scale,
            Kind::Beta { a, b } => beta_sample(a, b, rng),
            Kind::Triangular { low, mode, high, split } => triangular_quantile(*low, *mode, *high, *split, open01(rng)),
            Kind::Pert { low, width, a, b } => low + width * beta_sample(a, b, rng),
            Kind::Discrete { values, cumulative } => discrete_quantile(values, cumulative, open01(rng)),
        }
    }

    /// The inverse CDF at `p`: the value below which a share `p` of the distribution lies
    /// (for a discrete distribution, the smallest value whose cumulative weight reaches `p`).
    /// `quantile(0)` and `quantile(1)` are the ends of the support, which may be infinite.
    /// Sampling plans (Latin hypercube, Sobol) turn their uniforms into values with it, and
    /// the tornado takes its 2.5% and 97.5% points from it.
    ///
    /// Returns NaN when `p` is not in `[0, 1]`, rather than panicking, because the value may
    /// come from Python.
    pub fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        match &self.kind {
            Kind::Fixed(v) => *v,
            Kind::Uniform { low, width } => low + width * p,
            Kind::Normal { mean, sd } => mean + sd * std_normal_quantile(p),
            Kind::TruncatedNormal(t) => t.quantile(p),
            Kind::Lognormal { meanlog, sdlog } => (meanlog + sdlog * std_normal_quantile(p)).exp(),
            Kind::Gamma { gamma, scale } => gamma_quantile(gamma.shape, p) * scale,
            Kind::Beta { a, b } => beta_quantile(a.shape, b.shape, p),
            Kind::Triangular { low, mode, high, split } => triangular_quantile(*low, *mode, *high, *split, p),
            Kind::Pert { low, width, a, b } => low + width * beta_quantile(a.shape, b.shape, p),
            Kind::Discrete { values, cumulative } => discrete_quantile(values, cumulative, p),
        }
    }

    /// Whether the exact quantile costs enough (a root of an incomplete gamma or beta
    /// function, or an inverse error function) that a run reading it for every value should
    /// build an [`InverseTable`](super::table::InverseTable) instead.
    pub(crate) fn quantile_is_costly(&self) -> bool {
        !matches!(
            self.kind,
            Kind::Fixed(_) | Kind::Uniform { .. } | Kind::Triangular { .. } | Kind::Discrete { .. }
        )
    }

    /// The mean: exactly the `mean` the spec states, where it states one (a gamma's shape ×
    /// scale from a mean of 21.25 can come back as 21.250000000000004, and a base case must
    /// price at the figure the user wrote, to the penny).
    pub fn mean(&self) -> f64 {
        match &self.spec {
            DistributionSpec::Gamma { mean: Some(m), .. }
            | DistributionSpec::Beta { mean: Some(m), .. }
            | DistributionSpec::Lognormal { mean: Some(m), .. } => return *m,
            _ => {}
        }
        match &self.kind {
            Kind::Fixed(v) => *v,
            Kind::Uniform { low, width } => low + width / 2.0,
            Kind::Normal { mean, .. } => *mean,
            Kind::TruncatedNormal(t) => t.mean(),
            Kind::Lognormal { meanlog, sdlog } => (meanlog + sdlog * sdlog / 2.0).exp(),
            Kind::Gamma { gamma, scale } => gamma.shape * scale,
            Kind::Beta { a, b } => a.shape / (a.shape + b.shape),
            Kind::Triangular { low, mode, high, .. } => (low + mode + high) / 3.0,
            Kind::Pert { low, width, a, b } => low + width * a.shape / (a.shape + b.shape),
            Kind::Discrete { values, cumulative } => {
                let mut previous = 0.0;
                let mut sum = 0.0;
                for (v, c) in values.iter().zip(cumulative) {
                    sum += v * (c - previous);
                    previous = *c;
                }
                sum
            }
        }
    }

    /// The variance.
    pub fn variance(&self) -> f64 {
        let beta_var = |a: f64, b: f64| a * b / ((a + b).powi(2) * (a + b + 1.0));
        match &self.kind {
            Kind::Fixed(_) => 0.0,
            Kind::Uniform { width, .. } => width * width / 12.0,
            Kind::Normal { sd, .. } => sd * sd,
            Kind::TruncatedNormal(t) => t.variance(),
            Kind::Lognormal { meanlog, sdlog } => {
                let s2 = sdlog * sdlog;
                s2.exp_m1() * (2.0 * meanlog + s2).exp()
            }
            Kind::Gamma { gamma, scale } => gamma.shape * scale * scale,
            Kind::Beta { a, b } => beta_var(a.shape, b.shape),
            Kind::Triangular { low, mode, high, .. } => {
                (low * low + mode * mode + high * high - low * mode - low * high - mode * high) / 18.0
            }
            Kind::Pert { width, a, b, .. } => width * width * beta_var(a.shape, b.shape),
            Kind::Discrete { values, cumulative } => {
                let mean = self.mean();
                let mut previous = 0.0;
                let mut sum = 0.0;
                for (v, c) in values.iter().zip(cumulative) {
                    sum += (v - mean).powi(2) * (c - previous);
                    previous = *c;
                }
                sum
            }
        }
    }

    /// The standard deviation.
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// The smallest and largest values the distribution can take (infinite where unbounded),
    /// so that a model can refuse, say, a unit cost that could be drawn negative.
    pub fn support(&self) -> (f64, f64) {
        match &self.kind {
            Kind::Fixed(v) => (*v, *v),
            Kind::Uniform { low, width } | Kind::Pert { low, width, .. } => (*low, low + width),
            Kind::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Kind::TruncatedNormal(t) => (t.low, t.high),
            Kind::Lognormal { .. } | Kind::Gamma { .. } => (0.0, f64::INFINITY),
            Kind::Beta { .. } => (0.0, 1.0),
            Kind::Triangular { low, high, .. } => (*low, *high),
            Kind::Discrete { values, .. } => (values[0], values[values.len() - 1]),
        }
    }
}

impl Serialize for Distribution {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Distribution {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let spec = DistributionSpec::deserialize(deserializer)?;
        Distribution::from_spec(spec, "").map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[path = "distribution_tests.rs"]
mod tests;
