//! The CSV files, written through the `csv` crate (quoting is its job):
//! `monthly.csv` in tidy long format, `staffing.csv` (interval requirements)
//! and `compare.csv` / `sweep.csv` (study rows).
//!
//! Numbers are rounded to what they can mean: shares to 4 decimals, money to
//! cents, seconds and counts to 0.1. Every quantity is non-negative, so
//! interval bounds are kept at or above 0 (and shares at or below 1): the t
//! interval itself knows no bounds. Docs: `docs/outputs.md`.

use std::borrow::Cow;

use crate::results::{
    IndicatorYear, MonthlyRow, QUANTILE_COLUMNS, RunResult, Stat, StudyRow, Summary, Uncertainty,
};

/// Writes a header and rows of already formatted fields. In memory only an
/// internal inconsistency (rows of another length) can fail.
fn table<'a, R, F>(header: &[&str], rows: R) -> Result<Vec<u8>, csv::Error>
where
    R: IntoIterator<Item = F>,
    F: IntoIterator<Item = Cow<'a, str>>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.into_iter().map(|f| defused(&f)))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab
/// or carriage return first) gets a leading `'`; numbers stay numbers.
fn defused(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// How a metric is written: decimals and whether it is a share (0–1).
fn precision(metric: &str) -> (usize, bool) {
    let base = metric.split('.').next().unwrap_or(metric);
    match base {
        "service_level" | "p_wait" | "abandon_rate" | "occupancy" | "mentor_utilisation" => {
            (4, true)
        }
        _ if base.contains("_usd") => (2, false),
        _ => (1, false),
    }
}

/// `x` rounded to `decimals`, never a negative zero.
fn number(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// A statistic of a non-negative metric: mean and bounds, rounded, bounds
/// kept within what the metric can be.
fn stat_fields(metric: &str, stat: &Stat) -> [Cow<'static, str>; 3] {
    let (decimals, share) = precision(metric);
    let high = if share { 1.0 } else { f64::INFINITY };
    let bound = |x: f64| number(x.clamp(0.0, high), decimals).into();
    [
        number(stat.mean, decimals).into(),
        bound(stat.ci95[0]),
        bound(stat.ci95[1]),
    ]
}

/// `monthly.csv`: `month,scope,metric,mean,ci95_low,ci95_high,scope_kind`,
/// and in an uncertainty study the prediction band of each row over the
/// input draws (`pred_p2_5` … `pred_p97_5`; empty where a row has none).
pub fn monthly(rows: &[MonthlyRow]) -> Result<Vec<u8>, csv::Error> {
    let bands = rows.iter().any(|r| r.prediction.is_some());
    let mut header = vec![
        "month",
        "scope",
        "metric",
        "mean",
        "ci95_low",
        "ci95_high",
        "scope_kind",
    ];
    if bands {
        header.extend(QUANTILE_COLUMNS);
    }
    table(
        &header,
        rows.iter().map(|r| {
            let [mean, low, high] = stat_fields(r.metric, &r.stat);
            let mut fields = vec![
                r.month.as_str().into(),
                r.scope.as_str().into(),
                r.metric.into(),
                mean,
                low,
                high,
                r.scope_kind.name().into(),
            ];
            if bands {
                match &r.prediction {
                    Some(q) => fields.extend(q.values().map(|x| value(r.metric, x))),
                    None => fields.extend(std::iter::repeat_n(Cow::Borrowed(""), 7)),
                }
            }
            fields
        }),
    )
}

/// A value of `metric`, rounded as its column is.
fn value(metric: &str, x: f64) -> Cow<'static, str> {
    number(x, precision(metric).0).into()
}

/// `uncertainty.csv`: one row per input draw: the drawn inputs, then the
/// headline outputs (first short month, peak shortfall, each pool's
/// shortfall at the end, revenue, wage bill, each line's service level).
pub fn uncertainty(u: &Uncertainty, summary: &Summary) -> Result<Vec<u8>, csv::Error> {
    let mut header: Vec<String> = vec!["draw".into()];
    header.extend(u.inputs.iter().map(|i| i.key.clone()));
    header.extend(["short_from", "peak_shortfall"].map(String::from));
    header.extend(u.pools.iter().map(|p| format!("shortfall_end.{}", p.id)));
    header.extend(["revenue_usd", "wage_bill_usd"].map(String::from));
    header.extend(
        summary
            .lines
            .iter()
            .map(|l| format!("service_level.{}", l.id)),
    );
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    table(
        &header,
        u.outcomes.iter().map(|o| {
            let mut fields: Vec<Cow<'_, str>> = vec![o.draw.to_string().into()];
            fields.extend(o.values.iter().map(|x| Cow::from(format!("{x}"))));
            fields.push(o.short_from.as_deref().unwrap_or("").into());
            fields.push(value("peak_shortfall", o.peak_shortfall));
            fields.extend(o.pool_shortfall_end.iter().map(|&x| value("shortfall", x)));
            fields.push(value("revenue_usd", o.revenue_usd));
            fields.push(value("wage_bill_usd", o.wage_bill_usd));
            fields.extend(
                o.service_level
                    .iter()
                    .map(|s| s.map_or(Cow::Borrowed(""), |x| value("service_level", x))),
            );
            fields
        }),
    )
}

/// `staffing.csv`: required on-duty agents per month, interval of the week
/// (site time, its UTC offset in a column) and skill. People per month live
/// in `monthly.csv`.
pub fn staffing(result: &RunResult) -> Result<Vec<u8>, csv::Error> {
    let req = &result.staffing.requirement;
    let measured: Vec<usize> = result
        .months
        .iter()
        .filter_map(|label| req.months.iter().position(|m| m == label))
        .collect();
    let offset = number(req.site_utc_offset_h, 1);
    let rows = measured.into_iter().flat_map(|m| {
        let offset = offset.clone();
        req.skills.iter().enumerate().flat_map(move |(s, skill)| {
            let offset = offset.clone();
            req.on_duty[m][s]
                .iter()
                .zip(&req.intervals)
                .map(move |(n, interval)| {
                    [
                        Cow::from(req.months[m].as_str()),
                        interval.as_str().into(),
                        offset.clone().into(),
                        skill.as_str().into(),
                        n.to_string().into(),
                    ]
                })
        })
    });
    table(
        &[
            "month",
            "interval",
            "site_utc_offset_h",
            "skill",
            "required_on_duty",
        ],
        rows,
    )
}

/// `compare.csv` / `sweep.csv`.
pub fn study(rows: &[StudyRow]) -> Result<Vec<u8>, csv::Error> {
    table(
        &[
            "case",
            "key",
            "value",
            "metric",
            "mean",
            "ci95_low",
            "ci95_high",
            "diff_mean",
            "diff_ci95_low",
            "diff_ci95_high",
        ],
        rows.iter().map(|r| {
            let [mean, low, high] = stat_fields(&r.metric, &r.stat);
            let (decimals, _) = precision(&r.metric);
            [
                r.case.as_str().into(),
                r.key.as_str().into(),
                r.value.as_str().into(),
                r.metric.as_str().into(),
                mean,
                low,
                high,
                number(r.diff.mean, decimals).into(),
                number(r.diff.ci95[0], decimals).into(),
                number(r.diff.ci95[1], decimals).into(),
            ]
        }),
    )
}

/// `indicators.csv`: the grant indicators per calendar year (empty cells
/// where `[costs]` is not given).
pub fn indicators(rows: &[IndicatorYear]) -> Result<Vec<u8>, csv::Error> {
    let money = |x: Option<f64>| x.map_or(String::new(), |v| number(v, 2));
    table(
        &crate::results::INDICATOR_COLUMNS,
        rows.iter().map(|r| {
            [
                Cow::from(r.year.as_str()),
                number(r.students_enrolled, 1).into(),
                number(r.students_completed, 1).into(),
                number(r.graduates_placed, 1).into(),
                number(r.employed_end, 1).into(),
                number(r.employed_from_centres_end, 1).into(),
                number(r.export_revenue_usd, 2).into(),
                number(r.wage_income_usd, 2).into(),
                money(r.programme_cost_usd).into(),
                money(r.cost_per_placement_usd).into(),
                money(r.cost_per_job_year_usd).into(),
                money(r.revenue_per_programme_usd).into(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(defused("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(defused("@sum"), "'@sum");
        assert_eq!(defused("-1.5"), "-1.5");
        assert_eq!(defused("+cmd|x"), "'+cmd|x");
        assert_eq!(defused("plain"), "plain");
        let bytes = table(&["a", "b"], [[Cow::from("=1+1"), Cow::from("x\ny")]]).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "a,b\n'=1+1,\"x\ny\"\n");
    }

    #[test]
    fn numbers_never_read_negative_zero() {
        assert_eq!(number(-0.00001, 2), "0.00");
        assert_eq!(number(-1.25, 1), "-1.2");
    }
}
