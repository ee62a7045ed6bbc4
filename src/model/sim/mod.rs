//! One replication of a plan: arrivals, queues, agents and rosters as a
//! discrete-event simulation.
//!
//! Events are arrivals (one pending per line), service completions (one per
//! session in progress) and a roster tick every 15-minute slot. Abandonment
//! needs no event: queues are FIFO, so a client who gave up matters only when
//! an agent reaches them, and is dropped then, counted as abandoned at their
//! deadline. This is exact and keeps the calendar small.
//!
//! This file holds the state (lines, teams, agents), the arrival process and
//! the event loop; the rest is split by what it decides:
//! - `routing`: which agent takes which task, queues and chat session pools;
//! - `service`: starting and finishing a service, sessions, the learning curve;
//! - `roster`: who is on duty (targets, absences, shifts, pipeline moves);
//! - `recorder`: every statistic, into the tallies of [`crate::model::tally`].

mod recorder;
mod roster;
mod routing;
mod service;

use std::collections::VecDeque;

use rand::RngExt;
use rand_distr::{Distribution, Exp1};

use crate::engine::calendar::Calendar;
use crate::engine::streams::{Purpose, Stream, stream};
use crate::engine::time::{HOUR, Tick};
use crate::model::pipeline::{self, Person};
use crate::model::tally::ReplicationResult;
use crate::scenario::horizon::DRAIN_LIMIT;
use crate::scenario::hours::SLOT;
use crate::scenario::plan::{Channel, LinePlan, Plan};

use recorder::Recorder;
use service::Sessions;

#[derive(Clone, Copy, Debug)]
enum Event {
    Arrival(u32),
    Completion(u32),
    Slot,
    /// A person (pipeline mode) reaches the floor.
    JoinFloor(u32),
    /// A person leaves the floor (quits or is promoted).
    LeaveFloor(u32),
}

/// A task waiting in a queue.
#[derive(Clone, Copy, Debug)]
struct Task {
    arrival: Tick,
    /// When it last entered a queue (arrival, or return for rework).
    queued: Tick,
    /// When the client gives up (`Tick::MAX`: never).
    deadline: Tick,
    /// Month of arrival for statistics; `NOT_COUNTED` during warm-up.
    month: u32,
    class: u8,
    /// Sent back by the quality check; answered before.
    rework: bool,
}

const NOT_COUNTED: u32 = u32::MAX;

/// The piecewise-constant arrival rate of a line around the current time.
struct RateCursor {
    slot_end: Tick,
    per_tick: f64,
}

struct Line<'p> {
    plan: &'p LinePlan,
    /// One FIFO queue per priority class.
    queues: Vec<VecDeque<Task>>,
    /// Teams whose agents may take this line's work.
    teams: Vec<u32>,
    /// Chat: agents with a free session slot on this line.
    partial: VecDeque<u32>,
    /// Ranks before priority when agents pick work (real-time first).
    rank: u8,
    arrivals: Stream,
    handle: Stream,
    patience: Stream,
    routing: Stream,
    cursor: RateCursor,
}

impl Line<'_> {
    fn waiting(&self) -> usize {
        self.queues.iter().map(VecDeque::len).sum()
    }
}

struct Team {
    /// Idle agents, longest idle first.
    idle: VecDeque<u32>,
    /// Rostered agents not on duty now.
    off: Vec<u32>,
    /// Agents on duty (idle or busy).
    on_duty: u32,
    /// Agents that should be on duty now.
    target: u32,
    /// People on the roster.
    rostered: u32,
    /// Lines this team serves, in the order agents look at them.
    lines: Vec<u32>,
    absences: Stream,
    since: Tick,
    /// Pipeline mode: people on the floor now.
    floor: u32,
    /// Pipeline mode: share of the floor present today.
    present_share: f64,
    /// Today's rounding offset (uniform 0–1): thinned counts are
    /// `floor(n × share + offset)`, unbiased for any roster size.
    rounding: f64,
    /// Pipeline mode: total weekly workload of the team's lines this month.
    week_workload: f64,
    /// Pipeline mode: workload of the team's lines in each slot of the week, this month.
    slot_workload: Vec<f64>,
    /// Pipeline mode: hours a week with some workload, this month.
    open_hours: f64,
}

struct Agent {
    team: u32,
    idle_since: Tick,
    /// Sessions in progress (chat may hold several).
    sessions: u32,
    /// The chat line whose `partial` pool lists it; an entry in any other
    /// pool is stale.
    pool: Option<u32>,
    /// Hire time (pipeline mode; `None`: fully proficient).
    hired: Option<Tick>,
    /// Leaves the floor when the work in hand is done.
    leaving: bool,
}

impl Agent {
    fn new(team: u32, hired: Option<Tick>) -> Self {
        Agent {
            team,
            idle_since: 0,
            sessions: 0,
            pool: None,
            hired,
            leaving: false,
        }
    }
}

/// Simulates replication `replication` of `plan`.
pub fn simulate(plan: &Plan, replication: u32) -> ReplicationResult {
    Simulation::new(plan, replication, None).run()
}

/// Simulates replication `replication` of `plan`, calling `on_day` at the
/// start of every simulated day (for a progress bar that moves with the work).
pub fn simulate_observed(
    plan: &Plan,
    replication: u32,
    on_day: &(dyn Fn() + Sync),
) -> ReplicationResult {
    Simulation::new(plan, replication, Some(on_day)).run()
}

struct Simulation<'p> {
    plan: &'p Plan,
    calendar: Calendar<Event>,
    lines: Vec<Line<'p>>,
    teams: Vec<Team>,
    agents: Vec<Agent>,
    sessions: Sessions,
    recorder: Recorder<'p>,
    slot_index: u64,
    /// Month index of the current slot.
    month: usize,
    /// Pipeline mode: everyone employed during the horizon (agent `i` is person `i`).
    people: Vec<Person>,
    /// Tenure from which the learning curve is over (multiplier exactly 1)
    /// and no tenure statistics are kept: the common case skips both.
    settled_after: Tick,
    /// Told of every new simulated day (progress), if anyone listens.
    on_day: Option<&'p (dyn Fn() + Sync)>,
}

impl<'p> Simulation<'p> {
    fn new(plan: &'p Plan, replication: u32, on_day: Option<&'p (dyn Fn() + Sync)>) -> Self {
        let seed = plan.seed;
        let mut agents = Vec::new();
        let teams: Vec<Team> = plan
            .workforce
            .teams
            .iter()
            .zip(routing::team_lines(plan))
            .enumerate()
            .map(|(t, (tp, lines))| {
                let rostered = tp.roster.peak();
                let off: Vec<u32> = (0..rostered)
                    .map(|i| agents.len() as u32 + rostered - 1 - i)
                    .collect();
                agents.extend((0..rostered).map(|_| Agent::new(t as u32, None)));
                Team {
                    idle: VecDeque::new(),
                    off,
                    on_duty: 0,
                    target: 0,
                    rostered,
                    lines,
                    absences: stream(seed, replication, Purpose::Absence, t as u32),
                    since: 0,
                    floor: 0,
                    present_share: 1.0,
                    rounding: 0.5,
                    week_workload: 0.0,
                    slot_workload: Vec::new(),
                    open_hours: 0.0,
                }
            })
            .collect();
        let lines = plan
            .lines
            .iter()
            .enumerate()
            .map(|(i, lp)| Line {
                plan: lp,
                queues: vec![VecDeque::new(); lp.classes.len()],
                teams: (0..plan.workforce.teams.len() as u32)
                    .filter(|&t| plan.workforce.teams[t as usize].serves(lp))
                    .collect(),
                partial: VecDeque::new(),
                rank: routing::rank(plan, lp),
                arrivals: stream(seed, replication, Purpose::Arrivals, i as u32),
                handle: stream(seed, replication, Purpose::HandleTime, i as u32),
                patience: stream(seed, replication, Purpose::Patience, i as u32),
                routing: stream(seed, replication, Purpose::Routing, i as u32),
                cursor: RateCursor {
                    slot_end: 0,
                    per_tick: 0.0,
                },
            })
            .collect();
        let mut recorder = Recorder::new(plan, replication);
        let mut people = Vec::new();
        if let Some(pipeline) = &plan.workforce.pipeline {
            let timeline = pipeline::timeline(plan, pipeline, replication);
            recorder.pipeline(timeline.workforce, timeline.education, timeline.on_floor);
            people = timeline.people;
            agents = people
                .iter()
                .map(|p| Agent::new(p.team as u32, p.hired))
                .collect();
        }
        Simulation {
            on_day,
            settled_after: service::settled_after(plan),
            people,
            plan,
            calendar: Calendar::new(),
            lines,
            teams,
            agents,
            sessions: Sessions::default(),
            recorder,
            slot_index: 0,
            month: 0,
        }
    }

    fn run(mut self) -> ReplicationResult {
        let end = self.plan.horizon.end;
        let floor_moves = self.people.iter().enumerate().flat_map(|(i, p)| {
            let until = p.floor_until();
            let joins = p.floor_from < until && p.floor_from < end;
            let join = joins.then_some((p.floor_from, Event::JoinFloor(i as u32)));
            let leave = (joins && until < end + DRAIN_LIMIT)
                .then_some((until, Event::LeaveFloor(i as u32)));
            join.into_iter().chain(leave)
        });
        self.calendar.schedule_all(floor_moves);
        self.calendar.schedule(0, Event::Slot);
        for l in 0..self.lines.len() {
            let next = self.next_arrival(l, 0);
            self.calendar
                .set_source(l, next.map(|t| (t, Event::Arrival(l as u32))));
        }
        while let Some((now, event)) = self.calendar.pop() {
            if now > end && (now > end + DRAIN_LIMIT || self.realtime_queues_empty(now)) {
                break;
            }
            match event {
                Event::Arrival(l) => self.arrival(l as usize, now),
                Event::Completion(s) => self.completion(s, now),
                Event::Slot => self.slot(now),
                Event::JoinFloor(a) => self.join_floor(a),
                Event::LeaveFloor(a) => self.leave_floor(a, now),
            }
        }
        let stop = self.calendar.now();
        for t in 0..self.teams.len() {
            self.account_on_duty(t, stop);
        }
        for l in 0..self.lines.len() {
            for c in 0..self.lines[l].queues.len() {
                while let Some(task) = self.lines[l].queues[c].pop_front() {
                    self.recorder.unresolved(l, task, stop);
                }
            }
        }
        self.recorder.finish()
    }

    fn realtime_queues_empty(&mut self, now: Tick) -> bool {
        for l in 0..self.lines.len() {
            if self.lines[l].plan.channel == Channel::Realtime {
                for c in 0..self.lines[l].queues.len() {
                    self.purge(l, c, now);
                }
                if self.lines[l].waiting() > 0 {
                    return false;
                }
            }
        }
        true
    }

    /// Next arrival of line `l` after `from`, by inverting the cumulative rate
    /// of the piecewise-constant intensity (exact for a non-homogeneous Poisson process).
    #[inline(always)]
    fn next_arrival(&mut self, l: usize, from: Tick) -> Option<Tick> {
        let horizon = &self.plan.horizon;
        let end = horizon.end;
        let line = &mut self.lines[l];
        let mut need: f64 = Exp1.sample(&mut line.arrivals);
        let mut t = from;
        loop {
            if t >= end {
                return None;
            }
            if t >= line.cursor.slot_end {
                line.cursor = RateCursor {
                    slot_end: (t / SLOT + 1) * SLOT,
                    per_tick: line
                        .plan
                        .rate_per_hour(horizon.month_of(t), horizon.week_slot(t))
                        / HOUR as f64,
                };
            }
            let RateCursor { slot_end, per_tick } = line.cursor;
            if per_tick > 0.0 {
                let room = (slot_end - t) as f64 * per_tick;
                if need < room {
                    let at = t + (need / per_tick) as Tick;
                    return (at < end).then_some(at.min(slot_end - 1).max(t));
                }
                need -= room;
            }
            t = slot_end;
        }
    }

    #[inline]
    fn month_at(&self, t: Tick) -> u32 {
        if t < self.plan.warmup || t >= self.plan.horizon.end {
            return NOT_COUNTED;
        }
        let months = &self.plan.horizon.months;
        let m = if t >= months[self.month].start && t < months[self.month].end {
            self.month
        } else {
            self.plan.horizon.month_of(t)
        };
        m as u32
    }

    /// A new task of line `l` enters the system now (from outside or by escalation).
    #[inline(always)]
    fn offer(&mut self, l: usize, now: Tick) {
        let line = &mut self.lines[l];
        let class = if line.plan.classes.len() == 1 {
            0
        } else {
            let u: f64 = line.routing.random();
            let mut acc = 0.0;
            let last = line.plan.classes.len() - 1;
            line.plan
                .classes
                .iter()
                .position(|c| {
                    acc += c.share;
                    u < acc
                })
                .unwrap_or(last)
        };
        let month = self.month_at(now);
        self.recorder.offered(l, class, month, now);
        let task = Task {
            arrival: now,
            queued: now,
            deadline: Tick::MAX,
            month,
            class: class as u8,
            rework: false,
        };
        self.dispatch(l, task, now, true);
    }

    #[inline(always)]
    fn arrival(&mut self, l: usize, now: Tick) {
        let next = self.next_arrival(l, now);
        self.calendar
            .set_source(l, next.map(|t| (t, Event::Arrival(l as u32))));
        self.offer(l, now);
    }
}
