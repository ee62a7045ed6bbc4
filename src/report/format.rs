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

#[cfg(test)]
mod tests {
    use super::*;

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
