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
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
    }

    /// Ishigami outputs on a design of uniforms, scaled to [-π, π] as SALib's `scale_samples`.
    fn ishigami_outputs(design: &Array2<f64>) -> Vec<f64> {
        design
            .rows()
            .into_iter()
            .map(|u| {
                let x: Vec<f64> = u.iter().map(|&u| u * (2.0 * PI) - PI).collect();
                ishigami(&x)
            })
            .collect()
    }

    #[test]
    fn design_rows_follow_salib() {
        // SALib 1.6.0: sobol.sample({'num_vars': 2, 'bounds': [[0, 1]] * 2}, 4,
        //     calc_second_order=False, scramble=False)
        let expected = [
            [0.0, 0.0],
            [0.0, 0.0],
            [0.0, 0.0],
            [0.0, 0.0],
            [0.5, 0.5],
            [0.5, 0.5],
            [0.5, 0.5],
            [0.5, 0.5],
            [0.75, 0.25],
            [0.25, 0.25],
            [0.75, 0.25],
            [0.25, 0.25],
            [0.25, 0.75],
            [0.75, 0.75],
            [0.25, 0.75],
            [0.75, 0.75],
        ];
        let design = saltelli_design_from(&Sobol::unscrambled(4).unwrap(), 4).unwrap();
        assert_eq!(design.dim(), (16, 2));
        for (k, row) in expected.iter().enumerate() {
            for (d, want) in row.iter().enumerate() {
                assert!((design[[k, d]] - want).abs() < 1e-15, "row {k}");
            }
        }
    }

    #[test]
    fn scrambled_design_has_the_saltelli_structure() {
        let (dims, n) = (3, 16);
        let design = saltelli_design(dims, n, 5).unwrap();
        assert_eq!(design.dim(), (n * (dims + 2), dims));
        for j in 0..n {
            let a = design.row(j * (dims + 2));
            let b = design.row(j * (dims + 2) + dims + 1);
            for i in 0..dims {
                let ab = design.row(j * (dims + 2) + 1 + i);
                for d in 0..dims {
                    assert_eq!(ab[d], if d == i { b[d] } else { a[d] });
                }
            }
        }
        assert_eq!(design, saltelli_design(dims, n, 5).unwrap());
    }

    #[test]
    fn estimates_match_salib_on_the_same_outputs() {
        // SALib 1.6.0, problem of 3 inputs on [-pi, pi]: X = sobol.sample(problem, 1024,
        // calc_second_order=False, scramble=False); Y = Ishigami.evaluate(X);
        // sobol.analyze(problem, Y, calc_second_order=False). Unscrambled, so that both sides
        // see the same points; the indices (not the intervals, whose random numbers differ)
        // must agree to rounding.
        let design = saltelli_design_from(&Sobol::unscrambled(6).unwrap(), 1024).unwrap();
        let outputs = ishigami_outputs(&design);
        let got = sobol_indices(&outputs, 3, &SobolOptions::default()).unwrap();
        let s1 = [0.3329550751794263, 0.441313938544067, 0.01857841295871935];
        let st = [0.5581790457114659, 0.4432845840303481, 0.24214937335496534];
        for i in 0..3 {
            assert!((got.s1[i] - s1[i]).abs() < 1e-9, "S1[{i}] {} vs {}", got.s1[i], s1[i]);
            assert!((got.st[i] - st[i]).abs() < 1e-9, "ST[{i}] {} vs {}", got.st[i], st[i]);
        }
    }

    #[test]
    fn ishigami_indices_at_n_2_14() {
        // Analytic values for a = 7, b = 0.1 (Ishigami and Homma 1990): V = 1/2 + a^2/8 +
        // b pi^4/5 + b^2 pi^8/18, V1 = 1/2 + b pi^4/5 + b^2 pi^8/50, V2 = a^2/8,
        // V13 = 8 b^2 pi^8/225. SALib's own regression test (tests/test_regression.py) allows
        // atol = 5e-2 and rtol = 1e-1 at N = 10,000; here the error must stay within 0.01.
        let (a, b) = (7.0f64, 0.1f64);
        let v = 0.5 + a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0;
        let v1 = 0.5 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 50.0;
        let v2 = a * a / 8.0;
        let v13 = 8.0 * b * b * PI.powi(8) / 225.0;
        let s1 = [v1 / v, v2 / v, 0.0];
        let st = [(v1 + v13) / v, v2 / v, v13 / v];
        assert!((s1[0] - 0.3139).abs() < 1e-4 && (st[2] - 0.2437).abs() < 1e-4);

        let design = saltelli_design(3, 1 << 14, 1).unwrap();
        let got = sobol_indices(&ishigami_outputs(&design), 3, &SobolOptions::default()).unwrap();
        for i in 0..3 {
            assert!((got.s1[i] - s1[i]).abs() < 0.01, "S1[{i}] = {} vs {}", got.s1[i], s1[i]);
            assert!((got.st[i] - st[i]).abs() < 0.01, "ST[{i}] = {} vs {}", got.st[i], st[i]);
            // Intervals of sensible width: positive and not wider than the index scale.
            assert!(got.s1_conf[i] > 0.0 && got.s1_conf[i] < 0.1);
            assert!(got.st_conf[i] > 0.0 && got.st_conf[i] < 0.1);
        }
    }

    #[test]
    fn g_function_indices_match_analytic_values() {
        // Sobol' G function, g = prod (|4 x_i - 2| + a_i) / (1 + a_i): V_i = 1 / (3 (1 + a_i)^2),
        // V = prod (1 + V_i) - 1, S_i = V_i / V, ST_i = V_i prod_{j != i} (1 + V_j) / V.
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];
        let vi: Vec<f64> = a.iter().map(|a: &f64| 1.0 / (3.0 * (1.0 + a).powi(2))).collect();
        let v = vi.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
        let s1: Vec<f64> = vi.iter().map(|x| x / v).collect();
        let st: Vec<f64> = (0..8)
            .map(|i| {
                let others: f64 = (0..8).filter(|&j| j != i).map(|j| 1.0 + vi[j]).product();
                vi[i] * others / v
            })
            .collect();

        let design = saltelli_design(8, 1 << 14, 2).unwrap();
        let outputs: Vec<f64> = design
            .rows()
            .into_iter()
            .map(|x| {
                x.iter()
                    .zip(&a)
                    .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
                    .product()
            })
            .collect();
        let got = sobol_indices(&outputs, 8, &SobolOptions::default()).unwrap();
        for i in 0..8 {
            assert!((got.s1[i] - s1[i]).abs() < 0.01, "S1[{i}] = {} vs {}", got.s1[i], s1[i]);
            assert!((got.st[i] - st[i]).abs() < 0.01, "ST[{i}] = {} vs {}", got.st[i], st[i]);
        }
    }

    #[test]
    fn bootstrap_does_not_depend_on_thread_count() {
        let design = saltelli_design(3, 1 << 10, 3).unwrap();
        let outputs = ishigami_outputs(&design);
        let options = SobolOptions {
            num_resamples: 64,
            seed: 17,
            ..SobolOptions::default()
        };
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| sobol_indices(&outputs, 3, &options).unwrap())
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
        let other_seed = sobol_indices(&outputs, 3, &SobolOptions { seed: 18, ..options }).unwrap();
        assert_eq!(one.s1, other_seed.s1);
        assert_ne!(one.s1_conf, other_seed.s1_conf);
    }

    #[test]
    fn inputs_are_checked() {
        let options = SobolOptions::default();
        assert!(sobol_indices(&[1.0; 10], 0, &options).is_err());
        let e = sobol_indices(&[1.0; 11], 3, &options).unwrap_err();
        assert!(
            e.to_string().starts_with("sobol.outputs.len() must be N * (dims + 2)"),
            "{e}"
        );
        assert!(sobol_indices(&[1.0; 5], 3, &options).is_err());
        let mut y = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        y[7] = f64::NAN;
        let e = sobol_indices(&y, 3, &options).unwrap_err();
        assert_eq!(e.to_string(), "sobol.outputs[7] must be a finite number, got NaN");
        y[7] = 8.0;
        for bad in [0.0, 1.0, f64::NAN] {
            let o = SobolOptions {
                confidence_level: bad,
                ..SobolOptions::default()
            };
            assert!(sobol_indices(&y, 3, &o).is_err());
        }
        let one = SobolOptions {
            num_resamples: 1,
            ..SobolOptions::default()
        };
        assert!(sobol_indices(&y, 3, &one).is_err());
        let none = SobolOptions {
            num_resamples: 0,
            ..SobolOptions::default()
        };
        assert!(sobol_indices(&y, 3, &none).is_err());
        assert!(saltelli_design(0, 8, 0).is_err());
        assert!(saltelli_design(513, 8, 0).is_err());
        assert!(saltelli_design(2, 1, 0).is_err());
    }

    #[test]
    fn constant_outputs_give_zero_indices() {
        let got = sobol_indices(&[3.0; 20], 3, &SobolOptions::default()).unwrap();
        assert_eq!(got.s1, vec![0.0; 3]);
        assert_eq!(got.st_conf, vec![0.0; 3]);
        assert_eq!(got.n, 4);
    }
}
