//! Snapshot tests of the exports on a small fixed-seed scenario: any change
//! to a number or a layout of summary.json, monthly.csv, staffing.csv,
//! compare.csv or sweep.csv shows up as a snapshot diff.

use crate::common::{bposim, built_in_run, mmc, write};

fn small(dir: &std::path::Path) -> std::path::PathBuf {
    write(dir, "small.toml", &mmc(90.0, 240.0, Some(150.0), 8, 6, 3))
}

fn read(path: std::path::PathBuf) -> String {
    std::fs::read_to_string(path).expect("export written")
}

#[test]
fn issue6_summary_and_monthly_exports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    bposim()
        .args(["run", "-q", "--format", "none", "--out"])
        .arg(&out)
        .arg(small(dir.path()))
        .assert()
        .success();
    let summary = read(out.join("summary.json"));
    insta::assert_snapshot!("summary_json", summary);
    insta::assert_snapshot!("monthly_csv", read(out.join("monthly.csv")));
}

#[test]
fn issue6_staffing_compare_and_sweep_exports() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = small(dir.path());
    let out = dir.path().join("staff");
    bposim()
        .args([
            "staff",
            "-q",
            "--format",
            "none",
            "--iterations",
            "2",
            "--out",
        ])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    let staffing = read(out.join("staffing.csv"));
    let head: Vec<&str> = staffing.lines().take(30).collect();
    insta::assert_snapshot!("staffing_csv_head", head.join("\n"));
    let other = write(
        dir.path(),
        "more.toml",
        &mmc(90.0, 240.0, Some(150.0), 9, 6, 3),
    );
    let cmp = dir.path().join("cmp");
    bposim()
        .args(["compare", "-q", "--format", "svg", "--out"])
        .arg(&cmp)
        .args([&scenario, &other])
        .assert()
        .success();
    insta::assert_snapshot!("compare_csv", read(cmp.join("compare.csv")));
    let sw = dir.path().join("sw");
    bposim()
        .args([
            "sweep",
            "-q",
            "--format",
            "svg",
            "--vary",
            "workforce.on_duty.support=7,9",
            "--out",
        ])
        .arg(&sw)
        .arg(&scenario)
        .assert()
        .success();
    insta::assert_snapshot!("sweep_csv", read(sw.join("sweep.csv")));
}

#[test]
fn issue16_csv_numbers_are_rounded_and_shares_stay_within_0_and_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = built_in_run(dir.path(), "none");
    let csv = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("month,scope,metric,mean,ci95_low,ci95_high,scope_kind")
    );
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 7, "{line}");
        assert!(["line", "skill", "pool", "all"].contains(&f[6]), "{line}");
        let share = [
            "service_level",
            "p_wait",
            "abandon_rate",
            "occupancy",
            "mentor_utilisation",
        ]
        .contains(&f[2]);
        for x in &f[3..6] {
            let decimals = x.split('.').nth(1).map_or(0, str::len);
            let value: f64 = x.parse().unwrap();
            assert!(value >= 0.0 && !x.starts_with('-'), "{line}");
            if share {
                assert!(value <= 1.0 && decimals == 4, "{line}");
            } else {
                assert!(decimals <= 2, "{line}");
            }
        }
    }
    // A name that is both a line and a skill is told apart.
    assert!(csv.contains(",voice,occupancy,") && csv.contains(",line\n"));
}

#[test]
fn issue16_the_workbook_reads_back_as_the_csv() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let dir = tempfile::tempdir().unwrap();
    let out = built_in_run(dir.path(), "xlsx");
    assert!(!out.join("charts").exists(), "xlsx alone draws no charts");
    let bytes = std::fs::read(out.join("results.xlsx")).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Monthly", "Pools", "Lines", "Indicators"]
    );
    let summary = book.worksheet_range("Summary").unwrap();
    let headline = summary.get((3, 0)).unwrap().to_string();
    assert!(
        headline.starts_with("Short from") || headline.starts_with("No pool"),
        "{headline}"
    );
    let monthly = book.worksheet_range("Monthly").unwrap();
    let csv = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    let csv_rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let rows: Vec<_> = monthly.rows().skip(1).collect();
    assert_eq!(rows.len(), csv_rows.len());
    for (row, c) in rows.iter().zip(&csv_rows) {
        // Months are dates, numbers are numbers, and they agree with the CSV
        // (which rounds them).
        let Data::DateTime(date) = &row[0] else {
            panic!("month is not a date: {:?}", row[0]);
        };
        let (y, m, ..) = date.to_ymd_hms_milli();
        assert_eq!(format!("{y}-{m:02}"), c[0]);
        assert_eq!(row[1].to_string(), c[1]);
        assert_eq!(row[2].to_string(), c[6]);
        assert_eq!(row[3].to_string(), c[2]);
        let Data::Float(mean) = row[4] else {
            panic!("mean is not a number: {:?}", row[4]);
        };
        let rounded: f64 = c[3].parse().unwrap();
        let decimals = c[3].split('.').nth(1).map_or(0, str::len) as i32;
        let half_unit = 0.5 * 10f64.powi(-decimals) + 1e-9;
        assert!((mean - rounded).abs() <= half_unit, "{c:?}: {mean}");
    }
}
