//! The expected value of partial perfect information (EVPPI): what would it be worth to learn
//! some of the uncertain inputs (one, or a group) before choosing?
//!
//! `EVPPI(φ) = E_φ[max_k E(NB_k | φ)] − max_k E[NB_k]`.
//!
//! The inner expectation `E(NB_k | φ)` is estimated from the same Monte Carlo samples by
//! grouping iterations whose `φ` are close and averaging within each group, then taking the
//! best option group by group:
//!
//! - [`EvppiMethod::Binned`]: one input. Iterations sorted by the input are cut into blocks of
//!   (nearly) equal size: the single-parameter method of Strong and Oakley (2013), "An efficient
//!   method for computing single-parameter partial expected value of perfect information",
//!   Medical Decision Making 33(6):755–766.
//! - [`EvppiMethod::Partition`]: one input or a group. A piecewise-constant regression on the
//!   inputs: the iterations are split at the median of one input at a time (the input whose
//!   ranks spread widest in the group being split) until each group holds at most `leaf`
//!   iterations, as a k-d tree does. Working on ranks makes it independent of the inputs'
//!   units. For one input it is the binned method with blocks of about `leaf` iterations.
//!
//! Grouping iterations can only lose information (the best option of a group's means is worth
//! no more than the mean of each iteration's best), and any grouping is worth at least choosing
//! now, so every estimate lies in `[0, EVPI]` of the same samples exactly, not only on average.
//! Blocks must hold enough iterations for their means to settle: with too few, noise makes the
//! estimate too high (as large as EVPI with blocks of one); with too many, too low (0 with one
//! block). The default, about √N blocks of about √N iterations, is Strong and Oakley's advice
//! for large N.
//!
//! ```
//! use caretriangle::sensitivity::evppi::{evppi, EvppiMethod};
//! use ndarray::array;
//! // Two options; the input tells which is better: learning it is worth all of EVPI.
//! let nb = array![[1.0, 0.0], [0.0, 3.0], [1.0, 0.0], [0.0, 3.0]];
//! let input = array![[0.1], [0.9], [0.2], [0.8]];
//! let value = evppi(nb.view(), input.view(), EvppiMethod::Binned { blocks: 2 })?;
//! // Blocks {0.1, 0.2} and {0.8, 0.9}: best 1 and 3, mean 2; choosing now: option 1, worth 1.5.
//! assert_eq!(value, 0.5);
//! # Ok::<(), caretriangle::Error>(())
//! ```

use ndarray::ArrayView2;

use super::voi::check_samples;
use crate::error::{Error, Result};

/// How iterations are grouped to estimate the expected net benefit given the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvppiMethod {
    /// One input, sorted and cut into this many blocks (Strong and Oakley 2013).
    Binned {
        /// Number of blocks, at least 1 and at most the number of iterations.
        blocks: usize,
    },
    /// One input or a group: median splits until each group holds at most `leaf` iterations.
    Partition {
        /// Largest number of iterations in a group, at least 1.
        leaf: usize,
    },
}

impl EvppiMethod {
    /// The default for `iterations` samples: about √N blocks (or groups of about √N).
    pub fn default_blocks(iterations: usize) -> usize {
        (iterations as f64).sqrt().round().max(1.0) as usize
    }
}

/// EVPPI of the inputs taken together, from `net_benefit[[iteration, option]]` and
/// `inputs[[iteration, input]]` (the inputs' values in the same iterations). In the net
/// benefits' units, never negative and never above the EVPI of the same samples.
///
/// The result does not depend on the order of the iterations' rows except through ties (equal
/// input values are ordered by row), and sums run in a fixed order, so it is the same on every
/// machine.
///
/// # Errors
///
/// [`Error::InvalidValue`] if there are no iterations, options or inputs, the two arrays have
/// different numbers of rows, a value is not finite (the message names its row and column), the
/// binned method is given more than one input, or `blocks`/`leaf` is out of range.
pub fn evppi(net_benefit: ArrayView2<'_, f64>, inputs: ArrayView2<'_, f64>, method: EvppiMethod) -> Result<f64> {
    let (iterations, options) = net_benefit.dim();
    let (rows, k) = inputs.dim();
    check_arrays(net_benefit, inputs)?;
    debug_assert_eq!(rows, iterations);
    let ranks: Vec<Vec<u32>> = (0..k).map(|j| ranks(inputs.column(j).iter().copied())).collect();
    let mut order: Vec<u32> = (0..iterations as u32).collect();
    let groups = match method {
        EvppiMethod::Binned { blocks } => {
            if k != 1 {
                return Err(Error::invalid(
                    "evppi.inputs",
                    format!("{k} inputs"),
                    "one input for the binned method (use the partition method for a group)",
                ));
            }
            if blocks == 0 || blocks > iterations {
                return Err(Error::invalid(
                    "evppi.blocks",
                    blocks,
                    format!("between 1 and the number of iterations ({iterations})"),
                ));
            }
            for (i, &r) in ranks[0].iter().enumerate() {
                order[r as usize] = i as u32;
            }
            // Block b holds rows [b·N/B, (b+1)·N/B): sizes differ by at most one.
            (0..=blocks).map(|b| b * iterations / blocks).collect()
        }
        EvppiMethod::Partition { leaf } => {
            if leaf == 0 {
                return Err(Error::invalid("evppi.leaf", leaf, "at least 1"));
            }
            partition(&mut order, &ranks, leaf)
        }
    };
    Ok(value_of_grouping(net_benefit, &order, &groups, options))
}

fn check_arrays(net_benefit: ArrayView2<'_, f64>, inputs: ArrayView2<'_, f64>) -> Result<()> {
    check_samples("evppi.net_benefit", net_benefit)?;
    let iterations = net_benefit.nrows();
    let (rows, k) = inputs.dim();
    if k == 0 || rows != iterations {
        return Err(Error::invalid(
            "evppi.inputs",
            format!("{rows} rows × {k} inputs"),
            format!("{iterations} rows (one per iteration of net_benefit) and at least one input"),
        ));
    }
    if iterations > u32::MAX as usize {
        return Err(Error::invalid(
            "evppi.net_benefit",
            iterations,
            "at most 4,294,967,295 iterations",
        ));
    }
    match inputs.indexed_iter().find(|(_, v)| !v.is_finite()) {
        Some(((i, j), v)) => Err(Error::invalid(format!("evppi.inputs[{i}][{j}]"), v, "a finite number")),
        None => Ok(()),
    }
}

/// Rank of each value (0 = smallest; ties by row), so splits work the same whatever the units.
fn ranks(values: impl Iterator<Item = f64>) -> Vec<u32> {
    let values: Vec<f64> = values.collect();
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    order.sort_by(|&a, &b| values[a as usize].total_cmp(&values[b as usize]).then(a.cmp(&b)));
    let mut rank = vec![0; values.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

/// Reorders `order` so that each group is contiguous and returns the groups' boundaries.
fn partition(order: &mut [u32], ranks: &[Vec<u32>], leaf: usize) -> Vec<usize> {
    let mut bounds = vec![0];
    // Depth first, left before right, so the groups come out in a fixed order.
    let mut stack = vec![(0, order.len())];
    while let Some((start, end)) = stack.pop() {
        if end - start <= leaf {
            bounds.push(end);
            continue;
        }
        let node = &mut order[start..end];
        let widest = (0..ranks.len())
            .max_by_key(|&j| {
                let (lo, hi) = node.iter().fold((u32::MAX, 0), |(lo, hi), &i| {
                    let r = ranks[j][i as usize];
                    (lo.min(r), hi.max(r))
                });
                // Ties go to the first input (max_by_key keeps the last maximum).
                (hi - lo, std::cmp::Reverse(j))
            })
            .unwrap_or(0);
        let half = node.len() / 2;
        // Ranks are distinct, so the split is the same whatever the selection algorithm does.
        node.select_nth_unstable_by_key(half, |&i| ranks[widest][i as usize]);
        stack.push((start + half, end));
        stack.push((start, start + half));
    }
    bounds
}

fn value_of_grouping(net_benefit: ArrayView2<'_, f64>, order: &[u32], bounds: &[usize], options: usize) -> f64 {
    let iterations = order.len() as f64;
    let mut totals = vec![0.0; options];
    let mut group_sums = vec![0.0; options];
    let mut sum_of_best = 0.0;
    for w in bounds.windows(2) {
        group_sums.fill(0.0);
        for &i in &order[w[0]..w[1]] {
            for (s, v) in group_sums.iter_mut().zip(net_benefit.row(i as usize)) {
                *s += v;
            }
        }
        // The best option's total in this group: its mean × the group's size.
        sum_of_best += group_sums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for (t, s) in totals.iter_mut().zip(&group_sums) {
            *t += s;
        }
    }
    let now = totals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // In exact arithmetic the difference is >= 0; rounding can leave a tiny negative.
    ((sum_of_best - now) / iterations).max(0.0)
}

#[cfg(test)]
#[path = "evppi_tests.rs"]
mod tests;
