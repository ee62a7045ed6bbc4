//! The staffing charts of a run: the staffing gap, the shortfall by pool,
//! service level per line.

use super::*;

/// People on the floor, required against available, and the shortfall
/// summed over pools below it, its first month marked.
pub(super) fn staffing_gap(cx: &Context<'_>) -> PackChart {
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
        reading: crate::report::headline::shortfall(plan),
    }
}

/// The shortfall by pool, stacked.
pub(super) fn pool_shortfall(cx: &Context<'_>) -> Option<PackChart> {
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
        reading: crate::report::headline::pools(plan).unwrap_or_default(),
    })
}

/// Service level per line as small multiples, each with its target.
pub(super) fn service_level(cx: &Context<'_>) -> PackChart {
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
