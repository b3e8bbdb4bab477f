//! A seeded random permutation of `0..n` that can be read at any position without holding it:
//! the strata of a Latin hypercube over a whole run, computed chunk by chunk.
//!
//! A balanced Feistel network on `2h` bits (the smallest even width with `2^(2h) ≥ n`) is a
//! bijection on `0..4^h`; "cycle walking" (applying it again while the result is `≥ n`) turns
//! it into a bijection on `0..n` (Black and Rogaway, "Ciphers with arbitrary finite domains",
//! CT-RSA 2002). Since `4^h < 4n`, fewer than four steps are needed on average. The round
//! function is SplitMix64's mixer keyed by the seed, the input and the round, so each input's
//! permutation differs and follows from the seed alone. It is a shuffle for sampling, not a
//! cipher: what matters is that it is a bijection (each stratum used exactly once) and that
//! nearby positions land far apart.

use super::stream::{mix64, GOLDEN};

/// Four rounds: Luby and Rackoff's bound for a pseudo-random permutation from a balanced
/// Feistel network; fewer leave visible structure between neighbouring positions.
const ROUNDS: u64 = 4;

/// One input's permutation of the strata `0..n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Strata {
    n: u64,
    half_bits: u32,
    keys: [u64; ROUNDS as usize],
}

impl Strata {
    /// The permutation of `0..n` for input `input` of a run seeded with `seed`. `n` ≥ 1.
    pub(crate) fn new(n: u64, seed: u64, input: u64) -> Strata {
        debug_assert!(n >= 1);
        // Bits needed for n − 1, rounded up to an even number (at least 2).
        let bits = (64 - (n - 1).leading_zeros()).max(1);
        let half_bits = bits.div_ceil(2);
        let base = mix64(seed ^ mix64(input.wrapping_add(1).wrapping_mul(GOLDEN)));
        let keys = std::array::from_fn(|r| mix64(base.wrapping_add((r as u64 + 1).wrapping_mul(GOLDEN))));
        Strata { n, half_bits, keys }
    }

    /// The stratum of position `i` (`i < n`), in `0..n`.
    #[inline]
    pub(crate) fn get(&self, i: u64) -> u64 {
        debug_assert!(i < self.n);
        let mut x = i;
        // Terminates: the network is a bijection on 0..4^h, so the walk from i < n cycles back
        // to i, passing the first value below n on the way.
        loop {
            x = self.feistel(x);
            if x < self.n {
                return x;
            }
        }
    }

    #[inline]
    fn feistel(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for key in self.keys {
            let next = left ^ (mix64(right ^ key) & mask);
            left = right;
            right = next;
        }
        (left << self.half_bits) | right
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_permutation(n: u64, seed: u64, input: u64) -> bool {
        let s = Strata::new(n, seed, input);
        let mut seen = vec![false; n as usize];
        for i in 0..n {
            let k = s.get(i) as usize;
            if seen[k] {
                return false;
            }
            seen[k] = true;
        }
        true
    }

    #[test]
    fn every_stratum_is_used_exactly_once() {
        for n in [
            1, 2, 3, 4, 5, 7, 8, 100, 4095, 4096, 4097, 10_000, 50_000, 65_536, 100_003,
        ] {
            assert!(is_permutation(n, 42, 0), "n = {n}");
            assert!(is_permutation(n, 7, 3), "n = {n}");
        }
    }

    #[test]
    fn inputs_and_seeds_get_different_permutations() {
        let first = |seed, input| {
            (0..50)
                .map(|i| Strata::new(10_000, seed, input).get(i))
                .collect::<Vec<_>>()
        };
        assert_ne!(first(1, 0), first(1, 1));
        assert_ne!(first(1, 0), first(2, 0));
        assert_eq!(first(1, 0), first(1, 0));
    }

    #[test]
    fn neighbouring_positions_are_not_neighbouring_strata() {
        // A shuffle, not a shift: in the first 4,096 of 1,000,000 positions (one chunk), about
        // half the steps from one position to the next jump by more than n/3 (for independent
        // uniform strata, P(|a − b| > n/3) = 4/9).
        let s = Strata::new(1_000_000, 9, 0);
        let jumps = (0..4095).filter(|&i| s.get(i).abs_diff(s.get(i + 1)) > 333_333).count();
        assert!((1600..2050).contains(&jumps), "{jumps} of 4095");
    }
}
