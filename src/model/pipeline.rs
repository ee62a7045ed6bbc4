//! The workforce pipeline: education cohorts, hiring, training, attrition and
//! promotion, person by person.
//!
//! None of it depends on queueing, so a replication first draws its whole
//! workforce timeline (who is hired when, with which skill and language, when
//! they reach the floor, when they leave or are promoted); the simulation then
//! brings each person onto and off the floor at those times. Outcomes are
//! drawn per person (binomial cohorts), never as fractional people.

use rand::RngExt;
use rand_distr::{Binomial, Distribution, Exp1};

use crate::engine::streams::{Purpose, stream};
use crate::engine::time::{DAY, Tick, WEEK};
use crate::model::tally::{EducationTally, WorkforceTally};
use crate::scenario::plan::{Channel, Overflow, PipelinePlan, Plan};

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
}

fn draw_index(rng: &mut crate::engine::streams::Stream, shares: &[f64]) -> usize {
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

fn binomial(rng: &mut crate::engine::streams::Stream, n: u64, p: f64) -> u64 {
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
    rng: &mut crate::engine::streams::Stream,
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
    rng: &mut crate::engine::streams::Stream,
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
    rng: &mut crate::engine::streams::Stream,
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

/// Draws replication `replication`'s workforce timeline.
pub fn timeline(plan: &Plan, pipeline: &PipelinePlan, replication: u32) -> Timeline {
    let mut ed_rng = stream(plan.seed, replication, Purpose::Workforce, 0);
    let mut rng = stream(plan.seed, replication, Purpose::Workforce, 1);
    let (education, placed) = education(plan, pipeline, &mut ed_rng);
    let horizon = &plan.horizon;
    // Ongoing attrition as a constant hazard giving `attrition_annual` a year.
    let hazard_per_tick = -(1.0 - pipeline.attrition_annual).ln() / (365.0 * DAY as f64);
    let ongoing = |rng: &mut crate::engine::streams::Stream, from: Tick| {
        if hazard_per_tick > 0.0 {
            let e: f64 = Exp1.sample(rng);
            from.saturating_add((e / hazard_per_tick).min(1e18) as Tick)
        } else {
            Tick::MAX
        }
    };
    let mut people = Vec::new();
    for (skill, &n) in pipeline.initial_headcount.iter().enumerate() {
        for _ in 0..n {
            let language = draw_language(plan, pipeline, skill, &mut rng);
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
    let mut other_carry = 0.0;
    for (m, month) in horizon.months.iter().enumerate() {
        other_carry += pipeline.other_hires_per_month;
        let others = other_carry.floor() as u64;
        other_carry -= others as f64;
        let hires = [(Source::Graduate, placed[m]), (Source::Other, others)];
        for (source, count) in hires {
            for _ in 0..count {
                let hired =
                    month.start + (rng.random::<f64>() * (month.end - month.start) as f64) as Tick;
                let language = (!pipeline.language_mix.is_empty())
                    .then(|| draw_index(&mut rng, &pipeline.language_mix));
                let skill = draw_skill(plan, pipeline, language, &mut rng);
                let mut leaves = ongoing(&mut rng, hired);
                if rng.random::<f64>() < pipeline.early_attrition {
                    let early = hired + (rng.random::<f64>() * (90 * DAY) as f64) as Tick;
                    leaves = leaves.min(early);
                }
                people.push(Person {
                    skill,
                    team: team_of(plan, skill, language),
                    hired: Some(hired),
                    floor_from: hired + pipeline.classroom,
                    leaves,
                    promoted: None,
                    source,
                });
            }
        }
    }
    promote_team_leads(plan, pipeline, &mut people);
    let workforce = monthly_counts(plan, pipeline, &people);
    Timeline {
        people,
        workforce,
        education,
    }
}

/// At each month start, proficient agents become team leads until there is
/// one lead per `team_lead_span` agents on the floor.
fn promote_team_leads(plan: &Plan, pipeline: &PipelinePlan, people: &mut [Person]) {
    let Some(span) = pipeline.team_lead_span else {
        return;
    };
    let proficient_after = (pipeline.learning_curve.weeks_to_proficiency * WEEK as f64) as Tick;
    for month in &plan.horizon.months {
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
