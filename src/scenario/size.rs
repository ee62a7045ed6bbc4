//! How big a run is, before it starts: refuses runs that would take hours or
//! exhaust memory, with the estimate and how to proceed.
//!
//! The rule, per process (the replications this process runs):
//! - **events** = Σ over lines of the expected arrivals over the horizon
//!   (escalated work included) × 2 (arrival and completion, again for each
//!   rework), plus one roster tick per 15-minute slot for the horizon and for
//!   each team, plus one step per agent coming on or going off duty (in
//!   pipeline mode: everyone ever employed, a shift a working day), times the
//!   replications; refused above [`MAX_EVENTS`];
//! - **memory** = per replication in flight (agents, the backlog of lines whose
//!   clients never abandon and that the agents cannot keep up with) plus the
//!   monthly tallies kept for every replication; refused above [`MAX_MEMORY_BYTES`].
//!
//! Expected values only, from the plan's rates, so the check costs next to
//! nothing and is the same on every machine. Setting the environment
//! variable [`FORCE_VAR`] to `1` skips the refusal, except for a demand that
//! is not a finite number (which would never finish).

use crate::engine::time::HOUR;
use crate::error::BadInput;
use crate::scenario::horizon::DRAIN_LIMIT;
use crate::scenario::hours::{SLOT, SLOTS_PER_DAY, SLOTS_PER_WEEK};
use crate::scenario::plan::{LinePlan, Plan, Roster};

/// Most events (simulation steps) one process is allowed to run: about three
/// hours on one core at [`EVENTS_PER_SECOND`].
pub const MAX_EVENTS: f64 = 1.0e11;
/// Most memory one process is allowed to need (16 GiB).
pub const MAX_MEMORY_BYTES: f64 = 16.0 * 1024.0 * 1024.0 * 1024.0;
/// Rough speed of the engine on one core, for the time in the message.
pub const EVENTS_PER_SECOND: f64 = 1.0e7;
/// Environment variable that, set to `1`, lets an oversized run go ahead.
pub const FORCE_VAR: &str = "BPOSIM_FORCE_LARGE";

/// Bytes per agent in a replication (agent record, idle/off lists, pending completion).
const BYTES_PER_AGENT: f64 = 64.0;
/// Bytes per waiting task.
const BYTES_PER_TASK: f64 = 32.0;
/// Bytes per line-month and skill-month of results kept per replication
/// (tallies in memory, `replications.json` text, the summary).
const BYTES_PER_LINE_MONTH: f64 = 64.0 * 6.0;
const BYTES_PER_SKILL_MONTH: f64 = 16.0 * 6.0;

/// The expected size of a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Expected events of one replication.
    pub events_per_replication: f64,
    /// Replications this process runs.
    pub replications: u64,
    /// Expected events of all of them.
    pub events: f64,
    /// Peak memory, bytes.
    pub memory_bytes: f64,
    /// Agents in one replication.
    pub agents: f64,
    /// Tasks left waiting in one replication by lines whose clients never
    /// give up and whose agents cannot keep up.
    pub backlog: f64,
}

/// Expected arrivals of `line` over the whole horizon.
pub fn expected_arrivals(plan: &Plan, line: &LinePlan) -> f64 {
    let w = &line.weekly_weight.0;
    // Prefix sums of the weekly profile make a month's weighted slots O(1).
    let mut prefix = Vec::with_capacity(w.len() + 1);
    let mut acc = 0.0;
    prefix.push(0.0);
    for x in w {
        acc += x;
        prefix.push(acc);
    }
    let week = acc;
    let n = w.len().max(1);
    let span = |first: usize, len: u64| -> f64 {
        let whole = (len / n as u64) as f64 * week;
        let rest = (len % n as u64) as usize;
        let a = first % n;
        let b = a + rest;
        let part = if b <= n {
            prefix[b] - prefix[a]
        } else {
            (prefix[n] - prefix[a]) + prefix[b - n]
        };
        whole + part
    };
    let slot_hours = SLOT as f64 / HOUR as f64;
    plan.horizon
        .months
        .iter()
        .zip(&line.month_rate)
        .map(|(m, rate)| {
            let slots = m.end.saturating_sub(m.start) / SLOT;
            rate * span(plan.horizon.week_slot(m.start), slots) * slot_hours
        })
        .sum()
}

/// Agents who may take `line`'s work, counting chat sessions as agents
/// (in pipeline mode, everyone the pipeline may employ: an overestimate, so
/// that the backlog is never overestimated).
fn agents_serving(plan: &Plan, line: &LinePlan, pipeline_people: f64) -> f64 {
    (plan
        .workforce
        .teams
        .iter()
        .filter(|t| t.serves(line))
        .map(|t| f64::from(t.roster.peak()))
        .sum::<f64>()
        + pipeline_people)
        * f64::from(line.concurrency.max(1))
}

/// Expected arrivals of every line over the horizon, escalated work included.
fn arrivals(plan: &Plan) -> Vec<f64> {
    let own: Vec<f64> = plan
        .lines
        .iter()
        .map(|l| expected_arrivals(plan, l))
        .collect();
    // Escalations pass work on (L1 → L2 → ...); a chain is at most as long
    // as the number of lines.
    let mut total = own.clone();
    let mut wave = own;
    for _ in 0..plan.lines.len() {
        let mut next = vec![0.0; plan.lines.len()];
        for (l, line) in plan.lines.iter().enumerate() {
            if let Some(e) = line.escalation
                && let Some(slot) = next.get_mut(e.to)
            {
                *slot += wave[l] * e.share;
            }
        }
        if next.iter().all(|x| *x == 0.0) {
            break;
        }
        for (t, x) in total.iter_mut().zip(&next) {
            *t += x;
        }
        wave = next;
    }
    total
}

/// Estimates the size of running `replications` replications of `plan`,
/// `parallel` of them at a time.
pub fn estimate(plan: &Plan, replications: u64, parallel: u64) -> Estimate {
    let slots = ((plan.horizon.end + DRAIN_LIMIT) / SLOT) as f64;
    let weeks = slots / SLOTS_PER_WEEK as f64;
    let months = plan.horizon.months.len() as f64;
    let shrinkage = plan.workforce.shrinkage;

    // People employed at some point in pipeline mode: the start, other hires,
    // placed graduates.
    let pipeline_people = plan.workforce.pipeline.as_ref().map_or(0.0, |p| {
        let placed = p.education.as_ref().map_or(0.0, |e| {
            e.students as f64 * e.job_track_share * e.completion_rate * e.placement_rate
        });
        p.initial_headcount
            .iter()
            .map(|&n| f64::from(n))
            .sum::<f64>()
            + p.other_hires_per_month.max(0.0) * months
            + placed
    });
    let mut events = slots;
    let mut backlog = 0.0;
    for (line, arrivals) in plan.lines.iter().zip(arrivals(plan)) {
        // Arrival and completion, and again for each rework.
        let rework = line
            .quality
            .map_or(0.0, |q| (q.sample * q.defect_rate).clamp(0.0, 0.99));
        events += 2.0 * arrivals / (1.0 - rework);
        if line.patience.is_none() {
            // Work the line's agents could do at most, all of it for this line.
            let open_slots = line.weekly_weight.0.iter().filter(|w| **w > 0.0).count();
            let open_hours = weeks * open_slots as f64 * (SLOT as f64 / HOUR as f64);
            let capacity_tasks = agents_serving(plan, line, pipeline_people)
                * (1.0 - shrinkage)
                * open_hours
                * 3600.0
                / line.handle_time.mean_s().max(1e-9);
            backlog += (arrivals - capacity_tasks).max(0.0);
        }
    }
    let mut agents = 0.0;
    for team in &plan.workforce.teams {
        let n = f64::from(team.roster.peak());
        agents += n;
        // One roster step per slot, and agents moving on or off duty as the
        // roster changes (and daily with absences).
        events += slots;
        let moves_per_week: f64 = if let Roster::Weekly(v) = &team.roster {
            (0..v.len())
                .map(|s| f64::from(v[s].abs_diff(v[(s + v.len() - 1) % v.len()])))
                .sum()
        } else {
            let lines: Vec<&LinePlan> = plan.lines.iter().filter(|l| team.serves(l)).collect();
            let open = |s: usize| lines.iter().any(|l| l.is_open(s % SLOTS_PER_WEEK));
            let changes = (0..SLOTS_PER_WEEK)
                .filter(|&s| open(s) != open(s + SLOTS_PER_WEEK - 1))
                .count() as f64;
            n * changes
        };
        let daily = if shrinkage > 0.0 {
            n * slots / SLOTS_PER_DAY as f64 * 2.0 * shrinkage
        } else {
            0.0
        };
        events += moves_per_week * weeks + daily;
    }
    // Pipeline mode: each person starts and ends a shift on each working day.
    agents += pipeline_people;
    events += pipeline_people * 2.0 * 5.0 * weeks;
    let in_flight = replications.min(parallel.max(1)) as f64;
    let per_replication_bytes = agents * BYTES_PER_AGENT + backlog * BYTES_PER_TASK;
    let results_bytes = replications as f64
        * months
        * (plan.lines.len() as f64 * BYTES_PER_LINE_MONTH
            + (plan.skills.len() + plan.workforce.teams.len()) as f64 * BYTES_PER_SKILL_MONTH);
    Estimate {
        events_per_replication: events,
        replications,
        events: events * replications as f64,
        memory_bytes: per_replication_bytes * in_flight + results_bytes,
        agents,
        backlog,
    }
}

fn human(x: f64) -> String {
    let units = [(1e12, " trillion"), (1e9, " billion"), (1e6, " million")];
    for (scale, name) in units {
        if x >= scale {
            return format!("{:.1}{name}", x / scale);
        }
    }
    format!("{x:.0}")
}

fn bytes(x: f64) -> String {
    let gib = x / (1024.0 * 1024.0 * 1024.0);
    if gib >= 1024.0 {
        format!("{:.1} TiB", gib / 1024.0)
    } else {
        format!("{gib:.1} GiB")
    }
}

/// Refuses (bad input, exit code 2) a run of `replications` replications,
/// `parallel` at a time, that would take hours or exhaust memory, unless
/// [`FORCE_VAR`] is set to `1`; a demand that is not finite is always refused.
pub fn check(plan: &Plan, replications: usize, parallel: usize) -> Result<(), BadInput> {
    let forced = std::env::var(FORCE_VAR).is_ok_and(|v| v.trim() == "1");
    check_with(plan, replications, parallel, forced)
}

fn check_with(
    plan: &Plan,
    replications: usize,
    parallel: usize,
    forced: bool,
) -> Result<(), BadInput> {
    let e = estimate(plan, replications as u64, parallel as u64);
    if !(e.events.is_finite() && e.memory_bytes.is_finite()) {
        // Not even forced: infinite arrival rates would never finish.
        return Err(BadInput::new(
            "this run is too large: the expected demand is not a finite number\n  = help: check \
             the volumes and `monthly_growth` (a growth of g a month multiplies the volume by \
             (1+g)^months over the horizon)",
        ));
    }
    let too_long = e.events > MAX_EVENTS;
    let too_big = e.memory_bytes > MAX_MEMORY_BYTES;
    if forced || !(too_long || too_big) {
        return Ok(());
    }
    let mut problems = Vec::new();
    if too_long {
        let hours = e.events / (EVENTS_PER_SECOND * parallel.max(1) as f64) / 3600.0;
        problems.push(format!(
            "about {} events ({} per replication × {} replications), roughly {hours:.0} hours \
             on {} core{}; the limit is {} events",
            human(e.events),
            human(e.events_per_replication),
            e.replications,
            parallel.max(1),
            if parallel == 1 { "" } else { "s" },
            human(MAX_EVENTS),
        ));
    }
    if too_big {
        problems.push(format!(
            "about {} of memory ({} agents and a backlog of {} waiting tasks per replication, \
             results of {} replications); the limit is {}",
            bytes(e.memory_bytes),
            human(e.agents),
            human(e.backlog),
            e.replications,
            bytes(MAX_MEMORY_BYTES),
        ));
    }
    Err(BadInput::new(format!(
        "this run is too large: {}\n  = help: use fewer replications (--replications N), a shorter \
         horizon (`days` or `months`), lower volumes or fewer agents, or spread the \
         replications over several processes or machines (--shard K/N, then `bposim merge`); \
         to run it anyway, set {FORCE_VAR}=1",
        problems.join("; and ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::TeamPlan;
    use crate::scenario::{Source, load};

    fn plan(per_hour: f64, days: u32, agents: u32, hours: &str) -> Plan {
        let text = format!(
            "[scenario]\ndays = {days}\n\n[[service_line]]\nid = \"a\"\nchannel = \"realtime\"\n\
             hours = \"{hours}\"\nvolume = {{ per_hour = {per_hour} }}\n\
             handle_time = {{ dist = \"exponential\", mean_s = 300 }}\n\
             patience = {{ dist = \"exponential\", mean_s = 60 }}\n\
             target = {{ service_level = 0.8, within_s = 20 }}\n\n\
             [workforce]\nmode = \"fixed\"\non_duty = {{ a = {agents} }}\n"
        );
        load(&Source {
            name: "t.toml".into(),
            text,
        })
        .expect("test scenario loads")
    }

    #[test]
    fn the_shipped_scenarios_are_far_from_the_limits() {
        for (name, text) in [
            ("built-in", crate::scenario::BUILT_IN),
            ("mmc-check", include_str!("../../scenarios/mmc-check.toml")),
        ] {
            let p = load(&Source {
                name: name.into(),
                text: text.into(),
            })
            .expect("shipped scenario loads");
            let e = estimate(&p, u64::from(p.replications), 2);
            eprintln!("{name}: {e:?}");
            assert!(e.events < MAX_EVENTS / 10.0, "{name}: {e:?}");
            assert!(e.memory_bytes < MAX_MEMORY_BYTES / 10.0, "{name}: {e:?}");
            assert!(check(&p, p.replications as usize, 2).is_ok());
        }
    }

    #[test]
    fn arrivals_are_rate_times_open_hours() {
        let p = plan(100.0, 28, 10, "24x7");
        let a = expected_arrivals(&p, &p.lines[0]);
        assert!((a - 100.0 * 24.0 * 28.0).abs() < 1e-6, "{a}");
        // Business hours: 45 open hours a week, 4 weeks.
        let p = plan(100.0, 28, 10, "business");
        let a = expected_arrivals(&p, &p.lines[0]);
        assert!((a - 100.0 * 45.0 * 4.0).abs() < 1e-6, "{a}");
    }

    #[test]
    fn events_and_memory_grow_with_the_run() {
        let p = plan(100.0, 28, 10, "24x7");
        let one = estimate(&p, 1, 1);
        let ten = estimate(&p, 10, 2);
        assert!(one.events > 2.0 * 100.0 * 24.0 * 28.0);
        assert!((ten.events - 10.0 * one.events).abs() < 1e-3);
        assert!(ten.memory_bytes > one.memory_bytes);
        assert!(check(&p, 10, 2).is_ok());
    }

    #[test]
    fn a_century_of_a_million_calls_an_hour_is_refused() {
        let p = plan(1.0e6, 36_525, 10, "24x7");
        let message = check(&p, 1, 2).expect_err("too large").to_string();
        assert!(message.contains("too large"), "{message}");
        assert!(message.contains("events"), "{message}");
        assert!(message.contains("--replications"), "{message}");
        assert!(
            check_with(&p, 1, 2, true).is_ok(),
            "{FORCE_VAR}=1 lets it run"
        );
    }

    #[test]
    fn demand_that_is_not_finite_is_refused_even_when_forced() {
        let mut p = plan(1.0, 10, 1, "24x7");
        p.lines[0].month_rate[0] = f64::INFINITY;
        let message = check_with(&p, 1, 1, true).expect_err("refused").to_string();
        assert!(message.contains("not a finite number"), "{message}");
    }

    #[test]
    fn agents_that_need_more_memory_than_the_machine_are_refused() {
        let mut p = plan(1.0, 10, 1, "24x7");
        let team = p.workforce.teams[0].clone();
        p.workforce.teams = (0..1000)
            .map(|_| TeamPlan {
                roster: Roster::WhileOpen(1_000_000),
                ..team.clone()
            })
            .collect();
        let message = check(&p, 2, 2).expect_err("too big").to_string();
        assert!(message.contains("memory"), "{message}");
    }
}
