//! Rank correlation between uncertain inputs, induced by Iman and Conover's method.
//!
//! Two unit costs that rise together with pay awards, or an uptake and a completion rate that
//! move together, are correlated inputs. Iman and Conover (1982) induce a target rank
//! correlation by reordering each input's draws, never changing them, so every input keeps its
//! distribution exactly (and a Latin hypercube stays a Latin hypercube).

use ndarray::ArrayViewMut2;
use rand::seq::SliceRandom;
use rand::Rng;

use super::inverse::std_normal_quantile;
use crate::error::{Error, Result};

/// Tolerance of the symmetry, unit-diagonal and semi-definiteness checks: far below any
/// correlation anyone would write, far above rounding.
const TOLERANCE: f64 = 1e-9;

/// A target matrix of rank (Spearman) correlations between inputs, checked.
///
/// # Examples
///
/// ```
/// use caretriangle::uncertainty::CorrelationMatrix;
/// let c = CorrelationMatrix::new(2, vec![1.0, 0.8, 0.8, 1.0])?;
/// assert_eq!(c.get(0, 1), 0.8);
/// assert!(CorrelationMatrix::new(2, vec![1.0, 0.8, 0.7, 1.0]).is_err());
/// # Ok::<(), caretriangle::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationMatrix {
    n: usize,
    values: Vec<f64>,
    /// The inputs correlated with at least one other; the others are left alone, which saves
    /// the O(k²) work per row for inputs that need none.
    active: Vec<usize>,
    /// `P` with `P Pᵀ` the correlation to give the normal scores of the active inputs.
    factor: Vec<f64>,
}

impl CorrelationMatrix {
    /// Checks an `n × n` matrix given row by row.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] with field `correlation` (or `correlation[i][j]` for one entry)
    /// when the matrix does not have `n × n` entries, an entry is not a number in [-1, 1], a
    /// diagonal entry is not 1, an entry differs from its mirror image by more than 1e-9, or the
    /// matrix is not positive semi-definite (no set of inputs can have those correlations: the
    /// message names the two inputs most involved).
    pub fn new(n: usize, values: Vec<f64>) -> Result<CorrelationMatrix> {
        if values.len() != n * n {
            return Err(Error::invalid(
                "correlation",
                format!("{} entries", values.len()),
                format!("{n} × {n} = {} entries, row by row", n * n),
            ));
        }
        let at = |i: usize, j: usize| values[i * n + j];
        for i in 0..n {
            for j in 0..n {
                let v = at(i, j);
                let field = format!("correlation[{i}][{j}]");
                if !(v.is_finite() && (-1.0..=1.0).contains(&v)) {
                    return Err(Error::invalid(field, v, "a number between -1 and 1"));
                }
                if i == j && (v - 1.0).abs() > TOLERANCE {
                    return Err(Error::invalid(field, v, "1 (an input is fully correlated with itself)"));
                }
                if (v - at(j, i)).abs() > TOLERANCE {
                    return Err(Error::invalid(
                        field,
                        v,
                        format!(
                            "equal to correlation[{j}][{i}] ({}): the matrix must be symmetric",
                            at(j, i)
                        ),
                    ));
                }
            }
        }
        let (eigenvalues, vectors) = symmetric_eigen(&values, n);
        if let Some((m, smallest)) = eigenvalues
            .iter()
            .copied()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
        {
            if smallest < -TOLERANCE * n as f64 {
                // The inputs that weigh most in the offending direction are those whose
                // correlations contradict each other.
                let mut weight: Vec<(usize, f64)> = (0..n).map(|i| (i, vectors[i * n + m].abs())).collect();
                weight.sort_by(|a, b| b.1.total_cmp(&a.1));
                return Err(Error::invalid(
                    "correlation",
                    format!("a matrix with smallest eigenvalue {smallest:.4}"),
                    format!(
                        "positive semi-definite (correlations that can occur together); look at the entries \
                         between inputs {} and {}",
                        weight[0].0, weight[1].0
                    ),
                ));
            }
        }
        let active: Vec<usize> = (0..n).filter(|&i| (0..n).any(|j| j != i && at(i, j) != 0.0)).collect();
        let factor = normal_score_factor(&values, n, &active);
        Ok(CorrelationMatrix {
            n,
            values,
            active,
            factor,
        })
    }

    /// No correlation between `n` inputs.
    pub fn identity(n: usize) -> CorrelationMatrix {
        let mut values = vec![0.0; n * n];
        for i in 0..n {
            values[i * n + i] = 1.0;
        }
        CorrelationMatrix {
            n,
            values,
            active: Vec::new(),
            factor: Vec::new(),
        }
    }

    /// The number of inputs.
    pub fn size(&self) -> usize {
        self.n
    }

    /// The target rank correlation between inputs `i` and `j`.
    ///
    /// # Panics
    /// When `i` or `j` is not below [`size`](Self::size).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        assert!(
            i < self.n && j < self.n,
            "correlation index ({i}, {j}) outside {0} × {0}",
            self.n
        );
        self.values[i * self.n + j]
    }

    /// The entries, row by row, as given.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

/// The factor `P` (`P Pᵀ = R`) of the Pearson correlation `R` to give normal scores so that
/// their rank correlation is the target: for normal variables the Spearman correlation is
/// (6/π) asin(r/2), so r = 2 sin(π ρ / 6). Should that matrix not be semi-definite (it
/// differs from the target by at most 0.018 per entry, and rarely breaks it), the target itself
/// is used. The factor comes from the eigen-decomposition, which works for singular matrices
/// (inputs correlated +1) where a Cholesky factor does not.
fn normal_score_factor(values: &[f64], n: usize, active: &[usize]) -> Vec<f64> {
    let k = active.len();
    let target = |i: usize, j: usize| values[active[i] * n + active[j]];
    let pearson: Vec<f64> = (0..k * k)
        .map(|e| {
            let (i, j) = (e / k, e % k);
            if i == j {
                1.0
            } else {
                2.0 * (std::f64::consts::PI * target(i, j) / 6.0).sin()
            }
        })
        .collect();
    let (mut lambda, mut v) = symmetric_eigen(&pearson, k);
    if lambda.iter().any(|l| *l < -TOLERANCE * k as f64) {
        let original: Vec<f64> = (0..k * k).map(|e| target(e / k, e % k)).collect();
        (lambda, v) = symmetric_eigen(&original, k);
    }
    let mut factor = v;
    for (c, l) in lambda.iter().enumerate() {
        let s = l.max(0.0).sqrt();
        for r in 0..k {
            factor[r * k + c] *= s;
        }
    }
    factor
}

/// Eigenvalues and eigenvectors (as columns of a row-major `n × n` matrix) of a symmetric
/// matrix, by cyclic Jacobi rotations: simple and accurate, and these matrices are small
/// (tens of inputs) and factored once.
fn symmetric_eigen(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j].powi(2))
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

/// Lower Cholesky factor of a positive definite matrix, or `None` when a pivot is not clearly
/// positive.
fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0f64; n * n];
    for j in 0..n {
        let d = a[j * n + j] - (0..j).map(|m| l[j * n + m].powi(2)).sum::<f64>();
        if d <= 1e-10 {
            return None;
        }
        let d = d.sqrt();
        l[j * n + j] = d;
        for i in j + 1..n {
            let s = a[i * n + j] - (0..j).map(|m| l[i * n + m] * l[j * n + m]).sum::<f64>();
            l[i * n + j] = s / d;
        }
    }
    Some(l)
}

/// Reorders each column of `samples` (rows = iterations, columns = inputs) so that the
/// columns' rank correlations approach `target`, keeping every column's values exactly
/// (Iman and Conover 1982).
///
/// The method: give each correlated input a column of van der Waerden scores
/// Φ⁻¹(i / (n + 1)) in random order; remove the correlation those happen to have (by the
/// Cholesky factor of their sample correlation) and give them the target's (by the target's
/// factor); then put each input's values in the rank order of its scores. Inputs correlated
/// with no other are not touched. With fewer than 3 rows nothing is done: there is no rank
/// order to speak of.
///
/// # Errors
/// [`Error::InvalidValue`] with field `correlation` when the matrix's size is not the number of
/// columns.
pub fn apply_iman_conover<R: Rng + ?Sized>(
    mut samples: ArrayViewMut2<'_, f64>,
    target: &CorrelationMatrix,
    rng: &mut R,
) -> Result<()> {
    let (rows, cols) = samples.dim();
    if cols != target.n {
        return Err(Error::invalid(
            "correlation",
            format!("a {0} × {0} matrix", target.n),
            format!("one row and column for each of the {cols} inputs"),
        ));
    }
    let k = target.active.len();
    if rows < 3 || k == 0 {
        return Ok(());
    }
    let base: Vec<f64> = (1..=rows)
        .map(|i| std_normal_quantile(i as f64 / (rows + 1) as f64))
        .collect();
    let sum_squares: f64 = base.iter().map(|s| s * s).sum();
    // Scores, row-major rows × k.
    let mut scores = vec![0.0; rows * k];
    let mut column = base.clone();
    for c in 0..k {
        column.shuffle(rng);
        for (r, s) in column.iter().enumerate() {
            scores[r * k + c] = *s;
        }
    }
    // Every column has the same values, mean 0 (they are symmetric about 0), so the sample
    // correlation is the cross product over the common sum of squares.
    let mut observed = vec![0.0; k * k];
    for row in scores.chunks_exact(k) {
        for i in 0..k {
            for j in 0..=i {
                observed[i * k + j] += row[i] * row[j];
            }
        }
    }
    for i in 0..k {
        for j in 0..=i {
            observed[i * k + j] /= sum_squares;
            observed[j * k + i] = observed[i * k + j];
        }
    }
    // With fewer rows than inputs the observed matrix is singular; the scores are then used
    // as drawn, which only leaves their chance correlation in place.
    let observed_factor = cholesky(&observed, k);
    let mut y = vec![0.0; k];
    for row in scores.chunks_exact_mut(k) {
        match &observed_factor {
            Some(l) => {
                for i in 0..k {
                    let s = row[i] - (0..i).map(|m| l[i * k + m] * y[m]).sum::<f64>();
                    y[i] = s / l[i * k + i];
                }
            }
            None => y.copy_from_slice(row),
        }
        for (i, out) in row.iter_mut().enumerate() {
            *out = (0..k).map(|m| target.factor[i * k + m] * y[m]).sum();
        }
    }
    // Sorting (score, row) pairs in one contiguous array is several times faster than sorting
    // row indices by a score looked up elsewhere.
    let mut order: Vec<(f64, u32)> = Vec::with_capacity(rows);
    let mut values = vec![0.0; rows];
    for (c, &input) in target.active.iter().enumerate() {
        order.clear();
        order.extend((0..rows).map(|r| (scores[r * k + c], r as u32)));
        order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let mut column = samples.column_mut(input);
        for (v, x) in values.iter_mut().zip(column.iter()) {
            *v = *x;
        }
        values.sort_unstable_by(f64::total_cmp);
        for (&(_, r), v) in order.iter().zip(&values) {
            column[r as usize] = *v;
        }
    }
    Ok(())
}

/// Spearman's rank correlation of two equally long series (ties get their average rank), for
/// checking what a run achieved.
///
/// # Panics
/// When the series differ in length.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    assert_eq!(x.len(), y.len(), "spearman: series of different lengths");
    let (rx, ry) = (ranks(x), ranks(y));
    let n = x.len() as f64;
    let mean = f64::midpoint(n, 1.0);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mean) * (b - mean);
        sxx += (a - mean).powi(2);
        syy += (b - mean).powi(2);
    }
    sxy / (sxx * syy).sqrt()
}

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            ranks[o] = rank;
        }
        i = j + 1;
    }
    ranks
}

#[cfg(test)]
#[path = "correlation_tests.rs"]
mod tests;
