//! Visual regression of the chart pack: every chart kind is drawn for small
//! fixed scenarios and its SVG is checked for structure: the title states the
//! finding, the footer names the run, small multiples have a panel per line,
//! no text leaves the canvas and no text is smaller than 9 pt when the chart
//! is placed 16 cm wide in a document. Text extents are measured with the
//! embedded font, as the charts lay them out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

use crate::common::bposim;

const CANVAS_W: f64 = 1000.0;
const CANVAS_H: f64 = 700.0;
/// 16 cm = 453.5 pt over the canvas width.
const PT_PER_PX_AT_16_CM: f64 = 16.0 / 2.54 * 72.0 / CANVAS_W;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// One `<text>` element of an SVG.
#[derive(Debug)]
struct Text {
    x: f64,
    y: f64,
    size: f64,
    anchor: String,
    bold: bool,
    rotated: bool,
    content: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn texts(svg: &str) -> Vec<Text> {
    svg.split("<text")
        .skip(1)
        .map(|chunk| {
            let tag_end = chunk.find('>').expect("text tag ends");
            let tag = &chunk[..tag_end];
            let attr = |name: &str| -> Option<String> {
                let key = format!(" {name}=\"");
                let i = tag.find(&key)? + key.len();
                Some(tag[i..].split('"').next()?.to_string())
            };
            let num = |name: &str| attr(name).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
            let body = &chunk[tag_end + 1..];
            let content = body[..body.find("</text>").expect("text closes")].trim();
            Text {
                x: num("x"),
                y: num("y"),
                size: num("font-size"),
                anchor: attr("text-anchor").unwrap_or_else(|| "start".into()),
                bold: attr("font-weight").is_some_and(|w| w == "bold"),
                rotated: attr("transform").is_some_and(|t| t.contains("rotate")),
                content: unescape(content),
            }
        })
        .collect()
}

/// Advance width of `text` at em size `size` in the embedded font.
fn width(text: &str, size: f64, bold: bool) -> f64 {
    let font = FontRef::try_from_slice(if bold { BOLD } else { REGULAR }).unwrap();
    let upem = font.units_per_em().unwrap_or(2048.0);
    let scaled = font.as_scaled(PxScale::from(size as f32 * font.height_unscaled() / upem));
    let mut pen = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        pen += scaled.h_advance(id);
        prev = Some(id);
    }
    f64::from(pen)
}

/// Runs `fixture` (under `tests/it/fixtures`) with SVG charts; returns the
/// output folder.
fn run_fixture(dir: &Path, fixture: &str) -> PathBuf {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixtures")
        .join(fixture);
    run_svg(&scenario, &dir.join(fixture.trim_end_matches(".toml")))
}

/// Runs `scenario` at 2 replications with SVG charts into `out`; returns `out`.
fn run_svg(scenario: &Path, out: &Path) -> PathBuf {
    bposim()
        .args([
            "run",
            "-q",
            "--format",
            "svg",
            "--replications",
            "2",
            "--out",
        ])
        .arg(out)
        .arg(scenario)
        .assert()
        .success();
    out.to_path_buf()
}

/// The chart SVGs of an output folder by stem.
fn charts(out: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// The provenance a chart's footer gives: scenario, `runs`, seed, version.
fn footer(s: &serde_json::Value, runs: &str) -> String {
    format!(
        "{} · {runs} · seed {} · bposim {}",
        s["scenario"].as_str().unwrap(),
        s["seed"],
        env!("CARGO_PKG_VERSION")
    )
}

/// "2026-07" as "Jul 2026".
fn month_name(label: &str) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m) = label.split_once('-').unwrap();
    format!("{} {y}", NAMES[m.parse::<usize>().unwrap() - 1])
}

/// The checks every chart passes.
fn check_every_chart(stem: &str, svg: &str, footer: &str) {
    assert!(
        svg.contains(&format!(r#"width="{CANVAS_W}" height="{CANVAS_H}""#)),
        "{stem}: canvas size"
    );
    let texts = texts(svg);
    assert!(!texts.is_empty(), "{stem}: no text");
    // The title is the first text, bold, and a sentence rather than a label.
    let title = &texts[0];
    assert!(title.bold, "{stem}: the first text is not the bold title");
    assert!(
        title.content.split_whitespace().count() >= 4,
        "{stem}: title {:?} does not state a finding",
        title.content
    );
    // The footer names the scenario, replications, seed and version.
    let all: String = texts
        .iter()
        .map(|t| t.content.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        all.contains(footer),
        "{stem}: footer {footer:?} missing from {all:?}"
    );
    // No raw month labels: months read "Jul 2026".
    assert!(
        !texts.iter().any(|t| {
            let c = t.content.as_str();
            c.len() == 7 && c.as_bytes()[4] == b'-' && c[..4].chars().all(|d| d.is_ascii_digit())
        }),
        "{stem}: a month is written YYYY-MM"
    );
    for t in &texts {
        let pt = t.size * PT_PER_PX_AT_16_CM;
        assert!(
            pt >= 9.0 - 1e-6,
            "{stem}: {:?} is {pt:.1} pt at 16 cm wide",
            t.content
        );
        let w = width(&t.content, t.size, t.bold);
        let (along, across) = if t.rotated { (t.y, t.x) } else { (t.x, t.y) };
        let (lo, hi) = match t.anchor.as_str() {
            "middle" => (along - w / 2.0, along + w / 2.0),
            "end" => (along - w, along),
            _ => (along, along + w),
        };
        let (limit_along, limit_across) = if t.rotated {
            (CANVAS_H, CANVAS_W)
        } else {
            (CANVAS_W, CANVAS_H)
        };
        assert!(
            lo >= -0.5 && hi <= limit_along + 0.5,
            "{stem}: {:?} runs off the canvas ({lo:.0}..{hi:.0})",
            t.content
        );
        assert!(
            across >= 0.0 && across + t.size * 0.3 <= limit_across,
            "{stem}: {:?} sits off the canvas at {across:.0}",
            t.content
        );
    }
    // No markers: series are lines, never dotted with shapes.
    assert!(
        svg.matches("<circle").count() <= 2,
        "{stem}: decorative markers drawn"
    );
}

/// Headings of panels: bold texts (after the title) equal to one of `names`.
fn panel_count(svg: &str, names: &[String]) -> usize {
    texts(svg)
        .iter()
        .skip(1)
        .filter(|t| t.bold && names.contains(&t.content))
        .count()
}

#[test]
fn every_chart_states_its_finding_and_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in ["report-small.toml", "two-pools.toml"] {
        let out = run_fixture(dir.path(), fixture);
        let s = summary(&out);
        let footer = footer(&s, "2 replications");
        let charts = charts(&out);
        for kind in [
            "staffing_gap",
            "service_level",
            "education_pipeline",
            "workforce",
            "weekly_profile",
            "waiting_time",
            "revenue",
            "revenue_cumulative",
            "throughput",
        ] {
            assert!(charts.contains_key(kind), "{fixture}: no {kind} chart");
        }
        for (stem, svg) in &charts {
            check_every_chart(&format!("{fixture} {stem}"), svg, &footer);
        }
        // Small multiples: one panel per line, headed with its name.
        let names: Vec<String> = s["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            panel_count(&charts["service_level"], &names),
            names.len(),
            "{fixture}: service level panels"
        );
        assert_eq!(
            panel_count(&charts["throughput"], &names),
            names.len(),
            "{fixture}: throughput panels"
        );
        // The staffing gap's title says when the shortfall starts, and the
        // plot marks that month.
        let title = &texts(&charts["staffing_gap"])[0].content;
        match s["staffing"]["short_from"].as_str() {
            Some(from) => {
                let month = month_name(from);
                assert!(title.contains(&format!("short from {month}")), "{title}");
                assert!(charts["staffing_gap"].contains(&format!("Short from {month}")));
                assert!(charts.contains_key("pool_shortfall"), "{fixture}");
            }
            None => assert!(title.starts_with("No pool is short"), "{title}"),
        }
    }
}

#[test]
fn two_pools_name_the_short_pool_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_fixture(dir.path(), "two-pools.toml");
    let s = summary(&out);
    let charts = charts(&out);
    // Pool and line names for people, never raw ids, in every chart.
    let short = s["staffing"]["first_short_pools"][0].as_str().unwrap();
    assert_eq!(short, "voice_en");
    let title = &texts(&charts["staffing_gap"])[0].content;
    assert!(title.starts_with("Voice (English)"), "{title}");
    for (stem, svg) in &charts {
        for t in texts(svg) {
            assert!(
                !t.content.contains("voice_en") && !t.content.contains("voice_ru"),
                "{stem}: raw id in {:?}",
                t.content
            );
        }
    }
    assert_eq!(s["lines"][0]["name"], "Voice (English)");
}

#[test]
fn charts_are_the_same_bytes_for_the_same_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let a = charts(&run_fixture(&dir.path().join("a"), "report-small.toml"));
    let b = charts(&run_fixture(&dir.path().join("b"), "report-small.toml"));
    assert_eq!(a, b);
}

#[test]
fn line_names_derive_from_ids_unless_given() {
    use bposim::scenario::lines::display_name;
    assert_eq!(display_name("l2_support"), "L2 support");
    assert_eq!(display_name("chat_en"), "Chat (English)");
    assert_eq!(display_name("helpdesk_ko"), "Helpdesk (Korean)");
    assert_eq!(display_name("voice"), "Voice");
    assert_eq!(display_name("en"), "En");
    let dir = tempfile::tempdir().unwrap();
    let fixture = include_str!("fixtures/report-small.toml");
    let named = fixture.replacen(
        "id = \"voice\"",
        "id = \"voice\"\nname = \"US voice support\"",
        1,
    );
    let path = dir.path().join("named.toml");
    std::fs::write(&path, &named).unwrap();
    let out = dir.path().join("out");
    bposim()
        .args(["run", "-q", "--format", "svg", "--out"])
        .arg(&out)
        .arg(&path)
        .assert()
        .success();
    let s = summary(&out);
    assert_eq!(s["lines"][0]["name"], "US voice support");
    assert_eq!(s["lines"][1]["name"], "Tickets");
    assert!(charts(&out)["service_level"].contains("US voice support"));
    // A name is 1 to 60 characters without control characters.
    let bad = fixture.replacen("id = \"voice\"", "id = \"voice\"\nname = \"\"", 1);
    std::fs::write(&path, &bad).unwrap();
    bposim().args(["validate"]).arg(&path).assert().code(2);
}

/// The monthly means of `metric` for `scope` in an output folder's `monthly.csv`.
fn monthly(out: &Path, scope: &str, metric: &str) -> Vec<f64> {
    std::fs::read_to_string(out.join("monthly.csv"))
        .unwrap()
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f.len() == 7 && f[1] == scope && f[2] == metric).then(|| f[3].parse().unwrap())
        })
        .collect()
}

#[test]
fn the_requirement_has_no_end_of_horizon_dip() {
    // The built-in plan's demand grows every month to the last: what it
    // requires must not fall in the last month (growth beyond the horizon is
    // taken as the month before's, so the learning-curve allowance and the
    // hires for growth do not vanish there).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("built-in");
    bposim()
        .args([
            "run",
            "-q",
            "--format",
            "none",
            "--replications",
            "2",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    for metric in ["required_on_floor", "required_headcount", "hires_needed"] {
        let v = monthly(&out, "all", metric);
        assert_eq!(v.len(), 60, "{metric}: {v:?}");
        let (before, last) = (v[58], v[59]);
        assert!(
            last >= before,
            "{metric} dips in the last month: {before} → {last}"
        );
    }
    for pool in ["chat_en", "voice_en", "helpdesk_ko"] {
        let v = monthly(&out, pool, "required_on_floor");
        assert!(v[59] >= v[58], "{pool}: {} → {}", v[58], v[59]);
    }
}

#[test]
fn issue14_the_uncertainty_charts_state_their_finding_and_stay_readable() {
    let dir = tempfile::tempdir().unwrap();
    let text = include_str!("fixtures/two-pools.toml").to_string()
        + "\n[uncertainty]\ndraws = 24\n\
           \"education.placement_rate\" = { dist = \"triangular\", min = 0.02, mode = 0.05, max = 0.1 }\n\
           \"workforce.attrition_annual\" = { dist = \"uniform\", min = 0.2, max = 0.4 }\n\
           \"service_line.*.volume.monthly_growth\" = { dist = \"pert\", min = 0.0, mode = 0.02, max = 0.05 }\n";
    let scenario = crate::common::write(dir.path(), "u.toml", &text);
    let out = run_svg(&scenario, &dir.path().join("out"));
    let s = summary(&out);
    let footer = footer(&s, "24 input draws × 1 replication");
    let drawn = charts(&out);
    for kind in [
        "uncertainty_people",
        "uncertainty_chance_short",
        "uncertainty_sensitivity",
    ] {
        let svg = drawn.get(kind).unwrap_or_else(|| panic!("no {kind} chart"));
        check_every_chart(kind, svg, &footer);
        // Inputs by their names for people, never their --set paths.
        for t in texts(svg) {
            assert!(
                !t.content.contains("education.") && !t.content.contains("service_line."),
                "{kind}: raw key in {:?}",
                t.content
            );
        }
    }
    // The fan has the two panels of the staffing gap, and says what the shading is.
    let people = [
        "People on the floor".to_string(),
        "People missing".to_string(),
    ];
    assert_eq!(panel_count(&drawn["uncertainty_people"], &people), 2);
    let words: Vec<String> = texts(&drawn["uncertainty_people"])
        .into_iter()
        .map(|t| t.content)
        .collect();
    assert!(
        words
            .join(" ")
            .contains("shaded: 50%, 80% and 95% of the draws")
    );
    // The chance chart's title is the report's first sentence about the odds.
    let u = &s["uncertainty"];
    let ever = u["short_from"]["by_month"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["p_short_by"]
        .as_f64()
        .unwrap();
    let title = &texts(&drawn["uncertainty_chance_short"])[0].content;
    let ever = bposim::report::odds::percent(ever);
    assert!(
        title.contains(&ever) || title.starts_with("No pool is short"),
        "{title} (short by the end in {ever} of draws)"
    );
    // Without a study there are no uncertainty charts.
    let plain = run_fixture(dir.path(), "two-pools.toml");
    assert!(!charts(&plain).keys().any(|k| k.starts_with("uncertainty")));
}
