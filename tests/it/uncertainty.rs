//! Issue 14: uncertainty in the assumptions. Known answers (an M/M/c line
//! whose arrival rate is uniform on an interval meets its target in the
//! share of the interval where Erlang C says it does), bands of width zero
//! for inputs without doubt, a variance share near zero for an input that
//! does not matter, reproducibility over threads and shards, and bad input.

use std::path::{Path, PathBuf};

use bposim::erlang::{QueueInput, metrics};
use predicates::prelude::*;

use crate::common::{With, bposim, mmc, write};

const TWO_POOLS: &str = include_str!("fixtures/two-pools.toml");

fn run(scenario: &Path, out: &Path, args: &[&str]) {
    bposim()
        .args(["run", "-q", "--format", "none", "--out"])
        .arg(out)
        .args(args)
        .arg(scenario)
        .assert()
        .success();
}

/// `uncertainty.csv` as (header, rows).
fn draws(out: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(out.join("uncertainty.csv")).expect("uncertainty.csv");
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// Service level of M/M/c at `per_hour` (10 agents, 3-minute calls, 20 s).
fn erlang_sl(per_hour: f64) -> f64 {
    metrics(
        &QueueInput {
            per_hour,
            aht_s: 180.0,
            patience_s: None,
            within_s: 20.0,
        },
        10,
    )
    .unwrap()
    .service_level
}

#[test]
fn issue14_the_chance_of_meeting_the_target_is_the_share_of_the_rate_range_where_erlang_c_meets_it()
{
    let (a, b) = (120.0, 190.0);
    // The rate at which Erlang C's service level falls to the 80% target.
    let (mut lo, mut hi) = (a, b);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if erlang_sl(mid) >= 0.8 {
            lo = mid
        } else {
            hi = mid
        }
    }
    let exact_share = (lo - a) / (b - a);
    let dir = tempfile::tempdir().unwrap();
    let draws_n = 120;
    let text = mmc(150.0, 180.0, None, 10, 40, 2).with(&[])
        + &format!(
            "\n[uncertainty]\ndraws = {draws_n}\n\"service_line.support.volume.per_hour\" = {{ dist = \"uniform\", min = {a}, max = {b} }}\n"
        );
    let scenario = write(dir.path(), "s.toml", &text);
    let out = dir.path().join("out");
    run(&scenario, &out, &[]);
    let (header, rows) = draws(&out);
    assert_eq!(rows.len(), draws_n);
    let (rate, sl) = (
        column(&header, "service_line.support.volume.per_hour"),
        column(&header, "service_level.support"),
    );
    let mut meets = 0;
    for row in &rows {
        let (rate, sl): (f64, f64) = (row[rate].parse().unwrap(), row[sl].parse().unwrap());
        assert!(
            (a..=b).contains(&rate),
            "drawn rate {rate} outside [{a}, {b}]"
        );
        // Each draw simulated its own rate: its service level is Erlang C's.
        let exact = erlang_sl(rate);
        assert!(
            (sl - exact).abs() < 0.03,
            "rate {rate}: simulated service level {sl}, Erlang C {exact}"
        );
        meets += usize::from(sl >= 0.8);
    }
    let share = meets as f64 / draws_n as f64;
    let mc_error = (exact_share * (1.0 - exact_share) / draws_n as f64).sqrt();
    assert!(
        (share - exact_share).abs() <= 3.0 * mc_error,
        "meets the target in {share:.3} of draws; Erlang C in {exact_share:.3} of [{a}, {b}] (3σ = {:.3})",
        3.0 * mc_error
    );
    // The summary's chance for the year is the same count.
    let s = summary(&out);
    let p = s["uncertainty"]["lines"][0]["years"][0]["p_meets_target"]
        .as_f64()
        .unwrap();
    assert!(
        (p - share).abs() < 0.05,
        "p_meets_target {p}, share {share}"
    );
}

#[test]
fn issue14_an_input_without_doubt_gives_bands_of_width_zero() {
    let dir = tempfile::tempdir().unwrap();
    let text = TWO_POOLS.to_string()
        + "\n[uncertainty]\ndraws = 6\n\
           \"education.placement_rate\" = { dist = \"uniform\", min = 0.05, max = 0.05 }\n\
           \"workforce.attrition_annual\" = { dist = \"discrete\", values = [0.3] }\n";
    let scenario = write(dir.path(), "s.toml", &text);
    let out = dir.path().join("out");
    run(&scenario, &out, &["--replications", "1"]);
    let mut reader = csv::Reader::from_path(out.join("monthly.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let (p2, p50, p97, mean) = (
        column(&header, "pred_p2_5"),
        column(&header, "pred_p50"),
        column(&header, "pred_p97_5"),
        column(&header, "mean"),
    );
    let mut banded = 0;
    for row in reader.records() {
        let row = row.unwrap();
        if row[p2].is_empty() {
            continue;
        }
        banded += 1;
        assert_eq!(row[p2], row[p97], "{row:?}");
        // With one replication, a draw of the scenario's own values is the base run.
        assert_eq!(row[p50], row[mean], "{row:?}");
    }
    assert!(banded > 100, "only {banded} rows have bands");
    let s = &summary(&out)["uncertainty"];
    for figure in ["peak_shortfall", "revenue_usd"] {
        assert_eq!(s[figure]["p2_5"], s[figure]["p97_5"], "{figure}");
    }
    // With several replications, a draw's capacity plan is judged on the
    // pipeline of as many replications as the base run: a draw of the
    // scenario as written has exactly the base run's shortfall.
    let out3 = dir.path().join("out3");
    run(&scenario, &out3, &["--replications", "3"]);
    let mut reader = csv::Reader::from_path(out3.join("monthly.csv")).unwrap();
    let capacity = [
        "required_on_floor",
        "available_on_floor",
        "shortfall",
        "surplus",
    ];
    let mut checked = 0;
    for row in reader.records() {
        let row = row.unwrap();
        if capacity.contains(&&row[2]) && !row[p50].is_empty() {
            assert_eq!(row[p2], row[p97], "{row:?}");
            assert_eq!(row[p50], row[mean], "{row:?}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} capacity rows have bands");
    let base_short = summary(&out3)["staffing"]["short_from"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let (header3, rows3) = draws(&out3);
    let short = column(&header3, "short_from");
    assert!(rows3.iter().all(|r| r[short] == base_short), "{rows3:?}");
    // Nothing varies, so nothing can be ranked: said, not invented.
    assert!(s["sensitivity"][0]["r_squared"].is_null());
    assert!(
        s["sensitivity"][0]["note"]
            .as_str()
            .unwrap()
            .contains("same in every draw")
    );
}

#[test]
fn issue14_an_input_that_does_not_matter_gets_a_variance_share_near_zero() {
    let dir = tempfile::tempdir().unwrap();
    let text = TWO_POOLS.to_string()
        + "\n[uncertainty]\ndraws = 60\n\
           \"service_line.*.volume.monthly_growth\" = { dist = \"uniform\", min = 0.0, max = 0.06 }\n\
           \"service_line.voice_ru.price_usd_per_hour\" = { dist = \"uniform\", min = 4, max = 12 }\n";
    let scenario = write(dir.path(), "s.toml", &text);
    let out = dir.path().join("out");
    run(&scenario, &out, &["--replications", "1"]);
    let s = summary(&out);
    let share = |output: usize, key: &str| {
        s["uncertainty"]["sensitivity"][output]["shares"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == key)
            .unwrap()["share"]
            .as_f64()
            .unwrap()
    };
    let (growth, price) = (
        "service_line.*.volume.monthly_growth",
        "service_line.voice_ru.price_usd_per_hour",
    );
    // The price of Russian calls does not change who is short...
    assert!(
        share(0, price) < 0.05,
        "price's share of the peak shortfall {}",
        share(0, price)
    );
    assert!(
        share(0, growth) > 0.8,
        "growth's share of the peak shortfall {}",
        share(0, growth)
    );
    // ...but it does change the revenue.
    assert!(
        share(1, price) > 0.1,
        "price's share of the revenue {}",
        share(1, price)
    );
    // The chance of a shortfall by the last month is the share of draws short at all.
    let (header, rows) = draws(&out);
    let short = column(&header, "short_from");
    let short_draws =
        rows.iter().filter(|r| !r[short].is_empty()).count() as f64 / rows.len() as f64;
    let by_month = s["uncertainty"]["short_from"]["by_month"]
        .as_array()
        .unwrap();
    let last = by_month.last().unwrap()["p_short_by"].as_f64().unwrap();
    assert!((last - short_draws).abs() < 1e-12);
    assert!(
        by_month
            .windows(2)
            .all(|w| w[0]["p_short_by"].as_f64() <= w[1]["p_short_by"].as_f64()),
        "the chance of being short by a month never falls"
    );
}

/// The study's files, byte for byte.
fn files(out: &Path) -> Vec<(String, Vec<u8>)> {
    ["summary.json", "monthly.csv", "uncertainty.csv"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(out.join(f)).unwrap()))
        .collect()
}

#[test]
fn issue14_draws_give_the_same_bytes_for_any_thread_count_and_sharding() {
    let dir = tempfile::tempdir().unwrap();
    let text = TWO_POOLS.to_string()
        + "\n[uncertainty]\ndraws = 7\n\
           \"education.placement_rate\" = { dist = \"triangular\", min = 0.02, mode = 0.05, max = 0.1 }\n\
           \"service_line.*.volume.monthly_growth\" = { dist = \"pert\", min = 0.0, mode = 0.02, max = 0.05, independent = true }\n";
    let scenario = write(dir.path(), "s.toml", &text);
    let one = dir.path().join("one");
    run(&scenario, &one, &["--threads", "1", "--replications", "3"]);
    let two = dir.path().join("two");
    run(&scenario, &two, &["--threads", "2", "--replications", "3"]);
    assert_eq!(files(&one), files(&two));
    // Independent draws per line: one column per line.
    let (header, _) = draws(&one);
    assert!(header.contains(&"service_line.voice_en.volume.monthly_growth".to_string()));
    assert!(header.contains(&"service_line.voice_ru.volume.monthly_growth".to_string()));
    let shards: Vec<PathBuf> = (0..3)
        .map(|k| {
            let d = dir.path().join(format!("shard{k}"));
            run(
                &scenario,
                &d,
                &["--replications", "3", "--shard", &format!("{k}/3")],
            );
            d
        })
        .collect();
    let merged = dir.path().join("merged");
    bposim()
        .arg("merge")
        .arg("--out")
        .arg(&merged)
        .args(shards.iter().rev())
        .assert()
        .success();
    assert_eq!(files(&one), files(&merged));
    // --draws overrides the file, and is kept in scenario.toml.
    let more = dir.path().join("more");
    run(&scenario, &more, &["--replications", "1", "--draws", "3"]);
    assert_eq!(draws(&more).1.len(), 3);
    assert!(
        std::fs::read_to_string(more.join("scenario.toml"))
            .unwrap()
            .contains("draws = 3")
    );
}

fn refused(text: &str, args: &[&str], words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", text);
    let out = dir.path().join("out");
    let mut assert = bposim()
        .args(["run", "-q", "--format", "none", "--out"])
        .arg(&out)
        .args(args)
        .arg(&scenario)
        .assert()
        .code(2);
    for w in words {
        assert = assert.stderr(predicate::str::contains(*w));
    }
    assert!(!out.exists(), "bad input wrote {}", out.display());
}

#[test]
fn issue14_bad_uncertainty_is_refused_with_where_and_why() {
    let base = TWO_POOLS.to_string() + "\n[uncertainty]\ndraws = 4\n";
    // A placement rate can never exceed 1: refused at load, at its line.
    refused(
        &(base.clone()
            + "\"education.placement_rate\" = { dist = \"uniform\", min = 0.5, max = 1.5 }\n"),
        &[],
        &["s.toml:", "education.placement_rate", "highest draw 1.5"],
    );
    // An unbounded normal on a share must be truncated.
    refused(
        &(base.clone()
            + "\"education.placement_rate\" = { dist = \"normal\", mean = 0.05, sd = 0.02 }\n"),
        &[],
        &["lowest draw", "add `min"],
    );
    // Unknown inputs get a did-you-mean; unknown distributions and parameters too.
    refused(
        &(base.clone()
            + "\"education.placment_rate\" = { dist = \"uniform\", min = 0.1, max = 0.2 }\n"),
        &[],
        &["did you mean `placement_rate`"],
    );
    refused(
        &(base.clone()
            + "\"education.placement_rate\" = { dist = \"unifrom\", min = 0.1, max = 0.2 }\n"),
        &[],
        &["did you mean `uniform`"],
    );
    refused(
        &(base.clone()
            + "\"education.placement_rate\" = { dist = \"uniform\", min = 0.1, mode = 0.2, max = 0.3 }\n"),
        &[],
        &["`mode` is not a parameter"],
    );
    refused(
        &(base.clone()
            + "\"education.placement_rate\" = { dist = \"triangular\", min = 0.3, mode = 0.2, max = 0.4 }\n"),
        &[],
        &["min ≤ mode ≤ max"],
    );
    refused(
        &(base.clone() + "drawz = 3\n"),
        &[],
        &["did you mean `draws`"],
    );
    refused(
        &(base.clone() + "\"scenario.name\" = { dist = \"uniform\", min = 1, max = 2 }\n"),
        &[],
        &["scenario.name", "expected a string"],
    );
    refused(
        &(base.clone()
            + "\"education.placement_rate\" = { dist = \"uniform\", min = 0.1, max = 0.2, independent = true }\n"),
        &[],
        &["`independent` applies to `service_line.*`"],
    );
    // --draws needs something to draw.
    refused(TWO_POOLS, &["--draws", "5"], &["no [uncertainty] section"]);
    // validate says the same.
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.toml",
        &(base
            + "\"workforce.attrition_annual\" = { dist = \"uniform\", min = -0.2, max = 0.3 }\n"),
    );
    bposim()
        .arg("validate")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lowest draw -0.2"));
}
