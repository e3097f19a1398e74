//! The open plan and the file actions on it (new, open, save, save as).
//!
//! Actions are observer events; each observer calls the pure plan layer. A failed open keeps the plan
//! that was open; a failed save leaves the file on disk as it was. Either way the reason is shown.

use std::path::PathBuf;

use bevy::prelude::*;

use crate::app::schedule::AppSet;
use crate::plan::edit::{Edit, History};
use crate::plan::{self, SessionPlan};

/// Title of the main window without a plan name.
pub const WINDOW_TITLE: &str = "Sciatic session planner";

/// Registers the document resources and actions. Needs no window or renderer.
pub fn plugin(app: &mut App) {
    app.init_resource::<CurrentPlan>()
        .init_resource::<StatusLine>()
        .add_observer(on_new)
        .add_observer(on_open)
        .add_observer(on_open_text)
        .add_observer(on_save)
        .add_observer(on_save_as)
        .add_observer(on_edit)
        .add_observer(on_undo)
        .add_observer(on_redo)
        .add_observer(on_seal)
        .add_systems(PostUpdate, update_window_title.in_set(AppSet::Sync));
}

/// The plan being worked on.
#[derive(Resource, Debug, Default)]
pub struct CurrentPlan {
    /// The plan itself.
    pub plan: SessionPlan,
    /// Where it was loaded from or last saved to; `None` for a new plan.
    pub path: Option<PathBuf>,
    /// True when there are changes not yet saved.
    pub dirty: bool,
    /// Undo and redo of the edits since the plan was opened.
    pub history: History,
    /// Counts the plans opened or created: it changes when the plan is replaced, not when it is edited.
    pub generation: u64,
}

impl CurrentPlan {
    /// The name shown for the plan: its file name, or "new plan".
    pub fn display_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "new plan".to_owned())
    }
}

/// The last thing the app has to tell the user.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct StatusLine {
    /// The message; empty when there is nothing to say.
    pub text: String,
    /// True when it reports a failure (shown in red until dismissed).
    pub is_error: bool,
}

impl StatusLine {
    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.text = text.into();
        self.is_error = false;
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.text = text.into();
        self.is_error = true;
    }
}

/// Replace the open plan with an empty one.
#[derive(Event, Debug, Clone)]
pub struct NewPlan;

/// Load a plan file; on failure the open plan stays.
#[derive(Event, Debug, Clone)]
pub struct OpenPlan {
    /// The file to load.
    pub path: PathBuf,
}

/// Open a plan given as text (the built-in examples).
#[derive(Event, Debug, Clone)]
pub struct OpenPlanText {
    /// A name to show for it.
    pub name: String,
    /// Its RON text.
    pub text: String,
}

/// Save the open plan to its file. Does nothing but report when the plan has no file yet.
#[derive(Event, Debug, Clone)]
pub struct SavePlan;

/// Save the open plan to a new file, which becomes its file.
#[derive(Event, Debug, Clone)]
pub struct SavePlanAs {
    /// The file to write.
    pub path: PathBuf,
}

/// Change the open plan. Every change goes through here, so undo, dirty-tracking and the checks see it.
#[derive(Event, Debug, Clone)]
pub struct PlanEdit(pub Edit);

/// Undo the last edit.
#[derive(Event, Debug, Clone)]
pub struct Undo;

/// Redo the last undone edit.
#[derive(Event, Debug, Clone)]
pub struct Redo;

/// End the current undo step (a drag ended): the next edit is a step of its own.
#[derive(Event, Debug, Clone)]
pub struct SealEdit;

fn on_edit(edit: On<PlanEdit>, mut current: ResMut<CurrentPlan>, mut status: ResMut<StatusLine>) {
    let current = &mut *current;
    match current.history.apply(&mut current.plan, edit.0.clone()) {
        Ok(true) => current.dirty = true,
        Ok(false) => {}
        Err(e) => status.error(format!("Could not change the plan: {e}")),
    }
}

fn on_undo(_: On<Undo>, mut current: ResMut<CurrentPlan>, mut status: ResMut<StatusLine>) {
    let current = &mut *current;
    if current.history.undo(&mut current.plan) {
        current.dirty = true;
        status.info("Undone");
    } else {
        status.info("Nothing to undo");
    }
}

fn on_redo(_: On<Redo>, mut current: ResMut<CurrentPlan>, mut status: ResMut<StatusLine>) {
    let current = &mut *current;
    if current.history.redo(&mut current.plan) {
        current.dirty = true;
        status.info("Redone");
    } else {
        status.info("Nothing to redo");
    }
}

fn on_seal(_: On<SealEdit>, mut current: ResMut<CurrentPlan>) {
    current.bypass_change_detection().history.seal();
}

fn on_new(_: On<NewPlan>, mut current: ResMut<CurrentPlan>, mut status: ResMut<StatusLine>) {
    *current = CurrentPlan {
        generation: current.generation + 1,
        ..default()
    };
    status.info("New plan");
}

fn on_open(open: On<OpenPlan>, mut current: ResMut<CurrentPlan>, mut status: ResMut<StatusLine>) {
    match plan::load(&open.path) {
        Ok(plan) => {
            *current = CurrentPlan {
                plan,
                path: Some(open.path.clone()),
                dirty: false,
                history: History::default(),
                generation: current.generation + 1,
            };
            status.info(format!("Opened {}", open.path.display()));
        }
        Err(e) => status.error(format!(
            "Could not open the plan; the open plan is unchanged.\n{e}"
        )),
    }
}

fn on_open_text(
    open: On<OpenPlanText>,
    mut current: ResMut<CurrentPlan>,
    mut status: ResMut<StatusLine>,
) {
    match plan::from_ron_str(&open.text) {
        Ok(plan) => {
            *current = CurrentPlan {
                plan,
                path: None,
                dirty: false,
                history: History::default(),
                generation: current.generation + 1,
            };
            status.info(format!(
                "Opened the example '{}'; use Save As to keep a copy",
                open.name
            ));
        }
        Err(e) => status.error(format!("Could not open the example '{}': {e}", open.name)),
    }
}

fn on_save(_: On<SavePlan>, mut current: ResMut<CurrentPlan>, mut status: ResMut<StatusLine>) {
    let Some(path) = current.path.clone() else {
        status.error("This plan has no file yet: use Save As.");
        return;
    };
    match plan::save(&path, &current.plan) {
        Ok(()) => {
            current.dirty = false;
            status.info(format!("Saved {}", path.display()));
        }
        Err(e) => status.error(e.to_string()),
    }
}

fn on_save_as(
    save: On<SavePlanAs>,
    mut current: ResMut<CurrentPlan>,
    mut status: ResMut<StatusLine>,
) {
    match plan::save(&save.path, &current.plan) {
        Ok(()) => {
            current.path = Some(save.path.clone());
            current.dirty = false;
            status.info(format!("Saved {}", save.path.display()));
        }
        Err(e) => status.error(e.to_string()),
    }
}

fn update_window_title(current: Res<CurrentPlan>, mut windows: Query<&mut Window>) {
    if !current.is_changed() {
        return;
    }
    let dirty = if current.dirty { "*" } else { "" };
    let title = format!(
        "{dirty}{} - {} - {WINDOW_TITLE}",
        current.display_name(),
        current.plan.title
    );
    for mut window in &mut windows {
        if window.title != title {
            window.title.clone_from(&title);
        }
    }
}
