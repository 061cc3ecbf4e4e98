//! Eviction policies (LRU, LFU, FIFO, SIEVE) over integer keys.
