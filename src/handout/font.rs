//! The handout's typeface, DejaVu Sans (Bitstream Vera licence; the DejaVu changes are in the public
//! domain), and the measuring and line breaking of text set in it.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The font file: one face for all the handout's text, so every page holds one embedded subset.
pub fn data() -> &'static [u8] {
    dejavu::sans::regular()
}

/// The width of `text` set at `size` points, in points.
pub fn width(text: &str, size: f32) -> f32 {
    let Ok(font) = FontRef::new(data()) else {
        return 0.0;
    };
    let upem = f32::from(
        font.metrics(Size::unscaled(), LocationRef::default())
            .units_per_em,
    );
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    let units: f32 = text
        .chars()
        .map(|c| {
            let glyph = charmap.map(c).unwrap_or_default();
            metrics.advance_width(glyph).unwrap_or(0.0)
        })
        .sum();
    units / upem * size
}

/// Breaks `text` into lines no wider than `max_width` points at `size`, at spaces; a word wider than the
/// line is broken where it must.
pub fn wrap(text: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word.to_owned();
        while width(&rest, size) > max_width && rest.chars().count() > 1 {
            let mut cut = rest.len();
            while cut > 0 && width(&rest[..cut], size) > max_width {
                cut = rest[..cut].char_indices().next_back().map_or(0, |(i, _)| i);
            }
            let cut = cut.max(rest.chars().next().map_or(1, char::len_utf8));
            lines.push(rest[..cut].to_owned());
            rest = rest[cut..].to_owned();
        }
        line = rest;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size() {
        assert!(width("buttock", 10.0) > width("butt", 10.0));
        assert!((width("calf", 20.0) - 2.0 * width("calf", 10.0)).abs() < 1e-3);
        assert_eq!(width("", 10.0), 0.0);
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text = "Right buttock, outer part, near the bony point at the side of the hip";
        let lines = wrap(text, 9.0, 80.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 9.0) <= 80.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let long = wrap("Supercalifragilistic", 12.0, 30.0);
        assert!(
            long.len() > 1 && long.concat() == "Supercalifragilistic",
            "{long:?}"
        );
    }
}
