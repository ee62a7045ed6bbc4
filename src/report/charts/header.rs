//! The header above every plot: the title, wrapped to two lines at most, and
//! the legend, in one row when it fits and in a grid of columns when not.

use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::ReferenceLine;
use super::fonts::Fonts;
use super::painter::{Painter, TextStyleSpec};
use super::style::{
    AXIS_COLOUR, CANVAS_W, FillStyle, LEGEND_SIZE, LineStyle, MARGIN, SOFT_INK, TITLE_SIZE,
    reference_style, series_style,
};

/// What a legend entry shows beside its label.
#[derive(Debug, Clone, Copy)]
pub(super) enum Swatch {
    Line(LineStyle),
    Fill(FillStyle),
    Band,
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(super) struct LegendItem {
    pub(super) label: String,
    pub(super) swatch: Swatch,
}

const SWATCH_W: f64 = 30.0;
const LEGEND_ROW: f64 = 21.0;
const LEGEND_GAP: f64 = 22.0;
const MAX_LEGEND_ROWS: usize = 6;

/// Title lines and legend rows above the plot.
pub(super) struct Header {
    title: Vec<String>,
    /// (item index, x position, row index) per legend item shown.
    legend: Vec<(usize, f64, usize)>,
    /// (items not shown, x position, row index) when the legend overflows.
    more: Option<(usize, f64, usize)>,
    legend_top: f64,
    /// Lowest edge of the header, in layout px.
    pub(super) bottom: f64,
}

impl Header {
    pub(super) fn new(fonts: &Fonts, title: &str, items: &[LegendItem]) -> Self {
        let width = CANVAS_W - 2.0 * MARGIN;
        let mut title_lines = fonts.wrap(title, TITLE_SIZE, true, width);
        if title_lines.len() > 2 {
            let rest = title_lines.split_off(1).join(" ");
            title_lines.push(fonts.fit(&rest, TITLE_SIZE, true, width));
        }
        let title_h = title_lines.len() as f64 * TITLE_SIZE * 1.3;
        let legend_top = MARGIN + title_h + if title_lines.is_empty() { 0.0 } else { 8.0 };
        // One row if everything fits, otherwise a grid of equal columns.
        let widths: Vec<f64> = items
            .iter()
            .map(|item| {
                SWATCH_W
                    + 8.0
                    + fonts
                        .width(&item.label, LEGEND_SIZE, false)
                        .min(width - SWATCH_W - 8.0)
            })
            .collect();
        let one_row =
            widths.iter().sum::<f64>() + LEGEND_GAP * widths.len().saturating_sub(1) as f64;
        let (mut legend, mut more) = (Vec::new(), None);
        let mut row = 0usize;
        if one_row <= width {
            let mut x = MARGIN;
            for (i, w) in widths.iter().enumerate() {
                legend.push((i, x, 0));
                x += w + LEGEND_GAP;
            }
        } else {
            let col_w = widths.iter().copied().fold(0.0, f64::max) + LEGEND_GAP;
            let cols = (((width + LEGEND_GAP) / col_w).floor() as usize).max(1);
            let slots = cols * MAX_LEGEND_ROWS;
            let shown = if widths.len() > slots {
                slots - 1
            } else {
                widths.len()
            };
            for i in 0..shown {
                row = i / cols;
                legend.push((i, MARGIN + (i % cols) as f64 * col_w, row));
            }
            if shown < widths.len() {
                row = shown / cols;
                let x = MARGIN + (shown % cols) as f64 * col_w;
                more = Some((widths.len() - shown, x, row));
            }
        }
        let rows = if items.is_empty() { 0 } else { row + 1 };
        Self {
            title: title_lines,
            legend,
            more,
            legend_top,
            bottom: legend_top + rows as f64 * LEGEND_ROW,
        }
    }

    pub(super) fn draw(&self, p: &mut Painter, fonts: &Fonts, items: &[LegendItem]) {
        for (i, line) in self.title.iter().enumerate() {
            let y = MARGIN + i as f64 * TITLE_SIZE * 1.3;
            p.text(
                line,
                (MARGIN, y),
                TextStyleSpec::new(TITLE_SIZE, HPos::Left, VPos::Top).bold(),
            );
        }
        let max_text = CANVAS_W - 2.0 * MARGIN - SWATCH_W - 8.0;
        for &(i, x, row) in &self.legend {
            let item = &items[i];
            let cy = self.legend_top + (row as f64 + 0.5) * LEGEND_ROW;
            draw_swatch(p, item.swatch, x, cy);
            let label = fonts.fit(&item.label, LEGEND_SIZE, false, max_text);
            let spec = TextStyleSpec::new(LEGEND_SIZE, HPos::Left, VPos::Center).colour(SOFT_INK);
            p.text(&label, (x + SWATCH_W + 8.0, cy), spec);
        }
        if let Some((hidden, x, row)) = self.more {
            let cy = self.legend_top + (row as f64 + 0.5) * LEGEND_ROW;
            let spec =
                TextStyleSpec::new(LEGEND_SIZE, HPos::Left, VPos::Center).colour(AXIS_COLOUR);
            p.text(&format!("+{hidden} more not listed"), (x, cy), spec);
        }
    }
}

fn draw_swatch(p: &mut Painter, swatch: Swatch, x: f64, cy: f64) {
    match swatch {
        Swatch::Line(style) => {
            p.marked_line(
                &[(x, cy), (x + SWATCH_W, cy)],
                style,
                (x + SWATCH_W / 2.0, cy),
            );
        }
        Swatch::Fill(style) => {
            let (a, b) = ((x + 2.0, cy - 7.0), (x + SWATCH_W - 2.0, cy + 7.0));
            p.fill_rect(a, b, style);
            p.rect_outline(a, b, SOFT_INK.mix(0.6), 0.8);
        }
        Swatch::Band => {
            let (a, b) = ((x + 2.0, cy - 7.0), (x + SWATCH_W - 2.0, cy + 7.0));
            p.rect(a, b, AXIS_COLOUR.mix(0.3));
        }
    }
}

/// The legend entry of the shaded 95% bands.
pub(super) fn band_legend_item() -> LegendItem {
    LegendItem {
        label: "Shaded: 95% interval".to_string(),
        swatch: Swatch::Band,
    }
}

/// Legend of numbered series and the reference lines drawn with them, with
/// the band entry last when `band` is set.
pub(super) fn series_legend<'a>(
    names: impl ExactSizeIterator<Item = &'a str>,
    refs: &[&ReferenceLine],
    band: bool,
) -> Vec<LegendItem> {
    let count = names.len();
    let mut items: Vec<LegendItem> = names
        .enumerate()
        .map(|(i, name)| LegendItem {
            label: name.to_string(),
            swatch: Swatch::Line(series_style(i)),
        })
        .collect();
    items.extend(refs.iter().map(|l| LegendItem {
        label: l.label.clone(),
        swatch: Swatch::Line(reference_style(l, count)),
    }));
    if band {
        items.push(band_legend_item());
    }
    items
}
