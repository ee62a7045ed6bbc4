//! Orchestration: plan → replications (in parallel) → aggregate → outputs.

use std::path::PathBuf;

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

/// The files of a finished run.
pub fn output_files(
    source: &Source,
    result: &RunResult,
    reps: &[ReplicationResult],
) -> Vec<OutputFile> {
    vec![
        OutputFile::new("summary.json", json::summary(&result.summary)),
        OutputFile::new("monthly.csv", csv::monthly(&result.monthly)),
        OutputFile::new("scenario.toml", source.text.clone().into_bytes()),
        OutputFile::new(
            "replications.json",
            serde_json::to_vec(reps).unwrap_or_default(),
        ),
    ]
}

/// Runs a scenario and writes its outputs; returns the result for the caller to print.
pub fn run(source: &Source, options: &RunOptions) -> Result<RunResult> {
    let plan = plan_for(source, options)?;
    let reps = replications(&plan, options)?;
    if reps.is_empty() {
        return Err(BadInput::new(format!(
            "shard {}/{} has no replications to run (the scenario has {})",
            options.shard.map_or(0, |s| s.index),
            options.shard.map_or(1, |s| s.count),
            plan.replications
        ))
        .into());
    }
    let result = summarize(&plan, &sha256_hex(&source.text), &reps);
    write_all(&options.out, &output_files(source, &result, &reps))?;
    Ok(result)
}
