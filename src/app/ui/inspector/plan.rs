//! The plan tab.

use bevy::prelude::*;
use bevy_egui::egui;

use super::{Planning, combo, grid, zone_title};
use crate::app::document::PlanEdit;
use crate::app::editor::SelectItem;
use crate::app::scene::zone_paint::{NO_GO_FILL, pressure_colour};
use crate::app::ui::colours::{colour32, severity_colour};
use crate::plan::AffectedSide;
use crate::plan::edit::{Edit, Header};
use crate::plan::items::ItemRef;

/// The plan tab: the header, the zones in treatment order with their total time, the no-go areas.
pub fn show(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    let plan = &planning.current.plan;
    let before = Header::of(plan);
    let mut h = before.clone();
    grid(ui, "header_grid", |ui| {
        ui.label("Title");
        ui.text_edit_singleline(&mut h.title);
        ui.end_row();
        ui.label("Client alias");
        ui.add(egui::TextEdit::singleline(&mut h.client_alias).hint_text("alias or initials"))
            .on_hover_text("An alias or initials: no full names in plan files.");
        ui.end_row();
        ui.label("Affected side");
        combo(
            ui,
            "side",
            &mut h.side,
            AffectedSide::ALL,
            AffectedSide::label,
        );
        ui.end_row();
        ui.label("Date");
        let mut date = h.date.clone().unwrap_or_default();
        ui.add(egui::TextEdit::singleline(&mut date).hint_text("YYYY-MM-DD"));
        h.date = (!date.trim().is_empty()).then(|| date.trim().to_owned());
        ui.end_row();
        ui.label("Phase or week");
        ui.text_edit_singleline(&mut h.phase);
        ui.end_row();
    });
    ui.label("Notes");
    ui.add(
        egui::TextEdit::multiline(&mut h.notes)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
    if h != before {
        commands.trigger(PlanEdit(Edit::SetHeader(h)));
    }
    ui.separator();
    ui.label(egui::RichText::new("Zones in treatment order").strong());
    if plan.zones.is_empty() {
        ui.label("No zones yet: pick the Zone (Z) or Stroke (S) tool and click on the body.");
    }
    let total: f32 = plan.zones.iter().map(|z| z.duration_min).sum();
    let zones = plan.zones_in_order();
    let count = zones.len();
    for (place, z) in zones.into_iter().enumerate() {
        let item = ItemRef::Zone(z.id.clone());
        ui.horizontal(|ui| {
            if ui
                .add_enabled(place > 0, egui::Button::new("Up").small())
                .on_hover_text("Earlier in the session")
                .clicked()
            {
                commands.trigger(PlanEdit(Edit::ReorderZone {
                    id: z.id.clone(),
                    to: place - 1,
                }));
            }
            if ui
                .add_enabled(place + 1 < count, egui::Button::new("Down").small())
                .on_hover_text("Later in the session")
                .clicked()
            {
                commands.trigger(PlanEdit(Edit::ReorderZone {
                    id: z.id.clone(),
                    to: place + 1,
                }));
            }
            let outline = planning
                .findings
                .worst_for(&z.id)
                .map_or(egui::Color32::GRAY, severity_colour);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().circle(
                rect.center(),
                5.0,
                colour32(pressure_colour(z.pressure)),
                egui::Stroke::new(2.0, outline),
            );
            let text = format!("{}. {}", z.order, zone_title(z));
            let detail = format!(
                "{} · {} pressure · {} · {:.0} min",
                z.technique.label(),
                z.pressure.label(),
                z.tool.label(),
                z.duration_min
            );
            let selected = planning.editor.selected.as_ref() == Some(&item);
            let row = egui::Button::selectable(selected, text).truncate();
            if ui.add(row).on_hover_text(detail).clicked() {
                commands.trigger(SelectItem(Some(item.clone())));
            }
        });
    }
    if count > 0 {
        ui.label(format!("Total time: {total:.0} min"));
    }
    ui.separator();
    ui.label(egui::RichText::new("No-go areas").strong());
    if plan.no_go.is_empty() {
        ui.label("None. Mark one with the No-go tool (N).");
    }
    for n in &plan.no_go {
        let item = ItemRef::NoGo(n.id.clone());
        let text = format!(
            "{} ({:.0} mm)",
            if n.label.is_empty() { &n.id } else { &n.label },
            n.radius_mm
        );
        if ui
            .selectable_label(
                planning.editor.selected.as_ref() == Some(&item),
                egui::RichText::new(text).color(colour32(NO_GO_FILL)),
            )
            .clicked()
        {
            commands.trigger(SelectItem(Some(item)));
        }
    }
}
