//! The planning horizon on a real calendar: months, their lengths and weekdays.

use crate::engine::time::{DAY, Tick};

/// How long after the horizon the real-time clients already waiting are
/// still served (the simulation drains at most this long).
pub const DRAIN_LIMIT: Tick = 7 * DAY;

/// A calendar month, e.g. 2026-03.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    /// Year, 1900–9999.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl YearMonth {
    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Self> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        ((1900..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// The month after this one.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Months from `self` to `later` (negative if earlier).
    pub fn months_until(self, later: YearMonth) -> i64 {
        (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month)
            - i64::from(self.month)
    }

    /// Number of days in the month.
    pub fn days(self) -> u32 {
        match self.month {
            2 if (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Weekday of the first day, 0 = Monday.
    pub fn first_weekday(self) -> u32 {
        // Days since 1970-01-01 (a Thursday), after Howard Hinnant's days_from_civil.
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        ((days + 3).rem_euclid(7)) as u32
    }

    /// This month as `YYYY-MM`.
    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// One month of the horizon (the first and last may be partial for `days` horizons).
#[derive(Clone, Debug, PartialEq)]
pub struct Month {
    /// `YYYY-MM`.
    pub label: String,
    /// The calendar month.
    pub year_month: YearMonth,
    /// First tick of the month within the horizon.
    pub start: Tick,
    /// First tick after the month (or the horizon end).
    pub end: Tick,
}

/// The simulated period.
#[derive(Clone, Debug, PartialEq)]
pub struct Horizon {
    /// First month.
    pub start: YearMonth,
    /// Total length.
    pub end: Tick,
    /// Weekday of day 0, 0 = Monday.
    pub first_weekday: u32,
    /// The months covered, in order.
    pub months: Vec<Month>,
}

impl Horizon {
    /// A horizon of whole days from the first of `start`.
    pub fn from_days(start: YearMonth, days: u32) -> Self {
        let end = Tick::from(days) * DAY;
        let mut months = Vec::new();
        let mut ym = start;
        let mut t = 0;
        while t < end {
            let next = (t + Tick::from(ym.days()) * DAY).min(end);
            months.push(Month {
                label: ym.label(),
                year_month: ym,
                start: t,
                end: next,
            });
            t = next;
            ym = ym.next();
        }
        Self {
            start,
            end,
            first_weekday: start.first_weekday(),
            months,
        }
    }

    /// A horizon of whole calendar months.
    pub fn from_months(start: YearMonth, months: u32) -> Self {
        let mut ym = start;
        let mut days = 0;
        for _ in 0..months {
            days += ym.days();
            ym = ym.next();
        }
        Self::from_days(start, days)
    }

    /// Index of the month containing `t` (the last month for times past the end).
    pub fn month_of(&self, t: Tick) -> usize {
        self.months
            .partition_point(|m| m.end <= t)
            .min(self.months.len().saturating_sub(1))
    }

    /// Slot of the site-local week (0 = Monday 00:00) that contains `t`.
    pub fn week_slot(&self, t: Tick) -> usize {
        use super::hours::{SLOT, SLOTS_PER_DAY, SLOTS_PER_WEEK};
        ((t / SLOT) as usize + self.first_weekday as usize * SLOTS_PER_DAY) % SLOTS_PER_WEEK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_facts() {
        let jan26 = YearMonth::parse("2026-01").unwrap();
        assert_eq!(jan26.first_weekday(), 3, "1 January 2026 is a Thursday");
        assert_eq!(YearMonth::parse("2024-02").unwrap().days(), 29);
        assert_eq!(YearMonth::parse("2100-02").unwrap().days(), 28);
        assert_eq!(YearMonth::parse("2000-02").unwrap().days(), 29);
        assert_eq!(
            YearMonth::parse("2024-09").unwrap().first_weekday(),
            6,
            "a Sunday"
        );
        assert!(YearMonth::parse("2026-13").is_none());
        assert!(YearMonth::parse("26-01").is_none());
    }

    #[test]
    fn sixty_months_from_2026() {
        let h = Horizon::from_months(YearMonth::parse("2026-01").unwrap(), 60);
        assert_eq!(h.months.len(), 60);
        assert_eq!(h.months[59].label, "2030-12");
        assert_eq!(h.end, (365 * 4 + 366) as Tick * DAY);
        assert_eq!(h.month_of(h.months[13].start), 13);
        assert_eq!(h.month_of(h.months[13].start - 1), 12);
    }
}
