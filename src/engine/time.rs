//! Simulation time: integer ticks of one microsecond.
//!
//! Integer keys make the event order exact and platform independent; a
//! microsecond resolves any handle time an analyst can write while 2^64 ticks
//! last for half a million years.

/// A point or span of simulation time in microseconds since the start of the horizon.
pub type Tick = u64;

/// Ticks in one second.
pub const SECOND: Tick = 1_000_000;
/// Ticks in one minute.
pub const MINUTE: Tick = 60 * SECOND;
/// Ticks in one hour.
pub const HOUR: Tick = 60 * MINUTE;
/// Ticks in one day.
pub const DAY: Tick = 24 * HOUR;
/// Ticks in one week.
pub const WEEK: Tick = 7 * DAY;

/// Seconds (finite, ≥ 0) to ticks, rounded to the nearest tick.
#[inline]
pub fn from_secs(seconds: f64) -> Tick {
    (seconds * SECOND as f64).round() as Tick
}

/// Ticks to seconds.
#[inline]
pub fn to_secs(ticks: Tick) -> f64 {
    ticks as f64 / SECOND as f64
}
