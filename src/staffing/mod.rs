//! Capacity planning: exact Erlang formulas and simulation-based staffing.

pub mod erlang;
pub mod gap;
pub mod required;
pub mod search;
