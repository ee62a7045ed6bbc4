//! Panels over the same months: small multiples in a grid (service level,
//! one panel per line with its target and band) or a few stacked panels with
//! their own scales (people on the floor above, the shortfall below). Each
//! panel has a heading and its own value axis; month labels go under the
//! lowest panel of each column; one legend lists every series once.

use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{
    Axis, Rect, axis_title_h, draw_y_axis, draw_y_grid, linear_axis, tick_label_h, tick_target,
};
use super::data::drawable;
use super::fonts::Fonts;
use super::frame::{NoData, Plot, plot_top};
use super::header::{Header, LegendItem, Swatch, series_item};
use super::lines::{draw_lines, look, value_range};
use super::months::{MonthPlot, month_count};
use super::painter::{Painter, TextStyleSpec};
use super::style::{
    AXIS_TITLE_SIZE, CANVAS_W, GAP, GRID_COLOUR, MARGIN, TICK_LEN, TICK_SIZE, reference_style,
};
use super::{Panel, PanelChart};
use plotters::style::Color;

/// Horizontal gap between columns of panels.
const COLUMN_GAP: f64 = 26.0;
/// Vertical gap between rows of panels (besides the headings).
const ROW_GAP: f64 = 10.0;
/// Height of a panel's heading above its plot, clear of the top tick label.
const HEADING_H: f64 = TICK_SIZE * 1.9;
/// Room right of a plot for the last month label's overhang.
const RIGHT_PAD: f64 = 14.0;

impl PanelChart {
    fn columns(&self) -> usize {
        self.columns.clamp(1, self.panels.len().max(1))
    }

    fn months_n(&self) -> usize {
        month_count(
            &self.months,
            self.panels
                .iter()
                .flat_map(|p| p.series.iter().map(|s| s.values.len())),
        )
    }
}

impl Plot for PanelChart {
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.subtitle, &self.footer]
    }

    fn legend(&self) -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for panel in &self.panels {
            for (i, s) in panel.series.iter().enumerate() {
                if !seen.contains(&s.name) {
                    seen.push(s.name.clone());
                    items.push(series_item(&s.name, look(&panel.series, i)));
                }
            }
        }
        for panel in &self.panels {
            for line in drawable(&panel.reference_lines, false) {
                if !seen.contains(&line.label) {
                    seen.push(line.label.clone());
                    items.push(LegendItem {
                        label: line.label.clone(),
                        swatch: Swatch::Line(reference_style(line, panel.series.len())),
                    });
                }
            }
        }
        items
    }

    fn axis_titles(&self) -> (&str, &str) {
        ("", "")
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let n = self.months_n();
        if n == 0
            || !self
                .panels
                .iter()
                .any(|pl| value_range(&pl.series, &pl.reference_lines, n).is_some())
        {
            return Err(NoData);
        }
        let cols = self.columns();
        let rows = self.panels.len().div_ceil(cols);
        let heading_h = HEADING_H;
        let labels_h = TICK_LEN + 4.0 + tick_label_h();
        let top = plot_top(header) - 4.0;
        let bottom = header.footer_top() - labels_h - 4.0;
        let fixed = rows as f64 * heading_h + (rows - 1) as f64 * ROW_GAP;
        let weights: Vec<f64> = (0..rows)
            .map(|k| {
                self.row_weights
                    .get(k)
                    .copied()
                    .filter(|w| w.is_finite() && *w > 0.0)
                    .unwrap_or(1.0)
            })
            .collect();
        let total: f64 = weights.iter().sum();
        let free = (bottom - top - fixed).max(40.0);
        let cell_w = (CANVAS_W - 2.0 * MARGIN - (cols - 1) as f64 * COLUMN_GAP) / cols as f64;
        // Plots of a column start at the same x: room for the widest labels.
        let axes: Vec<_> = self
            .panels
            .iter()
            .enumerate()
            .map(|(k, pl)| {
                let h = free * weights[k / cols] / total;
                panel_axis(pl, n, h)
            })
            .collect();
        let label_w: Vec<f64> = (0..cols)
            .map(|c| {
                axes.iter()
                    .zip(&self.panels)
                    .skip(c)
                    .step_by(cols)
                    .map(|(a, pl)| {
                        let title = if pl.y_label.is_empty() {
                            0.0
                        } else {
                            axis_title_h() + GAP
                        };
                        title + a.max_label_width(fonts) + GAP + TICK_LEN
                    })
                    .fold(0.0, f64::max)
            })
            .collect();
        let mut y = top;
        for (row, weight) in weights.iter().enumerate() {
            let h = free * weight / total;
            for (col, &label_w) in label_w.iter().enumerate() {
                let k = row * cols + col;
                let Some(panel) = self.panels.get(k) else {
                    break;
                };
                let x0 = MARGIN + col as f64 * (cell_w + COLUMN_GAP);
                // Month labels under the lowest panel of each column.
                let lowest = k + cols >= self.panels.len();
                let r = Rect {
                    x0: x0 + label_w,
                    y0: y + heading_h,
                    x1: x0 + cell_w - RIGHT_PAD,
                    y1: y + heading_h + h,
                };
                self.draw_panel(p, fonts, panel, n, (x0, r), axes[k].clone(), lowest);
            }
            y += heading_h + h + ROW_GAP;
        }
        Ok(())
    }
}

/// The value axis of a panel `height` px high.
fn panel_axis(panel: &Panel, n: usize, height: f64) -> Axis {
    let range = panel
        .y_range
        .filter(|(lo, hi)| lo.is_finite() && hi.is_finite() && lo < hi)
        .or_else(|| value_range(&panel.series, &panel.reference_lines, n))
        .unwrap_or((0.0, 1.0));
    let fixed = panel.y_range.is_some();
    let target = tick_target(height).clamp(2, 5);
    linear_axis(range.0, range.1, target, panel.y_format, !fixed)
}

impl PanelChart {
    /// Draws one panel: heading from the cell's left edge `x0` above `r`,
    /// then the plot in `r`.
    #[allow(clippy::too_many_arguments)]
    fn draw_panel(
        &self,
        p: &mut Painter,
        fonts: &Fonts,
        panel: &Panel,
        n: usize,
        (x0, r): (f64, Rect),
        axis: Axis,
        month_labels: bool,
    ) {
        let (plot_y0, plot_y1, x1) = (r.y0, r.y1, r.x1 + RIGHT_PAD);
        let heading = fonts.fit(&panel.title, TICK_SIZE, true, x1 - x0);
        let spec = TextStyleSpec::new(TICK_SIZE, HPos::Left, VPos::Bottom).bold();
        // Clear of the top tick label, which is centred on the plot's top edge.
        p.text(&heading, (x0, plot_y0 - TICK_SIZE * 0.6 - 2.0), spec);
        let plot = MonthPlot::with(r, axis, n, plot_y1);
        draw_y_grid(p, &plot.r, &plot.y, GRID_COLOUR.to_rgba());
        draw_lines(
            p,
            fonts,
            &plot,
            n,
            &panel.series,
            &panel.reference_lines,
            &panel.marks,
            &self.months,
        );
        plot.draw_month_axis(p, fonts, &self.months, month_labels);
        draw_y_axis(p, fonts, &plot.r, &plot.y, "", false);
        // The axis title at the cell's left edge, so the panels of a column
        // line up.
        if !panel.y_label.is_empty() {
            let title = fonts.fit(&panel.y_label, AXIS_TITLE_SIZE, false, r.height() + 20.0);
            let spec = TextStyleSpec::new(AXIS_TITLE_SIZE, HPos::Center, VPos::Center).vertical();
            p.text(
                &title,
                (x0 + axis_title_h() / 2.0, (r.y0 + r.y1) / 2.0),
                spec,
            );
        }
    }
}
