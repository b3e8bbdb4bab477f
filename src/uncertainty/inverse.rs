//! Exact quantiles of the normal, gamma and beta distributions; the gamma's and beta's worked
//! in log space.
//!
//! The regularised incomplete gamma and beta functions are computed as logarithms (a power
//! series or a continued fraction for the tail that converges fast, the other tail as
//! `ln(1 - e^l)`), and the inverse solves `ln F(x) = ln p` (or `ln(1 - F) = ln(1 - p)` above
//! the median) for `ln x` by a safeguarded Newton iteration. Working in logs keeps quantiles
//! such as 1e-41, or 1e-3000 for a gamma of shape 0.001, representable until the final
//! `exp` (which may then round to 0, correctly), and taking the upper tail as its own
//! probability avoids the cancellation in `1 - p` near 1.

use statrs::function::erf;
use statrs::function::gamma::ln_gamma;

/// Φ⁻¹(p) by the complementary error function, accurate far into both tails.
pub(crate) fn std_normal_quantile(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * erf::erfc_inv(2.0 * p)
}

const LN_2PI: f64 = 1.837_877_066_409_345_5;
const EPS: f64 = f64::EPSILON;

/// `ln(1 + t) - t` given `l = ln(1 + t)`: for small `t` by the series in `r = t / (2 + t)`
/// (the two terms nearly cancel there), otherwise by difference.
fn log1pmx(t: f64, l: f64) -> f64 {
    if t.abs() > 0.5 {
        return l - t;
    }
    // ln(1 + t) = 2 atanh(r), and t - 2r = t r, so ln(1 + t) - t = -t r + 2 (r³/3 + r⁵/5 + …).
    let r = t / (2.0 + t);
    let r2 = r * r;
    let mut power = r * r2;
    let mut sum = 0.0;
    let mut k = 3.0;
    while power.abs() > EPS * 1e-3 * (t * r).abs() && k < 200.0 {
        sum += power / k;
        power *= r2;
        k += 2.0;
    }
    -t * r + 2.0 * sum
}

/// `ln Γ(a) - [(a - ½) ln a - a + ½ ln 2π]`, by Stirling's series, for `a >= 10` (the first
/// omitted term is below 3e-17 there).
fn stirling_error(a: f64) -> f64 {
    const C: [f64; 8] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
        -3617.0 / 122_400.0,
    ];
    let inv2 = 1.0 / (a * a);
    let mut sum = 0.0;
    for c in C.iter().rev() {
        sum = sum * inv2 + c;
    }
    sum / a
}

/// `ln(1 - e^l)` for `l <= 0`, accurate at both ends.
pub(crate) fn ln_one_minus_exp(l: f64) -> f64 {
    if l > -std::f64::consts::LN_2 {
        (-l.exp_m1()).ln()
    } else {
        (-l.exp()).ln_1p()
    }
}

/// `ln(x^a e^-x / Γ(a))`, the log of `x` times the unit gamma density, given `lx = ln x` (`x`
/// may have underflowed to 0). For large shapes the Stirling form keeps the near-cancelling
/// terms `a ln x`, `x`, `ln Γ(a)` apart.
pub(crate) fn gamma_log_density(a: f64, x: f64, lx: f64) -> f64 {
    if a < 10.0 {
        a * lx - x - ln_gamma(a)
    } else {
        a * log1pmx((x - a) / a, lx - a.ln()) + 0.5 * (a.ln() - LN_2PI) - stirling_error(a)
    }
}

/// `(ln P(a, x), ln Q(a, x))`, the regularised lower and upper incomplete gamma functions, at
/// `x = e^lx`.
pub(crate) fn ln_gamma_pq(a: f64, lx: f64) -> (f64, f64) {
    let x = lx.exp();
    if x == f64::INFINITY {
        return (0.0, f64::NEG_INFINITY);
    }
    let front = gamma_log_density(a, x, lx);
    if x < a + 1.0 {
        // P = x^a e^-x / Γ(a + 1) · Σ x^n / ((a + 1)…(a + n)); the terms fall once n > x - a.
        let (mut term, mut sum, mut n) = (1.0, 1.0, 1.0);
        while term > sum * EPS * 0.25 && n < 1e6 {
            term *= x / (a + n);
            sum += term;
            n += 1.0;
        }
        let lp = front - a.ln() + sum.ln();
        (lp, ln_one_minus_exp(lp))
    } else {
        // Q = x^a e^-x / Γ(a) · 1 / (x + 1 - a - 1(1 - a) / (x + 3 - a - 2(2 - a) / …)), by
        // the modified Lentz method.
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / LENTZ_TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        let mut i = 1.0;
        while i < 1e6 {
            let an = -i * (i - a);
            b += 2.0;
            let delta = lentz_step(&mut c, &mut d, an, b);
            h *= delta;
            if (delta - 1.0).abs() < EPS {
                break;
            }
            i += 1.0;
        }
        let lq = front + h.ln();
        (ln_one_minus_exp(lq), lq)
    }
}

/// `ln B(a, b)` with the large argument's Stirling form, where one is small and one large
/// (`ln Γ(b) - ln Γ(a + b)` would cancel almost entirely).
fn ln_beta(a: f64, b: f64) -> f64 {
    let (small, large) = if a < b { (a, b) } else { (b, a) };
    if large < 10.0 {
        return ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
    }
    let sum = small + large;
    ln_gamma(small) - (large - 0.5) * (small / large).ln_1p() - small * sum.ln() + small + stirling_error(large)
        - stirling_error(sum)
}

/// `ln(x^a w^b / B(a, b))` with `w = 1 - x`; each of `x`, `w` and their logs is passed in
/// full precision (either may be tiny). When both shapes are large, the powers are taken
/// relative to the mean, where the linear terms cancel exactly.
pub(crate) fn beta_log_kernel(a: f64, b: f64, x: f64, w: f64, lx: f64, lw: f64) -> f64 {
    if a.min(b) < 10.0 {
        return a * lx + b * lw - ln_beta(a, b);
    }
    let sum = a + b;
    let (mu, nu) = (a / sum, b / sum);
    let delta = if x < 0.5 { x - mu } else { nu - w };
    a * log1pmx(delta / mu, lx - mu.ln()) + b * log1pmx(-delta / nu, lw - nu.ln()) + 0.5 * (a * b / sum).ln()
        - 0.5 * LN_2PI
        - (stirling_error(a) + stirling_error(b) - stirling_error(sum))
}

/// The continued fraction `1 + d1 / (1 + d2 / (1 + …))` of `I_x(a, b) = x^a w^b / (a B(a, b))
/// / fraction`, by the modified Lentz method; it converges fast for `x < (a + 1) / (a + b + 2)`.
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    let (mut f, mut c, mut d) = (1.0, 1.0, 0.0);
    let mut j = 1u32;
    while j < 2_000_000 {
        let m = f64::from(j / 2);
        let dj = if j % 2 == 1 {
            -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))
        } else {
            m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m))
        };
        let delta = lentz_step(&mut c, &mut d, dj, 1.0);
        f *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
        j += 1;
    }
    f
}

/// `(ln I_x(a, b), ln(1 - I_x(a, b)))`; see [`beta_log_kernel`] for the arguments.
pub(crate) fn ln_beta_inc(a: f64, b: f64, x: f64, w: f64, lx: f64, lw: f64) -> (f64, f64) {
    let kernel = beta_log_kernel(a, b, x, w, lx, lw);
    if x < (a + 1.0) / (a + b + 2.0) {
        let l = kernel - a.ln() - beta_fraction(a, b, x).ln();
        (l, ln_one_minus_exp(l))
    } else {
        let l = kernel - b.ln() - beta_fraction(b, a, w).ln();
        (ln_one_minus_exp(l), l)
    }
}

/// Solves `h(y) = 0` for `h` increasing or not, given `eval(y) = (h, h')`, a start and a
/// bracket (either end may be infinite). Newton's step, or bisection (an expanding search towards an
/// infinite end) when it would leave the bracket. Once a Newton step is below 1e-9 of `y` one
/// more is taken: the iteration converges quadratically, so that last step reaches rounding
/// level.
pub(crate) fn solve(mut y: f64, mut lo: f64, mut hi: f64, increasing: bool, eval: impl Fn(f64) -> (f64, f64)) -> f64 {
    let mut polish = false;
    for _ in 0..200 {
        let (h, slope) = eval(y);
        if h == 0.0 {
            return y;
        }
        if (h < 0.0) == increasing {
            lo = y;
        } else if !h.is_nan() {
            hi = y;
        }
        let newton = y - h / slope;
        let in_bracket = newton >= lo && newton <= hi;
        let next = if in_bracket {
            newton
        } else if lo.is_finite() && hi.is_finite() {
            0.5 * (lo + hi)
        } else if lo.is_finite() {
            lo + 1f64.max(2.0 * lo.abs())
        } else {
            hi - 1f64.max(2.0 * hi.abs())
        };
        let step = (next - y).abs();
        y = next;
        if polish || hi - lo <= 2.0 * EPS * y.abs() {
            break;
        }
        // Only a Newton step says the root is that close: a small bisection step does not.
        polish = in_bracket && step <= 1e-9 * y.abs().max(1.0);
    }
    y
}

/// The tail probability `p` or `1 - p`, whichever is smaller, as a logarithm, and whether it
/// is the upper one; the exact inverses below take this form so that a caller holding a tiny
/// upper tail (`1 - p` below 1e-16) need not round it through `p`.
pub(crate) fn tail(p: f64) -> (f64, bool) {
    if p > 0.5 {
        ((1.0 - p).ln(), true)
    } else {
        (p.ln(), false)
    }
}

/// `ln x` of the unit gamma's quantile with tail `(lt, upper)` (see [`tail`]).
pub(crate) fn gamma_ln_quantile(a: f64, lt: f64, upper: bool) -> f64 {
    // Start: P ≈ x^a / Γ(a + 1) for small x; else Wilson and Hilferty's cube of a normal.
    let z = {
        let z = std_normal_quantile(lt.exp());
        if upper {
            -z
        } else {
            z
        }
    };
    let c = 1.0 / (9.0 * a);
    let v = 1.0 - c + z * c.sqrt();
    let small = (lt + ln_gamma(a + 1.0)) / a;
    let y0 = if v > 0.0 && (upper || a >= 1.0) {
        (a * v * v * v).ln()
    } else if upper {
        // Q ≈ x^(a - 1) e^-x / Γ(a) for large x.
        (-lt - ln_gamma(a)).max(1e-300).ln()
    } else {
        small.min((a + 1.0).ln())
    };
    // Both ln P and ln Q are concave in ln x (the log-gamma density is log-concave), so Newton
    // converges from any start; the bracket only guards against overflow.
    solve(y0, f64::NEG_INFINITY, 709.0, !upper, |y| {
        let (lp, lq) = ln_gamma_pq(a, y);
        let density = gamma_log_density(a, y.exp(), y);
        if upper {
            (lq - lt, -(density - lq).exp())
        } else {
            (lp - lt, (density - lp).exp())
        }
    })
}

/// The unit gamma's quantile at `p` in `[0, 1]`.
pub(crate) fn gamma_quantile(a: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let (lt, upper) = tail(p);
    gamma_ln_quantile(a, lt, upper).exp()
}

/// `(ln x, ln(1 - x))` of the beta(a, b) quantile with tail `(lt, upper)` (see [`tail`]),
/// each to full relative precision.
pub(crate) fn beta_ln_quantile(a: f64, b: f64, lt: f64, upper: bool) -> (f64, f64) {
    let half = -std::f64::consts::LN_2;
    let (below, above) = ln_beta_inc(a, b, 0.5, 0.5, half, half);
    let small_x = if upper { lt >= above } else { lt <= below };
    if small_x {
        beta_ln_quantile_below_half(a, b, lt, upper)
    } else {
        // X = 1 - W with W ~ beta(b, a), whose quantile is at the other tail.
        let (lw, lx) = beta_ln_quantile_below_half(b, a, lt, !upper);
        (lx, lw)
    }
}

/// As [`beta_ln_quantile`], for a quantile known to be at most ½, solved for `ln x`.
fn beta_ln_quantile_below_half(a: f64, b: f64, lt: f64, upper: bool) -> (f64, f64) {
    let half = -std::f64::consts::LN_2;
    let sum = a + b;
    let mean = a / sum;
    let sd = (a * b / (sum * sum * (sum + 1.0))).sqrt();
    let z = std_normal_quantile(lt.exp());
    let normal = mean + if upper { -z } else { z } * sd;
    // Start: the normal approximation for large shapes, else I ≈ x^a / (a B(a, b)) near 0.
    let y0 = if sum > 20.0 && normal > 0.0 && normal < 0.5 {
        normal.ln()
    } else if upper {
        mean.min(0.5).ln()
    } else {
        ((lt + a.ln() + ln_beta(a, b)) / a).min(half)
    };
    let y = solve(y0, f64::NEG_INFINITY, half, !upper, |y| {
        let x = y.exp();
        let lw = (-x).ln_1p();
        let (li, lq) = ln_beta_inc(a, b, x, -y.exp_m1(), y, lw);
        let density = beta_log_kernel(a, b, x, -y.exp_m1(), y, lw) - lw;
        if upper {
            (lq - lt, -(density - lq).exp())
        } else {
            (li - lt, (density - li).exp())
        }
    });
    (y, (-y.exp()).ln_1p())
}

/// The beta(a, b) quantile at `p` in `[0, 1]`.
pub(crate) fn beta_quantile(a: f64, b: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (lt, upper) = tail(p);
    beta_ln_quantile(a, b, lt, upper).0.exp()
}

#[cfg(test)]
#[path = "inverse_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "inverse_reference.rs"]
mod reference;

#[cfg(test)]
#[path = "inverse_reference_normal.rs"]
mod reference_normal;

/// Stands in for a 0 in Lentz's evaluation of a continued fraction, which would divide by it.
const LENTZ_TINY: f64 = 1e-300;

/// One term `a / (b + …)` of a continued fraction by the modified Lentz method: updates the
/// ratios `c` and `d` (`d` kept as its reciprocal) and returns the factor the fraction's value
/// is multiplied by.
#[inline]
fn lentz_step(c: &mut f64, d: &mut f64, a: f64, b: f64) -> f64 {
    let away = |x: f64| if x.abs() < LENTZ_TINY { LENTZ_TINY } else { x };
    *d = 1.0 / away(b + a * *d);
    *c = away(b + a / *c);
    *c * *d
}
