//! The menu bar, the plan summary and the status line.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::dialogs::{PendingDialog, ShowOpenDialog, ShowSaveAsDialog};
use super::document::{CurrentPlan, NewPlan, OpenPlan, OpenPlanText, SavePlan, StatusLine};
use crate::plan::examples::EXAMPLES;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MenuState>()
        .add_systems(EguiPrimaryContextPass, menu_ui);
}

/// UI state of the menu that is not part of the plan.
#[derive(Resource, Default)]
struct MenuState {
    /// Text of the "Open path" window, shown while `Some`.
    open_path: Option<String>,
}

fn menu_ui(
    mut contexts: EguiContexts,
    current: Res<CurrentPlan>,
    mut status: ResMut<StatusLine>,
    mut state: ResMut<MenuState>,
    pending: Res<PendingDialog>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let shortcut = |key| egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key);
    let save_shortcut = shortcut(egui::Key::S);
    let open_shortcut = shortcut(egui::Key::O);
    let new_shortcut = shortcut(egui::Key::N);
    let save_as = |commands: &mut Commands| {
        let suggested_name = current.display_name();
        let suggested_name = if suggested_name.ends_with(".ron") {
            suggested_name
        } else {
            "plan.ron".to_owned()
        };
        commands.trigger(ShowSaveAsDialog { suggested_name });
    };
    let save = |commands: &mut Commands| {
        if current.path.is_some() {
            commands.trigger(SavePlan);
        } else {
            save_as(commands);
        }
    };
    if ctx.input_mut(|i| i.consume_shortcut(&save_shortcut)) {
        save(&mut commands);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&open_shortcut)) {
        commands.trigger(ShowOpenDialog);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&new_shortcut)) {
        commands.trigger(NewPlan);
    }

    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::Panel::top("menu_bar").show(&mut root, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.add(egui::Button::new("New").shortcut_text(ui.ctx().format_shortcut(&new_shortcut))).clicked() {
                    commands.trigger(NewPlan);
                }
                let open = egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&open_shortcut));
                if ui.add_enabled(!pending.is_open(), open).clicked() {
                    commands.trigger(ShowOpenDialog);
                }
                if ui.button("Open path…").clicked() {
                    state.open_path = Some(String::new());
                }
                ui.menu_button("Examples", |ui| {
                    for example in EXAMPLES {
                        if ui.button(example.title).clicked() {
                            commands.trigger(OpenPlanText {
                                name: example.title.to_owned(),
                                text: example.text.to_owned(),
                            });
                        }
                    }
                });
                ui.separator();
                if ui.add(egui::Button::new("Save").shortcut_text(ui.ctx().format_shortcut(&save_shortcut))).clicked() {
                    save(&mut commands);
                }
                if ui.add_enabled(!pending.is_open(), egui::Button::new("Save As…")).clicked() {
                    save_as(&mut commands);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    exit.write(AppExit::Success);
                }
            });
        });
    });

    egui::Panel::bottom("status_bar").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if status.is_error {
                ui.colored_label(egui::Color32::from_rgb(230, 80, 70), &status.text);
                if ui.small_button("Dismiss").clicked() {
                    status.text.clear();
                    status.is_error = false;
                }
            } else {
                ui.label(&status.text);
            }
        });
    });

    egui::CentralPanel::default_margins().show(&mut root, |ui| {
        plan_summary(ui, &current);
    });

    if let Some(text) = state.open_path.as_mut() {
        let mut open = true;
        let mut chosen = None;
        egui::Window::new("Open a plan by path")
            .collapsible(false)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label("Path of a plan file (.ron):");
                let response = ui.text_edit_singleline(text);
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Open").clicked() || enter {
                    chosen = Some(text.trim().to_owned());
                }
            });
        if let Some(path) = chosen.filter(|p| !p.is_empty()) {
            commands.trigger(OpenPlan { path: path.into() });
            open = false;
        }
        if !open {
            state.open_path = None;
        }
    }
    Ok(())
}

fn plan_summary(ui: &mut egui::Ui, current: &CurrentPlan) {
    let plan = &current.plan;
    ui.heading(&plan.title);
    egui::Grid::new("plan_summary").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
        ui.label("Client");
        ui.label(if plan.client_alias.is_empty() { "—" } else { &plan.client_alias });
        ui.end_row();
        ui.label("Side");
        ui.label(format!("{:?}", plan.side));
        ui.end_row();
        ui.label("Phase");
        ui.label(if plan.phase.is_empty() { "—" } else { &plan.phase });
        ui.end_row();
        ui.label("Treatment zones");
        ui.label(plan.zones.len().to_string());
        ui.end_row();
        ui.label("No-go areas");
        ui.label(plan.no_go.len().to_string());
        ui.end_row();
        ui.label("File");
        ui.label(current.display_name());
        ui.end_row();
    });
    ui.separator();
    for zone in plan.zones_in_order() {
        ui.label(format!(
            "{}. {} — {:?}, {:?} pressure, {:?}, {} min",
            zone.order, zone.label, zone.technique, zone.pressure, zone.tool, zone.duration_min
        ));
    }
}
