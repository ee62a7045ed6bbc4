//! From required on-duty agents to people: headcount and hires.
//!
//! Required headcount for a month and skill = required agent-hours on duty per
//! week ÷ (paid hours per week × (1 − shrinkage) × shift efficiency), grossed
//! up for people not yet productive: the share in the classroom and the
//! learning-curve slowdown of those in their first weeks (both estimated
//! from the monthly turnover, attrition plus growth), and for team leads.

use serde::Serialize;

use crate::model::requirement::Requirement;
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
