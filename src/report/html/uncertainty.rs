//! The section "How sure are we?": the uncertainty study's quotable
//! sentences, the doubtful inputs, the chance of a shortfall year by year,
//! each pool's and line's odds, and the inputs ranked by their share of the
//! variance. Reads [`crate::results`] only.

use std::fmt::Write as _;

use super::text::{esc, int, pct0};
use crate::report::odds::{input, month, percent, sentences, short_by_year};
use crate::results::{RunResult, Uncertainty};

/// Writes the section if the run has an uncertainty study.
pub fn section(h: &mut String, result: &RunResult) {
    let Some(u) = &result.summary.uncertainty else {
        return;
    };
    let _ = write!(
        h,
        "<section id=\"uncertainty\">\n<h2>How sure are we?</h2>\n\
         <p class=\"sub\">The figures above take every input as written. Here the plan is \
         simulated again for {} draws of the {} doubtful inputs below, each draw with the \
         base run's random numbers: a <em>prediction band</em> shows how far a figure moves \
         when the inputs move within their ranges; the <em>95% intervals</em> above show \
         only the simulation's own noise.</p>\n<ul class=\"quotes\">\n",
        u.draws,
        u.inputs.len()
    );
    for s in sentences(u) {
        let _ = writeln!(h, "<li>{}</li>", esc(&s));
    }
    h.push_str("</ul>\n");
    inputs(h, u);
    years(h, u);
    pools(h, u, result);
    lines(h, u, result);
    sensitivity(h, u);
    let _ = writeln!(
        h,
        "<p class=\"sub\">Method: {}.</p>\n</section>",
        esc(&u.method)
    );
}

/// A pool's name for people (its id if unknown).
fn pool_name(result: &RunResult, id: &str) -> String {
    result
        .staffing
        .plan
        .pools
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// A line's name for people (its id if unknown).
fn line_name(result: &RunResult, id: &str) -> String {
    result
        .summary
        .lines
        .iter()
        .find(|l| l.id == id)
        .map_or_else(|| id.to_string(), |l| l.name.clone())
}

fn inputs(h: &mut String, u: &Uncertainty) {
    h.push_str(
        "<h3>The doubtful inputs</h3>\n<table>\n<thead><tr><th>input</th><th>distribution</th>\
         <th>drawn from</th><th>to</th></tr></thead>\n<tbody>\n",
    );
    for i in &u.inputs {
        let _ = writeln!(
            h,
            "<tr><td>{}<br><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&input(u, &i.key)),
            esc(&i.key),
            esc(&i.distribution),
            short(i.drawn_range[0]),
            short(i.drawn_range[1])
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

/// A drawn value, to 4 significant digits.
fn short(x: f64) -> String {
    if x.abs() >= 1000.0 {
        int(x)
    } else {
        format!("{:.4}", x)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

fn years(h: &mut String, u: &Uncertainty) {
    h.push_str(
        "<h3>The chance that some pool is short, year by year</h3>\n<table>\n<thead><tr>\
         <th>by the end of</th><th>chance</th></tr></thead>\n<tbody>\n",
    );
    for (year, p) in short_by_year(u) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(&year),
            percent(p)
        );
    }
    let _ = writeln!(h, "</tbody>\n</table>");
    let by = |m: &Option<String>| {
        m.as_ref().map_or(0.0, |m| {
            u.short_from
                .by_month
                .iter()
                .find(|x| &x.month == m)
                .map_or(0.0, |x| x.p_short_by)
        })
    };
    match &u.short_from.p50 {
        Some(p50) => {
            let _ = writeln!(
                h,
                "<p>First short month: {} in the median draw ({} of draws are short by then); {} of draws are never short.</p>",
                month(p50),
                percent(by(&u.short_from.p50)),
                percent(u.short_from.p_never_short)
            );
        }
        None => {
            let _ = writeln!(
                h,
                "<p>In more than half of the draws no pool is ever short ({} of draws).</p>",
                percent(u.short_from.p_never_short)
            );
        }
    }
}

fn pools(h: &mut String, u: &Uncertainty, result: &RunResult) {
    if u.pools.is_empty() {
        return;
    }
    h.push_str(
        "<h3>Pools</h3>\n<table>\n<thead><tr><th>pool</th><th>chance of being short</th>\
         <th>shortfall at the end, median</th><th>80% of draws</th></tr></thead>\n<tbody>\n",
    );
    for p in &u.pools {
        let q = &p.shortfall_end;
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}–{}</td></tr>",
            esc(&pool_name(result, &p.id)),
            percent(p.p_ever_short),
            int(q.p50),
            int(q.p10),
            int(q.p90)
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn lines(h: &mut String, u: &Uncertainty, result: &RunResult) {
    let Some(first) = u.lines.first() else {
        return;
    };
    h.push_str("<h3>The chance each line meets its target</h3>\n<table>\n<thead><tr><th>line</th><th>target</th>");
    for y in &first.years {
        let _ = write!(h, "<th>{}</th>", esc(&y.year));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for l in &u.lines {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td>",
            esc(&line_name(result, &l.id)),
            pct0(l.target)
        );
        for y in &l.years {
            let _ = write!(h, "<td class=\"num\">{}</td>", percent(y.p_meets_target));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

fn sensitivity(h: &mut String, u: &Uncertainty) {
    h.push_str("<h3>Which doubt matters most</h3>\n");
    for s in &u.sensitivity {
        let Some(r2) = s.r_squared else {
            if let Some(note) = &s.note {
                let _ = writeln!(h, "<p>{}: {}.</p>", esc(&s.output), esc(note));
            }
            continue;
        };
        let _ = write!(
            h,
            "<table>\n<thead><tr><th>input</th><th>share of the variance of the {}</th>\
             <th>the {} rises with it</th></tr></thead>\n<tbody>\n",
            esc(&s.output),
            esc(&s.output)
        );
        for x in &s.shares {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&input(u, &x.key)),
                percent(x.share),
                if x.share < 0.01 {
                    "—"
                } else if x.coefficient > 0.0 {
                    "yes"
                } else {
                    "no: it falls"
                }
            );
        }
        let _ = writeln!(
            h,
            "</tbody>\n</table>\n<p class=\"sub\">By {}: the inputs together explain {} of the variance of its ranks.</p>",
            esc(&s.method),
            percent(r2)
        );
    }
}
