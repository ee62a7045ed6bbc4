//! What closes the shortfall, found by simulation: for each lever, the
//! smallest setting with which no pool is short in any month.
//!
//! People on the floor come from the workforce pipeline alone (hires,
//! training, attrition), which does not depend on the queues, so a candidate
//! setting is judged by drawing the pipeline's timelines with the same
//! random streams as the run (common random numbers): the same people
//! counts that `bposim run --set KEY=VALUE` would report. Each lever is
//! searched by bisection on a few replications, then confirmed on all of
//! the scenario's replications (stepping up until it holds); where even the
//! lever's largest sensible value leaves a pool short, the lever is
//! reported as unable to close it, with the reason.
//!
//! A pool counts as short in a month when on average at least half a person
//! is missing, as in the run's capacity plan. Months before a lever can put
//! anyone on the floor (hiring lead time; for the education levers the
//! programme and placement delay too) are not held against it.

use rayon::prelude::*;

use crate::engine::time::Tick;
use crate::model::pipeline::{Timeline, hiring_need, timeline_with_need};
use crate::scenario::plan::{EducationPlan, Hiring, Plan};

/// Replications used while searching (the confirmation uses all).
const SEARCH_REPLICATIONS: u32 = 6;
/// Half a person missing on average makes a pool short.
const SHORT: f64 = 0.5;

/// One `--set` change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The `--set` path.
    pub key: String,
    /// The scenario's value.
    pub from: f64,
    /// The value found.
    pub to: f64,
}

/// A lever and what it takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The lever in words.
    pub lever: String,
    /// The changes (empty: it cannot close the shortfall).
    pub changes: Vec<Change>,
    /// True if the confirming run has no pool short.
    pub closes: bool,
    /// The confirming run's peak total shortfall (the largest monthly sum
    /// of the pools' shortfalls, from the means), people.
    pub confirmed_peak: Option<f64>,
    /// Why it cannot, or what else it takes.
    pub note: String,
}

/// How a candidate plan fares.
struct Judgement {
    /// Pools short in some judged month.
    short_pools: Vec<usize>,
    /// Peak total shortfall per replication over the judged months.
    peak: f64,
}

impl Judgement {
    fn closes(&self) -> bool {
        self.short_pools.is_empty()
    }

    fn covers(&self, pool: usize) -> bool {
        !self.short_pools.contains(&pool)
    }
}

/// The search's fixed inputs.
struct Search<'a> {
    base: &'a Plan,
    /// People on the floor each pool requires, `[pool][month]`.
    required: &'a [Vec<f64>],
    /// What hiring to need forecasts, `[pool][month]` (empty under
    /// `fixed_mix`): computed once, since no lever changes the demand.
    hiring_need: &'a [Vec<f64>],
    /// First measured month (after warm-up).
    first_month: usize,
}

impl Search<'_> {
    /// Draws the timelines of `plan` and judges months `from..`.
    fn judge(&self, plan: &Plan, replications: u32, from: usize) -> Judgement {
        let Some(pipeline) = &plan.workforce.pipeline else {
            return Judgement {
                short_pools: Vec::new(),
                peak: 0.0,
            };
        };
        let need = self.hiring_need;
        let timelines: Vec<Timeline> = (0..replications)
            .into_par_iter()
            .map(|r| timeline_with_need(plan, pipeline, r, need))
            .collect();
        let months = plan.horizon.months.len();
        let from = from.max(self.first_month);
        let n = f64::from(replications.max(1));
        // Mean gap (required − available) of each pool and month, as the
        // run's capacity plan computes it.
        let mean_gap = |p: usize, m: usize| {
            timelines
                .iter()
                .map(|t| self.required[p][m] - f64::from(t.on_floor[p][m]))
                .sum::<f64>()
                / n
        };
        let short_pools = (0..self.required.len())
            .filter(|&p| (from..months).any(|m| mean_gap(p, m) >= SHORT))
            .collect();
        let peak = (from..months)
            .map(|m| {
                (0..self.required.len())
                    .map(|p| mean_gap(p, m).max(0.0))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max);
        Judgement { short_pools, peak }
    }

    /// The smallest value in `[low, high]` (a multiple of `step` above
    /// `low`) whose plan passes `ok`, confirmed on all replications; `Err`
    /// with the judgement at `high` when even that does not pass.
    fn smallest(
        &self,
        low: f64,
        high: f64,
        step: f64,
        from: usize,
        apply: &dyn Fn(&mut Plan, f64),
        ok: &dyn Fn(&Judgement) -> bool,
    ) -> Result<(f64, Judgement), Judgement> {
        let plan_at = |v: f64| {
            let mut plan = self.base.clone();
            apply(&mut plan, v);
            plan
        };
        let search = SEARCH_REPLICATIONS.min(self.base.replications);
        let at_high = self.judge(&plan_at(high), search, from);
        if !ok(&at_high) {
            return Err(at_high);
        }
        let on_grid = |v: f64| low + ((v - low) / step).ceil() * step;
        let (mut lo, mut hi) = (low, high);
        while hi - lo > step {
            let mid = on_grid((lo + hi) / 2.0);
            if mid <= lo || mid >= hi {
                break;
            }
            if ok(&self.judge(&plan_at(mid), search, from)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        // Confirm on every replication, stepping up until it holds.
        let mut value = hi;
        loop {
            let confirmed = self.judge(&plan_at(value), self.base.replications, from);
            if ok(&confirmed) {
                return Ok((value, confirmed));
            }
            if value >= high {
                return Err(confirmed);
            }
            value = on_grid(value + step.max((value - low) * 0.05)).min(high);
        }
    }

    fn pool_names(&self, pools: &[usize]) -> String {
        pools
            .iter()
            .map(|&p| self.base.pools[p].id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The month index in which someone hired at the horizon's start is first
/// on the floor after `delay` (classroom and nesting, plus any education time).
fn reachable_from(plan: &Plan, delay: Tick) -> usize {
    let first = plan.horizon.months.first().map_or(0, |m| m.start);
    (plan.horizon.month_of(first + delay) + 1).min(plan.horizon.months.len())
}

/// Searches every lever of a pipeline plan. `required[pool][month]` are the
/// people on the floor the run's capacity plan requires.
pub fn what_closes_it(plan: &Plan, required: &[Vec<f64>]) -> Vec<Found> {
    let Some(pipeline) = &plan.workforce.pipeline else {
        return Vec::new();
    };
    let first_month = plan
        .horizon
        .months
        .iter()
        .position(|m| m.end > plan.warmup)
        .unwrap_or(0);
    let need = match pipeline.hiring {
        Hiring::ToNeed => hiring_need(plan),
        Hiring::FixedMix => Vec::new(),
    };
    let search = Search {
        base: plan,
        required,
        hiring_need: &need,
        first_month,
    };
    let hire_from = reachable_from(plan, pipeline.classroom + pipeline.nesting);
    let now = search.judge(plan, plan.replications, first_month);
    if now.closes() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let later = search.judge(plan, plan.replications, hire_from);
    let before: Vec<usize> = now
        .short_pools
        .iter()
        .copied()
        .filter(|&p| later.covers(p))
        .collect();
    if !before.is_empty() {
        found.push(cannot(
            "hiring",
            &format!(
                "{} short only before any new hire can reach the floor: raise initial_headcount",
                search.pool_names(&before)
            ),
        ));
    }
    found.extend(placement_rate(&search));
    found.extend(students(&search));
    found.push(extra_hires(&search, hire_from));
    found.push(language_shares(&search, hire_from));
    found
}

/// When the first graduates can be on the floor (relative to the horizon).
fn graduates_from(plan: &Plan) -> usize {
    let (Some(pipeline), Some(ed)) = (&plan.workforce.pipeline, education(plan)) else {
        return 0;
    };
    let first_placement =
        ed.intake_start + i64::from(ed.programme_months) + i64::from(ed.placement_delay_months);
    let lead = reachable_from(plan, pipeline.classroom + pipeline.nesting);
    (first_placement.max(0) as usize + lead).min(plan.horizon.months.len())
}

fn education(plan: &Plan) -> Option<&EducationPlan> {
    plan.workforce.pipeline.as_ref()?.education.as_ref()
}

fn education_mut(plan: &mut Plan) -> Option<&mut EducationPlan> {
    plan.workforce.pipeline.as_mut()?.education.as_mut()
}

fn placement_rate(search: &Search<'_>) -> Option<Found> {
    let ed = education(search.base)?;
    let from = graduates_from(search.base);
    let current = ed.placement_rate;
    let result = search.smallest(
        current,
        1.0,
        0.001,
        from,
        &|plan, v| {
            if let Some(ed) = education_mut(plan) {
                ed.placement_rate = v;
            }
        },
        &Judgement::closes,
    );
    Some(match result {
        Ok((v, judged)) => Found {
            lever: "placement rate".into(),
            changes: vec![Change {
                key: "education.placement_rate".into(),
                from: current,
                to: v,
            }],
            closes: judged.closes(),
            confirmed_peak: Some(judged.peak),
            note: String::new(),
        },
        Err(judged) => Found {
            lever: "placement rate".into(),
            changes: Vec::new(),
            closes: false,
            confirmed_peak: Some(judged.peak),
            note: format!(
                "even placing every job-track completer leaves {} short: the centres' graduates \
                 are too few, or speak the wrong languages",
                search.pool_names(&judged.short_pools)
            ),
        },
    })
}

fn students(search: &Search<'_>) -> Option<Found> {
    let ed = education(search.base)?;
    let from = graduates_from(search.base);
    let current = ed.students as f64;
    let per_mentor = ed.max_students_per_mentor;
    let programme = f64::from(ed.programme_months);
    let intake = f64::from(ed.intake_months.max(1));
    // Mentors only where their seats would bind: concurrent students at an
    // even intake are students ÷ intake months × programme months.
    let mentors_for = |students: f64, mentors: u64| {
        let concurrent = students / intake * programme.min(intake);
        let needed = (concurrent / per_mentor).ceil() as u64;
        needed.max(mentors)
    };
    let mentors_now = ed.mentors;
    let apply = move |plan: &mut Plan, v: f64| {
        if let Some(ed) = education_mut(plan) {
            ed.students = v as u64;
            ed.mentors = mentors_for(v, mentors_now);
        }
    };
    let high = (current * 20.0).max(10_000.0);
    let result = search.smallest(current, high, 100.0, from, &apply, &Judgement::closes);
    Some(match result {
        Ok((v, judged)) => {
            let mut changes = vec![Change {
                key: "education.students".into(),
                from: current,
                to: v,
            }];
            let mentors = mentors_for(v, mentors_now);
            if mentors > mentors_now {
                changes.push(Change {
                    key: "education.mentors".into(),
                    from: mentors_now as f64,
                    to: mentors as f64,
                });
            }
            Found {
                lever: "students enrolled".into(),
                changes,
                closes: judged.closes(),
                confirmed_peak: Some(judged.peak),
                note: if mentors > mentors_now {
                    "mentor seats would bind: more mentors with them".into()
                } else {
                    "the planned mentors have seats for them".into()
                },
            }
        }
        Err(judged) => Found {
            lever: "students enrolled".into(),
            changes: Vec::new(),
            closes: false,
            confirmed_peak: Some(judged.peak),
            note: format!(
                "even {} students leave {} short: the intake's languages or the placement rate limit it",
                high,
                search.pool_names(&judged.short_pools)
            ),
        },
    })
}

/// Extra hires per month into each short pool, pool by pool (a few rounds,
/// since under `to_need` the regular hires move to where they are needed).
fn extra_hires(search: &Search<'_>, from: usize) -> Found {
    let plan = search.base;
    let Some(pipeline) = &plan.workforce.pipeline else {
        return cannot("extra hires per pool", "not a pipeline plan");
    };
    let mut extra = pipeline.extra_hires_per_month.clone();
    let set = |plan: &mut Plan, extra: &[f64]| {
        if let Some(p) = plan.workforce.pipeline.as_mut() {
            p.extra_hires_per_month = extra.to_vec();
        }
    };
    for _ in 0..4 {
        let mut base = plan.clone();
        set(&mut base, &extra);
        let judged = search.judge(&base, plan.replications, from);
        if judged.closes() {
            break;
        }
        for &pool in &judged.short_pools {
            let others = extra.clone();
            let sub = Search {
                base: &base,
                required: search.required,
                hiring_need: search.hiring_need,
                first_month: search.first_month,
            };
            let apply = |p: &mut Plan, v: f64| {
                let mut e = others.clone();
                e[pool] = v;
                set(p, &e);
            };
            let high = 1000.0;
            extra[pool] = match sub.smallest(others[pool].floor(), high, 1.0, from, &apply, &|j| {
                j.covers(pool)
            }) {
                Ok((v, _)) => v,
                Err(_) => high,
            };
        }
    }
    let mut confirmed_plan = plan.clone();
    set(&mut confirmed_plan, &extra);
    let judged = search.judge(&confirmed_plan, plan.replications, from);
    if !judged.closes() {
        return Found {
            lever: "extra hires per pool".into(),
            changes: Vec::new(),
            closes: false,
            confirmed_peak: Some(judged.peak),
            note: format!(
                "{} stay short even with up to 1,000 extra hires a month",
                search.pool_names(&judged.short_pools)
            ),
        };
    }
    let changes = plan
        .pools
        .iter()
        .enumerate()
        .filter(|(p, _)| extra[*p] > pipeline.extra_hires_per_month[*p])
        .map(|(p, pool)| Change {
            key: format!("workforce.extra_hires_per_month.{}", pool.id),
            from: pipeline.extra_hires_per_month[p],
            to: extra[p],
        })
        .collect();
    Found {
        lever: "extra hires per pool (a month, from the start)".into(),
        changes,
        closes: true,
        confirmed_peak: Some(judged.peak),
        note: String::new(),
    }
}

/// The share of one language in the intake (the others scaled down).
fn language_shares(search: &Search<'_>, from: usize) -> Found {
    let plan = search.base;
    let lever = "the intake's language shares";
    let Some(pipeline) = &plan.workforce.pipeline else {
        return cannot(lever, "not a pipeline plan");
    };
    if pipeline.language_mix.len() < 2 {
        return cannot(lever, "the lines need only one language");
    }
    let now = search.judge(plan, plan.replications, from);
    let languages: Vec<usize> = now
        .short_pools
        .iter()
        .filter_map(|&p| plan.pools[p].language)
        .fold(Vec::new(), |mut v, l| {
            if !v.contains(&l) {
                v.push(l);
            }
            v
        });
    if languages.len() != 1 {
        return cannot(
            lever,
            &if languages.is_empty() {
                "the short pools take any language".to_string()
            } else {
                format!(
                    "pools of {} languages are short at once: one share cannot rise without starving another",
                    languages.len()
                )
            },
        );
    }
    let language = languages[0];
    let mix = pipeline.language_mix.clone();
    let reshare = move |v: f64| {
        let others: f64 = mix
            .iter()
            .enumerate()
            .filter(|(l, _)| *l != language)
            .map(|(_, x)| x)
            .sum();
        let mut new: Vec<f64> = mix
            .iter()
            .enumerate()
            .map(|(l, &x)| {
                if l == language {
                    v
                } else if others > 0.0 {
                    round3(x / others * (1.0 - v))
                } else {
                    0.0
                }
            })
            .collect();
        // Rounded shares still sum to one: the largest other takes the rest.
        if let Some(largest) = (0..new.len())
            .filter(|&l| l != language)
            .max_by(|&a, &b| new[a].total_cmp(&new[b]))
        {
            let rest: f64 = new.iter().sum::<f64>() - new[largest];
            new[largest] = round3(1.0 - rest).max(0.0);
        }
        new
    };
    let current = pipeline.language_mix[language];
    let apply = {
        let reshare = reshare.clone();
        move |plan: &mut Plan, v: f64| {
            if let Some(p) = plan.workforce.pipeline.as_mut() {
                p.language_mix = reshare(v);
            }
        }
    };
    // Keep every language with lines in the intake (a zero share is refused).
    let high = 0.98;
    let own: Vec<usize> = (0..plan.pools.len())
        .filter(|&p| plan.pools[p].language == Some(language))
        .collect();
    let name = &plan.languages[language];
    let covers_own = |j: &Judgement| own.iter().all(|&p| j.covers(p));
    match search.smallest(current, high, 0.001, from, &apply, &covers_own) {
        Ok((v, judged)) if judged.closes() => {
            let new = reshare(v);
            let changes = plan
                .languages
                .iter()
                .enumerate()
                .filter(|(l, _)| (new[*l] - mix_at(pipeline, *l)).abs() > 1e-9)
                .map(|(l, name)| Change {
                    key: format!("workforce.language_mix.{name}"),
                    from: mix_at(pipeline, l),
                    to: new[l],
                })
                .collect();
            Found {
                lever: lever.into(),
                changes,
                closes: true,
                confirmed_peak: Some(judged.peak),
                note: "the other languages scaled down in proportion".into(),
            }
        }
        Ok((v, judged)) => Found {
            lever: lever.into(),
            changes: Vec::new(),
            closes: false,
            confirmed_peak: Some(judged.peak),
            note: format!(
                "{:.1}% {name} would cover the {name} pools but leave {} short: \
                 the intake is too small for every language",
                v * 100.0,
                search.pool_names(&judged.short_pools)
            ),
        },
        Err(judged) => Found {
            lever: lever.into(),
            changes: Vec::new(),
            closes: false,
            confirmed_peak: Some(judged.peak),
            note: format!(
                "even {:.0}% {name} leaves {} short: the intake is too small",
                high * 100.0,
                search.pool_names(&judged.short_pools)
            ),
        },
    }
}

fn mix_at(pipeline: &crate::scenario::plan::PipelinePlan, l: usize) -> f64 {
    pipeline.language_mix.get(l).copied().unwrap_or(0.0)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn cannot(lever: &str, why: &str) -> Found {
    Found {
        lever: lever.into(),
        changes: Vec::new(),
        closes: false,
        confirmed_peak: None,
        note: why.into(),
    }
}
