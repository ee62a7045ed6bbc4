//! Print-ready charts for bposim reports.
//!
//! [`render`] is a pure function: chart data in, SVG or PNG bytes out, no file
//! I/O. Text uses the embedded DejaVu Sans font, at least 9 pt when a chart is
//! placed 16 cm wide; colours follow the Okabe–Ito palette and every series
//! also differs by dash pattern and lightness (stacked layers are named inside
//! them), so charts stay readable in greyscale and for colour-blind readers.
//! Every chart carries a title (the finding), a subtitle (what is plotted) and
//! a footer (provenance); months read "Jul 2026".
//! Any data is accepted: non-finite values become gaps, and a chart with
//! nothing to plot says "No data".
//!
//! This module owns the public API: the chart data types, [`Chart`],
//! [`Format`] and [`render`]. Below it sit the drawing toolkit (look, fonts,
//! painter, numbers, axes, header, frame, output) and one file per chart kind.
//! Like the rest of the report layer it imports only `crate::results` (and
//! foundations such as `crate::stats`), never the plan, model or staffing.

mod axes;
mod cdf;
mod data;
mod fonts;
mod frame;
mod header;
mod lever;
mod lines;
mod months;
mod numbers;
mod output;
mod painter;
mod panels;
mod shares;
mod stacked;
mod style;
#[cfg(test)]
mod tests;
mod tornado;
mod weekly;

/// Output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SVG at 1000×700 px; text refers to DejaVu Sans with sans-serif fallbacks.
    /// Text is at least 9 pt when the chart is placed 16 cm wide.
    Svg,
    /// PNG scaled by `dpi / 96` relative to the SVG, with the dpi in its pHYs chunk.
    Png {
        /// Resolution in dots per inch, [`MIN_DPI`]..=[`MAX_DPI`] (200 suits A4 print).
        dpi: u32,
    },
}

/// Lowest accepted PNG resolution.
pub const MIN_DPI: u32 = 24;
/// Highest accepted PNG resolution.
pub const MAX_DPI: u32 = 600;

/// Why a chart could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    /// The PNG resolution is outside [`MIN_DPI`]..=[`MAX_DPI`].
    InvalidDpi(u32),
    /// The embedded font could not be parsed.
    Font,
    /// The drawing backend failed.
    Draw(String),
    /// PNG encoding failed.
    Encode(String),
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidDpi(dpi) => {
                write!(
                    f,
                    "PNG resolution {dpi} dpi is outside {MIN_DPI}..={MAX_DPI}"
                )
            }
            Self::Font => write!(f, "the embedded chart font could not be loaded"),
            Self::Draw(e) => write!(f, "chart drawing failed: {e}"),
            Self::Encode(e) => write!(f, "PNG encoding failed: {e}"),
        }
    }
}

impl std::error::Error for ChartError {}

/// How values are written on an axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueFormat {
    /// Plain numbers with thousands separators (1,234,567), compact from a million (1.2M).
    #[default]
    Number,
    /// Percentages given as 0–100, written "80%".
    Percent,
    /// US dollars, written "$1,234" or "$1.2M".
    Usd,
    /// Durations given in seconds, written "30 s", "5 min", "2 h", "3 d".
    Seconds,
}

/// Lower and upper ends of a 95% interval, index-aligned with the values they surround.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Band {
    /// Lower ends.
    pub low: Vec<f64>,
    /// Upper ends.
    pub high: Vec<f64>,
}

/// A horizontal reference line such as a target (vertical on a CDF).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferenceLine {
    /// Legend text, e.g. "Target (80%)".
    pub label: String,
    /// Position on the value axis.
    pub value: f64,
    /// Index of the series whose colour the line takes; `None` draws it dark grey.
    pub series: Option<usize>,
}

/// One series of monthly means.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthlySeries {
    /// Legend text.
    pub name: String,
    /// One value per month.
    pub values: Vec<f64>,
    /// Optional 95% interval per month.
    pub band: Option<Band>,
    /// Filled from zero up to the values (an amount such as a shortfall).
    pub area: bool,
    /// Which series look (colour, dash) to draw with; `None`: its position.
    /// Lets a series keep its look across the panels of a [`PanelChart`].
    pub style: Option<usize>,
}

/// A labelled vertical mark at one month, e.g. "Short from Jun 2030".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthMark {
    /// Index of the month.
    pub month: usize,
    /// Text beside the mark.
    pub label: String,
}

/// Lines with shaded 95% bands over months (staffing gap, service level vs
/// target, revenue and wage bill; pass cumulative values for a cumulative view).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    /// Chart title.
    pub title: String,
    /// What is plotted, under the title (may be empty).
    pub subtitle: String,
    /// Provenance line(s) at the bottom (may be empty).
    pub footer: String,
    /// Month labels "YYYY-MM", one per month (drawn as "Jul 2026").
    pub months: Vec<String>,
    /// X-axis title.
    pub x_label: String,
    /// Y-axis title with unit, e.g. "Headcount (FTE)".
    pub y_label: String,
    /// How y values are written.
    pub y_format: ValueFormat,
    /// The series.
    pub series: Vec<MonthlySeries>,
    /// Horizontal reference lines such as targets.
    pub reference_lines: Vec<ReferenceLine>,
    /// Labelled vertical marks at months.
    pub marks: Vec<MonthMark>,
}

/// One panel of a [`PanelChart`]: lines over the chart's months against its
/// own value axis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel {
    /// Panel heading, e.g. a service line's name.
    pub title: String,
    /// Y-axis title with unit (may be empty when the subtitle says it).
    pub y_label: String,
    /// How y values are written.
    pub y_format: ValueFormat,
    /// The series.
    pub series: Vec<MonthlySeries>,
    /// Horizontal reference lines such as the panel's target.
    pub reference_lines: Vec<ReferenceLine>,
    /// Labelled vertical marks at months.
    pub marks: Vec<MonthMark>,
    /// Fixed value range (e.g. 0–100%); `None`: fitted to the data.
    pub y_range: Option<(f64, f64)>,
}

/// Panels over the same months: small multiples in a grid (one per service
/// line) or a few stacked panels with their own scales. The legend lists
/// every series name and reference line once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PanelChart {
    /// Chart title: the finding in words.
    pub title: String,
    /// What is plotted, under the title (may be empty).
    pub subtitle: String,
    /// Provenance line(s) at the bottom (may be empty).
    pub footer: String,
    /// Month labels "YYYY-MM", one per month.
    pub months: Vec<String>,
    /// Panels per row (1: panels stacked).
    pub columns: usize,
    /// Relative heights of the rows (missing: 1).
    pub row_weights: Vec<f64>,
    /// The panels, row by row.
    pub panels: Vec<Panel>,
}

/// One layer of a stacked area chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layer {
    /// Legend text.
    pub name: String,
    /// One value per month; negative and non-finite values count as zero.
    pub values: Vec<f64>,
}

/// Stacked areas over months (throughput by service line, workforce composition).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StackedAreaChart {
    /// Chart title.
    pub title: String,
    /// What is plotted, under the title (may be empty).
    pub subtitle: String,
    /// Provenance line(s) at the bottom (may be empty).
    pub footer: String,
    /// Month labels "YYYY-MM", one per month (drawn as "Jul 2026").
    pub months: Vec<String>,
    /// X-axis title.
    pub x_label: String,
    /// Y-axis title with unit.
    pub y_label: String,
    /// How y values are written.
    pub y_format: ValueFormat,
    /// Layers from the bottom of the stack up.
    pub layers: Vec<Layer>,
    /// Lines drawn over the stack, e.g. a total of another kind.
    pub overlays: Vec<MonthlySeries>,
}

/// One hourly series of a weekly profile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileSeries {
    /// Legend text, e.g. "Required on duty".
    pub name: String,
    /// Hourly values starting Monday 00:00 (168 for one week).
    pub values: Vec<f64>,
    /// Optional 95% interval per hour.
    pub band: Option<Band>,
}

/// Weekly profile: what is needed against what is on duty, hour by hour, in
/// one unit on one axis; hours where the supply is below the need are shaded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WeeklyProfileChart {
    /// Chart title.
    pub title: String,
    /// What is plotted, under the title (may be empty).
    pub subtitle: String,
    /// Provenance line(s) at the bottom (may be empty).
    pub footer: String,
    /// X-axis title, e.g. "Hour of the week (site time)".
    pub x_label: String,
    /// Y-axis title with unit, e.g. "Agents (agent-hours per hour)".
    pub y_label: String,
    /// The need, e.g. required agents on duty.
    pub demand: ProfileSeries,
    /// The supply, e.g. agents on duty; shaded where below `demand`.
    pub staff: ProfileSeries,
}

/// Scale of the x axis of a CDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum XScale {
    /// Linear from zero.
    #[default]
    Linear,
    /// Logarithmic; waits of zero or less are drawn at the left edge.
    Log,
}

/// One cumulative distribution.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CdfSeries {
    /// Legend text.
    pub name: String,
    /// (wait in seconds, share of tasks in percent 0–100) points.
    pub points: Vec<(f64, f64)>,
    /// Optional 95% interval of the share, index-aligned with `points`.
    pub band: Option<Band>,
}

/// Waiting-time distributions drawn as step lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CdfChart {
    /// Chart title.
    pub title: String,
    /// What is plotted, under the title (may be empty).
    pub subtitle: String,
    /// Provenance line(s) at the bottom (may be empty).
    pub footer: String,
    /// X-axis title with unit, e.g. "Waiting time (s)".
    pub x_label: String,
    /// Y-axis title, e.g. "Share of tasks (%)".
    pub y_label: String,
    /// Linear or logarithmic x axis.
    pub x_scale: XScale,
    /// How x values are written (seconds as "30 s", "5 min", "2 h" with [`ValueFormat::Seconds`]).
    pub x_format: ValueFormat,
    /// The distributions.
    pub series: Vec<CdfSeries>,
    /// Vertical reference lines such as a service-level threshold.
    pub x_markers: Vec<ReferenceLine>,
}

/// One input of a tornado chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TornadoBar {
    /// Input name, e.g. "education.placement_rate".
    pub input: String,
    /// Low input value as text, e.g. "0.1".
    pub low_input: String,
    /// High input value as text, e.g. "0.4".
    pub high_input: String,
    /// Headline figure with the input at its low value.
    pub low_result: f64,
    /// Headline figure with the input at its high value.
    pub high_result: f64,
}

/// Sensitivity of one headline figure: one bar per input, widest on top.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TornadoChart {
    /// Chart title.
    pub title: String,
    /// What is plotted, under the title (may be empty).
    pub subtitle: String,
    /// Provenance line(s) at the bottom (may be empty).
    pub footer: String,
    /// X-axis title with unit, e.g. "Net export revenue 2026–2030 (USD)".
    pub x_label: String,
    /// How values are written.
    pub x_format: ValueFormat,
    /// Legend text of the base line, e.g. "Base case".
    pub base_label: String,
    /// Headline figure with every input at its base value.
    pub base_value: f64,
    /// The inputs, in any order.
    pub bars: Vec<TornadoBar>,
}

/// One simulated value of a lever.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeverPoint {
    /// The value as the reader sees it, e.g. "25%".
    pub label: String,
    /// The value as a number for its place on the axis (non-finite: equal steps).
    pub x: f64,
    /// The headline figure at this value (mean over replications).
    pub value: f64,
    /// Lower end of its 95% interval.
    pub low: f64,
    /// Upper end of its 95% interval.
    pub high: f64,
}

/// A headline figure against the values of one lever (sweep), with its band.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeverChart {
    /// Chart title.
    pub title: String,
    /// X-axis title: the lever in words, e.g. "Placement rate".
    pub x_label: String,
    /// Y-axis title with unit.
    pub y_label: String,
    /// How y values are written.
    pub y_format: ValueFormat,
    /// Legend text of the line, e.g. "Peak shortfall (mean)".
    pub series_label: String,
    /// Legend text of the base line, e.g. "Base case".
    pub base_label: String,
    /// The figure with every input at its base value (non-finite: no line).
    pub base_value: f64,
    /// The simulated values, in the order swept.
    pub points: Vec<LeverPoint>,
    /// What is plotted, under the title (may be empty).
    pub subtitle: String,
    /// Provenance line(s) at the bottom (may be empty).
    pub footer: String,
}

/// One bar of a [`ShareChart`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShareBar {
    /// What the bar is, e.g. an input's name.
    pub label: String,
    /// Its share, 0–1.
    pub share: f64,
    /// Words after the value, e.g. "(figure rises with it)".
    pub note: String,
}

/// Shares as horizontal bars from zero, largest on top (each uncertain
/// input's share of the variance of a headline figure).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShareChart {
    /// Chart title: the finding in words.
    pub title: String,
    /// What is plotted, under the title (may be empty).
    pub subtitle: String,
    /// Provenance line(s) at the bottom (may be empty).
    pub footer: String,
    /// X-axis title.
    pub x_label: String,
    /// The bars, in any order.
    pub bars: Vec<ShareBar>,
}

/// Every chart kind bposim draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Lines with 95% bands over months.
    Lines(LineChart),
    /// Panels of lines over months (small multiples, stacked scales).
    Panels(PanelChart),
    /// Stacked areas over months.
    StackedAreas(StackedAreaChart),
    /// Hourly weekly profile: need against supply on one axis.
    WeeklyProfile(WeeklyProfileChart),
    /// Waiting-time CDF.
    Cdf(CdfChart),
    /// Sensitivity tornado.
    Tornado(TornadoChart),
    /// A figure against one lever's values (sweep).
    Lever(LeverChart),
    /// Shares as bars.
    Shares(ShareChart),
}

impl Chart {
    /// The chart with `footer` as its provenance line.
    pub fn with_footer(mut self, footer: String) -> Chart {
        match &mut self {
            Chart::Lines(c) => c.footer = footer,
            Chart::Panels(c) => c.footer = footer,
            Chart::StackedAreas(c) => c.footer = footer,
            Chart::WeeklyProfile(c) => c.footer = footer,
            Chart::Cdf(c) => c.footer = footer,
            Chart::Tornado(c) => c.footer = footer,
            Chart::Lever(c) => c.footer = footer,
            Chart::Shares(c) => c.footer = footer,
        }
        self
    }

    /// The chart's title.
    pub fn title(&self) -> &str {
        match self {
            Chart::Lines(c) => &c.title,
            Chart::Panels(c) => &c.title,
            Chart::StackedAreas(c) => &c.title,
            Chart::WeeklyProfile(c) => &c.title,
            Chart::Cdf(c) => &c.title,
            Chart::Tornado(c) => &c.title,
            Chart::Lever(c) => &c.title,
            Chart::Shares(c) => &c.title,
        }
    }

    /// Whether the chart has anything to plot.
    pub fn has_data(&self) -> bool {
        let any = |v: &[f64]| v.iter().any(|x| x.is_finite());
        match self {
            Chart::Lines(c) => c.series.iter().any(|s| any(&s.values)),
            Chart::Panels(c) => c
                .panels
                .iter()
                .any(|p| p.series.iter().any(|s| any(&s.values))),
            Chart::StackedAreas(c) => c.layers.iter().any(|l| any(&l.values)),
            Chart::WeeklyProfile(c) => any(&c.demand.values) || any(&c.staff.values),
            Chart::Cdf(c) => c
                .series
                .iter()
                .any(|s| s.points.iter().any(|p| p.0.is_finite() && p.1.is_finite())),
            Chart::Tornado(c) => !c.bars.is_empty(),
            Chart::Lever(c) => c.points.iter().any(|p| p.value.is_finite()),
            Chart::Shares(c) => c.bars.iter().any(|b| b.share.is_finite()),
        }
    }
}

/// A month label "2026-07" as people read it, "Jul 2026" (anything else as given).
pub fn month_name(label: &str) -> String {
    months::human_month(label)
}

/// A value as a chart's axis and bar ends write it in `format`.
pub fn value_text(x: f64, format: ValueFormat) -> String {
    numbers::format_value(x, format)
}

/// A duration in seconds as people read it: "45 s", "2 min", "1.5 h", "3 d".
pub fn duration(seconds: f64) -> String {
    numbers::format_duration(seconds)
}

/// Renders `chart` as SVG or PNG bytes.
pub fn render(chart: &Chart, format: Format) -> Result<Vec<u8>, ChartError> {
    let fonts = fonts::fonts()?;
    match format {
        Format::Svg => output::svg(chart, fonts),
        Format::Png { dpi } => output::png(chart, dpi, fonts),
    }
}
