//! The structure tab of the inspector: the selected structure's information.

use bevy::prelude::*;
use bevy_egui::egui;

use super::ViewControls;
use crate::anatomy::Anatomy;
use crate::app::scene::layers::{Isolate, ToggleHidden};
use crate::app::viewport::camera::FrameNode;

/// What the selected structure is: its kind and layer, frame / isolate / hide, and its teaching text.
pub fn show(ui: &mut egui::Ui, view: &ViewControls, commands: &mut Commands) {
    let Some(selected) = view.selection.selected.as_deref() else {
        ui.weak("Click a structure, or pick one in the list, to read about it.");
        return;
    };
    let Some(node) = view.node(selected) else {
        return;
    };
    ui.heading(&node.label);
    let Some(structure) = Anatomy::embedded().structure(&node.structure) else {
        return;
    };
    ui.weak(format!(
        "{:?}, {}",
        structure.kind,
        node.layer.label().to_lowercase()
    ));
    ui.horizontal(|ui| {
        if ui.button("Frame").clicked() {
            commands.trigger(FrameNode(node.node.clone()));
        }
        let isolated = view.settings.isolated.as_deref() == Some(node.node.as_str());
        if ui
            .button(if isolated { "Show all" } else { "Isolate" })
            .clicked()
        {
            commands.trigger(Isolate((!isolated).then(|| node.node.clone())));
        }
        let hidden = view.settings.hidden.contains(&node.node);
        if ui.button(if hidden { "Show" } else { "Hide" }).clicked() {
            commands.trigger(ToggleHidden(node.node.clone()));
        }
    });
    let t = &structure.teaching;
    for (title, text) in [
        ("Origin", &t.origin),
        ("Insertion", &t.insertion),
        ("Action", &t.action),
        ("Innervation", &t.innervation),
        ("Massage notes", &t.massage),
    ] {
        if !text.is_empty() {
            ui.add_space(4.0);
            ui.strong(title);
            ui.label(text);
        }
    }
}
