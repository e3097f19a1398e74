//! The open plan and keeping it: the file actions and undo, the file dialogs, the unsaved-changes prompt,
//! autosave and recovery, recent files, and the live safety findings.

pub mod actions;
pub mod export;
pub mod file_dialogs;
pub mod findings;
pub mod keeping;
mod recovery;

pub use actions::{
    CurrentPlan, NewPlan, OpenPlan, OpenPlanText, PlanEdit, Redo, SavePlan, SavePlanAs, SealEdit,
    StatusLine, Undo, WINDOW_TITLE,
};
pub use findings::LiveFindings;

/// Adds the document, its safekeeping and its findings.
pub fn plugin(app: &mut bevy::prelude::App) {
    app.add_plugins((
        actions::plugin,
        keeping::plugin,
        findings::plugin,
        file_dialogs::plugin,
        export::plugin,
    ));
}
