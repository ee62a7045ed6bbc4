//! The cover: title, what was simulated, and the contents. Reads
//! [`crate::results`] only.

use std::fmt::Write as _;

use super::text::{esc, int, plural};
use crate::results::RunResult;

/// The cover; `n_charts` is the number of charts the page shows.
pub fn cover(h: &mut String, result: &RunResult, n_charts: usize) {
    let s = &result.summary;
    let first = result.months.first().unwrap_or(&s.start);
    let _ = write!(
        h,
        "<header class=\"cover\">\n<p class=\"kicker\">Capacity-planning report · bposim {}</p>\n<h1>{}</h1>\n\
         <p class=\"lede\">Discrete-event simulation of {} service line{} from {} to {} ({} month{}, {} replications). \
         Figures are means over the replications, with 95% confidence intervals in brackets: mean (low–high).</p>\n",
        esc(s.version),
        esc(&s.scenario),
        s.lines.len(),
        plural(s.lines.len()),
        esc(first),
        esc(super::last_month(result)),
        result.months.len(),
        plural(result.months.len()),
        int(f64::from(s.replications)),
    );
    let _ = write!(
        h,
        "<nav aria-label=\"Contents\"><ol>\
         <li><a href=\"#headline\">Headline figures</a></li>\
         <li><a href=\"#charts\">Charts ({n_charts})</a></li>\
         <li><a href=\"#assumptions\">Assumptions and sources</a></li>\
         <li><a href=\"#method\">Method and reproducibility</a></li>\
         </ol></nav>\n</header>\n"
    );
}
