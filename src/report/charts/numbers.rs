//! How numbers read on charts: tick labels to the resolution of their step,
//! single values to three significant digits, compact from a million (M, B,
//! T), and the "nice" steps axes are built from.

use super::ValueFormat;
use crate::report::format::group_thousands;

/// Smallest number of decimals that shows `step` exactly (up to 10).
fn decimals_for(step: f64) -> usize {
    let step = step.abs();
    if !step.is_finite() || step == 0.0 {
        return 0;
    }
    (0..=10)
        .find(|&d| {
            let v = step * 10f64.powi(d as i32);
            (v - v.round()).abs() < 1e-6 * v.max(1.0)
        })
        .unwrap_or(10)
}

/// Writes `v` to a resolution of `step`, compacted (M, B, T) when `magnitude` ≥ 1e6.
pub(super) fn format_number(v: f64, step: f64, magnitude: f64, fmt: ValueFormat) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    if fmt == ValueFormat::Seconds {
        return format_duration(v);
    }
    let magnitude = magnitude.abs();
    let body = if v == 0.0 {
        "0".to_string()
    } else if magnitude >= 1e15 {
        format!("{:.1e}", v.abs())
    } else {
        let (div, suffix) = if magnitude >= 1e12 {
            (1e12, "T")
        } else if magnitude >= 1e9 {
            (1e9, "B")
        } else if magnitude >= 1e6 {
            (1e6, "M")
        } else {
            (1.0, "")
        };
        let decimals = decimals_for(step / div).min(6);
        format!(
            "{}{suffix}",
            group_thousands(&format!("{:.*}", decimals, v.abs() / div))
        )
    };
    let negative = v < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "\u{2212}" } else { "" };
    match fmt {
        ValueFormat::Number => format!("{sign}{body}"),
        ValueFormat::Percent => format!("{sign}{body}%"),
        ValueFormat::Usd => format!("{sign}${body}"),
        ValueFormat::Seconds => format!("{sign}{body} s"),
    }
}

/// A duration in seconds in the largest unit that keeps it at least 1:
/// "45 s", "2 min", "1.5 h", "3 d".
pub(super) fn format_duration(seconds: f64) -> String {
    let units = [(86_400.0, "d"), (3600.0, "h"), (60.0, "min"), (1.0, "s")];
    let a = seconds.abs();
    let (div, unit) = units
        .into_iter()
        .find(|(d, _)| a >= *d)
        .unwrap_or((1.0, "s"));
    let v = seconds / div;
    let text = if (v - v.round()).abs() < 0.05 || v.abs() >= 10.0 {
        format!("{:.0}", v)
    } else {
        format!("{:.1}", v)
    };
    let text = text.replace('-', "\u{2212}");
    format!("{text} {unit}")
}

/// Writes a single value to three significant digits (at most two decimals).
pub(super) fn format_value(v: f64, fmt: ValueFormat) -> String {
    let a = v.abs();
    let digits = if a > 0.0 && a.is_finite() {
        a.log10().floor()
    } else {
        0.0
    };
    let step = if a >= 1e6 {
        10f64.powf(digits - 2.0)
    } else {
        10f64.powf((digits - 2.0).clamp(-2.0, 0.0))
    };
    let text = format_number(v, step, a, fmt);
    // Drop trailing zeros of the decimal part ("9.40M" → "9.4M").
    let Some(dot) = text.find('.') else {
        return text;
    };
    let end = text[dot..]
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or(text.len(), |i| dot + i);
    let trimmed = text[..end].trim_end_matches('0').trim_end_matches('.');
    format!("{trimmed}{}", &text[end..])
}

/// "Nice" step (1, 2, 2.5, 5 × 10^k) of at least `raw`.
pub(super) fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let n = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 && mag >= 10.0 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    n * mag
}
