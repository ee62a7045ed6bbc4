//! Issue 8: no panic on any input. Property tests over generated scenarios:
//! valid ones (from a strategy over the schema) must load and simulate;
//! mutated and random ones must load or be refused, never panic, and an
//! accepted one must simulate.

use std::fmt::Write as _;

use bposim::model::sim::simulate;
use bposim::scenario::{Source, load, size};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Plans bigger than this (expected events of one replication) are loaded but not simulated.
const MAX_EVENTS_TO_SIMULATE: f64 = 2.0e5;

/// `n` cases, or `PROPTEST_CASES` for a deeper run (e.g. `PROPTEST_CASES=5000`).
fn cases(n: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    Config {
        cases,
        ..Config::default()
    }
}

fn source(text: String) -> Source {
    Source {
        name: "prop.toml".to_string(),
        text,
    }
}

/// Loads `text`; a refusal must render to a message naming the file; an
/// accepted plan of modest size must simulate. Returns whether it loaded.
fn load_and_maybe_simulate(text: String) -> bool {
    match load(&source(text)) {
        Err(e) => {
            let message = e.to_string();
            assert!(message.contains("prop.toml"), "{message}");
            false
        }
        Ok(plan) => {
            let e = size::estimate(&plan, 1, 1);
            if e.events <= MAX_EVENTS_TO_SIMULATE && e.memory_bytes <= 1.0e8 {
                let _ = simulate(&plan, 0);
            }
            true
        }
    }
}

fn number(lo: f64, hi: f64) -> impl Strategy<Value = String> {
    (lo..hi).prop_map(|x| format!("{x:.3}"))
}

/// A duration distribution, in one of the accepted units.
fn dist() -> impl Strategy<Value = String> {
    let unit = prop_oneof![Just(("s", 1.0)), Just(("min", 60.0))];
    (
        unit,
        0..8u8,
        1.0..900.0f64,
        0.0..2.5f64,
        1..5u32,
        1.0..600.0f64,
    )
        .prop_map(|((u, scale), kind, mean, cv, k, spread)| {
            let v = |x: f64| format!("{:.3}", x / scale);
            match kind {
                0 => format!("{{ dist = \"exponential\", mean_{u} = {} }}", v(mean)),
                1 => format!(
                    "{{ dist = \"lognormal\", mean_{u} = {}, cv = {cv:.3} }}",
                    v(mean)
                ),
                2 => format!(
                    "{{ dist = \"gamma\", mean_{u} = {}, cv = {:.3} }}",
                    v(mean),
                    cv + 0.1
                ),
                3 => format!("{{ dist = \"erlang\", mean_{u} = {}, k = {k} }}", v(mean)),
                4 => format!("{{ dist = \"deterministic\", value_{u} = {} }}", v(mean)),
                5 => format!(
                    "{{ dist = \"uniform\", min_{u} = {}, max_{u} = {} }}",
                    v(mean),
                    v(mean + spread)
                ),
                6 => format!(
                    "{{ dist = \"triangular\", min_{u} = {}, mode_{u} = {}, max_{u} = {} }}",
                    v(mean),
                    v(mean + spread / 3.0),
                    v(mean + spread)
                ),
                _ => format!(
                    "{{ dist = \"empirical\", values_{u} = [{}, {}, {}] }}",
                    v(mean),
                    v(spread),
                    v(mean + spread)
                ),
            }
        })
}

fn hours() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("\"24x7\"".to_string())),
        Just(Some("\"business\"".to_string())),
        Just(Some("\"extended\"".to_string())),
        (prop::collection::vec(0..3u8, 168), 0..168usize).prop_map(|(mut w, open)| {
            w[open] = 1;
            let list: Vec<String> = w.iter().map(u8::to_string).collect();
            Some(format!("[{}]", list.join(", ")))
        }),
    ]
}

fn volume() -> impl Strategy<Value = String> {
    prop_oneof![
        number(0.0, 40.0).prop_map(|x| format!("{{ per_hour = {x} }}")),
        (
            number(0.0, 20_000.0),
            number(-0.3, 0.3),
            prop::collection::vec(0.0..2.0f64, 12)
        )
            .prop_map(|(n, g, s)| {
                let s: Vec<String> = s.iter().map(|x| format!("{x:.2}")).collect();
                format!(
                    "{{ per_month = {n}, monthly_growth = {g}, seasonality = [{}] }}",
                    s.join(", ")
                )
            }),
    ]
}

/// An offset from -12 to +14 hours in quarter hours.
fn offset() -> impl Strategy<Value = String> {
    (-48..=56i32).prop_map(|q| format!("{}", f64::from(q) / 4.0))
}

#[derive(Clone, Debug)]
struct Line {
    skill: Option<u8>,
    deferred: bool,
    hours: Option<String>,
    client_offset: Option<String>,
    priority: Option<i32>,
    volume: String,
    handle_time: String,
    patience: Option<String>,
    service_level: String,
    within: String,
    price: Option<String>,
}

fn line() -> impl Strategy<Value = Line> {
    (
        (
            prop::option::of(0..3u8),
            prop::bool::weighted(0.2),
            hours(),
            prop::option::of(offset()),
            prop::option::of(-3..3i32),
        ),
        (
            volume(),
            dist(),
            prop::option::of(dist()),
            number(0.0, 1.0),
            number(0.0, 120.0),
            prop::option::of(number(0.0, 20.0)),
        ),
    )
        .prop_map(
            |(
                (skill, deferred, hours, client_offset, priority),
                (volume, handle_time, patience, service_level, within, price),
            )| Line {
                skill,
                deferred,
                hours,
                client_offset,
                priority,
                volume,
                handle_time,
                patience,
                service_level,
                within,
                price,
            },
        )
}

/// The text of a valid scenario: small horizon, few agents, so it runs fast.
fn valid_scenario() -> impl Strategy<Value = String> {
    (
        (1..15u32, 0..100u32, 1..3u32, 0..1_000_000u64, offset()),
        prop::option::of(0..12u32),
        prop::collection::vec(line(), 1..4),
        prop::collection::vec(0..12u32, 4),
        number(0.0, 0.6),
    )
        .prop_map(|((days, warm, reps, seed, site), start, lines, duty, shrink)| {
            let mut t = String::new();
            let warmup = f64::from(warm) / 100.0 * f64::from(days);
            let _ = writeln!(t, "[scenario]\nname = \"generated\"");
            match start {
                Some(m) => {
                    let _ = writeln!(t, "months = 1\nstart = \"2027-{:02}\"", m + 1);
                }
                None => {
                    let _ = writeln!(t, "days = {days}");
                }
            }
            let _ = writeln!(
                t,
                "warmup_days = {warmup:.2}\nreplications = {reps}\nseed = {seed}\nsite_utc_offset_h = {site}\n"
            );
            let mut skills = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                let _ = writeln!(t, "[[service_line]]\nid = \"line_{i}\"");
                let _ = writeln!(
                    t,
                    "channel = \"{}\"",
                    if l.deferred { "deferred" } else { "realtime" }
                );
                if let Some(h) = &l.hours {
                    let _ = writeln!(t, "hours = {h}");
                }
                if let Some(o) = &l.client_offset {
                    let _ = writeln!(t, "client_utc_offset_h = {o}");
                }
                let skill = match l.skill {
                    Some(s) => {
                        let _ = writeln!(t, "skill = \"skill_{s}\"");
                        format!("skill_{s}")
                    }
                    None => format!("line_{i}"),
                };
                if !skills.contains(&skill) {
                    skills.push(skill);
                }
                if let Some(p) = l.priority {
                    let _ = writeln!(t, "priority = {p}");
                }
                let _ = writeln!(t, "volume = {}", l.volume);
                let _ = writeln!(t, "handle_time = {}", l.handle_time);
                if let (Some(p), false) = (&l.patience, l.deferred) {
                    let _ = writeln!(t, "patience = {p}");
                }
                let within = if l.deferred { "within_h" } else { "within_s" };
                let _ = writeln!(
                    t,
                    "target = {{ service_level = {}, {within} = {} }}",
                    l.service_level, l.within
                );
                if let Some(p) = &l.price {
                    let _ = writeln!(t, "price_usd = {p}");
                }
                t.push('\n');
            }
            let duty: Vec<String> = skills
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{s} = {}", duty[i % duty.len()]))
                .collect();
            let _ = writeln!(
                t,
                "[workforce]\nmode = \"fixed\"\non_duty = {{ {} }}\nshrinkage = {shrink}",
                duty.join(", ")
            );
            t
        })
}

/// A value of a random type, sensible or absurd.
fn any_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|x| format!("{x:e}")),
        prop::sample::select(vec![
            "nan",
            "inf",
            "-inf",
            "-0.0",
            "0",
            "1e308",
            "-1e308",
            "5e-324",
            "1e15",
            "true",
            "\"\"",
            "\"1,000\"",
            "[]",
            "{}",
            "[[]]",
            "{ a = 1 }",
            "1979-05-27",
            "07:32:00",
            "\"2026-13\"",
            "\"realtime\"",
            "\"deferred\"",
            "\"x\"",
        ])
        .prop_map(str::to_string),
        "[a-z_]{0,12}".prop_map(|s| format!("\"{s}\"")),
        prop::collection::vec(-1e3..1e3f64, 0..5).prop_map(|v| format!("{v:?}")),
    ]
}

/// One random edit of a scenario's text.
#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    RenameKey(usize, String),
    ReplaceValue(usize, String),
    InsertBytes(usize, Vec<u8>),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), "[a-z_]{0,12}").prop_map(|(i, k)| Mutation::RenameKey(i, k)),
        (any::<usize>(), any_value()).prop_map(|(i, v)| Mutation::ReplaceValue(i, v)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::InsertBytes(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len().max(1);
    match m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
        }
        Mutation::DuplicateLine(i) => {
            if let Some(l) = lines.get(i % n).cloned() {
                lines.insert(i % n, l);
            }
        }
        Mutation::RenameKey(i, k) => {
            if let Some(l) = lines.get_mut(i % n)
                && let Some((_, rest)) = l.split_once('=')
            {
                *l = format!("{k} ={rest}");
            }
        }
        Mutation::ReplaceValue(i, v) => {
            if let Some(l) = lines.get_mut(i % n)
                && let Some((key, _)) = l.split_once('=')
            {
                *l = format!("{key}= {v}");
            }
        }
        Mutation::InsertBytes(i, bytes) => {
            let mut raw = text.as_bytes().to_vec();
            let at = i % (raw.len() + 1);
            raw.splice(at..at, bytes.iter().copied());
            return String::from_utf8_lossy(&raw).into_owned();
        }
        Mutation::Truncate(i) => {
            let mut at = i % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return text[..at].to_string();
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn issue8_valid_scenarios_load_and_simulate(text in valid_scenario()) {
        let plan = load(&source(text.clone()))
            .unwrap_or_else(|e| panic!("a valid scenario was refused:\n{e}\n---\n{text}"));
        prop_assert!(!plan.lines.is_empty());
        let e = size::estimate(&plan, 1, 1);
        prop_assert!(e.events.is_finite() && e.events > 0.0, "{e:?}");
        prop_assert!(e.events <= 5.0e6, "generated scenarios are small: {e:?}");
        let reps = vec![simulate(&plan, 0)];
        // Issue 18's invariants: nothing is counted twice, shares are shares,
        // and no output carries a negative zero.
        for (l, months) in reps[0].lines.iter().enumerate() {
            for (m, t) in months.iter().enumerate() {
                prop_assert!(
                    t.handled + t.abandoned <= t.offered,
                    "line {l} month {m}: {t:?}"
                );
                prop_assert!(t.within_target <= t.offered && t.waited <= t.offered);
            }
        }
        let result = bposim::summarize::summarize(&plan, "prop", &reps);
        for line in &result.summary.lines {
            for share in [line.service_level, line.p_wait, line.abandon_rate, line.occupancy]
                .into_iter()
                .flatten()
            {
                prop_assert!((0.0..=1.0 + 1e-9).contains(&share.mean), "{}: {share:?}", line.id);
            }
        }
        let json = String::from_utf8(bposim::report::json::summary(&result.summary).unwrap()).unwrap();
        prop_assert!(!json.contains("-0.0,") && !json.contains("-0.0\n") && !json.contains(": -0\n"));
        let csv = String::from_utf8(bposim::report::csv::monthly(&result.monthly).unwrap()).unwrap();
        prop_assert!(!csv.contains(",-0,") && !csv.contains(",-0\n"), "negative zero in monthly.csv");
    }
}

proptest! {
    #![proptest_config(cases(192))]

    #[test]
    fn issue8_mutated_scenarios_never_panic(
        text in valid_scenario(),
        edits in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut mutated = text;
        for m in &edits {
            mutated = apply(&mutated, m);
        }
        load_and_maybe_simulate(mutated);
    }

    #[test]
    fn issue8_random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        load_and_maybe_simulate(String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn issue8_random_toml_shapes_never_panic(
        sections in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "[scenario]", "[[service_line]]", "[workforce]", "[workforce.on_duty]",
                    "[education]", "[[workforce.team]]", "",
                ]),
                prop::collection::vec(
                    (
                        prop::sample::select(vec![
                            "name", "days", "months", "start", "warmup_days", "replications",
                            "seed", "id", "channel", "hours", "skill", "volume", "per_hour",
                            "handle_time", "patience", "target", "mode", "on_duty", "shrinkage",
                            "dist", "mean_s", "cv", "k", "service_level", "within_s", "x",
                        ]),
                        any_value(),
                    ),
                    0..6,
                ),
            ),
            0..6,
        ),
    ) {
        let mut text = String::new();
        for (header, pairs) in &sections {
            let _ = writeln!(text, "{header}");
            for (k, v) in pairs {
                let _ = writeln!(text, "{k} = {v}");
            }
        }
        load_and_maybe_simulate(text);
    }
}
