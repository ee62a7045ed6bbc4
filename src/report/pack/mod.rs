//! The chart pack of a run: which charts a result gets, built from the
//! result structs only, each with a one-line reading for the report.
//!
//! The chart builders live beside this file by theme: `staffing` (the
//! staffing gap, pools, service level), `people` (education, workforce) and
//! `work` (weekly profile, waits, revenue, throughput).
//!
//! Every chart states its finding in its title (computed from the results),
//! says what is plotted in its subtitle and carries the run's provenance in
//! its footer (scenario, replications, seed, version, what the shading is).

use super::charts::{
    Band, Chart, Layer, LineChart, MonthMark, MonthlySeries, Panel, PanelChart, ProfileSeries,
    ReferenceLine, StackedAreaChart, ValueFormat, WeeklyProfileChart, month_name,
};
use super::format::int;
use crate::results::{Channel, RunResult, WEEKDAYS};
use crate::stats::Stat;

mod people;
mod staffing;
mod work;

use people::{education, workforce};
use staffing::{pool_shortfall, service_level, staffing_gap};
use work::{revenue, throughput, waiting_time, weekly_profile};

/// One chart of the pack.
pub struct PackChart {
    /// File stem under `charts/`.
    pub name: &'static str,
    /// The chart.
    pub chart: Chart,
    /// One sentence on how to read it, for the report.
    pub reading: String,
}

/// A series of monthly statistics, `scale`d, with its band.
fn series(name: &str, stats: &[Option<Stat>], scale: f64) -> MonthlySeries {
    scaled(name, stats, &vec![scale; stats.len()])
}

/// A series of monthly statistics, each month multiplied by its own factor.
fn scaled(name: &str, stats: &[Option<Stat>], factors: &[f64]) -> MonthlySeries {
    let get = |f: &dyn Fn(&Stat) -> f64| {
        stats
            .iter()
            .zip(factors)
            .map(|(s, k)| s.map_or(f64::NAN, |s| f(&s) * k))
            .collect()
    };
    MonthlySeries {
        name: name.to_string(),
        values: get(&|s| s.mean),
        band: Some(Band {
            low: get(&|s| s.ci95[0]),
            high: get(&|s| s.ci95[1]),
        }),
        ..MonthlySeries::default()
    }
}

fn means(stats: &[Option<Stat>]) -> Vec<f64> {
    stats.iter().map(|s| s.map_or(0.0, |s| s.mean)).collect()
}

/// Running sums of monthly means.
fn cumulative(stats: &[Option<Stat>]) -> Vec<f64> {
    stats
        .iter()
        .scan(0.0, |acc, s| {
            *acc += s.map_or(0.0, |s| s.mean);
            Some(*acc)
        })
        .collect()
}

/// The last finite value.
fn last(values: &[f64]) -> f64 {
    values
        .iter()
        .rev()
        .copied()
        .find(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// Days of a `YYYY-MM` month (30 when the label is not a month).
fn days_in(label: &str) -> f64 {
    let parsed = label
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i64>().ok()?, m.parse::<u32>().ok()?)));
    match parsed {
        Some((y, 2)) if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29.0,
        Some((_, 2)) => 28.0,
        Some((_, 4 | 6 | 9 | 11)) => 30.0,
        Some((_, 1..=12)) => 31.0,
        _ => 30.0,
    }
}

/// Measured days of each month: the days of the horizon (`days` from the
/// first of `start`) after the warm-up that fall in the month, so that a
/// partial first or last month is not read as a dip.
fn measured_days(months: &[String], days: f64, warmup_days: f64) -> Vec<f64> {
    let mut from = 0.0;
    months
        .iter()
        .map(|m| {
            let to = from + days_in(m);
            let d = (to.min(days) - from.max(warmup_days)).max(0.0);
            from = to;
            d
        })
        .collect()
}

/// Money for people: "$29.6 M", "$412 k", "$950".
fn money(usd: f64) -> String {
    let a = usd.abs();
    let sign = if usd < 0.0 { "\u{2212}" } else { "" };
    if a >= 1e9 {
        format!("{sign}${:.1} B", a / 1e9)
    } else if a >= 1e6 {
        format!("{sign}${:.1} M", a / 1e6)
    } else if a >= 1e4 {
        format!("{sign}${:.0} k", a / 1e3)
    } else {
        format!("{sign}${}", int(a))
    }
}

/// "1 person", "35 people".
fn people(n: f64) -> String {
    if int(n) == "1" {
        "1 person".into()
    } else {
        format!("{} people", int(n))
    }
}

/// The same month marks without their words (for a second panel below
/// the one that names them).
pub(super) fn unlabelled(marks: &[MonthMark]) -> Vec<MonthMark> {
    marks
        .iter()
        .map(|m| MonthMark {
            label: String::new(),
            ..m.clone()
        })
        .collect()
}

/// "A", "A and B", "A, B and 2 more".
fn listing(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

/// What every chart of a run shares.
struct Context<'a> {
    result: &'a RunResult,
    months: Vec<String>,
    footer: String,
    footer_no_band: String,
    /// "Jan 2026 – Dec 2030".
    span: String,
}

impl<'a> Context<'a> {
    fn new(result: &'a RunResult) -> Self {
        let s = &result.summary;
        let base = format!(
            "{} · {} replication{} · seed {} · {} {}",
            s.scenario,
            s.replications,
            if s.replications == 1 { "" } else { "s" },
            s.seed,
            s.tool,
            s.version
        );
        let span = match (result.months.first(), result.months.last()) {
            (Some(a), Some(b)) if a != b => format!("{} – {}", month_name(a), month_name(b)),
            (Some(a), _) => month_name(a),
            _ => String::new(),
        };
        Self {
            result,
            months: result.months.clone(),
            footer: format!("{base} · shaded: 95% band"),
            footer_no_band: base,
            span,
        }
    }

    fn has(&self, metric: &str) -> bool {
        self.result.monthly.iter().any(|r| r.metric == metric)
    }

    fn month_index(&self, label: &str) -> Option<usize> {
        self.months.iter().position(|m| m == label)
    }

    fn last_month(&self) -> String {
        self.months
            .last()
            .map(|m| month_name(m))
            .unwrap_or_default()
    }
}

/// Every chart for a run, in report order.
pub fn charts(result: &RunResult) -> Vec<PackChart> {
    let cx = Context::new(result);
    let mut out = vec![staffing_gap(&cx)];
    out.extend(pool_shortfall(&cx));
    out.extend(super::fans::charts(result));
    out.push(service_level(&cx));
    out.extend(education(&cx));
    out.extend(workforce(&cx));
    out.push(weekly_profile(&cx));
    out.push(waiting_time(&cx));
    out.extend(revenue(&cx));
    out.push(throughput(&cx));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_day_rates_count_only_the_measured_days() {
        let months: Vec<String> = ["2026-01", "2026-02", "2028-02"]
            .iter()
            .map(|m| m.to_string())
            .collect();
        // 45 days from 1 January after a day of warm-up: 30 and 14 days.
        assert_eq!(measured_days(&months[..2], 45.0, 1.0), [30.0, 14.0]);
        // Whole months: their calendar days, leap years included.
        assert_eq!(days_in("2028-02"), 29.0);
        assert_eq!(measured_days(&months[..2], 59.0, 0.0), [31.0, 28.0]);
    }

    #[test]
    fn money_and_people_read_as_people_say_them() {
        assert_eq!(money(29_557_977.0), "$29.6 M");
        assert_eq!(money(412_300.0), "$412 k");
        assert_eq!(money(-950.0), "\u{2212}$950");
        assert_eq!(people(1.2), "1 person");
        assert_eq!(people(35.4), "35 people");
        let names = ["A", "B", "C", "D"].map(String::from);
        assert_eq!(listing(&names[..2]), "A and B");
        assert_eq!(listing(&names), "A, B and 2 more");
    }
}
