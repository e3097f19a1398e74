//! The menu bar: File and View.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

use super::{UiState, ViewControls};
use crate::app::document::CurrentPlan;
use crate::app::document::export::{ExportKind, ImageSize};
use crate::app::document::file_dialogs::{PendingDialog, ShowExportDialog};
use crate::app::document::keeping::{Guarded, RecentFiles, save, save_as};
use crate::app::render::{AntiAliasing, MovingResolution};
use crate::app::scene::pose::LayBody;
use crate::app::schedule::AppMode;
use crate::app::viewport::camera::{SetView, ViewPreset};
use crate::handout::Paper;
use crate::plan::ClientPosition;
use crate::plan::examples::EXAMPLES;
use crate::pose::BodyPose;

/// What the File menu reads.
#[derive(SystemParam)]
pub struct Files<'w> {
    current: Res<'w, CurrentPlan>,
    pending: Res<'w, PendingDialog>,
    recent: Res<'w, RecentFiles>,
}

/// The File menu: new, open (a file, a recent one, a path, an example), save, save as, quit.
pub fn file_menu(ui: &mut egui::Ui, files: &Files, state: &mut UiState, commands: &mut Commands) {
    let (current, pending, recent) = (&*files.current, &*files.pending, &*files.recent);
    let shortcut = |key| egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key);
    ui.menu_button("File", |ui| {
        let new = egui::Button::new("New")
            .shortcut_text(ui.ctx().format_shortcut(&shortcut(egui::Key::N)));
        if ui.add(new).clicked() {
            commands.trigger(Guarded::New);
        }
        let open = egui::Button::new("Open…")
            .shortcut_text(ui.ctx().format_shortcut(&shortcut(egui::Key::O)));
        if ui.add_enabled(!pending.is_open(), open).clicked() {
            commands.trigger(Guarded::OpenDialog);
        }
        ui.add_enabled_ui(!recent.0.is_empty(), |ui| {
            ui.menu_button("Open recent", |ui| {
                for path in &recent.0 {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        commands.trigger(Guarded::Open(path.clone()));
                    }
                }
            });
        });
        if ui.button("Open path…").clicked() {
            state.open_path = Some(String::new());
        }
        ui.menu_button("Examples", |ui| {
            for example in EXAMPLES {
                if ui.button(example.title).clicked() {
                    commands.trigger(Guarded::OpenText {
                        name: example.title.to_owned(),
                        text: example.text.to_owned(),
                    });
                }
            }
        });
        ui.separator();
        let save_button = egui::Button::new("Save")
            .shortcut_text(ui.ctx().format_shortcut(&shortcut(egui::Key::S)));
        if ui.add(save_button).clicked() {
            save(current, commands);
        }
        if ui
            .add_enabled(!pending.is_open(), egui::Button::new("Save As…"))
            .clicked()
        {
            save_as(current, commands);
        }
        if ui.button("Save to path…").clicked() {
            state.save_path = Some(
                current
                    .path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            );
        }
        ui.separator();
        let stem = current
            .path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or("plan".to_owned(), |s| s.to_string_lossy().into_owned());
        ui.add_enabled_ui(!pending.is_open(), |ui| {
            ui.menu_button("Export image", |ui| {
                for (size, label) in ImageSize::CHOICES {
                    if ui
                        .button(label)
                        .on_hover_text(
                            "The 3D view with the zones and their numbers, as a PNG image",
                        )
                        .clicked()
                    {
                        commands.trigger(ShowExportDialog {
                            kind: ExportKind::Image(size),
                            suggested_name: format!("{stem}.png"),
                        });
                    }
                }
            });
        });
        ui.add_enabled_ui(!pending.is_open(), |ui| {
            ui.menu_button("Export handout", |ui| {
                for (paper, label) in [(Paper::A4, "A4…"), (Paper::Letter, "US Letter…")] {
                    if ui
                        .button(label)
                        .on_hover_text(
                            "A printable PDF for the client: the body with the numbered zones, \
                             the session in plain words, home care and when to seek help",
                        )
                        .clicked()
                    {
                        commands.trigger(ShowExportDialog {
                            kind: ExportKind::Handout(paper),
                            suggested_name: format!("{stem}-handout.pdf"),
                        });
                    }
                }
            });
        });
        if ui
            .add_enabled(
                !pending.is_open(),
                egui::Button::new("Export anonymised copy…"),
            )
            .on_hover_text(
                "The plan without the client's alias, the date or the notes, for teaching",
            )
            .clicked()
        {
            commands.trigger(ShowExportDialog {
                kind: ExportKind::AnonymisedCopy,
                suggested_name: format!("{stem}-anonymised.ron"),
            });
        }
        ui.separator();
        if ui.button("Quit").clicked() {
            commands.trigger(Guarded::Quit);
        }
    });
}

/// The View menu: preset views, the body's pose, what is drawn, the anti-aliasing.
pub fn view_menu(ui: &mut egui::Ui, view: &mut ViewControls, commands: &mut Commands) {
    ui.menu_button("View", |ui| {
        let present = egui::Button::new("Present to the client").shortcut_text("F5");
        if ui.add(present).clicked() {
            commands.set_state(AppMode::Presenting);
        }
        let teach = egui::Button::new("Teach the nerve's course").shortcut_text("F6");
        if ui.add(teach).clicked() {
            commands.set_state(AppMode::Teaching);
        }
        ui.separator();
        for preset in ViewPreset::ALL {
            if ui.button(preset.label()).clicked() {
                commands.trigger(SetView(preset));
            }
        }
        ui.separator();
        ui.label("Body");
        let poses = [
            (BodyPose::Standing, "Standing"),
            (BodyPose::OnTable(ClientPosition::Prone), "Prone"),
            (BodyPose::OnTable(ClientPosition::Supine), "Supine"),
            (BodyPose::OnTable(ClientPosition::SideLying), "Side-lying"),
            (BodyPose::OnTable(ClientPosition::FrogLeg), "Frog-leg"),
        ];
        for (pose, label) in poses {
            if ui
                .radio(view.pose.position() == pose.position(), label)
                .clicked()
            {
                commands.trigger(LayBody(pose));
                commands.trigger(SetView(ViewPreset::Therapist));
            }
        }
        ui.separator();
        ui.checkbox(&mut view.settings.xray, "X-ray");
        ui.checkbox(
            &mut view.settings.nerve_highlight,
            "Nerve through everything",
        );
        ui.checkbox(&mut view.settings.rotator_labels, "Label the rotator fan");
        ui.checkbox(&mut view.settings.sites, "Show endangerment sites");
        ui.separator();
        ui.label("Anti-aliasing");
        let software = view.quality.software();
        for choice in AntiAliasing::ALL {
            let label = match choice {
                AntiAliasing::Automatic => format!(
                    "{} ({} on this adapter)",
                    choice.label(),
                    choice.resolve(software).label()
                ),
                _ => choice.label().to_owned(),
            };
            if ui
                .radio(view.quality.anti_aliasing == choice, label)
                .clicked()
            {
                view.quality.anti_aliasing = choice;
            }
        }
        ui.separator();
        ui.label("Resolution while turning");
        for choice in MovingResolution::ALL {
            let label = match choice {
                MovingResolution::Automatic => format!(
                    "{} ({} on this adapter)",
                    choice.label(),
                    if choice.scale(software) < 1.0 {
                        "half"
                    } else {
                        "full"
                    }
                ),
                _ => choice.label().to_owned(),
            };
            if ui.radio(view.quality.moving == choice, label).clicked() {
                view.quality.moving = choice;
            }
        }
    });
}
