//! The header above every plot: the title (the finding), wrapped to two lines
//! at most, the subtitle (what is plotted), and the legend, in one row when it
//! fits and in a grid of columns when not; and the footer below the plot
//! (scenario, replications, seed, version, what the shading means).

use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::ReferenceLine;
use super::fonts::Fonts;
use super::painter::{Painter, TextStyleSpec};
use super::style::{
    AREA_ALPHA, AXIS_COLOUR, BAND_ALPHA, CANVAS_H, CANVAS_W, FOOTER_SIZE, FillStyle, LEGEND_SIZE,
    LineStyle, MARGIN, SOFT_INK, SUBTITLE_SIZE, TITLE_SIZE, reference_style, series_style,
};

/// What a legend entry shows beside its label.
#[derive(Debug, Clone, Copy)]
pub(super) enum Swatch {
    Line(LineStyle),
    /// A line over its shaded band, in the band's own colour.
    LineBand(LineStyle),
    /// A filled area with its outline, in the area's colour.
    Area(LineStyle),
    Fill(FillStyle),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(super) struct LegendItem {
    pub(super) label: String,
    pub(super) swatch: Swatch,
}

const SWATCH_W: f64 = 36.0;
const LEGEND_ROW: f64 = LEGEND_SIZE * 1.45;
const LEGEND_GAP: f64 = 26.0;
const MAX_LEGEND_ROWS: usize = 5;
/// Line height of the footer.
const FOOTER_LINE: f64 = FOOTER_SIZE * 1.25;
/// Footer lines at most.
const MAX_FOOTER_LINES: usize = 2;

/// Height kept free at the bottom of the canvas for a footer of two lines.
pub(super) const FOOTER_RESERVE: f64 = MAX_FOOTER_LINES as f64 * FOOTER_LINE + 6.0;

/// Title lines, subtitle lines and legend rows above the plot, and the
/// footer lines below it.
pub(super) struct Header {
    title: Vec<String>,
    subtitle: Vec<String>,
    footer: Vec<String>,
    /// (item index, x position, row index) per legend item shown.
    legend: Vec<(usize, f64, usize)>,
    /// (items not shown, x position, row index) when the legend overflows.
    more: Option<(usize, f64, usize)>,
    legend_top: f64,
    /// Lowest edge of the header, in layout px.
    pub(super) bottom: f64,
}

impl Header {
    pub(super) fn new(
        fonts: &Fonts,
        [title, subtitle, footer]: [&str; 3],
        items: &[LegendItem],
    ) -> Self {
        let width = CANVAS_W - 2.0 * MARGIN;
        let title_lines = wrap_lines(fonts, title, TITLE_SIZE, true, width, 2);
        let subtitle_lines = wrap_lines(fonts, subtitle, SUBTITLE_SIZE, false, width, 2);
        let footer = wrap_lines(fonts, footer, FOOTER_SIZE, false, width, MAX_FOOTER_LINES);
        let title_h = title_lines.len() as f64 * TITLE_SIZE * 1.3;
        let subtitle_h = subtitle_lines.len() as f64 * SUBTITLE_SIZE * 1.3;
        let legend_top = MARGIN
            + title_h
            + subtitle_h
            + if title_lines.is_empty() && subtitle_lines.is_empty() {
                0.0
            } else {
                8.0
            };
        // Entries flow left to right and wrap like words, at most
        // MAX_LEGEND_ROWS rows; what does not fit is counted in a last note.
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
        let (mut legend, mut more) = (Vec::new(), None);
        let (mut row, mut x) = (0usize, MARGIN);
        let note_w = fonts.width("+99 more not listed", LEGEND_SIZE, false);
        for (i, w) in widths.iter().enumerate() {
            if x > MARGIN && x + w > MARGIN + width + 0.5 {
                row += 1;
                x = MARGIN;
            }
            let last_row = row + 1 == MAX_LEGEND_ROWS;
            let rest_fit = widths[i..].iter().map(|w| w + LEGEND_GAP).sum::<f64>()
                <= MARGIN + width - x + LEGEND_GAP;
            if row >= MAX_LEGEND_ROWS
                || (last_row && !rest_fit && x + w + LEGEND_GAP + note_w > MARGIN + width)
            {
                if row >= MAX_LEGEND_ROWS {
                    row = MAX_LEGEND_ROWS - 1;
                }
                more = Some((widths.len() - i, x, row));
                break;
            }
            legend.push((i, x, row));
            x += w + LEGEND_GAP;
        }
        let rows = if items.is_empty() { 0 } else { row + 1 };
        Self {
            title: title_lines,
            subtitle: subtitle_lines,
            footer,
            legend,
            more,
            legend_top,
            bottom: legend_top + rows as f64 * LEGEND_ROW,
        }
    }

    /// Top of the footer: the lowest a plot's labels may reach.
    pub(super) fn footer_top(&self) -> f64 {
        if self.footer.is_empty() {
            CANVAS_H - MARGIN
        } else {
            CANVAS_H - MARGIN - self.footer.len() as f64 * FOOTER_LINE - 6.0
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
        let sub_top = MARGIN + self.title.len() as f64 * TITLE_SIZE * 1.3 + 2.0;
        for (i, line) in self.subtitle.iter().enumerate() {
            let y = sub_top + i as f64 * SUBTITLE_SIZE * 1.3;
            let spec = TextStyleSpec::new(SUBTITLE_SIZE, HPos::Left, VPos::Top).colour(SOFT_INK);
            p.text(line, (MARGIN, y), spec);
        }
        let foot_top = self.footer_top() + 6.0;
        for (i, line) in self.footer.iter().enumerate() {
            let y = foot_top + i as f64 * FOOTER_LINE;
            let spec = TextStyleSpec::new(FOOTER_SIZE, HPos::Left, VPos::Top).colour(AXIS_COLOUR);
            p.text(line, (MARGIN, y), spec);
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

/// Word-wraps `text` into at most `max_lines` lines; the last one ends in
/// an ellipsis when the text is longer.
fn wrap_lines(
    fonts: &Fonts,
    text: &str,
    size: f64,
    bold: bool,
    width: f64,
    max_lines: usize,
) -> Vec<String> {
    let mut lines = fonts.wrap(text, size, bold, width);
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(fonts.fit(&rest, size, bold, width));
    }
    lines
}

fn draw_swatch(p: &mut Painter, swatch: Swatch, x: f64, cy: f64) {
    match swatch {
        Swatch::Line(style) => {
            p.line(&[(x, cy), (x + SWATCH_W, cy)], style);
        }
        Swatch::LineBand(style) => {
            let (a, b) = ((x, cy - 8.0), (x + SWATCH_W, cy + 8.0));
            p.rect(a, b, style.colour.mix(BAND_ALPHA));
            p.line(&[(x, cy), (x + SWATCH_W, cy)], style);
        }
        Swatch::Area(style) => {
            let (a, b) = ((x, cy - 8.0), (x + SWATCH_W, cy + 8.0));
            p.rect(a, b, style.colour.mix(AREA_ALPHA));
            p.line(&[(x, cy - 8.0), (x + SWATCH_W, cy - 8.0)], style);
        }
        Swatch::Fill(style) => {
            let (a, b) = ((x + 2.0, cy - 7.0), (x + SWATCH_W - 2.0, cy + 7.0));
            p.fill_rect(a, b, style);
            p.rect_outline(a, b, SOFT_INK.mix(0.6), 0.8);
        }
    }
}

/// How a series of a line chart is drawn and shown in the legend.
#[derive(Debug, Clone, Copy)]
pub(super) struct SeriesLook {
    /// Index of its line style.
    pub(super) style: usize,
    /// Drawn over a shaded band.
    pub(super) band: bool,
    /// Filled from zero.
    pub(super) area: bool,
}

/// The legend entry of one series.
pub(super) fn series_item(name: &str, look: SeriesLook) -> LegendItem {
    let style = series_style(look.style);
    LegendItem {
        label: name.to_string(),
        swatch: if look.area {
            Swatch::Area(style)
        } else if look.band {
            Swatch::LineBand(style)
        } else {
            Swatch::Line(style)
        },
    }
}

/// Legend of series and the reference lines drawn with them; each swatch
/// shows what is drawn (a band swatch in the band's colour).
pub(super) fn series_legend<'a>(
    series: impl Iterator<Item = (&'a str, SeriesLook)>,
    refs: &[&ReferenceLine],
    count: usize,
) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = series.map(|(name, look)| series_item(name, look)).collect();
    items.extend(refs.iter().map(|l| LegendItem {
        label: l.label.clone(),
        swatch: Swatch::Line(reference_style(l, count)),
    }));
    items
}
