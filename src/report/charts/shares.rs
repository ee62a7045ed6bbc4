//! Shares as horizontal bars from zero, largest on top: each uncertain
//! input's share of the variance of a headline figure.

use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::ShareChart;
use super::ValueFormat;
use super::axes::{Rect, draw_x_axis, draw_x_grid, draw_x_title, linear_axis, tick_target};
use super::fonts::Fonts;
use super::frame::{NoData, Plot, plot_bottom, plot_top};
use super::header::{Header, LegendItem};
use super::numbers::format_value;
use super::painter::{Painter, TextStyleSpec};
use super::style::{
    AXIS_COLOUR, CANVAS_W, FILL_COLOURS, FillStyle, GAP, GRID_COLOUR, Hatch, MARGIN, SOFT_INK,
    TICK_SIZE,
};

/// Every bar: one colour, no hatching (one kind of quantity).
const BAR: FillStyle = FillStyle {
    colour: FILL_COLOURS[0],
    hatch: Hatch::None,
};

impl Plot for ShareChart {
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.subtitle, &self.footer]
    }

    fn legend(&self) -> Vec<LegendItem> {
        Vec::new()
    }

    fn axis_titles(&self) -> (&str, &str) {
        (&self.x_label, "")
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let mut bars: Vec<_> = self.bars.iter().filter(|b| b.share.is_finite()).collect();
        if bars.is_empty() {
            return Err(NoData);
        }
        bars.sort_by(|a, b| b.share.total_cmp(&a.share));
        let (top, bottom) = (plot_top(header), plot_bottom(1.0));
        let max_rows = (((bottom - top) / (TICK_SIZE * 1.6)).floor() as usize).max(2);
        let hidden = bars.len().saturating_sub(max_rows - 1);
        if hidden > 1 {
            bars.truncate(max_rows - 1);
        }
        let labels: Vec<String> = bars
            .iter()
            .map(|b| fonts.fit(&b.label, TICK_SIZE, false, CANVAS_W * 0.4))
            .collect();
        let note = (hidden > 1).then(|| format!("+{hidden} more inputs with smaller shares"));
        let label_w = labels
            .iter()
            .chain(&note)
            .map(|l| fonts.width(l, TICK_SIZE, false))
            .fold(0.0, f64::max);
        let value_w = bars
            .iter()
            .map(|b| {
                let text = format!(
                    "{} {}",
                    format_value(b.share * 100.0, ValueFormat::Percent),
                    b.note
                );
                fonts.width(&text, TICK_SIZE, false)
            })
            .fold(0.0, f64::max)
            + 2.0 * GAP;
        let r = Rect {
            x0: MARGIN + label_w + 2.0 * GAP,
            y0: top,
            x1: CANVAS_W - MARGIN - value_w.min(CANVAS_W * 0.4),
            y1: bottom,
        };
        let largest = bars.iter().map(|b| b.share).fold(0.0, f64::max);
        let x_axis = linear_axis(
            0.0,
            (largest * 100.0).max(1.0),
            tick_target(r.width()).min(6),
            ValueFormat::Percent,
            false,
        );
        let x_ticks = x_axis.ticks.iter().map(|(v, _)| r.x_at(&x_axis, *v));
        draw_x_grid(p, &r, x_ticks, GRID_COLOUR.to_rgba());
        let rows = bars.len() + usize::from(note.is_some());
        let row_h = r.height() / rows.max(1) as f64;
        let bar_h = (row_h * 0.62).min(34.0);
        let zero = r.x_at(&x_axis, 0.0);
        let value_spec = TextStyleSpec::new(TICK_SIZE, HPos::Left, VPos::Center).colour(SOFT_INK);
        for (k, (bar, label)) in bars.iter().zip(&labels).enumerate() {
            let cy = r.y0 + (k as f64 + 0.5) * row_h;
            p.text(
                label,
                (r.x0 - 2.0 * GAP, cy),
                TextStyleSpec::new(TICK_SIZE, HPos::Right, VPos::Center),
            );
            let x = r.x_at(&x_axis, bar.share.max(0.0) * 100.0);
            p.fill_rect(
                (zero, cy - bar_h / 2.0),
                (x.max(zero + 1.0), cy + bar_h / 2.0),
                BAR,
            );
            let text = format!(
                "{} {}",
                format_value(bar.share * 100.0, ValueFormat::Percent),
                bar.note
            );
            p.text(text.trim_end(), (x + GAP, cy), value_spec);
        }
        if let Some(note) = &note {
            let spec = TextStyleSpec::new(TICK_SIZE, HPos::Right, VPos::Center).colour(AXIS_COLOUR);
            p.text(note, (r.x0 - 2.0 * GAP, r.y1 - row_h / 2.0), spec);
        }
        draw_x_axis(p, &r, &x_axis);
        draw_x_title(p, fonts, &r, &self.x_label);
        Ok(())
    }
}
