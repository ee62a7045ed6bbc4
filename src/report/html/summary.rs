//! The executive summary at the top of the page: four sentences (how many
//! people are needed, how many the pipeline delivers and how many of those
//! the education centres supply, when and where the shortfall starts, what
//! closes it), the same words as [`crate::report::headline`]. Reads
//! [`crate::results`] only.

use std::fmt::Write as _;

use super::text::esc;
use crate::report::headline::executive_summary;
use crate::results::RunResult;

/// The summary box.
pub fn summary(h: &mut String, result: &RunResult) {
    h.push_str(
        "<section id=\"summary\" class=\"summary first\" aria-label=\"Executive summary\">\n<h2>In brief</h2>\n",
    );
    for (i, sentence) in executive_summary(result).iter().enumerate() {
        let _ = writeln!(h, "<p class=\"s{}\">{}</p>", i + 1, esc(sentence));
    }
    let doubt = match &result.summary.uncertainty {
        Some(u) => format!(
            "for how far they move with the doubtful inputs, see \
             <a href=\"#uncertainty\">How sure are we?</a> ({} draws)",
            u.draws
        ),
        None => "an uncertainty study (<code>bposim run --draws 100</code> with an \
                 <code>[uncertainty]</code> section) shows how far they move with the doubtful inputs"
            .to_string(),
    };
    let _ = write!(
        h,
        "<p class=\"note\">People are rounded for reading (to the nearest ten from 1,000); the tables below give \
         exact means with their 95% intervals. Those intervals measure the simulation's own noise for the \
         inputs as written, not a forecast range: {doubt}.</p>\n</section>\n"
    );
}
