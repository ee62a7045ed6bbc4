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
///
/// Equal to `(seconds * 1e6).round() as Tick`, written out because both the
/// library `round` and unsigned conversions are slow on baseline x86-64, and
/// this runs for every sample. Below 2^52 the fraction is exact.
#[inline]
pub fn from_secs(seconds: f64) -> Tick {
    let ticks = seconds * SECOND as f64;
    if (0.0..4_503_599_627_370_496.0).contains(&ticks) {
        let whole = ticks as i64;
        let up = ticks - whole as f64 >= 0.5;
        (whole + i64::from(up)) as Tick
    } else {
        ticks as Tick
    }
}

/// Ticks to seconds.
#[inline]
pub fn to_secs(ticks: Tick) -> f64 {
    ticks as f64 / SECOND as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_secs_rounds_like_f64_round() {
        let mut values = vec![
            0.0, 0.4999995, 0.0000005, 0.0000015, 1e-7, 2.5e-6, 1e12, 1e30,
        ];
        values.extend((0..100_000).map(|i| f64::from(i) * 0.123_456_7e-6));
        values.extend((0..100_000).map(|i| f64::from(i).exp2().sqrt() * 1e-6));
        for s in values {
            assert_eq!(from_secs(s), (s * SECOND as f64).round() as Tick, "{s}");
        }
        assert_eq!(from_secs(f64::NAN), 0);
        assert_eq!(from_secs(-1.0), 0);
        assert_eq!(from_secs(f64::INFINITY), Tick::MAX);
    }
}
