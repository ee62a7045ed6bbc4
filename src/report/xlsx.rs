//! `results.xlsx`: the run's tables in one workbook for spreadsheet users. A
//! summary sheet with the headline, then one sheet per table; numbers as
//! numbers, months as dates, frozen headers, columns wide enough. A fixed
//! creation date keeps the bytes the same for the same inputs.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::headline;
use crate::results::{QUANTILE_COLUMNS, RunResult, Stat, Uncertainty};

/// The workbook of a run.
pub fn workbook(result: &RunResult) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Same inputs, same bytes: no clock in the file.
    book.set_properties(
        &DocProperties::new()
            .set_title(&result.summary.scenario)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let bold = Format::new().set_bold();
    let month = Format::new().set_num_format("yyyy-mm");
    summary_sheet(book.add_worksheet(), result, &bold)?;
    monthly_sheet(book.add_worksheet(), result, &bold, &month)?;
    pools_sheet(book.add_worksheet(), result, &bold, &month)?;
    lines_sheet(book.add_worksheet(), result, &bold)?;
    if !result.indicators.is_empty() {
        indicators_sheet(book.add_worksheet(), result, &bold)?;
    }
    if let Some(u) = &result.summary.uncertainty {
        uncertainty_sheet(book.add_worksheet(), u, result, &bold)?;
    }
    book.save_to_buffer()
}

/// `YYYY-MM` as the first day of that month.
fn month_date(label: &str) -> Option<ExcelDateTime> {
    let (y, m) = label.split_once('-')?;
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, 1).ok()
}

fn header(sheet: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, bold)?;
        sheet.set_column_width(c as u16, (name.len() as f64 + 4.0).max(12.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn stat(sheet: &mut Worksheet, row: u32, col: u16, s: &Stat) -> Result<(), XlsxError> {
    sheet.write_number(row, col, s.mean)?;
    sheet.write_number(row, col + 1, s.ci95[0])?;
    sheet.write_number(row, col + 2, s.ci95[1])?;
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    result: &RunResult,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    let s = &result.summary;
    sheet.write_string_with_format(0, 0, &s.scenario, bold)?;
    sheet.write_string(
        1,
        0,
        format!(
            "bposim {}, seed {}, {} replications, from {}",
            s.version, s.seed, s.replications, s.start
        ),
    )?;
    let mut row = 3;
    let capacity = &s.staffing;
    let mut sentences = vec![headline::shortfall(capacity)];
    sentences.extend(headline::pools(capacity));
    sentences.extend(headline::what_closes_it(capacity));
    for sentence in sentences {
        sheet.write_string(row, 0, sentence)?;
        row += 1;
    }
    row += 1;
    for (c, name) in ["total", "mean", "ci95_low", "ci95_high"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, c as u16, *name, bold)?;
    }
    let t = &s.totals;
    for (name, value) in [
        ("offered", &t.offered),
        ("handled", &t.handled),
        ("revenue_usd", &t.revenue_usd),
        ("wage_bill_usd", &t.wage_bill_usd),
        ("headcount_end", &t.headcount_end),
        ("hires", &t.hires),
        ("graduates_placed", &t.graduates_placed),
        ("attrition", &t.attrition),
    ] {
        row += 1;
        sheet.write_string(row, 0, name)?;
        stat(sheet, row, 1, value)?;
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 16)?;
    Ok(())
}

fn monthly_sheet(
    sheet: &mut Worksheet,
    result: &RunResult,
    bold: &Format,
    month: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Monthly")?;
    let bands = result.monthly.iter().any(|r| r.prediction.is_some());
    let mut names = vec![
        "month",
        "scope",
        "scope_kind",
        "metric",
        "mean",
        "ci95_low",
        "ci95_high",
    ];
    if bands {
        names.extend(QUANTILE_COLUMNS);
    }
    header(sheet, &names, bold)?;
    for (i, r) in result.monthly.iter().enumerate() {
        let row = i as u32 + 1;
        match month_date(&r.month) {
            Some(date) => sheet.write_datetime_with_format(row, 0, date, month)?,
            None => sheet.write_string(row, 0, &r.month)?,
        };
        sheet.write_string(row, 1, &r.scope)?;
        sheet.write_string(row, 2, r.scope_kind.name())?;
        sheet.write_string(row, 3, r.metric)?;
        stat(sheet, row, 4, &r.stat)?;
        if let Some(q) = &r.prediction {
            for (c, x) in q.values().into_iter().enumerate() {
                sheet.write_number(row, 7 + c as u16, x)?;
            }
        }
    }
    sheet.set_column_width(3, 26)?;
    Ok(())
}

fn pools_sheet(
    sheet: &mut Worksheet,
    result: &RunResult,
    bold: &Format,
    month: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Pools")?;
    header(
        sheet,
        &[
            "pool",
            "month",
            "required_on_floor",
            "available",
            "available_low",
            "available_high",
            "shortfall",
            "shortfall_low",
            "shortfall_high",
            "surplus",
            "short",
        ],
        bold,
    )?;
    let mut row = 1;
    for pool in &result.staffing.plan.pools {
        for m in &pool.months {
            sheet.write_string(row, 0, &pool.id)?;
            match month_date(&m.month) {
                Some(date) => sheet.write_datetime_with_format(row, 1, date, month)?,
                None => sheet.write_string(row, 1, &m.month)?,
            };
            sheet.write_number(row, 2, m.required)?;
            stat(sheet, row, 3, &m.available)?;
            stat(sheet, row, 6, &m.shortfall)?;
            sheet.write_number(row, 9, m.surplus.mean)?;
            sheet.write_boolean(row, 10, m.short)?;
            row += 1;
        }
    }
    Ok(())
}

fn lines_sheet(sheet: &mut Worksheet, result: &RunResult, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("Lines")?;
    header(
        sheet,
        &[
            "line",
            "channel",
            "target",
            "offered",
            "handled",
            "abandoned",
            "service_level",
            "sl_low",
            "sl_high",
            "revenue_usd",
        ],
        bold,
    )?;
    for (i, l) in result.summary.lines.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &l.id)?;
        sheet.write_string(
            row,
            1,
            match l.channel {
                crate::results::Channel::Realtime => "realtime",
                crate::results::Channel::Deferred => "deferred",
            },
        )?;
        sheet.write_number(row, 2, l.target.service_level)?;
        sheet.write_number(row, 3, l.offered.mean)?;
        sheet.write_number(row, 4, l.handled.mean)?;
        sheet.write_number(row, 5, l.abandoned.mean)?;
        if let Some(sl) = l.service_level {
            stat(sheet, row, 6, &sl)?;
        }
        sheet.write_number(row, 9, l.revenue_usd.mean)?;
    }
    Ok(())
}

fn indicators_sheet(
    sheet: &mut Worksheet,
    result: &RunResult,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Indicators")?;
    header(sheet, &crate::results::INDICATOR_COLUMNS, bold)?;
    for (i, r) in result.indicators.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, r.year.parse::<f64>().unwrap_or(0.0))?;
        let values = [
            Some(r.students_enrolled),
            Some(r.students_completed),
            Some(r.graduates_placed),
            Some(r.employed_end),
            Some(r.employed_from_centres_end),
            Some(r.export_revenue_usd),
            Some(r.wage_income_usd),
            r.programme_cost_usd,
            r.cost_per_placement_usd,
            r.cost_per_job_year_usd,
            r.revenue_per_programme_usd,
        ];
        for (c, v) in values.into_iter().enumerate() {
            if let Some(v) = v {
                sheet.write_number(row, c as u16 + 1, v)?;
            }
        }
    }
    Ok(())
}

/// One row per input draw, as `uncertainty.csv`.
fn uncertainty_sheet(
    sheet: &mut Worksheet,
    u: &Uncertainty,
    result: &RunResult,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Uncertainty")?;
    let mut names: Vec<String> = vec!["draw".into()];
    names.extend(u.inputs.iter().map(|i| i.key.clone()));
    names.extend(["short_from", "peak_shortfall"].map(String::from));
    names.extend(u.pools.iter().map(|p| format!("shortfall_end.{}", p.id)));
    names.extend(["revenue_usd", "wage_bill_usd"].map(String::from));
    names.extend(
        result
            .summary
            .lines
            .iter()
            .map(|l| format!("service_level.{}", l.id)),
    );
    header(
        sheet,
        &names.iter().map(String::as_str).collect::<Vec<_>>(),
        bold,
    )?;
    for (i, o) in u.outcomes.iter().enumerate() {
        let row = i as u32 + 1;
        let mut numbers = vec![f64::from(o.draw)];
        numbers.extend(&o.values);
        let mut col = 0u16;
        for x in numbers {
            sheet.write_number(row, col, x)?;
            col += 1;
        }
        sheet.write_string(row, col, o.short_from.as_deref().unwrap_or(""))?;
        col += 1;
        let mut rest = vec![o.peak_shortfall];
        rest.extend(&o.pool_shortfall_end);
        rest.extend([o.revenue_usd, o.wage_bill_usd]);
        for x in rest {
            sheet.write_number(row, col, x)?;
            col += 1;
        }
        for s in &o.service_level {
            if let Some(x) = s {
                sheet.write_number(row, col, *x)?;
            }
            col += 1;
        }
    }
    Ok(())
}
