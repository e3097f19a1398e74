//! The client's handout: the plan printed as a PDF in plain words, with pictures of the body.
//!
//! It holds the title, date and affected side; the body seen from behind and from the side with the
//! numbered zones and the hatched no-go areas; a table of the zones in treatment order (area, what is done,
//! pressure, minutes, a note for the client); the areas left alone; the home care; the warning signs; and
//! page numbers. The text is real text in one embedded font, and numbers and hatching carry the meaning,
//! not colour, so it reads printed in black and white.
//!
//! Layers: [`views`] draws the body pictures in software, `layout` places everything on pages (pure), and
//! `pdf` writes the pages with krilla.

mod font;
mod layout;
mod pdf;
pub mod views;

use glam::Vec3;

use crate::plan::{AffectedSide, SessionPlan};
use views::BodyView;

/// Paper sizes for the handout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4, 595 x 842 points.
    #[default]
    A4,
    /// US Letter, 612 x 792 points.
    Letter,
}

impl Paper {
    /// Width and height in points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.0, 842.0),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Why a handout could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoutError(pub String);

impl std::fmt::Display for HandoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not make the handout: {}", self.0)
    }
}

impl std::error::Error for HandoutError {}

/// Picture height in pixels: about 200 dots per inch at the size the pictures are printed.
const VIEW_PIXELS: usize = 1100;

/// The two pictures of the body for a plan: from behind, and from the side the plan works on (the
/// affected side; for both sides, the side more zones face).
pub fn body_views(plan: &SessionPlan) -> Vec<BodyView> {
    let right = match plan.side {
        AffectedSide::Right => true,
        AffectedSide::Left => false,
        AffectedSide::Both => {
            let facing_right = plan
                .zones
                .iter()
                .filter(|z| z.anchor.normal.x < 0.0)
                .count();
            facing_right * 2 >= plan.zones.len()
        }
    };
    let (caption, looking) = if right {
        ("From the right side", Vec3::X)
    } else {
        ("From the left side", Vec3::NEG_X)
    };
    vec![
        BodyView::render("From behind", Vec3::Z, VIEW_PIXELS),
        BodyView::render(caption, looking, VIEW_PIXELS),
    ]
}

/// The handout of `plan` on `paper`, as the bytes of a PDF file.
pub fn handout_pdf(plan: &SessionPlan, paper: Paper) -> Result<Vec<u8>, HandoutError> {
    let size = paper.size_pt();
    let views = body_views(plan);
    let pages = layout::lay_out(plan, size, &views);
    pdf::write(&pages, size, &views, &plan.title).map_err(HandoutError)
}

/// The text of the handout, page by page and line by line, as it is laid out (for checks that need no
/// PDF reader).
pub fn handout_text(plan: &SessionPlan, paper: Paper) -> Vec<Vec<String>> {
    let views = body_views(plan);
    layout::lay_out(plan, paper.size_pt(), &views)
        .into_iter()
        .map(|page| {
            page.ops
                .into_iter()
                .filter_map(|op| match op {
                    layout::Op::Text { text, .. } => Some(text),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::examples::EXAMPLES;
    use crate::plan::words::{area, cautions};
    use crate::plan::{from_ron_str, words};

    fn plan(i: usize) -> SessionPlan {
        from_ron_str(EXAMPLES[i].text).unwrap()
    }

    #[test]
    fn the_laid_out_text_holds_the_zones_in_order_and_the_cautions() {
        for i in [0, 4] {
            let plan = plan(i);
            let pages = handout_text(&plan, Paper::A4);
            let text = pages.concat().join(" ");
            let mut from = 0;
            for zone in plan.zones_in_order() {
                let first = area(&zone.anchor);
                let first = first.split(',').next().unwrap_or_default();
                let first = first[..1].to_uppercase() + &first[1..];
                let at = text[from..]
                    .find(&first)
                    .unwrap_or_else(|| panic!("{first}"));
                from += at;
            }
            let caution = cautions()[0]
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(text.contains(&caution), "{caution}");
            let count = pages.len();
            assert!(count >= 2, "{} pages", count);
            for (n, page) in pages.iter().enumerate() {
                let number = format!("Page {} of {count}", n + 1);
                assert!(page.contains(&number), "{number}");
            }
        }
    }

    #[test]
    fn a_long_plan_repeats_the_table_header_on_a_new_page() {
        let plan = plan(4);
        let pages = handout_text(&plan, Paper::Letter);
        let headers = pages
            .iter()
            .filter(|p| p.iter().any(|l| l == "No."))
            .count();
        let table_pages = pages
            .iter()
            .filter(|p| {
                p.iter()
                    .any(|l| l == words::pressure_name(crate::plan::Pressure::Light))
            })
            .count();
        assert!(
            headers >= table_pages,
            "{headers} headers on {table_pages} table pages"
        );
    }

    #[test]
    fn the_pdf_embeds_its_font_and_has_the_paper_size() {
        let plan = plan(0);
        let pdf = handout_pdf(&plan, Paper::A4).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(has(b"/FontFile2"), "the font is embedded");
        assert!(has(b"/ToUnicode"), "the text can be selected and searched");
        assert_eq!(Paper::A4.size_pt(), (595.0, 842.0));
        assert_eq!(Paper::Letter.size_pt(), (612.0, 792.0));
    }

    #[test]
    fn the_side_view_follows_the_affected_side() {
        let mut plan = plan(0);
        assert_eq!(body_views(&plan)[1].caption, "From the right side");
        plan.side = AffectedSide::Left;
        assert_eq!(body_views(&plan)[1].caption, "From the left side");
    }
}
