//! Engine throughput (customers per second on M/M/c+M queues), the built-in
//! plan, the staffing search and the search for what closes the shortfall.
//!
//! `cargo bench --bench engine`; divan prints items (customers) per second.

use bposim::model::sim::simulate;
use bposim::scenario::{Plan, Source, load};

fn main() {
    divan::main();
}

/// An M/M/c+M plan at load 0.95: AHT 600 s, patience 300 s, `agents` on duty, `days` long.
fn mmc_plan(agents: u32, days: u32) -> (Plan, u64) {
    let per_hour = 0.95 * f64::from(agents) * 6.0;
    let text = format!(
        r#"
[scenario]
days = {days}
replications = 1
[[service_line]]
id = "q"
channel = "realtime"
volume = {{ per_hour = {per_hour} }}
handle_time = {{ dist = "exponential", mean_s = 600 }}
patience = {{ dist = "exponential", mean_s = 300 }}
target = {{ service_level = 0.8, within_s = 20 }}
[workforce]
mode = "fixed"
on_duty = {{ q = {agents} }}
"#
    );
    let plan = load(&Source {
        name: "bench".into(),
        text,
    })
    .expect("bench scenario is valid");
    let customers = (per_hour * 24.0 * f64::from(days)) as u64;
    (plan, customers)
}

#[divan::bench(args = [50, 1000], sample_count = 5, sample_size = 1)]
fn mmc_abandonment_load_095(bencher: divan::Bencher, agents: u32) {
    let days = if agents >= 1000 { 7 } else { 140 };
    let (plan, customers) = mmc_plan(agents, days);
    bencher
        .counter(divan::counter::ItemsCount::new(customers))
        .bench(|| simulate(divan::black_box(&plan), 0));
}

/// One replication of the built-in Uzbekistan plan (60 months, pipeline mode).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn built_in_plan_one_replication(bencher: divan::Bencher) {
    let plan = load(&Source {
        name: "built-in".into(),
        text: bposim::scenario::BUILT_IN.to_string(),
    })
    .expect("the built-in plan is valid");
    bencher.bench(|| simulate(divan::black_box(&plan), 0));
}

/// `staff` on one month of the built-in plan: analytic start plus simulation rounds.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn staff_one_month(bencher: divan::Bencher) {
    use bposim::staffing::search::{SearchOptions, search};
    let text = bposim::scenario::BUILT_IN
        .replace("months = 60 ", "months = 1 ")
        .replace("profile_month = \"2028-06\"", "profile_month = \"2026-01\"");
    let plan = load(&Source {
        name: "one month".into(),
        text,
    })
    .expect("valid");
    bencher.bench(|| {
        search(
            divan::black_box(&plan),
            &SearchOptions {
                interval_min: 60,
                replications: 4,
                max_iterations: 8,
                max_occupancy: 0.85,
            },
        )
    });
}

/// What closes the shortfall of the built-in plan (20 replications): every
/// lever searched by simulation and confirmed. Compare with 20 replications
/// of `built_in_plan_one_replication` (the plain run's simulation).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn built_in_plan_what_closes_it(bencher: divan::Bencher) {
    let plan = load(&Source {
        name: "built-in".into(),
        text: bposim::scenario::BUILT_IN.to_string(),
    })
    .expect("the built-in plan is valid");
    let required: Vec<Vec<f64>> = bposim::model::headcount::pool_need(
        &plan,
        &bposim::model::requirement::analytic(&plan, 60, plan.workforce.max_occupancy),
    )
    .into_iter()
    .map(|need| need.on_floor)
    .collect();
    bencher.bench(|| bposim::staffing::levers::what_closes_it(divan::black_box(&plan), &required));
}

/// One draw of an uncertainty study of the built-in plan, all it costs: its
/// scenario built and checked, one replication simulated, summarised and
/// reduced to its outcome. The draw is the plan as written (its one input
/// has no doubt), so it compares like for like with
/// `built_in_plan_one_replication`.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn built_in_plan_one_draw(bencher: divan::Bencher) {
    use bposim::run::{RunOptions, Shard};
    let plan_text = bposim::scenario::BUILT_IN;
    let cut = plan_text
        .find("[uncertainty]")
        .expect("the built-in plan lists its doubts");
    let source = Source {
        name: "built-in".into(),
        text: format!(
            "{}[uncertainty]\ndraws = 1\n\"education.placement_rate\" = {{ dist = \"uniform\", min = 0.25, max = 0.25 }}\n",
            &plan_text[..cut]
        ),
    };
    let plan = load(&source).expect("the built-in plan is valid");
    let options = RunOptions {
        out: "unused".into(),
        replications: None,
        seed: None,
        threads: 1,
        shard: None,
        charts: Default::default(),
        progress: false,
    };
    bencher.bench(|| {
        let draws = bposim::uncertainty::prepare(&source, &plan, Shard { index: 0, count: 1 }, 1)
            .expect("valid draws");
        bposim::uncertainty::simulate(divan::black_box(&plan), draws, &options)
    });
}
