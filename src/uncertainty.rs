//! Runs the draws of an uncertainty study (`[uncertainty]` with `draws > 0`).
//!
//! Every draw's scenario is built and checked before anything is simulated,
//! so a distribution that reaches a value the scenario does not allow is a
//! bad input (exit 2, nothing written), never a failure mid-run. A shard
//! runs draws K, K+N, ... (as it runs replications), and each draw depends
//! only on the seed and its number, so any split merges to the same bytes.

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::error::BadInput;
use crate::model::pipeline::{hiring_need_of, timeline_with_need};
use crate::model::requirement::analytic;
use crate::model::sim::simulate_observed;
use crate::results::DrawOutcome;
use crate::run::{RunOptions, Shard, progress_bar};
use crate::scenario::Hiring;
use crate::scenario::uncertainty::draw_text;
use crate::scenario::{Plan, Source, load_unchecked};
use crate::summarize::uncertainty::outcome;
use crate::summarize::{summarize, summarize_draw};

/// Most memory the outcomes of a study's draws may take.
const MAX_DRAW_BYTES: f64 = 4.0e9;

/// One draw this process runs: its number, input values and scenario text.
pub struct Draw {
    /// Draw number, from 0.
    pub index: u32,
    /// The value of each uncertain input.
    pub values: Vec<f64>,
    /// The scenario with those values.
    text: String,
}

/// The plan of a draw: its scenario with the run's seed, and the study's
/// replications per draw.
fn draw_plan(text: &str, base: &Plan) -> Result<Plan, crate::scenario::ScenarioError> {
    let mut plan = load_unchecked(&Source {
        name: String::new(),
        text: text.to_string(),
    })?;
    plan.seed = base.seed;
    plan.replications = base
        .uncertainty
        .as_ref()
        .map_or(1, |u| u.replications_per_draw);
    Ok(plan)
}

/// The draws of `plan`'s study that `shard` runs, each checked.
pub fn prepare(source: &Source, plan: &Plan, shard: Shard, threads: usize) -> Result<Vec<Draw>> {
    let Some(study) = plan.uncertainty.as_ref().filter(|u| u.draws > 0) else {
        return Ok(Vec::new());
    };
    // Every draw's outcome is kept (to merge and rank), so their memory is
    // bounded before anything runs.
    let bytes = study.draws as f64 * crate::summarize::uncertainty::bytes_per_draw(plan);
    if bytes > MAX_DRAW_BYTES
        && !std::env::var(crate::scenario::size::FORCE_VAR).is_ok_and(|v| v.trim() == "1")
    {
        return Err(BadInput::new(format!(
            "[uncertainty] draws = {}: the draws' outcomes would take about {:.1} GB (the limit is {:.0} GB)\n  = help: fewer draws give the same bands within a few per cent (200 is plenty for 95% bands), or a shorter horizon",
            study.draws,
            bytes / 1e9,
            MAX_DRAW_BYTES / 1e9
        ))
        .into());
    }
    let all = study.draw_values(plan.seed);
    let mut draws = Vec::new();
    let mine = all
        .into_iter()
        .enumerate()
        .skip(shard.index as usize)
        .step_by(shard.count as usize);
    let runs = study.replications_per_draw as usize * mine.len();
    for (d, values) in mine {
        let text = draw_text(&source.text, study, &values)?;
        let drawn = || {
            study
                .inputs
                .iter()
                .zip(&values)
                .map(|(i, &x)| format!("{}={}", i.key, i.shown(x)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match draw_plan(&text, plan) {
            Ok(p) => crate::scenario::size::check(&p, runs, threads.max(1))
                .with_context(|| format!("[uncertainty] draw {d} ({})", drawn()))?,
            Err(crate::scenario::ScenarioError::Invalid(diagnostics)) => {
                let first = diagnostics.items.first();
                return Err(BadInput::new(format!(
                    "[uncertainty] draw {d} sets {} and the scenario does not allow it: {}\n  = help: narrow or truncate the distributions (min/max) so that every draw is allowed",
                    drawn(),
                    first.map_or_else(String::new, |i| format!("{}: {}", i.path, i.message))
                ))
                .into());
            }
            Err(e) => return Err(BadInput::from(e).into()),
        }
        draws.push(Draw {
            index: d as u32,
            values,
            text,
        });
    }
    Ok(draws)
}

/// Simulates `draws` (each with its replications), in draw order.
pub fn simulate(plan: &Plan, draws: Vec<Draw>, options: &RunOptions) -> Result<Vec<DrawOutcome>> {
    if draws.is_empty() {
        return Ok(Vec::new());
    }
    let per_draw = plan
        .uncertainty
        .as_ref()
        .map_or(1, |u| u.replications_per_draw);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .context("cannot start worker threads")?;
    let days = (plan.horizon.end / crate::engine::time::DAY).max(1);
    let bar = progress_bar(
        draws.len() as u64 * u64::from(per_draw) * days,
        options.progress,
    );
    let on_day = || bar.inc(1);
    let outcomes = pool.install(|| {
        draws
            .into_par_iter()
            .map(|draw| {
                let p = draw_plan(&draw.text, plan).map_err(BadInput::from)?;
                let reps: Vec<_> = (0..per_draw)
                    .map(|r| simulate_observed(&p, r, &on_day))
                    .collect();
                // The capacity plan is judged on the pipeline of as many
                // replications as the base run has (cheap: no queues).
                let result = match &p.workforce.pipeline {
                    Some(pipeline) => {
                        // One analytic requirement serves the hiring
                        // forecast and the summary.
                        let requirement = analytic(&p, 60, p.workforce.max_occupancy);
                        let need: Vec<Vec<f64>> = match pipeline.hiring {
                            Hiring::ToNeed => hiring_need_of(&p, &requirement),
                            Hiring::FixedMix => Vec::new(),
                        };
                        let floors = (0..plan.replications)
                            .map(|r| timeline_with_need(&p, pipeline, r, &need).on_floor)
                            .collect();
                        summarize_draw(&p, &reps, floors, requirement)
                    }
                    None => summarize(&p, "", &reps),
                };
                Ok(outcome(draw.index, draw.values, &p, &result, &reps))
            })
            .collect::<Result<Vec<_>>>()
    });
    bar.finish_and_clear();
    outcomes
}
