//! [`ScenarioError`]: why raw input is not a valid scenario, and the range
//! checks every validation uses to build one, so each message has the same
//! shape (field, value, allowed range).

use std::fmt;

/// Why raw input is not a valid scenario. Every message names the field, the
/// value and what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioError {
    /// A number outside its allowed range (see [`crate::limits`]).
    OutOfRange {
        /// Dotted path of the field, e.g. `cache.capacity` or `events[2].at_us`.
        field: String,
        /// The rejected value.
        value: String,
        /// Smallest allowed value.
        min: String,
        /// Largest allowed value.
        max: String,
    },
    /// A value that is in range but inconsistent (e.g. a log-normal p99 below
    /// its median).
    Invalid {
        /// Dotted path of the field.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// The text is not JSON of a scenario's shape (unknown field, wrong type…).
    Json {
        /// 1-based line of the error.
        line: u64,
        /// 1-based column of the error.
        column: u64,
        /// serde's description, which names the field or the expected type.
        message: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::OutOfRange {
                field,
                value,
                min,
                max,
            } => write!(
                f,
                "{field} = {value} is out of range: allowed {min} to {max}"
            ),
            ScenarioError::Invalid { field, reason } => write!(f, "{field}: {reason}"),
            ScenarioError::Json {
                line,
                column,
                message,
            } => write!(f, "scenario JSON, line {line} column {column}: {message}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

impl ScenarioError {
    /// A [`ScenarioError::Json`] from serde's error. serde's text ends in
    /// "at line L column C"; that suffix is dropped from `message` because
    /// `Display` already leads with the position.
    pub fn from_serde(e: &serde_json::Error) -> ScenarioError {
        let (line, column) = (e.line() as u64, e.column() as u64);
        let full = e.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        ScenarioError::Json {
            line,
            column,
            message,
        }
    }
}

pub(crate) fn range_u64(field: &str, v: u64, min: u64, max: u64) -> Result<(), ScenarioError> {
    if v < min || v > max {
        return Err(ScenarioError::OutOfRange {
            field: field.to_string(),
            value: v.to_string(),
            min: min.to_string(),
            max: max.to_string(),
        });
    }
    Ok(())
}

pub(crate) fn range_f64(field: &str, v: f64, min: f64, max: f64) -> Result<(), ScenarioError> {
    // Written so that NaN fails too.
    if !(v >= min && v <= max) {
        return Err(ScenarioError::OutOfRange {
            field: field.to_string(),
            value: show_f64(v),
            min: show_f64(min),
            max: show_f64(max),
        });
    }
    Ok(())
}

/// A float for a message: plain decimal in the everyday range, scientific
/// outside it. `f64`'s `Display` never uses an exponent, so `5e-324` would
/// print as 324 digits and `1e308` as 309.
fn show_f64(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-6..1e15).contains(&a) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid {
        field: field.to_string(),
        reason: reason.into(),
    }
}
