//! The work charts of a run: the weekly profile, waits, revenue and
//! throughput.

use super::*;

/// Required against on-duty agents by hour of the profile week, one unit.
pub(super) fn weekly_profile(cx: &Context<'_>) -> PackChart {
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
pub(super) fn waiting_time(cx: &Context<'_>) -> PackChart {
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
            crate::report::charts::duration(w)
        ),
        (Some((slow, w, _)), Some((lost, _, a))) if a >= 0.05 => format!(
            "{slow} waits longest ({} on average in {last_year}); {lost} loses the most tasks: {a:.1}% abandoned",
            crate::report::charts::duration(w)
        ),
        (Some((slow, w, _)), _) => format!(
            "{slow} waits longest: {} on average in {last_year}; no line loses tasks to abandonment",
            crate::report::charts::duration(w)
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
pub(super) fn revenue(cx: &Context<'_>) -> Vec<PackChart> {
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
pub(super) fn throughput(cx: &Context<'_>) -> PackChart {
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
