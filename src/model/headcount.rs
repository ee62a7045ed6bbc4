//! From required on-duty agent-hours to people: on the floor, employed, hires.
//!
//! For one unit (a skill or a pool) and month:
//! - **on the floor** = required agent-hours on duty per week ÷
//!   (`hours_per_week` × (1 − shrinkage) × `shift_efficiency`), grossed up
//!   for the learning-curve slowdown of new hires (their share estimated from
//!   the monthly turnover: the attrition hazard plus growth). This is what is
//!   compared with the people available on the floor (nesting, proficient, L2).
//! - **employed** = on the floor ÷ (1 − share in the classroom) × (1 + 1/span)
//!   for team leads.
//! - **hires** = (employed × the month's chance of leaving + growth to next
//!   month's need) ÷ (1 − early attrition).
//!
//! Attrition is the industry's measure: `attrition_annual` leavers a year per
//! average headcount, a constant hazard of `attrition_annual / 12` a month.

use crate::model::requirement::Requirement;
use crate::scenario::plan::Plan;

/// People one unit (skill or pool) needs, per month of the horizon.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeopleNeed {
    /// People on the floor (nesting, proficient, L2).
    pub on_floor: Vec<f64>,
    /// People employed (the floor plus the classroom and team leads).
    pub employed: Vec<f64>,
    /// Hires needed in the month to have those people in time.
    pub hires: Vec<f64>,
}

/// People needed for `weekly_hours[month]` required agent-hours on duty.
pub fn people(plan: &Plan, weekly_hours: &[f64]) -> PeopleNeed {
    let workforce = &plan.workforce;
    let pipeline = workforce.pipeline.as_ref();
    let hours_per_person =
        workforce.hours_per_week * (1.0 - workforce.shrinkage) * workforce.shift_efficiency;
    let productive: Vec<f64> = weekly_hours.iter().map(|h| h / hours_per_person).collect();
    let months = productive.len();
    let hazard = pipeline.map_or(0.0, |p| p.attrition_annual / 12.0);
    let leaving = 1.0 - (-hazard).exp();
    let early = pipeline.map_or(0.0, |p| p.early_attrition);
    let leads = pipeline
        .and_then(|p| p.team_lead_span)
        .map_or(1.0, |span| 1.0 + 1.0 / f64::from(span));
    let growth = |m: usize| {
        // The last month grows as the one before it (no end-of-horizon dip).
        let m = if m + 1 >= months {
            m.saturating_sub(1)
        } else {
            m
        };
        let (now, next) = (productive[m], productive.get(m + 1).copied().unwrap_or(0.0));
        if now > 0.0 {
            (next / now - 1.0).max(0.0)
        } else {
            0.0
        }
    };
    let mut need = PeopleNeed::default();
    for (m, &now) in productive.iter().enumerate() {
        // Monthly turnover: replacements plus growth, all starting as new hires.
        let turnover = hazard + growth(m);
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
        let on_floor = now * slowdown;
        need.on_floor.push(on_floor);
        need.employed
            .push(on_floor / (1.0 - classroom_share) * leads);
    }
    for m in 0..months {
        let employed = need.employed[m];
        let next = if m + 1 < months {
            need.employed[m + 1]
        } else {
            employed * (1.0 + growth(m))
        };
        let grow = (next - employed).max(0.0);
        need.hires
            .push((employed * leaving + grow) / (1.0 - early).max(0.01));
    }
    need
}

/// People needed per skill and month.
#[derive(Clone, Debug)]
pub struct HeadcountNeed {
    /// `on_duty[month][skill]`: mean on-duty agents over the week's staffed intervals.
    pub on_duty: Vec<Vec<f64>>,
    /// `by_skill[skill]`: people on the floor, employed and hires per month.
    pub by_skill: Vec<PeopleNeed>,
}

/// Converts a requirement into people per skill.
pub fn headcount(plan: &Plan, req: &Requirement) -> HeadcountNeed {
    let months = plan.horizon.months.len();
    let skills = plan.skills.len();
    let on_duty = (0..months)
        .map(|m| {
            (0..skills)
                .map(|s| {
                    let staffed: Vec<u32> = req.on_duty[m][s]
                        .iter()
                        .copied()
                        .filter(|&n| n > 0)
                        .collect();
                    if staffed.is_empty() {
                        0.0
                    } else {
                        staffed.iter().map(|&n| f64::from(n)).sum::<f64>() / staffed.len() as f64
                    }
                })
                .collect()
        })
        .collect();
    let by_skill = (0..skills)
        .map(|s| {
            let hours: Vec<f64> = (0..months).map(|m| req.weekly_agent_hours(m, s)).collect();
            people(plan, &hours)
        })
        .collect();
    HeadcountNeed { on_duty, by_skill }
}

/// Required agent-hours on duty per week, `[pool][month]`, from the lines of
/// each pool (a requirement without per-line detail gives none).
pub fn pool_hours(plan: &Plan, req: &Requirement) -> Vec<Vec<f64>> {
    let hours = f64::from(req.interval_min) / 60.0;
    plan.pools
        .iter()
        .map(|pool| {
            req.by_line
                .iter()
                .map(|month| {
                    pool.lines
                        .iter()
                        .filter_map(|&l| month.get(l))
                        .flatten()
                        .map(|&n| f64::from(n) * hours)
                        .sum()
                })
                .collect()
        })
        .collect()
}

/// People needed per pool.
pub fn pool_need(plan: &Plan, req: &Requirement) -> Vec<PeopleNeed> {
    pool_hours(plan, req)
        .iter()
        .map(|hours| people(plan, hours))
        .collect()
}
