//! Studies over several runs: `compare` (scenarios side by side with common
//! random numbers) and `sweep` (one-at-a-time sensitivity, tornado chart).
//!
//! Both reduce each run to its headline figures per replication, so that
//! differences between runs are paired by replication: with the same seed,
//! replication r of every run draws the same random numbers wherever the
//! inputs agree, and the confidence interval of a difference reflects the
//! inputs, not the noise.

use anyhow::{Context, Result};

use crate::model::tally::ReplicationResult;
use crate::output::{OutputFile, write_all};
use crate::report::charts::{
    Chart, Format, LineChart, MonthlySeries, TornadoBar, TornadoChart, ValueFormat, render,
};
use crate::results::{RunResult, StudyRow};
use crate::run::{ChartFormats, RunOptions, plan_for, replications, sha256_hex};
use crate::scenario::overrides::{Override, apply};
use crate::scenario::{Plan, Source};
use crate::stats::aggregate::Stat;
use crate::summarize::summarize;

/// Headline figures of a run, one value per replication.
pub struct Headline {
    /// (metric name, per-replication values), in a fixed order.
    pub metrics: Vec<(String, Vec<f64>)>,
}

/// The headline figures of `reps`: totals, overall and per-line service
/// level, and the peak shortfall.
pub fn headline(plan: &Plan, result: &RunResult, reps: &[ReplicationResult]) -> Headline {
    let mut metrics = Vec::new();
    let per_rep = |f: &dyn Fn(&ReplicationResult) -> f64| reps.iter().map(f).collect::<Vec<f64>>();
    let lines = 0..plan.lines.len();
    metrics.push((
        "service_level".to_string(),
        per_rep(&|r| {
            let (w, o) = lines.clone().fold((0u64, 0u64), |(w, o), l| {
                let t = r.line_total(l);
                (w + t.within_target, o + t.offered)
            });
            if o > 0 { w as f64 / o as f64 } else { f64::NAN }
        }),
    ));
    let sum_lines = |f: fn(&crate::model::tally::LineTally) -> f64| {
        per_rep(&|r| lines.clone().map(|l| f(&r.line_total(l))).sum())
    };
    metrics.push(("offered".into(), sum_lines(|t| t.offered as f64)));
    metrics.push(("handled".into(), sum_lines(|t| t.handled as f64)));
    metrics.push(("revenue_usd".into(), sum_lines(|t| t.revenue_usd)));
    let workforce = |f: fn(&crate::model::tally::WorkforceTally) -> f64| {
        per_rep(&|r| r.workforce.iter().flatten().map(f).sum())
    };
    metrics.push(("wage_bill_usd".into(), workforce(|w| w.wage_bill_usd)));
    metrics.push(("hires".into(), workforce(|w| w.hires as f64)));
    metrics.push((
        "graduates_placed".into(),
        workforce(|w| w.graduates_placed as f64),
    ));
    metrics.push(("attrition".into(), workforce(|w| w.attrition as f64)));
    // The plan's peak shortfall (the largest monthly sum of the pools'
    // shortfalls, from the means over replications: the figure its headline
    // quotes), the same in every replication.
    let peak_shortfall = vec![result.staffing.plan.peak_shortfall.mean; reps.len()];
    metrics.push(("peak_shortfall".into(), peak_shortfall));
    for (l, lp) in plan.lines.iter().enumerate() {
        metrics.push((
            format!("service_level.{}", lp.id),
            per_rep(&|r| {
                let t = r.line_total(l);
                if t.offered > 0 {
                    t.within_target as f64 / t.offered as f64
                } else {
                    f64::NAN
                }
            }),
        ));
    }
    Headline { metrics }
}

fn nan_free(v: &[f64]) -> Vec<f64> {
    v.iter().copied().filter(|x| x.is_finite()).collect()
}

/// The rows of one case; `varied` is the sweep's (key, value), if any.
fn rows_for(
    case: &str,
    varied: Option<(&str, &str)>,
    base: &Headline,
    this: &Run,
) -> Vec<StudyRow> {
    let short_from = this.result.summary.staffing.short_from.clone();
    let this = &this.headline;
    let (key, value) = varied.unwrap_or(("", ""));
    this.metrics
        .iter()
        .filter_map(|(name, values)| {
            let stat = Stat::of(&nan_free(values))?;
            let base_values = base
                .metrics
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v)?;
            let diffs: Vec<f64> = values.iter().zip(base_values).map(|(a, b)| a - b).collect();
            let diff = Stat::of(&nan_free(&diffs))?;
            Some(StudyRow {
                case: case.to_string(),
                key: key.to_string(),
                value: value.to_string(),
                short_from: short_from.clone(),
                metric: name.clone(),
                stat,
                diff,
            })
        })
        .collect()
}

struct Run {
    label: String,
    source: Source,
    result: RunResult,
    headline: Headline,
}

fn run_one(label: String, source: Source, options: &RunOptions) -> Result<Run> {
    let plan = plan_for(&source, options)?;
    let reps = replications(&plan, options)?;
    let result = summarize(&plan, &sha256_hex(&source.text), &reps);
    let headline = headline(&plan, &result, &reps);
    Ok(Run {
        label,
        source,
        result,
        headline,
    })
}

fn chart_files(name: &str, chart: &Chart, formats: ChartFormats) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    if formats.svg {
        files.push(OutputFile::new(
            format!("charts/{name}.svg"),
            render(chart, Format::Svg)?,
        ));
    }
    if formats.png {
        files.push(OutputFile::new(
            format!("charts/{name}.png"),
            render(chart, Format::Png { dpi: formats.dpi })?,
        ));
    }
    Ok(files)
}

fn overlay(
    title: &str,
    y_label: &str,
    format: ValueFormat,
    runs: &[Run],
    scope: &str,
    metric: &str,
) -> Chart {
    Chart::Lines(LineChart {
        title: title.into(),
        months: runs[0].result.months.clone(),
        x_label: "Month".into(),
        y_label: y_label.into(),
        y_format: format,
        series: runs
            .iter()
            .map(|r| {
                let stats = r.result.series(scope, metric);
                let get = |f: &dyn Fn(&Stat) -> f64| {
                    stats
                        .iter()
                        .map(|s| s.map_or(f64::NAN, |s| f(&s)))
                        .collect()
                };
                MonthlySeries {
                    name: r.label.clone(),
                    values: get(&|s| s.mean),
                    band: Some(crate::report::charts::Band {
                        low: get(&|s| s.ci95[0]),
                        high: get(&|s| s.ci95[1]),
                    }),
                    ..MonthlySeries::default()
                }
            })
            .collect(),
        reference_lines: vec![],
        ..LineChart::default()
    })
}

/// `bposim compare`: every scenario with the same seed and replications.
pub fn compare(sources: Vec<(String, Source)>, options: &RunOptions) -> Result<Vec<StudyRow>> {
    let first_plan = plan_for(&sources[0].1, options)?;
    // One seed and one replication count for all: common random numbers.
    let options = RunOptions {
        seed: Some(options.seed.unwrap_or(first_plan.seed)),
        replications: Some(options.replications.unwrap_or(first_plan.replications)),
        ..options.clone()
    };
    let runs = sources
        .into_iter()
        .map(|(label, source)| run_one(label, source, &options))
        .collect::<Result<Vec<_>>>()?;
    let rows: Vec<StudyRow> = runs
        .iter()
        .flat_map(|r| rows_for(&r.label, None, &runs[0].headline, r))
        .collect();
    let mut files = vec![OutputFile::new(
        "compare.csv",
        crate::report::csv::study(&rows).context("cannot write the study table")?,
    )];
    files.extend(chart_files(
        "compare_available_headcount",
        &overlay(
            "People available by scenario",
            "People (on the floor or rostered)",
            ValueFormat::Number,
            &runs,
            "all",
            "available_headcount",
        ),
        options.charts,
    )?);
    files.extend(chart_files(
        "compare_revenue",
        &overlay(
            "Export revenue by scenario",
            "USD per month",
            ValueFormat::Usd,
            &runs,
            "all",
            "revenue_usd",
        ),
        options.charts,
    )?);
    for (i, r) in runs.iter().enumerate() {
        files.push(OutputFile::new(
            format!("scenarios/{i}-{}.toml", r.label),
            r.source.text.clone().into_bytes(),
        ));
    }
    write_all(&options.out, &files)?;
    Ok(rows)
}

/// `--vary KEY=V1,V2,...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    /// Dotted key path.
    pub key: String,
    /// Values to try, as written.
    pub values: Vec<String>,
}

impl std::str::FromStr for Vary {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (key, values) = s.split_once('=').ok_or_else(|| {
            format!("expected KEY=V1,V2,... (e.g. education.placement_rate=0.1,0.4), found \"{s}\"")
        })?;
        let values: Vec<String> = values
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        if key.trim().is_empty() || values.is_empty() {
            return Err(format!(
                "expected KEY=V1,V2,... with at least one value, found \"{s}\""
            ));
        }
        Ok(Vary {
            key: key.trim().to_string(),
            values,
        })
    }
}

/// The headline metrics a tornado is drawn for: (metric, chart file, title, axis, format).
const TORNADOES: [(&str, &str, &str, &str, ValueFormat); 3] = [
    (
        "peak_shortfall",
        "tornado",
        "Sensitivity of the peak shortfall",
        "Peak shortfall (people)",
        ValueFormat::Number,
    ),
    (
        "service_level",
        "tornado_service_level",
        "Sensitivity of the overall service level",
        "Service level (share of tasks within target)",
        ValueFormat::Number,
    ),
    (
        "revenue_usd",
        "tornado_revenue",
        "Sensitivity of export revenue",
        "Export revenue over the horizon (USD)",
        ValueFormat::Usd,
    ),
];

/// `bposim sweep`: the base scenario, then each key at each value, one at a time.
pub fn sweep(source: Source, varies: &[Vary], options: &RunOptions) -> Result<Vec<StudyRow>> {
    let base_plan = plan_for(&source, options)?;
    let options = RunOptions {
        seed: Some(options.seed.unwrap_or(base_plan.seed)),
        replications: Some(options.replications.unwrap_or(base_plan.replications)),
        ..options.clone()
    };
    let base = run_one("base".into(), source.clone(), &options)?;
    let mut rows = rows_for("base", None, &base.headline, &base);
    let mut bars: Vec<Vec<TornadoBar>> = vec![Vec::new(); TORNADOES.len()];
    for vary in varies {
        let mut results: Vec<(String, Headline)> = Vec::new();
        for value in &vary.values {
            let case = format!("{}={}", vary.key, value);
            let text = apply(
                &source.text,
                &[Override {
                    path: vary.key.clone(),
                    value: value.clone(),
                }],
            )?;
            let varied = Source {
                name: format!("{} with --set {case}", source.name),
                text,
            };
            // A value that leaves the scenario as it was is the base case,
            // already listed once.
            let values = |text: &str| text.parse::<toml::Table>().ok();
            let same_as_base = values(&varied.text) == values(&source.text);
            let run = run_one(case.clone(), varied, &options)?;
            if !same_as_base {
                rows.extend(rows_for(
                    &case,
                    Some((&vary.key, value)),
                    &base.headline,
                    &run,
                ));
            }
            results.push((value.clone(), run.headline));
        }
        for (t, (metric, ..)) in TORNADOES.iter().enumerate() {
            let mean = |h: &Headline| {
                h.metrics
                    .iter()
                    .find(|(n, _)| n == metric)
                    .and_then(|(_, v)| Stat::of(&nan_free(v)))
                    .map_or(f64::NAN, |s| s.mean)
            };
            let (low, high) = (results.first(), results.last());
            if let (Some(low), Some(high)) = (low, high) {
                bars[t].push(TornadoBar {
                    input: vary.key.clone(),
                    low_input: low.0.clone(),
                    high_input: high.0.clone(),
                    low_result: mean(&low.1),
                    high_result: mean(&high.1),
                });
            }
        }
    }
    let mut files = vec![OutputFile::new(
        "sweep.csv",
        crate::report::csv::study(&rows).context("cannot write the study table")?,
    )];
    for (t, (metric, name, title, axis, format)) in TORNADOES.iter().enumerate() {
        let base_value = base
            .headline
            .metrics
            .iter()
            .find(|(n, _)| n == metric)
            .and_then(|(_, v)| Stat::of(&nan_free(v)))
            .map_or(f64::NAN, |s| s.mean);
        let chart = Chart::Tornado(TornadoChart {
            title: (*title).into(),
            x_label: (*axis).into(),
            x_format: *format,
            base_label: "Base case".into(),
            base_value,
            bars: std::mem::take(&mut bars[t]),
            ..TornadoChart::default()
        });
        // The tornado is written as SVG (charts/tornado.svg) whenever charts
        // are asked for at all; PNG on request; none with `--format none`.
        if options.charts.svg || options.charts.png {
            let formats = ChartFormats {
                svg: true,
                ..options.charts
            };
            files.extend(chart_files(name, &chart, formats)?);
        }
    }
    files.push(OutputFile::new("scenario.toml", source.text.into_bytes()));
    write_all(&options.out, &files)?;
    Ok(rows)
}
