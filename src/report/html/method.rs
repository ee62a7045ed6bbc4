//! Section 4, method and reproducibility: the facts of the run (tool,
//! scenario, seed, horizon, methods), how to reproduce it, and definitions.
//! Reads [`crate::results`] only.

use std::fmt::Write as _;

use super::text::{esc, fixed, int, plural};
use crate::results::RunResult;

/// The method section.
pub fn method(h: &mut String, result: &RunResult) {
    let s = &result.summary;
    h.push_str("<section id=\"method\">\n<h2><span class=\"num\">4</span>Method and reproducibility</h2>\n<dl class=\"facts\">\n");
    facts(h, result);
    h.push_str("</dl>\n");
    let _ = write!(
        h,
        "<h3>Reproduce this report</h3>\n<p>The exact input is saved next to this report as <code>scenario.toml</code> \
         (its SHA-256 is given above). From this report's folder, run:</p>\n<pre><code>bposim run scenario.toml --seed {} --replications {} --out rerun</code></pre>\n\
         <p>The same inputs give the same bytes on any machine and with any number of threads. Large studies can run \
         their replications on several machines with <code>--shard K/N</code> and be combined with <code>bposim merge</code>; \
         the merged result is identical.</p>\n",
        s.seed, s.replications
    );
    if result.assumptions.built_in {
        let _ = writeln!(
            h,
            "<p>This is the built-in plan, so <code>bposim run --seed {} --replications {}</code> gives the same \
             result without the file.</p>",
            s.seed, s.replications
        );
    }
    h.push_str(
        "<h3>Definitions</h3>\n<dl class=\"defs\">\n\
         <dt>Service level</dt><dd>Tasks that started service within the target time (deferred lines: completed within it) \
         ÷ offered tasks; abandoned tasks count as misses.</dd>\n\
         <dt>Mean wait</dt><dd>Average wait of handled tasks until service started (average speed of answer).</dd>\n\
         <dt>Abandoned</dt><dd>Tasks whose client gave up before being served ÷ offered tasks.</dd>\n\
         <dt>Occupancy</dt><dd>Busy agent time ÷ on-duty agent time.</dd>\n\
         <dt>Staffing gap</dt><dd>People required to meet every target (after shrinkage, training and attrition) minus \
         people available on the floor (nesting, proficient and L2 agents; rostered agents in fixed staffing).</dd>\n\
         <dt>Export revenue</dt><dd>Price × handled work of every line, in USD.</dd>\n\
         </dl>\n</section>\n",
    );
}

/// The facts of the run, one `<dt>`/`<dd>` pair each.
fn facts(h: &mut String, result: &RunResult) {
    let s = &result.summary;
    let st = &result.staffing;
    let inputs = &result.assumptions.inputs;
    let mut fact = |k: &str, v: String| {
        let _ = writeln!(h, "<dt>{k}</dt><dd>{v}</dd>");
    };
    fact("Tool", format!("bposim {}", esc(s.version)));
    fact("Scenario", esc(&s.scenario));
    fact(
        "Scenario file",
        format!("<code>{}</code>", esc(&result.assumptions.file)),
    );
    fact(
        "Scenario SHA-256",
        format!("<code class=\"hash\">{}</code>", esc(&s.scenario_sha256)),
    );
    // Say so when the command line overrode the file (the table of assumptions shows the file).
    let overridden = |key: &str, used: String, option: &str| match inputs.find("scenario", key) {
        Some(file) if file != used => format!(
            " <span class=\"sub\">(set with <code>{option}</code>; the scenario file says {})</span>",
            esc(&file)
        ),
        _ => String::new(),
    };
    fact(
        "Seed",
        format!(
            "<code>{}</code>{}",
            s.seed,
            overridden("seed", s.seed.to_string(), "--seed")
        ),
    );
    fact(
        "Replications",
        format!(
            "{}{}",
            int(f64::from(s.replications)),
            overridden("replications", s.replications.to_string(), "--replications")
        ),
    );
    fact(
        "Horizon",
        format!(
            "{} to {} ({} days); {} month{} measured{}",
            esc(&s.start),
            esc(super::last_month(result)),
            int(s.days as f64),
            result.months.len(),
            plural(result.months.len()),
            if s.warmup_days > 0.0 {
                format!(
                    ", after a warm-up of {} days discarded from the statistics",
                    fixed(s.warmup_days, 1)
                )
            } else {
                String::new()
            }
        ),
    );
    fact(
        "Staffing requirement",
        format!(
            "{}, in {}-minute intervals; converted to headcount for shrinkage and shift efficiency and, with a \
             workforce pipeline, for classroom time, the learning curve and team leads",
            esc(&st.method),
            st.interval_min
        ),
    );
    fact(
        "Confidence intervals",
        format!(
            "95% intervals from the Student t distribution over the {} replications (mean ± t<sub>0.975, n−1</sub> × \
             standard deviation ÷ √n). Replication <i>r</i> draws its random numbers from streams derived from \
             (seed, <i>r</i>) only, one stream per source of randomness.",
            int(f64::from(s.replications))
        ),
    );
}
