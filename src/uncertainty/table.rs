//! An input's inverse CDF, built once for a run and then read in a few nanoseconds: the
//! quantile function behind Latin hypercube and Sobol plans, which call it for every value.
//!
//! The exact quantiles of gamma, beta and PERT ([`super::inverse`]) solve for the root of an
//! incomplete gamma or beta function, a microsecond or more each; an input's parameters are
//! fixed for a run, so (as in the PINV method of Derflinger, Hörmann and Leydold, 2010, behind
//! UNU.RAN and scipy's `NumericalInversePolynomial`) the quantile is interpolated instead, piece
//! by piece, by polynomials whose error is checked against the exact quantile when the table is
//! built. The error is measured as PINV measures it, in `u`: the interpolated value is the
//! exact quantile of some `u'` with `|u' − u| ≤` [`U_RESOLUTION`] (scipy's default
//! `u_resolution`), far below what any number of iterations could detect.
//!
//! Each piece is a quintic through the exact quantile at the six Chebyshev–Lobatto points of
//! its slice of `(0, 1)`; a piece that fails the check at the five points between them is
//! halved. The slices start as 8 equal ones over `[¼, ¾]` and, towards each end, slices
//! halving in width down to 2⁻⁴⁰ from the end; beyond those, and in any piece that could not
//! be made accurate within [`MAX_PIECES`], the exact quantile is used.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::distribution::Distribution;

/// The largest error allowed, in `u`, when a piece is checked.
pub(crate) const U_RESOLUTION: f64 = 1e-10;

/// At most this many pieces a table (each 64 bytes); pieces still failing then use the exact
/// quantile.
const MAX_PIECES: usize = 4096;

/// The tails beyond `2^-TAIL_BITS` from either end use the exact quantile.
const TAIL_BITS: i32 = 40;

/// Pieces narrower than this use the exact quantile: halving them further would run into the
/// resolution of `u` itself.
const MIN_WIDTH: f64 = 1e-13;

/// At most this many tables are kept for reuse ([`InverseTable::shared`]); a few megabytes.
const CACHED: usize = 64;

/// Chebyshev–Lobatto points of `[0, 1]`, `(1 − cos(kπ/5)) / 2`: interpolation there keeps the
/// error near its least over the whole piece.
const NODES: [f64; 6] = [
    0.0,
    0.095_491_502_812_526_27,
    0.345_491_502_812_526_3,
    0.654_508_497_187_473_7,
    0.904_508_497_187_473_7,
    1.0,
];

/// One piece: `x(t) = c[0] + t (c[1] + t (c[2] + …))` for `t = (u − u0) / h` in `[0, 1]`,
/// kept within the exact quantiles at its ends (so the table never leaves the support and is
/// monotone from piece to piece). `inv_h` is NaN for a piece read exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    inv_h: f64,
    c: [f64; 6],
    high: f64,
}

impl Piece {
    const EXACT: Piece = Piece {
        inv_h: f64::NAN,
        c: [f64::NAN; 6],
        high: f64::NAN,
    };
}

/// An input's quantile function as a table of pieces (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InverseTable {
    /// The left end of each piece, then `∞`, so a scan to the right always stops.
    starts: Vec<f64>,
    pieces: Vec<Piece>,
    /// `guide[j]` is the piece holding `j / guide.len()`: a lookup starts there and moves
    /// right at most a few pieces (many only in the far tails, where few values fall).
    guide: Vec<u32>,
}

/// The quantile functions of several distributions, each read from its shared table where
/// the exact quantile is costly (gamma, beta, PERT, truncated normal), else exactly: for
/// designs in probabilities (a Sobol study's Saltelli design), where the exact inverse would
/// cost microseconds a value.
#[derive(Debug, Clone)]
pub struct Quantiles {
    distributions: Vec<Distribution>,
    tables: Vec<Option<Arc<InverseTable>>>,
}

impl Quantiles {
    /// The quantile functions of `distributions`, in order.
    pub fn new(distributions: Vec<Distribution>) -> Quantiles {
        let tables = distributions.iter().map(InverseTable::shared).collect();
        Quantiles { distributions, tables }
    }

    /// The quantile of distribution `j` at `u`.
    pub fn at(&self, j: usize, u: f64) -> f64 {
        let d = &self.distributions[j];
        match &self.tables[j] {
            Some(t) => t.at(d, u),
            None => d.quantile(u),
        }
    }
}

impl InverseTable {
    /// The table of `d`'s quantile, or `None` when its exact quantile is already cheap
    /// (uniform, triangular, discrete, fixed).
    pub(crate) fn new(d: &Distribution) -> Option<InverseTable> {
        if !d.quantile_is_costly() {
            return None;
        }
        let mut slices: Vec<(f64, f64)> = Vec::new();
        let tail = |k: i32| 2f64.powi(-k);
        for k in (2..TAIL_BITS).rev() {
            slices.push((tail(k + 1), tail(k)));
        }
        for i in 0..8 {
            slices.push((0.25 + f64::from(i) / 16.0, 0.25 + f64::from(i + 1) / 16.0));
        }
        for k in 2..TAIL_BITS {
            slices.push((1.0 - tail(k), 1.0 - tail(k + 1)));
        }
        let mut starts = vec![0.0];
        let mut pieces = vec![Piece::EXACT];
        for (a, b) in slices {
            fit(d, a, b, &mut starts, &mut pieces);
        }
        starts.push(1.0 - tail(TAIL_BITS));
        pieces.push(Piece::EXACT);
        starts.push(f64::INFINITY);
        let size = (pieces.len() * 2).next_power_of_two();
        let mut guide = Vec::with_capacity(size);
        let mut i = 0;
        for j in 0..size {
            let u = j as f64 / size as f64;
            while starts[i + 1] <= u {
                i += 1;
            }
            guide.push(i as u32);
        }
        Some(InverseTable { starts, pieces, guide })
    }

    /// The table of `d`, built once per process and shared: a table takes milliseconds to
    /// build (hundreds of exact quantiles), which a sweep's runs, a notebook's re-runs and
    /// the tasks of a distributed run would otherwise repeat for the same inputs. A table
    /// depends on `d` alone, so sharing it changes no number. The key is `d`'s `Debug` text,
    /// which writes each parameter as the shortest decimal that reads back to the same float:
    /// distinct parameters never share a table.
    pub(crate) fn shared(d: &Distribution) -> Option<Arc<InverseTable>> {
        static TABLES: OnceLock<Mutex<HashMap<String, Arc<InverseTable>>>> = OnceLock::new();
        if !d.quantile_is_costly() {
            return None;
        }
        let tables = TABLES.get_or_init(Mutex::default);
        let key = format!("{d:?}");
        // A poisoned lock only means another thread panicked while holding it; the map
        // holds whole tables only, so it is still sound to use.
        if let Some(t) = tables
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
        {
            return Some(Arc::clone(t));
        }
        // Built outside the lock, so that inputs' tables are built in parallel.
        let table = Arc::new(InverseTable::new(d)?);
        let mut map = tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= CACHED {
            map.clear();
        }
        map.insert(key, Arc::clone(&table));
        Some(table)
    }

    /// The quantile of `d` (the distribution the table was built for) at `u`.
    #[inline]
    pub(crate) fn at(&self, d: &Distribution, u: f64) -> f64 {
        if !(u > 0.0 && u < 1.0) {
            return d.quantile(u);
        }
        let mut i = self.guide[(u * self.guide.len() as f64) as usize] as usize;
        while self.starts[i + 1] <= u {
            i += 1;
        }
        let p = &self.pieces[i];
        let t = (u - self.starts[i]) * p.inv_h;
        let c = &p.c;
        let x = c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * (c[4] + t * c[5]))));
        if x.is_nan() {
            return d.quantile(u);
        }
        x.max(c[0]).min(p.high)
    }

    /// The number of pieces, including those read exactly.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.pieces.len()
    }
}

/// Appends pieces covering `[a, b)` to `starts` and `pieces`, halving until each passes.
fn fit(d: &Distribution, a: f64, b: f64, starts: &mut Vec<f64>, pieces: &mut Vec<Piece>) {
    let piece = if pieces.len() >= MAX_PIECES || b - a < MIN_WIDTH {
        Some(Piece::EXACT)
    } else {
        interpolate(d, a, b)
    };
    if let Some(p) = piece {
        starts.push(a);
        pieces.push(p);
    } else {
        let mid = 0.5 * (a + b);
        fit(d, a, mid, starts, pieces);
        fit(d, mid, b, starts, pieces);
    }
}

/// The quintic through the exact quantiles at the nodes of `[a, b]`, if it is accurate to
/// [`U_RESOLUTION`] at the points between the nodes.
fn interpolate(d: &Distribution, a: f64, b: f64) -> Option<Piece> {
    let h = b - a;
    let x: [f64; 6] = NODES.map(|t| d.quantile(a + t * h));
    if x.iter().any(|v| !v.is_finite()) || x[5] < x[0] {
        return None;
    }
    let c = monomial(&x);
    let piece = Piece {
        inv_h: 1.0 / h,
        c,
        high: x[5],
    };
    for k in 0..5 {
        let t = 0.5 * (NODES[k] + NODES[k + 1]);
        let exact = d.quantile(a + t * h);
        let got = horner(&c, t);
        let slope = derivative(&c, t) / h;
        let err = (got - exact).abs();
        // An error in x is one in u of err / (dx/du); where x barely moves it is exact anyway.
        let within = err <= 4.0 * f64::EPSILON * exact.abs() || (slope > 0.0 && err <= U_RESOLUTION * slope);
        if !within {
            return None;
        }
    }
    Some(piece)
}

/// The power-basis coefficients, in `t`, of the polynomial through `(NODES[k], x[k])`, by
/// Newton's divided differences expanded from the innermost term out.
fn monomial(x: &[f64; 6]) -> [f64; 6] {
    let mut dd = *x;
    for level in 1..6 {
        for k in (level..6).rev() {
            dd[k] = (dd[k] - dd[k - 1]) / (NODES[k] - NODES[k - level]);
        }
    }
    let mut c = [0.0; 6];
    c[0] = dd[5];
    // c(t) ← c(t) · (t − NODES[k]) + dd[k], for k from 4 down to 0.
    for k in (0..5).rev() {
        for j in (1..6).rev() {
            c[j] = c[j - 1] - NODES[k] * c[j];
        }
        c[0] = dd[k] - NODES[k] * c[0];
    }
    c
}

fn horner(c: &[f64; 6], t: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, ck| acc * t + ck)
}

fn derivative(c: &[f64; 6], t: f64) -> f64 {
    (1..6).rev().fold(0.0, |acc, k| acc * t + k as f64 * c[k])
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
