//! One replication of a plan: arrivals, queues, agents and rosters as a
//! discrete-event simulation.
//!
//! Events are arrivals (one pending per line), service completions (one per
//! busy agent) and a roster tick every 15-minute slot. Abandonment needs no
//! event: queues are FIFO, so a client who gave up matters only when an agent
//! reaches them, and is dropped then, counted as abandoned at their deadline.
//! This is exact and keeps the calendar small.

use std::collections::VecDeque;

use rand_distr::{Binomial, Distribution, Exp1};

use crate::engine::calendar::Calendar;
use crate::engine::streams::{Purpose, Stream, stream};
use crate::engine::time::{DAY, HOUR, Tick, from_secs};
use crate::model::hours::{SLOT, SLOTS_PER_DAY};
use crate::scenario::plan::{LinePlan, Plan};
use crate::stats::tally::{LineTally, ReplicationResult, SkillTally};

/// How long after the horizon the clients already waiting are still served.
const DRAIN_LIMIT: Tick = 7 * DAY;

#[derive(Clone, Copy, Debug)]
enum Event {
    Arrival(u32),
    Completion(u32),
    Slot,
}

/// A task waiting in a line's queue.
#[derive(Clone, Copy, Debug)]
struct Task {
    arrival: Tick,
    /// When the client gives up (`Tick::MAX`: never).
    deadline: Tick,
    /// Month of arrival for statistics; `NOT_COUNTED` during warm-up.
    month: u32,
}

const NOT_COUNTED: u32 = u32::MAX;

/// The piecewise-constant arrival rate of a line around the current time.
struct RateCursor {
    slot_end: Tick,
    per_tick: f64,
}

struct Line<'p> {
    plan: &'p LinePlan,
    queue: VecDeque<Task>,
    groups: Vec<u32>,
    arrivals: Stream,
    handle: Stream,
    patience: Stream,
    cursor: RateCursor,
}

struct Group {
    skill: usize,
    /// Idle agents, longest idle first.
    idle: VecDeque<u32>,
    /// Rostered agents not on duty now.
    off: Vec<u32>,
    /// Agents on duty (idle or busy).
    on_duty: u32,
    /// Agents that should be on duty now.
    target: u32,
    /// Agents present today (rostered minus absent).
    present: u32,
    rostered: u32,
    /// Lines this group serves, by priority then plan order.
    lines: Vec<u32>,
    absences: Stream,
    since: Tick,
}

struct Agent {
    group: u32,
    idle_since: Tick,
}

/// Splits agent time over months and clips it to the measured window.
struct Buckets<'p> {
    plan: &'p Plan,
    warmup: Tick,
    end: Tick,
}

impl Buckets<'_> {
    #[inline]
    fn spread(&self, from: Tick, to: Tick, mut add: impl FnMut(usize, f64)) {
        let from = from.max(self.warmup);
        let to = to.min(self.end);
        if from >= to {
            return;
        }
        let months = &self.plan.horizon.months;
        let mut m = self.plan.horizon.month_of(from);
        let mut t = from;
        while t < to {
            let stop = months[m].end.min(to);
            add(m, (stop - t) as f64 / 1e6);
            t = stop;
            m += 1;
        }
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
    groups: Vec<Group>,
    agents: Vec<Agent>,
    buckets: Buckets<'p>,
    line_tallies: Vec<Vec<LineTally>>,
    skill_tallies: Vec<Vec<SkillTally>>,
    replication: u32,
    slot_index: u64,
    /// Month index of the current slot.
    month: usize,
}

impl<'p> Simulation<'p> {
    fn new(plan: &'p Plan, replication: u32) -> Self {
        let seed = plan.seed;
        let months = plan.horizon.months.len();
        // Fixed staffing: one group per skill.
        let mut groups: Vec<Group> = plan
            .skills
            .iter()
            .enumerate()
            .map(|(s, _)| Group {
                skill: s,
                idle: VecDeque::new(),
                off: Vec::new(),
                on_duty: 0,
                target: 0,
                present: 0,
                rostered: plan.workforce.on_duty[s],
                lines: Vec::new(),
                absences: stream(seed, replication, Purpose::Absence, s as u32),
                since: 0,
            })
            .collect();
        let mut agents = Vec::new();
        for (g, group) in groups.iter_mut().enumerate() {
            for _ in 0..group.rostered {
                group.off.push(agents.len() as u32);
                agents.push(Agent {
                    group: g as u32,
                    idle_since: 0,
                });
            }
            group.off.reverse();
        }
        let mut order: Vec<usize> = (0..plan.lines.len()).collect();
        order.sort_by_key(|&i| (plan.lines[i].priority, i));
        for &i in &order {
            groups[plan.lines[i].skill].lines.push(i as u32);
        }
        let lines = plan
            .lines
            .iter()
            .enumerate()
            .map(|(i, lp)| Line {
                plan: lp,
                queue: VecDeque::new(),
                groups: vec![lp.skill as u32],
                arrivals: stream(seed, replication, Purpose::Arrivals, i as u32),
                handle: stream(seed, replication, Purpose::HandleTime, i as u32),
                patience: stream(seed, replication, Purpose::Patience, i as u32),
                cursor: RateCursor {
                    slot_end: 0,
                    per_tick: 0.0,
                },
            })
            .collect();
        Simulation {
            plan,
            calendar: Calendar::new(),
            lines,
            groups,
            agents,
            buckets: Buckets {
                plan,
                warmup: plan.warmup,
                end: plan.horizon.end,
            },
            line_tallies: vec![vec![LineTally::default(); months]; plan.lines.len()],
            skill_tallies: vec![vec![SkillTally::default(); months]; plan.skills.len()],
            replication,
            slot_index: 0,
            month: 0,
        }
    }

    fn run(mut self) -> ReplicationResult {
        let end = self.plan.horizon.end;
        self.calendar.schedule(0, Event::Slot);
        for l in 0..self.lines.len() {
            if let Some(t) = self.next_arrival(l, 0) {
                self.calendar.schedule(t, Event::Arrival(l as u32));
            }
        }
        while let Some((now, event)) = self.calendar.pop() {
            if now > end && (now > end + DRAIN_LIMIT || self.queues_empty(now)) {
                break;
            }
            match event {
                Event::Arrival(l) => self.arrival(l as usize, now),
                Event::Completion(a) => self.agent_free(a, now),
                Event::Slot => self.slot(now),
            }
        }
        let stop = self.calendar.now();
        for g in 0..self.groups.len() {
            self.account_on_duty(g, stop);
        }
        for l in 0..self.lines.len() {
            while let Some(task) = self.lines[l].queue.pop_front() {
                if task.deadline <= stop {
                    self.record_abandon(l, task);
                } else if task.month != NOT_COUNTED {
                    self.line_tallies[l][task.month as usize].queue_time_s +=
                        (stop - task.arrival) as f64 / 1e6;
                }
            }
        }
        ReplicationResult {
            replication: self.replication,
            lines: self.line_tallies,
            skills: self.skill_tallies,
        }
    }

    fn queues_empty(&mut self, now: Tick) -> bool {
        for l in 0..self.lines.len() {
            self.purge(l, now);
            if !self.lines[l].queue.is_empty() {
                return false;
            }
        }
        true
    }

    /// Next arrival of line `l` after `from`, by inverting the cumulative rate
    /// of the piecewise-constant intensity (exact for a non-homogeneous Poisson process).
    fn next_arrival(&mut self, l: usize, from: Tick) -> Option<Tick> {
        let end = self.plan.horizon.end;
        let line = &mut self.lines[l];
        let mut need: f64 = Exp1.sample(&mut line.arrivals);
        let mut t = from;
        loop {
            if t >= end {
                return None;
            }
            if t >= line.cursor.slot_end {
                let slot_end = (t / SLOT + 1) * SLOT;
                let month = self.plan.horizon.month_of(t);
                let slot = self.plan.horizon.week_slot(t);
                line.cursor = RateCursor {
                    slot_end,
                    per_tick: line.plan.rate_per_hour(month, slot) / HOUR as f64,
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

    fn arrival(&mut self, l: usize, now: Tick) {
        if let Some(t) = self.next_arrival(l, now) {
            self.calendar.schedule(t, Event::Arrival(l as u32));
        }
        let month = if now >= self.plan.warmup {
            let m = self.month_at(now);
            self.line_tallies[l][m].offered += 1;
            m as u32
        } else {
            NOT_COUNTED
        };
        // Longest-idle qualified agent.
        let mut best: Option<(Tick, usize)> = None;
        for &g in &self.lines[l].groups {
            if let Some(&a) = self.groups[g as usize].idle.front() {
                let since = self.agents[a as usize].idle_since;
                if best.is_none_or(|(s, _)| since < s) {
                    best = Some((since, g as usize));
                }
            }
        }
        let task = Task {
            arrival: now,
            deadline: Tick::MAX,
            month,
        };
        if let Some((_, g)) = best {
            let a = self.groups[g].idle.pop_front().unwrap_or_default();
            self.start_service(a, l, task, now);
            return;
        }
        if month != NOT_COUNTED {
            self.line_tallies[l][month as usize].waited += 1;
        }
        let line = &mut self.lines[l];
        let deadline = match &line.plan.patience {
            Some(p) => now.saturating_add(from_secs(p.sample(&mut line.patience))),
            None => Tick::MAX,
        };
        line.queue.push_back(Task { deadline, ..task });
        // Bound the queue when nobody serves it: drop those who gave up at the head.
        if line.queue.len() > 1 {
            self.purge(l, now);
        }
    }

    #[inline]
    fn month_at(&self, t: Tick) -> usize {
        let months = &self.plan.horizon.months;
        if t >= months[self.month].start && t < months[self.month].end {
            self.month
        } else {
            self.plan.horizon.month_of(t)
        }
    }

    fn record_abandon(&mut self, l: usize, task: Task) {
        if task.month != NOT_COUNTED {
            let tally = &mut self.line_tallies[l][task.month as usize];
            tally.abandoned += 1;
            tally.queue_time_s += (task.deadline - task.arrival) as f64 / 1e6;
        }
    }

    /// Drops clients at the head of line `l` who gave up by `now`.
    fn purge(&mut self, l: usize, now: Tick) {
        while let Some(&head) = self.lines[l].queue.front() {
            if head.deadline > now {
                break;
            }
            self.lines[l].queue.pop_front();
            self.record_abandon(l, head);
        }
    }

    fn start_service(&mut self, a: u32, l: usize, task: Task, now: Tick) {
        let line = &mut self.lines[l];
        let duration = from_secs(line.plan.handle_time.sample(&mut line.handle));
        let wait = now - task.arrival;
        if task.month != NOT_COUNTED {
            let tally = &mut self.line_tallies[l][task.month as usize];
            tally.handled += 1;
            tally.wait_handled_s += wait as f64 / 1e6;
            tally.queue_time_s += wait as f64 / 1e6;
            tally.revenue_usd += line.plan.price_usd;
            if wait <= line.plan.target.within {
                tally.within_target += 1;
            }
        }
        let skill = self.groups[self.agents[a as usize].group as usize].skill;
        let tallies = &mut self.skill_tallies[skill];
        self.buckets
            .spread(now, now + duration, |m, s| tallies[m].busy_s += s);
        self.calendar.schedule(now + duration, Event::Completion(a));
    }

    /// The oldest waiting task among the lines group `g` serves, by line priority.
    fn take_work(&mut self, g: usize, now: Tick, closed_only: bool) -> Option<(usize, Task)> {
        let mut best: Option<(i64, Tick, usize)> = None;
        for i in 0..self.groups[g].lines.len() {
            let l = self.groups[g].lines[i] as usize;
            if closed_only && self.lines[l].plan.is_open(self.plan.horizon.week_slot(now)) {
                continue;
            }
            self.purge(l, now);
            if let Some(head) = self.lines[l].queue.front() {
                let key = (self.lines[l].plan.priority, head.arrival, l);
                if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                    best = Some(key);
                }
            }
        }
        let (_, _, l) = best?;
        self.lines[l].queue.pop_front().map(|t| (l, t))
    }

    /// An agent finished a task (or came on duty): next task, idle, or off duty.
    fn agent_free(&mut self, a: u32, now: Tick) {
        let g = self.agents[a as usize].group as usize;
        if self.groups[g].on_duty > self.groups[g].target {
            // Shift over: finish the clients already waiting on closed lines, then leave.
            if let Some((l, task)) = self.take_work(g, now, true) {
                self.start_service(a, l, task, now);
            } else {
                self.account_on_duty(g, now);
                self.groups[g].on_duty -= 1;
                self.groups[g].off.push(a);
            }
            return;
        }
        if let Some((l, task)) = self.take_work(g, now, false) {
            self.start_service(a, l, task, now);
        } else {
            self.agents[a as usize].idle_since = now;
            self.groups[g].idle.push_back(a);
        }
    }

    fn account_on_duty(&mut self, g: usize, now: Tick) {
        let group = &mut self.groups[g];
        let count = f64::from(group.on_duty);
        let tallies = &mut self.skill_tallies[group.skill];
        if count > 0.0 {
            self.buckets
                .spread(group.since, now, |m, s| tallies[m].on_duty_s += s * count);
        }
        group.since = now;
    }

    /// Roster tick: absences at the start of each day, on-duty targets every slot.
    fn slot(&mut self, now: Tick) {
        let horizon = &self.plan.horizon;
        if now < horizon.end {
            self.month = horizon.month_of(now);
        }
        let week_slot = horizon.week_slot(now);
        let new_day = self.slot_index.is_multiple_of(SLOTS_PER_DAY as u64);
        self.slot_index += 1;
        for g in 0..self.groups.len() {
            if new_day {
                let group = &mut self.groups[g];
                let p_present = 1.0 - self.plan.workforce.shrinkage;
                group.present = if p_present >= 1.0 {
                    group.rostered
                } else {
                    Binomial::new(u64::from(group.rostered), p_present)
                        .map_or(group.rostered, |b| b.sample(&mut group.absences) as u32)
                };
            }
            let open = self.groups[g]
                .lines
                .iter()
                .any(|&l| self.lines[l as usize].plan.is_open(week_slot));
            let target = if open && now < horizon.end + DRAIN_LIMIT {
                self.groups[g].present
            } else {
                0
            };
            self.set_target(g, target, now);
        }
        self.calendar.schedule(now + SLOT, Event::Slot);
    }

    fn set_target(&mut self, g: usize, target: u32, now: Tick) {
        self.groups[g].target = target;
        // Idle agents beyond the target leave now; busy ones when their task ends.
        while self.groups[g].on_duty > target {
            let Some(a) = self.groups[g].idle.pop_back() else {
                break;
            };
            self.account_on_duty(g, now);
            self.groups[g].on_duty -= 1;
            self.groups[g].off.push(a);
        }
        while self.groups[g].on_duty < target {
            let Some(a) = self.groups[g].off.pop() else {
                break;
            };
            self.account_on_duty(g, now);
            self.groups[g].on_duty += 1;
            self.agent_free(a, now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_split_across_months_and_clip_warmup() {
        use crate::model::horizon::{Horizon, YearMonth};
        let horizon = Horizon::from_days(
            YearMonth {
                year: 2026,
                month: 1,
            },
            40,
        );
        let plan = Plan {
            name: String::new(),
            horizon,
            warmup: DAY,
            replications: 1,
            seed: 1,
            lines: vec![],
            skills: vec![],
            workforce: crate::scenario::plan::WorkforcePlan {
                on_duty: vec![],
                shrinkage: 0.0,
            },
        };
        let b = Buckets {
            plan: &plan,
            warmup: plan.warmup,
            end: plan.horizon.end,
        };
        let mut got = vec![0.0; 2];
        b.spread(0, 32 * DAY, |m, s| got[m] += s);
        assert_eq!(got, vec![30.0 * 86_400.0, 86_400.0]);
    }
}
