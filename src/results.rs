//! The result of a run: plain serialisable structs, the one boundary between
//! measuring and reporting. Exporters and charts read these and nothing else.
//!
//! May import only small value types of `scenario` (re-exported here for the
//! exporters: `Channel`, the scenario's inputs as written) and the foundation
//! `stats`.

use serde::Serialize;

pub use crate::scenario::assumptions::{Input, InputElement, InputGroup, InputValue, Inputs};
pub use crate::scenario::hours::WEEKDAYS;
pub use crate::scenario::plan::Channel;
pub use crate::stats::Stat;

/// Statistics of one service line over the measured period.
#[derive(Clone, Debug, Serialize)]
pub struct LineSummary {
    /// Line id.
    pub id: String,
    /// `realtime` or `deferred`.
    pub channel: Channel,
    /// Skill agents need.
    pub skill: String,
    /// Target share and threshold.
    pub target: TargetSummary,
    /// Tasks that arrived, per replication.
    pub offered: Stat,
    /// Tasks that started service, per replication.
    pub handled: Stat,
    /// Tasks whose client gave up, per replication.
    pub abandoned: Stat,
    /// Started within the target time ÷ offered (abandoned count as misses).
    pub service_level: Option<Stat>,
    /// Share of offered tasks that found no free qualified agent.
    pub p_wait: Option<Stat>,
    /// Mean wait of handled tasks, seconds.
    pub asa_s: Option<Stat>,
    /// Mean time in queue of all offered tasks, seconds.
    pub mean_queue_time_s: Option<Stat>,
    /// Abandoned ÷ offered.
    pub abandon_rate: Option<Stat>,
    /// Busy ÷ on-duty time of the agents holding the line's skill.
    pub occupancy: Option<Stat>,
    /// Revenue from handled tasks, USD.
    pub revenue_usd: Stat,
    /// Deferred lines: tasks waiting at the end of the horizon.
    pub backlog_end: Option<Stat>,
    /// Tasks sent back by the quality check.
    pub reworked: Stat,
    /// Tasks passed on to another line.
    pub escalated: Stat,
    /// Hours the line was open with no qualified agent on duty.
    pub unstaffed_open_h: Stat,
    /// Service level of each priority class (when the line has classes).
    pub classes: Vec<ClassSummary>,
}

/// Service level of one priority class.
#[derive(Clone, Debug, Serialize)]
pub struct ClassSummary {
    /// Class name.
    pub name: String,
    /// The class's target.
    pub target: TargetSummary,
    /// Tasks offered.
    pub offered: Stat,
    /// Share of the class's tasks that met its target.
    pub service_level: Option<Stat>,
}

/// A line's target as given.
#[derive(Clone, Debug, Serialize)]
pub struct TargetSummary {
    /// Required share.
    pub service_level: f64,
    /// Threshold in seconds.
    pub within_s: f64,
}

/// Totals over all lines and the workforce.
#[derive(Clone, Debug, Serialize)]
pub struct Totals {
    /// Tasks offered.
    pub offered: Stat,
    /// Tasks handled.
    pub handled: Stat,
    /// Export revenue, USD.
    pub revenue_usd: Stat,
    /// Wages paid, USD.
    pub wage_bill_usd: Stat,
    /// Employed at the end of the horizon.
    pub headcount_end: Stat,
    /// People hired.
    pub hires: Stat,
    /// Graduates placed into export BPO.
    pub graduates_placed: Stat,
    /// People who left.
    pub attrition: Stat,
}

/// `summary.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Always `bposim`.
    pub tool: &'static str,
    /// Version of the tool.
    pub version: &'static str,
    /// Scenario name.
    pub scenario: String,
    /// SHA-256 of the scenario text.
    pub scenario_sha256: String,
    /// Base seed.
    pub seed: u64,
    /// Replications aggregated.
    pub replications: u32,
    /// First month, `YYYY-MM`.
    pub start: String,
    /// Horizon length in days.
    pub days: u64,
    /// Warm-up, days.
    pub warmup_days: f64,
    /// Per service line.
    pub lines: Vec<LineSummary>,
    /// Capacity headline: gap and what closes it.
    pub staffing: ClosingTheGap,
    /// Things an analyst should look at (e.g. a line left without agents).
    pub warnings: Vec<String>,
    /// Totals.
    pub totals: Totals,
}

/// One row of `monthly.csv`.
#[derive(Clone, Debug, Serialize)]
pub struct MonthlyRow {
    /// `YYYY-MM`.
    pub month: String,
    /// A line id, a skill or `all`.
    pub scope: String,
    /// Metric name.
    pub metric: &'static str,
    /// The statistic.
    pub stat: Stat,
}

/// Demand and staffing by hour of the site's week, for one month.
#[derive(Clone, Debug, Serialize)]
pub struct WeekProfile {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Mean tasks arriving per hour (all lines), Monday 00:00 first.
    pub demand_per_hour: Vec<f64>,
    /// Mean agents on duty (all teams), Monday 00:00 first.
    pub on_duty: Vec<f64>,
}

/// Waiting-time distribution of one line's handled tasks.
#[derive(Clone, Debug, Serialize)]
pub struct WaitCdf {
    /// Line id.
    pub line: String,
    /// (wait in seconds, share of handled tasks that waited at most that long).
    pub points: Vec<(f64, f64)>,
}

/// Staffing of one skill in one month: required versus available people.
#[derive(Clone, Debug, Serialize)]
pub struct StaffingMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Skill name, or `all`.
    pub skill: String,
    /// Mean required on-duty agents over the staffed intervals.
    pub required_on_duty: f64,
    /// People employed needed.
    pub required_headcount: f64,
    /// People on the floor (pipeline) or rostered (fixed), over replications.
    pub available_headcount: Stat,
    /// The same, per replication (for paired comparisons).
    #[serde(skip)]
    pub available_by_replication: Vec<f64>,
    /// Required − available.
    pub gap: Stat,
    /// Hires needed in the month.
    pub hires_needed: f64,
}

/// What would close the largest gap of the pipeline.
#[derive(Clone, Debug, Serialize)]
pub struct ClosingTheGap {
    /// First month in which required headcount exceeds what is available (mean).
    pub gap_opens: Option<String>,
    /// Largest monthly gap (people) and when.
    pub peak_gap: f64,
    /// Month of the peak gap.
    pub peak_month: Option<String>,
    /// Extra hires over the horizon that would close every monthly gap.
    pub extra_hires: f64,
    /// Extra students to enrol for those hires, given completion, job track and placement.
    pub extra_students: Option<f64>,
    /// Extra mentors for those students at the mentor capacity.
    pub extra_mentors: Option<f64>,
    /// Placement rate that would supply the extra hires from the planned students.
    pub placement_rate_needed: Option<f64>,
}

/// Required on-duty agents per month, interval of the week and skill.
#[derive(Clone, Debug, Serialize)]
pub struct RequiredOnDuty {
    /// Interval length, minutes (30 or 60).
    pub interval_min: u32,
    /// Month labels, `YYYY-MM`, of every month of the horizon.
    pub months: Vec<String>,
    /// Skill names.
    pub skills: Vec<String>,
    /// Interval labels in site time (`Mon 09:00`), Monday 00:00 first.
    pub intervals: Vec<String>,
    /// `on_duty[month][skill][interval]`.
    pub on_duty: Vec<Vec<Vec<u32>>>,
}

/// Capacity planning results.
#[derive(Clone, Debug, Serialize)]
pub struct Staffing {
    /// How the requirement was found.
    pub method: String,
    /// Interval length, minutes.
    pub interval_min: u32,
    /// Per month and skill (and `all`).
    pub months: Vec<StaffingMonth>,
    /// Required on-duty agents per month, interval and skill (`staffing.csv`).
    pub requirement: RequiredOnDuty,
    /// The headline: when the gap opens and what closes it.
    pub closing: ClosingTheGap,
}

/// Everything a run produced, ready for the exporters.
#[derive(Clone, Debug, Serialize)]
pub struct RunResult {
    /// Required versus available people.
    pub staffing: Staffing,
    /// `summary.json`.
    pub summary: Summary,
    /// `monthly.csv`.
    pub monthly: Vec<MonthlyRow>,
    /// The hour-of-week profile of the profile month.
    pub week: WeekProfile,
    /// Waiting-time distributions, per line.
    pub waits: Vec<WaitCdf>,
    /// Month labels of the measured months, in order.
    pub months: Vec<String>,
    /// The scenario file as written, for the report's table of assumptions.
    pub assumptions: Assumptions,
}

impl RunResult {
    /// The monthly statistics of `metric` for `scope`, one per measured month (`None` where missing).
    pub fn series(&self, scope: &str, metric: &str) -> Vec<Option<Stat>> {
        self.months
            .iter()
            .map(|m| {
                self.monthly
                    .iter()
                    .find(|r| r.month == *m && r.scope == scope && r.metric == metric)
                    .map(|r| r.stat)
            })
            .collect()
    }
}

/// The scenario file a run read, as written: the report's table of
/// assumptions and what it says about reproducing the run. Filled by `run`
/// from the scenario text; [`crate::summarize`] alone leaves it empty.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Assumptions {
    /// The file's name as given (`<built-in>` for the built-in plan).
    pub file: String,
    /// Whether the text is the built-in plan's, which `bposim run`
    /// reproduces without the file.
    pub built_in: bool,
    /// Every input of the file with its value and stated source.
    pub inputs: Inputs,
}

/// One row of `compare.csv` or `sweep.csv`.
#[derive(Clone, Debug, Serialize)]
pub struct StudyRow {
    /// Scenario (compare) or `key=value` (sweep).
    pub case: String,
    /// Headline metric.
    pub metric: String,
    /// The metric in this case.
    pub stat: Stat,
    /// Paired difference to the first case (compare) or the base (sweep).
    pub diff: Stat,
}
