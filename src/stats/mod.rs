//! Statistics: streamed per-replication tallies and their aggregation over
//! replications into means with Student-t confidence intervals.

pub mod aggregate;
pub mod tally;

pub use aggregate::Stat;
