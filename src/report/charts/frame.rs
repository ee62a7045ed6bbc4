//! The frame every chart kind shares: background, then the header (title,
//! subtitle, legend) and the footer, then the kind's plot between them, or an
//! empty frame saying "No data" when there is nothing to plot. Each kind
//! implements [`Plot`] once.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, WHITE};

use super::Chart;
use super::axes::{Rect, axis_title_h, draw_x_title_at, tick_label_h};
use super::fonts::Fonts;
use super::header::{FOOTER_RESERVE, Header, LegendItem};
use super::painter::{Painter, Prim, TextStyleSpec};
use super::style::{
    AXIS_COLOUR, AXIS_TITLE_SIZE, CANVAS_H, CANVAS_W, GAP, GRID_COLOUR, MARGIN, NOTE_SIZE, TICK_LEN,
};

/// A chart with nothing to plot.
pub(super) struct NoData;

/// What one chart kind brings to the shared frame.
pub(super) trait Plot {
    /// Title above the legend (the finding), subtitle under it (what is
    /// plotted) and footer under the plot (scenario, replications, seed,
    /// version); subtitle and footer may be empty.
    fn texts(&self) -> [&str; 3];

    /// Legend entries, in order.
    fn legend(&self) -> Vec<LegendItem>;

    /// Titles of the x and the (left) y axis, also shown on an empty frame.
    fn axis_titles(&self) -> (&str, &str);

    /// Draws the plot below `header`, or draws nothing and says [`NoData`].
    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData>;
}

/// Records `chart` at `scale` × the 1000×700 layout.
pub(super) fn record(chart: &Chart, fonts: &Fonts, scale: f64, raster: bool) -> Vec<Prim> {
    let mut p = Painter::new(scale, raster);
    // Bitmaps start white; SVG needs an explicit background.
    if !raster {
        p.rect((0.0, 0.0), (CANVAS_W, CANVAS_H), WHITE.to_rgba());
    }
    let plot: &dyn Plot = match chart {
        Chart::Lines(c) => c,
        Chart::Panels(c) => c,
        Chart::StackedAreas(c) => c,
        Chart::WeeklyProfile(c) => c,
        Chart::Cdf(c) => c,
        Chart::Tornado(c) => c,
        Chart::Lever(c) => c,
        Chart::Shares(c) => c,
    };
    let items = plot.legend();
    let header = Header::new(fonts, plot.texts(), &items);
    header.draw(&mut p, fonts, &items);
    if plot.draw(&mut p, fonts, &header).is_err() {
        let (x_label, y_label) = plot.axis_titles();
        draw_no_data(&mut p, fonts, &header, x_label, y_label);
    }
    p.prims
}

/// Bottom edge of the plot when the x axis has `rows` rows of tick labels
/// and a title, leaving room for a footer of two lines.
pub(super) fn plot_bottom(rows: f64) -> f64 {
    CANVAS_H
        - MARGIN
        - FOOTER_RESERVE
        - axis_title_h()
        - GAP
        - rows * tick_label_h()
        - TICK_LEN
        - 4.0
}

/// Bottom edge of the plot above `header`'s footer when the x axis has `rows`
/// rows of tick labels, with or without an axis title below them.
pub(super) fn plot_bottom_above(header: &Header, rows: f64, x_title: bool) -> f64 {
    let title = if x_title { axis_title_h() + GAP } else { 0.0 };
    header.footer_top() - title - rows * tick_label_h() - TICK_LEN - 6.0
}

/// Top edge of the plot below the header.
pub(super) fn plot_top(header: &Header) -> f64 {
    header.bottom + 14.0
}

/// Frame with a "No data" note, for charts with nothing to plot.
fn draw_no_data(p: &mut Painter, fonts: &Fonts, header: &Header, x_label: &str, y_label: &str) {
    let r = Rect {
        x0: MARGIN + axis_title_h() + GAP + 30.0,
        y0: plot_top(header),
        x1: CANVAS_W - MARGIN,
        y1: plot_bottom_above(header, 1.0, true),
    };
    p.rect_outline((r.x0, r.y0), (r.x1, r.y1), GRID_COLOUR.to_rgba(), 1.0);
    let note = TextStyleSpec::new(NOTE_SIZE, HPos::Center, VPos::Center).colour(AXIS_COLOUR);
    p.text("No data", ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0), note);
    if !y_label.is_empty() {
        let title = fonts.fit(y_label, AXIS_TITLE_SIZE, false, r.height() + 40.0);
        let spec = TextStyleSpec::new(AXIS_TITLE_SIZE, HPos::Center, VPos::Center).vertical();
        p.text(
            &title,
            (MARGIN + axis_title_h() / 2.0, (r.y0 + r.y1) / 2.0),
            spec,
        );
    }
    draw_x_title_at(p, fonts, &r, x_label, header.footer_top() - 2.0)
}
