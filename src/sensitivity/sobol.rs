//! Sobol' (variance-based) sensitivity indices from a Saltelli design.
//!
//! The design and the estimators are SALib's (`SALib.sample.sobol.sample` and
//! `SALib.analyze.sobol.analyze` with `calc_second_order=False`), so that model outputs can be
//! fed to either and read side by side:
//!
//! - **Design**: `2D`-dimensional scrambled Sobol' points, `N` rows; the first `D` columns
//!   are matrix `A`, the last `D` matrix `B`; `AB_i` is `A` with column `i` taken from `B`.
//!   Rows come in blocks of `D + 2` per base row `j`: `A_j, AB_1j, .., AB_Dj, B_j`, so a model
//!   is run `N (D + 2)` times.
//! - **Outputs** are first standardised, `y ← (y − mean) / std` over all `N (D + 2)` values,
//!   as SALib does (the first-order estimator is not shift invariant).
//! - **First order** (Saltelli et al. 2010): `S_i = mean(f_B (f_ABi − f_A)) / V`.
//! - **Total order** (Jansen 1999): `ST_i = mean((f_A − f_ABi)^2) / 2 / V`.
//! - `V` is the population variance (divisor `2N`) of the `2N` values `[f_A, f_B]`.
//! - **Confidence**: rows `j` are resampled with replacement; the half-width of the interval
//!   is `z · sd` of the bootstrap estimates (divisor `R − 1`), `z = Φ^-1(0.5 + level / 2)`.
//!
//! ```
//! use caretriangle::sensitivity::sobol::{saltelli_design, sobol_indices, SobolOptions};
//! // y = x0 + 2 x1 on the unit square: S = ST = (1/5, 4/5).
//! let design = saltelli_design(2, 1 << 12, 7)?;
//! let outputs: Vec<f64> = design.rows().into_iter().map(|x| x[0] + 2.0 * x[1]).collect();
//! let indices = sobol_indices(&outputs, 2, &SobolOptions::default())?;
//! assert!((indices.s1[1] - 0.8).abs() < 0.01 && (indices.st[0] - 0.2).abs() < 0.01);
//! # Ok::<(), caretriangle::Error>(())
//! ```

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, Normal};

use crate::error::{Error, Result};
use crate::qmc::Sobol;

/// The Saltelli design for `dims` inputs and `n` base rows: an `n (dims + 2) × dims` array of
/// uniforms in (0, 1), from a Sobol' sequence in `2 dims` dimensions scrambled with `seed`.
/// Transform each column to its input's distribution (inverse CDF), run the model on every
/// row, and pass the outputs, in row order, to [`sobol_indices`].
///
/// Take `n` a power of two: the Sobol' points are balanced only then.
///
/// # Errors
///
/// [`Error::InvalidValue`] if `dims` is 0 or above `Sobol::MAX_DIMS / 2` (512), or `n` < 2.
pub fn saltelli_design(dims: usize, n: usize, seed: u64) -> Result<Array2<f64>> {
    if dims == 0 || 2 * dims > Sobol::MAX_DIMS {
        return Err(Error::invalid(
            "saltelli.dims",
            dims,
            format!("between 1 and {}", Sobol::MAX_DIMS / 2),
        ));
    }
    saltelli_design_from(&Sobol::new(2 * dims, seed)?, n)
}

/// The Saltelli design from a given Sobol' sequence of `2 D` dimensions (for instance
/// [`Sobol::unscrambled`], to reproduce SALib's `scramble=False`): see [`saltelli_design`].
///
/// # Errors
///
/// [`Error::InvalidValue`] if the sequence has an odd number of dimensions, or `n` < 2.
///
/// # Panics
///
/// Never: every buffer is made to the design's shape.
pub fn saltelli_design_from(sequence: &Sobol, n: usize) -> Result<Array2<f64>> {
    if sequence.dims() % 2 != 0 {
        return Err(Error::invalid(
            "saltelli.sequence.dims",
            sequence.dims(),
            "an even number (columns of A, then of B)",
        ));
    }
    if n < 2 {
        return Err(Error::invalid("saltelli.n", n, "at least 2 base rows"));
    }
    let dims = sequence.dims() / 2;
    // The design and the base points, in bytes, checked before either is allocated: a typo
    // such as n = 2^34 must be an error, not an aborted interpreter.
    let limit = crate::memory::usable_bytes() / 2;
    let bytes = n
        .checked_mul(dims + 2)
        .and_then(|rows| rows.checked_add(2 * n))
        .and_then(|values| values.checked_mul(dims))
        .and_then(|values| values.checked_mul(8))
        .filter(|&b| b as u64 <= limit);
    if bytes.is_none() {
        let most = limit / (8 * dims as u64 * (dims as u64 + 4));
        return Err(Error::invalid(
            "saltelli.n",
            n,
            format!("at most {most} base rows for {dims} inputs (half the memory this process may use); lower n"),
        ));
    }
    let base = sequence.points(0, n)?;
    let mut design = Array2::zeros((n * (dims + 2), dims));
    for (j, point) in base.rows().into_iter().enumerate() {
        let (a, b) = point.as_slice().expect("rows of a standard array").split_at(dims);
        let block = j * (dims + 2);
        design.row_mut(block).assign(&ndarray::aview1(a));
        for i in 0..dims {
            let mut row = design.row_mut(block + 1 + i);
            row.assign(&ndarray::aview1(a));
            row[i] = b[i];
        }
        design.row_mut(block + dims + 1).assign(&ndarray::aview1(b));
    }
    Ok(design)
}

/// The most bootstrap resamples: SALib's default is 100, and 10^5 already pins an interval's
/// width to a fraction of a percent; more only costs time and memory (a stream and an estimate
/// are kept for each), and 10^12 aborted the process.
pub const MAX_RESAMPLES: usize = 100_000;

/// Options of [`sobol_indices`].
#[derive(Debug, Clone, PartialEq)]
pub struct SobolOptions {
    /// Bootstrap resamples for the confidence intervals: 0 (no intervals: the half-widths are
    /// NaN) or at least 2. Default 100, as SALib.
    pub num_resamples: usize,
    /// Confidence level of the intervals, strictly between 0 and 1. Default 0.95.
    pub confidence_level: f64,
    /// Seed of the bootstrap's random numbers. Default 0.
    pub seed: u64,
}

impl Default for SobolOptions {
    fn default() -> Self {
        SobolOptions {
            num_resamples: 100,
            confidence_level: 0.95,
            seed: 0,
        }
    }
}

/// First- and total-order Sobol' indices, one entry per input, with the half-widths of their
/// bootstrap confidence intervals (`s1[i] ± s1_conf[i]`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SobolIndices {
    /// First-order indices: the share of output variance due to each input alone.
    pub s1: Vec<f64>,
    /// Half-widths of the confidence intervals of `s1`.
    pub s1_conf: Vec<f64>,
    /// Total-order indices: the share due to each input with all its interactions.
    pub st: Vec<f64>,
    /// Half-widths of the confidence intervals of `st`.
    pub st_conf: Vec<f64>,
    /// Number of base rows `N` the outputs held.
    pub n: usize,
}

/// Sobol' indices from the model outputs on a [`saltelli_design`] of `dims` inputs, in the
/// design's row order. See the [module documentation](self) for the estimators.
///
/// The bootstrap runs in parallel (rayon), and its result does not depend on the number of
/// threads: resample `r` draws from `Xoshiro256PlusPlus::seed_from_u64(seed)` advanced by `r`
/// jumps of 2^128 steps, and every sum runs in a fixed order.
///
/// Outputs that do not vary give indices of 0 (with half-widths 0), as in SALib.
///
/// # Errors
///
/// [`Error::InvalidValue`] if `dims` is 0, the number of outputs is not `N (dims + 2)` with
/// `N >= 2`, an output is not finite, `num_resamples` is below 2 (0 used to give NaN
/// intervals without a word) or over the limit, or the confidence level is not strictly
/// between 0 and 1.
pub fn sobol_indices(outputs: &[f64], dims: usize, options: &SobolOptions) -> Result<SobolIndices> {
    if dims == 0 {
        return Err(Error::invalid("sobol.dims", dims, "at least 1"));
    }
    let block = dims + 2;
    if outputs.len() % block != 0 || outputs.len() < 2 * block {
        return Err(Error::invalid(
            "sobol.outputs.len()",
            outputs.len(),
            format!("N * (dims + 2) = N * {block} for some N >= 2 (one output per design row)"),
        ));
    }
    if let Some((k, y)) = outputs.iter().enumerate().find(|(_, y)| !y.is_finite()) {
        return Err(Error::invalid(format!("sobol.outputs[{k}]"), y, "a finite number"));
    }
    if !(2..=MAX_RESAMPLES).contains(&options.num_resamples) {
        return Err(Error::invalid(
            "sobol.num_resamples",
            options.num_resamples,
            format!("between 2 and {MAX_RESAMPLES} bootstrap resamples"),
        ));
    }
    let level = options.confidence_level;
    if !(level > 0.0 && level < 1.0) {
        return Err(Error::invalid(
            "sobol.confidence_level",
            level,
            "strictly between 0 and 1",
        ));
    }
    let n = outputs.len() / block;

    let count = outputs.len() as f64;
    let mean = outputs.iter().sum::<f64>() / count;
    let sd = (outputs.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / count).sqrt();
    if sd == 0.0 {
        let zeros = vec![0.0; dims];
        return Ok(SobolIndices {
            s1: zeros.clone(),
            s1_conf: zeros.clone(),
            st: zeros.clone(),
            st_conf: zeros,
            n,
        });
    }
    let y: Vec<f64> = outputs.iter().map(|v| (v - mean) / sd).collect();

    let rows: Vec<u32> = (0..n as u32).collect();
    let point = estimate(&y, dims, &rows);

    let (s1_conf, st_conf) = {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed);
        let streams: Vec<Xoshiro256PlusPlus> = (0..options.num_resamples)
            .map(|_| {
                let stream = rng.clone();
                rng.jump();
                stream
            })
            .collect();
        let resamples: Vec<Estimate> = streams
            .into_par_iter()
            .map(|mut rng| {
                let rows: Vec<u32> = (0..n).map(|_| below(&mut rng, n as u64) as u32).collect();
                estimate(&y, dims, &rows)
            })
            .collect();
        let z = Normal::standard().inverse_cdf(0.5 + level / 2.0);
        let half_width = |pick: fn(&Estimate) -> &[f64]| -> Vec<f64> {
            (0..dims)
                .map(|i| z * sample_sd(resamples.iter().map(|e| pick(e)[i])))
                .collect()
        };
        (half_width(|e| &e.s1), half_width(|e| &e.st))
    };

    Ok(SobolIndices {
        s1: point.s1,
        s1_conf,
        st: point.st,
        st_conf,
        n,
    })
}

struct Estimate {
    s1: Vec<f64>,
    st: Vec<f64>,
}

/// Both estimators on the base rows `rows` (with repeats, for a bootstrap resample) of the
/// standardised outputs `y`.
fn estimate(y: &[f64], dims: usize, rows: &[u32]) -> Estimate {
    let block = dims + 2;
    let at = |j: u32| &y[j as usize * block..(j as usize + 1) * block];
    let m = rows.len() as f64;

    // Two passes for the variance of [f_A, f_B]: the mean of a resample is not exactly 0.
    let mean = rows.iter().map(|&j| at(j)[0] + at(j)[block - 1]).sum::<f64>() / (2.0 * m);
    let variance = rows
        .iter()
        .map(|&j| (at(j)[0] - mean).powi(2) + (at(j)[block - 1] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * m);

    let mut first = vec![0.0; dims];
    let mut total = vec![0.0; dims];
    for &j in rows {
        let r = at(j);
        let (a, b) = (r[0], r[block - 1]);
        for i in 0..dims {
            let ab = r[1 + i];
            first[i] += b * (ab - a);
            total[i] += (a - ab).powi(2);
        }
    }
    // SALib returns 0 where the variance is (numerically) nil, rather than dividing by it.
    let scale = |sum: f64, factor: f64| {
        if variance > f64::EPSILON {
            factor * sum / m / variance
        } else {
            0.0
        }
    };
    Estimate {
        s1: first.into_iter().map(|s| scale(s, 1.0)).collect(),
        st: total.into_iter().map(|s| scale(s, 0.5)).collect(),
    }
}

/// A uniform integer in `0..bound` by multiply-and-shift (Lemire 2019, without the rejection
/// step): the bias is below `bound / 2^64`, under 1e-12 for any design that fits in memory, and
/// the stream stays the same whatever `rand`'s version.
fn below(rng: &mut Xoshiro256PlusPlus, bound: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(bound)) >> 64) as u64
}

/// Sample standard deviation (divisor `k − 1`), as numpy's `std(ddof=1)` in SALib.
fn sample_sd(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let k = values.clone().count() as f64;
    let mean = values.clone().sum::<f64>() / k;
    (values.map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0)).sqrt()
}

#[cfg(test)]
#[path = "sobol_tests.rs"]
mod tests;
