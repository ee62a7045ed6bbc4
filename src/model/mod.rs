//! The BPO operation: what it requires (the analytic, Erlang-based
//! requirement and the people it implies), the workforce pipeline that
//! supplies people, the simulation of one replication and the tallies it
//! streams.
//!
//! May import `scenario` (and the foundations `engine`, `stats`, `error`).

pub mod headcount;
pub mod pipeline;
pub mod requirement;
pub mod sim;
pub mod tally;
