//! The sensitivity tornado: for each input, bars from the base case out to
//! the headline figure at the input's low and high value, widest on top.

use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::ValueFormat;
use super::axes::{Axis, Rect, draw_x_axis, draw_x_grid, draw_x_title, linear_axis};
use super::data::{range_of, usable};
use super::fonts::Fonts;
use super::frame::{NoData, Plot, plot_bottom, plot_top};
use super::header::{Header, LegendItem, Swatch};
use super::numbers::{format_number, format_value};
use super::painter::{Painter, TextStyleSpec};
use super::style::{
    AXIS_COLOUR, CANVAS_W, FILL_COLOURS, FillStyle, GAP, GRID_COLOUR, Hatch, INK, LineStyle,
    MARGIN, SOFT_INK, Stroke, TICK_SIZE,
};
use super::{TornadoBar, TornadoChart};

/// Bars for the input at its low value.
const LOW: FillStyle = FillStyle {
    colour: FILL_COLOURS[0],
    hatch: Hatch::None,
};

/// Bars for the input at its high value.
const HIGH: FillStyle = FillStyle {
    colour: FILL_COLOURS[1],
    hatch: Hatch::Forward,
};

/// The base-case line.
const BASE: LineStyle = LineStyle {
    colour: INK,
    dash: Stroke::Solid,
    marker: None,
    hollow: false,
    width: 1.5,
};

impl TornadoChart {
    /// The value axis and the one format of every value on the chart (axis,
    /// bar ends, base case): a figure that is nowhere negative gets an axis
    /// from zero at the lowest, not from below it; bar ends carry a tenth of
    /// the tick step, whole people at least.
    fn scale(&self) -> Option<(Axis, impl Fn(f64) -> String + use<>)> {
        let results = || {
            self.bars
                .iter()
                .flat_map(|b| [b.low_result, b.high_result])
                .filter(|v| usable(*v))
        };
        let (lo, hi) = range_of(results().chain(Some(self.base_value).filter(|v| usable(*v))))?;
        let mut x_axis = linear_axis(lo, hi, 6, self.x_format, false);
        if lo >= 0.0 && x_axis.lo < 0.0 {
            x_axis = linear_axis(0.0, hi, 6, self.x_format, false);
        }
        let tick_step = match x_axis.ticks.as_slice() {
            [a, b, ..] => (b.0 - a.0).abs(),
            _ => (x_axis.hi - x_axis.lo).abs(),
        };
        let magnitude = x_axis.lo.abs().max(x_axis.hi.abs());
        let mag = results().map(f64::abs).fold(0.0, f64::max);
        let sig = if mag > 0.0 {
            10f64.powf(mag.log10().floor() - 2.0)
        } else {
            1.0
        };
        let mut step = (tick_step / 10.0).max(sig);
        if self.x_format == ValueFormat::Number && mag >= 10.0 {
            step = step.max(1.0);
        }
        let format = self.x_format;
        Some((x_axis, move |v: f64| {
            format_number(v, step, magnitude, format)
        }))
    }
}

impl Plot for TornadoChart {
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.subtitle, &self.footer]
    }

    fn legend(&self) -> Vec<LegendItem> {
        let mut items = vec![
            LegendItem {
                label: "Input at low value".to_string(),
                swatch: Swatch::Fill(LOW),
            },
            LegendItem {
                label: "Input at high value".to_string(),
                swatch: Swatch::Fill(HIGH),
            },
        ];
        if usable(self.base_value) {
            items.push(LegendItem {
                label: format!(
                    "{}: {}",
                    self.base_label,
                    match self.scale() {
                        Some((_, text)) => text(self.base_value),
                        None => format_value(self.base_value, self.x_format),
                    }
                ),
                swatch: Swatch::Line(BASE),
            });
        }
        items
    }

    fn axis_titles(&self) -> (&str, &str) {
        (&self.x_label, "")
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let base_ok = usable(self.base_value);
        let base = if base_ok { self.base_value } else { 0.0 };
        let finite = |v: f64| if usable(v) { v } else { base };
        let mut bars: Vec<&TornadoBar> = self.bars.iter().collect();
        bars.sort_by(|a, b| {
            let w = |t: &TornadoBar| (finite(t.high_result) - finite(t.low_result)).abs();
            w(b).total_cmp(&w(a))
        });
        // Keep as many bars as fit legibly; the rest are summarised in one line.
        let (top, bottom) = (plot_top(header), plot_bottom(1.0));
        let max_rows = (((bottom - top) / (TICK_SIZE * 1.6)).floor() as usize).max(2);
        let hidden = if bars.len() > max_rows {
            let hidden = bars.len() - (max_rows - 1);
            bars.truncate(max_rows - 1);
            hidden
        } else {
            0
        };
        let values = bars
            .iter()
            .flat_map(|b| [b.low_result, b.high_result])
            .chain(base_ok.then_some(self.base_value));
        range_of(values).ok_or(NoData)?;
        let max_label = CANVAS_W * 0.42;
        let labels: Vec<String> = bars
            .iter()
            .map(|b| {
                let text = format!("{} ({} → {})", b.input, b.low_input, b.high_input);
                fonts.fit(&text, TICK_SIZE, false, max_label)
            })
            .collect();
        let note = (hidden > 0).then(|| format!("+{hidden} more inputs with smaller effects"));
        let label_w = labels
            .iter()
            .chain(&note)
            .map(|l| fonts.width(l, TICK_SIZE, false))
            .fold(0.0, f64::max);
        // A figure that is nowhere negative gets an axis from zero, not from
        // below it; every value is written in the axis's own format.
        let Some((x_axis, value_text)) = self.scale() else {
            return Err(NoData);
        };
        // Room for value labels at both bar ends, outside the axis.
        let value_w = bars
            .iter()
            .flat_map(|b| [b.low_result, b.high_result])
            .filter(|v| usable(*v))
            .map(|v| fonts.width(&value_text(v), TICK_SIZE, false))
            .fold(fonts.width("n/a", TICK_SIZE, false), f64::max)
            + GAP
            + 4.0;
        let label_right = MARGIN + label_w + GAP;
        let r = Rect {
            x0: label_right + GAP + value_w,
            y0: top,
            x1: CANVAS_W - MARGIN - value_w,
            y1: bottom,
        };
        let x_ticks = x_axis.ticks.iter().map(|(v, _)| r.x_at(&x_axis, *v));
        draw_x_grid(p, &r, x_ticks, GRID_COLOUR.to_rgba());
        let rows = bars.len() + usize::from(note.is_some());
        let row_h = r.height() / rows.max(1) as f64;
        if let Some(note) = &note {
            let spec = TextStyleSpec::new(TICK_SIZE, HPos::Right, VPos::Center).colour(AXIS_COLOUR);
            p.text(note, (label_right, r.y1 - row_h / 2.0), spec);
        }
        let bar_h = (row_h * 0.62).min(34.0);
        let base_x = r.x_at(&x_axis, base);
        let value_spec = TextStyleSpec::new(TICK_SIZE, HPos::Left, VPos::Center).colour(SOFT_INK);
        for (k, (bar, label)) in bars.iter().zip(&labels).enumerate() {
            let cy = r.y0 + (k as f64 + 0.5) * row_h;
            let label_spec = TextStyleSpec::new(TICK_SIZE, HPos::Right, VPos::Center);
            p.text(label, (label_right, cy), label_spec);
            let ends = [(bar.low_result, LOW), (bar.high_result, HIGH)];
            let same_side = usable(bar.low_result)
                && usable(bar.high_result)
                && (bar.low_result - base) * (bar.high_result - base) > 0.0;
            for (j, (v, style)) in ends.into_iter().enumerate() {
                if !usable(v) {
                    // "n/a" goes on the side away from the other bar.
                    let other = if j == 0 {
                        bar.high_result
                    } else {
                        bar.low_result
                    };
                    let (tx, h) = if usable(other) && other >= base {
                        (base_x - GAP, HPos::Right)
                    } else {
                        (base_x + GAP, HPos::Left)
                    };
                    let spec = TextStyleSpec { h, ..value_spec }.colour(AXIS_COLOUR);
                    p.text("n/a", (tx, cy), spec);
                    continue;
                }
                // Bars on the same side of the base share the row in two halves.
                let (y0, y1) = if same_side {
                    if j == 0 {
                        (cy - bar_h / 2.0, cy)
                    } else {
                        (cy, cy + bar_h / 2.0)
                    }
                } else {
                    (cy - bar_h / 2.0, cy + bar_h / 2.0)
                };
                let x = r.x_at(&x_axis, v);
                let (a, b) = ((base_x.min(x), y0), (base_x.max(x), y1));
                p.fill_rect(a, b, style);
                let text = value_text(v);
                let (tx, h) = if x >= base_x {
                    (x + GAP, HPos::Left)
                } else {
                    (x - GAP, HPos::Right)
                };
                p.text(
                    &text,
                    (tx, (y0 + y1) / 2.0),
                    TextStyleSpec { h, ..value_spec },
                );
            }
        }
        if base_ok {
            p.line(&[(base_x, r.y0 - 4.0), (base_x, r.y1)], BASE);
        }
        draw_x_axis(p, &r, &x_axis);
        draw_x_title(p, fonts, &r, &self.x_label);
        Ok(())
    }
}
