//! Line charts over months: series with shaded 95% bands, amounts filled
//! from zero (a shortfall), horizontal reference lines such as targets and
//! labelled month marks (staffing gap, revenue). The drawing is shared with
//! the panels of [`super::PanelChart`].

use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::draw_y_grid;
use super::data::{band_at, drawable, range_of, runs, value_at, with_band};
use super::fonts::Fonts;
use super::frame::{NoData, Plot};
use super::header::{Header, LegendItem, SeriesLook, series_legend};
use super::months::{MonthPlot, month_count};
use super::painter::{Painter, TextStyleSpec, between};
use super::style::{
    AREA_ALPHA, BAND_ALPHA, GRID_COLOUR, INK, LABEL_HALO, Marker, Stroke, TICK_SIZE,
    reference_style, series_style,
};
use super::{LineChart, MonthMark, MonthlySeries, ReferenceLine};

/// How series `i` of `series` looks.
pub(super) fn look(series: &[MonthlySeries], i: usize) -> SeriesLook {
    let s = &series[i];
    SeriesLook {
        style: s.style.unwrap_or(i),
        band: s.band.is_some(),
        area: s.area,
    }
}

impl Plot for LineChart {
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.subtitle, &self.footer]
    }

    fn legend(&self) -> Vec<LegendItem> {
        series_legend(
            self.series
                .iter()
                .enumerate()
                .map(|(i, s)| (s.name.as_str(), look(&self.series, i))),
            &drawable(&self.reference_lines, false),
            self.series.len(),
        )
    }

    fn axis_titles(&self) -> (&str, &str) {
        (&self.x_label, &self.y_label)
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let n = month_count(&self.months, self.series.iter().map(|s| s.values.len()));
        let range = value_range(&self.series, &self.reference_lines, n).ok_or(NoData)?;
        let plot = MonthPlot::new(
            fonts,
            header,
            range,
            self.y_format,
            n,
            !self.x_label.is_empty(),
        );
        draw_y_grid(p, &plot.r, &plot.y, GRID_COLOUR.to_rgba());
        draw_lines(
            p,
            fonts,
            &plot,
            n,
            &self.series,
            &self.reference_lines,
            &self.marks,
            &self.months,
        );
        plot.draw_axes(p, fonts, &self.months, &self.x_label, &self.y_label);
        Ok(())
    }
}

/// Range of the values, bands and reference lines (areas start at zero).
pub(super) fn value_range(
    series: &[MonthlySeries],
    refs: &[ReferenceLine],
    n: usize,
) -> Option<(f64, f64)> {
    let data = series
        .iter()
        .flat_map(|s| with_band(&s.values, s.band.as_ref(), n));
    let (lo, hi) = range_of(data)?;
    let areas = series.iter().any(|s| s.area).then_some(0.0);
    range_of(
        [lo, hi]
            .into_iter()
            .chain(drawable(refs, false).iter().map(|l| l.value))
            .chain(areas),
    )
}

/// Draws bands, areas, reference lines, series and month marks on `plot`.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_lines(
    p: &mut Painter,
    fonts: &Fonts,
    plot: &MonthPlot,
    n: usize,
    series: &[MonthlySeries],
    refs: &[ReferenceLine],
    marks: &[MonthMark],
    months: &[String],
) {
    let (r, x_axis, y_axis) = (&plot.r, &plot.x, &plot.y);
    let xy = |i: usize, v: f64| (r.x_at(x_axis, i as f64), r.y_at(y_axis, v));
    let zero = r.y_at(y_axis, 0.0_f64.clamp(y_axis.lo, y_axis.hi));
    // Areas first, then bands, so that a band stays visible over its area.
    for (si, s) in series.iter().enumerate() {
        if !s.area {
            continue;
        }
        let colour = series_style(look(series, si).style).colour.mix(AREA_ALPHA);
        for run in runs(n, |i| value_at(&s.values, i)) {
            let upper: Vec<_> = run.iter().map(|&(i, v)| xy(i, v)).collect();
            let lower: Vec<_> = upper.iter().map(|&(x, _)| (x, zero)).collect();
            p.polygon(&between(&upper, &lower), colour);
        }
    }
    for (si, s) in series.iter().enumerate() {
        let Some(band) = &s.band else { continue };
        let colour = series_style(look(series, si).style).colour.mix(BAND_ALPHA);
        for run in runs(n, |i| band_at(band, i)) {
            let upper: Vec<_> = run.iter().map(|&(i, (_, h))| xy(i, h)).collect();
            let lower: Vec<_> = run.iter().map(|&(i, (l, _))| xy(i, l)).collect();
            if run.len() == 1 {
                let (x, (l, h)) = (upper[0].0, run[0].1);
                p.rect(
                    (x - 6.0, r.y_at(y_axis, h)),
                    (x + 6.0, r.y_at(y_axis, l)),
                    colour,
                );
            } else {
                p.polygon(&between(&upper, &lower), colour);
            }
        }
    }
    for line in drawable(refs, false) {
        let style = reference_style(line, series.len());
        let y = r.y_at(y_axis, line.value);
        p.line(&[(r.x0, y), (r.x1, y)], style);
    }
    for (si, s) in series.iter().enumerate() {
        let style = series_style(look(series, si).style);
        for run in runs(n, |i| value_at(&s.values, i)) {
            let line: Vec<_> = run.into_iter().map(|(i, v)| xy(i, v)).collect();
            p.line(&line, style);
            // An isolated month has no line, so it gets a dot.
            if let [pt] = line.as_slice() {
                p.marker(Marker::Circle, *pt, style.colour, false);
            }
        }
    }
    for mark in marks.iter().filter(|m| m.month < n) {
        draw_mark(p, fonts, plot, mark, months);
    }
}

/// A dashed vertical line at a month with its label beside it, on the side
/// with more room.
fn draw_mark(p: &mut Painter, fonts: &Fonts, plot: &MonthPlot, mark: &MonthMark, _: &[String]) {
    let r = &plot.r;
    let x = plot.x_of(mark.month);
    p.polyline(&[(x, r.y0), (x, r.y1)], INK.mix(0.8), 1.5, Stroke::Dashed);
    if mark.label.is_empty() {
        return;
    }
    let w = fonts.width(&mark.label, TICK_SIZE, true);
    let right = r.x1 - x >= w + 10.0 || x - r.x0 < r.x1 - x;
    let (tx, h) = if right {
        (x + 6.0, HPos::Left)
    } else {
        (x - 6.0, HPos::Right)
    };
    let ty = r.y0 + TICK_SIZE * 0.8;
    let (bx0, bx1) = if right {
        (tx - 2.0, tx + w + 2.0)
    } else {
        (tx - w - 2.0, tx + 2.0)
    };
    p.rect(
        (bx0, ty - TICK_SIZE * 0.65),
        (bx1, ty + TICK_SIZE * 0.65),
        LABEL_HALO.mix(0.85),
    );
    let spec = TextStyleSpec::new(TICK_SIZE, h, VPos::Center).bold();
    p.text(&mark.label, (tx, ty), spec);
}
