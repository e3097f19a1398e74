//! The toolbar: the marking tools, undo and redo, and the colour legend of the paint on the body.

use bevy::prelude::*;
use bevy_egui::egui;

use super::colours::colour32;
use super::inspector::Planning;
use crate::app::document::{Redo, Undo};
use crate::app::editor::Tool;
use crate::app::scene::zone_paint::{NO_GO_FILL, pressure_colour};
use crate::app::schedule::AppMode;
use crate::plan::Pressure;

/// The toolbar: tools, undo and redo, the pressure legend.
pub fn show(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    ui.horizontal(|ui| {
        for tool in Tool::ALL {
            let text = format!("{} ({})", tool.label(), tool.key());
            if ui
                .selectable_label(planning.editor.tool == tool, text)
                .on_hover_text(tool.hint())
                .clicked()
            {
                planning.editor.tool = tool;
            }
        }
        ui.separator();
        let history = &planning.current.history;
        if ui
            .add_enabled(history.can_undo(), egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            commands.trigger(Undo);
        }
        if ui
            .add_enabled(history.can_redo(), egui::Button::new("Redo"))
            .on_hover_text("Ctrl+Shift+Z")
            .clicked()
        {
            commands.trigger(Redo);
        }
        ui.separator();
        for p in Pressure::ALL {
            legend_swatch(ui, colour32(pressure_colour(*p)), p.label());
        }
        legend_swatch(ui, colour32(NO_GO_FILL), "No-go");
        ui.separator();
        if ui
            .button("Present")
            .on_hover_text("Show the client the session, zone by zone (F5)")
            .clicked()
        {
            commands.set_state(AppMode::Presenting);
        }
        if ui
            .button("Teach")
            .on_hover_text("Tours of the nerve and the rotators, the variants and a quiz (F6)")
            .clicked()
        {
            commands.set_state(AppMode::Teaching);
        }
    });
}

fn legend_swatch(ui: &mut egui::Ui, colour: egui::Color32, text: &str) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 3.0, colour);
    ui.label(text);
}
