//! Exporters: pure functions from result structs to bytes, and the atomic
//! writer that puts a run's files in place all at once.

pub mod charts;
pub mod csv;
pub mod fans;
pub mod format;
pub mod headline;
pub mod html;
pub mod json;
pub mod odds;
pub mod pack;
pub mod xlsx;
