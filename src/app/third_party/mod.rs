//! The setup of the crates the app stands on: egui (panels) and panorbit (the orbit camera). Picking is
//! Bevy's, with our own backend for the posed body (`viewport/posed_picking.rs`). (The native file
//! dialogs are the document's: see `document/file_dialogs.rs`.)

pub mod egui_setup;

use bevy::prelude::*;
use bevy_panorbit_camera::PanOrbitCameraPlugin;

/// Adds the crates' plugins and their setup.
pub fn plugin(app: &mut App) {
    app.add_plugins((egui_setup::plugin, PanOrbitCameraPlugin));
}
