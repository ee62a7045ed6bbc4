//! The month plot that line, panel and stacked-area charts share: months
//! along x, written "Jul 2026", labels thinned so they never touch and
//! aligned to the calendar, against one value axis on the left.

use plotters::style::Color;

use super::ValueFormat;
use super::axes::{
    Axis, Rect, draw_x_axis_line, draw_x_tick, draw_x_title_at, draw_y_axis, linear_axis,
    tick_target,
};
use super::fonts::Fonts;
use super::frame::{plot_bottom_above, plot_top};
use super::header::Header;
use super::painter::{Painter, TextStyleSpec};
use super::style::{AXIS_COLOUR, CANVAS_W, MARGIN, SOFT_INK, Stroke, TICK_LEN, TICK_SIZE};
use plotters::style::text_anchor::{HPos, VPos};

/// A plot over `n` months against one value axis on the left.
pub(super) struct MonthPlot {
    /// The plot rectangle.
    pub(super) r: Rect,
    /// Months, 0 to `n - 1`.
    pub(super) x: Axis,
    /// Values.
    pub(super) y: Axis,
    n: usize,
    /// Bottom edge of the x-axis title.
    title_bottom: f64,
}

impl MonthPlot {
    /// Lays out the plot between `header` and its footer for values from
    /// `lo` to `hi`; room for an x title only when `x_title` is set.
    pub(super) fn new(
        fonts: &Fonts,
        header: &Header,
        range: (f64, f64),
        fmt: ValueFormat,
        n: usize,
        x_title: bool,
    ) -> Self {
        let (top, bottom) = (plot_top(header), plot_bottom_above(header, 1.0, x_title));
        let y = linear_axis(range.0, range.1, tick_target(bottom - top), fmt, true);
        let r = Rect::beside(fonts, &y, top, bottom);
        Self::with(r, y, n, header.footer_top() - 2.0)
    }

    /// A plot in a given rectangle (a panel) with a ready value axis.
    pub(super) fn with(r: Rect, y: Axis, n: usize, title_bottom: f64) -> Self {
        Self {
            r,
            x: month_axis(n),
            y,
            n,
            title_bottom,
        }
    }

    /// X position of month `i`.
    pub(super) fn x_of(&self, i: usize) -> f64 {
        self.r.x_at(&self.x, i as f64)
    }

    /// The month axis, the value axis and the x title, drawn over the data.
    pub(super) fn draw_axes(
        &self,
        p: &mut Painter,
        fonts: &Fonts,
        months: &[String],
        x_label: &str,
        y_label: &str,
    ) {
        self.draw_month_axis(p, fonts, months, true);
        draw_y_axis(p, fonts, &self.r, &self.y, y_label, false);
        draw_x_title_at(p, fonts, &self.r, x_label, self.title_bottom)
    }

    /// The month axis line, its ticks and (with `labels`) its month labels.
    pub(super) fn draw_month_axis(
        &self,
        p: &mut Painter,
        fonts: &Fonts,
        months: &[String],
        labels: bool,
    ) {
        let (r, n) = (&self.r, self.n);
        draw_x_axis_line(p, r);
        let px_per_month = if n > 1 {
            r.width() / (n - 1) as f64
        } else {
            r.width()
        };
        if px_per_month >= 4.0 {
            for i in 0..n {
                let x = r.x_at(&self.x, i as f64);
                p.polyline(
                    &[(x, r.y1), (x, r.y1 + 3.0)],
                    AXIS_COLOUR.to_rgba(),
                    1.0,
                    Stroke::Solid,
                );
            }
        }
        for i in month_ticks(fonts, months, n, px_per_month) {
            let x = r.x_at(&self.x, i as f64);
            draw_x_tick(p, r, x, TICK_LEN, "");
            let label = months.get(i).map_or(String::new(), |m| human_month(m));
            if labels && !label.is_empty() {
                // Centred under the tick, but never past the canvas edge.
                let half = fonts.width(&label, TICK_SIZE, false) / 2.0;
                let cx = x.clamp(MARGIN / 2.0 + half, CANVAS_W - MARGIN / 2.0 - half);
                let spec = TextStyleSpec::new(TICK_SIZE, HPos::Center, VPos::Top).colour(SOFT_INK);
                p.text(&label, (cx, r.y1 + TICK_LEN + 4.0), spec);
            }
        }
    }
}

/// "2026-07" as "Jul 2026"; anything else as given.
pub(super) fn human_month(label: &str) -> String {
    crate::report::format::month(label)
}

/// Months a chart spans: the longest of its labels and its series.
pub(super) fn month_count(months: &[String], lengths: impl Iterator<Item = usize>) -> usize {
    lengths.fold(months.len(), usize::max)
}

/// Month x axis: which indices get labels, spaced so labels never touch.
pub(super) fn month_ticks(
    fonts: &Fonts,
    months: &[String],
    n: usize,
    px_per_month: f64,
) -> Vec<usize> {
    let label_w = months
        .iter()
        .take(n)
        .map(|m| fonts.width(&human_month(m), TICK_SIZE, false))
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

/// Month indices as x values; a single month sits in the middle.
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
