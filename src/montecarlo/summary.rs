//! Streaming summaries of Monte Carlo outputs that merge exactly.
//!
//! A chunk's summary is built from its rows alone; summaries merge in chunk order, so the
//! result depends on the seed and the chunk size, never on the number of threads or on which
//! machine ran which chunk. Percentiles come from a fixed histogram whose range is set by the
//! model's first chunk (the same on every run with the same seed), so that runs of 10^8
//! iterations keep only a few kilobytes per output.

use serde::{Deserialize, Serialize};

use super::moments::squares;
pub use super::moments::Moments;

/// Bins of the percentile histogram. They span the first chunk's range `r = max − min` with
/// half of it again on each side, so each bin is `2r / BINS` wide, and a streamed percentile is
/// within one bin of the exact one (see [`Summary::quantile`]).
pub const BINS: usize = 4096;

const _: () = assert!(BINS.is_power_of_two());

/// Running figures of one output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Iterations seen.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sum of squared deviations from the mean (Welford's M2).
    pub m2: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Iterations with a value below 0 (for the probability of a saving).
    pub below_zero: u64,
    /// Iterations with a value above 0 (for flags such as over-the-envelope).
    pub above_zero: u64,
    hist: Histogram,
}

/// Fixed bins over a range, with counts of what falls below and above.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    lo: f64,
    width: f64,
    /// 1 / width: binning multiplies rather than divides, on the hot path.
    per_width: f64,
    counts: Vec<u64>,
    under: u64,
    over: u64,
}

impl Histogram {
    /// Bins spanning the first chunk's values with half their range again on each side.
    pub fn spanning(min: f64, max: f64) -> Histogram {
        let range = (max - min).max(f64::EPSILON * max.abs().max(1.0));
        let lo = min - range / 2.0;
        Histogram {
            lo,
            width: 2.0 * range / BINS as f64,
            per_width: BINS as f64 / (2.0 * range),
            counts: vec![0; BINS],
            under: 0,
            over: 0,
        }
    }

    /// Adds `x` (for the one-by-one reference of the tests).
    #[cfg(test)]
    fn add(&mut self, x: f64) {
        self.add_times(x, 1);
    }

    /// Adds `x`, `k` times.
    #[inline]
    fn add_times(&mut self, x: f64, k: u64) {
        // For t >= 0, `as u32` truncates, which is floor: no call to floor on the hot path.
        // NaN falls through to bin 0, as it always has.
        let t = (x - self.lo) * self.per_width;
        if t < 0.0 {
            self.under += k;
        } else if t >= BINS as f64 {
            self.over += k;
        } else {
            // t is in [0, BINS): the mask changes nothing but lets the compiler drop the
            // bounds check (BINS is a power of two).
            self.counts[(t as u32 as usize) & (BINS - 1)] += k;
        }
    }

    /// Adds every value of a block, and returns the block's moments
    /// ([`Moments::of_column`], the same bits): the histogram is filled in the moments'
    /// second pass, so the block is read twice, not three times.
    pub(crate) fn add_column(&mut self, values: &[f64]) -> Moments {
        let mut m = Moments::spread_of(values);
        // NaN anywhere makes the mean NaN, and NaN must still be counted value by value.
        if m.min == m.max && !m.mean.is_nan() {
            // A constant column (a baseline's change, money no plan brings in) would add 1 to
            // the same count thousands of times, each add waiting for the last: one add instead.
            m.m2 = squares(values, m.mean, |_| ());
            self.add_times(m.min, m.n);
        } else {
            m.m2 = squares(values, m.mean, |x| self.add_times(x, 1));
        }
        m
    }

    /// The same bins, with no counts.
    pub(crate) fn empty_like(h: &Histogram) -> Histogram {
        Histogram {
            counts: vec![0; BINS],
            under: 0,
            over: 0,
            ..*h
        }
    }

    /// Adds another histogram's counts (same bins).
    pub(crate) fn merge(&mut self, other: &Histogram) {
        self.under += other.under;
        self.over += other.over;
        self.counts.iter_mut().zip(&other.counts).for_each(|(a, b)| *a += b);
    }
}

impl Summary {
    /// An empty summary whose percentiles use `hist`'s bins.
    pub fn new(hist: Histogram) -> Summary {
        Summary {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            below_zero: 0,
            above_zero: 0,
            hist,
        }
    }

    /// Adds one value (the one-by-one reference the tests check the block forms against).
    #[cfg(test)]
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        self.below_zero += u64::from(x < 0.0);
        self.above_zero += u64::from(x > 0.0);
        self.hist.add(x);
    }

    /// The summaries of the columns of `rows` (row-major, `hists.len()` values a row), one
    /// per column with that column's bins: the mean from the sum, then the squared deviations
    /// in a second pass, so no division per value; the result depends only on the values and
    /// their order (the tests check it against a column-by-column reference).
    pub fn of_rows(rows: &[f64], hists: &[Histogram]) -> Vec<Summary> {
        let width = hists.len();
        if width == 0 {
            return Vec::new();
        }
        let mut column = Vec::with_capacity(rows.len() / width);
        hists
            .iter()
            .enumerate()
            .map(|(c, h)| {
                column.clear();
                column.extend(rows.iter().skip(c).step_by(width));
                let mut hist = Histogram::empty_like(h);
                let m = hist.add_column(&column);
                Summary::from_parts(&m, hist)
            })
            .collect()
    }

    /// Adds another summary; merging in a fixed order gives the same bits every time.
    pub fn merge(&mut self, o: &Summary) {
        let mut m = self.moments();
        m.merge(&o.moments());
        self.set_moments(&m);
        self.hist.merge(&o.hist);
    }

    /// Its scalar figures.
    pub fn moments(&self) -> Moments {
        Moments {
            n: self.n,
            mean: self.mean,
            m2: self.m2,
            min: self.min,
            max: self.max,
            below_zero: self.below_zero,
            above_zero: self.above_zero,
        }
    }

    /// A summary of `moments` whose percentiles come from `hist`.
    pub fn from_parts(moments: &Moments, hist: Histogram) -> Summary {
        let mut s = Summary::new(hist);
        s.set_moments(moments);
        s
    }

    /// The width of a percentile bin: the bound on a streamed percentile's error.
    pub fn bin_width(&self) -> f64 {
        self.hist.width
    }

    /// Its histogram.
    pub fn histogram(&self) -> &Histogram {
        &self.hist
    }

    fn set_moments(&mut self, m: &Moments) {
        self.n = m.n;
        self.mean = m.mean;
        self.m2 = m.m2;
        self.min = m.min;
        self.max = m.max;
        self.below_zero = m.below_zero;
        self.above_zero = m.above_zero;
    }

    /// Sample standard deviation.
    pub fn sd(&self) -> f64 {
        if self.n > 1 {
            (self.m2 / (self.n - 1) as f64).sqrt()
        } else {
            0.0
        }
    }

    /// Share of values below 0.
    pub fn prob_below_zero(&self) -> f64 {
        self.below_zero as f64 / self.n.max(1) as f64
    }

    /// Share of values above 0.
    pub fn prob_above_zero(&self) -> f64 {
        self.above_zero as f64 / self.n.max(1) as f64
    }

    /// The `p` quantile from the histogram, interpolated within its bin and clamped to the
    /// values seen.
    ///
    /// The bound: the result is within one bin width, [`Summary::bin_width`] (`2r / BINS`, `r`
    /// the first chunk's range), of the exact empirical quantile, the `⌈p·n⌉`-th smallest value
    /// (for `0 < p ≤ 1`), because that value lies in the bin the interpolation stays in. It holds
    /// for continuous and discrete outputs alike (a 0/1 output's bin holding 0 starts at 0). It
    /// holds only while that value falls inside the bins' span, the first chunk's range widened
    /// by half on each side; beyond it the result is the run's minimum or maximum.
    pub fn quantile(&self, p: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let h = &self.hist;
        let target = p * self.n as f64;
        let mut seen = h.under as f64;
        if target <= seen {
            return self.min;
        }
        for (b, c) in h.counts.iter().enumerate() {
            let c = *c as f64;
            if c > 0.0 && seen + c >= target {
                let x = h.lo + h.width * (b as f64 + (target - seen) / c);
                return x.clamp(self.min, self.max);
            }
            seen += c;
        }
        self.max
    }
}

/// The `p` quantile of sorted values, interpolated linearly between order statistics (as
/// numpy's default).
pub fn sorted_quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = p * (sorted.len() - 1) as f64;
    let i = h.floor() as usize;
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + (h - i as f64) * (sorted[j] - sorted[i])
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
