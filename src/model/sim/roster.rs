//! The roster: who is on duty. Every 15-minute slot sets each team's target
//! from its roster (thinned by the day's absences; in pipeline mode spread
//! over the week by workload); agents come on duty at once and leave when
//! idle, or when the work in hand is done. People join and leave the floor
//! in pipeline mode.

use rand::RngExt;
use rand_distr::{Binomial, Distribution};

use crate::engine::time::{HOUR, Tick};
use crate::scenario::horizon::DRAIN_LIMIT;
use crate::scenario::hours::{SLOT, SLOTS_PER_DAY, SLOTS_PER_WEEK};
use crate::scenario::plan::{Channel, Roster};

use super::{Event, Simulation};

impl Simulation<'_> {
    /// Books team `t`'s on-duty time since its last change, up to `now`.
    pub(super) fn account_on_duty(&mut self, t: usize, now: Tick) {
        let team = &mut self.teams[t];
        self.recorder
            .on_duty(t, team.since, now, self.month, team.on_duty);
        team.since = now;
    }

    /// One agent of team `t` goes off duty now.
    pub(super) fn end_duty(&mut self, t: usize, now: Tick) {
        self.account_on_duty(t, now);
        self.teams[t].on_duty -= 1;
    }

    /// Roster tick: month-end backlog, daily absences, on-duty targets every slot.
    pub(super) fn slot(&mut self, now: Tick) {
        let plan = self.plan;
        let horizon = &plan.horizon;
        if now > 0 && now <= horizon.end && now == horizon.months[self.month].end {
            for l in 0..self.lines.len() {
                if self.lines[l].plan.channel == Channel::Deferred {
                    let waiting = self.lines[l].waiting();
                    self.recorder.backlog(l, self.month, waiting);
                }
            }
        }
        if now < horizon.end {
            let month = horizon.month_of(now);
            if month != self.month || now == 0 {
                self.month = month;
                for t in 0..self.teams.len() {
                    let loads: Vec<f64> = (0..SLOTS_PER_WEEK)
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
        if new_day
            && now < horizon.end
            && let Some(on_day) = self.on_day
        {
            on_day();
        }
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
            let on_duty = self.teams[t].on_duty;
            self.recorder
                .profile_on_duty(t, now, self.month, week_slot, on_duty);
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
                    self.recorder.unstaffed(l, m);
                }
            }
        }
        self.calendar.schedule(now + SLOT, Event::Slot);
    }

    /// A person reaches the floor: rostered from the next slot on.
    pub(super) fn join_floor(&mut self, a: u32) {
        let t = self.agents[a as usize].team as usize;
        self.teams[t].floor += 1;
        self.teams[t].rostered += 1;
        self.teams[t].off.push(a);
    }

    /// A person leaves the floor: at once if off duty or idle, else when the work in hand is done.
    pub(super) fn leave_floor(&mut self, a: u32, now: Tick) {
        let t = self.agents[a as usize].team as usize;
        let team = &mut self.teams[t];
        team.floor -= 1;
        team.rostered -= 1;
        if let Some(i) = team.off.iter().position(|&x| x == a) {
            team.off.swap_remove(i);
        } else if let Some(i) = team.idle.iter().position(|&x| x == a) {
            team.idle.remove(i);
            self.end_duty(t, now);
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

    /// Sets team `t`'s on-duty target: idle agents beyond it leave now, busy
    /// ones when their work ends; missing ones come on duty from the roster.
    fn set_target(&mut self, t: usize, target: u32, now: Tick) {
        self.teams[t].target = target;
        while self.teams[t].on_duty > target {
            let Some(a) = self.teams[t].idle.pop_back() else {
                break;
            };
            self.end_duty(t, now);
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
