//! The chart pack of a run: which charts a result gets, built from the
//! result structs only, each with a one-line reading for the report.

use super::charts::{
    Band, CdfChart, CdfSeries, Chart, Layer, LineChart, MonthlySeries, ProfileSeries,
    ReferenceLine, StackedAreaChart, ValueFormat, WeeklyProfileChart, XScale,
};
use super::format::int;
use crate::results::RunResult;
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

fn series(name: &str, stats: &[Option<Stat>], scale: f64) -> MonthlySeries {
    let get = |f: &dyn Fn(&Stat) -> f64| {
        stats
            .iter()
            .map(|s| s.map_or(f64::NAN, |s| f(&s) * scale))
            .collect()
    };
    MonthlySeries {
        name: name.to_string(),
        values: get(&|s| s.mean),
        band: Some(Band {
            low: get(&|s| s.ci95[0]),
            high: get(&|s| s.ci95[1]),
        }),
    }
}

fn means(stats: &[Option<Stat>]) -> Vec<f64> {
    stats.iter().map(|s| s.map_or(0.0, |s| s.mean)).collect()
}

/// Every chart for a run, in report order.
pub fn charts(result: &RunResult) -> Vec<PackChart> {
    let months = result.months.clone();
    let month_axis = "Month".to_string();
    let mut out = Vec::new();

    // Staffing: required vs available people, and the shortfall summed over
    // pools (spare people in one pool do not reduce it).
    let available = result.series("all", "available_on_floor");
    let required = result.series("all", "required_on_floor");
    let shortfall = result.series("all", "shortfall");
    let capacity = &result.staffing.plan;
    out.push(PackChart {
        name: "staffing_gap",
        chart: Chart::Lines(LineChart {
            title: "People on the floor: required vs available, and the shortfall".into(),
            months: months.clone(),
            x_label: month_axis.clone(),
            y_label: "People on the floor".into(),
            y_format: ValueFormat::Number,
            series: vec![
                MonthlySeries {
                    band: None,
                    ..series("Required on the floor", &required, 1.0)
                },
                series("Available (on the floor, 95% band)", &available, 1.0),
                series("Shortfall, summed over pools (95% band)", &shortfall, 1.0),
            ],
            reference_lines: vec![],
        }),
        reading: super::headline::shortfall(capacity),
    });

    // Shortfall by pool, stacked: which skills and languages are missing.
    let short_pools: Vec<_> = capacity
        .pools
        .iter()
        .filter(|p| p.months_short > 0)
        .collect();
    if !short_pools.is_empty() {
        out.push(PackChart {
            name: "pool_shortfall",
            chart: Chart::StackedAreas(StackedAreaChart {
                title: "Shortfall by pool (skill × language)".into(),
                months: months.clone(),
                x_label: month_axis.clone(),
                y_label: "People missing on the floor".into(),
                y_format: ValueFormat::Number,
                layers: short_pools
                    .iter()
                    .map(|p| Layer {
                        name: p.id.clone(),
                        values: means(&result.series(&p.id, "shortfall")),
                    })
                    .collect(),
            }),
            reading: super::headline::pools(capacity).unwrap_or_default(),
        });
    }

    // Service level vs target, per line.
    let mut sl_series = Vec::new();
    let mut targets = Vec::new();
    for (i, line) in result.summary.lines.iter().enumerate() {
        sl_series.push(MonthlySeries {
            band: None,
            ..series(&line.id, &result.series(&line.id, "service_level"), 100.0)
        });
        targets.push(ReferenceLine {
            label: format!(
                "{} target {:.0}%",
                line.id,
                line.target.service_level * 100.0
            ),
            value: line.target.service_level * 100.0,
            series: Some(i),
        });
    }
    let misses: Vec<&str> = result
        .summary
        .lines
        .iter()
        .filter(|l| {
            l.service_level
                .is_some_and(|s| s.mean < l.target.service_level)
        })
        .map(|l| l.id.as_str())
        .collect();
    out.push(PackChart {
        name: "service_level",
        chart: Chart::Lines(LineChart {
            title: "Service level vs target by line".into(),
            months: months.clone(),
            x_label: month_axis.clone(),
            y_label: "Service level (% of tasks within target)".into(),
            y_format: ValueFormat::Percent,
            series: sl_series,
            reference_lines: targets,
        }),
        reading: if misses.is_empty() {
            "Every line meets its target over the horizon as a whole.".into()
        } else {
            format!(
                "Over the horizon, {} miss their targets.",
                misses.join(", ")
            )
        },
    });

    // Throughput by line, stacked.
    out.push(PackChart {
        name: "throughput",
        chart: Chart::StackedAreas(StackedAreaChart {
            title: "Throughput by service line".into(),
            months: months.clone(),
            x_label: month_axis.clone(),
            y_label: "Tasks handled per month".into(),
            y_format: ValueFormat::Number,
            layers: result
                .summary
                .lines
                .iter()
                .map(|l| Layer {
                    name: l.id.clone(),
                    values: means(&result.series(&l.id, "handled")),
                })
                .collect(),
        }),
        reading: format!(
            "{} tasks handled over the horizon (mean of replications).",
            int(result.summary.totals.handled.mean)
        ),
    });

    // Workforce composition (pipeline mode).
    let composition = [
        ("classroom", "In training (classroom)"),
        ("nesting", "Nesting"),
        ("proficient", "Proficient"),
        ("l2", "L2"),
        ("team_leads", "Team leads"),
    ];
    if result.monthly.iter().any(|r| r.metric == "classroom") {
        out.push(PackChart {
            name: "workforce",
            chart: Chart::StackedAreas(StackedAreaChart {
                title: "Workforce composition".into(),
                months: months.clone(),
                x_label: month_axis.clone(),
                y_label: "People (end of month)".into(),
                y_format: ValueFormat::Number,
                layers: composition
                    .iter()
                    .map(|(metric, name)| Layer {
                        name: name.to_string(),
                        values: means(&result.series("all", metric)),
                    })
                    .collect(),
            }),
            reading: format!(
                "Headcount ends at {} people after {} hires and {} leavers.",
                int(result.summary.totals.headcount_end.mean),
                int(result.summary.totals.hires.mean),
                int(result.summary.totals.attrition.mean)
            ),
        });
    }

    // Revenue and wage bill, monthly and cumulative.
    let mut money = vec![series(
        "Export revenue",
        &result.series("all", "revenue_usd"),
        1.0,
    )];
    let mut cumulative = vec![series(
        "Export revenue",
        &result.series("all", "revenue_usd_cumulative"),
        1.0,
    )];
    if result.monthly.iter().any(|r| r.metric == "wage_bill_usd") {
        money.push(series(
            "Wage bill",
            &result.series("all", "wage_bill_usd"),
            1.0,
        ));
        cumulative.push(series(
            "Wage bill",
            &result.series("all", "wage_bill_usd_cumulative"),
            1.0,
        ));
    }
    let revenue_reading = format!(
        "Export revenue totals ${} against a wage bill of ${}.",
        int(result.summary.totals.revenue_usd.mean),
        int(result.summary.totals.wage_bill_usd.mean)
    );
    out.push(PackChart {
        name: "revenue",
        chart: Chart::Lines(LineChart {
            title: "Export revenue and wage bill per month".into(),
            months: months.clone(),
            x_label: month_axis.clone(),
            y_label: "USD per month".into(),
            y_format: ValueFormat::Usd,
            series: money,
            reference_lines: vec![],
        }),
        reading: revenue_reading.clone(),
    });
    out.push(PackChart {
        name: "revenue_cumulative",
        chart: Chart::Lines(LineChart {
            title: "Cumulative export revenue and wage bill".into(),
            months,
            x_label: month_axis,
            y_label: "USD since the start".into(),
            y_format: ValueFormat::Usd,
            series: cumulative,
            reference_lines: vec![],
        }),
        reading: revenue_reading,
    });

    // Weekly profile of the profile month.
    let week = &result.week;
    let peak_hour = week
        .demand_per_hour
        .iter()
        .enumerate()
        .fold((0, f64::MIN), |b, (h, &x)| if x > b.1 { (h, x) } else { b });
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    out.push(PackChart {
        name: "weekly_profile",
        chart: Chart::WeeklyProfile(WeeklyProfileChart {
            title: format!(
                "Demand vs agents on duty by hour of the week, {}",
                week.month
            ),
            x_label: "Hour of the week (site time)".into(),
            demand: ProfileSeries {
                name: "Tasks arriving".into(),
                axis_label: "Tasks per hour".into(),
                values: week.demand_per_hour.clone(),
                band: None,
            },
            staff: ProfileSeries {
                name: "Agents on duty".into(),
                axis_label: "Agents on duty".into(),
                values: week.on_duty.clone(),
                band: None,
            },
        }),
        reading: format!(
            "Demand peaks on {} {:02}:00 (site time) at {} tasks per hour.",
            days[peak_hour.0 / 24],
            peak_hour.0 % 24,
            int(peak_hour.1.max(0.0))
        ),
    });

    // Waiting-time distribution by line.
    out.push(PackChart {
        name: "waiting_time",
        chart: Chart::Cdf(CdfChart {
            title: "Waiting time until service, by line".into(),
            x_label: "Wait (seconds, log scale)".into(),
            y_label: "Share of handled tasks (%)".into(),
            x_scale: XScale::Log,
            series: result
                .waits
                .iter()
                .map(|w| CdfSeries {
                    name: w.line.clone(),
                    points: w.points.iter().map(|&(x, p)| (x.max(1.0), p * 100.0)).collect(),
                    band: None,
                })
                .collect(),
            x_markers: vec![],
        }),
        reading: "Each curve shows the share of a line's handled tasks that waited at most the time on the x axis."
            .into(),
    });
    out
}
