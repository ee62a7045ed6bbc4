//! `report.html`: self-contained, complete, escaped, and rendered by a real
//! browser without errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{bposim, write};

/// The built-in plan, whose every input must appear in the table of assumptions.
const BUILT_IN: &str = include_str!("../../scenarios/uzbekistan-bpo-2026-2030.toml");

/// A scenario name that would run script if it were not escaped.
const HOSTILE_NAME: &str = r#"Report <script>alert("x")</script> & Co"#;

/// A small, fast pipeline scenario (two lines, four months, two replications)
/// with a hostile name and comments in every TOML shape the report reads.
fn small_scenario() -> String {
    include_str!("fixtures/report-small.toml").to_string()
}

/// Runs the small scenario with `--format FORMAT`; returns the output folder.
fn run_small(dir: &Path, format: &str) -> PathBuf {
    let scenario = write(dir, "small.toml", &small_scenario());
    let out = dir.join(format!("out-{format}"));
    bposim()
        .args(["run", "-q", "--format", format, "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Values of every `name="..."` attribute in `html`.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest.find('"').map(|j| &rest[..j])
        })
        .collect()
}

/// The title of a chart SVG: the first text element.
fn svg_title(svg: &str) -> String {
    let start = svg.find("<text").expect("chart has text");
    let body = &svg[start..];
    let open = body.find('>').unwrap() + 1;
    let close = body.find("</text>").unwrap();
    body[open..close].trim().to_string()
}

/// The chart SVG files of an output folder: (stem, text).
fn chart_svgs(out: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(out.join("charts"))
        .expect("charts folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no chart SVGs in {}", out.display());
    files
        .iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                read(p),
            )
        })
        .collect()
}

/// No resource is loaded from anywhere: links only within the page, no
/// scripts, no external styles, fonts or images.
fn assert_self_contained(html: &str) {
    for name in [
        "src",
        "href",
        "xlink:href",
        "srcset",
        "action",
        "poster",
        "data",
    ] {
        for value in attributes(html, name) {
            assert!(
                value.starts_with('#') || value.starts_with("data:"),
                "{name}=\"{value}\" refers to something outside the page"
            );
        }
    }
    let lower = html.to_lowercase();
    for needle in [
        "http://", "https://", "<script", "<link", "<img", "<iframe", "<object", "<embed",
        "@import",
    ] {
        assert!(!lower.contains(needle), "report.html contains {needle}");
    }
    for (i, _) in lower.match_indices("url(") {
        let rest = &lower[i + 4..];
        assert!(
            rest.trim_start_matches(['\'', '"']).starts_with('#'),
            "report.html refers to an outside resource: {}",
            &lower[i..(i + 60).min(lower.len())]
        );
    }
}

#[test]
fn report_is_self_contained_escaped_and_has_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "svg");
    let html = read(&out.join("report.html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_self_contained(&html);

    // Scenario text is escaped wherever it appears.
    assert!(
        !html.contains("<script>alert"),
        "scenario name inserted unescaped"
    );
    assert!(html.contains(&escaped(HOSTILE_NAME)));
    assert!(html.contains("Tashkent &lt;UTC+5&gt; &amp; &quot;no DST&quot;"));
    assert!(!html.contains("Tashkent <UTC+5>"));

    // Every chart is inlined, or named as left out for lack of data.
    for (stem, svg) in chart_svgs(&out) {
        let title = svg_title(&svg);
        if html.contains(&format!("<figure id=\"chart-{stem}\">")) {
            let body = &svg[svg.find('>').unwrap() + 1..];
            if !svg.contains(" id=\"") {
                assert!(
                    html.contains(body.trim()),
                    "chart {stem} is not inlined as drawn"
                );
            }
            assert!(html.contains(&title), "chart title {title} missing");
        } else {
            assert!(
                svg.contains("No data"),
                "chart {stem} left out of the report although it has data"
            );
            assert!(html.contains("Left out for lack of data") && html.contains(&title));
        }
    }

    // Headline, assumptions, method.
    for needle in [
        "id=\"headline\"",
        "Staffing gap",
        "Export revenue",
        "Wage bill",
        "Headcount at the end",
        "Service level vs target by line",
        "id=\"assumptions\"",
        "data-key=\"scenario.seed\"",
        "data-key=\"service_line[tickets].classes[P2]\"",
        "id=\"method\"",
        "Student t",
        "bposim run scenario.toml --seed 7 --replications 2",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out.join("summary.json"))).unwrap();
    assert!(html.contains(summary["scenario_sha256"].as_str().unwrap()));
}

#[test]
fn report_inlines_svg_charts_even_when_only_png_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "png");
    let html = read(&out.join("report.html"));
    assert!(
        html.matches("<svg ").count() >= 5,
        "charts missing from the report"
    );
    let files: Vec<_> = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        files
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "png")),
        "{files:?}"
    );
    assert_self_contained(&html);
}

/// One row of the assumptions table, by its `data-key`.
fn row<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let start = html
        .find(&format!("<tr data-key=\"{key}\""))
        .or_else(|| html.find(&format!("<tr class=\"elem\" data-key=\"{key}\"")))?;
    let end = html[start..].find("</tr>")? + start;
    Some(&html[start..end])
}

fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Checks that `row` shows every key (and string value) of an inline table.
fn check_inline(row: &str, table: &toml::Table, path: &str, missing: &mut Vec<String>) {
    for (k, v) in table {
        if !row.contains(&format!("<span class=\"k\">{}</span>", escaped(k))) {
            missing.push(format!("{path}.{k}"));
        }
        match v {
            toml::Value::Table(t) => check_inline(row, t, &format!("{path}.{k}"), missing),
            toml::Value::String(s) if !row.contains(&escaped(s)) => {
                missing.push(format!("{path}.{k} = {s}"))
            }
            _ => {}
        }
    }
}

/// Checks the row of `path` (a key of a section) and what it contains.
fn check_input(html: &str, path: &str, value: &toml::Value, missing: &mut Vec<String>) {
    let Some(r) = row(html, path) else {
        missing.push(path.to_string());
        return;
    };
    match value {
        toml::Value::Table(t) => check_inline(r, t, path, missing),
        toml::Value::String(s) if !r.contains(&escaped(s)) => missing.push(format!("{path} = {s}")),
        toml::Value::Array(items) => {
            for item in items {
                if let toml::Value::Table(t) = item {
                    let name = t
                        .get("name")
                        .or(t.get("id"))
                        .and_then(|v| v.as_str())
                        .expect("named element");
                    let elem = format!("{path}[{name}]");
                    match row(html, &elem) {
                        Some(r) => check_inline(r, t, &elem, missing),
                        None => missing.push(elem),
                    }
                }
            }
        }
        _ => {}
    }
}

/// The text of an HTML fragment, tags dropped.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn executive_summary_answers_four_questions_in_rounded_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "svg");
    let html = read(&out.join("report.html"));
    let start = html
        .find("<section id=\"summary\"")
        .expect("an executive summary");
    let end = start + html[start..].find("</section>").unwrap();
    assert!(
        start < html.find("<section id=\"headline\"").unwrap(),
        "the summary comes first"
    );
    let summary = &html[start..end];
    let sentences: Vec<String> = (1..=4)
        .map(|i| {
            let open = format!("<p class=\"s{i}\">");
            let at = summary
                .find(&open)
                .unwrap_or_else(|| panic!("sentence {i}"));
            let rest = &summary[at + open.len()..];
            text_of(&rest[..rest.find("</p>").unwrap()])
        })
        .collect();
    assert!(
        sentences[0].contains("people on the floor"),
        "{}",
        sentences[0]
    );
    assert!(
        sentences[1].contains("hires")
            && sentences[1].contains("graduates of the education centres"),
        "{}",
        sentences[1]
    );
    assert!(
        sentences[2].contains("The shortfall starts in Jan 2026 in the tickets pool")
            || sentences[2].starts_with("No pool"),
        "{}",
        sentences[2]
    );
    assert!(
        sentences[3].contains("closes it") || sentences[3].starts_with("Nothing needs closing"),
        "{}",
        sentences[3]
    );
    // Prose has no raw month codes and no money to the dollar.
    for s in &sentences {
        assert!(!s.contains("2026-0"), "raw month in {s}");
        assert!(
            !s.contains('$') || s.contains(" M") || s.contains(" bn"),
            "{s}"
        );
    }
    // The cards round money for reading; the tables keep exact figures.
    let cards = &html[html.find("<div class=\"cards\">").unwrap()..];
    let revenue = &cards[cards.find("Export revenue").unwrap()..];
    let value = text_of(&revenue[..revenue.find("</div></div>").unwrap()]);
    assert!(
        value.contains(" M") || value.contains(",") && value.matches(',').count() == 1,
        "revenue card not rounded: {value}"
    );
}

#[test]
fn assumptions_table_lists_every_input_of_the_built_in_plan() {
    use bposim::run::{ChartFormats, RunOptions, assumptions, plan_for, replications, sha256_hex};
    use bposim::scenario::Source;
    // A quick result to report on; the table comes from the scenario text alone.
    let small = Source {
        name: "small.toml".into(),
        text: small_scenario(),
    };
    let options = RunOptions {
        out: PathBuf::new(),
        replications: Some(1),
        seed: None,
        threads: 1,
        shard: None,
        charts: ChartFormats::default(),
        progress: false,
    };
    let plan = plan_for(&small, &options).unwrap();
    let reps = replications(&plan, &options).unwrap();
    let built_in = Source {
        name: "<built-in>".into(),
        text: BUILT_IN.to_string(),
    };
    let result = bposim::results::RunResult {
        assumptions: assumptions(&built_in),
        ..bposim::summarize::summarize(&plan, &sha256_hex(&small.text), &reps)
    };
    let html = String::from_utf8(bposim::report::html::report(&result, &[])).unwrap();
    let section = &html[html.find("<section id=\"assumptions\">").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];

    let doc: toml::Table = BUILT_IN.parse().unwrap();
    let mut missing = Vec::new();
    let mut count = 0;
    for (name, value) in &doc {
        match value {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    count += 1;
                    check_input(section, &format!("{name}.{k}"), v, &mut missing);
                }
            }
            toml::Value::Array(elements) => {
                for e in elements {
                    let t = e.as_table().expect("array of tables");
                    let id = t["id"].as_str().unwrap();
                    for (k, v) in t {
                        count += 1;
                        check_input(section, &format!("{name}[{id}].{k}"), v, &mut missing);
                    }
                }
            }
            v => {
                count += 1;
                check_input(section, name, v, &mut missing);
            }
        }
    }
    assert!(count > 100, "only {count} inputs in the built-in plan?");
    assert!(
        missing.is_empty(),
        "inputs missing from the assumptions table: {missing:?}"
    );

    // Sources come from the comments, linked to the entries of docs/SOURCES.md
    // that the page repeats; an assumption is flagged.
    let students = row(section, "education.students").unwrap();
    assert!(
        students.contains("16,000")
            && students.contains("href=\"#src-koica-dec\"")
            && students.contains("KOICA Digital Education Centres"),
        "{students}"
    );
    let p3 = row(section, "service_line[l2_support].classes[P3]").unwrap();
    assert!(p3.contains("2 business days"));
    let classes = row(section, "service_line[l2_support].classes").unwrap();
    assert!(
        classes.contains("href=\"#src-it-incident-sla\"")
            && classes.contains("90% attainment")
            && classes.contains("class=\"flag\""),
        "{classes}"
    );
    let channel = row(section, "service_line[voice].channel").unwrap();
    assert!(channel.contains("<span class=\"flag\">assumption</span>"));
    let price = row(section, "service_line[voice].price_usd_per_hour").unwrap();
    assert!(price.contains("href=\"#src-offshore-price\""), "{price}");
    assert!(
        row(section, "scenario.seed").unwrap().contains(">2026<"),
        "seeds keep their digits"
    );
    assert!(!section.contains("DOMAIN"), "the report cites DOMAIN.md");
    // Every input either cites a source of docs/SOURCES.md or is flagged as an
    // assumption (ids and names are labels); every link has its target.
    let mut unsourced = Vec::new();
    for chunk in section.split("<tr data-key=\"").skip(1) {
        let key = &chunk[..chunk.find('"').unwrap()];
        let r = &chunk[..chunk.find("</tr>").unwrap()];
        let label = key.ends_with(".id") || key.ends_with(".name");
        if !(r.contains("class=\"cite\"") || r.contains("class=\"flag\"") || label) {
            unsourced.push(key.to_string());
        }
    }
    assert!(
        unsourced.is_empty(),
        "inputs with neither a source nor an assumption flag: {unsourced:?}"
    );
    for target in attributes(section, "href") {
        let id = target.trim_start_matches('#');
        assert!(
            section.contains(&format!(" id=\"{id}\"")),
            "link {target} has no target in the page"
        );
    }
    let prices: Vec<&str> = section
        .split("<tr data-key=\"")
        .filter(|c| c.starts_with("service_line[") && c.contains(".price_usd_per_hour\""))
        .collect();
    assert_eq!(prices.len(), 9);
    for p in prices {
        assert!(
            p.contains("#src-offshore-price"),
            "a price without its source: {p}"
        );
    }
}

// ---------------------------------------------------------------------------
// A real browser

/// `chromium` (or `chromium-browser`) on PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Runs headless chromium with `args` on `url`; returns (stdout, stderr).
fn headless(browser: &Path, profile: &Path, args: &[String], url: &str) -> (String, String) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Read the pipes on threads so a chatty browser cannot block on them.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    assert!(status.success(), "chromium failed ({status}):\n{err}");
    (out, err)
}

/// Pixel statistics of a PNG: (width, height, standard deviation of luminance, share of non-white pixels).
fn png_stats(path: &Path) -> (u32, u32, f64, f64) {
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("screenshot written"));
    let mut decoder = png::Decoder::new(file);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("screenshot is a PNG");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("screenshot decodes");
    let channels = info.color_type.samples();
    let (mut sum, mut sq, mut inked, mut n) = (0.0, 0.0, 0u64, 0u64);
    for px in buf[..info.buffer_size()].chunks_exact(channels) {
        let y = if channels >= 3 {
            0.2126 * f64::from(px[0]) + 0.7152 * f64::from(px[1]) + 0.0722 * f64::from(px[2])
        } else {
            f64::from(px[0])
        };
        sum += y;
        sq += y * y;
        n += 1;
        if y < 235.0 {
            inked += 1;
        }
    }
    let mean = sum / n as f64;
    (
        info.width,
        info.height,
        (sq / n as f64 - mean * mean).max(0.0).sqrt(),
        inked as f64 / n as f64,
    )
}

/// Requests the page made to the network, from a Chromium NetLog (the
/// browser's own background traffic is not the page's).
fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).expect("chromium wrote its NetLog");
    // Chromium may leave the closing of the event list out when it exits.
    let log: serde_json::Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("NetLog is JSON");
    let events = log["events"].as_array().expect("NetLog has events");
    assert!(!events.is_empty(), "NetLog recorded nothing");
    events
        .iter()
        .filter_map(|e| {
            let p = &e["params"];
            let from_page = p["network_isolation_key"]
                .as_str()
                .is_some_and(|k| k.contains("file://"))
                || p["site_for_cookies"]
                    .as_str()
                    .is_some_and(|k| k.contains("file://"));
            from_page.then(|| p["url"].as_str().unwrap_or("?").to_string())
        })
        .collect()
}

#[test]
fn report_renders_in_a_real_browser() {
    let Some(browser) = chromium() else {
        if std::env::var("BPOSIM_CI").is_ok_and(|v| v == "1") {
            panic!("chromium is not on PATH; CI must install it (.ci/run)");
        }
        eprintln!("note: chromium not on PATH; skipping the browser test of report.html");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = run_small(dir.path(), "svg");
    let report = std::fs::canonicalize(out.join("report.html")).unwrap();
    let url = format!("file://{}", report.display());

    // Screenshot: right size, not blank.
    let shot = dir.path().join("report.png");
    headless(
        &browser,
        &dir.path().join("profile-shot"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,4000".into(),
        ],
        &url,
    );
    let (w, h, spread, inked) = png_stats(&shot);
    assert_eq!((w, h), (1280, 4000), "screenshot size");
    assert!(
        spread > 10.0,
        "screenshot looks blank (luminance spread {spread:.1})"
    );
    assert!(
        inked > 0.02,
        "screenshot has almost no ink ({:.1}% of pixels)",
        inked * 100.0
    );

    // The rendered DOM, console messages and network requests.
    let netlog = dir.path().join("netlog.json");
    let (dom, stderr) = headless(
        &browser,
        &dir.path().join("profile-dom"),
        &[
            "--dump-dom".into(),
            "--enable-logging=stderr".into(),
            "--v=0".into(),
            format!("--log-net-log={}", netlog.display()),
        ],
        &url,
    );
    for (stem, svg) in chart_svgs(&out) {
        let title = svg_title(&svg);
        assert!(
            dom.contains(&title),
            "rendered page lacks chart {stem} ({title})"
        );
    }
    for needle in [
        "Headline figures",
        "Staffing gap",
        "Service level vs target by line",
        "Assumptions and sources",
        "data-key=\"education.students\"",
        "Method and reproducibility",
    ] {
        assert!(dom.contains(needle), "rendered page lacks {needle}");
    }
    // The name shows as text (serialised with its markup characters escaped), never as an element.
    assert!(
        dom.contains(
            &HOSTILE_NAME
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        )
    );
    assert!(!dom.contains("<script"), "the page has a script element");
    assert!(
        dom.matches("<svg").count() >= 5,
        "charts did not make it into the DOM"
    );
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.contains("CONSOLE")
                || l.contains("Failed to load resource")
                || l.contains("Not allowed to load")
        })
        .collect();
    assert!(
        problems.is_empty(),
        "browser reported problems:\n{}",
        problems.join("\n")
    );
    let requests = page_requests(&netlog);
    assert!(
        requests.is_empty(),
        "the report made network requests: {requests:?}"
    );
}

/// Pages of a PDF: its `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type")
        .filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count()
}

/// Prints `report` to PDF with headless Chromium and checks it: a PDF with
/// content and `pages` pages; then lays the page out with its print rules
/// at the A4 text width (210 mm − 28 mm margins ≈ 688 px) and measures every
/// chart and table with a probe: none may stick out of the page, and no chart
/// may be taller than a page (so it can be kept whole on one).
fn check_print(browser: &Path, dir: &Path, report: &Path, pages: std::ops::RangeInclusive<usize>) {
    let html = read(report);
    let figures = html.matches("<figure").count();
    let stem = report
        .parent()
        .and_then(|p| p.file_name())
        .map_or("report".into(), |n| n.to_string_lossy().into_owned());
    let pdf = dir.join(format!("{stem}.pdf"));
    headless(
        browser,
        &dir.join(format!("profile-pdf-{stem}")),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
            "--print-to-pdf-no-header".into(),
        ],
        &format!("file://{}", report.display()),
    );
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(
        bytes.len() > 50_000,
        "PDF suspiciously small: {} bytes",
        bytes.len()
    );
    let n = pdf_pages(&bytes);
    assert!(
        pages.contains(&n),
        "{n} pages for {stem}, expected {pages:?}"
    );

    let probe = r#"<script>
const w = document.documentElement.clientWidth, bad = [];
document.querySelectorAll('figure svg, table').forEach(e => {
  const r = e.getBoundingClientRect();
  const what = (e.closest('figure') || e).id || e.className || e.tagName;
  if (r.right > w + 1 || r.left < -1) bad.push(what + ' x ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + w);
  if (e.tagName === 'svg' && (r.height > 960 || r.width < 300)) bad.push(what + ' size ' + Math.round(r.width) + 'x' + Math.round(r.height));
});
document.body.setAttribute('data-layout', bad.length ? bad.join('; ') : 'ok');
document.body.setAttribute('data-charts', document.querySelectorAll('figure svg').length);
</script></body>"#;
    let printed = html
        .replace("@media print{", "@media all{")
        .replace("</body>", probe);
    let probe_page = dir.join(format!("{stem}-print-layout.html"));
    std::fs::write(&probe_page, printed).unwrap();
    let (dom, _) = headless(
        browser,
        &dir.join(format!("profile-layout-{stem}")),
        &["--dump-dom".into(), "--window-size=688,971".into()],
        &format!("file://{}", probe_page.display()),
    );
    let attr = |name: &str| {
        let key = format!("{name}=\"");
        let at = dom
            .find(&key)
            .unwrap_or_else(|| panic!("the probe did not run: no {name}"));
        let rest = &dom[at + key.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    };
    assert_eq!(
        attr("data-layout"),
        "ok",
        "charts or tables of {stem} clipped in print"
    );
    assert_eq!(attr("data-charts"), figures.to_string());
    // The print rules keep every chart whole and within the page.
    let css_print = &html[html.find("@media print{").expect("print rules")..];
    assert!(css_print.contains("break-inside:avoid"));
    assert!(css_print.contains("max-width:100%"));
}

#[test]
fn report_prints_to_pdf_without_clipped_charts() {
    let Some(browser) = chromium() else {
        if std::env::var("BPOSIM_CI").is_ok_and(|v| v == "1") {
            panic!("chromium is not on PATH; CI must install it (.ci/run)");
        }
        eprintln!("note: chromium not on PATH; skipping the print test of report.html");
        return;
    };
    // The built-in plan: the report that goes into grant proposals, with
    // every chart kind, the wide tables and the sources cited.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("built-in");
    bposim()
        .args([
            "run",
            "-q",
            "--replications",
            "2",
            "--format",
            "svg",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let report = std::fs::canonicalize(out.join("report.html")).unwrap();
    let html = read(&report);
    assert!(html.matches("<figure").count() >= 5);
    assert!(
        html.contains("id=\"src-koica-dec\""),
        "the sources cited are in the page"
    );
    check_print(&browser, dir.path(), &report, 5..=60);

    // The study reports print as well.
    let two_pools = write(
        dir.path(),
        "two-pools.toml",
        include_str!("fixtures/two-pools.toml"),
    );
    let sweep = dir.path().join("sweep");
    bposim()
        .args([
            "sweep",
            "-q",
            "--replications",
            "2",
            "--format",
            "none",
            "--out",
        ])
        .arg(&sweep)
        .arg(&two_pools)
        .args([
            "--vary",
            "education.placement_rate=0.1,0.25,0.4",
            "--vary",
            "workforce.attrition_annual=0.2,0.5",
        ])
        .assert()
        .success();
    let report = std::fs::canonicalize(sweep.join("report.html")).unwrap();
    check_print(&browser, dir.path(), &report, 3..=30);
}
