//! The desktop app: a Bevy window with egui panels.
//!
//! It owns no domain rules: it converts at its boundary and calls the pure layers. Every change to the
//! open plan goes through the actions in [`document`], so dirty-tracking sees every change.

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::EguiPlugin;

pub mod dialogs;
pub mod document;
mod menu;
mod startup_errors;

/// The whole desktop app.
pub struct AppPlugin {
    /// A plan to open at start.
    pub open: Option<PathBuf>,
}

impl Plugin for AppPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(
            DefaultPlugins.set(WindowPlugin {
                primary_window: Some(Window {
                    title: document::WINDOW_TITLE.into(),
                    resolution: (1280, 800).into(),
                    ..default()
                }),
                ..default()
            }),
        )
        .add_plugins(EguiPlugin::default())
        // Redraw only when something happens: an idle window costs no CPU.
        .insert_resource(WinitSettings::desktop_app())
        .insert_resource(ClearColor(Color::srgb(0.16, 0.17, 0.19)))
        .add_plugins((document::plugin, dialogs::plugin, menu::plugin))
        .add_systems(Startup, spawn_camera);
        if let Some(path) = self.open.clone() {
            app.add_systems(Startup, move |mut commands: Commands| {
                commands.trigger(document::OpenPlan { path: path.clone() });
            });
        }
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Name::new("Main camera"), Camera2d));
}

/// Runs the desktop app until the window closes.
pub fn run(open: Option<PathBuf>) -> ExitCode {
    startup_errors::install_hook();
    match App::new().add_plugins(AppPlugin { open }).run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}
