//! Open hours and hour-of-week profiles, converted from client to site time.
//!
//! A week is cut into 15-minute slots so that time-zone offsets such as +5:30
//! or +5:45 shift profiles exactly. Slot 0 is Monday 00:00 (site time unless
//! said otherwise).

use crate::engine::time::{MINUTE, Tick};

/// Length of one slot.
pub const SLOT: Tick = 15 * MINUTE;
/// Slots in one hour.
pub const SLOTS_PER_HOUR: usize = 4;
/// Slots in one day.
pub const SLOTS_PER_DAY: usize = 24 * SLOTS_PER_HOUR;
/// Slots in one week.
pub const SLOTS_PER_WEEK: usize = 7 * SLOTS_PER_DAY;

/// A value per 15-minute slot of the week.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekProfile(pub Vec<f64>);

/// Named opening-hour presets, in the client's local time.
pub const PRESETS: &[&str] = &["24x7", "business", "extended"];

impl WeekProfile {
    /// The same value in every slot.
    pub fn constant(value: f64) -> Self {
        WeekProfile(vec![value; SLOTS_PER_WEEK])
    }

    /// A preset: `24x7`; `business` = Monday–Friday 09:00–18:00;
    /// `extended` = Monday–Saturday 08:00–20:00. Open slots are 1, closed 0.
    pub fn preset(name: &str) -> Option<Self> {
        let open = |days: std::ops::Range<usize>, from_h: usize, to_h: usize| {
            let mut w = vec![0.0; SLOTS_PER_WEEK];
            for d in days {
                for s in from_h * SLOTS_PER_HOUR..to_h * SLOTS_PER_HOUR {
                    w[d * SLOTS_PER_DAY + s] = 1.0;
                }
            }
            WeekProfile(w)
        };
        match name {
            "24x7" => Some(Self::constant(1.0)),
            "business" => Some(open(0..5, 9, 18)),
            "extended" => Some(open(0..6, 8, 20)),
            _ => None,
        }
    }

    /// 168 hourly values (Monday 00:00 first) spread over their four slots.
    pub fn from_hourly(hourly: &[f64]) -> Self {
        WeekProfile(
            hourly
                .iter()
                .flat_map(|&v| std::iter::repeat_n(v, SLOTS_PER_HOUR))
                .collect(),
        )
    }

    /// The profile moved by `slots` (positive: later in the week), wrapping around.
    pub fn shifted(&self, slots: i64) -> Self {
        let n = SLOTS_PER_WEEK as i64;
        let mut out = vec![0.0; SLOTS_PER_WEEK];
        for (i, &v) in self.0.iter().enumerate() {
            out[(i as i64 + slots).rem_euclid(n) as usize] = v;
        }
        WeekProfile(out)
    }

    /// Converts a profile in a client's local time to site time.
    pub fn client_to_site(&self, client_utc_offset_h: f64, site_utc_offset_h: f64) -> Self {
        let slots = ((site_utc_offset_h - client_utc_offset_h) * SLOTS_PER_HOUR as f64).round();
        self.shifted(slots as i64)
    }

    /// Mean value over the week.
    pub fn mean(&self) -> f64 {
        self.0.iter().sum::<f64>() / SLOTS_PER_WEEK as f64
    }
}

/// Names of the weekdays, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_hours_cover_45_hours() {
        let w = WeekProfile::preset("business").unwrap();
        assert_eq!(w.0.iter().sum::<f64>(), 45.0 * 4.0);
        assert_eq!(w.0[9 * 4], 1.0);
        assert_eq!(w.0[9 * 4 - 1], 0.0);
        assert_eq!(w.0[5 * SLOTS_PER_DAY + 10 * 4], 0.0, "Saturday is closed");
    }

    #[test]
    fn client_time_moves_to_site_time_by_the_offset() {
        // 09:00 in New York (UTC-5) is 19:00 in Tashkent (UTC+5).
        let w = WeekProfile::preset("business")
            .unwrap()
            .client_to_site(-5.0, 5.0);
        assert_eq!(w.0[19 * 4], 1.0);
        assert_eq!(w.0[19 * 4 - 1], 0.0);
        // Friday 17:45 client = Saturday 03:45 site.
        assert_eq!(w.0[5 * SLOTS_PER_DAY + 3 * 4 + 3], 1.0);
        // Half-hour offsets shift by two slots.
        let i = WeekProfile::preset("business")
            .unwrap()
            .client_to_site(5.5, 5.0);
        assert_eq!(i.0[8 * 4 + 2], 1.0);
        assert_eq!(i.0[8 * 4 + 1], 0.0);
    }
}
