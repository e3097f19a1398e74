//! The desktop app: a Bevy window with egui panels around the 3D view of the model.
//!
//! It owns no domain rules: it converts at its boundary and calls the pure layers. Every change to the
//! open plan goes through the actions in [`document`], so dirty-tracking sees every change.
//!
//! One folder per concern, each a plugin:
//! - [`document`]: the open plan, file actions and dialogs, undo, autosave and recovery, live findings;
//! - [`scene`]: the model's entities, layers and materials, the pose, the nerve overlay, danger sites,
//!   zone paint;
//! - [`viewport`]: the camera, moving it by hand, the view's rectangle and projection, picking;
//! - [`editor`]: the marking tools, the selected item, the gestures;
//! - [`keymap`]: every key the app answers to;
//! - [`ui`]: the egui panels, the overlays on the view, the prompts;
//! - [`modes`]: the rooms of the modes other than planning (presenting to the client);
//! - [`render`]: anti-aliasing, the idle window, frames while pipelines compile;
//! - [`third_party`]: the setup of egui, panorbit and picking;
//! - [`batch`]: runs without a user (stills and benchmarks);
//! - [`schedule`]: the order of a frame, in app-wide system sets, and the mode state.

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::WindowResolution;

pub mod batch;
pub mod document;
pub mod editor;
pub mod keymap;
pub mod modes;
pub mod render;
pub mod scene;
pub mod schedule;
mod startup_errors;
pub mod third_party;
pub mod ui;
pub mod viewport;

/// What the app is started for.
#[derive(Debug, Clone)]
pub enum Launch {
    /// A person uses it.
    Interactive {
        /// A plan to open at start.
        open: Option<PathBuf>,
    },
    /// Render one still and exit.
    Render(batch::stills::RenderJob),
    /// Render a picture of every stop of a tour and exit.
    Tour(batch::tour::TourJob),
    /// Orbit the camera, print frame times and exit.
    Bench(batch::bench::BenchJob),
    /// Leave the interactive window alone in a state, print the frames and CPU time it used and exit.
    Idle(batch::bench::IdleJob),
    /// Edit a plan and undo the edit over and over, print the resident memory and exit.
    Memory(batch::bench::MemoryJob),
}

/// The whole desktop app.
pub struct AppPlugin {
    /// What it runs for.
    pub launch: Launch,
    /// Window size in logical pixels.
    pub size: UVec2,
}

impl Plugin for AppPlugin {
    fn build(&self, app: &mut App) {
        let title = match &self.launch {
            Launch::Interactive { .. } | Launch::Idle(_) => document::WINDOW_TITLE.to_owned(),
            _ => format!("{} (rendering)", document::WINDOW_TITLE),
        };
        let interactive = matches!(self.launch, Launch::Interactive { .. } | Launch::Idle(_));
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
        .insert_resource(ClearColor(ui::DARK_BACKGROUND));
        if let Launch::Bench(job) = &self.launch
            && job.bare
        {
            app.insert_resource(job.clone())
                .add_plugins((batch::bench::bare_plugin, batch::bench::bench_plugin));
            return;
        }
        app.add_plugins((
            schedule::plugin,
            schedule::modes_plugin,
            third_party::plugin,
            document::plugin,
            scene::plugin,
            viewport::plugin,
            modes::plugin,
            editor::plugin,
            keymap::plugin,
            ui::plugin,
            render::plugin,
        ));
        if matches!(
            self.launch,
            Launch::Render(_) | Launch::Tour(_) | Launch::Bench(_) | Launch::Memory(_)
        ) {
            // A job without a user keeps no files of its own and offers no unsaved work: a left-over
            // recovery file must not put a dialog into a picture, nor a render into the recent list.
            app.insert_resource(document::keeping::DataDir(None));
        }
        if matches!(self.launch, Launch::Render(_) | Launch::Tour(_)) {
            // A picture is taken of a camera that has just been placed: it must never be a draft.
            app.world_mut()
                .resource_mut::<render::RenderQuality>()
                .moving = render::MovingResolution::Full;
        }
        if matches!(
            self.launch,
            Launch::Interactive { .. } | Launch::Bench(_) | Launch::Idle(_) | Launch::Memory(_)
        ) {
            // A window opens at once; its plan is checked when the safety model is ready.
            app.add_systems(
                Startup,
                document::findings::build_safety_model_in_background,
            );
        }
        match &self.launch {
            Launch::Interactive { open } => {
                app.init_resource::<modes::teach::SightInBackground>();
                if let Some(path) = open.clone() {
                    app.add_systems(Startup, move |mut commands: Commands| {
                        commands.trigger(document::OpenPlan { path: path.clone() });
                    });
                }
            }
            Launch::Render(job) => {
                app.insert_resource(job.clone())
                    .add_plugins(batch::stills::render_plugin);
            }
            Launch::Tour(job) => {
                app.insert_resource(job.clone())
                    .add_plugins(batch::tour::tour_plugin);
            }
            Launch::Bench(job) => {
                app.insert_resource(job.clone())
                    .add_plugins(batch::bench::bench_plugin);
            }
            Launch::Idle(job) => {
                app.insert_resource(job.clone())
                    .add_plugins(batch::bench::idle_plugin);
            }
            Launch::Memory(job) => {
                app.insert_resource(job.clone())
                    .add_plugins(batch::bench::memory_plugin);
            }
        }
    }
}

/// Runs the app until the window closes (or the render or benchmark is done).
pub fn run(launch: Launch, size: UVec2) -> ExitCode {
    startup_errors::install_hook();
    match App::new().add_plugins(AppPlugin { launch, size }).run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}
