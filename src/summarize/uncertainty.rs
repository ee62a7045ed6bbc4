//! The uncertainty study's figures: each draw of the doubtful inputs reduced
//! to its outcome, and the outcomes of all draws to prediction bands, the
//! odds an analyst can quote, and each input's share of the variance.
//!
//! Draws share their random streams (draw d's replication r uses the streams
//! of the base run's replication r), so the outcomes differ only where the
//! inputs do: a band over draws measures the doubt in the inputs, and the
//! replication confidence intervals of the base run measure queueing noise.

use std::collections::HashMap;

use crate::model::tally::ReplicationResult;
use crate::results::{
    DrawOutcome, InputShare, LineOdds, MonthChance, PoolOdds, Quantiles, RunResult, ScopeKind,
    Sensitivity, ShortFromOdds, UncertainInputSummary, Uncertainty, YearChance,
};
use crate::scenario::plan::Plan;
use crate::scenario::uncertainty::InputDist;
use statrs::statistics::Distribution as _;

/// The `monthly.csv` rows that get prediction bands: capacity per pool and
/// for the plan, demand, service and revenue per line, and the workforce.
fn band_keys(plan: &Plan, months: &[String]) -> Vec<(String, ScopeKind, String, &'static str)> {
    const CAPACITY: [&str; 4] = [
        "required_on_floor",
        "available_on_floor",
        "shortfall",
        "surplus",
    ];
    const LINE: [&str; 3] = ["offered", "service_level", "revenue_usd"];
    const ALL: [&str; 7] = [
        "revenue_usd",
        "wage_bill_usd",
        "headcount",
        "hires",
        "graduates_placed",
        "attrition",
        "students_completed",
    ];
    let mut keys = Vec::new();
    for m in months {
        for p in &plan.pools {
            for metric in CAPACITY {
                keys.push((m.clone(), ScopeKind::Pool, p.id.clone(), metric));
            }
        }
        for metric in CAPACITY.iter().chain(&ALL) {
            keys.push((m.clone(), ScopeKind::All, "all".to_string(), *metric));
        }
        for l in &plan.lines {
            for metric in LINE {
                keys.push((m.clone(), ScopeKind::Line, l.id.clone(), metric));
            }
        }
    }
    keys
}

/// Bytes one draw's outcome takes, about (in memory and in shard files):
/// its banded monthly values dominate.
pub fn bytes_per_draw(plan: &Plan) -> f64 {
    let months = super::measured_months(plan).count();
    let keys = months * (plan.pools.len() * 4 + 11 + plan.lines.len() * 3);
    keys as f64 * 40.0 + 1_000.0
}

/// The years of the measured months, in order.
fn years(months: &[String]) -> Vec<String> {
    let mut years: Vec<String> = months.iter().map(|m| m[..4].to_string()).collect();
    years.dedup();
    years
}

/// What in a draw read from a shard does not have the shape the plan gives
/// it (a damaged or hand-edited file), if anything.
pub fn shape_problem(plan: &Plan, o: &DrawOutcome) -> Option<String> {
    let months: Vec<String> = super::measured_months(plan)
        .map(|m| plan.horizon.months[m].label.clone())
        .collect();
    let inputs = plan.uncertainty.as_ref().map_or(0, |u| u.inputs.len());
    let years = years(&months).len();
    let checks = [
        ("values", o.values.len() == inputs),
        (
            "pool_shortfall_end",
            o.pool_shortfall_end.len() == plan.pools.len(),
        ),
        ("service_level", o.service_level.len() == plan.lines.len()),
        (
            "service_level_by_year",
            o.service_level_by_year.len() == plan.lines.len()
                && o.service_level_by_year.iter().all(|y| y.len() == years),
        ),
        ("monthly", o.monthly.len() == band_keys(plan, &months).len()),
    ];
    checks
        .into_iter()
        .find(|(_, ok)| !ok)
        .map(|(field, _)| format!("`{field}` has the wrong shape"))
}

/// What draw `draw` (inputs `values`, plan `plan`, replications `reps`,
/// summarised as `result`) came to.
pub fn outcome(
    draw: u32,
    values: Vec<f64>,
    plan: &Plan,
    result: &RunResult,
    reps: &[ReplicationResult],
) -> DrawOutcome {
    let capacity = &result.staffing.plan;
    let rows: HashMap<(&str, ScopeKind, &str, &str), f64> = result
        .monthly
        .iter()
        .map(|r| {
            (
                (r.month.as_str(), r.scope_kind, r.scope.as_str(), r.metric),
                r.stat.mean,
            )
        })
        .collect();
    let monthly = band_keys(plan, &result.months)
        .iter()
        .map(|(m, kind, scope, metric)| {
            rows.get(&(m.as_str(), *kind, scope.as_str(), *metric))
                .copied()
        })
        .collect();
    let years = years(&result.months);
    let service_level_by_year = (0..plan.lines.len())
        .map(|l| {
            years
                .iter()
                .map(|year| {
                    let (mut within, mut offered) = (0u64, 0u64);
                    for (m, month) in plan.horizon.months.iter().enumerate() {
                        if month.end <= plan.warmup || !month.label.starts_with(year.as_str()) {
                            continue;
                        }
                        for r in reps {
                            within += r.lines[l][m].within_target;
                            offered += r.lines[l][m].offered;
                        }
                    }
                    (offered > 0).then(|| within as f64 / offered as f64)
                })
                .collect()
        })
        .collect();
    DrawOutcome {
        draw,
        values,
        short_from: capacity.short_from.clone(),
        peak_shortfall: capacity.peak_shortfall.mean,
        pool_shortfall_end: capacity
            .pools
            .iter()
            .map(|p| p.months.last().map_or(0.0, |m| m.shortfall.mean))
            .collect(),
        revenue_usd: result.summary.totals.revenue_usd.mean,
        wage_bill_usd: result.summary.totals.wage_bill_usd.mean,
        service_level: result
            .summary
            .lines
            .iter()
            .map(|l| l.service_level.map(|s| s.mean))
            .collect(),
        service_level_by_year,
        monthly,
    }
}

/// Quantile `p` of sorted values (linear interpolation between order
/// statistics, Hyndman–Fan type 7, the default of R and NumPy).
fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The prediction quantiles of `values` (`None` if there are none).
pub fn quantiles(values: impl IntoIterator<Item = f64>) -> Option<Quantiles> {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let q = |p| {
        let x = quantile_sorted(&v, p);
        if x == 0.0 { 0.0 } else { x }
    };
    Some(Quantiles {
        p2_5: q(0.025),
        p10: q(0.1),
        p25: q(0.25),
        p50: q(0.5),
        p75: q(0.75),
        p90: q(0.9),
        p97_5: q(0.975),
    })
}

/// Ranks from 1, ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// `values` centred and scaled to unit variance (`None` if constant).
fn standardised(values: &[f64]) -> Option<Vec<f64>> {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    (sd > 1e-12 * mean.abs().max(1.0)).then(|| values.iter().map(|x| (x - mean) / sd).collect())
}

/// Solves `a x = b` for a small symmetric positive definite `a` (Cholesky);
/// `None` if `a` is singular.
fn solve_spd(a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let k = b.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = a[i][j] - (0..j).map(|m| l[i][m] * l[j][m]).sum::<f64>();
            if i == j {
                if s <= 1e-10 * a[i][i].max(1.0) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    let mut y = vec![0.0; k];
    for i in 0..k {
        y[i] = (b[i] - (0..i).map(|m| l[i][m] * y[m]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; k];
    for i in (0..k).rev() {
        x[i] = (y[i] - (i + 1..k).map(|m| l[m][i] * x[m]).sum::<f64>()) / l[i][i];
    }
    Some(x)
}

/// Standardised rank regression of `output` on the inputs: each input's
/// share of the variance of the output's ranks is its squared coefficient
/// (the inputs of a Latin hypercube are nearly uncorrelated, so the shares
/// add up to about R²).
fn rank_regression(
    name: &str,
    keys: &[String],
    inputs: &[Vec<f64>],
    output: &[f64],
) -> Sensitivity {
    let method = "standardised rank regression over the draws (squared coefficients, scaled to add up to R²)".to_string();
    let none = |note: String| Sensitivity {
        output: name.to_string(),
        method: method.clone(),
        r_squared: None,
        shares: Vec::new(),
        note: Some(note),
    };
    let n = output.len();
    let Some(y) = standardised(&ranks(output)) else {
        return none(format!("the {name} is the same in every draw"));
    };
    // Inputs that do not vary explain nothing and are left out of the fit.
    let columns: Vec<(usize, Vec<f64>)> = inputs
        .iter()
        .enumerate()
        .filter_map(|(j, x)| standardised(&ranks(x)).map(|z| (j, z)))
        .collect();
    if n < columns.len() + 3 {
        return none(format!(
            "{n} draws are too few to rank {} varying inputs: use at least {}",
            columns.len(),
            columns.len() + 3
        ));
    }
    let k = columns.len();
    let gram: Vec<Vec<f64>> = (0..k)
        .map(|a| {
            (0..k)
                .map(|b| {
                    columns[a]
                        .1
                        .iter()
                        .zip(&columns[b].1)
                        .map(|(p, q)| p * q)
                        .sum::<f64>()
                })
                .collect()
        })
        .collect();
    let xty: Vec<f64> = columns
        .iter()
        .map(|(_, z)| z.iter().zip(&y).map(|(p, q)| p * q).sum())
        .collect();
    let Some(beta) = solve_spd(&gram, &xty) else {
        return none("the drawn inputs are collinear".to_string());
    };
    let r_squared =
        (beta.iter().zip(&xty).map(|(b, c)| b * c).sum::<f64>() / n as f64).clamp(0.0, 1.0);
    // Squared coefficients, scaled to add up to R²: with few draws the
    // drawn inputs are a little correlated and the raw squares can add up
    // to more than the variance explained.
    let squares: f64 = beta.iter().map(|b| b * b).sum();
    let scale = if squares > 0.0 {
        r_squared / squares
    } else {
        0.0
    };
    let mut shares: Vec<InputShare> = keys
        .iter()
        .enumerate()
        .map(|(j, key)| {
            let coefficient = columns
                .iter()
                .position(|(c, _)| *c == j)
                .map_or(0.0, |i| beta[i]);
            InputShare {
                key: key.clone(),
                share: coefficient * coefficient * scale,
                coefficient,
            }
        })
        .collect();
    shares.sort_by(|a, b| b.share.total_cmp(&a.share).then_with(|| a.key.cmp(&b.key)));
    Sensitivity {
        output: name.to_string(),
        method,
        r_squared: Some(r_squared),
        shares,
        note: None,
    }
}

/// A distribution in words.
fn describe(d: &InputDist) -> String {
    let (lo, hi) = d.support();
    let range = |lo: f64, hi: f64| {
        let end = |x: f64| {
            if x.is_finite() {
                format!("{x}")
            } else {
                "∞".to_string()
            }
        };
        format!("{}–{}", end(lo), end(hi))
    };
    match d {
        InputDist::Uniform { .. } => format!("uniform {}", range(lo, hi)),
        InputDist::Triangular { mode, .. } => format!("triangular {}, mode {mode}", range(lo, hi)),
        InputDist::Pert { min, max, beta } => {
            let mode = min
                + (max - min) * (beta.shape_a() - 1.0)
                    / (beta.shape_a() + beta.shape_b() - 2.0).max(f64::MIN_POSITIVE);
            format!(
                "PERT {}, mode {}",
                range(lo, hi),
                (mode * 1e9).round() / 1e9
            )
        }
        InputDist::Normal { normal, .. } => format!(
            "normal, mean {} sd {}, within {}",
            normal.mean().unwrap_or(f64::NAN),
            normal.std_dev().unwrap_or(f64::NAN),
            range(lo, hi)
        ),
        InputDist::LogNormal { .. } => format!("lognormal within {}", range(lo, hi)),
        InputDist::Discrete { values, .. } => format!(
            "one of {}",
            values
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Adds the uncertainty study of `outcomes` (in draw order) to the base
/// run's `result`: prediction bands on its monthly rows, the odds, the
/// sensitivity of the headline.
pub fn attach(plan: &Plan, result: &mut RunResult, outcomes: Vec<DrawOutcome>) {
    let Some(study) = &plan.uncertainty else {
        return;
    };
    if outcomes.is_empty() {
        return;
    }
    let n = outcomes.len() as f64;
    let share = |count: usize| count as f64 / n;
    let months = result.months.clone();
    // Bands on monthly rows.
    let keys = band_keys(plan, &months);
    let index: HashMap<(&str, ScopeKind, &str, &str), usize> = keys
        .iter()
        .enumerate()
        .map(|(i, (m, kind, scope, metric))| ((m.as_str(), *kind, scope.as_str(), *metric), i))
        .collect();
    for row in &mut result.monthly {
        if let Some(&i) = index.get(&(
            row.month.as_str(),
            row.scope_kind,
            row.scope.as_str(),
            row.metric,
        )) {
            row.prediction = quantiles(
                outcomes
                    .iter()
                    .filter_map(|o| o.monthly.get(i).copied().flatten()),
            );
        }
    }
    // When the shortfall starts.
    let month_index = |m: &Option<String>| {
        m.as_ref()
            .and_then(|m| months.iter().position(|x| x == m))
            .unwrap_or(months.len())
    };
    let mut first: Vec<usize> = outcomes
        .iter()
        .map(|o| month_index(&o.short_from))
        .collect();
    first.sort_unstable();
    let at_quantile = |p: f64| {
        let k = ((p * n).ceil() as usize).clamp(1, first.len()) - 1;
        months.get(first[k]).cloned()
    };
    let by_month = months
        .iter()
        .enumerate()
        .map(|(m, label)| MonthChance {
            month: label.clone(),
            p_first_short: share(first.iter().filter(|&&f| f == m).count()),
            p_short_by: share(first.iter().filter(|&&f| f <= m).count()),
        })
        .collect();
    let short_from = ShortFromOdds {
        p_never_short: share(first.iter().filter(|&&f| f == months.len()).count()),
        p10: at_quantile(0.1),
        p50: at_quantile(0.5),
        p90: at_quantile(0.9),
        by_month,
    };
    let pools = result
        .staffing
        .plan
        .pools
        .iter()
        .enumerate()
        .map(|(i, p)| PoolOdds {
            id: p.id.clone(),
            p_ever_short: share(
                keys.iter()
                    .enumerate()
                    .filter(|(_, k)| k.1 == ScopeKind::Pool && k.2 == p.id && k.3 == "shortfall")
                    .map(|(j, _)| j)
                    .fold(vec![false; outcomes.len()], |mut short, j| {
                        for (s, o) in short.iter_mut().zip(&outcomes) {
                            *s |= o
                                .monthly
                                .get(j)
                                .copied()
                                .flatten()
                                .is_some_and(|x| x >= crate::summarize::capacity::SHORT);
                        }
                        short
                    })
                    .iter()
                    .filter(|&&s| s)
                    .count(),
            ),
            shortfall_end: quantiles(
                outcomes
                    .iter()
                    .map(|o| o.pool_shortfall_end.get(i).copied().unwrap_or(f64::NAN)),
            )
            .unwrap_or_else(zero_band),
        })
        .collect();
    let years = years(&months);
    let targets: Vec<f64> = result
        .summary
        .lines
        .iter()
        .map(|l| l.target.service_level)
        .collect();
    let lines = plan
        .lines
        .iter()
        .enumerate()
        .map(|(l, lp)| LineOdds {
            id: lp.id.clone(),
            target: targets[l],
            service_level: quantiles(outcomes.iter().filter_map(|o| o.service_level[l]))
                .unwrap_or_else(zero_band),
            years: years
                .iter()
                .enumerate()
                .map(|(y, year)| YearChance {
                    year: year.clone(),
                    p_meets_target: share(
                        outcomes
                            .iter()
                            .filter(|o| {
                                o.service_level_by_year[l][y].is_some_and(|s| s >= targets[l])
                            })
                            .count(),
                    ),
                })
                .collect(),
        })
        .collect();
    let keys_in: Vec<String> = study.inputs.iter().map(|i| i.key.clone()).collect();
    let columns: Vec<Vec<f64>> = (0..study.inputs.len())
        .map(|j| outcomes.iter().map(|o| o.values[j]).collect())
        .collect();
    let sensitivity = vec![
        rank_regression(
            "peak shortfall",
            &keys_in,
            &columns,
            &outcomes
                .iter()
                .map(|o| o.peak_shortfall)
                .collect::<Vec<_>>(),
        ),
        rank_regression(
            "revenue",
            &keys_in,
            &columns,
            &outcomes.iter().map(|o| o.revenue_usd).collect::<Vec<_>>(),
        ),
    ];
    let band =
        |f: fn(&DrawOutcome) -> f64| quantiles(outcomes.iter().map(f)).unwrap_or_else(zero_band);
    let uncertainty = Uncertainty {
        method: format!(
            "{} draws of {} uncertain inputs by Latin hypercube sampling, {} replication{} each, \
             with the base run's random streams (common random numbers); bands are quantiles over the draws",
            outcomes.len(),
            study.inputs.len(),
            study.replications_per_draw,
            if study.replications_per_draw == 1 {
                ""
            } else {
                "s"
            }
        ),
        draws: outcomes.len() as u32,
        replications_per_draw: study.replications_per_draw,
        inputs: study
            .inputs
            .iter()
            .zip(&columns)
            .map(|(i, c)| UncertainInputSummary {
                key: i.key.clone(),
                relative: i.relative,
                distribution: if i.relative {
                    format!("factor on the values as written: {}", describe(&i.dist))
                } else {
                    describe(&i.dist)
                },
                drawn_range: [
                    c.iter().copied().fold(f64::INFINITY, f64::min),
                    c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                ],
            })
            .collect(),
        peak_shortfall: band(|o| o.peak_shortfall),
        revenue_usd: band(|o| o.revenue_usd),
        wage_bill_usd: band(|o| o.wage_bill_usd),
        short_from,
        pools,
        lines,
        sensitivity,
        outcomes,
    };
    result.summary.uncertainty = Some(uncertainty);
}

fn zero_band() -> Quantiles {
    Quantiles {
        p2_5: 0.0,
        p10: 0.0,
        p25: 0.0,
        p50: 0.0,
        p75: 0.0,
        p90: 0.0,
        p97_5: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_r_type_7() {
        // R: quantile(1:10, c(.025, .1, .25, .5, .75, .9, .975))
        let q = quantiles((1..=10).map(f64::from)).unwrap();
        assert_eq!(q.values(), [1.225, 1.9, 3.25, 5.5, 7.75, 9.1, 9.775]);
        assert_eq!(quantiles([3.0]).unwrap().values(), [3.0; 7]);
        assert!(quantiles([f64::NAN]).is_none());
    }

    #[test]
    fn ties_share_their_mean_rank() {
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 5.0]), [2.5, 4.0, 2.5, 1.0]);
    }

    #[test]
    fn rank_regression_finds_the_inputs_that_matter() {
        // y = 3 a + b, c unused: a explains about 90% of the variance, b 10%, c none.
        let n = 400;
        let a: Vec<f64> = (0..n).map(|i| ((i * 37) % n) as f64 / n as f64).collect();
        let b: Vec<f64> = (0..n).map(|i| ((i * 91) % n) as f64 / n as f64).collect();
        let c: Vec<f64> = (0..n)
            .map(|i| ((i * 53 + 7) % n) as f64 / n as f64)
            .collect();
        let y: Vec<f64> = (0..n).map(|i| 3.0 * a[i] + b[i]).collect();
        let keys = ["a", "b", "c"].map(String::from).to_vec();
        let s = rank_regression("y", &keys, &[a, b, c], &y);
        let share = |k: &str| s.shares.iter().find(|x| x.key == k).unwrap().share;
        assert!((share("a") - 0.9).abs() < 0.05, "{s:?}");
        assert!((share("b") - 0.1).abs() < 0.05, "{s:?}");
        assert!(share("c") < 0.01, "{s:?}");
        assert!(s.r_squared.unwrap() > 0.95);
        let total: f64 = s.shares.iter().map(|x| x.share).sum();
        assert!(
            (total - s.r_squared.unwrap()).abs() < 1e-9,
            "shares add up to R²"
        );
        // A constant output has no shares, and says why.
        let flat = rank_regression("y", &keys[..1], &[vec![1.0, 2.0, 3.0, 4.0, 5.0]], &[7.0; 5]);
        assert!(flat.r_squared.is_none() && flat.note.is_some());
    }
}
