//! Helpers shared by the integration tests: the binary, temporary files and
//! scenario fixtures.
//!
//! A fixture is a base scenario plus what the test changes, written as the
//! `--set` edits of the command line and applied by the same code:
//! `fixed(&[deferred("tickets")]).with(&["service_line.tickets.volume.per_hour = 21"])`
//! is one deferred line, `tickets`, with 21 arrivals an hour.

use std::path::Path;

use assert_cmd::Command;
use bposim::scenario::overrides::{Override, apply};
use bposim::scenario::{Plan, Source, load};
use toml_edit::{DocumentMut, Item, TableLike};

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

/// The inputs of [`mmc`], by name.
pub struct Mmc {
    pub per_hour: f64,
    pub aht_s: f64,
    pub patience_s: Option<f64>,
    pub agents: u32,
    pub days: u32,
    pub reps: u32,
}

impl Mmc {
    /// The scenario text: [`mmc`] of these inputs.
    pub fn toml(&self) -> String {
        let Mmc {
            per_hour,
            aht_s,
            patience_s,
            agents,
            days,
            reps,
        } = *self;
        mmc(per_hour, aht_s, patience_s, agents, days, reps)
    }
}

/// Loads a fixture, panicking with its problems and text if it is invalid.
pub fn plan(text: &str) -> Plan {
    load(&Source {
        name: "fixture.toml".into(),
        text: text.into(),
    })
    .unwrap_or_else(|e| panic!("scenario loads:\n{e}\n{text}"))
}

/// A real-time service line `id` for [`fixed`]: exponential 300-second
/// calls, 80% to be answered within 20 s, no demand yet.
pub fn realtime(id: &str) -> String {
    line(
        id,
        "realtime",
        "mean_s = 300",
        "service_level = 0.8, within_s = 20",
    )
}

/// A deferred service line `id` for [`fixed`]: exponential 10-minute tasks,
/// 90% to be completed within 24 hours, no demand yet.
pub fn deferred(id: &str) -> String {
    line(
        id,
        "deferred",
        "mean_min = 10",
        "service_level = 0.9, within_h = 24",
    )
}

fn line(id: &str, channel: &str, mean: &str, target: &str) -> String {
    format!(
        "\n[[service_line]]\nid = \"{id}\"\nchannel = \"{channel}\"\nvolume = {{ per_hour = 0 }}\n\
         handle_time = {{ dist = \"exponential\", {mean} }}\ntarget = {{ {target} }}\n"
    )
}

/// A base scenario: `lines` ([`realtime`], [`deferred`]) over 28 days from
/// January, fixed staffing with nobody on duty. Tests change it with
/// [`With::with`].
pub fn fixed(lines: &[String]) -> String {
    let on_duty: Vec<String> = lines
        .iter()
        .map(|l| {
            let line: toml::Table = l.parse().expect("a line is TOML");
            let id = line["service_line"][0]["id"]
                .as_str()
                .expect("a line has an id");
            format!("{id} = 0")
        })
        .collect();
    format!(
        "[scenario]\nname = \"base\"\ndays = 28\n{}\n[workforce]\nmode = \"fixed\"\non_duty = {{ {} }}\n",
        lines.concat(),
        on_duty.join(", ")
    )
}

/// Edits of a base scenario.
pub trait With {
    /// This scenario with `edits` applied in order. An edit is `path = value`
    /// as for `--set` (a dotted path, service lines by id, a TOML value) and
    /// is applied by the product's own override code, except that a table
    /// value replaces the whole table (which `--set` refuses); `-path`
    /// removes a key.
    fn with(&self, edits: &[&str]) -> String;
}

impl With for str {
    fn with(&self, edits: &[&str]) -> String {
        edits.iter().fold(self.to_string(), |text, edit| {
            if let Some(path) = edit.strip_prefix('-') {
                return remove(&text, path).unwrap_or_else(|| panic!("edit {edit}: no such key"));
            }
            // One line, as `--set` takes it (inline arrays may be written over several).
            let o: Override = edit
                .replace('\n', " ")
                .parse()
                .unwrap_or_else(|e| panic!("edit {edit}: {e}"));
            // `--set` refuses to overwrite a table: take the old one out first.
            let text = if o.value.starts_with('{') {
                remove(&text, &o.path).unwrap_or(text)
            } else {
                text
            };
            apply(&text, &[o]).unwrap_or_else(|e| panic!("edit {edit}: {e}\n{text}"))
        })
    }
}

/// `text` without the key at `path` (service lines by id), if it has one.
fn remove(text: &str, path: &str) -> Option<String> {
    fn remove_in(table: &mut dyn TableLike, parts: &[&str]) -> Option<Item> {
        match parts {
            [last] => table.remove(last),
            ["service_line", id, rest @ ..] => {
                let line = table
                    .get_mut("service_line")?
                    .as_array_of_tables_mut()?
                    .iter_mut()
                    .find(|t| t.get("id").and_then(Item::as_str) == Some(id))?;
                remove_in(line, rest)
            }
            [part, rest @ ..] => remove_in(table.get_mut(part)?.as_table_like_mut()?, rest),
            [] => None,
        }
    }
    let mut doc: DocumentMut = text.parse().expect("the fixture is TOML");
    let parts: Vec<&str> = path.split('.').collect();
    remove_in(doc.as_table_mut(), &parts)?;
    Some(doc.to_string())
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file is writable");
    path
}

/// Runs the built-in plan with 2 replications and `format` into a new folder
/// under `dir`; returns the output folder.
pub fn built_in_run(dir: &Path, format: &str) -> std::path::PathBuf {
    let out = dir.join("out");
    bposim()
        .args([
            "run",
            "-q",
            "--format",
            format,
            "--replications",
            "2",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    out
}
