//! Capacity planning: the required on-duty agents against exact Erlang
//! answers, and the simulation correction where stationary formulas fail.

use bposim::erlang::{QueueInput, required_agents};
use bposim::model::requirement::Requirement;
use bposim::model::requirement::analytic;
use bposim::model::sim::simulate;
use bposim::scenario::Plan;
use bposim::staffing::search::{
    SearchOptions, family_z, realtime_misses, search, search_from, staffed_plan,
};

use crate::common::{With, fixed, plan, realtime};

/// One real-time line `q` with constant Poisson demand, exponential handle
/// times (and patience), staffed up to full occupancy.
fn constant_line(per_hour: f64, aht_s: f64, patience_s: Option<f64>) -> String {
    let text = fixed(&[realtime("q")]).with(&[
        "scenario = { days = 28, replications = 3, seed = 5 }",
        &format!("service_line.q.volume.per_hour = {per_hour}"),
        &format!("service_line.q.handle_time.mean_s = {aht_s}"),
        "workforce.on_duty.q = 1",
        "workforce.max_occupancy = 1.0",
    ]);
    match patience_s {
        Some(p) => text.with(&[&format!(
            "service_line.q.patience = {{ dist = 'exponential', mean_s = {p} }}"
        )]),
        None => text,
    }
}

#[test]
fn issue5_constant_exponential_lines_need_exactly_the_erlang_answer() {
    let cases = [
        (12.0, 300.0, None),
        (100.0, 180.0, None),
        (200.0, 180.0, Some(300.0)),
        (600.0, 300.0, Some(120.0)),
        (3000.0, 300.0, None),
        (6000.0, 240.0, Some(90.0)),
    ];
    for (per_hour, aht_s, patience_s) in cases {
        let p = plan(&constant_line(per_hour, aht_s, patience_s));
        let exact = required_agents(
            &QueueInput {
                per_hour,
                aht_s,
                patience_s,
                within_s: 20.0,
            },
            0.8,
            Some(1.0),
        )
        .unwrap()
        .0;
        let found = search(
            &p,
            &SearchOptions {
                interval_min: 60,
                replications: 3,
                max_iterations: 4,
                max_occupancy: 1.0,
            },
        );
        for (k, &n) in found.requirement.by_line[0][0].iter().enumerate() {
            assert!(
                n.abs_diff(exact) <= 1,
                "{per_hour}/h, AHT {aht_s}, patience {patience_s:?}: interval {k} needs {n}, Erlang says {exact}"
            );
        }
    }
}

/// A day whose demand rises to a sharp peak and falls again, with long calls:
/// queues built at the peak spill into the following hours.
fn peaked_day() -> String {
    let mut hours = vec![0.0; 168];
    let shape = [0.2, 0.4, 1.0, 3.0, 5.0, 5.0, 3.0, 1.0, 0.4, 0.2];
    for day in 0..7 {
        for (h, w) in shape.iter().enumerate() {
            hours[day * 24 + 8 + h] = *w;
        }
    }
    let weights: Vec<String> = hours.iter().map(|w| w.to_string()).collect();
    fixed(&[realtime("q")]).with(&[
        "scenario = { days = 14, replications = 4, seed = 9 }",
        &format!("service_line.q.hours = [{}]", weights.join(", ")),
        "service_line.q.volume.per_hour = 60",
        "service_line.q.handle_time = { dist = 'exponential', mean_min = 20 }",
        "service_line.q.target.within_s = 60",
        "workforce.on_duty.q = 1",
        "workforce.max_occupancy = 1.0",
    ])
}

/// Intervals that miss the target when `req` is simulated, judged so that
/// the chance of any false alarm among the week's 168 intervals is 1%.
fn missed_intervals(p: &Plan, req: &Requirement, reps: u32) -> usize {
    let trial = staffed_plan(p, req);
    let results: Vec<_> = (0..reps).map(|r| simulate(&trial, r)).collect();
    realtime_misses(&trial, &results, family_z(0.01, 168)).len()
}

#[test]
fn issue5_simulation_step_fixes_what_the_stationary_formula_misses_at_peaks() {
    let p = plan(&peaked_day());
    let stationary = analytic(&p, 60, 1.0);
    let misses_before = missed_intervals(&p, &stationary, 4);
    assert!(
        misses_before > 0,
        "the per-interval Erlang staffing should miss around the peak: {misses_before}"
    );
    let found = search(
        &p,
        &SearchOptions {
            interval_min: 60,
            replications: 8,
            max_iterations: 10,
            max_occupancy: 1.0,
        },
    );
    assert_eq!(
        missed_intervals(&p, &found.requirement, 8),
        0,
        "corrections per round: {:?}",
        found.corrections
    );
    // Checked again on replications the search never saw.
    let fresh = Plan {
        seed: 1234,
        ..p.clone()
    };
    assert_eq!(missed_intervals(&fresh, &found.requirement, 4), 0);
}

/// The requirement with every staffed interval of the only line moved by `shift` agents.
fn shifted(p: &Plan, req: &Requirement, shift: i64) -> Requirement {
    let by_line = req
        .by_line
        .iter()
        .map(|month| {
            month
                .iter()
                .map(|line| {
                    line.iter()
                        .map(|&n| {
                            if n == 0 {
                                0
                            } else {
                                (i64::from(n) + shift).max(1) as u32
                            }
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    Requirement::from_lines(p, req.interval_min, by_line)
}

/// The service level of `p` staffed with `agents` in every interval,
/// pooled over `reps` fresh replications: (mean, standard error).
fn service_level_with(p: &Plan, agents: u32, reps: u32) -> (f64, f64) {
    let req = shifted(p, &analytic(p, 60, 1.0), 0);
    let flat = Requirement::from_lines(
        p,
        60,
        req.by_line
            .iter()
            .map(|m| m.iter().map(|l| vec![agents; l.len()]).collect())
            .collect(),
    );
    let trial = staffed_plan(
        &Plan {
            seed: 4242,
            ..p.clone()
        },
        &flat,
    );
    let sls: Vec<f64> = (0..reps)
        .map(|r| {
            let t = simulate(&trial, r).line_total(0);
            t.within_target as f64 / t.offered as f64
        })
        .collect();
    let s = bposim::stats::Stat::of(&sls).unwrap();
    (s.mean, s.half_width() / 2.0)
}

/// The answer of the search: the agents most intervals got.
fn answer(req: &Requirement) -> u32 {
    let cells = &req.by_line[0][0];
    let mut counts = std::collections::BTreeMap::new();
    for &n in cells {
        *counts.entry(n).or_insert(0) += 1;
    }
    counts.into_iter().max_by_key(|&(_, c)| c).unwrap().0
}

/// Checks that `n` agents meet the 80% target and `n − 1` do not.
fn is_the_answer(p: &Plan, n: u32, what: &str) {
    let (at, se) = service_level_with(p, n, 6);
    assert!(
        at >= 0.8 - 2.0 * se,
        "{what}: {n} agents give {at:.3} ± {se:.3}"
    );
    let (below, se) = service_level_with(p, n - 1, 6);
    assert!(
        below < 0.8,
        "{what}: {} agents already give {below:.3} ± {se:.3}",
        n - 1
    );
}

#[test]
fn issue18_the_search_converges_from_either_side() {
    let p = plan(&constant_line(100.0, 180.0, None));
    let options = SearchOptions {
        interval_min: 60,
        replications: 3,
        max_iterations: 8,
        max_occupancy: 1.0,
    };
    let start = analytic(&p, 60, 1.0);
    let erlang = answer(&start);
    for shift in [-3, 3] {
        let found = search_from(&p, &options, shifted(&p, &start, shift));
        let n = answer(&found.requirement);
        assert!(
            n.abs_diff(erlang) <= 1,
            "from {shift:+}: {n} agents, Erlang C says {erlang} ({:?})",
            found.corrections
        );
        is_the_answer(&p, n, &format!("from {shift:+}"));
    }
}

#[test]
fn issue18_the_search_takes_agents_away_where_erlang_overstates() {
    // Constant handle times queue less than exponential ones: Erlang C
    // (which assumes exponential) asks for more agents than the target needs.
    // At 200 calls an hour of 3 minutes Erlang C asks for 14 agents, and
    // gives 13 a service level of 79.6%.
    let text = constant_line(200.0, 180.0, None)
        .with(&["service_line.q.handle_time = { dist = 'deterministic', value_s = 180 }"]);
    let p = plan(&text);
    let erlang = answer(&analytic(&p, 60, 1.0));
    let found = search(
        &p,
        &SearchOptions {
            interval_min: 60,
            replications: 3,
            max_iterations: 8,
            max_occupancy: 1.0,
        },
    );
    let n = answer(&found.requirement);
    assert!(n < erlang, "{n} agents, Erlang C says {erlang}");
    is_the_answer(&p, n, "deterministic handle times");
}
