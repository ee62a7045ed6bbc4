//! Orchestration: plan → replications (in parallel) → aggregate → outputs.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::BadInput;
use crate::model::sim::simulate_observed;
use crate::model::tally::ReplicationResult;
use crate::output::{OutputFile, write_all};
use crate::report::{csv, json};
use crate::results::{Assumptions, DrawOutcome, RunResult};
use crate::scenario::{Plan, Source, load};
use crate::summarize::{summarize, summarize_with, what_closes_it};

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
        let err = || format!("expected K/N with 0 ≤ K < N ≤ 100,000 (e.g. 0/4), found \"{s}\"");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let index: u32 = k.trim().parse().map_err(|_| err())?;
        let count: u32 = n.trim().parse().map_err(|_| err())?;
        if count == 0 || index >= count || count > 100_000 {
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
    /// Show a progress bar on stderr (for runs longer than a second).
    pub progress: bool,
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
    /// Write `results.xlsx`.
    pub xlsx: bool,
}

impl Default for ChartFormats {
    fn default() -> Self {
        Self {
            svg: true,
            png: true,
            dpi: 200,
            xlsx: true,
        }
    }
}

/// The chart files of a result (SVG and/or PNG) and `report.html`, which
/// inlines the SVG charts (drawn for it even when no SVG files are asked for).
pub fn report_files(result: &RunResult, formats: ChartFormats) -> Result<Vec<OutputFile>> {
    use crate::report::charts::{Format, render};
    let pack = crate::report::pack::charts(result);
    // Charts are drawn in parallel (PNG rasterising is the slow part), then
    // listed in pack order.
    let drawn = pack
        .par_iter()
        .map(|c| {
            let draw = |format| {
                render(&c.chart, format).with_context(|| format!("cannot draw chart {}", c.name))
            };
            let svg = draw(Format::Svg)?;
            let png = if formats.png {
                Some(draw(Format::Png { dpi: formats.dpi })?)
            } else {
                None
            };
            Ok((svg, png))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut files = Vec::new();
    let mut svgs = Vec::new();
    for (c, (svg, png)) in pack.iter().zip(drawn) {
        if formats.svg {
            files.push(OutputFile::new(
                format!("charts/{}.svg", c.name),
                svg.clone(),
            ));
        }
        if let Some(bytes) = png {
            files.push(OutputFile::new(format!("charts/{}.png", c.name), bytes));
        }
        svgs.push(svg);
    }
    let inline: Vec<_> = pack
        .iter()
        .zip(&svgs)
        .map(|(c, svg)| (c, svg.as_slice()))
        .collect();
    files.push(OutputFile::new(
        "report.html",
        crate::report::html::report(result, &inline),
    ));
    Ok(files)
}

/// The scenario as written, for the report's table of assumptions.
pub fn assumptions(source: &Source) -> Assumptions {
    Assumptions {
        file: source.name.clone(),
        built_in: source.text == crate::scenario::BUILT_IN,
        inputs: crate::scenario::assumptions::read(&source.text),
    }
}

/// The result of a run's replications (with the analytic staffing
/// requirement), what closes the shortfall (searched by simulation), and
/// its scenario as written, and the uncertainty study of `draws`.
fn summarize_run(
    source: &Source,
    plan: &Plan,
    reps: &[ReplicationResult],
    draws: Vec<DrawOutcome>,
) -> RunResult {
    let mut result = RunResult {
        assumptions: assumptions(source),
        ..summarize(plan, &sha256_hex(&source.text), reps)
    };
    what_closes_it(plan, &mut result);
    crate::summarize::uncertainty::attach(plan, &mut result, draws);
    result
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
    crate::scenario::size::check(plan, reps.len(), pool.current_num_threads())?;
    // The bar counts simulated days across replications, so it moves (and
    // its estimate holds) from the first second.
    let days = (plan.horizon.end / crate::engine::time::DAY).max(1);
    let bar = progress_bar(reps.len() as u64 * days, options.progress);
    let on_day = || bar.inc(1);
    let results = pool.install(|| {
        reps.par_iter()
            .map(|&r| simulate_observed(plan, r, &on_day))
            .collect()
    });
    bar.finish_and_clear();
    Ok(results)
}

/// A progress bar of simulated work with an ETA, drawn on stderr only if the
/// run is still going after a second (and only when asked: a terminal, no --quiet).
pub fn progress_bar(len: u64, show: bool) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{bar:32}] {percent}% of the simulated days, {elapsed} elapsed, about {eta} left",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    if show {
        let later = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(1));
            if !later.is_finished() {
                later.set_draw_target(ProgressDrawTarget::stderr());
                later.enable_steady_tick(std::time::Duration::from_millis(200));
            }
        });
    }
    bar
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
    /// Draws of the study's total (0: no uncertainty study).
    #[serde(default)]
    pub draws: u32,
    /// The outcomes of this shard's input draws, in draw order.
    #[serde(default)]
    pub draw_outcomes: Vec<DrawOutcome>,
}

/// The files of a finished run (or shard; shards get no charts). `result`
/// is the summary of `reps` (computed here when `None`).
pub fn output_files(
    source: &Source,
    plan: &Plan,
    shard: Shard,
    reps: Vec<ReplicationResult>,
    draws: Vec<DrawOutcome>,
    charts: ChartFormats,
    result: Option<&RunResult>,
) -> Result<Vec<OutputFile>> {
    let sha = sha256_hex(&source.text);
    let mut files = Vec::new();
    if !reps.is_empty() {
        let computed;
        let result = match result {
            Some(r) => r,
            None => {
                computed = summarize_run(source, plan, &reps, draws.clone());
                &computed
            }
        };
        files.push(OutputFile::new(
            "summary.json",
            json::summary(&result.summary).context("cannot write summary.json")?,
        ));
        files.push(OutputFile::new(
            "monthly.csv",
            csv::monthly(&result.monthly).context("cannot write monthly.csv")?,
        ));
        if let Some(u) = &result.summary.uncertainty {
            files.push(OutputFile::new(
                "uncertainty.csv",
                csv::uncertainty(u, &result.summary).context("cannot write uncertainty.csv")?,
            ));
        }
        if !result.indicators.is_empty() {
            files.push(OutputFile::new(
                "indicators.csv",
                csv::indicators(&result.indicators).context("cannot write indicators.csv")?,
            ));
        }
        if shard.count == 1 {
            files.extend(report_files(result, charts)?);
            if charts.xlsx {
                let book =
                    crate::report::xlsx::workbook(result).context("cannot write results.xlsx")?;
                files.push(OutputFile::new("results.xlsx", book));
            }
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
        draws: plan.uncertainty.as_ref().map_or(0, |u| u.draws),
        draw_outcomes: draws,
    };
    files.push(OutputFile::new(
        "replications.json",
        serde_json::to_vec(&shard_file).context("cannot serialise replications.json")?,
    ));
    Ok(files)
}

/// Runs a scenario and writes its outputs; returns the result (`None` for an empty shard).
pub fn run(source: &Source, options: &RunOptions) -> Result<Option<RunResult>> {
    let plan = plan_for(source, options)?;
    crate::output::check_location(&options.out)?;
    let shard = options.shard.unwrap_or(Shard { index: 0, count: 1 });
    let draws = crate::uncertainty::prepare(source, &plan, shard, options.threads)?;
    let reps = replications(&plan, options)?;
    let draws = crate::uncertainty::simulate(&plan, draws, options)?;
    let result = (!reps.is_empty()).then(|| summarize_run(source, &plan, &reps, draws.clone()));
    write_all(
        &options.out,
        &output_files(
            source,
            &plan,
            shard,
            reps,
            draws,
            options.charts,
            result.as_ref(),
        )?,
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
    let version = env!("CARGO_PKG_VERSION");
    if first.version != version {
        return Err(BadInput::new(format!(
            "{} was written by bposim {}, this is {version}: rerun the shards with this version",
            first_dir.display(),
            first.version
        )));
    }
    if first.shard.count == 0 || first.shard.count > 100_000 || first.replications > 1_000_000 {
        return Err(BadInput::new(format!(
            "{}: shard count {} or replications {} out of range (at most 100,000 and 1,000,000)",
            first_dir.display(),
            first.shard.count,
            first.replications
        )));
    }
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

/// What in a replication read from a shard does not have the shape the plan
/// gives it (a damaged or hand-edited `replications.json`), if anything.
fn shape_problem(plan: &Plan, r: &ReplicationResult) -> Option<String> {
    use crate::model::tally::WAIT_BINS_S;
    let months = plan.horizon.months.len();
    let (lines, teams) = (plan.lines.len(), plan.workforce.teams.len());
    let pipeline = plan.workforce.pipeline.is_some();
    let checks = [
        (
            "lines",
            r.lines.len() == lines && r.lines.iter().all(|l| l.len() == months),
        ),
        (
            "classes",
            r.classes.len() == lines
                && r.classes
                    .iter()
                    .zip(&plan.lines)
                    .all(|(c, l)| c.len() == l.classes.len()),
        ),
        (
            "backlog",
            r.backlog.len() == lines && r.backlog.iter().all(|x| x.len() == months),
        ),
        (
            "teams",
            r.teams.len() == teams && r.teams.iter().all(|t| t.len() == months),
        ),
        (
            "week",
            r.week.arrivals.len() == lines
                && r.week.arrivals.iter().all(|x| x.len() == 168)
                && r.week.on_duty_h.len() == teams
                && r.week.on_duty_h.iter().all(|t| t.len() == 168),
        ),
        (
            "waits",
            r.waits.len() == lines && r.waits.iter().all(|x| x.len() == WAIT_BINS_S.len() + 1),
        ),
        (
            "workforce",
            if pipeline {
                r.workforce.len() == plan.skills.len()
                    && r.workforce.iter().all(|w| w.len() == months)
            } else {
                r.workforce.is_empty()
            },
        ),
        (
            "education",
            r.education.is_empty() || r.education.len() == months,
        ),
        (
            "on_floor",
            if pipeline {
                r.on_floor.len() == plan.pools.len() && r.on_floor.iter().all(|x| x.len() == months)
            } else {
                r.on_floor.is_empty()
            },
        ),
        ("tenure", r.tenure.is_empty() || r.tenure.len() == lines),
        (
            "intervals",
            r.intervals.is_empty() || r.intervals.len() == lines,
        ),
    ];
    checks
        .into_iter()
        .find(|(_, ok)| !ok)
        .map(|(field, _)| format!("`{field}` has the wrong shape"))
}

/// Combines shard folders into one result, identical to an unsharded run.
pub fn merge(out: &Path, dirs: &[PathBuf]) -> Result<RunResult> {
    let mut shards = dirs
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
        progress: false,
    };
    let plan = plan_for(&source, &options)?;
    let draws_total = first.draws;
    let mut draws: Vec<DrawOutcome> = shards
        .iter_mut()
        .flat_map(|(_, s)| std::mem::take(&mut s.draw_outcomes))
        .collect();
    draws.sort_by_key(|d| d.draw);
    let expected_draws = plan.uncertainty.as_ref().map_or(0, |u| u.draws);
    if draws_total != expected_draws || !draws.iter().map(|d| d.draw).eq(0..expected_draws) {
        return Err(BadInput::new("the shards do not hold each input draw exactly once").into());
    }
    if let Some((d, problem)) = draws
        .iter()
        .find_map(|d| crate::summarize::uncertainty::shape_problem(&plan, d).map(|p| (d.draw, p)))
    {
        return Err(BadInput::new(format!(
            "input draw {d} of the shards does not fit the scenario: {problem}"
        ))
        .into());
    }
    let mut reps: Vec<ReplicationResult> =
        shards.into_iter().flat_map(|(_, s)| s.results).collect();
    reps.sort_by_key(|r| r.replication);
    if !reps.iter().map(|r| r.replication).eq(0..plan.replications) {
        return Err(BadInput::new("the shards do not hold each replication exactly once").into());
    }
    for r in &reps {
        if let Some(problem) = shape_problem(&plan, r) {
            return Err(BadInput::new(format!(
                "replication {} of the shards does not fit the scenario: {problem}",
                r.replication
            ))
            .into());
        }
    }
    let result = summarize_run(&source, &plan, &reps, draws.clone());
    write_all(
        out,
        &output_files(
            &source,
            &plan,
            Shard { index: 0, count: 1 },
            reps,
            draws,
            ChartFormats::default(),
            Some(&result),
        )?,
    )?;
    Ok(result)
}

/// Settings of `bposim staff`.
#[derive(Clone, Copy, Debug)]
pub struct StaffOptions {
    /// Interval length, 30 or 60 minutes.
    pub interval_min: u32,
    /// Most simulation correction rounds (0: analytic only).
    pub max_iterations: u32,
    /// Replications per correction round.
    pub search_replications: u32,
}

/// Capacity planning: the on-duty agents each interval needs (analytic, then
/// corrected by simulation), the headcount and hires that implies, and the gap
/// to what the scenario's own workforce supplies.
pub fn staff(source: &Source, options: &RunOptions, staff: StaffOptions) -> Result<RunResult> {
    use crate::staffing::search::{SearchOptions, search};
    let plan = plan_for(source, options)?;
    // Each search round simulates every replication once.
    let search_runs = staff.search_replications as usize * (staff.max_iterations as usize + 1);
    crate::scenario::size::check(
        &plan,
        plan.replications as usize + search_runs,
        options.threads.max(1),
    )?;
    let max_occupancy = plan.workforce.max_occupancy;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .context("cannot start worker threads")?;
    let found = pool.install(|| {
        search(
            &plan,
            &SearchOptions {
                interval_min: staff.interval_min,
                replications: staff.search_replications,
                max_iterations: staff.max_iterations,
                max_occupancy,
            },
        )
    });
    let reps = replications(&plan, options)?;
    let rounds = found.corrections.len();
    let convergence = match found.corrections.last() {
        Some(0) => format!("converged after {rounds} rounds"),
        Some(&n) => format!(
            "not converged after {rounds} rounds: {n} intervals still changed in the last (raise --iterations)"
        ),
        None => "no correction rounds (analytic only)".to_string(),
    };
    let method = format!(
        "Erlang A/C per {}-minute interval, corrected by simulation with common random numbers; {convergence}",
        staff.interval_min,
    );
    let mut result = RunResult {
        assumptions: assumptions(source),
        ..summarize_with(
            &plan,
            &sha256_hex(&source.text),
            &reps,
            found.requirement,
            &method,
        )
    };
    what_closes_it(&plan, &mut result);
    let mut files = output_files(
        source,
        &plan,
        Shard { index: 0, count: 1 },
        reps,
        Vec::new(),
        options.charts,
        Some(&result),
    )?;
    files.push(OutputFile::new(
        "staffing.csv",
        csv::staffing(&result).context("cannot write staffing.csv")?,
    ));
    write_all(&options.out, &files)?;
    Ok(result)
}
