//! The look every chart shares: canvas and type sizes, the Okabe–Ito palette,
//! and the dash, marker and hatch each series gets, so that series stay apart
//! in greyscale and for colour-blind readers.

use plotters::style::{BLACK, Color, RGBAColor, RGBColor, WHITE};

use super::ReferenceLine;

pub(super) const CANVAS_W: f64 = 1000.0;
pub(super) const CANVAS_H: f64 = 600.0;
pub(super) const MARGIN: f64 = 22.0;
pub(super) const TITLE_SIZE: f64 = 19.0;
pub(super) const LEGEND_SIZE: f64 = 13.0;
pub(super) const AXIS_TITLE_SIZE: f64 = 14.0;
pub(super) const TICK_SIZE: f64 = 12.5;
pub(super) const NOTE_SIZE: f64 = 16.0;
pub(super) const TICK_LEN: f64 = 5.0;
pub(super) const GAP: f64 = 7.0;
pub(super) const LINE_WIDTH: f64 = 2.0;
pub(super) const HATCH_SPACING: f64 = 8.0;

pub(super) const INK: RGBColor = RGBColor(30, 30, 30);
pub(super) const SOFT_INK: RGBColor = RGBColor(70, 70, 70);
pub(super) const AXIS_COLOUR: RGBColor = RGBColor(90, 90, 90);
pub(super) const GRID_COLOUR: RGBColor = RGBColor(221, 221, 221);
const REF_COLOUR: RGBColor = RGBColor(60, 60, 60);
pub(super) const BAND_ALPHA: f64 = 0.2;

/// Okabe–Ito colours for lines (yellow left out: too light on white).
pub(super) const LINE_COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// Okabe–Ito colours for fills, ordered so neighbours differ in lightness.
pub(super) const FILL_COLOURS: [RGBColor; 8] = [
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
pub(super) enum Stroke {
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
    pub(super) fn pattern(self) -> &'static [f64] {
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
pub(super) enum Marker {
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
pub(super) enum Hatch {
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
    pub(super) fn angles(self) -> &'static [f64] {
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
pub(super) struct LineStyle {
    pub(super) colour: RGBColor,
    pub(super) dash: Stroke,
    pub(super) marker: Option<Marker>,
    /// Markers drawn as outlines (reference lines) rather than filled (data).
    pub(super) hollow: bool,
    pub(super) width: f64,
}

pub(super) fn series_style(i: usize) -> LineStyle {
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
pub(super) fn reference_style(line: &ReferenceLine, series_count: usize) -> LineStyle {
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
pub(super) struct FillStyle {
    pub(super) colour: RGBColor,
    pub(super) hatch: Hatch,
}

pub(super) fn fill_style(i: usize) -> FillStyle {
    FillStyle {
        colour: FILL_COLOURS[i % FILL_COLOURS.len()],
        hatch: FILL_HATCHES[i % FILL_HATCHES.len()],
    }
}

/// Hatch lines are white on dark fills and black on light ones.
pub(super) fn hatch_colour(fill: RGBColor) -> RGBAColor {
    let grey = 0.299 * f64::from(fill.0) + 0.587 * f64::from(fill.1) + 0.114 * f64::from(fill.2);
    if grey < 140.0 {
        WHITE.mix(0.55)
    } else {
        BLACK.mix(0.3)
    }
}
