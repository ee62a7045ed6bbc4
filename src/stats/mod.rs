//! Statistics, a foundation that knows nothing of BPO: aggregation of
//! per-replication values into means with Student-t confidence intervals.
//!
//! May import nothing of the crate.

pub mod aggregate;

pub use aggregate::Stat;
