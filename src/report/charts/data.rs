//! Reading chart data as given: non-finite (or absurdly large) values are
//! gaps, lines break into runs between gaps, and axes span what is left.

use super::{Band, ReferenceLine};

/// Finite values no larger than ±1e300 (beyond that spans overflow).
pub(super) fn usable(v: f64) -> bool {
    v.is_finite() && v.abs() <= 1e300
}

/// The value at `i`, if there is one and it is usable.
pub(super) fn value_at(values: &[f64], i: usize) -> Option<f64> {
    values.get(i).copied().filter(|v| usable(*v))
}

/// Runs of consecutive indices where `f` gives a value.
pub(super) fn runs<T>(n: usize, f: impl Fn(usize) -> Option<T>) -> Vec<Vec<(usize, T)>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for i in 0..n {
        match f(i) {
            Some(v) => run.push((i, v)),
            None if !run.is_empty() => out.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Band value pairs (low, high) at index `i`, ordered.
pub(super) fn band_at(band: &Band, i: usize) -> Option<(f64, f64)> {
    let (a, b) = (value_at(&band.low, i)?, value_at(&band.high, i)?);
    Some((a.min(b), a.max(b)))
}

/// Values of a series over its first `n` indices, then the ends of its band;
/// gaps left out.
pub(super) fn with_band<'a>(
    values: &'a [f64],
    band: Option<&'a Band>,
    n: usize,
) -> impl Iterator<Item = f64> + 'a {
    let band = band.into_iter().flat_map(move |b| {
        (0..n)
            .filter_map(move |i| band_at(b, i))
            .flat_map(|(l, h)| [l, h])
    });
    (0..n).filter_map(move |i| value_at(values, i)).chain(band)
}

/// Smallest and largest usable value, if any.
pub(super) fn range_of(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| usable(*v))
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}

/// Reference lines that can be drawn: usable, and above zero on a log axis.
pub(super) fn drawable(lines: &[ReferenceLine], log: bool) -> Vec<&ReferenceLine> {
    lines
        .iter()
        .filter(|l| usable(l.value) && (!log || l.value > 0.0))
        .collect()
}
