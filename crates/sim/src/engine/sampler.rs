//! Latency sampling and key choice, from the seeded streams (see `rng`).

use std::sync::Arc;

use crate::rng::{to_us, Rng, ZipfTable};
use crate::scenario::{Latency, Popularity};

/// z such that Φ(z) = 0.99: the log-normal's σ is `ln(p99 / median) / Z99`.
const Z99: f64 = 2.326_347_874_040_840_8;

/// A [`Latency`] with its parameters precomputed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Sampler {
    Constant(u64),
    Uniform { min: u64, span: u64 },
    Exponential { mean: f64 },
    LogNormal { mu: f64, sigma: f64 },
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
                Sampler::LogNormal {
                    mu,
                    sigma: (libm::log(p99) - mu) / Z99,
                }
            }
        }
    }

    #[inline]
    pub(crate) fn sample(&self, rng: &mut Rng) -> u64 {
        match *self {
            Sampler::Constant(us) => us,
            Sampler::Uniform { min, span } => min + rng.below(span),
            Sampler::Exponential { mean } => rng.exp_us(mean),
            Sampler::LogNormal { mu, sigma } => {
                if sigma == 0.0 {
                    return to_us(libm::exp(mu));
                }
                to_us(libm::exp(mu + sigma * rng.std_normal()))
            }
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
