//! `[workforce]`: teams of agents, their rosters, shrinkage and routing policy.

use super::lines::{Names, clock, parse_days, window_profile};
use super::plan::{LinePlan, Roster, TeamPlan, WorkforcePlan};
use super::reader::{Node, Sink, TableReader, suggestion};
use crate::model::hours::{SLOTS_PER_HOUR, SLOTS_PER_WEEK};

/// Most agents in one team.
const MAX_TEAM: i64 = 1_000_000;

/// Reads `[workforce]`.
pub fn read_workforce(
    t: &TableReader<'_, '_>,
    names: &Names,
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
        e.node()
            .number_in(sink, 0.0, 0.95, "at least 0 and at most 0.95")
    });
    let realtime_first = t
        .get("realtime_first")
        .map_or(Some(true), |e| e.node().boolean(sink));
    let mut teams = Vec::new();
    let mut ok = true;
    if let Some(e) = t.get("on_duty") {
        match read_on_duty(&e.node(), names, sink) {
            Some(mut v) => teams.append(&mut v),
            None => ok = false,
        }
    }
    if let Some(e) = t.get("team") {
        let node = e.node();
        match node.array(sink) {
            Some(array) => {
                for (i, item) in array.iter().enumerate() {
                    let path = format!("workforce.team[{i}]");
                    let n = Node {
                        path: &path,
                        value: item.get_ref(),
                        span: item.span(),
                    };
                    match n.table(sink).and_then(|tt| read_team(&tt, names, sink)) {
                        Some(team) => teams.push(team),
                        None => ok = false,
                    }
                }
            }
            None => ok = false,
        }
    }
    if ok && teams.is_empty() {
        sink.error(
            &t.key_path("on_duty"),
            t.span(),
            "no agents: give `on_duty = { skill = agents }` or [[workforce.team]] sections",
            None,
        );
        ok = false;
    }
    if ok {
        for line in lines {
            if !teams.iter().any(|team| team.serves(line)) {
                let skill = &names.skills[line.skill];
                let need = match line.language {
                    Some(l) => format!("skill `{skill}` and language `{}`", names.languages[l]),
                    None => format!("skill `{skill}`"),
                };
                sink.error(
                    &t.key_path("on_duty"),
                    t.span(),
                    format!("no team can serve line `{}`: it needs {need}", line.id),
                    Some(format!(
                        "add {skill} = N to on_duty, or a [[workforce.team]] with that skill"
                    )),
                );
                ok = false;
            }
        }
    }
    t.finish(sink);
    if !ok {
        return None;
    }
    Some(WorkforcePlan {
        teams,
        shrinkage: shrinkage?,
        realtime_first: realtime_first?,
    })
}

fn skill_index(node: &Node<'_, '_, '_>, name: &str, names: &Names, sink: &Sink) -> Option<usize> {
    let found = names.skills.iter().position(|s| s == name);
    if found.is_none() {
        let allowed: Vec<&str> = names.skills.iter().map(String::as_str).collect();
        node.error(
            sink,
            format!("no service line needs the skill `{name}`"),
            (!allowed.is_empty()).then(|| suggestion(name, &allowed)),
        );
    }
    found
}

/// `on_duty = { skill = N | [168 counts] }`: one team per skill, any language.
fn read_on_duty(node: &Node<'_, '_, '_>, names: &Names, sink: &Sink) -> Option<Vec<TeamPlan>> {
    let t = node.table(sink)?;
    let mut teams = Vec::new();
    let mut ok = true;
    for (key, entry) in t.entries() {
        let n = entry.node();
        let skill = skill_index(&n, key, names, sink);
        let roster = read_roster_value(&n, sink);
        match (skill, roster) {
            (Some(s), Some(roster)) => teams.push(TeamPlan {
                name: key.to_string(),
                skills: vec![s],
                languages: None,
                roster,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(teams)
}

/// A count (on duty while open) or 168 hourly counts.
fn read_roster_value(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<Roster> {
    match node.value {
        toml::de::DeValue::Array(_) => {
            let values = node.numbers(sink)?;
            if values.len() != 168
                || values
                    .iter()
                    .any(|v| *v < 0.0 || v.fract() != 0.0 || *v > MAX_TEAM as f64)
            {
                node.error(
                    sink,
                    format!(
                        "found {} values, but an hourly roster needs 168 whole numbers ≥ 0 (Monday 00:00 first, site time)",
                        values.len()
                    ),
                    None,
                );
                return None;
            }
            Some(Roster::Weekly(
                values
                    .iter()
                    .flat_map(|&v| std::iter::repeat_n(v as u32, SLOTS_PER_HOUR))
                    .collect(),
            ))
        }
        _ => node
            .whole_in(sink, 0, MAX_TEAM)
            .map(|n| Roster::WhileOpen(n as u32)),
    }
}

fn read_team(t: &TableReader<'_, '_>, names: &Names, sink: &Sink) -> Option<TeamPlan> {
    let name = t
        .get("name")
        .and_then(|e| e.node().string(sink).map(str::to_string))
        .unwrap_or_else(|| t.path().to_string());
    let skills = t
        .required(
            "skills",
            sink,
            "the skills of this team's agents, e.g. [\"helpdesk\"]",
        )
        .and_then(|e| {
            let node = e.node();
            let array = node.array(sink)?;
            let mut out = Vec::new();
            for (i, item) in array.iter().enumerate() {
                let path = format!("{}[{i}]", node.path);
                let n = Node {
                    path: &path,
                    value: item.get_ref(),
                    span: item.span(),
                };
                let s = n.string(sink)?;
                out.push(skill_index(&n, s, names, sink)?);
            }
            if out.is_empty() {
                node.error(sink, "`skills` is empty", None);
                return None;
            }
            Some(out)
        });
    let languages = t.get("languages").map_or(Some(None), |e| {
        let node = e.node();
        let array = node.array(sink)?;
        let mut out = Vec::new();
        let allowed: Vec<&str> = names.languages.iter().map(String::as_str).collect();
        for (i, item) in array.iter().enumerate() {
            let path = format!("{}[{i}]", node.path);
            let n = Node {
                path: &path,
                value: item.get_ref(),
                span: item.span(),
            };
            let s = n.string(sink)?;
            match names.languages.iter().position(|l| l == s) {
                Some(l) => out.push(l),
                None => {
                    n.error(
                        sink,
                        format!("no service line needs the language `{s}`"),
                        (!allowed.is_empty()).then(|| suggestion(s, &allowed)),
                    );
                    return None;
                }
            }
        }
        Some(Some(out))
    });
    let on_duty = t.get("on_duty");
    let shifts = t.get("shifts");
    let roster = match (on_duty, shifts) {
        (Some(_), Some(s)) => {
            s.node()
                .error(sink, "give `on_duty` or `shifts`, not both", None);
            None
        }
        (Some(e), None) => read_roster_value(&e.node(), sink),
        (None, Some(e)) => read_shifts(&e.node(), sink),
        (None, None) => {
            sink.error(
                &t.key_path("on_duty"),
                t.span(),
                "missing `on_duty` (agents) or `shifts`",
                None,
            );
            None
        }
    };
    t.finish(sink);
    Some(TeamPlan {
        name,
        skills: skills?,
        languages: languages?,
        roster: roster?,
    })
}

/// `shifts = [{ start = "09:00", hours = 8, days = "Mon-Fri", agents = 10 }, ...]`.
fn read_shifts(node: &Node<'_, '_, '_>, sink: &Sink) -> Option<Roster> {
    let array = node.array(sink)?;
    let mut counts = vec![0u32; SLOTS_PER_WEEK];
    let mut ok = true;
    for (i, item) in array.iter().enumerate() {
        let path = format!("{}[{i}]", node.path);
        let n = Node {
            path: &path,
            value: item.get_ref(),
            span: item.span(),
        };
        let Some(st) = n.table(sink) else {
            ok = false;
            continue;
        };
        let start = st
            .required("start", sink, "e.g. \"09:00\"")
            .and_then(|e| clock(&e.node(), sink));
        let hours = st
            .required("hours", sink, "shift length in hours")
            .and_then(|e| {
                e.node()
                    .number_in(sink, 0.25, 24.0, "from 0.25 to 24 hours")
            });
        let days = st
            .get("days")
            .map_or(Some([true; 7]), |e| parse_days(&e.node(), sink));
        let agents = st
            .required("agents", sink, "agents on this shift")
            .and_then(|e| e.node().whole_in(sink, 0, MAX_TEAM));
        st.finish(sink);
        match (start, hours, days, agents) {
            (Some(start), Some(hours), Some(days), Some(agents)) => {
                let close = start + (hours * SLOTS_PER_HOUR as f64).round() as usize;
                // A close at or before the start (e.g. 24 hours) runs past midnight.
                let window = window_profile(&days, start, close % (24 * SLOTS_PER_HOUR));
                for (c, w) in counts.iter_mut().zip(&window.0) {
                    if *w > 0.0 {
                        *c = c.saturating_add(agents as u32);
                    }
                }
            }
            _ => ok = false,
        }
    }
    ok.then_some(Roster::Weekly(counts))
}
