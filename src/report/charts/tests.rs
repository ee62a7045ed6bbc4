//! Unit tests of the chart toolkit and of every chart kind.

use super::axes::{linear_axis, log_axis};
use super::fonts::fonts;
use super::months::month_ticks;
use super::numbers::{format_number, format_value};
use super::painter::{dash_pieces, hatch_segments};
use super::*;

fn months(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{}-{:02}", 2026 + i / 12, i % 12 + 1))
        .collect()
}

fn lines(values: Vec<f64>) -> Chart {
    let n = values.len();
    Chart::Lines(LineChart {
        title: "Staffing gap".into(),
        months: months(n),
        x_label: "Month".into(),
        y_label: "Headcount (FTE)".into(),
        y_format: ValueFormat::Number,
        series: vec![MonthlySeries {
            name: "Required".into(),
            band: Some(Band {
                low: values.iter().map(|v| v - 5.0).collect(),
                high: values.iter().map(|v| v + 5.0).collect(),
            }),
            values,
            ..Default::default()
        }],
        reference_lines: vec![ReferenceLine {
            label: "Target".into(),
            value: 100.0,
            series: Some(0),
        }],
        subtitle: "People required on the floor".into(),
        footer: "Test scenario · 2 replications · seed 7 · bposim test".into(),
        ..Default::default()
    })
}

fn panels(values: Vec<f64>, count: usize) -> Chart {
    let n = values.len();
    Chart::Panels(PanelChart {
        title: "Voice misses its target in 3 of 12 months".into(),
        subtitle: "Service level by month, one panel per line".into(),
        footer: "Test scenario · 2 replications · seed 7 · bposim test".into(),
        months: months(n),
        columns: 3,
        row_weights: vec![],
        panels: (0..count)
            .map(|k| Panel {
                title: format!("Line {k}"),
                y_format: ValueFormat::Percent,
                series: vec![MonthlySeries {
                    name: "Service level".into(),
                    values: values.iter().map(|v| (v + k as f64).min(100.0)).collect(),
                    band: Some(Band {
                        low: values.iter().map(|v| v - 5.0).collect(),
                        high: values.iter().map(|v| (v + 5.0).min(100.0)).collect(),
                    }),
                    area: k % 2 == 1,
                    style: Some(0),
                }],
                reference_lines: vec![ReferenceLine {
                    label: "Target".into(),
                    value: 80.0,
                    series: None,
                }],
                marks: vec![MonthMark {
                    month: n / 2,
                    label: "Short from here".into(),
                }],
                ..Default::default()
            })
            .collect(),
    })
}

fn stacked(values: Vec<f64>) -> Chart {
    Chart::StackedAreas(StackedAreaChart {
        title: "Workforce composition".into(),
        months: months(values.len()),
        x_label: "Month".into(),
        y_label: "People".into(),
        y_format: ValueFormat::Number,
        layers: vec![
            Layer {
                name: "In training".into(),
                values: values.clone(),
            },
            Layer {
                name: "Proficient".into(),
                values,
            },
        ],
        ..Default::default()
    })
}

fn weekly(values: Vec<f64>) -> Chart {
    Chart::WeeklyProfile(WeeklyProfileChart {
        title: "Weekly profile".into(),
        x_label: "Hour of week".into(),
        y_label: "Agents on duty".into(),
        footer: "Test scenario · seed 7".into(),
        subtitle: String::new(),
        demand: ProfileSeries {
            name: "Demand".into(),
            band: Some(Band {
                low: values.clone(),
                high: values.iter().map(|v| v * 1.1).collect(),
            }),
            values: values.clone(),
        },
        staff: ProfileSeries {
            name: "Agents".into(),
            values: values.iter().map(|v| v / 5.0).collect(),
            band: None,
        },
    })
}

fn cdf(values: Vec<f64>, x_scale: XScale) -> Chart {
    let points: Vec<(f64, f64)> = values.iter().map(|&v| (v, v / 10.0)).collect();
    Chart::Cdf(CdfChart {
        title: "Waiting-time distribution".into(),
        x_label: "Waiting time (s)".into(),
        y_label: "Share of tasks (%)".into(),
        x_scale,
        series: vec![CdfSeries {
            name: "Voice".into(),
            band: Some(Band {
                low: points.iter().map(|p| p.1 - 2.0).collect(),
                high: points.iter().map(|p| p.1 + 2.0).collect(),
            }),
            points,
        }],
        x_markers: vec![ReferenceLine {
            label: "Threshold".into(),
            value: 20.0,
            series: None,
        }],
        ..Default::default()
    })
}

fn tornado(values: Vec<f64>) -> Chart {
    Chart::Tornado(TornadoChart {
        title: "Sensitivity of export revenue".into(),
        x_label: "Export revenue (USD)".into(),
        x_format: ValueFormat::Usd,
        base_label: "Base case".into(),
        base_value: values.first().copied().unwrap_or(f64::NAN),
        bars: values
            .windows(2)
            .enumerate()
            .map(|(i, w)| TornadoBar {
                input: format!("education.input_{i}"),
                low_input: "0.1".into(),
                high_input: "0.4".into(),
                low_result: w[0],
                high_result: w[1],
            })
            .collect(),
        ..Default::default()
    })
}

fn shares(values: Vec<f64>) -> Chart {
    let total: f64 = values
        .iter()
        .filter(|v| v.is_finite())
        .map(|v| v.abs())
        .sum();
    Chart::Shares(ShareChart {
        title: "Growth matters most".into(),
        subtitle: "Shares of the variance".into(),
        footer: "scenario · seed 1".into(),
        x_label: "Share of the variance".into(),
        bars: values
            .iter()
            .enumerate()
            .map(|(i, v)| ShareBar {
                label: format!("Input {i}"),
                share: if total > 0.0 { v.abs() / total } else { *v },
                note: "(rises with it)".into(),
            })
            .collect(),
    })
}

/// One chart of every kind built from `values`.
fn every_kind(values: &[f64]) -> Vec<Chart> {
    let v = values.to_vec();
    vec![
        lines(v.clone()),
        panels(v.clone(), 5),
        stacked(v.clone()),
        weekly(v.clone()),
        cdf(v.clone(), XScale::Linear),
        cdf(v.clone(), XScale::Log),
        tornado(v.clone()),
        shares(v),
    ]
}

fn typical() -> Vec<f64> {
    (0..168)
        .map(|i| 50.0 + 40.0 * (i as f64 / 7.0).sin())
        .collect()
}

/// Title and axis titles every chart must show.
fn expected_texts(chart: &Chart) -> Vec<&str> {
    match chart {
        Chart::Lines(c) => vec![&c.title, &c.subtitle, &c.x_label, &c.y_label],
        Chart::StackedAreas(c) => vec![&c.title, &c.x_label, &c.y_label],
        Chart::WeeklyProfile(c) => vec![&c.title, &c.x_label, &c.y_label, &c.footer],
        Chart::Panels(c) => vec![&c.title, &c.subtitle, &c.footer, &c.panels[0].title],
        Chart::Cdf(c) => vec![&c.title, &c.x_label, &c.y_label],
        Chart::Tornado(c) => vec![&c.title, &c.x_label],
        Chart::Lever(c) => vec![&c.title, &c.x_label, &c.y_label],
        Chart::Shares(c) => vec![&c.title, &c.subtitle, &c.footer, &c.x_label],
    }
    .into_iter()
    .map(String::as_str)
    .collect()
}

fn decode(bytes: &[u8]) -> png::OutputInfo {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    let dims = reader.info().pixel_dims.expect("pHYs chunk");
    assert_eq!(dims.unit, png::Unit::Meter);
    assert_eq!(dims.xppu, dims.yppu);
    info
}

#[test]
fn every_kind_renders_valid_svg_with_title_and_axis_labels() {
    for chart in every_kind(&typical()) {
        let svg = String::from_utf8(render(&chart, Format::Svg).unwrap()).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains(r#"width="1000" height="700""#));
        for text in expected_texts(&chart) {
            assert!(svg.contains(text), "missing {text:?}");
        }
    }
}

/// Anchor positions of every `<text>` element in an SVG.
fn text_anchors(svg: &str) -> Vec<(f64, f64)> {
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    svg.split("<text")
        .skip(1)
        .map(|t| (attr(t, "x"), attr(t, "y")))
        .collect()
}

#[test]
fn crowded_charts_keep_text_on_the_canvas() {
    let series = (0..40)
        .map(|k| MonthlySeries {
            name: format!("Service line {k} with a rather long descriptive name"),
            values: (0..120).map(|i| (i * k) as f64).collect(),
            band: None,
            ..Default::default()
        })
        .collect();
    let crowded = Chart::Lines(LineChart {
        title: "Staffing gap by service line ".repeat(12),
        months: months(120),
        x_label: "Month".into(),
        y_label: "Headcount (FTE)".into(),
        series,
        ..Default::default()
    });
    let mut charts = every_kind(&typical());
    charts.push(crowded);
    for chart in &charts {
        let svg = String::from_utf8(render(chart, Format::Svg).unwrap()).unwrap();
        for (x, y) in text_anchors(&svg) {
            assert!(
                (0.0..=1000.0).contains(&x) && (0.0..=700.0).contains(&y),
                "{x},{y}"
            );
        }
    }
    let svg = String::from_utf8(render(charts.last().unwrap(), Format::Svg).unwrap()).unwrap();
    assert!(svg.contains("more not listed"));
    assert!(svg.contains("…"));
}

#[test]
fn every_kind_renders_png_scaled_by_dpi() {
    for chart in every_kind(&typical()) {
        for (dpi, w, h) in [(48, 500, 350), (96, 1000, 700)] {
            let info = decode(&render(&chart, Format::Png { dpi }).unwrap());
            assert_eq!((info.width, info.height), (w, h));
            assert_eq!(info.color_type, png::ColorType::Rgb);
        }
    }
}

#[test]
fn png_records_dpi_in_phys_chunk() {
    let bytes = render(&lines(typical()), Format::Png { dpi: 300 }).unwrap();
    let info = decode(&bytes);
    assert_eq!((info.width, info.height), (3125, 2188));
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes[..]));
    let reader = decoder.read_info().unwrap();
    assert_eq!(reader.info().pixel_dims.unwrap().xppu, 11811);
}

#[test]
fn png_draws_dark_text_on_white() {
    let bytes = render(&lines(typical()), Format::Png { dpi: 96 }).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes[..]));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).unwrap();
    // The title sits in the top-left corner: some pixels there must be dark.
    let dark = (20..45)
        .flat_map(|y| (20..200).map(move |x| (y * 1000 + x) * 3))
        .filter(|&i| buf[i] < 80)
        .count();
    assert!(dark > 100, "only {dark} dark title pixels");
    assert_eq!(&buf[..3], &[255, 255, 255]);
}

#[test]
fn bad_dpi_is_an_error() {
    for dpi in [0, MIN_DPI - 1, MAX_DPI + 1, u32::MAX] {
        assert_eq!(
            render(&lines(typical()), Format::Png { dpi }),
            Err(ChartError::InvalidDpi(dpi))
        );
    }
}

#[test]
fn degenerate_data_never_panics() {
    let cases: Vec<Vec<f64>> = vec![
        vec![],
        vec![f64::NAN; 5],
        vec![42.0],
        vec![0.0; 12],
        vec![-5.0, -1.0, -3.0],
        vec![1e300, -1e300, 5.0],
        vec![f64::MAX, f64::MIN, f64::INFINITY, f64::NEG_INFINITY],
        vec![1e-12, 2e-12, 3e-12],
        vec![1e15, 1.000_000_1e15],
        vec![1.0, f64::NAN, 3.0, f64::NAN, 5.0],
    ];
    for values in &cases {
        for chart in every_kind(values) {
            let svg = render(&chart, Format::Svg).unwrap();
            assert!(svg.starts_with(b"<svg"), "{values:?}");
            let info = decode(&render(&chart, Format::Png { dpi: MIN_DPI }).unwrap());
            assert_eq!(info.width, 250);
        }
    }
}

#[test]
fn empty_and_mismatched_inputs_render() {
    let charts = [
        Chart::Lines(LineChart::default()),
        Chart::Panels(PanelChart::default()),
        Chart::StackedAreas(StackedAreaChart::default()),
        Chart::WeeklyProfile(WeeklyProfileChart::default()),
        Chart::Cdf(CdfChart::default()),
        Chart::Tornado(TornadoChart::default()),
        Chart::Shares(ShareChart::default()),
        Chart::Lines(LineChart {
            months: months(3),
            series: vec![MonthlySeries {
                name: "Short band".into(),
                values: vec![1.0, 2.0, 3.0, 4.0, 5.0],
                band: Some(Band {
                    low: vec![0.5],
                    high: vec![],
                }),
                ..Default::default()
            }],
            reference_lines: vec![ReferenceLine {
                label: "Unknown series".into(),
                value: f64::NAN,
                series: Some(99),
            }],
            ..Default::default()
        }),
    ];
    for chart in &charts {
        let svg = String::from_utf8(render(chart, Format::Svg).unwrap()).unwrap();
        assert!(svg.starts_with("<svg"));
        render(chart, Format::Png { dpi: 48 }).unwrap();
    }
    let empty = String::from_utf8(render(&charts[0], Format::Svg).unwrap()).unwrap();
    assert!(empty.contains("No data"));
}

#[test]
fn text_is_escaped_in_svg() {
    let Chart::Lines(mut c) = lines(typical()) else {
        unreachable!()
    };
    c.title = "R&D <staff> \"quoted\"".into();
    let svg = String::from_utf8(render(&Chart::Lines(c), Format::Svg).unwrap()).unwrap();
    assert!(svg.contains("R&amp;D &lt;staff&gt; &quot;quoted&quot;"));
}

#[test]
fn tornado_sorts_by_width_and_labels_ranges() {
    let chart = tornado(vec![100.0, 90.0, 130.0, 120.0]);
    let svg = String::from_utf8(render(&chart, Format::Svg).unwrap()).unwrap();
    let pos = |s: &str| svg.find(s).unwrap_or_else(|| panic!("missing {s}"));
    // Widths: input_0 10, input_1 40, input_2 10 → input_1 drawn first (top).
    assert!(pos("education.input_1 (0.1 → 0.4)") < pos("education.input_0 (0.1 → 0.4)"));
    assert!(svg.contains("Base case: $100"));
}

#[test]
fn tick_labels_use_separators_and_compact_units() {
    assert_eq!(
        format_number(1_234_567.0, 1.0, 1e5, ValueFormat::Number),
        "1,234,567"
    );
    assert_eq!(
        format_number(1_200_000.0, 200_000.0, 2e6, ValueFormat::Usd),
        "$1.2M"
    );
    assert_eq!(
        format_number(-2_500.0, 500.0, 5e3, ValueFormat::Usd),
        "\u{2212}$2,500"
    );
    assert_eq!(format_number(80.0, 5.0, 100.0, ValueFormat::Percent), "80%");
    assert_eq!(format_number(0.0, 0.5, 2.0, ValueFormat::Number), "0");
    assert_eq!(
        format_number(3e18, 1e18, 3e18, ValueFormat::Number),
        "3.0e18"
    );
    assert_eq!(format_value(9_400_000.0, ValueFormat::Usd), "$9.4M");
    assert_eq!(format_value(12_345.0, ValueFormat::Number), "12,345");
    assert_eq!(format_value(0.126, ValueFormat::Number), "0.13");
    assert_eq!(format_value(f64::NAN, ValueFormat::Number), "n/a");
}

#[test]
fn axes_pick_nice_ticks() {
    let axis = linear_axis(3.0, 97.0, 5, ValueFormat::Percent, true);
    assert_eq!((axis.lo, axis.hi), (0.0, 100.0));
    let labels: Vec<&str> = axis.ticks.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["0%", "20%", "40%", "60%", "80%", "100%"]);
    let flat = linear_axis(7.0, 7.0, 5, ValueFormat::Number, true);
    assert!(flat.lo < 7.0 && flat.hi > 7.0);
    let log = log_axis(0.5, 1800.0);
    assert_eq!((log.lo, log.hi), (0.5, 2000.0));
    assert!(log.ticks.iter().any(|(v, l)| *v == 1000.0 && l == "1,000"));
}

#[test]
fn month_labels_are_a_calendar_aligned_subset() {
    let fonts = fonts().unwrap();
    let m = months(36);
    // "Jul 2026" labels at 9 pt need about 100 px each.
    let ticks = month_ticks(fonts, &m, 36, 850.0 / 35.0);
    assert_eq!(ticks, (0..36).step_by(6).collect::<Vec<_>>());
    let offset = months(40)[2..].to_vec();
    let ticks = month_ticks(fonts, &offset, 38, 10.0);
    assert_eq!(offset[ticks[0]], "2027-01");
    assert_eq!(month_ticks(fonts, &m[..2], 2, 800.0), [0, 1]);
}

#[test]
fn dashes_and_hatches_are_well_formed() {
    let pieces = dash_pieces(&[(0.0, 0.0), (22.0, 0.0)], &[7.0, 4.0]);
    assert_eq!(pieces.len(), 2);
    assert_eq!(pieces[1], [(11.0, 0.0), (18.0, 0.0)]);
    let square = [(0.0, 0.0), (80.0, 0.0), (80.0, 80.0), (0.0, 80.0)];
    // Half-open crossing rule: y = 0 counts, y = 80 does not.
    let segments = hatch_segments(&square, 0.0, 8.0);
    assert_eq!(segments.len(), 10);
    assert!(segments.iter().all(|[a, b]| a.0 == 0.0 && b.0 == 80.0));
    assert!(hatch_segments(&[(0.0, 0.0), (f64::NAN, 1.0), (2.0, 2.0)], 45.0, 8.0).is_empty());
}

#[test]
fn durations_read_in_their_unit_and_month_labels_in_words() {
    use super::months::human_month;
    use super::numbers::format_duration;
    assert_eq!(format_duration(0.0), "0 s");
    assert_eq!(format_duration(45.0), "45 s");
    assert_eq!(format_duration(90.0), "1.5 min");
    assert_eq!(format_duration(7200.0), "2 h");
    assert_eq!(format_duration(259_200.0), "3 d");
    let axis = linear_axis(0.0, 100.0, 3, ValueFormat::Seconds, true);
    let labels: Vec<&str> = axis.ticks.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["0 s", "1 min", "2 min"]);
    assert_eq!(human_month("2026-07"), "Jul 2026");
    assert_eq!(human_month("2030"), "2030");
}

#[test]
fn legend_swatches_show_what_is_drawn() {
    // A series with a band gets a swatch with the band in the series' own
    // colour (blue, at the band's opacity), never a grey "interval" entry.
    let svg = String::from_utf8(render(&lines(typical()), Format::Svg).unwrap()).unwrap();
    assert!(!svg.contains("Shaded: 95% interval"));
    assert!(svg.contains("#0072B2"));
    assert!(svg.contains("People required on the floor"));
    assert!(svg.contains("Test scenario · 2 replications · seed 7"));
}
