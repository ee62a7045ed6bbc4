//! Orchestration: plan → replications (in parallel) → aggregate → outputs.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::BadInput;
use crate::model::sim::simulate;
use crate::report::output::{OutputFile, write_all};
use crate::report::{csv, json};
use crate::results::{RunResult, summarize};
use crate::scenario::{Plan, Source, load};
use crate::stats::tally::ReplicationResult;

/// Which replications this process runs: K, K+N, K+2N, ...
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// This shard's number, 0-based.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let err = || format!("expected K/N with 0 ≤ K < N (e.g. 0/4), found \"{s}\"");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let index: u32 = k.trim().parse().map_err(|_| err())?;
        let count: u32 = n.trim().parse().map_err(|_| err())?;
        if count == 0 || index >= count {
            return Err(err());
        }
        Ok(Shard { index, count })
    }
}

/// What to run and how.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Output folder.
    pub out: PathBuf,
    /// Override of the scenario's replications.
    pub replications: Option<u32>,
    /// Override of the scenario's seed.
    pub seed: Option<u64>,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Run only part of the replications.
    pub shard: Option<Shard>,
    /// Which chart files to draw.
    pub charts: ChartFormats,
}

/// Chart file formats of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartFormats {
    /// Write `charts/*.svg`.
    pub svg: bool,
    /// Write `charts/*.png`.
    pub png: bool,
    /// Resolution of the PNGs.
    pub dpi: u32,
}

impl Default for ChartFormats {
    fn default() -> Self {
        Self {
            svg: true,
            png: true,
            dpi: 200,
        }
    }
}

/// The chart files of a result (SVG and/or PNG).
pub fn chart_files(result: &RunResult, formats: ChartFormats) -> Result<Vec<OutputFile>> {
    use crate::report::charts::{Format, render};
    let mut files = Vec::new();
    for c in crate::report::pack::charts(result) {
        if formats.svg {
            let bytes = render(&c.chart, Format::Svg)
                .with_context(|| format!("cannot draw chart {}", c.name))?;
            files.push(OutputFile::new(format!("charts/{}.svg", c.name), bytes));
        }
        if formats.png {
            let bytes = render(&c.chart, Format::Png { dpi: formats.dpi })
                .with_context(|| format!("cannot draw chart {}", c.name))?;
            files.push(OutputFile::new(format!("charts/{}.png", c.name), bytes));
        }
    }
    Ok(files)
}

/// SHA-256 of the scenario text, hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Loads a scenario and applies command-line overrides.
pub fn plan_for(source: &Source, options: &RunOptions) -> Result<Plan> {
    let mut plan = load(source).map_err(BadInput::from)?;
    if let Some(r) = options.replications {
        plan.replications = r;
    }
    if let Some(s) = options.seed {
        plan.seed = s;
    }
    Ok(plan)
}

/// Runs the replications of `plan` this process is responsible for, in replication order.
pub fn replications(plan: &Plan, options: &RunOptions) -> Result<Vec<ReplicationResult>> {
    let shard = options.shard.unwrap_or(Shard { index: 0, count: 1 });
    let reps: Vec<u32> = (shard.index..plan.replications)
        .step_by(shard.count as usize)
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .context("cannot start worker threads")?;
    Ok(pool.install(|| reps.par_iter().map(|&r| simulate(plan, r)).collect()))
}

/// `replications.json`: the per-replication results of a run or shard, with
/// what `merge` needs to check that shards belong together.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ShardFile {
    /// Tool version that produced it.
    pub version: String,
    /// SHA-256 of the scenario text.
    pub scenario_sha256: String,
    /// Effective base seed.
    pub seed: u64,
    /// Replications of the whole study.
    pub replications: u32,
    /// Which part of the study this is.
    pub shard: Shard,
    /// The results, in replication order.
    pub results: Vec<ReplicationResult>,
}

/// The files of a finished run (or shard; shards get no charts).
pub fn output_files(
    source: &Source,
    plan: &Plan,
    shard: Shard,
    reps: Vec<ReplicationResult>,
    charts: ChartFormats,
) -> Result<Vec<OutputFile>> {
    let sha = sha256_hex(&source.text);
    let mut files = Vec::new();
    if !reps.is_empty() {
        let result = summarize(plan, &sha, &reps);
        files.push(OutputFile::new(
            "summary.json",
            json::summary(&result.summary),
        ));
        files.push(OutputFile::new(
            "monthly.csv",
            csv::monthly(&result.monthly),
        ));
        if shard.count == 1 {
            files.extend(chart_files(&result, charts)?);
        }
    }
    files.push(OutputFile::new(
        "scenario.toml",
        source.text.clone().into_bytes(),
    ));
    let shard_file = ShardFile {
        version: env!("CARGO_PKG_VERSION").to_string(),
        scenario_sha256: sha,
        seed: plan.seed,
        replications: plan.replications,
        shard,
        results: reps,
    };
    files.push(OutputFile::new(
        "replications.json",
        serde_json::to_vec(&shard_file).unwrap_or_default(),
    ));
    Ok(files)
}

/// Runs a scenario and writes its outputs; returns the result (`None` for an empty shard).
pub fn run(source: &Source, options: &RunOptions) -> Result<Option<RunResult>> {
    let plan = plan_for(source, options)?;
    let reps = replications(&plan, options)?;
    let result = (!reps.is_empty()).then(|| summarize(&plan, &sha256_hex(&source.text), &reps));
    let shard = options.shard.unwrap_or(Shard { index: 0, count: 1 });
    write_all(
        &options.out,
        &output_files(source, &plan, shard, reps, options.charts)?,
    )?;
    Ok(result)
}

fn read_shard(dir: &Path) -> Result<ShardFile> {
    let path = dir.join("replications.json");
    let bytes = std::fs::read(&path).map_err(|e| {
        BadInput::new(format!(
            "{} is not a bposim result folder: cannot read {} ({e})",
            dir.display(),
            path.display()
        ))
    })?;
    Ok(serde_json::from_slice(&bytes).map_err(|e| {
        BadInput::new(format!(
            "{} is damaged or not from bposim: {e}",
            path.display()
        ))
    })?)
}

/// Checks that shards belong to one study and together hold each shard once.
fn check_shards(shards: &[(PathBuf, ShardFile)]) -> Result<(), BadInput> {
    let Some((first_dir, first)) = shards.first() else {
        return Err(BadInput::new("give at least one shard folder to merge"));
    };
    for (dir, s) in &shards[1..] {
        let checks: [(&str, String, String); 5] = [
            ("tool version", first.version.clone(), s.version.clone()),
            (
                "scenario (SHA-256)",
                first.scenario_sha256.clone(),
                s.scenario_sha256.clone(),
            ),
            ("seed", first.seed.to_string(), s.seed.to_string()),
            (
                "replications",
                first.replications.to_string(),
                s.replications.to_string(),
            ),
            (
                "shard count",
                first.shard.count.to_string(),
                s.shard.count.to_string(),
            ),
        ];
        if let Some((what, a, b)) = checks.into_iter().find(|(_, a, b)| a != b) {
            return Err(BadInput::new(format!(
                "{} and {} differ in {what} ({a} vs {b}): they are not shards of the same study",
                first_dir.display(),
                dir.display()
            )));
        }
    }
    let count = first.shard.count;
    let mut seen = vec![0u32; count as usize];
    for (_, s) in shards {
        if let Some(n) = seen.get_mut(s.shard.index as usize) {
            *n += 1;
        }
    }
    let list = |pred: &dyn Fn(u32) -> bool| {
        (0..count)
            .filter(|&k| pred(seen[k as usize]))
            .map(|k| format!("{k}/{count}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let duplicated = list(&|n| n > 1);
    if !duplicated.is_empty() {
        return Err(BadInput::new(format!(
            "shard {duplicated} given more than once"
        )));
    }
    let missing = list(&|n| n == 0);
    if !missing.is_empty() {
        return Err(BadInput::new(format!("missing shard {missing}")));
    }
    Ok(())
}

/// Combines shard folders into one result, identical to an unsharded run.
pub fn merge(out: &Path, dirs: &[PathBuf]) -> Result<RunResult> {
    let shards = dirs
        .iter()
        .map(|d| read_shard(d).map(|s| (d.clone(), s)))
        .collect::<Result<Vec<_>>>()?;
    check_shards(&shards)?;
    let (first_dir, first) = &shards[0];
    let text = std::fs::read_to_string(first_dir.join("scenario.toml")).map_err(|e| {
        BadInput::new(format!(
            "cannot read the scenario of {}: {e}",
            first_dir.display()
        ))
    })?;
    if sha256_hex(&text) != first.scenario_sha256 {
        return Err(BadInput::new(format!(
            "{} was changed after the run",
            first_dir.join("scenario.toml").display()
        ))
        .into());
    }
    let source = Source {
        name: first_dir.join("scenario.toml").display().to_string(),
        text,
    };
    let options = RunOptions {
        out: out.to_path_buf(),
        replications: Some(first.replications),
        seed: Some(first.seed),
        threads: 1,
        shard: None,
        charts: ChartFormats::default(),
    };
    let plan = plan_for(&source, &options)?;
    let mut reps: Vec<ReplicationResult> =
        shards.into_iter().flat_map(|(_, s)| s.results).collect();
    reps.sort_by_key(|r| r.replication);
    if !reps.iter().map(|r| r.replication).eq(0..plan.replications) {
        return Err(BadInput::new("the shards do not hold each replication exactly once").into());
    }
    let result = summarize(&plan, &sha256_hex(&source.text), &reps);
    write_all(
        out,
        &output_files(
            &source,
            &plan,
            Shard { index: 0, count: 1 },
            reps,
            ChartFormats::default(),
        )?,
    )?;
    Ok(result)
}
