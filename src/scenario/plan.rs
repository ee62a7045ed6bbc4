//! The validated plan: everything the simulation needs, in engine units.
//!
//! A `Plan` is only ever built by [`super::load`]; holding one means every
//! input has been checked, so the simulation never checks inputs again.

use crate::engine::time::Tick;
use crate::model::dist::Dist;
use crate::model::horizon::Horizon;
use crate::model::hours::WeekProfile;

/// How a service line's clients interact with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The client waits on the line (voice, chat, dispatch).
    Realtime,
    /// Work queues and carries over (tickets, QA, annotation).
    Deferred,
}

/// A service-level target: a share of tasks within a time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// Required share, 0–1.
    pub service_level: f64,
    /// Threshold (answer for real-time, completion for deferred work).
    pub within: Tick,
}

/// A priority class of a line (e.g. P1–P4), with its own share and target.
#[derive(Clone, Debug)]
pub struct ClassPlan {
    /// Name, e.g. `P1`.
    pub name: String,
    /// Share of the line's tasks in this class.
    pub share: f64,
    /// The class's target.
    pub target: Target,
}

/// A share of a line's completed work that goes on to another line (L1 → L2).
#[derive(Clone, Copy, Debug)]
pub struct Escalation {
    /// Index of the line that receives it.
    pub to: usize,
    /// Share of completed tasks escalated.
    pub share: f64,
}

/// A quality-check sample that sends defective work back for rework.
#[derive(Clone, Copy, Debug)]
pub struct Quality {
    /// Share of completed tasks checked.
    pub sample: f64,
    /// Share of checked tasks found defective and reworked.
    pub defect_rate: f64,
}

/// How a line earns revenue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Price {
    /// USD per handled task.
    PerTask(f64),
    /// USD per hour of handle time (dedicated teams billed by the hour).
    PerHour(f64),
}

/// One service line, ready to simulate.
#[derive(Clone, Debug)]
pub struct LinePlan {
    /// Unique id, `[a-z0-9_]+`.
    pub id: String,
    /// Real-time or deferred.
    pub channel: Channel,
    /// Index into [`Plan::skills`] of the skill agents need.
    pub skill: usize,
    /// Index into [`Plan::languages`] of the language agents need, if any.
    pub language: Option<usize>,
    /// Smaller is served first when agents free up.
    pub priority: i64,
    /// Sessions one agent handles at once (chat); 1 for everything else.
    pub concurrency: u32,
    /// Relative arrival intensity per slot of the site's week (0 = closed).
    pub weekly_weight: WeekProfile,
    /// Arrivals per hour per unit of weight, for each month of the horizon.
    pub month_rate: Vec<f64>,
    /// Time an agent spends per task.
    pub handle_time: Dist,
    /// Time a waiting client stays before abandoning (`None`: nobody abandons).
    pub patience: Option<Dist>,
    /// Priority classes, served in this order; one class when none are given.
    pub classes: Vec<ClassPlan>,
    /// Where a share of completed work goes next.
    pub escalation: Option<Escalation>,
    /// Quality check and rework.
    pub quality: Option<Quality>,
    /// Revenue rule.
    pub price: Price,
}

impl LinePlan {
    /// Arrivals per hour at week slot `slot` in month `month`.
    #[inline]
    pub fn rate_per_hour(&self, month: usize, slot: usize) -> f64 {
        self.weekly_weight.0[slot] * self.month_rate[month]
    }

    /// True while the line accepts new work in week slot `slot`.
    #[inline]
    pub fn is_open(&self, slot: usize) -> bool {
        self.weekly_weight.0[slot] > 0.0
    }

    /// The line's overall target: the class targets weighted by their shares.
    pub fn target(&self) -> Target {
        if let [only] = self.classes.as_slice() {
            return only.target;
        }
        let sl = self
            .classes
            .iter()
            .map(|c| c.share * c.target.service_level)
            .sum();
        let within = self
            .classes
            .iter()
            .map(|c| c.target.within)
            .max()
            .unwrap_or(0);
        Target {
            service_level: sl,
            within,
        }
    }
}

/// When a team's agents are on duty.
#[derive(Clone, Debug, PartialEq)]
pub enum Roster {
    /// This many agents whenever any line the team serves is open.
    WhileOpen(u32),
    /// Agents on duty per 15-minute slot of the site's week.
    Weekly(Vec<u32>),
}

impl Roster {
    /// People needed to staff the roster (its peak).
    pub fn peak(&self) -> u32 {
        match self {
            Roster::WhileOpen(n) => *n,
            Roster::Weekly(v) => v.iter().copied().max().unwrap_or(0),
        }
    }
}

/// A group of interchangeable agents: same skills, same languages, one roster.
#[derive(Clone, Debug)]
pub struct TeamPlan {
    /// Name for reports (the skill for `on_duty` shorthand).
    pub name: String,
    /// Skills (indices into [`Plan::skills`]).
    pub skills: Vec<usize>,
    /// Languages spoken (indices into [`Plan::languages`]); `None`: any language a line needs.
    pub languages: Option<Vec<usize>>,
    /// On-duty pattern.
    pub roster: Roster,
}

impl TeamPlan {
    /// True if this team's agents may take work of `line`.
    pub fn serves(&self, line: &LinePlan) -> bool {
        self.skills.contains(&line.skill)
            && match (&self.languages, line.language) {
                (Some(langs), Some(l)) => langs.contains(&l),
                _ => true,
            }
    }
}

/// Who is on duty.
#[derive(Clone, Debug)]
pub struct WorkforcePlan {
    /// Teams of agents.
    pub teams: Vec<TeamPlan>,
    /// Share of rostered time lost to absence, 0 ≤ s < 1.
    pub shrinkage: f64,
    /// Agents take waiting real-time work before deferred work.
    pub realtime_first: bool,
}

/// A checked scenario.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Free-text name.
    pub name: String,
    /// The simulated calendar.
    pub horizon: Horizon,
    /// Statistics ignore everything that arrives before this time.
    pub warmup: Tick,
    /// Independent replications.
    pub replications: u32,
    /// Base seed of all random streams.
    pub seed: u64,
    /// Service lines, in file order.
    pub lines: Vec<LinePlan>,
    /// Skill names, in order of first appearance.
    pub skills: Vec<String>,
    /// Language names, in order of first appearance.
    pub languages: Vec<String>,
    /// Staffing.
    pub workforce: WorkforcePlan,
    /// Month (index into the horizon) whose hour-of-week profile is recorded.
    pub profile_month: usize,
}
