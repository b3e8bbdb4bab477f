//! A fast inverse CDF for one input of one run, built once from the exact quantile.
//!
//! The log of the quantile, `Y = ln x`, is interpolated as a function of the logit
//! `s = ln(p / (1 - p))`: in the lower tail `Y` is nearly linear in `s ≈ ln p` (for a gamma,
//! `x ≈ (p Γ(a + 1))^(1/a)`), in the upper tail it follows `ln(1 - p)`, and one uniform grid in
//! `s` covers both tails and the body, so a lookup is an index computation, not a search. On
//! each cell a quintic Hermite polynomial matches `Y`, `dY/ds` and `d²Y/ds²` (from the density)
//! at both ends. Each coarse cell is halved until the polynomial's error, estimated by
//! evaluating the exact CDF at three points per cell, is below [`TOLERANCE`] in `ln x` (that
//! is, relative in `x`). This is the idea of Derflinger, Hörmann and Leydold's PINV
//! ("Efficient numerical inversion for financial simulations", 2010), with the CDF known.

use super::inverse::{
    beta_ln_quantile, beta_log_kernel, beta_quantile, gamma_ln_quantile, gamma_log_density, gamma_quantile,
    ln_beta_inc, ln_gamma_pq,
};

/// The logit range covered: p from 8.5e-17 to 1 - 8.5e-17, beyond which (or for p that is
/// not a probability) the exact quantile is used.
const S_MIN: f64 = -37.0;
const COARSE: usize = 64;
const H: f64 = -2.0 * S_MIN / COARSE as f64;
/// Each coarse cell is split into at most 2^MAX_LEVEL cells.
const MAX_LEVEL: u32 = 7;
/// Past this many cells (48 bytes each) the table is not worth its memory: exact instead.
const MAX_CELLS: usize = 1024;
/// The interpolation's target error in `ln x`, a tenth of what the issue allows, since the
/// check points estimate the error rather than bound it.
pub(crate) const TOLERANCE: f64 = 1e-11;

/// The unit distribution a table inverts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Unit {
    Gamma(f64),
    Beta(f64, f64),
}

impl Unit {
    fn exact(self, p: f64) -> f64 {
        match self {
            Unit::Gamma(a) => gamma_quantile(a, p),
            Unit::Beta(a, b) => beta_quantile(a, b, p),
        }
    }

    /// `(Y, dY/ds, d²Y/ds²)` at logit `s`, from the exact quantile and the density.
    fn node(self, s: f64) -> [f64; 3] {
        // ln p and ln(1 - p) from s without forming 1 - p, which would lose the upper tail.
        let (lp, lq) = (-(-s).exp().ln_1p(), -s.exp().ln_1p());
        let (upper, lt) = if s > 0.0 { (true, lq) } else { (false, lp) };
        let (y, density, slope) = match self {
            Unit::Gamma(a) => {
                let y = gamma_ln_quantile(a, lt, upper);
                let x = y.exp();
                (y, gamma_log_density(a, x, y), a - x)
            }
            Unit::Beta(a, b) => {
                let (lx, lw) = beta_ln_quantile(a, b, lt, upper);
                let (x, w) = (lx.exp(), lw.exp());
                let density = beta_log_kernel(a, b, x, w, lx, lw) - lw;
                (lx, density, a - (b - 1.0) * (lx - lw).exp())
            }
        };
        // ds/dY = f_Y / (p (1 - p)), where f_Y = e^density is the density of Y = ln X; then
        // d²Y/ds² = -(f_Y'/f_Y) Y'² + (1 - 2p) Y'.
        let d1 = (lp + lq - density).exp();
        let q_minus_p = lq.exp() - lp.exp();
        [y, d1, -slope * d1 * d1 + q_minus_p * d1]
    }

    /// The error in `Y` of the value `y` given for logit `s`, from one Newton step on the
    /// exact CDF, and that estimate's own rounding noise.
    fn error(self, y: f64, s: f64) -> (f64, f64) {
        let x = y.exp();
        let (lp, lq, density) = match self {
            Unit::Gamma(a) => {
                let (lp, lq) = ln_gamma_pq(a, y);
                (lp, lq, gamma_log_density(a, x, y))
            }
            Unit::Beta(a, b) => {
                let (w, lw) = (-y.exp_m1(), (-x).ln_1p());
                let (lp, lq) = ln_beta_inc(a, b, x, w, y, lw);
                (lp, lq, beta_log_kernel(a, b, x, w, y, lw) - lw)
            }
        };
        let d1 = (lp + lq - density).exp();
        let noise = 8.0 * f64::EPSILON * (1.0 + lp.abs() + lq.abs()) * d1;
        (((lp - lq) - s) * d1, noise)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Coarse {
    first: u32,
    /// 2^level, as a float for the lookup.
    split: f64,
    last: u32,
}

/// The inverse CDF of a gamma, beta or PERT input, interpolated to a relative error below
/// 1e-10 (checked when built), in about 20 ns; see [`Distribution::quantile_table`].
///
/// [`Distribution::quantile_table`]: super::Distribution::quantile_table
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileTable {
    unit: Unit,
    /// The value is `offset + scale · x` for the unit quantile `x`.
    offset: f64,
    scale: f64,
    coarse: Vec<Coarse>,
    cells: Vec<[f64; 6]>,
}

/// The quintic on `t` in [0, 1] with the given value and first two derivatives (in `t`) at
/// each end.
fn hermite(a: [f64; 3], b: [f64; 3]) -> [f64; 6] {
    let (c0, c1, c2) = (a[0], a[1], 0.5 * a[2]);
    let big_a = b[0] - (c0 + c1 + c2);
    let big_b = b[1] - (c1 + 2.0 * c2);
    let big_c = b[2] - 2.0 * c2;
    [
        c0,
        c1,
        c2,
        10.0 * big_a - 4.0 * big_b + 0.5 * big_c,
        -15.0 * big_a + 7.0 * big_b - big_c,
        6.0 * big_a - 3.0 * big_b + 0.5 * big_c,
    ]
}

#[inline]
fn horner(c: &[f64; 6], t: f64) -> f64 {
    c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * (c[4] + t * c[5]))))
}

/// A node's derivatives scaled to a cell of width `h`, for [`hermite`].
fn scaled(n: [f64; 3], h: f64) -> [f64; 3] {
    [n[0], n[1] * h, n[2] * h * h]
}

impl QuantileTable {
    /// Builds the table of `offset + scale · x`, `x` the quantile of `unit`, or `None` when
    /// the interpolation would not reach its tolerance within [`MAX_CELLS`] cells (the caller
    /// then uses the exact quantile).
    pub(crate) fn build(unit: Unit, offset: f64, scale: f64) -> Option<QuantileTable> {
        let mut coarse = Vec::with_capacity(COARSE);
        let mut cells = Vec::new();
        let mut left = unit.node(S_MIN);
        for i in 0..COARSE {
            let s0 = S_MIN + i as f64 * H;
            let right = unit.node(s0 + H);
            // Nodes of the current level, reused (every other one) at the next.
            let mut nodes = vec![left, right];
            let mut accepted = None;
            for level in 0..=MAX_LEVEL {
                let n = 1usize << level;
                if level > 0 {
                    let mut finer = Vec::with_capacity(n + 1);
                    for j in 0..n / 2 {
                        finer.push(nodes[j]);
                        finer.push(unit.node(s0 + (2 * j + 1) as f64 * H / n as f64));
                    }
                    finer.push(nodes[n / 2]);
                    nodes = finer;
                }
                let h = H / n as f64;
                if nodes
                    .iter()
                    .any(|node| !(node.iter().all(|v| v.is_finite()) && node[1] > 0.0))
                {
                    return None;
                }
                let polys: Vec<[f64; 6]> = (0..n)
                    .map(|j| hermite(scaled(nodes[j], h), scaled(nodes[j + 1], h)))
                    .collect();
                let good = polys.iter().enumerate().all(|(j, c)| {
                    [0.25, 0.5, 0.75].iter().all(|&t| {
                        let (e, noise) = unit.error(horner(c, t), s0 + (j as f64 + t) * h);
                        e.abs() <= TOLERANCE.max(noise)
                    })
                });
                if good {
                    accepted = Some((level, polys));
                    break;
                }
            }
            let (level, polys) = accepted?;
            if cells.len() + polys.len() > MAX_CELLS {
                return None;
            }
            coarse.push(Coarse {
                first: cells.len() as u32,
                split: f64::from(1u32 << level),
                last: (1u32 << level) - 1,
            });
            cells.extend(polys);
            left = right;
        }
        Some(QuantileTable {
            unit,
            offset,
            scale,
            coarse,
            cells,
        })
    }

    /// The quantile at `p`: by the table for `p` within about 1e-16 of (0, 1), else exactly
    /// (the ends of the support at 0 and 1, NaN outside [0, 1]).
    #[inline]
    pub fn quantile(&self, p: f64) -> f64 {
        let c = ((p / (1.0 - p)).ln() - S_MIN) * (1.0 / H);
        // NaN (p outside [0, 1]) and ±∞ (p = 0 or 1) fail this test too.
        if c >= 0.0 && c < COARSE as f64 {
            let i = c as usize;
            let cell = self.coarse[i];
            let g = (c - i as f64) * cell.split;
            let j = (g as u32).min(cell.last);
            let y = horner(&self.cells[(cell.first + j) as usize], g - f64::from(j));
            return self.offset + self.scale * y.exp();
        }
        self.exact(p)
    }

    /// The exact quantile, which the table approximates.
    pub fn exact(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        self.offset + self.scale * self.unit.exact(p)
    }

    /// The table's size in bytes.
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.cells.len() * std::mem::size_of::<[f64; 6]>()
            + self.coarse.len() * std::mem::size_of::<Coarse>()
    }

    /// The number of interpolation cells.
    pub fn cells(&self) -> usize {
        self.cells.len()
    }
}
