//! Grant indicators per calendar year: students, graduates placed, people
//! employed (and how many came from the education centres), export revenue,
//! wage income, and with `[costs]` the programme's cost per placement, per
//! job-year and revenue per programme dollar.

use crate::model::tally::ReplicationResult;
use crate::results::IndicatorYear;
use crate::scenario::plan::Plan;

/// The indicators of a pipeline plan, one row per calendar year measured.
pub fn indicators(
    plan: &Plan,
    reps: &[ReplicationResult],
    measured: &[usize],
) -> Vec<IndicatorYear> {
    if plan.workforce.pipeline.is_none() || reps.is_empty() {
        return Vec::new();
    }
    let n = reps.len() as f64;
    let mean = |f: &dyn Fn(&ReplicationResult) -> f64| reps.iter().map(f).sum::<f64>() / n;
    let mut years: Vec<String> = Vec::new();
    for &m in measured {
        let year = plan.horizon.months[m].label[..4].to_string();
        if !years.contains(&year) {
            years.push(year);
        }
    }
    let mentors = plan
        .workforce
        .pipeline
        .as_ref()
        .and_then(|p| p.education.as_ref())
        .map_or(0.0, |e| e.mentors as f64);
    years
        .into_iter()
        .map(|year| {
            let months: Vec<usize> = measured
                .iter()
                .copied()
                .filter(|&m| plan.horizon.months[m].label.starts_with(&year))
                .collect();
            // A year is listed because one of its months is measured.
            let last = months.last().copied().unwrap_or_default();
            let sum_months = |f: &dyn Fn(&ReplicationResult, usize) -> f64| {
                mean(&|r| months.iter().map(|&m| f(r, m)).sum())
            };
            let workforce = |f: fn(&crate::model::tally::WorkforceTally) -> f64| {
                move |r: &ReplicationResult, m: usize| r.workforce.iter().map(|w| f(&w[m])).sum()
            };
            let education = |f: fn(&crate::model::tally::EducationTally) -> f64| {
                move |r: &ReplicationResult, m: usize| r.education.get(m).map_or(0.0, f)
            };
            let enrolled = sum_months(&education(|e| e.enrolled as f64));
            let placed = sum_months(&workforce(|w| w.graduates_placed as f64));
            let graduate_months = sum_months(&workforce(|w| w.graduates_employed as f64));
            let revenue = sum_months(&|r, m| r.lines.iter().map(|l| l[m].revenue_usd).sum());
            // Months in which the centres teach (someone in the programme).
            let teaching = sum_months(&|r, m| {
                f64::from(u8::from(
                    r.education.get(m).is_some_and(|e| e.in_programme > 0),
                ))
            });
            let cost = plan.costs.map(|c| {
                enrolled * c.per_student_usd
                    + teaching * mentors * c.per_mentor_month_usd
                    + teaching / 12.0 * c.centres_per_year_usd
                    + months.len() as f64 / 12.0 * c.other_per_year_usd
            });
            let per = |x: f64| cost.filter(|_| x > 0.0).map(|c| c / x);
            IndicatorYear {
                year,
                students_enrolled: enrolled,
                students_completed: sum_months(&education(|e| e.completed as f64)),
                graduates_placed: placed,
                employed_end: mean(&|r| r.workforce.iter().map(|w| w[last].headcount as f64).sum()),
                employed_from_centres_end: mean(&|r| {
                    r.workforce
                        .iter()
                        .map(|w| w[last].graduates_employed as f64)
                        .sum()
                }),
                export_revenue_usd: revenue,
                wage_income_usd: sum_months(&workforce(|w| w.wage_bill_usd)),
                programme_cost_usd: cost,
                cost_per_placement_usd: per(placed),
                cost_per_job_year_usd: per(graduate_months / 12.0),
                revenue_per_programme_usd: cost.filter(|c| *c > 0.0).map(|c| revenue / c),
            }
        })
        .collect()
}
