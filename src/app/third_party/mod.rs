//! The setup of the crates the app stands on: egui (panels), panorbit (the orbit camera) and Bevy's mesh
//! picking. (The native file dialogs are the document's: see `document/file_dialogs.rs`.)

pub mod egui_setup;

use bevy::picking::mesh_picking::MeshPickingPlugin;
use bevy::prelude::*;
use bevy_panorbit_camera::PanOrbitCameraPlugin;

/// Adds the crates' plugins and their setup.
pub fn plugin(app: &mut App) {
    app.add_plugins((egui_setup::plugin, PanOrbitCameraPlugin, MeshPickingPlugin));
}
