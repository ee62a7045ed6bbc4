//! One replication of a plan: arrivals, queues, agents and rosters as a
//! discrete-event simulation.
//!
//! Events are arrivals (one pending per line), service completions (one per
//! session in progress) and a roster tick every 15-minute slot. Abandonment
//! needs no event: queues are FIFO, so a client who gave up matters only when
//! an agent reaches them, and is dropped then, counted as abandoned at their
//! deadline. This is exact and keeps the calendar small.
//!
//! Routing: a new task goes to the longest-idle qualified agent (chat first
//! fills agents' free session slots); a freed agent takes the oldest waiting
//! task among the lines it serves, real-time before deferred (configurable),
//! then by line priority, then by priority class.

use std::collections::VecDeque;

use rand::RngExt;
use rand_distr::{Binomial, Distribution, Exp1};

use crate::engine::calendar::Calendar;
use crate::engine::streams::{Purpose, Stream, stream};
use crate::engine::time::{HOUR, Tick, from_secs, to_secs};
use crate::model::pipeline::{self, Person};
use crate::model::tally::{
    ClassTally, IntervalTally, LineTally, ReplicationResult, TeamTally, TenureTally, WAIT_BINS_S,
    WeekTally, wait_bin,
};
use crate::scenario::horizon::DRAIN_LIMIT;
use crate::scenario::hours::{SLOT, SLOTS_PER_DAY, SLOTS_PER_HOUR};
use crate::scenario::plan::{Channel, LinePlan, Plan, Price, Roster};

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

/// A task in service.
#[derive(Clone, Copy, Debug)]
struct Session {
    agent: u32,
    line: u32,
    task: Task,
    /// The quality check will send it back.
    defect: bool,
}

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

impl Agent {
    fn new(team: u32, hired: Option<Tick>) -> Self {
        Agent {
            team,
            idle_since: 0,
            sessions: 0,
            in_partial: false,
            hired,
            leaving: false,
        }
    }
}

struct Agent {
    team: u32,
    idle_since: Tick,
    /// Sessions in progress (chat may hold several).
    sessions: u32,
    /// Listed in a chat line's `partial` pool.
    in_partial: bool,
    /// Hire time (pipeline mode; `None`: fully proficient).
    hired: Option<Tick>,
    /// Leaves the floor when the work in hand is done.
    leaving: bool,
}

/// Splits agent time over months and clips it to the measured window.
struct Buckets<'p> {
    plan: &'p Plan,
}

impl Buckets<'_> {
    #[inline]
    fn spread(&self, from: Tick, to: Tick, hint: usize, mut add: impl FnMut(usize, f64)) {
        let from = from.max(self.plan.warmup);
        let to = to.min(self.plan.horizon.end);
        if from >= to {
            return;
        }
        let months = &self.plan.horizon.months;
        let current = &months[hint];
        if current.start <= from && to <= current.end {
            add(hint, to_secs(to - from));
            return;
        }
        let mut m = self.plan.horizon.month_of(from);
        let mut t = from;
        while t < to {
            let stop = months[m].end.min(to);
            add(m, to_secs(stop - t));
            t = stop;
            m += 1;
        }
    }
}

/// Counts a client who gave up waiting for line `l`.
fn record_abandon(result: &mut ReplicationResult, l: usize, task: Task) {
    if task.month != NOT_COUNTED {
        let tally = &mut result.lines[l][task.month as usize];
        tally.abandoned += 1;
        tally.queue_time_s += to_secs(task.deadline - task.arrival);
    }
}

/// Drops the clients at the head of `queue` (of line `l`) who gave up by `now`.
#[inline]
fn purge_queue(queue: &mut VecDeque<Task>, result: &mut ReplicationResult, l: usize, now: Tick) {
    while let Some(&head) = queue.front()
        && head.deadline <= now
    {
        queue.pop_front();
        record_abandon(result, l, head);
    }
}

/// Simulates replication `replication` of `plan`.
pub fn simulate(plan: &Plan, replication: u32) -> ReplicationResult {
    Simulation::new(plan, replication).run()
}

struct Simulation<'p> {
    plan: &'p Plan,
    calendar: Calendar<Event>,
    lines: Vec<Line<'p>>,
    teams: Vec<Team>,
    agents: Vec<Agent>,
    sessions: Vec<Session>,
    free_sessions: Vec<u32>,
    buckets: Buckets<'p>,
    result: ReplicationResult,
    slot_index: u64,
    /// Month index of the current slot.
    month: usize,
    /// Pipeline mode: everyone employed during the horizon (agent `i` is person `i`).
    people: Vec<Person>,
    /// Tenure from which the learning curve is over (multiplier exactly 1)
    /// and no tenure statistics are kept: the common case skips both.
    settled_after: Tick,
}

/// Weeks of tenure tracked for the learning-curve statistics.
const TENURE_WEEKS: usize = 27;

impl<'p> Simulation<'p> {
    fn new(plan: &'p Plan, replication: u32) -> Self {
        let seed = plan.seed;
        let months = plan.horizon.months.len();
        let mut agents = Vec::new();
        let mut teams: Vec<Team> = plan
            .workforce
            .teams
            .iter()
            .enumerate()
            .map(|(t, tp)| {
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
                    lines: Vec::new(),
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
        let rank = |lp: &LinePlan| {
            u8::from(plan.workforce.realtime_first && lp.channel == Channel::Deferred)
        };
        let mut order: Vec<usize> = (0..plan.lines.len()).collect();
        order.sort_by_key(|&i| (rank(&plan.lines[i]), plan.lines[i].priority, i));
        for &i in &order {
            for (t, tp) in plan.workforce.teams.iter().enumerate() {
                if tp.serves(&plan.lines[i]) {
                    teams[t].lines.push(i as u32);
                }
            }
        }
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
                rank: rank(lp),
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
        let result = ReplicationResult {
            replication,
            lines: vec![vec![LineTally::default(); months]; plan.lines.len()],
            classes: plan
                .lines
                .iter()
                .map(|l| vec![ClassTally::default(); l.classes.len()])
                .collect(),
            backlog: vec![vec![0; months]; plan.lines.len()],
            teams: vec![vec![TeamTally::default(); months]; plan.workforce.teams.len()],
            week: WeekTally {
                arrivals: vec![vec![0; 168]; plan.lines.len()],
                on_duty_h: vec![vec![0.0; 168]; plan.workforce.teams.len()],
            },
            workforce: Vec::new(),
            education: Vec::new(),
            on_floor: Vec::new(),
            tenure: Vec::new(),
            waits: vec![vec![0; WAIT_BINS_S.len() + 1]; plan.lines.len()],
            intervals: if plan.interval_stats_min > 0 {
                let step = Tick::from(plan.interval_stats_min) * crate::engine::time::MINUTE;
                let count = plan.horizon.end.div_ceil(step) as usize;
                vec![vec![IntervalTally::default(); count]; plan.lines.len()]
            } else {
                Vec::new()
            },
        };
        let mut result = result;
        let mut people = Vec::new();
        if let Some(pipeline) = &plan.workforce.pipeline {
            let timeline = pipeline::timeline(plan, pipeline, replication);
            result.workforce = timeline.workforce;
            result.education = timeline.education;
            result.on_floor = timeline.on_floor;
            result.tenure = vec![vec![TenureTally::default(); TENURE_WEEKS]; plan.lines.len()];
            people = timeline.people;
            agents = people
                .iter()
                .map(|p| Agent::new(p.team as u32, p.hired))
                .collect();
        }
        let settled_after = plan.workforce.pipeline.as_ref().map_or(0, |p| {
            let week = crate::engine::time::WEEK;
            let curve = p.learning_curve.weeks_to_proficiency.max(0.0);
            // A week past the curve's end: clear of any rounding at its edge.
            let curve_end = ((curve + 1.0) * week as f64) as Tick;
            curve_end.max(TENURE_WEEKS as Tick * week)
        });
        Simulation {
            settled_after,
            people,
            plan,
            calendar: Calendar::new(),
            lines,
            teams,
            agents,
            sessions: Vec::new(),
            free_sessions: Vec::new(),
            buckets: Buckets { plan },
            result,
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
                    if task.deadline <= stop {
                        record_abandon(&mut self.result, l, task);
                    } else if task.month != NOT_COUNTED {
                        let waited = to_secs(stop.min(end).max(task.arrival) - task.arrival);
                        self.result.lines[l][task.month as usize].queue_time_s += waited;
                    }
                }
            }
        }
        self.result
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

    /// Index of the interval of the horizon containing `t`, for the staffing search.
    #[inline]
    fn interval_index(&self, month: u32, t: Tick) -> Option<usize> {
        let minutes = Tick::from(self.plan.interval_stats_min);
        if minutes == 0 || month == NOT_COUNTED {
            return None;
        }
        Some((t / (minutes * crate::engine::time::MINUTE)) as usize)
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
        if month != NOT_COUNTED {
            self.result.lines[l][month as usize].offered += 1;
            self.result.classes[l][class].offered += 1;
            if let Some(k) = self.interval_index(month, now) {
                self.result.intervals[l][k].offered += 1;
            }
            if month as usize == self.plan.profile_month {
                let hour = self.plan.horizon.week_slot(now) / SLOTS_PER_HOUR;
                self.result.week.arrivals[l][hour] += 1;
            }
        }
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

    /// Serves `task` at once if a qualified agent is free, else queues it.
    #[inline(always)]
    fn dispatch(&mut self, l: usize, task: Task, now: Tick, fresh: bool) {
        if let Some(a) = self.free_agent_for(l) {
            self.start_service(a, l, task, now);
            return;
        }
        if fresh && task.month != NOT_COUNTED {
            self.result.lines[l][task.month as usize].waited += 1;
        }
        let line = &mut self.lines[l];
        let deadline = match (&line.plan.patience, fresh) {
            (Some(p), true) => now.saturating_add(from_secs(p.sample(&mut line.patience))),
            _ => task.deadline,
        };
        let class = task.class as usize;
        if fresh {
            line.queues[class].push_back(Task { deadline, ..task });
        } else {
            // Rework goes to the front: it is the oldest work of its class.
            line.queues[class].push_front(task);
        }
        // Bound the queue when nobody serves it: drop those who gave up at the head.
        if line.queues[class].len() > 1 {
            self.purge(l, class, now);
        }
    }

    /// A qualified agent able to start a task of line `l` now, removed from its pool.
    fn free_agent_for(&mut self, l: usize) -> Option<u32> {
        let line = &mut self.lines[l];
        let concurrency = line.plan.concurrency;
        if concurrency > 1 {
            while let Some(a) = line.partial.pop_front() {
                let agent = &mut self.agents[a as usize];
                agent.in_partial = false;
                let team = &self.teams[agent.team as usize];
                if agent.sessions > 0
                    && agent.sessions < concurrency
                    && !agent.leaving
                    && team.on_duty <= team.target
                {
                    return Some(a);
                }
            }
        }
        // Longest-idle qualified agent.
        if let [only] = line.teams[..] {
            return self.teams[only as usize].idle.pop_front();
        }
        let mut best: Option<(Tick, usize)> = None;
        for &t in &line.teams {
            if let Some(&a) = self.teams[t as usize].idle.front() {
                let since = self.agents[a as usize].idle_since;
                if best.is_none_or(|(s, _)| since < s) {
                    best = Some((since, t as usize));
                }
            }
        }
        best.and_then(|(_, t)| self.teams[t].idle.pop_front())
    }

    /// Drops clients at the head of a queue who gave up by `now`.
    fn purge(&mut self, l: usize, class: usize, now: Tick) {
        purge_queue(&mut self.lines[l].queues[class], &mut self.result, l, now);
    }

    fn start_service(&mut self, a: u32, l: usize, task: Task, now: Tick) {
        let line = &mut self.lines[l];
        let plan = line.plan;
        let mut duration = from_secs(plan.handle_time.sample(&mut line.handle));
        if let (Some(pipeline), Some(hired)) =
            (&self.plan.workforce.pipeline, self.agents[a as usize].hired)
        {
            // New people really are slower: the learning curve stretches the sample.
            let tenure = now.saturating_sub(hired);
            if tenure < self.settled_after {
                duration = (duration as f64 * pipeline.learning_curve.multiplier(tenure)) as Tick;
                let week = (tenure / crate::engine::time::WEEK) as usize;
                if week < TENURE_WEEKS && now >= self.plan.warmup {
                    let stat = &mut self.result.tenure[l][week];
                    stat.tasks += 1;
                    stat.handle_s += to_secs(duration);
                }
            }
        }
        // Absurd samples (heavy tails, huge means) must not overflow the clock.
        let duration = duration.min(200 * 365 * crate::engine::time::DAY);
        let defect = plan
            .quality
            .is_some_and(|q| line.routing.random::<f64>() < q.sample * q.defect_rate);
        // Time in the queue this time round (rework queues again).
        let wait = now - task.queued;
        if task.month != NOT_COUNTED {
            let within = plan.classes[task.class as usize].target.within;
            let tally = &mut self.result.lines[l][task.month as usize];
            let wait_s = to_secs(wait);
            tally.queue_time_s += wait_s;
            if !task.rework {
                // The answer: the wait clients see, measured once per task.
                tally.wait_handled_s += wait_s;
                self.result.waits[l][wait_bin(wait_s)] += 1;
            }
            // Real-time: answered in time (first answer); deferred: completed in time.
            let in_time = match plan.channel {
                Channel::Realtime => !task.rework && wait <= within,
                Channel::Deferred => !defect && now + duration - task.arrival <= within,
            };
            if defect {
                tally.reworked += 1;
            } else {
                tally.handled += 1;
                tally.revenue_usd += match plan.price {
                    Price::PerTask(p) => p,
                    Price::PerHour(p) => p * duration as f64 / HOUR as f64,
                };
            }
            if in_time {
                tally.within_target += 1;
                self.result.classes[l][task.class as usize].within_target += 1;
                if let Some(k) = self.interval_index(task.month, task.arrival) {
                    self.result.intervals[l][k].within_target += 1;
                }
            }
        }
        let team = self.agents[a as usize].team as usize;
        let share = 1.0 / f64::from(plan.concurrency);
        let tallies = &mut self.result.teams[team];
        self.buckets
            .spread(now, now + duration, self.month, |m, s| {
                tallies[m].busy_s += s * share
            });
        self.agents[a as usize].sessions += 1;
        self.offer_slot(a, l);
        let session = Session {
            agent: a,
            line: l as u32,
            task,
            defect,
        };
        let id = match self.free_sessions.pop() {
            Some(id) => {
                self.sessions[id as usize] = session;
                id
            }
            None => {
                self.sessions.push(session);
                (self.sessions.len() - 1) as u32
            }
        };
        self.calendar
            .schedule(now + duration, Event::Completion(id));
    }

    /// Lists a chat agent with a free session slot in the line's pool (once).
    fn offer_slot(&mut self, a: u32, l: usize) {
        let agent = &mut self.agents[a as usize];
        if !agent.in_partial && agent.sessions < self.lines[l].plan.concurrency {
            agent.in_partial = true;
            self.lines[l].partial.push_back(a);
        }
    }

    #[inline(always)]
    fn completion(&mut self, id: u32, now: Tick) {
        let Session {
            agent: a,
            line: l,
            task,
            defect,
        } = self.sessions[id as usize];
        self.free_sessions.push(id);
        let l = l as usize;
        if defect {
            // Back to the queue for rework: no patience (the client was answered).
            let again = Task {
                queued: now,
                deadline: Tick::MAX,
                rework: true,
                ..task
            };
            self.dispatch(l, again, now, false);
        } else if let Some(e) = self.lines[l].plan.escalation
            && self.lines[l].routing.random::<f64>() < e.share
        {
            if task.month != NOT_COUNTED {
                self.result.lines[l][task.month as usize].escalated += 1;
            }
            self.offer(e.to, now);
        }
        let agent = &mut self.agents[a as usize];
        agent.sessions -= 1;
        if agent.sessions > 0 {
            // Chat: take the next waiting session of this line, if the shift goes on.
            let team = &self.teams[agent.team as usize];
            if team.on_duty <= team.target && !agent.leaving {
                match self.take_from_line(l, now) {
                    Some(next) => self.start_service(a, l, next, now),
                    None => self.offer_slot(a, l),
                }
            }
            return;
        }
        self.agent_free(a, now);
    }

    /// The oldest waiting task of line `l`, by priority class.
    fn take_from_line(&mut self, l: usize, now: Tick) -> Option<Task> {
        for c in 0..self.lines[l].queues.len() {
            self.purge(l, c, now);
            if let Some(task) = self.lines[l].queues[c].pop_front() {
                return Some(task);
            }
        }
        None
    }

    /// The next task for an agent of team `t`: real-time first (if so
    /// configured), then line priority, then class, then the oldest.
    #[inline(always)]
    fn take_work(
        &mut self,
        t: usize,
        now: Tick,
        closed_realtime_only: bool,
    ) -> Option<(usize, Task)> {
        let week_slot = if closed_realtime_only {
            self.plan.horizon.week_slot(now)
        } else {
            0
        };
        let Simulation {
            teams,
            lines,
            result,
            ..
        } = self;
        let mut best: Option<((u8, i64, usize, Tick), usize)> = None;
        for &l in &teams[t].lines {
            let l = l as usize;
            let line = &mut lines[l];
            let plan = line.plan;
            if closed_realtime_only
                && (plan.channel == Channel::Deferred || plan.is_open(week_slot))
            {
                continue;
            }
            if let Some((key, _)) = best
                && (line.rank, plan.priority) > (key.0, key.1)
            {
                break;
            }
            for (c, queue) in line.queues.iter_mut().enumerate() {
                purge_queue(queue, result, l, now);
                if let Some(head) = queue.front() {
                    let key = (line.rank, plan.priority, c, head.arrival);
                    if best.is_none_or(|(b, _)| key < b) {
                        best = Some((key, l));
                    }
                    break;
                }
            }
        }
        let ((_, _, c, _), l) = best?;
        lines[l].queues[c].pop_front().map(|task| (l, task))
    }

    /// An agent with no session left (or just on duty): next task, idle, or off duty.
    #[inline(always)]
    fn agent_free(&mut self, a: u32, now: Tick) {
        let t = self.agents[a as usize].team as usize;
        if self.agents[a as usize].leaving {
            // Quit or promoted while busy: gone now that the work is done.
            self.account_on_duty(t, now);
            self.teams[t].on_duty -= 1;
            return;
        }
        if self.teams[t].on_duty > self.teams[t].target {
            // Shift over: answer the clients already waiting on closed lines, then leave.
            if let Some((l, task)) = self.take_work(t, now, true) {
                self.start_service(a, l, task, now);
            } else {
                self.account_on_duty(t, now);
                self.teams[t].on_duty -= 1;
                self.teams[t].off.push(a);
            }
            return;
        }
        if let Some((l, task)) = self.take_work(t, now, false) {
            self.start_service(a, l, task, now);
            // Chat: fill the agent's other session slots from the same queue.
            while self.agents[a as usize].sessions < self.lines[l].plan.concurrency {
                match self.take_from_line(l, now) {
                    Some(next) => self.start_service(a, l, next, now),
                    None => break,
                }
            }
        } else {
            self.agents[a as usize].idle_since = now;
            self.teams[t].idle.push_back(a);
        }
    }

    fn account_on_duty(&mut self, t: usize, now: Tick) {
        let team = &mut self.teams[t];
        let count = f64::from(team.on_duty);
        let tallies = &mut self.result.teams[t];
        if count > 0.0 {
            self.buckets.spread(team.since, now, self.month, |m, s| {
                tallies[m].on_duty_s += s * count
            });
        }
        team.since = now;
    }

    /// Roster tick: month-end backlog, daily absences, on-duty targets every slot.
    fn slot(&mut self, now: Tick) {
        let plan = self.plan;
        let horizon = &plan.horizon;
        if now > 0 && now <= horizon.end && now == horizon.months[self.month].end {
            for l in 0..self.lines.len() {
                if self.lines[l].plan.channel == Channel::Deferred {
                    self.result.backlog[l][self.month] = self.lines[l].waiting() as u64;
                }
            }
        }
        if now < horizon.end {
            let month = horizon.month_of(now);
            if month != self.month || now == 0 {
                self.month = month;
                for t in 0..self.teams.len() {
                    let loads: Vec<f64> = (0..crate::scenario::hours::SLOTS_PER_WEEK)
                        .map(|k| self.team_workload(t, k))
                        .collect();
                    let weekly: f64 = loads.iter().sum();
                    let open = loads.iter().filter(|&&x| x > 0.0).count();
                    self.teams[t].week_workload = weekly * SLOT as f64 / HOUR as f64;
                    self.teams[t].open_hours = open as f64 * SLOT as f64 / HOUR as f64;
                    self.teams[t].slot_workload = loads;
                }
            }
        }
        let week_slot = horizon.week_slot(now);
        let new_day = self.slot_index.is_multiple_of(SLOTS_PER_DAY as u64);
        self.slot_index += 1;
        for t in 0..self.teams.len() {
            let team_plan = &plan.workforce.teams[t];
            let team = &mut self.teams[t];
            if new_day && plan.workforce.shrinkage > 0.0 {
                let present =
                    Binomial::new(u64::from(team.rostered), 1.0 - plan.workforce.shrinkage)
                        .map_or(team.rostered, |b| b.sample(&mut team.absences) as u32);
                team.rounding = team.absences.random();
                team.present_share = if team.rostered > 0 {
                    f64::from(present) / f64::from(team.rostered)
                } else {
                    1.0 - plan.workforce.shrinkage
                };
            }
            let open = || {
                self.teams[t]
                    .lines
                    .iter()
                    .any(|&l| self.lines[l as usize].plan.is_open(week_slot))
            };
            // Absences thin the roster in proportion to who is present today.
            let team = &self.teams[t];
            let thinned =
                |n: u32| (f64::from(n) * team.present_share + team.rounding).floor() as u32;
            let target = if now >= horizon.end + DRAIN_LIMIT {
                0
            } else {
                match &team_plan.roster {
                    Roster::WhileOpen(n) => {
                        if open() {
                            thinned(*n)
                        } else {
                            0
                        }
                    }
                    Roster::Weekly(v) => thinned(v[week_slot]),
                    Roster::ByMonth(v) => thinned(v[self.month][week_slot]),
                    Roster::Pipeline => self.pipeline_target(t, week_slot),
                }
            };
            self.set_target(t, target, now);
            if now >= plan.warmup && now < horizon.end && self.month == plan.profile_month {
                let on_duty = f64::from(self.teams[t].on_duty);
                self.result.week.on_duty_h[t][week_slot / SLOTS_PER_HOUR] +=
                    on_duty * SLOT as f64 / HOUR as f64;
            }
        }
        if now < horizon.end {
            let m = self.month;
            for l in 0..self.lines.len() {
                let line = &self.lines[l];
                if line.plan.is_open(week_slot)
                    && now >= plan.warmup
                    && line
                        .teams
                        .iter()
                        .all(|&t| self.teams[t as usize].target == 0)
                {
                    self.result.lines[l][m].unstaffed_h += SLOT as f64 / HOUR as f64;
                }
            }
        }
        self.calendar.schedule(now + SLOT, Event::Slot);
    }

    /// A person reaches the floor: rostered from the next slot on.
    fn join_floor(&mut self, a: u32) {
        let t = self.agents[a as usize].team as usize;
        self.teams[t].floor += 1;
        self.teams[t].rostered += 1;
        self.teams[t].off.push(a);
    }

    /// A person leaves the floor: at once if off duty or idle, else when the work in hand is done.
    fn leave_floor(&mut self, a: u32, now: Tick) {
        let t = self.agents[a as usize].team as usize;
        let team = &mut self.teams[t];
        team.floor -= 1;
        team.rostered -= 1;
        if let Some(i) = team.off.iter().position(|&x| x == a) {
            team.off.swap_remove(i);
        } else if let Some(i) = team.idle.iter().position(|&x| x == a) {
            team.idle.remove(i);
            self.account_on_duty(t, now);
            self.teams[t].on_duty -= 1;
        } else {
            self.agents[a as usize].leaving = true;
        }
    }

    /// Pipeline roster: the team's present people, each working
    /// `hours_per_week`; whole shifts place `shift_efficiency` of those hours
    /// in proportion to the workload of the lines they serve and the rest
    /// evenly over the hours with work (never more than are present).
    fn pipeline_target(&self, t: usize, week_slot: usize) -> u32 {
        let team = &self.teams[t];
        if self.plan.workforce.pipeline.is_none() {
            return 0;
        }
        let present = (f64::from(team.floor) * team.present_share + team.rounding).floor();
        if team.week_workload <= 0.0 || present <= 0.0 {
            return 0;
        }
        // The week's agent-hours: the placed share in proportion to the
        // workload (the slot's agents busy over the week's agent-hours), the
        // rest evenly over the open hours.
        let load = team.slot_workload.get(week_slot).copied().unwrap_or(0.0);
        let efficiency = self.plan.workforce.shift_efficiency;
        let even = if load > 0.0 {
            (1.0 - efficiency) / team.open_hours
        } else {
            0.0
        };
        let share = efficiency * load / team.week_workload + even;
        let wanted = present * self.plan.workforce.hours_per_week * share;
        wanted.round().min(present) as u32
    }

    /// Offered work (agent-hours per hour) of the team's lines in a slot of the current month.
    fn team_workload(&self, t: usize, week_slot: usize) -> f64 {
        self.teams[t]
            .lines
            .iter()
            .map(|&l| {
                let lp = self.lines[l as usize].plan;
                lp.rate_per_hour(self.month, week_slot) * lp.handle_time.mean_s()
                    / 3600.0
                    / f64::from(lp.concurrency)
            })
            .sum()
    }

    fn set_target(&mut self, t: usize, target: u32, now: Tick) {
        self.teams[t].target = target;
        // Idle agents beyond the target leave now; busy ones when their work ends.
        while self.teams[t].on_duty > target {
            let Some(a) = self.teams[t].idle.pop_back() else {
                break;
            };
            self.account_on_duty(t, now);
            self.teams[t].on_duty -= 1;
            self.teams[t].off.push(a);
        }
        while self.teams[t].on_duty < target {
            let Some(a) = self.teams[t].off.pop() else {
                break;
            };
            self.account_on_duty(t, now);
            self.teams[t].on_duty += 1;
            self.agent_free(a, now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_split_across_months_and_clip_warmup() {
        use crate::engine::time::DAY;
        use crate::scenario::horizon::{Horizon, YearMonth};
        let plan = Plan {
            name: String::new(),
            horizon: Horizon::from_days(
                YearMonth {
                    year: 2026,
                    month: 1,
                },
                40,
            ),
            warmup: DAY,
            replications: 1,
            seed: 1,
            lines: vec![],
            skills: vec![],
            languages: vec![],
            workforce: crate::scenario::plan::WorkforcePlan {
                teams: vec![],
                shrinkage: 0.0,
                realtime_first: true,
                max_occupancy: 0.85,
                hours_per_week: 40.0,
                shift_efficiency: 0.9,
                pipeline: None,
            },
            pools: vec![],
            profile_month: 0,
            interval_stats_min: 0,
        };
        let b = Buckets { plan: &plan };
        let mut got = vec![0.0; 2];
        b.spread(0, 32 * DAY, 0, |m, s| got[m] += s);
        assert_eq!(got, vec![30.0 * 86_400.0, 86_400.0]);
    }
}
