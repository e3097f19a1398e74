//! The skin's material: the standard one with a rim. A uniformly translucent skin is a faint veil whose
//! shape cannot be read; the rim makes it more opaque where the surface turns away from the eye, as the
//! atlases' ghost skins do, so the outline of the buttocks, thighs and calves shows while the muscles and
//! the nerve stay visible where the skin faces the viewer. (The cleft and the gluteal folds are shaded in
//! the skin's own vertex colours, by the model generator.)

use bevy::asset::uuid_handle;
use bevy::pbr::{ExtendedMaterial, MaterialExtension};
use bevy::prelude::*;
use bevy::render::render_resource::AsBindGroup;
use bevy::shader::ShaderRef;

const SKIN_SHADER: Handle<Shader> = uuid_handle!("9b4e2d71-3c58-4f0a-8e16-7a2c5d9f0b43");

/// Share of the remaining transparency the rim takes away where the skin is seen edge-on.
pub const RIM_STRENGTH: f32 = 0.95;
/// How tightly the rim hugs the outline: the power of one minus the cosine of the view angle.
pub const RIM_POWER: f32 = 1.6;

/// The skin's material: the standard material with the rim extension.
pub type SkinMaterial = ExtendedMaterial<StandardMaterial, SkinRim>;

/// Registers the skin material (when rendering).
pub fn plugin(app: &mut App) {
    crate::app::render::add_embedded_material::<SkinMaterial>(
        app,
        &SKIN_SHADER,
        include_str!("skin.wgsl"),
        "sciatic_planner/skin.wgsl",
    );
}

/// The rim's settings, as the shader reads them.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct SkinRim {
    /// x: strength, y: power (see [`RIM_STRENGTH`] and [`RIM_POWER`]).
    #[uniform(100)]
    pub params: Vec4,
}

impl Default for SkinRim {
    fn default() -> Self {
        Self {
            params: Vec4::new(RIM_STRENGTH, RIM_POWER, 0.0, 0.0),
        }
    }
}

impl MaterialExtension for SkinRim {
    fn fragment_shader() -> ShaderRef {
        ShaderRef::Handle(SKIN_SHADER)
    }
}
