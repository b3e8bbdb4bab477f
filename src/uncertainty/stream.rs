//! Reproducible random-number streams, one per chunk of iterations.
//!
//! A run of N iterations is cut into chunks of [`CHUNK`] iterations, and chunk `k` draws from
//! its own stream `stream(seed, k)`. Which thread runs a chunk, and how many threads there are,
//! then cannot change a single number: a result depends on the seed alone.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Iterations per chunk: 4096 = 2^12.
///
/// Large enough that setting up a chunk (seeding its stream, stratifying a Latin hypercube,
/// reordering for rank correlation) costs little beside its iterations, and that a chunk's
/// Latin hypercube and rank correlation are estimated from enough rows; small enough that a
/// chunk's inputs for a 30-input model (4096 × 30 × 8 bytes, about 1 MB) stay in cache, and
/// that there are many chunks to share between threads. A power of two, so each chunk of a
/// Sobol sequence is a complete block of 2^12 points, which keeps the sequence's balance.
pub const CHUNK: u64 = 4096;

pub(crate) const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's output function (Steele, Lea and Flood 2014): a bijection on u64 that
/// scatters nearby inputs across the whole range.
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The random-number stream of chunk `chunk` of a run seeded with `seed`.
///
/// Each of the generator's four 64-bit state words is `mix64(mix64(seed + i·γ) + (chunk + 1)·γ)`
/// (γ the odd golden-ratio constant). For one seed, the inner value differs between any two
/// chunks and `mix64` is a bijection, so no two chunks of a run share a state; the two rounds
/// of mixing leave no simple relation between the states of neighbouring chunks or seeds.
/// Every seed is valid, 0 included: the seed is mixed before use, so 0 is no weaker than any
/// other (and `rand_xoshiro` would replace an all-zero state in any case).
///
/// # Examples
///
/// ```
/// use caretriangle::uncertainty::stream;
/// use rand::Rng;
/// assert_eq!(stream(0, 5).next_u64(), stream(0, 5).next_u64());
/// assert_ne!(stream(0, 5).next_u64(), stream(0, 6).next_u64());
/// ```
pub fn stream(seed: u64, chunk: u64) -> Xoshiro256PlusPlus {
    let offset = chunk.wrapping_add(1).wrapping_mul(GOLDEN);
    let mut bytes = [0u8; 32];
    for (i, word) in bytes.chunks_exact_mut(8).enumerate() {
        let key = mix64(seed.wrapping_add((i as u64).wrapping_mul(GOLDEN)));
        word.copy_from_slice(&mix64(key.wrapping_add(offset)).to_le_bytes());
    }
    Xoshiro256PlusPlus::from_seed(bytes)
}

/// How many chunks a run of `iterations` needs.
pub fn chunks(iterations: u64) -> u64 {
    iterations.div_ceil(CHUNK)
}

/// How many iterations chunk `chunk` of a run of `iterations` holds: [`CHUNK`], or fewer in the
/// last chunk (0 past the end).
pub fn rows_in_chunk(iterations: u64, chunk: u64) -> usize {
    let start = chunk.saturating_mul(CHUNK);
    iterations.saturating_sub(start).min(CHUNK) as usize
}

#[cfg(test)]
mod tests {
    use rand::Rng;

    use super::*;

    fn first(seed: u64, chunk: u64, n: usize) -> Vec<u64> {
        let mut rng = stream(seed, chunk);
        (0..n).map(|_| rng.next_u64()).collect()
    }

    #[test]
    fn same_seed_and_chunk_give_the_same_stream() {
        assert_eq!(first(42, 3, 100), first(42, 3, 100));
        assert_eq!(first(0, 0, 100), first(0, 0, 100));
    }

    #[test]
    fn chunks_and_seeds_give_different_streams() {
        let mut seen = std::collections::HashSet::new();
        for seed in [0, 1, 2, 42, u64::MAX] {
            for chunk in 0..200 {
                assert!(
                    seen.insert(first(seed, chunk, 2)),
                    "seed {seed} chunk {chunk} repeats a stream"
                );
            }
        }
        // Seed 0 is an ordinary seed: its streams look random.
        let words = first(0, 0, 1000);
        let ones: u32 = words.iter().map(|w| w.count_ones()).sum();
        assert!((f64::from(ones) / 64_000.0 - 0.5).abs() < 0.01);
    }

    #[test]
    fn neighbouring_chunks_are_uncorrelated() {
        // Correlation of the first 10,000 uniforms of chunks 0 and 1: standard error 0.01.
        let u = |chunk| -> Vec<f64> {
            let mut rng = stream(1, chunk);
            (0..10_000)
                .map(|_| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
                .collect()
        };
        let (a, b) = (u(0), u(1));
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        let (ma, mb) = (mean(&a), mean(&b));
        let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
        let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
        let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
        assert!((cov / (va * vb).sqrt()).abs() < 0.04);
    }

    #[test]
    fn chunk_arithmetic() {
        assert_eq!(chunks(0), 0);
        assert_eq!(chunks(1), 1);
        assert_eq!(chunks(4096), 1);
        assert_eq!(chunks(4097), 2);
        assert_eq!(rows_in_chunk(4097, 0), 4096);
        assert_eq!(rows_in_chunk(4097, 1), 1);
        assert_eq!(rows_in_chunk(4097, 2), 0);
        assert_eq!(rows_in_chunk(10, u64::MAX), 0);
    }
}
