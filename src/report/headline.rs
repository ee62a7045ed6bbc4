//! The capacity plan in sentences an analyst can quote: the same words in
//! the terminal, the report and the charts.

use super::format::int;
use crate::results::{CapacityPlan, Lever};

/// A count of people with its 95% interval, e.g. `130 people [121, 139]`.
fn people(stat: &crate::results::Stat) -> String {
    if (stat.ci95[1] - stat.ci95[0]).abs() < 0.5 {
        format!("{} people", int(stat.mean))
    } else {
        format!(
            "{} people [{}, {}]",
            int(stat.mean),
            int(stat.ci95[0]),
            int(stat.ci95[1])
        )
    }
}

/// Where and when people are short: one sentence.
pub fn shortfall(plan: &CapacityPlan) -> String {
    match (&plan.short_from, &plan.peak_month) {
        (Some(from), Some(peak)) => format!(
            "Short from {from} in {}; the shortfall peaks at {} in {peak} \
             (summed over pools: spare people in one pool never cover another).",
            plan.first_short_pools.join(", "),
            people(&plan.peak_shortfall)
        ),
        _ => "No pool is short in any month: every skill and language has the people it needs."
            .to_string(),
    }
}

/// The pools short at some point and the pools with people to spare at the end.
pub fn pools(plan: &CapacityPlan) -> Option<String> {
    let short: Vec<String> = plan
        .pools
        .iter()
        .filter(|p| p.months_short > 0)
        .map(|p| {
            format!(
                "{} {} from {}",
                p.id,
                int(p.peak_shortfall.mean),
                p.first_short_month.as_deref().unwrap_or("?")
            )
        })
        .collect();
    let spare: Vec<String> = plan
        .pools
        .iter()
        .filter(|p| p.months_short == 0 && p.surplus_end.mean >= 0.5)
        .map(|p| format!("{} {}", p.id, int(p.surplus_end.mean)))
        .collect();
    let mut parts = Vec::new();
    if !short.is_empty() {
        parts.push(format!("Short pools (peak people): {}.", short.join(", ")));
    }
    if !spare.is_empty() {
        parts.push(format!("Spare at the end: {}.", spare.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A lever's setting in words, e.g. `education.placement_rate 0.25 → 0.38`.
pub fn lever(lever: &Lever) -> String {
    if lever.settings.is_empty() {
        return format!("{}: cannot close it — {}", lever.lever, lever.note);
    }
    let settings: Vec<String> = lever
        .settings
        .iter()
        .map(|s| format!("--set {}={}", s.key, trim(s.to)))
        .collect();
    let mut out = format!("{}: {}", lever.lever, settings.join(" "));
    if !lever.note.is_empty() {
        out.push_str(&format!(" ({})", lever.note));
    }
    out
}

/// What closes it: one sentence per lever, or nothing when not searched.
pub fn what_closes_it(plan: &CapacityPlan) -> Vec<String> {
    let mut out: Vec<String> = plan.what_closes_it.iter().map(lever).collect();
    if let Some(u) = plan.mentor_utilisation {
        out.push(format!(
            "Mentors: at most {:.0}% of mentor seats are used in any month{}.",
            u * 100.0,
            if u < 0.95 {
                ", so more mentors alone would not help"
            } else {
                ""
            }
        ));
    }
    out
}

/// User text made safe to echo on a terminal: control characters (escape
/// sequences, carriage returns) are shown escaped, not obeyed.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A number without trailing zeros, as `--set` takes it.
fn trim(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
