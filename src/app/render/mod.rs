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

/// Puts one of the app's own shaders, compiled into the binary, under its fixed handle, so a material or a
/// render pass names it without an asset file; `path` names it in the renderer's messages.
pub fn embed_shader(
    app: &mut bevy::prelude::App,
    handle: &bevy::prelude::Handle<bevy::shader::Shader>,
    source: &'static str,
    path: &'static str,
) {
    let inserted = app
        .world_mut()
        .resource_mut::<bevy::prelude::Assets<bevy::shader::Shader>>()
        .insert(handle.id(), bevy::shader::Shader::from_wgsl(source, path));
    assert!(inserted.is_ok(), "the handle of {path} is taken");
}

/// Adds a material whose shader is one of the app's own (see [`embed_shader`]), when the app renders; a
/// headless app gets neither.
pub fn add_embedded_material<M>(
    app: &mut bevy::prelude::App,
    handle: &bevy::prelude::Handle<bevy::shader::Shader>,
    source: &'static str,
    path: &'static str,
) where
    M: bevy::prelude::Material,
    bevy::prelude::MaterialPlugin<M>: bevy::prelude::Plugin,
{
    if app.is_plugin_added::<bevy::render::RenderPlugin>() {
        embed_shader(app, handle, source, path);
        app.add_plugins(bevy::prelude::MaterialPlugin::<M>::default());
    }
}
