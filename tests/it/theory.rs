//! The simulator against queueing theory: for fixed staffing, constant
//! Poisson arrivals and exponential handle times (and patience), every
//! simulated statistic must agree with the exact Erlang C / Erlang A value.
//!
//! Each check asks that the exact value lie inside the simulation's
//! confidence interval. The summary reports 95% intervals; with ~70 checks in
//! this file a 95% interval would miss a few times by chance alone whenever
//! the random streams change, so the test widens the same Student-t interval
//! to 99.9% (same data, larger quantile). A real bias of the model shows up
//! far outside either.

use bposim::erlang::{QueueInput, metrics};
use bposim::run::{RunOptions, replications};
use bposim::scenario::{Source, load};
use bposim::stats::Stat;
use bposim::stats::aggregate::t_quantile;
use bposim::summarize::summarize;

use crate::common::Mmc;

fn check(case: &Mmc) {
    let plan = load(&Source {
        name: "theory".into(),
        text: case.toml(),
    })
    .expect("valid scenario");
    let options = RunOptions {
        out: "unused".into(),
        replications: None,
        seed: None,
        threads: 0,
        shard: None,
        charts: Default::default(),
        progress: false,
    };
    let reps = replications(&plan, &options).expect("runs");
    let result = summarize(&plan, "", &reps);
    let line = &result.summary.lines[0];
    let exact = metrics(
        &QueueInput {
            per_hour: case.per_hour,
            aht_s: case.aht_s,
            patience_s: case.patience_s,
            within_s: 20.0,
        },
        case.agents,
    )
    .expect("stable case");
    let widen = t_quantile(0.9995, reps.len() - 1) / t_quantile(0.975, reps.len() - 1);
    let label = format!(
        "{} agents, {:.0}/h, AHT {} s, patience {:?} s",
        case.agents, case.per_hour, case.aht_s, case.patience_s
    );
    let checks: [(&str, Option<Stat>, f64); 6] = [
        ("service_level", line.service_level, exact.service_level),
        ("p_wait", line.p_wait, exact.p_wait),
        ("asa_s", line.asa_s, exact.asa_s),
        (
            "mean_queue_time_s",
            line.mean_queue_time_s,
            exact.mean_queue_time_s,
        ),
        ("abandon_rate", line.abandon_rate, exact.abandon_rate),
        ("occupancy", line.occupancy, exact.occupancy),
    ];
    for (name, stat, exact) in checks {
        let stat = stat.unwrap_or_else(|| panic!("{label}: {name} missing"));
        let half = stat.half_width() * widen;
        assert!(
            (stat.mean - exact).abs() <= half.max(1e-9),
            "{label}: {name} simulated {:.6} ± {:.6} (99.9%), exact {:.6}",
            stat.mean,
            half,
            exact
        );
    }
}

#[test]
fn erlang_c_one_agent_half_loaded() {
    check(&Mmc {
        per_hour: 6.0,
        aht_s: 300.0,
        patience_s: None,
        agents: 1,
        days: 400,
        reps: 10,
    });
}

#[test]
fn erlang_a_one_agent_overloaded() {
    // Load 1.2: stable only because clients abandon.
    check(&Mmc {
        per_hour: 14.4,
        aht_s: 300.0,
        patience_s: Some(120.0),
        agents: 1,
        days: 300,
        reps: 10,
    });
}

#[test]
fn erlang_c_five_agents_load_090() {
    check(&Mmc {
        per_hour: 54.0,
        aht_s: 300.0,
        patience_s: None,
        agents: 5,
        days: 300,
        reps: 10,
    });
}

#[test]
fn erlang_c_published_fourteen_agents() {
    // 100 calls per 30 min, AHT 180 s, 14 agents: P(wait) 0.17413, SL 0.88835.
    check(&Mmc {
        per_hour: 200.0,
        aht_s: 180.0,
        patience_s: None,
        agents: 14,
        days: 60,
        reps: 10,
    });
}

#[test]
fn erlang_a_published_fourteen_agents() {
    check(&Mmc {
        per_hour: 200.0,
        aht_s: 180.0,
        patience_s: Some(300.0),
        agents: 14,
        days: 60,
        reps: 10,
    });
}

#[test]
fn erlang_a_fifty_agents_load_095() {
    check(&Mmc {
        per_hour: 285.0,
        aht_s: 600.0,
        patience_s: Some(300.0),
        agents: 50,
        days: 60,
        reps: 10,
    });
}

#[test]
fn erlang_c_hundred_agents_load_098() {
    check(&Mmc {
        per_hour: 1176.0,
        aht_s: 300.0,
        patience_s: None,
        agents: 100,
        days: 40,
        reps: 12,
    });
}

#[test]
fn erlang_a_thousand_agents_load_095() {
    check(&Mmc {
        per_hour: 5700.0,
        aht_s: 600.0,
        patience_s: Some(300.0),
        agents: 1000,
        days: 12,
        reps: 10,
    });
}

#[test]
fn erlang_a_thousand_agents_load_098_long_patience() {
    check(&Mmc {
        per_hour: 5880.0,
        aht_s: 600.0,
        patience_s: Some(1800.0),
        agents: 1000,
        days: 12,
        reps: 10,
    });
}

#[test]
fn erlang_c_three_hundred_agents_load_097() {
    check(&Mmc {
        per_hour: 3492.0,
        aht_s: 300.0,
        patience_s: None,
        agents: 300,
        days: 12,
        reps: 10,
    });
}
