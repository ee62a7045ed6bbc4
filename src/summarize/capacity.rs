//! The capacity plan of a run: required versus available people per pool
//! (skill × language), month and replication, the shortfall summed over pools
//! (a surplus never cancels a shortfall elsewhere), the headline, and what
//! closes it.

use super::{measured_months, stat};
use crate::model::headcount::{PeopleNeed, headcount, people, pool_hours};
use crate::model::requirement::{Requirement, rostered_by_team};
use crate::model::tally::ReplicationResult;
use crate::results::{
    CapacityPlan, Lever, PoolMonth, PoolSummary, RequiredOnDuty, RunResult, Setting, Staffing,
    StaffingMonth,
};
use crate::scenario::plan::Plan;
use crate::stats::aggregate::Stat;

/// People available on the floor, `[pool][month][replication]`: those the
/// pipeline puts on the floor, or the people the fixed rosters take (a team
/// serving several pools split by the pools' required hours).
fn pool_available(
    plan: &Plan,
    reps: &[ReplicationResult],
    interval_min: u32,
    pool_hours: &[Vec<f64>],
) -> Vec<Vec<Vec<f64>>> {
    let months = plan.horizon.months.len();
    if plan.workforce.pipeline.is_some() {
        return (0..plan.pools.len())
            .map(|p| {
                (0..months)
                    .map(|m| {
                        reps.iter()
                            .map(|r| {
                                r.on_floor
                                    .get(p)
                                    .and_then(|months| months.get(m))
                                    .map_or(0.0, |&n| f64::from(n))
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
    }
    let by_team = rostered_by_team(plan, interval_min);
    let hours_per_interval = f64::from(interval_min) / 60.0;
    let mut people_of = vec![vec![0.0; months]; plan.pools.len()];
    for t in 0..plan.workforce.teams.len() {
        let hours: Vec<f64> = by_team
            .iter()
            .map(|teams| {
                teams[t]
                    .iter()
                    .map(|&n| f64::from(n) * hours_per_interval)
                    .sum()
            })
            .collect();
        let team_people = people(plan, &hours).on_floor;
        let pools: Vec<usize> = (0..plan.pools.len())
            .filter(|&p| plan.pools[p].teams.contains(&t))
            .collect();
        for m in 0..months {
            let required: f64 = pools.iter().map(|&p| pool_hours[p][m]).sum();
            for &p in &pools {
                let share = if required > 0.0 {
                    pool_hours[p][m] / required
                } else {
                    1.0 / pools.len() as f64
                };
                people_of[p][m] += team_people[m] * share;
            }
        }
    }
    people_of
        .into_iter()
        .map(|months| months.into_iter().map(|x| vec![x; reps.len()]).collect())
        .collect()
}

/// A pool is short in a month when on average at least half a person is missing.
pub(crate) const SHORT: f64 = 0.5;

pub(super) fn staffing(
    plan: &Plan,
    reps: &[ReplicationResult],
    requirement: Requirement,
    method: &str,
) -> Staffing {
    let need = headcount(plan, &requirement);
    let hours = pool_hours(plan, &requirement);
    let pool_people: Vec<PeopleNeed> = hours.iter().map(|h| people(plan, h)).collect();
    let available = pool_available(plan, reps, requirement.interval_min, &hours);
    let n = reps.len();
    let measured: Vec<usize> = measured_months(plan).collect();
    // Per pool, month and replication: required − available.
    let gap = |p: usize, m: usize| -> Vec<f64> {
        available[p][m]
            .iter()
            .map(|a| pool_people[p].on_floor[m] - a)
            .collect()
    };
    // A pool's shortfall is the part of its mean gap above zero (with the
    // gap's interval clipped at zero), its surplus the part below: the same
    // numbers decide whether it is short, so every file agrees.
    let shortfall_of = |g: &Stat| Stat {
        mean: g.mean.max(0.0),
        ci95: [g.ci95[0].max(0.0), g.ci95[1].max(0.0)],
    };
    let surplus_of = |g: &Stat| Stat {
        mean: (-g.mean).max(0.0),
        ci95: [(-g.ci95[1]).max(0.0), (-g.ci95[0]).max(0.0)],
    };
    let summed = |stats: Vec<Stat>| Stat {
        mean: stats.iter().map(|s| s.mean).sum::<f64>() + 0.0,
        ci95: [
            stats.iter().map(|s| s.ci95[0]).sum::<f64>() + 0.0,
            stats.iter().map(|s| s.ci95[1]).sum::<f64>() + 0.0,
        ],
    };
    let mut months = Vec::new();
    for &m in &measured {
        let label = &plan.horizon.months[m].label;
        let mut row = |skill: String, pools: &[usize], skills: &[usize]| {
            let sum = |f: &dyn Fn(usize) -> Vec<f64>| {
                let mut total = vec![0.0; n];
                for &p in pools {
                    for (t, x) in total.iter_mut().zip(f(p)) {
                        *t += x;
                    }
                }
                total
            };
            let gaps: Vec<Stat> = pools.iter().map(|&p| stat(gap(p, m))).collect();
            let shortfall = summed(gaps.iter().map(shortfall_of).collect());
            months.push(StaffingMonth {
                month: label.clone(),
                skill,
                required_on_duty: skills.iter().map(|&s| need.on_duty[m][s]).sum(),
                required_on_floor: pools.iter().map(|&p| pool_people[p].on_floor[m]).sum(),
                required_headcount: skills.iter().map(|&s| need.by_skill[s].employed[m]).sum(),
                available: people_stat(sum(&|p| available[p][m].clone())),
                shortfall,
                surplus: summed(gaps.iter().map(surplus_of).collect()),
                hires_needed: skills.iter().map(|&s| need.by_skill[s].hires[m]).sum(),
            });
        };
        for (s, skill) in plan.skills.iter().enumerate() {
            let pools: Vec<usize> = (0..plan.pools.len())
                .filter(|&p| plan.pools[p].skill == s)
                .collect();
            row(skill.clone(), &pools, &[s]);
        }
        let all_skills: Vec<usize> = (0..plan.skills.len()).collect();
        let all_pools: Vec<usize> = (0..plan.pools.len()).collect();
        row("all".into(), &all_pools, &all_skills);
    }
    let pools: Vec<PoolSummary> = plan
        .pools
        .iter()
        .enumerate()
        .map(|(p, pool)| {
            let pool_months: Vec<PoolMonth> = measured
                .iter()
                .map(|&m| {
                    let g = gap(p, m);
                    let mean_gap = g.iter().sum::<f64>() / n.max(1) as f64;
                    PoolMonth {
                        month: plan.horizon.months[m].label.clone(),
                        required: pool_people[p].on_floor[m],
                        available: people_stat(available[p][m].clone()),
                        shortfall: shortfall_of(&stat(g.clone())),
                        surplus: surplus_of(&stat(g.clone())),
                        short: mean_gap >= SHORT,
                    }
                })
                .collect();
            let peak = pool_months
                .iter()
                .filter(|x| x.short)
                .max_by(|a, b| a.shortfall.mean.total_cmp(&b.shortfall.mean));
            PoolSummary {
                id: pool.id.clone(),
                name: pool_name(
                    &plan.skills[pool.skill],
                    pool.language.map(|l| plan.languages[l].as_str()),
                ),
                skill: plan.skills[pool.skill].clone(),
                language: pool.language.map(|l| plan.languages[l].clone()),
                lines: pool
                    .lines
                    .iter()
                    .map(|&l| plan.lines[l].id.clone())
                    .collect(),
                first_short_month: pool_months
                    .iter()
                    .find(|x| x.short)
                    .map(|x| x.month.clone()),
                months_short: pool_months.iter().filter(|x| x.short).count(),
                peak_shortfall: peak.map_or(exact(0.0), |x| x.shortfall),
                peak_month: peak.map(|x| x.month.clone()),
                surplus_end: pool_months.last().map_or(exact(0.0), |x| x.surplus),
                months: pool_months,
            }
        })
        .collect();
    let capacity = capacity_plan(plan, reps, &months, pools);
    Staffing {
        method: method.to_string(),
        interval_min: requirement.interval_min,
        months,
        plan: capacity,
        requirement: required_on_duty(plan, requirement),
    }
}

/// The headline: the first month any pool is short, which pools, and the
/// peak total shortfall (the `all` rows sum the pools' shortfalls).
fn capacity_plan(
    plan: &Plan,
    reps: &[ReplicationResult],
    months: &[StaffingMonth],
    pools: Vec<PoolSummary>,
) -> CapacityPlan {
    let short_from = pools
        .iter()
        .filter_map(|p| p.first_short_month.clone())
        .min();
    let first_short_pools = short_from.as_ref().map_or(Vec::new(), |first| {
        pools
            .iter()
            .filter(|p| p.months.iter().any(|x| x.short && x.month == *first))
            .map(|p| p.id.clone())
            .collect()
    });
    let short_months: Vec<&str> = pools
        .iter()
        .flat_map(|p| {
            p.months
                .iter()
                .filter(|x| x.short)
                .map(|x| x.month.as_str())
        })
        .collect();
    let peak = months
        .iter()
        .filter(|r| r.skill == "all" && short_months.contains(&r.month.as_str()))
        .max_by(|a, b| a.shortfall.mean.total_cmp(&b.shortfall.mean));
    let mentor_utilisation = plan
        .workforce
        .pipeline
        .as_ref()
        .and_then(|p| p.education.as_ref())
        .filter(|e| e.mentors > 0 && e.max_students_per_mentor > 0.0)
        .map(|e| {
            let seats = e.mentors as f64 * e.max_students_per_mentor;
            reps.iter()
                .flat_map(|r| r.education.iter().map(|t| t.in_programme as f64 / seats))
                .fold(0.0, f64::max)
        });
    CapacityPlan {
        short_from,
        first_short_pools,
        peak_shortfall: peak.map_or(exact(0.0), |r| r.shortfall),
        peak_month: peak.map(|r| r.month.clone()),
        pools,
        mentor_utilisation,
        what_closes_it: Vec::new(),
    }
}

/// A statistic of people (or shortfall) counts: never below zero.
fn people_stat(values: Vec<f64>) -> Stat {
    let s = stat(values);
    Stat {
        mean: s.mean,
        ci95: [s.ci95[0].max(0.0), s.ci95[1]],
    }
}

pub(super) fn exact(x: f64) -> Stat {
    Stat {
        mean: x,
        ci95: [x, x],
    }
}

/// The requirement as plain data for the exporters, with its labels.
fn required_on_duty(plan: &Plan, requirement: Requirement) -> RequiredOnDuty {
    let per_week = requirement.intervals();
    let intervals = (0..per_week)
        .map(|k| {
            let minutes = k as u32 * requirement.interval_min;
            format!(
                "{} {:02}:{:02}",
                crate::scenario::hours::WEEKDAYS[(minutes / 1440) as usize],
                minutes % 1440 / 60,
                minutes % 60
            )
        })
        .collect();
    RequiredOnDuty {
        interval_min: requirement.interval_min,
        months: plan
            .horizon
            .months
            .iter()
            .map(|m| m.label.clone())
            .collect(),
        skills: plan.skills.clone(),
        intervals,
        site_utc_offset_h: plan.site_utc_offset_h,
        on_duty: requirement.on_duty,
    }
}

/// Searches what closes the shortfall (pipeline plans with a pool short) and
/// adds it to the capacity plan: each lever's smallest setting with no pool
/// short in any month, confirmed on all replications.
pub fn what_closes_it(plan: &Plan, result: &mut RunResult) {
    let capacity = &mut result.staffing.plan;
    if capacity.short_from.is_none() {
        return;
    }
    let months = plan.horizon.months.len();
    let required: Vec<Vec<f64>> = capacity
        .pools
        .iter()
        .map(|pool| {
            let mut by_month = vec![0.0; months];
            for row in &pool.months {
                if let Some(m) = plan
                    .horizon
                    .months
                    .iter()
                    .position(|x| x.label == row.month)
                {
                    by_month[m] = row.required;
                }
            }
            by_month
        })
        .collect();
    capacity.what_closes_it = crate::staffing::levers::what_closes_it(plan, &required)
        .into_iter()
        .map(|found| Lever {
            lever: found.lever,
            settings: found
                .changes
                .into_iter()
                .map(|c| Setting {
                    key: c.key,
                    from: c.from,
                    to: c.to,
                })
                .collect(),
            closes: found.closes,
            confirmed_peak_shortfall: found.confirmed_peak.map(exact),
            note: found.note,
        })
        .collect();
    result.summary.staffing = capacity.clone();
}

/// A pool's name for people: its skill's name and its language's,
/// "Chat (English)"; a pool of any language is named after its skill.
pub fn pool_name(skill: &str, language: Option<&str>) -> String {
    use crate::scenario::lines::{display_name, language_name};
    match language {
        Some(l) => format!("{} ({})", display_name(skill), language_name(l)),
        None => display_name(skill),
    }
}
