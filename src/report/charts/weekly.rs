//! The weekly profile: what is needed against what is on duty, hour by hour,
//! in one unit on one axis, as step lines with bands; hours where the supply
//! is below the need are shaded. Hours and weekdays along x.

use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::{
    Axis, Rect, draw_x_axis_line, draw_x_grid, draw_x_tick, draw_x_title_at, draw_y_axis,
    draw_y_grid, left_axis_width, linear_axis, tick_label_h, tick_target,
};
use super::data::{band_at, range_of, runs, value_at, with_band};
use super::fonts::Fonts;
use super::frame::{NoData, Plot, plot_bottom_above, plot_top};
use super::header::{Header, LegendItem, Swatch};
use super::painter::{Painter, TextStyleSpec, between};
use super::style::{
    AREA_ALPHA, BAND_ALPHA, CANVAS_W, GRID_COLOUR, LINE_COLOURS, LINE_WIDTH, LineStyle, MARGIN,
    SOFT_INK, Stroke, TICK_LEN, TICK_SIZE,
};
use super::{ValueFormat, WeeklyProfileChart};
use crate::results::WEEKDAYS;

/// The need is solid and dark, the supply dashed; hours short are shaded
/// in the shortfall colour.
const STYLES: [LineStyle; 2] = [
    LineStyle {
        colour: LINE_COLOURS[6],
        dash: Stroke::Solid,
        marker: None,
        hollow: false,
        width: LINE_WIDTH,
    },
    LineStyle {
        colour: LINE_COLOURS[0],
        dash: Stroke::Dashed,
        marker: None,
        hollow: false,
        width: LINE_WIDTH + 0.6,
    },
];

/// Hours where the supply is below the need.
const SHORT: LineStyle = LineStyle {
    colour: LINE_COLOURS[1],
    dash: Stroke::Solid,
    marker: None,
    hollow: false,
    width: 1.0,
};

impl WeeklyProfileChart {
    /// Hours in which the supply is below the need by at least half an agent.
    fn short_hours(&self, hours: usize) -> Vec<bool> {
        (0..hours)
            .map(|h| {
                match (
                    value_at(&self.demand.values, h),
                    value_at(&self.staff.values, h),
                ) {
                    (Some(d), Some(s)) => d - s >= 0.5,
                    _ => false,
                }
            })
            .collect()
    }
}

impl Plot for WeeklyProfileChart {
    fn texts(&self) -> [&str; 3] {
        [&self.title, &self.subtitle, &self.footer]
    }

    fn legend(&self) -> Vec<LegendItem> {
        let series = [&self.demand, &self.staff];
        let mut items: Vec<LegendItem> = series
            .iter()
            .zip(STYLES)
            .map(|(s, style)| LegendItem {
                label: s.name.clone(),
                swatch: if s.band.is_some() {
                    Swatch::LineBand(style)
                } else {
                    Swatch::Line(style)
                },
            })
            .collect();
        let hours = self.demand.values.len().max(self.staff.values.len());
        if self.short_hours(hours).contains(&true) {
            items.push(LegendItem {
                label: "Short: on duty below required".into(),
                swatch: Swatch::Area(SHORT),
            });
        }
        items
    }

    fn axis_titles(&self) -> (&str, &str) {
        (&self.x_label, &self.y_label)
    }

    fn draw(&self, p: &mut Painter, fonts: &Fonts, header: &Header) -> Result<(), NoData> {
        let series = [&self.demand, &self.staff];
        let hours = series
            .iter()
            .map(|s| s.values.len())
            .max()
            .unwrap_or(0)
            .min(24 * 7 * 520);
        let ranges: Vec<Option<(f64, f64)>> = series
            .iter()
            .map(|s| range_of(with_band(&s.values, s.band.as_ref(), hours)))
            .collect();
        if hours == 0 || ranges.iter().all(Option::is_none) {
            return Err(NoData);
        }
        let (top, bottom) = (
            plot_top(header),
            plot_bottom_above(header, 2.0, !self.x_label.is_empty()),
        );
        let (lo, hi) =
            range_of(ranges.iter().flatten().flat_map(|&(a, b)| [a, b])).unwrap_or((0.0, 1.0));
        let left = linear_axis(
            lo.min(0.0),
            hi,
            tick_target(bottom - top),
            ValueFormat::Number,
            true,
        );
        let r = Rect {
            x0: MARGIN + left_axis_width(fonts, &left),
            y0: top,
            x1: CANVAS_W - MARGIN - 12.0,
            y1: bottom,
        };
        let days = hours.div_ceil(24).max(7);
        let x_axis = Axis {
            lo: 0.0,
            hi: (days * 24) as f64,
            log: false,
            ticks: Vec::new(),
        };
        draw_y_grid(p, &r, &left, GRID_COLOUR.to_rgba());
        let day_grid = if r.width() / days as f64 >= 6.0 { 1 } else { 7 };
        let day_lines = (day_grid..days).step_by(day_grid);
        draw_x_grid(
            p,
            &r,
            day_lines.map(|d| r.x_at(&x_axis, (d * 24) as f64)),
            GRID_COLOUR.to_rgba(),
        );
        let axes = [&left, &left];
        // Hours short: the gap between the need above and the supply below.
        let short = self.short_hours(hours);
        let map = |x: f64, v: f64| (r.x_at(&x_axis, x), r.y_at(&left, v));
        for run in runs(hours, |h| {
            short[h]
                .then(|| {
                    Some((
                        value_at(&self.demand.values, h)?,
                        value_at(&self.staff.values, h)?,
                    ))
                })
                .flatten()
        }) {
            let upper = hourly_steps(
                &run.iter().map(|&(i, (d, _))| (i, d)).collect::<Vec<_>>(),
                map,
            );
            let lower = hourly_steps(
                &run.iter().map(|&(i, (_, s))| (i, s)).collect::<Vec<_>>(),
                map,
            );
            p.polygon(&between(&upper, &lower), SHORT.colour.mix(AREA_ALPHA + 0.2));
        }
        for ((s, style), axis) in series.iter().zip(STYLES).zip(axes) {
            let map = |x: f64, v: f64| (r.x_at(&x_axis, x), r.y_at(axis, v));
            if let Some(band) = &s.band {
                for run in runs(hours, |i| band_at(band, i)) {
                    let upper = hourly_steps(
                        &run.iter().map(|&(i, (_, h))| (i, h)).collect::<Vec<_>>(),
                        map,
                    );
                    let lower = hourly_steps(
                        &run.iter().map(|&(i, (l, _))| (i, l)).collect::<Vec<_>>(),
                        map,
                    );
                    p.polygon(&between(&upper, &lower), style.colour.mix(BAND_ALPHA));
                }
            }
        }
        for ((s, style), axis) in series.iter().zip(STYLES).zip(axes) {
            let map = |x: f64, v: f64| (r.x_at(&x_axis, x), r.y_at(axis, v));
            for run in runs(hours, |i| value_at(&s.values, i)) {
                p.line(&hourly_steps(&run, map), style);
            }
        }
        // Hour labels every 6 or 12 h when they fit, weekday names centred below.
        draw_x_axis_line(p, &r);
        let px_per_hour = r.width() / (days * 24) as f64;
        let hour_w = fonts.width("18", TICK_SIZE, false) + 8.0;
        let every = [6, 12]
            .into_iter()
            .find(|&h| h as f64 * px_per_hour >= hour_w);
        let day_w = fonts.width("Wed", TICK_SIZE, true) + 8.0;
        let day_stride = [1, 7, 14, 28, 56, 91, 182, 364]
            .into_iter()
            .find(|&k| (k * 24) as f64 * px_per_hour >= day_w)
            .unwrap_or(364);
        for h in (0..=days * 24).step_by(every.unwrap_or(24 * day_stride)) {
            let len = if h % 24 == 0 {
                TICK_LEN + 2.0
            } else {
                TICK_LEN
            };
            let label = match every {
                Some(_) if h < days * 24 => (h % 24).to_string(),
                _ => String::new(),
            };
            draw_x_tick(p, &r, r.x_at(&x_axis, h as f64), len, &label);
        }
        let day_y = r.y1 + TICK_LEN + 4.0 + tick_label_h() + 2.0;
        for d in (0..days).step_by(day_stride) {
            let x = r.x_at(&x_axis, d as f64 * 24.0 + 12.0);
            let spec = TextStyleSpec::new(TICK_SIZE, HPos::Center, VPos::Top)
                .bold()
                .colour(SOFT_INK);
            p.text(WEEKDAYS[d % 7], (x, day_y), spec);
        }
        draw_y_axis(p, fonts, &r, &left, &self.y_label, false);
        draw_x_title_at(p, fonts, &r, &self.x_label, header.footer_top() - 2.0);
        Ok(())
    }
}

/// Step outline of hourly values: each hour is flat from `i` to `i + 1`.
fn hourly_steps(run: &[(usize, f64)], map: impl Fn(f64, f64) -> (f64, f64)) -> Vec<(f64, f64)> {
    run.iter()
        .flat_map(|&(i, v)| [map(i as f64, v), map(i as f64 + 1.0, v)])
        .collect()
}
