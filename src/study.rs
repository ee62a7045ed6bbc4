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
    Band, Chart, Format, LeverChart, LeverPoint, LineChart, MonthlySeries, TornadoBar,
    TornadoChart, ValueFormat, render,
};
use crate::report::format::{month, people};
use crate::report::headline::{input_label, input_value};
use crate::report::html::{StudyFigure, study_report};
use crate::results::{RunResult, StudyCase, StudyReport, StudyRow};
use crate::run::{ChartFormats, RunOptions, plan_for, replications, sha256_hex};
use crate::scenario::overrides::{Override, apply};
use crate::scenario::{Plan, Source};
use crate::stats::aggregate::Stat;
use crate::summarize::summarize;

/// Headline figures of a run, one value per replication.
pub struct Headline {
    /// (metric name, per-replication values), in a fixed order.
    pub metrics: Vec<(String, Vec<f64>)>,
    /// The plan's peak shortfall with its interval: a figure of the means
    /// over replications (the worst month of the summed mean gaps), not a
    /// mean of per-replication figures.
    pub peak_shortfall: Stat,
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
    Headline {
        metrics,
        peak_shortfall: result.staffing.plan.peak_shortfall,
    }
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
            // The peak shortfall is not a per-replication figure: its own
            // interval, and for the difference the two half-widths added
            // (conservative, not paired).
            let (stat, diff) = if name == "peak_shortfall" {
                let (a, b) = (this.peak_shortfall, base.peak_shortfall);
                let d = a.mean - b.mean;
                let half = if std::ptr::eq(this, base) {
                    0.0
                } else {
                    a.half_width() + b.half_width()
                };
                (
                    a,
                    Stat {
                        mean: d + 0.0,
                        ci95: [d - half + 0.0, d + half + 0.0],
                    },
                )
            } else {
                (stat, diff)
            };
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

/// A monthly series of `scope`/`metric` of one run, with or without its band.
fn monthly(name: String, run: &RunResult, scope: &str, metric: &str, band: bool) -> MonthlySeries {
    let stats = run.series(scope, metric);
    let get = |f: &dyn Fn(&Stat) -> f64| {
        stats
            .iter()
            .map(|s| s.map_or(f64::NAN, |s| f(&s)))
            .collect()
    };
    MonthlySeries {
        name,
        values: get(&|s| s.mean),
        band: band.then(|| Band {
            low: get(&|s| s.ci95[0].max(0.0)),
            high: get(&|s| s.ci95[1]),
        }),
        ..MonthlySeries::default()
    }
}

/// One line per case of one monthly figure, with its band.
fn overlay(
    title: String,
    y_label: &str,
    format: ValueFormat,
    runs: &[(String, &RunResult)],
    scope: &str,
    metric: &str,
) -> Chart {
    Chart::Lines(LineChart {
        title,
        months: runs.first().map(|r| r.1.months.clone()).unwrap_or_default(),
        x_label: "Month".into(),
        y_label: y_label.into(),
        y_format: format,
        series: runs
            .iter()
            .map(|(label, r)| monthly(label.clone(), r, scope, metric, true))
            .collect(),
        reference_lines: vec![],
        ..LineChart::default()
    })
}

/// Demand and supply per case: people required on the floor (demand) and
/// available (supply, with its band), so a change of either shows.
fn demand_supply(title: String, runs: &[(String, &RunResult)]) -> Chart {
    let mut series = Vec::new();
    for (label, r) in runs {
        series.push(monthly(
            format!("{label}: required"),
            r,
            "all",
            "required_on_floor",
            false,
        ));
        series.push(monthly(
            format!("{label}: available"),
            r,
            "all",
            "available_on_floor",
            true,
        ));
    }
    Chart::Lines(LineChart {
        title,
        months: runs.first().map(|r| r.1.months.clone()).unwrap_or_default(),
        x_label: "Month".into(),
        y_label: "People on the floor".into(),
        y_format: ValueFormat::Number,
        series,
        ..LineChart::default()
    })
}

/// The headline of a case for its report.
fn case_of(case: &str, varied: Option<(&str, &str)>, run: &Run, rows: &[StudyRow]) -> StudyCase {
    let s = &run.result.summary;
    let stat = |metric: &str| {
        rows.iter()
            .find(|r| r.case == case && r.metric == metric)
            .map(|r| r.stat)
    };
    let (key, value) = varied.unwrap_or(("", ""));
    StudyCase {
        case: case.to_string(),
        key: key.to_string(),
        value: value.to_string(),
        short_from: s.staffing.short_from.clone(),
        first_short_pools: s.staffing.first_short_pools.clone(),
        peak_shortfall: s.staffing.peak_shortfall,
        peak_month: s.staffing.peak_month.clone(),
        revenue_usd: s.totals.revenue_usd,
        service_level: stat("service_level"),
        hires: s.totals.hires,
        graduates_placed: s.totals.graduates_placed,
    }
}

/// A chart drawn for a study: its file stem, the chart and its reading.
struct Drawn {
    name: String,
    chart: Chart,
    reading: String,
}

/// The chart files and the report of a study.
fn study_files(
    study: &StudyReport,
    drawn: &[Drawn],
    formats: ChartFormats,
) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    let mut svgs = Vec::new();
    // Every chart carries the study's provenance.
    let footer = format!(
        "{} · {} replication{} · seed {} · bposim {}",
        study.title,
        study.replications,
        if study.replications == 1 { "" } else { "s" },
        study.seed,
        study.version
    );
    let drawn: Vec<Drawn> = drawn
        .iter()
        .map(|d| {
            // Only charts that shade a band say so.
            let footer = match &d.chart {
                Chart::Tornado(_) => footer.clone(),
                _ => format!("{footer} · shaded: 95% band"),
            };
            Drawn {
                name: d.name.clone(),
                chart: d.chart.clone().with_footer(footer),
                reading: d.reading.clone(),
            }
        })
        .collect();
    let drawn = drawn.as_slice();
    for d in drawn {
        // The report inlines every chart as SVG, whatever files are asked for.
        let svg = render(&d.chart, Format::Svg)?;
        if formats.svg {
            files.push(OutputFile::new(
                format!("charts/{}.svg", d.name),
                svg.clone(),
            ));
        }
        if formats.png {
            files.push(OutputFile::new(
                format!("charts/{}.png", d.name),
                render(&d.chart, Format::Png { dpi: formats.dpi })?,
            ));
        }
        svgs.push(svg);
    }
    let figures: Vec<StudyFigure> = drawn
        .iter()
        .zip(&svgs)
        .map(|(d, svg)| StudyFigure {
            name: &d.name,
            chart: &d.chart,
            svg,
            reading: &d.reading,
        })
        .collect();
    files.push(OutputFile::new(
        "report.html",
        study_report(study, &figures),
    ));
    Ok(files)
}

/// "Jun 2030" or "never".
fn short_text(run: &RunResult) -> String {
    run.summary
        .staffing
        .short_from
        .as_deref()
        .map_or("never short".into(), |m| format!("short from {}", month(m)))
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
    let labelled: Vec<(String, &RunResult)> =
        runs.iter().map(|r| (r.label.clone(), &r.result)).collect();
    let verdicts: Vec<String> = runs
        .iter()
        .map(|r| format!("{} {}", r.label, short_text(&r.result)))
        .collect();
    let drawn = vec![
        Drawn {
            name: "compare_staffing".into(),
            chart: demand_supply(
                format!("People required and available by scenario: {}", verdicts.join("; ")),
                &labelled,
            ),
            reading: "Demand (people required on the floor, lines without band) and supply (people available, \
                      with their 95% band) of every scenario: a change of either shows."
                .into(),
        },
        Drawn {
            name: "compare_shortfall".into(),
            chart: overlay(
                "Shortfall by scenario (people missing on the floor, summed over pools)".into(),
                "People missing on the floor",
                ValueFormat::Number,
                &labelled,
                "all",
                "shortfall",
            ),
            reading: "The people missing each month, summed over pools, with the 95% band.".into(),
        },
        Drawn {
            name: "compare_revenue".into(),
            chart: overlay(
                "Export revenue by scenario".into(),
                "USD per month",
                ValueFormat::Usd,
                &labelled,
                "all",
                "revenue_usd",
            ),
            reading: "Revenue of the work handled each month.".into(),
        },
    ];
    let study = StudyReport {
        kind: "compare".into(),
        title: runs
            .iter()
            .map(|r| r.result.summary.scenario.clone())
            .collect::<Vec<_>>()
            .join(" vs "),
        version: runs[0].result.summary.version,
        seed: runs[0].result.summary.seed,
        replications: runs[0].result.summary.replications,
        cases: runs
            .iter()
            .map(|r| case_of(&r.label, None, r, &rows))
            .collect(),
        rows: rows.clone(),
    };
    files.extend(study_files(&study, &drawn, options.charts)?);
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

/// The headline metrics a tornado is drawn for: (metric, chart file, title,
/// axis, format, scale of the values for the axis).
const TORNADOES: [(&str, &str, &str, &str, ValueFormat, f64); 3] = [
    (
        "peak_shortfall",
        "tornado",
        "Which input moves the peak shortfall most",
        "Peak shortfall (people on the floor, summed over pools)",
        ValueFormat::Number,
        1.0,
    ),
    (
        "service_level",
        "tornado_service_level",
        "Which input moves the overall service level most",
        "Service level (share of tasks within target)",
        ValueFormat::Percent,
        100.0,
    ),
    (
        "revenue_usd",
        "tornado_revenue",
        "Which input moves export revenue most",
        "Export revenue over the horizon (USD)",
        ValueFormat::Usd,
        1.0,
    ),
];

/// A file-name-safe form of a key: `education.placement_rate` →
/// `education_placement_rate`, `service_line.*.price_usd` → `service_line_all_price_usd`.
fn slug(key: &str) -> String {
    let mut s = String::new();
    for c in key.replace('*', "all").chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        };
        if !(c == '_' && s.ends_with('_')) {
            s.push(c);
        }
    }
    let s = s.trim_matches('_').to_string();
    if s.is_empty() { "input".into() } else { s }
}

/// The mean of `metric` in a headline.
fn mean_of(h: &Headline, metric: &str) -> f64 {
    h.metrics
        .iter()
        .find(|(n, _)| n == metric)
        .and_then(|(_, v)| Stat::of(&nan_free(v)))
        .map_or(f64::NAN, |s| s.mean)
}

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
    let mut cases = vec![case_of("base", None, &base, &rows)];
    let mut bars: Vec<Vec<TornadoBar>> = vec![Vec::new(); TORNADOES.len()];
    let mut drawn = Vec::new();
    let base_peak = base.result.summary.staffing.peak_shortfall.mean;
    for vary in varies {
        let mut results: Vec<(String, Run)> = Vec::new();
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
                let new_rows = rows_for(&case, Some((&vary.key, value)), &base.headline, &run);
                cases.push(case_of(&case, Some((&vary.key, value)), &run, &new_rows));
                rows.extend(new_rows);
            }
            results.push((value.clone(), run));
        }
        let label = input_label(&vary.key);
        for (t, (metric, .., scale)) in TORNADOES.iter().enumerate() {
            if let (Some(low), Some(high)) = (results.first(), results.last()) {
                bars[t].push(TornadoBar {
                    input: label.clone(),
                    low_input: input_value(&vary.key, &low.0),
                    high_input: input_value(&vary.key, &high.0),
                    low_result: mean_of(&low.1.headline, metric) * scale,
                    high_result: mean_of(&high.1.headline, metric) * scale,
                });
            }
        }
        // The peak shortfall (with its band) at each value of the lever.
        let points: Vec<LeverPoint> = results
            .iter()
            .map(|(value, run)| {
                let s = run.result.summary.staffing.peak_shortfall;
                LeverPoint {
                    label: input_value(&vary.key, value),
                    x: value.trim().parse().unwrap_or(f64::NAN),
                    value: s.mean,
                    low: s.ci95[0].max(0.0),
                    high: s.ci95[1],
                }
            })
            .collect();
        let (first, last) = (points.first(), points.last());
        let never = points.iter().all(|p| p.value.is_nan() || p.value < 0.5);
        let title = match (first, last) {
            (Some(a), Some(b)) if points.len() > 1 && never => format!(
                "{label} from {} to {}: no pool is short at any value",
                a.label, b.label
            ),
            (Some(a), Some(b)) if points.len() > 1 => format!(
                "{label} from {} to {}: peak shortfall {} → {}",
                a.label,
                b.label,
                people(a.value),
                people(b.value)
            ),
            _ => format!("Peak shortfall against {}", label.to_lowercase()),
        };
        drawn.push(Drawn {
            name: format!("sweep_shortfall_{}", slug(&vary.key)),
            chart: Chart::Lever(LeverChart {
                title,
                x_label: label.clone(),
                y_label: "Peak shortfall (people on the floor)".into(),
                y_format: ValueFormat::Number,
                series_label: "Peak shortfall, summed over pools (mean)".into(),
                base_label: "Base case".into(),
                base_value: base_peak,
                points,
                ..LeverChart::default()
            }),
            reading: format!(
                "The peak shortfall (the worst month, summed over pools) at each value of {}, with its 95% band; \
                 every other input as in the scenario.",
                label.to_lowercase()
            ),
        });
        // Demand and supply at each value, against the base case.
        let mut labelled: Vec<(String, &RunResult)> = vec![("Base case".into(), &base.result)];
        labelled.extend(
            results
                .iter()
                .map(|(v, r)| (format!("{label} {}", input_value(&vary.key, v)), &r.result)),
        );
        let verdicts: Vec<String> = results
            .iter()
            .map(|(v, r)| format!("{} {}", input_value(&vary.key, v), short_text(&r.result)))
            .collect();
        drawn.push(Drawn {
            name: format!("sweep_staffing_{}", slug(&vary.key)),
            chart: demand_supply(
                format!("People required and available by {}: {}", label.to_lowercase(), verdicts.join("; ")),
                &labelled,
            ),
            reading: format!(
                "Demand (people required on the floor, lines without band) and supply (people available, with \
                 their 95% band) at each value of {}, against the base case.",
                label.to_lowercase()
            ),
        });
    }
    let mut files = vec![OutputFile::new(
        "sweep.csv",
        crate::report::csv::study(&rows).context("cannot write the study table")?,
    )];
    let mut tornadoes = Vec::new();
    for (t, (metric, name, title, axis, format, scale)) in TORNADOES.iter().enumerate() {
        // The title states the finding: the input that moves the figure most.
        let value = |x: f64| crate::report::charts::value_text(x, *format);
        let widest = bars[t]
            .iter()
            .filter(|b| b.low_result.is_finite() && b.high_result.is_finite())
            .max_by(|a, b| {
                (a.high_result - a.low_result)
                    .abs()
                    .total_cmp(&(b.high_result - b.low_result).abs())
            });
        let figure = title
            .trim_start_matches("Which input moves ")
            .trim_end_matches(" most");
        let title = match widest {
            Some(b) => format!(
                "{} moves {figure} most: {} at {}, {} at {}",
                b.input,
                value(b.low_result),
                b.low_input,
                value(b.high_result),
                b.high_input
            ),
            None => (*title).to_string(),
        };
        tornadoes.push(Drawn {
            name: (*name).into(),
            chart: Chart::Tornado(TornadoChart {
                title,
                subtitle: "Each bar runs from the base case to the figure with one input at its \
                           lowest and at its highest value swept, the others as in the scenario"
                    .into(),
                x_label: (*axis).into(),
                x_format: *format,
                base_label: "Base case".into(),
                base_value: mean_of(&base.headline, metric) * scale,
                bars: std::mem::take(&mut bars[t]),
                ..TornadoChart::default()
            }),
            reading: "Each bar runs from the base case to the figure with one input at its lowest and at its \
                      highest value swept, the others as in the scenario; the widest bar is on top."
                .into(),
        });
    }
    tornadoes.extend(drawn);
    let study = StudyReport {
        kind: "sweep".into(),
        title: format!("{}: sensitivity", base.result.summary.scenario),
        version: base.result.summary.version,
        seed: base.result.summary.seed,
        replications: base.result.summary.replications,
        cases,
        rows: rows.clone(),
    };
    // The tornado is written as SVG (charts/tornado.svg) whenever charts are
    // asked for at all; PNG on request; none with `--format none`.
    let formats = ChartFormats {
        svg: options.charts.svg || options.charts.png,
        ..options.charts
    };
    files.extend(study_files(&study, &tornadoes, formats)?);
    files.push(OutputFile::new("scenario.toml", source.text.into_bytes()));
    write_all(&options.out, &files)?;
    Ok(rows)
}
