//! Playing recorded primitives onto plotters' SVG or bitmap backend, and
//! turning the supersampled bitmap into a PNG with its resolution recorded.

use ab_glyph::{Font, point};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform};

use super::fonts::{FAMILY, Fonts, PLOTTERS_SIZE_RATIO, px_scale};
use super::frame::record;
use super::painter::{Prim, TextStyleSpec};
use super::style::{CANVAS_H, CANVAS_W};
use super::{Chart, ChartError, MAX_DPI, MIN_DPI};

/// The chart as SVG at 1000×700 px.
pub(super) fn svg(chart: &Chart, fonts: &Fonts) -> Result<Vec<u8>, ChartError> {
    let mut svg = String::new();
    {
        let size = (CANVAS_W as u32, CANVAS_H as u32);
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        replay(&area, record(chart, fonts, 1.0, false), None)?;
        area.present().map_err(draw_err)?;
    }
    Ok(svg.into_bytes())
}

/// Supersampling factor for anti-aliasing the bitmap.
const SUPERSAMPLE: u32 = 2;

pub(super) fn png(chart: &Chart, dpi: u32, fonts: &Fonts) -> Result<Vec<u8>, ChartError> {
    if !(MIN_DPI..=MAX_DPI).contains(&dpi) {
        return Err(ChartError::InvalidDpi(dpi));
    }
    let scale = f64::from(dpi) / 96.0;
    let (w, h) = (
        (CANVAS_W * scale).round() as u32,
        (CANVAS_H * scale).round() as u32,
    );
    let (sw, sh) = (w * SUPERSAMPLE, h * SUPERSAMPLE);
    let prims = record(chart, fonts, scale * f64::from(SUPERSAMPLE), true);
    let mut big = vec![255u8; sw as usize * sh as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut big, (sw, sh)).into_drawing_area();
        replay(&area, prims, Some(fonts))?;
        area.present().map_err(draw_err)?;
    }
    let rgb = downsample(&big, sw, SUPERSAMPLE);
    encode_png(&rgb, w, h, dpi)
}

/// Box-filters an RGB image down by `factor` in each direction.
fn downsample(src: &[u8], w: u32, factor: u32) -> Vec<u8> {
    let (f, row_len) = (factor as usize, w as usize * 3);
    let (n, out_w) = ((f * f) as u32, w as usize / f);
    let mut out = Vec::with_capacity(src.len() / (f * f));
    let mut acc = vec![0u32; out_w * 3];
    for block in src.chunks_exact(row_len * f) {
        acc.fill(0);
        for row in block.chunks_exact(row_len) {
            for (cell, pixels) in acc.chunks_exact_mut(3).zip(row.chunks_exact(3 * f)) {
                for px in pixels.chunks_exact(3) {
                    cell[0] += u32::from(px[0]);
                    cell[1] += u32::from(px[1]);
                    cell[2] += u32::from(px[2]);
                }
            }
        }
        out.extend(acc.iter().map(|&sum| ((sum + n / 2) / n) as u8));
    }
    out
}

fn encode_png(rgb: &[u8], w: u32, h: u32, dpi: u32) -> Result<Vec<u8>, ChartError> {
    let enc_err = |e: png::EncodingError| ChartError::Encode(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // The fast (fdeflate) setting: flat-colour charts still compress to a
    // few hundred kB, at a fraction of the default's time.
    encoder.set_compression(png::Compression::Fast);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(enc_err)?;
    writer.write_image_data(rgb).map_err(enc_err)?;
    writer.finish().map_err(enc_err)?;
    Ok(out)
}

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// Draws recorded primitives; with `raster_fonts` text is rasterised here
/// rather than by plotters, whose ab_glyph path ignores side bearings and
/// places baselines differently from its SVG output.
fn replay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    prims: Vec<Prim>,
    raster_fonts: Option<&Fonts>,
) -> Result<(), ChartError> {
    for prim in prims {
        match prim {
            Prim::Path { pts, colour, width } => {
                let style = ShapeStyle {
                    color: colour,
                    filled: false,
                    stroke_width: width,
                };
                area.draw(&PathElement::new(pts, style))
            }
            Prim::Polygon { pts, colour } => area.draw(&Polygon::new(pts, colour.filled())),
            Prim::Rect { corners, colour } => area.draw(&Rectangle::new(corners, colour.filled())),
            Prim::Circle {
                centre,
                radius,
                colour,
            } => area.draw(&Circle::new(centre, radius, colour.filled())),
            Prim::Text {
                text,
                pos,
                size,
                spec,
            } => match raster_fonts {
                Some(fonts) => {
                    let mut result = Ok(());
                    raster_text(fonts, &text, pos, size, spec, &mut |x, y, colour| {
                        if result.is_ok() {
                            result = area.draw_pixel((x, y), &colour);
                        }
                    });
                    result
                }
                None => {
                    let weight = if spec.bold {
                        FontStyle::Bold
                    } else {
                        FontStyle::Normal
                    };
                    let font = (FAMILY, size * PLOTTERS_SIZE_RATIO, weight).into_font();
                    let mut style = TextStyle::from(font)
                        .color(&spec.colour)
                        .pos(Pos::new(spec.h, spec.v));
                    if spec.vertical {
                        style = style.transform(FontTransform::Rotate270);
                    }
                    area.draw(&Text::new(text, pos, style))
                }
            },
        }
        .map_err(draw_err)?;
    }
    Ok(())
}

/// Rasterises `text` at em size `size` with the anchoring the SVG backend writes
/// (top: +0.76em, centre: +0.5ex, bottom: −0.5ex from the anchor to the baseline).
fn raster_text(
    fonts: &Fonts,
    text: &str,
    (px, py): (i32, i32),
    size: f64,
    spec: TextStyleSpec,
    put: &mut dyn FnMut(i32, i32, RGBAColor),
) {
    let font = fonts.get(spec.bold);
    let scale = px_scale(font, size);
    let width = fonts.width(text, size, spec.bold);
    let x_height = 0.547;
    let dx = match spec.h {
        HPos::Left => 0.0,
        HPos::Center => -width / 2.0,
        HPos::Right => -width,
    };
    let dy = match spec.v {
        VPos::Top => 0.76 * size,
        VPos::Center => 0.5 * x_height * size,
        VPos::Bottom => -0.5 * x_height * size,
    };
    let (glyphs, _) = fonts.layout(text, size, spec.bold, dx as f32);
    for (id, pen) in glyphs {
        let glyph = id.with_scale_and_position(scale, point(pen, dy as f32));
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            if coverage > 0.0 {
                let tx = bounds.min.x as i32 + gx as i32;
                let ty = bounds.min.y as i32 + gy as i32;
                let (x, y) = if spec.vertical {
                    (px + ty, py - tx)
                } else {
                    (px + tx, py + ty)
                };
                put(x, y, spec.colour.mix(f64::from(coverage.min(1.0))));
            }
        });
    }
}
