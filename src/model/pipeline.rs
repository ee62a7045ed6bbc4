//! The workforce pipeline: education cohorts, hiring, training, attrition and
//! promotion, person by person.
//!
//! None of it depends on queueing, so a replication first draws its whole
//! workforce timeline (who is hired when, with which skill and language, when
//! they reach the floor, when they leave or are promoted); the simulation then
//! brings each person onto and off the floor at those times. Outcomes are
//! drawn per person (binomial cohorts), never as fractional people.
//!
//! Attrition is the industry's measure: `attrition_annual` leavers a year per
//! average headcount, i.e. a constant hazard of `attrition_annual` per year
//! (`attrition_annual / 12` a month). Early attrition is on top: a share of
//! each hiring class leaves within its first 90 days, uniformly over them.
//!
//! Hiring `to_need`: each hire's language is drawn from `language_mix` (what
//! the intake speaks); the hire then goes to the pool, among those the
//! language allows, with the largest forecast deficit when the hire becomes
//! productive (mid-month hire + classroom + nesting): the analytic
//! requirement of people on the floor minus the people the pool is expected
//! to still have then (today's staff weighted by their chance of staying).
//! Where no allowed pool is short, the least covered one gets the hire.

use rand::RngExt;
use rand_distr::{Binomial, Distribution, Exp1};

use crate::engine::streams::{Purpose, Stream, stream};
use crate::engine::time::{DAY, Tick, WEEK};
use crate::model::headcount::pool_need;
use crate::model::requirement::{Requirement, analytic};
use crate::model::tally::{EducationTally, WorkforceTally};
use crate::scenario::plan::{Channel, Hiring, Overflow, PipelinePlan, Plan};

/// Where a person came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Employed when the horizon starts (proficient).
    Initial,
    /// Placed from the education pipeline.
    Graduate,
    /// Hired from elsewhere.
    Other,
}

/// One person's working life within the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// Skill index.
    pub skill: usize,
    /// Team index (skill × language).
    pub team: usize,
    /// Hire time (`None`: employed before the horizon, fully proficient).
    pub hired: Option<Tick>,
    /// First time on the floor (after the classroom).
    pub floor_from: Tick,
    /// Leaves the company (`Tick::MAX`: stays).
    pub leaves: Tick,
    /// Promoted to team lead (off the floor, still employed).
    pub promoted: Option<Tick>,
    /// Where the person came from.
    pub source: Source,
}

impl Person {
    /// Last moment on the floor (exclusive).
    pub fn floor_until(&self) -> Tick {
        self.promoted.map_or(self.leaves, |p| p.min(self.leaves))
    }

    fn employed_at(&self, t: Tick) -> bool {
        self.hired.is_none_or(|h| h <= t) && t < self.leaves
    }
}

/// A replication's workforce: the people and the monthly counts.
pub struct Timeline {
    /// Everyone employed at some point of the horizon.
    pub people: Vec<Person>,
    /// Per skill, per month.
    pub workforce: Vec<Vec<WorkforceTally>>,
    /// Per month of the horizon.
    pub education: Vec<EducationTally>,
    /// People on the floor at the end of each month, `[pool][month]`.
    pub on_floor: Vec<Vec<u32>>,
}

fn draw_index(rng: &mut Stream, shares: &[f64]) -> usize {
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (i, s) in shares.iter().enumerate() {
        acc += s;
        if u < acc {
            return i;
        }
    }
    shares.iter().rposition(|s| *s > 0.0).unwrap_or(0)
}

fn binomial(rng: &mut Stream, n: u64, p: f64) -> u64 {
    Binomial::new(n, p.clamp(0.0, 1.0)).map_or(0, |b| b.sample(rng))
}

/// True if some line needing `skill` accepts agents speaking `language`.
fn usable(plan: &Plan, skill: usize, language: Option<usize>) -> bool {
    plan.lines
        .iter()
        .any(|l| l.skill == skill && (l.language.is_none() || l.language == language))
}

/// Draws a skill from `skill_mix` among the skills usable in `language`
/// (people are trained for work they can do in the language they speak).
fn draw_skill(
    plan: &Plan,
    pipeline: &PipelinePlan,
    language: Option<usize>,
    rng: &mut Stream,
) -> usize {
    let shares: Vec<f64> = pipeline
        .skill_mix
        .iter()
        .enumerate()
        .map(|(s, &x)| if usable(plan, s, language) { x } else { 0.0 })
        .collect();
    let total: f64 = shares.iter().sum();
    if total > 0.0 {
        draw_index(rng, &shares.iter().map(|x| x / total).collect::<Vec<_>>())
    } else {
        draw_index(rng, &pipeline.skill_mix)
    }
}

/// Draws a language from `language_mix` among those usable with `skill`.
fn draw_language(
    plan: &Plan,
    pipeline: &PipelinePlan,
    skill: usize,
    rng: &mut Stream,
) -> Option<usize> {
    if pipeline.language_mix.is_empty() {
        return None;
    }
    let shares: Vec<f64> = pipeline
        .language_mix
        .iter()
        .enumerate()
        .map(|(l, &x)| if usable(plan, skill, Some(l)) { x } else { 0.0 })
        .collect();
    let total: f64 = shares.iter().sum();
    Some(if total > 0.0 {
        draw_index(rng, &shares.iter().map(|x| x / total).collect::<Vec<_>>())
    } else {
        draw_index(rng, &pipeline.language_mix)
    })
}

/// The team of a person with `skill` and `language`.
fn team_of(plan: &Plan, skill: usize, language: Option<usize>) -> usize {
    plan.workforce
        .teams
        .iter()
        .position(|t| {
            t.skills == [skill]
                && match (&t.languages, language) {
                    (Some(l), Some(lang)) => l == &[lang],
                    (None, None) => true,
                    _ => false,
                }
        })
        .unwrap_or(0)
}

/// Education month by month: applicants, seats, cohorts, graduates placed.
/// Returns per-horizon-month statistics and graduates hired per horizon month.
fn education(
    plan: &Plan,
    pipeline: &PipelinePlan,
    rng: &mut Stream,
) -> (Vec<EducationTally>, Vec<u64>) {
    let months = plan.horizon.months.len();
    let mut tallies = vec![EducationTally::default(); months];
    let mut placed = vec![0u64; months];
    let Some(ed) = &pipeline.education else {
        return (tallies, placed);
    };
    let capacity = (ed.mentors as f64 * ed.max_students_per_mentor).floor() as u64;
    let first = ed.intake_start.min(0);
    let last = months as i64;
    let mut waiting = 0u64;
    let mut cohorts: std::collections::VecDeque<(i64, u64)> = std::collections::VecDeque::new();
    let mut in_programme = 0u64;
    for m in first..last {
        // Cohorts finishing now free their seats; completers are placed later.
        while let Some(&(start, n)) = cohorts.front() {
            if start + i64::from(ed.programme_months) > m {
                break;
            }
            cohorts.pop_front();
            in_programme -= n;
            let completed = binomial(rng, n, ed.completion_rate);
            let job_track = binomial(rng, completed, ed.job_track_share);
            let hired = binomial(rng, job_track, ed.placement_rate);
            if (0..last).contains(&m) {
                tallies[m as usize].completed += completed;
            }
            let at = m + i64::from(ed.placement_delay_months);
            if (0..last).contains(&at) {
                placed[at as usize] += hired;
            }
        }
        let k = m - ed.intake_start;
        let applicants = if (0..i64::from(ed.intake_months)).contains(&k) {
            let per = ed.students / u64::from(ed.intake_months);
            let extra = ed.students % u64::from(ed.intake_months);
            per + u64::from((k as u64) < extra)
        } else {
            0
        };
        let free = capacity.saturating_sub(in_programme);
        let (admitted, turned_away) = match ed.overflow {
            Overflow::Wait => {
                waiting += applicants;
                let admitted = waiting.min(free);
                waiting -= admitted;
                (admitted, 0)
            }
            Overflow::TurnAway => {
                let admitted = applicants.min(free);
                (admitted, applicants - admitted)
            }
        };
        if admitted > 0 {
            cohorts.push_back((m, admitted));
            in_programme += admitted;
        }
        if (0..last).contains(&m) {
            let t = &mut tallies[m as usize];
            t.applicants = applicants;
            t.enrolled = admitted;
            t.in_programme = in_programme;
            t.waiting = waiting;
            t.turned_away = turned_away;
            t.mentor_load = if ed.mentors > 0 {
                in_programme as f64 / ed.mentors as f64
            } else {
                0.0
            };
        }
    }
    (tallies, placed)
}

/// People on the floor each pool needs, `[pool][month]`, when hiring follows
/// need: the analytic requirement (hourly intervals), in people on the floor.
pub fn hiring_need(plan: &Plan) -> Vec<Vec<f64>> {
    hiring_need_of(plan, &analytic(plan, 60, plan.workforce.max_occupancy))
}

/// [`hiring_need`] from a requirement already computed.
pub fn hiring_need_of(plan: &Plan, requirement: &Requirement) -> Vec<Vec<f64>> {
    pool_need(plan, requirement)
        .into_iter()
        .map(|need| need.on_floor)
        .collect()
}

/// Draws replication `replication`'s workforce timeline.
pub fn timeline(plan: &Plan, pipeline: &PipelinePlan, replication: u32) -> Timeline {
    let need = match pipeline.hiring {
        Hiring::ToNeed => hiring_need(plan),
        Hiring::FixedMix => Vec::new(),
    };
    timeline_with_need(plan, pipeline, replication, &need)
}

/// The chance that a person `tenure` into the job is still employed `ahead`
/// later, by the plan's hazards (ongoing, and early within 90 days).
fn stays(pipeline: &PipelinePlan, hazard_per_tick: f64, tenure: Option<Tick>, ahead: Tick) -> f64 {
    let ongoing = (-hazard_per_tick * ahead as f64).exp();
    let early_window = 90 * DAY;
    let early = match tenure {
        Some(d) if d < early_window => {
            // Early leavers are spread uniformly over the first 90 days.
            let gone = pipeline.early_attrition * d as f64 / early_window as f64;
            let rest = (early_window - d).min(ahead) as f64 / early_window as f64;
            1.0 - pipeline.early_attrition * rest / (1.0 - gone).max(1e-9)
        }
        _ => 1.0,
    };
    ongoing * early
}

/// Draws the timeline with `need[pool][month]` (people on the floor) guiding
/// `to_need` hiring (ignored under `fixed_mix`).
pub fn timeline_with_need(
    plan: &Plan,
    pipeline: &PipelinePlan,
    replication: u32,
    need: &[Vec<f64>],
) -> Timeline {
    let mut ed_rng = stream(plan.seed, replication, Purpose::Workforce, 0);
    let mut rng = stream(plan.seed, replication, Purpose::Workforce, 1);
    let (education, placed) = education(plan, pipeline, &mut ed_rng);
    let horizon = &plan.horizon;
    // Ongoing attrition: a constant hazard of `attrition_annual` a year, so
    // that leavers ÷ average headcount over a year is `attrition_annual`.
    let hazard_per_tick = pipeline.attrition_annual / (365.0 * DAY as f64);
    let ongoing = |rng: &mut Stream, from: Tick| {
        if hazard_per_tick > 0.0 {
            let e: f64 = Exp1.sample(rng);
            from.saturating_add((e / hazard_per_tick).min(1e18) as Tick)
        } else {
            Tick::MAX
        }
    };
    let mut people = Vec::new();
    let to_need = pipeline.hiring == Hiring::ToNeed && !need.is_empty();
    for (skill, &n) in pipeline.initial_headcount.iter().enumerate() {
        // Under to_need, today's staff sit in the skill's pools as the first
        // month needs them (whole people, largest remainders); otherwise their
        // languages are drawn from the mix.
        let mut split = if to_need {
            initial_split(plan, skill, n, need)
        } else {
            Vec::new()
        };
        for _ in 0..n {
            let language = match split.iter_mut().find(|(_, left)| *left > 0) {
                Some((pool, left)) => {
                    *left -= 1;
                    let pool = &plan.pools[*pool];
                    pool.language
                        .or_else(|| draw_language(plan, pipeline, skill, &mut rng))
                }
                None => draw_language(plan, pipeline, skill, &mut rng),
            };
            people.push(Person {
                skill,
                team: team_of(plan, skill, language),
                hired: None,
                floor_from: 0,
                leaves: ongoing(&mut rng, 0),
                promoted: None,
                source: Source::Initial,
            });
        }
    }
    let team_pool = team_pools(plan);
    let lead_time = pipeline.classroom + pipeline.nesting;
    let mut other_carry = 0.0;
    let mut extra_carry = vec![0.0; plan.pools.len()];
    for (m, month) in horizon.months.iter().enumerate() {
        // Team leads are promoted at the month's start, before its hires (who
        // cannot be promoted yet), so the forecast sees who is on the floor.
        promote_team_leads(plan, pipeline, &mut people, m..=m);
        other_carry += pipeline.other_hires_per_month;
        let others = other_carry.floor() as u64;
        other_carry -= others as f64;
        // The forecast for to_need: each pool's deficit when this month's
        // hires become productive.
        let productive_at = month.start + (month.end - month.start) / 2 + lead_time;
        let mut deficit: Vec<f64> = Vec::new();
        if to_need {
            let mp = horizon.month_of(productive_at.min(horizon.end.saturating_sub(1)));
            deficit = need
                .iter()
                .map(|n| n.get(mp).copied().unwrap_or(0.0))
                .collect();
            for p in &people {
                let employed = p.hired.is_none_or(|h| h <= month.start) && month.start < p.leaves;
                if !employed || p.promoted.is_some() {
                    continue;
                }
                if let Some(pool) = team_pool[p.team] {
                    let tenure = p.hired.map(|h| month.start - h);
                    deficit[pool] -= stays(
                        pipeline,
                        hazard_per_tick,
                        tenure,
                        productive_at - month.start,
                    );
                }
            }
        }
        let new_hire_stays = stays(pipeline, hazard_per_tick, Some(0), lead_time);
        let hire_time = |rng: &mut Stream| {
            month.start + (rng.random::<f64>() * (month.end - month.start) as f64) as Tick
        };
        let hires = [(Source::Graduate, placed[m]), (Source::Other, others)];
        for (source, count) in hires {
            for _ in 0..count {
                let hired = hire_time(&mut rng);
                let language = (!pipeline.language_mix.is_empty())
                    .then(|| draw_index(&mut rng, &pipeline.language_mix));
                let skill = if to_need {
                    match neediest_pool(plan, &deficit, need, language) {
                        Some(pool) => {
                            deficit[pool] -= new_hire_stays;
                            plan.pools[pool].skill
                        }
                        None => draw_skill(plan, pipeline, language, &mut rng),
                    }
                } else {
                    draw_skill(plan, pipeline, language, &mut rng)
                };
                people.push(hire(
                    plan, pipeline, &mut rng, hired, skill, language, source, &ongoing,
                ));
            }
        }
        // Extra hires go straight into their pool.
        for (pool, carry) in extra_carry.iter_mut().enumerate() {
            *carry += pipeline.extra_hires_per_month[pool];
            let count = carry.floor() as u64;
            *carry -= count as f64;
            let pool = &plan.pools[pool];
            for _ in 0..count {
                let hired = hire_time(&mut rng);
                let language = pool.language.or_else(|| {
                    (!pipeline.language_mix.is_empty())
                        .then(|| draw_index(&mut rng, &pipeline.language_mix))
                });
                people.push(hire(
                    plan,
                    pipeline,
                    &mut rng,
                    hired,
                    pool.skill,
                    language,
                    Source::Other,
                    &ongoing,
                ));
            }
        }
    }
    let workforce = monthly_counts(plan, pipeline, &people);
    let on_floor = pool_counts(plan, &team_pool, &people);
    Timeline {
        people,
        workforce,
        education,
        on_floor,
    }
}

/// `n` people of `skill` split over the skill's pools in proportion to the
/// first month's need (largest remainders): `(pool, people)`.
fn initial_split(plan: &Plan, skill: usize, n: u32, need: &[Vec<f64>]) -> Vec<(usize, u32)> {
    let pools: Vec<(usize, f64)> = (0..plan.pools.len())
        .filter(|&p| plan.pools[p].skill == skill)
        .map(|p| (p, need[p].first().copied().unwrap_or(0.0).max(0.0)))
        .collect();
    let total: f64 = pools.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let exact: Vec<f64> = pools
        .iter()
        .map(|(_, w)| f64::from(n) * w / total)
        .collect();
    let mut split: Vec<(usize, u32)> = pools
        .iter()
        .zip(&exact)
        .map(|(&(p, _), x)| (p, x.floor() as u32))
        .collect();
    let mut left = n - split.iter().map(|(_, k)| k).sum::<u32>();
    let mut order: Vec<usize> = (0..split.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for i in order.into_iter().cycle().take(split.len() * 2) {
        if left == 0 {
            break;
        }
        split[i].1 += 1;
        left -= 1;
    }
    split
}

/// One new hire: when they leave (ongoing hazard, or early within 90 days).
#[allow(clippy::too_many_arguments)]
fn hire(
    plan: &Plan,
    pipeline: &PipelinePlan,
    rng: &mut Stream,
    hired: Tick,
    skill: usize,
    language: Option<usize>,
    source: Source,
    ongoing: &dyn Fn(&mut Stream, Tick) -> Tick,
) -> Person {
    let mut leaves = ongoing(rng, hired);
    if rng.random::<f64>() < pipeline.early_attrition {
        let early = hired + (rng.random::<f64>() * (90 * DAY) as f64) as Tick;
        leaves = leaves.min(early);
    }
    Person {
        skill,
        team: team_of(plan, skill, language),
        hired: Some(hired),
        floor_from: hired + pipeline.classroom,
        leaves,
        promoted: None,
        source,
    }
}

/// The pool each team's people count towards.
fn team_pools(plan: &Plan) -> Vec<Option<usize>> {
    (0..plan.workforce.teams.len())
        .map(|t| plan.pools.iter().position(|p| p.teams.contains(&t)))
        .collect()
}

/// The pool a hire speaking `language` should join: the largest forecast
/// deficit among the pools the language allows, else the least covered
/// (forecast people per person needed); `None` if no allowed pool needs anyone.
fn neediest_pool(
    plan: &Plan,
    deficit: &[f64],
    need: &[Vec<f64>],
    language: Option<usize>,
) -> Option<usize> {
    let allowed = || {
        plan.pools
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.accepts(language))
            .map(|(i, _)| i)
    };
    let short = allowed()
        .filter(|&p| deficit[p] > 0.0)
        .max_by(|&a, &b| deficit[a].total_cmp(&deficit[b]).then(b.cmp(&a)));
    short.or_else(|| {
        // Coverage = 1 − deficit ÷ need (the peak need stands in for this month's).
        let coverage = |p: usize| {
            let peak = need[p].iter().copied().fold(0.0, f64::max);
            1.0 - deficit[p] / peak
        };
        allowed()
            .filter(|&p| need[p].iter().any(|&n| n > 0.0))
            .min_by(|&a, &b| coverage(a).total_cmp(&coverage(b)).then(a.cmp(&b)))
    })
}

/// People on the floor (not in the classroom, not team leads) at the end of
/// each month, per pool.
fn pool_counts(plan: &Plan, team_pool: &[Option<usize>], people: &[Person]) -> Vec<Vec<u32>> {
    let months = plan.horizon.months.len();
    let mut out = vec![vec![0u32; months]; plan.pools.len()];
    for p in people {
        let Some(pool) = team_pool[p.team] else {
            continue;
        };
        for (m, month) in plan.horizon.months.iter().enumerate() {
            let at = month.end - 1;
            if p.floor_from <= at && at < p.floor_until() && p.employed_at(at) {
                out[pool][m] += 1;
            }
        }
    }
    out
}

/// At each month start, proficient agents become team leads until there is
/// one lead per `team_lead_span` agents on the floor.
fn promote_team_leads(
    plan: &Plan,
    pipeline: &PipelinePlan,
    people: &mut [Person],
    months: std::ops::RangeInclusive<usize>,
) {
    let Some(span) = pipeline.team_lead_span else {
        return;
    };
    let proficient_after = (pipeline.learning_curve.weeks_to_proficiency * WEEK as f64) as Tick;
    for month in &plan.horizon.months[months] {
        let t = month.start;
        let on_floor = |p: &Person| p.floor_from <= t && t < p.floor_until();
        let floor = people.iter().filter(|p| on_floor(p)).count() as u64;
        let leads = people
            .iter()
            .filter(|p| p.promoted.is_some_and(|x| x <= t) && t < p.leaves)
            .count() as u64;
        let needed = floor.div_ceil(u64::from(span)).saturating_sub(leads);
        // Longest-serving proficient agents first (initial staff, then earliest hires).
        let mut candidates: Vec<usize> = (0..people.len())
            .filter(|&i| {
                let p = &people[i];
                on_floor(p) && p.hired.is_none_or(|h| t >= h + proficient_after)
            })
            .collect();
        candidates.sort_by_key(|&i| (people[i].hired.unwrap_or(0), i));
        for &i in candidates.iter().take(needed as usize) {
            people[i].promoted = Some(t);
        }
    }
}

fn monthly_counts(
    plan: &Plan,
    pipeline: &PipelinePlan,
    people: &[Person],
) -> Vec<Vec<WorkforceTally>> {
    let months = plan.horizon.months.len();
    let mut out = vec![vec![WorkforceTally::default(); months]; plan.skills.len()];
    // Skills that serve escalated work are L2.
    let l2_skills: Vec<usize> = plan
        .lines
        .iter()
        .filter(|l| {
            plan.lines
                .iter()
                .any(|from| from.escalation.is_some_and(|e| plan.lines[e.to].id == l.id))
        })
        .filter(|l| l.channel == Channel::Deferred || l.channel == Channel::Realtime)
        .map(|l| l.skill)
        .collect();
    let nesting_end = |p: &Person| p.floor_from + pipeline.nesting;
    for p in people {
        let is_l2 = l2_skills.contains(&p.skill);
        for (m, month) in plan.horizon.months.iter().enumerate() {
            let t = &mut out[p.skill][m];
            let (start, end) = (month.start, month.end);
            if p.hired.is_some_and(|h| h >= start && h < end) {
                t.hires += 1;
                if p.source == Source::Graduate {
                    t.graduates_placed += 1;
                }
            }
            if p.leaves >= start && p.leaves < end {
                t.attrition += 1;
            }
            // State at the end of the month.
            let at = end - 1;
            if p.employed_at(at) {
                t.headcount += 1;
                if p.source == Source::Graduate {
                    t.graduates_employed += 1;
                }
                if p.promoted.is_some_and(|x| x <= at) {
                    t.team_leads += 1;
                } else if at < p.floor_from {
                    t.classroom += 1;
                } else if at < nesting_end(p) {
                    t.nesting += 1;
                } else if is_l2 {
                    t.l2 += 1;
                } else {
                    t.proficient += 1;
                }
            }
            // Wages for the part of the month employed, by role.
            let from = p.hired.unwrap_or(0).max(start);
            let to = p.leaves.min(end);
            if to > from {
                let share = (to - from) as f64 / (end - start) as f64;
                let wage = if p.promoted.is_some_and(|x| x < to) {
                    pipeline.wages.team_lead
                } else if is_l2 {
                    pipeline.wages.l2
                } else {
                    pipeline.wages.agent
                };
                t.wage_bill_usd += share * wage;
            }
        }
    }
    out
}
