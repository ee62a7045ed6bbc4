//! The look every chart shares: canvas and type sizes (9 pt at least when the
//! chart is placed 16 cm wide), the Okabe–Ito palette, and the dash and width
//! each series gets, so that series stay apart in greyscale and for
//! colour-blind readers.

use plotters::style::{BLACK, Color, RGBAColor, RGBColor, WHITE};

use super::ReferenceLine;

pub(super) const CANVAS_W: f64 = 1000.0;
pub(super) const CANVAS_H: f64 = 700.0;
pub(super) const MARGIN: f64 = 20.0;
/// Layout px per typographic point when the chart is placed 16 cm wide in a
/// document: 16 cm = 453.5 pt spread over [`CANVAS_W`] px.
pub(super) const PX_PER_PT_AT_16_CM: f64 = CANVAS_W / (16.0 / 2.54 * 72.0);
/// The smallest text on a chart, 9 pt at 16 cm wide (about 19.8 px).
pub(super) const MIN_TEXT: f64 = 9.0 * PX_PER_PT_AT_16_CM + 0.1;
pub(super) const TITLE_SIZE: f64 = 11.0 * PX_PER_PT_AT_16_CM;
pub(super) const SUBTITLE_SIZE: f64 = MIN_TEXT;
pub(super) const FOOTER_SIZE: f64 = MIN_TEXT;
pub(super) const LEGEND_SIZE: f64 = MIN_TEXT;
pub(super) const AXIS_TITLE_SIZE: f64 = MIN_TEXT;
pub(super) const TICK_SIZE: f64 = MIN_TEXT;
pub(super) const NOTE_SIZE: f64 = 10.0 * PX_PER_PT_AT_16_CM;
pub(super) const TICK_LEN: f64 = 5.0;
pub(super) const GAP: f64 = 7.0;
pub(super) const LINE_WIDTH: f64 = 2.0;
pub(super) const HATCH_SPACING: f64 = 8.0;

pub(super) const INK: RGBColor = RGBColor(30, 30, 30);
pub(super) const SOFT_INK: RGBColor = RGBColor(70, 70, 70);
pub(super) const AXIS_COLOUR: RGBColor = RGBColor(90, 90, 90);
pub(super) const GRID_COLOUR: RGBColor = RGBColor(221, 221, 221);
/// Behind labels drawn over data.
pub(super) const LABEL_HALO: RGBColor = RGBColor(255, 255, 255);
const REF_COLOUR: RGBColor = RGBColor(60, 60, 60);
pub(super) const BAND_ALPHA: f64 = 0.2;
/// Opacity of a filled amount (a shortfall) under its line.
pub(super) const AREA_ALPHA: f64 = 0.35;

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

/// A dot for a value with no neighbour to draw a line to (an isolated month).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Marker {
    Circle,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Hatch {
    None,
    Forward,
}

impl Hatch {
    /// Angles of the hatch lines in degrees.
    pub(super) fn angles(self) -> &'static [f64] {
        match self {
            Self::None => &[],
            Self::Forward => &[-45.0],
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

/// Series differ by colour, dash pattern and width (the first is the widest),
/// so they stay apart in greyscale; no markers (they would suggest data points
/// that are not there).
pub(super) fn series_style(i: usize) -> LineStyle {
    LineStyle {
        colour: LINE_COLOURS[i % LINE_COLOURS.len()],
        dash: SERIES_DASHES[i % SERIES_DASHES.len()],
        marker: None,
        hollow: false,
        width: if i == 0 { LINE_WIDTH + 0.8 } else { LINE_WIDTH },
    }
}

/// Reference lines are dash-dotted; one tied to a series takes its colour.
pub(super) fn reference_style(line: &ReferenceLine, series_count: usize) -> LineStyle {
    let colour = match line.series {
        Some(i) if i < series_count => LINE_COLOURS[i % LINE_COLOURS.len()],
        _ => REF_COLOUR,
    };
    LineStyle {
        colour,
        dash: Stroke::DashDot,
        marker: None,
        hollow: true,
        width: 1.8,
    }
}

/// How one filled area looks.
#[derive(Debug, Clone, Copy)]
pub(super) struct FillStyle {
    pub(super) colour: RGBColor,
    pub(super) hatch: Hatch,
}

/// Stacked layers are flat fills (no hatching: it reads as a barcode) whose
/// neighbours differ in lightness, separated by white lines.
pub(super) fn fill_style(i: usize) -> FillStyle {
    FillStyle {
        colour: FILL_COLOURS[i % FILL_COLOURS.len()],
        hatch: Hatch::None,
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
