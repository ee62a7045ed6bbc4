//! The uncertainty study in sentences an analyst can quote ("a 70% chance
//! that some pool is short before 2029"): the same words in the terminal and
//! the report. Reads [`crate::results`] only.

use super::format::int;
pub use super::format::month;
use crate::results::Uncertainty;

/// A share as a whole percentage, never rounded to 0% or 100% when it is not.
pub fn percent(p: f64) -> String {
    let whole = (p * 100.0).round();
    if whole == 0.0 && p > 0.0 {
        "under 1%".to_string()
    } else if whole == 100.0 && p < 1.0 {
        "over 99%".to_string()
    } else {
        format!("{whole:.0}%")
    }
}

/// An uncertain input in words: "Placement rate", "Handle time of every
/// line (a factor)".
pub fn input(u: &Uncertainty, key: &str) -> String {
    let label = super::headline::input_label(key);
    if u.inputs.iter().any(|i| i.key == key && i.relative) {
        format!("{label} (a factor)")
    } else {
        label
    }
}

/// An inclusive range of people, e.g. "12–40 people".
fn people_range(low: f64, high: f64) -> String {
    if int(low) == int(high) {
        format!("{} people", int(low))
    } else {
        format!("{}–{} people", int(low), int(high))
    }
}

/// US dollars for people: "$29.6 M" from a million, "$215,000" below.
fn millions(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("${:.1} M", x / 1e6)
    } else {
        format!("${}", int((x / 1e3).round() * 1e3))
    }
}

/// The chance that some pool is short by the end of each year of the
/// horizon, as (year, chance).
pub fn short_by_year(u: &Uncertainty) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for m in &u.short_from.by_month {
        let year = m.month.get(..4).unwrap_or(&m.month).to_string();
        match out.last_mut() {
            Some((y, p)) if *y == year => *p = m.p_short_by,
            _ => out.push((year, m.p_short_by)),
        }
    }
    out
}

/// The sentences of the study, most important first.
pub fn sentences(u: &Uncertainty) -> Vec<String> {
    let mut out = Vec::new();
    let by_year = short_by_year(u);
    let ever = by_year.last().map_or(0.0, |y| y.1);
    let first_likely = by_year.iter().find(|(_, p)| *p >= 0.5);
    let last_year = by_year.last().map_or("", |y| y.0.as_str());
    out.push(match first_likely {
        Some((year, p)) if year == last_year => format!(
            "A {} chance that some pool is short by the end of {year}.",
            percent(*p)
        ),
        Some((year, p)) => {
            let next = year
                .parse::<i32>()
                .map_or_else(|_| year.clone(), |y| (y + 1).to_string());
            format!(
                "A {} chance that some pool is short before {next}, and {} by the end of {last_year}.",
                percent(*p),
                percent(ever)
            )
        }
        None if ever > 0.0 => format!(
            "Some pool is short by the end of {last_year} in {} of the draws: more likely than not, no pool is short.",
            percent(ever)
        ),
        None => "No pool is short in any draw: the plan holds across the doubtful inputs' ranges."
            .to_string(),
    });
    if ever > 0.0 {
        let sf = &u.short_from;
        out.push(match (&sf.p50, &sf.p10, &sf.p90) {
            (Some(p50), Some(p10), Some(p90)) if p10 != p90 => format!(
                "The shortfall starts in {} in the median draw (in 80% of draws between {} and {}).",
                month(p50),
                month(p10),
                month(p90)
            ),
            (Some(p50), _, _) => {
                let by_then = sf
                    .by_month
                    .iter()
                    .find(|m| &m.month == p50)
                    .map_or(0.0, |m| m.p_short_by);
                format!(
                    "The shortfall starts in {} in the median draw ({} of draws are short by then); {} of draws are never short.",
                    month(p50),
                    percent(by_then),
                    percent(sf.p_never_short)
                )
            }
            (_, Some(p10), _) => format!(
                "In the median draw no pool is short; in the earliest 10% of draws the shortfall starts by {}.",
                month(p10)
            ),
            _ => format!(
                "In {} of draws no pool is ever short.",
                percent(sf.p_never_short)
            ),
        });
        let q = &u.peak_shortfall;
        out.push(format!(
            "At its peak, {} are missing in the median draw ({} in 80% of draws, {} in 95%).",
            people_range(q.p50, q.p50),
            people_range(q.p10, q.p90),
            people_range(q.p2_5, q.p97_5)
        ));
    }
    let r = &u.revenue_usd;
    out.push(format!(
        "Export revenue over the horizon: {} in the median draw ({}–{} in 80% of draws).",
        millions(r.p50),
        millions(r.p10),
        millions(r.p90)
    ));
    if let Some(s) = u.sensitivity.first() {
        match (s.r_squared, s.shares.as_slice()) {
            (Some(r2), [top, rest @ ..]) if top.share > 0.0 => {
                let next = rest
                    .first()
                    .filter(|x| x.share >= 0.05)
                    .map(|x| {
                        format!(
                            ", then {} ({})",
                            input(u, &x.key).to_lowercase(),
                            percent(x.share)
                        )
                    })
                    .unwrap_or_default();
                out.push(format!(
                    "The {} depends most on {} ({} of its variance){next}; the inputs together explain {}.",
                    s.output,
                    input(u, &top.key).to_lowercase(),
                    percent(top.share),
                    percent(r2)
                ));
            }
            _ => {
                if let Some(note) = &s.note {
                    out.push(format!("Sensitivity of the {}: {note}.", s.output));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_never_round_a_possibility_away() {
        assert_eq!(percent(0.004), "under 1%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.996), "over 99%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.7), "70%");
        assert_eq!(month("2029-03"), "Mar 2029");
    }
}
