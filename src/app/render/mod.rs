//! How the app spends the machine: anti-aliasing that fits the adapter, a lower resolution while the camera
//! moves on a slow adapter, no frames while idle, and frames while pipelines compile.

pub mod anti_aliasing;
pub mod draft;
pub mod idle;
pub mod pipelines;

pub use anti_aliasing::{AntiAliasing, RenderQuality};
pub use draft::MovingResolution;

/// Registers everything for the interactive window.
pub fn plugin(app: &mut bevy::prelude::App) {
    app.add_plugins((
        anti_aliasing::plugin,
        draft::plugin,
        pipelines::plugin,
        idle::plugin,
    ));
}
