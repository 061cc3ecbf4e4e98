//! Latency sampling and key choice, from the seeded streams (see `rng`).

use std::sync::Arc;

use crate::rng::{to_us, Rng, ZipfTable};
use crate::scenario::{Latency, Popularity};

/// z such that Φ(z) = 0.99: the log-normal's σ is `ln(p99 / median) / Z99`.
const Z99: f64 = 2.326_347_874_040_840_8;

/// Buckets of the log-normal quantile table.
const LOGNORMAL_BUCKETS: usize = 1024;

/// A [`Latency`] with its parameters precomputed.
#[derive(Clone, Debug)]
pub(crate) enum Sampler {
    Constant(u64),
    Uniform { min: u64, span: u64 },
    Exponential { mean: f64 },
    LogNormal(Arc<LogNormalTable>),
}

/// The log-normal by inverse transform over a quantile table.
///
/// Why a table: the profile showed `exp` and the normal's `log`/`sqrt` as
/// the largest single cost of a lane (≈ 28 %), and most requests draw two or
/// three log-normal latencies. The table holds the exact quantiles
/// `Q(i / 1024)`; a draw picks its bucket from the top bits of a uniform and
/// interpolates linearly inside it, so every bucket keeps exactly its
/// probability mass (1/1024) and only the shape *within* a bucket is
/// approximated (relative error well under 0.1 % in the body). The first and
/// last buckets, where the quantile function is unbounded or steep, are
/// sampled exactly through the inverse normal CDF. Deterministic: built and
/// sampled with `libm` and IEEE arithmetic only.
#[derive(Debug)]
pub(crate) struct LogNormalTable {
    mu: f64,
    sigma: f64,
    /// `q[i]` = `(Q(i / BUCKETS), Q((i + 1) / BUCKETS) − Q(i / BUCKETS))`
    /// for `i` in `1..BUCKETS − 1` (the bucket's start and width; indices 0
    /// and `BUCKETS − 1` unused). Storing the width, computed once with the
    /// same IEEE subtraction a draw used to make, gives the same bits with
    /// one table read per draw instead of two.
    q: Vec<(f64, f64)>,
}

impl LogNormalTable {
    fn new(mu: f64, sigma: f64) -> Self {
        let n = LOGNORMAL_BUCKETS;
        let at: Vec<f64> = (0..n)
            .map(|i| {
                if i == 0 {
                    0.0
                } else {
                    libm::exp(mu + sigma * inverse_normal_cdf(i as f64 / n as f64))
                }
            })
            .collect();
        let q = (0..n)
            .map(|i| match (at[i], at.get(i + 1)) {
                (a, Some(&b)) if i > 0 => (a, b - a),
                _ => (0.0, 0.0),
            })
            .collect();
        LogNormalTable { mu, sigma, q }
    }

    #[inline(always)]
    fn sample(&self, rng: &mut Rng) -> f64 {
        let n = LOGNORMAL_BUCKETS;
        let u = rng.unit_open0();
        let x = u * n as f64;
        let i = x as usize;
        if i == 0 || i + 1 >= n {
            let p = if u >= 1.0 { 1.0 - 1e-16 } else { u };
            return libm::exp(self.mu + self.sigma * inverse_normal_cdf(p));
        }
        let frac = x - i as f64;
        // A slice index (built in) rather than a `Vec` index (a trait call
        // at opt-level "z").
        let (a, width) = self.q.as_slice()[i];
        a + width * frac
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
                    Sampler::LogNormal(Arc::new(LogNormalTable::new(mu, sigma)))
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
            Sampler::LogNormal(t) => to_us(t.sample(rng)),
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
