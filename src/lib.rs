//! bposim: a discrete-event simulator and capacity-planning tool for BPO
//! operations that export IT services.
//!
//! Data flows one way: scenario text → [`scenario::Plan`] (validated) →
//! [`model::sim::simulate`] per replication → [`results::RunResult`] →
//! exporters in [`report`].

pub mod cli;
pub mod engine;
pub mod erlang;
pub mod error;
pub mod model;
pub mod output;
pub mod report;
pub mod results;
pub mod run;
pub mod scenario;
pub mod staffing;
pub mod stats;
pub mod study;
pub mod summarize;
pub mod uncertainty;
