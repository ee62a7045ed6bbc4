//! Section 1, headline figures: the staffing gap and what closes it, the key
//! figures as cards, warnings, the tables by line (in `lines`) and the
//! workforce totals. Reads [`crate::results`] and the foundation `stats`.

use std::fmt::Write as _;

use super::lines::{self, Verdict};
use super::text::{Unit, esc, fixed, int, stat_inline, usd};
use crate::report::format::{people, people_rounded, usd_rounded};
use crate::results::{CapacityPlan, RunResult, Summary, Totals};
use crate::stats::Stat;

/// The headline section.
pub fn headline(h: &mut String, result: &RunResult) {
    let s = &result.summary;
    h.push_str("<section id=\"headline\" class=\"first\">\n<h2><span class=\"num\">1</span>Headline figures</h2>\n");
    capacity(h, &s.staffing);
    indicators(h, &result.indicators);
    cards(h, s);
    warnings(h, &s.warnings);
    lines::service_levels(h, &s.lines);
    lines::throughput(h, s);
    totals(h, &s.totals);
    h.push_str("</section>\n");
}

/// The call-out: where and when people are short, pool by pool, and what
/// closes it (the same sentences as the terminal's).
fn capacity(h: &mut String, c: &CapacityPlan) {
    use crate::report::headline;
    h.push_str("<div class=\"callout\">\n<h3>Capacity plan</h3>\n");
    let _ = writeln!(
        h,
        "<p><strong>{}</strong></p>",
        esc(&headline::shortfall(c))
    );
    if let Some(pools) = headline::pools(c) {
        let _ = writeln!(h, "<p>{}</p>", esc(&pools));
    }
    let levers = headline::what_closes_it(c);
    if !levers.is_empty() {
        h.push_str(
            "<p>What closes it (each lever alone; found by simulation with common random \
             numbers and confirmed on every replication):</p>\n<ul>\n",
        );
        for lever in &levers {
            let _ = writeln!(h, "<li>{}</li>", esc(lever));
        }
        h.push_str("</ul>\n");
    }
    if c.short_from.is_some() {
        h.push_str(
            "<p class=\"note\">Short means fewer people on the floor than the service-level targets \
             need while keeping agents no busier than the occupancy cap (<code>max_occupancy</code>). \
             A pool a little short can still meet its targets by running its agents busier than \
             the cap, so lines may meet their targets in months a pool is short; what is short is \
             the plan's margin, and it grows into missed targets as the shortfall grows.</p>\n",
        );
    }
    h.push_str("</div>\n");
    pools_table(h, c);
}

/// One row per pool: when it is first short, its worst month, its spare
/// people at the end.
fn pools_table(h: &mut String, c: &CapacityPlan) {
    if c.pools.is_empty() {
        return;
    }
    h.push_str(
        "<table class=\"pools\">\n<caption>People on the floor by pool (skill × language): \
         a surplus in one pool never covers a shortfall in another</caption>\n\
         <thead><tr><th>pool</th><th>lines</th><th>first short</th><th>months short</th>\
         <th>peak shortfall</th><th>spare at the end</th></tr></thead>\n<tbody>\n",
    );
    for p in &c.pools {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>",
            esc(&p.name),
            esc(&p.lines.join(", ")),
            esc(&p
                .first_short_month
                .as_deref()
                .map_or("never".to_string(), crate::report::format::month)),
            p.months_short,
            match &p.peak_month {
                Some(m) => format!(
                    "{} ({})",
                    stat_inline(Some(&p.peak_shortfall), Unit::Int),
                    esc(&crate::report::format::month(m))
                ),
                None => "—".into(),
            },
            stat_inline(Some(&p.surplus_end), Unit::Int),
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

/// The grant indicators per calendar year (pipeline plans): people, then
/// money, as two tables that fit a printed page.
fn indicators(h: &mut String, rows: &[crate::results::IndicatorYear]) {
    if rows.is_empty() {
        return;
    }
    h.push_str(
        "<table class=\"pools indicators\">\n<caption>Grant indicators by year: people (means over replications)</caption>\n\
         <thead><tr><th>year</th><th>students enrolled</th><th>completed</th><th>graduates placed</th>\
         <th>employed at year end</th><th>of them from the centres</th></tr></thead>\n<tbody>\n",
    );
    for r in rows {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&r.year),
            int(r.students_enrolled),
            int(r.students_completed),
            int(r.graduates_placed),
            int(r.employed_end),
            int(r.employed_from_centres_end),
        );
    }
    h.push_str("</tbody>\n</table>\n");
    h.push_str(
        "<table class=\"pools indicators\">\n<caption>Grant indicators by year: money (USD, means over replications; \
         costs from the scenario's [costs])</caption>\n<thead><tr><th>year</th>\
         <th>export revenue</th><th>wage income</th><th>programme cost</th>\
         <th>cost per placement</th><th>cost per job-year</th><th>export revenue ÷ programme cost</th>\
         </tr></thead>\n<tbody>\n",
    );
    let money = |x: Option<f64>| x.map_or("—".to_string(), usd);
    for r in rows {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&r.year),
            usd(r.export_revenue_usd),
            usd(r.wage_income_usd),
            money(r.programme_cost_usd),
            money(r.cost_per_placement_usd),
            money(r.cost_per_job_year_usd),
            r.revenue_per_programme_usd
                .map_or("—".into(), |x| fixed(x, 2)),
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn card(h: &mut String, label: &str, value: &str, note: &str) {
    let _ = writeln!(
        h,
        "<div class=\"card\"><div class=\"label\">{label}</div><div class=\"value\">{value}</div>\
         <div class=\"sub\">{note}</div></div>"
    );
}

/// The key figures: gap, hires, lines on target, revenue, wages, headcount.
fn cards(h: &mut String, s: &Summary) {
    let c = &s.staffing;
    let t = &s.totals;
    h.push_str("<div class=\"cards\">\n");
    match (&c.peak_month, &c.short_from) {
        (Some(peak), Some(from)) => card(
            h,
            "Peak shortfall",
            &format!("{} people", int(c.peak_shortfall.mean)),
            &format!(
                "in {}; short from {}",
                esc(&crate::report::format::month(peak)),
                esc(&crate::report::format::month(from))
            ),
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
        .filter(|l| lines::verdict(l) == Verdict::Met)
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
        &usd_rounded(t.revenue_usd.mean),
        &format!(
            "95% CI {}; {} M tasks handled",
            ci_usd_rounded(&t.revenue_usd),
            fixed(t.handled.mean / 1e6, 1)
        ),
    );
    if t.wage_bill_usd.mean > 0.0 {
        card(
            h,
            "Wage bill",
            &usd_rounded(t.wage_bill_usd.mean),
            &format!(
                "95% CI {}; revenue is {}× the wage bill",
                ci_usd_rounded(&t.wage_bill_usd),
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
        &people(t.headcount_end.mean),
        &if t.hires.mean > 0.0 || t.attrition.mean > 0.0 {
            format!(
                "after {} hires ({} graduates placed) and {} leavers",
                people_rounded(t.hires.mean),
                people_rounded(t.graduates_placed.mean),
                people_rounded(t.attrition.mean)
            )
        } else {
            "fixed staffing".to_string()
        },
    );
    h.push_str("</div>\n");
}

/// "$29.1 M–$30.0 M": a money interval rounded for the cards.
fn ci_usd_rounded(s: &Stat) -> String {
    if s.ci95[0] == s.ci95[1] {
        return "not available (one replication)".into();
    }
    format!("{}–{}", usd_rounded(s.ci95[0]), usd_rounded(s.ci95[1]))
}

/// What an analyst should check before using the figures.
fn warnings(h: &mut String, warnings: &[String]) {
    if warnings.is_empty() {
        return;
    }
    h.push_str("<div class=\"warning\"><h3>Check before use</h3><ul>\n");
    for w in warnings {
        let _ = writeln!(h, "<li>{}</li>", esc(w));
    }
    h.push_str("</ul></div>\n");
}

/// Workforce and money over the horizon.
fn totals(h: &mut String, t: &Totals) {
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
    h.push_str("</tbody>\n</table>\n");
}
