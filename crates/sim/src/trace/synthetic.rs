//! Deterministic synthetic traces for benchmarks and tests.
//!
//! [`zipf_trace`] draws keys from a Zipf(α) popularity law: the key of rank
//! `r` (1-based) is requested with probability proportional to `1 / r^α`.
//! Key `r - 1` has rank `r`, so key 0 is the hottest (the same convention as
//! the simulation's workload).
//!
//! Bit-identical everywhere: the weights use `libm::pow` (pure Rust, so the
//! same bits on glibc, macOS and wasm32, unlike `f64::powf`, which calls the
//! platform's libm), they are summed in a fixed order into a CDF table, the
//! random stream is ChaCha8 seeded from the `u64` seed, and a sample is an
//! exact binary search of that table. Same arguments, same `Vec`, on every
//! machine.
//!
//! ```
//! use cachescope_sim::trace::zipf_trace;
//!
//! let a = zipf_trace(1_000, 100, 1.0, 7);
//! assert_eq!(a, zipf_trace(1_000, 100, 1.0, 7));
//! assert!(a.iter().all(|&k| k < 100));
//! ```

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A precomputed Zipf(α) CDF over keys `0..n`, sampled by binary search:
/// O(n) memory (8 bytes per key), O(log n) per sample, exact (no rejection
/// or approximation).
#[derive(Clone, Debug)]
pub struct ZipfTable {
    /// `cdf[i]` = sum of the weights of ranks `1..=i+1` (not normalised:
    /// samples scale a uniform draw by the total instead).
    cdf: Vec<f64>,
}

impl ZipfTable {
    /// Build the table for `keys` keys with exponent `alpha`.
    ///
    /// # Panics
    /// If `keys` is 0 or `alpha` is not finite (callers validate input first;
    /// the CLI rejects both with a message).
    pub fn new(keys: u64, alpha: f64) -> Self {
        assert!(keys > 0, "a Zipf table needs at least one key");
        assert!(
            alpha.is_finite(),
            "Zipf exponent must be finite, got {alpha}"
        );
        let mut cdf = Vec::with_capacity(usize::try_from(keys).unwrap_or(usize::MAX));
        let mut sum = 0.0f64;
        for rank in 1..=keys {
            sum += 1.0 / libm::pow(rank as f64, alpha);
            cdf.push(sum);
        }
        ZipfTable { cdf }
    }

    /// Number of keys.
    pub fn keys(&self) -> u64 {
        self.cdf.len() as u64
    }

    /// Draw one key in `0..keys` from 64 random bits.
    #[inline]
    pub fn sample_with(&self, bits: u64) -> u64 {
        // 53 uniform bits in [0, 1): an exact, platform-independent mapping.
        let u = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        let total = self.cdf[self.cdf.len() - 1];
        let x = u * total;
        let i = self.cdf.partition_point(|&c| c <= x);
        // `u * total` can round up to `total`; clamp to the last key.
        i.min(self.cdf.len() - 1) as u64
    }

    /// Draw one key using `rng`.
    #[inline]
    pub fn sample<R: RngCore>(&self, rng: &mut R) -> u64 {
        self.sample_with(rng.next_u64())
    }
}

/// `requests` keys drawn independently from Zipf(`alpha`) over `0..keys`
/// (key 0 hottest), from a ChaCha8 stream seeded with `seed`.
///
/// Returns an empty trace when `requests` or `keys` is 0.
///
/// # Panics
/// If `alpha` is not finite.
pub fn zipf_trace(requests: u64, keys: u64, alpha: f64, seed: u64) -> Vec<u64> {
    if requests == 0 || keys == 0 {
        return Vec::new();
    }
    let table = ZipfTable::new(keys, alpha);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(usize::try_from(requests).unwrap_or(0));
    for _ in 0..requests {
        out.push(table.sample(&mut rng));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_range() {
        let a = zipf_trace(10_000, 50, 1.0, 42);
        assert_eq!(a, zipf_trace(10_000, 50, 1.0, 42));
        assert_ne!(a, zipf_trace(10_000, 50, 1.0, 43));
        assert!(a.iter().all(|&k| k < 50));
        assert!(zipf_trace(0, 50, 1.0, 1).is_empty());
        assert!(zipf_trace(10, 0, 1.0, 1).is_empty());
        assert_eq!(zipf_trace(10, 1, 1.0, 1), [0; 10]);
    }

    /// The empirical frequency of each rank matches `1/r^α / H` within a few
    /// standard errors, and popularity is monotone over the top ranks.
    #[test]
    fn follows_the_zipf_law() {
        let n = 100u64;
        let draws = 200_000u64;
        for alpha in [0.0, 0.8, 1.0, 1.4] {
            let trace = zipf_trace(draws, n, alpha, 9);
            let mut counts = vec![0u64; n as usize];
            for k in trace {
                counts[k as usize] += 1;
            }
            let h: f64 = (1..=n).map(|r| 1.0 / (r as f64).powf(alpha)).sum();
            for rank in [1u64, 2, 5, 10, 50] {
                let p = 1.0 / (rank as f64).powf(alpha) / h;
                let expected = p * draws as f64;
                let sd = (draws as f64 * p * (1.0 - p)).sqrt();
                let got = counts[(rank - 1) as usize] as f64;
                assert!(
                    (got - expected).abs() < 5.0 * sd + 1.0,
                    "alpha {alpha} rank {rank}: got {got}, expected {expected:.0} ± {sd:.0}"
                );
            }
        }
    }

    /// Pins the exact stream (a regression pin, `UPDATE_EXPECT=1` to
    /// refresh deliberately) so any change to the sampling (RNG, bit mapping,
    /// table) is noticed: the browser and the CLI must agree on it.
    #[test]
    fn pinned_prefix() {
        let got = zipf_trace(12, 1000, 1.0, 1);
        expect_test::expect!["[10, 0, 48, 2, 4, 114, 17, 1, 391, 110, 20, 41]"]
            .assert_eq(&format!("{got:?}"));
    }
}
