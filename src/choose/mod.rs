//! The Choose guide's parts: the questions, the recommendation with its
//! numbers, and the answers' place in the address. The reasoning itself is
//! plain Rust in [`crate::advice`].

pub mod address;
pub mod questions;
pub mod recommendation;
