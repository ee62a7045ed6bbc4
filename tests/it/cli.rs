//! The command line: exit codes, outputs, reproducibility.

use predicates::prelude::*;

use crate::common::{bposim, mmc, write};

#[test]
fn run_writes_summary_and_monthly() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(
        dir.path(),
        "s.toml",
        &mmc(100.0, 300.0, Some(200.0), 10, 10, 3),
    );
    let out = dir.path().join("out");
    bposim()
        .args(["run", "-q", "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let line = &summary["lines"][0];
    assert_eq!(line["id"], "support");
    assert_eq!(line["channel"], "realtime");
    for key in [
        "offered",
        "handled",
        "abandoned",
        "service_level",
        "p_wait",
        "asa_s",
        "mean_queue_time_s",
        "abandon_rate",
        "occupancy",
    ] {
        let stat = &line[key];
        let mean = stat["mean"]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} has a mean"));
        let ci = stat["ci95"].as_array().unwrap();
        assert!(
            ci[0].as_f64().unwrap() <= mean && mean <= ci[1].as_f64().unwrap(),
            "{key}"
        );
    }
    for key in [
        "offered",
        "handled",
        "revenue_usd",
        "wage_bill_usd",
        "headcount_end",
        "hires",
        "graduates_placed",
        "attrition",
    ] {
        assert!(summary["totals"][key]["mean"].is_number(), "totals.{key}");
    }
    let csv = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    assert!(csv.starts_with("month,scope,metric,mean,ci95_low,ci95_high,scope_kind\n"));
    assert!(csv.contains("2026-01,support,service_level,"));
    assert!(out.join("scenario.toml").exists());
}

#[test]
fn same_seed_same_bytes_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(
        dir.path(),
        "s.toml",
        &mmc(200.0, 300.0, Some(120.0), 18, 20, 6),
    );
    let run = |threads: &str, out: &str| {
        let out = dir.path().join(out);
        bposim()
            .args(["run", "-q", "--threads", threads, "--out"])
            .arg(&out)
            .arg(&scenario)
            .assert()
            .success();
        (
            std::fs::read(out.join("summary.json")).unwrap(),
            std::fs::read(out.join("monthly.csv")).unwrap(),
        )
    };
    let one = run("1", "a");
    let two = run("2", "b");
    assert!(one == two, "--threads 1 and --threads 2 differ");
    let other_seed = {
        let out = dir.path().join("c");
        bposim()
            .args(["run", "-q", "--seed", "12", "--out"])
            .arg(&out)
            .arg(&scenario)
            .assert()
            .success();
        std::fs::read(out.join("summary.json")).unwrap()
    };
    assert_ne!(
        one.0, other_seed,
        "a different seed must change the results"
    );
}

#[test]
fn bad_scenario_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = mmc(100.0, 300.0, None, 10, 10, 3).replace("handle_time", "handel_time");
    let scenario = write(dir.path(), "bad.toml", &text);
    let out = dir.path().join("out");
    bposim()
        .args(["run", "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml:"))
        .stderr(predicate::str::contains("unknown key `handel_time`"))
        .stderr(predicate::str::contains("did you mean `handle_time`?"));
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the scenario file remains");
}

#[test]
fn validate_reports_every_problem_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = mmc(-5.0, 300.0, None, 10, 10, 3)
        .replace("channel = \"realtime\"", "channel = \"realtme\"")
        .replace("service_level = 0.8", "service_level = 80");
    let scenario = write(dir.path(), "bad.toml", &text);
    bposim()
        .arg("validate")
        .arg(&scenario)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.toml:10:11: service_line[0].channel",
        ))
        .stderr(predicate::str::contains("did you mean `realtime`?"))
        .stderr(predicate::str::contains("`per_hour` must be from 0"))
        .stderr(predicate::str::contains("0.8 for 80%"))
        .stderr(predicate::str::contains("3 problems"));
}

#[test]
fn missing_file_and_directory_are_bad_input() {
    bposim()
        .args(["run", "no-such-file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    bposim()
        .args(["validate", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("directory"));
}

#[test]
fn unknown_flag_is_bad_input() {
    bposim()
        .args(["run", "--replicatoins", "3"])
        .assert()
        .code(2);
}

#[test]
fn erlang_reproduces_published_values() {
    let out = bposim()
        .args([
            "erlang",
            "--per-hour",
            "200",
            "--aht-s",
            "180",
            "--within-s",
            "20",
            "--agents",
            "14",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let near = |v: &serde_json::Value, key: &str, x: f64, digits: i32| {
        let got = v[key].as_f64().unwrap();
        assert!(
            (got - x).abs() < 0.5 * 10f64.powi(-digits),
            "{key}: {got} vs {x}"
        );
    };
    near(&v, "p_wait", 0.17413, 5);
    near(&v, "service_level", 0.88835, 5);
    near(&v, "asa_s", 7.836, 3);
    near(&v, "occupancy", 0.71429, 5);
    let out = bposim()
        .args([
            "erlang",
            "--per-hour",
            "200",
            "--aht-s",
            "180",
            "--patience-s",
            "300",
            "--within-s",
            "20",
        ])
        .args(["--target-sl", "0.9", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["required_agents"], 14);
    near(&v, "p_wait", 0.14526, 5);
    near(&v, "abandon_rate", 0.013984, 6);
    near(&v, "service_level", 0.916792, 6);
    near(&v, "occupancy", 0.704297, 6);
}

#[test]
fn erlang_rejects_unstable_and_invalid_input() {
    bposim()
        .args([
            "erlang",
            "--per-hour",
            "200",
            "--aht-s",
            "180",
            "--within-s",
            "20",
            "--agents",
            "10",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than 10 agents"));
    bposim()
        .args([
            "erlang",
            "--per-hour",
            "-5",
            "--aht-s",
            "180",
            "--within-s",
            "20",
            "--agents",
            "10",
        ])
        .assert()
        .code(2);
    bposim()
        .args([
            "erlang",
            "--per-hour",
            "5",
            "--aht-s",
            "180",
            "--within-s",
            "20",
        ])
        .assert()
        .code(2);
}

#[test]
fn issue16_a_star_sets_every_line_and_validate_takes_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // "What if demand grows 50% a year?" in one command.
    bposim()
        .args(["run", "-q", "--format", "none", "--replications", "1"])
        .args([
            "--set",
            "service_line.*.volume.monthly_growth=0.034",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let scenario = std::fs::read_to_string(out.join("scenario.toml")).unwrap();
    assert_eq!(scenario.matches("monthly_growth = 0.034").count(), 9);
    let built_in = dir.path().join("plan.toml");
    bposim().arg("init").arg(&built_in).assert().success();
    bposim()
        .args([
            "validate",
            "--set",
            "service_line.*.volume.monthly_growth=0.034",
        ])
        .arg(&built_in)
        .assert()
        .success();
    for (bad, words) in [
        (
            "service_line.*.volume.monthly_growth=x",
            "expected a number",
        ),
        ("service_line.nobody.price_usd=1", "no service line with id"),
        ("scenario.seed=7\n[evil]\nx=1", "line break"),
    ] {
        bposim()
            .args(["validate", "--set", bad])
            .arg(&built_in)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(words));
    }
}

#[test]
fn issue17_a_run_never_writes_over_its_own_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let text = mmc(100.0, 180.0, None, 8, 2, 1);
    let input = write(dir.path(), "scenario.toml", &text);
    bposim()
        .current_dir(dir.path())
        .args([
            "run",
            "scenario.toml",
            "--out",
            ".",
            "--set",
            "scenario.seed=5",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("would write over the input"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
    assert!(!dir.path().join("summary.json").exists());
    // Another name in the same folder is fine.
    let other = write(dir.path(), "plan.toml", &text);
    bposim()
        .args(["run", "-q", "--format", "none", "--out"])
        .arg(dir.path())
        .arg(&other)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
}

#[test]
fn issue17_options_have_bounds() {
    for args in [
        &[
            "erlang",
            "--per-hour",
            "100",
            "--aht-s",
            "180",
            "--within-s",
            "20",
            "--agents",
            "4294967295",
        ][..],
        &["run", "--threads", "10000"][..],
        &["run", "--shard", "0/4294967295"][..],
    ] {
        bposim().args(args).assert().code(2);
    }
}

#[test]
fn issue17_a_name_with_terminal_escapes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        mmc(100.0, 180.0, None, 8, 2, 1).replace("name = \"mmc\"", "name = \"x\\u001b[2Jfake\"");
    let file = write(dir.path(), "s.toml", &text);
    let assert = bposim().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("control characters") && !stderr.contains('\u{1b}'),
        "{stderr}"
    );
}

#[test]
fn issue17_messages_do_not_contradict() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A device is not read to the end.
    #[cfg(unix)]
    bposim()
        .args(["validate", "/dev/zero"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("larger than 10 MB"));
    // `none` with a format is a contradiction.
    let s = write(d, "s.toml", &mmc(100.0, 180.0, None, 8, 2, 1));
    bposim()
        .args(["run", "--format", "svg,none", "--out"])
        .arg(d.join("out"))
        .arg(&s)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot be combined"));
    assert!(!d.join("out").exists());
    // init --force replaces files only, never a pipe (or a device).
    #[cfg(unix)]
    {
        let fifo = d.join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        bposim()
            .args(["init", "--force"])
            .arg(&fifo)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("not a regular file"));
    }
    // The whole 64-bit range of seeds is a seed; the allowed range is what is said.
    let big = mmc(100.0, 180.0, None, 8, 2, 1).replace("seed = 11", "seed = 18446744073709551615");
    bposim()
        .arg("validate")
        .arg(write(d, "big.toml", &big))
        .assert()
        .success();
    let low = mmc(100.0, 180.0, None, 8, 2, 1).replace(
        "on_duty = { support = 8 }",
        "on_duty = { support = 8 }\nmax_occupancy = 0.01",
    );
    bposim()
        .arg("validate")
        .arg(write(d, "low.toml", &low))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("from 0.05 to 1"));
}
