//! Helpers shared by the integration tests.

use std::path::Path;

use assert_cmd::Command;

/// The `bposim` binary under test.
pub fn bposim() -> Command {
    Command::cargo_bin("bposim").expect("binary builds")
}

/// A single-line M/M/c(+M) scenario.
pub fn mmc(
    per_hour: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    agents: u32,
    days: u32,
    reps: u32,
) -> String {
    let patience = patience_s
        .map(|p| format!("patience = {{ dist = \"exponential\", mean_s = {p} }}"))
        .unwrap_or_default();
    format!(
        r#"[scenario]
name = "mmc"
days = {days}
warmup_days = 1
replications = {reps}
seed = 11

[[service_line]]
id = "support"
channel = "realtime"
volume = {{ per_hour = {per_hour} }}
handle_time = {{ dist = "exponential", mean_s = {aht_s} }}
{patience}
target = {{ service_level = 0.8, within_s = 20 }}
price_usd = 2.0

[workforce]
mode = "fixed"
on_duty = {{ support = {agents} }}
"#
    )
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file is writable");
    path
}
