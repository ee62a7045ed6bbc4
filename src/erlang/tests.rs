//! Tests of the Erlang formulas against published tables and each other.
use super::*;
use std::time::Instant;

fn input(per_hour: f64, aht_s: f64, patience_s: Option<f64>, within_s: f64) -> QueueInput {
    QueueInput {
        per_hour,
        aht_s,
        patience_s,
        within_s,
    }
}

fn fields(m: &QueueMetrics) -> [f64; 6] {
    [
        m.service_level,
        m.p_wait,
        m.asa_s,
        m.mean_queue_time_s,
        m.abandon_rate,
        m.occupancy,
    ]
}

const NAMES: [&str; 6] = [
    "service_level",
    "p_wait",
    "asa_s",
    "mean_queue_time_s",
    "abandon_rate",
    "occupancy",
];

/// Relative difference, or 0 when they are within `floor` of each other.
fn rel_diff(a: f64, b: f64, floor: f64) -> f64 {
    let d = (a - b).abs();
    if d <= floor {
        0.0
    } else {
        d / a.abs().max(b.abs())
    }
}

fn assert_close(got: &QueueMetrics, want: [f64; 6], rel: f64, what: &str) {
    for ((name, g), w) in NAMES.iter().zip(fields(got)).zip(want) {
        assert!(
            rel_diff(g, w, 1e-15) <= rel,
            "{what}: {name} = {g}, expected {w}"
        );
    }
}

#[test]
fn erlang_b_matches_exact_rationals() {
    // B(c, a) computed exactly with rational arithmetic.
    let cases = [
        (1, 0.5, 0.3333333333333333),
        (10, 5.0, 0.018384570336648132),
        (14, 10.0, 0.05681914338652086),
        (100, 80.0, 0.003992028604553197),
        (1000, 950.0, 0.0036492936889424097),
        (10000, 9500.0, 9.642737926005892e-9),
        (10000, 10000.0, 0.007936563248805671),
        (50, 0.1, 2.975059660779186e-115),
        (3, 12.0, 0.7721179624664879),
    ];
    for (c, a, b) in cases {
        let got = erlang_b(c, a);
        assert!(
            rel_diff(got, b, 0.0) < 1e-14,
            "B({c}, {a}) = {got}, expected {b}"
        );
    }
    assert_eq!(erlang_b(0, 3.0), 1.0);
    assert_eq!(erlang_b(5, 0.0), 0.0);
    assert_eq!(erlang_b(1_000_000, 1.0), 0.0); // underflows gracefully
    assert!(erlang_b(3, -1.0).is_nan() && erlang_b(3, f64::INFINITY).is_nan());
}

#[test]
fn erlang_c_values() {
    assert!((erlang_c(14, 10.0) - 0.17413).abs() < 5e-6);
    assert_eq!(erlang_c(10, 10.0), 1.0);
    assert_eq!(erlang_c(10, 12.0), 1.0);
    assert_eq!(erlang_c(0, 0.0), 1.0);
    assert_eq!(erlang_c(3, 0.0), 0.0);
    assert!(erlang_c(3, f64::NAN).is_nan());
    // C = c·B / (c − a(1 − B)) for 10,000 agents, against the exact B.
    let b: f64 = 9.642737926005892e-9;
    let want = 10000.0 * b / (10000.0 - 9500.0 * (1.0 - b));
    assert!(rel_diff(erlang_c(10000, 9500.0), want, 0.0) < 1e-12);
}

#[test]
fn published_erlang_c() {
    let m = metrics(&input(200.0, 180.0, None, 20.0), 14).expect("stable");
    assert!((m.p_wait - 0.17413).abs() < 5e-6, "{m:?}");
    assert!((m.service_level - 0.88835).abs() < 5e-6, "{m:?}");
    assert!((m.asa_s - 7.836).abs() < 5e-4, "{m:?}");
    assert!((m.occupancy - 0.71429).abs() < 5e-6, "{m:?}");
    assert_eq!(m.abandon_rate, 0.0);
    assert_eq!(m.mean_queue_time_s, m.asa_s);
}

#[test]
fn published_erlang_a() {
    let m = metrics(&input(200.0, 180.0, Some(300.0), 20.0), 14).expect("valid");
    assert!((m.p_wait - 0.14526).abs() < 5e-6, "{m:?}");
    assert!((m.abandon_rate - 0.013984).abs() < 5e-7, "{m:?}");
    assert!((m.service_level - 0.916792).abs() < 5e-7, "{m:?}");
    assert!((m.occupancy - 0.704297).abs() < 5e-7, "{m:?}");
}

/// 40-digit references (mpmath: chain sums for the stationary metrics,
/// regularised incomplete gamma for the service level).
/// (per_hour, aht_s, patience_s, within_s, agents) and the expected fields.
type Reference = ((f64, f64, f64, f64, u32), [f64; 6]);

const REFERENCES: [Reference; 8] = [
    (
        (200.0, 180.0, 300.0, 20.0, 14),
        [
            0.9167920918635468,
            0.1452601142963612,
            3.878480044521022,
            4.195123236722681,
            0.013983744122408938,
            0.7042973256268508,
        ],
    ),
    (
        (180.0, 60.0, 120.0, 20.0, 3),
        [
            0.5219138784383149,
            0.6462722111517873,
            20.698095587915354,
            22.47211835035704,
            0.187267652919642,
            0.812732347080358,
        ],
    ),
    (
        (19600.0, 180.0, 600.0, 20.0, 1000),
        [
            0.9942939845701034,
            0.3304150998853195,
            1.6957596580396457,
            1.703728878190718,
            0.002839548130317863,
            0.9772172428322885,
        ],
    ),
    (
        (105000.0, 180.0, 540.0, 20.0, 5000),
        [
            0.07179030157623834,
            0.9999999992028255,
            26.328688853137514,
            25.71428571580054,
            0.04761904762185285,
            0.9999999999970545,
        ],
    ),
    (
        (198000.0, 180.0, 1800.0, 20.0, 10000),
        [
            0.9998201565653814,
            0.2089391340830369,
            0.32350685875773905,
            0.32371178634698816,
            0.00017983988130388233,
            0.9898219585175092,
        ],
    ),
    (
        (10.0, 180.0, 9.0, 20.0, 1),
        [
            0.6757299595757876,
            0.3386467071106573,
            0.20299078366538728,
            2.904359272008169,
            0.32270658577868544,
            0.3386467071106573,
        ],
    ),
    (
        (1200.0, 180.0, 180000.0, 20.0, 50),
        [
            5.632050956826722e-36,
            1.0,
            32816.08022891183,
            30000.0,
            0.16666666666666666,
            1.0,
        ],
    ),
    (
        (50.0, 300.0, 60.0, 0.0, 2),
        [
            0.2420430828967264,
            0.7579569171032736,
            21.392441697456093,
            35.36001788927019,
            0.5893336314878365,
            0.8555549344003407,
        ],
    ),
];

#[test]
fn erlang_a_matches_high_precision_references() {
    for ((per_hour, aht, patience, within, c), want) in REFERENCES {
        let got = metrics(&input(per_hour, aht, Some(patience), within), c).expect("valid");
        assert_close(&got, want, 1e-12, &format!("metrics, {c} agents"));
        let model = Model::new(&input(per_hour, aht, Some(patience), within)).expect("valid");
        let theta = 1.0 / patience;
        assert_close(
            &chain(&model, theta, c),
            want,
            1e-12,
            &format!("chain, {c} agents"),
        );
        let x = f64::from(c) * patience / aht;
        if x <= CLOSED_FORM_MAX_X {
            let cf = closed_form(&model, theta, c);
            assert_close(&cf, want, 1e-12, &format!("closed form, {c} agents"));
        }
    }
}

#[test]
fn chain_and_closed_form_agree_over_grid() {
    let aht = 180.0;
    let mut worst = [0.0_f64; 6];
    let mut cases = 0;
    for c in [1u32, 2, 5, 10, 30, 100, 300, 1000, 2000, 5000] {
        for rho in [0.5, 0.8, 0.95, 1.0, 1.05, 1.2] {
            for patience_in_aht in [0.05, 0.3, 1.0, 3.0, 30.0, 1000.0] {
                for t in [0.0, 20.0, 120.0] {
                    let per_hour = rho * f64::from(c) / aht * 3600.0;
                    let patience = patience_in_aht * aht;
                    let model =
                        Model::new(&input(per_hour, aht, Some(patience), t)).expect("valid");
                    let a = chain(&model, 1.0 / patience, c);
                    let b = closed_form(&model, 1.0 / patience, c);
                    for (i, (u, v)) in fields(&a).into_iter().zip(fields(&b)).enumerate() {
                        let d = rel_diff(u, v, 1e-14);
                        assert!(
                            d <= 1e-9,
                            "c={c} rho={rho} patience={patience_in_aht}×AHT t={t}: {} chain {u} vs closed form {v}",
                            NAMES[i]
                        );
                        worst[i] = worst[i].max(d);
                    }
                    cases += 1;
                }
            }
        }
    }
    println!("{cases} cases; largest relative chain/closed-form gaps:");
    for (name, w) in NAMES.iter().zip(worst) {
        println!("  {name}: {w:.1e}");
    }
}

#[test]
fn erlang_a_tends_to_erlang_c() {
    for (per_hour, c) in [(200.0, 14), (19600.0, 1000)] {
        let erlang_c = fields(&metrics(&input(per_hour, 180.0, None, 20.0), c).expect("stable"));
        // The gap is first order in θ = 1/patience: 100× the patience, 1/100 the gap.
        let mut previous = f64::INFINITY;
        for patience in [1e5, 1e7, 1e9, 1e11] {
            let m = metrics(&input(per_hour, 180.0, Some(patience), 20.0), c).expect("valid");
            let gap = fields(&m)
                .iter()
                .zip(erlang_c)
                .take(4)
                .map(|(a, b)| rel_diff(*a, b, 0.0))
                .fold(0.0, f64::max);
            assert!(
                (50.0..200.0).contains(&(previous / gap)) || previous.is_infinite(),
                "patience {patience}: gap {gap} after {previous}"
            );
            assert!(m.abandon_rate < 100.0 / patience, "{m:?}");
            previous = gap;
        }
        assert!(previous < 1e-7, "gap {previous} at patience 1e11 s");
    }
}

#[test]
fn overloaded_with_very_patient_tasks() {
    // 20% overload, patience 1e9 s: too long a queue for the chain.
    let m = metrics(&input(240.0, 180.0, Some(1e9), 20.0), 10).expect("valid");
    assert!(fields(&m).iter().all(|v| v.is_finite()), "{m:?}");
    assert!((m.abandon_rate - (1.0 - 1.0 / 1.2)).abs() < 1e-9, "{m:?}");
    assert!(
        m.service_level < 1e-9 && (m.occupancy - 1.0).abs() < 1e-9,
        "{m:?}"
    );
}

#[test]
fn monotone_in_agents() {
    for patience in [None, Some(30.0), Some(300.0), Some(3000.0), Some(1e6)] {
        for (per_hour, agents) in [(200.0, 1..40), (19600.0, 900..1040), (196000.0, 9790..9830)] {
            let mut prev: Option<QueueMetrics> = None;
            for c in agents {
                let Ok(m) = metrics(&input(per_hour, 180.0, patience, 20.0), c) else {
                    continue; // unstable
                };
                if let Some(p) = prev {
                    let slack = 1e-12;
                    assert!(
                        m.service_level >= p.service_level - slack,
                        "SL fell at {c}: {patience:?}"
                    );
                    assert!(
                        m.p_wait <= p.p_wait + slack,
                        "p_wait rose at {c}: {patience:?}"
                    );
                    assert!(
                        m.abandon_rate <= p.abandon_rate + slack,
                        "abandon rose at {c}: {patience:?}"
                    );
                    assert!(
                        m.occupancy <= p.occupancy + slack,
                        "occupancy rose at {c}: {patience:?}"
                    );
                    assert!(
                        m.asa_s <= p.asa_s * (1.0 + slack),
                        "ASA rose at {c}: {patience:?}"
                    );
                }
                prev = Some(m);
            }
        }
    }
}

fn meets(m: &QueueMetrics, target: f64, max_occ: Option<f64>) -> bool {
    m.service_level >= target && max_occ.is_none_or(|o| m.occupancy <= o)
}

#[test]
fn required_agents_is_minimal() {
    let mut checked = 0;
    for per_hour in [1.0, 30.0, 200.0, 2000.0, 19600.0, 60000.0] {
        for patience in [None, Some(20.0), Some(300.0), Some(7200.0)] {
            for within in [0.0, 20.0, 60.0] {
                for target in [0.3, 0.8, 0.95, 0.999] {
                    for max_occ in [None, Some(0.85)] {
                        let q = input(per_hour, 180.0, patience, within);
                        let (n, m) = required_agents(&q, target, max_occ).expect("reachable");
                        assert_eq!(metrics(&q, n), Ok(m));
                        assert!(
                            meets(&m, target, max_occ),
                            "{q:?} {target} {max_occ:?}: {n} fails"
                        );
                        if n > 1
                            && let Ok(below) = metrics(&q, n - 1)
                        {
                            assert!(
                                !meets(&below, target, max_occ),
                                "{q:?} {target} {max_occ:?}: {} meets",
                                n - 1
                            );
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 6 * 4 * 3 * 4 * 2);
    // Load 10 Erlangs, within 20 s: SL(13) = 0.7956, SL(14) = 0.8884, occupancy(14) = 0.714.
    let q = input(200.0, 180.0, None, 20.0);
    assert_eq!(required_agents(&q, 0.8, None).map(|r| r.0), Ok(14));
    assert_eq!(required_agents(&q, 0.795, None).map(|r| r.0), Ok(13));
    assert_eq!(required_agents(&q, 0.8, Some(0.7)).map(|r| r.0), Ok(15));
}

#[test]
fn required_agents_is_fast_for_thousands_of_agents() {
    for (per_hour, patience) in [
        (19_600.0, None),
        (19_600.0, Some(300.0)),
        (196_000.0, None),
        (196_000.0, Some(300.0)),
    ] {
        let q = input(per_hour, 180.0, patience, 20.0);
        let start = Instant::now();
        let (n, m) = required_agents(&q, 0.8, None).expect("reachable");
        let elapsed = start.elapsed();
        println!("required_agents: {n} agents, patience {patience:?}: {elapsed:?}");
        assert!(meets(&m, 0.8, None));
        assert!(!meets(&metrics(&q, n - 1).expect("stable"), 0.8, None));
        assert!(elapsed.as_secs_f64() < 5.0, "{elapsed:?}");
    }
}

/// xorshift64: a tiny deterministic generator for the simulation test.
struct XorShift(u64);

impl XorShift {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn exp(&mut self, rate: f64) -> f64 {
        -self.uniform().ln() / rate
    }
}

/// Batch means of [SL, P(wait), abandon rate, mean queue time, ASA]
/// from an FCFS M/M/c+M simulation.
fn simulate(lambda: f64, mu: f64, theta: f64, c: usize, t: f64) -> Vec<[f64; 5]> {
    let (warmup, batches, per_batch) = (20_000, 200, 2_000);
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut free = vec![0.0_f64; c];
    let mut now = 0.0;
    let mut out = Vec::new();
    let mut acc = [0.0_f64; 6]; // within, waited, abandoned, queue time, served wait, served
    for n in 0..warmup + batches * per_batch {
        now += rng.exp(lambda);
        let (agent, &earliest) = free
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .expect("agents");
        let offered = (earliest - now).max(0.0);
        let patience = rng.exp(theta);
        let service = rng.exp(mu);
        let served = patience >= offered;
        let wait = if served { offered } else { patience };
        if served {
            free[agent] = now + offered + service;
        }
        if n < warmup {
            continue;
        }
        let sample = [
            f64::from(u8::from(served && wait <= t)),
            f64::from(u8::from(offered > 0.0)),
            f64::from(u8::from(!served)),
            wait,
            if served { wait } else { 0.0 },
            f64::from(u8::from(served)),
        ];
        acc.iter_mut().zip(sample).for_each(|(a, s)| *a += s);
        if (n - warmup + 1) % per_batch == 0 {
            let k = per_batch as f64;
            out.push([
                acc[0] / k,
                acc[1] / k,
                acc[2] / k,
                acc[3] / k,
                acc[4] / acc[5],
            ]);
            acc = [0.0; 6];
        }
    }
    out
}

#[test]
fn monte_carlo_confirms_definitions() {
    // 3 agents, AHT 60 s, 3 calls/min (ρ = 1), patience 120 s, SL within 20 s.
    let (lambda, mu, theta, c, t) = (3.0 / 60.0, 1.0 / 60.0, 1.0 / 120.0, 3, 20.0);
    let exact = metrics(&input(180.0, 60.0, Some(120.0), t), c as u32).expect("valid");
    let want = [
        exact.service_level,
        exact.p_wait,
        exact.abandon_rate,
        exact.mean_queue_time_s,
        exact.asa_s,
    ];
    let batches = simulate(lambda, mu, theta, c, t);
    let k = batches.len() as f64;
    for (i, name) in [
        "service_level",
        "p_wait",
        "abandon_rate",
        "mean_queue_time_s",
        "asa_s",
    ]
    .iter()
    .enumerate()
    {
        let mean = batches.iter().map(|b| b[i]).sum::<f64>() / k;
        let var = batches.iter().map(|b| (b[i] - mean).powi(2)).sum::<f64>() / (k - 1.0);
        let se = (var / k).sqrt();
        println!(
            "{name}: simulated {mean:.5} ± {se:.5}, exact {:.5}",
            want[i]
        );
        assert!(
            (mean - want[i]).abs() < 4.0 * se,
            "{name}: simulated {mean} ± {se}, exact {}",
            want[i]
        );
    }
}

#[test]
fn idle_queue_is_trivially_met() {
    for patience in [None, Some(60.0)] {
        let q = input(0.0, 180.0, patience, 20.0);
        let m = metrics(&q, 3).expect("valid");
        assert_eq!(fields(&m), [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(required_agents(&q, 1.0, Some(0.5)), Ok((1, m)));
    }
}

#[test]
fn tiny_load_has_no_waiting() {
    let m = metrics(&input(1e-250, 180.0, Some(60.0), 20.0), 14).expect("valid");
    assert!(fields(&m).iter().all(|v| v.is_finite()), "{m:?}");
    assert_eq!(m.service_level, 1.0);
}

#[test]
fn invalid_inputs_are_rejected() {
    let ok = input(200.0, 180.0, Some(300.0), 20.0);
    let bad = [
        (input(-1.0, 180.0, None, 20.0), "per_hour"),
        (input(f64::NAN, 180.0, None, 20.0), "per_hour"),
        (input(f64::INFINITY, 180.0, None, 20.0), "per_hour"),
        (input(1e307, 1e10, None, 20.0), "per_hour"),
        (input(200.0, 0.0, None, 20.0), "aht_s"),
        (input(200.0, -3.0, None, 20.0), "aht_s"),
        (input(200.0, f64::INFINITY, None, 20.0), "aht_s"),
        (input(200.0, 180.0, None, -1.0), "within_s"),
        (input(200.0, 180.0, None, f64::NAN), "within_s"),
        (input(200.0, 180.0, Some(0.0), 20.0), "patience_s"),
        (input(200.0, 180.0, Some(-5.0), 20.0), "patience_s"),
        (input(200.0, 180.0, Some(f64::INFINITY), 20.0), "patience_s"),
        (input(200.0, 1e-300, Some(1e300), 20.0), "patience_s"),
    ];
    for (q, field) in bad {
        for err in [
            metrics(&q, 14).map(|_| ()),
            required_agents(&q, 0.8, None).map(|_| ()),
        ] {
            match err {
                Err(ErlangError::InvalidInput { name, .. }) => assert_eq!(name, field, "{q:?}"),
                other => panic!("{q:?}: {other:?}"),
            }
        }
    }
    let name_of = |r: Result<(u32, QueueMetrics), ErlangError>| match r {
        Err(ErlangError::InvalidInput { name, .. }) => name,
        other => panic!("{other:?}"),
    };
    for target in [0.0, -0.5, 1.5, f64::NAN] {
        assert_eq!(name_of(required_agents(&ok, target, None)), "target_sl");
    }
    for occ in [0.0, 1.01, f64::INFINITY] {
        assert_eq!(
            name_of(required_agents(&ok, 0.8, Some(occ))),
            "max_occupancy"
        );
    }
    let err = metrics(&ok, 0).expect_err("no agents");
    assert_eq!(err.to_string(), "invalid agents = 0: must be at least 1");
}

#[test]
fn unstable_and_unreachable() {
    let q = input(200.0, 180.0, None, 20.0);
    let err = metrics(&q, 10).expect_err("load 10 on 10 agents");
    assert_eq!(
        err,
        ErlangError::Unstable {
            load_erlangs: 10.0,
            agents: 10
        }
    );
    let text = err.to_string();
    assert!(
        text.contains("10 Erlangs") && text.contains("more than 10 agents"),
        "{text}"
    );
    assert!(
        metrics(&input(200.0, 180.0, Some(300.0), 20.0), 5).is_ok(),
        "abandonment is always stable"
    );

    for patience in [None, Some(300.0)] {
        let q = input(200.0, 180.0, patience, 20.0);
        assert!(matches!(
            required_agents(&q, 1.0, None),
            Err(ErlangError::Unreachable { .. })
        ));
        let (n, m) = required_agents(&q, 1.0 - 1e-12, None).expect("reachable");
        assert!(m.service_level >= 1.0 - 1e-12 && n < 60, "{n}");
    }
    let huge = input(1e15, 180.0, None, 20.0);
    assert!(matches!(
        required_agents(&huge, 0.8, None),
        Err(ErlangError::Unreachable { .. })
    ));
}

#[test]
fn issue17_extreme_but_valid_inputs_finish_with_sane_metrics() {
    // Every duration from 1e-9 s to the scenario limit (1e7 s), 1 to 100,000
    // agents, light to crushing load: the work of each evaluation is bounded
    // (chain states and uniformization steps have budgets), so this finishes.
    let times = [1e-9, 1.0, 600.0, 1e7];
    for per_hour in [1e-3, 100.0, 1e6] {
        for aht_s in times {
            for patience_s in [None, Some(1e-9), Some(60.0), Some(1e7)] {
                for within_s in times {
                    for agents in [1, 50, 100_000] {
                        let input = QueueInput {
                            per_hour,
                            aht_s,
                            patience_s,
                            within_s,
                        };
                        let Ok(m) = metrics(&input, agents) else {
                            continue; // unstable without abandonment: an error, not a hang
                        };
                        for share in [m.service_level, m.p_wait, m.abandon_rate, m.occupancy] {
                            assert!(
                                (0.0..=1.0 + 1e-9).contains(&share),
                                "{input:?} with {agents}: {m:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
