//! The status bar.

use bevy_egui::egui;

use super::ViewControls;
use crate::app::document::StatusLine;

/// The status line (errors in red, with a button to dismiss them), the structure under the pointer and the
/// plan's affected side.
pub fn show(ui: &mut egui::Ui, status: &mut StatusLine, view: &ViewControls) {
    ui.horizontal(|ui| {
        if status.is_error {
            ui.colored_label(egui::Color32::from_rgb(230, 80, 70), &status.text);
            if ui.small_button("Dismiss").clicked() {
                status.text.clear();
                status.is_error = false;
            }
        } else {
            ui.label(&status.text);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(node) = view.hovered_node() {
                ui.label(&node.label);
            }
            if let Some(side) = view.settings.affected {
                ui.colored_label(
                    egui::Color32::from_rgb(240, 140, 60),
                    format!("Affected side: {side:?}"),
                );
            }
        });
    });
}
