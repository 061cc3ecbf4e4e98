//! The reference models: each keeps its keys in `Vec`s, oldest first, and
//! does the obvious linear-time thing.

use super::EvictionPolicy;

pub(super) trait Naive {
    fn touch(&mut self, key: u64);
    fn insert(&mut self, key: u64) -> Option<u64>;
    fn remove(&mut self, key: u64) -> bool;
    fn clear(&mut self);
    fn contains(&self, key: u64) -> bool;
    fn len(&self) -> usize;
}

/// LRU: the Vec is in recency order, least recently used first.
struct NaiveLru {
    keys: Vec<u64>,
    cap: usize,
}

impl Naive for NaiveLru {
    fn touch(&mut self, key: u64) {
        if let Some(i) = self.keys.iter().position(|&k| k == key) {
            self.keys.remove(i);
            self.keys.push(key);
        }
    }
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            self.touch(key);
            return None;
        }
        let victim = (self.keys.len() == self.cap).then(|| self.keys.remove(0));
        self.keys.push(key);
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let i = self.keys.iter().position(|&k| k == key);
        i.map(|i| self.keys.remove(i)).is_some()
    }
    fn clear(&mut self) {
        self.keys.clear();
    }
    fn contains(&self, key: u64) -> bool {
        self.keys.contains(&key)
    }
    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// FIFO: the Vec is in admission order; hits change nothing.
struct NaiveFifo {
    keys: Vec<u64>,
    cap: usize,
}

impl Naive for NaiveFifo {
    fn touch(&mut self, _key: u64) {}
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            return None;
        }
        let victim = (self.keys.len() == self.cap).then(|| self.keys.remove(0));
        self.keys.push(key);
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let i = self.keys.iter().position(|&k| k == key);
        i.map(|i| self.keys.remove(i)).is_some()
    }
    fn clear(&mut self) {
        self.keys.clear();
    }
    fn contains(&self, key: u64) -> bool {
        self.keys.contains(&key)
    }
    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// LFU: `(key, frequency, last access)`; the victim is the minimum of
/// `(frequency, last access)` found by a linear scan.
struct NaiveLfu {
    entries: Vec<(u64, u64, u64)>,
    clock: u64,
    cap: usize,
}

impl Naive for NaiveLfu {
    fn touch(&mut self, key: u64) {
        self.clock += 1;
        if let Some(e) = self.entries.iter_mut().find(|e| e.0 == key) {
            e.1 += 1;
            e.2 = self.clock;
        }
    }
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            self.touch(key);
            return None;
        }
        let mut victim = None;
        if self.entries.len() == self.cap {
            let (i, _) = self
                .entries
                .iter()
                .enumerate()
                .min_by_key(|(_, e)| (e.1, e.2))
                .expect("full cache is not empty");
            victim = Some(self.entries.remove(i).0);
        }
        self.clock += 1;
        self.entries.push((key, 1, self.clock));
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let i = self.entries.iter().position(|e| e.0 == key);
        i.map(|i| self.entries.remove(i)).is_some()
    }
    fn clear(&mut self) {
        self.entries.clear();
    }
    fn contains(&self, key: u64) -> bool {
        self.entries.iter().any(|e| e.0 == key)
    }
    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// SIEVE as the paper's pseudo-code reads, on a Vec ordered tail (oldest,
/// index 0) to head (newest, last). The hand is an index moving toward the
/// head, wrapping to index 0.
struct NaiveSieve {
    entries: Vec<(u64, bool)>,
    hand: Option<usize>,
    cap: usize,
}

impl Naive for NaiveSieve {
    fn touch(&mut self, key: u64) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.0 == key) {
            e.1 = true;
        }
    }
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            self.touch(key);
            return None;
        }
        let mut victim = None;
        if self.entries.len() == self.cap {
            let mut i = self.hand.unwrap_or(0);
            while self.entries[i].1 {
                self.entries[i].1 = false;
                i = (i + 1) % self.entries.len();
            }
            victim = Some(self.entries.remove(i).0);
            // The victim's newer neighbour has slid into index i.
            self.hand = (i < self.entries.len()).then_some(i);
        }
        self.entries.push((key, false));
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let Some(j) = self.entries.iter().position(|e| e.0 == key) else {
            return false;
        };
        self.entries.remove(j);
        self.hand = match self.hand {
            Some(h) if h == j => (j < self.entries.len()).then_some(j),
            Some(h) if h > j => Some(h - 1),
            other => other,
        };
        true
    }
    fn clear(&mut self) {
        self.entries.clear();
        self.hand = None;
    }
    fn contains(&self, key: u64) -> bool {
        self.entries.iter().any(|e| e.0 == key)
    }
    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The model of `policy` with `cap` entries.
pub(super) fn naive(policy: EvictionPolicy, cap: usize) -> Box<dyn Naive> {
    match policy {
        EvictionPolicy::Lru => Box::new(NaiveLru {
            keys: Vec::new(),
            cap,
        }),
        EvictionPolicy::Fifo => Box::new(NaiveFifo {
            keys: Vec::new(),
            cap,
        }),
        EvictionPolicy::Lfu => Box::new(NaiveLfu {
            entries: Vec::new(),
            clock: 0,
            cap,
        }),
        EvictionPolicy::Sieve => Box::new(NaiveSieve {
            entries: Vec::new(),
            hand: None,
            cap,
        }),
        EvictionPolicy::S3Fifo => Box::new(NaiveS3Fifo::new(cap)),
        EvictionPolicy::Arc => Box::new(NaiveArc::new(cap)),
    }
}

/// S3-FIFO: `small` and `main` hold `(key, hits)`, oldest first; `ghost`
/// holds ids, oldest first. Shares as in `s3fifo.rs`.
struct NaiveS3Fifo {
    small: Vec<(u64, u8)>,
    main: Vec<(u64, u8)>,
    ghost: Vec<u64>,
    cap: usize,
    small_share: usize,
    ghost_share: usize,
}

impl NaiveS3Fifo {
    fn new(cap: usize) -> Self {
        let small_share = (cap / 10).max(1);
        NaiveS3Fifo {
            small: Vec::new(),
            main: Vec::new(),
            ghost: Vec::new(),
            cap,
            small_share,
            ghost_share: cap * 9 / 10,
        }
    }

    /// One eviction: returns the key that left the cache.
    fn evict(&mut self) -> u64 {
        let main_share = self.cap - self.small_share;
        loop {
            if self.main.len() > main_share || self.small.is_empty() {
                let (key, hits) = self.main.remove(0);
                if hits == 0 {
                    return key;
                }
                self.main.push((key, hits.min(3) - 1));
            } else {
                // Small is searched to the end before main is looked at
                // again, however much main grows meanwhile.
                while !self.small.is_empty() {
                    let (key, hits) = self.small.remove(0);
                    if hits >= 2 {
                        self.main.push((key, 0));
                        continue;
                    }
                    if self.ghost_share > 0 {
                        if self.ghost.len() == self.ghost_share {
                            self.ghost.remove(0);
                        }
                        self.ghost.push(key);
                    }
                    return key;
                }
            }
        }
    }
}

impl Naive for NaiveS3Fifo {
    fn touch(&mut self, key: u64) {
        let queues = self.small.iter_mut().chain(self.main.iter_mut());
        if let Some(e) = queues.into_iter().find(|e| e.0 == key) {
            e.1 = e.1.saturating_add(1);
        }
    }
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            self.touch(key);
            return None;
        }
        let remembered = self.ghost.iter().position(|&k| k == key);
        if let Some(i) = remembered {
            self.ghost.remove(i);
        }
        let victim = (self.len() == self.cap).then(|| self.evict());
        match remembered {
            Some(_) => self.main.push((key, 0)),
            None => self.small.push((key, 0)),
        }
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        let before = self.len();
        self.small.retain(|e| e.0 != key);
        self.main.retain(|e| e.0 != key);
        self.len() < before
    }
    fn clear(&mut self) {
        self.small.clear();
        self.main.clear();
        self.ghost.clear();
    }
    fn contains(&self, key: u64) -> bool {
        self.small.iter().chain(&self.main).any(|e| e.0 == key)
    }
    fn len(&self) -> usize {
        self.small.len() + self.main.len()
    }
}

/// ARC: four lists, least recent first, and the target `p`, transcribed
/// from the rules in `arc.rs`.
struct NaiveArc {
    t1: Vec<u64>,
    t2: Vec<u64>,
    b1: Vec<u64>,
    b2: Vec<u64>,
    p: f64,
    cap: usize,
}

impl NaiveArc {
    fn new(cap: usize) -> Self {
        NaiveArc {
            t1: Vec::new(),
            t2: Vec::new(),
            b1: Vec::new(),
            b2: Vec::new(),
            p: 0.0,
            cap,
        }
    }

    fn replace(&mut self, from_b2: bool) -> u64 {
        let t1 = self.t1.len() as f64;
        if (!self.t1.is_empty() && (t1 > self.p || (t1 == self.p && from_b2))) || self.t2.is_empty()
        {
            let key = self.t1.remove(0);
            self.b1.push(key);
            key
        } else {
            let key = self.t2.remove(0);
            self.b2.push(key);
            key
        }
    }
}

fn take(list: &mut Vec<u64>, key: u64) -> bool {
    match list.iter().position(|&k| k == key) {
        Some(i) => {
            list.remove(i);
            true
        }
        None => false,
    }
}

impl Naive for NaiveArc {
    fn touch(&mut self, key: u64) {
        if take(&mut self.t1, key) || take(&mut self.t2, key) {
            self.t2.push(key);
        }
    }
    fn insert(&mut self, key: u64) -> Option<u64> {
        if self.contains(key) {
            self.touch(key);
            return None;
        }
        let (b1, b2) = (self.b1.len() as f64, self.b2.len() as f64);
        let full = self.len() == self.cap;
        if take(&mut self.b1, key) {
            self.p = (self.p + (b2 / b1).max(1.0)).min(self.cap as f64);
            let victim = full.then(|| self.replace(false));
            self.t2.push(key);
            return victim;
        }
        if take(&mut self.b2, key) {
            self.p = (self.p - (b1 / b2).max(1.0)).max(0.0);
            let victim = full.then(|| self.replace(true));
            self.t2.push(key);
            return victim;
        }
        let mut victim = None;
        if full {
            if self.t1.len() + self.b1.len() >= self.cap {
                if self.b1.is_empty() {
                    victim = Some(self.t1.remove(0));
                } else {
                    self.b1.remove(0);
                    victim = Some(self.replace(false));
                }
            } else {
                let all = self.t1.len() + self.t2.len() + self.b1.len() + self.b2.len();
                if all >= 2 * self.cap && !self.b2.is_empty() {
                    self.b2.remove(0);
                }
                victim = Some(self.replace(false));
            }
        }
        self.t1.push(key);
        victim
    }
    fn remove(&mut self, key: u64) -> bool {
        take(&mut self.t1, key) || take(&mut self.t2, key)
    }
    fn clear(&mut self) {
        *self = NaiveArc::new(self.cap);
    }
    fn contains(&self, key: u64) -> bool {
        self.t1.contains(&key) || self.t2.contains(&key)
    }
    fn len(&self) -> usize {
        self.t1.len() + self.t2.len()
    }
}
