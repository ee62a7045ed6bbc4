//! Number formatting shared by the charts and the report: one thousands
//! separator for every figure a reader sees.

/// Inserts thousands separators into a plain decimal number (`1234567.5` →
/// `1,234,567.5`); the sign, if any, is the caller's.
pub fn group_thousands(digits: &str) -> String {
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(digits.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A whole number with thousands separators and an ASCII minus (`-1,234`).
pub fn int(x: f64) -> String {
    let n = x.round() as i64;
    let grouped = group_thousands(&n.unsigned_abs().to_string());
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// A count of people for prose, rounded for a reader: exact below 1,000,
/// to the nearest ten from 1,000 (`1,083` → `1,080`).
pub fn people_rounded(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let n = if x.abs() >= 1000.0 {
        (x / 10.0).round() * 10.0
    } else {
        x.round()
    };
    int(n)
}

/// `1,080 people`, `1 person`: a rounded count with its noun.
pub fn people(x: f64) -> String {
    let text = people_rounded(x);
    if text == "1" {
        "1 person".into()
    } else {
        format!("{text} people")
    }
}

/// Money for prose, rounded for a reader: `$29.6 M`, `$1.2 bn`, `$45,600`,
/// `$450` (three significant figures below a million).
pub fn usd_rounded(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let sign = if x < 0.0 { "−" } else { "" };
    let a = x.abs();
    let body = if a >= 999.95e6 {
        format!("{:.1} bn", a / 1e9)
    } else if a >= 999_950.0 {
        format!("{:.1} M", a / 1e6)
    } else if a >= 1000.0 {
        let digits = a.log10().floor() as i32 + 1;
        let unit = 10f64.powi(digits - 3);
        int((a / unit).round() * unit)
    } else {
        int(a)
    };
    format!("{sign}${body}")
}

/// A share as a percentage for prose: `25%`, `31.1%` (one decimal unless whole).
pub fn percent(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{}%", p.round() as i64)
    } else {
        format!("{p:.1}%")
    }
}

/// A month `YYYY-MM` for people: `Jun 2030` (anything else as given).
pub fn month(ym: &str) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parsed = ym
        .split_once('-')
        .and_then(|(y, m)| Some((y, m.parse::<usize>().ok()?)))
        .filter(|(y, m)| y.len() == 4 && (1..=12).contains(m));
    match parsed {
        Some((y, m)) => format!("{} {y}", NAMES[m - 1]),
        None => ym.to_string(),
    }
}

/// A number for a table or terminal: thousands separators, `decimals`
/// places, an ASCII minus (`-1,234.5`).
pub fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    format!(
        "{}{}",
        if negative { "-" } else { "" },
        group_thousands(&text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_for_people_and_keeps_tables_exact() {
        assert_eq!(people(1083.4), "1,080 people");
        assert_eq!(people(35.4), "35 people");
        assert_eq!(people(1.0), "1 person");
        assert_eq!(usd_rounded(29_557_977.0), "$29.6 M");
        assert_eq!(usd_rounded(1_234_000_000.0), "$1.2 bn");
        assert_eq!(usd_rounded(45_612.0), "$45,600");
        assert_eq!(usd_rounded(999_990.0), "$1.0 M");
        assert_eq!(usd_rounded(450.4), "$450");
        assert_eq!(usd_rounded(-2_500_000.0), "−$2.5 M");
        assert_eq!(percent(0.25), "25%");
        assert_eq!(percent(0.311), "31.1%");
        assert_eq!(month("2030-06"), "Jun 2030");
        assert_eq!(month("week 3"), "week 3");
        assert_eq!(number(-1234.56, 1), "-1,234.6");
        assert_eq!(number(-0.01, 1), "0.0");
    }

    #[test]
    fn groups_whole_and_fractional_numbers() {
        assert_eq!(group_thousands("0"), "0");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("1234567.891"), "1,234,567.891");
        assert_eq!(int(-1234.4), "-1,234");
        assert_eq!(int(29_557_977.0), "29,557,977");
    }
}
