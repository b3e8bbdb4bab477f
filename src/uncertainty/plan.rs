//! Sampling plans: how a chunk's uniforms in (0, 1) are laid out before each input's quantile
//! function turns them into values.
//!
//! Every plan works chunk by chunk ([`CHUNK`] iterations, each chunk with its own stream), so
//! a run streams through any number of iterations in fixed memory and its numbers never depend
//! on the number of threads.

use ndarray::ArrayViewMut2;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::draw::open01;
use super::strata::Strata;
use super::stream::{stream, CHUNK};
use crate::error::{Error, Result};
use crate::qmc::Sobol;

/// How the uniforms behind the inputs are chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SamplingPlan {
    /// Independent uniforms: plain Monte Carlo. The fastest, since values are drawn straight
    /// from each distribution's sampler rather than through its quantile function.
    #[default]
    Random,
    /// Latin hypercube over the whole run: of its N iterations, exactly one falls in each of the
    /// N equal slices of (0, 1), for every input, so each input's draws spread over its whole
    /// distribution evenly, more closely than N random draws would.
    ///
    /// Which slice iteration `i` takes is a seeded random permutation of `0..N` for each input,
    /// read at position `i` without holding the permutation (a Feistel network with cycle
    /// walking), so a run still streams in fixed memory, chunks run on any thread and in parts
    /// on any worker, and the numbers depend on the seed and N alone. A chunk's rows are then
    /// spread over the whole range too, but are not stratified among themselves.
    LatinHypercube,
    /// Scrambled Sobol' points ([`crate::qmc::Sobol`], scrambled from the run's seed): row `r`
    /// of chunk `k` is point `k ·` [`CHUNK`] `+ r` of one sequence for the whole run, so the
    /// run as a whole is a low-discrepancy set, and each full chunk (2^12 points from a
    /// multiple of 2^12) is itself a balanced net. At most [`Sobol::MAX_DIMS`] inputs. Best with
    /// a number of iterations that is a power of two.
    Sobol,
}

/// A sampling plan made ready for a run of a given number of inputs, iterations and a seed
/// (for Sobol, the scrambled generator, and for a Latin hypercube, each input's permutation of
/// the strata, built once and shared by every chunk).
#[derive(Debug, Clone, PartialEq)]
pub struct UniformPlan {
    plan: SamplingPlan,
    inputs: usize,
    iterations: u64,
    sobol: Option<Sobol>,
    strata: Vec<Strata>,
}

/// The largest f64 below 1.
const BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

impl UniformPlan {
    /// Prepares `plan` for `inputs` inputs and a run of `iterations` seeded with `seed`.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for a Sobol plan with more inputs than [`Sobol::MAX_DIMS`]; for a
    /// Latin hypercube of 0 iterations (field `iterations`).
    pub fn new(plan: SamplingPlan, inputs: usize, iterations: u64, seed: u64) -> Result<UniformPlan> {
        if plan == SamplingPlan::LatinHypercube && iterations == 0 {
            return Err(Error::invalid("iterations", 0, "at least 1 for a Latin hypercube"));
        }
        let sobol = match plan {
            SamplingPlan::Sobol if inputs > 0 => Some(Sobol::new(inputs, seed).map_err(|_| {
                Error::invalid(
                    "inputs",
                    inputs,
                    format!("at most {} uncertain inputs for a Sobol plan", Sobol::MAX_DIMS),
                )
            })?),
            _ => None,
        };
        let strata = match plan {
            SamplingPlan::LatinHypercube => (0..inputs as u64).map(|j| Strata::new(iterations, seed, j)).collect(),
            _ => Vec::new(),
        };
        Ok(UniformPlan {
            plan,
            inputs,
            iterations,
            sobol,
            strata,
        })
    }

    /// The plan.
    pub fn plan(&self) -> SamplingPlan {
        self.plan
    }

    /// Fills `out` (rows = iterations, at most [`CHUNK`]; columns = inputs) with the uniforms in
    /// (0, 1) of chunk `chunk`, drawing any randomness it needs from `rng` (which should be
    /// [`stream(seed, chunk)`](stream); Sobol points need none).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] when `out` does not have one column per input (field `columns`),
    /// has more than [`CHUNK`] rows (field `rows`), or runs past the run's iterations for a
    /// Latin hypercube or the sequence's 2^52 points for Sobol (field `chunk`).
    pub fn fill<R: Rng + ?Sized>(&self, chunk: u64, mut out: ArrayViewMut2<'_, f64>, rng: &mut R) -> Result<()> {
        let (rows, cols) = out.dim();
        if cols != self.inputs {
            return Err(Error::invalid(
                "columns",
                cols,
                format!("one per input ({})", self.inputs),
            ));
        }
        if rows as u64 > CHUNK {
            return Err(Error::invalid("rows", rows, format!("at most one chunk ({CHUNK})")));
        }
        match self.plan {
            SamplingPlan::Random => {
                // Row by row, so that a row's draws do not depend on how many rows follow.
                for mut row in out.rows_mut() {
                    for u in &mut row {
                        *u = open01(rng);
                    }
                }
            }
            SamplingPlan::LatinHypercube => {
                let start = chunk
                    .checked_mul(CHUNK)
                    .filter(|s| s.checked_add(rows as u64).is_some_and(|end| end <= self.iterations))
                    .ok_or_else(|| {
                        Error::invalid(
                            "chunk",
                            chunk,
                            format!("a chunk within the run's {} iterations", self.iterations),
                        )
                    })?;
                let n = self.iterations as f64;
                for (mut column, strata) in out.columns_mut().into_iter().zip(&self.strata) {
                    for (i, u) in (start..).zip(column.iter_mut()) {
                        // open01 keeps each draw inside its slice; the min guards the rounding
                        // of the top slice's (n − 1 + u) / n to 1 when n is large.
                        *u = ((strata.get(i) as f64 + open01(rng)) / n).min(BELOW_ONE);
                    }
                }
            }
            SamplingPlan::Sobol => {
                let Some(sobol) = &self.sobol else { return Ok(()) };
                let start = chunk
                    .checked_mul(CHUNK)
                    .filter(|s| s.checked_add(rows as u64).is_some_and(|end| end <= Sobol::MAX_POINTS))
                    .ok_or_else(|| Error::invalid("chunk", chunk, "a chunk within the Sobol sequence's 2^52 points"))?;
                if let Some(flat) = out.as_slice_mut() {
                    sobol.fill(start, flat)?;
                } else {
                    let points = sobol.points(start, rows)?;
                    out.assign(&points);
                }
            }
        }
        Ok(())
    }
}

/// Fills `out` with the uniforms of chunk `chunk` of a run of `iterations` seeded with `seed`, drawn from
/// [`stream(seed, chunk)`](stream). The same arguments always give the same numbers. (A run
/// that fills many chunks should build a [`UniformPlan`] once instead, which for Sobol saves
/// scrambling the sequence again for every chunk.)
///
/// # Errors
/// As [`UniformPlan::new`] and [`UniformPlan::fill`].
///
/// # Examples
///
/// ```
/// use caretriangle::uncertainty::{fill_uniforms, SamplingPlan};
/// let mut u = ndarray::Array2::zeros((100, 3));
/// fill_uniforms(SamplingPlan::LatinHypercube, 100, 42, 0, u.view_mut())?;
/// // One draw in each hundredth of (0, 1), for every input.
/// let mut slices: Vec<usize> = u.column(0).iter().map(|x| (x * 100.0) as usize).collect();
/// slices.sort();
/// assert_eq!(slices, (0..100).collect::<Vec<_>>());
/// # Ok::<(), caretriangle::Error>(())
/// ```
pub fn fill_uniforms(
    plan: SamplingPlan,
    iterations: u64,
    seed: u64,
    chunk: u64,
    out: ArrayViewMut2<'_, f64>,
) -> Result<()> {
    UniformPlan::new(plan, out.ncols(), iterations, seed)?.fill(chunk, out, &mut stream(seed, chunk))
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use super::*;

    fn uniforms(plan: SamplingPlan, seed: u64, chunk: u64, rows: usize, cols: usize) -> Array2<f64> {
        let mut u = Array2::zeros((rows, cols));
        // A run long enough to hold the chunk.
        fill_uniforms(plan, (chunk + 1) * CHUNK, seed, chunk, u.view_mut()).unwrap();
        u
    }

    #[test]
    fn uniforms_are_strictly_inside_the_unit_interval() {
        for plan in [SamplingPlan::Random, SamplingPlan::LatinHypercube, SamplingPlan::Sobol] {
            let u = uniforms(plan, 0, 1, 4096, 5);
            assert!(u.iter().all(|x| *x > 0.0 && *x < 1.0));
        }
    }

    #[test]
    fn latin_hypercube_puts_one_row_in_each_slice_of_each_input() {
        // A run of one chunk: its rows are the whole run.
        for rows in [1, 2, 7, 1000, 4096] {
            let mut u = Array2::zeros((rows, 4));
            fill_uniforms(SamplingPlan::LatinHypercube, rows as u64, 3, 0, u.view_mut()).unwrap();
            for column in u.columns() {
                let mut slices: Vec<usize> = column.iter().map(|x| (x * rows as f64) as usize).collect();
                slices.sort_unstable();
                assert_eq!(slices, (0..rows).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn latin_hypercube_columns_are_independent() {
        // Pearson correlation between two columns of 4096 rows: standard error 0.016.
        let u = uniforms(SamplingPlan::LatinHypercube, 5, 0, 4096, 2);
        let (a, b) = (u.column(0), u.column(1));
        let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - 0.5) * (y - 0.5)).sum::<f64>() / 4096.0;
        assert!((cov * 12.0).abs() < 0.07);
    }

    #[test]
    fn random_uniforms_have_the_right_moments() {
        // 100,000 uniforms: the mean's standard error is 0.0009, the variance's 0.0003.
        let u = uniforms(SamplingPlan::Random, 8, 1, 4096, 25);
        let n = u.len() as f64;
        let mean = u.sum() / n;
        let var = u.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        assert!((mean - 0.5).abs() < 0.005 && (var - 1.0 / 12.0).abs() < 0.0015);
    }

    #[test]
    fn same_seed_and_chunk_give_the_same_uniforms() {
        for plan in [SamplingPlan::Random, SamplingPlan::LatinHypercube, SamplingPlan::Sobol] {
            assert_eq!(uniforms(plan, 0, 9, 100, 3), uniforms(plan, 0, 9, 100, 3));
            assert_ne!(uniforms(plan, 0, 9, 100, 3), uniforms(plan, 0, 10, 100, 3));
            assert_ne!(uniforms(plan, 0, 9, 100, 3), uniforms(plan, 1, 9, 100, 3));
        }
    }

    #[test]
    fn more_than_a_chunk_is_an_error() {
        let mut u = Array2::zeros((CHUNK as usize + 1, 1));
        assert!(fill_uniforms(SamplingPlan::Random, 2 * CHUNK, 0, 0, u.view_mut()).is_err());
    }

    #[test]
    fn sobol_chunks_are_consecutive_blocks_of_one_sequence() {
        let sobol = Sobol::new(3, 11).unwrap();
        for chunk in [0, 1, 5] {
            let u = uniforms(SamplingPlan::Sobol, 11, chunk, 4096, 3);
            assert_eq!(u, sobol.points(chunk * CHUNK, 4096).unwrap());
            // A full chunk is a balanced net: one point in each 1/4096 of every coordinate.
            for column in u.columns() {
                let mut slices: Vec<usize> = column.iter().map(|x| (x * 4096.0) as usize).collect();
                slices.sort_unstable();
                assert_eq!(slices, (0..4096).collect::<Vec<_>>());
            }
        }
        // A column-major view gets the same points.
        let mut t = Array2::zeros((3, 100));
        fill_uniforms(SamplingPlan::Sobol, 3 * CHUNK, 11, 2, t.view_mut().reversed_axes()).unwrap();
        assert_eq!(t.t(), sobol.points(2 * CHUNK, 100).unwrap());
    }

    #[test]
    fn sobol_limits_are_errors() {
        let mut u = Array2::zeros((1, Sobol::MAX_DIMS + 1));
        let e = fill_uniforms(SamplingPlan::Sobol, 1, 0, 0, u.view_mut()).unwrap_err();
        assert_eq!(e.field(), Some("inputs"));
        let mut u = Array2::zeros((10, 2));
        let e = fill_uniforms(SamplingPlan::Sobol, u64::MAX, 0, u64::MAX / 2, u.view_mut()).unwrap_err();
        assert_eq!(e.field(), Some("chunk"));
    }

    #[test]
    fn a_latin_hypercube_is_drawn_within_its_run() {
        let mut u = Array2::zeros((10, 2));
        let e = fill_uniforms(SamplingPlan::LatinHypercube, 0, 0, 0, u.view_mut()).unwrap_err();
        assert_eq!(e.field(), Some("iterations"));
        // 10 rows of chunk 0 of a 9-iteration run, and chunk 1 of a one-chunk run.
        let e = fill_uniforms(SamplingPlan::LatinHypercube, 9, 0, 0, u.view_mut()).unwrap_err();
        assert_eq!(e.field(), Some("chunk"));
        let e = fill_uniforms(SamplingPlan::LatinHypercube, CHUNK, 0, 1, u.view_mut()).unwrap_err();
        assert_eq!(e.field(), Some("chunk"));
    }

    #[test]
    fn plans_read_from_files() {
        let plan: SamplingPlan = serde_json::from_str("\"latin_hypercube\"").unwrap();
        assert_eq!(plan, SamplingPlan::LatinHypercube);
        assert_eq!(
            serde_json::from_str::<SamplingPlan>("\"sobol\"").unwrap(),
            SamplingPlan::Sobol
        );
        assert_eq!(serde_json::to_string(&SamplingPlan::Random).unwrap(), "\"random\"");
        assert!(serde_json::from_str::<SamplingPlan>("\"lhs\"").is_err());
    }
}
