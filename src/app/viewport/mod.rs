//! The 3D view: the camera and its presets, moving it by hand, the rectangle the panels leave it, the
//! one world-to-screen projection, and picking structures with the pointer.

pub mod camera;
pub mod navigation;
pub mod picking;
pub mod posed_picking;
pub mod rect;

pub use rect::{Projector, ScreenProjection, ViewportRect};

/// Adds the camera, its input, the viewport rectangle and picking.
pub fn plugin(app: &mut bevy::prelude::App) {
    app.add_plugins((
        camera::plugin,
        navigation::plugin,
        rect::plugin,
        picking::plugin,
        posed_picking::plugin,
    ));
}
