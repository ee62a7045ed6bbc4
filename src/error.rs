//! Errors that are the user's to fix (exit code 2), as opposed to failures (exit code 1).

use crate::scenario::ScenarioError;

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

impl From<ScenarioError> for BadInput {
    fn from(e: ScenarioError) -> Self {
        Self::new(e.to_string())
    }
}

/// Exit code for an error: 2 when the user's input is at fault, 1 otherwise.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    if error
        .chain()
        .any(|e| e.is::<BadInput>() || e.is::<ScenarioError>())
    {
        2
    } else {
        1
    }
}
