//! How the app spends the machine: anti-aliasing that fits the graphics adapter, and an idle window that
//! draws nothing.
//!
//! On a real GPU the 3D view uses 4x multisampling. On a software adapter (wgpu reports the device type as
//! CPU, as Mesa's llvmpipe does) multisampling multiplies the cost of every pixel, so the view uses FXAA,
//! a post-process pass, instead. The user can choose under View; every camera follows the choice.
//!
//! The window draws a frame only when something happens: input, a change that asks for a redraw, or a
//! camera still gliding. Between those the event loop sleeps; it wakes on its own only when the autosave
//! is due.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bevy::anti_alias::fxaa::Fxaa;
use bevy::prelude::*;
use bevy::render::render_resource::PipelineCache;
use bevy::render::renderer::RenderAdapterInfo;
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};

use bevy_egui::{EguiContexts, EguiInput, EguiPreUpdateSet, EguiPrimaryContextPass, egui};

use super::document::CurrentPlan;
use super::session::Autosave;

/// Registers the anti-aliasing choice and the idle update mode.
pub fn plugin(app: &mut App) {
    app.add_plugins(anti_aliasing_plugin)
        .add_systems(PostUpdate, wake_for_autosave)
        .add_systems(EguiPrimaryContextPass, steady_interface)
        .add_systems(
            PreUpdate,
            drop_repeated_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        );
}

/// The anti-aliasing choice alone, for any scene with cameras; and frames kept coming while the
/// renderer is still compiling pipelines, so a sleeping window never rests on an unfinished picture.
pub fn anti_aliasing_plugin(app: &mut App) {
    let compiling = PipelinesCompiling::default();
    app.init_resource::<RenderQuality>()
        .insert_resource(compiling.clone())
        .add_systems(
            PostUpdate,
            (apply_anti_aliasing, draw_until_pipelines_are_ready),
        );
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app.insert_resource(compiling).add_systems(
            Render,
            watch_pipeline_compilation.in_set(RenderSystems::Cleanup),
        );
    }
}

/// True while the renderer has pipelines queued or compiling: what it draws then may lack whole
/// materials. Shared between the main world and the render world.
#[derive(Resource, Clone, Default)]
pub struct PipelinesCompiling(Arc<AtomicBool>);

impl PipelinesCompiling {
    /// True while pipelines are queued or compiling.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

fn watch_pipeline_compilation(cache: Res<PipelineCache>, compiling: Res<PipelinesCompiling>) {
    let busy = cache.waiting_pipelines().next().is_some();
    compiling.0.store(busy, Ordering::Relaxed);
}

fn draw_until_pipelines_are_ready(
    compiling: Res<PipelinesCompiling>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if compiling.get() {
        redraw.write(RequestRedraw);
    }
}

/// How long an idle window sleeps when nothing at all is pending. Nothing in the app needs a timer
/// then; the wake-up is only a safety net, and costs one frame a minute.
pub const IDLE_WAIT: Duration = Duration::from_secs(60);

/// The update mode of an interactive window: react to the window's own events and to redraw requests,
/// not to raw device events (mouse motion anywhere on the desktop), and otherwise sleep for `wait`.
pub fn reactive(wait: Duration) -> UpdateMode {
    UpdateMode::Reactive {
        wait,
        react_to_device_events: false,
        react_to_user_events: true,
        react_to_window_events: true,
    }
}

/// The interactive window's settings: the same when focused and unfocused.
pub fn idle_settings(wait: Duration) -> WinitSettings {
    WinitSettings {
        focused_mode: reactive(wait),
        unfocused_mode: reactive(wait),
    }
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

/// A text field with the keyboard must not keep the window drawing: egui's blinking cursor asks for a
/// frame every half second, and each such request becomes a full redraw.
fn steady_interface(mut contexts: EguiContexts, mut done: Local<bool>) {
    if *done {
        return;
    }
    if let Ok(ctx) = contexts.ctx_mut() {
        ctx.all_styles_mut(|style| style.visuals.text_cursor.blink = false);
        *done = true;
    }
}

/// The egui integration reports the modifier keys as an input event on every frame, changed or not, and
/// egui answers any input event by asking for another frame: left alone, the window would never stop
/// drawing. Only a real change of the modifiers is passed on.
fn drop_repeated_modifiers(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        input.0.events.retain(|event| match event {
            egui::Event::ModifiersChanged(now) => {
                let changed = *last != Some(*now);
                *last = Some(*now);
                changed
            }
            _ => true,
        });
    }
}

/// Lets an idle window sleep until the autosave is due, rather than waking on a fixed beat.
fn wake_for_autosave(
    current: Option<Res<CurrentPlan>>,
    autosave: Option<Res<Autosave>>,
    settings: Option<ResMut<WinitSettings>>,
) {
    let Some(mut settings) = settings else {
        return;
    };
    // Only interactive windows sleep; the stills and the benchmark draw continuously.
    let UpdateMode::Reactive { wait: now, .. } = settings.focused_mode else {
        return;
    };
    let wait = match (current, autosave) {
        (Some(current), Some(autosave)) => autosave
            .due_in(&current)
            .map_or(IDLE_WAIT, |d| d.clamp(Duration::from_millis(50), IDLE_WAIT)),
        _ => IDLE_WAIT,
    };
    if now.abs_diff(wait) >= Duration::from_millis(20) {
        *settings = idle_settings(wait);
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
