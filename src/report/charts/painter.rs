//! Recording a chart: drawing calls in 1000×700 layout px become primitives
//! in device px, so one layout serves the SVG and every PNG resolution.
//! Dashes and hatching are cut into plain segments here, the same for both.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBAColor, RGBColor, WHITE};

use super::style::{FillStyle, HATCH_SPACING, Hatch, INK, LineStyle, Marker, Stroke, hatch_colour};

/// Text placement and look.
#[derive(Clone, Copy)]
pub(super) struct TextStyleSpec {
    pub(super) size: f64,
    pub(super) bold: bool,
    pub(super) colour: RGBColor,
    pub(super) h: HPos,
    pub(super) v: VPos,
    pub(super) vertical: bool,
}

impl TextStyleSpec {
    pub(super) fn new(size: f64, h: HPos, v: VPos) -> Self {
        Self {
            size,
            bold: false,
            colour: INK,
            h,
            v,
            vertical: false,
        }
    }

    pub(super) fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    pub(super) fn colour(self, colour: RGBColor) -> Self {
        Self { colour, ..self }
    }

    /// Rotated to read bottom to top.
    pub(super) fn vertical(self) -> Self {
        Self {
            vertical: true,
            ..self
        }
    }
}

/// A drawing primitive in device pixels.
pub(super) enum Prim {
    Path {
        pts: Vec<(i32, i32)>,
        colour: RGBAColor,
        width: u32,
    },
    Polygon {
        pts: Vec<(i32, i32)>,
        colour: RGBAColor,
    },
    Rect {
        corners: [(i32, i32); 2],
        colour: RGBAColor,
    },
    Circle {
        centre: (i32, i32),
        radius: i32,
        colour: RGBAColor,
    },
    Text {
        text: String,
        pos: (i32, i32),
        /// Em size in device px.
        size: f64,
        spec: TextStyleSpec,
    },
}

/// Records primitives from layout coordinates (1000×700 px), scaled to the output.
pub(super) struct Painter {
    scale: f64,
    /// Bitmap output: wide lines are split into quads with round joins,
    /// because plotters' polygonised paths spike on sharp turns.
    raster: bool,
    pub(super) prims: Vec<Prim>,
}

impl Painter {
    pub(super) fn new(scale: f64, raster: bool) -> Self {
        Self {
            scale,
            raster,
            prims: Vec::new(),
        }
    }

    fn pt(&self, (x, y): (f64, f64)) -> (i32, i32) {
        (
            (x * self.scale).round() as i32,
            (y * self.scale).round() as i32,
        )
    }

    fn stroke(&self, width: f64) -> u32 {
        (width * self.scale).round().max(1.0) as u32
    }

    fn points(&self, pts: &[(f64, f64)]) -> Vec<(i32, i32)> {
        let mut out: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
        for &p in pts {
            let q = self.pt(p);
            if out.last() != Some(&q) {
                out.push(q);
            }
        }
        out
    }

    /// Strokes a polyline with a dash pattern.
    pub(super) fn polyline(
        &mut self,
        pts: &[(f64, f64)],
        colour: RGBAColor,
        width: f64,
        dash: Stroke,
    ) {
        for piece in dash_pieces(pts, dash.pattern()) {
            self.solid_path(&piece, colour, width);
        }
    }

    /// Strokes a polyline in a series or reference style.
    pub(super) fn line(&mut self, pts: &[(f64, f64)], style: LineStyle) {
        self.polyline(pts, style.colour.to_rgba(), style.width, style.dash);
    }

    /// Strokes a polyline in `style` with its marker, if it has one, at `at`.
    pub(super) fn marked_line(&mut self, pts: &[(f64, f64)], style: LineStyle, at: (f64, f64)) {
        self.line(pts, style);
        if let Some(m) = style.marker {
            self.marker(m, at, style.colour, style.hollow);
        }
    }

    fn solid_path(&mut self, pts: &[(f64, f64)], colour: RGBAColor, width: f64) {
        let pts = self.points(pts);
        let width = self.stroke(width);
        if pts.len() < 2 {
            return;
        }
        if !self.raster || width == 1 {
            self.prims.push(Prim::Path { pts, colour, width });
            return;
        }
        let r = f64::from(width) / 2.0;
        for (i, w) in pts.windows(2).enumerate() {
            let (a, b) = (
                (f64::from(w[0].0), f64::from(w[0].1)),
                (f64::from(w[1].0), f64::from(w[1].1)),
            );
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            if len == 0.0 {
                continue;
            }
            let (nx, ny) = (-(b.1 - a.1) / len * r, (b.0 - a.0) / len * r);
            let quad = [
                (a.0 + nx, a.1 + ny),
                (b.0 + nx, b.1 + ny),
                (b.0 - nx, b.1 - ny),
                (a.0 - nx, a.1 - ny),
            ]
            .map(|(x, y)| (x.round() as i32, y.round() as i32));
            self.prims.push(Prim::Polygon {
                pts: quad.to_vec(),
                colour,
            });
            if i > 0 && r >= 1.5 {
                self.prims.push(Prim::Circle {
                    centre: w[0],
                    radius: r.floor() as i32,
                    colour,
                });
            }
        }
    }

    pub(super) fn polygon(&mut self, pts: &[(f64, f64)], colour: RGBAColor) {
        let pts = self.points(pts);
        if pts.len() >= 3 {
            self.prims.push(Prim::Polygon { pts, colour });
        }
    }

    pub(super) fn rect(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), colour: RGBAColor) {
        let corners = [
            self.pt((x0.min(x1), y0.min(y1))),
            self.pt((x0.max(x1), y0.max(y1))),
        ];
        self.prims.push(Prim::Rect { corners, colour });
    }

    pub(super) fn rect_outline(
        &mut self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        colour: RGBAColor,
        width: f64,
    ) {
        let ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
        self.polyline(&ring, colour, width, Stroke::Solid);
    }

    /// Fills `poly` in a fill style: colour, then its hatching.
    pub(super) fn fill(&mut self, poly: &[(f64, f64)], style: FillStyle) {
        self.polygon(poly, style.colour.to_rgba());
        self.hatch(poly, style.hatch, hatch_colour(style.colour));
    }

    /// Fills the rectangle from `a` to `b` in a fill style.
    pub(super) fn fill_rect(&mut self, a: (f64, f64), b: (f64, f64), style: FillStyle) {
        self.rect(a, b, style.colour.to_rgba());
        let poly = [a, (b.0, a.1), b, (a.0, b.1)];
        self.hatch(&poly, style.hatch, hatch_colour(style.colour));
    }

    /// Fills `poly` with evenly spaced hatch lines.
    fn hatch(&mut self, poly: &[(f64, f64)], hatch: Hatch, colour: RGBAColor) {
        for &angle in hatch.angles() {
            for seg in hatch_segments(poly, angle, HATCH_SPACING) {
                self.solid_path(&seg, colour, 1.1);
            }
        }
    }

    /// A data marker with a white halo; `hollow` leaves a white centre.
    pub(super) fn marker(
        &mut self,
        marker: Marker,
        pt: (f64, f64),
        colour: RGBColor,
        hollow: bool,
    ) {
        self.marker_shape(marker, pt, 5.2, WHITE);
        self.marker_shape(marker, pt, 3.8, colour);
        if hollow {
            self.marker_shape(marker, pt, 2.2, WHITE);
        }
    }

    fn marker_shape(&mut self, marker: Marker, (x, y): (f64, f64), r: f64, colour: RGBColor) {
        let c = colour.to_rgba();
        match marker {
            Marker::Circle => {
                let centre = self.pt((x, y));
                let radius = (r * self.scale).round().max(1.0) as i32;
                self.prims.push(Prim::Circle {
                    centre,
                    radius,
                    colour: c,
                });
            }
        }
    }

    pub(super) fn text(&mut self, text: &str, (x, y): (f64, f64), spec: TextStyleSpec) {
        if !text.is_empty() {
            self.prims.push(Prim::Text {
                text: text.to_string(),
                pos: self.pt((x, y)),
                size: spec.size * self.scale,
                spec,
            });
        }
    }
}

/// Splits a polyline into the "on" pieces of a dash pattern.
pub(super) fn dash_pieces(pts: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    if pattern.is_empty() || pattern.iter().any(|&l| l <= 0.0) {
        return vec![pts.to_vec()];
    }
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let (mut idx, mut left) = (0usize, pattern[0]);
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if !len.is_finite() {
            continue;
        }
        let mut pos = 0.0;
        while pos < len {
            let step = left.min(len - pos);
            let at = |d: f64| (a.0 + (b.0 - a.0) * d / len, a.1 + (b.1 - a.1) * d / len);
            if idx % 2 == 0 {
                if current.is_empty() {
                    current.push(at(pos));
                }
                current.push(at(pos + step));
            }
            pos += step;
            left -= step;
            if left <= 1e-9 {
                if idx % 2 == 0 {
                    pieces.push(std::mem::take(&mut current));
                }
                idx = (idx + 1) % pattern.len();
                left = pattern[idx];
            }
        }
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// Clips parallel lines at `angle` degrees, `spacing` px apart, to a polygon (even–odd).
pub(super) fn hatch_segments(
    poly: &[(f64, f64)],
    angle: f64,
    spacing: f64,
) -> Vec<[(f64, f64); 2]> {
    let mut segments = Vec::new();
    if poly.len() < 3 || poly.iter().any(|p| !p.0.is_finite() || !p.1.is_finite()) {
        return segments;
    }
    let (sin, cos) = angle.to_radians().sin_cos();
    let (dir, normal) = ((cos, sin), (-sin, cos));
    let proj = |p: (f64, f64), v: (f64, f64)| p.0 * v.0 + p.1 * v.1;
    let (lo, hi) = poly
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &p| {
            let c = proj(p, normal);
            (lo.min(c), hi.max(c))
        });
    let first = (lo / spacing).ceil() as i64;
    let last = (hi / spacing).floor() as i64;
    if last - first > 4000 {
        return segments;
    }
    for k in first..=last {
        let c = k as f64 * spacing;
        let mut hits: Vec<f64> = Vec::new();
        for i in 0..poly.len() {
            let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
            let (da, db) = (proj(a, normal) - c, proj(b, normal) - c);
            if (da > 0.0) != (db > 0.0) {
                let t = da / (da - db);
                let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                hits.push(proj(p, dir));
            }
        }
        hits.sort_by(f64::total_cmp);
        for pair in hits.chunks_exact(2) {
            if pair[1] - pair[0] > 0.5 {
                let at = |u: f64| (normal.0 * c + dir.0 * u, normal.1 * c + dir.1 * u);
                segments.push([at(pair[0]), at(pair[1])]);
            }
        }
    }
    segments
}

/// Closed polygon between `upper` (left to right) and `lower` (drawn back).
pub(super) fn between(upper: &[(f64, f64)], lower: &[(f64, f64)]) -> Vec<(f64, f64)> {
    upper
        .iter()
        .copied()
        .chain(lower.iter().rev().copied())
        .collect()
}
