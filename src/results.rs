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
    /// Name for people: the line's `name`, or derived from the id
    /// (`chat_en` → "Chat (English)", `l2_support` → "L2 support").
    pub name: String,
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
    /// The capacity plan: pools short, when, by how much, and what closes it.
    pub staffing: CapacityPlan,
    /// Things an analyst should look at (e.g. a line left without agents).
    pub warnings: Vec<String>,
    /// Totals.
    pub totals: Totals,
    /// The uncertainty study (`[uncertainty]` with draws), if one ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
}

/// One row of `monthly.csv`.
#[derive(Clone, Debug, Serialize)]
pub struct MonthlyRow {
    /// `YYYY-MM`.
    pub month: String,
    /// A line id, a skill, a pool or `all` (which one: `scope_kind`).
    pub scope: String,
    /// What `scope` names.
    pub scope_kind: ScopeKind,
    /// Metric name.
    pub metric: &'static str,
    /// The statistic.
    pub stat: Stat,
    /// Its prediction band over the input draws of an uncertainty study.
    pub prediction: Option<Quantiles>,
}

/// What a `monthly.csv` scope names (a line and a skill may share a name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// A service line.
    Line,
    /// A skill (all its pools).
    Skill,
    /// A pool: one skill and one language.
    Pool,
    /// The whole operation.
    All,
}

impl ScopeKind {
    /// The name written in `monthly.csv`.
    pub fn name(self) -> &'static str {
        match self {
            ScopeKind::Line => "line",
            ScopeKind::Skill => "skill",
            ScopeKind::Pool => "pool",
            ScopeKind::All => "all",
        }
    }
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

/// Staffing of one skill (or `all`) in one month: people on the floor
/// required versus available, with the shortfall summed over the skill's
/// pools (a surplus in one pool never cancels a shortfall in another).
#[derive(Clone, Debug, Serialize)]
pub struct StaffingMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Skill name, or `all`.
    pub skill: String,
    /// Mean required on-duty agents over the staffed intervals.
    pub required_on_duty: f64,
    /// People on the floor required (nesting, proficient, L2).
    pub required_on_floor: f64,
    /// People employed required (the floor plus classroom and team leads).
    pub required_headcount: f64,
    /// People on the floor (pipeline) or rostered (fixed), over replications.
    pub available: Stat,
    /// Sum over the pools of their shortfalls, max(0, mean required −
    /// available), people (bounds summed too).
    pub shortfall: Stat,
    /// Sum over the pools of their surpluses, max(0, mean available −
    /// required), people.
    pub surplus: Stat,
    /// Hires needed in the month.
    pub hires_needed: f64,
}

/// One pool in one month: people on the floor required versus available.
#[derive(Clone, Debug, Serialize)]
pub struct PoolMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// People on the floor required.
    pub required: f64,
    /// People on the floor available, over replications.
    pub available: Stat,
    /// max(0, mean of required − available), people (interval clipped at 0).
    pub shortfall: Stat,
    /// max(0, mean of available − required), people.
    pub surplus: Stat,
    /// Short: its shortfall is at least half a person.
    pub short: bool,
}

/// A pool of interchangeable people (one skill, one language) over the horizon.
#[derive(Clone, Debug, Serialize)]
pub struct PoolSummary {
    /// `skill_language`, or the skill for lines of any language.
    pub id: String,
    /// Name for people: the skill and the language's name, "Chat (English)".
    pub name: String,
    /// Skill.
    pub skill: String,
    /// Language (`None`: any).
    pub language: Option<String>,
    /// The lines it serves.
    pub lines: Vec<String>,
    /// First month it is short.
    pub first_short_month: Option<String>,
    /// Months it is short.
    pub months_short: usize,
    /// Its shortfall in its worst month, people.
    pub peak_shortfall: Stat,
    /// Its worst month.
    pub peak_month: Option<String>,
    /// Its surplus in the last month, people.
    pub surplus_end: Stat,
    /// Month by month (in `monthly.csv`, scope = pool id).
    #[serde(skip)]
    pub months: Vec<PoolMonth>,
}

/// One `--set` change of a lever.
#[derive(Clone, Debug, Serialize)]
pub struct Setting {
    /// The `--set` path.
    pub key: String,
    /// The scenario's value.
    pub from: f64,
    /// The value found.
    pub to: f64,
}

/// One lever and the smallest setting, found by simulation, with which no
/// pool is short in any month.
#[derive(Clone, Debug, Serialize)]
pub struct Lever {
    /// The lever in words.
    pub lever: String,
    /// The settings to apply with `--set`; empty when the lever cannot close it.
    pub settings: Vec<Setting>,
    /// True if a run at these settings has no pool short in any month.
    pub closes: bool,
    /// Peak total shortfall of the confirming run, people.
    pub confirmed_peak_shortfall: Option<Stat>,
    /// Why it cannot close the shortfall, or what else it takes.
    pub note: String,
}

/// The capacity plan: where and when people are short, pool by pool, and
/// what closes it.
#[derive(Clone, Debug, Serialize)]
pub struct CapacityPlan {
    /// First month any pool is short.
    pub short_from: Option<String>,
    /// The pools short in that month.
    pub first_short_pools: Vec<String>,
    /// Total shortfall (sum of the pools' shortfalls) in its worst month.
    pub peak_shortfall: Stat,
    /// That month.
    pub peak_month: Option<String>,
    /// Per pool.
    pub pools: Vec<PoolSummary>,
    /// Education centres: the most students in programme ÷ seats (mentors ×
    /// students per mentor) in any month.
    pub mentor_utilisation: Option<f64>,
    /// What closes it (levers searched by simulation; empty when not searched).
    pub what_closes_it: Vec<Lever>,
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
    /// Hours the site's clock is ahead of UTC.
    pub site_utc_offset_h: f64,
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
    /// The capacity plan, per pool.
    pub plan: CapacityPlan,
    /// Required on-duty agents per month, interval and skill (`staffing.csv`).
    pub requirement: RequiredOnDuty,
}

/// The columns of `indicators.csv` (and the workbook's Indicators sheet),
/// in the order of [`IndicatorYear`]'s fields.
pub const INDICATOR_COLUMNS: [&str; 12] = [
    "year",
    "students_enrolled",
    "students_completed",
    "graduates_placed",
    "employed_end",
    "employed_from_centres_end",
    "export_revenue_usd",
    "wage_income_usd",
    "programme_cost_usd",
    "cost_per_placement_usd",
    "cost_per_job_year_usd",
    "revenue_per_programme_usd",
];

/// A grant's outputs and outcomes in one calendar year (means over
/// replications), as a project design matrix reports them.
#[derive(Clone, Debug, Serialize)]
pub struct IndicatorYear {
    /// Calendar year.
    pub year: String,
    /// Students admitted to a seat.
    pub students_enrolled: f64,
    /// Students who completed.
    pub students_completed: f64,
    /// Graduates hired into the export lines.
    pub graduates_placed: f64,
    /// People employed in the export lines at the year's end.
    pub employed_end: f64,
    /// Of them, people who came from the education centres.
    pub employed_from_centres_end: f64,
    /// Export revenue, USD.
    pub export_revenue_usd: f64,
    /// Wages paid, USD.
    pub wage_income_usd: f64,
    /// Programme cost (`[costs]`), USD.
    pub programme_cost_usd: Option<f64>,
    /// Programme cost per graduate placed, USD.
    pub cost_per_placement_usd: Option<f64>,
    /// Programme cost per year of a graduate's employment, USD.
    pub cost_per_job_year_usd: Option<f64>,
    /// Export revenue per programme dollar.
    pub revenue_per_programme_usd: Option<f64>,
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
    /// Grant indicators per calendar year (pipeline plans).
    pub indicators: Vec<IndicatorYear>,
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
    /// Scenario (compare) or `key=value` (sweep; `base` for the base case).
    pub case: String,
    /// Sweep: the varied `--set` path (empty for the base case and in compare).
    pub key: String,
    /// Sweep: its value (empty for the base case and in compare).
    pub value: String,
    /// The case's first month with a pool short (as in its `summary.json`).
    pub short_from: Option<String>,
    /// Headline metric.
    pub metric: String,
    /// The metric in this case.
    pub stat: Stat,
    /// Paired difference to the first case (compare) or the base (sweep).
    pub diff: Stat,
}

/// One case of a study as its report shows it: `compare` has one per
/// scenario; `sweep` the base case and one per value of each varied key.
#[derive(Clone, Debug, Serialize)]
pub struct StudyCase {
    /// Scenario (compare) or `key=value` (sweep; `base` for the base case).
    pub case: String,
    /// Sweep: the varied `--set` path (empty for the base case and in compare).
    pub key: String,
    /// Sweep: its value as written (empty for the base case and in compare).
    pub value: String,
    /// The case's first month with a pool short.
    pub short_from: Option<String>,
    /// The pools short in that month.
    pub first_short_pools: Vec<String>,
    /// Peak total shortfall (sum over pools), people, with its 95% interval.
    pub peak_shortfall: Stat,
    /// Its month.
    pub peak_month: Option<String>,
    /// Export revenue over the horizon, USD.
    pub revenue_usd: Stat,
    /// Overall service level (share of offered tasks within target).
    pub service_level: Option<Stat>,
    /// Hires over the horizon.
    pub hires: Stat,
    /// Graduates of the education centres placed.
    pub graduates_placed: Stat,
}

/// A study (`compare` or `sweep`) for its report: every case's headline and
/// the paired differences of `compare.csv` / `sweep.csv`.
#[derive(Clone, Debug, Serialize)]
pub struct StudyReport {
    /// `compare` or `sweep`.
    pub kind: String,
    /// What was studied: the scenario names.
    pub title: String,
    /// Version of the tool.
    pub version: &'static str,
    /// The seed every case used (common random numbers).
    pub seed: u64,
    /// Replications of every case.
    pub replications: u32,
    /// The cases, the base (or first scenario) first.
    pub cases: Vec<StudyCase>,
    /// The rows of the study's CSV.
    pub rows: Vec<StudyRow>,
}

/// Quantiles over the input draws of an uncertainty study: a prediction
/// band (how far a figure moves when the doubtful inputs move), not a
/// confidence interval of a mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Quantiles {
    /// 2.5% quantile (lower end of the 95% band).
    pub p2_5: f64,
    /// 10% quantile (lower end of the 80% band).
    pub p10: f64,
    /// 25% quantile (lower end of the 50% band).
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75% quantile.
    pub p75: f64,
    /// 90% quantile.
    pub p90: f64,
    /// 97.5% quantile.
    pub p97_5: f64,
}

/// The names of the [`Quantiles`] columns, in order.
pub const QUANTILE_COLUMNS: [&str; 7] = [
    "pred_p2_5",
    "pred_p10",
    "pred_p25",
    "pred_p50",
    "pred_p75",
    "pred_p90",
    "pred_p97_5",
];

impl Quantiles {
    /// The quantiles in column order.
    pub fn values(&self) -> [f64; 7] {
        [
            self.p2_5, self.p10, self.p25, self.p50, self.p75, self.p90, self.p97_5,
        ]
    }
}

/// One draw of the doubtful inputs and what came of it (means over the
/// draw's replications). Kept whole in shard files so that `merge` gives
/// the same bytes as an unsharded run.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct DrawOutcome {
    /// Draw number, from 0.
    pub draw: u32,
    /// The drawn value of each uncertain input, in input order.
    pub values: Vec<f64>,
    /// First month some pool is short (`YYYY-MM`), if any.
    pub short_from: Option<String>,
    /// Largest total shortfall of a month, people.
    pub peak_shortfall: f64,
    /// Each pool's shortfall in the last month, people.
    pub pool_shortfall_end: Vec<f64>,
    /// Export revenue over the horizon, USD.
    pub revenue_usd: f64,
    /// Wage bill over the horizon, USD.
    pub wage_bill_usd: f64,
    /// Each line's service level over the horizon.
    pub service_level: Vec<Option<f64>>,
    /// Each line's service level per year (`[line][year]`).
    pub service_level_by_year: Vec<Vec<Option<f64>>>,
    /// The mean of every `monthly.csv` row, in the rows' order.
    pub monthly: Vec<Option<f64>>,
}

/// An uncertain input as the study used it.
#[derive(Clone, Debug, Serialize)]
pub struct UncertainInputSummary {
    /// Its `--set` path.
    pub key: String,
    /// Its distribution, in words.
    pub distribution: String,
    /// The draw is a factor on the values as written.
    pub relative: bool,
    /// The smallest and largest values drawn.
    pub drawn_range: [f64; 2],
}

/// The chance, over draws, of something happening by a month.
#[derive(Clone, Debug, Serialize)]
pub struct MonthChance {
    /// `YYYY-MM`.
    pub month: String,
    /// Share of draws in which some pool is first short in this month.
    pub p_first_short: f64,
    /// Share of draws in which some pool is short in this month or before.
    pub p_short_by: f64,
}

/// When the shortfall starts, over draws.
#[derive(Clone, Debug, Serialize)]
pub struct ShortFromOdds {
    /// Share of draws in which no pool is ever short.
    pub p_never_short: f64,
    /// First short month at the 10%, 50% and 90% quantiles (`None`: later
    /// than the horizon).
    pub p10: Option<String>,
    /// Median first short month.
    pub p50: Option<String>,
    /// 90% quantile of the first short month.
    pub p90: Option<String>,
    /// Month by month.
    pub by_month: Vec<MonthChance>,
}

/// A pool's odds over draws.
#[derive(Clone, Debug, Serialize)]
pub struct PoolOdds {
    /// Pool id.
    pub id: String,
    /// Share of draws in which the pool is short in some month.
    pub p_ever_short: f64,
    /// Its shortfall in the last month, people.
    pub shortfall_end: Quantiles,
}

/// The chance a line meets its target in one year.
#[derive(Clone, Debug, Serialize)]
pub struct YearChance {
    /// Calendar year.
    pub year: String,
    /// Share of draws whose service level over the year meets the target.
    pub p_meets_target: f64,
}

/// A line's odds over draws.
#[derive(Clone, Debug, Serialize)]
pub struct LineOdds {
    /// Line id.
    pub id: String,
    /// Its service-level target (share).
    pub target: f64,
    /// Its service level over the horizon.
    pub service_level: Quantiles,
    /// Year by year.
    pub years: Vec<YearChance>,
}

/// One input's share of the variance of an output.
#[derive(Clone, Debug, Serialize)]
pub struct InputShare {
    /// The input's `--set` path.
    pub key: String,
    /// Its share of the variance of the output's ranks: its squared
    /// standardised rank regression coefficient, the squares scaled to add
    /// up to `r_squared`.
    pub share: f64,
    /// The standardised rank regression coefficient (its sign: whether the
    /// output rises with the input).
    pub coefficient: f64,
}

/// How much of an output's variance over draws each input explains.
#[derive(Clone, Debug, Serialize)]
pub struct Sensitivity {
    /// The output (`peak_shortfall`, `revenue_usd`).
    pub output: String,
    /// The method, in words.
    pub method: String,
    /// Share of the output's rank variance the regression explains (`None`
    /// when the output does not vary or there are too few draws).
    pub r_squared: Option<f64>,
    /// Each input's share, largest first (empty when `r_squared` is `None`).
    pub shares: Vec<InputShare>,
    /// Why there are no shares, if there are none.
    pub note: Option<String>,
}

/// The uncertainty study: what the doubtful inputs do to the answer.
#[derive(Clone, Debug, Serialize)]
pub struct Uncertainty {
    /// How the draws were made and summarised.
    pub method: String,
    /// Input draws.
    pub draws: u32,
    /// Replications per draw.
    pub replications_per_draw: u32,
    /// The uncertain inputs.
    pub inputs: Vec<UncertainInputSummary>,
    /// Peak total shortfall, people.
    pub peak_shortfall: Quantiles,
    /// Export revenue, USD.
    pub revenue_usd: Quantiles,
    /// Wage bill, USD.
    pub wage_bill_usd: Quantiles,
    /// When the shortfall starts.
    pub short_from: ShortFromOdds,
    /// Per pool.
    pub pools: Vec<PoolOdds>,
    /// Per line.
    pub lines: Vec<LineOdds>,
    /// Global sensitivity of the peak shortfall and the revenue.
    pub sensitivity: Vec<Sensitivity>,
    /// Every draw (for `uncertainty.csv`; not in `summary.json`).
    #[serde(skip)]
    pub outcomes: Vec<DrawOutcome>,
}
