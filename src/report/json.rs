//! `summary.json`: pretty JSON with a trailing newline; no clock data, so the
//! same inputs give the same bytes.

use crate::results::Summary;

/// Serialises the summary.
pub fn summary(summary: &Summary) -> Vec<u8> {
    // Plain structs with string keys: serialising into memory cannot fail
    // (non-finite numbers become `null`).
    let mut out = serde_json::to_vec_pretty(summary).expect("summary.json serialises into memory");
    out.push(b'\n');
    out
}
