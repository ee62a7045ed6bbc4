//! Numeric axes: a range with "nice" labelled ticks (linear or log), the plot
//! rectangle that maps values to px, and drawing axes, ticks, gridlines and
//! axis titles along it.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBAColor};

use super::ValueFormat;
use super::data::usable;
use super::fonts::Fonts;
use super::header::FOOTER_RESERVE;
use super::numbers::{format_number, nice_step};
use super::painter::{Painter, TextStyleSpec};
use super::style::{
    AXIS_COLOUR, AXIS_TITLE_SIZE, CANVAS_H, CANVAS_W, GAP, MARGIN, SOFT_INK, Stroke, TICK_LEN,
    TICK_SIZE,
};

/// A numeric axis: range and labelled ticks.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) log: bool,
    pub(super) ticks: Vec<(f64, String)>,
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

    pub(super) fn max_label_width(&self, fonts: &Fonts) -> f64 {
        self.ticks
            .iter()
            .map(|(_, l)| fonts.width(l, TICK_SIZE, false))
            .fold(0.0, f64::max)
    }
}

/// Linear axis over the data range `[lo, hi]` with about `target` ticks.
pub(super) fn linear_axis(
    lo: f64,
    hi: f64,
    target: usize,
    fmt: ValueFormat,
    include_zero: bool,
) -> Axis {
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
    let raw = (hi - lo) / target.max(1) as f64;
    let step = if fmt == ValueFormat::Seconds {
        duration_step(raw)
    } else {
        nice_step(raw)
    };
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
pub(super) fn log_axis(lo: f64, hi: f64) -> Axis {
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

/// A round step of time of at least `raw` seconds: 1, 2, 5, 10, 15, 20, 30 s,
/// 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, then whole days.
fn duration_step(raw: f64) -> f64 {
    const STEPS: [f64; 21] = [
        1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0,
        7200.0, 10_800.0, 21_600.0, 43_200.0, 86_400.0, 172_800.0, 604_800.0,
    ];
    if raw <= 1.0 {
        return nice_step(raw);
    }
    STEPS
        .into_iter()
        .find(|s| *s >= raw)
        .unwrap_or_else(|| (raw / 86_400.0).ceil() * 86_400.0)
}

/// Plot rectangle in layout px.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
}

impl Rect {
    /// The plot right of a left value axis, out to the usual right edge.
    pub(super) fn beside(fonts: &Fonts, axis: &Axis, top: f64, bottom: f64) -> Self {
        Self {
            x0: MARGIN + left_axis_width(fonts, axis),
            y0: top,
            x1: CANVAS_W - MARGIN - 12.0,
            y1: bottom,
        }
    }

    pub(super) fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub(super) fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub(super) fn x_at(&self, axis: &Axis, v: f64) -> f64 {
        self.x0 + axis.frac(v) * self.width()
    }

    pub(super) fn y_at(&self, axis: &Axis, v: f64) -> f64 {
        self.y1 - axis.frac(v) * self.height()
    }
}

/// Height of a line of tick labels.
pub(super) fn tick_label_h() -> f64 {
    TICK_SIZE * 1.2
}

/// Height of an axis title.
pub(super) fn axis_title_h() -> f64 {
    AXIS_TITLE_SIZE * 1.25
}

/// About one labelled tick per 55 px of axis.
pub(super) fn tick_target(len: f64) -> usize {
    ((len / 55.0).round() as usize).clamp(2, 12)
}

/// Width of a vertical axis area: title, tick labels and ticks.
pub(super) fn left_axis_width(fonts: &Fonts, axis: &Axis) -> f64 {
    axis_title_h() + GAP + axis.max_label_width(fonts) + GAP + TICK_LEN
}

/// Horizontal gridlines at the ticks of a value axis.
pub(super) fn draw_y_grid(p: &mut Painter, r: &Rect, axis: &Axis, colour: RGBAColor) {
    for (v, _) in &axis.ticks {
        let y = r.y_at(axis, *v);
        p.polyline(&[(r.x0, y), (r.x1, y)], colour, 1.0, Stroke::Solid);
    }
}

/// Vertical gridlines at `xs` (px).
pub(super) fn draw_x_grid(
    p: &mut Painter,
    r: &Rect,
    xs: impl IntoIterator<Item = f64>,
    colour: RGBAColor,
) {
    for x in xs {
        p.polyline(&[(x, r.y0), (x, r.y1)], colour, 1.0, Stroke::Solid);
    }
}

/// Draws a vertical axis with ticks and labels on the left (or right) side.
pub(super) fn draw_y_axis(
    p: &mut Painter,
    fonts: &Fonts,
    r: &Rect,
    axis: &Axis,
    title: &str,
    right: bool,
) {
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

pub(super) fn draw_x_axis_line(p: &mut Painter, r: &Rect) {
    p.polyline(
        &[(r.x0, r.y1), (r.x1, r.y1)],
        AXIS_COLOUR.to_rgba(),
        1.0,
        Stroke::Solid,
    )
}

pub(super) fn draw_x_tick(p: &mut Painter, r: &Rect, x: f64, len: f64, label: &str) {
    p.polyline(
        &[(x, r.y1), (x, r.y1 + len)],
        AXIS_COLOUR.to_rgba(),
        1.0,
        Stroke::Solid,
    );
    let spec = TextStyleSpec::new(TICK_SIZE, HPos::Center, VPos::Top).colour(SOFT_INK);
    p.text(label, (x, r.y1 + TICK_LEN + 4.0), spec)
}

/// The x-axis title above a footer of two lines (see `frame::plot_bottom`).
pub(super) fn draw_x_title(p: &mut Painter, fonts: &Fonts, r: &Rect, title: &str) {
    draw_x_title_at(p, fonts, r, title, CANVAS_H - MARGIN - FOOTER_RESERVE);
}

/// The x-axis title with its bottom edge at `bottom`.
pub(super) fn draw_x_title_at(p: &mut Painter, fonts: &Fonts, r: &Rect, title: &str, bottom: f64) {
    let title = fonts.fit(title, AXIS_TITLE_SIZE, false, CANVAS_W - 2.0 * MARGIN);
    let spec = TextStyleSpec::new(AXIS_TITLE_SIZE, HPos::Center, VPos::Bottom);
    let x = ((r.x0 + r.x1) / 2.0).clamp(CANVAS_W / 3.0, CANVAS_W * 2.0 / 3.0);
    p.text(&title, (x, bottom), spec)
}

/// The x axis line with every tick of `axis` labelled.
pub(super) fn draw_x_axis(p: &mut Painter, r: &Rect, axis: &Axis) {
    draw_x_axis_line(p, r);
    for (v, label) in &axis.ticks {
        draw_x_tick(p, r, r.x_at(axis, *v), TICK_LEN, label);
    }
}
