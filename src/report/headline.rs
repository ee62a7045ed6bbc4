//! The capacity plan in sentences an analyst can quote: the same words in
//! the terminal, the report and the charts.

use super::format::{int, month, people as people_text, people_rounded, percent};
use crate::results::{CapacityPlan, Lever, RunResult, Setting};

/// A count of people with its 95% interval, e.g. `130 people [121, 139]`.
fn people(stat: &crate::results::Stat) -> String {
    if (stat.ci95[1] - stat.ci95[0]).abs() < 0.5 {
        format!("{} people", int(stat.mean))
    } else {
        format!(
            "{} people [{}, {}]",
            int(stat.mean),
            int(stat.ci95[0]),
            int(stat.ci95[1])
        )
    }
}

/// Where and when people are short: one sentence.
pub fn shortfall(plan: &CapacityPlan) -> String {
    match (&plan.short_from, &plan.peak_month) {
        (Some(from), Some(peak)) => format!(
            "Short from {from} in {}; the shortfall peaks at {} in {peak} \
             (summed over pools: spare people in one pool never cover another).",
            plan.first_short_pools.join(", "),
            people(&plan.peak_shortfall)
        ),
        _ => "No pool is short in any month: every skill and language has the people it needs."
            .to_string(),
    }
}

/// The pools short at some point and the pools with people to spare at the end.
pub fn pools(plan: &CapacityPlan) -> Option<String> {
    let short: Vec<String> = plan
        .pools
        .iter()
        .filter(|p| p.months_short > 0)
        .map(|p| {
            format!(
                "{} {} from {}",
                p.id,
                int(p.peak_shortfall.mean),
                p.first_short_month.as_deref().unwrap_or("?")
            )
        })
        .collect();
    let spare: Vec<String> = plan
        .pools
        .iter()
        .filter(|p| p.months_short == 0 && p.surplus_end.mean >= 0.5)
        .map(|p| format!("{} {}", p.id, int(p.surplus_end.mean)))
        .collect();
    let mut parts = Vec::new();
    if !short.is_empty() {
        parts.push(format!("Short pools (peak people): {}.", short.join(", ")));
    }
    if !spare.is_empty() {
        parts.push(format!("Spare at the end: {}.", spare.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A lever's setting in words, e.g. `education.placement_rate 0.25 → 0.38`.
pub fn lever(lever: &Lever) -> String {
    if lever.settings.is_empty() {
        return format!("{}: cannot close it — {}", lever.lever, lever.note);
    }
    let settings: Vec<String> = lever
        .settings
        .iter()
        .map(|s| format!("--set {}={}", s.key, trim(s.to)))
        .collect();
    let mut out = format!("{}: {}", lever.lever, settings.join(" "));
    if !lever.note.is_empty() {
        out.push_str(&format!(" ({})", lever.note));
    }
    out
}

/// What closes it: one sentence per lever, or nothing when not searched.
pub fn what_closes_it(plan: &CapacityPlan) -> Vec<String> {
    let mut out: Vec<String> = plan.what_closes_it.iter().map(lever).collect();
    if let Some(u) = plan.mentor_utilisation {
        out.push(format!(
            "Mentors: at most {:.0}% of mentor seats are used in any month{}.",
            u * 100.0,
            if u < 0.95 {
                ", so more mentors alone would not help"
            } else {
                ""
            }
        ));
    }
    out
}

/// The executive summary: four sentences a minister can read in five
/// seconds. How many people the plan needs; how many the pipeline delivers
/// and how many of those the education centres supply; when and where the
/// shortfall starts; what closes it. Counts rounded for reading.
pub fn executive_summary(result: &RunResult) -> Vec<String> {
    vec![
        need(result),
        delivery(result),
        shortfall_start(&result.staffing.plan),
        closes(result),
    ]
}

/// Sentence 1: people on the floor required, first month and peak.
fn need(result: &RunResult) -> String {
    let all: Vec<_> = result
        .staffing
        .months
        .iter()
        .filter(|m| m.skill == "all")
        .collect();
    let (Some(first), Some(peak)) = (
        all.first(),
        all.iter()
            .max_by(|a, b| a.required_on_floor.total_cmp(&b.required_on_floor)),
    ) else {
        return "The plan has no month to staff.".into();
    };
    let employed = if peak.required_headcount > peak.required_on_floor + 0.5 {
        format!(
            " ({} employed, counting trainees in the classroom and team leads)",
            people_rounded(peak.required_headcount)
        )
    } else {
        String::new()
    };
    if peak.month == first.month
        || people_rounded(peak.required_on_floor) == people_rounded(first.required_on_floor)
    {
        format!(
            "To meet every line's service-level target, the plan needs at most {} on the floor, in {}{employed}.",
            people_text(peak.required_on_floor),
            month(&peak.month)
        )
    } else {
        format!(
            "To meet every line's service-level target, the plan needs {} on the floor in {}, rising to {} in {}{employed}.",
            people_text(first.required_on_floor),
            month(&first.month),
            people_text(peak.required_on_floor),
            month(&peak.month)
        )
    }
}

/// Sentence 2: hires, graduates of the centres among them, and the people on the floor at the end.
fn delivery(result: &RunResult) -> String {
    let t = &result.summary.totals;
    let last_month = result.months.last().map_or("", String::as_str);
    let floor_end = result
        .staffing
        .months
        .iter()
        .rfind(|m| m.skill == "all")
        .map(|m| m.available.mean);
    let after = match floor_end {
        Some(a) => format!(
            "after {} leavers, {} {} on the floor in {}",
            people_rounded(t.attrition.mean),
            people_text(a),
            if people_rounded(a) == "1" {
                "is"
            } else {
                "are"
            },
            month(last_month)
        ),
        None => format!("{} leave", people_rounded(t.attrition.mean)),
    };
    if t.hires.mean < 0.5 && t.attrition.mean < 0.5 {
        return match floor_end {
            Some(a) => format!(
                "Staffing is fixed by the scenario: {} on the floor in {}.",
                people_text(a),
                month(last_month)
            ),
            None => "Staffing is fixed by the scenario.".into(),
        };
    }
    let centres = if result.assumptions.built_in {
        "the Digital Education Centres"
    } else {
        "the education centres"
    };
    let from_centres = if t.graduates_placed.mean >= 0.5 {
        format!(
            "{} of them ({:.0}%) graduates of {centres}",
            people_rounded(t.graduates_placed.mean),
            100.0 * t.graduates_placed.mean / t.hires.mean.max(1.0)
        )
    } else {
        format!("none of them from {centres}")
    };
    let first = result.months.first().map_or("", String::as_str);
    format!(
        "From {} to {} the pipeline hires {}, {from_centres}; {after}.",
        month(first),
        month(last_month),
        people_text(t.hires.mean),
    )
}

/// Sentence 3: the first short month, its pools and the peak.
fn shortfall_start(plan: &CapacityPlan) -> String {
    let (Some(from), Some(peak)) = (&plan.short_from, &plan.peak_month) else {
        return "No pool of people (skill × language) is short in any month.".into();
    };
    let s = &plan.peak_shortfall;
    let band = if (s.ci95[1] - s.ci95[0]).abs() >= 0.5 {
        format!(
            " (95% interval {} to {})",
            int(s.ci95[0].max(0.0)),
            int(s.ci95[1])
        )
    } else {
        String::new()
    };
    let pools: Vec<String> = plan
        .first_short_pools
        .iter()
        .map(|id| {
            plan.pools.iter().find(|p| &p.id == id).map_or_else(
                || id.clone(),
                |p| pool_name(&p.skill, p.language.as_deref()),
            )
        })
        .collect();
    format!(
        "The shortfall starts in {} in the {} pool{}, and peaks at {}{band} in {}, summed over pools: \
         spare people in other pools cannot take this work.",
        month(from),
        and_list(&pools),
        if pools.len() == 1 { "" } else { "s" },
        people_text(s.mean),
        month(peak)
    )
}

/// Sentence 4: the levers that close it, or why none is needed.
fn closes(result: &RunResult) -> String {
    let plan = &result.staffing.plan;
    // Levers are confirmed on the run's own replications and seed, with the
    // inputs as written: say so, since fewer replications see more noise.
    let confirmed = format!(
        "{} replications, seed {}, the other inputs as written",
        result.summary.replications, result.summary.seed
    );
    if plan.short_from.is_none() {
        let spare: f64 = plan.pools.iter().map(|p| p.surplus_end.mean).sum();
        return if spare >= 0.5 {
            format!(
                "Nothing needs closing: {} are to spare at the end.",
                people_text(spare)
            )
        } else {
            "Nothing needs closing.".into()
        };
    }
    let closers: Vec<String> = plan
        .what_closes_it
        .iter()
        .filter(|l| l.closes && !l.settings.is_empty())
        .map(lever_phrase)
        .collect();
    match closers.as_slice() {
        [] if plan.what_closes_it.is_empty() => {
            "No lever was searched for this plan: the short pools need more people.".into()
        }
        [] => {
            "No single lever searched closes it on its own (see what each one leaves short below)."
                .into()
        }
        [one] => format!(
            "{} closes it, confirmed by simulation ({confirmed}).",
            capitalise(one)
        ),
        many => {
            let (last, rest) = many.split_last().unwrap_or((&many[0], &[]));
            format!(
                "Any one of these closes it, each confirmed by simulation ({confirmed}): {}; or {last}.",
                rest.join("; ")
            )
        }
    }
}

/// A lever's setting in words: "a placement rate of 31.1% instead of 25%".
pub fn lever_phrase(lever: &Lever) -> String {
    const EXTRA: &str = "workforce.extra_hires_per_month.";
    let s = &lever.settings;
    if !s.is_empty() && s.iter().all(|x| x.key.starts_with(EXTRA)) {
        let total: f64 = s.iter().map(|x| x.to - x.from).sum();
        let pools: Vec<String> = s
            .iter()
            .map(|x| format!("{} {}", &x.key[EXTRA.len()..], trim(x.to - x.from)))
            .collect();
        return format!(
            "{} more hire{} a month from the start ({})",
            trim(total),
            if (total - 1.0).abs() < 1e-9 { "" } else { "s" },
            pools.join(", ")
        );
    }
    s.iter()
        .map(setting_phrase)
        .collect::<Vec<_>>()
        .join(" and ")
}

fn setting_phrase(s: &Setting) -> String {
    let language = language_name;
    match s.key.as_str() {
        "education.placement_rate" => format!(
            "a placement rate of {} instead of {}",
            percent(s.to),
            percent(s.from)
        ),
        "education.students" => format!(
            "{} students instead of {}",
            people_rounded(s.to),
            people_rounded(s.from)
        ),
        "education.mentors" => format!("{} mentors instead of {}", int(s.to), int(s.from)),
        "education.completion_rate" => format!(
            "a completion rate of {} instead of {}",
            percent(s.to),
            percent(s.from)
        ),
        "workforce.other_hires_per_month" => format!(
            "{} other hires a month instead of {}",
            trim(s.to),
            trim(s.from)
        ),
        k if k.starts_with("workforce.language_mix.") => format!(
            "{} {} speakers in the intake instead of {}",
            percent(s.to),
            language(&k["workforce.language_mix.".len()..]),
            percent(s.from)
        ),
        k => format!("{k} = {} instead of {}", trim(s.to), trim(s.from)),
    }
}

/// A pool in words: "English chat", "L2 support", "Korean helpdesk".
pub fn pool_name(skill: &str, language: Option<&str>) -> String {
    let skill = match skill {
        "l2" => "L2 support".to_string(),
        s => s.replace('_', " "),
    };
    match language {
        Some(l) => format!("{} {skill}", language_name(l)),
        None => skill,
    }
}

/// A language code in words (`en` → English); unknown codes as given.
pub fn language_name(code: &str) -> String {
    match code {
        "en" => "English",
        "ru" => "Russian",
        "ko" => "Korean",
        "uz" => "Uzbek",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "tr" => "Turkish",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ar" => "Arabic",
        other => other,
    }
    .to_string()
}

/// A `--set` path in words, for tables and charts: "Placement rate",
/// "Price of voice (USD an hour)", "English share of the intake".
pub fn input_label(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    let known = match key {
        "education.placement_rate" => Some("Placement rate"),
        "education.students" => Some("Students enrolled"),
        "education.mentors" => Some("Mentors"),
        "education.completion_rate" => Some("Completion rate"),
        "education.job_track_share" => Some("Share of students on a job track"),
        "education.max_students_per_mentor" => Some("Students per mentor"),
        "education.programme_months" => Some("Programme length (months)"),
        "education.placement_delay_months" => Some("Placement delay (months)"),
        "education.intake_months" => Some("Intake period (months)"),
        "workforce.attrition_annual" => Some("Annual attrition"),
        "workforce.early_attrition" => Some("Early attrition (first 90 days)"),
        "workforce.other_hires_per_month" => Some("Other hires a month"),
        "workforce.shrinkage" => Some("Shrinkage"),
        "workforce.max_occupancy" => Some("Occupancy cap"),
        "workforce.hours_per_week" => Some("Contract hours a week"),
        "workforce.classroom_weeks" => Some("Classroom weeks"),
        "workforce.nesting_weeks" => Some("Nesting weeks"),
        "workforce.team_lead_span" => Some("Agents per team lead"),
        "workforce.shift_efficiency" => Some("Shift efficiency"),
        _ => None,
    };
    if let Some(k) = known {
        return k.to_string();
    }
    let line = |id: &str| {
        if id == "*" {
            "every line".to_string()
        } else {
            id.to_string()
        }
    };
    match parts.as_slice() {
        ["workforce", "language_mix", l] => format!("{} share of the intake", language_name(l)),
        ["workforce", "skill_mix", sk] => format!("Share of hires trained for {sk}"),
        ["workforce", "extra_hires_per_month", pool] => format!("Extra hires a month ({pool})"),
        ["workforce", "on_duty", sk] => format!("Agents on duty ({sk})"),
        ["workforce", "initial_headcount", sk] => format!("Initial headcount ({sk})"),
        ["workforce", "wage_usd_month", w] => {
            format!("Monthly wage, {} (USD)", w.replace('_', " "))
        }
        ["service_line", id, "price_usd_per_hour"] => {
            format!("Price of {} (USD an hour)", line(id))
        }
        ["service_line", id, "price_usd"] => format!("Price of {} (USD a task)", line(id)),
        ["service_line", id, "volume", "monthly_growth"] => {
            format!("Monthly demand growth of {}", line(id))
        }
        [
            "service_line",
            id,
            "handle_time",
            "mean_s" | "mean_min" | "mean_h",
        ] => {
            format!("Handle time of {}", line(id))
        }
        ["service_line", id, "volume", v] => {
            format!("Volume of {} ({})", line(id), v.replace('_', " "))
        }
        ["service_line", id, rest @ ..] => {
            format!(
                "{} of {}",
                capitalise(&rest.join(" ").replace('_', " ")),
                line(id)
            )
        }
        [.., last] => capitalise(&last.replace('_', " ")),
        [] => key.to_string(),
    }
}

/// Whether a `--set` path holds a share (0–1), shown as a percentage.
fn is_share(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    last.ends_with("_rate")
        || last.ends_with("_share")
        || matches!(
            last,
            "shrinkage"
                | "max_occupancy"
                | "attrition_annual"
                | "early_attrition"
                | "monthly_growth"
                | "shift_efficiency"
                | "service_level"
        )
        || key.contains(".language_mix.")
        || key.contains(".skill_mix.")
}

/// A value of a `--set` path for reading: shares as percentages ("25%"),
/// numbers with thousands separators ("16,000"), anything else as written.
pub fn input_value(key: &str, raw: &str) -> String {
    let Ok(x) = raw.trim().replace('_', "").parse::<f64>() else {
        return raw.to_string();
    };
    if !x.is_finite() {
        return raw.to_string();
    }
    if is_share(key) && x.abs() <= 1.0 {
        return percent(x);
    }
    let decimals = trim(x).split_once('.').map_or(0, |(_, f)| f.len());
    super::format::number(x, decimals)
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => "no pool".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// User text made safe to echo on a terminal: control characters (escape
/// sequences, carriage returns) are shown escaped, not obeyed.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A number without trailing zeros, as `--set` takes it.
fn trim(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_read_as_words() {
        assert_eq!(input_label("education.placement_rate"), "Placement rate");
        assert_eq!(
            input_label("service_line.voice.price_usd_per_hour"),
            "Price of voice (USD an hour)"
        );
        assert_eq!(
            input_label("service_line.*.volume.monthly_growth"),
            "Monthly demand growth of every line"
        );
        assert_eq!(
            input_label("workforce.language_mix.en"),
            "English share of the intake"
        );
        assert_eq!(
            input_label("workforce.on_duty.support"),
            "Agents on duty (support)"
        );
        assert_eq!(input_label("x.some_thing"), "Some thing");
        assert_eq!(input_value("education.placement_rate", "0.25"), "25%");
        assert_eq!(input_value("education.students", "16000"), "16,000");
        assert_eq!(
            input_value("service_line.voice.price_usd_per_hour", "8.5"),
            "8.5"
        );
        assert_eq!(
            input_value("service_line.voice.price_usd_per_hour", "-1234.5"),
            "-1,234.5"
        );
        assert_eq!(input_value("workforce.hiring", "to_need"), "to_need");
    }
}
