//! `[workforce]`: teams of agents, their rosters, shrinkage and routing policy.

use super::lines::{Names, clock, parse_days, window_profile};
use super::plan::{
    EducationPlan, Hiring, LearningCurve, LinePlan, Overflow, PipelinePlan, PoolPlan, Roster,
    TeamPlan, Wages, WorkforcePlan,
};
use super::reader::{Node, Sink, TableReader, suggestion};
use crate::engine::time::{WEEK, from_secs};
use crate::scenario::horizon::YearMonth;
use crate::scenario::hours::{SLOTS_PER_HOUR, SLOTS_PER_WEEK};

/// Most agents in one team.
const MAX_TEAM: i64 = 1_000_000;

/// Reads `[workforce]` (and, in pipeline mode, `[education]`).
pub fn read_workforce(
    t: &TableReader<'_, '_>,
    education: Option<&TableReader<'_, '_>>,
    start: YearMonth,
    names: &Names,
    lines: &[LinePlan],
    pools: &[PoolPlan],
    sink: &Sink,
) -> Option<WorkforcePlan> {
    let mode = t
        .required("mode", sink, "fixed or pipeline")
        .and_then(|e| e.node().choice(sink, &["fixed", "pipeline", "required"]));
    if let Some(m) = mode.filter(|m| *m == "required")
        && let Some(e) = t.get("mode")
    {
        e.node().error(
            sink,
            format!("mode \"{m}\" is not supported by this version"),
            Some("use mode = \"fixed\" or \"pipeline\"".into()),
        );
    }
    if mode == Some("pipeline") {
        return read_pipeline_workforce(t, education, start, names, lines, pools, sink);
    }
    if let Some(e) = education {
        sink.error(
            e.path(),
            e.span(),
            "[education] applies to mode = \"pipeline\" only",
            Some("set [workforce] mode = \"pipeline\" or remove [education]".into()),
        );
    }
    let policy = read_policy(t, sink);
    let mut teams = Vec::new();
    let mut ok = true;
    if let Some(e) = t.get("on_duty") {
        match read_on_duty(&e.node(), names, sink) {
            Some(mut v) => teams.append(&mut v),
            None => ok = false,
        }
    }
    if let Some(e) = t.get("team") {
        match e.node().tables(sink) {
            Some(tables) => {
                for tt in tables {
                    match tt.and_then(|tt| read_team(&tt, names, sink)) {
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
        shrinkage: policy.shrinkage?,
        realtime_first: policy.realtime_first?,
        max_occupancy: policy.max_occupancy?,
        hours_per_week: policy.hours_per_week?,
        shift_efficiency: policy.shift_efficiency?,
        pipeline: None,
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
            let out = indices_in(&node, sink, |n, s| skill_index(n, s, names, sink))?;
            if out.is_empty() {
                node.error(sink, "`skills` is empty", None);
                return None;
            }
            Some(out)
        });
    let allowed: Vec<&str> = names.languages.iter().map(String::as_str).collect();
    let languages = t.get("languages").map_or(Some(None), |e| {
        let language_index = |n: &Node<'_, '_, '_>, s: &str| {
            let found = names.languages.iter().position(|l| l == s);
            if found.is_none() {
                n.error(
                    sink,
                    format!("no service line needs the language `{s}`"),
                    (!allowed.is_empty()).then(|| suggestion(s, &allowed)),
                );
            }
            found
        };
        indices_in(&e.node(), sink, language_index).map(Some)
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
    let tables = node.tables(sink)?;
    let mut counts = vec![0u32; SLOTS_PER_WEEK];
    let mut ok = true;
    for st in tables {
        let Some(st) = st else {
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

/// Shares by name (`{ voice = 0.4, ... }`) over `known` names, summing to 1.
fn read_mix(
    node: &Node<'_, '_, '_>,
    known: &[String],
    what: &str,
    sink: &Sink,
) -> Option<Vec<f64>> {
    let t = node.table(sink)?;
    let mut mix = vec![0.0; known.len()];
    let allowed: Vec<&str> = known.iter().map(String::as_str).collect();
    let mut ok = true;
    for (key, entry) in t.entries() {
        let n = entry.node();
        let share = n.number_in(sink, 0.0, 1.0, "from 0 to 1");
        match (known.iter().position(|k| k == key), share) {
            (Some(i), Some(x)) => mix[i] = x,
            (None, _) => {
                n.error(
                    sink,
                    format!("no service line needs the {what} `{key}`"),
                    (!allowed.is_empty()).then(|| suggestion(key, &allowed)),
                );
                ok = false;
            }
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let total: f64 = mix.iter().sum();
    if (total - 1.0).abs() > 0.001 {
        node.error(
            sink,
            format!("the shares add up to {total}, but they must sum to 1"),
            Some("shares are written 0–1, e.g. { a = 0.4, b = 0.6 }".into()),
        );
        return None;
    }
    Some(mix)
}

fn read_pipeline_workforce(
    t: &TableReader<'_, '_>,
    education: Option<&TableReader<'_, '_>>,
    start: YearMonth,
    names: &Names,
    lines: &[LinePlan],
    pools: &[PoolPlan],
    sink: &Sink,
) -> Option<WorkforcePlan> {
    let share = |key: &'static str, default: f64| {
        t.get(key).map_or(Some(default), |e| {
            e.node().number_in(sink, 0.0, 1.0, "from 0 to 1")
        })
    };
    let policy = read_policy(t, sink);
    let attrition_annual = t.get("attrition_annual").map_or(Some(0.0), |e| {
        e.node()
            .number_in(sink, 0.0, 0.99, "from 0 to 0.99 (a share per year)")
    });
    let early_attrition = share("early_attrition", 0.0);
    let weeks = |key: &'static str| {
        t.get(key).map_or(Some(0.0), |e| {
            e.node().number_in(sink, 0.0, 104.0, "from 0 to 104 weeks")
        })
    };
    let classroom = weeks("classroom_weeks");
    let nesting = weeks("nesting_weeks");
    let learning_curve = t.get("learning_curve").map_or(
        Some(LearningCurve {
            start_multiplier: 1.0,
            weeks_to_proficiency: 0.0,
        }),
        |e| {
            let lt = e.node().table(sink)?;
            let m = lt
                .required(
                    "start_multiplier",
                    sink,
                    "handle-time multiplier at hire, ≥ 1",
                )
                .and_then(|e| e.node().number_in(sink, 1.0, 10.0, "from 1 to 10"));
            let w = lt
                .required(
                    "weeks_to_proficiency",
                    sink,
                    "weeks until the multiplier reaches 1",
                )
                .and_then(|e| e.node().number_in(sink, 0.0, 260.0, "from 0 to 260 weeks"));
            lt.finish(sink);
            Some(LearningCurve {
                start_multiplier: m?,
                weeks_to_proficiency: w?,
            })
        },
    );
    let other_hires = t.get("other_hires_per_month").map_or(Some(0.0), |e| {
        e.node().number_in(sink, 0.0, 1e6, "from 0 to 1,000,000")
    });
    let wages = t.get("wage_usd_month").map_or(
        Some(Wages {
            agent: 0.0,
            l2: 0.0,
            team_lead: 0.0,
        }),
        |e| {
            let wt = e.node().table(sink)?;
            let wage = |key: &'static str| {
                wt.get(key).map_or(Some(0.0), |e| {
                    e.node()
                        .number_in(sink, 0.0, 1e6, "from 0 to 1,000,000 USD")
                })
            };
            let agent = wage("agent");
            let l2 = wage("l2");
            let lead = wage("team_lead");
            wt.finish(sink);
            Some(Wages {
                agent: agent?,
                l2: l2.map(|x| if x == 0.0 { agent.unwrap_or(0.0) } else { x })?,
                team_lead: lead?,
            })
        },
    );
    let team_lead_span = t.get("team_lead_span").map_or(Some(None), |e| {
        e.node().whole_in(sink, 1, 1000).map(|n| Some(n as u32))
    });
    let hiring = t.get("hiring").map_or(Some(Hiring::ToNeed), |e| {
        e.node()
            .choice(sink, &["to_need", "fixed_mix"])
            .map(|c| match c {
                "fixed_mix" => Hiring::FixedMix,
                _ => Hiring::ToNeed,
            })
    });
    let extra_hires = t.get("extra_hires_per_month").map_or(
        Some(vec![0.0; pools.len()]),
        |e| {
            let et = e.node().table(sink)?;
            let ids: Vec<&str> = pools.iter().map(|p| p.id.as_str()).collect();
            let mut extra = vec![0.0; pools.len()];
            let mut ok = true;
            for (key, entry) in et.entries() {
                let n = entry.node();
                let count = n.number_in(sink, 0.0, 1e6, "from 0 to 1,000,000 a month");
                match (ids.iter().position(|id| *id == key), count) {
                    (Some(p), Some(c)) => extra[p] = c,
                    (None, _) => {
                        n.error(
                            sink,
                            format!("no pool `{key}`: pools are skill_language (or the skill for lines of any language)"),
                            Some(suggestion(key, &ids)),
                        );
                        ok = false;
                    }
                    _ => ok = false,
                }
            }
            ok.then_some(extra)
        },
    );
    let initial = t
        .get("initial_headcount")
        .map_or(Some(vec![0; names.skills.len()]), |e| {
            let it = e.node().table(sink)?;
            let mut counts = vec![0u32; names.skills.len()];
            let mut ok = true;
            for (key, entry) in it.entries() {
                let n = entry.node();
                match (
                    skill_index(&n, key, names, sink),
                    n.whole_in(sink, 0, MAX_TEAM),
                ) {
                    (Some(s), Some(c)) => counts[s] = c as u32,
                    _ => ok = false,
                }
            }
            ok.then_some(counts)
        });
    let skill_mix = match t.get("skill_mix") {
        Some(e) => read_mix(&e.node(), &names.skills, "skill", sink),
        None => {
            // Without a mix, hires are spread evenly over the skills.
            let n = names.skills.len().max(1) as f64;
            Some(vec![1.0 / n; names.skills.len()])
        }
    };
    let language_mix =
        match t.get("language_mix") {
            Some(e) => read_mix(&e.node(), &names.languages, "language", sink),
            None if names.languages.is_empty() => Some(Vec::new()),
            None => {
                sink.error(
                &t.key_path("language_mix"),
                t.span(),
                format!(
                    "missing `language_mix`: lines need the languages {}, so hires need them too",
                    names.languages.join(", ")
                ),
                Some(format!("e.g. language_mix = {{ {} = 1.0 }}", names.languages[0])),
            );
                None
            }
        };
    let education = education.map(|e| read_education(e, start, sink));
    t.finish(sink);
    let education = match education {
        Some(Some(e)) => Some(e),
        Some(None) => return None,
        None => None,
    };
    let language_mix = language_mix?;
    // One team per skill and language: people are interchangeable within it.
    let mut teams = Vec::new();
    for (s, skill) in names.skills.iter().enumerate() {
        if language_mix.is_empty() {
            teams.push(TeamPlan {
                name: skill.clone(),
                skills: vec![s],
                languages: None,
                roster: Roster::Pipeline,
            });
        }
        for (l, share) in language_mix.iter().enumerate() {
            if *share > 0.0 {
                teams.push(TeamPlan {
                    name: format!("{skill}_{}", names.languages[l]),
                    skills: vec![s],
                    languages: Some(vec![l]),
                    roster: Roster::Pipeline,
                });
            }
        }
    }
    for line in lines {
        if !teams.iter().any(|team| team.serves(line)) {
            sink.error(
                &t.key_path("language_mix"),
                t.span(),
                format!(
                    "no hire can serve line `{}`: nobody speaks its language",
                    line.id
                ),
                Some("give the language a share in language_mix".into()),
            );
            return None;
        }
    }
    let pipeline = PipelinePlan {
        initial_headcount: initial?,
        attrition_annual: attrition_annual?,
        early_attrition: early_attrition?,
        classroom: from_secs(classroom? * WEEK as f64 / 1e6),
        nesting: from_secs(nesting? * WEEK as f64 / 1e6),
        learning_curve: learning_curve?,
        other_hires_per_month: other_hires?,
        wages: wages?,
        team_lead_span: team_lead_span?,
        hiring: hiring?,
        extra_hires_per_month: extra_hires?,
        skill_mix: skill_mix?,
        language_mix,
        education,
    };
    if !every_pool_can_hire(t, &pipeline, names, lines, pools, sink) {
        return None;
    }
    Some(WorkforcePlan {
        teams,
        shrinkage: policy.shrinkage?,
        realtime_first: policy.realtime_first?,
        max_occupancy: policy.max_occupancy?,
        hours_per_week: policy.hours_per_week?,
        shift_efficiency: policy.shift_efficiency?,
        pipeline: Some(pipeline),
    })
}

/// A line that no initial staff and no hire can ever reach would run at 0%
/// service level; it is an error instead, naming what is missing.
fn every_pool_can_hire(
    t: &TableReader<'_, '_>,
    pipeline: &PipelinePlan,
    names: &Names,
    lines: &[LinePlan],
    pools: &[PoolPlan],
    sink: &Sink,
) -> bool {
    let hires_at_all = pipeline.other_hires_per_month > 0.0
        || pipeline
            .education
            .as_ref()
            .is_some_and(|e| e.students > 0 && e.placement_rate > 0.0);
    let mut ok = true;
    for (p, pool) in pools.iter().enumerate() {
        let initial = pipeline.initial_headcount[pool.skill] > 0;
        let hired = pipeline.extra_hires_per_month[p] > 0.0
            || hires_at_all
                && match pipeline.hiring {
                    Hiring::ToNeed => true,
                    Hiring::FixedMix => pipeline.skill_mix[pool.skill] > 0.0,
                };
        if initial || hired {
            continue;
        }
        let skill = &names.skills[pool.skill];
        let need = match pool.language {
            Some(l) => format!("skill `{skill}` in language `{}`", names.languages[l]),
            None => format!("skill `{skill}`"),
        };
        let line_ids: Vec<&str> = pool.lines.iter().map(|&l| lines[l].id.as_str()).collect();
        let why = if hires_at_all {
            format!("`skill_mix` gives `{skill}` no share under hiring = \"fixed_mix\"")
        } else {
            "nobody is hired (no students placed, no other or extra hires)".to_string()
        };
        sink.error(
            &t.key_path("initial_headcount"),
            t.span(),
            format!(
                "nobody can ever staff line {}: it needs {need}, no one has it at the start, and {why}",
                line_ids.join(", ")
            ),
            Some(format!(
                "give initial_headcount.{skill} > 0, a share in skill_mix, hiring = \"to_need\", \
                 or extra_hires_per_month.{} > 0",
                pool.id
            )),
        );
        ok = false;
    }
    ok
}

fn read_education(t: &TableReader<'_, '_>, start: YearMonth, sink: &Sink) -> Option<EducationPlan> {
    let whole = |key: &'static str, what: &str, lo: i64, hi: i64| {
        t.required(key, sink, what)
            .and_then(|e| e.node().whole_in(sink, lo, hi))
    };
    let share = |key: &'static str, what: &str| {
        t.required(key, sink, what)
            .and_then(|e| e.node().number_in(sink, 0.0, 1.0, "from 0 to 1"))
    };
    let students = whole(
        "students",
        "students enrolled over the intake period",
        0,
        100_000_000,
    );
    let mentors = whole("mentors", "number of mentors", 0, 10_000_000);
    let per_mentor = t
        .required(
            "max_students_per_mentor",
            sink,
            "concurrent students per mentor",
        )
        .and_then(|e| {
            e.node()
                .number_in(sink, 0.1, 10_000.0, "from 0.1 to 10,000")
        });
    let intake_start = t
        .required("intake_start", sink, "first intake month, \"YYYY-MM\"")
        .and_then(|e| {
            let node = e.node();
            let text = node.string(sink)?;
            match YearMonth::parse(text) {
                Some(ym) => Some(start.months_until(ym)),
                None => {
                    node.error(
                        sink,
                        format!("found \"{text}\", but a month \"YYYY-MM\" is required"),
                        None,
                    );
                    None
                }
            }
        });
    let intake_months = whole("intake_months", "months over which students enrol", 1, 1200);
    let programme = whole(
        "programme_months",
        "length of the programme in months",
        1,
        120,
    );
    let job_track = share("job_track_share", "share of students aiming at a job");
    let completion = share("completion_rate", "share of students who complete");
    let placement = share(
        "placement_rate",
        "share of job-track completers hired into export BPO",
    );
    let delay = t
        .get("placement_delay_months")
        .map_or(Some(0), |e| e.node().whole_in(sink, 0, 120));
    let overflow = t.get("overflow").map_or(Some(Overflow::Wait), |e| {
        e.node().choice(sink, &["wait", "turn_away"]).map(|c| {
            if c == "wait" {
                Overflow::Wait
            } else {
                Overflow::TurnAway
            }
        })
    });
    t.finish(sink);
    Some(EducationPlan {
        students: students? as u64,
        mentors: mentors? as u64,
        max_students_per_mentor: per_mentor?,
        intake_start: intake_start?,
        intake_months: intake_months? as u32,
        programme_months: programme? as u32,
        job_track_share: job_track?,
        completion_rate: completion?,
        placement_rate: placement?,
        placement_delay_months: delay? as u32,
        overflow: overflow?,
    })
}

/// Keys of both modes: `shrinkage`, `realtime_first`, `max_occupancy`.
/// Settings of both modes (each `None` where the value was bad).
struct Policy {
    shrinkage: Option<f64>,
    realtime_first: Option<bool>,
    max_occupancy: Option<f64>,
    hours_per_week: Option<f64>,
    shift_efficiency: Option<f64>,
}

fn read_policy(t: &TableReader<'_, '_>, sink: &Sink) -> Policy {
    let number = |key: &'static str, default: f64, min: f64, max: f64, allowed: &'static str| {
        t.get(key).map_or(Some(default), |e| {
            e.node().number_in(sink, min, max, allowed)
        })
    };
    Policy {
        shrinkage: number("shrinkage", 0.0, 0.0, 0.95, "at least 0 and at most 0.95"),
        realtime_first: t
            .get("realtime_first")
            .map_or(Some(true), |e| e.node().boolean(sink)),
        max_occupancy: read_max_occupancy(t, sink),
        hours_per_week: number("hours_per_week", 40.0, 1.0, 84.0, "from 1 to 84 hours"),
        shift_efficiency: number(
            "shift_efficiency",
            0.9,
            0.5,
            1.0,
            "from 0.5 to 1 (share of rostered hours placed where intervals need them)",
        ),
    }
}

fn read_max_occupancy(t: &TableReader<'_, '_>, sink: &Sink) -> Option<f64> {
    t.get("max_occupancy").map_or(Some(0.85), |e| {
        e.node().number_in(sink, 0.05, 1.0, "from 0.05 to 1")
    })
}

/// The indices of the names in an array of strings, each looked up by `index`
/// (which reports unknown names); `None` if any is missing or not a string.
fn indices_in(
    node: &Node<'_, '_, '_>,
    sink: &Sink,
    index: impl Fn(&Node<'_, '_, '_>, &str) -> Option<usize>,
) -> Option<Vec<usize>> {
    let array = node.array(sink)?;
    let mut out = Vec::new();
    for (i, item) in array.iter().enumerate() {
        let path = format!("{}[{i}]", node.path);
        let n = Node {
            path: &path,
            value: item.get_ref(),
            span: item.span(),
        };
        let name = n.string(sink)?;
        out.push(index(&n, name)?);
    }
    Some(out)
}
