//! Stacked areas over months (throughput by service line, workforce
//! composition): hatched layers from the bottom up, one column for one month.

use plotters::style::{Color, WHITE};

use super::StackedAreaChart;
use super::axes::draw_y_grid;
use super::data::value_at;
use super::fonts::Fonts;
use super::frame::{NoData, Plot};
use super::header::{Header, LegendItem, Swatch};
use super::months::{MonthPlot, month_count};
use super::painter::{Painter, between};
use super::style::{Stroke, fill_style};

impl Plot for StackedAreaChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn legend(&self) -> Vec<LegendItem> {
        self.layers
            .iter()
            .enumerate()
            .map(|(i, l)| LegendItem {
                label: l.name.clone(),
                swatch: Swatch::Fill(fill_style(i)),
            })
            .collect()
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
        let total_max = tops[self.layers.len()].iter().copied().fold(0.0, f64::max);
        let plot = MonthPlot::new(fonts, header, (0.0, total_max), self.y_format, n);
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
        plot.draw_axes(p, fonts, &self.months, &self.x_label, &self.y_label);
        Ok(())
    }
}
