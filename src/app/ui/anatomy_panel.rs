//! The anatomy panel on the left: what is shown, and every structure by layer and region.

use bevy::prelude::*;
use bevy_egui::egui;

use super::ViewControls;
use crate::anatomy::Anatomy;
use crate::app::scene::layers::{Isolate, ResetView, Select, search};
use crate::app::scene::model::{StructureNode, ViewLayer};
use crate::app::viewport::camera::FrameNode;

/// The anatomy panel: layers with their opacity, view toggles, the nerve variant, and the searchable
/// structure tree.
pub fn show(
    ui: &mut egui::Ui,
    search_text: &mut String,
    view: &mut ViewControls,
    commands: &mut Commands,
) {
    ui.heading("Anatomy");
    egui::Grid::new("layers")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for layer in ViewLayer::ALL {
                let mut layer_state = view.settings.layer(layer);
                let mut changed = ui
                    .checkbox(&mut layer_state.visible, layer.label())
                    .changed();
                changed |= ui
                    .add(egui::Slider::new(&mut layer_state.opacity, 0.0..=1.0).show_value(false))
                    .on_hover_text("Opacity")
                    .changed();
                if changed {
                    view.settings.layers.insert(layer, layer_state);
                }
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        ui.toggle_value(&mut view.settings.xray, "X-ray");
        ui.toggle_value(&mut view.settings.nerve_highlight, "Nerve on top");
        ui.toggle_value(&mut view.settings.rotator_labels, "Rotator fan");
        ui.toggle_value(&mut view.settings.sites, "Danger sites")
            .on_hover_text("Endangerment sites: where pressure can reach a nerve or vessels");
        if ui.button("Reset").clicked() {
            commands.trigger(ResetView);
        }
    });
    ui.horizontal(|ui| {
        ui.label("Nerve variant");
        egui::ComboBox::from_id_salt("variant")
            .selected_text(format!("Type {}", view.settings.variant))
            .width(90.0)
            .show_ui(ui, |ui| {
                for letter in Anatomy::embedded().model_variants() {
                    ui.selectable_value(&mut view.settings.variant, letter, variant_label(letter));
                }
            });
    });
    if let Some(isolated) = view.settings.isolated.clone() {
        ui.horizontal(|ui| {
            ui.label(format!("Showing only {isolated}"));
            if ui.small_button("Show all").clicked() {
                commands.trigger(Isolate(None));
            }
        });
    }
    if !view.settings.hidden.is_empty()
        && ui
            .small_button(format!("Show {} hidden", view.settings.hidden.len()))
            .clicked()
    {
        view.settings.hidden.clear();
    }
    ui.separator();
    ui.add(egui::TextEdit::singleline(search_text).hint_text("Search structures…"));
    let mut all: Vec<&StructureNode> = view.nodes.iter().filter(|n| n.variant.is_none()).collect();
    all.sort_by(|a, b| (a.layer, a.region, &a.label).cmp(&(b.layer, b.region, &b.label)));
    let found = search(all, search_text);
    let searching = !search_text.trim().is_empty();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for layer in ViewLayer::ALL {
            let in_layer: Vec<&&StructureNode> =
                found.iter().filter(|n| n.layer == layer).collect();
            if in_layer.is_empty() {
                continue;
            }
            egui::CollapsingHeader::new(format!("{} ({})", layer.label(), in_layer.len()))
                .id_salt(layer.id())
                .open(searching.then_some(true))
                .show(ui, |ui| {
                    let mut region = None;
                    for node in in_layer {
                        if region != Some(node.region) {
                            region = Some(node.region);
                            ui.weak(node.region.label());
                        }
                        let selected =
                            view.selection.selected.as_deref() == Some(node.node.as_str());
                        let hidden = view.settings.hidden.contains(&node.node);
                        let text = if hidden {
                            format!("{} (hidden)", node.label)
                        } else {
                            node.label.clone()
                        };
                        let response = ui.selectable_label(selected, text);
                        if response.clicked() {
                            commands.trigger(Select(Some(node.node.clone())));
                        }
                        if response.double_clicked() {
                            commands.trigger(FrameNode(node.node.clone()));
                        }
                    }
                });
        }
    });
}

fn variant_label(letter: char) -> String {
    let anatomy = Anatomy::embedded();
    match anatomy.variant(&letter.to_string()) {
        Some(v) => format!("{letter}: {}", v.name),
        None => letter.to_string(),
    }
}
