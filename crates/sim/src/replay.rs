//! Replaying a trace through the cache alone.
