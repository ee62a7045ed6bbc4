//! The integration tests: one binary, a module per concern.

mod cli;
mod common;
mod scale;
