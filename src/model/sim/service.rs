//! Service: starting a task (its handle time, stretched by the learning curve
//! for new hires, and the quality check's verdict), the sessions in progress,
//! and what a completion leads to (rework, escalation, the agent's next task).

use rand::RngExt;

use crate::engine::time::{DAY, Tick, WEEK, from_secs};
use crate::scenario::plan::Plan;

use super::recorder::TENURE_WEEKS;
use super::{Event, Simulation, Task};

/// The longest service: absurd samples (heavy tails, huge means) must not
/// overflow the clock.
const MAX_DURATION: Tick = 200 * 365 * DAY;

/// A task in service.
#[derive(Clone, Copy, Debug)]
struct Session {
    agent: u32,
    line: u32,
    task: Task,
    /// The quality check will send it back.
    defect: bool,
}

/// Sessions in progress, by id; ids of finished sessions are reused.
#[derive(Default)]
pub(super) struct Sessions {
    all: Vec<Session>,
    free: Vec<u32>,
}

impl Sessions {
    fn open(&mut self, session: Session) -> u32 {
        match self.free.pop() {
            Some(id) => {
                self.all[id as usize] = session;
                id
            }
            None => {
                self.all.push(session);
                (self.all.len() - 1) as u32
            }
        }
    }

    fn close(&mut self, id: u32) -> Session {
        self.free.push(id);
        self.all[id as usize]
    }
}

/// Tenure from which the learning curve is over and no tenure statistics
/// are kept (0 without a pipeline: nobody has a hire date).
pub(super) fn settled_after(plan: &Plan) -> Tick {
    plan.workforce.pipeline.as_ref().map_or(0, |p| {
        let curve = p.learning_curve.weeks_to_proficiency.max(0.0);
        // A week past the curve's end: clear of any rounding at its edge.
        let curve_end = ((curve + 1.0) * WEEK as f64) as Tick;
        curve_end.max(TENURE_WEEKS as Tick * WEEK)
    })
}

impl Simulation<'_> {
    /// Agent `a` starts `task` of line `l` now.
    pub(super) fn start_service(&mut self, a: u32, l: usize, task: Task, now: Tick) {
        let duration = self.handle_time(a, l, now);
        let line = &mut self.lines[l];
        let plan = line.plan;
        let defect = plan
            .quality
            .is_some_and(|q| line.routing.random::<f64>() < q.sample * q.defect_rate);
        self.recorder.served(l, &task, now, duration, defect);
        let team = self.agents[a as usize].team as usize;
        let share = 1.0 / f64::from(plan.concurrency);
        self.recorder
            .busy(team, now, now + duration, self.month, share);
        self.agents[a as usize].sessions += 1;
        self.offer_slot(a, l);
        let id = self.sessions.open(Session {
            agent: a,
            line: l as u32,
            task,
            defect,
        });
        self.calendar
            .schedule(now + duration, Event::Completion(id));
    }

    /// A handle time of line `l` for agent `a` starting now. New people
    /// really are slower: the learning curve stretches the sample (and their
    /// tenure statistics record it).
    #[inline]
    fn handle_time(&mut self, a: u32, l: usize, now: Tick) -> Tick {
        let line = &mut self.lines[l];
        let mut duration = from_secs(line.plan.handle_time.sample(&mut line.handle));
        if let (Some(pipeline), Some(hired)) =
            (&self.plan.workforce.pipeline, self.agents[a as usize].hired)
        {
            let tenure = now.saturating_sub(hired);
            if tenure < self.settled_after {
                duration = (duration as f64 * pipeline.learning_curve.multiplier(tenure)) as Tick;
                self.recorder.tenure(l, tenure, now, duration);
            }
        }
        duration.min(MAX_DURATION)
    }

    /// Session `id` ends now: rework goes back to the queue, escalations are
    /// offered to their line, and the agent takes its next work.
    #[inline(always)]
    pub(super) fn completion(&mut self, id: u32, now: Tick) {
        let Session {
            agent: a,
            line: l,
            task,
            defect,
        } = self.sessions.close(id);
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
            self.recorder.escalated(l, &task);
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
}
