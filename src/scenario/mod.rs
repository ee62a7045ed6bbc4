//! Scenario files: reading, checking and turning them into a [`Plan`], with
//! the plan's vocabulary (distributions, opening hours, the horizon) and the
//! built-in scenario text; `assumptions` reads the inputs as written, with
//! their comments, for the report.
//!
//! The bottom layer: may import only the foundations `engine`, `stats`, `error`.

pub mod assumptions;
pub mod dist;
pub mod horizon;
pub mod hours;
pub mod lines;
pub mod load;
pub mod overrides;
pub mod plan;
pub mod pools;
pub mod reader;
pub mod size;
pub mod uncertainty;
pub mod workforce;

use std::path::Path;

/// The built-in Uzbekistan 2026–2030 plan, run when no scenario is given.
pub const BUILT_IN_NAME: &str = "uzbekistan-bpo-2026-2030";
/// Text of the built-in plan.
pub const BUILT_IN: &str = include_str!("../../scenarios/uzbekistan-bpo-2026-2030.toml");

pub use plan::{Channel, Hiring, LinePlan, Plan, PoolPlan, Target, TeamPlan, WorkforcePlan};
pub use reader::{Diagnostic, Diagnostics};

/// Why a scenario could not be used. Always the analyst's to fix (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario {file}: {reason}")]
    Unreadable {
        /// The path given.
        file: String,
        /// What went wrong, in plain words.
        reason: String,
    },
    /// The file was read but has problems.
    #[error("{0}")]
    Invalid(Diagnostics),
}

impl From<ScenarioError> for crate::error::BadInput {
    fn from(e: ScenarioError) -> Self {
        Self::new(e.to_string())
    }
}

/// The largest scenario file read.
pub const MAX_SCENARIO_BYTES: u64 = 10_000_000;

/// The text of a scenario and where it came from.
#[derive(Clone, Debug)]
pub struct Source {
    /// File name for messages (or `<built-in>`).
    pub name: String,
    /// The TOML text.
    pub text: String,
}

impl Source {
    /// Reads a scenario file, with plain-words errors for the usual mistakes.
    pub fn read(path: &Path) -> Result<Source, ScenarioError> {
        let file = path.display().to_string();
        let unreadable = |reason: String| ScenarioError::Unreadable {
            file: file.clone(),
            reason,
        };
        if path.is_dir() {
            return Err(unreadable(
                "it is a directory; give the path of a .toml file".into(),
            ));
        }
        // A scenario is a few kilobytes: refuse to read more than a limit
        // (a device such as /dev/zero, or the wrong file).
        let mut bytes = Vec::new();
        let read = std::fs::File::open(path).and_then(|f| {
            use std::io::Read;
            f.take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes)
        });
        if read.is_ok() && bytes.len() as u64 > MAX_SCENARIO_BYTES {
            return Err(unreadable(format!(
                "it is larger than {} MB; a scenario is a small text file",
                MAX_SCENARIO_BYTES / 1_000_000
            )));
        }
        read.map_err(|e| {
            unreadable(match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            })
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]);
            let line = valid.matches('\n').count() + 1;
            let column = valid[valid.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            unreadable(format!(
                "it is not UTF-8 text (invalid byte at line {line}, column {column}, \
                 byte offset {at}); save it as UTF-8"
            ))
        })?;
        Ok(Source { name: file, text })
    }
}

/// Parses and checks a scenario, reporting every problem found, including
/// uncertain inputs whose distributions reach values the scenario does not
/// allow.
pub fn load(source: &Source) -> Result<Plan, ScenarioError> {
    let mut plan = load_unchecked(source)?;
    if let Some(u) = plan.uncertainty.as_mut() {
        let mut items = uncertainty::resolve(&source.text, u);
        if items.is_empty() {
            items = uncertainty::check_supports(&source.text, u);
        }
        if !items.is_empty() {
            return Err(ScenarioError::Invalid(Diagnostics {
                file: source.name.clone(),
                source: source.text.clone(),
                items,
            }));
        }
    }
    Ok(plan)
}

/// Parses and checks a scenario, without trying its uncertain inputs.
pub(crate) fn load_unchecked(source: &Source) -> Result<Plan, ScenarioError> {
    let invalid = |items: Vec<Diagnostic>| {
        ScenarioError::Invalid(Diagnostics {
            file: source.name.clone(),
            source: source.text.clone(),
            items,
        })
    };
    if source.text.trim().is_empty() {
        return Err(invalid(vec![Diagnostic {
            path: String::new(),
            span: 0..0,
            message: "the file is empty".into(),
            help: Some("run `bposim init scenario.toml` for a commented starting point".into()),
        }]));
    }
    let root = reader::parse(&source.text).map_err(|d| invalid(vec![d]))?;
    let sink = reader::Sink::default();
    let plan = load::build(root.get_ref(), root.span(), &sink);
    match plan {
        Some(plan) if sink.is_empty() => Ok(plan),
        _ => {
            let items = sink.into_items();
            if items.is_empty() {
                Err(invalid(vec![Diagnostic {
                    path: String::new(),
                    span: 0..0,
                    message: "the scenario could not be read".into(),
                    help: None,
                }]))
            } else {
                Err(invalid(items))
            }
        }
    }
}
