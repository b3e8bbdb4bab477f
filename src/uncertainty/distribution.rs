//! Checked distributions of uncertain inputs: fast sampling, quantiles, moments.
//!
//! A [`Distribution`] is built once from a [`DistributionSpec`] and keeps what sampling needs
//! worked out in advance (a gamma's Marsaglia–Tsang constants, a truncated normal's tail
//! probabilities), because a Monte Carlo run draws 10^7–10^9 values from it and sampling, not
//! the model's arithmetic, is what limits the run.

use rand::Rng;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use statrs::distribution::Normal as StatrsNormal;
use statrs::function::erf;

use super::inverse::{beta_quantile, gamma_quantile, std_normal_quantile};
use super::spec::DistributionSpec;
use crate::error::{Error, Result};

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

fn path(field: &str, key: &str) -> String {
    if field.is_empty() {
        key.to_string()
    } else {
        format!("{field}.{key}")
    }
}

/// A number for a message: up to 6 decimals, no trailing zeros.
fn num(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

fn finite(field: &str, key: &str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::invalid(path(field, key), x, "a finite number"))
    }
}

fn positive(field: &str, key: &str, x: f64) -> Result<f64> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(Error::invalid(path(field, key), x, "a finite number > 0"))
    }
}

/// An sd of exactly 0 is a common way of saying "no uncertainty", so the message says how.
fn spread(field: &str, key: &str, x: f64) -> Result<f64> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(Error::invalid(
            path(field, key),
            x,
            r#"a finite number > 0 (for no uncertainty write a number or dist = "fixed")"#,
        ))
    }
}

/// The keys given, for a message about which keys go together.
fn given(kind: &str, keys: &[(&str, bool)]) -> String {
    let names: Vec<&str> = keys.iter().filter(|(_, g)| *g).map(|(k, _)| *k).collect();
    if names.is_empty() {
        format!("{kind} with no parameters")
    } else {
        format!("{kind} with {}", names.join(", "))
    }
}

/// Picks one of two parameterisations: `(first pair)` or `(second pair)`, all four optional.
fn one_of(field: &str, kind: &str, names: [&str; 4], values: [Option<f64>; 4]) -> Result<(bool, f64, f64)> {
    match values {
        [Some(a), Some(b), None, None] => Ok((true, a, b)),
        [None, None, Some(a), Some(b)] => Ok((false, a, b)),
        _ => {
            let keys: Vec<(&str, bool)> = names.iter().zip(values).map(|(n, v)| (*n, v.is_some())).collect();
            Err(Error::invalid(
                field_or_kind(field),
                given(kind, &keys),
                format!(
                    "{kind} given either by {} and {}, or by {} and {}",
                    names[0], names[1], names[2], names[3]
                ),
            ))
        }
    }
}

fn field_or_kind(field: &str) -> &str {
    if field.is_empty() {
        "dist"
    } else {
        field
    }
}

fn bounds(field: &str, low: f64, high: f64) -> Result<()> {
    finite(field, "low", low)?;
    finite(field, "high", high)?;
    if low < high {
        Ok(())
    } else {
        Err(Error::invalid(
            path(field, "high"),
            num(high),
            format!("above low ({})", num(low)),
        ))
    }
}

fn mode_within(field: &str, low: f64, mode: f64, high: f64) -> Result<()> {
    bounds(field, low, high)?;
    finite(field, "mode", mode)?;
    if (low..=high).contains(&mode) {
        Ok(())
    } else {
        Err(Error::invalid(
            path(field, "mode"),
            num(mode),
            format!("between low and high ({} to {})", num(low), num(high)),
        ))
    }
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
    pub fn from_spec(spec: DistributionSpec, field: &str) -> Result<Distribution> {
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
            DistributionSpec::Discrete { values, weights } => discrete(field, values, weights.as_deref())?,
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

fn beta_from_moments(field: &str, mean: f64, sd: f64) -> Result<(f64, f64)> {
    if !(mean.is_finite() && mean > 0.0 && mean < 1.0) {
        return Err(Error::invalid(
            path(field, "mean"),
            mean,
            "strictly between 0 and 1 for a beta",
        ));
    }
    let sd = spread(field, "sd", sd)?;
    let limit = mean * (1.0 - mean);
    if sd * sd >= limit {
        return Err(Error::invalid(
            path(field, "sd"),
            num(sd),
            format!(
                "below {} for a beta with mean {}: a beta needs sd^2 < mean(1-mean) = {}",
                num(limit.sqrt()),
                num(mean),
                num(limit)
            ),
        ));
    }
    let k = limit / (sd * sd) - 1.0;
    Ok((mean * k, (1.0 - mean) * k))
}

fn discrete(field: &str, values: &[f64], weights: Option<&[f64]>) -> Result<Kind> {
    if values.is_empty() {
        return Err(Error::invalid(path(field, "values"), "[]", "at least one value"));
    }
    for (i, v) in values.iter().enumerate() {
        finite(field, &format!("values[{i}]"), *v)?;
    }
    let weights: Vec<f64> = match weights {
        Some(w) => {
            if w.len() != values.len() {
                return Err(Error::invalid(
                    path(field, "weights"),
                    format!("{} weights", w.len()),
                    format!("one weight for each of the {} values", values.len()),
                ));
            }
            for (i, x) in w.iter().enumerate() {
                if !(x.is_finite() && *x >= 0.0) {
                    return Err(Error::invalid(
                        path(field, &format!("weights[{i}]")),
                        x,
                        "a finite number >= 0",
                    ));
                }
            }
            w.to_vec()
        }
        None => vec![1.0; values.len()],
    };
    let total: f64 = weights.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return Err(Error::invalid(
            path(field, "weights"),
            num(total),
            "weights with a sum > 0",
        ));
    }
    // Sorted by value so that the quantile is monotone; the spec keeps the order given.
    let mut pairs: Vec<(f64, f64)> = values.iter().copied().zip(weights).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cumulative = Vec::with_capacity(pairs.len());
    let mut running = 0.0;
    for (_, w) in &pairs {
        running += w / total;
        cumulative.push(running);
    }
    // Rounding may leave the last sum a hair below 1; p = 1 must land on the last value.
    *cumulative.last_mut().expect("not empty") = 1.0;
    Ok(Kind::Discrete {
        values: pairs.into_iter().map(|(v, _)| v).collect(),
        cumulative,
    })
}

/// A uniform in the open interval (0, 1): 53 random bits, centred in their cell, so that
/// neither 0 nor 1 comes out (both would be infinite quantiles or `ln(0)`).
#[inline]
pub(crate) fn open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

#[inline]
fn std_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    // statrs's ziggurat: measured 254 M/s against rand_distr's 209 M/s (DESIGN.md).
    rand::distr::Distribution::sample(&StatrsNormal::standard(), rng)
}

/// Φ(x), accurate in the lower tail (down to about 1e-308).
///
/// statrs 0.19's `erfc(z)` for `|z| >= 0.5` is `e^(-z²)/z (b + r(z))` with each interval's
/// constant `b` printed to 10 digits where its fit used the `f32` value, about 1e-10 relative
/// error; the difference is added back here, leaving the few ulp of `z²` rounded (1e-13 at
/// 27). The truncated normal's quantile near a bound is only as good as this.
fn std_normal_cdf(x: f64) -> f64 {
    const ENDS: [f64; 13] = [
        0.75, 1.25, 2.25, 3.5, 5.25, 8.0, 11.5, 17.0, 24.0, 38.0, 60.0, 85.0, 110.0,
    ];
    const B: [f64; 13] = [
        0.3440242112,
        0.419990927,
        0.4898625016,
        0.5317370892,
        0.5489973426,
        0.5571740866,
        0.5609807968,
        0.5626493692,
        0.5634598136,
        0.5638477802,
        0.5640528202,
        0.5641309023,
        0.5641584396,
    ];
    let y = -x / std::f64::consts::SQRT_2;
    let e = erf::erfc(y);
    let z = y.abs();
    if !(0.5..110.0).contains(&z) {
        return 0.5 * e;
    }
    let i = ENDS.partition_point(|end| *end <= z);
    let fix = (-z * z).exp() / z * (f64::from(B[i] as f32) - B[i]);
    0.5 * if y > 0.0 { e + fix } else { e - fix }
}

fn std_normal_pdf(x: f64) -> f64 {
    if x.is_infinite() {
        0.0
    } else {
        (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
    }
}

#[inline]
fn triangular_quantile(low: f64, mode: f64, high: f64, split: f64, p: f64) -> f64 {
    if p < split {
        low + (p * (high - low) * (mode - low)).sqrt()
    } else {
        high - ((1.0 - p) * (high - low) * (high - mode)).sqrt()
    }
}

fn discrete_quantile(values: &[f64], cumulative: &[f64], p: f64) -> f64 {
    let i = cumulative.partition_point(|c| *c < p);
    values[i.min(values.len() - 1)]
}

/// A gamma of unit scale, with Marsaglia and Tsang's constants worked out once (statrs
/// recomputes them, with a square root, on every draw).
#[derive(Debug, Clone, Copy, PartialEq)]
struct UnitGamma {
    shape: f64,
    d: f64,
    c: f64,
    /// `1 / shape` when shape < 1: the draw is then a Gamma(shape + 1) times `U^(1/shape)`.
    boost: Option<f64>,
}

impl UnitGamma {
    fn new(shape: f64) -> UnitGamma {
        let (a, boost) = if shape < 1.0 {
            (shape + 1.0, Some(1.0 / shape))
        } else {
            (shape, None)
        };
        let d = a - 1.0 / 3.0;
        UnitGamma {
            shape,
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            boost,
        }
    }

    /// The Marsaglia-Tsang draw for shape `d + 1/3` (at least 1), always positive.
    #[inline]
    fn core<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        loop {
            let (x, v) = loop {
                let x = std_normal(rng);
                let v = 1.0 + self.c * x;
                if v > 0.0 {
                    break (x, v);
                }
            };
            let v = v * v * v;
            let x2 = x * x;
            let u = open01(rng);
            // The squeeze accepts about 98% of draws without a logarithm.
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + self.d * (1.0 - v + v.ln()) {
                return self.d * v;
            }
        }
    }

    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let g = self.core(rng);
        match self.boost {
            Some(inv) => g * open01(rng).powf(inv),
            None => g,
        }
    }

    /// The log of a draw: finite for any shape, where the draw itself underflows to 0 for
    /// shapes far below 1 (`U^(1/shape)` with shape 1e-12).
    #[inline]
    fn ln_sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let g = self.core(rng).ln();
        match self.boost {
            Some(inv) => g + open01(rng).ln() * inv,
            None => g,
        }
    }
}

/// X = Ga / (Ga + Gb). Where both gammas underflow to 0 (shapes far below 1), the draw is made
/// once more from the gammas' logs, which stay finite, so it never loops (the old redraw loop
/// hung at shapes of 1e-10). The usual case keeps the plain quotient: no extra logarithms on
/// the hot path, and the same bits as before.
#[inline]
fn beta_sample<R: Rng + ?Sized>(a: &UnitGamma, b: &UnitGamma, rng: &mut R) -> f64 {
    let x = a.sample(rng);
    let y = b.sample(rng);
    let sum = x + y;
    if sum > 0.0 {
        return x / sum;
    }
    let la = a.ln_sample(rng);
    let lb = b.ln_sample(rng);
    1.0 / (1.0 + (lb - la).exp())
}

/// A normal truncated to `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TruncatedNormal {
    mean: f64,
    sd: f64,
    low: f64,
    high: f64,
    /// Draw by rejection from the whole normal when the interval holds most of the
    /// probability (cheap: no inverse CDF), else by inversion.
    reject: bool,
    /// The quantiles up to the median are found from `low`, those above from `high`.
    lower: Edge,
    upper: Edge,
    /// The standardised width (infinite if either bound is), and the interval's probability,
    /// without the cancellation of a difference of Φ when the interval is narrow.
    width: f64,
    mass: f64,
}

impl TruncatedNormal {
    fn new(field: &str, mean: f64, sd: f64, low: f64, high: f64) -> Result<TruncatedNormal> {
        let (alpha, beta) = ((low - mean) / sd, (high - mean) / sd);
        let (mut lower, mut upper) = (Edge::new(alpha), Edge::new(-beta));
        let width = beta - alpha;
        // An interval above the mean is measured in the lower tail, where `1 - Φ` would lose
        // all precision.
        let mass = if width.is_finite() && lower.density >= f64::MIN_POSITIVE {
            lower.density * lower.span(width)
        } else if alpha > 0.0 {
            std_normal_cdf(-alpha) - std_normal_cdf(-beta)
        } else {
            std_normal_cdf(beta) - std_normal_cdf(alpha)
        };
        // NaN-safe: a mass of NaN fails too.
        if mass.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return Err(Error::invalid(
                field_or_kind(field),
                format!(
                    "truncated_normal(mean {}, sd {}) on [{}, {}]",
                    num(mean),
                    num(sd),
                    num(low),
                    num(high)
                ),
                "an interval that holds some of the normal's probability (it lies too many sd from the mean)",
            ));
        }
        for edge in [&mut lower, &mut upper] {
            edge.reach = mass / edge.density;
        }
        Ok(TruncatedNormal {
            mean,
            sd,
            low,
            high,
            reject: mass > 0.25,
            lower,
            upper,
            width,
            mass,
        })
    }

    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        if self.reject {
            loop {
                let x = self.mean + self.sd * std_normal(rng);
                if x >= self.low && x <= self.high {
                    return x;
                }
            }
        }
        self.quantile(open01(rng))
    }

    /// Each tail is taken from its own bound with its own probability (`p`, or `1 - p`, which
    /// is exact above ½), so neither `1 - p` nor a bound near 0 costs precision.
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p == 0.0 {
            return self.low;
        }
        if p == 1.0 {
            return self.high;
        }
        let x = if p <= 0.5 {
            self.lower.quantile(self, self.low, 1.0, p)
        } else {
            self.upper.quantile(self, self.high, -1.0, 1.0 - p)
        };
        x.clamp(self.low, self.high)
    }

    /// Mean and variance of the standardised truncated normal.
    fn moments(&self) -> (f64, f64) {
        let (alpha, beta) = (self.lower.c, -self.upper.c);
        let (fa, fb) = (self.lower.density, self.upper.density);
        let m = (fa - fb) / self.mass;
        let term = |x: f64, f: f64| if x.is_infinite() { 0.0 } else { x * f };
        let v = 1.0 + (term(alpha, fa) - term(beta, fb)) / self.mass - m * m;
        (m, v)
    }

    fn mean(&self) -> f64 {
        self.mean + self.sd * self.moments().0
    }

    fn variance(&self) -> f64 {
        self.sd * self.sd * self.moments().1
    }
}

/// One end of a truncated normal's interval, in standard units reflected so that the interval
/// lies above it (`c` is `alpha` for `low`, `-beta` for `high`). A quantile within a few sd
/// of a bound is solved for as its distance `d` from the bound, from the normal's mass over
/// `[c, c + d]` taken without cancellation; `mean + sd z` would lose `d`'s digits when the
/// bound is far from the mean and near 0, and `Φ(c) + p mass` would lose them when `p mass`
/// is small beside `Φ(c)`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Edge {
    c: f64,
    /// Φ(-|c|), the smaller tail beyond `±c` (the larger would cost precision as `1 - Φ`),
    /// and φ(c).
    tail: f64,
    density: f64,
    /// The interval's probability over φ(c); it need not underflow where the probability does.
    reach: f64,
}

impl Edge {
    fn new(c: f64) -> Edge {
        Edge {
            c,
            tail: std_normal_cdf(-c.abs()),
            density: std_normal_pdf(c),
            reach: f64::INFINITY,
        }
    }

    /// `∫ φ over [c, c + d] / φ(c) = ∫_0^d exp(-c s - s²/2) ds`. Where `d (|c| + d) <= 1` by
    /// the Taylor series of the integrand, `exp(-c s - s²/2) = Σ e_n (s/d)^n` with
    /// `e_(n+1) = -d (c e_n + d e_(n-1)) / (n + 1)` (Hermite polynomials' recurrence): the terms
    /// then fall at least as fast as `1/n!`, and their absolute sum is within e^1.5 of the sum.
    /// Beyond that a difference of tail probabilities, which loses at most a factor of 5 there.
    fn span(&self, d: f64) -> f64 {
        let c = self.c;
        if d * (c.abs() + d) <= 1.0 {
            let (mut previous, mut term) = (0.0, 1.0);
            let mut sum = 1.0;
            let mut n = 0.0;
            while n < 60.0 {
                let next = -d * (c * term + d * previous) / (n + 1.0);
                (previous, term) = (term, next);
                n += 1.0;
                sum += term / (n + 1.0);
                if (term.abs() + previous.abs()) <= 0.25 * f64::EPSILON * sum.abs() {
                    break;
                }
            }
            d * sum
        } else if c >= 0.0 {
            (self.tail - std_normal_cdf(-c - d)) / self.density
        } else {
            (std_normal_cdf(c + d) - self.tail) / self.density
        }
    }

    /// The quantile whose probability between `bound` and it is `s mass`, `s <= ½`; `sign` is
    /// the direction of the interval from the bound.
    fn quantile(&self, t: &TruncatedNormal, bound: f64, sign: f64, s: f64) -> f64 {
        let (mean, sd) = (t.mean, t.sd);
        let w = if self.c <= 0.0 {
            std_normal_quantile(self.tail + s * t.mass)
        } else {
            -std_normal_quantile(self.tail - s * t.mass)
        };
        // Far from the bound (or at a bound so far out that φ underflows) the plain quantile is
        // the more accurate: `bound + sd d` would cancel where `mean` does not.
        if self.density < f64::MIN_POSITIVE || bound.abs() > mean.abs() + sd * (w.abs() + 1.0) {
            return mean + sign * sd * w;
        }
        let target = s * self.reach;
        // `w - c` is good to about 1e-16 (1 + |c|) absolutely; below that the linear start.
        let guess = w - self.c;
        let start = if guess > 1e-8 * (1.0 + self.c.abs()) {
            guess.min(t.width)
        } else {
            target
        };
        if start.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return bound;
        }
        // Solved for d / start, so that the solver's tolerances are relative to d.
        let u = super::inverse::solve(1.0, 0.0, t.width / start, true, |u| {
            let d = u * start;
            (self.span(d) - target, (-d * (self.c + 0.5 * d)).exp() * start)
        });
        bound + sign * sd * (u * start)
    }
}

#[cfg(test)]
#[path = "distribution_tests.rs"]
mod tests;
