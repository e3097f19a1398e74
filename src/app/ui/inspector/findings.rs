//! The findings tab.

use bevy::prelude::*;
use bevy_egui::egui;

use super::{Planning, finding_line, zone_title};
use crate::app::editor::SelectItem;
use crate::app::viewport::camera::frame_zone;
use crate::plan::items::ItemRef;

/// The findings tab: every safety finding, worst first; a click shows its zone.
pub fn show(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    let findings = planning.findings.0.clone();
    if findings.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(60, 160, 90),
            "The plan has no safety findings.",
        );
        return;
    }
    let mut sorted: Vec<_> = findings.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for f in sorted {
        let zone = f
            .zone
            .as_ref()
            .and_then(|id| planning.current.plan.zone(id));
        if let Some(z) = zone {
            ui.label(format!("Zone {}: {}", z.order, zone_title(z)));
        } else {
            ui.label("Whole plan");
        }
        let response = finding_line(ui, f).interact(egui::Sense::click());
        if let Some(z) = zone
            && response.on_hover_text("Click to show this zone").clicked()
        {
            commands.trigger(SelectItem(Some(ItemRef::Zone(z.id.clone()))));
            frame_zone(commands, z, 0.08);
        }
        ui.separator();
    }
}
