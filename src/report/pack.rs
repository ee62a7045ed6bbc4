//! The chart pack of a run: which charts a result gets, built from the
//! result structs only, each with a one-line reading for the report.
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

/// People on the floor, required against available, and the shortfall
/// summed over pools below it, its first month marked.
fn staffing_gap(cx: &Context<'_>) -> PackChart {
    let r = cx.result;
    let plan = &r.staffing.plan;
    let first = plan.short_from.as_deref().and_then(|m| cx.month_index(m));
    let marks: Vec<MonthMark> = first
        .map(|month| MonthMark {
            month,
            label: format!("Short from {}", month_name(&cx.months[month])),
        })
        .into_iter()
        .collect();
    let pool_names: Vec<String> = plan
        .first_short_pools
        .iter()
        .map(|id| {
            plan.pools
                .iter()
                .find(|p| &p.id == id)
                .map_or_else(|| id.clone(), |p| p.name.clone())
        })
        .collect();
    let short_pools = plan.pools.iter().filter(|p| p.months_short > 0).count();
    let title = match (&plan.short_from, &plan.peak_month) {
        (Some(from), Some(peak)) => format!(
            "{} {} short from {}; {} short {}by {}",
            listing(&pool_names),
            if pool_names.len() == 1 { "is" } else { "are" },
            month_name(from),
            people(plan.peak_shortfall.mean),
            if short_pools > pool_names.len() {
                format!("across {short_pools} pools ")
            } else {
                String::new()
            },
            month_name(peak)
        ),
        _ => format!("No pool is short of people in any month, {}", cx.span),
    };
    let required = MonthlySeries {
        band: None,
        style: Some(0),
        ..series(
            "Required on the floor",
            &r.series("all", "required_on_floor"),
            1.0,
        )
    };
    let available = MonthlySeries {
        style: Some(3),
        ..series(
            "Available on the floor",
            &r.series("all", "available_on_floor"),
            1.0,
        )
    };
    let shortfall = MonthlySeries {
        area: true,
        style: Some(1),
        ..series(
            "Shortfall (people missing, summed over pools)",
            &r.series("all", "shortfall"),
            1.0,
        )
    };
    PackChart {
        name: "staffing_gap",
        chart: Chart::Panels(PanelChart {
            title,
            subtitle: "People on the floor (nesting, proficient, L2) required by the targets and \
                       available; below, people missing summed over pools (spare people in one \
                       pool cannot cover another)"
                .into(),
            footer: cx.footer.clone(),
            months: cx.months.clone(),
            columns: 1,
            row_weights: vec![2.0, 1.0],
            panels: vec![
                Panel {
                    title: "People on the floor".into(),
                    y_label: "People".into(),
                    series: vec![required, available],
                    marks: marks.clone(),
                    ..Panel::default()
                },
                Panel {
                    title: "People missing".into(),
                    y_label: "People".into(),
                    series: vec![shortfall],
                    marks: unlabelled(&marks),
                    ..Panel::default()
                },
            ],
        }),
        reading: super::headline::shortfall(plan),
    }
}

/// The shortfall by pool, stacked.
fn pool_shortfall(cx: &Context<'_>) -> Option<PackChart> {
    let r = cx.result;
    let plan = &r.staffing.plan;
    let mut short: Vec<_> = plan.pools.iter().filter(|p| p.months_short > 0).collect();
    if short.is_empty() {
        return None;
    }
    // The largest at the bottom of the stack.
    short.sort_by(|a, b| b.peak_shortfall.mean.total_cmp(&a.peak_shortfall.mean));
    let top = short[0];
    let title = format!(
        "{} is the largest gap: {} short by {}",
        top.name,
        people(top.peak_shortfall.mean),
        top.peak_month
            .as_deref()
            .map(month_name)
            .unwrap_or_default()
    );
    // Start a year before the first short month, when that leaves out much.
    let first = plan
        .short_from
        .as_deref()
        .and_then(|m| cx.month_index(m))
        .unwrap_or(0);
    let from = if first >= 24 { first - 12 } else { 0 };
    let subtitle = if from > 0 {
        format!(
            "People missing on the floor per pool (skill × language), stacked, from {}; \
             pools never short are left out",
            month_name(&cx.months[from])
        )
    } else {
        "People missing on the floor per pool (skill × language), stacked; pools never short \
         are left out"
            .into()
    };
    Some(PackChart {
        name: "pool_shortfall",
        chart: Chart::StackedAreas(StackedAreaChart {
            title,
            subtitle,
            footer: cx.footer_no_band.clone(),
            months: cx.months[from..].to_vec(),
            x_label: String::new(),
            y_label: "People missing".into(),
            y_format: ValueFormat::Number,
            layers: short
                .iter()
                .map(|p| Layer {
                    name: p.name.clone(),
                    values: means(&r.series(&p.id, "shortfall"))[from..].to_vec(),
                })
                .collect(),
            overlays: Vec::new(),
        }),
        reading: super::headline::pools(plan).unwrap_or_default(),
    })
}

/// Service level per line as small multiples, each with its target.
fn service_level(cx: &Context<'_>) -> PackChart {
    let r = cx.result;
    let lines = &r.summary.lines;
    let mut panels = Vec::new();
    // (name, months below target) per line.
    let mut misses: Vec<(String, usize)> = Vec::new();
    let mut lowest = 100.0_f64;
    for line in lines {
        let stats = r.series(&line.id, "service_level");
        let target = line.target.service_level * 100.0;
        let below = stats
            .iter()
            .flatten()
            .filter(|s| s.mean * 100.0 < target - 1e-9)
            .count();
        if below > 0 {
            misses.push((line.name.clone(), below));
        }
        let s = MonthlySeries {
            style: Some(0),
            ..series("Service level (monthly)", &stats, 100.0)
        };
        let low = s
            .band
            .as_ref()
            .map_or(&s.values, |b| &b.low)
            .iter()
            .chain(&s.values)
            .copied()
            .filter(|v| v.is_finite())
            .fold(target, f64::min);
        lowest = lowest.min(low);
        panels.push(Panel {
            title: line.name.clone(),
            y_label: String::new(),
            y_format: ValueFormat::Percent,
            series: vec![s],
            reference_lines: vec![ReferenceLine {
                label: "Target (per line)".into(),
                value: target,
                series: None,
            }],
            marks: Vec::new(),
            y_range: None,
        });
    }
    // One scale for all panels, so that lines compare at a glance.
    let lo = ((lowest - 5.0) / 10.0).floor().max(0.0) * 10.0;
    for panel in &mut panels {
        panel.y_range = Some((lo, 100.0));
    }
    misses.sort_by_key(|m| std::cmp::Reverse(m.1));
    let n = cx.months.len();
    let title = match misses.as_slice() {
        [] => "Every line meets its service-level target in every month".to_string(),
        [(name, k)] => {
            format!("{name} misses its target in {k} of {n} months; every other line meets it")
        }
        [(name, k), rest @ ..] => format!(
            "{} lines miss their targets in some months; {name} most often ({k} of {n} months)",
            rest.len() + 1
        ),
    };
    let columns = match panels.len() {
        0..=3 => panels.len().max(1),
        4 => 2,
        _ => 3,
    };
    let missed: Vec<String> = lines
        .iter()
        .filter(|l| {
            l.service_level
                .is_some_and(|s| s.mean < l.target.service_level)
        })
        .map(|l| l.name.clone())
        .collect();
    PackChart {
        name: "service_level",
        chart: Chart::Panels(PanelChart {
            title,
            subtitle: "Share of offered tasks answered (calls, chats) or completed (tickets, \
                       batches) within the target time, by month (abandoned tasks count as \
                       misses); one panel per line, each with its target"
                .into(),
            footer: cx.footer.clone(),
            months: cx.months.clone(),
            columns,
            row_weights: Vec::new(),
            panels,
        }),
        reading: if missed.is_empty() {
            "Every line meets its target over the horizon as a whole.".into()
        } else {
            format!(
                "Over the horizon as a whole, {} miss their targets.",
                missed.join(", ")
            )
        },
    }
}

/// The education pipeline: applied → enrolled → completed → placed, and the
/// graduates employed, with mentor utilisation below.
fn education(cx: &Context<'_>) -> Option<PackChart> {
    let r = cx.result;
    if !cx.has("students_applied") {
        return None;
    }
    let stage = |name: &str, metric: &str, style: usize| MonthlySeries {
        name: name.into(),
        values: cumulative(&r.series("all", metric)),
        style: Some(style),
        ..MonthlySeries::default()
    };
    // Applied first and wide, enrolled dashed over it: both show where they match.
    let applied = stage("Applied", "students_applied", 0);
    let enrolled = stage("Enrolled", "students_enrolled", 6);
    let completed = stage("Completed", "students_completed", 2);
    let placed = stage("Placed (summed)", "graduates_placed", 1);
    let employed = MonthlySeries {
        style: Some(3),
        ..series(
            "Still employed (month end)",
            &r.series("all", "graduates_employed"),
            1.0,
        )
    };
    let utilisation = MonthlySeries {
        style: Some(0),
        ..series(
            "Mentor utilisation (students ÷ seats)",
            &r.series("all", "mentor_utilisation"),
            100.0,
        )
    };
    let (placed_n, employed_n) = (last(&placed.values), last(&employed.values));
    let enrolled_n = last(&enrolled.values);
    let headcount = last(&means(&r.series("all", "headcount")));
    let peak_use = utilisation
        .values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let title = format!(
        "The centres place {} of {} students by {}; {} are still employed, {:.0}% of the workforce",
        int(placed_n),
        int(enrolled_n),
        cx.last_month(),
        int(employed_n),
        if headcount > 0.0 {
            employed_n / headcount * 100.0
        } else {
            0.0
        }
    );
    let mut panels = vec![
        Panel {
            title: "Students, summed since the start".into(),
            y_label: "Students".into(),
            series: vec![applied, enrolled, completed],
            ..Panel::default()
        },
        Panel {
            title: "Graduates in export jobs".into(),
            y_label: "People".into(),
            series: vec![placed, employed],
            ..Panel::default()
        },
    ];
    if cx.has("mentor_utilisation") {
        panels.push(Panel {
            title: format!("Mentor seats in use (at most {peak_use:.0}%)"),
            y_label: "Used".into(),
            y_format: ValueFormat::Percent,
            series: vec![utilisation],
            y_range: Some((0.0, 100.0)),
            ..Panel::default()
        });
    }
    Some(PackChart {
        name: "education_pipeline",
        chart: Chart::Panels(PanelChart {
            title,
            subtitle:
                "Students who applied, enrolled and completed; graduates placed (summed since \
                       the start) and still employed at each month's end; students in programme ÷ \
                       mentor seats"
                    .into(),
            footer: cx.footer.clone(),
            months: cx.months.clone(),
            columns: 1,
            row_weights: vec![1.4, 1.2, 0.8],
            panels,
        }),
        reading: format!(
            "{} students enrolled, {} graduates placed; {} of the {} people employed at the end came \
             from the centres; mentor seats were at most {peak_use:.0}% used.",
            int(enrolled_n),
            int(placed_n),
            int(employed_n),
            int(headcount)
        ),
    })
}

/// The workforce by stage, reconciled with "available on the floor".
fn workforce(cx: &Context<'_>) -> Option<PackChart> {
    let r = cx.result;
    if !cx.has("classroom") {
        return None;
    }
    let composition = [
        ("classroom", "Classroom"),
        ("nesting", "Nesting"),
        ("proficient", "Proficient"),
        ("l2", "L2"),
        ("team_leads", "Team leads"),
    ];
    let headcount = last(&means(&r.series("all", "headcount")));
    let available = last(&means(&r.series("all", "available_on_floor")));
    let classroom = last(&means(&r.series("all", "classroom")));
    let leads = last(&means(&r.series("all", "team_leads")));
    let mut overlays = Vec::new();
    let mut title = format!("{} employed by {}", people(headcount), cx.last_month());
    if cx.has("graduates_employed") {
        let from = means(&r.series("all", "graduates_employed"));
        title = format!(
            "{title}; {} of them came from the education centres",
            int(last(&from))
        );
        overlays.push(MonthlySeries {
            name: "Of whom from the education centres".into(),
            values: from,
            style: Some(6),
            ..MonthlySeries::default()
        });
    }
    Some(PackChart {
        name: "workforce",
        chart: Chart::StackedAreas(StackedAreaChart {
            title,
            subtitle: format!(
                "People employed at month end by stage. Available on the floor ({} in {}) is \
                 nesting + proficient + L2: it leaves out the classroom ({}) and team leads ({})",
                int(available),
                cx.last_month(),
                int(classroom),
                int(leads)
            ),
            footer: cx.footer_no_band.clone(),
            months: cx.months.clone(),
            x_label: String::new(),
            y_label: "People employed".into(),
            y_format: ValueFormat::Number,
            layers: composition
                .iter()
                .map(|(metric, name)| Layer {
                    name: name.to_string(),
                    values: means(&r.series("all", metric)),
                })
                .collect(),
            overlays,
        }),
        reading: format!(
            "Headcount ends at {} people after {} hires and {} leavers; {} of them are available on \
             the floor (the rest are in the classroom or lead teams).",
            int(r.summary.totals.headcount_end.mean),
            int(r.summary.totals.hires.mean),
            int(r.summary.totals.attrition.mean),
            int(available)
        ),
    })
}

/// Required against on-duty agents by hour of the profile week, one unit.
fn weekly_profile(cx: &Context<'_>) -> PackChart {
    let r = cx.result;
    let week = &r.week;
    let req = &r.staffing.requirement;
    // Required on duty per hour: the mean of the hour's intervals, summed over skills.
    let required: Vec<f64> = req
        .months
        .iter()
        .position(|m| *m == week.month)
        .and_then(|m| req.on_duty.get(m))
        .map(|skills| {
            let per_hour = (60 / req.interval_min.max(1)).max(1) as usize;
            (0..168)
                .map(|h| {
                    skills
                        .iter()
                        .map(|iv| {
                            let hour = iv.iter().skip(h * per_hour).take(per_hour);
                            hour.map(|&n| f64::from(n)).sum::<f64>() / per_hour as f64
                        })
                        .sum()
                })
                .collect()
        })
        .unwrap_or_default();
    let short: Vec<usize> = (0..168)
        .filter(|&h| {
            matches!((required.get(h), week.on_duty.get(h)), (Some(q), Some(d)) if q - d >= 0.5)
        })
        .collect();
    let month = month_name(&week.month);
    let peak = required
        .iter()
        .enumerate()
        .fold((0, f64::MIN), |b, (h, &x)| if x > b.1 { (h, x) } else { b });
    let title = if required.is_empty() {
        format!("Agents on duty by hour of the week, {month}")
    } else if short.is_empty() {
        format!(
            "{month}: agents on duty cover the requirement in every hour; the peak is {} {:02}:00, {} required",
            WEEKDAYS[peak.0 / 24 % 7],
            peak.0 % 24,
            int(peak.1)
        )
    } else {
        format!(
            "{month}: fewer agents are on duty than required in {} of the week's 168 hours",
            short.len()
        )
    };
    PackChart {
        name: "weekly_profile",
        chart: Chart::WeeklyProfile(WeeklyProfileChart {
            title,
            subtitle: "Agents required on duty to meet every target against agents on duty, \
                       hour by hour (an agent on duty for an hour is an agent-hour), all skills"
                .into(),
            footer: cx.footer_no_band.clone(),
            x_label: "Hour of the week (site time)".into(),
            y_label: "Agents on duty".into(),
            demand: ProfileSeries {
                name: "Required on duty".into(),
                values: required,
                band: None,
            },
            staff: ProfileSeries {
                name: "On duty".into(),
                values: week.on_duty.clone(),
                band: None,
            },
        }),
        reading: if short.is_empty() {
            "In every hour of the week, at least as many agents are on duty as the targets require."
                .into()
        } else {
            format!(
                "In {} hours of the week fewer agents are on duty than the targets require (shaded).",
                short.len()
            )
        },
    }
}

/// Mean wait per year for each real-time line as small multiples, each
/// panel headed with the share of tasks abandoned.
fn waiting_time(cx: &Context<'_>) -> PackChart {
    let r = cx.result;
    // Calendar years of the measured months, in order.
    let mut years: Vec<String> = Vec::new();
    for m in &cx.months {
        let y = m.split('-').next().unwrap_or(m).to_string();
        if years.last() != Some(&y) {
            years.push(y);
        }
    }
    let year_of = |m: &str| {
        let y = m.split('-').next().unwrap_or(m);
        years.iter().position(|x| x == y)
    };
    let mut panels = Vec::new();
    // (line, mean wait in the last year, abandoned share).
    let mut findings: Vec<(String, f64, f64)> = Vec::new();
    for line in r
        .summary
        .lines
        .iter()
        .filter(|l| l.channel == Channel::Realtime)
    {
        let asa = r.series(&line.id, "asa_s");
        let handled = r.series(&line.id, "handled");
        // Per year: waits weighted by tasks handled.
        let mut wait = vec![(0.0, 0.0); years.len()];
        for (k, m) in cx.months.iter().enumerate() {
            let Some(y) = year_of(m) else { continue };
            if let (Some(a), Some(h)) = (asa[k], handled[k]) {
                wait[y].0 += a.mean * h.mean;
                wait[y].1 += h.mean;
            }
        }
        let ratio = |(a, b): (f64, f64)| if b > 0.0 { a / b } else { f64::NAN };
        let waits: Vec<f64> = wait.into_iter().map(ratio).collect();
        let total_lost = line.abandon_rate.map_or(0.0, |s| s.mean * 100.0);
        findings.push((line.name.clone(), last(&waits), total_lost));
        panels.push(Panel {
            title: format!("{}: {total_lost:.1}% abandoned", line.name),
            y_label: String::new(),
            y_format: ValueFormat::Seconds,
            series: vec![MonthlySeries {
                name: "Mean wait of answered tasks".into(),
                values: waits,
                style: Some(0),
                ..MonthlySeries::default()
            }],
            marks: Vec::new(),
            reference_lines: vec![ReferenceLine {
                label: "Service-level target time (not a mean)".into(),
                value: line.target.within_s,
                series: None,
            }],
            y_range: None,
        });
    }
    let slowest = findings.iter().max_by(|a, b| a.1.total_cmp(&b.1)).cloned();
    let most_lost = findings.iter().max_by(|a, b| a.2.total_cmp(&b.2)).cloned();
    let last_year = years.last().cloned().unwrap_or_default();
    let title = match (slowest, most_lost) {
        (Some((slow, w, _)), Some((lost, _, a))) if a >= 0.05 && slow == lost => format!(
            "{slow} waits longest ({} on average in {last_year}) and loses the most tasks: {a:.1}% abandoned",
            super::charts::duration(w)
        ),
        (Some((slow, w, _)), Some((lost, _, a))) if a >= 0.05 => format!(
            "{slow} waits longest ({} on average in {last_year}); {lost} loses the most tasks: {a:.1}% abandoned",
            super::charts::duration(w)
        ),
        (Some((slow, w, _)), _) => format!(
            "{slow} waits longest: {} on average in {last_year}; no line loses tasks to abandonment",
            super::charts::duration(w)
        ),
        _ => "No real-time lines: nobody waits on the line".to_string(),
    };
    // Headings carry the abandoned share: wide cells, two to a row.
    let columns = match panels.len() {
        0..=2 => panels.len().max(1),
        3..=6 => 2,
        _ => 3,
    };
    PackChart {
        name: "waiting_time",
        chart: Chart::Panels(PanelChart {
            title,
            subtitle: "Mean wait of answered tasks per year, one panel per real-time line with \
                       its target time; each heading gives the share of offered tasks abandoned"
                .into(),
            footer: cx.footer_no_band.clone(),
            months: years,
            columns,
            row_weights: Vec::new(),
            panels,
        }),
        reading: "Each panel shows how long a real-time line's answered tasks waited on average, \
                  year by year, against its target time; the heading gives the tasks abandoned."
            .into(),
    }
}

/// Revenue, wage bill and margin per calendar day, and cumulative.
fn revenue(cx: &Context<'_>) -> Vec<PackChart> {
    let r = cx.result;
    let summary = &r.summary;
    let per_day: Vec<f64> = measured_days(&cx.months, summary.days as f64, summary.warmup_days)
        .into_iter()
        .map(|d| if d > 0.0 { 1.0 / d } else { f64::NAN })
        .collect();
    let revenue = r.series("all", "revenue_usd");
    let wages = r.series("all", "wage_bill_usd");
    let revenue_total = r.summary.totals.revenue_usd.mean;
    let wage_total = r.summary.totals.wage_bill_usd.mean;
    // A plan without wages draws no wage bill and no margin.
    let has_wages = cx.has("wage_bill_usd") && wage_total > 0.0;
    let mut daily = vec![MonthlySeries {
        style: Some(0),
        ..scaled("Export revenue", &revenue, &per_day)
    }];
    let mut total = vec![MonthlySeries {
        style: Some(0),
        ..series(
            "Export revenue",
            &r.series("all", "revenue_usd_cumulative"),
            1.0,
        )
    }];
    if has_wages {
        daily.push(MonthlySeries {
            style: Some(1),
            ..scaled("Wage bill", &wages, &per_day)
        });
        let margin: Vec<f64> = revenue
            .iter()
            .zip(&wages)
            .zip(&per_day)
            .map(|((a, b), k)| match (a, b) {
                (Some(a), Some(b)) => (a.mean - b.mean) * k,
                _ => f64::NAN,
            })
            .collect();
        daily.push(MonthlySeries {
            name: "Margin (revenue − wage bill)".into(),
            values: margin,
            area: true,
            style: Some(2),
            ..MonthlySeries::default()
        });
        total.push(MonthlySeries {
            style: Some(1),
            ..series(
                "Wage bill",
                &r.series("all", "wage_bill_usd_cumulative"),
                1.0,
            )
        });
    }
    let title = if has_wages {
        let margin = revenue_total - wage_total;
        if margin >= 0.0 {
            format!(
                "Export revenue of {} exceeds the wage bill by {} ({:.0}% margin), {}",
                money(revenue_total),
                money(margin),
                if revenue_total > 0.0 {
                    margin / revenue_total * 100.0
                } else {
                    0.0
                },
                cx.span
            )
        } else {
            format!(
                "The wage bill exceeds export revenue by {}, {}",
                money(-margin),
                cx.span
            )
        }
    } else {
        format!("Export revenue of {}, {}", money(revenue_total), cx.span)
    };
    let reading = if has_wages {
        format!(
            "Export revenue totals {} against a wage bill of {}.",
            money(revenue_total),
            money(wage_total)
        )
    } else {
        format!(
            "Export revenue totals {}; the plan states no wages.",
            money(revenue_total)
        )
    };
    vec![
        PackChart {
            name: "revenue",
            chart: Chart::Lines(LineChart {
                title,
                subtitle: "USD per calendar day, month by month (per measured day, so that \
                           February or a partial month does not look like a loss); margin \
                           before other costs"
                    .into(),
                footer: cx.footer.clone(),
                months: cx.months.clone(),
                x_label: String::new(),
                y_label: "USD per day".into(),
                y_format: ValueFormat::Usd,
                series: daily,
                reference_lines: vec![],
                marks: vec![],
            }),
            reading: reading.clone(),
        },
        PackChart {
            name: "revenue_cumulative",
            chart: Chart::Lines(LineChart {
                title: if has_wages {
                    format!(
                        "By {}, export revenue reaches {} against a wage bill of {}",
                        cx.last_month(),
                        money(revenue_total),
                        money(wage_total)
                    )
                } else {
                    format!(
                        "By {}, export revenue reaches {}",
                        cx.last_month(),
                        money(revenue_total)
                    )
                },
                subtitle: format!(
                    "USD earned and paid since {}",
                    cx.months.first().map(|m| month_name(m)).unwrap_or_default()
                ),
                footer: cx.footer.clone(),
                months: cx.months.clone(),
                x_label: String::new(),
                y_label: "USD since the start".into(),
                y_format: ValueFormat::Usd,
                series: total,
                reference_lines: vec![],
                marks: vec![],
            }),
            reading,
        },
    ]
}

/// Tasks handled per line as small multiples, each on its own scale.
fn throughput(cx: &Context<'_>) -> PackChart {
    let r = cx.result;
    let lines = &r.summary.lines;
    let panels: Vec<Panel> = lines
        .iter()
        .map(|l| Panel {
            title: l.name.clone(),
            series: vec![MonthlySeries {
                style: Some(0),
                ..series("Tasks handled per month", &r.series(&l.id, "handled"), 1.0)
            }],
            ..Panel::default()
        })
        .collect();
    let total = means(&r.series("all", "handled"));
    let (first, end) = (
        total.iter().copied().find(|v| *v > 0.0).unwrap_or(0.0),
        last(&total),
    );
    let title = if first > 0.0 && end > first * 1.05 {
        format!(
            "Work grows {:.1}× over the plan: {} tasks handled a month at the start, {} at the end, all lines",
            end / first,
            int(first),
            int(end)
        )
    } else {
        format!("{} tasks handled a month by {}", int(end), cx.last_month())
    };
    let columns = match panels.len() {
        0..=3 => panels.len().max(1),
        4 => 2,
        _ => 3,
    };
    PackChart {
        name: "throughput",
        chart: Chart::Panels(PanelChart {
            title,
            subtitle: "Tasks handled per month, one panel per line, each on its own scale (calls, \
                       chats, tickets and batches are not added up)"
                .into(),
            footer: cx.footer.clone(),
            months: cx.months.clone(),
            columns,
            row_weights: Vec::new(),
            panels,
        }),
        reading: format!(
            "{} tasks handled over the horizon (mean of replications).",
            int(r.summary.totals.handled.mean)
        ),
    }
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
