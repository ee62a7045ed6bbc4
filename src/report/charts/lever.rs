//! A headline figure against the values of one lever (a swept input): the
//! mean at each value with its 95% band, and the base case as a dashed line.
//! Numeric values sit at their place on a linear axis; any other values at
//! equal steps in the order given.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

use super::axes::{
    Rect, draw_x_axis_line, draw_x_tick, draw_x_title, draw_y_axis, draw_y_grid, linear_axis,
    tick_target,
};
use super::data::usable;
use super::fonts::Fonts;
use super::frame::{NoData, Plot, plot_bottom, plot_top};
use super::header::{Header, LegendItem, Swatch};
use super::numbers::{format_number, format_value};
use super::painter::{Painter, TextStyleSpec, between};
use super::style::{
    BAND_ALPHA, FillStyle, GAP, GRID_COLOUR, Hatch, INK, LineStyle, SOFT_INK, Stroke, TICK_LEN,
    TICK_SIZE, series_style,
};
use super::{LeverChart, LeverPoint, ValueFormat};

/// The base-case line.
const BASE: LineStyle = LineStyle {
    colour: INK,
    dash: Stroke::Dashed,
    marker: None,
    hollow: false,
    width: 1.2,
};

impl LeverChart {
    /// Numeric positions when every point has a distinct finite `x`;
    /// otherwise 0, 1, 2, … in the order given.
    fn positions(&self) -> Vec<f64> {
        let xs: Vec<f64> = self.points.iter().map(|p| p.x).collect();
        let mut sorted: Vec<f64> = xs.iter().copied().filter(|x| usable(*x)).collect();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup();
        if sorted.len() == xs.len() && xs.len() > 1 {
            xs
        } else {
            (0..xs.len()).map(|i| i as f64).collect()
        }
    }
}

impl Plot for LeverChart {
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.subtitle, &self.footer]
    }

    fn legend(&self) -> Vec<LegendItem> {
        let mut items = vec![LegendItem {
            label: self.series_label.clone(),
            swatch: Swatch::Line(series_style(0)),
        }];
        if self.points.iter().any(|p| usable(p.low) && usable(p.high)) {
            // The swatch is the band's own colour: the line's at its opacity, on white.
            let c = series_style(0).colour;
            let over_white = |v: u8| (255.0 - (255.0 - f64::from(v)) * BAND_ALPHA).round() as u8;
            items.push(LegendItem {
                label: "Shaded: 95% band".to_string(),
                swatch: Swatch::Fill(FillStyle {
                    colour: RGBColor(over_white(c.0), over_white(c.1), over_white(c.2)),
                    hatch: Hatch::None,
                }),
            });
        }
        if usable(self.base_value) {
            items.push(LegendItem {
                label: format!(
                    "{}: {}",
                    self.base_label,
                    format_value(self.base_value, self.y_format)
                ),
                swatch: Swatch::Line(BASE),
            });
        }
        items
    }

    fn axis_titles(&self) -> (&str, &str) {
        (&self.x_label, &self.y_label)
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let pts: Vec<(f64, &LeverPoint)> = self
            .positions()
            .into_iter()
            .zip(&self.points)
            .filter(|(_, pt)| usable(pt.value))
            .collect();
        if pts.is_empty() {
            return Err(NoData);
        }
        let values = pts
            .iter()
            .flat_map(|(_, pt)| [pt.value, pt.low, pt.high])
            .chain([self.base_value])
            .filter(|v| usable(*v));
        let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        // Figures that cannot be negative (people, money) start at zero.
        if lo >= 0.0 {
            lo = 0.0;
        }
        if hi <= lo {
            hi = lo + 1.0;
        }
        let (top, bottom) = (plot_top(header), plot_bottom(1.0));
        let y_axis = linear_axis(lo, hi, tick_target(bottom - top), self.y_format, true);
        let r = Rect::beside(fonts, &y_axis, top, bottom);
        // The first and last values sit inside the plot, clear of the axis.
        let inset = 40.0;
        let (x_lo, x_hi) = pts
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (x, _)| {
                (a.min(*x), b.max(*x))
            });
        let span = if x_hi > x_lo { x_hi - x_lo } else { 1.0 };
        let x_at = |x: f64| {
            if x_hi > x_lo {
                r.x0 + inset + (x - x_lo) / span * (r.width() - 2.0 * inset)
            } else {
                (r.x0 + r.x1) / 2.0
            }
        };
        draw_y_grid(p, &r, &y_axis, GRID_COLOUR.to_rgba());
        let style = series_style(0);
        let banded: Vec<(f64, f64, f64)> = pts
            .iter()
            .filter(|(_, pt)| usable(pt.low) && usable(pt.high))
            .map(|(x, pt)| (x_at(*x), pt.low.max(y_axis.lo), pt.high))
            .collect();
        if banded.len() > 1 {
            let upper: Vec<_> = banded
                .iter()
                .map(|&(x, _, h)| (x, r.y_at(&y_axis, h)))
                .collect();
            let lower: Vec<_> = banded
                .iter()
                .map(|&(x, l, _)| (x, r.y_at(&y_axis, l)))
                .collect();
            p.polygon(&between(&upper, &lower), style.colour.mix(BAND_ALPHA));
        } else if let Some(&(x, l, h)) = banded.first() {
            p.rect(
                (x - 8.0, r.y_at(&y_axis, h)),
                (x + 8.0, r.y_at(&y_axis, l)),
                style.colour.mix(BAND_ALPHA),
            );
        }
        if usable(self.base_value) {
            let y = r.y_at(&y_axis, self.base_value);
            p.line(&[(r.x0, y), (r.x1, y)], BASE);
        }
        let line: Vec<(f64, f64)> = pts
            .iter()
            .map(|(x, pt)| (x_at(*x), r.y_at(&y_axis, pt.value)))
            .collect();
        p.line(
            &line,
            LineStyle {
                marker: None,
                ..style
            },
        );
        // Values in the axis's format: whole people when the ticks are whole.
        let tick_step = match y_axis.ticks.as_slice() {
            [a, b, ..] => (b.0 - a.0).abs(),
            _ => 0.0,
        };
        let value_text = |v: f64| {
            if self.y_format == ValueFormat::Number && tick_step >= 1.0 {
                format_number(v, 1.0, y_axis.hi.abs().max(y_axis.lo.abs()), self.y_format)
            } else {
                format_value(v, self.y_format)
            }
        };
        let value_spec = TextStyleSpec::new(TICK_SIZE, HPos::Center, VPos::Bottom).colour(SOFT_INK);
        for (&(x, y), (_, pt)) in line.iter().zip(&pts) {
            // Every point is a simulated case: each gets its marker and its value.
            if let Some(m) = style.marker {
                p.marker(m, (x, y), style.colour, false);
            }
            p.text(&value_text(pt.value), (x, y - GAP - 2.0), value_spec);
        }
        draw_x_axis_line(p, &r);
        // Tick labels at the simulated values, thinned so they never touch.
        let mut last_right = f64::NEG_INFINITY;
        for (x, pt) in &pts {
            let x = x_at(*x);
            let w = fonts.width(&pt.label, TICK_SIZE, false);
            if x - w / 2.0 > last_right + GAP {
                draw_x_tick(p, &r, x, TICK_LEN, &pt.label);
                last_right = x + w / 2.0;
            }
        }
        draw_y_axis(p, fonts, &r, &y_axis, &self.y_label, false);
        draw_x_title(p, fonts, &r, &self.x_label);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Chart, Format, LeverChart, LeverPoint, ValueFormat, render};

    fn chart(xs: &[f64]) -> Chart {
        Chart::Lever(LeverChart {
            title: "Peak shortfall against the placement rate".into(),
            x_label: "Placement rate".into(),
            y_label: "Peak shortfall (people)".into(),
            y_format: ValueFormat::Number,
            series_label: "Peak shortfall (mean)".into(),
            base_label: "Base case".into(),
            base_value: 43.0,
            points: xs
                .iter()
                .enumerate()
                .map(|(i, &x)| LeverPoint {
                    label: format!("{:.0}%", x * 100.0),
                    x,
                    value: 100.0 - 200.0 * x + i as f64,
                    low: (80.0 - 200.0 * x).max(0.0),
                    high: 120.0 - 200.0 * x,
                })
                .collect(),
            ..LeverChart::default()
        })
    }

    #[test]
    fn draws_values_bands_and_labels_without_negative_axis() {
        let svg =
            String::from_utf8(render(&chart(&[0.1, 0.25, 0.4]), Format::Svg).unwrap()).unwrap();
        for text in [
            "Placement rate",
            "10%",
            "25%",
            "40%",
            "Base case: 43",
            "95% band",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert!(
            !svg.contains(">-"),
            "a negative tick on a figure that cannot be negative"
        );
        assert!(!svg.contains("No data"));
        // Values that are not numbers sit at equal steps; nothing plotted says so.
        let odd = chart(&[f64::NAN, 0.2]);
        assert!(
            !String::from_utf8(render(&odd, Format::Svg).unwrap())
                .unwrap()
                .contains("No data")
        );
        let empty = Chart::Lever(LeverChart::default());
        assert!(
            String::from_utf8(render(&empty, Format::Svg).unwrap())
                .unwrap()
                .contains("No data")
        );
        render(&chart(&[0.3]), Format::Png { dpi: 96 }).unwrap();
    }
}
