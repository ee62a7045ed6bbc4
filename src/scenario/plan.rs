//! The validated plan: everything the simulation needs, in engine units.
//!
//! A `Plan` is only ever built by [`super::load`]; holding one means every
//! input has been checked, so the simulation never checks inputs again.

use crate::engine::time::Tick;
use crate::scenario::dist::Dist;
use crate::scenario::horizon::Horizon;
use crate::scenario::hours::WeekProfile;

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
    /// Name for people (charts, report): `name` as given, or derived from
    /// the id by [`crate::scenario::lines::display_name`].
    pub name: String,
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
    /// The team's people on the floor, spread over the week in proportion to
    /// the workload of the lines it serves, each working `hours_per_week`.
    Pipeline,
    /// Agents on duty per month and 15-minute slot of the site's week (staffing search).
    ByMonth(Vec<Vec<u32>>),
}

impl Roster {
    /// People needed to staff the roster (its peak); pipeline teams start empty.
    pub fn peak(&self) -> u32 {
        match self {
            Roster::WhileOpen(n) => *n,
            Roster::Weekly(v) => v.iter().copied().max().unwrap_or(0),
            Roster::Pipeline => 0,
            Roster::ByMonth(m) => m.iter().flatten().copied().max().unwrap_or(0),
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

/// Handle time multiplier of new hires, falling linearly to 1.0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LearningCurve {
    /// Multiplier on the day of hire.
    pub start_multiplier: f64,
    /// Weeks after hire when the multiplier reaches 1.0.
    pub weeks_to_proficiency: f64,
}

impl LearningCurve {
    /// Handle-time multiplier at `tenure` after hire.
    #[inline]
    pub fn multiplier(&self, tenure: Tick) -> f64 {
        let weeks = tenure as f64 / crate::engine::time::WEEK as f64;
        if weeks >= self.weeks_to_proficiency || self.weeks_to_proficiency <= 0.0 {
            1.0
        } else {
            self.start_multiplier
                - (self.start_multiplier - 1.0) * weeks / self.weeks_to_proficiency
        }
    }
}

/// Monthly wages by role, USD.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wages {
    /// Agents (classroom time is paid).
    pub agent: f64,
    /// Agents whose skill serves an escalation target (L2).
    pub l2: f64,
    /// Team leads.
    pub team_lead: f64,
}

/// What happens to applicants when every mentor's seats are taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Overflow {
    /// They wait for a seat.
    Wait,
    /// They are turned away.
    TurnAway,
}

/// The Digital Education Centres.
#[derive(Clone, Debug, PartialEq)]
pub struct EducationPlan {
    /// Students enrolled over the intake period.
    pub students: u64,
    /// Mentors.
    pub mentors: u64,
    /// Concurrent students per mentor.
    pub max_students_per_mentor: f64,
    /// First intake month, relative to the horizon's first month (may be negative).
    pub intake_start: i64,
    /// Months over which students enrol.
    pub intake_months: u32,
    /// Length of the programme.
    pub programme_months: u32,
    /// Share of completers aiming at a job.
    pub job_track_share: f64,
    /// Share of students who complete.
    pub completion_rate: f64,
    /// Share of job-track completers hired into export BPO.
    pub placement_rate: f64,
    /// Months from completion to hire.
    pub placement_delay_months: u32,
    /// Applicants beyond capacity wait or are turned away.
    pub overflow: Overflow,
}

/// Workforce dynamics of `mode = "pipeline"`.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelinePlan {
    /// People employed at the start, per skill (proficient).
    pub initial_headcount: Vec<u32>,
    /// Ongoing attrition, share per year.
    pub attrition_annual: f64,
    /// Extra share of each hiring class lost in its first 90 days.
    pub early_attrition: f64,
    /// Paid classroom training before the floor.
    pub classroom: Tick,
    /// Supervised time on the floor after the classroom.
    pub nesting: Tick,
    /// Speed of new hires.
    pub learning_curve: LearningCurve,
    /// Hires per month from outside the education pipeline.
    pub other_hires_per_month: f64,
    /// Wages.
    pub wages: Wages,
    /// Agents per team lead (`None`: no team leads).
    pub team_lead_span: Option<u32>,
    /// How hires are assigned to pools.
    pub hiring: Hiring,
    /// Extra hires per month into each pool (per [`Plan::pools`] entry).
    pub extra_hires_per_month: Vec<f64>,
    /// Share of hires trained in each skill (per plan skill).
    pub skill_mix: Vec<f64>,
    /// Share of hires speaking each language (per plan language).
    pub language_mix: Vec<f64>,
    /// The education pipeline, if modelled.
    pub education: Option<EducationPlan>,
}

/// How each month's hires are assigned to pools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hiring {
    /// To the pools forecast to be short when the hires become productive,
    /// among the pools their language allows.
    ToNeed,
    /// By the fixed shares of `skill_mix`.
    FixedMix,
}

/// A pool: the people who can serve a set of lines — one skill and one
/// language (or any language, for lines that name none). People are not
/// interchangeable across pools.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolPlan {
    /// `skill_language`, or the skill for lines of any language.
    pub id: String,
    /// Skill index.
    pub skill: usize,
    /// Language index (`None`: any language).
    pub language: Option<usize>,
    /// The lines this pool serves.
    pub lines: Vec<usize>,
    /// The teams whose people count towards this pool.
    pub teams: Vec<usize>,
}

impl PoolPlan {
    /// True if a person with `skill` speaking `language` belongs to this pool
    /// (given that no pool names that exact language, for an any-language pool).
    pub fn accepts(&self, language: Option<usize>) -> bool {
        self.language.is_none() || self.language == language
    }
}

/// `[costs]`: the programme's costs, USD.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Costs {
    /// Per student enrolled.
    pub per_student_usd: f64,
    /// Per mentor per month the centres teach.
    pub per_mentor_month_usd: f64,
    /// Equipment and running costs of the centres per year they teach.
    pub centres_per_year_usd: f64,
    /// Other programme costs per year of the horizon.
    pub other_per_year_usd: f64,
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
    /// Planning cap on occupancy (used by staffing).
    pub max_occupancy: f64,
    /// Paid hours per agent per week (pipeline rosters spread them over the
    /// week by workload; staffing converts on-duty hours to people with it).
    pub hours_per_week: f64,
    /// Share of rostered agent-hours that whole shifts can place where the
    /// intervals need them (people work shifts, not 30-minute intervals).
    pub shift_efficiency: f64,
    /// Workforce dynamics (`mode = "pipeline"`).
    pub pipeline: Option<PipelinePlan>,
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
    /// Hours the site's clock is ahead of UTC (intervals are in site time).
    pub site_utc_offset_h: f64,
    /// Service lines, in file order.
    pub lines: Vec<LinePlan>,
    /// Skill names, in order of first appearance.
    pub skills: Vec<String>,
    /// Language names, in order of first appearance.
    pub languages: Vec<String>,
    /// Staffing.
    pub workforce: WorkforcePlan,
    /// Pools of interchangeable people (skill × language), in order of the
    /// lines that first need them.
    pub pools: Vec<PoolPlan>,
    /// What the programme costs (`[costs]`), for the grant indicators.
    pub costs: Option<Costs>,
    /// Month (index into the horizon) whose hour-of-week profile is recorded.
    pub profile_month: usize,
    /// Record service level per line, month and interval of the week (minutes; 0: off).
    pub interval_stats_min: u32,
    /// The doubtful inputs and their distributions (`[uncertainty]`).
    pub uncertainty: Option<super::uncertainty::UncertaintyPlan>,
}
