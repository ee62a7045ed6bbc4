//! Issue 18: the workforce against answers calculated independently here,
//! with tolerances from the replications' own confidence intervals.

use bposim::engine::time::{DAY, Tick};
use bposim::model::pipeline::{Source, Timeline, timeline};
use bposim::model::sim::simulate;
use bposim::scenario::Plan;
use bposim::stats::Stat;

use crate::common::{With, plan};

/// One line nobody needs to staff for these tests: the workforce is the point.
const BASE: &str = r#"[scenario]
months = 12
start = "2026-01"
replications = 8
seed = 17

[[service_line]]
id = "voice"
channel = "realtime"
hours = "24x7"
volume = { per_hour = 1 }
handle_time = { dist = "exponential", mean_min = 5 }
target = { service_level = 0.8, within_s = 30 }
price_usd = 1

[workforce]
mode = "pipeline"
initial_headcount = { voice = 0 }
attrition_annual = 0.0
other_hires_per_month = 0
"#;

fn timelines(p: &Plan) -> Vec<Timeline> {
    let pipeline = p.workforce.pipeline.as_ref().expect("pipeline plan");
    (0..p.replications)
        .map(|r| timeline(p, pipeline, r))
        .collect()
}

/// True if `expected` lies in the 99% Student-t interval of `values`
/// (widened by `slack` for a deterministic approximation in the expectation).
fn agrees(values: &[f64], expected: f64, slack: f64) -> bool {
    let s = Stat::of(values).expect("values");
    let t99 = bposim::stats::aggregate::t_quantile(0.995, values.len() - 1);
    let half = (s.ci95[1] - s.ci95[0])
        / 2.0
        / bposim::stats::aggregate::t_quantile(0.975, values.len() - 1)
        * t99;
    (s.mean - expected).abs() <= half + slack
}

#[test]
fn issue18_closed_population_decays_at_the_industry_attrition_rate() {
    let p = plan(&BASE.with(&[
        "workforce.initial_headcount.voice = 7000",
        "workforce.attrition_annual = 0.35",
    ]));
    let end = p.horizon.end;
    let year = 365 * DAY;
    let runs = timelines(&p);
    // Headcount at each month's end: 7000 · exp(−0.35 t / year).
    for (m, month) in p.horizon.months.iter().enumerate() {
        let t = (month.end - 1) as f64 / year as f64;
        let expected = 7000.0 * (-0.35 * t).exp();
        let got: Vec<f64> = runs
            .iter()
            .map(|r| r.workforce[0][m].headcount as f64)
            .collect();
        assert!(
            agrees(&got, expected, 0.5),
            "month {m}: {got:?} vs {expected:.1}"
        );
    }
    // Leavers in the year ÷ average headcount over the year = 0.35 (the
    // industry's definition), from the people's own leaving times.
    let ratio: Vec<f64> = runs
        .iter()
        .map(|r| {
            let leavers = r.people.iter().filter(|q| q.leaves < end).count() as f64;
            let person_time: f64 = r
                .people
                .iter()
                .map(|q| q.leaves.min(end) as f64 / end as f64)
                .sum();
            leavers / person_time * (year as f64 / end as f64)
        })
        .collect();
    assert!(agrees(&ratio, 0.35, 0.0), "{ratio:?}");
    // And the monthly tallies add up: headcount(m) = headcount(m−1) + hires − leavers.
    for r in &runs {
        let mut before = 7000;
        for w in &r.workforce[0] {
            assert_eq!(w.headcount, before + w.hires - w.attrition);
            before = w.headcount;
        }
    }
}

#[test]
fn issue18_early_attrition_takes_its_share_of_a_hiring_class_within_90_days() {
    let p = plan(&BASE.with(&[
        "workforce.other_hires_per_month = 500",
        "workforce.early_attrition = 0.2",
        "workforce.attrition_annual = 0.35",
    ]));
    let window: Tick = 90 * DAY;
    // Gone within 90 days: early leavers, or ongoing attrition first.
    let expected = 1.0 - 0.8 * (-0.35 * 90.0 / 365.0f64).exp();
    let first_month = &p.horizon.months[0];
    let runs = timelines(&p);
    for r in &runs {
        let mut before = 0;
        for w in &r.workforce[0] {
            assert_eq!(w.headcount, before + w.hires - w.attrition);
            before = w.headcount;
        }
    }
    let share: Vec<f64> = runs
        .iter()
        .map(|r| {
            let class: Vec<_> = r
                .people
                .iter()
                .filter(|q| q.hired.is_some_and(|h| h < first_month.end))
                .collect();
            assert_eq!(class.len(), 500);
            let gone = class
                .iter()
                .filter(|q| q.leaves < q.hired.unwrap() + window)
                .count();
            gone as f64 / class.len() as f64
        })
        .collect();
    assert!(agrees(&share, expected, 0.0), "{share:?} vs {expected}");
}

/// 12,000 students over six months from 2026-02, seats for all of them.
const EDUCATION: &str = r#"
[education]
students = 12000
mentors = 1000
max_students_per_mentor = 36
intake_start = "2026-02"
intake_months = 6
programme_months = 3
job_track_share = 0.5
completion_rate = 0.6
placement_rate = 0.25
placement_delay_months = 2
"#;

fn with_education() -> String {
    format!("{BASE}{EDUCATION}")
}

#[test]
fn issue18_graduates_are_placed_as_the_education_flow_predicts() {
    let p = plan(&with_education());
    // 2,000 students a month from 2026-02 for six months; each cohort
    // completes three months later and is placed two months after that:
    // 2,000 × 0.5 × 0.6 × 0.25 = 150 a month from 2026-07 to 2026-12.
    let runs = timelines(&p);
    for m in 0..12 {
        let expected = if (6..12).contains(&m) { 150.0 } else { 0.0 };
        let got: Vec<f64> = runs
            .iter()
            .map(|r| r.workforce[0][m].graduates_placed as f64)
            .collect();
        if expected == 0.0 {
            assert!(got.iter().all(|&g| g == 0.0), "month {m}: {got:?}");
        } else {
            // Three binomial thinnings of 2,000 students are one binomial
            // with p = 0.075: its standard error over the replications.
            let se = (2000.0 * 0.075 * 0.925 / got.len() as f64).sqrt();
            let mean = got.iter().sum::<f64>() / got.len() as f64;
            assert!((mean - expected).abs() < 3.29 * se, "month {m}: {got:?}");
        }
    }
    for r in &runs {
        let placed = r
            .people
            .iter()
            .filter(|q| q.source == Source::Graduate)
            .count() as u64;
        let tallied: u64 = r.workforce[0].iter().map(|w| w.graduates_placed).sum();
        assert_eq!(placed, tallied);
    }
}

/// The mentor seats month by month, by the deterministic recursion.
fn seats(applicants: &[u64], capacity: u64, programme: usize, wait: bool) -> Vec<(u64, u64, u64)> {
    let mut out = Vec::new();
    let mut admitted_in: Vec<u64> = Vec::new();
    let mut waiting = 0;
    for (m, &a) in applicants.iter().enumerate() {
        let in_programme: u64 = admitted_in[m.saturating_sub(programme - 1)..].iter().sum();
        let free = capacity - in_programme.min(capacity);
        let (admitted, turned_away) = if wait {
            waiting += a;
            let admitted = waiting.min(free);
            waiting -= admitted;
            (admitted, 0)
        } else {
            (a.min(free), a - a.min(free))
        };
        admitted_in.push(admitted);
        out.push((admitted, waiting, turned_away));
    }
    out
}

#[test]
fn issue18_the_mentor_waiting_list_follows_the_seat_recursion() {
    for overflow in ["wait", "turn_away"] {
        let p = plan(&with_education().with(&[
            "education.mentors = 20",
            &format!("education.overflow = '{overflow}'"),
        ]));
        // 20 mentors × 36 = 720 seats; 2,000 applicants a month from month 1.
        let applicants: Vec<u64> = (0..12)
            .map(|m| if (1..7).contains(&m) { 2000 } else { 0 })
            .collect();
        let expected = seats(&applicants, 720, 3, overflow == "wait");
        for r in timelines(&p) {
            for (m, e) in r.education.iter().enumerate() {
                assert_eq!(e.applicants, applicants[m], "{overflow} month {m}");
                assert_eq!(
                    (e.enrolled, e.waiting, e.turned_away),
                    expected[m],
                    "{overflow} month {m}"
                );
            }
        }
    }
}

#[test]
fn issue18_a_cohort_slows_down_by_the_learning_curve_of_readme() {
    // Deterministic 300 s tasks; hires work from day one (no classroom).
    let p = plan(&BASE.with(&[
        "scenario.months = 6",
        "scenario.replications = 2",
        "service_line.voice.volume.per_hour = 60",
        "service_line.voice.handle_time = { dist = 'deterministic', value_s = 300 }",
        "workforce.other_hires_per_month = 30",
        "workforce.learning_curve = { start_multiplier = 1.6, weeks_to_proficiency = 13 }",
    ]));
    // README: handle time × (1.6 − 0.6 · weeks / 13) until week 13, then × 1.
    // Over tenure week w the mean multiplier is the curve's value mid-week
    // (tasks start through the week); tolerance from the spread of task
    // starts within a week: ±0.5 week of slope 0.6/13.
    let reps: Vec<_> = (0..p.replications).map(|r| simulate(&p, r)).collect();
    for w in 0..20 {
        let (tasks, handle) = reps.iter().fold((0u64, 0.0), |(n, h), r| {
            (n + r.tenure[0][w].tasks, h + r.tenure[0][w].handle_s)
        });
        assert!(tasks > 100, "week {w}: {tasks} tasks");
        let mean = handle / tasks as f64;
        let mid = w as f64 + 0.5;
        let expected = 300.0
            * if mid < 13.0 {
                1.6 - 0.6 * mid / 13.0
            } else {
                1.0
            };
        let slack = if w < 13 {
            300.0 * 0.6 / 13.0 * 0.5
        } else {
            1e-6
        };
        assert!(
            (mean - expected).abs() <= slack + 1.0,
            "week {w}: {mean:.1} s vs {expected:.1} s"
        );
    }
}

#[test]
fn issue18_one_team_lead_per_span_of_agents_on_the_floor() {
    let p = plan(&BASE.with(&[
        "workforce.initial_headcount.voice = 300",
        "workforce.team_lead_span = 15",
    ]));
    // 300 proficient people: ⌈300 / 15⌉ = 20 become leads at the start and
    // 280 stay on the floor; nobody leaves, so nothing changes after.
    for r in timelines(&p) {
        for w in &r.workforce[0] {
            assert_eq!((w.team_leads, w.proficient, w.headcount), (20, 280, 300));
        }
    }
}
