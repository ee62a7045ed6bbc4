//! The integration tests: one binary, a module per concern.

mod bad_input;
mod blended;
mod capacity;
mod charts;
mod cli;
mod common;
mod layers;
mod model;
mod output_safety;
mod pipeline;
mod props;
mod report;
mod scale;
mod snapshots_exports;
mod staffing;
mod study;
mod theory;
mod uncertainty;
mod workforce;
