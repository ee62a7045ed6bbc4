//! Issue 17: the output folder is never a mix of two runs, never keeps an
//! earlier run's stray files, never loses a finished run to a mount point.

use std::path::Path;

use crate::common::{bposim, mmc, write};

fn run(scenario: &Path, out: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    bposim()
        .args(["run", "-q", "--replications", "1"])
        .args(args)
        .arg("--out")
        .arg(out)
        .arg(scenario)
        .assert()
}

fn seed_of(out: &Path, file: &str) -> u64 {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(file)).unwrap()).unwrap();
    json["seed"].as_u64().unwrap()
}

#[test]
fn issue17_a_rerun_with_fewer_formats_leaves_no_stale_charts() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", &mmc(100.0, 180.0, None, 8, 2, 1));
    let out = dir.path().join("out");
    run(&s, &out, &["--format", "svg,png"]).success();
    assert!(out.join("charts/staffing_gap.png").exists());
    run(&s, &out, &["--format", "svg"]).success();
    assert!(out.join("charts/staffing_gap.svg").exists());
    assert!(
        !out.join("charts/staffing_gap.png").exists(),
        "stale PNG left"
    );
    // The user's own files in the folder are left alone.
    write(&out, "notes.txt", "mine");
    run(&s, &out, &["--format", "none"]).success();
    assert!(!out.join("charts/staffing_gap.svg").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn issue17_leftovers_of_killed_runs_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", &mmc(100.0, 180.0, None, 8, 2, 1));
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join(".bposim-staging-999999999/charts")).unwrap();
    write(&out, ".bposim.lock", "999999999");
    run(&s, &out, &["--format", "none"]).success();
    assert!(!out.join(".bposim-staging-999999999").exists());
    assert!(!out.join(".bposim.lock").exists());
    assert!(out.join("summary.json").exists());
}

#[cfg(unix)]
#[test]
fn issue17_concurrent_writers_never_mix_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", &mmc(100.0, 180.0, None, 8, 2, 1));
    let out = dir.path().join("out");
    // Both runs finish staging at about the same time, then move in turn.
    let spawn = |seed: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("bposim"))
            .env("BPOSIM_TEST_HOLD_STAGING_MS", "800")
            .args([
                "run",
                "-q",
                "--replications",
                "1",
                "--format",
                "none",
                "--seed",
                seed,
                "--out",
            ])
            .arg(&out)
            .arg(&s)
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn("1"), spawn("2"));
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    assert_eq!(
        seed_of(&out, "summary.json"),
        seed_of(&out, "replications.json")
    );
    assert!(!out.join(".bposim.lock").exists());
}

/// A run into a folder on another file system (a tmpfs mount, as a Docker
/// `-v` folder would be) writes its results. Needs root to mount; elsewhere
/// the staging-inside-the-target design is exercised by the other tests.
#[cfg(target_os = "linux")]
#[test]
fn issue17_a_mount_point_as_out_gets_its_results() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", &mmc(100.0, 180.0, None, 8, 2, 1));
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root)");
        return;
    }
    let result = run(&s, &mnt, &["--format", "svg"]).try_success();
    let written = mnt.join("summary.json").exists() && mnt.join("charts/staffing_gap.svg").exists();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    assert!(result.is_ok() && written, "{result:?}");
}

#[cfg(unix)]
#[test]
fn issue17_a_dangling_or_looping_link_as_out_is_refused_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", &mmc(100.0, 180.0, None, 8, 2, 1));
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nowhere/at/all"), &dangling).unwrap();
    let (a, b) = (dir.path().join("loop_a"), dir.path().join("loop_b"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    for out in [&dangling, &a] {
        run(&s, out, &["--format", "none"])
            .code(2)
            .stderr(predicates::str::contains("leads nowhere"));
    }
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn issue17_control_characters_never_reach_the_report() {
    // Escaped as the replacement character wherever user text is shown.
    let dir = tempfile::tempdir().unwrap();
    let name = "s\u{7}\u{1}.toml";
    let s = write(dir.path(), name, &mmc(100.0, 180.0, None, 8, 2, 1));
    let out = dir.path().join("out");
    run(&s, &out, &["--format", "svg"]).success();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    );
}
