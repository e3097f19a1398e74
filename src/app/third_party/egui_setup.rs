//! The egui integration: its plugin, the interface's own camera, the fixes that let an idle window sleep,
//! and the one question every system asks before it acts on the mouse or the keyboard: does the interface
//! have it?

use bevy::camera::CameraOutputMode;
use bevy::camera::visibility::RenderLayers;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{
    EguiContexts, EguiGlobalSettings, EguiInput, EguiPlugin, EguiPreUpdateSet,
    EguiPrimaryContextPass, PrimaryEguiContext, egui,
};

/// Adds egui with a camera of its own and the idle fixes.
pub fn plugin(app: &mut App) {
    app.add_plugins(EguiPlugin::default())
        .add_systems(Startup, spawn_interface_camera)
        .add_systems(EguiPrimaryContextPass, steady_interface)
        .add_systems(
            PreUpdate,
            drop_repeated_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        );
}

/// Whether the interface (a panel, a menu, a text field) has the pointer or the keyboard, as of egui's
/// last pass. Without egui (headless tests) it has neither.
#[derive(SystemParam)]
pub struct InterfaceInput<'w> {
    wants: Option<Res<'w, EguiWantsInput>>,
}

impl InterfaceInput<'_> {
    /// True while the interface has the pointer: a drag on a widget, or a menu or pop-up open.
    pub fn has_pointer(&self) -> bool {
        self.wants
            .as_ref()
            .is_some_and(|w| w.is_using_pointer() || w.is_popup_open())
    }

    /// True while the interface has the keyboard (a text field has the focus).
    pub fn has_keyboard(&self) -> bool {
        self.wants
            .as_ref()
            .is_some_and(|w| w.wants_any_keyboard_input())
    }
}

/// The egui panels get a camera of their own, so the 3D camera's viewport can shrink to the free space.
fn spawn_interface_camera(
    mut commands: Commands,
    egui_settings: Option<ResMut<EguiGlobalSettings>>,
) {
    if let Some(mut egui_settings) = egui_settings {
        egui_settings.auto_create_primary_context = false;
    }
    commands.spawn((
        Name::new("Interface camera"),
        PrimaryEguiContext,
        Camera2d,
        RenderLayers::none(),
        Camera {
            order: 10,
            output_mode: CameraOutputMode::Write {
                blend_state: Some(BlendState::ALPHA_BLENDING),
                clear_color: ClearColorConfig::None,
            },
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
    ));
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
