//! Section 2, charts: each drawn chart inlined as SVG with its reading; a
//! chart without data is left out and named. Reads the chart pack of
//! [`crate::report`] only.

use std::fmt::Write as _;

use super::text::esc;
use crate::report::charts::Chart;
use crate::report::pack::PackChart;

/// The title of a chart.
fn title(chart: &Chart) -> &str {
    chart.title()
}

/// Whether a chart has anything to plot (a chart without data is left out of the report).
fn has_data(chart: &Chart) -> bool {
    chart.has_data()
}

/// How many of the charts the page shows.
pub fn drawn(charts: &[(&PackChart, &[u8])]) -> usize {
    charts.iter().filter(|(c, _)| has_data(&c.chart)).count()
}

/// The charts section.
pub fn figures(h: &mut String, charts: &[(&PackChart, &[u8])]) {
    h.push_str(
        "<section id=\"charts\">\n<h2><span class=\"num\">2</span>Charts</h2>\n<p class=\"intro\">Shaded bands are \
         95% confidence intervals over the replications. For documents, use the chart files in <code>charts/</code> \
         (SVG for any size, PNG for word processors; formats chosen with <code>--format</code>).</p>\n",
    );
    let (drawn, empty): (Vec<_>, Vec<_>) = charts.iter().partition(|(c, _)| has_data(&c.chart));
    for (i, (chart, svg)) in drawn.iter().enumerate() {
        let title = title(&chart.chart);
        let _ = write!(
            h,
            "<figure id=\"chart-{}\">\n<div class=\"chart\">{}</div>\n<figcaption><span class=\"fig\">Figure {}.</span> \
             <strong>{}.</strong> {}</figcaption>\n</figure>\n",
            esc(chart.name),
            inline_svg(svg, i, title),
            i + 1,
            esc(title.trim_end_matches('.')),
            esc(&chart.reading)
        );
    }
    if drawn.is_empty() {
        h.push_str("<p>No charts were drawn for this run.</p>\n");
    }
    if !empty.is_empty() {
        let titles: Vec<String> = empty.iter().map(|(c, _)| esc(title(&c.chart))).collect();
        let _ = writeln!(
            h,
            "<p class=\"note\">Left out for lack of data in this run: {}.</p>",
            titles.join("; ")
        );
    }
    h.push_str("</section>\n");
}

/// Makes a standalone SVG document fit for inlining: no XML prolog, no
/// namespace URLs, a viewBox so it scales with the page, ids unique in the page.
fn inline_svg(svg: &[u8], index: usize, title: &str) -> String {
    let text = String::from_utf8_lossy(svg);
    let Some(start) = text.find("<svg") else {
        return "<p>(chart unavailable)</p>".into();
    };
    let body = &text[start..];
    let Some(tag_end) = body.find('>') else {
        return "<p>(chart unavailable)</p>".into();
    };
    let tag = &body[..tag_end];
    let rest = &body[tag_end..];
    let attr = |name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let i = tag.find(&key)? + key.len();
        let j = tag[i..].find('"')?;
        Some(tag[i..i + j].to_string())
    };
    let mut attrs = Vec::new();
    let (w, hgt) = (attr("width"), attr("height"));
    let view_box = attr("viewBox").or_else(|| {
        let num = |s: &Option<String>| s.as_deref().map(|v| v.trim_end_matches("px").to_string());
        Some(format!("0 0 {} {}", num(&w)?, num(&hgt)?))
    });
    if let Some(vb) = view_box {
        attrs.push(format!("viewBox=\"{}\"", esc(&vb)));
    }
    attrs.push("preserveAspectRatio=\"xMidYMid meet\"".into());
    attrs.push("role=\"img\"".into());
    attrs.push(format!("aria-label=\"{}\"", esc(title)));
    // Ids must be unique in the page: prefix them per chart.
    let prefix = format!("c{index}-");
    let mut rest = rest.to_string();
    if rest.contains("id=\"") {
        rest = rest
            .replace(" id=\"", &format!(" id=\"{prefix}"))
            .replace("url(#", &format!("url(#{prefix}"))
            .replace("href=\"#", &format!("href=\"#{prefix}"));
    }
    format!("<svg {}{}", attrs.join(" "), rest.trim_end())
}
