//! `[[service_line]]` sections: channel, hours, demand, times, targets,
//! classes, escalation, quality and price.

use std::collections::HashSet;

use super::load::{duration, read_dist, read_target, utc_offset, valid_id};
use super::plan::{Channel, ClassPlan, Escalation, LinePlan, Price, Quality, Target};
use super::reader::{Node, Sink, TableReader, describe, suggestion};
use crate::engine::time::{HOUR, from_secs};
use crate::scenario::horizon::Horizon;
use crate::scenario::hours::{PRESETS, SLOT, SLOTS_PER_DAY, SLOTS_PER_WEEK, WeekProfile};

/// Names registered while reading lines: skills and languages in order of first use.
#[derive(Default)]
pub struct Names {
    /// Skill names.
    pub skills: Vec<String>,
    /// Language names.
    pub languages: Vec<String>,
}

fn intern(list: &mut Vec<String>, name: &str) -> usize {
    match list.iter().position(|s| s == name) {
        Some(i) => i,
        None => {
            list.push(name.to_string());
            list.len() - 1
        }
    }
}

/// An escalation as written, resolved once all line ids are known.
struct PendingEscalation {
    from: usize,
    to: String,
    share: f64,
    path: String,
    span: std::ops::Range<usize>,
}

/// Reads every service line; resolves escalations and rejects cycles.
pub fn read_lines(
    node: Option<Node<'_, '_, '_>>,
    horizon: &Horizon,
    site_offset: f64,
    sink: &Sink,
) -> (Vec<LinePlan>, Names) {
    let mut lines: Vec<LinePlan> = Vec::new();
    let mut names = Names::default();
    let missing = "no service line: add at least one [[service_line]] section";
    let Some(node) = node else {
        sink.error("service_line", 0..0, missing, None);
        return (lines, names);
    };
    let Some(tables) = node.tables(sink) else {
        return (lines, names);
    };
    if tables.is_empty() {
        node.error(sink, missing, None);
    }
    let mut seen = HashSet::new();
    let mut pending = Vec::new();
    let mut all_read = true;
    for t in tables {
        let Some(t) = t else {
            all_read = false;
            continue;
        };
        let escalation = read_escalation(&t, lines.len(), sink);
        match read_line(&t, horizon, site_offset, &mut names, sink) {
            Some(line) => {
                if !seen.insert(line.id.clone())
                    && let Some(e) = t.get("id")
                {
                    e.node().error(
                        sink,
                        format!("duplicate service-line id \"{}\"", line.id),
                        Some("every [[service_line]] needs its own id".into()),
                    );
                }
                pending.extend(escalation);
                lines.push(line);
            }
            None => all_read = false,
        }
        t.finish(sink);
    }
    if all_read {
        resolve_escalations(&mut lines, pending, sink);
    }
    (lines, names)
}

fn read_escalation(t: &TableReader<'_, '_>, from: usize, sink: &Sink) -> Option<PendingEscalation> {
    let e = t.get("escalate")?;
    let node = e.node();
    let et = node.table(sink)?;
    let to = et
        .required(
            "to",
            sink,
            "the id of the line that receives escalated work",
        )
        .and_then(|e| e.node().string(sink).map(str::to_string));
    let share = et
        .required("share", sink, "share of completed tasks escalated, 0–1")
        .and_then(|e| e.node().number_in(sink, 0.0, 1.0, "from 0 to 1"));
    et.finish(sink);
    Some(PendingEscalation {
        from,
        to: to?,
        share: share?,
        path: et.key_path("to"),
        span: node.span.clone(),
    })
}

fn resolve_escalations(lines: &mut [LinePlan], pending: Vec<PendingEscalation>, sink: &Sink) {
    let ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
    let mut edges = Vec::new();
    for p in pending {
        match ids.iter().position(|id| *id == p.to) {
            Some(to) if to == p.from => sink.error(
                &p.path,
                p.span,
                format!("line `{}` escalates to itself", p.to),
                Some("escalate to another line, e.g. from L1 to L2".into()),
            ),
            Some(to) => edges.push((p.from, to, p.share, p.path, p.span)),
            None => sink.error(
                &p.path,
                p.span,
                format!("unknown service line \"{}\"", p.to),
                Some(suggestion(&p.to, &ids)),
            ),
        }
    }
    for (from, to, share, _, _) in &edges {
        lines[*from].escalation = Some(Escalation {
            to: *to,
            share: *share,
        });
    }
    // Escalation must not loop: follow each chain at most `lines` steps.
    for (from, _, _, path, span) in &edges {
        let mut at = *from;
        for _ in 0..=lines.len() {
            match lines[at].escalation {
                Some(e) => at = e.to,
                None => break,
            }
            if at == *from {
                sink.error(
                    path,
                    span.clone(),
                    format!(
                        "escalation from `{}` comes back to it (a cycle)",
                        lines[*from].id
                    ),
                    Some("escalated work must end at a line that does not escalate further".into()),
                );
                break;
            }
        }
    }
}

fn read_name(node: &Node<'_, '_, '_>, sink: &Sink, what: &str) -> Option<String> {
    let s = node.string(sink)?;
    if valid_id(s) {
        Some(s.to_string())
    } else {
        node.error(
            sink,
            format!("found \"{s}\", but {what} use only a-z, 0-9 and _ and are not empty"),
            None,
        );
        None
    }
}

/// Languages a line id may end in, with their names in English.
const LANGUAGE_NAMES: [(&str, &str); 16] = [
    ("en", "English"),
    ("ru", "Russian"),
    ("ko", "Korean"),
    ("uz", "Uzbek"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("tr", "Turkish"),
    ("zh", "Chinese"),
    ("ja", "Japanese"),
    ("ar", "Arabic"),
    ("kk", "Kazakh"),
    ("ky", "Kyrgyz"),
    ("tg", "Tajik"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
];

/// The English name of a language code (`en` → "English"), or the code.
pub fn language_name(code: &str) -> String {
    LANGUAGE_NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_uppercase(), |(_, n)| (*n).to_string())
}

/// A name for people from an id: words split at `_`, the first capitalised,
/// words with digits in capitals (`l2` → "L2"), and a trailing language code
/// in brackets: `l2_support` → "L2 support", `chat_en` → "Chat (English)",
/// `helpdesk_ko` → "Helpdesk (Korean)".
pub fn display_name(id: &str) -> String {
    let mut words: Vec<&str> = id.split('_').filter(|w| !w.is_empty()).collect();
    let language = match words.as_slice() {
        [_, .., last] if LANGUAGE_NAMES.iter().any(|(c, _)| c == last) => {
            let l = language_name(last);
            words.pop();
            Some(l)
        }
        _ => None,
    };
    let mut out = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                w.to_uppercase()
            } else if i == 0 {
                let mut c = w.chars();
                c.next()
                    .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
            } else {
                (*w).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(l) = language {
        out = format!("{out} ({l})");
    }
    if out.is_empty() { id.to_string() } else { out }
}

/// An optional `name` for people: 1 to 60 characters, no control characters.
fn read_display_name(t: &TableReader<'_, '_>, sink: &Sink) -> Option<Option<String>> {
    let Some(e) = t.get("name") else {
        return Some(None);
    };
    let node = e.node();
    let s = node.string(sink)?;
    let len = s.chars().count();
    if len == 0 || len > 60 || s.chars().any(char::is_control) {
        node.error(
            sink,
            format!("found a name of {len} characters, but a line's name has 1 to 60 characters and no control characters"),
            Some("e.g. name = \"Chat (English)\"".into()),
        );
        return None;
    }
    Some(Some(s.trim().to_string()))
}

fn read_line(
    t: &TableReader<'_, '_>,
    horizon: &Horizon,
    site_offset: f64,
    names: &mut Names,
    sink: &Sink,
) -> Option<LinePlan> {
    let id = t
        .required("id", sink, "a name such as \"support\"")
        .and_then(|e| read_name(&e.node(), sink, "ids"));
    let name = read_display_name(t, sink);
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
    let client_offset = t
        .get("client_utc_offset_h")
        .map_or(Some(site_offset), |e| utc_offset(&e.node(), sink));
    let weekly = read_hours(t, sink);
    let skill_name = match t.get("skill") {
        Some(e) => read_name(&e.node(), sink, "skills"),
        None => id.clone(),
    };
    let language = match t.get("language") {
        Some(e) => read_name(&e.node(), sink, "languages").map(Some),
        None => Some(None),
    };
    // Register names even if the line has other problems, so that the
    // workforce section is checked against them without follow-on errors.
    let skill = skill_name.map(|s| intern(&mut names.skills, &s));
    let language = language.map(|l| l.map(|l| intern(&mut names.languages, &l)));
    let priority = t
        .get("priority")
        .map_or(Some(1), |e| e.node().whole_in(sink, -1_000_000, 1_000_000));
    let concurrency = t.get("concurrency").map_or(Some(1), |e| {
        let node = e.node();
        let n = node.whole_in(sink, 1, 50)?;
        if n > 1 && channel == Some(Channel::Deferred) {
            node.error(
                sink,
                "`concurrency` applies to real-time lines (chat) only",
                None,
            );
            return None;
        }
        Some(n as u32)
    });
    let handle_time = t
        .required(
            "handle_time",
            sink,
            "a distribution such as { dist = \"exponential\", mean_s = 600 }",
        )
        .and_then(|e| read_dist(&e.node(), sink));
    let patience = match t.get("patience") {
        Some(e) if channel == Some(Channel::Deferred) => {
            e.node().error(
                sink,
                "deferred work does not abandon: `patience` applies to real-time lines only",
                Some("remove `patience` or use channel = \"realtime\"".into()),
            );
            None
        }
        Some(e) => read_dist(&e.node(), sink).map(Some),
        None => Some(None),
    };
    let classes = read_classes(t, channel, sink);
    let quality = t.get("quality").map_or(Some(None), |e| {
        let qt = e.node().table(sink)?;
        let sample = qt
            .required("sample", sink, "share of completed tasks checked, 0–1")
            .and_then(|e| e.node().number_in(sink, 0.0, 1.0, "from 0 to 1"));
        let defect = qt
            .required("defect_rate", sink, "share of checked tasks sent back, 0–1")
            .and_then(|e| e.node().number_in(sink, 0.0, 0.99, "from 0 to 0.99"));
        qt.finish(sink);
        Some(Some(Quality {
            sample: sample?,
            defect_rate: defect?,
        }))
    });
    t.allow(&["escalate"]);
    let price = read_price(t, sink);
    // Check the volume even when the hours or the offset are wrong (no follow-on errors).
    let hours_ok = weekly.is_some() && client_offset.is_some();
    let client_weekly = weekly.unwrap_or_else(|| WeekProfile::constant(1.0));
    // Open days are the client's days (a client evening may span two site days).
    let open_days = client_weekly
        .0
        .chunks(SLOTS_PER_DAY)
        .filter(|day| day.iter().any(|w| *w > 0.0))
        .count() as f64;
    let weekly = client_weekly.client_to_site(client_offset.unwrap_or(site_offset), site_offset);
    let volume = t
        .required("volume", sink, "{ per_hour = N } or { per_month = N }")
        .and_then(|e| {
            let node = e.node();
            let rates = read_volume(&node, &weekly, open_days, horizon, sink)?;
            // Growth compounds: refuse demand that outgrows any operation.
            let peak = rates.iter().copied().fold(0.0, f64::max);
            if !peak.is_finite() || peak > 1e15 {
                node.error(
                    sink,
                    format!("demand grows to {peak:.3e} tasks per hour over the horizon, beyond any operation"),
                    Some("lower `monthly_growth` or shorten the horizon".into()),
                );
                return None;
            }
            Some(rates)
        });
    if !hours_ok {
        return None;
    }
    let id = id?;
    Some(LinePlan {
        name: name?.unwrap_or_else(|| display_name(&id)),
        id,
        channel: channel?,
        skill: skill?,
        language: language?,
        priority: priority?,
        concurrency: concurrency?,
        weekly_weight: weekly,
        month_rate: volume?,
        handle_time: handle_time?,
        patience: patience?,
        classes: classes?,
        escalation: None,
        quality: quality?,
        price: price?,
    })
}

fn read_price(t: &TableReader<'_, '_>, sink: &Sink) -> Option<Price> {
    let per_task = t.get("price_usd");
    let per_hour = t.get("price_usd_per_hour");
    let amount = |e: &super::reader::Entry<'_, '_>| {
        e.node()
            .number_in(sink, 0.0, 1e9, "a price from 0 to 1,000,000,000 USD")
    };
    match (per_task, per_hour) {
        (Some(_), Some(h)) => {
            h.node().error(
                sink,
                "give `price_usd` (per task) or `price_usd_per_hour`, not both",
                None,
            );
            None
        }
        (Some(e), None) => amount(&e).map(Price::PerTask),
        (None, Some(e)) => amount(&e).map(Price::PerHour),
        (None, None) => Some(Price::PerTask(0.0)),
    }
}

fn read_classes(
    t: &TableReader<'_, '_>,
    channel: Option<Channel>,
    sink: &Sink,
) -> Option<Vec<ClassPlan>> {
    let target = t.get("target");
    let classes = t.get("classes");
    match (target, classes) {
        (None, None) => {
            let example = if channel == Some(Channel::Deferred) {
                "{ service_level = 0.9, within_h = 24 }"
            } else {
                "{ service_level = 0.8, within_s = 20 }"
            };
            sink.error(
                &t.key_path("target"),
                t.span(),
                format!("missing key `target` (e.g. target = {example}) or priority `classes`"),
                None,
            );
            None
        }
        (Some(e), None) => {
            let target = read_target(&e.node(), sink)?;
            Some(vec![ClassPlan {
                name: "all".into(),
                share: 1.0,
                target,
            }])
        }
        (Some(_), Some(c)) => {
            c.node().error(
                sink,
                "give `target` or `classes` (each with its own target), not both",
                None,
            );
            None
        }
        (None, Some(c)) => {
            let node = c.node();
            let tables = node.tables(sink)?;
            if tables.is_empty() {
                node.error(
                    sink,
                    "`classes` is empty: give at least one class or use `target`",
                    None,
                );
                return None;
            }
            let mut out = Vec::new();
            let mut ok = true;
            for ct in tables {
                let Some(ct) = ct else {
                    ok = false;
                    continue;
                };
                let name = ct
                    .required("name", sink, "a class name such as \"P1\"")
                    .and_then(|e| e.node().string(sink).map(str::to_string));
                let share = ct
                    .required("share", sink, "share of the line's tasks, 0–1")
                    .and_then(|e| e.node().number_in(sink, 0.0, 1.0, "from 0 to 1"));
                let sl = ct
                    .required("service_level", sink, "a share from 0 to 1")
                    .and_then(|e| e.node().number_in(sink, 0.0, 1.0, "from 0 to 1"));
                let within = duration(&ct, "within", sink, true).flatten();
                ct.finish(sink);
                match (name, share, sl, within) {
                    (Some(name), Some(share), Some(service_level), Some(w)) => {
                        out.push(ClassPlan {
                            name,
                            share,
                            target: Target {
                                service_level,
                                within: from_secs(w),
                            },
                        })
                    }
                    _ => ok = false,
                }
            }
            if !ok {
                return None;
            }
            let total: f64 = out.iter().map(|c| c.share).sum();
            if (total - 1.0).abs() > 1e-6 {
                node.error(
                    sink,
                    format!("class shares add up to {total}, but they must sum to 1"),
                    Some("shares are written 0–1, e.g. 0.05, 0.15, 0.5, 0.3".into()),
                );
                return None;
            }
            let mut names = HashSet::new();
            if let Some(dup) = out.iter().find(|c| !names.insert(c.name.clone())) {
                node.error(sink, format!("duplicate class name \"{}\"", dup.name), None);
                return None;
            }
            Some(out)
        }
    }
}

/// Opening hours: a preset, 168 hourly weights, or `{ days, open, close }`.
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
                    format!(
                        "found {} weights, but `hours` needs 168 (one per hour of the week, Monday 00:00 first)",
                        weights.len()
                    ),
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
        toml::de::DeValue::Table(_) => {
            let ht = node.table(sink)?;
            let days = ht
                .required("days", sink, "e.g. \"Mon-Fri\"")
                .and_then(|e| parse_days(&e.node(), sink));
            let open = ht
                .required("open", sink, "e.g. \"09:00\"")
                .and_then(|e| clock(&e.node(), sink));
            let close = ht
                .required("close", sink, "e.g. \"18:00\"")
                .and_then(|e| clock(&e.node(), sink));
            ht.finish(sink);
            let (days, open, close) = (days?, open?, close?);
            Some(window_profile(&days, open, close))
        }
        _ => {
            node.error(
                sink,
                format!(
                    "expected a preset name, 168 weights or {{ days, open, close }}, found {}",
                    describe(node.value)
                ),
                Some(format!("allowed presets: {}", PRESETS.join(", "))),
            );
            None
        }
    }
}

/// Open (weight 1) on `days` from `open` to `close` (slots from midnight); a
/// close at or before the open time runs past midnight.
pub fn window_profile(days: &[bool; 7], open: usize, close: usize) -> WeekProfile {
    let mut w = vec![0.0; SLOTS_PER_WEEK];
    let length = if close > open {
        close - open
    } else {
        close + SLOTS_PER_DAY - open
    };
    for (d, _) in days.iter().enumerate().filter(|(_, on)| **on) {
        for k in 0..length {
            w[(d * SLOTS_PER_DAY + open + k) % SLOTS_PER_WEEK] = 1.0;
        }
    }
    WeekProfile(w)
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `"Mon-Fri"`, `"Sat,Sun"`, `"daily"` → which weekdays.
pub fn parse_days(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<[bool; 7]> {
    let text = node.string(sink)?;
    let mut days = [false; 7];
    let lower = text.to_ascii_lowercase();
    if lower == "daily" || lower == "mon-sun" {
        return Some([true; 7]);
    }
    let day = |s: &str| DAY_NAMES.iter().position(|d| *d == s.trim());
    for part in lower.split(',') {
        let range = match part.split_once('-') {
            Some((a, b)) => day(a).zip(day(b)),
            None => day(part).map(|d| (d, d)),
        };
        let Some((a, b)) = range else {
            node.error(
                sink,
                format!("cannot read the days \"{text}\""),
                Some("write days like \"Mon-Fri\", \"Sat,Sun\" or \"daily\"".into()),
            );
            return None;
        };
        let mut d = a;
        loop {
            days[d] = true;
            if d == b {
                break;
            }
            d = (d + 1) % 7;
        }
    }
    Some(days)
}

/// `"HH:MM"` (quarter hours) → slot of the day.
pub fn clock(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<usize> {
    let text = node.string(sink)?;
    let parsed = text.split_once(':').and_then(|(h, m)| {
        let h: usize = h.parse().ok()?;
        let m: usize = m.parse().ok()?;
        (h <= 24 && m < 60 && m.is_multiple_of(15) && (h < 24 || m == 0))
            .then_some((h * 60 + m) / 15)
    });
    if parsed.is_none() {
        node.error(
            sink,
            format!("found \"{text}\", but a time of day \"HH:MM\" on a quarter hour is required"),
            Some("for example \"09:00\" or \"17:30\"".into()),
        );
    }
    parsed.map(|s| s % SLOTS_PER_DAY)
}

fn read_volume(
    node: &Node<'_, '_, '_>,
    weekly: &WeekProfile,
    open_days: f64,
    horizon: &Horizon,
    sink: &Sink,
) -> Option<Vec<f64>> {
    let t = node.table(sink)?;
    let per_hour = t.get("per_hour");
    let per_day = t.get("per_day");
    let per_month = t.get("per_month");
    let growth = t.get("monthly_growth");
    let seasonality = t.get("seasonality");
    t.finish(sink);
    let given: Vec<_> = [&per_hour, &per_day, &per_month]
        .into_iter()
        .flatten()
        .collect();
    if given.len() > 1 {
        given[1].node().error(
            sink,
            "give one of `per_hour`, `per_day` or `per_month`",
            None,
        );
        return None;
    }
    let g = growth.map_or(Some(0.0), |e| {
        e.node()
            .number_in(sink, -0.99, 10.0, "from -0.99 to 10 (0.02 = 2% a month)")
    });
    let s = seasonality.map_or(Some(vec![1.0; 12]), |e| {
        let n = e.node();
        let v = n.numbers(sink)?;
        if v.len() != 12 || v.iter().any(|x| *x < 0.0) {
            n.error(
                sink,
                format!(
                    "found {} factors, but `seasonality` needs 12 factors ≥ 0, January first",
                    v.len()
                ),
                None,
            );
            return None;
        }
        Some(v)
    });
    let max = 1e9;
    if let Some(h) = per_hour {
        let x = h
            .node()
            .number_in(sink, 0.0, max, "from 0 to 1,000,000,000")?;
        let (g, s) = (g?, s?);
        // A constant hourly rate while open, scaled by growth and seasonality.
        return Some(
            horizon
                .months
                .iter()
                .enumerate()
                .map(|(m, month)| {
                    x * (1.0 + g).powi(m as i32) * s[month.year_month.month as usize - 1]
                })
                .collect(),
        );
    }
    let (volume, per_open_day) = match (per_day, per_month) {
        (Some(d), _) => (
            d.node()
                .number_in(sink, 0.0, max, "from 0 to 1,000,000,000")?,
            true,
        ),
        (None, Some(m)) => (
            m.node()
                .number_in(sink, 0.0, max, "from 0 to 1,000,000,000")?,
            false,
        ),
        (None, None) => {
            node.error(
                sink,
                "missing the volume: `per_hour`, `per_day` or `per_month`",
                None,
            );
            return None;
        }
    };
    Some(monthly_rates(
        volume,
        per_open_day.then_some(open_days),
        g?,
        &s?,
        weekly,
        horizon,
    ))
}

/// Arrivals per hour per unit weight in each month, so that the expected
/// volume of month m is `volume × (1+g)^m × seasonality`, spread over the
/// month's open slots (a month with more open weekdays gets a lower rate).
/// With `per_open_day` (the client's open days per week) the volume is per
/// day the line is open (`per_day`).
fn monthly_rates(
    volume: f64,
    per_open_day: Option<f64>,
    growth: f64,
    seasonality: &[f64],
    weekly: &WeekProfile,
    horizon: &Horizon,
) -> Vec<f64> {
    let slot_h = SLOT as f64 / HOUR as f64;
    let week_weight_hours: f64 = weekly.0.iter().sum::<f64>() * slot_h;
    horizon
        .months
        .iter()
        .enumerate()
        .map(|(m, month)| {
            let factor =
                (1.0 + growth).powi(m as i32) * seasonality[month.year_month.month as usize - 1];
            if let Some(open_days) = per_open_day {
                // A week carries one day's volume per day the line opens.
                if week_weight_hours > 0.0 {
                    volume * factor * open_days / week_weight_hours
                } else {
                    0.0
                }
            } else {
                {
                    let slots = month.year_month.days() as usize * SLOTS_PER_DAY;
                    let first = horizon.week_slot(month.start);
                    let weight_hours: f64 = (0..slots)
                        .map(|k| weekly.0[(first + k) % SLOTS_PER_WEEK])
                        .sum::<f64>()
                        * slot_h;
                    if weight_hours > 0.0 {
                        volume * factor / weight_hours
                    } else {
                        0.0
                    }
                }
            }
        })
        .collect()
}
