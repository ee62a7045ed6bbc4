//! The workforce and education pipeline: conservation, direction of every
//! lever, and the learning curve inside the simulation.

use bposim::model::sim::simulate;
use bposim::model::tally::ReplicationResult;
use bposim::scenario::Plan;

use crate::common::{With, plan};

/// A small pipeline scenario: one voice line, education feeding hires.
/// Tests change it with `--set` edits ([`With::with`]).
const PIPELINE: &str = r#"[scenario]
months = 24
start = "2026-01"
replications = 4
seed = 3
site_utc_offset_h = 5

[[service_line]]
id = "voice"
channel = "realtime"
hours = "24x7"
volume = { per_hour = 40, monthly_growth = 0.02 }
handle_time = { dist = "exponential", mean_min = 6 }
patience = { dist = "exponential", mean_s = 90 }
target = { service_level = 0.8, within_s = 30 }
price_usd_per_hour = 8

[workforce]
mode = "pipeline"
initial_headcount = { voice = 30 }
shrinkage = 0.2
attrition_annual = 0.35
early_attrition = 0.2
classroom_weeks = 3
nesting_weeks = 4
learning_curve = { start_multiplier = 1.6, weeks_to_proficiency = 13 }
other_hires_per_month = 2
wage_usd_month = { agent = 450, team_lead = 900 }
team_lead_span = 15

[education]
students = 4000
mentors = 100
max_students_per_mentor = 20
intake_start = "2026-01"
intake_months = 12
programme_months = 4
job_track_share = 0.5
completion_rate = 0.6
placement_rate = 0.3
placement_delay_months = 1
"#;

fn reps(p: &Plan) -> Vec<ReplicationResult> {
    (0..p.replications).map(|r| simulate(p, r)).collect()
}

/// Mean over replications of a per-replication figure.
fn mean(reps: &[ReplicationResult], f: impl Fn(&ReplicationResult) -> f64) -> f64 {
    reps.iter().map(f).sum::<f64>() / reps.len() as f64
}

fn total_graduates(r: &ReplicationResult) -> f64 {
    r.workforce
        .iter()
        .flatten()
        .map(|w| w.graduates_placed as f64)
        .sum()
}

fn final_headcount(r: &ReplicationResult) -> f64 {
    r.workforce
        .iter()
        .map(|s| s.last().map_or(0, |w| w.headcount) as f64)
        .sum()
}

#[test]
fn issue4_headcount_and_students_are_conserved_month_by_month() {
    let p = plan(PIPELINE);
    let initial: u64 = p
        .workforce
        .pipeline
        .as_ref()
        .unwrap()
        .initial_headcount
        .iter()
        .map(|&n| u64::from(n))
        .sum();
    for r in reps(&p) {
        let mut before = initial;
        for m in 0..p.horizon.months.len() {
            let w = &r.workforce[0][m];
            assert_eq!(w.headcount, before + w.hires - w.attrition, "month {m}");
            assert!(
                w.classroom + w.nesting + w.proficient + w.l2 + w.team_leads == w.headcount,
                "month {m}"
            );
            before = w.headcount;
        }
        // Students: in programme(t) = in programme(t−1) + enrolled(t) − finished(t), and
        // applicants either enrol, keep waiting or are turned away.
        let mut in_programme = 0u64;
        let mut waiting = 0u64;
        let mut finished = 0u64;
        for (m, e) in r.education.iter().enumerate() {
            let left = in_programme + e.enrolled - e.in_programme;
            assert_eq!(
                waiting + e.applicants,
                e.enrolled + e.waiting + e.turned_away,
                "month {m}"
            );
            assert!(
                e.completed <= left,
                "month {m}: more completers than students leaving"
            );
            finished += left;
            in_programme = e.in_programme;
            waiting = e.waiting;
        }
        let enrolled: u64 = r.education.iter().map(|e| e.enrolled).sum();
        assert_eq!(
            enrolled,
            finished + in_programme,
            "every student enrolled is still in or has left"
        );
    }
}

#[test]
fn issue4_higher_placement_places_more_graduates_and_grows_headcount() {
    let low = reps(&plan(&PIPELINE.with(&["education.placement_rate = 0.1"])));
    let high = reps(&plan(&PIPELINE.with(&["education.placement_rate = 0.4"])));
    assert!(mean(&high, total_graduates) > 2.0 * mean(&low, total_graduates));
    assert!(mean(&high, final_headcount) > mean(&low, final_headcount));
}

#[test]
fn issue4_higher_attrition_leaves_less_headcount() {
    let low = reps(&plan(&PIPELINE.with(&["workforce.attrition_annual = 0.2"])));
    let high = reps(&plan(&PIPELINE.with(&["workforce.attrition_annual = 0.6"])));
    assert!(mean(&high, final_headcount) < mean(&low, final_headcount));
    let leavers = |r: &ReplicationResult| {
        r.workforce
            .iter()
            .flatten()
            .map(|w| w.attrition as f64)
            .sum::<f64>()
    };
    assert!(mean(&high, leavers) > mean(&low, leavers));
}

#[test]
fn issue4_fewer_mentors_mean_fewer_graduates_when_capacity_binds() {
    // 4000 students over 12 months, 4 months each: ~1,330 at once need 67 mentors at 20 per mentor.
    let ample = reps(&plan(PIPELINE));
    let scarce = reps(&plan(&PIPELINE.with(&["education.mentors = 20"])));
    assert!(mean(&scarce, total_graduates) < 0.8 * mean(&ample, total_graduates));
    let peak_load = |r: &ReplicationResult| {
        r.education
            .iter()
            .map(|e| e.mentor_load)
            .fold(0.0, f64::max)
    };
    assert!(
        scarce.iter().all(|r| peak_load(r) <= 20.0 + 1e-9),
        "mentor capacity caps concurrent students"
    );
    assert!(
        scarce
            .iter()
            .any(|r| r.education.iter().any(|e| e.waiting > 0)),
        "students wait for a seat"
    );
}

#[test]
fn issue4_slower_learning_curve_lowers_service_level_at_equal_headcount() {
    // Loaded so that speed matters: 15 Erlangs on about 20 agents on duty.
    let loaded = |m: f64| {
        PIPELINE.with(&[
            "service_line.voice.volume = { per_hour = 150 }",
            "workforce.initial_headcount.voice = 100",
            &format!("workforce.learning_curve.start_multiplier = {m}"),
        ])
    };
    let fast = plan(&loaded(1.0));
    let slow = plan(&loaded(2.5));
    let (fast_reps, slow_reps) = (reps(&fast), reps(&slow));
    // Same seeds, same people (the curve changes no workforce draw): equal headcount.
    for (a, b) in fast_reps.iter().zip(&slow_reps) {
        assert_eq!(a.workforce, b.workforce);
    }
    let sl = |r: &ReplicationResult| {
        let t = r.line_total(0);
        t.within_target as f64 / t.offered as f64
    };
    assert!(
        mean(&slow_reps, sl) < mean(&fast_reps, sl) - 0.005,
        "{} vs {}",
        mean(&slow_reps, sl),
        mean(&fast_reps, sl)
    );
}

#[test]
fn issue4_a_cohorts_mean_handle_time_falls_along_the_curve() {
    let p = plan(&PIPELINE.with(&["education.placement_rate = 0.4"]));
    let curve = p.workforce.pipeline.as_ref().unwrap().learning_curve;
    let all = reps(&p);
    // Weeks 3–12 on the floor (after 3 classroom weeks), pooled over replications.
    for week in 3..13 {
        let (tasks, seconds) = all.iter().fold((0u64, 0.0), |(n, s), r| {
            let t = &r.tenure[0][week];
            (n + t.tasks, s + t.handle_s)
        });
        assert!(tasks > 500, "week {week}: {tasks} tasks");
        // Expected: mean handle time × the curve's mean multiplier over the week.
        let mid = (week as f64 + 0.5) * 7.0 * 86_400e6;
        let expected = 360.0 * curve.multiplier(mid as u64);
        let mean = seconds / tasks as f64;
        // Exponential handle times: the sample mean's standard error is mean/√n.
        let se = expected / (tasks as f64).sqrt();
        assert!(
            (mean - expected).abs() < 4.5 * se + 0.01 * expected,
            "week {week}: {mean:.1} s vs {expected:.1} s"
        );
    }
}
