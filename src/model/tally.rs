//! Per-replication counters, streamed as the simulation runs.
//!
//! Nothing per task is kept: each task adds to the tally of the month it
//! arrived in, so memory is independent of the horizon.

use serde::{Deserialize, Serialize};

/// What happened to the tasks of one service line that arrived in one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LineTally {
    /// Tasks that arrived.
    pub offered: u64,
    /// Tasks that started service.
    pub handled: u64,
    /// Tasks whose client gave up waiting.
    pub abandoned: u64,
    /// Tasks that started service within the target time.
    pub within_target: u64,
    /// Tasks that found no free qualified agent on arrival.
    pub waited: u64,
    /// Total wait of handled tasks, seconds.
    pub wait_handled_s: f64,
    /// Total time in queue of all tasks (abandoned ones until they gave up), seconds.
    pub queue_time_s: f64,
    /// Revenue from handled tasks, USD.
    pub revenue_usd: f64,
    /// Tasks sent back by the quality check (each counted once per rework).
    pub reworked: u64,
    /// Tasks passed on to another line.
    pub escalated: u64,
    /// Hours the line was open with no qualified agent on duty.
    pub unstaffed_h: f64,
}

impl LineTally {
    /// Adds another tally to this one.
    pub fn add(&mut self, other: &LineTally) {
        self.offered += other.offered;
        self.handled += other.handled;
        self.abandoned += other.abandoned;
        self.within_target += other.within_target;
        self.waited += other.waited;
        self.wait_handled_s += other.wait_handled_s;
        self.queue_time_s += other.queue_time_s;
        self.revenue_usd += other.revenue_usd;
        self.reworked += other.reworked;
        self.escalated += other.escalated;
        self.unstaffed_h += other.unstaffed_h;
    }
}

/// Tasks of one priority class over the measured period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassTally {
    /// Tasks that arrived.
    pub offered: u64,
    /// Tasks that met the class's target.
    pub within_target: u64,
}

/// Agent time of one team in one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamTally {
    /// Agent-seconds on duty.
    pub on_duty_s: f64,
    /// Agent-seconds busy with a task.
    pub busy_s: f64,
}

impl TeamTally {
    /// Adds another tally to this one.
    pub fn add(&mut self, other: &TeamTally) {
        self.on_duty_s += other.on_duty_s;
        self.busy_s += other.busy_s;
    }
}

/// Everything one replication measured, after warm-up, month by month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplicationResult {
    /// Replication number (0-based).
    pub replication: u32,
    /// Per service line (plan order), per month of the horizon.
    pub lines: Vec<Vec<LineTally>>,
    /// Per service line, per priority class, over the whole measured period.
    pub classes: Vec<Vec<ClassTally>>,
    /// Per service line, tasks waiting at the end of each month (deferred backlog).
    pub backlog: Vec<Vec<u64>>,
    /// Per team (plan order), per month of the horizon.
    pub teams: Vec<Vec<TeamTally>>,
    /// Hour-of-week profile of the plan's profile month.
    pub week: WeekTally,
    /// Pipeline mode: people per skill per month.
    pub workforce: Vec<Vec<WorkforceTally>>,
    /// Pipeline mode: the education centres per month.
    pub education: Vec<EducationTally>,
    /// Pipeline mode: people on the floor at the end of each month, `[pool][month]`.
    pub on_floor: Vec<Vec<u32>>,
    /// Pipeline mode: per line, handle times by week of tenure since hire.
    pub tenure: Vec<Vec<TenureTally>>,
    /// Per line, handled tasks by wait (bins of [`WAIT_BINS_S`]).
    pub waits: Vec<Vec<u64>>,
    /// Staffing search: per line, per month × interval of the week.
    pub intervals: Vec<Vec<IntervalTally>>,
}

/// Tasks of one line arriving in one interval of the week of one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IntervalTally {
    /// Tasks that arrived.
    pub offered: u64,
    /// Tasks that met the target.
    pub within_target: u64,
}

/// Upper edges (seconds) of the wait histogram; a last bin holds longer waits.
pub const WAIT_BINS_S: [f64; 24] = [
    0.0,
    5.0,
    10.0,
    20.0,
    30.0,
    45.0,
    60.0,
    90.0,
    120.0,
    180.0,
    300.0,
    600.0,
    900.0,
    1800.0,
    3600.0,
    7200.0,
    14_400.0,
    28_800.0,
    86_400.0,
    172_800.0,
    259_200.0,
    432_000.0,
    604_800.0,
    1_209_600.0,
];

/// Histogram bin of a wait (≥ 0): the first bin whose upper edge is not
/// below it. A linear scan: most waits fall in the first bins.
#[inline]
pub fn wait_bin(wait_s: f64) -> usize {
    WAIT_BINS_S
        .iter()
        .position(|&edge| wait_s <= edge)
        .unwrap_or(WAIT_BINS_S.len())
}

/// People of one skill in one month (states at the month's end).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkforceTally {
    /// Employed at the end of the month (training and team leads included).
    pub headcount: u64,
    /// Hired during the month.
    pub hires: u64,
    /// Left during the month.
    pub attrition: u64,
    /// Graduates of the education pipeline hired during the month.
    pub graduates_placed: u64,
    /// In the classroom (paid, not on the floor).
    pub classroom: u64,
    /// Nesting (on the floor, supervised).
    pub nesting: u64,
    /// Proficient agents.
    pub proficient: u64,
    /// Proficient agents of L2 skills.
    pub l2: u64,
    /// Team leads.
    pub team_leads: u64,
    /// Employed at the end of the month who came from the education centres.
    #[serde(default)]
    pub graduates_employed: u64,
    /// Wages paid for the month, USD.
    pub wage_bill_usd: f64,
}

/// The education centres in one month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EducationTally {
    /// New applicants.
    pub applicants: u64,
    /// Students admitted to a seat.
    pub enrolled: u64,
    /// Students in the programme at the month's end.
    pub in_programme: u64,
    /// Applicants waiting for a seat at the month's end.
    pub waiting: u64,
    /// Applicants turned away for lack of seats.
    pub turned_away: u64,
    /// Students who completed.
    pub completed: u64,
    /// Students per mentor.
    pub mentor_load: f64,
}

/// Handle times of tasks started by agents in one week of tenure.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TenureTally {
    /// Tasks started.
    pub tasks: u64,
    /// Their total handle time, seconds.
    pub handle_s: f64,
}

/// Demand and staffing by hour of the (site's) week, over one month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekTally {
    /// Per line, arrivals in each of the 168 hours of the week (Monday 00:00 first).
    pub arrivals: Vec<Vec<u64>>,
    /// Per team, agent-hours on duty in each hour of the week.
    pub on_duty_h: Vec<Vec<f64>>,
}

impl ReplicationResult {
    /// Whole-horizon tally of line `i`.
    pub fn line_total(&self, i: usize) -> LineTally {
        let mut t = LineTally::default();
        self.lines[i].iter().for_each(|m| t.add(m));
        t
    }

    /// Whole-horizon agent time of the teams in `teams`.
    pub fn teams_total(&self, teams: &[usize]) -> TeamTally {
        let mut t = TeamTally::default();
        for &i in teams {
            self.teams[i].iter().for_each(|m| t.add(m));
        }
        t
    }

    /// Agent time of the teams in `teams` in month `m`.
    pub fn teams_month(&self, teams: &[usize], m: usize) -> TeamTally {
        let mut t = TeamTally::default();
        for &i in teams {
            t.add(&self.teams[i][m]);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_bins_are_the_first_edge_not_below_the_wait() {
        let mut waits: Vec<f64> = WAIT_BINS_S.to_vec();
        waits.extend(WAIT_BINS_S.iter().map(|e| e + 1e-6));
        waits.extend((0..20_000).map(|i| f64::from(i) * 0.37));
        waits.extend([0.0, 1e7, f64::INFINITY]);
        for w in waits {
            assert_eq!(wait_bin(w), WAIT_BINS_S.partition_point(|&e| e < w), "{w}");
        }
    }
}
