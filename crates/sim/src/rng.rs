//! Seeded random streams and the few distributions the model needs.
//!
//! Why not `rand_distr`: the report must be byte-identical natively and in
//! WebAssembly. `rand_distr`'s float distributions call `f64::ln`, `exp` and
//! `powf`, which go to the platform's libm (glibc natively, a different
//! implementation on wasm32) or to `num-traits` depending on feature
//! unification, and those can differ in the last bit. One differing bit in a
//! latency sample reorders events and changes the whole run. So every
//! transcendental here comes from the pure-Rust `libm` crate, which computes
//! the same bits everywhere, and everything else is integer arithmetic or
//! correctly rounded IEEE `+ - * /` (also identical everywhere).
//!
//! One scenario seed is split into independent streams with fixed stream
//! constants, so that, e.g., the workload (arrival times, read or write,
//! key) is the same for every strategy lane while latency samples differ per
//! lane without disturbing it.
//!
//! Why xoshiro256++ and not ChaCha8: a request draws four or five numbers,
//! and ChaCha's block refills and buffer bookkeeping were ≈ 9 % of a lane's
//! time in the profile. The model needs statistical quality, not
//! unpredictability: xoshiro256++ passes BigCrush, its step is four xors,
//! two shifts, a rotation and an add on 64-bit integers (as cheap in
//! WebAssembly as natively), and its 2²⁵⁶ − 1 period leaves the four
//! streams' starting points, each scrambled from (seed, stream) by
//! SplitMix64, astronomically far from overlapping.

/// The independent random streams of one lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stream {
    /// Arrival times, operation and key of client requests: identical in
    /// every lane of a compare.
    Workload = 1,
    /// Out-of-band events (admin-write arrivals and keys): identical in every
    /// lane.
    Events = 2,
    /// Closed-loop think times.
    Think = 3,
    /// Cache and DB latency samples.
    Latency = 4,
}

/// A seeded generator for one stream.
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    /// xoshiro256++ state; never all zero (SplitMix64 cannot output four
    /// zeros in a row).
    s: [u64; 4],
}

/// SplitMix64's step: the seeding function xoshiro's authors recommend.
pub(crate) fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    pub(crate) fn new(seed: u64, stream: Stream) -> Self {
        // The stream number goes through its own SplitMix64 round before it
        // meets the seed, so (seed, stream) pairs do not collide the way
        // `seed ^ stream` would (seed 1 stream 2 = seed 2 stream 1).
        let mut st = stream as u64;
        let mut x = seed ^ splitmix64(&mut st);
        let s = [
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
        ];
        Rng { s }
    }

    /// xoshiro256++ (Blackman and Vigna, 2019).
    #[inline(always)]
    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let out = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform in `[0, 1)` with 53 random bits: exact, platform-independent.
    #[inline(always)]
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `(0, 1]`: safe to take a logarithm of.
    #[inline(always)]
    pub(crate) fn unit_open0(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in `0..n` (`n > 0`) by 128-bit multiply-shift. The bias
    /// is below 2⁻⁴⁰ for any `n` this model allows, and the result depends only
    /// on the stream, not on the platform.
    #[inline(always)]
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Exponential with the given mean, by inverse CDF, in whole µs.
    #[inline(always)]
    pub(crate) fn exp_us(&mut self, mean_us: f64) -> u64 {
        to_us(-mean_us * libm::log(self.unit_open0()))
    }
}

/// Converts a non-negative float of µs to an integer, saturating, NaN → 0.
#[inline(always)]
pub(crate) fn to_us(x: f64) -> u64 {
    let capped = if x > crate::limits::MAX_LATENCY_US as f64 * 16.0 {
        crate::limits::MAX_LATENCY_US as f64 * 16.0
    } else {
        x
    };
    round_ties_even_u64(capped)
}

/// Converts a non-negative float of µs to an integer without the latency
/// cap (for derived durations such as the expected run length).
#[inline]
pub(crate) fn to_us_unbounded(x: f64) -> u64 {
    round_ties_even_u64(x)
}

/// `x.round_ties_even() as u64`, without a library call.
///
/// Why: natively, x86-64 without SSE4.1 has no rounding instruction, so
/// `round_ties_even` is a call to `rint` (≈ 2.4 % of a comparison in the
/// profile; every latency sample goes through it). For `0 ≤ x < 2⁵²`,
/// `(x + 2⁵²) − 2⁵²` is exactly IEEE roundeven(x): the sum lies in
/// `[2⁵², 2⁵³)`, where the spacing of doubles is exactly 1, so the addition
/// itself rounds to the nearest integer, ties to even (2⁵² is even, so the
/// parity is `x`'s), and the subtraction is exact. Every double from 2⁵² up
/// is already an integer, and negative numbers and NaN become 0 through the
/// saturating `as` either way, exactly as before. Plain IEEE `+ −` in the
/// default rounding mode: the same bits natively and in WebAssembly.
#[inline(always)]
pub(crate) fn round_ties_even_u64(x: f64) -> u64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    if (0.0..TWO_52).contains(&x) {
        ((x + TWO_52) - TWO_52) as u64
    } else {
        x as u64
    }
}

/// Zipf(α) over ranks `1..=n`: rank `r` is drawn with probability
/// `r^-α / H(n, α)`, by Walker's alias method (Vose's construction).
///
/// O(1) per draw (two table reads) instead of a binary search over a CDF:
/// the profile showed the search's cache misses as 11 % of a lane's time.
/// Built with `libm::pow` and plain IEEE arithmetic, so the table is the same
/// on every platform. Each column stores its acceptance threshold as a
/// 32-bit fraction (8 bytes per key with the alias): the probability error is
/// below 2⁻³² per column, far under any sampling noise a run can show.
#[derive(Debug)]
pub(crate) struct ZipfTable {
    /// Column `i` is `(threshold, alias)`: it returns `i` when the 32-bit
    /// draw is below `threshold`, else `alias`. Full columns alias to
    /// themselves. One vector of pairs, so a draw reads one cache line, not
    /// one in each of two tables.
    columns: Vec<(u32, u32)>,
}

impl ZipfTable {
    pub(crate) fn new(n: u64, alpha: f64) -> Self {
        let n_us = n.max(1) as usize;
        let weights: Vec<f64> = (1..=n_us).map(|r| libm::pow(r as f64, -alpha)).collect();
        let total: f64 = weights.iter().sum();
        // Scaled so that the mean column holds exactly 1.
        let mut prob: Vec<f64> = weights.iter().map(|w| w * n_us as f64 / total).collect();
        let mut alias: Vec<u32> = (0..n_us as u32).collect();
        let mut small: Vec<u32> = Vec::new();
        let mut large: Vec<u32> = Vec::new();
        for (i, &p) in prob.iter().enumerate() {
            if p < 1.0 {
                small.push(i as u32);
            } else {
                large.push(i as u32);
            }
        }
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            alias[s as usize] = l;
            prob[l as usize] = (prob[l as usize] + prob[s as usize]) - 1.0;
            if prob[l as usize] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Leftovers are full columns (up to rounding).
        for i in large.into_iter().chain(small) {
            prob[i as usize] = 1.0;
            alias[i as usize] = i;
        }
        let columns = prob
            .iter()
            .zip(alias)
            .map(|(&p, a)| {
                let t = p * 4_294_967_296.0;
                let threshold = if t >= 4_294_967_295.0 {
                    u32::MAX
                } else {
                    t as u32
                };
                (threshold, a)
            })
            .collect();
        ZipfTable { columns }
    }

    /// A rank-0-based index: 0 is the most popular.
    #[inline]
    pub(crate) fn sample(&self, rng: &mut Rng) -> u64 {
        let x = rng.next_u64();
        let col = ((u128::from(x) * self.columns.len() as u128) >> 64) as usize;
        // The low 32 bits are independent of the column choice (which is
        // driven by the high bits) to within 2⁻³².
        let frac = x as u32;
        match self.columns.get(col) {
            Some(&(t, a)) if frac >= t => u64::from(a),
            _ => col as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_independent_and_repeatable() {
        let mut a = Rng::new(7, Stream::Workload);
        let mut b = Rng::new(7, Stream::Workload);
        let mut c = Rng::new(7, Stream::Latency);
        let xa: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn zipf_table_favours_rank_one_and_covers_all() {
        let t = ZipfTable::new(100, 1.0);
        let mut rng = Rng::new(1, Stream::Workload);
        let mut counts = [0u64; 100];
        for _ in 0..100_000 {
            counts[t.sample(&mut rng) as usize] += 1;
        }
        // H(100, 1) ≈ 5.187, so rank 1 gets ≈ 19.3 % of draws.
        assert!((18_500..20_100).contains(&counts[0]), "{}", counts[0]);
        assert!(counts[0] > counts[1] && counts[1] > counts[9]);
        assert!(counts[99] > 0);
    }

    #[test]
    fn exponential_mean_is_close() {
        let mut rng = Rng::new(3, Stream::Latency);
        let n = 200_000;
        let sum: u64 = (0..n).map(|_| rng.exp_us(1000.0)).sum();
        let mean = sum as f64 / n as f64;
        assert!((990.0..1010.0).contains(&mean), "{mean}");
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Rng::new(5, Stream::Workload);
        assert!((0..10_000).all(|_| rng.below(3) < 3));
        assert_eq!(rng.below(1), 0);
    }

    /// The add-and-subtract rounding against the library's roundeven, on
    /// ties, near-ties, powers of two, the 2⁵² boundary, negatives,
    /// infinities, NaN and a million random doubles of every magnitude.
    #[test]
    fn fast_rounding_equals_round_ties_even() {
        let reference = |x: f64| x.round_ties_even() as u64;
        let mut cases = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.499_999_999_999_999_94,
            1e-300,
            -0.5,
            -1.5,
            -7.25,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            4_503_599_627_370_497.0,
            9_007_199_254_740_993.0,
            1.8e19,
            1.9e19,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for k in 0..64 {
            let p = (2.0f64).powi(k);
            cases.extend([p, p + 0.5, p - 0.5, p.next_up(), p.next_down()]);
        }
        let mut rng = Rng::new(11, Stream::Latency);
        for _ in 0..1_000_000 {
            let bits = rng.next_u64();
            let x = f64::from_bits(bits);
            cases.push(x);
            // Also a dense sample of the range latencies live in.
            cases.push((bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64) * 1e7);
        }
        for x in cases {
            assert_eq!(round_ties_even_u64(x), reference(x), "{x:e}");
        }
    }

    #[test]
    fn rounding_is_ties_even() {
        assert_eq!(to_us(2.5), 2);
        assert_eq!(to_us(3.5), 4);
        assert_eq!(to_us(f64::NAN), 0);
        assert_eq!(to_us(-4.0), 0);
    }
}

#[cfg(test)]
mod xoshiro_tests {
    use super::*;

    /// The reference implementation's first outputs from state [1, 2, 3, 4]
    /// (as in `rand_xoshiro`'s tests): the step is xoshiro256++ exactly.
    #[test]
    fn matches_the_reference_outputs() {
        let mut r = Rng { s: [1, 2, 3, 4] };
        let got: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
        assert_eq!(
            got,
            [
                41_943_041,
                58_720_359,
                3_588_806_011_781_223,
                3_591_011_842_654_386
            ]
        );
    }

    #[test]
    fn streams_and_seeds_differ() {
        let first = |seed, stream| Rng::new(seed, stream).next_u64();
        assert_ne!(first(1, Stream::Workload), first(2, Stream::Workload));
        assert_ne!(first(1, Stream::Workload), first(1, Stream::Events));
        assert_ne!(first(1, Stream::Events), first(2, Stream::Workload));
        assert_eq!(first(7, Stream::Latency), first(7, Stream::Latency));
    }
}
