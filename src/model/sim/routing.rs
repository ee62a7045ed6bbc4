//! Routing: which agent takes which task.
//!
//! A new task goes to the longest-idle qualified agent (chat first fills
//! agents' free session slots); a freed agent takes the oldest waiting task
//! among the lines it serves, real-time before deferred (configurable), then
//! by line priority, then by priority class. Queues are FIFO per class;
//! clients who gave up are dropped when they reach the head.

use std::collections::VecDeque;

use crate::engine::time::{Tick, from_secs};
use crate::scenario::plan::{Channel, LinePlan, Plan};

use super::recorder::Recorder;
use super::{Simulation, Task};

/// Where line `lp` ranks before priority when agents pick work: deferred
/// lines after real-time ones when the plan puts real-time first.
pub(super) fn rank(plan: &Plan, lp: &LinePlan) -> u8 {
    u8::from(plan.workforce.realtime_first && lp.channel == Channel::Deferred)
}

/// For each team, the lines it serves in the order its agents look at them:
/// by rank, then priority, then plan order.
pub(super) fn team_lines(plan: &Plan) -> Vec<Vec<u32>> {
    let mut order: Vec<usize> = (0..plan.lines.len()).collect();
    order.sort_by_key(|&i| (rank(plan, &plan.lines[i]), plan.lines[i].priority, i));
    plan.workforce
        .teams
        .iter()
        .map(|tp| {
            order
                .iter()
                .filter(|&&i| tp.serves(&plan.lines[i]))
                .map(|&i| i as u32)
                .collect()
        })
        .collect()
}

/// Drops the clients at the head of `queue` (of line `l`) who gave up by `now`.
#[inline]
fn purge_queue(queue: &mut VecDeque<Task>, recorder: &mut Recorder, l: usize, now: Tick) {
    while let Some(&head) = queue.front()
        && head.deadline <= now
    {
        queue.pop_front();
        recorder.abandoned(l, head);
    }
}

impl Simulation<'_> {
    /// Serves `task` at once if a qualified agent is free, else queues it.
    #[inline(always)]
    pub(super) fn dispatch(&mut self, l: usize, task: Task, now: Tick, fresh: bool) {
        if let Some(a) = self.free_agent_for(l) {
            self.start_service(a, l, task, now);
            return;
        }
        if fresh {
            self.recorder.waited(l, &task);
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
                if agent.pool != Some(l as u32) {
                    // Stale: the agent has since taken work of another line.
                    continue;
                }
                agent.pool = None;
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
    pub(super) fn purge(&mut self, l: usize, class: usize, now: Tick) {
        purge_queue(&mut self.lines[l].queues[class], &mut self.recorder, l, now);
    }

    /// Agent `a` has work of line `l` in hand (just started, or a session of
    /// it just ended): lists it in the line's pool (once) if it has a free
    /// session slot there.
    ///
    /// An agent holds either up to `concurrency` sessions of one chat line or
    /// one task of another line, never both: work of another line withdraws
    /// the agent from the pool it was listed in (that entry goes stale), so
    /// the pool offers only agents whose sessions in hand are of its line.
    pub(super) fn offer_slot(&mut self, a: u32, l: usize) {
        let agent = &mut self.agents[a as usize];
        let line = l as u32;
        if agent.pool == Some(line) {
            return;
        }
        agent.pool = None;
        if agent.sessions < self.lines[l].plan.concurrency {
            agent.pool = Some(line);
            self.lines[l].partial.push_back(a);
        }
    }

    /// The oldest waiting task of line `l`, by priority class.
    pub(super) fn take_from_line(&mut self, l: usize, now: Tick) -> Option<Task> {
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
            recorder,
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
                purge_queue(queue, recorder, l, now);
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
    pub(super) fn agent_free(&mut self, a: u32, now: Tick) {
        let t = self.agents[a as usize].team as usize;
        if self.agents[a as usize].leaving {
            // Quit or promoted while busy: gone now that the work is done.
            self.end_duty(t, now);
            return;
        }
        if self.teams[t].on_duty > self.teams[t].target {
            // Shift over: answer the clients already waiting on closed lines, then leave.
            if let Some((l, task)) = self.take_work(t, now, true) {
                self.start_service(a, l, task, now);
            } else {
                self.end_duty(t, now);
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
}
