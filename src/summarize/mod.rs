//! Aggregation: replications (in replication order) and the staffing
//! requirement into the run's [`RunResult`].
//!
//! May import `model`, `staffing`, `scenario`, `results` (and the foundations).

mod capacity;
mod indicators;
pub mod uncertainty;

pub use capacity::what_closes_it;
use capacity::{exact, staffing};

use crate::model::requirement::{Requirement, analytic};
use crate::model::tally::{
    EducationTally, LineTally, ReplicationResult, TeamTally, WorkforceTally,
};
use crate::results::{
    ClassSummary, LineSummary, MonthlyRow, RunResult, ScopeKind, Summary, TargetSummary, Totals,
    WaitCdf, WeekProfile,
};
use crate::scenario::plan::{Channel, Plan};
use crate::stats::aggregate::{Stat, ratios};

fn stat(values: Vec<f64>) -> Stat {
    Stat::of(&values).unwrap_or(Stat {
        mean: 0.0,
        ci95: [0.0, 0.0],
    })
}

/// The ratio metrics of a line, from its tallies and its skill's agent time.
struct LineMetrics {
    service_level: Option<Stat>,
    p_wait: Option<Stat>,
    asa_s: Option<Stat>,
    mean_queue_time_s: Option<Stat>,
    abandon_rate: Option<Stat>,
    occupancy: Option<Stat>,
}

fn line_metrics(tallies: &[LineTally], skills: &[TeamTally]) -> LineMetrics {
    // Shares are shares: their intervals stay within 0–1.
    let share = |s: Option<Stat>| {
        s.map(|s| Stat {
            mean: s.mean,
            ci95: [s.ci95[0].clamp(0.0, 1.0), s.ci95[1].clamp(0.0, 1.0)],
        })
    };
    let per_offered = |f: fn(&LineTally) -> f64| {
        Stat::of(&ratios(tallies.iter().map(|t| (f(t), t.offered as f64))))
    };
    LineMetrics {
        service_level: share(per_offered(|t| t.within_target as f64)),
        p_wait: share(per_offered(|t| t.waited as f64)),
        asa_s: Stat::of(&ratios(
            tallies.iter().map(|t| (t.wait_handled_s, t.handled as f64)),
        )),
        mean_queue_time_s: per_offered(|t| t.queue_time_s),
        abandon_rate: share(per_offered(|t| t.abandoned as f64)),
        occupancy: share(Stat::of(&ratios(
            skills.iter().map(|s| (s.busy_s, s.on_duty_s)),
        ))),
    }
}

fn target_summary(t: &crate::scenario::Target) -> TargetSummary {
    TargetSummary {
        service_level: t.service_level,
        within_s: t.within as f64 / 1e6,
    }
}

/// Indices of the teams that serve line `line`.
fn teams_of_line(plan: &Plan, line: usize) -> Vec<usize> {
    let lp = &plan.lines[line];
    (0..plan.workforce.teams.len())
        .filter(|&t| plan.workforce.teams[t].serves(lp))
        .collect()
}

/// Indices of the teams whose agents hold skill `skill`.
fn teams_of_skill(plan: &Plan, skill: usize) -> Vec<usize> {
    (0..plan.workforce.teams.len())
        .filter(|&t| plan.workforce.teams[t].skills.contains(&skill))
        .collect()
}

fn line_summary(plan: &Plan, i: usize, reps: &[ReplicationResult]) -> LineSummary {
    let lp = &plan.lines[i];
    let totals: Vec<LineTally> = reps.iter().map(|r| r.line_total(i)).collect();
    let teams = teams_of_line(plan, i);
    let agent_time: Vec<TeamTally> = reps.iter().map(|r| r.teams_total(&teams)).collect();
    let m = line_metrics(&totals, &agent_time);
    let count = |f: fn(&LineTally) -> f64| stat(totals.iter().map(f).collect());
    let last = plan.horizon.months.len() - 1;
    let classes = if lp.classes.len() > 1 {
        lp.classes
            .iter()
            .enumerate()
            .map(|(c, cp)| ClassSummary {
                name: cp.name.clone(),
                target: target_summary(&cp.target),
                offered: stat(
                    reps.iter()
                        .map(|r| r.classes[i][c].offered as f64)
                        .collect(),
                ),
                service_level: Stat::of(&ratios(reps.iter().map(|r| {
                    let t = &r.classes[i][c];
                    (t.within_target as f64, t.offered as f64)
                }))),
            })
            .collect()
    } else {
        Vec::new()
    };
    LineSummary {
        id: lp.id.clone(),
        name: lp.name.clone(),
        channel: lp.channel,
        skill: plan.skills[lp.skill].clone(),
        target: target_summary(&lp.target()),
        offered: count(|t| t.offered as f64),
        handled: count(|t| t.handled as f64),
        abandoned: count(|t| t.abandoned as f64),
        service_level: m.service_level,
        p_wait: m.p_wait,
        asa_s: m.asa_s,
        mean_queue_time_s: m.mean_queue_time_s,
        abandon_rate: m.abandon_rate,
        occupancy: m.occupancy,
        revenue_usd: count(|t| t.revenue_usd),
        backlog_end: (lp.channel == Channel::Deferred)
            .then(|| stat(reps.iter().map(|r| r.backlog[i][last] as f64).collect())),
        reworked: count(|t| t.reworked as f64),
        escalated: count(|t| t.escalated as f64),
        unstaffed_open_h: count(|t| t.unstaffed_h),
        classes,
    }
}

/// A workforce count summed over skills and the measured months (0 in fixed mode).
fn workforce_total(plan: &Plan, reps: &[ReplicationResult], f: fn(&WorkforceTally) -> f64) -> Stat {
    let first = measured_months(plan).next().unwrap_or(0);
    stat(
        reps.iter()
            .map(|r| {
                r.workforce
                    .iter()
                    .map(|s| s[first..].iter().map(f).sum::<f64>())
                    .sum()
            })
            .collect(),
    )
}

/// Indices of the months that end after the warm-up.
fn measured_months(plan: &Plan) -> impl Iterator<Item = usize> + '_ {
    plan.horizon
        .months
        .iter()
        .enumerate()
        .filter(|(_, m)| m.end > plan.warmup)
        .map(|(i, _)| i)
}

/// Aggregates replications (in replication order) into the run's result,
/// with the analytic (Erlang) staffing requirement.
pub fn summarize(plan: &Plan, scenario_sha256: &str, reps: &[ReplicationResult]) -> RunResult {
    let max_occupancy = plan.workforce.max_occupancy;
    let requirement = analytic(plan, 60, max_occupancy);
    summarize_with(
        plan,
        scenario_sha256,
        reps,
        requirement,
        "Erlang A/C per hour of the week (analytic)",
    )
}

/// Aggregates replications with a given staffing requirement.
pub fn summarize_with(
    plan: &Plan,
    scenario_sha256: &str,
    reps: &[ReplicationResult],
    requirement: Requirement,
    method: &str,
) -> RunResult {
    summarize_parts(plan, scenario_sha256, reps, reps, requirement, method)
}

/// The result of one draw of an uncertainty study: its simulated `reps`
/// for everything but the capacity plan, which is judged on `floors`
/// (people on the floor `[replication][pool][month]`, drawn from the
/// pipeline alone for as many replications as the base run has), so that a
/// draw's shortfall is as steady as the base run's and a draw of the
/// scenario as written has exactly the base run's shortfall. `requirement`
/// is the draw's analytic requirement (hourly intervals), which its hiring
/// forecast already needed.
pub fn summarize_draw(
    plan: &Plan,
    reps: &[ReplicationResult],
    floors: Vec<Vec<Vec<u32>>>,
    requirement: Requirement,
) -> RunResult {
    let capacity: Vec<ReplicationResult> = floors
        .into_iter()
        .enumerate()
        .map(|(r, on_floor)| ReplicationResult {
            replication: r as u32,
            on_floor,
            ..ReplicationResult::default()
        })
        .collect();
    summarize_parts(
        plan,
        "",
        reps,
        &capacity,
        requirement,
        "Erlang A/C per hour of the week (analytic)",
    )
}

/// Aggregates `reps`, with the capacity plan judged on `capacity_reps`.
fn summarize_parts(
    plan: &Plan,
    scenario_sha256: &str,
    reps: &[ReplicationResult],
    capacity_reps: &[ReplicationResult],
    requirement: Requirement,
    method: &str,
) -> RunResult {
    let staffing = staffing(plan, capacity_reps, requirement, method);
    let lines: Vec<LineSummary> = (0..plan.lines.len())
        .map(|i| line_summary(plan, i, reps))
        .collect();
    let unstaffed = lines
        .iter()
        .filter(|l| l.unstaffed_open_h.mean > 0.0)
        .map(|l| {
            format!(
                "line `{}` was open {:.0} hours with no qualified agent on duty (mean per replication)",
                l.id, l.unstaffed_open_h.mean
            )
        });
    let below = lines.iter().filter_map(|l| {
        let sl = l.service_level?;
        (sl.ci95[1] < l.target.service_level).then(|| {
            format!(
                "line `{}` is below its target: service level {:.1}% [{:.1}, {:.1}] against {:.0}%",
                l.id,
                sl.mean * 100.0,
                sl.ci95[0] * 100.0,
                sl.ci95[1] * 100.0,
                l.target.service_level * 100.0
            )
        })
    });
    let warnings = unstaffed.chain(below).collect();
    let all = |f: fn(&LineTally) -> f64| {
        stat(
            reps.iter()
                .map(|r| (0..plan.lines.len()).map(|i| f(&r.line_total(i))).sum())
                .collect(),
        )
    };
    let totals = Totals {
        offered: all(|t| t.offered as f64),
        handled: all(|t| t.handled as f64),
        revenue_usd: all(|t| t.revenue_usd),
        wage_bill_usd: workforce_total(plan, reps, |w| w.wage_bill_usd),
        headcount_end: match &plan.workforce.pipeline {
            Some(_) => {
                let last = plan.horizon.months.len() - 1;
                stat(
                    reps.iter()
                        .map(|r| r.workforce.iter().map(|s| s[last].headcount as f64).sum())
                        .collect(),
                )
            }
            None => stat(vec![
                plan.workforce
                    .teams
                    .iter()
                    .map(|t| f64::from(t.roster.peak()))
                    .sum();
                reps.len()
            ]),
        },
        hires: workforce_total(plan, reps, |w| w.hires as f64),
        graduates_placed: workforce_total(plan, reps, |w| w.graduates_placed as f64),
        attrition: workforce_total(plan, reps, |w| w.attrition as f64),
    };
    let summary = Summary {
        tool: "bposim",
        version: env!("CARGO_PKG_VERSION"),
        scenario: plan.name.clone(),
        scenario_sha256: scenario_sha256.to_string(),
        seed: plan.seed,
        replications: reps.len() as u32,
        start: plan.horizon.start.label(),
        days: plan.horizon.end / crate::engine::time::DAY,
        warmup_days: plan.warmup as f64 / crate::engine::time::DAY as f64,
        lines,
        staffing: staffing.plan.clone(),
        warnings,
        totals,
        uncertainty: None,
    };
    let mut monthly = monthly_rows(plan, reps);
    for row in &staffing.months {
        let rows = [
            ("required_on_duty", exact(row.required_on_duty)),
            ("required_on_floor", exact(row.required_on_floor)),
            ("required_headcount", exact(row.required_headcount)),
            ("available_on_floor", row.available),
            ("shortfall", row.shortfall),
            ("surplus", row.surplus),
            ("hires_needed", exact(row.hires_needed)),
        ];
        for (metric, stat) in rows {
            monthly.push(MonthlyRow {
                month: row.month.clone(),
                scope: row.skill.clone(),
                scope_kind: if row.skill == "all" {
                    ScopeKind::All
                } else {
                    ScopeKind::Skill
                },
                metric,
                stat,
                prediction: None,
            });
        }
    }
    for pool in &staffing.plan.pools {
        for row in &pool.months {
            let rows = [
                ("required_on_floor", exact(row.required)),
                ("available_on_floor", row.available),
                ("shortfall", row.shortfall),
                ("surplus", row.surplus),
            ];
            for (metric, stat) in rows {
                monthly.push(MonthlyRow {
                    month: row.month.clone(),
                    scope: pool.id.clone(),
                    scope_kind: ScopeKind::Pool,
                    metric,
                    stat,
                    prediction: None,
                });
            }
        }
    }
    monthly.sort_by(|a, b| a.month.cmp(&b.month));
    RunResult {
        staffing,
        summary,
        monthly,
        week: week_profile(plan, reps),
        waits: wait_cdfs(plan, reps),
        months: measured_months(plan)
            .map(|m| plan.horizon.months[m].label.clone())
            .collect(),
        indicators: indicators::indicators(plan, reps, &measured_months(plan).collect::<Vec<_>>()),
        assumptions: Default::default(),
    }
}

fn week_profile(plan: &Plan, reps: &[ReplicationResult]) -> WeekProfile {
    use crate::engine::time::DAY;
    let month = &plan.horizon.months[plan.profile_month];
    // How often each hour of the week occurs in the measured part of the month.
    let mut occurrences = [0.0f64; 168];
    let first_day = month.start.max(plan.warmup).div_ceil(DAY);
    for day in first_day..month.end / DAY {
        let weekday = (day + u64::from(plan.horizon.first_weekday)) % 7;
        for h in 0..24 {
            occurrences[weekday as usize * 24 + h] += 1.0;
        }
    }
    let mean_over = |f: &dyn Fn(&ReplicationResult, usize) -> f64| -> Vec<f64> {
        (0..168)
            .map(|h| {
                let total: f64 = reps.iter().map(|r| f(r, h)).sum();
                if occurrences[h] > 0.0 {
                    total / reps.len() as f64 / occurrences[h]
                } else {
                    0.0
                }
            })
            .collect()
    };
    WeekProfile {
        month: month.label.clone(),
        demand_per_hour: mean_over(&|r, h| r.week.arrivals.iter().map(|l| l[h] as f64).sum()),
        on_duty: mean_over(&|r, h| r.week.on_duty_h.iter().map(|t| t[h]).sum()),
    }
}

fn wait_cdfs(plan: &Plan, reps: &[ReplicationResult]) -> Vec<WaitCdf> {
    use crate::model::tally::WAIT_BINS_S;
    plan.lines
        .iter()
        .enumerate()
        .map(|(i, lp)| {
            let counts: Vec<u64> = (0..=WAIT_BINS_S.len())
                .map(|b| reps.iter().map(|r| r.waits[i][b]).sum())
                .collect();
            let total: u64 = counts.iter().sum();
            let mut acc = 0;
            let points = WAIT_BINS_S
                .iter()
                .zip(&counts)
                .map(|(&edge, &c)| {
                    acc += c;
                    (
                        edge,
                        if total > 0 {
                            acc as f64 / total as f64
                        } else {
                            0.0
                        },
                    )
                })
                .collect();
            WaitCdf {
                line: lp.id.clone(),
                points,
            }
        })
        .collect()
}

fn monthly_rows(plan: &Plan, reps: &[ReplicationResult]) -> Vec<MonthlyRow> {
    let line_teams: Vec<Vec<usize>> = (0..plan.lines.len())
        .map(|i| teams_of_line(plan, i))
        .collect();
    let skill_teams: Vec<Vec<usize>> = (0..plan.skills.len())
        .map(|s| teams_of_skill(plan, s))
        .collect();
    let mut rows = Vec::new();
    for (m, month) in plan.horizon.months.iter().enumerate() {
        if month.end <= plan.warmup {
            continue;
        }
        let mut push = |kind: ScopeKind, scope: &str, metric: &'static str, s: Option<Stat>| {
            if let Some(stat) = s {
                rows.push(MonthlyRow {
                    month: month.label.clone(),
                    scope: scope.to_string(),
                    scope_kind: kind,
                    metric,
                    stat,
                    prediction: None,
                });
            }
        };
        for (i, lp) in plan.lines.iter().enumerate() {
            let tallies: Vec<LineTally> = reps.iter().map(|r| r.lines[i][m].clone()).collect();
            let agent_time: Vec<TeamTally> = reps
                .iter()
                .map(|r| r.teams_month(&line_teams[i], m))
                .collect();
            let count =
                |f: fn(&LineTally) -> f64| Stat::of(&tallies.iter().map(f).collect::<Vec<_>>());
            let metrics = line_metrics(&tallies, &agent_time);
            push(
                ScopeKind::Line,
                &lp.id,
                "offered",
                count(|t| t.offered as f64),
            );
            push(
                ScopeKind::Line,
                &lp.id,
                "handled",
                count(|t| t.handled as f64),
            );
            push(
                ScopeKind::Line,
                &lp.id,
                "abandoned",
                count(|t| t.abandoned as f64),
            );
            push(
                ScopeKind::Line,
                &lp.id,
                "service_level",
                metrics.service_level,
            );
            push(ScopeKind::Line, &lp.id, "p_wait", metrics.p_wait);
            push(ScopeKind::Line, &lp.id, "asa_s", metrics.asa_s);
            push(
                ScopeKind::Line,
                &lp.id,
                "abandon_rate",
                metrics.abandon_rate,
            );
            push(ScopeKind::Line, &lp.id, "occupancy", metrics.occupancy);
            push(
                ScopeKind::Line,
                &lp.id,
                "revenue_usd",
                count(|t| t.revenue_usd),
            );
            if lp.channel == Channel::Deferred {
                push(
                    ScopeKind::Line,
                    &lp.id,
                    "backlog_end",
                    Stat::of(
                        &reps
                            .iter()
                            .map(|r| r.backlog[i][m] as f64)
                            .collect::<Vec<_>>(),
                    ),
                );
            }
        }
        let span_s = (month.end - month.start.max(plan.warmup)) as f64 / 1e6;
        for (s, skill) in plan.skills.iter().enumerate() {
            let time: Vec<TeamTally> = reps
                .iter()
                .map(|r| r.teams_month(&skill_teams[s], m))
                .collect();
            // A line with the skill's name already reports its occupancy.
            let occupancy = !plan.lines.iter().any(|l| l.id == *skill);
            agent_time_rows(ScopeKind::Skill, skill, &time, span_s, occupancy, &mut push);
        }
        if plan.workforce.pipeline.is_some() {
            workforce_rows(plan, reps, m, &mut push);
        }
        let sum_lines = |f: fn(&LineTally) -> f64| {
            Stat::of(
                &reps
                    .iter()
                    .map(|r| r.lines.iter().map(|l| f(&l[m])).sum())
                    .collect::<Vec<f64>>(),
            )
        };
        push(
            ScopeKind::All,
            "all",
            "offered",
            sum_lines(|t| t.offered as f64),
        );
        push(
            ScopeKind::All,
            "all",
            "handled",
            sum_lines(|t| t.handled as f64),
        );
        push(
            ScopeKind::All,
            "all",
            "revenue_usd",
            sum_lines(|t| t.revenue_usd),
        );
        let all_teams: Vec<usize> = (0..plan.workforce.teams.len()).collect();
        let time: Vec<TeamTally> = reps.iter().map(|r| r.teams_month(&all_teams, m)).collect();
        agent_time_rows(ScopeKind::All, "all", &time, span_s, true, &mut push);
        // Running totals per replication, so that their bands are right.
        let upto = |r: &ReplicationResult, f: &dyn Fn(&ReplicationResult, usize) -> f64| -> f64 {
            measured_months(plan)
                .take_while(|&k| k <= m)
                .map(|k| f(r, k))
                .sum()
        };
        let revenue =
            |r: &ReplicationResult, k: usize| r.lines.iter().map(|l| l[k].revenue_usd).sum::<f64>();
        let wages = |r: &ReplicationResult, k: usize| {
            r.workforce.iter().map(|w| w[k].wage_bill_usd).sum::<f64>()
        };
        let cumulative = |f: &dyn Fn(&ReplicationResult, usize) -> f64| {
            Stat::of(&reps.iter().map(|r| upto(r, f)).collect::<Vec<_>>())
        };
        push(
            ScopeKind::All,
            "all",
            "revenue_usd_cumulative",
            cumulative(&revenue),
        );
        if plan.workforce.pipeline.is_some() {
            push(
                ScopeKind::All,
                "all",
                "wage_bill_usd_cumulative",
                cumulative(&wages),
            );
        }
    }
    rows
}

/// Mean agents on duty over the month's measured span and (optionally) occupancy.
fn agent_time_rows(
    kind: ScopeKind,
    scope: &str,
    time: &[TeamTally],
    span_s: f64,
    occupancy: bool,
    push: &mut impl FnMut(ScopeKind, &str, &'static str, Option<Stat>),
) {
    let on_duty: Vec<f64> = time.iter().map(|t| t.on_duty_s / span_s).collect();
    push(kind, scope, "on_duty", Stat::of(&on_duty));
    if occupancy {
        push(
            kind,
            scope,
            "occupancy",
            Stat::of(&ratios(time.iter().map(|t| (t.busy_s, t.on_duty_s)))),
        );
    }
}

/// Pipeline-mode rows of month `m`: people per skill and in all, and the education centres.
fn workforce_rows(
    plan: &Plan,
    reps: &[ReplicationResult],
    m: usize,
    push: &mut impl FnMut(ScopeKind, &str, &'static str, Option<Stat>),
) {
    type Metric = (&'static str, fn(&WorkforceTally) -> f64);
    let metrics: [Metric; 10] = [
        ("headcount", |w| w.headcount as f64),
        ("hires", |w| w.hires as f64),
        ("attrition", |w| w.attrition as f64),
        ("graduates_placed", |w| w.graduates_placed as f64),
        ("in_training", |w| (w.classroom + w.nesting) as f64),
        ("classroom", |w| w.classroom as f64),
        ("nesting", |w| w.nesting as f64),
        ("proficient", |w| w.proficient as f64),
        ("l2", |w| w.l2 as f64),
        ("team_leads", |w| w.team_leads as f64),
    ];
    for (name, f) in metrics {
        for (s, skill) in plan.skills.iter().enumerate() {
            push(
                ScopeKind::Skill,
                skill,
                name,
                Stat::of(
                    &reps
                        .iter()
                        .map(|r| f(&r.workforce[s][m]))
                        .collect::<Vec<_>>(),
                ),
            );
        }
        push(
            ScopeKind::All,
            "all",
            name,
            Stat::of(
                &reps
                    .iter()
                    .map(|r| r.workforce.iter().map(|w| f(&w[m])).sum())
                    .collect::<Vec<f64>>(),
            ),
        );
    }
    push(
        ScopeKind::All,
        "all",
        "graduates_employed",
        Stat::of(
            &reps
                .iter()
                .map(|r| {
                    r.workforce
                        .iter()
                        .map(|w| w[m].graduates_employed as f64)
                        .sum()
                })
                .collect::<Vec<f64>>(),
        ),
    );
    push(
        ScopeKind::All,
        "all",
        "wage_bill_usd",
        Stat::of(
            &reps
                .iter()
                .map(|r| r.workforce.iter().map(|w| w[m].wage_bill_usd).sum())
                .collect::<Vec<f64>>(),
        ),
    );
    if plan
        .workforce
        .pipeline
        .as_ref()
        .is_some_and(|p| p.education.is_some())
    {
        type EdMetric = (&'static str, fn(&EducationTally) -> f64);
        let education: [EdMetric; 7] = [
            ("students_applied", |e| e.applicants as f64),
            ("students_enrolled", |e| e.enrolled as f64),
            ("students_in_programme", |e| e.in_programme as f64),
            ("students_waiting", |e| e.waiting as f64),
            ("students_turned_away", |e| e.turned_away as f64),
            ("students_completed", |e| e.completed as f64),
            ("mentor_load", |e| e.mentor_load),
        ];
        for (name, f) in education {
            push(
                ScopeKind::All,
                "all",
                name,
                Stat::of(&reps.iter().map(|r| f(&r.education[m])).collect::<Vec<_>>()),
            );
        }
        // Students in programme ÷ seats (mentors × students per mentor).
        let seats = plan
            .workforce
            .pipeline
            .as_ref()
            .and_then(|p| p.education.as_ref())
            .map_or(0.0, |e| {
                (e.mentors as f64 * e.max_students_per_mentor).floor()
            });
        if seats > 0.0 {
            push(
                ScopeKind::All,
                "all",
                "mentor_utilisation",
                Stat::of(
                    &reps
                        .iter()
                        .map(|r| r.education[m].in_programme as f64 / seats)
                        .collect::<Vec<_>>(),
                ),
            );
        }
    }
}
