//! The samplers behind [`super::Distribution`]: uniforms in the open interval, the standard
//! normal and its tails, Marsaglia–Tsang gamma variates (and betas from two of them), the
//! truncated normal by inversion with its edges worked out once, and the quantiles of the
//! triangular and discrete distributions.

use rand::Rng;
use statrs::distribution::Normal as StatrsNormal;
use statrs::function::erf;

use super::checks::{field_or_kind, num};
use super::inverse::std_normal_quantile;
use crate::error::{Error, Location, Result};

/// A uniform in the open interval (0, 1): 53 random bits, centred in their cell, so that
/// neither 0 nor 1 comes out (both would be infinite quantiles or `ln(0)`).
#[inline]
pub(crate) fn open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

#[inline]
pub(super) fn std_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    // statrs's ziggurat: measured 254 M/s against rand_distr's 209 M/s (DESIGN.md).
    rand::distr::Distribution::sample(&StatrsNormal::standard(), rng)
}

/// Φ(x), accurate in the lower tail (down to about 1e-308).
///
/// statrs 0.19's `erfc(z)` for `|z| >= 0.5` is `e^(-z²)/z (b + r(z))` with each interval's
/// constant `b` printed to 10 digits where its fit used the `f32` value, about 1e-10 relative
/// error; the difference is added back here, leaving the few ulp of `z²` rounded (1e-13 at
/// 27). The truncated normal's quantile near a bound is only as good as this.
pub(super) fn std_normal_cdf(x: f64) -> f64 {
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

pub(super) fn std_normal_pdf(x: f64) -> f64 {
    if x.is_infinite() {
        0.0
    } else {
        (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
    }
}

#[inline]
pub(super) fn triangular_quantile(low: f64, mode: f64, high: f64, split: f64, p: f64) -> f64 {
    if p < split {
        low + (p * (high - low) * (mode - low)).sqrt()
    } else {
        high - ((1.0 - p) * (high - low) * (high - mode)).sqrt()
    }
}

pub(super) fn discrete_quantile(values: &[f64], cumulative: &[f64], p: f64) -> f64 {
    let i = cumulative.partition_point(|c| *c < p);
    values[i.min(values.len() - 1)]
}

/// A gamma of unit scale, with Marsaglia and Tsang's constants worked out once (statrs
/// recomputes them, with a square root, on every draw).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct UnitGamma {
    pub(super) shape: f64,
    pub(super) d: f64,
    pub(super) c: f64,
    /// `1 / shape` when shape < 1: the draw is then a Gamma(shape + 1) times `U^(1/shape)`.
    pub(super) boost: Option<f64>,
}

impl UnitGamma {
    pub(super) fn new(shape: f64) -> UnitGamma {
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
    pub(super) fn core<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
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
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let g = self.core(rng);
        match self.boost {
            Some(inv) => g * open01(rng).powf(inv),
            None => g,
        }
    }

    /// The log of a draw: finite for any shape, where the draw itself underflows to 0 for
    /// shapes far below 1 (`U^(1/shape)` with shape 1e-12).
    #[inline]
    pub(super) fn ln_sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
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
pub(super) fn beta_sample<R: Rng + ?Sized>(a: &UnitGamma, b: &UnitGamma, rng: &mut R) -> f64 {
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
pub(super) struct TruncatedNormal {
    pub(super) mean: f64,
    pub(super) sd: f64,
    pub(super) low: f64,
    pub(super) high: f64,
    /// Draw by rejection from the whole normal when the interval holds most of the
    /// probability (cheap: no inverse CDF), else by inversion.
    pub(super) reject: bool,
    /// The quantiles up to the median are found from `low`, those above from `high`.
    pub(super) lower: Edge,
    pub(super) upper: Edge,
    /// The standardised width (infinite if either bound is), and the interval's probability,
    /// without the cancellation of a difference of Φ when the interval is narrow.
    pub(super) width: f64,
    pub(super) mass: f64,
}

impl TruncatedNormal {
    pub(super) fn new(field: &Location, mean: f64, sd: f64, low: f64, high: f64) -> Result<TruncatedNormal> {
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
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
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
    pub(super) fn quantile(&self, p: f64) -> f64 {
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
    pub(super) fn moments(&self) -> (f64, f64) {
        let (alpha, beta) = (self.lower.c, -self.upper.c);
        let (fa, fb) = (self.lower.density, self.upper.density);
        let m = (fa - fb) / self.mass;
        let term = |x: f64, f: f64| if x.is_infinite() { 0.0 } else { x * f };
        let v = 1.0 + (term(alpha, fa) - term(beta, fb)) / self.mass - m * m;
        (m, v)
    }

    pub(super) fn mean(&self) -> f64 {
        self.mean + self.sd * self.moments().0
    }

    pub(super) fn variance(&self) -> f64 {
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
pub(super) struct Edge {
    pub(super) c: f64,
    /// Φ(-|c|), the smaller tail beyond `±c` (the larger would cost precision as `1 - Φ`),
    /// and φ(c).
    pub(super) tail: f64,
    pub(super) density: f64,
    /// The interval's probability over φ(c); it need not underflow where the probability does.
    pub(super) reach: f64,
}

impl Edge {
    pub(super) fn new(c: f64) -> Edge {
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
    pub(super) fn span(&self, d: f64) -> f64 {
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
    pub(super) fn quantile(&self, t: &TruncatedNormal, bound: f64, sign: f64, s: f64) -> f64 {
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
