//! The discrete-event engine: integer time, the event calendar and random streams.

pub mod calendar;
pub mod streams;
pub mod time;
