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

/// One service line, ready to simulate.
#[derive(Clone, Debug)]
pub struct LinePlan {
    /// Unique id, `[a-z0-9_]+`.
    pub id: String,
    /// Real-time or deferred.
    pub channel: Channel,
    /// Index into [`Plan::skills`] of the skill agents need.
    pub skill: usize,
    /// Smaller is served first when agents free up.
    pub priority: i64,
    /// Relative arrival intensity per slot of the site's week (0 = closed).
    pub weekly_weight: WeekProfile,
    /// Arrivals per hour per unit of weight, for each month of the horizon.
    pub month_rate: Vec<f64>,
    /// Time an agent spends per task.
    pub handle_time: Dist,
    /// Time a waiting client stays before abandoning (`None`: nobody abandons).
    pub patience: Option<Dist>,
    /// The contracted target.
    pub target: Target,
    /// Revenue per handled task.
    pub price_usd: f64,
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
}

/// Who is on duty.
#[derive(Clone, Debug)]
pub struct WorkforcePlan {
    /// Rostered agents on duty per skill (index into [`Plan::skills`]) while any of its lines is open.
    pub on_duty: Vec<u32>,
    /// Share of rostered time lost to absence, 0 ≤ s < 1.
    pub shrinkage: f64,
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
    /// Staffing.
    pub workforce: WorkforcePlan,
}
