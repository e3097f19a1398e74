//! The handout laid out on pages: what goes where, as a list of drawing operations per page, in points
//! from the top left. Pure: the PDF writer only draws what this module placed.

use glam::Vec3;

use super::font;
use super::views::BodyView;
use crate::plan::words::{self, cautions, minutes};
use crate::plan::{AffectedSide, SessionPlan, Shape};

/// One thing to draw on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A line of text, its baseline starting at `(x, y)`.
    Text {
        /// Left end of the baseline.
        x: f32,
        /// The baseline.
        y: f32,
        /// Font size in points.
        size: f32,
        /// The text.
        text: String,
    },
    /// A straight line.
    Line {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Width in points.
        width: f32,
        /// Grey level, 0 black.
        grey: u8,
    },
    /// A filled rectangle.
    Fill {
        /// Left, top, width and height.
        rect: (f32, f32, f32, f32),
        /// Grey level.
        grey: u8,
    },
    /// One of the body pictures, scaled into a rectangle.
    View {
        /// Index into the handout's views.
        index: usize,
        /// Left, top, width and height.
        rect: (f32, f32, f32, f32),
    },
    /// A zone's outline on a picture: a circle or a stroke's path, drawn thin and dashed.
    Outline {
        /// The points (one for a circle).
        path: Vec<(f32, f32)>,
        /// The circle's radius, or half the stroke's width.
        radius: f32,
    },
    /// A numbered marker: a white disc with a black ring and the zone's number.
    Marker {
        /// Centre.
        at: (f32, f32),
        /// Radius.
        radius: f32,
        /// The number.
        number: u32,
    },
    /// A no-go area: a hatched circle with a solid ring.
    Hatched {
        /// Centre.
        at: (f32, f32),
        /// Radius.
        radius: f32,
    },
}

/// One page: its drawing operations in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// What is drawn, in order.
    pub ops: Vec<Op>,
}

/// Page margins, points.
const MARGIN: f32 = 42.0;
/// Body text size, points.
const BODY: f32 = 9.5;
/// Table text size, points.
const SMALL: f32 = 8.5;
/// Space below the last text line before the footer, points.
const FOOTER_SPACE: f32 = 30.0;

/// Lays the handout of `plan` out on pages of `size` (points), with `views` as its pictures.
pub fn lay_out(plan: &SessionPlan, size: (f32, f32), views: &[BodyView]) -> Vec<Page> {
    let mut doc = Doc::new(size);
    header(&mut doc, plan);
    pictures(&mut doc, plan, views);
    table(&mut doc, plan);
    doc.heading("Areas left alone");
    doc.para(
        "Hatched circles on the pictures mark places where no one will press during the session:",
    );
    for area in &plan.no_go {
        doc.bullet(&words::no_go_caption(area));
    }
    if plan.no_go.is_empty() {
        doc.bullet("None in this plan.");
    }
    doc.heading("During the session");
    doc.para(
        "Tell your therapist at once about any tingling, burning or pain shooting down the leg: they \
         will ease off or change what they are doing. You can ask to stop at any time.",
    );
    doc.heading("At home until the next session");
    for item in &plan.home_care {
        doc.bullet(item);
    }
    if plan.home_care.is_empty() {
        doc.bullet("Nothing special: keep moving gently as you are able.");
    }
    doc.heading("When to get help the same day");
    for item in cautions() {
        doc.bullet(&item);
    }
    doc.finish(&plan.title)
}

/// The pages being filled and where the next line goes.
struct Doc {
    size: (f32, f32),
    pages: Vec<Page>,
    y: f32,
}

impl Doc {
    fn new(size: (f32, f32)) -> Doc {
        Doc {
            size,
            pages: vec![Page::default()],
            y: MARGIN,
        }
    }

    fn width(&self) -> f32 {
        self.size.0 - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.size.1 - MARGIN - FOOTER_SPACE
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.ops.push(op);
        }
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > self.bottom() {
            self.pages.push(Page::default());
            self.y = MARGIN;
        }
    }

    fn text(&mut self, x: f32, size: f32, text: &str) {
        let y = self.y + size;
        self.push(Op::Text {
            x,
            y,
            size,
            text: text.to_owned(),
        });
    }

    /// A section title with a rule under it, kept on one page with the first lines that follow it.
    fn heading(&mut self, title: &str) {
        self.room_for(75.0);
        self.y += 10.0;
        self.text(MARGIN, 12.5, title);
        self.y += 17.0;
        self.rule(0.6, 0);
        self.y += 5.0;
    }

    /// A horizontal rule across the text column at the current height.
    fn rule(&mut self, width: f32, grey: u8) {
        let y = self.y;
        self.push(Op::Line {
            from: (MARGIN, y),
            to: (MARGIN + self.width(), y),
            width,
            grey,
        });
    }

    fn para(&mut self, text: &str) {
        for line in font::wrap(text, BODY, self.width()) {
            self.room_for(BODY * 1.4);
            self.text(MARGIN, BODY, &line);
            self.y += BODY * 1.4;
        }
        self.y += 3.0;
    }

    fn bullet(&mut self, text: &str) {
        let indent = 12.0;
        let lines = font::wrap(text, BODY, self.width() - indent);
        self.room_for(BODY * 1.4 * lines.len().min(3) as f32);
        self.text(MARGIN + 2.0, BODY, "\u{2022}");
        for line in lines {
            self.room_for(BODY * 1.4);
            self.text(MARGIN + indent, BODY, &line);
            self.y += BODY * 1.4;
        }
        self.y += 3.0;
    }

    /// Adds the footer (the title and "Page N of M") to every page and returns them.
    fn finish(mut self, title: &str) -> Vec<Page> {
        let count = self.pages.len();
        let (w, h) = self.size;
        let y = h - MARGIN + 8.0;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let number = format!("Page {} of {count}", i + 1);
            let title = font::wrap(title, 7.5, w * 0.6)
                .into_iter()
                .next()
                .unwrap_or_default();
            page.ops.push(Op::Line {
                from: (MARGIN, y - 11.0),
                to: (w - MARGIN, y - 11.0),
                width: 0.4,
                grey: 100,
            });
            page.ops.push(Op::Text {
                x: MARGIN,
                y,
                size: 7.5,
                text: title,
            });
            page.ops.push(Op::Text {
                x: w - MARGIN - font::width(&number, 7.5),
                y,
                size: 7.5,
                text: number,
            });
        }
        self.pages
    }
}

fn header(doc: &mut Doc, plan: &SessionPlan) {
    for line in font::wrap(&plan.title, 17.0, doc.width()) {
        doc.text(MARGIN, 17.0, &line);
        doc.y += 22.0;
    }
    if !plan.phase.is_empty() {
        for line in font::wrap(&plan.phase, 11.0, doc.width()) {
            doc.text(MARGIN, 11.0, &line);
            doc.y += 15.0;
        }
    }
    let side = match plan.side {
        AffectedSide::Left => "left",
        AffectedSide::Right => "right",
        AffectedSide::Both => "both sides",
    };
    let date = plan.date.as_deref().unwrap_or("not set");
    let mut facts = format!("Date: {date}     Affected side: {side}");
    if !plan.client_alias.is_empty() {
        facts.push_str(&format!("     For: {}", plan.client_alias));
    }
    doc.y += 2.0;
    doc.text(MARGIN, BODY, &facts);
    doc.y += BODY * 1.6;
}

/// The two pictures side by side with the numbered zones and the hatched no-go areas, and a key.
fn pictures(doc: &mut Doc, plan: &SessionPlan, views: &[BodyView]) {
    doc.heading("Where the therapist will work");
    let gap = 24.0;
    let available_h = (doc.bottom() - doc.y - 60.0).min(430.0);
    let total_aspect: f32 = views.iter().map(|v| v.width as f32 / v.height as f32).sum();
    let by_width =
        (doc.width() - gap * views.len().saturating_sub(1) as f32) / total_aspect.max(0.1);
    let height = available_h.min(by_width).max(120.0);
    let row_w: f32 = views
        .iter()
        .map(|v| height * v.width as f32 / v.height as f32)
        .sum::<f32>()
        + gap * views.len().saturating_sub(1) as f32;
    let mut x = MARGIN + (doc.width() - row_w) / 2.0;
    let top = doc.y + 14.0;
    let mut placed: Vec<((f32, f32), f32)> = Vec::new();
    for (index, view) in views.iter().enumerate() {
        let w = height * view.width as f32 / view.height as f32;
        let caption_x = x + (w - font::width(&view.caption, BODY)) / 2.0;
        doc.push(Op::Text {
            x: caption_x,
            y: top - 4.0,
            size: BODY,
            text: view.caption.clone(),
        });
        doc.push(Op::View {
            index,
            rect: (x, top, w, height),
        });
        let k = height / view.height as f32;
        let to_page = |p: Vec3| {
            let (px, py) = view.project(p);
            (x + px * k, top + py * k)
        };
        let per_mm = view.pixels_per_metre() * k / 1000.0;
        for area in &plan.no_go {
            if best_view(views, Vec3::from(area.anchor.normal)) == index {
                let at = to_page(Vec3::from(area.anchor.position));
                let radius = (area.radius_mm * per_mm).max(5.0);
                placed.push((at, radius));
                doc.push(Op::Hatched { at, radius });
            }
        }
        let mut markers = Vec::new();
        for zone in plan.zones_in_order() {
            if best_view(views, Vec3::from(zone.anchor.normal)) != index {
                continue;
            }
            let anchor = to_page(Vec3::from(zone.anchor.position));
            let (path, radius) = match &zone.shape {
                Shape::Disc { radius_mm } => (vec![anchor], radius_mm * per_mm),
                Shape::Stroke { path, width_mm } => (
                    path.iter().map(|p| to_page(Vec3::from(*p))).collect(),
                    width_mm / 2.0 * per_mm,
                ),
            };
            doc.push(Op::Outline { path, radius });
            let at = free_spot(anchor, MARKER_RADIUS, &placed);
            placed.push((at, MARKER_RADIUS));
            if at != anchor {
                doc.push(Op::Line {
                    from: anchor,
                    to: at,
                    width: 0.7,
                    grey: 0,
                });
            }
            markers.push(Op::Marker {
                at,
                radius: MARKER_RADIUS,
                number: zone.order,
            });
        }
        for marker in markers {
            doc.push(marker);
        }
        x += w + gap;
    }
    doc.y = top + height + 8.0;
    doc.para(
        "Numbered circles: the zones, in the order they are worked (the table below says what each \
         one is). Dashed outlines: the size of each zone. Hatched circles: no pressure there.",
    );
}

/// The picture whose viewer a surface with this normal faces most squarely.
fn best_view(views: &[BodyView], normal: Vec3) -> usize {
    let mut best = 0;
    for (i, v) in views.iter().enumerate() {
        if v.facing(normal) > views[best].facing(normal) + 1e-3 {
            best = i;
        }
    }
    best
}

/// The radius of a zone's numbered marker, points.
const MARKER_RADIUS: f32 = 6.5;

/// Where a marker of `radius` for a zone at `anchor` can sit without covering another marker or a no-go
/// area (`placed`: centres and radii): the anchor itself, or the nearest free place on rings around it.
fn free_spot(anchor: (f32, f32), radius: f32, placed: &[((f32, f32), f32)]) -> (f32, f32) {
    let clear = |p: (f32, f32)| {
        placed
            .iter()
            .all(|(q, r)| (p.0 - q.0).hypot(p.1 - q.1) >= radius + r + 1.0)
    };
    if clear(anchor) {
        return anchor;
    }
    for ring in 1..6 {
        let r = 16.0 * ring as f32;
        for step in 0..12 {
            let a = std::f32::consts::TAU * step as f32 / 12.0 + 0.3;
            let p = (anchor.0 + r * a.cos(), anchor.1 + r * a.sin());
            if clear(p) {
                return p;
            }
        }
    }
    anchor
}

/// The column titles and their shares of the width.
const COLUMNS: [(&str, f32); 6] = [
    ("No.", 0.055),
    ("Area", 0.25),
    ("What the therapist does", 0.22),
    ("Pressure", 0.10),
    ("Minutes", 0.085),
    ("For you", 0.29),
];

/// The table of zones in treatment order.
fn table(doc: &mut Doc, plan: &SessionPlan) {
    doc.heading("The session, step by step");
    let widths: Vec<f32> = COLUMNS
        .iter()
        .map(|(_, share)| share * doc.width())
        .collect();
    let header = |doc: &mut Doc| {
        let h = SMALL * 1.3 + 6.0;
        doc.push(Op::Fill {
            rect: (MARGIN, doc.y, doc.width(), h),
            grey: 225,
        });
        let mut x = MARGIN;
        for ((title, _), w) in COLUMNS.iter().zip(&widths) {
            let y = doc.y + 3.0;
            doc.push(Op::Text {
                x: x + 3.0,
                y: y + SMALL,
                size: SMALL,
                text: (*title).to_owned(),
            });
            x += w;
        }
        doc.y += h;
    };
    doc.room_for(60.0);
    header(doc);
    for zone in plan.zones_in_order() {
        let mut area = words::area(&zone.anchor);
        if let Some(first) = area.get(..1) {
            area = first.to_uppercase() + &area[1..];
        }
        let cells = [
            zone.order.to_string(),
            area,
            format!(
                "{}, using {}",
                words::technique_name(zone.technique),
                words::tool_words(zone.tool)
            ),
            words::pressure_name(zone.pressure).to_owned(),
            minutes(zone.duration_min)
                .replace(" minutes", "")
                .replace(" minute", ""),
            words::client_note(zone),
        ];
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(text, w)| font::wrap(text, SMALL, w - 6.0))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let h = lines as f32 * SMALL * 1.3 + 6.0;
        if doc.y + h > doc.bottom() {
            doc.room_for(doc.bottom());
            header(doc);
        }
        let mut x = MARGIN;
        for (cell, w) in wrapped.iter().zip(&widths) {
            for (i, line) in cell.iter().enumerate() {
                doc.push(Op::Text {
                    x: x + 3.0,
                    y: doc.y + 3.0 + SMALL + i as f32 * SMALL * 1.3,
                    size: SMALL,
                    text: line.clone(),
                });
            }
            x += w;
        }
        doc.y += h;
        doc.rule(0.4, 120);
    }
    doc.y += 4.0;
}
