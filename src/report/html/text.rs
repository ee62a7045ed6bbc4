//! The page's text of figures: numbers with thousands separators, money,
//! shares, statistics with their 95% intervals, and HTML escaping. Shared by
//! every section; imports the foundation `stats` and the report's shared
//! thousands separator only.

use crate::report::format::group_thousands;
use crate::stats::Stat;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // NUL and other control characters have no place in a page.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `x` with `digits` decimals and thousands separators; "n/a" if not finite.
pub fn fixed(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let text = format!("{:.*}", digits, x.abs());
    let (whole, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&group_thousands(whole));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

pub fn int(x: f64) -> String {
    fixed(x, 0)
}

pub fn usd(x: f64) -> String {
    if x < 0.0 {
        format!("−${}", int(-x))
    } else {
        format!("${}", int(x))
    }
}

pub fn pct1(x: f64) -> String {
    format!("{}%", fixed(x * 100.0, 1))
}

pub fn pct0(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{}%", fixed(p, 0))
    } else {
        format!("{}%", fixed(p, 1))
    }
}

/// A number without trailing zeros (for targets: 30 s, 0.5 h).
pub fn trim_num(x: f64) -> String {
    let s = format!("{:.2}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// How a statistic reads.
#[derive(Clone, Copy)]
pub enum Unit {
    Int,
    Usd,
    Pct,
    /// Seconds, shown in s, min or h.
    Wait,
}

/// The mean and, unless degenerate, the 95% interval "(low–high)" of a
/// statistic. Shares are kept within 0–100% and non-negative quantities at
/// or above zero (the t interval itself knows no bounds).
fn stat_parts(s: Option<&Stat>, unit: Unit) -> Option<(String, Option<String>)> {
    let s = s.filter(|s| s.mean.is_finite())?;
    let (mut lo, mut hi) = (s.ci95[0], s.ci95[1]);
    if matches!(unit, Unit::Pct) {
        lo = lo.clamp(0.0, 1.0);
        hi = hi.clamp(0.0, 1.0);
    } else if s.mean >= 0.0 {
        lo = lo.max(0.0);
    }
    let (mean, lo_text, hi_text) = match unit {
        Unit::Int => (int(s.mean), int(lo), int(hi)),
        Unit::Usd => (usd(s.mean), int(lo), int(hi)),
        Unit::Pct => (
            pct1(s.mean),
            fixed(lo * 100.0, 1),
            format!("{}%", fixed(hi * 100.0, 1)),
        ),
        Unit::Wait => {
            let (div, suffix) = match s.mean.abs() {
                m if m >= 7200.0 => (3600.0, " h"),
                m if m >= 120.0 => (60.0, " min"),
                _ => (1.0, " s"),
            };
            (
                format!("{}{suffix}", fixed(s.mean / div, 1)),
                fixed(lo / div, 1),
                format!("{}{suffix}", fixed(hi / div, 1)),
            )
        }
    };
    if s.ci95[0] == s.ci95[1] || !lo.is_finite() || !hi.is_finite() {
        return Some((mean, None));
    }
    let sep = if lo < 0.0 { " to " } else { "–" };
    Some((mean, Some(format!("({lo_text}{sep}{hi_text})"))))
}

/// A statistic as a table cell: the mean, and the interval on a second line.
pub fn stat_cell(s: Option<&Stat>, unit: Unit) -> String {
    match stat_parts(s, unit) {
        None => "<span class=\"sub\">n/a</span>".into(),
        Some((mean, None)) => mean,
        Some((mean, Some(ci))) => format!("{mean}<br><span class=\"ci\">{ci}</span>"),
    }
}

/// A statistic on one line: "mean (low–high)".
pub fn stat_inline(s: Option<&Stat>, unit: Unit) -> String {
    match stat_parts(s, unit) {
        None => "<span class=\"sub\">n/a</span>".into(),
        Some((mean, None)) => mean,
        Some((mean, Some(ci))) => format!("{mean} <span class=\"ci\">{ci}</span>"),
    }
}
