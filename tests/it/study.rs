//! compare, sweep and --set from the command line.

use predicates::prelude::*;

use crate::common::{bposim, mmc, write};

#[test]
fn issue6_compare_pairs_replications_with_common_random_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.toml",
        &mmc(150.0, 300.0, Some(200.0), 14, 10, 4),
    );
    let same = write(
        dir.path(),
        "same.toml",
        &mmc(150.0, 300.0, Some(200.0), 14, 10, 4),
    );
    let more = write(
        dir.path(),
        "more.toml",
        &mmc(150.0, 300.0, Some(200.0), 16, 10, 4),
    );
    let out = dir.path().join("cmp");
    bposim()
        .args(["compare", "-q", "--out"])
        .arg(&out)
        .args([&a, &same, &more])
        .assert()
        .success();
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(csv.starts_with(
        "case,key,value,metric,mean,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high\n"
    ));
    let row = |case: &str, metric: &str| -> Vec<f64> {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{case},,,{metric},")))
            .unwrap_or_else(|| panic!("{case} {metric} in compare.csv"));
        line.split(',')
            .skip(4)
            .map(|x| x.parse().unwrap())
            .collect()
    };
    // Identical inputs with the same seeds give identical replications: a zero difference.
    assert_eq!(&row("same", "service_level")[3..], &[0.0, 0.0, 0.0]);
    // Two more agents raise the service level, and the paired interval excludes zero.
    let diff = row("more", "service_level");
    assert!(diff[3] > 0.0 && diff[4] > 0.0, "{diff:?}");
    assert!(out.join("charts/compare_revenue.svg").exists());
}

#[test]
fn issue6_sweep_writes_sweep_csv_and_a_tornado() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "s.toml",
        &mmc(150.0, 300.0, Some(200.0), 14, 5, 3),
    );
    let out = dir.path().join("sw");
    bposim()
        .args(["sweep", "-q", "--format", "svg", "--out"])
        .arg(&out)
        .arg(&s)
        .args([
            "--vary",
            "workforce.on_duty.support=12,16",
            "--vary",
            "service_line.support.price_usd=1,3",
        ])
        .assert()
        .success();
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert!(
        csv.contains("workforce.on_duty.support=12,workforce.on_duty.support,12,service_level,")
    );
    assert!(csv.contains(
        "service_line.support.price_usd=3,service_line.support.price_usd,3,revenue_usd,"
    ));
    let svg = std::fs::read_to_string(out.join("charts/tornado.svg")).unwrap();
    assert!(svg.starts_with("<svg") || svg.contains("<svg"));
    assert!(svg.contains("Sensitivity of the peak shortfall"));
    assert!(svg.contains("workforce.on_duty.support"));
}

#[test]
fn issue4_set_overrides_values_and_rejects_unknown_paths() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", &mmc(150.0, 300.0, None, 14, 5, 2));
    let out = dir.path().join("o");
    bposim()
        .args([
            "run",
            "-q",
            "--format",
            "none",
            "--set",
            "service_line.support.price_usd=5",
            "--out",
        ])
        .arg(&out)
        .arg(&s)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let line = &summary["lines"][0];
    let revenue = line["revenue_usd"]["mean"].as_f64().unwrap();
    let handled = line["handled"]["mean"].as_f64().unwrap();
    assert!((revenue - 5.0 * handled).abs() < 1e-6 * revenue);
    assert!(
        std::fs::read_to_string(out.join("scenario.toml"))
            .unwrap()
            .contains("price_usd = 5")
    );
    for (bad, words) in [
        ("service_line.suport.price_usd=5", "did you mean `support`"),
        ("workforce.on_dutty.support=5", "did you mean `on_duty`"),
        ("noequalsign", "KEY=VALUE"),
        ("scenario.replications=zero", "expected a number"),
    ] {
        bposim()
            .args(["run", "--set", bad, "--out"])
            .arg(dir.path().join("bad"))
            .arg(&s)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(words));
        assert!(!dir.path().join("bad").exists());
    }
}
