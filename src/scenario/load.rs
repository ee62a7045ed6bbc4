//! Reads a scenario's TOML tree into a [`Plan`], checking every input.
//!
//! Each section has its own reader function; all of them report into one
//! [`Sink`] so that the analyst sees every independent problem in one pass.

use std::collections::HashSet;

use toml::de::DeTable;

use super::plan::{Channel, LinePlan, Plan, Target, WorkforcePlan};
use super::reader::{Node, Sink, TableReader, suggestion};
use crate::engine::time::{DAY, HOUR, from_secs};
use crate::model::dist::{Dist, DistSpec};
use crate::model::horizon::{Horizon, YearMonth};
use crate::model::hours::{PRESETS, SLOTS_PER_WEEK, WeekProfile};

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
    top.finish(sink);

    let (name, horizon, warmup, replications, seed, site_offset) = match scenario {
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
                read_workforce(&t, &lines.1, &lines.0, sink);
            }
            return None;
        }
    };
    let (lines, skills) = read_lines(
        lines_raw.as_ref().map(|e| e.node()),
        &horizon,
        site_offset,
        sink,
    );
    let workforce = match &workforce_entry {
        Some(w) => w
            .node()
            .table(sink)
            .and_then(|t| read_workforce(&t, &skills, &lines, sink)),
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
    Some(Plan {
        name,
        horizon,
        warmup,
        replications,
        seed,
        lines,
        skills,
        workforce: workforce?,
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

type ScenarioHeader = (String, Horizon, u64, u32, u64, f64);

fn read_scenario(t: &TableReader<'_, '_>, sink: &Sink) -> Option<ScenarioHeader> {
    let name = t
        .get("name")
        .and_then(|e| e.node().string(sink).map(str::to_string))
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
    let seed = t.get("seed").map_or(Some(1), |e| e.node().count(sink));
    let site_offset = t
        .get("site_utc_offset_h")
        .map_or(Some(0.0), |e| utc_offset(&e.node(), sink));
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
    Some((
        name,
        horizon,
        from_secs(warmup_days * 86_400.0),
        replications?,
        seed?,
        site_offset?,
    ))
}

fn utc_offset(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<f64> {
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

fn read_lines(
    node: Option<Node<'_, '_, '_>>,
    horizon: &Horizon,
    site_offset: f64,
    sink: &Sink,
) -> (Vec<LinePlan>, Vec<String>) {
    let mut lines = Vec::new();
    let mut skills: Vec<String> = Vec::new();
    let Some(node) = node else {
        sink.error(
            "service_line",
            0..0,
            "no service line: add at least one [[service_line]] section",
            None,
        );
        return (lines, skills);
    };
    let Some(array) = node.array(sink) else {
        return (lines, skills);
    };
    if array.is_empty() {
        node.error(
            sink,
            "no service line: add at least one [[service_line]] section",
            None,
        );
    }
    let mut seen = HashSet::new();
    for (i, item) in array.iter().enumerate() {
        let path = format!("service_line[{i}]");
        let item_node = Node {
            path: &path,
            value: item.get_ref(),
            span: item.span(),
        };
        let Some(t) = item_node.table(sink) else {
            continue;
        };
        if let Some(line) = read_line(&t, i, horizon, site_offset, &mut skills, sink) {
            if !seen.insert(line.id.clone())
                && let Some(e) = t.get("id")
            {
                e.node().error(
                    sink,
                    format!("duplicate service-line id \"{}\"", line.id),
                    None,
                );
            }
            lines.push(line);
        }
        t.finish(sink);
    }
    (lines, skills)
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn read_line(
    t: &TableReader<'_, '_>,
    index: usize,
    horizon: &Horizon,
    site_offset: f64,
    skills: &mut Vec<String>,
    sink: &Sink,
) -> Option<LinePlan> {
    let id = t
        .required("id", sink, "a name such as \"support\"")
        .and_then(|e| {
            let node = e.node();
            let s = node.string(sink)?;
            if valid_id(s) {
                Some(s.to_string())
            } else {
                node.error(
                    sink,
                    format!("found \"{s}\", but ids use only a-z, 0-9 and _ and are not empty"),
                    None,
                );
                None
            }
        });
    let label = id.clone().unwrap_or_else(|| format!("#{}", index + 1));
    let channel = t
        .required("channel", sink, "realtime or deferred")
        .and_then(|e| e.node().choice(sink, &["realtime", "deferred"]))
        .map(|c| {
            if c == "realtime" {
                Channel::Realtime
            } else {
                Channel::Deferred
            }
        });
    if channel == Some(Channel::Deferred)
        && let Some(e) = t.get("channel")
    {
        e.node().error(
            sink,
            format!("line {label}: deferred lines are not supported by this version"),
            Some("use channel = \"realtime\"".into()),
        );
    }
    let client_offset = t
        .get("client_utc_offset_h")
        .map_or(Some(site_offset), |e| utc_offset(&e.node(), sink));
    let weekly = read_hours(t, sink);
    let skill_name = match t.get("skill") {
        Some(e) => {
            let node = e.node();
            node.string(sink).and_then(|s| {
                if valid_id(s) {
                    Some(s.to_string())
                } else {
                    node.error(
                        sink,
                        format!("found \"{s}\", but skills use only a-z, 0-9 and _"),
                        None,
                    );
                    None
                }
            })
        }
        None => id.clone(),
    };
    let priority = t.get("priority").map_or(Some(1), |e| {
        let node = e.node();
        node.number(sink).and_then(|x| {
            if x.fract() != 0.0 || x.abs() > 1e6 {
                node.error(
                    sink,
                    format!("found {x}, but a whole number is required"),
                    None,
                );
                None
            } else {
                Some(x as i64)
            }
        })
    });
    let handle_time = t
        .required(
            "handle_time",
            sink,
            "a distribution such as { dist = \"exponential\", mean_s = 600 }",
        )
        .and_then(|e| read_dist(&e.node(), sink));
    let patience = match t.get("patience") {
        Some(e) => read_dist(&e.node(), sink).map(Some),
        None => Some(None),
    };
    let target = t
        .required("target", sink, "{ service_level = 0.8, within_s = 20 }")
        .and_then(|e| read_target(&e.node(), sink));
    let price_usd = t.get("price_usd").map_or(Some(0.0), |e| {
        let node = e.node();
        node.number(sink).and_then(|x| {
            if x < 0.0 {
                node.error(
                    sink,
                    format!("found {x}, but `price_usd` must be ≥ 0"),
                    None,
                );
                None
            } else {
                Some(x)
            }
        })
    });
    let weekly = weekly?.client_to_site(client_offset?, site_offset);
    let volume = t
        .required("volume", sink, "{ per_hour = N } or { per_month = N }")
        .and_then(|e| read_volume(&e.node(), &weekly, horizon, sink));
    let skill_name = skill_name?;
    let skill = match skills.iter().position(|s| *s == skill_name) {
        Some(i) => i,
        None => {
            skills.push(skill_name);
            skills.len() - 1
        }
    };
    Some(LinePlan {
        id: id?,
        channel: channel?,
        skill,
        priority: priority?,
        weekly_weight: weekly,
        month_rate: volume?,
        handle_time: handle_time?,
        patience: patience?,
        target: target?,
        price_usd: price_usd?,
    })
}

fn read_hours(t: &TableReader<'_, '_>, sink: &Sink) -> Option<WeekProfile> {
    let Some(e) = t.get("hours") else {
        return WeekProfile::preset("24x7");
    };
    let node = e.node();
    match node.value {
        toml::de::DeValue::String(_) => {
            let name = node.choice(sink, PRESETS)?;
            WeekProfile::preset(name)
        }
        toml::de::DeValue::Array(_) => {
            let weights = node.numbers(sink)?;
            if weights.len() != 168 {
                node.error(
                    sink,
                    format!("found {} weights, but `hours` needs 168 (one per hour of the week, Monday 00:00 first)", weights.len()),
                    None,
                );
                return None;
            }
            if let Some(w) = weights.iter().find(|w| **w < 0.0) {
                node.error(
                    sink,
                    format!("found the weight {w}, but weights must be ≥ 0"),
                    None,
                );
                return None;
            }
            if weights.iter().all(|w| *w == 0.0) {
                node.error(
                    sink,
                    "all 168 weights are 0: the line would never open",
                    None,
                );
                return None;
            }
            Some(WeekProfile::from_hourly(&weights))
        }
        _ => {
            node.error(
                sink,
                format!(
                    "expected a preset name or 168 weights, found {}",
                    super::reader::describe(node.value)
                ),
                Some(format!("allowed presets: {}", PRESETS.join(", "))),
            );
            None
        }
    }
}

fn read_volume(
    node: &Node<'_, '_, '_>,
    weekly: &WeekProfile,
    horizon: &Horizon,
    sink: &Sink,
) -> Option<Vec<f64>> {
    let t = node.table(sink)?;
    let per_hour = t.get("per_hour");
    let per_month = t.get("per_month");
    let growth = t.get("monthly_growth");
    let seasonality = t.get("seasonality");
    t.finish(sink);
    match (per_hour, per_month) {
        (Some(_), Some(m)) => {
            m.node()
                .error(sink, "give `per_hour` or `per_month`, not both", None);
            None
        }
        (None, None) => {
            node.error(sink, "missing `per_hour` or `per_month`", None);
            None
        }
        (Some(h), None) => {
            for extra in [&growth, &seasonality].into_iter().flatten() {
                extra.node().error(
                    sink,
                    "only `per_month` volumes take growth and seasonality",
                    Some(
                        "use volume = { per_month = N, monthly_growth = g, seasonality = [...] }"
                            .into(),
                    ),
                );
            }
            let hn = h.node();
            let x = hn.number(sink)?;
            if x < 0.0 {
                hn.error(sink, format!("found {x}, but `per_hour` must be ≥ 0"), None);
                return None;
            }
            Some(vec![x; horizon.months.len()])
        }
        (None, Some(m)) => {
            let mn = m.node();
            let base = mn.number(sink).filter(|x| {
                let ok = *x >= 0.0;
                if !ok {
                    mn.error(
                        sink,
                        format!("found {x}, but `per_month` must be ≥ 0"),
                        None,
                    );
                }
                ok
            });
            let g = growth.map_or(Some(0.0), |e| {
                let n = e.node();
                n.number(sink).filter(|x| {
                    let ok = *x > -1.0 && *x <= 10.0;
                    if !ok {
                        n.error(sink, format!("found {x}, but `monthly_growth` must be above -1 and at most 10 (0.02 = 2% a month)"), None);
                    }
                    ok
                })
            });
            let s = seasonality.map_or(Some(vec![1.0; 12]), |e| {
                let n = e.node();
                let v = n.numbers(sink)?;
                if v.len() != 12 || v.iter().any(|x| *x < 0.0) {
                    n.error(sink, format!("found {} factors, but `seasonality` needs 12 factors ≥ 0, January first", v.len()), None);
                    return None;
                }
                Some(v)
            });
            let (base, g, s) = (base?, g?, s?);
            Some(monthly_rates(base, g, &s, weekly, horizon))
        }
    }
}

/// Arrivals per hour per unit weight in each month, so that the month's
/// expected volume is `per_month × (1+g)^m × seasonality`, spread over the
/// month's open slots (a month with more open weekdays gets a lower rate).
fn monthly_rates(
    per_month: f64,
    growth: f64,
    seasonality: &[f64],
    weekly: &WeekProfile,
    horizon: &Horizon,
) -> Vec<f64> {
    use crate::model::hours::SLOT;
    horizon
        .months
        .iter()
        .enumerate()
        .map(|(m, month)| {
            let volume = per_month
                * (1.0 + growth).powi(m as i32)
                * seasonality[month.year_month.month as usize - 1];
            let full_days = month.year_month.days() as f64;
            // Weighted open hours of the whole calendar month.
            let slots = (full_days as usize) * 96;
            let first = horizon.week_slot(month.start);
            let weight_hours: f64 = (0..slots)
                .map(|k| weekly.0[(first + k) % SLOTS_PER_WEEK])
                .sum::<f64>()
                * (SLOT as f64 / HOUR as f64);
            if weight_hours > 0.0 {
                volume / weight_hours
            } else {
                0.0
            }
        })
        .collect()
}

fn duration(
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

fn read_dist(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<Dist> {
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

fn read_target(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<Target> {
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

fn read_workforce(
    t: &TableReader<'_, '_>,
    skills: &[String],
    lines: &[LinePlan],
    sink: &Sink,
) -> Option<WorkforcePlan> {
    let mode = t
        .required("mode", sink, "fixed")
        .and_then(|e| e.node().choice(sink, &["fixed", "pipeline", "required"]));
    if let Some(m) = mode.filter(|m| *m != "fixed")
        && let Some(e) = t.get("mode")
    {
        e.node().error(
            sink,
            format!("mode \"{m}\" is not supported by this version"),
            Some("use mode = \"fixed\"".into()),
        );
    }
    let shrinkage = t.get("shrinkage").map_or(Some(0.0), |e| {
        let n = e.node();
        n.number(sink).and_then(|x| {
            if (0.0..1.0).contains(&x) {
                Some(x)
            } else {
                n.error(
                    sink,
                    format!("found {x}, but `shrinkage` must be at least 0 and below 1"),
                    None,
                );
                None
            }
        })
    });
    let on_duty = t
        .required(
            "on_duty",
            sink,
            "agents on duty per skill, e.g. { support = 62 }",
        )
        .and_then(|e| read_on_duty(&e.node(), skills, lines, sink));
    t.finish(sink);
    Some(WorkforcePlan {
        on_duty: on_duty?,
        shrinkage: shrinkage?,
    })
}

fn read_on_duty(
    node: &Node<'_, '_, '_>,
    skills: &[String],
    lines: &[LinePlan],
    sink: &Sink,
) -> Option<Vec<u32>> {
    let t = node.table(sink)?;
    let mut counts: Vec<Option<u32>> = vec![None; skills.len()];
    let allowed: Vec<&str> = skills.iter().map(String::as_str).collect();
    let mut ok = true;
    for (key, entry) in t.entries() {
        let n = entry.node();
        let Some(i) = skills.iter().position(|s| s == key) else {
            n.error(
                sink,
                format!("no service line needs the skill `{key}`"),
                (!allowed.is_empty()).then(|| suggestion(key, &allowed)),
            );
            ok = false;
            continue;
        };
        match n.count(sink) {
            Some(c) if c <= 1_000_000 => counts[i] = Some(c as u32),
            Some(c) => {
                n.error(
                    sink,
                    format!("found {c}, but at most 1,000,000 agents per skill are supported"),
                    None,
                );
                ok = false;
            }
            None => ok = false,
        }
    }
    for (i, c) in counts.iter().enumerate() {
        if c.is_none() && ok {
            let line = lines
                .iter()
                .find(|l| l.skill == i)
                .map_or("", |l| l.id.as_str());
            node.error(
                sink,
                format!(
                    "no agents given for skill `{}` (needed by line `{line}`)",
                    skills[i]
                ),
                Some(format!("add {} = N to on_duty (0 is allowed)", skills[i])),
            );
            ok = false;
        }
    }
    ok.then(|| counts.into_iter().map(|c| c.unwrap_or(0)).collect())
}
