//! The home-care tab.

use bevy::prelude::*;
use bevy_egui::egui;

use crate::app::document::PlanEdit;
use crate::plan::SessionPlan;
use crate::plan::edit::Edit;

/// The home-care tab: advice for the client, one item per line.
pub fn show(ui: &mut egui::Ui, plan: &SessionPlan, commands: &mut Commands) {
    let mut items = plan.home_care.clone();
    ui.label("Advice for the client to take home, one item per line.");
    let mut remove = None;
    for (i, item) in items.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::multiline(item)
                    .desired_rows(1)
                    .desired_width(ui.available_width() - 70.0),
            );
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        items.remove(i);
    }
    if ui.button("Add advice").clicked() {
        items.push(String::new());
    }
    if items != plan.home_care {
        commands.trigger(PlanEdit(Edit::SetHomeCare(items)));
    }
}
