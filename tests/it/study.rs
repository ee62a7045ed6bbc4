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
    assert!(
        svg.contains("moves the peak shortfall most"),
        "the title states the finding"
    );
    assert!(svg.contains("Agents on duty (support)"));
}

/// The text of every `<text>` element of an SVG.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let open = t.find('>')? + 1;
            let close = t.find("</text>")?;
            Some(t[open..close].trim().to_string())
        })
        .collect()
}

/// A page that loads nothing and runs nothing.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for needle in [
        "http://", "https://", "<script", "<link", "<img", "<iframe", "@import",
    ] {
        assert!(!lower.contains(needle), "report.html contains {needle}");
    }
    for (i, _) in lower.match_indices("href=\"") {
        assert!(lower[i + 6..].starts_with('#'), "a link out of the page");
    }
}

#[test]
fn issue15_compare_writes_a_report_with_demand_supply_and_headlines() {
    let dir = tempfile::tempdir().unwrap();
    let two_pools = include_str!("fixtures/two-pools.toml");
    let a = write(dir.path(), "low.toml", two_pools);
    let b = write(
        dir.path(),
        "high.toml",
        &two_pools.replace("placement_rate = 0.05", "placement_rate = 0.25"),
    );
    let out = dir.path().join("cmp");
    let assert = bposim()
        .args(["compare", "--replications", "2", "--format", "svg", "--out"])
        .arg(&out)
        .args([&a, &b])
        .assert()
        .success();
    // The terminal table: aligned columns, one number format.
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let table: Vec<&str> = stderr.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(table.len(), 3, "{stderr}");
    let widths: Vec<usize> = table.iter().map(|l| l.chars().count()).collect();
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "ragged table:\n{stderr}"
    );
    assert!(table[0].contains("peak shortfall") && table[0].contains("export revenue (USD)"));

    let html =
        std::fs::read_to_string(out.join("report.html")).expect("compare writes report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_self_contained(&html);
    for needle in [
        "Comparison of scenarios",
        "data-case=\"low\"",
        "data-case=\"high\"",
        "first short month",
        "peak shortfall",
        "export revenue",
    ] {
        assert!(html.contains(needle), "the compare report lacks {needle}");
    }
    assert!(html.matches("<svg").count() >= 3, "charts inlined");
    // Demand and supply of both scenarios on one chart.
    let staffing = std::fs::read_to_string(out.join("charts/compare_staffing.svg")).unwrap();
    let texts = svg_texts(&staffing);
    for series in [
        "low: required",
        "low: available",
        "high: required",
        "high: available",
    ] {
        assert!(
            texts.iter().any(|t| t == series),
            "no {series} in {texts:?}"
        );
    }
    assert!(out.join("charts/compare_shortfall.svg").exists());
}

#[test]
fn issue15_sweep_writes_a_report_lever_charts_and_a_readable_tornado() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "s.toml",
        include_str!("fixtures/two-pools.toml"),
    );
    let out = dir.path().join("sw");
    bposim()
        .args([
            "sweep",
            "-q",
            "--replications",
            "2",
            "--format",
            "svg",
            "--out",
        ])
        .arg(&out)
        .arg(&s)
        .args([
            "--vary",
            "education.placement_rate=0.1,0.25,0.4",
            "--vary",
            "workforce.attrition_annual=0.2,0.5",
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("report.html")).expect("sweep writes report.html");
    assert_self_contained(&html);
    for needle in [
        "Sensitivity study",
        "Placement rate",
        "Annual attrition",
        "chart-tornado",
    ] {
        assert!(html.contains(needle), "the sweep report lacks {needle}");
    }
    // The shortfall against each lever's values, with its band.
    for key in ["education_placement_rate", "workforce_attrition_annual"] {
        let lever = std::fs::read_to_string(out.join(format!("charts/sweep_shortfall_{key}.svg")))
            .unwrap_or_else(|_| panic!("no lever chart for {key}"));
        assert!(lever.contains("95% band"));
        assert!(html.contains(&format!("chart-sweep_shortfall_{key}")));
        assert!(
            out.join(format!("charts/sweep_staffing_{key}.svg"))
                .exists()
        );
    }
    let lever = svg_texts(
        &std::fs::read_to_string(out.join("charts/sweep_shortfall_education_placement_rate.svg"))
            .unwrap(),
    );
    for value in ["10%", "25%", "40%"] {
        assert!(
            lever.iter().any(|t| t == value),
            "no tick {value} in {lever:?}"
        );
    }
    // The tornado: human labels, no raw keys, no axis below zero for people.
    let tornado = std::fs::read_to_string(out.join("charts/tornado.svg")).unwrap();
    let texts = svg_texts(&tornado);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Placement rate (10% → 40%)")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Annual attrition (20% → 50%)")),
        "{texts:?}"
    );
    assert!(!tornado.contains("education.placement_rate"));
    assert!(
        !texts
            .iter()
            .any(|t| t.starts_with('-') || t.starts_with('−')),
        "a negative value on the people axis: {texts:?}"
    );
    // The service-level tornado reads in percent, like its axis.
    let sl =
        svg_texts(&std::fs::read_to_string(out.join("charts/tornado_service_level.svg")).unwrap());
    assert!(
        sl.iter().filter(|t| t.ends_with('%')).count() >= 4,
        "{sl:?}"
    );
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
