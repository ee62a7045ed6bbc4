//! Sharded runs and merge: byte-identical to an unsharded run; bad merges refused.

use predicates::prelude::*;

use crate::common::{bposim, mmc, write};

fn run(args: &[&str], scenario: &std::path::Path, out: &std::path::Path) {
    bposim()
        .args(["run", "-q"])
        .args(args)
        .arg("--out")
        .arg(out)
        .arg(scenario)
        .assert()
        .success();
}

#[test]
fn issue7_shards_merge_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(
        dir.path(),
        "s.toml",
        &mmc(150.0, 300.0, Some(100.0), 14, 15, 7),
    );
    let full = dir.path().join("full");
    run(&[], &scenario, &full);
    // 4 shards of 7 replications, and 9 shards (two of them empty).
    for count in [4u32, 9] {
        let shard_dirs: Vec<_> = (0..count)
            .map(|k| {
                let d = dir.path().join(format!("s{count}-{k}"));
                run(&["--shard", &format!("{k}/{count}")], &scenario, &d);
                d
            })
            .collect();
        let merged = dir.path().join(format!("merged{count}"));
        bposim()
            .arg("merge")
            .arg("--out")
            .arg(&merged)
            .args(shard_dirs.iter().rev())
            .assert()
            .success();
        for file in ["summary.json", "monthly.csv", "replications.json"] {
            assert!(
                std::fs::read(full.join(file)).unwrap()
                    == std::fs::read(merged.join(file)).unwrap(),
                "{file} differs after merging {count} shards"
            );
        }
    }
}

#[test]
fn issue7_merge_refuses_mismatched_missing_and_duplicated_shards() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", &mmc(150.0, 300.0, None, 14, 5, 4));
    let other = write(dir.path(), "o.toml", &mmc(160.0, 300.0, None, 14, 5, 4));
    let shard = |name: &str, spec: &str, file: &std::path::Path, extra: &[&str]| {
        let d = dir.path().join(name);
        let mut args = vec!["--shard", spec];
        args.extend_from_slice(extra);
        run(&args, file, &d);
        d
    };
    let a0 = shard("a0", "0/2", &scenario, &[]);
    let a1 = shard("a1", "1/2", &scenario, &[]);
    let b1 = shard("b1", "1/2", &other, &[]);
    let c1 = shard("c1", "1/2", &scenario, &["--seed", "99"]);
    let out = dir.path().join("m");
    let refuse = |dirs: &[&std::path::Path], words: &str| {
        bposim()
            .arg("merge")
            .arg("--out")
            .arg(&out)
            .args(dirs)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(words));
        assert!(!out.join("summary.json").exists());
    };
    refuse(&[&a0], "missing shard 1/2");
    refuse(&[&a0, &a1, &a1], "given more than once");
    refuse(&[&a0, &b1], "scenario");
    refuse(&[&a0, &c1], "seed");
    refuse(&[&a0, dir.path()], "not a bposim result folder");
}

#[test]
fn issue7_bad_shard_values_are_bad_input() {
    for bad in ["3/3", "1", "a/b", "0/0", "1/x"] {
        bposim()
            .args(["run", "--shard", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("K/N"));
    }
}

#[test]
fn issue17_merge_checks_every_shard_file_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", &mmc(150.0, 300.0, None, 14, 3, 2));
    let a0 = dir.path().join("a0");
    let a1 = dir.path().join("a1");
    run(&["--shard", "0/2"], &scenario, &a0);
    run(&["--shard", "1/2"], &scenario, &a1);
    let original = std::fs::read_to_string(a1.join("replications.json")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&original).unwrap();
    let damaged = |edit: &dyn Fn(&mut serde_json::Value), words: &str| {
        let mut j = json.clone();
        edit(&mut j);
        std::fs::write(a1.join("replications.json"), j.to_string()).unwrap();
        let out = dir.path().join("m");
        bposim()
            .arg("merge")
            .arg("--out")
            .arg(&out)
            .args([&a0, &a1])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(words));
        assert!(!out.join("summary.json").exists());
    };
    damaged(
        &|j| j["results"][0]["lines"] = serde_json::json!([]),
        "`lines`",
    );
    damaged(
        &|j| j["results"][0]["week"]["arrivals"][0] = serde_json::json!([1, 2]),
        "`week`",
    );
    json["version"] = serde_json::json!("0.0.1");
    std::fs::write(a0.join("replications.json"), json.to_string()).unwrap();
    bposim()
        .arg("merge")
        .arg("--out")
        .arg(dir.path().join("m"))
        .args([&a0, &a1])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("written by bposim 0.0.1"));
}
