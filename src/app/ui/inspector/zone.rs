//! The zone tab: the selected treatment zone's or no-go area's fields, its findings, and what lies under it.

use bevy::prelude::*;
use bevy_egui::egui;

use super::{Planning, combo, finding_line, grid, structure_name};
use crate::app::document::{LiveFindings, PlanEdit};
use crate::app::editor::SelectItem;
use crate::app::viewport::camera::frame_zone;
use crate::plan::edit::Edit;
use crate::plan::items::ItemRef;
use crate::plan::{
    ClientPosition, NoGoArea, Point3, Pressure, Shape, Technique, Tool as HandTool, Zone,
};
use crate::safety::SafetyModel;

/// The selected zone or no-go area, or how to place one.
pub fn show(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    let plan = &planning.current.plan;
    match planning.editor.selected.clone() {
        Some(ItemRef::Zone(id)) => {
            if let Some(zone) = plan.zone(&id).cloned() {
                zone_editor(ui, &zone, planning, commands);
            }
        }
        Some(ItemRef::NoGo(id)) => {
            if let Some(area) = plan.no_go_area(&id).cloned() {
                no_go_editor(ui, &area, planning, commands);
            }
        }
        None => {
            ui.label("No zone selected.");
            ui.label(
                "Pick the Zone tool (Z) and click on the body to place a treatment zone, or click an existing zone with Select (V).",
            );
        }
    }
}

fn zone_editor(ui: &mut egui::Ui, zone: &Zone, planning: &Planning, commands: &mut Commands) {
    let mut z = zone.clone();
    ui.heading(format!("Zone {}", z.order));
    grid(ui, "zone_grid", |ui| {
        ui.label("Label");
        ui.text_edit_singleline(&mut z.label);
        ui.end_row();
        ui.label("Technique");
        combo(
            ui,
            "technique",
            &mut z.technique,
            Technique::ALL,
            Technique::label,
        );
        ui.end_row();
        ui.label("Pressure");
        ui.horizontal(|ui| {
            for p in Pressure::ALL {
                ui.selectable_value(&mut z.pressure, *p, p.label());
            }
        });
        ui.end_row();
        ui.label("Tool");
        combo(ui, "hand_tool", &mut z.tool, HandTool::ALL, HandTool::label);
        ui.end_row();
        ui.label("Client position");
        combo(
            ui,
            "position",
            &mut z.position,
            ClientPosition::ALL,
            ClientPosition::label,
        );
        ui.end_row();
        ui.label("Duration");
        ui.add(
            egui::DragValue::new(&mut z.duration_min)
                .range(0.5..=60.0)
                .speed(0.1)
                .suffix(" min"),
        );
        ui.end_row();
        match &mut z.shape {
            Shape::Disc { radius_mm } => {
                ui.label("Radius");
                ui.add(
                    egui::DragValue::new(radius_mm)
                        .range(5.0..=150.0)
                        .suffix(" mm"),
                );
            }
            Shape::Stroke { width_mm, .. } => {
                ui.label("Width");
                ui.add(
                    egui::DragValue::new(width_mm)
                        .range(10.0..=150.0)
                        .suffix(" mm"),
                );
            }
        }
        ui.end_row();
        ui.label("Order");
        ui.horizontal(|ui| {
            ui.label(z.order.to_string());
            let count = planning.current.plan.zones.len();
            let place = z.order as usize - 1;
            if ui
                .add_enabled(place > 0, egui::Button::new("Earlier"))
                .clicked()
            {
                commands.trigger(PlanEdit(Edit::ReorderZone {
                    id: z.id.clone(),
                    to: place - 1,
                }));
            }
            if ui
                .add_enabled(place + 1 < count, egui::Button::new("Later"))
                .clicked()
            {
                commands.trigger(PlanEdit(Edit::ReorderZone {
                    id: z.id.clone(),
                    to: place + 1,
                }));
            }
        });
        ui.end_row();
        ui.label("Lies on");
        ui.label(structure_name(&z.anchor.structure));
        ui.end_row();
    });
    ui.label("Notes");
    ui.add(
        egui::TextEdit::multiline(&mut z.notes)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    if z != *zone {
        commands.trigger(PlanEdit(Edit::SetZone(z.clone())));
    }
    ui.horizontal(|ui| {
        if ui.button("Show on body").clicked() {
            frame_zone(commands, &z, 0.08);
        }
        if ui.button("Delete zone").on_hover_text("Delete").clicked() {
            commands.trigger(PlanEdit(Edit::RemoveZone(z.id.clone())));
            commands.trigger(SelectItem(None));
        }
    });
    ui.separator();
    zone_findings(ui, &planning.findings, &z.id);
    ui.separator();
    what_lies_under(ui, z.anchor.position, z.anchor.normal);
}

fn zone_findings(ui: &mut egui::Ui, findings: &LiveFindings, id: &str) {
    let mine: Vec<_> = findings
        .0
        .iter()
        .filter(|f| f.zone.as_deref() == Some(id))
        .collect();
    if mine.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(60, 160, 90),
            "No safety findings for this zone.",
        );
    }
    for f in mine {
        finding_line(ui, f);
    }
}

fn what_lies_under(ui: &mut egui::Ui, position: Point3, normal: Point3) {
    ui.label(egui::RichText::new("What lies under this point").strong());
    let layers = SafetyModel::embedded().what_lies_under(Vec3::from(position), Vec3::from(normal));
    if layers.is_empty() {
        ui.label("Nothing of the model lies under this point.");
    }
    grid(ui, "under_grid", |ui| {
        for (node, depth) in layers {
            ui.label(format!("{depth:.0} mm"));
            ui.label(structure_name(&node));
            ui.end_row();
        }
    });
}

fn no_go_editor(ui: &mut egui::Ui, area: &NoGoArea, _planning: &Planning, commands: &mut Commands) {
    let mut n = area.clone();
    ui.heading("No-go area");
    grid(ui, "nogo_grid", |ui| {
        ui.label("Label");
        ui.text_edit_singleline(&mut n.label);
        ui.end_row();
        ui.label("Radius");
        ui.add(
            egui::DragValue::new(&mut n.radius_mm)
                .range(5.0..=150.0)
                .suffix(" mm"),
        );
        ui.end_row();
        ui.label("Lies on");
        ui.label(structure_name(&n.anchor.structure));
        ui.end_row();
    });
    ui.label("Why no one may work here");
    ui.add(
        egui::TextEdit::multiline(&mut n.reason)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    if n != *area {
        commands.trigger(PlanEdit(Edit::SetNoGo(n.clone())));
    }
    if ui.button("Delete no-go area").clicked() {
        commands.trigger(PlanEdit(Edit::RemoveNoGo(n.id.clone())));
        commands.trigger(SelectItem(None));
    }
    ui.separator();
    what_lies_under(ui, n.anchor.position, n.anchor.normal);
}
