//! Anti-aliasing that fits the graphics adapter.
//!
//! On a real GPU the 3D view uses 4x multisampling. On a software adapter (wgpu reports the device type as
//! CPU, as Mesa's llvmpipe does) multisampling multiplies the cost of every pixel, so the view uses FXAA,
//! a post-process pass, instead. The user can choose under View; every camera follows the choice.

use bevy::anti_alias::fxaa::Fxaa;
use bevy::prelude::*;
use bevy::render::renderer::RenderAdapterInfo;

/// Registers the anti-aliasing choice, for any scene with cameras.
pub fn plugin(app: &mut App) {
    app.init_resource::<RenderQuality>()
        .add_systems(PostUpdate, apply_anti_aliasing);
}

/// Anti-aliasing of the 3D view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AntiAliasing {
    /// MSAA on a GPU, FXAA on a software adapter.
    #[default]
    Automatic,
    /// 4x multisampling: the smoothest edges, and on a CPU the most expensive by far.
    Msaa4,
    /// Fast approximate anti-aliasing: one post-process pass over the finished picture.
    Fxaa,
    /// None: the cheapest, with stair-stepped edges.
    Off,
}

impl AntiAliasing {
    /// Every choice, in the order the menu lists them.
    pub const ALL: [AntiAliasing; 4] = [
        AntiAliasing::Automatic,
        AntiAliasing::Msaa4,
        AntiAliasing::Fxaa,
        AntiAliasing::Off,
    ];

    /// Command-line name.
    pub fn id(self) -> &'static str {
        match self {
            AntiAliasing::Automatic => "auto",
            AntiAliasing::Msaa4 => "msaa",
            AntiAliasing::Fxaa => "fxaa",
            AntiAliasing::Off => "off",
        }
    }

    /// Parses [`AntiAliasing::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.id() == id.trim())
    }

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            AntiAliasing::Automatic => "Automatic",
            AntiAliasing::Msaa4 => "MSAA 4x",
            AntiAliasing::Fxaa => "FXAA",
            AntiAliasing::Off => "Off",
        }
    }

    /// What the choice means on an adapter: never [`AntiAliasing::Automatic`].
    pub fn resolve(self, software: bool) -> AntiAliasing {
        match self {
            AntiAliasing::Automatic if software => AntiAliasing::Fxaa,
            AntiAliasing::Automatic => AntiAliasing::Msaa4,
            other => other,
        }
    }

    /// The multisampling a camera gets.
    pub fn msaa(self) -> Msaa {
        match self {
            AntiAliasing::Msaa4 => Msaa::Sample4,
            _ => Msaa::Off,
        }
    }
}

/// The anti-aliasing choice and the adapter it applies to.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct RenderQuality {
    /// What the user chose.
    pub anti_aliasing: AntiAliasing,
    /// The resolution of the 3D view while the camera moves.
    pub moving: super::MovingResolution,
    /// The graphics adapter, once the renderer has started: its name and whether it is a CPU.
    pub adapter: Option<(String, bool)>,
}

impl RenderQuality {
    /// True when the adapter is known to be a software rasteriser.
    pub fn software(&self) -> bool {
        self.adapter.as_ref().is_some_and(|(_, cpu)| *cpu)
    }

    /// The anti-aliasing in effect.
    pub fn effective(&self) -> AntiAliasing {
        self.anti_aliasing.resolve(self.software())
    }
}

/// True when wgpu reports the adapter as a CPU (Mesa's llvmpipe, SwiftShader, WARP).
pub fn is_software(info: &RenderAdapterInfo) -> bool {
    info.device_type == wgpu_types::DeviceType::Cpu
}

/// Gives every camera the multisampling of the choice, and the 3D cameras FXAA when it is chosen.
///
/// The interface camera draws only egui, which smooths its own edges: it never multisamples. The nerve
/// overlay draws over the main camera's picture in the same texture, so it must match the main camera.
fn apply_anti_aliasing(
    mut quality: ResMut<RenderQuality>,
    adapter: Option<Res<RenderAdapterInfo>>,
    cameras: Query<(Entity, Has<Camera3d>, Option<&Msaa>, Has<Fxaa>), With<Camera>>,
    added: Query<(), Added<Camera>>,
    mut commands: Commands,
) {
    if quality.adapter.is_none()
        && let Some(info) = adapter
    {
        quality.adapter = Some((info.name.clone(), is_software(&info)));
    }
    if !quality.is_changed() && added.is_empty() {
        return;
    }
    let effective = quality.effective();
    for (entity, is_3d, msaa, has_fxaa) in &cameras {
        let want = if is_3d { effective.msaa() } else { Msaa::Off };
        if msaa != Some(&want) {
            commands.entity(entity).insert(want);
        }
        let want_fxaa = is_3d && effective == AntiAliasing::Fxaa;
        if want_fxaa && !has_fxaa {
            commands.entity(entity).insert(Fxaa::default());
        } else if !want_fxaa && has_fxaa {
            commands.entity(entity).remove::<Fxaa>();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_is_msaa_on_a_gpu_and_fxaa_on_a_cpu() {
        assert_eq!(AntiAliasing::Automatic.resolve(false), AntiAliasing::Msaa4);
        assert_eq!(AntiAliasing::Automatic.resolve(true), AntiAliasing::Fxaa);
        assert_eq!(AntiAliasing::Off.resolve(false), AntiAliasing::Off);
        assert_eq!(AntiAliasing::Msaa4.resolve(true), AntiAliasing::Msaa4);
        assert_eq!(AntiAliasing::Fxaa.msaa(), Msaa::Off);
        for a in AntiAliasing::ALL {
            assert_eq!(AntiAliasing::from_id(a.id()), Some(a));
        }
    }
}
