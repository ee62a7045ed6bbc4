//! Errors that are the user's to fix (exit code 2), as opposed to failures
//! (exit code 1). A foundation: imports nothing of the crate.

/// Bad input: arguments or scenario. Maps to exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct BadInput {
    message: String,
}

impl BadInput {
    /// Bad input described in plain words.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}
