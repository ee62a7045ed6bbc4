//! Section 1, headline figures: the staffing gap and what closes it, the key
//! figures as cards, warnings, the tables by line (in `lines`) and the
//! workforce totals. Reads [`crate::results`] and the foundation `stats`.

use std::fmt::Write as _;

use super::lines::{self, Verdict};
use super::text::{Unit, ci_usd, esc, fixed, int, pct0, plural, stat_inline, usd};
use crate::results::{ClosingTheGap, Inputs, RunResult, Summary, Totals};
use crate::stats::Stat;

/// The headline section.
pub fn headline(h: &mut String, result: &RunResult) {
    let s = &result.summary;
    h.push_str("<section id=\"headline\" class=\"first\">\n<h2><span class=\"num\">1</span>Headline figures</h2>\n");
    gap(h, &s.staffing, &result.assumptions.inputs);
    cards(h, s);
    warnings(h, &s.warnings);
    lines::service_levels(h, &s.lines);
    lines::throughput(h, s);
    totals(h, &s.totals);
    h.push_str("</section>\n");
}

/// Whether there is a gap worth a headline: at least one person short.
fn has_gap(c: &ClosingTheGap) -> bool {
    c.peak_gap > 0.5
}

/// The call-out: when the gap opens and peaks, and what closes it.
fn gap(h: &mut String, c: &ClosingTheGap, inputs: &Inputs) {
    h.push_str("<div class=\"callout\">\n<h3>Staffing gap</h3>\n");
    match (&c.gap_opens, &c.peak_month) {
        (Some(opens), Some(peak)) if has_gap(c) => {
            let when = if opens == peak {
                format!("opens and peaks in {}", esc(peak))
            } else {
                format!("opens in {} and peaks in {}", esc(opens), esc(peak))
            };
            let _ = writeln!(
                h,
                "<p><strong>The gap {when} at {} people short</strong> \
                 (people required to meet every service-level target, minus people available on the floor).</p>",
                int(c.peak_gap)
            );
            let _ = write!(
                h,
                "<p>Closing it takes <strong>{} extra hires</strong> over the horizon (the peak gap, grossed up for early leavers).",
                int(c.extra_hires)
            );
            match c.extra_students {
                Some(students) => {
                    let planned = inputs
                        .find("education", "placement_rate")
                        .and_then(|v| v.parse::<f64>().ok());
                    from_education(h, c, students, planned);
                }
                None => h.push_str(" This scenario has no education pipeline to supply them."),
            }
            h.push_str("</p>\n");
        }
        _ => h.push_str(
            "<p><strong>No staffing gap:</strong> the people available cover the requirement in every month of the horizon.</p>\n",
        ),
    }
    h.push_str("</div>\n");
}

/// What the education pipeline must supply: more students (and mentors),
/// or a higher placement rate than the scenario file's `planned` one.
fn from_education(h: &mut String, c: &ClosingTheGap, students: f64, planned: Option<f64>) {
    let _ = write!(
        h,
        " From the education pipeline, that means <strong>{} more students</strong> enrolled",
        int(students)
    );
    if let Some(m) = c.extra_mentors {
        let _ = write!(
            h,
            " with <strong>{} more mentor{}</strong>",
            int(m),
            plural(m.round() as usize)
        );
    }
    h.push_str(" at the planned placement rate");
    match c.placement_rate_needed {
        Some(p) if p <= 1.0 => {
            let _ = write!(
                h,
                ", or <strong>a placement rate of {}</strong> of job-track completers",
                pct0(p)
            );
            if let Some(q) = planned {
                let _ = write!(h, " instead of the planned {}", pct0(q));
            }
            h.push_str(" with the planned students");
        }
        Some(p) => {
            let _ = write!(
                h,
                "; raising the placement rate alone cannot close it (it would need {} of job-track completers)",
                pct0(p)
            );
        }
        None => {}
    }
    h.push('.');
}

fn card(h: &mut String, label: &str, value: &str, note: &str) {
    let _ = writeln!(
        h,
        "<div class=\"card\"><div class=\"label\">{label}</div><div class=\"value\">{value}</div>\
         <div class=\"sub\">{note}</div></div>"
    );
}

/// The key figures: gap, hires, lines on target, revenue, wages, headcount.
fn cards(h: &mut String, s: &Summary) {
    let c = &s.staffing;
    let t = &s.totals;
    h.push_str("<div class=\"cards\">\n");
    match &c.peak_month {
        Some(peak) if has_gap(c) => card(
            h,
            "Peak staffing gap",
            &format!("{} people", int(c.peak_gap)),
            &match c.gap_opens.as_deref() {
                Some(opens) if opens != peak => {
                    format!("short in {}; the gap opens in {}", esc(peak), esc(opens))
                }
                _ => format!("short in {}, the month the gap opens", esc(peak)),
            },
        ),
        _ => card(
            h,
            "Peak staffing gap",
            "none",
            "the requirement is covered in every month",
        ),
    }
    card(
        h,
        "Extra hires to close it",
        &format!("{} people", int(c.extra_hires)),
        &match (c.extra_students, c.extra_mentors) {
            (Some(st), Some(m)) => format!("{} more students, {} more mentors", int(st), int(m)),
            (Some(st), None) => format!("{} more students", int(st)),
            _ => "over the horizon".to_string(),
        },
    );
    let met = s
        .lines
        .iter()
        .filter(|l| lines::verdict(l) == Verdict::Met)
        .count();
    card(
        h,
        "Lines meeting their target",
        &format!("{met} of {}", s.lines.len()),
        "service level at or above target with 95% confidence",
    );
    card(
        h,
        "Export revenue",
        &usd(t.revenue_usd.mean),
        &format!(
            "95% CI {}; {} tasks handled",
            ci_usd(&t.revenue_usd),
            int(t.handled.mean)
        ),
    );
    if t.wage_bill_usd.mean > 0.0 {
        card(
            h,
            "Wage bill",
            &usd(t.wage_bill_usd.mean),
            &format!(
                "95% CI {}; revenue is {}× the wage bill",
                ci_usd(&t.wage_bill_usd),
                fixed(t.revenue_usd.mean / t.wage_bill_usd.mean, 2)
            ),
        );
    } else {
        card(
            h,
            "Wage bill",
            "not modelled",
            "fixed staffing: no workforce pipeline",
        );
    }
    card(
        h,
        "Headcount at the end",
        &format!("{} people", int(t.headcount_end.mean)),
        &if t.hires.mean > 0.0 || t.attrition.mean > 0.0 {
            format!(
                "after {} hires ({} graduates placed) and {} leavers",
                int(t.hires.mean),
                int(t.graduates_placed.mean),
                int(t.attrition.mean)
            )
        } else {
            "fixed staffing".to_string()
        },
    );
    h.push_str("</div>\n");
}

/// What an analyst should check before using the figures.
fn warnings(h: &mut String, warnings: &[String]) {
    if warnings.is_empty() {
        return;
    }
    h.push_str("<div class=\"warning\"><h3>Check before use</h3><ul>\n");
    for w in warnings {
        let _ = writeln!(h, "<li>{}</li>", esc(w));
    }
    h.push_str("</ul></div>\n");
}

/// Workforce and money over the horizon.
fn totals(h: &mut String, t: &Totals) {
    h.push_str(
        "<h3>Workforce and money over the horizon</h3>\n<table class=\"data narrow\">\n<thead><tr><th>Total</th>\
         <th class=\"r\">Mean (95% CI)</th></tr></thead>\n<tbody>\n",
    );
    let rows: [(&str, &Stat, Unit); 8] = [
        ("Tasks offered", &t.offered, Unit::Int),
        ("Tasks handled", &t.handled, Unit::Int),
        ("Export revenue (USD)", &t.revenue_usd, Unit::Usd),
        ("Wage bill (USD)", &t.wage_bill_usd, Unit::Usd),
        ("Headcount at the end (people)", &t.headcount_end, Unit::Int),
        ("Hires", &t.hires, Unit::Int),
        ("Graduates placed in BPO", &t.graduates_placed, Unit::Int),
        ("Leavers (attrition)", &t.attrition, Unit::Int),
    ];
    for (label, stat, unit) in rows {
        let _ = writeln!(
            h,
            "<tr><td>{label}</td><td class=\"r\">{}</td></tr>",
            stat_inline(Some(stat), unit)
        );
    }
    h.push_str("</tbody>\n</table>\n");
}
