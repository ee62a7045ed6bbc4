//! Print-ready charts for bposim reports.
//!
//! [`render`] is a pure function: chart data in, SVG or PNG bytes out, no file
//! I/O. Text uses the embedded DejaVu Sans font; colours follow the Okabe–Ito
//! palette and every series also differs by dash pattern, marker shape or
//! hatching, so charts stay readable in greyscale and for colour-blind readers.
//! Any data is accepted: non-finite values become gaps, and a chart with
//! nothing to plot says "No data".

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform, register_font};

/// Output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SVG at 1000×600 px; text refers to DejaVu Sans with sans-serif fallbacks.
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
}

/// Lines with shaded 95% bands over months (staffing gap, service level vs
/// target, revenue and wage bill; pass cumulative values for a cumulative view).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    /// Chart title.
    pub title: String,
    /// Month labels such as "2026-01", one per month.
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
    /// Month labels such as "2026-01", one per month.
    pub months: Vec<String>,
    /// X-axis title.
    pub x_label: String,
    /// Y-axis title with unit.
    pub y_label: String,
    /// How y values are written.
    pub y_format: ValueFormat,
    /// Layers from the bottom of the stack up.
    pub layers: Vec<Layer>,
}

/// One hourly series of a weekly profile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileSeries {
    /// Legend text, e.g. "Demand".
    pub name: String,
    /// Axis title with unit, e.g. "Tasks per hour".
    pub axis_label: String,
    /// Hourly values starting Monday 00:00 (168 for one week).
    pub values: Vec<f64>,
    /// Optional 95% interval per hour.
    pub band: Option<Band>,
}

/// Weekly profile: demand on the left axis against agents on duty on the right axis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WeeklyProfileChart {
    /// Chart title.
    pub title: String,
    /// X-axis title, e.g. "Hour of week".
    pub x_label: String,
    /// Demand, drawn against the left axis.
    pub demand: ProfileSeries,
    /// Agents on duty, drawn against the right axis.
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
    /// X-axis title with unit, e.g. "Waiting time (s)".
    pub x_label: String,
    /// Y-axis title, e.g. "Share of tasks (%)".
    pub y_label: String,
    /// Linear or logarithmic x axis.
    pub x_scale: XScale,
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

/// Every chart kind bposim draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Lines with 95% bands over months.
    Lines(LineChart),
    /// Stacked areas over months.
    StackedAreas(StackedAreaChart),
    /// Hourly weekly profile with two axes.
    WeeklyProfile(WeeklyProfileChart),
    /// Waiting-time CDF.
    Cdf(CdfChart),
    /// Sensitivity tornado.
    Tornado(TornadoChart),
}

/// Renders `chart` as SVG or PNG bytes.
pub fn render(chart: &Chart, format: Format) -> Result<Vec<u8>, ChartError> {
    let fonts = fonts()?;
    match format {
        Format::Svg => {
            let mut svg = String::new();
            {
                let size = (CANVAS_W as u32, CANVAS_H as u32);
                let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                replay(&area, record(chart, fonts, 1.0, false), None)?;
                area.present().map_err(draw_err)?;
            }
            Ok(svg.into_bytes())
        }
        Format::Png { dpi } => render_png(chart, dpi, fonts),
    }
}

// ---------------------------------------------------------------------------
// Fonts

const REGULAR_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
const BOLD_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// Font family as written into SVG text; also the key of the plotters font registry.
const FAMILY: &str = "DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif";

/// Plotters font sizes are 1.24 × the em size (its SVG backend divides by 1.24).
const PLOTTERS_SIZE_RATIO: f64 = 1.24;

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Fonts {
    fn get(&self, bold: bool) -> &FontRef<'static> {
        if bold { &self.bold } else { &self.regular }
    }

    /// Advance width of `text` in px at em size `size`.
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let font = self.get(bold);
        let scaled = font.as_scaled(px_scale(font, size));
        let mut width = 0.0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                width += scaled.kern(p, id);
            }
            width += scaled.h_advance(id);
            prev = Some(id);
        }
        f64::from(width)
    }

    /// Shortens `text` with an ellipsis so it is at most `max` px wide.
    fn fit(&self, text: &str, size: f64, bold: bool, max: f64) -> String {
        if self.width(text, size, bold) <= max {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let candidate: String = chars.iter().collect::<String>() + "…";
            if self.width(&candidate, size, bold) <= max {
                return candidate;
            }
        }
        String::new()
    }

    /// Word-wraps `text` into lines at most `max` px wide.
    fn wrap(&self, text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if line.is_empty() || self.width(&candidate, size, bold) <= max {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
            .into_iter()
            .map(|l| self.fit(&l, size, bold, max))
            .collect()
    }
}

fn px_scale(font: &FontRef<'static>, em: f64) -> PxScale {
    let upem = font.units_per_em().unwrap_or(2048.0);
    PxScale::from(em as f32 * font.height_unscaled() / upem)
}

/// Parses the embedded fonts once and registers them with plotters.
fn fonts() -> Result<&'static Fonts, ChartError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            register_font(FAMILY, FontStyle::Normal, REGULAR_TTF).ok()?;
            register_font(FAMILY, FontStyle::Bold, BOLD_TTF).ok()?;
            Some(Fonts {
                regular: FontRef::try_from_slice(REGULAR_TTF).ok()?,
                bold: FontRef::try_from_slice(BOLD_TTF).ok()?,
            })
        })
        .as_ref()
        .ok_or(ChartError::Font)
}

// ---------------------------------------------------------------------------
// PNG output

/// Supersampling factor for anti-aliasing the bitmap.
const SUPERSAMPLE: u32 = 2;

fn render_png(chart: &Chart, dpi: u32, fonts: &'static Fonts) -> Result<Vec<u8>, ChartError> {
    if !(MIN_DPI..=MAX_DPI).contains(&dpi) {
        return Err(ChartError::InvalidDpi(dpi));
    }
    let scale = f64::from(dpi) / 96.0;
    let (w, h) = (
        (CANVAS_W * scale).round() as u32,
        (CANVAS_H * scale).round() as u32,
    );
    let (sw, sh) = (w * SUPERSAMPLE, h * SUPERSAMPLE);
    let prims = record(chart, fonts, scale * f64::from(SUPERSAMPLE), true);
    let mut big = vec![255u8; sw as usize * sh as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut big, (sw, sh)).into_drawing_area();
        replay(&area, prims, Some(fonts))?;
        area.present().map_err(draw_err)?;
    }
    let rgb = downsample(&big, sw, SUPERSAMPLE);
    encode_png(&rgb, w, h, dpi)
}

/// Box-filters an RGB image down by `factor` in each direction.
fn downsample(src: &[u8], w: u32, factor: u32) -> Vec<u8> {
    let (f, row_len) = (factor as usize, w as usize * 3);
    let (n, out_w) = ((f * f) as u32, w as usize / f);
    let mut out = Vec::with_capacity(src.len() / (f * f));
    let mut acc = vec![0u32; out_w * 3];
    for block in src.chunks_exact(row_len * f) {
        acc.fill(0);
        for row in block.chunks_exact(row_len) {
            for (cell, pixels) in acc.chunks_exact_mut(3).zip(row.chunks_exact(3 * f)) {
                for px in pixels.chunks_exact(3) {
                    cell[0] += u32::from(px[0]);
                    cell[1] += u32::from(px[1]);
                    cell[2] += u32::from(px[2]);
                }
            }
        }
        out.extend(acc.iter().map(|&sum| ((sum + n / 2) / n) as u8));
    }
    out
}

fn encode_png(rgb: &[u8], w: u32, h: u32, dpi: u32) -> Result<Vec<u8>, ChartError> {
    let enc_err = |e: png::EncodingError| ChartError::Encode(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // The fast (fdeflate) setting: flat-colour charts still compress to a
    // few hundred kB, at a fraction of the default's time.
    encoder.set_compression(png::Compression::Fast);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(enc_err)?;
    writer.write_image_data(rgb).map_err(enc_err)?;
    writer.finish().map_err(enc_err)?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// Look

const CANVAS_W: f64 = 1000.0;
const CANVAS_H: f64 = 600.0;
const MARGIN: f64 = 22.0;
const TITLE_SIZE: f64 = 19.0;
const LEGEND_SIZE: f64 = 13.0;
const AXIS_TITLE_SIZE: f64 = 14.0;
const TICK_SIZE: f64 = 12.5;
const NOTE_SIZE: f64 = 16.0;
const TICK_LEN: f64 = 5.0;
const GAP: f64 = 7.0;
const LINE_WIDTH: f64 = 2.0;
const HATCH_SPACING: f64 = 8.0;

const INK: RGBColor = RGBColor(30, 30, 30);
const SOFT_INK: RGBColor = RGBColor(70, 70, 70);
const AXIS_COLOUR: RGBColor = RGBColor(90, 90, 90);
const GRID_COLOUR: RGBColor = RGBColor(221, 221, 221);
const REF_COLOUR: RGBColor = RGBColor(60, 60, 60);
const BAND_ALPHA: f64 = 0.2;

/// Okabe–Ito colours for lines (yellow left out: too light on white).
const LINE_COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// Okabe–Ito colours for fills, ordered so neighbours differ in lightness.
const FILL_COLOURS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(240, 228, 66),  // yellow
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(0, 0, 0),       // black
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Stroke {
    Solid,
    Dashed,
    Dotted,
    LongDash,
    DashDotDot,
    /// Reserved for reference lines.
    DashDot,
}

impl Stroke {
    /// On/off lengths in px.
    fn pattern(self) -> &'static [f64] {
        match self {
            Self::Solid => &[],
            Self::Dashed => &[7.0, 4.0],
            Self::Dotted => &[2.0, 3.5],
            Self::LongDash => &[16.0, 5.0],
            Self::DashDotDot => &[10.0, 3.5, 2.0, 3.5, 2.0, 3.5],
            Self::DashDot => &[11.0, 4.0, 2.5, 4.0],
        }
    }
}

const SERIES_DASHES: [Stroke; 5] = [
    Stroke::Solid,
    Stroke::Dashed,
    Stroke::Dotted,
    Stroke::LongDash,
    Stroke::DashDotDot,
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Cross,
}

const SERIES_MARKERS: [Marker; 6] = [
    Marker::Circle,
    Marker::Square,
    Marker::TriangleUp,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Cross,
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Hatch {
    None,
    Forward,
    Backward,
    Horizontal,
    Cross,
    Vertical,
}

const FILL_HATCHES: [Hatch; 6] = [
    Hatch::None,
    Hatch::Forward,
    Hatch::Vertical,
    Hatch::Backward,
    Hatch::Cross,
    Hatch::Horizontal,
];

impl Hatch {
    /// Angles of the hatch lines in degrees.
    fn angles(self) -> &'static [f64] {
        match self {
            Self::None => &[],
            Self::Forward => &[-45.0],
            Self::Backward => &[45.0],
            Self::Horizontal => &[0.0],
            Self::Vertical => &[90.0],
            Self::Cross => &[-45.0, 45.0],
        }
    }
}

/// How one line series looks.
#[derive(Debug, Clone, Copy)]
struct LineStyle {
    colour: RGBColor,
    dash: Stroke,
    marker: Option<Marker>,
    /// Markers drawn as outlines (reference lines) rather than filled (data).
    hollow: bool,
    width: f64,
}

fn series_style(i: usize) -> LineStyle {
    LineStyle {
        colour: LINE_COLOURS[i % LINE_COLOURS.len()],
        dash: SERIES_DASHES[i % SERIES_DASHES.len()],
        marker: Some(SERIES_MARKERS[i % SERIES_MARKERS.len()]),
        hollow: false,
        width: LINE_WIDTH,
    }
}

/// Reference lines are dash-dotted; one tied to a series takes its colour and,
/// as an outline, its marker shape.
fn reference_style(line: &ReferenceLine, series_count: usize) -> LineStyle {
    let (colour, marker) = match line.series {
        Some(i) if i < series_count => (
            LINE_COLOURS[i % LINE_COLOURS.len()],
            Some(SERIES_MARKERS[i % SERIES_MARKERS.len()]),
        ),
        _ => (REF_COLOUR, None),
    };
    LineStyle {
        colour,
        dash: Stroke::DashDot,
        marker,
        hollow: true,
        width: 1.5,
    }
}

/// How one filled area looks.
#[derive(Debug, Clone, Copy)]
struct FillStyle {
    colour: RGBColor,
    hatch: Hatch,
}

fn fill_style(i: usize) -> FillStyle {
    FillStyle {
        colour: FILL_COLOURS[i % FILL_COLOURS.len()],
        hatch: FILL_HATCHES[i % FILL_HATCHES.len()],
    }
}

/// Hatch lines are white on dark fills and black on light ones.
fn hatch_colour(fill: RGBColor) -> RGBAColor {
    let grey = 0.299 * f64::from(fill.0) + 0.587 * f64::from(fill.1) + 0.114 * f64::from(fill.2);
    if grey < 140.0 {
        WHITE.mix(0.55)
    } else {
        BLACK.mix(0.3)
    }
}

// ---------------------------------------------------------------------------
// Painter: geometry in 1000×600 layout px, scaled on output

/// Text placement and look.
#[derive(Clone, Copy)]
struct TextStyleSpec {
    size: f64,
    bold: bool,
    colour: RGBColor,
    h: HPos,
    v: VPos,
    vertical: bool,
}

impl TextStyleSpec {
    fn new(size: f64, h: HPos, v: VPos) -> Self {
        Self {
            size,
            bold: false,
            colour: INK,
            h,
            v,
            vertical: false,
        }
    }

    fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    fn colour(self, colour: RGBColor) -> Self {
        Self { colour, ..self }
    }

    /// Rotated to read bottom to top.
    fn vertical(self) -> Self {
        Self {
            vertical: true,
            ..self
        }
    }
}

/// A drawing primitive in device pixels.
enum Prim {
    Path {
        pts: Vec<(i32, i32)>,
        colour: RGBAColor,
        width: u32,
    },
    Polygon {
        pts: Vec<(i32, i32)>,
        colour: RGBAColor,
    },
    Rect {
        corners: [(i32, i32); 2],
        colour: RGBAColor,
    },
    Circle {
        centre: (i32, i32),
        radius: i32,
        colour: RGBAColor,
    },
    Text {
        text: String,
        pos: (i32, i32),
        /// Em size in device px.
        size: f64,
        spec: TextStyleSpec,
    },
}

/// Records primitives from layout coordinates (1000×600 px), scaled to the output.
struct Painter {
    scale: f64,
    /// Bitmap output: wide lines are split into quads with round joins,
    /// because plotters' polygonised paths spike on sharp turns.
    raster: bool,
    prims: Vec<Prim>,
}

impl Painter {
    fn new(scale: f64, raster: bool) -> Self {
        Self {
            scale,
            raster,
            prims: Vec::new(),
        }
    }

    fn pt(&self, (x, y): (f64, f64)) -> (i32, i32) {
        (
            (x * self.scale).round() as i32,
            (y * self.scale).round() as i32,
        )
    }

    fn stroke(&self, width: f64) -> u32 {
        (width * self.scale).round().max(1.0) as u32
    }

    fn points(&self, pts: &[(f64, f64)]) -> Vec<(i32, i32)> {
        let mut out: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
        for &p in pts {
            let q = self.pt(p);
            if out.last() != Some(&q) {
                out.push(q);
            }
        }
        out
    }

    /// Strokes a polyline with a dash pattern.
    fn polyline(&mut self, pts: &[(f64, f64)], colour: RGBAColor, width: f64, dash: Stroke) {
        for piece in dash_pieces(pts, dash.pattern()) {
            self.solid_path(&piece, colour, width);
        }
    }

    fn solid_path(&mut self, pts: &[(f64, f64)], colour: RGBAColor, width: f64) {
        let pts = self.points(pts);
        let width = self.stroke(width);
        if pts.len() < 2 {
            return;
        }
        if !self.raster || width == 1 {
            self.prims.push(Prim::Path { pts, colour, width });
            return;
        }
        let r = f64::from(width) / 2.0;
        for (i, w) in pts.windows(2).enumerate() {
            let (a, b) = (
                (f64::from(w[0].0), f64::from(w[0].1)),
                (f64::from(w[1].0), f64::from(w[1].1)),
            );
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            if len == 0.0 {
                continue;
            }
            let (nx, ny) = (-(b.1 - a.1) / len * r, (b.0 - a.0) / len * r);
            let quad = [
                (a.0 + nx, a.1 + ny),
                (b.0 + nx, b.1 + ny),
                (b.0 - nx, b.1 - ny),
                (a.0 - nx, a.1 - ny),
            ]
            .map(|(x, y)| (x.round() as i32, y.round() as i32));
            self.prims.push(Prim::Polygon {
                pts: quad.to_vec(),
                colour,
            });
            if i > 0 && r >= 1.5 {
                self.prims.push(Prim::Circle {
                    centre: w[0],
                    radius: r.floor() as i32,
                    colour,
                });
            }
        }
    }

    fn polygon(&mut self, pts: &[(f64, f64)], colour: RGBAColor) {
        let pts = self.points(pts);
        if pts.len() >= 3 {
            self.prims.push(Prim::Polygon { pts, colour });
        }
    }

    fn rect(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), colour: RGBAColor) {
        let corners = [
            self.pt((x0.min(x1), y0.min(y1))),
            self.pt((x0.max(x1), y0.max(y1))),
        ];
        self.prims.push(Prim::Rect { corners, colour });
    }

    fn rect_outline(
        &mut self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        colour: RGBAColor,
        width: f64,
    ) {
        let ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
        self.polyline(&ring, colour, width, Stroke::Solid);
    }

    /// Fills `poly` with evenly spaced hatch lines.
    fn hatch(&mut self, poly: &[(f64, f64)], hatch: Hatch, colour: RGBAColor) {
        for &angle in hatch.angles() {
            for seg in hatch_segments(poly, angle, HATCH_SPACING) {
                self.solid_path(&seg, colour, 1.1);
            }
        }
    }

    /// A data marker with a white halo; `hollow` leaves a white centre.
    fn marker(&mut self, marker: Marker, pt: (f64, f64), colour: RGBColor, hollow: bool) {
        self.marker_shape(marker, pt, 5.2, WHITE);
        self.marker_shape(marker, pt, 3.8, colour);
        if hollow {
            self.marker_shape(marker, pt, 2.2, WHITE);
        }
    }

    fn marker_shape(&mut self, marker: Marker, (x, y): (f64, f64), r: f64, colour: RGBColor) {
        let c = colour.to_rgba();
        match marker {
            Marker::Circle => {
                let centre = self.pt((x, y));
                let radius = (r * self.scale).round().max(1.0) as i32;
                self.prims.push(Prim::Circle {
                    centre,
                    radius,
                    colour: c,
                });
            }
            Marker::Square => {
                let h = r * 0.88;
                self.rect((x - h, y - h), (x + h, y + h), c);
            }
            Marker::TriangleUp => {
                let r = r * 1.2;
                self.polygon(
                    &[
                        (x, y - r),
                        (x + r * 0.9, y + r * 0.65),
                        (x - r * 0.9, y + r * 0.65),
                    ],
                    c,
                );
            }
            Marker::TriangleDown => {
                let r = r * 1.2;
                self.polygon(
                    &[
                        (x, y + r),
                        (x + r * 0.9, y - r * 0.65),
                        (x - r * 0.9, y - r * 0.65),
                    ],
                    c,
                );
            }
            Marker::Diamond => {
                let r = r * 1.25;
                self.polygon(&[(x, y - r), (x + r, y), (x, y + r), (x - r, y)], c);
            }
            Marker::Cross => {
                let (a, t) = (r * 1.1, r * 0.38);
                self.polygon(
                    &[
                        (x - t, y - a),
                        (x + t, y - a),
                        (x + t, y - t),
                        (x + a, y - t),
                        (x + a, y + t),
                        (x + t, y + t),
                        (x + t, y + a),
                        (x - t, y + a),
                        (x - t, y + t),
                        (x - a, y + t),
                        (x - a, y - t),
                        (x - t, y - t),
                    ],
                    c,
                );
            }
        }
    }

    fn text(&mut self, text: &str, (x, y): (f64, f64), spec: TextStyleSpec) {
        if !text.is_empty() {
            self.prims.push(Prim::Text {
                text: text.to_string(),
                pos: self.pt((x, y)),
                size: spec.size * self.scale,
                spec,
            });
        }
    }
}

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// Draws recorded primitives; with `raster_fonts` text is rasterised here
/// rather than by plotters, whose ab_glyph path ignores side bearings and
/// places baselines differently from its SVG output.
fn replay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    prims: Vec<Prim>,
    raster_fonts: Option<&Fonts>,
) -> Result<(), ChartError> {
    for prim in prims {
        match prim {
            Prim::Path { pts, colour, width } => {
                let style = ShapeStyle {
                    color: colour,
                    filled: false,
                    stroke_width: width,
                };
                area.draw(&PathElement::new(pts, style))
            }
            Prim::Polygon { pts, colour } => area.draw(&Polygon::new(pts, colour.filled())),
            Prim::Rect { corners, colour } => area.draw(&Rectangle::new(corners, colour.filled())),
            Prim::Circle {
                centre,
                radius,
                colour,
            } => area.draw(&Circle::new(centre, radius, colour.filled())),
            Prim::Text {
                text,
                pos,
                size,
                spec,
            } => match raster_fonts {
                Some(fonts) => {
                    let mut result = Ok(());
                    raster_text(fonts, &text, pos, size, spec, &mut |x, y, colour| {
                        if result.is_ok() {
                            result = area.draw_pixel((x, y), &colour);
                        }
                    });
                    result
                }
                None => {
                    let weight = if spec.bold {
                        FontStyle::Bold
                    } else {
                        FontStyle::Normal
                    };
                    let font = (FAMILY, size * PLOTTERS_SIZE_RATIO, weight).into_font();
                    let mut style = TextStyle::from(font)
                        .color(&spec.colour)
                        .pos(Pos::new(spec.h, spec.v));
                    if spec.vertical {
                        style = style.transform(FontTransform::Rotate270);
                    }
                    area.draw(&Text::new(text, pos, style))
                }
            },
        }
        .map_err(draw_err)?;
    }
    Ok(())
}

/// Rasterises `text` at em size `size` with the anchoring the SVG backend writes
/// (top: +0.76em, centre: +0.5ex, bottom: −0.5ex from the anchor to the baseline).
fn raster_text(
    fonts: &Fonts,
    text: &str,
    (px, py): (i32, i32),
    size: f64,
    spec: TextStyleSpec,
    put: &mut dyn FnMut(i32, i32, RGBAColor),
) {
    let font = fonts.get(spec.bold);
    let scale = px_scale(font, size);
    let scaled = font.as_scaled(scale);
    let width = fonts.width(text, size, spec.bold);
    let x_height = 0.547;
    let dx = match spec.h {
        HPos::Left => 0.0,
        HPos::Center => -width / 2.0,
        HPos::Right => -width,
    };
    let dy = match spec.v {
        VPos::Top => 0.76 * size,
        VPos::Center => 0.5 * x_height * size,
        VPos::Bottom => -0.5 * x_height * size,
    };
    let mut pen = dx as f32;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        prev = Some(id);
        let glyph = id.with_scale_and_position(scale, point(pen, dy as f32));
        pen += scaled.h_advance(id);
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            if coverage > 0.0 {
                let tx = bounds.min.x as i32 + gx as i32;
                let ty = bounds.min.y as i32 + gy as i32;
                let (x, y) = if spec.vertical {
                    (px + ty, py - tx)
                } else {
                    (px + tx, py + ty)
                };
                put(x, y, spec.colour.mix(f64::from(coverage.min(1.0))));
            }
        });
    }
}

/// Splits a polyline into the "on" pieces of a dash pattern.
fn dash_pieces(pts: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    if pattern.is_empty() || pattern.iter().any(|&l| l <= 0.0) {
        return vec![pts.to_vec()];
    }
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let (mut idx, mut left) = (0usize, pattern[0]);
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if !len.is_finite() {
            continue;
        }
        let mut pos = 0.0;
        while pos < len {
            let step = left.min(len - pos);
            let at = |d: f64| (a.0 + (b.0 - a.0) * d / len, a.1 + (b.1 - a.1) * d / len);
            if idx % 2 == 0 {
                if current.is_empty() {
                    current.push(at(pos));
                }
                current.push(at(pos + step));
            }
            pos += step;
            left -= step;
            if left <= 1e-9 {
                if idx % 2 == 0 {
                    pieces.push(std::mem::take(&mut current));
                }
                idx = (idx + 1) % pattern.len();
                left = pattern[idx];
            }
        }
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// Clips parallel lines at `angle` degrees, `spacing` px apart, to a polygon (even–odd).
fn hatch_segments(poly: &[(f64, f64)], angle: f64, spacing: f64) -> Vec<[(f64, f64); 2]> {
    let mut segments = Vec::new();
    if poly.len() < 3 || poly.iter().any(|p| !p.0.is_finite() || !p.1.is_finite()) {
        return segments;
    }
    let (sin, cos) = angle.to_radians().sin_cos();
    let (dir, normal) = ((cos, sin), (-sin, cos));
    let proj = |p: (f64, f64), v: (f64, f64)| p.0 * v.0 + p.1 * v.1;
    let (lo, hi) = poly
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &p| {
            let c = proj(p, normal);
            (lo.min(c), hi.max(c))
        });
    let first = (lo / spacing).ceil() as i64;
    let last = (hi / spacing).floor() as i64;
    if last - first > 4000 {
        return segments;
    }
    for k in first..=last {
        let c = k as f64 * spacing;
        let mut hits: Vec<f64> = Vec::new();
        for i in 0..poly.len() {
            let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
            let (da, db) = (proj(a, normal) - c, proj(b, normal) - c);
            if (da > 0.0) != (db > 0.0) {
                let t = da / (da - db);
                let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                hits.push(proj(p, dir));
            }
        }
        hits.sort_by(f64::total_cmp);
        for pair in hits.chunks_exact(2) {
            if pair[1] - pair[0] > 0.5 {
                let at = |u: f64| (normal.0 * c + dir.0 * u, normal.1 * c + dir.1 * u);
                segments.push([at(pair[0]), at(pair[1])]);
            }
        }
    }
    segments
}

// ---------------------------------------------------------------------------
// Numbers

/// Smallest number of decimals that shows `step` exactly (up to 10).
fn decimals_for(step: f64) -> usize {
    let step = step.abs();
    if !step.is_finite() || step == 0.0 {
        return 0;
    }
    (0..=10)
        .find(|&d| {
            let v = step * 10f64.powi(d as i32);
            (v - v.round()).abs() < 1e-6 * v.max(1.0)
        })
        .unwrap_or(10)
}

/// Writes `v` to a resolution of `step`, compacted (M, B, T) when `magnitude` ≥ 1e6.
fn format_number(v: f64, step: f64, magnitude: f64, fmt: ValueFormat) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let magnitude = magnitude.abs();
    let body = if v == 0.0 {
        "0".to_string()
    } else if magnitude >= 1e15 {
        format!("{:.1e}", v.abs())
    } else {
        let (div, suffix) = if magnitude >= 1e12 {
            (1e12, "T")
        } else if magnitude >= 1e9 {
            (1e9, "B")
        } else if magnitude >= 1e6 {
            (1e6, "M")
        } else {
            (1.0, "")
        };
        let decimals = decimals_for(step / div).min(6);
        format!(
            "{}{suffix}",
            super::format::group_thousands(&format!("{:.*}", decimals, v.abs() / div))
        )
    };
    let negative = v < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "\u{2212}" } else { "" };
    match fmt {
        ValueFormat::Number => format!("{sign}{body}"),
        ValueFormat::Percent => format!("{sign}{body}%"),
        ValueFormat::Usd => format!("{sign}${body}"),
    }
}

/// Writes a single value to three significant digits (at most two decimals).
fn format_value(v: f64, fmt: ValueFormat) -> String {
    let a = v.abs();
    let digits = if a > 0.0 && a.is_finite() {
        a.log10().floor()
    } else {
        0.0
    };
    let step = if a >= 1e6 {
        10f64.powf(digits - 2.0)
    } else {
        10f64.powf((digits - 2.0).clamp(-2.0, 0.0))
    };
    let text = format_number(v, step, a, fmt);
    // Drop trailing zeros of the decimal part ("9.40M" → "9.4M").
    let Some(dot) = text.find('.') else {
        return text;
    };
    let end = text[dot..]
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or(text.len(), |i| dot + i);
    let trimmed = text[..end].trim_end_matches('0').trim_end_matches('.');
    format!("{trimmed}{}", &text[end..])
}

/// "Nice" step (1, 2, 2.5, 5 × 10^k) of at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let n = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 && mag >= 10.0 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    n * mag
}

/// A numeric axis: range and labelled ticks.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    lo: f64,
    hi: f64,
    log: bool,
    ticks: Vec<(f64, String)>,
}

impl Axis {
    /// Position of `v` as a fraction of the axis length.
    fn frac(&self, v: f64) -> f64 {
        let f = if self.log {
            (v.max(self.lo).log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        if f.is_finite() {
            f.clamp(-0.02, 1.02)
        } else {
            0.0
        }
    }

    fn max_label_width(&self, fonts: &Fonts) -> f64 {
        self.ticks
            .iter()
            .map(|(_, l)| fonts.width(l, TICK_SIZE, false))
            .fold(0.0, f64::max)
    }
}

/// Finite values no larger than ±1e300 (beyond that spans overflow).
fn usable(v: f64) -> bool {
    v.is_finite() && v.abs() <= 1e300
}

/// Linear axis over the data range `[lo, hi]` with about `target` ticks.
fn linear_axis(lo: f64, hi: f64, target: usize, fmt: ValueFormat, include_zero: bool) -> Axis {
    let (mut lo, mut hi) = if usable(lo) && usable(hi) && lo <= hi {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    if include_zero {
        if lo > 0.0 && lo <= hi * 0.6 {
            lo = 0.0;
        }
        if hi < 0.0 && hi >= lo * 0.6 {
            hi = 0.0;
        }
    }
    if hi - lo <= hi.abs().max(lo.abs()) * 1e-9 {
        let v = lo;
        (lo, hi) = if v > 0.0 {
            (0.0, v * 1.2)
        } else if v < 0.0 {
            (v * 1.2, 0.0)
        } else {
            (0.0, 1.0)
        };
    }
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let (mut a_lo, mut a_hi) = (first * step, last * step);
    if fmt == ValueFormat::Percent && hi <= 100.0 && a_hi > 100.0 {
        a_hi = 100.0;
    }
    if fmt == ValueFormat::Percent && lo >= 0.0 && a_lo < 0.0 {
        a_lo = 0.0;
    }
    let magnitude = a_lo.abs().max(a_hi.abs());
    let mut ticks = Vec::new();
    let mut k = first;
    while k <= last && ticks.len() < 60 {
        let v = k * step;
        if v >= a_lo - step * 1e-6 && v <= a_hi + step * 1e-6 {
            let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
            ticks.push((v, format_number(v, step, magnitude, fmt)));
        }
        k += 1.0;
    }
    Axis {
        lo: a_lo,
        hi: a_hi,
        log: false,
        ticks,
    }
}

/// Rounds a positive value down (or up) to 1, 2 or 5 × 10^k.
fn round_125(v: f64, up: bool) -> f64 {
    let mag = 10f64.powf(v.log10().floor());
    let f = v / mag;
    let pick = if up {
        [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .find(|&m| m >= f * (1.0 - 1e-9))
    } else {
        [5.0, 2.0, 1.0].into_iter().find(|&m| m <= f * (1.0 + 1e-9))
    };
    pick.unwrap_or(1.0) * mag
}

/// Logarithmic axis covering `[lo, hi]` (both > 0), ends rounded to 1-2-5 steps.
fn log_axis(lo: f64, hi: f64) -> Axis {
    let lo = if usable(lo) && lo > 0.0 {
        round_125(lo, false)
    } else {
        1.0
    };
    let hi = if usable(hi) && hi > lo {
        round_125(hi, true)
    } else {
        lo * 10.0
    };
    let lo = lo.max(hi / 1e30);
    let decades = (hi / lo).log10();
    let mults: &[f64] = if decades <= 2.5 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let mut ticks = Vec::new();
    for d in lo.log10().floor() as i32..=hi.log10().ceil() as i32 {
        for &m in mults {
            let v = m * 10f64.powi(d);
            if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                ticks.push((v, format_number(v, v, v, ValueFormat::Number)));
            }
        }
    }
    Axis {
        lo,
        hi,
        log: true,
        ticks,
    }
}

fn range_of(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| usable(*v))
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}

// ---------------------------------------------------------------------------
// Layout: title, legend and plot frame

#[derive(Debug, Clone, Copy)]
enum Swatch {
    Line(LineStyle),
    Fill(FillStyle),
    Band,
}

#[derive(Debug, Clone)]
struct LegendItem {
    label: String,
    swatch: Swatch,
}

const SWATCH_W: f64 = 30.0;
const LEGEND_ROW: f64 = 21.0;
const LEGEND_GAP: f64 = 22.0;
const MAX_LEGEND_ROWS: usize = 6;

/// Title lines and legend rows above the plot.
struct Header {
    title: Vec<String>,
    /// (item index, x position, row index) per legend item shown.
    legend: Vec<(usize, f64, usize)>,
    /// (items not shown, x position, row index) when the legend overflows.
    more: Option<(usize, f64, usize)>,
    legend_top: f64,
    bottom: f64,
}

impl Header {
    fn new(fonts: &Fonts, title: &str, items: &[LegendItem]) -> Self {
        let width = CANVAS_W - 2.0 * MARGIN;
        let mut title_lines = fonts.wrap(title, TITLE_SIZE, true, width);
        if title_lines.len() > 2 {
            let rest = title_lines.split_off(1).join(" ");
            title_lines.push(fonts.fit(&rest, TITLE_SIZE, true, width));
        }
        let title_h = title_lines.len() as f64 * TITLE_SIZE * 1.3;
        let legend_top = MARGIN + title_h + if title_lines.is_empty() { 0.0 } else { 8.0 };
        // One row if everything fits, otherwise a grid of equal columns.
        let widths: Vec<f64> = items
            .iter()
            .map(|item| {
                SWATCH_W
                    + 8.0
                    + fonts
                        .width(&item.label, LEGEND_SIZE, false)
                        .min(width - SWATCH_W - 8.0)
            })
            .collect();
        let one_row =
            widths.iter().sum::<f64>() + LEGEND_GAP * widths.len().saturating_sub(1) as f64;
        let (mut legend, mut more) = (Vec::new(), None);
        let mut row = 0usize;
        if one_row <= width {
            let mut x = MARGIN;
            for (i, w) in widths.iter().enumerate() {
                legend.push((i, x, 0));
                x += w + LEGEND_GAP;
            }
        } else {
            let col_w = widths.iter().copied().fold(0.0, f64::max) + LEGEND_GAP;
            let cols = (((width + LEGEND_GAP) / col_w).floor() as usize).max(1);
            let slots = cols * MAX_LEGEND_ROWS;
            let shown = if widths.len() > slots {
                slots - 1
            } else {
                widths.len()
            };
            for i in 0..shown {
                row = i / cols;
                legend.push((i, MARGIN + (i % cols) as f64 * col_w, row));
            }
            if shown < widths.len() {
                row = shown / cols;
                let x = MARGIN + (shown % cols) as f64 * col_w;
                more = Some((widths.len() - shown, x, row));
            }
        }
        let rows = if items.is_empty() { 0 } else { row + 1 };
        Self {
            title: title_lines,
            legend,
            more,
            legend_top,
            bottom: legend_top + rows as f64 * LEGEND_ROW,
        }
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, items: &[LegendItem]) {
        for (i, line) in self.title.iter().enumerate() {
            let y = MARGIN + i as f64 * TITLE_SIZE * 1.3;
            p.text(
                line,
                (MARGIN, y),
                TextStyleSpec::new(TITLE_SIZE, HPos::Left, VPos::Top).bold(),
            );
        }
        let max_text = CANVAS_W - 2.0 * MARGIN - SWATCH_W - 8.0;
        for &(i, x, row) in &self.legend {
            let item = &items[i];
            let cy = self.legend_top + (row as f64 + 0.5) * LEGEND_ROW;
            draw_swatch(p, item.swatch, x, cy);
            let label = fonts.fit(&item.label, LEGEND_SIZE, false, max_text);
            let spec = TextStyleSpec::new(LEGEND_SIZE, HPos::Left, VPos::Center).colour(SOFT_INK);
            p.text(&label, (x + SWATCH_W + 8.0, cy), spec);
        }
        if let Some((hidden, x, row)) = self.more {
            let cy = self.legend_top + (row as f64 + 0.5) * LEGEND_ROW;
            let spec =
                TextStyleSpec::new(LEGEND_SIZE, HPos::Left, VPos::Center).colour(AXIS_COLOUR);
            p.text(&format!("+{hidden} more not listed"), (x, cy), spec);
        }
    }
}

fn draw_swatch(p: &mut Painter, swatch: Swatch, x: f64, cy: f64) {
    match swatch {
        Swatch::Line(style) => {
            p.polyline(
                &[(x, cy), (x + SWATCH_W, cy)],
                style.colour.to_rgba(),
                style.width,
                style.dash,
            );
            if let Some(m) = style.marker {
                p.marker(m, (x + SWATCH_W / 2.0, cy), style.colour, style.hollow);
            }
        }
        Swatch::Fill(style) => {
            let (a, b) = ((x + 2.0, cy - 7.0), (x + SWATCH_W - 2.0, cy + 7.0));
            p.rect(a, b, style.colour.to_rgba());
            let poly = [a, (b.0, a.1), b, (a.0, b.1)];
            p.hatch(&poly, style.hatch, hatch_colour(style.colour));
            p.rect_outline(a, b, SOFT_INK.mix(0.6), 0.8);
        }
        Swatch::Band => {
            let (a, b) = ((x + 2.0, cy - 7.0), (x + SWATCH_W - 2.0, cy + 7.0));
            p.rect(a, b, AXIS_COLOUR.mix(0.3));
        }
    }
}

fn band_legend_item() -> LegendItem {
    LegendItem {
        label: "Shaded: 95% interval".to_string(),
        swatch: Swatch::Band,
    }
}

/// Plot rectangle in layout px.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    fn x_at(&self, axis: &Axis, v: f64) -> f64 {
        self.x0 + axis.frac(v) * self.width()
    }

    fn y_at(&self, axis: &Axis, v: f64) -> f64 {
        self.y1 - axis.frac(v) * self.height()
    }
}

/// Height of a line of tick labels.
fn tick_label_h() -> f64 {
    TICK_SIZE * 1.2
}

/// Height of an axis title.
fn axis_title_h() -> f64 {
    AXIS_TITLE_SIZE * 1.25
}

/// Bottom edge of the plot when the x axis has `rows` rows of tick labels.
fn plot_bottom(rows: f64) -> f64 {
    CANVAS_H - MARGIN - axis_title_h() - GAP - rows * tick_label_h() - TICK_LEN - 4.0
}

/// Top edge of the plot below the header.
fn plot_top(header: &Header) -> f64 {
    header.bottom + 14.0
}

/// About one labelled tick per 55 px of axis.
fn tick_target(len: f64) -> usize {
    ((len / 55.0).round() as usize).clamp(2, 12)
}

/// Width of the left axis area: title, tick labels and ticks.
fn left_axis_width(fonts: &Fonts, axis: &Axis) -> f64 {
    axis_title_h() + GAP + axis.max_label_width(fonts) + GAP + TICK_LEN
}

fn draw_y_grid(p: &mut Painter, r: &Rect, axis: &Axis) {
    for (v, _) in &axis.ticks {
        let y = r.y_at(axis, *v);
        p.polyline(
            &[(r.x0, y), (r.x1, y)],
            GRID_COLOUR.to_rgba(),
            1.0,
            Stroke::Solid,
        );
    }
}

/// Draws a vertical axis with ticks and labels on the left (or right) side.
fn draw_y_axis(p: &mut Painter, fonts: &Fonts, r: &Rect, axis: &Axis, title: &str, right: bool) {
    let x = if right { r.x1 } else { r.x0 };
    let sign = if right { 1.0 } else { -1.0 };
    p.polyline(
        &[(x, r.y0), (x, r.y1)],
        AXIS_COLOUR.to_rgba(),
        1.0,
        Stroke::Solid,
    );
    let h = if right { HPos::Left } else { HPos::Right };
    for (v, label) in &axis.ticks {
        let y = r.y_at(axis, *v);
        p.polyline(
            &[(x, y), (x + sign * TICK_LEN, y)],
            AXIS_COLOUR.to_rgba(),
            1.0,
            Stroke::Solid,
        );
        let spec = TextStyleSpec::new(TICK_SIZE, h, VPos::Center).colour(SOFT_INK);
        p.text(label, (x + sign * (TICK_LEN + GAP), y), spec);
    }
    let title_x =
        x + sign * (TICK_LEN + GAP + axis.max_label_width(fonts) + GAP + axis_title_h() / 2.0);
    let title = fonts.fit(title, AXIS_TITLE_SIZE, false, r.height() + 40.0);
    let spec = TextStyleSpec::new(AXIS_TITLE_SIZE, HPos::Center, VPos::Center).vertical();
    p.text(&title, (title_x, (r.y0 + r.y1) / 2.0), spec)
}

fn draw_x_axis_line(p: &mut Painter, r: &Rect) {
    p.polyline(
        &[(r.x0, r.y1), (r.x1, r.y1)],
        AXIS_COLOUR.to_rgba(),
        1.0,
        Stroke::Solid,
    )
}

fn draw_x_tick(p: &mut Painter, r: &Rect, x: f64, len: f64, label: &str) {
    p.polyline(
        &[(x, r.y1), (x, r.y1 + len)],
        AXIS_COLOUR.to_rgba(),
        1.0,
        Stroke::Solid,
    );
    let spec = TextStyleSpec::new(TICK_SIZE, HPos::Center, VPos::Top).colour(SOFT_INK);
    p.text(label, (x, r.y1 + TICK_LEN + 4.0), spec)
}

fn draw_x_title(p: &mut Painter, fonts: &Fonts, r: &Rect, title: &str) {
    let title = fonts.fit(title, AXIS_TITLE_SIZE, false, CANVAS_W - 2.0 * MARGIN);
    let spec = TextStyleSpec::new(AXIS_TITLE_SIZE, HPos::Center, VPos::Bottom);
    let x = ((r.x0 + r.x1) / 2.0).clamp(CANVAS_W / 3.0, CANVAS_W * 2.0 / 3.0);
    p.text(&title, (x, CANVAS_H - MARGIN), spec)
}

/// Frame with a "No data" note, for charts with nothing to plot.
fn draw_no_data(
    p: &mut Painter,
    fonts: &Fonts,
    header: &Header,
    items: &[LegendItem],
    x_label: &str,
    y_label: &str,
) {
    header.draw(p, fonts, items);
    let r = Rect {
        x0: MARGIN + axis_title_h() + GAP + 30.0,
        y0: plot_top(header),
        x1: CANVAS_W - MARGIN,
        y1: plot_bottom(1.0),
    };
    p.rect_outline((r.x0, r.y0), (r.x1, r.y1), GRID_COLOUR.to_rgba(), 1.0);
    let note = TextStyleSpec::new(NOTE_SIZE, HPos::Center, VPos::Center).colour(AXIS_COLOUR);
    p.text("No data", ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0), note);
    if !y_label.is_empty() {
        let title = fonts.fit(y_label, AXIS_TITLE_SIZE, false, r.height() + 40.0);
        let spec = TextStyleSpec::new(AXIS_TITLE_SIZE, HPos::Center, VPos::Center).vertical();
        p.text(
            &title,
            (MARGIN + axis_title_h() / 2.0, (r.y0 + r.y1) / 2.0),
            spec,
        );
    }
    draw_x_title(p, fonts, &r, x_label)
}

// ---------------------------------------------------------------------------
// Chart kinds

/// Records `chart` at `scale` × the 1000×600 layout.
fn record(chart: &Chart, fonts: &Fonts, scale: f64, raster: bool) -> Vec<Prim> {
    let mut p = Painter::new(scale, raster);
    // Bitmaps start white; SVG needs an explicit background.
    if !raster {
        p.rect((0.0, 0.0), (CANVAS_W, CANVAS_H), WHITE.to_rgba());
    }
    match chart {
        Chart::Lines(c) => draw_lines(&mut p, fonts, c),
        Chart::StackedAreas(c) => draw_stacked(&mut p, fonts, c),
        Chart::WeeklyProfile(c) => draw_weekly(&mut p, fonts, c),
        Chart::Cdf(c) => draw_cdf(&mut p, fonts, c),
        Chart::Tornado(c) => draw_tornado(&mut p, fonts, c),
    }
    p.prims
}

fn value_at(values: &[f64], i: usize) -> Option<f64> {
    values.get(i).copied().filter(|v| usable(*v))
}

/// Runs of consecutive indices where `f` gives a value.
fn runs<T>(n: usize, f: impl Fn(usize) -> Option<T>) -> Vec<Vec<(usize, T)>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for i in 0..n {
        match f(i) {
            Some(v) => run.push((i, v)),
            None if !run.is_empty() => out.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Closed polygon between `upper` (left to right) and `lower` (drawn back).
fn between(upper: &[(f64, f64)], lower: &[(f64, f64)]) -> Vec<(f64, f64)> {
    upper
        .iter()
        .copied()
        .chain(lower.iter().rev().copied())
        .collect()
}

/// Band value pairs (low, high) at index `i`, ordered.
fn band_at(band: &Band, i: usize) -> Option<(f64, f64)> {
    let (a, b) = (value_at(&band.low, i)?, value_at(&band.high, i)?);
    Some((a.min(b), a.max(b)))
}

/// Month x axis: which indices get labels, spaced so labels never touch.
fn month_ticks(fonts: &Fonts, months: &[String], n: usize, px_per_month: f64) -> Vec<usize> {
    let label_w = months
        .iter()
        .take(n)
        .map(|m| fonts.width(m, TICK_SIZE, false))
        .fold(0.0, f64::max);
    let needed = label_w + 16.0;
    let step = [1usize, 2, 3, 4, 6, 12, 24, 36, 60, 120]
        .into_iter()
        .find(|&s| s as f64 * px_per_month >= needed)
        .unwrap_or_else(|| (needed / px_per_month.max(1e-9)).ceil().min(1e9) as usize)
        .max(1);
    // Start at a calendar-aligned month ("YYYY-MM" labels) when the step allows it.
    let month_of = |i: usize| -> Option<usize> {
        let m = months.get(i)?;
        let (_, mm) = m.split_once('-')?;
        mm.get(..2)?
            .parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
    };
    let offset = if 12 % step == 0 || step % 12 == 0 {
        (0..step.min(n))
            .find(|&i| month_of(i).is_some_and(|m| (m - 1) % step.min(12) == 0))
            .unwrap_or(0)
    } else {
        0
    };
    (offset..n).step_by(step).collect()
}

fn month_axis(n: usize) -> Axis {
    let (lo, hi) = if n <= 1 {
        (-0.5, 0.5)
    } else {
        (0.0, (n - 1) as f64)
    };
    Axis {
        lo,
        hi,
        log: false,
        ticks: Vec::new(),
    }
}

fn draw_month_axis(
    p: &mut Painter,
    fonts: &Fonts,
    r: &Rect,
    x_axis: &Axis,
    months: &[String],
    n: usize,
) {
    draw_x_axis_line(p, r);
    let px_per_month = if n > 1 {
        r.width() / (n - 1) as f64
    } else {
        r.width()
    };
    if px_per_month >= 4.0 {
        for i in 0..n {
            let x = r.x_at(x_axis, i as f64);
            p.polyline(
                &[(x, r.y1), (x, r.y1 + 3.0)],
                AXIS_COLOUR.to_rgba(),
                1.0,
                Stroke::Solid,
            );
        }
    }
    for i in month_ticks(fonts, months, n, px_per_month) {
        let label = months.get(i).map_or("", String::as_str);
        draw_x_tick(p, r, r.x_at(x_axis, i as f64), TICK_LEN, label);
    }
}

fn draw_lines(p: &mut Painter, fonts: &Fonts, c: &LineChart) {
    let n = c
        .series
        .iter()
        .map(|s| s.values.len())
        .fold(c.months.len(), usize::max);
    let mut items: Vec<LegendItem> = c
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| LegendItem {
            label: s.name.clone(),
            swatch: Swatch::Line(series_style(i)),
        })
        .collect();
    let refs: Vec<&ReferenceLine> = c
        .reference_lines
        .iter()
        .filter(|l| usable(l.value))
        .collect();
    items.extend(refs.iter().map(|l| LegendItem {
        label: l.label.clone(),
        swatch: Swatch::Line(reference_style(l, c.series.len())),
    }));
    let has_band = c.series.iter().any(|s| s.band.is_some());
    if has_band {
        items.push(band_legend_item());
    }
    let header = Header::new(fonts, &c.title, &items);
    let data = c.series.iter().flat_map(|s| {
        let band = s.band.iter().flat_map(move |b| {
            (0..n)
                .filter_map(move |i| band_at(b, i))
                .flat_map(|(l, h)| [l, h])
        });
        (0..n).filter_map(|i| value_at(&s.values, i)).chain(band)
    });
    let Some((lo, hi)) = range_of(data) else {
        return draw_no_data(p, fonts, &header, &items, &c.x_label, &c.y_label);
    };
    let (lo, hi) =
        range_of([lo, hi].into_iter().chain(refs.iter().map(|l| l.value))).unwrap_or((lo, hi));
    let (top, bottom) = (plot_top(&header), plot_bottom(1.0));
    let y_axis = linear_axis(lo, hi, tick_target(bottom - top), c.y_format, true);
    let r = Rect {
        x0: MARGIN + left_axis_width(fonts, &y_axis),
        y0: top,
        x1: CANVAS_W - MARGIN - 12.0,
        y1: bottom,
    };
    let x_axis = month_axis(n);
    header.draw(p, fonts, &items);
    draw_y_grid(p, &r, &y_axis);
    let xy = |i: usize, v: f64| (r.x_at(&x_axis, i as f64), r.y_at(&y_axis, v));
    for (si, s) in c.series.iter().enumerate() {
        let Some(band) = &s.band else { continue };
        let colour = series_style(si).colour.mix(BAND_ALPHA);
        for run in runs(n, |i| band_at(band, i)) {
            let upper: Vec<_> = run.iter().map(|&(i, (_, h))| xy(i, h)).collect();
            let lower: Vec<_> = run.iter().map(|&(i, (l, _))| xy(i, l)).collect();
            if run.len() == 1 {
                let (x, (l, h)) = (upper[0].0, run[0].1);
                p.rect(
                    (x - 6.0, r.y_at(&y_axis, h)),
                    (x + 6.0, r.y_at(&y_axis, l)),
                    colour,
                );
            } else {
                p.polygon(&between(&upper, &lower), colour);
            }
        }
    }
    for line in &refs {
        let style = reference_style(line, c.series.len());
        let y = r.y_at(&y_axis, line.value);
        p.polyline(
            &[(r.x0, y), (r.x1, y)],
            style.colour.to_rgba(),
            style.width,
            style.dash,
        );
        if let Some(m) = style.marker {
            p.marker(m, (r.x1 - 8.0, y), style.colour, true);
        }
    }
    for (si, s) in c.series.iter().enumerate() {
        let style = series_style(si);
        let points: Vec<Vec<(f64, f64)>> = runs(n, |i| value_at(&s.values, i))
            .into_iter()
            .map(|run| run.into_iter().map(|(i, v)| xy(i, v)).collect())
            .collect();
        for line in &points {
            p.polyline(line, style.colour.to_rgba(), style.width, style.dash);
            // An isolated month has no line, so it always gets a marker.
            if let (Some(m), [pt]) = (style.marker, line.as_slice()) {
                p.marker(m, *pt, style.colour, false);
            }
        }
        draw_markers(p, &points.concat(), si, c.series.len(), style);
    }
    draw_month_axis(p, fonts, &r, &x_axis, &c.months, n);
    draw_y_axis(p, fonts, &r, &y_axis, &c.y_label, false);
    draw_x_title(p, fonts, &r, &c.x_label)
}

/// Markers on about a dozen points per series, staggered between series.
fn draw_markers(p: &mut Painter, points: &[(f64, f64)], si: usize, count: usize, style: LineStyle) {
    let Some(marker) = style.marker else {
        return;
    };
    let stride = points.len().div_ceil(12).max(1);
    let offset = (si * stride) / count.max(1);
    for &pt in points.iter().skip(offset % stride).step_by(stride) {
        p.marker(marker, pt, style.colour, style.hollow);
    }
}

fn draw_stacked(p: &mut Painter, fonts: &Fonts, c: &StackedAreaChart) {
    let n = c
        .layers
        .iter()
        .map(|l| l.values.len())
        .fold(c.months.len(), usize::max);
    let items: Vec<LegendItem> = c
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| LegendItem {
            label: l.name.clone(),
            swatch: Swatch::Fill(fill_style(i)),
        })
        .collect();
    let header = Header::new(fonts, &c.title, &items);
    if n == 0 || c.layers.is_empty() {
        return draw_no_data(p, fonts, &header, &items, &c.x_label, &c.y_label);
    }
    // Cumulative tops per layer, clamped to sane non-negative values.
    let mut tops = vec![vec![0.0f64; n]];
    for layer in &c.layers {
        let below = &tops[tops.len() - 1];
        let top = (0..n)
            .map(|i| {
                let v = value_at(&layer.values, i).unwrap_or(0.0).clamp(0.0, 1e300);
                (below[i] + v).min(1e300)
            })
            .collect();
        tops.push(top);
    }
    let total_max = tops[c.layers.len()].iter().copied().fold(0.0, f64::max);
    let (top, bottom) = (plot_top(&header), plot_bottom(1.0));
    let y_axis = linear_axis(0.0, total_max, tick_target(bottom - top), c.y_format, true);
    let r = Rect {
        x0: MARGIN + left_axis_width(fonts, &y_axis),
        y0: top,
        x1: CANVAS_W - MARGIN - 12.0,
        y1: bottom,
    };
    let x_axis = month_axis(n);
    header.draw(p, fonts, &items);
    // A single month is drawn as a column.
    let xs: Vec<(usize, f64)> = if n == 1 {
        vec![(0, -0.35), (0, 0.35)]
    } else {
        (0..n).map(|i| (i, i as f64)).collect()
    };
    let curve = |li: usize| -> Vec<(f64, f64)> {
        xs.iter()
            .map(|&(i, x)| (r.x_at(&x_axis, x), r.y_at(&y_axis, tops[li][i])))
            .collect()
    };
    for li in 0..c.layers.len() {
        let style = fill_style(li);
        let (lower, upper) = (curve(li), curve(li + 1));
        let poly = between(&upper, &lower);
        p.polygon(&poly, style.colour.to_rgba());
        p.hatch(&poly, style.hatch, hatch_colour(style.colour));
    }
    for li in 1..=c.layers.len() {
        p.polyline(&curve(li), WHITE.mix(0.9), 1.2, Stroke::Solid);
    }
    draw_y_grid_over(p, &r, &y_axis);
    draw_month_axis(p, fonts, &r, &x_axis, &c.months, n);
    draw_y_axis(p, fonts, &r, &y_axis, &c.y_label, false);
    draw_x_title(p, fonts, &r, &c.x_label)
}

/// Faint gridlines drawn over opaque fills.
fn draw_y_grid_over(p: &mut Painter, r: &Rect, axis: &Axis) {
    for (v, _) in &axis.ticks {
        let y = r.y_at(axis, *v);
        p.polyline(&[(r.x0, y), (r.x1, y)], WHITE.mix(0.35), 1.0, Stroke::Solid);
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Step outline of hourly values: each hour is flat from `i` to `i + 1`.
fn hourly_steps(run: &[(usize, f64)], map: impl Fn(f64, f64) -> (f64, f64)) -> Vec<(f64, f64)> {
    run.iter()
        .flat_map(|&(i, v)| [map(i as f64, v), map(i as f64 + 1.0, v)])
        .collect()
}

fn draw_weekly(p: &mut Painter, fonts: &Fonts, c: &WeeklyProfileChart) {
    let series = [&c.demand, &c.staff];
    let styles = [
        LineStyle {
            colour: LINE_COLOURS[0],
            dash: Stroke::Solid,
            marker: None,
            hollow: false,
            width: LINE_WIDTH,
        },
        LineStyle {
            colour: LINE_COLOURS[1],
            dash: Stroke::Dashed,
            marker: None,
            hollow: false,
            width: LINE_WIDTH,
        },
    ];
    let mut items: Vec<LegendItem> = series
        .iter()
        .zip(styles)
        .zip(["left", "right"])
        .map(|((s, style), side)| LegendItem {
            label: format!("{} ({side} axis)", s.name),
            swatch: Swatch::Line(style),
        })
        .collect();
    if series.iter().any(|s| s.band.is_some()) {
        items.push(band_legend_item());
    }
    let header = Header::new(fonts, &c.title, &items);
    let hours = series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0)
        .min(24 * 7 * 520);
    let ranges: Vec<Option<(f64, f64)>> = series
        .iter()
        .map(|s| {
            let band = s.band.iter().flat_map(|b| {
                (0..hours)
                    .filter_map(|i| band_at(b, i))
                    .flat_map(|(l, h)| [l, h])
            });
            range_of(
                (0..hours)
                    .filter_map(|i| value_at(&s.values, i))
                    .chain(band),
            )
        })
        .collect();
    if hours == 0 || ranges.iter().all(Option::is_none) {
        return draw_no_data(p, fonts, &header, &items, &c.x_label, &c.demand.axis_label);
    }
    let (top, bottom) = (plot_top(&header), plot_bottom(2.0));
    let (l_lo, l_hi) = ranges[0].unwrap_or((0.0, 1.0));
    let left = linear_axis(
        l_lo.min(0.0),
        l_hi,
        tick_target(bottom - top),
        ValueFormat::Number,
        true,
    );
    let right = aligned_axis(&left, ranges[1].unwrap_or((0.0, 1.0)));
    let r = Rect {
        x0: MARGIN + left_axis_width(fonts, &left),
        y0: top,
        x1: CANVAS_W - MARGIN - left_axis_width(fonts, &right),
        y1: bottom,
    };
    let days = hours.div_ceil(24).max(7);
    let x_axis = Axis {
        lo: 0.0,
        hi: (days * 24) as f64,
        log: false,
        ticks: Vec::new(),
    };
    header.draw(p, fonts, &items);
    draw_y_grid(p, &r, &left);
    let day_grid = if r.width() / days as f64 >= 6.0 { 1 } else { 7 };
    for d in (day_grid..days).step_by(day_grid) {
        let x = r.x_at(&x_axis, (d * 24) as f64);
        p.polyline(
            &[(x, r.y0), (x, r.y1)],
            GRID_COLOUR.to_rgba(),
            1.0,
            Stroke::Solid,
        );
    }
    let axes = [&left, &right];
    for ((s, style), axis) in series.iter().zip(styles).zip(axes) {
        let map = |x: f64, v: f64| (r.x_at(&x_axis, x), r.y_at(axis, v));
        if let Some(band) = &s.band {
            for run in runs(hours, |i| band_at(band, i)) {
                let upper = hourly_steps(
                    &run.iter().map(|&(i, (_, h))| (i, h)).collect::<Vec<_>>(),
                    map,
                );
                let lower = hourly_steps(
                    &run.iter().map(|&(i, (l, _))| (i, l)).collect::<Vec<_>>(),
                    map,
                );
                p.polygon(&between(&upper, &lower), style.colour.mix(BAND_ALPHA));
            }
        }
    }
    for ((s, style), axis) in series.iter().zip(styles).zip(axes) {
        let map = |x: f64, v: f64| (r.x_at(&x_axis, x), r.y_at(axis, v));
        for run in runs(hours, |i| value_at(&s.values, i)) {
            p.polyline(
                &hourly_steps(&run, map),
                style.colour.to_rgba(),
                style.width,
                style.dash,
            );
        }
    }
    // Hour labels every 6 or 12 h when they fit, weekday names centred below.
    draw_x_axis_line(p, &r);
    let px_per_hour = r.width() / (days * 24) as f64;
    let hour_w = fonts.width("18", TICK_SIZE, false) + 8.0;
    let every = [6, 12]
        .into_iter()
        .find(|&h| h as f64 * px_per_hour >= hour_w);
    let day_w = fonts.width("Wed", TICK_SIZE, true) + 8.0;
    let day_stride = [1, 7, 14, 28, 56, 91, 182, 364]
        .into_iter()
        .find(|&k| (k * 24) as f64 * px_per_hour >= day_w)
        .unwrap_or(364);
    for h in (0..=days * 24).step_by(every.unwrap_or(24 * day_stride)) {
        let len = if h % 24 == 0 {
            TICK_LEN + 2.0
        } else {
            TICK_LEN
        };
        let label = match every {
            Some(_) if h < days * 24 => (h % 24).to_string(),
            _ => String::new(),
        };
        draw_x_tick(p, &r, r.x_at(&x_axis, h as f64), len, &label);
    }
    let day_y = r.y1 + TICK_LEN + 4.0 + tick_label_h() + 2.0;
    for d in (0..days).step_by(day_stride) {
        let x = r.x_at(&x_axis, d as f64 * 24.0 + 12.0);
        let spec = TextStyleSpec::new(TICK_SIZE, HPos::Center, VPos::Top)
            .bold()
            .colour(SOFT_INK);
        p.text(WEEKDAYS[d % 7], (x, day_y), spec);
    }
    draw_y_axis(p, fonts, &r, &left, &c.demand.axis_label, false);
    draw_y_axis(p, fonts, &r, &right, &c.staff.axis_label, true);
    draw_x_title(p, fonts, &r, &c.x_label)
}

/// Right axis from zero whose ticks fall on the left axis's gridlines.
fn aligned_axis(left: &Axis, (lo, hi): (f64, f64)) -> Axis {
    let intervals = left.ticks.len().saturating_sub(1).max(1);
    let below = left.ticks.iter().filter(|(v, _)| *v < 0.0).count();
    let above = intervals - below;
    let hi = if usable(hi) { hi.max(0.0) } else { 1.0 };
    let lo = if usable(lo) { lo.min(0.0) } else { 0.0 };
    let mut step = nice_step(hi / above.max(1) as f64);
    if below > 0 {
        step = step.max(nice_step(-lo / below as f64));
    }
    if hi == 0.0 && lo == 0.0 {
        step = nice_step(1.0 / above.max(1) as f64);
    }
    let a_lo = -(below as f64) * step;
    let a_hi = above as f64 * step;
    let magnitude = a_lo.abs().max(a_hi.abs());
    let ticks = (0..=intervals)
        .map(|k| {
            let v = a_lo + k as f64 * step;
            (v, format_number(v, step, magnitude, ValueFormat::Number))
        })
        .collect();
    Axis {
        lo: a_lo,
        hi: a_hi,
        log: false,
        ticks,
    }
}

fn draw_cdf(p: &mut Painter, fonts: &Fonts, c: &CdfChart) {
    let mut items: Vec<LegendItem> = c
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| LegendItem {
            label: s.name.clone(),
            swatch: Swatch::Line(series_style(i)),
        })
        .collect();
    let log = c.x_scale == XScale::Log;
    let markers: Vec<&ReferenceLine> = c
        .x_markers
        .iter()
        .filter(|l| usable(l.value) && (!log || l.value > 0.0))
        .collect();
    items.extend(markers.iter().map(|l| LegendItem {
        label: l.label.clone(),
        swatch: Swatch::Line(reference_style(l, c.series.len())),
    }));
    if c.series.iter().any(|s| s.band.is_some()) {
        items.push(band_legend_item());
    }
    let header = Header::new(fonts, &c.title, &items);
    // Sorted finite points with their band ends: (x, y, low, high).
    let clean: Vec<Vec<(f64, f64, f64, f64)>> = c
        .series
        .iter()
        .map(|s| {
            let mut pts: Vec<(f64, f64, f64, f64)> = s
                .points
                .iter()
                .enumerate()
                .filter(|(_, (x, y))| usable(*x) && usable(*y))
                .map(|(i, &(x, y))| {
                    let y = y.clamp(0.0, 100.0);
                    let (l, h) = s
                        .band
                        .as_ref()
                        .and_then(|b| band_at(b, i))
                        .unwrap_or((y, y));
                    (x, y, l.clamp(0.0, 100.0), h.clamp(0.0, 100.0))
                })
                .collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            pts
        })
        .collect();
    let xs = clean
        .iter()
        .flatten()
        .map(|p| p.0)
        .chain(markers.iter().map(|l| l.value));
    let x_range = if log {
        range_of(xs.filter(|x| *x > 0.0))
    } else {
        range_of(xs)
    };
    let Some((x_lo, x_hi)) = x_range else {
        return draw_no_data(p, fonts, &header, &items, &c.x_label, &c.y_label);
    };
    let (top, bottom) = (plot_top(&header), plot_bottom(1.0));
    let y_axis = linear_axis(
        0.0,
        100.0,
        tick_target(bottom - top).min(6),
        ValueFormat::Percent,
        true,
    );
    let x0 = MARGIN + left_axis_width(fonts, &y_axis);
    let x1 = CANVAS_W - MARGIN - 12.0;
    let x_axis = if log {
        log_axis(x_lo, x_hi)
    } else {
        linear_axis(
            x_lo.min(0.0),
            x_hi,
            tick_target(x1 - x0).min(10),
            ValueFormat::Number,
            true,
        )
    };
    let r = Rect {
        x0,
        y0: top,
        x1,
        y1: bottom,
    };
    header.draw(p, fonts, &items);
    draw_y_grid(p, &r, &y_axis);
    for (v, _) in &x_axis.ticks {
        let x = r.x_at(&x_axis, *v);
        p.polyline(
            &[(x, r.y0), (x, r.y1)],
            GRID_COLOUR.mix(0.6),
            1.0,
            Stroke::Solid,
        );
    }
    // Each step runs flat from its point to the next one, then to the axis end.
    let steps = |pts: &[(f64, f64)]| -> Vec<(f64, f64)> {
        let mut out = Vec::with_capacity(pts.len() * 2 + 1);
        for (k, &(x, y)) in pts.iter().enumerate() {
            let next_x = pts.get(k + 1).map_or(x_axis.hi, |n| n.0);
            out.push((r.x_at(&x_axis, x), r.y_at(&y_axis, y)));
            out.push((r.x_at(&x_axis, next_x), r.y_at(&y_axis, y)));
        }
        out
    };
    for (si, pts) in clean.iter().enumerate() {
        if c.series[si].band.is_none() || pts.is_empty() {
            continue;
        }
        let upper = steps(&pts.iter().map(|p| (p.0, p.3)).collect::<Vec<_>>());
        let lower = steps(&pts.iter().map(|p| (p.0, p.2)).collect::<Vec<_>>());
        p.polygon(
            &between(&upper, &lower),
            series_style(si).colour.mix(BAND_ALPHA),
        );
    }
    for line in &markers {
        let style = reference_style(line, c.series.len());
        let x = r.x_at(&x_axis, line.value);
        p.polyline(
            &[(x, r.y0), (x, r.y1)],
            style.colour.to_rgba(),
            style.width,
            style.dash,
        );
        if let Some(m) = style.marker {
            p.marker(m, (x, r.y1 - 8.0), style.colour, true);
        }
    }
    for (si, pts) in clean.iter().enumerate() {
        let style = series_style(si);
        let line = steps(&pts.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>());
        p.polyline(&line, style.colour.to_rgba(), style.width, style.dash);
        if let Some(marker) = style.marker {
            let phase = (si as f64 + 0.5) / c.series.len() as f64;
            for pt in points_along(&line, 8, phase) {
                p.marker(marker, pt, style.colour, style.hollow);
            }
        }
    }
    draw_x_axis_line(p, &r);
    for (v, label) in &x_axis.ticks {
        draw_x_tick(p, &r, r.x_at(&x_axis, *v), TICK_LEN, label);
    }
    draw_y_axis(p, fonts, &r, &y_axis, &c.y_label, false);
    draw_x_title(p, fonts, &r, &c.x_label)
}

/// `count` points spread evenly along a polyline, shifted by `phase` (0–1) of a spacing.
fn points_along(line: &[(f64, f64)], count: usize, phase: f64) -> Vec<(f64, f64)> {
    let lengths: Vec<f64> = line
        .windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .collect();
    let total: f64 = lengths.iter().sum();
    if !(total.is_finite() && total > 0.0) {
        return Vec::new();
    }
    let spacing = total / count as f64;
    let mut out = Vec::new();
    let (mut seg, mut start) = (0usize, 0.0);
    for k in 0..count {
        let target = (k as f64 + phase) * spacing;
        while seg < lengths.len() && start + lengths[seg] < target {
            start += lengths[seg];
            seg += 1;
        }
        let Some(&len) = lengths.get(seg) else { break };
        let t = if len > 0.0 {
            (target - start) / len
        } else {
            0.0
        };
        let (a, b) = (line[seg], line[seg + 1]);
        out.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
    }
    out
}

fn draw_tornado(p: &mut Painter, fonts: &Fonts, c: &TornadoChart) {
    let low_style = FillStyle {
        colour: FILL_COLOURS[0],
        hatch: Hatch::None,
    };
    let high_style = FillStyle {
        colour: FILL_COLOURS[1],
        hatch: Hatch::Forward,
    };
    let base_ok = usable(c.base_value);
    let mut items = vec![
        LegendItem {
            label: "Input at low value".to_string(),
            swatch: Swatch::Fill(low_style),
        },
        LegendItem {
            label: "Input at high value".to_string(),
            swatch: Swatch::Fill(high_style),
        },
    ];
    if base_ok {
        items.push(LegendItem {
            label: format!(
                "{}: {}",
                c.base_label,
                format_value(c.base_value, c.x_format)
            ),
            swatch: Swatch::Line(LineStyle {
                colour: INK,
                dash: Stroke::Solid,
                marker: None,
                hollow: false,
                width: 1.5,
            }),
        });
    }
    let header = Header::new(fonts, &c.title, &items);
    let base = if base_ok { c.base_value } else { 0.0 };
    let finite = |v: f64| if usable(v) { v } else { base };
    let mut bars: Vec<&TornadoBar> = c.bars.iter().collect();
    bars.sort_by(|a, b| {
        let w = |t: &TornadoBar| (finite(t.high_result) - finite(t.low_result)).abs();
        w(b).total_cmp(&w(a))
    });
    // Keep as many bars as fit legibly; the rest are summarised in one line.
    let (top, bottom) = (plot_top(&header), plot_bottom(1.0));
    let max_rows = (((bottom - top) / (TICK_SIZE * 1.6)).floor() as usize).max(2);
    let hidden = if bars.len() > max_rows {
        let hidden = bars.len() - (max_rows - 1);
        bars.truncate(max_rows - 1);
        hidden
    } else {
        0
    };
    let values = bars
        .iter()
        .flat_map(|b| [b.low_result, b.high_result])
        .chain(base_ok.then_some(c.base_value));
    let Some((lo, hi)) = range_of(values) else {
        return draw_no_data(p, fonts, &header, &items, &c.x_label, "");
    };
    let max_label = CANVAS_W * 0.42;
    let labels: Vec<String> = bars
        .iter()
        .map(|b| {
            let text = format!("{} ({} → {})", b.input, b.low_input, b.high_input);
            fonts.fit(&text, TICK_SIZE, false, max_label)
        })
        .collect();
    let note = (hidden > 0).then(|| format!("+{hidden} more inputs with smaller effects"));
    let label_w = labels
        .iter()
        .chain(&note)
        .map(|l| fonts.width(l, TICK_SIZE, false))
        .fold(0.0, f64::max);
    let r = Rect {
        x0: MARGIN + label_w + 2.0 * GAP,
        y0: top,
        x1: CANVAS_W - MARGIN - 12.0,
        y1: bottom,
    };
    // Leave room for value labels at both bar ends.
    let value_w = bars
        .iter()
        .flat_map(|b| [b.low_result, b.high_result])
        .filter(|v| usable(*v))
        .map(|v| fonts.width(&format_value(v, c.x_format), TICK_SIZE, false))
        .fold(0.0, f64::max)
        + GAP
        + 4.0;
    let inner = (r.width() - 2.0 * value_w).max(r.width() * 0.3);
    let pad = (hi - lo).max(hi.abs().max(lo.abs()) * 1e-6).max(1e-12) * ((r.width() - inner) / 2.0)
        / inner;
    let x_axis = linear_axis(
        lo - pad,
        hi + pad,
        tick_target(r.width()).min(8),
        c.x_format,
        false,
    );
    header.draw(p, fonts, &items);
    for (v, _) in &x_axis.ticks {
        let x = r.x_at(&x_axis, *v);
        p.polyline(
            &[(x, r.y0), (x, r.y1)],
            GRID_COLOUR.to_rgba(),
            1.0,
            Stroke::Solid,
        );
    }
    let rows = bars.len() + usize::from(note.is_some());
    let row_h = r.height() / rows.max(1) as f64;
    if let Some(note) = &note {
        let spec = TextStyleSpec::new(TICK_SIZE, HPos::Right, VPos::Center).colour(AXIS_COLOUR);
        p.text(note, (r.x0 - 2.0 * GAP, r.y1 - row_h / 2.0), spec);
    }
    let bar_h = (row_h * 0.62).min(34.0);
    let base_x = r.x_at(&x_axis, base);
    let value_spec = TextStyleSpec::new(TICK_SIZE, HPos::Left, VPos::Center).colour(SOFT_INK);
    for (k, (bar, label)) in bars.iter().zip(&labels).enumerate() {
        let cy = r.y0 + (k as f64 + 0.5) * row_h;
        let label_spec = TextStyleSpec::new(TICK_SIZE, HPos::Right, VPos::Center);
        p.text(label, (r.x0 - 2.0 * GAP, cy), label_spec);
        let ends = [(bar.low_result, low_style), (bar.high_result, high_style)];
        let same_side = usable(bar.low_result)
            && usable(bar.high_result)
            && (bar.low_result - base) * (bar.high_result - base) > 0.0;
        for (j, (v, style)) in ends.into_iter().enumerate() {
            if !usable(v) {
                // "n/a" goes on the side away from the other bar.
                let other = if j == 0 {
                    bar.high_result
                } else {
                    bar.low_result
                };
                let (tx, h) = if usable(other) && other >= base {
                    (base_x - GAP, HPos::Right)
                } else {
                    (base_x + GAP, HPos::Left)
                };
                let spec = TextStyleSpec { h, ..value_spec }.colour(AXIS_COLOUR);
                p.text("n/a", (tx, cy), spec);
                continue;
            }
            // Bars on the same side of the base share the row in two halves.
            let (y0, y1) = if same_side {
                if j == 0 {
                    (cy - bar_h / 2.0, cy)
                } else {
                    (cy, cy + bar_h / 2.0)
                }
            } else {
                (cy - bar_h / 2.0, cy + bar_h / 2.0)
            };
            let x = r.x_at(&x_axis, v);
            let (a, b) = ((base_x.min(x), y0), (base_x.max(x), y1));
            p.rect(a, b, style.colour.to_rgba());
            let poly = [a, (b.0, a.1), b, (a.0, b.1)];
            p.hatch(&poly, style.hatch, hatch_colour(style.colour));
            let text = format_value(v, c.x_format);
            let (tx, h) = if x >= base_x {
                (x + GAP, HPos::Left)
            } else {
                (x - GAP, HPos::Right)
            };
            p.text(
                &text,
                (tx, (y0 + y1) / 2.0),
                TextStyleSpec { h, ..value_spec },
            );
        }
    }
    if base_ok {
        p.polyline(
            &[(base_x, r.y0 - 4.0), (base_x, r.y1)],
            INK.to_rgba(),
            1.5,
            Stroke::Solid,
        );
    }
    draw_x_axis_line(p, &r);
    for (v, label) in &x_axis.ticks {
        draw_x_tick(p, &r, r.x_at(&x_axis, *v), TICK_LEN, label);
    }
    draw_x_title(p, fonts, &r, &c.x_label)
}

#[cfg(test)]
mod tests {
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
            }],
            reference_lines: vec![ReferenceLine {
                label: "Target".into(),
                value: 100.0,
                series: Some(0),
            }],
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
        })
    }

    fn weekly(values: Vec<f64>) -> Chart {
        Chart::WeeklyProfile(WeeklyProfileChart {
            title: "Weekly profile".into(),
            x_label: "Hour of week".into(),
            demand: ProfileSeries {
                name: "Demand".into(),
                axis_label: "Tasks per hour".into(),
                band: Some(Band {
                    low: values.clone(),
                    high: values.iter().map(|v| v * 1.1).collect(),
                }),
                values: values.clone(),
            },
            staff: ProfileSeries {
                name: "Agents".into(),
                axis_label: "Agents on duty".into(),
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
        })
    }

    /// One chart of every kind built from `values`.
    fn every_kind(values: &[f64]) -> Vec<Chart> {
        let v = values.to_vec();
        vec![
            lines(v.clone()),
            stacked(v.clone()),
            weekly(v.clone()),
            cdf(v.clone(), XScale::Linear),
            cdf(v.clone(), XScale::Log),
            tornado(v),
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
            Chart::Lines(c) => vec![&c.title, &c.x_label, &c.y_label],
            Chart::StackedAreas(c) => vec![&c.title, &c.x_label, &c.y_label],
            Chart::WeeklyProfile(c) => vec![
                &c.title,
                &c.x_label,
                &c.demand.axis_label,
                &c.staff.axis_label,
            ],
            Chart::Cdf(c) => vec![&c.title, &c.x_label, &c.y_label],
            Chart::Tornado(c) => vec![&c.title, &c.x_label],
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
            assert!(svg.contains(r#"width="1000" height="600""#));
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
                    (0.0..=1000.0).contains(&x) && (0.0..=600.0).contains(&y),
                    "{x},{y}"
                );
            }
        }
        let svg = String::from_utf8(render(&charts[6], Format::Svg).unwrap()).unwrap();
        assert!(svg.contains("more not listed"));
        assert!(svg.contains("…"));
    }

    #[test]
    fn every_kind_renders_png_scaled_by_dpi() {
        for chart in every_kind(&typical()) {
            for (dpi, w, h) in [(48, 500, 300), (96, 1000, 600)] {
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
        assert_eq!((info.width, info.height), (3125, 1875));
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
            Chart::StackedAreas(StackedAreaChart::default()),
            Chart::WeeklyProfile(WeeklyProfileChart::default()),
            Chart::Cdf(CdfChart::default()),
            Chart::Tornado(TornadoChart::default()),
            Chart::Lines(LineChart {
                months: months(3),
                series: vec![MonthlySeries {
                    name: "Short band".into(),
                    values: vec![1.0, 2.0, 3.0, 4.0, 5.0],
                    band: Some(Band {
                        low: vec![0.5],
                        high: vec![],
                    }),
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
        let ticks = month_ticks(fonts, &m, 36, 850.0 / 35.0);
        assert_eq!(ticks, (0..36).step_by(3).collect::<Vec<_>>());
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
}
