//! The desktop app: a Bevy window with egui panels around the 3D view of the model.
//!
//! It owns no domain rules: it converts at its boundary and calls the pure layers. Every change to the
//! open plan goes through the actions in [`document`], so dirty-tracking sees every change.

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;

pub mod bench;
pub mod camera;
pub mod dialogs;
pub mod document;
pub mod editor;
pub mod findings;
pub mod menu;
pub mod model;
pub mod picking;
pub mod plan_panels;
pub mod quality;
mod recovery;
pub mod session;
pub mod sites;
mod startup_errors;
pub mod stills;
pub mod view;
pub mod zones;

/// What the app is started for.
#[derive(Debug, Clone)]
pub enum Mode {
    /// A person uses it.
    Interactive {
        /// A plan to open at start.
        open: Option<PathBuf>,
    },
    /// Render one still and exit.
    Render(stills::RenderJob),
    /// Orbit the camera, print frame times and exit.
    Bench(bench::BenchJob),
    /// Leave the interactive window alone in a state, print the frames and CPU time it used and exit.
    Idle(bench::IdleJob),
}

/// The whole desktop app.
pub struct AppPlugin {
    /// What it runs for.
    pub mode: Mode,
    /// Window size in logical pixels.
    pub size: UVec2,
}

impl Plugin for AppPlugin {
    fn build(&self, app: &mut App) {
        let title = match &self.mode {
            Mode::Interactive { .. } | Mode::Idle(_) => document::WINDOW_TITLE.to_owned(),
            _ => format!("{} (rendering)", document::WINDOW_TITLE),
        };
        let interactive = matches!(self.mode, Mode::Interactive { .. } | Mode::Idle(_));
        app.add_plugins(DefaultPlugins.set(WindowPlugin {
            // A person's window asks before unsaved changes are lost; renders close at once.
            close_when_requested: !interactive,
            primary_window: Some(Window {
                title,
                resolution:
                    WindowResolution::new(self.size.x, self.size.y).with_scale_factor_override(1.0),
                ..default()
            }),
            ..default()
        }))
        .insert_resource(ClearColor(Color::srgb(0.13, 0.14, 0.16)));
        if let Mode::Bench(job) = &self.mode
            && job.bare
        {
            app.insert_resource(job.clone())
                .add_plugins((bench::bare_plugin, bench::bench_plugin));
            return;
        }
        app.add_plugins(EguiPlugin::default())
            // Redraw only when something happens: an idle window costs no CPU.
            .insert_resource(quality::idle_settings(quality::IDLE_WAIT))
            .add_plugins((
                document::plugin,
                dialogs::plugin,
                model::plugin,
                view::plugin,
                camera::plugin,
                picking::plugin,
                menu::plugin,
                editor::plugin,
                findings::plugin,
                zones::plugin,
                session::plugin,
                sites::plugin,
                quality::plugin,
            ));
        match &self.mode {
            Mode::Interactive { open } => {
                if let Some(path) = open.clone() {
                    app.add_systems(Startup, move |mut commands: Commands| {
                        commands.trigger(document::OpenPlan { path: path.clone() });
                    });
                }
            }
            Mode::Render(job) => {
                app.insert_resource(job.clone())
                    .add_plugins(stills::render_plugin);
            }
            Mode::Bench(job) => {
                app.insert_resource(job.clone())
                    .add_plugins(bench::bench_plugin);
            }
            Mode::Idle(job) => {
                app.insert_resource(job.clone())
                    .add_plugins(bench::idle_plugin);
            }
        }
    }
}

/// Runs the app until the window closes (or the render or benchmark is done).
pub fn run(mode: Mode, size: UVec2) -> ExitCode {
    startup_errors::install_hook();
    match App::new().add_plugins(AppPlugin { mode, size }).run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}
