//! The prompts: the unsaved-changes question, the offer to recover unsaved work, and the small windows
//! that ask for a file path where no file dialog is available.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::UiState;
use crate::app::document::keeping::{
    AnswerPrompt, AnswerRecovery, Autosave, Guarded, PendingDiscard, save_as,
};
use crate::app::document::{CurrentPlan, SavePlanAs};

/// What keeps the user's work: the unsaved-changes prompt, the recovery offer.
#[derive(SystemParam)]
pub struct Keeping<'w> {
    discard: Res<'w, PendingDiscard>,
    autosave: Res<'w, Autosave>,
}

/// Draws whichever prompts are open.
pub fn draw(
    mut contexts: EguiContexts,
    mut state: ResMut<UiState>,
    current: Res<CurrentPlan>,
    keeping: Keeping,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    if let Some(path) = path_window(&ctx, "Open a plan by path", "Open", &mut state.open_path) {
        commands.trigger(Guarded::Open(path));
    }
    if let Some(path) = path_window(
        &ctx,
        "Save the plan to a path",
        "Save",
        &mut state.save_path,
    ) {
        commands.trigger(SavePlanAs { path });
    }
    unsaved_prompt(&ctx, &current, &keeping.discard, &mut commands);
    recovery_prompt(&ctx, &keeping.autosave, &mut commands);
    Ok(())
}

fn unsaved_prompt(
    ctx: &egui::Context,
    current: &CurrentPlan,
    discard: &PendingDiscard,
    commands: &mut Commands,
) {
    let Some(action) = &discard.0 else {
        return;
    };
    let what = match action {
        Guarded::Quit => "closing",
        Guarded::New => "starting a new plan",
        _ => "opening another plan",
    };
    let mut answer = None;
    egui::Modal::new("unsaved_prompt".into()).show(ctx, |ui| {
        ui.set_max_width(380.0);
        ui.heading("Unsaved changes");
        ui.label(format!(
            "'{}' has changes that are not saved. Save them before {what}?",
            current.display_name()
        ));
        ui.horizontal(|ui| {
            if current.path.is_some() {
                if ui.button("Save").clicked() {
                    answer = Some(AnswerPrompt::Save);
                }
            } else if ui.button("Save As…").clicked() {
                // The plan has no file yet: choose one, then do again what was asked.
                save_as(current, commands);
                answer = Some(AnswerPrompt::Cancel);
            }
            if ui.button("Don't save").clicked() {
                answer = Some(AnswerPrompt::Discard);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(AnswerPrompt::Cancel);
            }
        });
    });
    if let Some(answer) = answer {
        commands.trigger(answer);
    }
}

fn recovery_prompt(ctx: &egui::Context, autosave: &Autosave, commands: &mut Commands) {
    let Some(offer) = &autosave.offer else {
        return;
    };
    egui::Modal::new("recovery_prompt".into()).show(ctx, |ui| {
        ui.set_max_width(400.0);
        ui.heading("Recover unsaved work?");
        let from = offer
            .origin
            .as_ref()
            .map_or("a new plan".to_owned(), |p| p.display().to_string());
        ui.label(format!(
            "The planner closed without saving '{}' ({from}). Its last state was kept.",
            offer.plan.title
        ));
        ui.horizontal(|ui| {
            if ui.button("Recover").clicked() {
                commands.trigger(AnswerRecovery { restore: true });
            }
            if ui.button("Throw away").clicked() {
                commands.trigger(AnswerRecovery { restore: false });
            }
        });
    });
}

/// A small window asking for a file path (where no file dialog service is available). Returns the path
/// once the user confirms it; closing the window clears `text`.
fn path_window(
    ctx: &egui::Context,
    title: &str,
    action: &str,
    text: &mut Option<String>,
) -> Option<std::path::PathBuf> {
    let typed = text.as_mut()?;
    let mut open = true;
    let mut chosen = None;
    egui::Window::new(title)
        .collapsible(false)
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label("Path of a plan file (.ron):");
            let response = ui.text_edit_singleline(typed);
            // Typing goes to the path at once, not to the tool shortcuts.
            if !response.lost_focus() && ui.memory(|m| m.focused().is_none()) {
                response.request_focus();
            }
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(action).clicked() || enter {
                chosen = Some(typed.trim().to_owned());
            }
        });
    let chosen = chosen.filter(|p| !p.is_empty());
    if chosen.is_some() || !open {
        *text = None;
    }
    chosen.map(Into::into)
}
