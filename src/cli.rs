//! Command-line interface: clap definitions and dispatch of subcommands.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use crate::error::BadInput;
use crate::run::{RunOptions, Shard, run};
use crate::scenario::{BUILT_IN, BUILT_IN_NAME, Source, load};

/// Discrete-event simulator and capacity-planning tool for BPO operations.
#[derive(Parser, Debug)]
#[command(name = "bposim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Simulate a scenario and write results (default: the built-in Uzbekistan 2026–2030 plan).
    Run(RunArgs),
    /// Required on-duty agents per interval and month, headcount and hires, gap to the pipeline.
    Staff(StaffArgs),
    /// Run scenarios with the same seeds (common random numbers) and compare their headline results.
    Compare(CompareArgs),
    /// One-at-a-time sensitivity of the headline results; tornado charts.
    Sweep(SweepArgs),
    /// Check scenario files and print every problem (exit code 2 if any).
    Validate {
        /// Scenario files to check.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Check each file with this override (KEY=VALUE, repeatable), as `run --set` would.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<crate::scenario::overrides::Override>,
    },
    /// Combine shard folders (from `run --shard K/N`) into one result, identical to an unsharded run.
    Merge {
        /// Output folder for the merged result (may already hold the shards).
        #[arg(long)]
        out: PathBuf,
        /// Shard folders, all of the same study.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
    },
    /// Analytic Erlang B/C/A calculator: metrics for N agents, or the agents a target needs.
    Erlang(ErlangArgs),
    /// Write the built-in scenario, commented, as a starting point.
    Init {
        /// Where to write it.
        #[arg(default_value = "scenario.toml")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("ask").required(true).args(["agents", "target_sl"])))]
struct ErlangArgs {
    /// Arrivals per hour (Poisson).
    #[arg(long)]
    per_hour: f64,
    /// Mean handle time in seconds (exponential).
    #[arg(long)]
    aht_s: f64,
    /// Mean patience in seconds (exponential); omitted: nobody abandons (Erlang C).
    #[arg(long)]
    patience_s: Option<f64>,
    /// Service-level threshold in seconds.
    #[arg(long)]
    within_s: f64,
    /// Metrics for this many agents (1 to 100,000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    agents: Option<u32>,
    /// The fewest agents whose service level reaches this share (0–1).
    #[arg(long)]
    target_sl: Option<f64>,
    /// With --target-sl: also keep occupancy at or below this share.
    #[arg(long, requires = "target_sl")]
    max_occupancy: Option<f64>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct StaffArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Interval length in minutes: 30 or 60.
    #[arg(long, default_value_t = 60)]
    interval: u32,
    /// Most simulation correction rounds after the Erlang start (0: analytic only).
    #[arg(long, default_value_t = 8)]
    iterations: u32,
    /// Replications per correction round (same seeds every round); the final
    /// run uses the scenario's (or --replications).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1000))]
    search_replications: u32,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// Scenario file (TOML). Omitted: the built-in plan.
    scenario: Option<PathBuf>,
    /// Run only replications K, K+N, K+2N, ... (merge shards with `bposim merge`).
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Input draws of the uncertainty study (overrides `[uncertainty] draws`;
    /// 0: none). The scenario must have an `[uncertainty]` section.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100_000))]
    draws: Option<u32>,
    #[command(flatten)]
    common: CommonArgs,
}

/// Options every simulating command takes.
#[derive(Args, Debug)]
struct CommonArgs {
    /// Output folder [default: output/<scenario file stem>].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Number of replications (overrides the scenario).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    replications: Option<u32>,
    /// Base random seed (overrides the scenario).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (0 = all cores; at most 1,024, and never more than 4 per core are started).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1024))]
    threads: u16,
    /// Override a scenario value: `education.placement_rate=0.4`,
    /// `service_line.voice.price_usd_per_hour=9` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<crate::scenario::overrides::Override>,
    /// No progress or summary on the terminal.
    #[arg(long, short)]
    quiet: bool,
    /// Formats to write (comma-separated: svg, png charts; xlsx workbook; `none` for none of them).
    #[arg(long, value_delimiter = ',', default_value = "svg,png,xlsx", value_parser = ["svg", "png", "xlsx", "none"])]
    format: Vec<String>,
    /// Resolution of PNG charts in dots per inch (200 suits A4 print; 300 for print shops).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(24..=600))]
    dpi: u32,
}

impl CommonArgs {
    /// Contradictory options are refused: `none` with a chart format.
    fn check(&self) -> Result<(), BadInput> {
        if self.format.iter().any(|f| f == "none") && self.format.len() > 1 {
            return Err(BadInput::new(format!(
                "--format {}: `none` means no charts and no workbook, and cannot be combined with a format",
                self.format.join(",")
            )));
        }
        Ok(())
    }

    fn options(&self, default_out: PathBuf, shard: Option<Shard>) -> RunOptions {
        RunOptions {
            out: self.out.clone().unwrap_or(default_out),
            replications: self.replications,
            seed: self.seed,
            threads: {
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                usize::from(self.threads).min(4 * cores)
            },
            shard,
            charts: crate::run::ChartFormats {
                svg: self.format.iter().any(|f| f == "svg"),
                png: self.format.iter().any(|f| f == "png"),
                dpi: self.dpi,
                xlsx: self.format.iter().any(|f| f == "xlsx"),
            },
            progress: !self.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        }
    }
}

#[derive(Args, Debug)]
struct CompareArgs {
    /// Two or more scenario files, run with the same seed and replications.
    #[arg(required = true, num_args = 2..)]
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args, Debug)]
struct SweepArgs {
    /// Scenario file. Omitted: the built-in plan.
    scenario: Option<PathBuf>,
    /// A key and the values to try: `education.placement_rate=0.02,0.25,0.4` (repeatable).
    #[arg(long, required = true, value_name = "KEY=V1,V2,...")]
    vary: Vec<crate::study::Vary>,
    #[command(flatten)]
    common: CommonArgs,
}

fn source_of(path: Option<&Path>) -> Result<(Source, String)> {
    match path {
        Some(p) => {
            let source = Source::read(p).map_err(BadInput::from)?;
            let stem = p
                .file_stem()
                .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
            Ok((source, stem))
        }
        None => Ok((
            Source {
                name: format!("<built-in {BUILT_IN_NAME}>"),
                text: BUILT_IN.to_string(),
            },
            BUILT_IN_NAME.to_string(),
        )),
    }
}

/// Parses the command line and runs the command.
pub fn main() -> Result<()> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                print!("{e}");
                return Ok(());
            }
            return Err(BadInput::new(e.render().to_string().trim_end()).into());
        }
    };
    match cli.command {
        Command::Run(args) => run_command(args),
        Command::Staff(args) => staff_command(args),
        Command::Compare(args) => compare_command(args),
        Command::Sweep(args) => sweep_command(args),
        Command::Validate { scenarios, sets } => validate(&scenarios, &sets),
        Command::Init { path, force } => init(&path, force),
        Command::Erlang(args) => erlang(&args),
        Command::Merge { out, shards } => {
            check_out(
                &out,
                shards.iter().map(|d| d.join("replications.json")).collect(),
            )?;
            let result = crate::run::merge(&out, &shards)?;
            eprintln!(
                "merged {} shards ({} replications) → {}",
                shards.len(),
                result.summary.replications,
                out.display()
            );
            eprintln!(
                "{}",
                crate::report::headline::shortfall(&result.summary.staffing)
            );
            Ok(())
        }
    }
}

/// Applies `--set` overrides; messages then name the overrides with the file.
fn with_overrides(
    mut source: Source,
    sets: &[crate::scenario::overrides::Override],
) -> Result<Source> {
    source.text = crate::scenario::overrides::apply(&source.text, sets)?;
    if !sets.is_empty() {
        let list: Vec<String> = sets
            .iter()
            .map(|o| format!("{}={}", o.path, o.value))
            .collect();
        source.name = format!("{} (with --set {})", source.name, list.join(" "));
    }
    Ok(source)
}

fn prepare(args: &RunArgs) -> Result<(Source, RunOptions)> {
    args.common.check()?;
    let (source, stem) = source_of(args.scenario.as_deref())?;
    let mut source = with_overrides(source, &args.common.sets)?;
    if let Some(n) = args.draws {
        with_draws(&mut source, n)?;
    }
    let options = args
        .common
        .options(Path::new("output").join(stem), args.shard);
    check_out(&options.out, args.scenario.iter().cloned().collect())?;
    Ok((source, options))
}

/// Whether `path` is one of the paths `pattern` (with `*` for a line or
/// team id) names.
fn matches_star(pattern: &str, path: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), path.split('.').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| *x == "*" || x == y)
}

/// `--draws N`: sets the scenario's `[uncertainty] draws`, so that what ran
/// is in `scenario.toml` (and a merge of shards runs the same study).
fn with_draws(source: &mut Source, n: u32) -> Result<(), BadInput> {
    use crate::scenario::overrides::{Override, apply, lookup};
    if lookup(&source.text, "uncertainty").is_none() {
        if n == 0 {
            return Ok(());
        }
        return Err(BadInput::new(format!(
            "--draws {n}: {} has no [uncertainty] section to draw from\n  = help: add one, e.g.\n    \
             [uncertainty]\n    draws = {n}\n    \"education.placement_rate\" = {{ dist = \"uniform\", min = 0.15, max = 0.35 }}",
            source.name
        )));
    }
    let set = Override {
        path: "uncertainty.draws".into(),
        value: n.to_string(),
    };
    source.text = apply(&source.text, &[set])?;
    source.name = format!("{} (with --draws {n})", source.name);
    Ok(())
}

/// Before any computing: the output folder can be written, and writing it
/// would replace none of the inputs.
fn check_out(out: &Path, inputs: Vec<PathBuf>) -> Result<()> {
    crate::output::check_location(out)?;
    crate::output::refuse_overwriting(out, &inputs)?;
    Ok(())
}

fn compare_command(args: CompareArgs) -> Result<()> {
    args.common.check()?;
    let mut sources = Vec::new();
    let mut stems = Vec::new();
    for path in &args.scenarios {
        let (source, stem) = source_of(Some(path))?;
        let source = with_overrides(source, &args.common.sets)?;
        stems.push(stem.clone());
        sources.push((stem, source));
    }
    let options = args.common.options(
        Path::new("output").join(format!("compare-{}", stems.join("-vs-"))),
        None,
    );
    check_out(&options.out, args.scenarios.clone())?;
    let rows = crate::study::compare(sources, &options)?;
    if !args.common.quiet {
        eprintln!("compared {} → {}", stems.join(", "), options.out.display());
        study_table(&rows);
    }
    Ok(())
}

/// The headline of each case of a study as an aligned table: first short
/// month, peak shortfall (people), export revenue (USD) and overall service
/// level, each with its difference to the first case (paired over
/// replications). One number format: thousands separators, an explicit sign
/// on differences.
fn study_table(rows: &[crate::results::StudyRow]) {
    for line in study_table_lines(rows) {
        eprintln!("{line}");
    }
}

fn study_table_lines(rows: &[crate::results::StudyRow]) -> Vec<String> {
    use crate::report::format::{month, number};
    let cases: Vec<&str> = rows.iter().fold(Vec::new(), |mut v, r| {
        if !v.contains(&r.case.as_str()) {
            v.push(r.case.as_str());
        }
        v
    });
    let signed = |x: f64, decimals: usize, unit: &str| {
        let t = number(x, decimals);
        let zero = !t.chars().any(|c| c.is_ascii_digit() && c != '0');
        if zero {
            format!("{}{unit}", number(0.0, decimals))
        } else if x > 0.0 {
            format!("+{t}{unit}")
        } else {
            format!("{t}{unit}")
        }
    };
    let mut table: Vec<[String; 8]> = vec![[
        "case".into(),
        "first short".into(),
        "peak shortfall".into(),
        "Δ people".into(),
        "export revenue (USD)".into(),
        "Δ USD".into(),
        "service level".into(),
        "Δ".into(),
    ]];
    for case in cases {
        let get = |metric: &str| rows.iter().find(|r| r.case == case && r.metric == metric);
        let pair = |metric: &str, decimals: usize, scale: f64, unit: &str| match get(metric) {
            Some(r) => (
                format!("{}{unit}", number(r.stat.mean * scale, decimals)),
                signed(
                    r.diff.mean * scale,
                    decimals,
                    if unit == "%" { " pt" } else { unit },
                ),
            ),
            None => ("n/a".into(), "n/a".into()),
        };
        let (people, d_people) = pair("peak_shortfall", 0, 1.0, "");
        let (usd, d_usd) = pair("revenue_usd", 0, 1.0, "");
        let (sl, d_sl) = pair("service_level", 1, 100.0, "%");
        let short_from = rows
            .iter()
            .find(|r| r.case == case)
            .and_then(|r| r.short_from.as_deref())
            .map_or_else(|| "never".into(), month);
        table.push([
            crate::report::headline::terminal_safe(case),
            short_from,
            people,
            d_people,
            usd,
            d_usd,
            sl,
            d_sl,
        ]);
    }
    let widths: Vec<usize> = (0..8)
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    table
        .iter()
        .map(|r| {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (cell, &w))| {
                    if c == 0 {
                        format!("{cell:<w$}")
                    } else {
                        format!("{cell:>w$}")
                    }
                })
                .collect();
            format!("  {}", cells.join("  ").trim_end())
        })
        .collect()
}

fn sweep_command(args: SweepArgs) -> Result<()> {
    args.common.check()?;
    let (mut source, stem) = source_of(args.scenario.as_deref())?;
    source.text = crate::scenario::overrides::apply(&source.text, &args.common.sets)?;
    let options = args
        .common
        .options(Path::new("output").join(format!("sweep-{stem}")), None);
    check_out(&options.out, args.scenario.iter().cloned().collect())?;
    let rows = crate::study::sweep(source, &args.vary, &options)?;
    if !args.common.quiet {
        eprintln!(
            "swept {} inputs → {}",
            args.vary.len(),
            options.out.display()
        );
        study_table(&rows);
    }
    Ok(())
}

fn staff_command(args: StaffArgs) -> Result<()> {
    if args.interval != 30 && args.interval != 60 {
        return Err(BadInput::new(format!(
            "--interval must be 30 or 60 minutes, found {}",
            args.interval
        ))
        .into());
    }
    if args.run.shard.is_some() {
        return Err(BadInput::new(
            "staff does not take --shard: the search needs every replication",
        )
        .into());
    }
    let (source, options) = prepare(&args.run)?;
    let result = crate::run::staff(
        &source,
        &options,
        crate::run::StaffOptions {
            interval_min: args.interval,
            max_iterations: args.iterations,
            search_replications: args.search_replications,
        },
    )?;
    if !args.run.common.quiet {
        eprintln!(
            "{} → {}",
            crate::report::headline::terminal_safe(&result.summary.scenario),
            options.out.display()
        );
        eprintln!("  method: {}", result.staffing.method);
        eprintln!(
            "  {}",
            crate::report::headline::shortfall(&result.staffing.plan)
        );
    }
    Ok(())
}

fn run_command(args: RunArgs) -> Result<()> {
    let (source, options) = prepare(&args)?;
    let result = run(&source, &options)?;
    let Some(result) = result else {
        return Ok(());
    };
    if !args.common.quiet {
        let s = &result.summary;
        eprintln!(
            "{}: {} replications, seed {} → {}",
            crate::report::headline::terminal_safe(&s.scenario),
            s.replications,
            s.seed,
            options.out.display()
        );
        for line in &s.lines {
            let pct = |x: Option<crate::stats::Stat>| {
                x.map_or("n/a".to_string(), |s| format!("{:.1}%", s.mean * 100.0))
            };
            eprintln!(
                "  {:<20} offered {:>12.0}  service level {:>6} (target {:.0}%)  abandoned {:>6}",
                line.id,
                line.offered.mean,
                pct(line.service_level),
                line.target.service_level * 100.0,
                pct(line.abandon_rate),
            );
        }
        let capacity = &result.summary.staffing;
        eprintln!("In brief:");
        for sentence in crate::report::headline::executive_summary(&result) {
            eprintln!("  {}", crate::report::headline::terminal_safe(&sentence));
        }
        eprintln!("{}", crate::report::headline::shortfall(capacity));
        if let Some(pools) = crate::report::headline::pools(capacity) {
            eprintln!("{pools}");
        }
        let levers = crate::report::headline::what_closes_it(capacity);
        if !levers.is_empty() {
            eprintln!(
                "What closes it (each lever alone, confirmed by simulation at {} replications):",
                s.replications
            );
        }
        for lever in levers {
            eprintln!("  {lever}");
        }
        if let Some(u) = &s.uncertainty {
            // A --set on an input the study draws changes the base run only.
            for set in &args.common.sets {
                if u.inputs.iter().any(|i| {
                    i.key == set.path || (i.key.contains('*') && matches_star(&i.key, &set.path))
                }) {
                    eprintln!(
                        "note: --set {} changes the base run; the uncertainty study still draws `{}` from its distribution in [uncertainty]",
                        set.path, set.path
                    );
                }
            }
            eprintln!(
                "How sure are we? {} draws of {} doubtful inputs (uncertainty.csv):",
                u.draws,
                u.inputs.len()
            );
            for sentence in crate::report::odds::sentences(u) {
                eprintln!("  {}", crate::report::headline::terminal_safe(&sentence));
            }
        }
    }
    for warning in &result.summary.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(())
}

fn validate(paths: &[PathBuf], sets: &[crate::scenario::overrides::Override]) -> Result<()> {
    let mut failures = Vec::new();
    for path in paths {
        // The same checks as `run`: overrides, the scenario, and its size.
        let checked = Source::read(path)
            .map_err(anyhow::Error::from)
            .and_then(|s| with_overrides(s, sets))
            .and_then(|s| load(&s).map_err(anyhow::Error::from))
            .and_then(|plan| {
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                crate::scenario::size::check(&plan, plan.replications as usize, threads)?;
                Ok(plan)
            });
        match checked {
            Ok(plan) => println!(
                "{}: ok ({} service lines, {} days, {} replications)",
                path.display(),
                plan.lines.len(),
                plan.horizon.end / crate::engine::time::DAY,
                plan.replications
            ),
            Err(e) => failures.push(format!("{e:#}")),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(BadInput::new(failures.join("\n\n")).into())
    }
}

fn init(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(BadInput::new(format!(
            "{} already exists; choose another path or add --force to overwrite it",
            path.display()
        ))
        .into());
    }
    // --force replaces a regular file only, never a device or a pipe
    // (a folder is refused below, as an output location).
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        return Err(BadInput::new(format!(
            "{} exists and is not a regular file; --force replaces only files",
            path.display()
        ))
        .into());
    }
    crate::output::write_file(path, BUILT_IN.as_bytes())?;
    eprintln!(
        "wrote {} (the built-in {BUILT_IN_NAME} plan); edit it, then `bposim run {}`",
        path.display(),
        path.display()
    );
    Ok(())
}

fn erlang(args: &ErlangArgs) -> Result<()> {
    use crate::erlang::{QueueInput, metrics, required_agents};
    let input = QueueInput {
        per_hour: args.per_hour,
        aht_s: args.aht_s,
        patience_s: args.patience_s,
        within_s: args.within_s,
    };
    let bad = |e: crate::erlang::ErlangError| BadInput::new(e.to_string());
    let max = crate::scenario::load::MAX_DURATION_S;
    for (name, value) in [
        ("aht_s", Some(args.aht_s)),
        ("within_s", Some(args.within_s)),
        ("patience_s", args.patience_s),
    ] {
        if let Some(v) = value.filter(|v| *v > max) {
            return Err(BadInput::new(format!(
                "invalid {name} = {v}: must be at most {max:.0} seconds (about 116 days)"
            ))
            .into());
        }
    }
    let (agents, m) = match (args.agents, args.target_sl) {
        (Some(n), _) => (None, metrics(&input, n).map_err(bad)?),
        (None, Some(target)) => {
            let (n, m) = required_agents(&input, target, args.max_occupancy).map_err(bad)?;
            (Some(n), m)
        }
        (None, None) => return Err(BadInput::new("give --agents N or --target-sl P").into()),
    };
    if args.json {
        let mut value = serde_json::to_value(m)?;
        if let (Some(n), Some(obj)) = (agents, value.as_object_mut()) {
            obj.insert("required_agents".into(), n.into());
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        if let Some(n) = agents {
            println!("required_agents    {n}");
        }
        println!("service_level      {:.6}", m.service_level);
        println!("p_wait             {:.6}", m.p_wait);
        println!("asa_s              {:.4}", m.asa_s);
        println!("mean_queue_time_s  {:.4}", m.mean_queue_time_s);
        println!("abandon_rate       {:.6}", m.abandon_rate);
        println!("occupancy          {:.6}", m.occupancy);
    }
    Ok(())
}

/// Exit code for an error: 2 when the user's input is at fault, 1 otherwise.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    if error
        .chain()
        .any(|e| e.is::<BadInput>() || e.is::<crate::scenario::ScenarioError>())
    {
        2
    } else {
        1
    }
}
