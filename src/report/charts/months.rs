//! The month plot that line and stacked-area charts share: months along x,
//! labels thinned so they never touch and aligned to the calendar, against
//! one value axis on the left.

use plotters::style::Color;

use super::ValueFormat;
use super::axes::{
    Axis, Rect, draw_x_axis_line, draw_x_tick, draw_x_title, draw_y_axis, linear_axis, tick_target,
};
use super::fonts::Fonts;
use super::frame::{plot_bottom, plot_top};
use super::header::Header;
use super::painter::Painter;
use super::style::{AXIS_COLOUR, Stroke, TICK_LEN, TICK_SIZE};

/// A plot over `n` months against one value axis on the left.
pub(super) struct MonthPlot {
    /// The plot rectangle.
    pub(super) r: Rect,
    /// Months, 0 to `n - 1`.
    pub(super) x: Axis,
    /// Values.
    pub(super) y: Axis,
    n: usize,
}

impl MonthPlot {
    /// Lays out the plot below `header` for values from `lo` to `hi`.
    pub(super) fn new(
        fonts: &Fonts,
        header: &Header,
        (lo, hi): (f64, f64),
        fmt: ValueFormat,
        n: usize,
    ) -> Self {
        let (top, bottom) = (plot_top(header), plot_bottom(1.0));
        let y = linear_axis(lo, hi, tick_target(bottom - top), fmt, true);
        Self {
            r: Rect::beside(fonts, &y, top, bottom),
            x: month_axis(n),
            y,
            n,
        }
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
            let label = months.get(i).map_or("", String::as_str);
            draw_x_tick(p, r, r.x_at(&self.x, i as f64), TICK_LEN, label);
        }
        draw_y_axis(p, fonts, &self.r, &self.y, y_label, false);
        draw_x_title(p, fonts, &self.r, x_label)
    }
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
