//! The tables by service line of the headline section: service level against
//! target with a verdict, and throughput, waiting and revenue. Reads
//! [`crate::results`] and the foundation `stats`.

use std::fmt::Write as _;

use super::text::{Unit, esc, pct0, stat_cell, trim_num};
use crate::results::{Channel, LineSummary, Summary, TargetSummary};
use crate::stats::Stat;

/// Whether a service level meets its target, judged by its 95% interval.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
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
pub fn verdict(l: &LineSummary) -> Verdict {
    if l.classes.is_empty() {
        return judge(l.service_level, l.target.service_level);
    }
    let all: Vec<Verdict> = l
        .classes
        .iter()
        .map(|c| judge(c.service_level, c.target.service_level))
        .collect();
    [Verdict::Below, Verdict::Borderline, Verdict::Unknown]
        .into_iter()
        .find(|v| all.contains(v))
        .unwrap_or(Verdict::Met)
}

fn judge(sl: Option<Stat>, target: f64) -> Verdict {
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

/// Service level against target, a row per line and per priority class.
pub fn service_levels(h: &mut String, lines: &[LineSummary]) {
    h.push_str(
        "<h3>Service level vs target by line</h3>\n<table class=\"data\">\n<thead><tr>\
         <th>Line</th><th>Channel</th><th>Skill</th><th>Target</th><th class=\"r\">Service level</th><th>Verdict</th>\
         </tr></thead>\n<tbody>\n",
    );
    for l in lines {
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
            verdict(l).html()
        );
        for class in &l.classes {
            let _ = writeln!(
                h,
                "<tr class=\"class\"><td>↳ class {}</td><td></td><td></td><td>{}</td><td class=\"r\">{}</td><td>{}</td></tr>",
                esc(&class.name),
                target(&class.target, l.channel),
                stat_cell(class.service_level.as_ref(), Unit::Pct),
                judge(class.service_level, class.target.service_level).html()
            );
        }
    }
    h.push_str(
        "</tbody>\n</table>\n<p class=\"note\">Service level: share of offered tasks that started service \
         (real-time lines) or were completed (deferred lines) within the target time; abandoned tasks count as misses. \
         Verdict: <em>meets</em> when the whole 95% interval is at or above the target, <em>below</em> when it is \
         wholly under it, <em>borderline</em> otherwise; a line with priority classes takes the verdict of its worst class.</p>\n",
    );
}

/// Offered, handled, abandoned, waiting, occupancy and revenue, a row per
/// line and the totals.
pub fn throughput(h: &mut String, s: &Summary) {
    h.push_str(
        "<h3>Throughput, waiting and revenue by line</h3>\n<table class=\"data\">\n<thead><tr>\
         <th>Line</th><th class=\"r\">Offered</th><th class=\"r\">Handled</th><th class=\"r\">Abandoned</th>\
         <th class=\"r\">Mean wait</th><th class=\"r\">Occupancy</th><th class=\"r\">Revenue (USD)</th>\
         </tr></thead>\n<tbody>\n",
    );
    for l in &s.lines {
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
}
