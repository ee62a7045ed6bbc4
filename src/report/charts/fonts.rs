//! The embedded DejaVu Sans faces: parsed once, registered with plotters for
//! SVG text, and measured here so layout knows how wide every label is.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::style::{FontStyle, register_font};

use super::ChartError;

const REGULAR_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
const BOLD_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// Font family as written into SVG text; also the key of the plotters font registry.
pub(super) const FAMILY: &str = "DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif";

/// Plotters font sizes are 1.24 × the em size (its SVG backend divides by 1.24).
pub(super) const PLOTTERS_SIZE_RATIO: f64 = 1.24;

pub(super) struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Fonts {
    pub(super) fn get(&self, bold: bool) -> &FontRef<'static> {
        if bold { &self.bold } else { &self.regular }
    }

    /// Glyphs of `text` at em size `size` with their kerned pen positions in
    /// px from `start`, and the pen position after the last glyph.
    pub(super) fn layout(
        &self,
        text: &str,
        size: f64,
        bold: bool,
        start: f32,
    ) -> (Vec<(GlyphId, f32)>, f32) {
        let font = self.get(bold);
        let scaled = font.as_scaled(px_scale(font, size));
        let mut glyphs = Vec::with_capacity(text.len());
        let mut pen = start;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                pen += scaled.kern(p, id);
            }
            glyphs.push((id, pen));
            pen += scaled.h_advance(id);
            prev = Some(id);
        }
        (glyphs, pen)
    }

    /// Advance width of `text` in px at em size `size`.
    pub(super) fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        f64::from(self.layout(text, size, bold, 0.0).1)
    }

    /// Shortens `text` with an ellipsis so it is at most `max` px wide.
    pub(super) fn fit(&self, text: &str, size: f64, bold: bool, max: f64) -> String {
        if self.width(text, size, bold) <= max {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let candidate: String = chars.iter().collect::<String>() + "…";
            if self.width(&candidate, size, bold) <= max {
                return candidate;
            }
        }
        String::new()
    }

    /// Word-wraps `text` into lines at most `max` px wide.
    pub(super) fn wrap(&self, text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if line.is_empty() || self.width(&candidate, size, bold) <= max {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
            .into_iter()
            .map(|l| self.fit(&l, size, bold, max))
            .collect()
    }
}

pub(super) fn px_scale(font: &FontRef<'static>, em: f64) -> PxScale {
    let upem = font.units_per_em().unwrap_or(2048.0);
    PxScale::from(em as f32 * font.height_unscaled() / upem)
}

/// Parses the embedded fonts once and registers them with plotters.
pub(super) fn fonts() -> Result<&'static Fonts, ChartError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            register_font(FAMILY, FontStyle::Normal, REGULAR_TTF).ok()?;
            register_font(FAMILY, FontStyle::Bold, BOLD_TTF).ok()?;
            Some(Fonts {
                regular: FontRef::try_from_slice(REGULAR_TTF).ok()?,
                bold: FontRef::try_from_slice(BOLD_TTF).ok()?,
            })
        })
        .as_ref()
        .ok_or(ChartError::Font)
}
