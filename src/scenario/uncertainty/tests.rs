//! Tests of the uncertain inputs: quantiles, Latin hypercube draws, pinned
//! draws and relative draws.

use super::*;

fn plan(inputs: Vec<InputDist>, draws: u32) -> UncertaintyPlan {
    UncertaintyPlan {
        draws,
        replications_per_draw: 1,
        inputs: inputs
            .into_iter()
            .enumerate()
            .map(|(i, dist)| UncertainInput {
                key: format!("a.b{i}"),
                dist,
                whole: false,
                relative: false,
                scaled: Vec::new(),
                span: 0..0,
            })
            .collect(),
    }
}

#[test]
fn quantiles_match_closed_forms() {
    let tri = InputDist::Triangular {
        min: 0.0,
        mode: 1.0,
        max: 3.0,
    };
    // F(1) = 1/3 at the mode; F(x) = x²/3 below it.
    assert!((tri.quantile(1.0 / 3.0) - 1.0).abs() < 1e-12);
    assert!((tri.quantile(0.12) - (0.12f64 * 3.0).sqrt()).abs() < 1e-12);
    assert!((tri.quantile(1.0) - 3.0).abs() < 1e-12);
    // PERT(0, 0.5, 1) is Beta(3, 3): symmetric, median 0.5.
    let pert = InputDist::Pert {
        min: 0.0,
        max: 1.0,
        beta: Beta::new(3.0, 3.0).unwrap(),
    };
    assert!((pert.quantile(0.5) - 0.5).abs() < 1e-6);
    // A normal truncated to [0, ∞) is the half-normal: median 0.6745 σ.
    let half = InputDist::Normal {
        normal: Normal::new(0.0, 1.0).unwrap(),
        min: 0.0,
        max: f64::INFINITY,
    };
    assert!((half.quantile(0.5) - 0.674_489_75).abs() < 1e-6);
    let d = InputDist::Discrete {
        values: vec![1.0, 2.0, 5.0],
        cumulative: vec![0.25, 0.5, 1.0],
    };
    assert_eq!(
        [0.1, 0.25, 0.3, 0.9, 1.0].map(|u| d.quantile(u)),
        [1.0, 1.0, 2.0, 5.0, 5.0]
    );
}

#[test]
fn latin_hypercube_uses_every_stratum_once_per_input() {
    let p = plan(
        vec![
            InputDist::Uniform { min: 0.0, max: 1.0 },
            InputDist::Uniform {
                min: 10.0,
                max: 20.0,
            },
        ],
        50,
    );
    let draws = p.draw_values(7);
    assert_eq!(draws.len(), 50);
    for (j, (lo, width)) in [(0.0, 1.0), (10.0, 10.0)].into_iter().enumerate() {
        let mut strata: Vec<usize> = draws
            .iter()
            .map(|d| ((d[j] - lo) / width * 50.0) as usize)
            .collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..50).collect::<Vec<_>>());
    }
    // Reproducible from the seed, different for another seed.
    assert_eq!(p.draw_values(7), draws);
    assert_ne!(p.draw_values(8), draws);
    // The two inputs are shuffled independently.
    assert_ne!(
        draws
            .iter()
            .map(|d| (d[0] * 50.0) as usize)
            .collect::<Vec<_>>(),
        draws
            .iter()
            .map(|d| ((d[1] - 10.0) * 5.0) as usize)
            .collect::<Vec<_>>()
    );
}

#[test]
fn pinned_seed_gives_pinned_draws() {
    // Guards reproducibility across versions: changing this is a breaking change.
    let p = plan(vec![InputDist::Uniform { min: 0.0, max: 1.0 }], 4);
    let got: Vec<String> = p
        .draw_values(1)
        .iter()
        .map(|d| format!("{:.6}", d[0]))
        .collect();
    assert_eq!(got, PINNED);
}

#[test]
fn a_relative_draw_scales_each_value_as_written() {
    let text = "[scenario]\nname = \"r\"\ndays = 7\n\n\
                [[service_line]]\nid = \"a\"\nchannel = \"realtime\"\nvolume = { per_hour = 10 }\n\
                handle_time = { dist = \"exponential\", mean_s = 300 }\n\
                target = { service_level = 0.8, within_s = 20 }\n\n\
                [[service_line]]\nid = \"b\"\nchannel = \"realtime\"\nvolume = { per_hour = 5 }\n\
                handle_time = { dist = \"exponential\", mean_s = 600 }\n\
                target = { service_level = 0.8, within_s = 20 }\n\n\
                [workforce]\nmode = \"fixed\"\non_duty = { a = 4, b = 4 }\n\n\
                [uncertainty]\ndraws = 3\n\
                \"service_line.*.handle_time.mean_s\" = { dist = \"uniform\", min = 0.9, max = 1.2, relative = true }\n\
                \"workforce.on_duty.a\" = { dist = \"uniform\", min = 3, max = 6 }\n";
    let plan = crate::scenario::load(&crate::scenario::Source {
        name: "r".into(),
        text: text.into(),
    })
    .expect("valid");
    let study = plan.uncertainty.as_ref().expect("has a study");
    assert!(study.inputs[0].relative && !study.inputs[0].whole);
    assert!(
        study.inputs[1].whole,
        "on_duty is written as a whole number"
    );
    for values in study.draw_values(plan.seed) {
        let drawn = draw_text(text, study, &values).expect("applies");
        let number = |path: &str| {
            let v = lookup(&drawn, path).expect("present");
            v.as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .unwrap()
        };
        let factor = values[0];
        assert!((0.9..=1.2).contains(&factor));
        assert!((number("service_line.a.handle_time.mean_s") - 300.0 * factor).abs() < 1e-9);
        assert!((number("service_line.b.handle_time.mean_s") - 600.0 * factor).abs() < 1e-9);
        let agents = lookup(&drawn, "workforce.on_duty.a").unwrap();
        assert_eq!(agents.as_integer().map(|i| i as f64), Some(values[1]));
    }
}

const PINNED: [&str; 4] = ["0.983943", "0.164974", "0.417459", "0.567653"];
