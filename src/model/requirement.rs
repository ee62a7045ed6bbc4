//! Required on-duty agents per interval of the week, month and skill, and
//! the headcount and hires that implies.
//!
//! Real-time lines: the fewest agents whose exact Erlang A (or Erlang C
//! without abandonment) service level meets the target for the interval's
//! arrival rate, within `max_occupancy`. Chat sessions count as
//! `concurrency` servers per agent. Deferred lines: enough agent time over
//! the line's open hours to clear the week's work (own arrivals, escalations
//! in, rework) at `max_occupancy`, since their targets span hours or days.
//! Lines are staffed separately and summed per skill (lines of one skill in
//! the built-in plan differ by language, so they cannot share agents).
//!
//! The stationary formulas are the starting point; [`super::search`]
//! corrects them by simulation where time-varying demand or non-exponential
//! times make them wrong.

use serde::Serialize;

use crate::erlang::{QueueInput, required_agents};
use crate::scenario::hours::{SLOTS_PER_HOUR, SLOTS_PER_WEEK};
use crate::scenario::plan::{Channel, Plan};

/// Required on-duty agents of one skill in one interval of the week of one month.
#[derive(Clone, Debug, Serialize)]
pub struct IntervalNeed {
    /// Month index in the horizon.
    pub month: usize,
    /// Interval of the week (0 = Monday 00:00).
    pub interval: usize,
    /// Skill index.
    pub skill: usize,
    /// Agents on duty required.
    pub on_duty: u32,
}

/// The requirement of a plan: per month, interval and skill.
#[derive(Clone, Debug, Serialize)]
pub struct Requirement {
    /// Interval length in minutes (30 or 60).
    pub interval_min: u32,
    /// `on_duty[month][skill][interval]`.
    pub on_duty: Vec<Vec<Vec<u32>>>,
    /// `by_line[month][line][interval]`: each line staffed on its own.
    #[serde(skip)]
    pub by_line: Vec<Vec<Vec<u32>>>,
}

impl Requirement {
    /// A requirement from per-line agents, summed per skill.
    pub fn from_lines(plan: &Plan, interval_min: u32, by_line: Vec<Vec<Vec<u32>>>) -> Self {
        let on_duty = by_line
            .iter()
            .map(|month| {
                let mut skills =
                    vec![vec![0u32; month.first().map_or(0, Vec::len)]; plan.skills.len()];
                for (l, need) in month.iter().enumerate() {
                    for (k, n) in need.iter().enumerate() {
                        skills[plan.lines[l].skill][k] += n;
                    }
                }
                skills
            })
            .collect();
        Requirement {
            interval_min,
            on_duty,
            by_line,
        }
    }

    /// Intervals in a week.
    pub fn intervals(&self) -> usize {
        (7 * 24 * 60 / self.interval_min) as usize
    }

    /// Agent-hours on duty per week required for `skill` in `month`.
    pub fn weekly_agent_hours(&self, month: usize, skill: usize) -> f64 {
        let hours = f64::from(self.interval_min) / 60.0;
        self.on_duty[month][skill]
            .iter()
            .map(|&n| f64::from(n) * hours)
            .sum()
    }
}

/// Mean arrival rate per hour of line `l` in interval `k` of month `m`.
fn rate(plan: &Plan, l: usize, m: usize, k: usize, slots: usize) -> f64 {
    let lp = &plan.lines[l];
    (k * slots..(k + 1) * slots)
        .map(|s| lp.rate_per_hour(m, s))
        .sum::<f64>()
        / slots as f64
}

/// Arrivals per hour, averaged over the week, of every line in month `m`,
/// including work escalated in from other lines.
fn weekly_rates(plan: &Plan, m: usize) -> Vec<f64> {
    let mut own: Vec<f64> = plan
        .lines
        .iter()
        .map(|lp| {
            (0..SLOTS_PER_WEEK)
                .map(|s| lp.rate_per_hour(m, s))
                .sum::<f64>()
                / SLOTS_PER_WEEK as f64
        })
        .collect();
    // Escalation chains are acyclic (checked at load), so a few passes settle them.
    let direct = own.clone();
    for _ in 0..plan.lines.len() {
        let mut next = direct.clone();
        for (l, lp) in plan.lines.iter().enumerate() {
            if let Some(e) = lp.escalation {
                next[e.to] += own[l] * e.share;
            }
        }
        own = next;
    }
    own
}

/// Agents a real-time line needs at `per_hour` arrivals: the fewest servers
/// meeting its target (Erlang A, or C without abandonment); a chat agent is
/// `concurrency` servers.
pub fn realtime_agents(lp: &crate::scenario::LinePlan, per_hour: f64, max_occupancy: f64) -> u32 {
    let target = lp.target();
    let input = QueueInput {
        per_hour,
        aht_s: lp.handle_time.mean_s(),
        patience_s: lp.patience.as_ref().map(|p| p.mean_s()),
        within_s: target.within as f64 / 1e6,
    };
    let servers =
        required_agents(&input, target.service_level, Some(max_occupancy)).map_or(0, |(n, _)| n);
    servers.div_ceil(lp.concurrency)
}

/// The analytic requirement of `plan` with intervals of `interval_min` minutes.
pub fn analytic(plan: &Plan, interval_min: u32, max_occupancy: f64) -> Requirement {
    let slots = (interval_min as usize * SLOTS_PER_HOUR) / 60;
    let intervals = SLOTS_PER_WEEK / slots;
    let months = plan.horizon.months.len();
    let mut by_line = vec![vec![vec![0u32; intervals]; plan.lines.len()]; months];
    for (m, need) in by_line.iter_mut().enumerate() {
        let weekly = weekly_rates(plan, m);
        for (l, lp) in plan.lines.iter().enumerate() {
            let aht = lp.handle_time.mean_s();
            match lp.channel {
                Channel::Realtime => {
                    // Intervals with the same rate need the same agents: solve each rate once.
                    let mut solved: Vec<(u64, u32)> = Vec::new();
                    for (k, cell) in need[l].iter_mut().enumerate() {
                        let per_hour = rate(plan, l, m, k, slots);
                        if per_hour <= 0.0 {
                            continue;
                        }
                        let agents = match solved.iter().find(|(r, _)| *r == per_hour.to_bits()) {
                            Some(&(_, n)) => n,
                            None => {
                                let n = realtime_agents(lp, per_hour, max_occupancy);
                                solved.push((per_hour.to_bits(), n));
                                n
                            }
                        };
                        *cell = agents;
                    }
                }
                Channel::Deferred => {
                    let rework = lp
                        .quality
                        .map_or(1.0, |q| 1.0 / (1.0 - q.sample * q.defect_rate));
                    let week_hours = weekly[l] * 168.0 * aht / 3600.0 * rework;
                    let open: Vec<usize> = (0..intervals)
                        .filter(|&k| (k * slots..(k + 1) * slots).any(|s| lp.is_open(s)))
                        .collect();
                    if open.is_empty() || week_hours <= 0.0 {
                        continue;
                    }
                    let open_hours = open.len() as f64 * f64::from(interval_min) / 60.0;
                    let agents = (week_hours / open_hours / max_occupancy).ceil() as u32;
                    for k in open {
                        need[l][k] = agents;
                    }
                }
            }
        }
    }
    Requirement::from_lines(plan, interval_min, by_line)
}

/// The on-duty agents each fixed-mode team's roster provides,
/// `[month][team][interval]` (the mean over the interval's slots, rounded up).
pub fn rostered_by_team(plan: &Plan, interval_min: u32) -> Vec<Vec<Vec<u32>>> {
    use crate::scenario::plan::Roster;
    let slots = (interval_min as usize * SLOTS_PER_HOUR) / 60;
    let intervals = SLOTS_PER_WEEK / slots;
    (0..plan.horizon.months.len())
        .map(|m| {
            plan.workforce
                .teams
                .iter()
                .map(|team| {
                    let open =
                        |slot: usize| plan.lines.iter().any(|l| team.serves(l) && l.is_open(slot));
                    (0..intervals)
                        .map(|k| {
                            (k * slots..(k + 1) * slots)
                                .map(|slot| match &team.roster {
                                    Roster::WhileOpen(n) => {
                                        if open(slot) {
                                            *n
                                        } else {
                                            0
                                        }
                                    }
                                    Roster::Weekly(v) => v[slot],
                                    Roster::ByMonth(v) => v[m][slot],
                                    Roster::Pipeline => 0,
                                })
                                .sum::<u32>()
                                .div_ceil(slots as u32)
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The on-duty agents a fixed-mode plan's rosters provide, in the same
/// shape as a requirement (so that both convert to people the same way).
pub fn rostered(plan: &Plan, interval_min: u32) -> Requirement {
    let by_team = rostered_by_team(plan, interval_min);
    let on_duty = by_team
        .iter()
        .map(|teams| {
            let intervals = teams.first().map_or(0, Vec::len);
            let mut skills = vec![vec![0u32; intervals]; plan.skills.len()];
            for (team, agents) in plan.workforce.teams.iter().zip(teams) {
                for &s in &team.skills {
                    for (cell, n) in skills[s].iter_mut().zip(agents) {
                        *cell += n;
                    }
                }
            }
            skills
        })
        .collect();
    Requirement {
        interval_min,
        on_duty,
        by_line: Vec::new(),
    }
}
