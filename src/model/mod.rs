//! The BPO operation in motion: the workforce pipeline, the simulation of one
//! replication and the tallies it streams.
//!
//! May import `scenario` (and the foundations `engine`, `stats`, `error`).

pub mod pipeline;
pub mod sim;
pub mod tally;
