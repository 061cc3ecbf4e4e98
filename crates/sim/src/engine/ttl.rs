//! An entry's time-to-live, optionally jittered: each fill or write gets
//! the TTL times a factor spread evenly over `1 ± jitter`, so entries filled
//! together (a cold start, a burst of writes) do not all expire in the same
//! instant and send their reloads to the database at once.
//!
//! The factor is a hash of (seed, key, time), not a draw from a random
//! stream: turning jitter on or off leaves every other draw of the run
//! where it was, so only the expiry times move, and a jitter of 0 is the
//! plain TTL exactly.

use crate::rng::splitmix64;

/// A TTL in µs and its jitter fraction (`0 ≤ jitter < 1`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ttl {
    us: u64,
    jitter: f64,
    seed: u64,
}

impl Ttl {
    pub(crate) fn new(us: u64, jitter: f64, seed: u64) -> Self {
        Ttl {
            us,
            jitter: if jitter.is_finite() {
                jitter.clamp(0.0, 0.99)
            } else {
                0.0
            },
            seed,
        }
    }

    /// This entry's TTL for a fill or write of `key` at `now`: at least 1 µs.
    #[inline]
    pub(crate) fn for_entry(&self, key: u64, now: u64) -> u64 {
        if self.jitter == 0.0 {
            return self.us;
        }
        let mut h = self.seed ^ key.rotate_left(17) ^ now.rotate_left(41);
        let u = (splitmix64(&mut h) >> 11) as f64 / (1u64 << 53) as f64;
        let factor = 1.0 + self.jitter * (2.0 * u - 1.0);
        ((self.us as f64 * factor).round() as u64).max(1)
    }

    /// When an entry put at `now` expires.
    #[inline]
    pub(crate) fn expires_at(&self, key: u64, now: u64) -> u64 {
        now.saturating_add(self.for_entry(key, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_jitter_is_the_ttl_exactly() {
        let t = Ttl::new(1_000, 0.0, 7);
        assert!((0..1_000).all(|k| t.for_entry(k, k * 13) == 1_000));
    }

    /// Jitter spreads the TTL over 1 ± j, evenly: it keeps the mean, fills
    /// the whole band, and stays inside it.
    #[test]
    fn jitter_keeps_the_mean_and_stays_in_its_band() {
        for j in [0.1, 0.5, 0.9] {
            let t = Ttl::new(1_000_000, j, 42);
            let n = 100_000u64;
            let draws: Vec<u64> = (0..n).map(|i| t.for_entry(i % 500, i * 37)).collect();
            let mean = draws.iter().sum::<u64>() as f64 / n as f64;
            assert!((mean / 1e6 - 1.0).abs() < 0.005, "j {j}: mean {mean}");
            let (lo, hi) = (1e6 * (1.0 - j), 1e6 * (1.0 + j));
            assert!(draws
                .iter()
                .all(|&d| (lo - 1.0..=hi + 1.0).contains(&(d as f64))));
            let min = *draws.iter().min().unwrap() as f64;
            let max = *draws.iter().max().unwrap() as f64;
            assert!(
                min < lo + 0.01 * 1e6 && max > hi - 0.01 * 1e6,
                "j {j}: {min}..{max}"
            );
        }
    }

    #[test]
    fn the_same_entry_gets_the_same_ttl_and_the_seed_matters() {
        let a = Ttl::new(1_000_000, 0.5, 1);
        assert_eq!(a.for_entry(3, 99), a.for_entry(3, 99));
        let b = Ttl::new(1_000_000, 0.5, 2);
        let differ = (0..100)
            .filter(|&k| a.for_entry(k, 5) != b.for_entry(k, 5))
            .count();
        assert!(differ > 90, "{differ}");
    }
}
