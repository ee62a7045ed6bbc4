//! The CSV files, written through the `csv` crate (quoting is its job):
//! `monthly.csv` in tidy long format, `staffing.csv` (interval requirements)
//! and `compare.csv` / `sweep.csv` (study rows).

use std::borrow::Cow;

use crate::results::{MonthlyRow, RunResult, StudyRow};

/// Writes a header and rows of already formatted fields.
fn table<'a, R, F>(header: &[&str], rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = F>,
    F: IntoIterator<Item = Cow<'a, str>>,
{
    // Writing into memory cannot fail: the writer only fails on I/O.
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(header)
        .expect("writing CSV into memory cannot fail");
    for row in rows {
        writer
            .write_record(row.into_iter().map(|f| f.into_owned()))
            .expect("writing CSV into memory cannot fail");
    }
    writer
        .into_inner()
        .expect("flushing CSV into memory cannot fail")
}

/// `monthly.csv`: `month,scope,metric,mean,ci95_low,ci95_high`.
pub fn monthly(rows: &[MonthlyRow]) -> Vec<u8> {
    table(
        &["month", "scope", "metric", "mean", "ci95_low", "ci95_high"],
        rows.iter().map(|r| {
            [
                r.month.as_str().into(),
                r.scope.as_str().into(),
                r.metric.into(),
                r.stat.mean.to_string().into(),
                r.stat.ci95[0].to_string().into(),
                r.stat.ci95[1].to_string().into(),
            ]
        }),
    )
}

/// `staffing.csv`: required on-duty agents per month, interval and skill, with
/// the month's required and available headcount and gap.
pub fn staffing(result: &RunResult) -> Vec<u8> {
    let staffing = &result.staffing;
    let req = &staffing.requirement;
    let rows = staffing
        .months
        .iter()
        .filter(|r| r.skill != "all")
        .filter_map(|row| {
            let m = req.months.iter().position(|x| *x == row.month)?;
            let s = req.skills.iter().position(|x| *x == row.skill)?;
            Some(
                req.on_duty[m][s]
                    .iter()
                    .zip(&req.intervals)
                    .map(|(n, interval)| {
                        [
                            row.month.as_str().into(),
                            interval.as_str().into(),
                            row.skill.as_str().into(),
                            n.to_string().into(),
                            format!("{:.1}", row.required_headcount).into(),
                            format!("{:.1}", row.available.mean).into(),
                            format!("{:.1}", row.shortfall.mean).into(),
                        ]
                    }),
            )
        })
        .flatten();
    table(
        &[
            "month",
            "interval",
            "skill",
            "required_on_duty",
            "required_headcount",
            "available_headcount",
            "gap",
        ],
        rows,
    )
}

/// `compare.csv` / `sweep.csv`.
pub fn study(rows: &[StudyRow]) -> Vec<u8> {
    table(
        &[
            "case",
            "metric",
            "mean",
            "ci95_low",
            "ci95_high",
            "diff_mean",
            "diff_ci95_low",
            "diff_ci95_high",
        ],
        rows.iter().map(|r| {
            [
                r.case.as_str().into(),
                r.metric.as_str().into(),
                r.stat.mean.to_string().into(),
                r.stat.ci95[0].to_string().into(),
                r.stat.ci95[1].to_string().into(),
                r.diff.mean.to_string().into(),
                r.diff.ci95[0].to_string().into(),
                r.diff.ci95[1].to_string().into(),
            ]
        }),
    )
}
