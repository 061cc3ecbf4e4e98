//! Latency sampling and key choice, from the seeded streams (see `rng`).

use std::sync::Arc;

use crate::rng::{round_ties_even_u64, to_us, Rng, ZipfTable};
use crate::scenario::{Latency, Popularity};

/// z such that Φ(z) = 0.99: the log-normal's σ is `ln(p99 / median) / Z99`.
const Z99: f64 = 2.326_347_874_040_840_8;

/// Buckets of a quantile table (a power of two: a draw's top bits pick one).
const BUCKETS: usize = 1024;
const BUCKET_BITS: u32 = BUCKETS.trailing_zeros();

/// Fraction bits of a table's fixed-point µs values.
const FRAC_BITS: u32 = 16;

/// Bits of a draw that place it inside its bucket.
const POS_BITS: u32 = 20;

/// A [`Latency`] with its parameters precomputed.
#[derive(Clone, Debug)]
pub(crate) enum Sampler {
    Constant(u64),
    Uniform { min: u64, span: u64 },
    Exponential { mean: f64 },
    LogNormal(Arc<QuantileTable>),
}

/// A continuous distribution that a [`QuantileTable`] approximates, and
/// samples exactly where the table would be poor.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape {
    /// `exp(mu + sigma · Z)`: both tails are sampled exactly.
    LogNormal { mu: f64, sigma: f64 },
    /// Exponential with this mean: the upper tail is sampled exactly.
    Exponential { mean: f64 },
}

impl Shape {
    /// The quantile at `p`, computed from `1 − p` as well (`q = 1 − p`,
    /// exact for small `q` where `1 − p` would round).
    fn quantile(self, p: f64, q: f64) -> f64 {
        match self {
            Shape::LogNormal { mu, sigma } => {
                let p = p.min(1.0 - 1e-16);
                libm::exp(mu + sigma * inverse_normal_cdf(p))
            }
            Shape::Exponential { mean } => -mean * libm::log(q),
        }
    }

    /// Bucket `i`'s draws are sampled exactly, not interpolated.
    fn exact_bucket(self, i: usize) -> bool {
        match self {
            Shape::LogNormal { .. } => i == 0 || i == BUCKETS - 1,
            Shape::Exponential { .. } => i == BUCKETS - 1,
        }
    }
}

/// A distribution by inverse transform over a quantile table, in integer
/// arithmetic.
///
/// Why a table: the profile showed `exp`, `log` and `sqrt` as the largest
/// single cost of a lane (≈ 28 %), and every request draws an arrival gap
/// and two or three latencies. The table holds the exact quantiles
/// `Q(i / 1024)` in fixed point (1/65 536 µs); a draw's top 10 bits pick
/// its bucket and the next 20 bits its place inside, where the quantile is
/// interpolated linearly, so every bucket keeps exactly its probability
/// mass (1/1024) and only the shape *within* a bucket is approximated
/// (relative error well under 0.1 % in the body of a log-normal, under
/// 1/(8·m²) of the mean in the m-th bucket from the top of an
/// exponential). Buckets where the quantile function is unbounded or steep
/// are sampled exactly ([`Shape::exact_bucket`]). Integer-only on the hot
/// path: no float conversion, one table read, the same bits on every
/// platform (the table itself is built with `libm` and IEEE arithmetic).
#[derive(Debug)]
pub(crate) struct QuantileTable {
    shape: Shape,
    /// `q[i]` = bucket `i`'s start and width in fixed point (capped at the
    /// latency cap of [`to_us`]); unused in exact buckets.
    q: Vec<(u64, u64)>,
}

impl QuantileTable {
    pub(crate) fn new(shape: Shape) -> Self {
        let cap = crate::limits::MAX_LATENCY_US as f64 * 16.0;
        let fixed = |x: f64| round_ties_even_u64(x.min(cap) * f64::from(1u32 << FRAC_BITS));
        let at: Vec<u64> = (0..=BUCKETS)
            .map(|i| {
                let (p, q) = (
                    i as f64 / BUCKETS as f64,
                    (BUCKETS - i) as f64 / BUCKETS as f64,
                );
                match (i, shape) {
                    (0, _) => 0,
                    (i, _) if i == BUCKETS => u64::MAX,
                    _ => fixed(shape.quantile(p, q)),
                }
            })
            .collect();
        let q = (0..BUCKETS)
            .map(|i| {
                if shape.exact_bucket(i) {
                    (0, 0)
                } else {
                    (at[i], at[i + 1] - at[i])
                }
            })
            .collect();
        QuantileTable { shape, q }
    }

    /// One draw, in whole µs; consumes one `u64` of `rng`.
    #[inline(always)]
    pub(crate) fn sample_us(&self, rng: &mut Rng) -> u64 {
        let x = rng.next_u64();
        let i = (x >> (64 - BUCKET_BITS)) as usize;
        // A slice index (built in) rather than a `Vec` index (a trait call
        // at opt-level "z").
        let (start, width) = self.q.as_slice()[i];
        if width == 0 && self.shape.exact_bucket(i) {
            return self.sample_exact(x);
        }
        let pos = (x >> (64 - BUCKET_BITS - POS_BITS)) & ((1 << POS_BITS) - 1);
        let v = start + ((width * pos) >> POS_BITS);
        (v + (1 << (FRAC_BITS - 1))) >> FRAC_BITS
    }

    #[inline(never)]
    fn sample_exact(&self, x: u64) -> u64 {
        const ULP: f64 = 1.0 / (1u64 << 53) as f64;
        // p in (0, 1] from the high bits, and 1 − p, also in (0, 1], from
        // their complement (exact where `1 − p` would round to 0).
        let p = ((x >> 11) + 1) as f64 * ULP;
        let q = ((!x >> 11) + 1) as f64 * ULP;
        to_us(self.shape.quantile(p, q))
    }
}

/// Φ⁻¹(p) for p in (0, 1), by Acklam's rational approximation (relative
/// error < 1.2 × 10⁻⁹), with `libm` for the logarithm and square root.
pub(crate) fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail(libm::sqrt(-2.0 * libm::log(p)))
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail(libm::sqrt(-2.0 * libm::log(1.0 - p)))
    }
}

impl Sampler {
    pub(crate) fn new(l: Latency) -> Sampler {
        match l {
            Latency::Constant { us } => Sampler::Constant(us),
            Latency::Uniform { min_us, max_us } => Sampler::Uniform {
                min: min_us,
                span: max_us.saturating_sub(min_us).saturating_add(1),
            },
            Latency::Exponential { mean_us } => Sampler::Exponential {
                mean: mean_us as f64,
            },
            Latency::LogNormal { median_us, p99_us } => {
                let median = median_us.max(1) as f64;
                let p99 = (p99_us as f64).max(median);
                let mu = libm::log(median);
                let sigma = (libm::log(p99) - mu) / Z99;
                if sigma == 0.0 {
                    Sampler::Constant(to_us(median))
                } else {
                    Sampler::LogNormal(Arc::new(QuantileTable::new(Shape::LogNormal { mu, sigma })))
                }
            }
        }
    }

    #[inline]
    pub(crate) fn sample(&self, rng: &mut Rng) -> u64 {
        match self {
            Sampler::Constant(us) => *us,
            Sampler::Uniform { min, span } => min + rng.below(*span),
            Sampler::Exponential { mean } => rng.exp_us(*mean),
            Sampler::LogNormal(t) => t.sample_us(rng),
        }
    }
}

/// Chooses keys in `0..n` by popularity; key 0 is the hottest.
#[derive(Clone, Debug)]
pub(crate) enum KeyPicker {
    Uniform {
        n: u64,
    },
    /// Shared so that snapshots (clones) and compare lanes do not copy it.
    Zipf(Arc<ZipfTable>),
    Hotspot {
        n: u64,
        hot_n: u64,
        p_hot: f64,
    },
}

impl KeyPicker {
    pub(crate) fn new(n: u64, p: &Popularity) -> KeyPicker {
        let n = n.max(1);
        match *p {
            Popularity::Uniform => KeyPicker::Uniform { n },
            // α = 0 is uniform; skip the table.
            Popularity::Zipf { alpha: 0.0 } => KeyPicker::Uniform { n },
            Popularity::Zipf { alpha } => KeyPicker::Zipf(Arc::new(ZipfTable::new(n, alpha))),
            Popularity::Hotspot {
                hot_request_pct,
                hot_key_pct,
            } => {
                let hot_n = ((n as f64 * hot_key_pct / 100.0) as u64).clamp(1, n);
                KeyPicker::Hotspot {
                    n,
                    hot_n,
                    p_hot: hot_request_pct / 100.0,
                }
            }
        }
    }

    #[inline]
    pub(crate) fn pick(&self, rng: &mut Rng) -> u64 {
        match self {
            KeyPicker::Uniform { n } => rng.below(*n),
            KeyPicker::Zipf(t) => t.sample(rng),
            KeyPicker::Hotspot { n, hot_n, p_hot } => {
                let hot = rng.unit() < *p_hot;
                if hot || *hot_n >= *n {
                    rng.below(*hot_n)
                } else {
                    hot_n + rng.below(n - hot_n)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    #[test]
    fn lognormal_hits_its_median_and_p99() {
        let s = Sampler::new(Latency::LogNormal {
            median_us: 1000,
            p99_us: 5000,
        });
        let mut rng = Rng::new(9, Stream::Latency);
        let mut v: Vec<u64> = (0..100_000).map(|_| s.sample(&mut rng)).collect();
        v.sort_unstable();
        let med = v[50_000];
        let p99 = v[99_000];
        assert!((970..1030).contains(&med), "{med}");
        assert!((4700..5300).contains(&p99), "{p99}");
    }

    #[test]
    fn inverse_normal_cdf_matches_known_quantiles() {
        for (p, z) in [
            (0.5, 0.0),
            (0.975, 1.959_963_984_540_054),
            (0.99, Z99),
            (0.01, -Z99),
            (0.001, -3.090_232_306_167_813_5),
            (0.999_999, 4.753_424_308_822_899),
        ] {
            let got = inverse_normal_cdf(p);
            assert!((got - z).abs() < 1e-8, "Φ⁻¹({p}) = {got}, want {z}");
        }
    }

    #[test]
    fn hotspot_sends_the_hot_share_to_the_hot_keys() {
        let k = KeyPicker::new(
            1000,
            &Popularity::Hotspot {
                hot_request_pct: 80.0,
                hot_key_pct: 10.0,
            },
        );
        let mut rng = Rng::new(2, Stream::Workload);
        let hot = (0..100_000).filter(|_| k.pick(&mut rng) < 100).count();
        assert!((79_000..81_000).contains(&hot), "{hot}");
    }

    #[test]
    fn uniform_latency_stays_in_bounds() {
        let s = Sampler::new(Latency::Uniform {
            min_us: 10,
            max_us: 12,
        });
        let mut rng = Rng::new(1, Stream::Latency);
        let v: Vec<u64> = (0..1000).map(|_| s.sample(&mut rng)).collect();
        assert!(v.iter().all(|x| (10..=12).contains(x)));
        assert!(v.contains(&10) && v.contains(&12));
    }
}
