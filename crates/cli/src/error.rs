//! The CLI's one error type: a message for stderr and the exit code it maps
//! to.

use std::fmt;

/// What went wrong, already phrased for the user.
#[derive(Debug)]
pub enum CliError {
    /// The user's input (flags, files) is wrong: exit code 2, like clap's
    /// own usage errors, so scripts can tell "fix your input" apart.
    Input(String),
    /// Writing the output failed (closed pipe, full disk): exit code 1.
    Output(std::io::Error),
}

impl CliError {
    /// Process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Output(_) => 1,
        }
    }

    /// An input error from anything displayable.
    pub fn input(msg: impl fmt::Display) -> Self {
        CliError::Input(msg.to_string())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(m) => f.write_str(m),
            CliError::Output(e) => write!(f, "cannot write output: {e}"),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Output(e)
    }
}
