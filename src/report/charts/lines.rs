//! Line charts over months: series with shaded 95% bands and horizontal
//! reference lines such as targets (staffing gap, service level, revenue).

use plotters::style::Color;

use super::LineChart;
use super::axes::draw_y_grid;
use super::data::{band_at, drawable, range_of, runs, value_at, with_band};
use super::fonts::Fonts;
use super::frame::{NoData, Plot};
use super::header::{Header, LegendItem, series_legend};
use super::months::{MonthPlot, month_count};
use super::painter::{Painter, between};
use super::style::{BAND_ALPHA, GRID_COLOUR, LineStyle, reference_style, series_style};

impl Plot for LineChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn legend(&self) -> Vec<LegendItem> {
        series_legend(
            self.series.iter().map(|s| s.name.as_str()),
            &drawable(&self.reference_lines, false),
            self.series.iter().any(|s| s.band.is_some()),
        )
    }

    fn axis_titles(&self) -> (&str, &str) {
        (&self.x_label, &self.y_label)
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let n = month_count(&self.months, self.series.iter().map(|s| s.values.len()));
        let refs = drawable(&self.reference_lines, false);
        let data = self
            .series
            .iter()
            .flat_map(|s| with_band(&s.values, s.band.as_ref(), n));
        let (lo, hi) = range_of(data).ok_or(NoData)?;
        let range =
            range_of([lo, hi].into_iter().chain(refs.iter().map(|l| l.value))).unwrap_or((lo, hi));
        let plot = MonthPlot::new(fonts, header, range, self.y_format, n);
        let (r, x_axis, y_axis) = (&plot.r, &plot.x, &plot.y);
        draw_y_grid(p, r, y_axis, GRID_COLOUR.to_rgba());
        let xy = |i: usize, v: f64| (r.x_at(x_axis, i as f64), r.y_at(y_axis, v));
        for (si, s) in self.series.iter().enumerate() {
            let Some(band) = &s.band else { continue };
            let colour = series_style(si).colour.mix(BAND_ALPHA);
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
        for line in &refs {
            let style = reference_style(line, self.series.len());
            let y = r.y_at(y_axis, line.value);
            p.marked_line(&[(r.x0, y), (r.x1, y)], style, (r.x1 - 8.0, y));
        }
        for (si, s) in self.series.iter().enumerate() {
            let style = series_style(si);
            let points: Vec<Vec<(f64, f64)>> = runs(n, |i| value_at(&s.values, i))
                .into_iter()
                .map(|run| run.into_iter().map(|(i, v)| xy(i, v)).collect())
                .collect();
            for line in &points {
                p.line(line, style);
                // An isolated month has no line, so it always gets a marker.
                if let (Some(m), [pt]) = (style.marker, line.as_slice()) {
                    p.marker(m, *pt, style.colour, false);
                }
            }
            draw_markers(p, &points.concat(), si, self.series.len(), style);
        }
        plot.draw_axes(p, fonts, &self.months, &self.x_label, &self.y_label);
        Ok(())
    }
}

/// Markers on about a dozen points per series, staggered between series.
fn draw_markers(p: &mut Painter, points: &[(f64, f64)], si: usize, count: usize, style: LineStyle) {
    let Some(marker) = style.marker else {
        return;
    };
    let stride = points.len().div_ceil(12).max(1);
    let offset = (si * stride) / count.max(1);
    for &pt in points.iter().skip(offset % stride).step_by(stride) {
        p.marker(marker, pt, style.colour, style.hollow);
    }
}
