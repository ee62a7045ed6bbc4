//! `report.html`: one self-contained page for ministries and grant proposals.
//!
//! A pure function from the run's result and the drawn SVG charts to bytes.
//! The page loads nothing: styles are inline, charts are inline SVG, fonts
//! come from the reader's system. Sections: headline figures, charts with
//! their readings, every scenario input with its source, and method and
//! reproducibility notes. All scenario text is escaped. No dates or timings:
//! the same inputs give the same bytes.
//!
//! This file owns the page's frame (head, contents, footer) and the order of
//! its sections; each section has its own file, `text` the figures and
//! escaping they share, `style.css` the only style sheet. Like every
//! exporter, the page reads [`crate::results`] and the foundation `stats`
//! only (and the charts of [`crate::report`]).

mod assumptions;
mod cover;
mod figures;
mod headline;
mod lines;
mod method;
mod text;
mod uncertainty;

use std::fmt::Write as _;

use super::pack::PackChart;
use crate::results::RunResult;
use text::esc;

/// The page's only style sheet: system fonts, screen and A4 print.
const CSS: &str = include_str!("style.css");

/// Builds `report.html` from a run's result and the SVG bytes of each chart
/// of the pack (in report order).
pub fn report(result: &RunResult, charts: &[(&PackChart, &[u8])]) -> Vec<u8> {
    let s = &result.summary;
    let mut h = String::with_capacity(64 * 1024 + charts.iter().map(|c| c.1.len()).sum::<usize>());
    let title = format!("{} — capacity-planning report", s.scenario);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"bposim {}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n",
        esc(s.version),
        esc(&title),
        CSS
    );
    cover::cover(&mut h, result, figures::drawn(charts));
    headline::headline(&mut h, result);
    uncertainty::section(&mut h, result);
    figures::figures(&mut h, charts);
    assumptions::assumptions(&mut h, &result.assumptions.inputs);
    method::method(&mut h, result);
    let _ = write!(
        h,
        "<footer>Produced by bposim {} from scenario SHA-256 <code>{}</code>.</footer>\n</main>\n</body>\n</html>\n",
        esc(s.version),
        esc(&s.scenario_sha256)
    );
    h.into_bytes()
}

/// The last measured month (the start month when none is measured).
fn last_month(result: &RunResult) -> &str {
    result.months.last().unwrap_or(&result.summary.start)
}
