//! Waiting-time distributions: cumulative shares as step lines with bands,
//! on a linear or log time axis, with vertical reference lines such as the
//! service-level threshold.

use plotters::style::Color;

use super::axes::{
    Rect, draw_x_axis, draw_x_grid, draw_x_title, draw_y_axis, draw_y_grid, linear_axis, log_axis,
    tick_target,
};
use super::data::{band_at, drawable, range_of, usable};
use super::fonts::Fonts;
use super::frame::{NoData, Plot, plot_bottom, plot_top};
use super::header::{Header, LegendItem, series_legend};
use super::painter::{Painter, between};
use super::style::{BAND_ALPHA, GRID_COLOUR, reference_style, series_style};
use super::{CdfChart, ValueFormat, XScale};

impl Plot for CdfChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn legend(&self) -> Vec<LegendItem> {
        series_legend(
            self.series.iter().map(|s| s.name.as_str()),
            &drawable(&self.x_markers, self.x_scale == XScale::Log),
            self.series.iter().any(|s| s.band.is_some()),
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
        let (top, bottom) = (plot_top(header), plot_bottom(1.0));
        let y_axis = linear_axis(
            0.0,
            100.0,
            tick_target(bottom - top).min(6),
            ValueFormat::Percent,
            true,
        );
        let r = Rect::beside(fonts, &y_axis, top, bottom);
        let x_axis = if log {
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
            if let Some(marker) = style.marker {
                let phase = (si as f64 + 0.5) / self.series.len() as f64;
                for pt in points_along(&line, 8, phase) {
                    p.marker(marker, pt, style.colour, style.hollow);
                }
            }
        }
        draw_x_axis(p, &r, &x_axis);
        draw_y_axis(p, fonts, &r, &y_axis, &self.y_label, false);
        draw_x_title(p, fonts, &r, &self.x_label);
        Ok(())
    }
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
