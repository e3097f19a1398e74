//! Draws the laid-out pages into a PDF with krilla: one embedded, subset font with a ToUnicode map (so
//! the text can be selected, searched and read aloud), the body pictures as greyscale images, and the
//! markers and hatching as vector paths, so the meaning survives a black-and-white printer.

use std::sync::Arc;

use krilla::color::luma;
use krilla::geom::{Path, PathBuilder, Point, Size, Transform};
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::font;
use super::layout::{Op, Page};
use super::views::BodyView;

/// A greyscale picture as krilla takes it.
#[derive(Clone, Hash)]
struct Grey {
    pixels: Arc<Vec<u8>>,
    size: (u32, u32),
}

impl CustomImage for Grey {
    fn color_channel(&self) -> &[u8] {
        &self.pixels
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        None
    }

    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }

    fn color_space(&self) -> ImageColorspace {
        ImageColorspace::Luma
    }
}

/// The PDF of `pages` of `size` points, titled `title`.
pub fn write(
    pages: &[Page],
    size: (f32, f32),
    views: &[BodyView],
    title: &str,
) -> Result<Vec<u8>, String> {
    let font =
        Font::new(font::data().to_vec().into(), 0).ok_or("the handout font cannot be read")?;
    let images = views
        .iter()
        .map(|v| {
            let grey = Grey {
                pixels: Arc::new(v.pixels.clone()),
                size: (v.width as u32, v.height as u32),
            };
            Image::from_custom(grey, true)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut document = Document::new_with(SerializeSettings::default());
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language("en".to_owned())
            .creator("sciatic-planner".to_owned()),
    );
    for page in pages {
        let settings =
            PageSettings::from_wh(size.0, size.1).ok_or("the paper size is not valid")?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for op in &page.ops {
            draw(&mut surface, op, &font, &images);
        }
        surface.finish();
        pdf_page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}

fn grey(level: u8) -> Fill {
    Fill {
        paint: luma::Color::new(level).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn stroke(width: f32, level: u8, dash: Option<Vec<f32>>) -> Stroke {
    Stroke {
        paint: luma::Color::new(level).into(),
        width,
        dash: dash.map(|array| StrokeDash { array, offset: 0.0 }),
        ..Stroke::default()
    }
}

/// A circle as four cubic curves.
fn circle(builder: &mut PathBuilder, (cx, cy): (f32, f32), r: f32) {
    let k = 0.552_284_8 * r;
    builder.move_to(cx + r, cy);
    builder.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    builder.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    builder.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    builder.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    builder.close();
}

fn circle_path(at: (f32, f32), r: f32) -> Option<Path> {
    let mut builder = PathBuilder::new();
    circle(&mut builder, at, r);
    builder.finish()
}

fn paint(surface: &mut Surface, path: Option<Path>, fill: Option<Fill>, outline: Option<Stroke>) {
    if let Some(path) = path {
        surface.set_fill(fill);
        surface.set_stroke(outline);
        surface.draw_path(&path);
    }
}

fn text(surface: &mut Surface, font: &Font, (x, y): (f32, f32), size: f32, text: &str) {
    surface.set_fill(Some(grey(0)));
    surface.set_stroke(None);
    surface.draw_text(
        Point::from_xy(x, y),
        font.clone(),
        size,
        text,
        false,
        TextDirection::Auto,
    );
}

fn draw(surface: &mut Surface, op: &Op, font: &Font, images: &[Image]) {
    match op {
        Op::Text {
            x,
            y,
            size,
            text: t,
        } => text(surface, font, (*x, *y), *size, t),
        Op::Line {
            from,
            to,
            width,
            grey: level,
        } => {
            let mut builder = PathBuilder::new();
            builder.move_to(from.0, from.1);
            builder.line_to(to.0, to.1);
            paint(
                surface,
                builder.finish(),
                None,
                Some(stroke(*width, *level, None)),
            );
        }
        Op::Fill {
            rect: (x, y, w, h),
            grey: level,
        } => {
            let mut builder = PathBuilder::new();
            if let Some(rect) = krilla::geom::Rect::from_xywh(*x, *y, *w, *h) {
                builder.push_rect(rect);
            }
            paint(surface, builder.finish(), Some(grey(*level)), None);
        }
        Op::View {
            index,
            rect: (x, y, w, h),
        } => {
            if let (Some(image), Some(size)) = (images.get(*index), Size::from_wh(*w, *h)) {
                surface.push_transform(&Transform::from_translate(*x, *y));
                surface.draw_image(image.clone(), size);
                surface.pop();
            }
        }
        Op::Outline { path, radius } => {
            let dashed = Some(stroke(0.9, 40, Some(vec![2.5, 2.0])));
            if let [centre] = path.as_slice() {
                paint(surface, circle_path(*centre, radius.max(3.0)), None, dashed);
            } else if let Some((first, rest)) = path.split_first() {
                let mut builder = PathBuilder::new();
                builder.move_to(first.0, first.1);
                for p in rest {
                    builder.line_to(p.0, p.1);
                }
                let mut band = stroke((2.0 * radius).max(3.0), 150, None);
                band.opacity = NormalizedF32::new(0.5).unwrap_or(NormalizedF32::ONE);
                paint(surface, builder.finish(), None, Some(band));
            }
        }
        Op::Marker { at, radius, number } => {
            paint(
                surface,
                circle_path(*at, *radius),
                Some(grey(255)),
                Some(stroke(1.2, 0, None)),
            );
            let label = number.to_string();
            let size = if label.len() > 1 { 7.0 } else { 8.5 };
            let w = font::width(&label, size);
            text(
                surface,
                font,
                (at.0 - w / 2.0, at.1 + size * 0.36),
                size,
                &label,
            );
        }
        Op::Hatched { at, radius } => hatch(surface, *at, *radius),
    }
}

/// Diagonal hatching inside a circle, with a solid ring: readable in black and white.
fn hatch(surface: &mut Surface, at: (f32, f32), radius: f32) {
    let Some(clip) = circle_path(at, radius) else {
        return;
    };
    paint(surface, circle_path(at, radius), Some(grey(255)), None);
    surface.push_clip_path(&clip, &FillRule::NonZero);
    let mut builder = PathBuilder::new();
    let step = 2.6;
    let mut offset = -2.0 * radius;
    while offset <= 2.0 * radius {
        builder.move_to(at.0 + offset - radius, at.1 + radius);
        builder.line_to(at.0 + offset + radius, at.1 - radius);
        offset += step;
    }
    paint(surface, builder.finish(), None, Some(stroke(0.8, 0, None)));
    surface.pop();
    paint(
        surface,
        circle_path(at, radius),
        None,
        Some(stroke(1.3, 0, None)),
    );
}
