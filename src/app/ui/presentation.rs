//! The presentation's interface: a strip on top (the session, the affected side, a light screen, back to
//! planning) and a caption below the body (the step in plain words, Back and Next, every zone to jump to).
//! Nothing here edits the plan.

use bevy::prelude::*;
use bevy_egui::egui;

use super::colours::colour32;
use crate::app::document::CurrentPlan;
use crate::app::modes::present::{Presentation, Step};
use crate::app::scene::zone_paint::pressure_colour;
use crate::app::schedule::AppMode;
use crate::plan::words;

/// Size of the caption's text.
const CAPTION_SIZE: f32 = 19.0;
/// Height of the caption's panel (logical pixels): a heading, four lines of caption and the steps.
pub const CAPTION_HEIGHT: f32 = 215.0;

/// The strip on top of the window.
pub fn top(
    ui: &mut egui::Ui,
    current: &CurrentPlan,
    presentation: &mut Presentation,
    commands: &mut Commands,
) {
    ui.horizontal(|ui| {
        ui.heading(&current.plan.title);
        if current.plan.zones.is_empty() && current.path.is_none() {
            return;
        }
        ui.separator();
        ui.label(
            egui::RichText::new(format!(
                "Side with symptoms: {}",
                current.plan.side.label().to_lowercase()
            ))
            .size(15.0),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to planning (Esc)").clicked() {
                commands.set_state(AppMode::Planning);
            }
            ui.checkbox(&mut presentation.light, "Light screen");
        });
    });
}

/// The caption below the body, with the steps.
pub fn bottom(
    ui: &mut egui::Ui,
    current: &CurrentPlan,
    presentation: &Presentation,
    commands: &mut Commands,
) {
    let plan = &current.plan;
    let steps = Presentation::steps(plan);
    ui.add_space(6.0);
    match presentation.zone(plan) {
        None => {
            ui.label(
                egui::RichText::new("Your session")
                    .size(CAPTION_SIZE + 3.0)
                    .strong(),
            );
            let minutes: f32 = plan.zones.iter().map(|z| z.duration_min).sum();
            let overview = if plan.zones.is_empty() {
                "No areas have been planned yet.".to_owned()
            } else {
                format!(
                    "{} areas, about {} in all. Each one is shown in turn: press Next.",
                    plan.zones.len(),
                    words::minutes(minutes)
                )
            };
            ui.label(egui::RichText::new(overview).size(CAPTION_SIZE));
            for area in &plan.no_go {
                ui.label(
                    egui::RichText::new(words::no_go_caption(area))
                        .size(CAPTION_SIZE - 3.0)
                        .color(egui::Color32::from_rgb(210, 60, 50)),
                );
            }
        }
        Some(zone) => {
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(26.0, 26.0), egui::Sense::hover());
                ui.painter().circle_filled(
                    rect.center(),
                    13.0,
                    colour32(pressure_colour(zone.pressure)),
                );
                ui.painter().text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    zone.order.to_string(),
                    egui::FontId::proportional(16.0),
                    egui::Color32::WHITE,
                );
                ui.label(
                    egui::RichText::new(capitalised(&words::area(&zone.anchor)))
                        .size(CAPTION_SIZE + 3.0)
                        .strong(),
                );
            });
            ui.label(egui::RichText::new(words::zone_caption(zone)).size(CAPTION_SIZE));
        }
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(presentation.step > 0, egui::Button::new("Back"))
            .clicked()
        {
            commands.trigger(Step::Back);
        }
        if ui
            .add_enabled(presentation.step + 1 < steps, egui::Button::new("Next"))
            .clicked()
        {
            commands.trigger(Step::Next);
        }
        ui.label(format!("{} of {}", presentation.step + 1, steps));
        ui.separator();
        if ui
            .selectable_label(presentation.step == 0, "Overview")
            .clicked()
        {
            commands.trigger(Step::To(0));
        }
        for (place, zone) in plan.zones_in_order().into_iter().enumerate() {
            if ui
                .selectable_label(presentation.step == place + 1, zone.order.to_string())
                .on_hover_text(words::area(&zone.anchor))
                .clicked()
            {
                commands.trigger(Step::To(place + 1));
            }
        }
    });
    ui.add_space(4.0);
}

/// The text with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
