//! `[uncertainty]`: the doubtful inputs of a scenario, each with a
//! distribution, and their Latin hypercube draws.
//!
//! An input is named by its `--set` path (`education.placement_rate`,
//! `service_line.*.volume.monthly_growth`), so a draw is nothing but a set of
//! overrides: applied to the scenario text, it gives an ordinary scenario,
//! validated like any file. Distributions are checked once when read; after
//! that, turning a point of the unit hypercube into input values cannot fail.

use std::ops::Range;

use rand::RngExt;
use statrs::distribution::{Beta, ContinuousCDF, Normal};

use super::overrides::{Override, apply, lookup};
use super::reader::{Diagnostic, Node, Sink, TableReader, did_you_mean};
use crate::engine::streams::{Purpose, stream};

/// Most draws accepted.
pub const MAX_DRAWS: u64 = 100_000;
/// Most replications per draw accepted.
pub const MAX_REPLICATIONS_PER_DRAW: i64 = 1_000;

/// The `[uncertainty]` section, checked.
#[derive(Clone, Debug)]
pub struct UncertaintyPlan {
    /// Input draws (0: the inputs are listed, no study runs).
    pub draws: u32,
    /// Replications simulated for each draw.
    pub replications_per_draw: u32,
    /// The uncertain inputs, in file order (`*` entries drawn independently
    /// per line are expanded to one input per line).
    pub inputs: Vec<UncertainInput>,
}

/// One uncertain input.
#[derive(Clone, Debug)]
pub struct UncertainInput {
    /// Its `--set` path.
    pub key: String,
    /// Its distribution.
    pub dist: InputDist,
    /// Drawn values are rounded to whole numbers (the input is a count).
    pub whole: bool,
    /// The draw is a factor on the value(s) as written (`relative = true`),
    /// e.g. 1.1 for handle times 10% longer on every line.
    pub relative: bool,
    /// For a relative input: each value it scales (its concrete path, the
    /// value as written, and whether it is a whole number).
    pub scaled: Vec<(String, f64, bool)>,
    /// Where the entry is in the scenario, for messages.
    pub span: Range<usize>,
}

/// A distribution of an input value, defined by its quantile function.
#[derive(Clone, Debug)]
pub enum InputDist {
    /// Every value in `[min, max]` equally likely.
    Uniform { min: f64, max: f64 },
    /// Triangular on `[min, max]` peaking at `mode`.
    Triangular { min: f64, mode: f64, max: f64 },
    /// PERT (a beta distribution on `[min, max]` with its mode at `mode`).
    Pert { min: f64, max: f64, beta: Beta },
    /// Normal, optionally truncated to `[min, max]`.
    Normal { normal: Normal, min: f64, max: f64 },
    /// Lognormal with the given mean and standard deviation of the value
    /// itself, optionally truncated to `[min, max]`.
    LogNormal { log: Normal, min: f64, max: f64 },
    /// One of `values`, with `cumulative` weights (the last is 1).
    Discrete {
        values: Vec<f64>,
        cumulative: Vec<f64>,
    },
}

const DISTS: &[&str] = &[
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal",
    "discrete",
];

impl InputDist {
    /// The value at cumulative probability `u` in [0, 1].
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self {
            InputDist::Uniform { min, max } => min + u * (max - min),
            InputDist::Triangular { min, mode, max } => {
                let width = max - min;
                if width <= 0.0 {
                    return *min;
                }
                let at_mode = (mode - min) / width;
                if u < at_mode {
                    min + (u * width * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * width * (max - mode)).sqrt()
                }
            }
            InputDist::Pert { min, max, beta } => {
                if max <= min {
                    return *min;
                }
                min + (max - min) * beta.inverse_cdf(u)
            }
            InputDist::Normal { normal, min, max } => {
                truncated(normal, *min, *max, u, |x| x, |x| x)
            }
            InputDist::LogNormal { log, min, max } => truncated(
                log,
                *min,
                *max,
                u,
                |x| if x > 0.0 { x.ln() } else { f64::NEG_INFINITY },
                f64::exp,
            ),
            InputDist::Discrete { values, cumulative } => {
                let i = cumulative.partition_point(|&c| c < u);
                values[i.min(values.len() - 1)]
            }
        }
    }

    /// The smallest and largest values a draw can take (infinite where the
    /// distribution is unbounded).
    pub fn support(&self) -> (f64, f64) {
        match self {
            InputDist::Uniform { min, max }
            | InputDist::Triangular { min, max, .. }
            | InputDist::Pert { min, max, .. }
            | InputDist::Normal { min, max, .. } => (*min, *max),
            InputDist::LogNormal { min, max, .. } => (min.max(0.0), *max),
            InputDist::Discrete { values, .. } => values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                }),
        }
    }
}

/// The quantile of `dist` (on a transformed scale: `to` maps a value onto
/// it, `from` back) truncated to the values `[min, max]`.
fn truncated(
    dist: &Normal,
    min: f64,
    max: f64,
    u: f64,
    to: impl Fn(f64) -> f64,
    from: impl Fn(f64) -> f64,
) -> f64 {
    let lo = if min.is_finite() {
        dist.cdf(to(min))
    } else {
        0.0
    };
    let hi = if max.is_finite() {
        dist.cdf(to(max))
    } else {
        1.0
    };
    let p = (lo + u * (hi - lo)).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0);
    from(dist.inverse_cdf(p)).clamp(min, max)
}

/// Reads `[uncertainty]`. `line_ids` expands `service_line.*` entries drawn
/// independently per line.
pub fn read(t: &TableReader<'_, '_>, line_ids: &[&str], sink: &Sink) -> Option<UncertaintyPlan> {
    let mut ok = true;
    let draws = match t.get("draws") {
        Some(e) => {
            let n = e.node().count(sink);
            match n {
                Some(n) if n > MAX_DRAWS => {
                    e.node().error(
                        sink,
                        format!("found {n}, but `draws` must be at most {MAX_DRAWS}"),
                        None,
                    );
                    None
                }
                n => n.map(|n| n as u32),
            }
        }
        None => Some(0),
    };
    let per_draw = t.get("replications_per_draw").map_or(Some(1), |e| {
        e.node()
            .whole_in(sink, 1, MAX_REPLICATIONS_PER_DRAW)
            .map(|n| n as u32)
    });
    let mut inputs = Vec::new();
    for (key, entry) in t.entries() {
        if matches!(key, "draws" | "replications_per_draw") {
            continue;
        }
        let node = entry.node();
        if !key.contains('.') {
            let help = match did_you_mean(key, ["draws", "replications_per_draw"]) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "name an input by its --set path, e.g. \
                         \"education.placement_rate\" = { dist = \"uniform\", min = 0.15, max = 0.35 }"
                    .to_string(),
            };
            node.error(sink, format!("unknown key `{key}`"), Some(help));
            ok = false;
            continue;
        }
        if key.starts_with("uncertainty.")
            || matches!(key, "scenario.seed" | "scenario.replications")
            || key.split('.').any(str::is_empty)
        {
            node.error(
                sink,
                format!("`{key}` cannot be uncertain"),
                Some("give distributions to the scenario's inputs (demand, handle times, workforce, education, prices)".into()),
            );
            ok = false;
            continue;
        }
        match read_entry(&node, key, sink) {
            Some((dist, independent, relative)) => {
                let span = node.span.clone();
                if independent {
                    for id in line_ids {
                        inputs.push(UncertainInput {
                            key: key.replacen('*', id, 1),
                            dist: dist.clone(),
                            whole: false,
                            relative,
                            scaled: Vec::new(),
                            span: span.clone(),
                        });
                    }
                } else {
                    inputs.push(UncertainInput {
                        key: key.to_string(),
                        dist,
                        whole: false,
                        relative,
                        scaled: Vec::new(),
                        span,
                    });
                }
            }
            None => ok = false,
        }
    }
    let (draws, per_draw) = (draws?, per_draw?);
    ok.then_some(UncertaintyPlan {
        draws,
        replications_per_draw: per_draw,
        inputs,
    })
}

/// One entry: `{ dist = "...", ...parameters, independent = bool, relative = bool }`.
fn read_entry(node: &Node<'_, '_, '_>, key: &str, sink: &Sink) -> Option<(InputDist, bool, bool)> {
    let t = node.table(sink)?;
    let kind = t
        .required("dist", sink, DISTS.join(" | ").as_str())
        .and_then(|e| e.node().choice(sink, DISTS));
    // Unknown parameters first, each with a did-you-mean (a misspelt `max`
    // is named as such, not reported as a missing `max`).
    let allowed: &[&str] = match kind {
        Some("uniform") => &["dist", "min", "max", "independent", "relative"],
        Some("triangular") => &["dist", "min", "mode", "max", "independent", "relative"],
        Some("pert") => &[
            "dist",
            "min",
            "mode",
            "max",
            "lambda",
            "independent",
            "relative",
        ],
        Some("normal" | "lognormal") => &[
            "dist",
            "mean",
            "sd",
            "min",
            "max",
            "independent",
            "relative",
        ],
        Some(_) => &["dist", "values", "weights", "independent", "relative"],
        None => &[
            "dist",
            "min",
            "mode",
            "max",
            "lambda",
            "mean",
            "sd",
            "values",
            "weights",
            "independent",
            "relative",
        ],
    };
    let mut unknown = false;
    for (k, e) in t.entries() {
        if !allowed.contains(&k) {
            let what = kind.map_or("the".to_string(), |k| format!("a {k}"));
            e.node().error(
                sink,
                format!("`{k}` is not a parameter of {what} distribution"),
                Some(super::reader::suggestion(k, allowed)),
            );
            unknown = true;
        }
    }
    if unknown {
        return None;
    }
    let independent = t.get("independent").map_or(Some(false), |e| {
        let b = e.node().boolean(sink)?;
        if b && !key.contains("service_line.*.") {
            e.node().error(
                sink,
                "`independent` applies to `service_line.*` inputs only",
                Some("remove it, or name the input as service_line.*.<key>".into()),
            );
            return None;
        }
        Some(b)
    });
    let relative = t
        .get("relative")
        .map_or(Some(false), |e| e.node().boolean(sink));
    let number = |k: &'static str| {
        t.get(k)
            .map(|e| (e.node().number(sink), e.node().span.clone()))
    };
    let fail = |message: String| {
        node.error(sink, message, None);
        None
    };
    let dist = match kind? {
        "uniform" | "triangular" | "pert" => {
            let names: &[&'static str] = if kind == Some("uniform") {
                &["min", "max"]
            } else {
                &["min", "mode", "max"]
            };
            let mut values = Vec::new();
            for &n in names {
                match t.required(n, sink, "a number") {
                    Some(e) => values.push(e.node().number(sink)),
                    None => values.push(None),
                }
            }
            let lambda = number("lambda");
            let values: Option<Vec<f64>> = values.into_iter().collect();
            let values = values?;
            let (min, max) = (values[0], *values.last()?);
            let mode = if values.len() == 3 { values[1] } else { min };
            if min > max || mode < min || mode > max {
                return fail(if values.len() == 3 {
                    format!("needs min ≤ mode ≤ max, found min {min}, mode {mode}, max {max}")
                } else {
                    format!("needs min ≤ max, found min {min}, max {max}")
                });
            }
            match kind? {
                "uniform" => InputDist::Uniform { min, max },
                "triangular" => InputDist::Triangular { min, mode, max },
                _ => {
                    let lambda = match lambda {
                        Some((Some(l), _)) if l > 0.0 && l <= 1e3 => l,
                        Some((Some(l), _)) => {
                            return fail(format!(
                                "`lambda` must be above 0 and at most 1000, found {l}"
                            ));
                        }
                        Some((None, _)) => return None,
                        None => 4.0,
                    };
                    let width = (max - min).max(f64::MIN_POSITIVE);
                    let alpha = 1.0 + lambda * (mode - min) / width;
                    let beta = 1.0 + lambda * (max - mode) / width;
                    let beta = Beta::new(alpha, beta).ok()?;
                    InputDist::Pert { min, max, beta }
                }
            }
        }
        "normal" | "lognormal" => {
            let mean = t
                .required("mean", sink, "a number")
                .and_then(|e| e.node().number(sink));
            let sd = t
                .required("sd", sink, "a number (standard deviation)")
                .and_then(|e| e.node().number(sink));
            let min = number("min").map_or(Some(f64::NEG_INFINITY), |(x, _)| x);
            let max = number("max").map_or(Some(f64::INFINITY), |(x, _)| x);
            let (mean, sd, min, max) = (mean?, sd?, min?, max?);
            if sd < 0.0 || min > max {
                return fail(format!(
                    "needs sd ≥ 0 and min ≤ max, found sd {sd}, min {min}, max {max}"
                ));
            }
            if kind == Some("normal") {
                let normal = Normal::new(mean, sd.max(1e-300)).ok()?;
                let d = InputDist::Normal { normal, min, max };
                if !keeps_mass(&d) {
                    return fail(format!(
                        "min {min} and max {max} keep almost none of a normal with mean {mean} and sd {sd}"
                    ));
                }
                d
            } else {
                if mean <= 0.0 {
                    return fail(format!(
                        "a lognormal's `mean` (of the value) must be above 0, found {mean}"
                    ));
                }
                let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
                let log = Normal::new(mean.ln() - sigma2 / 2.0, sigma2.sqrt().max(1e-300)).ok()?;
                let d = InputDist::LogNormal { log, min, max };
                if !keeps_mass(&d) {
                    return fail(format!(
                        "min {min} and max {max} keep almost none of a lognormal with mean {mean} and sd {sd}"
                    ));
                }
                d
            }
        }
        _ => {
            let values = t
                .required("values", sink, "an array of numbers")
                .and_then(|e| e.node().numbers(sink));
            let weights = t.get("weights").map(|e| (e.node().numbers(sink), e));
            let values = values?;
            if values.is_empty() {
                return fail("`values` is empty: give at least one value".into());
            }
            let weights = match weights {
                None => vec![1.0; values.len()],
                Some((None, _)) => return None,
                Some((Some(w), e)) => {
                    if w.len() != values.len()
                        || w.iter().any(|&x| x < 0.0)
                        || w.iter().sum::<f64>() <= 0.0
                    {
                        e.node().error(
                            sink,
                            format!(
                                "needs one weight ≥ 0 per value ({} values, {} weights) and a positive total",
                                values.len(),
                                w.len()
                            ),
                            None,
                        );
                        return None;
                    }
                    w
                }
            };
            let total: f64 = weights.iter().sum();
            let mut running = 0.0;
            let mut cumulative: Vec<f64> = weights
                .iter()
                .map(|w| {
                    running += w / total;
                    running
                })
                .collect();
            if let Some(last) = cumulative.last_mut() {
                *last = 1.0;
            }
            InputDist::Discrete { values, cumulative }
        }
    };
    Some((dist, independent?, relative?))
}

/// True if a truncation keeps a usable share of the distribution.
fn keeps_mass(d: &InputDist) -> bool {
    let (normal, lo, hi) = match d {
        InputDist::Normal { normal, min, max } => (normal, *min, *max),
        InputDist::LogNormal { log, min, max } => (
            log,
            if *min > 0.0 {
                min.ln()
            } else {
                f64::NEG_INFINITY
            },
            if *max > 0.0 {
                max.ln()
            } else {
                f64::NEG_INFINITY
            },
        ),
        _ => return true,
    };
    let lo = if lo.is_finite() { normal.cdf(lo) } else { 0.0 };
    let hi = if hi.is_finite() {
        normal.cdf(hi)
    } else if hi > 0.0 {
        1.0
    } else {
        0.0
    };
    hi - lo > 1e-9
}

impl UncertaintyPlan {
    /// The input values of every draw (draw-major), by Latin hypercube
    /// sampling: each input's range of probability is cut into `draws`
    /// equal strata, each stratum is used once, in an order shuffled per
    /// input, at a uniformly drawn point within it. Depends on the seed and
    /// the number of draws only, so every shard computes the same draws.
    pub fn draw_values(&self, seed: u64) -> Vec<Vec<f64>> {
        let n = self.draws as usize;
        let columns: Vec<Vec<f64>> = self
            .inputs
            .iter()
            .enumerate()
            .map(|(j, input)| {
                let mut rng = stream(seed, 0, Purpose::Uncertainty, j as u32);
                let mut strata: Vec<usize> = (0..n).collect();
                // Fisher–Yates, written out so that the draws do not depend
                // on a library's choice of shuffle.
                for i in (1..n).rev() {
                    let k = rng.random_range(0..=i);
                    strata.swap(i, k);
                }
                strata
                    .iter()
                    .map(|&s| {
                        let u = (s as f64 + rng.random::<f64>()) / n as f64;
                        input.value(input.dist.quantile(u))
                    })
                    .collect()
            })
            .collect();
        (0..n)
            .map(|d| columns.iter().map(|c| c[d]).collect())
            .collect()
    }
}

impl UncertainInput {
    /// A drawn value as the study records it: whole for counts, the factor
    /// itself for a relative input.
    pub fn value(&self, x: f64) -> f64 {
        if self.whole && !self.relative {
            x.round()
        } else {
            x
        }
    }

    /// The draw `x` in words, e.g. `0.31` or `×1.1`.
    pub fn shown(&self, x: f64) -> String {
        let x = self.value(x);
        // Seven significant digits: enough to recognise, short enough to read.
        let x: f64 = format!("{x:.6e}").parse().unwrap_or(x);
        let shown = if self.whole {
            number(x, true)
        } else {
            format!("{x}")
        };
        if self.relative {
            format!("×{shown}")
        } else {
            shown
        }
    }

    /// The overrides that set this input to the draw `x`.
    pub fn sets(&self, x: f64) -> Vec<Override> {
        if self.relative {
            self.scaled
                .iter()
                .map(|(path, written, whole)| Override {
                    path: path.clone(),
                    value: number(
                        if *whole {
                            (written * x).round()
                        } else {
                            written * x
                        },
                        *whole,
                    ),
                })
                .collect()
        } else {
            vec![Override {
                path: self.key.clone(),
                value: number(self.value(x), self.whole),
            }]
        }
    }
}

/// A value as TOML text: an integer for whole numbers.
fn number(x: f64, whole: bool) -> String {
    if whole {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// The scenario text of one draw: `values` (one per input) applied to `text`.
pub fn draw_text(
    text: &str,
    plan: &UncertaintyPlan,
    values: &[f64],
) -> Result<String, crate::error::BadInput> {
    let sets: Vec<Override> = plan
        .inputs
        .iter()
        .zip(values)
        .flat_map(|(input, &x)| input.sets(x))
        .collect();
    apply(text, &sets)
}

/// True if the scenario writes a whole number at `path` and refuses a
/// fraction there (a count such as students or agents; a handle time
/// written `10` takes 10.5 and is not one).
fn whole_only(text: &str, path: &str) -> bool {
    let Some(written) = lookup(text, path).and_then(|v| v.as_integer()) else {
        return false;
    };
    let fraction = if written >= 1 {
        written as f64 - 0.5
    } else {
        written as f64 + 0.5
    };
    let set = Override {
        path: path.to_string(),
        value: format!("{fraction:?}"),
    };
    apply(text, &[set]).is_ok_and(|variant| {
        super::load_unchecked(&super::Source {
            name: String::new(),
            text: variant,
        })
        .is_err()
    })
}

/// Reads what the inputs need from the scenario text: which are whole
/// numbers (their draws are rounded), and the values a relative input
/// scales; problems if a relative input has nothing to scale.
pub fn resolve(text: &str, plan: &mut UncertaintyPlan) -> Vec<Diagnostic> {
    let mut items = Vec::new();
    let line_ids: Vec<String> = lookup(text, "service_line")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|t| {
            t.get("id")
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        })
        .collect();
    for input in &mut plan.inputs {
        let written = |path: &str| lookup(text, path);
        input.whole = !input.relative && whole_only(text, &input.key);
        if !input.relative {
            continue;
        }
        let paths: Vec<String> = if input.key.contains("service_line.*.") {
            line_ids
                .iter()
                .map(|id| input.key.replacen('*', id, 1))
                .collect()
        } else {
            vec![input.key.clone()]
        };
        input.scaled = paths
            .into_iter()
            .filter_map(|path| {
                let v = written(&path)?;
                let x = v.as_float().or_else(|| v.as_integer().map(|i| i as f64))?;
                let whole = whole_only(text, &path);
                Some((path, x, whole))
            })
            .collect();
        if input.scaled.is_empty() {
            items.push(Diagnostic {
                path: format!("uncertainty.\"{}\"", input.key),
                span: input.span.clone(),
                message: format!(
                    "`relative = true` draws a factor on the value as written, but the scenario writes no number at `{}`",
                    input.key
                ),
                help: Some("name a number the scenario gives, or drop `relative`".into()),
            });
        }
    }
    items
}

/// Problems with the extreme values each uncertain input can be drawn at:
/// the scenario must accept both ends of every distribution (for an
/// unbounded one, its one-in-a-million quantiles), so that no draw can fail
/// once the study runs.
pub fn check_supports(text: &str, plan: &UncertaintyPlan) -> Vec<Diagnostic> {
    let mut items = Vec::new();
    for input in &plan.inputs {
        let (lo, hi) = input.dist.support();
        let ends = [
            ("lowest", lo, 1e-6, "min"),
            ("highest", hi, 1.0 - 1e-6, "max"),
        ];
        for (which, end, u, bound) in ends {
            let (x, reachable) = if end.is_finite() {
                (end, "can be drawn")
            } else {
                (
                    input.dist.quantile(u),
                    "is within the distribution's one-in-a-million tail",
                )
            };
            let path = format!("uncertainty.{}", input.key);
            let variant = match apply(text, &input.sets(x)) {
                Ok(variant) => variant,
                Err(e) => {
                    // Not an input of this scenario (a typo, a table).
                    items.push(Diagnostic {
                        path,
                        span: input.span.clone(),
                        message: format!("`{}` is not an input of this scenario: {e}", input.key),
                        help: None,
                    });
                    break;
                }
            };
            let source = super::Source {
                name: String::new(),
                text: variant,
            };
            let refused = match super::load_unchecked(&source) {
                Ok(_) => None,
                Err(super::ScenarioError::Invalid(d)) => d
                    .items
                    .into_iter()
                    .next()
                    .map(|i| (format!("at {}: {}", i.path, i.message), i.help)),
                Err(e) => Some((e.to_string(), None)),
            };
            let Some((refused, inner_help)) = refused else {
                continue;
            };
            let written = input.relative || lookup(text, &input.key).is_some();
            let (message, help) = if !written {
                (
                    format!(
                        "the scenario writes no value at `{}`, and giving it one is refused: {refused}",
                        input.key
                    ),
                    match inner_help {
                        // A misspelt key: the reader's did-you-mean.
                        Some(h) if h.contains("did you mean") => h,
                        _ => "name an input the scenario writes, in the unit it is written in \
                              (e.g. handle_time.mean_min when the lines give minutes)"
                            .to_string(),
                    },
                )
            } else if end.is_finite() {
                (
                    format!(
                        "its {which} draw {} ({reachable}) is not allowed: {refused}",
                        input.shown(x)
                    ),
                    format!("narrow the distribution so that its {which} value is allowed"),
                )
            } else {
                (
                    format!(
                        "its {which} draw {} ({reachable}) is not allowed: {refused}",
                        input.shown(x)
                    ),
                    format!("truncate it: add `{bound} = ...` within the allowed range"),
                )
            };
            items.push(Diagnostic {
                path,
                span: input.span.clone(),
                message,
                help: Some(help),
            });
            break;
        }
    }
    items
}

#[cfg(test)]
mod tests;
