//! How the app spends the machine: anti-aliasing that fits the adapter, no frames while idle, and frames
//! while pipelines compile.

pub mod anti_aliasing;
pub mod idle;
pub mod pipelines;

pub use anti_aliasing::{AntiAliasing, RenderQuality};

/// Registers everything for the interactive window.
pub fn plugin(app: &mut bevy::prelude::App) {
    app.add_plugins((anti_aliasing::plugin, pipelines::plugin, idle::plugin));
}
