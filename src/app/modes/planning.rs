//! The planning mode: the therapist marks treatment zones, strokes and no-go areas on the body and reads
//! the live safety findings. Its tools are the editor (`editor/`) and the inspector tabs (`ui/inspector/`);
//! this room adds them, gated on the mode.

use bevy::prelude::*;

/// Adds the planning tools.
pub fn plugin(app: &mut App) {
    app.add_plugins((super::plugin, crate::app::editor::plugin));
}
