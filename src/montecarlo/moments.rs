//! The scalar figures of a block of values (count, mean, squared deviations, extremes, signs),
//! worked out in two passes over eight running sums, and merged block by block in a fixed
//! order so that the bits depend only on the values and their order.

use serde::{Deserialize, Serialize};

/// Running sums kept by [`Moments::of_column`].
const LANES: usize = 8;

/// The lanes' sums added pairwise, in a fixed order.
#[inline]
fn lanes_total(s: [f64; LANES]) -> f64 {
    ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]))
}

/// The scalar half of a [`Summary`](super::Summary): everything but the histogram. A part of a run that does
/// not start at chunk 0 ships these one per chunk, because they must be folded in chunk order
/// to give the same bits (floating-point merging is not associative); histogram counts add
/// up in any order, so they travel summed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    /// Iterations seen.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Iterations with a value below 0.
    pub below_zero: u64,
    /// Iterations with a value above 0.
    pub above_zero: u64,
}

impl Moments {
    /// Nothing seen yet.
    pub const EMPTY: Moments = Moments {
        n: 0,
        mean: 0.0,
        m2: 0.0,
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
        below_zero: 0,
        above_zero: 0,
    };

    /// The moments of one block of values (a chunk's column): the mean from the sum, then the
    /// squared deviations in a second pass. Cheaper than adding values one by one (no division
    /// per value) and as accurate; the result depends only on the values and their order.
    ///
    /// Both passes keep 8 running sums (value `i` goes to sum `i % LANES`), added in a
    /// fixed order at the end: one running sum waits for each add to finish, several let the
    /// processor overlap them (and use vector registers), which made summaries about twice as
    /// fast. The order is fixed, so the bits still depend only on the values.
    pub fn of_column(values: &[f64]) -> Moments {
        let mut m = Moments::spread_of(values);
        m.m2 = squares(values, m.mean, |_| ());
        m
    }

    /// The first pass of [`Moments::of_column`]: everything but `m2` (left 0).
    pub(super) fn spread_of(values: &[f64]) -> Moments {
        let mut m = Moments::EMPTY;
        m.n = values.len() as u64;
        if values.is_empty() {
            return m;
        }
        let (mut sum, mut lo, mut hi) = ([0.0; LANES], [f64::INFINITY; LANES], [f64::NEG_INFINITY; LANES]);
        let (mut below, mut above) = ([0u64; LANES], [0u64; LANES]);
        let blocks = values.chunks_exact(LANES);
        let rest = blocks.remainder();
        for block in blocks {
            for l in 0..LANES {
                let x = block[l];
                sum[l] += x;
                lo[l] = lo[l].min(x);
                hi[l] = hi[l].max(x);
                below[l] += u64::from(x < 0.0);
                above[l] += u64::from(x > 0.0);
            }
        }
        for (l, &x) in rest.iter().enumerate() {
            sum[l] += x;
            lo[l] = lo[l].min(x);
            hi[l] = hi[l].max(x);
            below[l] += u64::from(x < 0.0);
            above[l] += u64::from(x > 0.0);
        }
        m.mean = lanes_total(sum) / m.n as f64;
        m.min = lo.iter().fold(f64::INFINITY, |a, x| a.min(*x));
        m.max = hi.iter().fold(f64::NEG_INFINITY, |a, x| a.max(*x));
        m.below_zero = below.iter().sum();
        m.above_zero = above.iter().sum();
        m
    }

    /// Adds another block's moments (Chan et al.'s parallel update); merging in a fixed order
    /// gives the same bits every time.
    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        self.mean += d * o.n as f64 / n as f64;
        self.m2 += o.m2 + d * d * (self.n as f64 * o.n as f64 / n as f64);
        self.n = n;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        self.below_zero += o.below_zero;
        self.above_zero += o.above_zero;
    }
}

/// The second pass of [`Moments::of_column`]: the sum of squared deviations from `mean`, in
/// [`LANES`] running sums added in a fixed order. `visit` sees every value on the way, so a
/// caller that needs another pass over the values (the histogram) makes it in this one.
#[inline]
pub(super) fn squares(values: &[f64], mean: f64, mut visit: impl FnMut(f64)) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut squares = [0.0; LANES];
    let blocks = values.chunks_exact(LANES);
    let rest = blocks.remainder();
    for block in blocks {
        for l in 0..LANES {
            let d = block[l] - mean;
            squares[l] += d * d;
            visit(block[l]);
        }
    }
    for (l, &x) in rest.iter().enumerate() {
        squares[l] += (x - mean) * (x - mean);
        visit(x);
    }
    lanes_total(squares)
}
