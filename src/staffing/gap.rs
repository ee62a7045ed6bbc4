//! From required on-duty agents to people: headcount, hires, the gap to what
//! the pipeline supplies, and what would close it.
//!
//! Required headcount for a month and skill = required agent-hours on duty per
//! week ÷ (paid hours per week × (1 − shrinkage) × shift efficiency), grossed
//! up for people not yet productive: the share in the classroom and the
//! learning-curve slowdown of those in their first weeks (both estimated
//! from the monthly turnover, attrition plus growth), and for team leads.

use serde::Serialize;

use super::required::Requirement;
use crate::scenario::plan::Plan;

/// Paid hours per agent per week when the scenario does not say (fixed mode).
const DEFAULT_HOURS_PER_WEEK: f64 = 40.0;
/// Share of rostered agent-hours that whole shifts can place where intervals
/// need them (people work shifts, not 30-minute intervals). Assumption.
pub const SHIFT_EFFICIENCY: f64 = 0.9;

/// People needed per skill and month.
#[derive(Clone, Debug, Serialize)]
pub struct HeadcountNeed {
    /// `required[month][skill]`: mean on-duty agents over the week's staffed intervals.
    pub on_duty: Vec<Vec<f64>>,
    /// `headcount[month][skill]`: people employed needed.
    pub headcount: Vec<Vec<f64>>,
    /// `hires[month][skill]`: hires needed in the month to have the headcount in time.
    pub hires: Vec<Vec<f64>>,
}

/// Converts a requirement into headcount and hires.
pub fn headcount(plan: &Plan, req: &Requirement) -> HeadcountNeed {
    let pipeline = plan.workforce.pipeline.as_ref();
    let hours_per_week = pipeline.map_or(DEFAULT_HOURS_PER_WEEK, |p| p.hours_per_week);
    let available_share = hours_per_week * (1.0 - plan.workforce.shrinkage) * SHIFT_EFFICIENCY;
    let months = plan.horizon.months.len();
    let skills = plan.skills.len();
    let monthly_attrition =
        pipeline.map_or(0.0, |p| 1.0 - (1.0 - p.attrition_annual).powf(1.0 / 12.0));
    let early = pipeline.map_or(0.0, |p| p.early_attrition);
    let mut on_duty = vec![vec![0.0; skills]; months];
    let mut productive = vec![vec![0.0; skills]; months];
    for m in 0..months {
        for s in 0..skills {
            let staffed: Vec<u32> = req.on_duty[m][s]
                .iter()
                .copied()
                .filter(|&n| n > 0)
                .collect();
            on_duty[m][s] = if staffed.is_empty() {
                0.0
            } else {
                staffed.iter().map(|&n| f64::from(n)).sum::<f64>() / staffed.len() as f64
            };
            productive[m][s] = req.weekly_agent_hours(m, s) / available_share;
        }
    }
    let mut headcount = vec![vec![0.0; skills]; months];
    let mut hires = vec![vec![0.0; skills]; months];
    for s in 0..skills {
        for m in 0..months {
            let now = productive[m][s];
            let next = productive[(m + 1).min(months - 1)][s];
            let growth = if now > 0.0 {
                (next / now - 1.0).max(0.0)
            } else {
                0.0
            };
            // Monthly turnover: replacements plus growth, all starting as new hires.
            let turnover = monthly_attrition + growth;
            let (classroom_share, slowdown) = pipeline.map_or((0.0, 1.0), |p| {
                let months_in_class = p.classroom as f64 / (30.44 * 86_400e6);
                let curve = p.learning_curve;
                let learning_months = curve.weeks_to_proficiency / 4.345;
                let learning_share = (turnover * learning_months).min(1.0);
                let mean_extra = (curve.start_multiplier - 1.0) / 2.0;
                (
                    (turnover * months_in_class).min(0.5),
                    1.0 + learning_share * mean_extra,
                )
            });
            let leads = pipeline
                .and_then(|p| p.team_lead_span)
                .map_or(1.0, |span| 1.0 + 1.0 / f64::from(span));
            headcount[m][s] = now * slowdown / (1.0 - classroom_share) * leads;
        }
    }
    // Hires: replace the month's leavers and grow to next month's need; early
    // leavers of the hiring class must be replaced too.
    for s in 0..skills {
        for m in 0..months {
            let grow = (headcount[(m + 1).min(months - 1)][s] - headcount[m][s]).max(0.0);
            hires[m][s] = (headcount[m][s] * monthly_attrition + grow) / (1.0 - early).max(0.01);
        }
    }
    HeadcountNeed {
        on_duty,
        headcount,
        hires,
    }
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

/// The closing figures for a gap series (required − available, per month).
pub fn closing(
    plan: &Plan,
    months: &[String],
    gap: &[f64],
    graduates_placed: f64,
) -> ClosingTheGap {
    let opens = gap.iter().position(|&g| g > 0.5).map(|i| months[i].clone());
    let (peak_i, peak) = gap
        .iter()
        .copied()
        .enumerate()
        .fold(
            (None, 0.0),
            |(bi, b), (i, g)| if g > b { (Some(i), g) } else { (bi, b) },
        );
    // People missing at the peak must be hired (and replace early leavers).
    let early = plan
        .workforce
        .pipeline
        .as_ref()
        .map_or(0.0, |p| p.early_attrition);
    let extra_hires = peak / (1.0 - early).max(0.01);
    let education = plan
        .workforce
        .pipeline
        .as_ref()
        .and_then(|p| p.education.as_ref());
    let yield_per_student =
        education.map(|e| e.completion_rate * e.job_track_share * e.placement_rate);
    let extra_students = yield_per_student
        .filter(|y| *y > 0.0)
        .map(|y| extra_hires / y);
    let extra_mentors = education.zip(extra_students).map(|(e, s)| {
        // Concurrent extra students: those enrolled per month × programme length.
        let per_month = s / f64::from(e.intake_months);
        (per_month * f64::from(e.programme_months) / e.max_students_per_mentor).ceil()
    });
    let placement_rate_needed = education.map(|e| {
        let completers_on_track = e.students as f64 * e.completion_rate * e.job_track_share;
        if completers_on_track > 0.0 {
            (graduates_placed + extra_hires) / completers_on_track
        } else {
            f64::INFINITY
        }
    });
    ClosingTheGap {
        gap_opens: opens,
        peak_gap: peak,
        peak_month: peak_i.map(|i| months[i].clone()),
        extra_hires,
        extra_students,
        extra_mentors,
        placement_rate_needed: placement_rate_needed.filter(|x| x.is_finite()),
    }
}
