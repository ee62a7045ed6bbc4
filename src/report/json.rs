//! `summary.json`: pretty JSON with a trailing newline; no clock data, so the
//! same inputs give the same bytes.

use crate::results::Summary;

/// Serialises the summary.
pub fn summary(summary: &Summary) -> serde_json::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(summary)?;
    out.push(b'\n');
    Ok(out)
}
