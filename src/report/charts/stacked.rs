//! Stacked areas over months (workforce composition, shortfall by pool):
//! flat layers from the bottom up whose neighbours differ in lightness,
//! separated by white lines, with optional lines drawn over the stack; one
//! column for one month.

use plotters::style::{Color, WHITE};

use super::MonthlySeries;
use super::StackedAreaChart;
use super::axes::draw_y_grid;
use super::data::{runs, value_at};
use super::fonts::Fonts;
use super::frame::{NoData, Plot};
use super::header::{Header, LegendItem, SeriesLook, Swatch, series_item};
use super::months::{MonthPlot, month_count};
use super::painter::TextStyleSpec;
use super::painter::{Painter, between};
use super::style::{INK, Stroke, TICK_SIZE, fill_style, series_style};
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

/// Grey value of a colour (0–255), as a greyscale print renders it.
fn luminance(c: RGBColor) -> f64 {
    0.299 * f64::from(c.0) + 0.587 * f64::from(c.1) + 0.114 * f64::from(c.2)
}

/// Lines over a stack are drawn in the dark series looks (black first).
fn overlay_look(overlays: &[MonthlySeries], i: usize) -> SeriesLook {
    SeriesLook {
        style: overlays[i].style.unwrap_or(6 + i),
        band: false,
        area: false,
    }
}

impl Plot for StackedAreaChart {
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.subtitle, &self.footer]
    }

    /// Layers listed top of the stack first, as a reader meets them, then
    /// the lines over the stack.
    fn legend(&self) -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = self
            .layers
            .iter()
            .enumerate()
            .rev()
            .map(|(i, l)| LegendItem {
                label: l.name.clone(),
                swatch: Swatch::Fill(fill_style(i)),
            })
            .collect();
        items.extend(
            self.overlays
                .iter()
                .enumerate()
                .map(|(i, s)| series_item(&s.name, overlay_look(&self.overlays, i))),
        );
        items
    }

    fn axis_titles(&self) -> (&str, &str) {
        (&self.x_label, &self.y_label)
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let n = month_count(&self.months, self.layers.iter().map(|l| l.values.len()));
        if n == 0 || self.layers.is_empty() {
            return Err(NoData);
        }
        // Cumulative tops per layer, clamped to sane non-negative values.
        let mut tops = vec![vec![0.0f64; n]];
        for layer in &self.layers {
            let below = &tops[tops.len() - 1];
            let top = (0..n)
                .map(|i| {
                    let v = value_at(&layer.values, i).unwrap_or(0.0).clamp(0.0, 1e300);
                    (below[i] + v).min(1e300)
                })
                .collect();
            tops.push(top);
        }
        let total_max = tops[self.layers.len()]
            .iter()
            .copied()
            .chain(
                self.overlays
                    .iter()
                    .flat_map(|s| (0..n).filter_map(|i| value_at(&s.values, i))),
            )
            .fold(0.0, f64::max);
        let plot = MonthPlot::new(
            fonts,
            header,
            (0.0, total_max),
            self.y_format,
            n,
            !self.x_label.is_empty(),
        );
        let (r, x_axis, y_axis) = (&plot.r, &plot.x, &plot.y);
        // A single month is drawn as a column.
        let xs: Vec<(usize, f64)> = if n == 1 {
            vec![(0, -0.35), (0, 0.35)]
        } else {
            (0..n).map(|i| (i, i as f64)).collect()
        };
        let curve = |li: usize| -> Vec<(f64, f64)> {
            xs.iter()
                .map(|&(i, x)| (r.x_at(x_axis, x), r.y_at(y_axis, tops[li][i])))
                .collect()
        };
        for li in 0..self.layers.len() {
            let (lower, upper) = (curve(li), curve(li + 1));
            p.fill(&between(&upper, &lower), fill_style(li));
        }
        for li in 1..=self.layers.len() {
            p.polyline(&curve(li), WHITE.mix(0.9), 1.2, Stroke::Solid);
        }
        // Faint gridlines over the opaque fills.
        draw_y_grid(p, r, y_axis, WHITE.mix(0.35));
        for (i, s) in self.overlays.iter().enumerate() {
            let style = series_style(overlay_look(&self.overlays, i).style);
            for run in runs(n, |k| value_at(&s.values, k)) {
                let line: Vec<_> = run
                    .iter()
                    .map(|&(k, v)| (r.x_at(x_axis, k as f64), r.y_at(y_axis, v)))
                    .collect();
                // A white casing keeps the line readable over any fill.
                p.polyline(&line, WHITE.to_rgba(), style.width + 3.0, Stroke::Solid);
                p.line(&line, style);
            }
        }
        // Each layer thick enough under the whole label is named inside it,
        // at the right edge, clear of the lines over the stack, so the stack
        // reads without the legend (and in greyscale).
        if n > 1 {
            let text_h = TICK_SIZE * 1.3;
            for (li, layer) in self.layers.iter().enumerate() {
                let w = fonts.width(&layer.name, TICK_SIZE, true);
                let (x_right, x_left) = (r.x1 - 8.0, r.x1 - 8.0 - w);
                if w > r.width() / 3.0 {
                    continue;
                }
                // Months under the label, and the part of the layer (px, top
                // to bottom) common to all of them.
                let under: Vec<usize> = (0..n)
                    .filter(|&i| {
                        let x = r.x_at(x_axis, i as f64);
                        x >= x_left - 1.0 && x <= x_right + 1.0
                    })
                    .chain([n - 1])
                    .collect();
                let top = under
                    .iter()
                    .map(|&i| r.y_at(y_axis, tops[li + 1][i]))
                    .fold(f64::MIN, f64::max);
                let bottom = under
                    .iter()
                    .map(|&i| r.y_at(y_axis, tops[li][i]))
                    .fold(f64::MAX, f64::min);
                if bottom - top < text_h + 4.0 {
                    continue;
                }
                // The widest stretch of it that no overlay crosses.
                let mut cuts = vec![top, bottom];
                for o in &self.overlays {
                    for &i in &under {
                        if let Some(v) = value_at(&o.values, i) {
                            let y = r.y_at(y_axis, v);
                            if y > top && y < bottom {
                                cuts.push(y);
                            }
                        }
                    }
                }
                cuts.sort_by(f64::total_cmp);
                let Some((a, b)) = cuts
                    .windows(2)
                    .map(|w| (w[0], w[1]))
                    .max_by(|x, y| (x.1 - x.0).total_cmp(&(y.1 - y.0)))
                else {
                    continue;
                };
                if b - a < text_h + 4.0 {
                    continue;
                }
                let fill = fill_style(li).colour;
                let colour = if luminance(fill) < 140.0 { WHITE } else { INK };
                let spec = TextStyleSpec::new(TICK_SIZE, HPos::Right, VPos::Center)
                    .bold()
                    .colour(colour);
                p.text(&layer.name, (x_right, (a + b) / 2.0), spec);
            }
        }
        plot.draw_axes(p, fonts, &self.months, &self.x_label, &self.y_label);
        Ok(())
    }
}
