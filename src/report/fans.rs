//! The charts of an uncertainty study, built from the result structs only:
//! fan charts of people required and available and of the shortfall (the
//! median over input draws with its 50%, 80% and 95% prediction bands), the
//! chance that some pool is short by each month, and the inputs ranked by
//! their share of the variance of the peak shortfall.

use super::charts::{
    Band, Chart, MonthlySeries, Panel, PanelChart, ReferenceLine, ShareBar, ShareChart, ValueFormat,
};
use super::odds::{input, percent, sentences};
use super::pack::PackChart;
use crate::results::{Quantiles, RunResult, Uncertainty};

/// The footer of every chart of the study.
fn footer(result: &RunResult, u: &Uncertainty) -> String {
    let s = &result.summary;
    format!(
        "{} · {} input draws × {} replication{} · seed {} · {} {} · shaded: 50%, 80% and 95% of the draws",
        s.scenario,
        u.draws,
        u.replications_per_draw,
        if u.replications_per_draw == 1 {
            ""
        } else {
            "s"
        },
        s.seed,
        s.tool,
        s.version
    )
}

/// The prediction quantiles of the plan's (`all`) `metric`, month by month.
fn bands_of(result: &RunResult, metric: &str) -> Vec<Option<Quantiles>> {
    result
        .months
        .iter()
        .map(|m| {
            result
                .monthly
                .iter()
                .find(|r| r.month == *m && r.scope == "all" && r.metric == metric)
                .and_then(|r| r.prediction)
        })
        .collect()
}

/// A fan: three nested bands (95%, 80%, 50%) in one colour and the median
/// line, listed once in the legend as `name`.
fn fan(name: &str, q: &[Option<Quantiles>], style: usize) -> Vec<MonthlySeries> {
    let pick = |f: fn(&Quantiles) -> f64| -> Vec<f64> {
        q.iter().map(|x| x.as_ref().map_or(f64::NAN, f)).collect()
    };
    let band = |lo: fn(&Quantiles) -> f64, hi: fn(&Quantiles) -> f64| Band {
        low: pick(lo),
        high: pick(hi),
    };
    let nan = vec![f64::NAN; q.len()];
    vec![
        MonthlySeries {
            name: name.to_string(),
            values: nan.clone(),
            band: Some(band(|q| q.p2_5, |q| q.p97_5)),
            style: Some(style),
            ..MonthlySeries::default()
        },
        MonthlySeries {
            name: name.to_string(),
            values: nan,
            band: Some(band(|q| q.p10, |q| q.p90)),
            style: Some(style),
            ..MonthlySeries::default()
        },
        MonthlySeries {
            name: name.to_string(),
            values: pick(|q| q.p50),
            band: Some(band(|q| q.p25, |q| q.p75)),
            style: Some(style),
            ..MonthlySeries::default()
        },
    ]
}

/// Every chart of the study (none without one), in report order.
pub fn charts(result: &RunResult) -> Vec<PackChart> {
    let Some(u) = &result.summary.uncertainty else {
        return Vec::new();
    };
    let mut out = vec![people_fan(result, u), chance_short(result, u)];
    out.extend(sensitivity(result, u));
    out
}

/// Required and available people on the floor, and the shortfall, as fans.
fn people_fan(result: &RunResult, u: &Uncertainty) -> PackChart {
    let q = &u.peak_shortfall;
    let title = if q.p97_5 < 0.5 {
        "No pool is short in any month, across the doubtful inputs".to_string()
    } else {
        format!(
            "People missing at the peak: {} in the median draw, {} to {} in 95% of draws",
            super::format::int(q.p50),
            super::format::int(q.p2_5),
            super::format::int(q.p97_5)
        )
    };
    let mut floor = fan(
        "Required on the floor (median)",
        &bands_of(result, "required_on_floor"),
        0,
    );
    floor.extend(fan(
        "Available on the floor (median)",
        &bands_of(result, "available_on_floor"),
        3,
    ));
    PackChart {
        name: "uncertainty_people",
        chart: Chart::Panels(PanelChart {
            title,
            subtitle: format!(
                "People on the floor required and available, and people missing (pools summed), \
                 over {} draws of the doubtful inputs: median and 50/80/95% bands",
                u.draws
            ),
            footer: footer(result, u),
            months: result.months.clone(),
            columns: 1,
            row_weights: vec![2.0, 1.0],
            panels: vec![
                Panel {
                    title: "People on the floor".into(),
                    y_label: "People".into(),
                    series: floor,
                    ..Panel::default()
                },
                Panel {
                    title: "People missing".into(),
                    y_label: "People".into(),
                    series: fan("Shortfall (median)", &bands_of(result, "shortfall"), 1),
                    ..Panel::default()
                },
            ],
        }),
        reading: "The fans show how far the plan moves with the doubtful inputs: the line is \
                  the median draw, the shading holds 50%, 80% and 95% of the draws. Queueing \
                  noise is in the 95% intervals of the charts above, not here."
            .into(),
    }
}

/// The chance that some pool is short by each month.
fn chance_short(result: &RunResult, u: &Uncertainty) -> PackChart {
    let by_month = &u.short_from.by_month;
    let title = sentences(u)
        .into_iter()
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_string();
    let cumulative = MonthlySeries {
        name: "Some pool short in this month or before".into(),
        values: by_month.iter().map(|m| m.p_short_by * 100.0).collect(),
        style: Some(1),
        ..MonthlySeries::default()
    };
    let first = MonthlySeries {
        name: "First short in this month".into(),
        values: by_month.iter().map(|m| m.p_first_short * 100.0).collect(),
        area: true,
        style: Some(4),
        ..MonthlySeries::default()
    };
    PackChart {
        name: "uncertainty_chance_short",
        chart: Chart::Panels(PanelChart {
            title,
            subtitle: format!(
                "Share of {} draws of the doubtful inputs in which some pool is short, by month",
                u.draws
            ),
            footer: footer(result, u).replace(" · shaded: 50%, 80% and 95% of the draws", ""),
            months: result.months.clone(),
            columns: 1,
            row_weights: vec![1.0],
            panels: vec![Panel {
                title: String::new(),
                y_label: "Chance (% of draws)".into(),
                y_format: ValueFormat::Percent,
                series: vec![cumulative, first],
                reference_lines: vec![ReferenceLine {
                    label: "Even odds (50%)".into(),
                    value: 50.0,
                    series: None,
                }],
                y_range: Some((0.0, 100.0)),
                ..Panel::default()
            }],
        }),
        reading: format!(
            "The chance that the plan is short somewhere by each month; {} of draws are never short.",
            percent(u.short_from.p_never_short)
        ),
    }
}

/// Each input's share of the variance of the peak shortfall (and of revenue).
fn sensitivity(result: &RunResult, u: &Uncertainty) -> Vec<PackChart> {
    u.sensitivity
        .iter()
        .zip(["uncertainty_sensitivity", "uncertainty_sensitivity_revenue"])
        .filter_map(|(s, name)| {
            let r2 = s.r_squared?;
            let top = s.shares.first()?;
            Some(PackChart {
                name,
                chart: Chart::Shares(ShareChart {
                    title: format!(
                        "The {} depends most on {} ({} of its variance)",
                        s.output,
                        input(u, &top.key).to_lowercase(),
                        percent(top.share)
                    ),
                    subtitle: format!(
                        "Each doubtful input's share of the variance of the {} over {} draws, and \
                         whether the figure rises or falls with it (standardised rank regression; \
                         all inputs together explain {})",
                        s.output,
                        u.draws,
                        percent(r2)
                    ),
                    footer: footer(result, u)
                        .replace(" · shaded: 50%, 80% and 95% of the draws", ""),
                    x_label: format!("Share of the variance of the {}", s.output),
                    bars: s
                        .shares
                        .iter()
                        .map(|x| ShareBar {
                            label: input(u, &x.key),
                            // Whole per cents: the method is no finer.
                            share: (x.share * 100.0).round() / 100.0,
                            note: if x.share < 0.005 {
                                String::new()
                            } else if x.coefficient >= 0.0 {
                                "(rises with it)".to_string()
                            } else {
                                "(falls as it rises)".to_string()
                            },
                        })
                        .collect(),
                }),
                reading: format!(
                    "Which doubt matters most for the {}: each input's share of its variance over {} draws, by {}; together the inputs explain {} of it.",
                    s.output, u.draws, s.method, percent(r2)
                ),
            })
        })
        .collect()
}
