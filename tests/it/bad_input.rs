//! Issue 8: bad input and faults. Every analyst mistake gets a clear message
//! (file:line:col, key path, did-you-mean) and exit code 2; nothing is written
//! to `--out` and no temporary folder is left beside it; an interrupted run
//! leaves earlier results untouched.
//!
//! Output-location problems (the `--out` path or a parent is a file, no
//! permission, read-only file system) are the user's to fix by choosing
//! another `--out`: exit code 2, like any other bad argument.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::common::{bposim, write};

/// A scenario using every key of the current format.
const BASE: &str = r#"[scenario]
name = "base"
days = 10
warmup_days = 1
replications = 2
seed = 5
site_utc_offset_h = 5

[[service_line]]
id = "support"
channel = "realtime"
hours = "24x7"
client_utc_offset_h = 9
skill = "voice"
priority = 1
volume = { per_hour = 20 }
handle_time = { dist = "exponential", mean_s = 300 }
patience = { dist = "lognormal", mean_s = 120, cv = 0.5 }
target = { service_level = 0.80, within_s = 20 }
price_usd = 6.0

[[service_line]]
id = "sales"
channel = "realtime"
hours = "business"
volume = { per_month = 3000, monthly_growth = 0.02, seasonality = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2] }
handle_time = { dist = "gamma", mean_min = 5, cv = 0.8 }
target = { service_level = 0.9, within_s = 30 }

[workforce]
mode = "fixed"
on_duty = { voice = 4, sales = 2 }
shrinkage = 0.1
"#;

/// One analyst mistake: an edit of [`BASE`] and what the message must say.
struct Mistake {
    /// What the analyst did.
    name: &'static str,
    /// Text of BASE to replace (must occur in it) and its replacement.
    edits: &'static [(&'static str, &'static str)],
    /// Where in the edited file the error points: the first occurrence of
    /// `prefix|value` (without the bar) and then the start of `value`.
    at: Option<&'static str>,
    /// Words the message must contain (key path, what is wrong, did-you-mean).
    words: &'static [&'static str],
}

const fn m(
    name: &'static str,
    edits: &'static [(&'static str, &'static str)],
    at: Option<&'static str>,
    words: &'static [&'static str],
) -> Mistake {
    Mistake {
        name,
        edits,
        at,
        words,
    }
}

const MISTAKES: &[Mistake] = &[
    m(
        "misspelt key",
        &[(
            "handle_time = { dist = \"exp",
            "handel_time = { dist = \"exp",
        )],
        Some("handel_time"),
        &[
            "service_line[0].handel_time",
            "unknown key `handel_time`",
            "did you mean `handle_time`?",
        ],
    ),
    m(
        "misspelt section",
        &[("[workforce]", "[workfroce]")],
        Some("workfroce"),
        &["unknown key `workfroce`", "did you mean `workforce`?"],
    ),
    m(
        "misspelt key in a scenario header",
        &[("warmup_days = 1", "warm_up_days = 1")],
        Some("warm_up_days"),
        &["scenario.warm_up_days", "did you mean `warmup_days`?"],
    ),
    m(
        "misspelt channel",
        &[(
            "channel = \"realtime\"\nhours = \"24x7\"",
            "channel = \"real-time\"\nhours = \"24x7\"",
        )],
        Some("\"real-time\""),
        &[
            "service_line[0].channel",
            "unknown value \"real-time\"",
            "did you mean `realtime`?",
        ],
    ),
    m(
        "misspelt distribution",
        &[("\"exponential\"", "\"exponental\"")],
        Some("\"exponental\""),
        &[
            "service_line[0].handle_time.dist",
            "did you mean `exponential`?",
        ],
    ),
    m(
        "misspelt hours preset",
        &[("\"24x7\"", "\"24/7\"")],
        Some("\"24/7\""),
        &["service_line[0].hours", "did you mean `24x7`?"],
    ),
    m(
        "misspelt workforce mode",
        &[("\"fixed\"", "\"fixd\"")],
        Some("\"fixd\""),
        &["workforce.mode", "did you mean `fixed`?"],
    ),
    m(
        "misspelt distribution parameter",
        &[("mean_s = 120", "maen_s = 120")],
        Some("maen_s"),
        &["service_line[0].patience.maen_s", "did you mean `mean_s`?"],
    ),
    m(
        "number with thousands separators in a string",
        &[("per_hour = 20", "per_hour = \"1,200\"")],
        Some("\"1,200\""),
        &[
            "service_line[0].volume.per_hour",
            "expected a number, found the string \"1,200\"",
            "without quotes or thousands separators: 1200",
        ],
    ),
    m(
        "number in quotes",
        &[("price_usd = 6.0", "price_usd = \"6.0\"")],
        Some("\"6.0\""),
        &["service_line[0].price_usd", "expected a number"],
    ),
    m(
        "nan",
        &[("mean_s = 300", "mean_s = nan")],
        Some("mean_s = |nan"),
        &["service_line[0].handle_time.mean_s", "finite"],
    ),
    m(
        "inf",
        &[("per_hour = 20", "per_hour = inf")],
        Some("per_hour = |inf"),
        &["service_line[0].volume.per_hour", "finite"],
    ),
    m(
        "negative rate",
        &[("per_hour = 20", "per_hour = -20")],
        Some("per_hour = |-20"),
        &["service_line[0].volume.per_hour", "found -20"],
    ),
    m(
        "negative monthly volume",
        &[("per_month = 3000", "per_month = -3000")],
        Some("-3000"),
        &["service_line[1].volume.per_month", "found -3000"],
    ),
    m(
        "zero mean handle time",
        &[("mean_s = 300", "mean_s = 0")],
        Some("{ dist = \"exponential\""),
        &["service_line[0].handle_time", "positive"],
    ),
    m(
        "negative mean",
        &[("mean_min = 5", "mean_min = -5")],
        Some("mean_min = |-5"),
        &["service_line[1].handle_time.mean_min", "≥ 0"],
    ),
    m(
        "negative coefficient of variation",
        &[("cv = 0.5", "cv = -0.5")],
        Some("{ dist = \"lognormal\""),
        &["service_line[0].patience", "cv"],
    ),
    m(
        "uniform with min above max",
        &[(
            "{ dist = \"gamma\", mean_min = 5, cv = 0.8 }",
            "{ dist = \"uniform\", min_s = 600, max_s = 60 }",
        )],
        Some("{ dist = \"uniform\""),
        &["service_line[1].handle_time", "must not exceed"],
    ),
    m(
        "service level above 1",
        &[("service_level = 0.9", "service_level = 1.5")],
        Some("service_level = |1.5"),
        &[
            "service_line[1].target.service_level",
            "must be from 0 to 1",
        ],
    ),
    m(
        "service level as a percentage",
        &[("service_level = 0.80", "service_level = 80")],
        Some("service_level = |80"),
        &["service_line[0].target.service_level", "0.8 for 80%"],
    ),
    m(
        "negative service level",
        &[("service_level = 0.9", "service_level = -0.1")],
        Some("service_level = |-0.1"),
        &["service_line[1].target.service_level", "from 0 to 1"],
    ),
    m(
        "shrinkage of 1",
        &[("shrinkage = 0.1", "shrinkage = 1")],
        Some("shrinkage = |1"),
        &["workforce.shrinkage", "found 1,"],
    ),
    m(
        "negative shrinkage",
        &[("shrinkage = 0.1", "shrinkage = -0.1")],
        Some("shrinkage = |-0.1"),
        &["workforce.shrinkage", "at least 0"],
    ),
    m(
        "warm-up as long as the horizon",
        &[("warmup_days = 1", "warmup_days = 10")],
        Some("warmup_days = |10"),
        &["scenario.warmup_days", "not shorter than the horizon"],
    ),
    m(
        "negative warm-up",
        &[("warmup_days = 1", "warmup_days = -1")],
        Some("warmup_days = |-1"),
        &["scenario.warmup_days", "≥ 0"],
    ),
    m(
        "empty id",
        &[("id = \"sales\"", "id = \"\"")],
        Some("\"\""),
        &["service_line[1].id", "ids use only a-z, 0-9 and _"],
    ),
    m(
        "id with capitals and spaces",
        &[("id = \"support\"", "id = \"Support Desk\"")],
        Some("\"Support Desk\""),
        &["service_line[0].id", "a-z, 0-9 and _"],
    ),
    m(
        "duplicate id",
        &[("id = \"sales\"", "id = \"support\"")],
        Some("id = |\"support\"\nchannel = \"realtime\"\nhours = \"business\""),
        &[
            "service_line[1].id",
            "duplicate service-line id \"support\"",
        ],
    ),
    m(
        "unknown skill in on_duty",
        &[("voice = 4", "voic = 4")],
        Some("voic = |4"),
        &[
            "workforce.on_duty.voic",
            "no service line needs the skill `voic`",
            "did you mean `voice`?",
        ],
    ),
    m(
        "skill missing from on_duty",
        &[(
            "on_duty = { voice = 4, sales = 2 }",
            "on_duty = { voice = 4 }",
        )],
        None,
        &["workforce", "skill `sales`", "sales = N"],
    ),
    m(
        "negative agents",
        &[("sales = 2", "sales = -2")],
        Some("sales = |-2"),
        &["workforce.on_duty.sales", "found -2", "whole number"],
    ),
    m(
        "fractional agents",
        &[("sales = 2", "sales = 2.5")],
        Some("sales = |2.5"),
        &["workforce.on_duty.sales", "whole number"],
    ),
    m(
        "month 13",
        &[("days = 10", "months = 2\nstart = \"2026-13\"")],
        Some("\"2026-13\""),
        &["scenario.start", "found \"2026-13\"", "YYYY-MM"],
    ),
    m(
        "start as words",
        &[("days = 10", "months = 2\nstart = \"March 2026\"")],
        Some("\"March 2026\""),
        &["scenario.start", "YYYY-MM", "2026-01"],
    ),
    m(
        "start as a TOML date",
        &[("days = 10", "months = 2\nstart = 2026-03-01")],
        Some("2026-03-01"),
        &[
            "scenario.start",
            "expected a string, found the date 2026-03-01",
        ],
    ),
    m(
        "days and months both",
        &[("days = 10", "days = 10\nmonths = 1")],
        Some("months = |1"),
        &["scenario.months", "not both"],
    ),
    m(
        "no horizon",
        &[("days = 10\n", "")],
        None,
        &["scenario.days", "missing the horizon"],
    ),
    m(
        "fractional days",
        &[("days = 10", "days = 10.5")],
        Some("days = |10.5"),
        &["scenario.days", "whole number"],
    ),
    m(
        "zero replications in the file",
        &[("replications = 2", "replications = 0")],
        Some("replications = |0"),
        &["scenario.replications", "from 1 to"],
    ),
    m(
        "UTC offset out of range",
        &[("client_utc_offset_h = 9", "client_utc_offset_h = 15")],
        Some("client_utc_offset_h = |15"),
        &["service_line[0].client_utc_offset_h", "-12 to +14"],
    ),
    m(
        "table where a number is expected",
        &[("per_hour = 20", "per_hour = { value = 20 }")],
        Some("{ value = 20 }"),
        &[
            "service_line[0].volume.per_hour",
            "expected a number, found a table",
        ],
    ),
    m(
        "string where a table is expected",
        &[(
            "handle_time = { dist = \"gamma\", mean_min = 5, cv = 0.8 }",
            "handle_time = \"gamma\"",
        )],
        Some("\"gamma\""),
        &[
            "service_line[1].handle_time",
            "expected a table, found the string \"gamma\"",
        ],
    ),
    m(
        "number where a string is expected",
        &[("id = \"sales\"", "id = 7")],
        Some("id = |7"),
        &[
            "service_line[1].id",
            "expected a string, found the integer 7",
        ],
    ),
    m(
        "boolean where a number is expected",
        &[("days = 10", "days = true")],
        Some("days = |true"),
        &["scenario.days", "expected a number, found the boolean true"],
    ),
    m(
        "array where a table is expected",
        &[(
            "target = { service_level = 0.9, within_s = 30 }",
            "target = [0.9, 30]",
        )],
        Some("[0.9, 30]"),
        &["service_line[1].target", "expected a table, found an array"],
    ),
    m(
        "single table where an array of tables is expected",
        &[
            (
                "[[service_line]]\nid = \"support\"",
                "[service_line]\nid = \"support\"",
            ),
            (
                "\n[[service_line]]\nid = \"sales\"\nchannel = \"realtime\"\nhours = \"business\"\nvolume = { per_month = 3000, monthly_growth = 0.02, seasonality = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2] }\nhandle_time = { dist = \"gamma\", mean_min = 5, cv = 0.8 }\ntarget = { service_level = 0.9, within_s = 30 }\n",
                "",
            ),
        ],
        None,
        &["service_line", "expected an array, found a table"],
    ),
    m(
        "eleven seasonality factors",
        &[("1, 1, 1, 1.2]", "1, 1.2]")],
        Some("seasonality = |["),
        &["service_line[1].volume.seasonality", "12 factors"],
    ),
    m(
        "hours with three weights",
        &[("hours = \"business\"", "hours = [1, 1, 1]")],
        Some("[1, 1, 1]"),
        &["service_line[1].hours", "168"],
    ),
    m(
        "growth of -150%",
        &[("monthly_growth = 0.02", "monthly_growth = -1.5")],
        Some("monthly_growth = |-1.5"),
        &["service_line[1].volume.monthly_growth", "found -1.5"],
    ),
    m(
        "volume per hour and per month",
        &[("per_hour = 20", "per_hour = 20, per_month = 9000")],
        Some("per_month = |9000"),
        &["service_line[0].volume.per_month", "give one of"],
    ),
    m(
        "missing target",
        &[("target = { service_level = 0.9, within_s = 30 }\n", "")],
        None,
        &["service_line[1].target", "missing key `target`"],
    ),
    m(
        "missing workforce",
        &[(
            "[workforce]\nmode = \"fixed\"\non_duty = { voice = 4, sales = 2 }\nshrinkage = 0.1\n",
            "",
        )],
        None,
        &["missing section [workforce]"],
    ),
    m(
        "unclosed string",
        &[("name = \"base\"", "name = \"base")],
        Some("name = \"base|\n"),
        &["invalid TOML", "name = \"base"],
    ),
    m(
        "unquoted word",
        &[("id = \"sales\"", "id = sales")],
        Some("sales"),
        &["invalid TOML", "id = sales"],
    ),
    m(
        "unit after a number",
        &[("days = 10", "days = 10 days")],
        Some("10 days"),
        &["invalid TOML", "days = 10 days"],
    ),
    m(
        "trailing comma",
        &[("seed = 5", "seed = 5,")],
        Some("seed = 5|,"),
        &["invalid TOML", "seed = 5,"],
    ),
    m(
        "unclosed section header",
        &[("[workforce]", "[workforce")],
        Some("\nmode = \"fixed\""),
        &["invalid TOML", "[workforce"],
    ),
    m(
        "duplicate key",
        &[("seed = 5", "seed = 5\nseed = 6")],
        Some("seed = 6"),
        &["invalid TOML", "duplicate key", "seed = 6"],
    ),
];

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Names of the entries of `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file under `dir` with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

/// Runs `bposim ARGS --out DIR/out` in a fresh folder and checks: exit code 2,
/// every word in stderr, no `out`, nothing else added to the folder.
fn refused(dir: &Path, args: &[&std::ffi::OsStr], words: &[&str], context: &str) -> String {
    try_refused(dir, args, words, context).unwrap_or_else(|e| panic!("{e}"))
}

/// As [`refused`], returning what went wrong instead of panicking.
fn try_refused(
    dir: &Path,
    args: &[&std::ffi::OsStr],
    words: &[&str],
    context: &str,
) -> Result<String, String> {
    let before = listing(dir);
    let out = dir.join("out");
    let output = bposim()
        .current_dir(dir)
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .map_err(|e| format!("{context}: cannot start bposim: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.code() != Some(2) {
        return Err(format!(
            "{context}: exit status {:?}, expected 2:\n{stderr}",
            output.status
        ));
    }
    let missing: Vec<&&str> = words.iter().filter(|w| !stderr.contains(**w)).collect();
    if !missing.is_empty() {
        return Err(format!(
            "{context}: the message lacks {missing:?}:\n{stderr}"
        ));
    }
    if stderr.contains("panicked") {
        return Err(format!("{context}: {stderr}"));
    }
    if out.exists() {
        return Err(format!("{context}: --out was written"));
    }
    if listing(dir) != before {
        return Err(format!(
            "{context}: files or temporary folders were left behind: {:?}",
            listing(dir)
        ));
    }
    Ok(stderr)
}

fn edited(mistake: &Mistake) -> String {
    let mut text = BASE.to_string();
    for (from, to) in mistake.edits {
        assert!(
            text.contains(from),
            "{}: {from:?} is not in the scenario",
            mistake.name
        );
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn issue8_the_base_scenario_is_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "base.toml", BASE);
    bposim()
        .arg("validate")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("ok (2 service lines"));
}

#[test]
fn issue8_every_scenario_mistake_is_refused_with_a_clear_message() {
    assert!(MISTAKES.len() >= 35, "{} mistakes", MISTAKES.len());
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for mistake in MISTAKES {
        assert!(names.insert(mistake.name), "{} twice", mistake.name);
        let dir = tempfile::tempdir().expect("temp dir");
        let text = edited(mistake);
        write(dir.path(), "bad.toml", &text);
        let mut words: Vec<String> = mistake.words.iter().map(|w| w.to_string()).collect();
        words.push("bad.toml:".to_string());
        if let Some(at) = mistake.at {
            // `prefix|value`: the error points at `value`, found after `prefix`.
            let (prefix, value) = at.split_once('|').unwrap_or(("", at));
            let offset = text
                .find(&format!("{prefix}{value}"))
                .unwrap_or_else(|| panic!("{}: {at:?} is not in the edited text", mistake.name))
                + prefix.len();
            let (line, col) = line_col(&text, offset);
            words.push(format!("bad.toml:{line}:{col}:"));
        }
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let result = try_refused(
            dir.path(),
            &["run".as_ref(), "bad.toml".as_ref()],
            &words,
            mistake.name,
        );
        let stderr = match result {
            Ok(stderr) => stderr,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        if mistake.words.iter().any(|w| w.contains("did you mean")) && !stderr.contains("= help:") {
            failures.push(format!("{}: no help line:\n{stderr}", mistake.name));
        }
        // `validate` says the same and exits 2.
        bposim()
            .current_dir(dir.path())
            .args(["validate", "bad.toml"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(words[0]));
    }
    assert!(
        failures.is_empty(),
        "{} of {} mistakes not reported as expected:\n\n{}",
        failures.len(),
        MISTAKES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn issue8_independent_mistakes_are_all_reported_in_one_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = BASE
        .replacen("warmup_days = 1", "warmup_dys = 1", 1)
        .replacen("per_hour = 20", "per_hour = \"2,000\"", 1)
        .replacen("service_level = 0.9", "service_level = 90", 1)
        .replacen("mean_min = 5", "mean_min = -5", 1)
        .replacen("shrinkage = 0.1", "shrinkage = 1.0", 1)
        .replacen("\"business\"", "\"bussiness\"", 1);
    write(dir.path(), "bad.toml", &text);
    let stderr = refused(
        dir.path(),
        &["run".as_ref(), "bad.toml".as_ref()],
        &[
            "scenario.warmup_dys",
            "did you mean `warmup_days`?",
            "service_line[0].volume.per_hour",
            "2000",
            "service_line[1].target.service_level",
            "0.9 for 90%",
            "service_line[1].handle_time.mean_min",
            "workforce.shrinkage",
            "service_line[1].hours",
            "did you mean `business`?",
            "6 problems in bad.toml",
        ],
        "several mistakes",
    );
    // In source order.
    let first = stderr.find("warmup_dys").expect("reported");
    let last = stderr.find("workforce.shrinkage").expect("reported");
    assert!(first < last, "{stderr}");
}

#[test]
fn issue8_several_files_are_all_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "good.toml", BASE);
    write(
        dir.path(),
        "a.toml",
        &BASE.replacen("per_hour = 20", "per_hour = -1", 1),
    );
    write(
        dir.path(),
        "b.toml",
        &BASE.replacen("seed = 5", "sed = 5", 1),
    );
    bposim()
        .current_dir(dir.path())
        .args(["validate", "a.toml", "good.toml", "b.toml"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("good.toml: ok"))
        .stderr(predicate::str::contains(
            "a.toml:16:23: service_line[0].volume.per_hour",
        ))
        .stderr(predicate::str::contains("b.toml:6:1: scenario.sed"))
        .stderr(predicate::str::contains("did you mean `seed`?"));
}

#[test]
fn issue8_unreadable_files_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("empty.toml"), "").expect("write");
    std::fs::write(d.join("blank.toml"), " \n\t\n  \r\n").expect("write");
    std::fs::write(
        d.join("latin1.toml"),
        b"[scenario]\nname = \"Tashk\xe9nt\"\n",
    )
    .expect("write");
    std::fs::write(
        d.join("utf16.toml"),
        [0xff, 0xfe, b'[', 0, b's', 0, b']', 0, b'\n', 0],
    )
    .expect("write");
    std::fs::write(d.join("binary.toml"), [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    std::fs::create_dir(d.join("folder.toml")).expect("mkdir");
    let cases: &[(&str, &[&str])] = &[
        (
            "empty.toml",
            &["empty.toml", "the file is empty", "bposim init"],
        ),
        ("blank.toml", &["blank.toml", "the file is empty"]),
        (
            "latin1.toml",
            &[
                "latin1.toml",
                "not UTF-8",
                "line 2, column 14",
                "save it as UTF-8",
            ],
        ),
        ("utf16.toml", &["utf16.toml", "not UTF-8"]),
        ("binary.toml", &["binary.toml", "not UTF-8"]),
        ("folder.toml", &["folder.toml", "directory"]),
        ("missing.toml", &["missing.toml", "no such file"]),
    ];
    for (file, words) in cases {
        refused(d, &["run".as_ref(), file.as_ref()], words, file);
        bposim()
            .current_dir(d)
            .args(["validate", file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(words[1]));
    }
}

#[test]
fn issue8_bad_arguments_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "s.toml", BASE);
    let cases: &[(&[&str], &[&str])] = &[
        (&["run", "--shard", "1/0", "s.toml"], &["--shard", "K/N"]),
        (&["run", "--shard", "4/4", "s.toml"], &["K/N", "4/4"]),
        (&["run", "--shard", "one/two", "s.toml"], &["K/N"]),
        (
            &["run", "--shard", "-1/2", "s.toml"],
            &["unexpected argument '-1'"],
        ),
        (
            &["run", "--replications", "0", "s.toml"],
            &["--replications", "0 is not in 1..=100000"],
        ),
        (
            &["run", "--replications", "ten", "s.toml"],
            &["--replications", "ten"],
        ),
        (
            &["run", "--replications", "1000001", "s.toml"],
            &["--replications"],
        ),
        (&["run", "--seed", "-1", "s.toml"], &["-1"]),
        (&["run", "--threads", "many", "s.toml"], &["--threads"]),
        (
            &["run", "--replicatoins", "3", "s.toml"],
            &[
                "--replicatoins",
                "similar argument exists: '--replications'",
            ],
        ),
        (
            &["simulate", "s.toml"],
            &["unrecognized subcommand 'simulate'"],
        ),
        (
            &["valdate", "s.toml"],
            &[
                "unrecognized subcommand 'valdate'",
                "similar subcommand exists: 'validate'",
            ],
        ),
        (&["run", "s.toml", "extra.toml"], &["extra.toml"]),
        (
            &["run", "--set", "scenario.dyas=3", "s.toml"],
            &["dyas", "did you mean `days`?"],
        ),
        (
            &["run", "--set", "service_line.suport.price_usd=7", "s.toml"],
            &["suport", "did you mean `support`?"],
        ),
        (&["run", "--set", "scenario.days", "s.toml"], &["KEY=VALUE"]),
        (
            &["run", "--set", "scenario.days=-3", "s.toml"],
            &["scenario.days", "found -3"],
        ),
    ];
    for (args, words) in cases {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        refused(d, &args, words, &format!("{args:?}"));
    }
    // No --out for these.
    let erlang: &[(&[&str], &str)] = &[
        (&["--aht-s", "0", "--agents", "5"], "aht_s"),
        (&["--aht-s", "300", "--agents", "0.5"], "--agents"),
        (&["--aht-s", "300", "--target-sl", "1.5"], "target_sl"),
        (&["--aht-s", "300"], "--target-sl"),
        (&["--aht-s=-300", "--agents", "5"], "aht_s"),
    ];
    for (args, word) in erlang {
        bposim()
            .current_dir(d)
            .args(["erlang", "--per-hour", "100", "--within-s", "20"])
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*word));
    }
    assert_eq!(listing(d), vec!["s.toml"]);
    bposim()
        .arg("validate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("required"));
    bposim()
        .args(["merge", "a", "b"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out"));
}

#[test]
fn issue8_init_does_not_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "mine.toml", "# my own work\n");
    bposim()
        .current_dir(dir.path())
        .args(["init", "mine.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mine.toml already exists"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&file).expect("kept"),
        "# my own work\n"
    );
    // Into a folder, or under a file: bad input too, and nothing left behind.
    std::fs::create_dir(dir.path().join("folder")).expect("mkdir");
    for target in ["folder", "mine.toml/new.toml"] {
        bposim()
            .current_dir(dir.path())
            .args(["init", "--force", target])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot use the output location"));
    }
    assert_eq!(listing(dir.path()), vec!["folder", "mine.toml"]);
    bposim()
        .current_dir(dir.path())
        .args(["init", "--force", "mine.toml"])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&file)
            .expect("written")
            .contains("[scenario]")
    );
}

#[test]
fn issue8_unusable_output_locations_are_bad_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "s.toml", BASE);
    let file = write(d, "file.txt", "not a folder");
    let cases: Vec<(PathBuf, &str)> = vec![
        (file.clone(), "exists and is not a folder"),
        (file.join("out"), "is a file, not a folder"),
        (file.join("a/b/out"), "is a file, not a folder"),
        (
            PathBuf::from("/proc/bposim-forbidden/out"),
            "cannot write in /proc",
        ),
    ];
    for (out, words) in cases {
        let before = listing(d);
        bposim()
            .current_dir(d)
            .args(["run", "-q", "s.toml", "--out"])
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot use the output location"))
            .stderr(predicate::str::contains(words))
            .stderr(predicate::str::contains("choose another --out"));
        assert_eq!(listing(d), before, "{}", out.display());
    }
    assert_eq!(
        std::fs::read_to_string(&file).expect("kept"),
        "not a folder"
    );
}

#[test]
fn issue8_absurd_sizes_are_refused_before_running() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    // A century of a million calls an hour.
    write(
        d,
        "huge.toml",
        &BASE.replacen("days = 10", "days = 36500", 1).replacen(
            "per_hour = 20",
            "per_hour = 1e6",
            1,
        ),
    );
    let started = std::time::Instant::now();
    refused(
        d,
        &["run".as_ref(), "huge.toml".as_ref()],
        &[
            "this run is too large",
            "events",
            "hours",
            "--replications",
            "--shard",
            "BPOSIM_FORCE_LARGE=1",
        ],
        "huge horizon",
    );
    // A modest scenario made huge by the command line.
    write(
        d,
        "busy.toml",
        &BASE.replacen("days = 10", "days = 3650", 1).replacen(
            "per_hour = 20",
            "per_hour = 20000",
            1,
        ),
    );
    refused(
        d,
        &[
            "run".as_ref(),
            "--replications".as_ref(),
            "100000".as_ref(),
            "busy.toml".as_ref(),
        ],
        &["too large", "100000 replications"],
        "huge replications",
    );
    // Growth of 1000% a month for a century.
    write(
        d,
        "growth.toml",
        &BASE
            .replacen("days = 10", "months = 1200\nstart = \"2026-01\"", 1)
            .replacen("monthly_growth = 0.02", "monthly_growth = 10", 1),
    );
    refused(
        d,
        &["run".as_ref(), "growth.toml".as_ref()],
        &[
            "demand grows to inf",
            "beyond any operation",
            "monthly_growth",
        ],
        "endless growth",
    );
    // A million agents in each of 300 skills.
    let mut text = BASE.replacen(
        "on_duty = { voice = 4, sales = 2 }",
        "on_duty = { voice = 4, sales = 2 }\n[workforce.extra]",
        1,
    );
    text = text.replace("[workforce.extra]", "");
    let mut lines = String::new();
    let mut duty = String::from("voice = 4, sales = 2");
    for i in 0..300 {
        lines.push_str(&format!(
            "\n[[service_line]]\nid = \"l{i}\"\nchannel = \"realtime\"\nvolume = {{ per_hour = 1 }}\n\
             handle_time = {{ dist = \"exponential\", mean_s = 60 }}\n\
             target = {{ service_level = 0.8, within_s = 20 }}\n"
        ));
        duty.push_str(&format!(", l{i} = 1000000"));
    }
    text = text.replacen("\n[workforce]", &format!("{lines}\n[workforce]"), 1);
    text = text.replacen("voice = 4, sales = 2", &duty, 1);
    write(d, "crowd.toml", &text);
    refused(
        d,
        &["run".as_ref(), "crowd.toml".as_ref()],
        &["too large", "memory", "300.0 million agents"],
        "huge workforce",
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "the refusals must come before any simulation"
    );
}

/// Sends SIGINT to a child process.
#[cfg(unix)]
fn interrupt(child: &std::process::Child) {
    let pid = libc::pid_t::try_from(child.id()).expect("pid fits");
    // SAFETY: kill(2) with a valid signal number has no memory-safety preconditions.
    let rc = unsafe { libc::kill(pid, libc::SIGINT) };
    assert_eq!(rc, 0, "kill failed");
}

/// Waits up to `secs` for the child to exit.
#[cfg(unix)]
fn wait_for(child: &mut std::process::Child, secs: u64) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("bposim did not stop within {secs} s of the interrupt");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(unix)]
fn bposim_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_bposim"))
}

/// Earlier results, then a second run into the same `--out` that is interrupted.
#[cfg(unix)]
fn earlier_results(d: &Path) -> (PathBuf, Vec<(PathBuf, Vec<u8>)>) {
    let out = d.join("out");
    write(d, "quick.toml", BASE);
    bposim()
        .current_dir(d)
        .args(["run", "-q", "quick.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    let before = snapshot(&out);
    assert!(before.len() >= 3, "{before:?}");
    (out, before)
}

#[cfg(unix)]
#[test]
fn issue8_ctrl_c_during_the_simulation_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (out, before) = earlier_results(d);
    // Minutes of work: 50,000 calls an hour for a year.
    write(
        d,
        "slow.toml",
        &BASE
            .replacen("days = 10", "days = 365", 1)
            .replacen("per_hour = 20", "per_hour = 50000", 1)
            .replacen("voice = 4", "voice = 4000", 1),
    );
    let mut child = std::process::Command::new(bposim_path())
        .current_dir(d)
        .args(["run", "-q", "--seed", "99", "slow.toml", "--out"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("bposim starts");
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(child.try_wait().expect("wait").is_none(), "still running");
    interrupt(&child);
    let status = wait_for(&mut child, 20);
    assert_eq!(status.code(), Some(130), "{status:?}");
    let stderr = std::io::read_to_string(child.stderr.take().expect("stderr")).expect("utf-8");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(snapshot(&out) == before, "earlier results changed");
    assert_eq!(
        listing(d),
        vec!["out", "quick.toml", "slow.toml"],
        "temporary folders left behind"
    );
}

#[cfg(unix)]
#[test]
fn issue8_ctrl_c_while_results_are_staged_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (out, before) = earlier_results(d);
    // Hold the complete staging folder for a while so that the interrupt
    // arrives exactly when it matters most.
    let mut child = std::process::Command::new(bposim_path())
        .current_dir(d)
        .env("BPOSIM_TEST_HOLD_STAGING_MS", "5000")
        .args(["run", "-q", "--seed", "99", "quick.toml", "--out"])
        .arg(&out)
        .spawn()
        .expect("bposim starts");
    let staging = out.join(format!(".bposim-staging-{}", child.id()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !staging.join("summary.json").exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "no staging folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    interrupt(&child);
    let status = wait_for(&mut child, 20);
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert!(snapshot(&out) == before, "earlier results changed");
    assert_eq!(
        listing(d),
        vec!["out", "quick.toml"],
        "temporary folders left behind"
    );
    // Without the interrupt the same run replaces the results.
    bposim()
        .current_dir(d)
        .args(["run", "-q", "--seed", "99", "quick.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(snapshot(&out) != before, "a new seed gives new results");
    assert_eq!(listing(d), vec!["out", "quick.toml"]);
}

/// Found while hunting faults: a handle time of millions of years (a unit
/// mistake) overflowed the simulation clock (a panic in debug builds; in
/// release builds the completion wrapped into the past, so one agent handled
/// every task). Such durations are now refused (issue 17: at most 1e7 s); at
/// the limit, an agent who starts a task longer than the horizon is busy for
/// good.
#[test]
fn issue8_fuzz_huge_handle_times_do_not_wrap_the_clock() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    for value in ["1e14", "1e300"] {
        write(
            d,
            "s.toml",
            &BASE.replacen(
                "{ dist = \"exponential\", mean_s = 300 }",
                &format!("{{ dist = \"deterministic\", value_s = {value} }}"),
                1,
            ),
        );
        bposim()
            .current_dir(d)
            .args(["run", "-q", "s.toml", "--out", "never"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("at most 10000000 s"));
        assert!(!d.join("never").exists());
    }
    {
        let value = "1e7";
        write(
            d,
            "s.toml",
            &BASE.replacen(
                "{ dist = \"exponential\", mean_s = 300 }",
                &format!("{{ dist = \"deterministic\", value_s = {value} }}"),
                1,
            ),
        );
        let out = d.join("out");
        bposim()
            .current_dir(d)
            .args(["run", "-q", "--replications", "1", "s.toml", "--out"])
            .arg(&out)
            .assert()
            .success();
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary"))
                .expect("json");
        let line = &summary["lines"][0];
        assert_eq!(line["id"], "support");
        let handled = line["handled"]["mean"].as_f64().expect("handled");
        let offered = line["offered"]["mean"].as_f64().expect("offered");
        assert!(offered > 1000.0, "{offered}");
        assert!(
            handled <= 4.0,
            "value_s = {value}: 4 agents started {handled} never-ending tasks"
        );
    }
}
