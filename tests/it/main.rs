//! The integration tests: one binary, a module per concern.

mod cli;
mod common;
mod model;
mod report;
mod scale;
mod staffing;
mod theory;
