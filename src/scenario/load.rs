//! Reads a scenario's TOML tree into a [`Plan`], checking every input.
//!
//! Each section has its own reader function; all of them report into one
//! [`Sink`] so that the analyst sees every independent problem in one pass.

use toml::de::DeTable;

use super::lines::read_lines;
use super::plan::{Costs, Plan, Target};
use super::reader::{Node, Sink, TableReader};
use super::workforce::read_workforce;
use crate::engine::time::{DAY, from_secs};
use crate::scenario::dist::{Dist, DistSpec};
use crate::scenario::horizon::{Horizon, YearMonth};

/// Longest horizon accepted, in days (100 years).
const MAX_DAYS: f64 = 36_525.0;
/// Most replications accepted.
const MAX_REPLICATIONS: u64 = 100_000;

/// Checks a parsed scenario and builds the plan, or reports every problem.
pub fn build(root: &DeTable<'_>, root_span: std::ops::Range<usize>, sink: &Sink) -> Option<Plan> {
    let top = TableReader::new(String::new(), root, root_span);
    let scenario = section(&top, "scenario", sink, true).map(|t| read_scenario(&t, sink));
    let lines_raw = top.get("service_line");
    let workforce_entry = top.get("workforce");
    let education = section(&top, "education", sink, false);
    let costs = section(&top, "costs", sink, false).map(|t| read_costs(&t, sink));
    let uncertainty = section(&top, "uncertainty", sink, false);
    top.finish(sink);

    let ScenarioHeader {
        name,
        horizon,
        warmup,
        replications,
        seed,
        site_offset,
        profile_month,
    } = match scenario {
        Some(Some(s)) => s,
        _ => {
            // Still read the rest so that its problems are reported too.
            let fallback = Horizon::from_days(
                YearMonth {
                    year: 2026,
                    month: 1,
                },
                1,
            );
            let lines = read_lines(lines_raw.as_ref().map(|e| e.node()), &fallback, 0.0, sink);
            if let Some(w) = &workforce_entry
                && let Some(t) = w.node().table(sink)
            {
                read_workforce(
                    &t,
                    education.as_ref(),
                    fallback.start,
                    &lines.1,
                    &lines.0,
                    &super::pools::of_lines(&lines.0, &lines.1),
                    sink,
                );
            }
            return None;
        }
    };
    let (lines, names) = read_lines(
        lines_raw.as_ref().map(|e| e.node()),
        &horizon,
        site_offset,
        sink,
    );
    let line_ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
    let uncertainty = uncertainty.and_then(|t| super::uncertainty::read(&t, &line_ids, sink));
    let mut pools = super::pools::of_lines(&lines, &names);
    let workforce = match &workforce_entry {
        Some(w) => w.node().table(sink).and_then(|t| {
            read_workforce(
                &t,
                education.as_ref(),
                horizon.start,
                &names,
                &lines,
                &pools,
                sink,
            )
        }),
        None => {
            sink.error(
                "workforce",
                0..0,
                "missing section [workforce]",
                Some(
                    "add [workforce] with mode = \"fixed\" and on_duty = { skill = agents }".into(),
                ),
            );
            None
        }
    };
    if !sink.is_empty() {
        return None;
    }
    let workforce = workforce?;
    super::pools::attach_teams(
        &mut pools,
        &workforce.teams,
        &lines,
        workforce.pipeline.is_some(),
    );
    Some(Plan {
        name,
        horizon,
        warmup,
        replications,
        seed,
        site_utc_offset_h: site_offset,
        lines,
        skills: names.skills,
        languages: names.languages,
        workforce,
        pools,
        costs: costs.flatten(),
        profile_month,
        interval_stats_min: 0,
        uncertainty,
    })
}

fn section<'a, 'i>(
    top: &TableReader<'a, 'i>,
    key: &'static str,
    sink: &Sink,
    required: bool,
) -> Option<TableReader<'a, 'i>> {
    let entry = if required {
        top.required(key, sink, "a table")?
    } else {
        top.get(key)?
    };
    entry.node().table(sink)
}

/// The `[scenario]` section, checked.
struct ScenarioHeader {
    name: String,
    horizon: Horizon,
    warmup: u64,
    replications: u32,
    seed: u64,
    site_offset: f64,
    profile_month: usize,
}

fn read_scenario(t: &TableReader<'_, '_>, sink: &Sink) -> Option<ScenarioHeader> {
    let name = t
        .get("name")
        .and_then(|e| {
            let node = e.node();
            let name = node.string(sink)?;
            // Control characters (escape sequences, NUL) would reach the
            // terminal, the report and the charts: refused here.
            if name.chars().any(char::is_control) {
                node.error(
                    sink,
                    "the name holds control characters (escape sequences, tabs, line breaks or NUL)",
                    Some("write the name as plain text on one line".into()),
                );
                return None;
            }
            Some(name.to_string())
        })
        .unwrap_or_else(|| "unnamed scenario".to_string());
    let start = match t.get("start") {
        Some(e) => {
            let node = e.node();
            let text = node.string(sink);
            match text.map(|s| (s, YearMonth::parse(s))) {
                Some((_, Some(ym))) => Some(ym),
                Some((s, None)) => {
                    node.error(
                        sink,
                        format!(
                            "found \"{s}\", but a month `YYYY-MM` (years 1900–9999) is required"
                        ),
                        Some("for example start = \"2026-01\"".into()),
                    );
                    None
                }
                None => None,
            }
        }
        None => Some(YearMonth {
            year: 2026,
            month: 1,
        }),
    };
    let days = t.get("days");
    let months = t.get("months");
    let horizon = match (&days, &months) {
        (Some(_), Some(m)) => {
            m.node().error(
                sink,
                "give the horizon as `days` or as `months`, not both",
                None,
            );
            None
        }
        (None, None) => {
            sink.error(
                &t.key_path("days"),
                t.span(),
                "missing the horizon: `days = N` or `months = N` (with `start = \"YYYY-MM\"`)",
                None,
            );
            None
        }
        (Some(d), None) => {
            let node = d.node();
            node.count(sink).and_then(|n| {
                if n == 0 || n as f64 > MAX_DAYS {
                    node.error(
                        sink,
                        format!("found {n}, but `days` must be from 1 to {MAX_DAYS}"),
                        None,
                    );
                    None
                } else {
                    start.map(|s| Horizon::from_days(s, n as u32))
                }
            })
        }
        (None, Some(m)) => {
            let node = m.node();
            node.count(sink).and_then(|n| {
                if n == 0 || n > 1200 {
                    node.error(
                        sink,
                        format!("found {n}, but `months` must be from 1 to 1200"),
                        None,
                    );
                    None
                } else {
                    start.map(|s| Horizon::from_months(s, n as u32))
                }
            })
        }
    };
    let warmup_days = t.get("warmup_days").map_or(Some(0.0), |e| {
        let node = e.node();
        node.number(sink).and_then(|x| {
            if x < 0.0 {
                node.error(
                    sink,
                    format!("found {x}, but `warmup_days` must be ≥ 0"),
                    None,
                );
                None
            } else {
                Some(x)
            }
        })
    });
    let replications = t.get("replications").map_or(Some(10), |e| {
        let node = e.node();
        node.count(sink).and_then(|n| {
            if n == 0 || n > MAX_REPLICATIONS {
                node.error(
                    sink,
                    format!("found {n}, but `replications` must be from 1 to {MAX_REPLICATIONS}"),
                    None,
                );
                None
            } else {
                Some(n as u32)
            }
        })
    });
    let seed = t.get("seed").map_or(Some(1), |e| e.node().whole_u64(sink));
    let site_offset = t
        .get("site_utc_offset_h")
        .map_or(Some(0.0), |e| utc_offset(&e.node(), sink));
    let profile = t.get("profile_month").and_then(|e| {
        let node = e.node();
        node.string(sink)
            .map(|s| (node.path.to_string(), node.span.clone(), s.to_string()))
    });
    t.finish(sink);
    let horizon = horizon?;
    let warmup_days = warmup_days?;
    if warmup_days * DAY as f64 >= horizon.end as f64 {
        if let Some(e) = t.get("warmup_days") {
            e.node().error(
                sink,
                format!(
                    "warm-up of {warmup_days} days is not shorter than the horizon of {} days",
                    horizon.end / DAY
                ),
                Some("shorten `warmup_days` or lengthen the horizon".into()),
            );
        }
        return None;
    }
    let profile_month = match profile {
        Some((node_path, span, text)) => match YearMonth::parse(&text)
            .and_then(|ym| horizon.months.iter().position(|m| m.year_month == ym))
        {
            Some(m) => m,
            None => {
                let first = &horizon.months[0].label;
                let last = &horizon.months[horizon.months.len() - 1].label;
                sink.error(
                    &node_path,
                    span,
                    format!("found \"{text}\", but `profile_month` must be a month of the horizon ({first} to {last})"),
                    None,
                );
                return None;
            }
        },
        None => horizon.months.len() - 1,
    };
    Some(ScenarioHeader {
        name,
        horizon,
        warmup: from_secs(warmup_days * 86_400.0),
        replications: replications?,
        seed: seed?,
        site_offset: site_offset?,
        profile_month,
    })
}

pub(super) fn utc_offset(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<f64> {
    let x = node.number(sink)?;
    if !(-12.0..=14.0).contains(&x) || (x * 4.0).fract() != 0.0 {
        node.error(
            sink,
            format!("found {x}, but a UTC offset is from -12 to +14 hours in steps of 0.25"),
            None,
        );
        return None;
    }
    Some(x)
}

pub(super) fn duration(
    t: &TableReader<'_, '_>,
    base: &'static str,
    sink: &Sink,
    required: bool,
) -> Option<Option<f64>> {
    let keys: [(&'static str, f64); 3] = match base {
        "mean" => [("mean_s", 1.0), ("mean_min", 60.0), ("mean_h", 3600.0)],
        "value" => [("value_s", 1.0), ("value_min", 60.0), ("value_h", 3600.0)],
        "min" => [("min_s", 1.0), ("min_min", 60.0), ("min_h", 3600.0)],
        "max" => [("max_s", 1.0), ("max_min", 60.0), ("max_h", 3600.0)],
        "mode" => [("mode_s", 1.0), ("mode_min", 60.0), ("mode_h", 3600.0)],
        "within" => [
            ("within_s", 1.0),
            ("within_min", 60.0),
            ("within_h", 3600.0),
        ],
        _ => [
            ("values_s", 1.0),
            ("values_min", 60.0),
            ("values_h", 3600.0),
        ],
    };
    let found: Vec<_> = keys
        .iter()
        .filter_map(|(k, unit)| t.get(k).map(|e| (e, *unit)))
        .collect();
    match found.as_slice() {
        [] if required => {
            sink.error(
                t.path(),
                t.span(),
                format!(
                    "missing `{}` (or `{}`, `{}`)",
                    keys[0].0, keys[1].0, keys[2].0
                ),
                None,
            );
            None
        }
        [] => Some(None),
        [(e, unit)] => {
            let node = e.node();
            let x = node.number(sink)?;
            if x < 0.0 {
                node.error(sink, format!("found {x}, but a duration must be ≥ 0"), None);
                return None;
            }
            if x * unit > MAX_DURATION_S {
                node.error(
                    sink,
                    format!(
                        "found {x}, but a duration must be at most {MAX_DURATION_S:.0} s (about 116 days)"
                    ),
                    None,
                );
                return None;
            }
            Some(Some(x * unit))
        }
        [_, (second, _), ..] => {
            second
                .node()
                .error(sink, format!("give `{base}` in one unit only"), None);
            None
        }
    }
}

/// `[costs]`: what the programme costs, for the grant indicators.
fn read_costs(t: &TableReader<'_, '_>, sink: &Sink) -> Option<Costs> {
    let usd = |key: &'static str| {
        t.get(key).map_or(Some(0.0), |e| {
            e.node()
                .number_in(sink, 0.0, 1e10, "from 0 to 10,000,000,000 USD")
        })
    };
    let per_student = usd("per_student_usd");
    let per_mentor_month = usd("per_mentor_month_usd");
    let centres = usd("centres_per_year_usd");
    let other = usd("other_per_year_usd");
    t.finish(sink);
    Some(Costs {
        per_student_usd: per_student?,
        per_mentor_month_usd: per_mentor_month?,
        centres_per_year_usd: centres?,
        other_per_year_usd: other?,
    })
}

/// The longest duration a scenario may give (handle time, patience, target):
/// about 116 days, far beyond any contact-centre time, and a bound that keeps
/// the exact Erlang A computations quick.
pub const MAX_DURATION_S: f64 = 1.0e7;

const DISTRIBUTIONS: &[&str] = &[
    "exponential",
    "lognormal",
    "gamma",
    "erlang",
    "deterministic",
    "uniform",
    "triangular",
    "empirical",
];

pub(super) fn read_dist(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<Dist> {
    let t = node.table(sink)?;
    let kind = t
        .required("dist", sink, DISTRIBUTIONS.join(" | ").as_str())
        .and_then(|e| e.node().choice(sink, DISTRIBUTIONS));
    let Some(kind) = kind else {
        t.allow(&[
            "mean_s", "mean_min", "mean_h", "cv", "k", "value_s", "min_s", "max_s", "mode_s",
            "values_s",
        ]);
        t.finish(sink);
        return None;
    };
    let number = |key: &'static str| {
        t.required(key, sink, "a number")
            .and_then(|e| e.node().number(sink))
    };
    let spec = match kind {
        "exponential" => duration(&t, "mean", sink, true)
            .flatten()
            .map(|mean_s| DistSpec::Exponential { mean_s }),
        "lognormal" | "gamma" => {
            let mean = duration(&t, "mean", sink, true).flatten();
            let cv = number("cv");
            match (mean, cv) {
                (Some(mean_s), Some(cv)) if kind == "lognormal" => {
                    Some(DistSpec::LogNormal { mean_s, cv })
                }
                (Some(mean_s), Some(cv)) => Some(DistSpec::Gamma { mean_s, cv }),
                _ => None,
            }
        }
        "erlang" => {
            let mean = duration(&t, "mean", sink, true).flatten();
            let k = number("k");
            mean.zip(k)
                .map(|(mean_s, k)| DistSpec::Erlang { mean_s, k })
        }
        "deterministic" => duration(&t, "value", sink, true)
            .flatten()
            .map(|value_s| DistSpec::Deterministic { value_s }),
        "uniform" => {
            let lo = duration(&t, "min", sink, true).flatten();
            let hi = duration(&t, "max", sink, true).flatten();
            lo.zip(hi)
                .map(|(min_s, max_s)| DistSpec::Uniform { min_s, max_s })
        }
        "triangular" => {
            let lo = duration(&t, "min", sink, true).flatten();
            let mode = duration(&t, "mode", sink, true).flatten();
            let hi = duration(&t, "max", sink, true).flatten();
            match (lo, mode, hi) {
                (Some(min_s), Some(mode_s), Some(max_s)) => Some(DistSpec::Triangular {
                    min_s,
                    mode_s,
                    max_s,
                }),
                _ => None,
            }
        }
        _ => {
            let keys = [
                ("values_s", 1.0),
                ("values_min", 60.0),
                ("values_h", 3600.0),
            ];
            let found: Vec<_> = keys
                .iter()
                .filter_map(|(k, u)| t.get(k).map(|e| (e, *u)))
                .collect();
            match found.as_slice() {
                [(e, unit)] => e.node().numbers(sink).map(|v| DistSpec::Empirical {
                    values_s: v.iter().map(|x| x * unit).collect(),
                }),
                [] => {
                    sink.error(
                        t.path(),
                        t.span(),
                        "missing `values_s` (or `values_min`, `values_h`)",
                        None,
                    );
                    None
                }
                _ => {
                    node.error(sink, "give `values` in one unit only", None);
                    None
                }
            }
        }
    };
    t.finish(sink);
    match Dist::new(&spec?) {
        Ok(d) => {
            if d.mean_s() <= 0.0 {
                node.error(
                    sink,
                    format!("{kind} distribution has mean 0: durations must have a positive mean"),
                    None,
                );
                return None;
            }
            Some(d)
        }
        Err(message) => {
            node.error(sink, format!("{kind} distribution: {message}"), None);
            None
        }
    }
}

pub(super) fn read_target(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<Target> {
    let t = node.table(sink)?;
    let sl = t
        .required("service_level", sink, "a share from 0 to 1")
        .and_then(|e| {
            let n = e.node();
            n.number(sink).and_then(|x| {
                if (0.0..=1.0).contains(&x) {
                    Some(x)
                } else {
                    let help = (x > 1.0 && x <= 100.0)
                        .then(|| format!("shares are written 0–1: {} for {x}%", x / 100.0));
                    n.error(
                        sink,
                        format!("found {x}, but `service_level` must be from 0 to 1"),
                        help,
                    );
                    None
                }
            })
        });
    let within = duration(&t, "within", sink, true).flatten();
    t.finish(sink);
    Some(Target {
        service_level: sl?,
        within: from_secs(within?),
    })
}

/// True for ids of lines, skills and languages: `[a-z0-9_]+`.
pub(super) fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
