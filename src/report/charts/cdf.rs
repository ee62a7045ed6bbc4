//! Waiting-time distributions: cumulative shares as step lines with bands,
//! on a linear or log time axis, with vertical reference lines such as the
//! service-level threshold.

use plotters::style::Color;

use super::axes::{
    Axis, Rect, draw_x_axis, draw_x_grid, draw_x_title_at, draw_y_axis, draw_y_grid, linear_axis,
    log_axis, tick_target,
};
use super::data::{band_at, drawable, range_of, usable};
use super::fonts::Fonts;
use super::frame::{NoData, Plot, plot_bottom_above, plot_top};
use super::header::{Header, LegendItem, SeriesLook, series_legend};
use super::numbers::format_number;
use super::painter::{Painter, between};
use super::style::{BAND_ALPHA, GRID_COLOUR, reference_style, series_style};
use super::{CdfChart, ValueFormat, XScale};

impl Plot for CdfChart {
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.subtitle, &self.footer]
    }

    fn legend(&self) -> Vec<LegendItem> {
        let looks = self.series.iter().enumerate().map(|(i, s)| {
            (
                s.name.as_str(),
                SeriesLook {
                    style: i,
                    band: s.band.is_some(),
                    area: false,
                },
            )
        });
        series_legend(
            looks,
            &drawable(&self.x_markers, self.x_scale == XScale::Log),
            self.series.len(),
        )
    }

    fn axis_titles(&self) -> (&str, &str) {
        (&self.x_label, &self.y_label)
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let log = self.x_scale == XScale::Log;
        let markers = drawable(&self.x_markers, log);
        // Sorted finite points with their band ends: (x, y, low, high).
        let clean: Vec<Vec<(f64, f64, f64, f64)>> = self
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
        let (x_lo, x_hi) = x_range.ok_or(NoData)?;
        let (top, bottom) = (
            plot_top(header),
            plot_bottom_above(header, 1.0, !self.x_label.is_empty()),
        );
        let y_axis = linear_axis(
            0.0,
            100.0,
            tick_target(bottom - top).min(6),
            ValueFormat::Percent,
            true,
        );
        let r = Rect::beside(fonts, &y_axis, top, bottom);
        let x_axis = if log && self.x_format == ValueFormat::Seconds {
            duration_axis(x_lo, x_hi)
        } else if log {
            log_axis(x_lo, x_hi)
        } else {
            linear_axis(
                x_lo.min(0.0),
                x_hi,
                tick_target(r.width()).min(10),
                ValueFormat::Number,
                true,
            )
        };
        draw_y_grid(p, &r, &y_axis, GRID_COLOUR.to_rgba());
        let x_ticks = x_axis.ticks.iter().map(|(v, _)| r.x_at(&x_axis, *v));
        draw_x_grid(p, &r, x_ticks, GRID_COLOUR.mix(0.6));
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
            if self.series[si].band.is_none() || pts.is_empty() {
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
            let style = reference_style(line, self.series.len());
            let x = r.x_at(&x_axis, line.value);
            p.marked_line(&[(x, r.y0), (x, r.y1)], style, (x, r.y1 - 8.0));
        }
        for (si, pts) in clean.iter().enumerate() {
            let style = series_style(si);
            let line = steps(&pts.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>());
            p.line(&line, style);
        }
        draw_x_axis(p, &r, &x_axis);
        draw_y_axis(p, fonts, &r, &y_axis, &self.y_label, false);
        draw_x_title_at(p, fonts, &r, &self.x_label, header.footer_top() - 2.0);
        Ok(())
    }
}

/// A log axis of durations in seconds with ticks at round times (10 s, 1 min,
/// 1 h, 1 d), thinned so that neighbours are at least 2.5× apart.
fn duration_axis(lo: f64, hi: f64) -> Axis {
    const TICKS: [f64; 19] = [
        1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0, 7200.0,
        14_400.0, 28_800.0, 86_400.0, 259_200.0, 604_800.0,
    ];
    let base = log_axis(lo, hi);
    let (lo, hi) = (base.lo, base.hi);
    let mut ticks: Vec<(f64, String)> = Vec::new();
    for v in TICKS.into_iter().filter(|v| *v >= lo && *v <= hi) {
        if ticks.last().is_none_or(|(last, _)| v / last >= 2.5) {
            ticks.push((v, format_number(v, v, v, ValueFormat::Seconds)));
        }
    }
    if ticks.len() < 2 {
        return base;
    }
    Axis { ticks, ..base }
}
