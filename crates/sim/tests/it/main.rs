//! cachescope-sim's integration tests, in one binary (one link, not many).

mod article_claims;
mod determinism;
mod model;
mod properties;
mod robustness;
mod sliced;
mod stepping;
mod strategies;
mod support;
mod traced;
mod validation;
