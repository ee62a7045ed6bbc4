//! `report.html`: one self-contained page for ministries and grant proposals.
//!
//! A pure function from the result, the scenario text and the rendered SVG
//! charts to bytes. The page loads nothing: styles are inline, charts are
//! inline SVG, fonts come from the reader's system. Sections: headline
//! figures, charts with their readings, every scenario input with its
//! source, and method and reproducibility notes. All scenario text is
//! escaped. No dates or timings: the same inputs give the same bytes.

use std::fmt::Write as _;

use super::charts::Chart;
use super::pack::PackChart;
use crate::results::{LineSummary, RunResult, TargetSummary};
use crate::scenario::{Channel, Source};
use crate::stats::Stat;

/// The title of a chart.
pub fn chart_title(chart: &Chart) -> &str {
    match chart {
        Chart::Lines(c) => &c.title,
        Chart::StackedAreas(c) => &c.title,
        Chart::WeeklyProfile(c) => &c.title,
        Chart::Cdf(c) => &c.title,
        Chart::Tornado(c) => &c.title,
    }
}

/// Whether a chart has anything to plot (a chart without data is left out of the report).
pub fn has_data(chart: &Chart) -> bool {
    let any = |v: &[f64]| v.iter().any(|x| x.is_finite());
    match chart {
        Chart::Lines(c) => c.series.iter().any(|s| any(&s.values)),
        Chart::StackedAreas(c) => c.layers.iter().any(|l| any(&l.values)),
        Chart::WeeklyProfile(c) => any(&c.demand.values) || any(&c.staff.values),
        Chart::Cdf(c) => c
            .series
            .iter()
            .any(|s| s.points.iter().any(|p| p.0.is_finite() && p.1.is_finite())),
        Chart::Tornado(c) => !c.bars.is_empty(),
    }
}

/// Builds `report.html` from a run's result, its scenario and the SVG bytes
/// of each chart of the pack (in report order).
pub fn report(result: &RunResult, scenario: &Source, charts: &[(&PackChart, &[u8])]) -> Vec<u8> {
    let inputs = assumptions::parse(&scenario.text);
    let s = &result.summary;
    let mut h = String::with_capacity(64 * 1024 + charts.iter().map(|c| c.1.len()).sum::<usize>());
    let title = format!("{} — capacity-planning report", s.scenario);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"bposim {}\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
        esc(s.version),
        esc(&title),
        CSS
    );
    cover(
        &mut h,
        result,
        charts.iter().filter(|(c, _)| has_data(&c.chart)).count(),
    );
    headline(&mut h, result);
    charts_section(&mut h, charts);
    assumptions_section(&mut h, &inputs);
    method(&mut h, result, scenario);
    let _ = write!(
        h,
        "<footer>Produced by bposim {} from scenario SHA-256 <code>{}</code>.</footer>\n</main>\n</body>\n</html>\n",
        esc(s.version),
        esc(&s.scenario_sha256)
    );
    h.into_bytes()
}

// ---------------------------------------------------------------------------
// Sections

fn cover(h: &mut String, result: &RunResult, n_charts: usize) {
    let s = &result.summary;
    let last = result
        .months
        .last()
        .cloned()
        .unwrap_or_else(|| s.start.clone());
    let first = result
        .months
        .first()
        .cloned()
        .unwrap_or_else(|| s.start.clone());
    let _ = write!(
        h,
        "<header class=\"cover\">\n<p class=\"kicker\">Capacity-planning report · bposim {}</p>\n<h1>{}</h1>\n\
         <p class=\"lede\">Discrete-event simulation of {} service line{} from {} to {} ({} month{}, {} replications). \
         Figures are means over the replications, with 95% confidence intervals in brackets: mean (low–high).</p>\n",
        esc(s.version),
        esc(&s.scenario),
        s.lines.len(),
        plural(s.lines.len()),
        esc(&first),
        esc(&last),
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

fn headline(h: &mut String, result: &RunResult) {
    let s = &result.summary;
    let c = &s.staffing;
    let t = &s.totals;
    h.push_str("<section id=\"headline\" class=\"first\">\n<h2><span class=\"num\">1</span>Headline figures</h2>\n");

    // The capacity plan, pool by pool, and what closes it.
    h.push_str("<div class=\"callout\">\n<h3>Capacity plan</h3>\n");
    let _ = writeln!(
        h,
        "<p><strong>{}</strong></p>",
        esc(&super::headline::shortfall(c))
    );
    if let Some(pools) = super::headline::pools(c) {
        let _ = writeln!(h, "<p>{}</p>", esc(&pools));
    }
    let levers = super::headline::what_closes_it(c);
    if !levers.is_empty() {
        h.push_str(
            "<p>What closes it (each lever alone, found and confirmed by simulation):</p>\n<ul>\n",
        );
        for lever in &levers {
            let _ = writeln!(h, "<li>{}</li>", esc(lever));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</div>\n");

    // Key figures.
    h.push_str("<div class=\"cards\">\n");
    match (&c.peak_month, &c.short_from) {
        (Some(peak), Some(from)) => card(
            h,
            "Peak shortfall",
            &format!("{} people", int(c.peak_shortfall.mean)),
            &format!("in {}; short from {}", esc(peak), esc(from)),
        ),
        _ => card(
            h,
            "Peak shortfall",
            "none",
            "every pool has the people it needs in every month",
        ),
    }
    card(
        h,
        "Pools short",
        &format!(
            "{} of {}",
            c.pools.iter().filter(|p| p.months_short > 0).count(),
            c.pools.len()
        ),
        "skill × language pools short in some month",
    );
    let met = s
        .lines
        .iter()
        .filter(|l| line_verdict(l) == Verdict::Met)
        .count();
    card(
        h,
        "Lines meeting their target",
        &format!("{met} of {}", s.lines.len()),
        "service level at or above target with 95% confidence",
    );
    card(
        h,
        "Export revenue",
        &usd(t.revenue_usd.mean),
        &format!(
            "95% CI {}; {} tasks handled",
            ci_usd(&t.revenue_usd),
            int(t.handled.mean)
        ),
    );
    if t.wage_bill_usd.mean > 0.0 {
        card(
            h,
            "Wage bill",
            &usd(t.wage_bill_usd.mean),
            &format!(
                "95% CI {}; revenue is {}× the wage bill",
                ci_usd(&t.wage_bill_usd),
                fixed(t.revenue_usd.mean / t.wage_bill_usd.mean, 2)
            ),
        );
    } else {
        card(
            h,
            "Wage bill",
            "not modelled",
            "fixed staffing: no workforce pipeline",
        );
    }
    card(
        h,
        "Headcount at the end",
        &format!("{} people", int(t.headcount_end.mean)),
        &if t.hires.mean > 0.0 || t.attrition.mean > 0.0 {
            format!(
                "after {} hires ({} graduates placed) and {} leavers",
                int(t.hires.mean),
                int(t.graduates_placed.mean),
                int(t.attrition.mean)
            )
        } else {
            "fixed staffing".to_string()
        },
    );
    h.push_str("</div>\n");

    if !s.warnings.is_empty() {
        h.push_str("<div class=\"warning\"><h3>Check before use</h3><ul>\n");
        for w in &s.warnings {
            let _ = writeln!(h, "<li>{}</li>", esc(w));
        }
        h.push_str("</ul></div>\n");
    }

    // Service level vs target.
    h.push_str(
        "<h3>Service level vs target by line</h3>\n<table class=\"data\">\n<thead><tr>\
         <th>Line</th><th>Channel</th><th>Skill</th><th>Target</th><th class=\"r\">Service level</th><th>Verdict</th>\
         </tr></thead>\n<tbody>\n",
    );
    for l in &s.lines {
        let _ = writeln!(
            h,
            "<tr><td><span class=\"id\">{}</span></td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"r\">{}</td><td>{}</td></tr>",
            esc(&l.id),
            channel(l.channel),
            esc(&l.skill),
            if l.classes.is_empty() {
                target(&l.target, l.channel)
            } else {
                "by priority class:".to_string()
            },
            stat_cell(l.service_level.as_ref(), Unit::Pct),
            line_verdict(l).html()
        );
        for class in &l.classes {
            let v = verdict(class.service_level, class.target.service_level);
            let _ = writeln!(
                h,
                "<tr class=\"class\"><td>↳ class {}</td><td></td><td></td><td>{}</td><td class=\"r\">{}</td><td>{}</td></tr>",
                esc(&class.name),
                target(&class.target, l.channel),
                stat_cell(class.service_level.as_ref(), Unit::Pct),
                v.html()
            );
        }
    }
    h.push_str(
        "</tbody>\n</table>\n<p class=\"note\">Service level: share of offered tasks that started service \
         (real-time lines) or were completed (deferred lines) within the target time; abandoned tasks count as misses. \
         Verdict: <em>meets</em> when the whole 95% interval is at or above the target, <em>below</em> when it is \
         wholly under it, <em>borderline</em> otherwise; a line with priority classes takes the verdict of its worst class.</p>\n",
    );

    // Throughput per line.
    h.push_str(
        "<h3>Throughput, waiting and revenue by line</h3>\n<table class=\"data\">\n<thead><tr>\
         <th>Line</th><th class=\"r\">Offered</th><th class=\"r\">Handled</th><th class=\"r\">Abandoned</th>\
         <th class=\"r\">Mean wait</th><th class=\"r\">Occupancy</th><th class=\"r\">Revenue (USD)</th>\
         </tr></thead>\n<tbody>\n",
    );
    for l in &s.lines {
        line_row(h, l);
    }
    let _ = write!(
        h,
        "</tbody>\n<tfoot><tr><th>All lines</th><td class=\"r\">{}</td><td class=\"r\">{}</td><td></td><td></td><td></td>\
         <td class=\"r\">{}</td></tr></tfoot>\n</table>\n",
        stat_cell(Some(&s.totals.offered), Unit::Int),
        stat_cell(Some(&s.totals.handled), Unit::Int),
        stat_cell(Some(&s.totals.revenue_usd), Unit::Usd),
    );
    h.push_str(
        "<p class=\"note\">Counts are totals over the measured period per replication. Abandoned: share of offered \
         tasks whose client gave up waiting. Mean wait: average speed of answer of handled tasks. Occupancy: busy time \
         ÷ on-duty time of the agents holding the line's skill.</p>\n",
    );

    // Workforce totals.
    h.push_str(
        "<h3>Workforce and money over the horizon</h3>\n<table class=\"data narrow\">\n<thead><tr><th>Total</th>\
         <th class=\"r\">Mean (95% CI)</th></tr></thead>\n<tbody>\n",
    );
    let rows: [(&str, &Stat, Unit); 8] = [
        ("Tasks offered", &t.offered, Unit::Int),
        ("Tasks handled", &t.handled, Unit::Int),
        ("Export revenue (USD)", &t.revenue_usd, Unit::Usd),
        ("Wage bill (USD)", &t.wage_bill_usd, Unit::Usd),
        ("Headcount at the end (people)", &t.headcount_end, Unit::Int),
        ("Hires", &t.hires, Unit::Int),
        ("Graduates placed in BPO", &t.graduates_placed, Unit::Int),
        ("Leavers (attrition)", &t.attrition, Unit::Int),
    ];
    for (label, stat, unit) in rows {
        let _ = writeln!(
            h,
            "<tr><td>{label}</td><td class=\"r\">{}</td></tr>",
            stat_inline(Some(stat), unit)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn line_row(h: &mut String, l: &LineSummary) {
    let _ = writeln!(
        h,
        "<tr><td><span class=\"id\">{}</span></td><td class=\"r\">{}</td><td class=\"r\">{}</td><td class=\"r\">{}</td>\
         <td class=\"r\">{}</td><td class=\"r\">{}</td><td class=\"r\">{}</td></tr>",
        esc(&l.id),
        stat_cell(Some(&l.offered), Unit::Int),
        stat_cell(Some(&l.handled), Unit::Int),
        stat_cell(l.abandon_rate.as_ref(), Unit::Pct),
        stat_cell(l.asa_s.as_ref(), Unit::Wait),
        stat_cell(l.occupancy.as_ref(), Unit::Pct),
        stat_cell(Some(&l.revenue_usd), Unit::Usd),
    );
}

fn charts_section(h: &mut String, charts: &[(&PackChart, &[u8])]) {
    h.push_str(
        "<section id=\"charts\">\n<h2><span class=\"num\">2</span>Charts</h2>\n<p class=\"intro\">Shaded bands are \
         95% confidence intervals over the replications. For documents, use the chart files in <code>charts/</code> \
         (SVG for any size, PNG for word processors; formats chosen with <code>--format</code>).</p>\n",
    );
    let (drawn, empty): (Vec<_>, Vec<_>) = charts.iter().partition(|(c, _)| has_data(&c.chart));
    for (i, (chart, svg)) in drawn.iter().enumerate() {
        let title = chart_title(&chart.chart);
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
        let titles: Vec<String> = empty
            .iter()
            .map(|(c, _)| esc(chart_title(&c.chart)))
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"note\">Left out for lack of data in this run: {}.</p>",
            titles.join("; ")
        );
    }
    h.push_str("</section>\n");
}

fn assumptions_section(h: &mut String, inputs: &assumptions::Inputs) {
    h.push_str("<section id=\"assumptions\">\n<h2><span class=\"num\">3</span>Assumptions and sources</h2>\n");
    h.push_str(
        "<p class=\"intro\">Every input of the scenario file, as written, with the source stated in the file's \
         comment on that line (or on the comment lines directly above it). An input whose line carries no comment \
         shows <span class=\"missing\">not stated</span>.</p>\n",
    );
    if !inputs.preamble.is_empty() {
        h.push_str("<blockquote class=\"preamble\">");
        for para in inputs.preamble.split("\n\n") {
            // Reflow hard-wrapped comment lines; indented lines (commands, lists) keep their own line.
            let mut text = String::new();
            for line in para.lines() {
                let indented = line.starts_with("  ") || line.starts_with('\t');
                let bullet = ["- ", "* ", "• "]
                    .iter()
                    .any(|b| line.trim_start().starts_with(b));
                if indented {
                    let _ = write!(text, "<br><code>{}</code>", esc(line.trim()));
                    continue;
                }
                if !text.is_empty() {
                    text.push_str(if bullet || text.ends_with("</code>") {
                        "<br>"
                    } else {
                        " "
                    });
                }
                text.push_str(&esc(line.trim()));
            }
            let _ = write!(h, "<p>{}</p>", text.trim_start_matches("<br>"));
        }
        h.push_str("</blockquote>\n");
    }
    let (total, stated, assumed) = inputs.counts();
    let _ = writeln!(
        h,
        "<p class=\"counts\"><strong>{}</strong> input{}: <strong>{}</strong> with a stated source or note \
         (<strong>{}</strong> of them marked as an assumption), <strong>{}</strong> not stated.</p>",
        int(total as f64),
        plural(total),
        int(stated as f64),
        int(assumed as f64),
        int((total - stated) as f64)
    );
    h.push_str(
        "<table class=\"data inputs\">\n<colgroup><col class=\"c-key\"><col class=\"c-val\"><col class=\"c-src\"></colgroup>\n\
         <thead><tr><th>Input</th><th>Value</th><th>Source</th></tr></thead>\n",
    );
    for group in &inputs.groups {
        let _ = write!(
            h,
            "<tbody>\n<tr class=\"group\"><th colspan=\"3\">{} <code>{}</code>{}</th></tr>\n",
            group.title_html(),
            esc(&group.header_as_written()),
            group
                .comment
                .as_ref()
                .map(|c| format!(" <span class=\"sub\">— {}</span>", esc(c)))
                .unwrap_or_default()
        );
        for input in &group.inputs {
            input.rows(h, &group.path_label());
        }
        h.push_str("</tbody>\n");
    }
    if inputs.groups.is_empty() {
        h.push_str("<tbody><tr><td colspan=\"3\">The scenario has no inputs.</td></tr></tbody>\n");
    }
    h.push_str("</table>\n</section>\n");
}

fn method(h: &mut String, result: &RunResult, scenario: &Source) {
    let s = &result.summary;
    let st = &result.staffing;
    let last = result
        .months
        .last()
        .cloned()
        .unwrap_or_else(|| s.start.clone());
    h.push_str("<section id=\"method\">\n<h2><span class=\"num\">4</span>Method and reproducibility</h2>\n<dl class=\"facts\">\n");
    let mut fact = |k: &str, v: String| {
        let _ = writeln!(h, "<dt>{k}</dt><dd>{v}</dd>");
    };
    fact("Tool", format!("bposim {}", esc(s.version)));
    fact("Scenario", esc(&s.scenario));
    fact(
        "Scenario file",
        format!("<code>{}</code>", esc(&scenario.name)),
    );
    fact(
        "Scenario SHA-256",
        format!("<code class=\"hash\">{}</code>", esc(&s.scenario_sha256)),
    );
    let inputs = assumptions::parse(&scenario.text);
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
            esc(&last),
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
    if scenario.text == crate::scenario::BUILT_IN {
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

// ---------------------------------------------------------------------------
// Pieces

fn card(h: &mut String, label: &str, value: &str, note: &str) {
    let _ = writeln!(
        h,
        "<div class=\"card\"><div class=\"label\">{label}</div><div class=\"value\">{value}</div>\
         <div class=\"sub\">{note}</div></div>"
    );
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Met,
    Below,
    Borderline,
    Unknown,
}

impl Verdict {
    fn html(self) -> &'static str {
        match self {
            Verdict::Met => "<span class=\"ok\">✓ meets</span>",
            Verdict::Below => "<span class=\"bad\">✗ below</span>",
            Verdict::Borderline => "<span class=\"warn\">≈ borderline</span>",
            Verdict::Unknown => "<span class=\"sub\">no tasks</span>",
        }
    }
}

/// A line's verdict; a line with priority classes is as good as its worst class.
fn line_verdict(l: &LineSummary) -> Verdict {
    if l.classes.is_empty() {
        return verdict(l.service_level, l.target.service_level);
    }
    let all: Vec<Verdict> = l
        .classes
        .iter()
        .map(|c| verdict(c.service_level, c.target.service_level))
        .collect();
    [Verdict::Below, Verdict::Borderline, Verdict::Unknown]
        .into_iter()
        .find(|v| all.contains(v))
        .unwrap_or(Verdict::Met)
}

fn verdict(sl: Option<Stat>, target: f64) -> Verdict {
    match sl {
        None => Verdict::Unknown,
        Some(s) if s.ci95[0] >= target - 1e-12 => Verdict::Met,
        Some(s) if s.ci95[1] < target - 1e-12 => Verdict::Below,
        Some(_) => Verdict::Borderline,
    }
}

fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Realtime => "real-time",
        Channel::Deferred => "deferred",
    }
}

fn target(t: &TargetSummary, c: Channel) -> String {
    let within = if c == Channel::Deferred || t.within_s >= 3600.0 {
        format!("{} h", trim_num(t.within_s / 3600.0))
    } else {
        format!("{} s", trim_num(t.within_s))
    };
    format!("{} within {within}", pct0(t.service_level))
}

#[derive(Clone, Copy)]
enum Unit {
    Int,
    Usd,
    Pct,
    /// Seconds, shown in s, min or h.
    Wait,
}

/// The mean and, unless degenerate, the 95% interval "(low–high)" of a
/// statistic. Shares are kept within 0–100% and non-negative quantities at
/// or above zero (the t interval itself knows no bounds).
fn stat_parts(s: Option<&Stat>, unit: Unit) -> Option<(String, Option<String>)> {
    let s = s.filter(|s| s.mean.is_finite())?;
    let (mut lo, mut hi) = (s.ci95[0], s.ci95[1]);
    if matches!(unit, Unit::Pct) {
        lo = lo.clamp(0.0, 1.0);
        hi = hi.clamp(0.0, 1.0);
    } else if s.mean >= 0.0 {
        lo = lo.max(0.0);
    }
    let (mean, lo_text, hi_text) = match unit {
        Unit::Int => (int(s.mean), int(lo), int(hi)),
        Unit::Usd => (usd(s.mean), int(lo), int(hi)),
        Unit::Pct => (
            pct1(s.mean),
            fixed(lo * 100.0, 1),
            format!("{}%", fixed(hi * 100.0, 1)),
        ),
        Unit::Wait => {
            let (div, suffix) = match s.mean.abs() {
                m if m >= 7200.0 => (3600.0, " h"),
                m if m >= 120.0 => (60.0, " min"),
                _ => (1.0, " s"),
            };
            (
                format!("{}{suffix}", fixed(s.mean / div, 1)),
                fixed(lo / div, 1),
                format!("{}{suffix}", fixed(hi / div, 1)),
            )
        }
    };
    if s.ci95[0] == s.ci95[1] || !lo.is_finite() || !hi.is_finite() {
        return Some((mean, None));
    }
    let sep = if lo < 0.0 { " to " } else { "–" };
    Some((mean, Some(format!("({lo_text}{sep}{hi_text})"))))
}

/// A statistic as a table cell: the mean, and the interval on a second line.
fn stat_cell(s: Option<&Stat>, unit: Unit) -> String {
    match stat_parts(s, unit) {
        None => "<span class=\"sub\">n/a</span>".into(),
        Some((mean, None)) => mean,
        Some((mean, Some(ci))) => format!("{mean}<br><span class=\"ci\">{ci}</span>"),
    }
}

/// A statistic on one line: "mean (low–high)".
fn stat_inline(s: Option<&Stat>, unit: Unit) -> String {
    match stat_parts(s, unit) {
        None => "<span class=\"sub\">n/a</span>".into(),
        Some((mean, None)) => mean,
        Some((mean, Some(ci))) => format!("{mean} <span class=\"ci\">{ci}</span>"),
    }
}

/// "low–high" in US dollars, for the cards.
fn ci_usd(s: &Stat) -> String {
    if s.ci95[0] == s.ci95[1] {
        return "not available (one replication)".into();
    }
    format!("{}–{}", usd(s.ci95[0]), int(s.ci95[1]))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `x` with `digits` decimals and thousands separators; "n/a" if not finite.
fn fixed(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let text = format!("{:.*}", digits, x.abs());
    let (whole, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&crate::report::format::group_thousands(whole));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn int(x: f64) -> String {
    fixed(x, 0)
}

fn usd(x: f64) -> String {
    if x < 0.0 {
        format!("−${}", int(-x))
    } else {
        format!("${}", int(x))
    }
}

fn pct1(x: f64) -> String {
    format!("{}%", fixed(x * 100.0, 1))
}

fn pct0(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{}%", fixed(p, 0))
    } else {
        format!("{}%", fixed(p, 1))
    }
}

/// A number without trailing zeros (for targets: 30 s, 0.5 h).
fn trim_num(x: f64) -> String {
    let s = format!("{:.2}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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

// ---------------------------------------------------------------------------
// The table of assumptions: a tolerant TOML scanner that keeps comments.

mod assumptions {
    use std::fmt::Write as _;

    use super::esc;

    /// A value as written.
    #[derive(Debug, Clone)]
    pub enum Value {
        /// A string (decoded).
        Str(String),
        /// A number, boolean or date, as written.
        Raw(String),
        /// An array with the comments of its elements.
        Array(Vec<Elem>),
        /// An inline table.
        Table(Vec<(String, Value)>),
    }

    /// One element of an array.
    #[derive(Debug, Clone)]
    pub struct Elem {
        pub value: Value,
        pub comment: Option<String>,
    }

    /// One `key = value` line (or lines) of the file.
    #[derive(Debug, Clone)]
    pub struct Input {
        pub key: String,
        pub value: Value,
        pub comment: Option<String>,
    }

    /// A `[table]` or `[[array]]` section, or the top level.
    #[derive(Debug, Clone)]
    pub struct Group {
        /// Header path as written, e.g. `service_line` (empty: top level).
        pub path: String,
        /// `[[path]]`.
        pub array: bool,
        /// Comment on the header line.
        pub comment: Option<String>,
        /// Label of the array element this table belongs to (`service_line voice`).
        pub parent: Option<String>,
        pub inputs: Vec<Input>,
    }

    /// Every input of a scenario.
    #[derive(Debug, Clone, Default)]
    pub struct Inputs {
        /// The comment block at the top of the file.
        pub preamble: String,
        pub groups: Vec<Group>,
    }

    impl Inputs {
        /// The value of a scalar `key` of table `path`, as written.
        pub fn find(&self, path: &str, key: &str) -> Option<String> {
            self.groups
                .iter()
                .filter(|g| g.path == path)
                .flat_map(|g| &g.inputs)
                .find(|i| i.key == key)
                .and_then(|i| match &i.value {
                    Value::Raw(r) => Some(r.replace('_', "")),
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
        }

        /// (inputs, inputs with a comment, comments that mention an assumption).
        pub fn counts(&self) -> (usize, usize, usize) {
            let mut counts = (0, 0, 0);
            let mut add = |c: Option<&String>| {
                counts.0 += 1;
                if let Some(c) = c {
                    counts.1 += 1;
                    if c.to_lowercase().contains("assumption") {
                        counts.2 += 1;
                    }
                }
            };
            for g in &self.groups {
                for i in &g.inputs {
                    add(i.comment.as_ref());
                }
            }
            counts
        }
    }

    impl Group {
        /// The element's id (or name) for arrays of tables.
        fn element_label(&self) -> Option<String> {
            ["id", "name"].iter().find_map(|k| {
                self.inputs
                    .iter()
                    .find(|i| i.key == *k)
                    .and_then(|i| match &i.value {
                        Value::Str(s) => Some(s.clone()),
                        Value::Raw(r) => Some(r.clone()),
                        _ => None,
                    })
            })
        }

        /// Path used in `data-key`: `service_line[voice]`, `workforce`.
        pub fn path_label(&self) -> String {
            let own = match (self.array, self.element_label()) {
                (true, Some(label)) => format!("{}[{label}]", self.path),
                _ => self.path.clone(),
            };
            match &self.parent {
                Some(p) => format!("{p}/{own}"),
                None => own,
            }
        }

        /// The heading of the group: "Service line voice".
        pub fn title_html(&self) -> String {
            if self.path.is_empty() {
                return "Top level".into();
            }
            let last = self.path.rsplit('.').next().unwrap_or(&self.path);
            let mut words = last.replace('_', " ");
            if let Some(first) = words.get(..1) {
                words = first.to_uppercase() + &words[1..];
            }
            let mut out = esc(&words);
            if let (true, Some(label)) = (self.array, self.element_label()) {
                let _ = write!(out, " <span class=\"id\">{}</span>", esc(&label));
            }
            if let Some(p) = &self.parent {
                out = format!("{out} <span class=\"sub\">of {}</span>", esc(p));
            }
            out
        }

        /// `[path]` or `[[path]]`.
        pub fn header_as_written(&self) -> String {
            match (self.path.is_empty(), self.array) {
                (true, _) => String::new(),
                (false, true) => format!("[[{}]]", self.path),
                (false, false) => format!("[{}]", self.path),
            }
        }
    }

    fn source_cell(comment: Option<&String>) -> String {
        match comment {
            Some(c) => esc(c),
            None => "<span class=\"missing\">not stated</span>".into(),
        }
    }

    impl Input {
        /// Table rows of this input (arrays of tables get a row per element).
        pub fn rows(&self, h: &mut String, group: &str) {
            let data_key = if group.is_empty() {
                self.key.clone()
            } else {
                format!("{group}.{}", self.key)
            };
            let tables = match &self.value {
                Value::Array(items) if items.iter().any(|e| matches!(e.value, Value::Table(_))) => {
                    Some(items)
                }
                _ => None,
            };
            let value = match tables {
                Some(items) => format!(
                    "<span class=\"sub\">{} entr{}, below</span>",
                    items.len(),
                    if items.len() == 1 { "y" } else { "ies" }
                ),
                None => display(&self.value, &self.key),
            };
            let _ = writeln!(
                h,
                "<tr data-key=\"{}\"><td class=\"key\"><span class=\"k\">{}</span></td><td class=\"val\">{}</td><td class=\"src\">{}</td></tr>",
                esc(&data_key),
                esc(&self.key),
                value,
                source_cell(self.comment.as_ref())
            );
            for (i, e) in tables.into_iter().flatten().enumerate() {
                let label = element_name(&e.value).unwrap_or_else(|| (i + 1).to_string());
                let src = match &e.comment {
                    Some(c) => esc(c),
                    None => format!(
                        "<span class=\"sub\">see <span class=\"k\">{}</span></span>",
                        esc(&self.key)
                    ),
                };
                let _ = writeln!(
                    h,
                    "<tr class=\"elem\" data-key=\"{}[{}]\"><td class=\"key\">↳ <span class=\"k\">{}</span> {}</td><td class=\"val\">{}</td><td class=\"src\">{}</td></tr>",
                    esc(&data_key),
                    esc(&label),
                    esc(&self.key),
                    esc(&label),
                    display(&e.value, &self.key),
                    src
                );
            }
        }
    }

    fn element_name(v: &Value) -> Option<String> {
        let Value::Table(pairs) = v else { return None };
        ["name", "id"].iter().find_map(|k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .and_then(|(_, v)| match v {
                    Value::Str(s) => Some(s.clone()),
                    Value::Raw(r) => Some(r.clone()),
                    _ => None,
                })
        })
    }

    /// A value for the table, escaped.
    pub fn display(v: &Value, key: &str) -> String {
        match v {
            Value::Str(s) if s.is_empty() => "<span class=\"sub\">(empty)</span>".into(),
            Value::Str(s) => esc(s).replace('\n', "<br>"),
            Value::Raw(r) => esc(&number(r, key)),
            Value::Array(items) if items.is_empty() => "<span class=\"sub\">(none)</span>".into(),
            Value::Array(items) => items
                .iter()
                .map(|e| display(&e.value, key))
                .collect::<Vec<_>>()
                .join(", "),
            Value::Table(pairs) if pairs.is_empty() => "<span class=\"sub\">(empty)</span>".into(),
            Value::Table(pairs) => pairs
                .iter()
                .map(|(k, v)| {
                    let inner = match v {
                        Value::Table(_) => format!("{{ {} }}", display(v, k)),
                        _ => display(v, k),
                    };
                    format!(
                        "<span class=\"kv\"><span class=\"k\">{}</span> = {inner}</span>",
                        esc(k)
                    )
                })
                .collect::<Vec<_>>()
                .join("<span class=\"dot\"> · </span>"),
        }
    }

    /// Decimal numbers get thousands separators (not seeds); anything else stays as written.
    fn number(raw: &str, key: &str) -> String {
        let t = raw.replace('_', "");
        let (sign, body) = match t.strip_prefix(['+', '-']) {
            Some(b) => (&t[..1], b),
            None => ("", t.as_str()),
        };
        let (whole, frac) = body
            .split_once('.')
            .map_or((body, None), |(w, f)| (w, Some(f)));
        let decimal = !whole.is_empty()
            && whole.chars().all(|c| c.is_ascii_digit())
            && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
        if !decimal || key.contains("seed") || whole.len() < 4 {
            return raw.to_string();
        }
        let mut out = format!("{sign}{}", crate::report::format::group_thousands(whole));
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        out
    }

    // --- scanner -----------------------------------------------------------

    struct Scanner {
        c: Vec<char>,
        i: usize,
    }

    impl Scanner {
        fn peek(&self) -> Option<char> {
            self.c.get(self.i).copied()
        }
        fn at(&self, s: &str) -> bool {
            s.chars()
                .enumerate()
                .all(|(k, ch)| self.c.get(self.i + k) == Some(&ch))
        }
        fn eof(&self) -> bool {
            self.i >= self.c.len()
        }
        fn skip_blanks(&mut self) {
            while matches!(self.peek(), Some(' ' | '\t')) {
                self.i += 1;
            }
        }
        /// Skips blanks and newlines; returns whether a newline was crossed.
        fn skip_space(&mut self) -> bool {
            let mut newline = false;
            while let Some(ch) = self.peek() {
                match ch {
                    ' ' | '\t' | '\r' => self.i += 1,
                    '\n' => {
                        newline = true;
                        self.i += 1;
                    }
                    _ => break,
                }
            }
            newline
        }
        /// Reads a `# comment` up to the end of the line (not the newline).
        fn comment(&mut self) -> String {
            self.raw_comment().trim().to_string()
        }
        /// The text after `#` up to the end of the line, untrimmed.
        fn raw_comment(&mut self) -> String {
            self.i += 1;
            let start = self.i;
            while !matches!(self.peek(), None | Some('\n')) {
                self.i += 1;
            }
            self.c[start..self.i]
                .iter()
                .collect::<String>()
                .trim_end_matches('\r')
                .to_string()
        }
        /// Skips to the start of the next line.
        fn next_line(&mut self) {
            while let Some(ch) = self.peek() {
                self.i += 1;
                if ch == '\n' {
                    break;
                }
            }
        }
        /// A dotted key up to (not including) `stop`, or `None` at the end of the line.
        fn key(&mut self, stop: char) -> Option<String> {
            let mut parts = Vec::new();
            let mut cur = String::new();
            loop {
                self.skip_blanks();
                match self.peek()? {
                    ch if ch == stop => break,
                    '\n' | '#' => return None,
                    '"' => cur.push_str(&self.basic_string()),
                    '\'' => cur.push_str(&self.literal_string()),
                    '.' => {
                        self.i += 1;
                        parts.push(std::mem::take(&mut cur));
                    }
                    _ => {
                        let before = self.i;
                        while let Some(ch) = self.peek() {
                            if ch.is_alphanumeric() || ch == '_' || ch == '-' {
                                cur.push(ch);
                                self.i += 1;
                            } else {
                                break;
                            }
                        }
                        if self.i == before {
                            // Not a key character: give up on this line.
                            return None;
                        }
                    }
                }
            }
            parts.push(cur);
            Some(parts.join("."))
        }
        fn basic_string(&mut self) -> String {
            if self.at("\"\"\"") {
                return self.multiline('"');
            }
            self.i += 1;
            let mut out = String::new();
            while let Some(ch) = self.peek() {
                self.i += 1;
                match ch {
                    '"' => break,
                    '\n' => {
                        self.i -= 1;
                        break;
                    }
                    '\\' => self.escape(&mut out),
                    ch => out.push(ch),
                }
            }
            out
        }
        fn literal_string(&mut self) -> String {
            if self.at("'''") {
                return self.multiline('\'');
            }
            self.i += 1;
            let mut out = String::new();
            while let Some(ch) = self.peek() {
                self.i += 1;
                match ch {
                    '\'' => break,
                    '\n' => {
                        self.i -= 1;
                        break;
                    }
                    ch => out.push(ch),
                }
            }
            out
        }
        fn multiline(&mut self, quote: char) -> String {
            self.i += 3;
            if self.at("\r\n") {
                self.i += 2;
            } else if self.at("\n") {
                self.i += 1;
            }
            let close: String = std::iter::repeat_n(quote, 3).collect();
            let mut out = String::new();
            while !self.eof() {
                if self.at(&close) {
                    self.i += 3;
                    // Up to two more quotes belong to the content.
                    for _ in 0..2 {
                        if self.peek() == Some(quote) {
                            out.push(quote);
                            self.i += 1;
                        }
                    }
                    break;
                }
                let ch = self.c[self.i];
                self.i += 1;
                if ch == '\\' && quote == '"' {
                    // Line-ending backslash: trim the newline and following whitespace.
                    let save = self.i;
                    self.skip_blanks();
                    if matches!(self.peek(), Some('\n' | '\r')) {
                        self.skip_space();
                        continue;
                    }
                    self.i = save;
                    self.escape(&mut out);
                } else if ch != '\r' {
                    out.push(ch);
                }
            }
            out
        }
        /// Decodes the escape after a backslash.
        fn escape(&mut self, out: &mut String) {
            let Some(ch) = self.peek() else { return };
            self.i += 1;
            let hex = |s: &mut Self, n: usize, out: &mut String| {
                let digits: String = s.c[s.i..(s.i + n).min(s.c.len())].iter().collect();
                match u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    Some(c) if digits.len() == n => {
                        out.push(c);
                        s.i += n;
                    }
                    _ => out.push('\u{FFFD}'),
                }
            };
            match ch {
                'b' => out.push('\u{8}'),
                't' => out.push('\t'),
                'n' => out.push('\n'),
                'f' => out.push('\u{c}'),
                'r' => out.push('\r'),
                'e' => out.push('\u{1b}'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'x' => hex(self, 2, out),
                'u' => hex(self, 4, out),
                'U' => hex(self, 8, out),
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
        }
        /// A value; comments met inside arrays and inline tables go to `notes`.
        fn value(&mut self, notes: &mut Vec<String>, depth: usize) -> Value {
            match self.peek() {
                Some('"') => Value::Str(self.basic_string()),
                Some('\'') => Value::Str(self.literal_string()),
                Some('[') if depth < 64 => self.array(notes, depth),
                Some('{') if depth < 64 => self.table(notes, depth),
                _ => {
                    let start = self.i;
                    while !matches!(
                        self.peek(),
                        None | Some(',' | ']' | '}' | '#' | '\n' | '\r')
                    ) {
                        self.i += 1;
                    }
                    Value::Raw(
                        self.c[start..self.i]
                            .iter()
                            .collect::<String>()
                            .trim()
                            .to_string(),
                    )
                }
            }
        }
        fn array(&mut self, notes: &mut Vec<String>, depth: usize) -> Value {
            self.i += 1;
            let mut items: Vec<Elem> = Vec::new();
            let mut pending: Vec<String> = Vec::new();
            // No newline since the last element (or the opening bracket).
            let mut same_line = true;
            loop {
                if self.skip_space() {
                    same_line = false;
                }
                match self.peek() {
                    None => break,
                    Some('#') => {
                        let c = self.comment();
                        if c.is_empty() {
                            continue;
                        }
                        match (same_line, items.last_mut()) {
                            (true, Some(last)) => push_note(&mut last.comment, c),
                            (true, None) => notes.push(c),
                            (false, _) => pending.push(c),
                        }
                    }
                    Some(']') => {
                        self.i += 1;
                        break;
                    }
                    Some(',') => self.i += 1,
                    Some(_) => {
                        let before = self.i;
                        let value = self.value(notes, depth + 1);
                        if self.i == before {
                            // Not a value (broken input): stop here.
                            self.i += 1;
                            continue;
                        }
                        let comment = (!pending.is_empty()).then(|| pending.join(" "));
                        pending.clear();
                        items.push(Elem { value, comment });
                        same_line = true;
                    }
                }
            }
            notes.append(&mut pending);
            Value::Array(items)
        }
        fn table(&mut self, notes: &mut Vec<String>, depth: usize) -> Value {
            self.i += 1;
            let mut pairs = Vec::new();
            loop {
                self.skip_space();
                match self.peek() {
                    None => break,
                    Some('#') => {
                        let c = self.comment();
                        if !c.is_empty() {
                            notes.push(c);
                        }
                    }
                    Some('}') => {
                        self.i += 1;
                        break;
                    }
                    Some(',') => self.i += 1,
                    Some(_) => {
                        let Some(key) = self.key('=') else {
                            // Broken input: skip to the closing brace or the end of the line.
                            while !matches!(self.peek(), None | Some('}' | '\n')) {
                                self.i += 1;
                            }
                            if self.peek() == Some('}') {
                                self.i += 1;
                            }
                            break;
                        };
                        self.i += 1;
                        self.skip_blanks();
                        let value = self.value(notes, depth + 1);
                        pairs.push((key, value));
                    }
                }
            }
            Value::Table(pairs)
        }
    }

    fn push_note(slot: &mut Option<String>, c: String) {
        match slot {
            Some(s) => push_note_to(s, &c),
            None => *slot = Some(c),
        }
    }

    /// Appends a separate comment: after "; " unless the text already ends a clause.
    fn push_note_to(s: &mut String, c: &str) {
        if !s.ends_with(['.', ';', ':', ',']) {
            s.push(';');
        }
        s.push(' ');
        s.push_str(c);
    }

    /// Reads every input of a TOML text, with its comments. Never fails:
    /// whatever it cannot read is skipped line by line.
    pub fn parse(text: &str) -> Inputs {
        let mut s = Scanner {
            c: text.chars().collect(),
            i: 0,
        };
        let mut out = Inputs::default();
        let mut preamble: Vec<String> = Vec::new();
        let mut in_preamble = true;
        let mut pending: Vec<String> = Vec::new();
        let mut current = Group {
            path: String::new(),
            array: false,
            comment: None,
            parent: None,
            inputs: Vec::new(),
        };
        let mut line_blank = true;
        while !s.eof() {
            s.skip_blanks();
            match s.peek() {
                None => break,
                Some('\r') => s.i += 1,
                Some('\n') => {
                    s.i += 1;
                    if line_blank {
                        pending.clear();
                        if in_preamble
                            && !preamble.is_empty()
                            && preamble.last().is_some_and(|l| !l.is_empty())
                        {
                            preamble.push(String::new());
                        }
                    }
                    line_blank = true;
                }
                Some('#') => {
                    let raw = s.raw_comment();
                    let c = raw.trim().to_string();
                    if in_preamble {
                        let line = raw.strip_prefix(' ').unwrap_or(&raw);
                        preamble.push(if c.is_empty() {
                            String::new()
                        } else {
                            line.trim_end().to_string()
                        });
                    }
                    if !c.is_empty() {
                        pending.push(c);
                    }
                    line_blank = false;
                }
                Some('[') => {
                    in_preamble = false;
                    pending.clear();
                    let array = s.at("[[");
                    s.i += if array { 2 } else { 1 };
                    let Some(path) = s.key(']') else {
                        s.next_line();
                        continue;
                    };
                    s.i += if array { 2 } else { 1 };
                    s.skip_blanks();
                    let comment = (s.peek() == Some('#'))
                        .then(|| s.comment())
                        .filter(|c| !c.is_empty());
                    s.next_line();
                    let finished = std::mem::replace(
                        &mut current,
                        Group {
                            path,
                            array,
                            comment,
                            parent: None,
                            inputs: Vec::new(),
                        },
                    );
                    if !finished.inputs.is_empty() || !finished.path.is_empty() {
                        out.groups.push(finished);
                    }
                    // A sub-table of the last element of an array of tables.
                    current.parent = out
                        .groups
                        .iter()
                        .rev()
                        .find(|g| g.array && current.path.starts_with(&format!("{}.", g.path)))
                        .map(Group::path_label);
                    line_blank = true;
                }
                Some(_) => {
                    in_preamble = false;
                    let Some(key) = s.key('=') else {
                        s.next_line();
                        line_blank = true;
                        continue;
                    };
                    s.i += 1;
                    s.skip_blanks();
                    let mut notes = Vec::new();
                    let value = s.value(&mut notes, 0);
                    s.skip_blanks();
                    // Comment lines above the key read as one text; separate comments as a list.
                    let mut comments: Vec<String> = Vec::new();
                    if !pending.is_empty() {
                        comments.push(std::mem::take(&mut pending).join(" "));
                    }
                    comments.append(&mut notes);
                    if s.peek() == Some('#') {
                        let c = s.comment();
                        if !c.is_empty() {
                            comments.push(c);
                        }
                    }
                    s.next_line();
                    line_blank = true;
                    let comment = comments.into_iter().reduce(|mut a, b| {
                        push_note_to(&mut a, &b);
                        a
                    });
                    current.inputs.push(Input {
                        key,
                        value,
                        comment,
                    });
                }
            }
        }
        if !current.inputs.is_empty() || !current.path.is_empty() {
            out.groups.push(current);
        }
        while preamble.last().is_some_and(String::is_empty) {
            preamble.pop();
        }
        out.preamble = preamble
            .join("\n")
            .split("\n\n")
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn reads_keys_comments_inline_tables_and_arrays() {
            let text = "# Title\n# more\n\n[scenario]\nname = \"a <b> & 'c'\"   # from X\nseed = 12345\n\
                        # above\nstudents = 16_000\n\n[[service_line]]\nid = \"voice\" # desc\nvolume = { per_day = 2400, g = 0.02 } # src\n\
                        classes = [  # open\n  { name = \"P1\", share = 0.5 },\n  # own line\n  { name = \"P2\", share = 0.5 },  # two\n]  # close\n\
                        empty = \"\"\nmulti = \"\"\"\nline1\nline2\"\"\"\n[service_line.sub]\nx = 1\n";
            let inputs = parse(text);
            assert_eq!(inputs.preamble, "Title\nmore");
            assert_eq!(inputs.groups.len(), 3);
            let sc = &inputs.groups[0];
            assert_eq!(sc.inputs[0].comment.as_deref(), Some("from X"));
            assert_eq!(sc.inputs[1].comment, None);
            assert_eq!(sc.inputs[2].comment.as_deref(), Some("above"));
            assert_eq!(number("16000", "students"), "16,000");
            assert_eq!(number("12345", "seed"), "12345");
            let sl = &inputs.groups[1];
            assert_eq!(sl.path_label(), "service_line[voice]");
            let Value::Array(items) = &sl.inputs[2].value else {
                panic!()
            };
            assert_eq!(items.len(), 2);
            assert_eq!(items[0].comment, None);
            assert_eq!(items[1].comment.as_deref(), Some("own line; two"));
            assert_eq!(sl.inputs[2].comment.as_deref(), Some("open; close"));
            assert!(matches!(&sl.inputs[4].value, Value::Str(s) if s == "line1\nline2"));
            assert_eq!(
                inputs.groups[2].parent.as_deref(),
                Some("service_line[voice]")
            );
            assert_eq!(inputs.counts(), (9, 5, 0));
        }
    }
}

/// The page's only style sheet: system fonts, screen and A4 print.
const CSS: &str = r#"
:root{--ink:#1c2530;--muted:#5a6672;--rule:#d3dae1;--accent:#1f4e79;--accent-soft:#eef3f8;--zebra:#f5f7f9;--ok:#1c6b3a;--bad:#a3242b;--warn:#8a5700}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#e9edf1;color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans","DejaVu Sans",sans-serif}
main{max-width:1040px;margin:24px auto;background:#fff;padding:48px 60px 28px;border:1px solid #d8dee4;border-radius:2px}
h1,h2,h3{line-height:1.25;color:var(--accent);font-weight:650}
h1{font-size:2rem;margin:.2rem 0 .8rem;color:var(--ink)}
h2{font-size:1.5rem;margin:3rem 0 1rem;padding-top:1.2rem;border-top:2px solid var(--accent);display:flex;align-items:baseline;gap:.6rem}
h3{font-size:1.1rem;margin:2rem 0 .6rem}
.num{display:inline-block;min-width:1.7rem;height:1.7rem;line-height:1.7rem;text-align:center;border:2px solid var(--accent);border-radius:50%;font-size:.95rem}
p{margin:.6rem 0}
code,.k,.id,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;font-size:.88em}
pre{background:var(--zebra);border:1px solid var(--rule);border-left:4px solid var(--accent);padding:.7rem 1rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
.cover{padding-bottom:.4rem}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:var(--accent);font-weight:600;margin:0}
.lede{font-size:1.08rem;color:#34404c;max-width:52rem}
nav ol{margin:.8rem 0 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.4rem 1.4rem;counter-reset:toc;font-size:.95rem}
nav li{counter-increment:toc}
nav li::before{content:counter(toc) ". ";color:var(--muted)}
nav a{color:var(--accent);text-decoration:none;border-bottom:1px solid #b9c9da}
.callout{background:var(--accent-soft);border-left:5px solid var(--accent);padding:.9rem 1.2rem;margin:1rem 0 1.4rem}
.callout h3{margin:0 0 .3rem}
.callout p{margin:.35rem 0}
.warning{background:#fff7e3;border-left:5px solid #c98a00;padding:.6rem 1.2rem;margin:1rem 0}
.warning h3{margin:.2rem 0;color:var(--warn)}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin:1rem 0 1.6rem}
.card{border:1px solid var(--rule);border-top:4px solid var(--accent);padding:.7rem .9rem .8rem;background:#fff}
.card .label{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600}
.card .value{font-size:1.45rem;font-weight:700;margin:.15rem 0;font-variant-numeric:tabular-nums;white-space:nowrap}
.card .sub{font-size:.82rem}
.sub{color:var(--muted)}
table.data{width:100%;border-collapse:collapse;font-size:.88rem;font-variant-numeric:tabular-nums;margin:.4rem 0 .6rem}
table.data.narrow{width:auto;min-width:55%;break-inside:avoid}
table.data th,table.data td{padding:.45rem .45rem;text-align:left;vertical-align:top;border-bottom:1px solid #e3e8ed}
table.data thead th{border-bottom:2px solid var(--accent);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:650}
table.data tbody tr:nth-child(even){background:var(--zebra)}
table.data tfoot th,table.data tfoot td{border-top:2px solid var(--rule);font-weight:650}
table.data tfoot .ci{font-weight:400}
table.data .r{text-align:right}
.ci{color:var(--muted);font-size:.82em;white-space:nowrap}
tr.class td{font-size:.95em;color:#34404c}
tr.class td:first-child{padding-left:1.4rem}
.ok{color:var(--ok);font-weight:600;white-space:nowrap}
.bad{color:var(--bad);font-weight:600;white-space:nowrap}
.warn{color:var(--warn);font-weight:600;white-space:nowrap}
.note{font-size:.84rem;color:var(--muted);margin:.3rem 0 1rem}
.intro{color:#34404c}
figure{margin:1.6rem 0 2.2rem;padding:0}
.chart{border:1px solid var(--rule);padding:6px;background:#fff}
.chart svg{display:block;width:100%;height:auto}
figcaption{font-size:.92rem;margin-top:.55rem;color:#34404c}
.fig{color:var(--accent);font-weight:700}
.preamble{margin:1rem 0;padding:.6rem 1.1rem;border-left:4px solid var(--rule);color:#34404c;font-size:.92rem;background:var(--zebra)}
.preamble p{margin:.4rem 0}
.counts{font-size:.95rem}
table.inputs{table-layout:fixed}
table.inputs col.c-key{width:21%}
table.inputs col.c-val{width:39%}
table.inputs col.c-src{width:40%}
table.inputs td{overflow-wrap:anywhere}
table.inputs tr.group th{background:#e4ebf2;color:var(--accent);font-size:.95rem;text-transform:none;letter-spacing:0;padding-top:.55rem;border-bottom:1px solid #c5d2df}
table.inputs tr.group code{color:var(--muted);font-weight:400;margin-left:.4rem}
table.inputs tr.elem td.key{padding-left:1.3rem}
.kv{white-space:nowrap}
.dot{color:#9aa5b0}
.missing{color:#8c6d46;font-style:italic}
.src{color:#2b3540}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.4rem;margin:1rem 0}
dl.facts dt{font-weight:650;color:var(--muted)}
dl.facts dd{margin:0}
.hash{word-break:break-all}
dl.defs dt{font-weight:650;margin-top:.6rem}
dl.defs dd{margin:.1rem 0 0 0;color:#34404c}
footer{margin-top:3rem;padding-top:.8rem;border-top:1px solid var(--rule);font-size:.8rem;color:var(--muted)}
footer code{word-break:break-all}
@media (max-width:720px){main{padding:24px 18px;margin:0;border:0}.cards{grid-template-columns:1fr 1fr}.card .value{font-size:1.2rem}table.data{font-size:.8rem}}
@page{size:A4;margin:15mm 14mm 16mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;font-size:10pt}
main{max-width:none;margin:0;padding:0;border:0}
section{break-before:page}
section.first{break-before:auto}
h2{margin-top:0;border-top:0;padding-top:0;border-bottom:2px solid var(--accent);padding-bottom:.3rem}
h2,h3{break-after:avoid}
figure,.card,.callout,.warning,tr,dl.facts dt,dl.facts dd,pre,.preamble{break-inside:avoid}
figure{margin:0 0 8mm}
.chart{border:0;padding:0}
thead{display:table-header-group}
nav a{border:0;color:var(--ink)}
a{text-decoration:none}
.cards{grid-template-columns:repeat(3,1fr)}
}
"#;
