//! Quasi-Monte Carlo points: scrambled Sobol' sequences.
//!
//! [`Sobol`] generates the Sobol' low-discrepancy sequence in up to [`Sobol::MAX_DIMS`]
//! dimensions, with the direction numbers of Joe and Kuo (2008, table new-joe-kuo-6.21201),
//! randomised by a linear matrix scramble and a digital shift ("LMS+shift", as SciPy's
//! `qmc.Sobol(scramble=True)`), seeded from a `u64`.
//!
//! Point `i` is computed directly from `i` (in Gray-code order, the order SciPy uses), so any
//! chunk `start..start + n` of the sequence can be generated on its own: threads that each fill
//! their own chunk get exactly the points one thread would have produced.
//!
//! ```
//! use caretriangle::qmc::Sobol;
//! let sobol = Sobol::new(3, 42)?;
//! // 1,024 points, row after row (point-major): out[i * 3 + d] is coordinate d of point i.
//! let mut out = vec![0.0; 1024 * 3];
//! sobol.fill(0, &mut out)?;
//! assert!(out.iter().all(|&u| 0.0 < u && u < 1.0));
//! // The second half again, on its own: the same numbers.
//! let mut half = vec![0.0; 512 * 3];
//! sobol.fill(512, &mut half)?;
//! assert_eq!(&out[512 * 3..], &half[..]);
//! # Ok::<(), caretriangle::Error>(())
//! ```
//!
//! Balance (each coordinate of the first `2^m` points hits each of `2^m` equal bins once, and
//! more: the points form a (t, m, s)-net) holds for runs of `2^m` points that start at a
//! multiple of `2^m`; take `n` a power of two, starting at 0, to keep it.

mod direction_numbers;

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::error::{Error, Result};

/// Bits of each coordinate. 52 makes `(x + 0.5) / 2^52` exact in an `f64` and strictly inside
/// (0, 1), and allows 2^52 points, far more than any run will draw.
const BITS: u32 = 52;
const MASK: u64 = (1 << BITS) - 1;

/// A Sobol' sequence, scrambled or not, in a fixed number of dimensions.
///
/// Cheap to share between threads (`&Sobol` is all [`fill`](Sobol::fill) needs).
#[derive(Debug, Clone, PartialEq)]
pub struct Sobol {
    dims: usize,
    /// Direction numbers, bit-major: `directions[j * dims + d]` is the (scrambled) direction
    /// number of bit `j` of the Gray code in dimension `d`, so that stepping from one point to
    /// the next reads one contiguous row.
    directions: Vec<u64>,
    /// Digital shift per dimension (zero when unscrambled).
    shift: Vec<u64>,
}

impl Sobol {
    /// The largest number of dimensions the direction-number table holds.
    pub const MAX_DIMS: usize = direction_numbers::MAX_DIMS;

    /// The number of distinct points: indices run from 0 to `MAX_POINTS - 1`.
    pub const MAX_POINTS: u64 = 1 << BITS;

    /// A scrambled Sobol' sequence in `dims` dimensions: linear matrix scramble plus digital
    /// shift (Matoušek 1998; Owen 2003), both drawn from `Xoshiro256PlusPlus::seed_from_u64(seed)`.
    /// The same seed gives the same points on every platform.
    ///
    /// Scrambling keeps the net structure (and so the balance) of the sequence, makes every
    /// point uniformly distributed on (0, 1)^dims, and lets repeated runs with different seeds
    /// give independent error estimates.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] if `dims` is 0 or above [`Sobol::MAX_DIMS`].
    pub fn new(dims: usize, seed: u64) -> Result<Sobol> {
        let mut sobol = Sobol::unscrambled(dims)?;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        // Draw order (part of the reproducibility contract): per dimension, the 52 rows of the
        // scrambling matrix from the most significant bit down, then the shift.
        for d in 0..dims {
            let mut rows = [0u64; BITS as usize];
            for p in (0..BITS).rev() {
                // Lower triangular with unit diagonal in digit order: output bit p depends on
                // input bits p and above only, which is what keeps the net property.
                let above = MASK & !((2u64 << p) - 1);
                rows[p as usize] = (1 << p) | (rng.next_u64() & above);
            }
            for j in 0..BITS as usize {
                let v = sobol.directions[j * dims + d];
                sobol.directions[j * dims + d] = rows
                    .iter()
                    .enumerate()
                    .fold(0, |acc, (p, row)| acc | (u64::from((row & v).count_ones() & 1) << p));
            }
            sobol.shift[d] = rng.next_u64() & MASK;
        }
        Ok(sobol)
    }

    /// The plain Sobol' sequence, as SciPy's `qmc.Sobol(dims, scramble=False)`: its first point
    /// is the origin (returned here as `2^-53`, see [`fill`](Sobol::fill)). Mostly for tests and
    /// comparisons; use [`Sobol::new`] for estimates.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] if `dims` is 0 or above [`Sobol::MAX_DIMS`].
    pub fn unscrambled(dims: usize) -> Result<Sobol> {
        if dims == 0 || dims > Self::MAX_DIMS {
            return Err(Error::invalid(
                "sobol.dims",
                dims,
                format!("between 1 and {}", Self::MAX_DIMS),
            ));
        }
        let mut directions = vec![0u64; BITS as usize * dims];
        let mut vinit = direction_numbers::VINIT.iter();
        for d in 0..dims {
            let m = direction_numbers_of(d, &mut vinit);
            for (j, mj) in m.iter().enumerate() {
                // m_j is odd and below 2^(j+1): left-align it so bit j of the index moves the
                // (j+1)-th binary digit of the coordinate.
                directions[j * dims + d] = mj << (BITS as usize - 1 - j);
            }
        }
        Ok(Sobol {
            dims,
            directions,
            shift: vec![0; dims],
        })
    }

    /// Number of dimensions (coordinates per point).
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Fills `out` with consecutive points `start, start + 1, ...`, point after point:
    /// `out[k * dims + d]` is coordinate `d` of point `start + k`. As many points as `out` holds
    /// (`out.len() / dims`).
    ///
    /// Coordinates are `(x + 0.5) / 2^52` for the 52-bit integer `x` of the sequence: strictly
    /// inside (0, 1), so that inverse CDFs never see 0 or 1, and within 2^-53 of SciPy's values.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] if `out.len()` is not a multiple of `dims`, or the points run
    /// past [`Sobol::MAX_POINTS`].
    ///
    /// # Panics
    ///
    /// Never: the first row exists once `n >= 1` is checked.
    pub fn fill(&self, start: u64, out: &mut [f64]) -> Result<()> {
        if out.len() % self.dims != 0 {
            return Err(Error::invalid(
                "sobol.fill.out.len()",
                out.len(),
                format!("a multiple of dims = {}", self.dims),
            ));
        }
        let n = (out.len() / self.dims) as u64;
        if !matches!(start.checked_add(n), Some(end) if end <= Self::MAX_POINTS) {
            return Err(Error::invalid(
                "sobol.fill.start",
                start,
                format!("such that start + {n} points <= 2^{BITS}"),
            ));
        }
        if n == 0 {
            return Ok(());
        }
        let mut x = self.integers(start);
        let mut rows = out.chunks_exact_mut(self.dims);
        let write = |x: &[u64], row: &mut [f64]| {
            for (u, &xi) in row.iter_mut().zip(x) {
                *u = to_unit(xi);
            }
        };
        write(&x, rows.next().expect("n >= 1"));
        for (i, row) in (start + 1..).zip(rows) {
            // Gray code: point i differs from point i - 1 by one direction number, that of the
            // lowest set bit of i (Antonov and Saleev 1979).
            let j = i.trailing_zeros() as usize;
            let v = &self.directions[j * self.dims..(j + 1) * self.dims];
            for (xi, vi) in x.iter_mut().zip(v) {
                *xi ^= vi;
            }
            write(&x, row);
        }
        Ok(())
    }

    /// Point number `index`, as a vector of `dims` coordinates in (0, 1).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] if `index >= Sobol::MAX_POINTS`.
    pub fn point(&self, index: u64) -> Result<Vec<f64>> {
        let mut out = vec![0.0; self.dims];
        self.fill(index, &mut out)?;
        Ok(out)
    }

    /// Points `start .. start + n` as an `n × dims` array.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] if the points run past [`Sobol::MAX_POINTS`].
    ///
    /// # Panics
    ///
    /// Never: the buffer holds exactly `n × dims` values.
    pub fn points(&self, start: u64, n: usize) -> Result<Array2<f64>> {
        let len = n
            .checked_mul(self.dims)
            .ok_or_else(|| Error::invalid("sobol.n", n, "a number of points whose values fit in memory"))?;
        let mut out = vec![0.0; len];
        self.fill(start, &mut out)?;
        Ok(Array2::from_shape_vec((n, self.dims), out).expect("n * dims values"))
    }

    /// The 52-bit integers of point `index`, computed directly from its Gray code.
    fn integers(&self, index: u64) -> Vec<u64> {
        let gray = index ^ (index >> 1);
        let mut x = self.shift.clone();
        for j in 0..BITS as usize {
            if gray >> j & 1 == 1 {
                for (xi, vi) in x.iter_mut().zip(&self.directions[j * self.dims..(j + 1) * self.dims]) {
                    *xi ^= vi;
                }
            }
        }
        x
    }
}

fn to_unit(x: u64) -> f64 {
    // Both steps are exact: x + 0.5 needs 53 bits, and the scaling is by a power of two.
    (x as f64 + 0.5) * (1.0 / (1u64 << BITS) as f64)
}

/// The direction integers `m_1 .. m_52` of dimension `d` (Bratley and Fox 1988), taking its
/// initial values from `vinit`, which must be positioned at dimension `d`'s entries.
fn direction_numbers_of(d: usize, vinit: &mut std::slice::Iter<'_, u16>) -> [u64; BITS as usize] {
    let mut m = [1u64; BITS as usize];
    if d == 0 {
        // van der Corput: all m_j = 1.
        return m;
    }
    let poly = u64::from(direction_numbers::POLY[d]);
    let degree = poly.ilog2() as usize;
    for mj in m.iter_mut().take(degree) {
        *mj = u64::from(*vinit.next().expect("the table holds every dimension's initial values"));
    }
    for j in degree..BITS as usize {
        // m_j = 2 a_1 m_{j-1} ^ 4 a_2 m_{j-2} ^ ... ^ 2^s m_{j-s} ^ m_{j-s}, where
        // poly = x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1.
        let mut new = m[j - degree] ^ (m[j - degree] << degree);
        for k in 1..degree {
            if poly >> (degree - k) & 1 == 1 {
                new ^= m[j - k] << k;
            }
        }
        m[j] = new;
    }
    m
}

#[cfg(test)]
#[path = "qmc_tests.rs"]
mod tests;
