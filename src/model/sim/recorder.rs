//! Statistics: every figure the simulation measures goes through
//! [`Recorder`] into the tallies of [`crate::model::tally`]. Tasks count in
//! the month they arrived in (not at all during warm-up); agent time is split
//! over months and clipped to the measured window.

use crate::engine::time::{HOUR, MINUTE, Tick, WEEK, to_secs};
use crate::model::tally::{
    ClassTally, EducationTally, IntervalTally, LineTally, ReplicationResult, TeamTally,
    TenureTally, WAIT_BINS_S, WeekTally, WorkforceTally, wait_bin,
};
use crate::scenario::hours::{SLOT, SLOTS_PER_HOUR};
use crate::scenario::plan::{Channel, Plan, Price};

use super::{NOT_COUNTED, Task};

/// Weeks of tenure tracked for the learning-curve statistics.
pub(super) const TENURE_WEEKS: usize = 27;

/// The tallies of one replication as they fill.
pub(super) struct Recorder<'p> {
    plan: &'p Plan,
    result: ReplicationResult,
}

impl<'p> Recorder<'p> {
    /// Empty tallies for every line, class, team and month of `plan`.
    pub(super) fn new(plan: &'p Plan, replication: u32) -> Self {
        let months = plan.horizon.months.len();
        let lines = plan.lines.len();
        let teams = plan.workforce.teams.len();
        let result = ReplicationResult {
            replication,
            lines: vec![vec![LineTally::default(); months]; lines],
            classes: plan
                .lines
                .iter()
                .map(|l| vec![ClassTally::default(); l.classes.len()])
                .collect(),
            backlog: vec![vec![0; months]; lines],
            teams: vec![vec![TeamTally::default(); months]; teams],
            week: WeekTally {
                arrivals: vec![vec![0; 168]; lines],
                on_duty_h: vec![vec![0.0; 168]; teams],
            },
            workforce: Vec::new(),
            on_floor: Vec::new(),
            education: Vec::new(),
            tenure: Vec::new(),
            waits: vec![vec![0; WAIT_BINS_S.len() + 1]; lines],
            intervals: if plan.interval_stats_min > 0 {
                let step = Tick::from(plan.interval_stats_min) * MINUTE;
                let count = plan.horizon.end.div_ceil(step) as usize;
                vec![vec![IntervalTally::default(); count]; lines]
            } else {
                Vec::new()
            },
        };
        Recorder { plan, result }
    }

    /// Pipeline mode: the workforce and education months, and room for tenure statistics.
    pub(super) fn pipeline(
        &mut self,
        workforce: Vec<Vec<WorkforceTally>>,
        education: Vec<EducationTally>,
        on_floor: Vec<Vec<u32>>,
    ) {
        self.result.workforce = workforce;
        self.result.education = education;
        self.result.on_floor = on_floor;
        self.result.tenure =
            vec![vec![TenureTally::default(); TENURE_WEEKS]; self.plan.lines.len()];
    }

    /// The finished tallies.
    pub(super) fn finish(self) -> ReplicationResult {
        self.result
    }

    /// Index of the interval of the horizon containing `t`, for the staffing search.
    #[inline]
    fn interval_index(&self, month: u32, t: Tick) -> Option<usize> {
        let minutes = Tick::from(self.plan.interval_stats_min);
        if minutes == 0 || month == NOT_COUNTED {
            return None;
        }
        Some((t / (minutes * MINUTE)) as usize)
    }

    /// A task of line `l` and class `class` arrived at `now` (in counted month `month`).
    #[inline]
    pub(super) fn offered(&mut self, l: usize, class: usize, month: u32, now: Tick) {
        if month == NOT_COUNTED {
            return;
        }
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

    /// A new task of line `l` found no free qualified agent.
    #[inline]
    pub(super) fn waited(&mut self, l: usize, task: &Task) {
        if task.month != NOT_COUNTED {
            self.result.lines[l][task.month as usize].waited += 1;
        }
    }

    /// A client of line `l` gave up waiting (at their deadline).
    #[inline]
    pub(super) fn abandoned(&mut self, l: usize, task: Task) {
        if task.month != NOT_COUNTED {
            let tally = &mut self.result.lines[l][task.month as usize];
            tally.abandoned += 1;
            tally.queue_time_s += to_secs(task.deadline - task.arrival);
        }
    }

    /// A task of line `l` passed on to another line.
    pub(super) fn escalated(&mut self, l: usize, task: &Task) {
        if task.month != NOT_COUNTED {
            self.result.lines[l][task.month as usize].escalated += 1;
        }
    }

    /// Service of `task` (line `l`) starts `now` and lasts `duration`;
    /// `defect`: the quality check will send it back.
    #[inline]
    pub(super) fn served(
        &mut self,
        l: usize,
        task: &Task,
        now: Tick,
        duration: Tick,
        defect: bool,
    ) {
        if task.month == NOT_COUNTED {
            return;
        }
        let plan = &self.plan.lines[l];
        // Time in the queue this time round (rework queues again).
        let wait = now - task.queued;
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

    /// A task started `now` by an agent `tenure` after hire, lasting `duration`.
    pub(super) fn tenure(&mut self, l: usize, tenure: Tick, now: Tick, duration: Tick) {
        let week = (tenure / WEEK) as usize;
        if week < TENURE_WEEKS && now >= self.plan.warmup {
            let stat = &mut self.result.tenure[l][week];
            stat.tasks += 1;
            stat.handle_s += to_secs(duration);
        }
    }

    /// An agent of team `t` busy for `share` of its time from `from` to `to`
    /// (`hint`: the current month).
    #[inline]
    pub(super) fn busy(&mut self, t: usize, from: Tick, to: Tick, hint: usize, share: f64) {
        let tallies = &mut self.result.teams[t];
        spread(self.plan, from, to, hint, |m, s| {
            tallies[m].busy_s += s * share
        });
    }

    /// `agents` of team `t` on duty from `from` to `to` (`hint`: the current month).
    pub(super) fn on_duty(&mut self, t: usize, from: Tick, to: Tick, hint: usize, agents: u32) {
        let count = f64::from(agents);
        let tallies = &mut self.result.teams[t];
        if count > 0.0 {
            spread(self.plan, from, to, hint, |m, s| {
                tallies[m].on_duty_s += s * count
            });
        }
    }

    /// The hour-of-week profile: `agents` of team `t` on duty during the slot
    /// starting `now` (of month `month`, slot `week_slot` of the week).
    pub(super) fn profile_on_duty(
        &mut self,
        t: usize,
        now: Tick,
        month: usize,
        week_slot: usize,
        agents: u32,
    ) {
        let plan = self.plan;
        if now >= plan.warmup && now < plan.horizon.end && month == plan.profile_month {
            let on_duty = f64::from(agents);
            self.result.week.on_duty_h[t][week_slot / SLOTS_PER_HOUR] +=
                on_duty * SLOT as f64 / HOUR as f64;
        }
    }

    /// Line `l` open for a slot of month `month` with no qualified agent on duty.
    pub(super) fn unstaffed(&mut self, l: usize, month: usize) {
        self.result.lines[l][month].unstaffed_h += SLOT as f64 / HOUR as f64;
    }

    /// Tasks of line `l` waiting at the end of month `month`.
    pub(super) fn backlog(&mut self, l: usize, month: usize, waiting: usize) {
        self.result.backlog[l][month] = waiting as u64;
    }

    /// A task of line `l` still queued when the run stops at `stop`.
    pub(super) fn unresolved(&mut self, l: usize, task: Task, stop: Tick) {
        if task.deadline <= stop {
            self.abandoned(l, task);
        } else if task.month != NOT_COUNTED {
            let end = self.plan.horizon.end;
            let waited = to_secs(stop.min(end).max(task.arrival) - task.arrival);
            self.result.lines[l][task.month as usize].queue_time_s += waited;
        }
    }
}

/// Splits agent time from `from` to `to` over months and clips it to the
/// measured window: `add(month, seconds)`. `hint`: the month most likely to
/// hold it all.
#[inline]
fn spread(plan: &Plan, from: Tick, to: Tick, hint: usize, mut add: impl FnMut(usize, f64)) {
    let from = from.max(plan.warmup);
    let to = to.min(plan.horizon.end);
    if from >= to {
        return;
    }
    let months = &plan.horizon.months;
    let current = &months[hint];
    if current.start <= from && to <= current.end {
        add(hint, to_secs(to - from));
        return;
    }
    let mut m = plan.horizon.month_of(from);
    let mut t = from;
    while t < to {
        let stop = months[m].end.min(to);
        add(m, to_secs(stop - t));
        t = stop;
        m += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_splits_across_months_and_clips_warmup() {
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
            costs: None,
            site_utc_offset_h: 0.0,
            profile_month: 0,
            interval_stats_min: 0,
            uncertainty: None,
        };
        let mut got = vec![0.0; 2];
        spread(&plan, 0, 32 * DAY, 0, |m, s| got[m] += s);
        assert_eq!(got, vec![30.0 * 86_400.0, 86_400.0]);
    }
}
