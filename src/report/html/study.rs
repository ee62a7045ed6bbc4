//! `report.html` of a study (`compare`, `sweep`): one self-contained page
//! with the headline of every case, the charts with their readings, and how
//! the cases were run. Like the run's report, a pure function of the result
//! ([`crate::results::StudyReport`]) and the drawn SVG charts; all text is
//! escaped and the page loads nothing.

use std::fmt::Write as _;

use super::figures::{has_data, inline_svg, title};
use super::text::{Unit, esc, fixed, int, plural, stat_cell};
use crate::report::charts::Chart;
use crate::report::format::{month, people, usd_rounded};
use crate::report::headline::{input_label, input_value};
use crate::results::{Stat, StudyCase, StudyReport, StudyRow};

/// One chart of a study's report.
pub struct StudyFigure<'a> {
    /// File stem under `charts/`.
    pub name: &'a str,
    /// The chart.
    pub chart: &'a Chart,
    /// Its SVG.
    pub svg: &'a [u8],
    /// One sentence on how to read it.
    pub reading: &'a str,
}

/// Builds a study's `report.html`.
pub fn report(study: &StudyReport, figures: &[StudyFigure]) -> Vec<u8> {
    let compare = study.kind == "compare";
    let mut h =
        String::with_capacity(32 * 1024 + figures.iter().map(|f| f.svg.len()).sum::<usize>());
    let kind = if compare {
        "Comparison of scenarios"
    } else {
        "Sensitivity study"
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"bposim {}\">\n<title>{} — {}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n",
        esc(study.version),
        esc(&study.title),
        kind.to_lowercase(),
        super::CSS
    );
    let _ = write!(
        h,
        "<header class=\"cover\">\n<p class=\"kicker\">{kind} · bposim {}</p>\n<h1>{}</h1>\n\
         <p class=\"lede\">{} case{} run with the same seed ({}) and {} replications each (common random numbers): \
         differences between the cases come from their inputs, not from chance. Figures are means over the \
         replications, with 95% confidence intervals in brackets.</p>\n\
         <nav aria-label=\"Contents\"><ol><li><a href=\"#summary\">In brief</a></li>\
         <li><a href=\"#headline\">Headline by case</a></li><li><a href=\"#charts\">Charts</a></li>\
         <li><a href=\"#method\">Method</a></li></ol></nav>\n</header>\n",
        esc(study.version),
        esc(&study.title),
        study.cases.len(),
        plural(study.cases.len()),
        study.seed,
        int(f64::from(study.replications)),
    );
    summary(&mut h, study);
    table(&mut h, study);
    charts(&mut h, figures);
    method(&mut h, study);
    h.push_str("<footer>Produced by bposim ");
    h.push_str(&esc(study.version));
    h.push_str(".</footer>\n</main>\n</body>\n</html>\n");
    h.into_bytes()
}

/// How a case reads in prose: its name, or the input and value it sets.
fn case_name(c: &StudyCase) -> String {
    if c.key.is_empty() {
        if c.case == "base" {
            "The base case".into()
        } else {
            c.case.clone()
        }
    } else {
        format!(
            "{} at {}",
            input_label(&c.key),
            input_value(&c.key, &c.value)
        )
    }
}

/// One sentence per case: when it runs short, its peak, its revenue.
fn case_sentence(c: &StudyCase) -> String {
    let short = match (&c.short_from, &c.peak_month) {
        (Some(from), Some(peak)) => format!(
            "short from {}, peaking at {} in {}",
            month(from),
            people(c.peak_shortfall.mean),
            month(peak)
        ),
        _ => "never short".into(),
    };
    format!(
        "{}: {short}; export revenue {}.",
        case_name(c),
        usd_rounded(c.revenue_usd.mean)
    )
}

/// The study in a few sentences.
fn summary(h: &mut String, study: &StudyReport) {
    h.push_str("<section id=\"summary\" class=\"summary first\" aria-label=\"Summary\">\n<h2>In brief</h2>\n");
    let Some(base) = study.cases.first() else {
        h.push_str("<p>The study has no cases.</p>\n</section>\n");
        return;
    };
    if study.kind == "compare" {
        for c in &study.cases {
            let _ = writeln!(h, "<p>{}</p>", esc(&case_sentence(c)));
        }
        let best = study
            .cases
            .iter()
            .min_by(|a, b| a.peak_shortfall.mean.total_cmp(&b.peak_shortfall.mean));
        if let Some(best) = best.filter(|_| study.cases.len() > 1) {
            let _ = writeln!(
                h,
                "<p>The smallest peak shortfall is {}'s ({}).</p>",
                esc(&best.case),
                esc(&people(best.peak_shortfall.mean))
            );
        }
    } else {
        let _ = writeln!(h, "<p>{}</p>", esc(&case_sentence(base)));
        let mut swings: Vec<(String, f64)> = Vec::new();
        for key in keys(study) {
            let cases: Vec<&StudyCase> = study.cases.iter().filter(|c| c.key == key).collect();
            let (Some(first), Some(last)) = (cases.first(), cases.last()) else {
                continue;
            };
            let (lo, hi) = cases
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), c| {
                    (a.min(c.peak_shortfall.mean), b.max(c.peak_shortfall.mean))
                });
            swings.push((input_label(&key), hi - lo));
            let _ = writeln!(
                h,
                "<p>{} from {} to {}: peak shortfall {} → {}{}.</p>",
                esc(&input_label(&key)),
                esc(&input_value(&key, &first.value)),
                esc(&input_value(&key, &last.value)),
                esc(&people(first.peak_shortfall.mean)),
                esc(&people(last.peak_shortfall.mean)),
                match &last.short_from {
                    Some(m) => format!(" (short from {})", esc(&month(m))),
                    None => " (never short)".into(),
                }
            );
        }
        swings.sort_by(|a, b| b.1.total_cmp(&a.1));
        if let Some((label, swing)) = swings.first().filter(|_| swings.len() > 1) {
            let _ = writeln!(
                h,
                "<p>Of the inputs varied, {} moves the peak shortfall most (by {}).</p>",
                esc(&label.to_lowercase()),
                esc(&people(*swing))
            );
        }
    }
    h.push_str(
        "<p class=\"note\">People and money are rounded for reading; the table below gives exact means with their \
         95% intervals.</p>\n</section>\n",
    );
}

/// The varied keys, in the order swept.
fn keys(study: &StudyReport) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &study.cases {
        if !c.key.is_empty() && !out.contains(&c.key) {
            out.push(c.key.clone());
        }
    }
    out
}

fn row<'a>(rows: &'a [StudyRow], case: &str, metric: &str) -> Option<&'a StudyRow> {
    rows.iter().find(|r| r.case == case && r.metric == metric)
}

/// A paired difference: "+12 (3 to 21)", with the sign always written.
fn diff(d: &Stat, unit: Unit) -> String {
    let f = |x: f64| match unit {
        Unit::Pct => format!("{} pt", fixed(x * 100.0, 1)),
        _ => int(x),
    };
    let signed = |x: f64| {
        let t = f(x);
        if x > 0.0 && t.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("+{t}")
        } else {
            t
        }
    };
    if d.ci95[0] == d.ci95[1] || !d.ci95[0].is_finite() {
        return signed(d.mean);
    }
    format!(
        "{}<br><span class=\"ci\">({} to {})</span>",
        signed(d.mean),
        signed(d.ci95[0]),
        signed(d.ci95[1])
    )
}

/// The headline of every case, exact, with its difference to the first.
fn table(h: &mut String, study: &StudyReport) {
    let compare = study.kind == "compare";
    let reference = if compare {
        "the first scenario"
    } else {
        "the base case"
    };
    let _ = write!(
        h,
        "<section id=\"headline\">\n<h2><span class=\"num\">1</span>Headline by case</h2>\n\
         <table class=\"data study\">\n<caption>Differences (Δ) are to {reference}, paired by replication \
         (common random numbers).</caption>\n<thead><tr>{}<th>first short month</th>\
         <th class=\"r\">peak shortfall (people)</th><th class=\"r\">Δ people</th>\
         <th class=\"r\">export revenue (USD)</th><th class=\"r\">Δ USD</th>\
         <th class=\"r\">service level</th><th class=\"r\">Δ</th></tr></thead>\n<tbody>\n",
        if compare {
            "<th>scenario</th>"
        } else {
            "<th>input varied</th><th class=\"r\">value</th>"
        }
    );
    for c in &study.cases {
        let d = |metric: &str, unit: Unit| {
            row(&study.rows, &c.case, metric).map_or("—".into(), |r| diff(&r.diff, unit))
        };
        let varied = if compare {
            format!("<td><span class=\"k\">{}</span></td>", esc(&c.case))
        } else if c.key.is_empty() {
            "<td>Base case <span class=\"sub\">(every input as in the scenario)</span></td><td></td>".into()
        } else {
            format!(
                "<td title=\"--set {}\">{}</td><td class=\"r\">{}</td>",
                esc(&c.case),
                esc(&input_label(&c.key)),
                esc(&input_value(&c.key, &c.value))
            )
        };
        let short = match &c.short_from {
            Some(m) => format!(
                "{}<br><span class=\"sub\">{}</span>",
                esc(&month(m)),
                esc(&c.first_short_pools.join(", "))
            ),
            None => "never".into(),
        };
        let _ = writeln!(
            h,
            "<tr data-case=\"{}\">{varied}<td>{short}</td>\
             <td class=\"r\">{}</td><td class=\"r\">{}</td><td class=\"r\">{}</td><td class=\"r\">{}</td>\
             <td class=\"r\">{}</td><td class=\"r\">{}</td></tr>",
            esc(&c.case),
            stat_cell(Some(&c.peak_shortfall), Unit::Int),
            d("peak_shortfall", Unit::Int),
            stat_cell(Some(&c.revenue_usd), Unit::Usd),
            d("revenue_usd", Unit::Usd),
            stat_cell(c.service_level.as_ref(), Unit::Pct),
            d("service_level", Unit::Pct),
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// The charts, each inlined with its reading.
fn charts(h: &mut String, figures: &[StudyFigure]) {
    h.push_str(
        "<section id=\"charts\">\n<h2><span class=\"num\">2</span>Charts</h2>\n<p class=\"intro\">Shaded bands are \
         95% confidence intervals over the replications. The chart files are in <code>charts/</code>.</p>\n",
    );
    let drawn: Vec<&StudyFigure> = figures.iter().filter(|f| has_data(f.chart)).collect();
    for (i, f) in drawn.iter().enumerate() {
        let t = title(f.chart);
        let _ = write!(
            h,
            "<figure id=\"chart-{}\">\n<div class=\"chart\">{}</div>\n<figcaption><span class=\"fig\">Figure {}.</span> \
             <strong>{}.</strong> {}</figcaption>\n</figure>\n",
            esc(f.name),
            inline_svg(f.svg, i, t),
            i + 1,
            esc(t.trim_end_matches('.')),
            esc(f.reading)
        );
    }
    if drawn.is_empty() {
        h.push_str("<p>No charts were drawn for this study.</p>\n");
    }
    h.push_str("</section>\n");
}

/// How the cases were run and what the figures mean.
fn method(h: &mut String, study: &StudyReport) {
    let csv = if study.kind == "compare" {
        "compare.csv"
    } else {
        "sweep.csv"
    };
    let _ = write!(
        h,
        "<section id=\"method\">\n<h2><span class=\"num\">3</span>Method</h2>\n<dl class=\"facts\">\n\
         <dt>Tool</dt><dd>bposim {}</dd>\n<dt>Seed</dt><dd>{}</dd>\n<dt>Replications</dt><dd>{} per case</dd>\n\
         <dt>Cases</dt><dd>{}</dd>\n<dt>Every figure</dt><dd><code>{csv}</code> next to this report</dd>\n</dl>\n\
         <dl class=\"defs\">\n<dt>Peak shortfall</dt><dd>The largest monthly sum over pools (skill × language) of \
         max(0, people required on the floor − people available); spare people in one pool never cover another.</dd>\n\
         <dt>First short month</dt><dd>The first month any pool misses half a person or more.</dd>\n\
         <dt>Paired difference</dt><dd>Replication r of every case draws the same random numbers wherever the \
         inputs agree, so the difference of each replication to the reference is averaged, and its interval \
         reflects the inputs, not the noise.</dd>\n</dl>\n</section>\n",
        esc(study.version),
        study.seed,
        int(f64::from(study.replications)),
        int(study.cases.len() as f64),
    );
}
