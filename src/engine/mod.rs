//! The discrete-event engine: integer time, the event calendar and random streams.

pub mod calendar;
mod heap;
pub mod streams;
pub mod time;
mod wheel;
