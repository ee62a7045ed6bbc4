//! The BPO operation: time distributions, opening hours, the calendar of the
//! horizon, and the simulation of one replication.

pub mod dist;
pub mod horizon;
pub mod hours;
pub mod pipeline;
pub mod sim;
