//! What is drawn over the 3D view: the numbered badges of the zones, the name of what the pointer is on
//! (a structure, or a zone's summary), the rotator fan's labels and the endangerment sites' names.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::UiState;
use super::colours::{colour32, severity_colour};
use super::inspector::zone_title;
use crate::anatomy::{Anatomy, Side};
use crate::app::document::{CurrentPlan, LiveFindings};
use crate::app::editor::EditorState;
use crate::app::modes::teach::Lesson;
use crate::app::scene::layers::{Selection, ViewSettings};
use crate::app::scene::model::StructureNode;
use crate::app::scene::sites::SiteMarker;
use crate::app::scene::zone_paint::{NO_GO_FILL, pressure_colour};
use crate::app::schedule::AppMode;
use crate::app::viewport::{Projector, ScreenProjection, ViewportRect};
use crate::plan::items::ItemRef;
use crate::plan::{Point3, Segment, Shape};

/// The plan's marks: the zones and no-go areas, the one under the pointer, their findings.
#[derive(SystemParam)]
pub struct Marks<'w> {
    current: Res<'w, CurrentPlan>,
    editor: Res<'w, EditorState>,
    findings: Res<'w, LiveFindings>,
}

/// What the labels name: the structures and sites, and which are shown and hovered.
#[derive(SystemParam)]
pub struct Labels<'w, 's> {
    settings: Res<'w, ViewSettings>,
    selection: Res<'w, Selection>,
    nodes: Query<'w, 's, &'static StructureNode>,
    sites: Query<'w, 's, &'static SiteMarker>,
}

impl Labels<'_, '_> {
    fn hovered_node(&self) -> Option<&StructureNode> {
        let hovered = self.selection.hovered.as_deref()?;
        self.nodes.iter().find(|n| n.node == hovered)
    }
}

/// Draws the overlays, after the panels have left the view its rectangle.
pub fn draw(
    mut contexts: EguiContexts,
    state: Res<UiState>,
    marks: Marks,
    labels: Labels,
    projection: ScreenProjection,
    rect: Res<ViewportRect>,
    mode: Option<Res<State<AppMode>>>,
    lesson: Res<Lesson>,
    time: Res<Time<Real>>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(projector) = projection.get() else {
        return Ok(());
    };
    let presenting = mode
        .as_ref()
        .is_some_and(|m| *m.get() == AppMode::Presenting);
    if mode.is_some_and(|m| *m.get() == AppMode::Teaching) {
        // A lesson shows the anatomy, not the plan: no badges, no pointer labels.
        super::teaching::overlay(
            &ctx,
            &lesson,
            &labels.nodes.iter().collect::<Vec<_>>(),
            &projector,
            &rect,
            time.elapsed_secs_f64(),
        );
        return Ok(());
    }
    // Large badges for a client looking at the screen from the table.
    let scale = if presenting { 1.7 } else { 1.0 };
    badges(&ctx, &marks, &projector, &rect, scale);
    // Stills (panels hidden) show no pointer labels: the pointer is not the user's there; nor does a
    // presentation, which tells each zone in its caption.
    if state.show_panels && !presenting {
        if marks.editor.hovered.is_some() {
            zone_tooltip(&ctx, &marks, &rect);
        } else {
            hover_label(&ctx, &labels, &rect);
        }
    }
    if labels.settings.rotator_labels {
        rotator_labels(&ctx, &labels, &projector, &rect);
    }
    if labels.settings.sites {
        site_labels(&ctx, &labels, &projector, &rect);
    }
    Ok(())
}

/// Numbered badges on the body in treatment order, and crosses on the no-go areas.
pub(crate) fn badges(
    ctx: &egui::Context,
    marks: &Marks,
    projector: &Projector,
    rect: &ViewportRect,
    scale: f32,
) {
    let painter = rect.painter(ctx, "zone_badges");
    // Badges of zones on the far side of the body are left out.
    // Each on its zone's segment, where the posed body has carried it.
    let project = |segment: Segment, p: Point3, n: Point3| {
        projector.facing_point_on(segment, Vec3::from(p), Vec3::from(n))
    };
    let plan = &marks.current.plan;
    let pixels = |p: Point3, length: f32| projector.pixels(Vec3::from(p), length);
    for z in plan.zones_in_order() {
        // A stroke's badge marks where it starts; a disc's sits on its rim, so it leaves the zone in view.
        let (start, offset) = match &z.shape {
            Shape::Stroke { path, .. } if !path.is_empty() => (path[0], 0.0),
            _ => (
                z.anchor.position,
                pixels(z.anchor.position, z.half_extent_m()).unwrap_or(0.0),
            ),
        };
        let Some(centre) = project(z.anchor.segment, start, z.anchor.normal) else {
            continue;
        };
        let at = if offset > 16.0 * scale {
            centre + egui::vec2(offset, -offset) * std::f32::consts::FRAC_1_SQRT_2
        } else {
            centre
        };
        let outline = marks
            .findings
            .worst_for(&z.id)
            .map_or(egui::Color32::WHITE, severity_colour);
        painter.circle(
            at,
            10.0 * scale,
            colour32(pressure_colour(z.pressure)),
            egui::Stroke::new(2.0 * scale, outline),
        );
        painter.text(
            at,
            egui::Align2::CENTER_CENTER,
            z.order.to_string(),
            egui::FontId::proportional(13.0 * scale),
            egui::Color32::WHITE,
        );
    }
    for n in &plan.no_go {
        if let Some(at) = project(n.anchor.segment, n.anchor.position, n.anchor.normal) {
            painter.circle(
                at,
                9.0 * scale,
                colour32(NO_GO_FILL),
                egui::Stroke::new(2.0 * scale, egui::Color32::WHITE),
            );
            let d = 4.0 * scale;
            let white = egui::Stroke::new(2.0 * scale, egui::Color32::WHITE);
            painter.line_segment([at + egui::vec2(-d, -d), at + egui::vec2(d, d)], white);
            painter.line_segment([at + egui::vec2(-d, d), at + egui::vec2(d, -d)], white);
        }
    }
}

/// The tooltip of the zone or no-go area under the pointer: order, technique, pressure, tool, time.
fn zone_tooltip(ctx: &egui::Context, marks: &Marks, rect: &ViewportRect) {
    let plan = &marks.current.plan;
    let Some(pointer) = ctx.pointer_hover_pos() else {
        return;
    };
    if !rect.contains(Vec2::new(pointer.x, pointer.y)) {
        return;
    }
    let text = match &marks.editor.hovered {
        Some(ItemRef::Zone(id)) => plan.zone(id).map(|z| {
            let mut t = format!(
                "{}. {}\n{} · {} pressure · {}\n{:.0} min, {}",
                z.order,
                zone_title(z),
                z.technique.label(),
                z.pressure.label(),
                z.tool.label(),
                z.duration_min,
                z.position.label().to_lowercase()
            );
            if let Some(worst) = marks.findings.worst_for(&z.id) {
                t.push_str(&format!("\nSafety: {worst}"));
            }
            t
        }),
        Some(ItemRef::NoGo(id)) => plan
            .no_go_area(id)
            .map(|n| format!("No-go: {}\n{}", n.label, n.reason)),
        None => None,
    };
    if let Some(text) = text {
        pointer_label(ctx, pointer, "zone_tooltip", &text);
    }
}

fn hover_label(ctx: &egui::Context, labels: &Labels, rect: &ViewportRect) {
    let Some(node) = labels.hovered_node() else {
        return;
    };
    let Some(pointer) = ctx.pointer_hover_pos() else {
        return;
    };
    if !rect.contains(Vec2::new(pointer.x, pointer.y)) {
        return;
    }
    pointer_label(ctx, pointer, "hover_label", &node.label);
}

/// A small label beside the pointer, over everything: what the pointer is on.
pub fn pointer_label(ctx: &egui::Context, pointer: egui::Pos2, id: &'static str, text: &str) {
    egui::Area::new(id.into())
        .fixed_pos(pointer + egui::vec2(14.0, 10.0))
        .order(egui::Order::Tooltip)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(320.0);
                ui.add(egui::Label::new(text).wrap());
            });
        });
}
fn rotator_labels(
    ctx: &egui::Context,
    labels: &Labels,
    projector: &Projector,
    rect: &ViewportRect,
) {
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        "rotator_labels".into(),
    ));
    let font = egui::FontId::proportional(13.0);
    let line_height = 18.0;
    let fan: Vec<&str> = Anatomy::embedded()
        .rotator_fan()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    for side in ["_r", "_l"] {
        let mut rotators: Vec<(&StructureNode, egui::Pos2)> = labels
            .nodes
            .iter()
            .filter(|n| n.variant.is_none() && fan.iter().any(|r| n.node == format!("{r}{side}")))
            .filter(|n| labels.settings.is_visible(n))
            // The structures sit at the model's origin: their centres are in the model frame.
            .filter_map(|n| projector.model_to_screen(n.centre).map(|p| (n, p)))
            .filter(|(_, p)| rect.contains(Vec2::new(p.x, p.y)))
            .collect();
        if rotators.is_empty() {
            continue;
        }
        // Superior to inferior, measured on the model.
        rotators.sort_by(|a, b| b.0.centre.y.total_cmp(&a.0.centre.y));
        // A column of labels beside the fan, on the side it lies on the screen.
        let mean_x = rotators.iter().map(|(_, p)| p.x).sum::<f32>() / rotators.len() as f32;
        let on_left = mean_x < (rect.min.x + rect.max.x) / 2.0;
        let top = rotators
            .iter()
            .map(|(_, p)| p.y)
            .fold(f32::INFINITY, f32::min)
            - line_height * (rotators.len() as f32 - 1.0) / 2.0;
        let column_x = if on_left {
            rotators
                .iter()
                .map(|(_, p)| p.x)
                .fold(f32::INFINITY, f32::min)
                - 90.0
        } else {
            rotators
                .iter()
                .map(|(_, p)| p.x)
                .fold(f32::NEG_INFINITY, f32::max)
                + 90.0
        };
        for (i, (node, at)) in rotators.iter().enumerate() {
            let label_at = egui::pos2(column_x, top + i as f32 * line_height);
            let stroke = egui::Stroke::new(1.0, egui::Color32::from_white_alpha(200));
            painter.line_segment([*at, label_at], stroke);
            painter.circle_filled(*at, 2.5, egui::Color32::WHITE);
            let name = node
                .label
                .trim_end_matches(" (right)")
                .trim_end_matches(" (left)");
            let align = if on_left {
                egui::Align2::RIGHT_CENTER
            } else {
                egui::Align2::LEFT_CENTER
            };
            let text_at = label_at + egui::vec2(if on_left { -4.0 } else { 4.0 }, 0.0);
            let galley_rect = painter.text(
                text_at,
                align,
                format!("{}. {name}", i + 1),
                font.clone(),
                egui::Color32::WHITE,
            );
            painter.rect_filled(
                galley_rect.expand(2.0),
                3.0,
                egui::Color32::from_black_alpha(150),
            );
            painter.text(
                text_at,
                align,
                format!("{}. {name}", i + 1),
                font.clone(),
                egui::Color32::WHITE,
            );
        }
    }
}

fn site_labels(ctx: &egui::Context, labels: &Labels, projector: &Projector, rect: &ViewportRect) {
    let settings = &labels.settings;
    let painter = rect.painter(ctx, "site_labels");
    // Names on one side only (the affected side, else the right): both sides' names would crowd the view.
    let named = match settings.affected {
        Some(crate::plan::AffectedSide::Left) => Side::Left,
        _ => Side::Right,
    };
    for site in labels.sites.iter().filter(|s| s.side == named) {
        if let Some(p) = projector.model_to_screen(site.centre) {
            let galley = painter.layout_no_wrap(
                site.name.clone(),
                egui::FontId::proportional(11.0),
                egui::Color32::from_rgb(255, 214, 196),
            );
            let at = egui::pos2(p.x + 6.0, p.y - galley.size().y / 2.0);
            let back = egui::Rect::from_min_size(at, galley.size()).expand(2.0);
            painter.rect_filled(back, 3.0, egui::Color32::from_black_alpha(150));
            painter.galley(at, galley, egui::Color32::WHITE);
        }
    }
}
