//! Keeping the user's work safe: a prompt before unsaved changes are lost, autosave to a recovery file and
//! the offer to recover it after a crash, and the recent-files list.
//!
//! The app's own files (one set of recovery files per window, recent files) live in the user's data folder,
//! or in the folder named by `SCIATIC_PLANNER_DATA_DIR`; the folder is owner-only and so is every file in it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use bevy::window::WindowCloseRequested;

use super::actions::{CurrentPlan, NewPlan, OpenPlan, OpenPlanText, SavePlan, StatusLine};
use super::file_dialogs::{ShowOpenDialog, ShowSaveAsDialog};
use super::recovery::{self, Slot};
use crate::app::schedule::AppSet;
use crate::plan::{self, SessionPlan};
use crate::private;

/// Registers the guarded actions, autosave, recovery and recent files.
pub fn plugin(app: &mut App) {
    app.add_message::<WindowCloseRequested>()
        .init_resource::<DataDir>()
        .init_resource::<Autosave>()
        .init_resource::<PendingDiscard>()
        .init_resource::<RecentFiles>()
        .add_observer(on_guarded)
        .add_observer(on_answer)
        .add_observer(on_recover)
        .add_systems(Startup, (load_recent, look_for_recovery))
        .add_systems(Update, close_requests.in_set(AppSet::Input))
        .add_systems(PostUpdate, (autosave, remember_recent).in_set(AppSet::Sync));
}

/// How often unsaved changes are written to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(5);
/// How many recent files are listed.
pub const RECENT_LIMIT: usize = 10;

/// Where the app keeps its own files; `None` when no folder can be found (nothing is kept then).
#[derive(Resource, Debug, Clone)]
pub struct DataDir(pub Option<PathBuf>);

impl Default for DataDir {
    fn default() -> Self {
        let dir = std::env::var_os("SCIATIC_PLANNER_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::data_dir().map(|d| d.join("sciatic-planner")));
        Self(dir)
    }
}

impl DataDir {
    fn file(&self, name: &str) -> Option<PathBuf> {
        self.0.as_ref().map(|d| d.join(name))
    }

    fn recent(&self) -> Option<PathBuf> {
        self.file("recent.ron")
    }
}

/// Something that replaces or closes the open plan, and so must ask first when there are unsaved changes.
#[derive(Event, Debug, Clone, PartialEq)]
pub enum Guarded {
    /// Start a new plan.
    New,
    /// Choose a file to open.
    OpenDialog,
    /// Open this file.
    Open(PathBuf),
    /// Open a built-in example.
    OpenText {
        /// Its name.
        name: String,
        /// Its text.
        text: String,
    },
    /// Close the app.
    Quit,
}

/// The action waiting for the user's answer to "save the changes first?".
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct PendingDiscard(pub Option<Guarded>);

fn on_guarded(
    action: On<Guarded>,
    current: Res<CurrentPlan>,
    mut pending: ResMut<PendingDiscard>,
    mut commands: Commands,
) {
    if current.dirty {
        pending.0 = Some(action.event().clone());
    } else {
        perform(action.event().clone(), &mut commands);
    }
}

/// Carries out an action without asking.
pub fn perform(action: Guarded, commands: &mut Commands) {
    match action {
        Guarded::New => commands.trigger(NewPlan),
        Guarded::OpenDialog => commands.trigger(ShowOpenDialog),
        Guarded::Open(path) => commands.trigger(OpenPlan { path }),
        Guarded::OpenText { name, text } => commands.trigger(OpenPlanText { name, text }),
        Guarded::Quit => {
            commands.write_message(AppExit::Success);
        }
    }
}

/// The user's answer to the unsaved-changes prompt.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerPrompt {
    /// Save the plan, then go on.
    Save,
    /// Go on without saving: the changes are dropped.
    Discard,
    /// Do nothing; the plan stays open with its changes.
    Cancel,
}

fn on_answer(
    answer: On<AnswerPrompt>,
    mut pending: ResMut<PendingDiscard>,
    mut commands: Commands,
) {
    let Some(action) = pending.0.take() else {
        return;
    };
    match answer.event() {
        AnswerPrompt::Save => {
            // Saving clears the dirty flag only when it succeeds; the action then asks again, so a failed
            // save never loses the changes.
            commands.trigger(SavePlan);
            commands.trigger(action);
        }
        AnswerPrompt::Discard => perform(action, &mut commands),
        AnswerPrompt::Cancel => {}
    }
}

fn close_requests(mut requests: MessageReader<WindowCloseRequested>, mut commands: Commands) {
    if requests.read().last().is_some() {
        commands.trigger(Guarded::Quit);
    }
}

/// Autosave state.
#[derive(Resource, Debug)]
pub struct Autosave {
    /// How often to write.
    pub every: Duration,
    last: Option<std::time::Instant>,
    /// The plan last written to the recovery file.
    written: Option<SessionPlan>,
    /// A recovery file found at start, not yet answered; nothing is written over it until then.
    pub offer: Option<Recovered>,
    /// The files the offer came from, locked while it is offered.
    offered: Option<Slot>,
    /// This window's own recovery files.
    slot: Option<Slot>,
}

impl Autosave {
    /// This window's recovery plan file (it exists only while there are unsaved changes).
    pub fn recovery_file(&self) -> Option<PathBuf> {
        self.slot.as_ref().map(Slot::plan)
    }
}

impl Autosave {
    /// How long until the open plan's unsaved changes are due in the recovery file; `None` when there is
    /// nothing to write. An idle window sleeps this long.
    pub fn due_in(&self, current: &CurrentPlan) -> Option<Duration> {
        if !current.dirty || self.offer.is_some() || self.written.as_ref() == Some(&current.plan) {
            return None;
        }
        Some(
            self.last
                .map_or(Duration::ZERO, |t| self.every.saturating_sub(t.elapsed())),
        )
    }
}

impl Default for Autosave {
    fn default() -> Self {
        Self {
            every: AUTOSAVE_EVERY,
            last: None,
            written: None,
            offer: None,
            offered: None,
            slot: None,
        }
    }
}

/// A plan found in the recovery file.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    /// The plan.
    pub plan: SessionPlan,
    /// The file it came from, if it had one.
    pub origin: Option<PathBuf>,
    /// When it was written.
    pub written: Option<SystemTime>,
}

/// The answer to the recovery offer: restore it, or throw it away.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerRecovery {
    /// True to restore the recovered plan.
    pub restore: bool,
}

fn look_for_recovery(
    dir: Res<DataDir>,
    mut autosave: ResMut<Autosave>,
    mut status: ResMut<StatusLine>,
) {
    let Some(data) = &dir.0 else {
        return;
    };
    offer_orphan(data, &mut autosave, &mut status);
    if autosave.slot.is_none() {
        autosave.slot = Some(Slot::fresh(data));
    }
}

/// Offers the newest recovery file whose window is gone, if there is one.
fn offer_orphan(data: &Path, autosave: &mut Autosave, status: &mut StatusLine) {
    for slot in recovery::orphans(data) {
        let path = slot.plan();
        match plan::load(&path) {
            Ok(plan) => {
                let origin = fs::read_to_string(slot.origin())
                    .ok()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .map(PathBuf::from);
                let written = fs::metadata(&path).and_then(|m| m.modified()).ok();
                autosave.offer = Some(Recovered {
                    plan,
                    origin,
                    written,
                });
                autosave.offered = Some(slot);
                return;
            }
            Err(e) => status.error(format!(
                "A recovery file was found but cannot be read; it is kept at {}.\n{e}",
                path.display()
            )),
        }
    }
}

fn on_recover(
    answer: On<AnswerRecovery>,
    dir: Res<DataDir>,
    mut autosave: ResMut<Autosave>,
    mut current: ResMut<CurrentPlan>,
    mut status: ResMut<StatusLine>,
) {
    let Some(offer) = autosave.offer.take() else {
        return;
    };
    if answer.restore {
        // The window takes over the recovered files, so the plan stays on disk until it is saved.
        let adopted = autosave.offered.take();
        if let Some(mut own) = std::mem::replace(&mut autosave.slot, adopted) {
            own.remove();
        }
        autosave.written = Some(offer.plan.clone());
        *current = CurrentPlan {
            plan: offer.plan,
            path: offer.origin,
            dirty: true,
            history: Default::default(),
            generation: current.generation + 1,
        };
        status.info("Recovered the unsaved plan: save it to keep it.");
    } else {
        if let Some(mut slot) = autosave.offered.take() {
            slot.remove();
        }
        status.info("The recovered plan was thrown away.");
        if let Some(data) = &dir.0 {
            offer_orphan(data, &mut autosave, &mut status);
        }
    }
}

/// Writes `text` to `path` in the data folder, owner-only and atomically; the folder is made owner-only.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        private::private_dir(parent)?;
    }
    private::write_atomically(path, text.as_bytes())
}

fn autosave(
    current: Res<CurrentPlan>,
    mut autosave: ResMut<Autosave>,
    mut status: ResMut<StatusLine>,
) {
    if autosave.offer.is_some() {
        return;
    }
    let Some(path) = autosave.recovery_file() else {
        return;
    };
    if !current.dirty {
        if autosave.written.take().is_some() || (current.is_changed() && path.exists()) {
            autosave.slot.as_mut().expect("it has a file").remove();
        }
        return;
    }
    let due = autosave.last.is_none_or(|t| t.elapsed() >= autosave.every);
    if !due || autosave.written.as_ref() == Some(&current.plan) {
        return;
    }
    let origin = current
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let slot = autosave.slot.as_mut().expect("it has a file");
    let result = plan::to_ron_string(&current.plan)
        .map_err(|e| e.to_string())
        .and_then(|text| slot.write(&text, &origin).map_err(|e| e.to_string()));
    autosave.last = Some(std::time::Instant::now());
    match result {
        Ok(()) => autosave.written = Some(current.plan.clone()),
        Err(e) => status.error(format!(
            "Could not write the recovery file {}: {e}",
            path.display()
        )),
    }
}

/// The files opened or saved lately, newest first.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct RecentFiles(pub Vec<PathBuf>);

impl RecentFiles {
    /// Puts a file first.
    pub fn push(&mut self, path: PathBuf) {
        self.0.retain(|p| *p != path);
        self.0.insert(0, path);
        self.0.truncate(RECENT_LIMIT);
    }
}

fn load_recent(dir: Res<DataDir>, mut recent: ResMut<RecentFiles>) {
    let Some(path) = dir.recent() else {
        return;
    };
    if let Ok(text) = fs::read_to_string(path)
        && let Ok(list) = ron::from_str::<Vec<PathBuf>>(&text)
    {
        recent.0 = list;
        recent.0.truncate(RECENT_LIMIT);
    }
}

fn remember_recent(
    current: Res<CurrentPlan>,
    dir: Res<DataDir>,
    mut recent: ResMut<RecentFiles>,
    mut last: Local<Option<PathBuf>>,
) {
    if !current.is_changed() || current.path == *last {
        return;
    }
    last.clone_from(&current.path);
    let Some(path) = current.path.clone() else {
        return;
    };
    recent.push(path);
    if let Some(file) = dir.recent()
        && let Ok(text) = ron::ser::to_string_pretty(&recent.0, ron::ser::PrettyConfig::default())
    {
        let _ = write_atomically(&file, &text);
    }
}

/// Saves the plan to its file, or asks for a file when it has none.
pub fn save(current: &CurrentPlan, commands: &mut Commands) {
    if current.path.is_some() {
        commands.trigger(SavePlan);
    } else {
        save_as(current, commands);
    }
}

/// Asks for a file to save the plan to, suggesting its present name.
pub fn save_as(current: &CurrentPlan, commands: &mut Commands) {
    let name = current.display_name();
    let suggested_name = if name.ends_with(".ron") {
        name
    } else {
        "plan.ron".to_owned()
    };
    commands.trigger(ShowSaveAsDialog { suggested_name });
}
