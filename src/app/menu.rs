//! The egui interface: menu bar, anatomy panel (layers, search, structure tree), information panel,
//! status bar, hover label and rotator labels. The 3D view gets the space the panels leave free.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::camera::{BodyPose, FrameNode, SetView, ViewPreset, ViewportRect};
use super::dialogs::{PendingDialog, ShowSaveAsDialog};
use super::document::{CurrentPlan, SavePlan, SavePlanAs, StatusLine};
use super::editor::ItemRef;
use super::model::{StructureNode, ViewLayer};
use super::plan_panels::{self, Planning, Tab};
use super::quality::{AntiAliasing, RenderQuality};
use super::session::{
    AnswerPrompt, AnswerRecovery, Autosave, Guarded, PendingDiscard, RecentFiles,
};
use super::view::{
    Isolate, MODEL_VARIANTS, ResetView, Select, Selection, ToggleHidden, ViewSettings, search,
};
use crate::anatomy::Anatomy;
use crate::plan::ClientPosition;
use crate::plan::examples::EXAMPLES;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiState>()
        .add_systems(EguiPrimaryContextPass, ui);
}

/// Interface state that is not part of the plan.
#[derive(Resource)]
pub struct UiState {
    /// Text of the "Open path" window, shown while `Some`.
    open_path: Option<String>,
    /// Text of the "Save to path" window, shown while `Some`.
    save_path: Option<String>,
    /// The structure search box.
    pub search: String,
    /// Panels are hidden for still renders.
    pub show_panels: bool,
    /// The tab of the right-hand panel.
    pub tab: Tab,
    /// The selections last seen, to bring their tab forward when they change.
    seen: (Option<ItemRef>, Option<String>),
}

impl UiState {
    /// Shows the "Open a plan by path" prompt.
    pub fn ask_open_path(&mut self) {
        self.open_path.get_or_insert_with(String::new);
    }
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            open_path: None,
            save_path: None,
            search: String::new(),
            show_panels: true,
            tab: Tab::default(),
            seen: (None, None),
        }
    }
}

#[derive(SystemParam)]
struct Scene<'w, 's> {
    settings: ResMut<'w, ViewSettings>,
    selection: Res<'w, Selection>,
    pose: ResMut<'w, BodyPose>,
    nodes: Query<'w, 's, (&'static StructureNode, &'static GlobalTransform)>,
    camera: Query<
        'w,
        's,
        (&'static Camera, &'static GlobalTransform),
        With<bevy_panorbit_camera::PanOrbitCamera>,
    >,
    rect: ResMut<'w, ViewportRect>,
    quality: ResMut<'w, RenderQuality>,
}

fn ui(
    mut contexts: EguiContexts,
    current: Res<CurrentPlan>,
    mut status: ResMut<StatusLine>,
    mut state: ResMut<UiState>,
    pending: Res<PendingDialog>,
    mut scene: Scene,
    mut planning: Planning,
    keeping: Keeping,
    keys: Res<ButtonInput<KeyCode>>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    // Widgets take `&mut` to the settings every frame; keep them unchanged unless a value really changed,
    // so the scene is not re-applied (and the materials re-uploaded) on every frame.
    let settings_before = (
        scene.settings.bypass_change_detection().clone(),
        scene.settings.last_changed(),
    );
    let pose_before = (*scene.pose, scene.pose.last_changed());
    file_shortcuts(&keys, &current, &mut commands);
    plan_panels::shortcuts(&ctx, &keys, &mut planning, &mut commands);
    follow_selection(&mut state, &planning, &scene);
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    if state.show_panels {
        egui::Panel::top("menu_bar").show(&mut root, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                file_menu(
                    ui,
                    &current,
                    &pending,
                    &keeping.recent,
                    &mut state,
                    &mut commands,
                );
                view_menu(ui, &mut scene, &mut commands);
            });
        });
        egui::Panel::top("toolbar").show(&mut root, |ui| {
            plan_panels::toolbar(ui, &mut planning, &mut commands);
        });
        egui::Panel::bottom("status_bar").show(&mut root, |ui| {
            status_bar(ui, &mut status, &scene);
        });
        egui::Panel::left("anatomy")
            .resizable(true)
            .default_size(270.0)
            .max_size(380.0)
            .show(&mut root, |ui| {
                anatomy_panel(ui, &mut state, &mut scene, &mut commands);
            });
        egui::Panel::right("information")
            .resizable(true)
            .default_size(330.0)
            .max_size(460.0)
            .show(&mut root, |ui| {
                plan_panels::right_panel(ui, &mut state.tab, &mut planning, &mut commands);
                if state.tab == Tab::Structure {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        structure_info(ui, &scene, &mut commands);
                    });
                }
            });
    }
    let free = root.available_rect_before_wrap();
    let rect = ViewportRect {
        min: Vec2::new(free.min.x, free.min.y),
        max: Vec2::new(free.max.x, free.max.y),
    };
    if *scene.rect != rect {
        *scene.rect = rect;
    }
    plan_panels::badges(&ctx, &planning, scene.camera.single().ok(), &scene.rect);
    // Stills (panels hidden) show no pointer labels: the pointer is not the user's there.
    if state.show_panels {
        if planning.editor.hovered.is_some() {
            plan_panels::zone_tooltip(&ctx, &planning, &scene.rect);
        } else {
            hover_label(&ctx, &scene);
        }
    }
    if scene.settings.rotator_labels {
        rotator_labels(&ctx, &scene);
    }
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
    if *scene.settings == settings_before.0 {
        scene.settings.set_last_changed(settings_before.1);
    }
    if *scene.pose == pose_before.0 {
        scene.pose.set_last_changed(pose_before.1);
    }
    Ok(())
}

/// What keeps the user's work: the unsaved-changes prompt, the recovery offer, recent files.
#[derive(SystemParam)]
struct Keeping<'w> {
    discard: Res<'w, PendingDiscard>,
    autosave: Res<'w, Autosave>,
    recent: Res<'w, RecentFiles>,
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

/// Brings the zone tab forward when a zone is selected, the structure tab when a structure is.
fn follow_selection(state: &mut UiState, planning: &Planning, scene: &Scene) {
    let zone = planning.editor.selected.clone();
    let structure = scene.selection.selected.clone();
    if zone != state.seen.0 && zone.is_some() {
        state.tab = Tab::Zone;
    } else if structure != state.seen.1 && structure.is_some() {
        state.tab = Tab::Structure;
    }
    state.seen = (zone, structure);
}

/// Ctrl+S, Ctrl+O and Ctrl+N, read from Bevy's input like the editor's shortcuts.
fn file_shortcuts(keys: &ButtonInput<KeyCode>, current: &CurrentPlan, commands: &mut Commands) {
    if !plan_panels::command_held(keys) {
        return;
    }
    if keys.just_pressed(KeyCode::KeyS) {
        save(current, commands);
    }
    if keys.just_pressed(KeyCode::KeyO) {
        commands.trigger(Guarded::OpenDialog);
    }
    if keys.just_pressed(KeyCode::KeyN) {
        commands.trigger(Guarded::New);
    }
}

fn save_as(current: &CurrentPlan, commands: &mut Commands) {
    let name = current.display_name();
    let suggested_name = if name.ends_with(".ron") {
        name
    } else {
        "plan.ron".to_owned()
    };
    commands.trigger(ShowSaveAsDialog { suggested_name });
}

fn save(current: &CurrentPlan, commands: &mut Commands) {
    if current.path.is_some() {
        commands.trigger(SavePlan);
    } else {
        save_as(current, commands);
    }
}

fn file_menu(
    ui: &mut egui::Ui,
    current: &CurrentPlan,
    pending: &PendingDialog,
    recent: &RecentFiles,
    state: &mut UiState,
    commands: &mut Commands,
) {
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
        if ui.button("Quit").clicked() {
            commands.trigger(Guarded::Quit);
        }
    });
}

fn view_menu(ui: &mut egui::Ui, scene: &mut Scene, commands: &mut Commands) {
    ui.menu_button("View", |ui| {
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
        ];
        for (pose, label) in poses {
            if ui.radio(*scene.pose == pose, label).clicked() {
                *scene.pose = pose;
                commands.trigger(SetView(ViewPreset::Therapist));
            }
        }
        ui.separator();
        ui.checkbox(&mut scene.settings.xray, "X-ray");
        ui.checkbox(
            &mut scene.settings.nerve_highlight,
            "Nerve through everything",
        );
        ui.checkbox(&mut scene.settings.rotator_labels, "Label the rotator fan");
        ui.checkbox(&mut scene.settings.sites, "Show endangerment sites");
        ui.separator();
        ui.label("Anti-aliasing");
        let software = scene.quality.software();
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
                .radio(scene.quality.anti_aliasing == choice, label)
                .clicked()
            {
                scene.quality.anti_aliasing = choice;
            }
        }
    });
}

fn status_bar(ui: &mut egui::Ui, status: &mut StatusLine, scene: &Scene) {
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
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(node) = hovered_node(scene) {
                ui.label(&node.label);
            }
            if let Some(side) = scene.settings.affected {
                ui.colored_label(
                    egui::Color32::from_rgb(240, 140, 60),
                    format!("Affected side: {side:?}"),
                );
            }
        });
    });
}

fn hovered_node<'a>(scene: &'a Scene) -> Option<&'a StructureNode> {
    let hovered = scene.selection.hovered.as_deref()?;
    scene
        .nodes
        .iter()
        .map(|(n, _)| n)
        .find(|n| n.node == hovered)
}

fn anatomy_panel(
    ui: &mut egui::Ui,
    state: &mut UiState,
    scene: &mut Scene,
    commands: &mut Commands,
) {
    ui.heading("Anatomy");
    egui::Grid::new("layers")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for layer in ViewLayer::ALL {
                let mut layer_state = scene.settings.layer(layer);
                let mut changed = ui
                    .checkbox(&mut layer_state.visible, layer.label())
                    .changed();
                changed |= ui
                    .add(egui::Slider::new(&mut layer_state.opacity, 0.0..=1.0).show_value(false))
                    .on_hover_text("Opacity")
                    .changed();
                if changed {
                    scene.settings.layers.insert(layer, layer_state);
                }
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        ui.toggle_value(&mut scene.settings.xray, "X-ray");
        ui.toggle_value(&mut scene.settings.nerve_highlight, "Nerve on top");
        ui.toggle_value(&mut scene.settings.rotator_labels, "Rotator fan");
        ui.toggle_value(&mut scene.settings.sites, "Danger sites")
            .on_hover_text("Endangerment sites: where pressure can reach a nerve or vessels");
        if ui.button("Reset").clicked() {
            commands.trigger(ResetView);
        }
    });
    ui.horizontal(|ui| {
        ui.label("Nerve variant");
        egui::ComboBox::from_id_salt("variant")
            .selected_text(format!("Type {}", scene.settings.variant))
            .width(90.0)
            .show_ui(ui, |ui| {
                for letter in MODEL_VARIANTS {
                    ui.selectable_value(&mut scene.settings.variant, letter, variant_label(letter));
                }
            });
    });
    if let Some(isolated) = scene.settings.isolated.clone() {
        ui.horizontal(|ui| {
            ui.label(format!("Showing only {isolated}"));
            if ui.small_button("Show all").clicked() {
                commands.trigger(Isolate(None));
            }
        });
    }
    if !scene.settings.hidden.is_empty()
        && ui
            .small_button(format!("Show {} hidden", scene.settings.hidden.len()))
            .clicked()
    {
        scene.settings.hidden.clear();
    }
    ui.separator();
    ui.add(egui::TextEdit::singleline(&mut state.search).hint_text("Search structures…"));
    let mut all: Vec<&StructureNode> = scene
        .nodes
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.variant.is_none())
        .collect();
    all.sort_by(|a, b| (a.layer, a.region, &a.label).cmp(&(b.layer, b.region, &b.label)));
    let found = search(all, &state.search);
    let searching = !state.search.trim().is_empty();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for layer in ViewLayer::ALL {
            let in_layer: Vec<&&StructureNode> =
                found.iter().filter(|n| n.layer == layer).collect();
            if in_layer.is_empty() {
                continue;
            }
            egui::CollapsingHeader::new(format!("{} ({})", layer.label(), in_layer.len()))
                .id_salt(layer.id())
                .open(searching.then_some(true))
                .show(ui, |ui| {
                    let mut region = None;
                    for node in in_layer {
                        if region != Some(node.region) {
                            region = Some(node.region);
                            ui.weak(node.region.label());
                        }
                        let selected =
                            scene.selection.selected.as_deref() == Some(node.node.as_str());
                        let hidden = scene.settings.hidden.contains(&node.node);
                        let text = if hidden {
                            format!("{} (hidden)", node.label)
                        } else {
                            node.label.clone()
                        };
                        let response = ui.selectable_label(selected, text);
                        if response.clicked() {
                            commands.trigger(Select(Some(node.node.clone())));
                        }
                        if response.double_clicked() {
                            commands.trigger(FrameNode(node.node.clone()));
                        }
                    }
                });
        }
    });
}

fn variant_label(letter: char) -> String {
    let anatomy = Anatomy::embedded();
    match anatomy.variant(&letter.to_string()) {
        Some(v) => format!("{letter}: {}", v.name),
        None => letter.to_string(),
    }
}

fn structure_info(ui: &mut egui::Ui, scene: &Scene, commands: &mut Commands) {
    let Some(selected) = scene.selection.selected.as_deref() else {
        ui.weak("Click a structure, or pick one in the list, to read about it.");
        return;
    };
    let Some(node) = scene
        .nodes
        .iter()
        .map(|(n, _)| n)
        .find(|n| n.node == selected)
    else {
        return;
    };
    ui.heading(&node.label);
    let Some(structure) = Anatomy::embedded().structure(&node.structure) else {
        return;
    };
    ui.weak(format!(
        "{:?}, {}",
        structure.kind,
        node.layer.label().to_lowercase()
    ));
    ui.horizontal(|ui| {
        if ui.button("Frame").clicked() {
            commands.trigger(FrameNode(node.node.clone()));
        }
        let isolated = scene.settings.isolated.as_deref() == Some(node.node.as_str());
        if ui
            .button(if isolated { "Show all" } else { "Isolate" })
            .clicked()
        {
            commands.trigger(Isolate((!isolated).then(|| node.node.clone())));
        }
        let hidden = scene.settings.hidden.contains(&node.node);
        if ui.button(if hidden { "Show" } else { "Hide" }).clicked() {
            commands.trigger(ToggleHidden(node.node.clone()));
        }
    });
    let t = &structure.teaching;
    for (title, text) in [
        ("Origin", &t.origin),
        ("Insertion", &t.insertion),
        ("Action", &t.action),
        ("Innervation", &t.innervation),
        ("Massage notes", &t.massage),
    ] {
        if !text.is_empty() {
            ui.add_space(4.0);
            ui.strong(title);
            ui.label(text);
        }
    }
}

/// Window position (logical pixels) of a node's centre, if it is in front of the camera.
fn to_screen(
    scene: &Scene,
    node: &StructureNode,
    transform: &GlobalTransform,
) -> Option<egui::Pos2> {
    let (camera, camera_transform) = scene.camera.single().ok()?;
    let world = transform.transform_point(node.centre);
    // Already in window coordinates: the viewport's offset is included.
    let p = camera.world_to_viewport(camera_transform, world).ok()?;
    Some(egui::pos2(p.x, p.y))
}

fn hover_label(ctx: &egui::Context, scene: &Scene) {
    let Some(node) = hovered_node(scene) else {
        return;
    };
    let Some(pointer) = ctx.pointer_hover_pos() else {
        return;
    };
    if !scene.rect.contains(Vec2::new(pointer.x, pointer.y)) {
        return;
    }
    plan_panels::pointer_label(ctx, pointer, "hover_label", &node.label);
}

/// The rotator fan from superior to inferior, as a teacher names it.
pub const ROTATOR_FAN: [&str; 6] = [
    "piriformis",
    "gemellus_superior",
    "obturator_internus",
    "gemellus_inferior",
    "obturator_externus",
    "quadratus_femoris",
];

fn rotator_labels(ctx: &egui::Context, scene: &Scene) {
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        "rotator_labels".into(),
    ));
    let font = egui::FontId::proportional(13.0);
    let line_height = 18.0;
    for side in ["_r", "_l"] {
        let mut rotators: Vec<(&StructureNode, egui::Pos2)> = scene
            .nodes
            .iter()
            .filter(|(n, _)| {
                n.variant.is_none() && ROTATOR_FAN.iter().any(|r| n.node == format!("{r}{side}"))
            })
            .filter(|(n, _)| scene.settings.is_visible(n))
            .filter_map(|(n, t)| to_screen(scene, n, t).map(|p| (n, p)))
            .filter(|(_, p)| scene.rect.contains(Vec2::new(p.x, p.y)))
            .collect();
        if rotators.is_empty() {
            continue;
        }
        // Superior to inferior, measured on the model.
        rotators.sort_by(|a, b| b.0.centre.y.total_cmp(&a.0.centre.y));
        // A column of labels beside the fan, on the side it lies on the screen.
        let mean_x = rotators.iter().map(|(_, p)| p.x).sum::<f32>() / rotators.len() as f32;
        let on_left = mean_x < (scene.rect.min.x + scene.rect.max.x) / 2.0;
        let top = rotators
            .iter()
            .map(|(_, p)| p.y)
            .fold(f32::INFINITY, f32::min)
            - line_height * (rotators.len() as f32 - 1.0) / 2.0;
        let column_x = if on_left {
            rotators
                .iter()
                .map(|(_, p)| p.x)
                .fold(f32::INFINITY, f32::min)
                - 90.0
        } else {
            rotators
                .iter()
                .map(|(_, p)| p.x)
                .fold(f32::NEG_INFINITY, f32::max)
                + 90.0
        };
        for (i, (node, at)) in rotators.iter().enumerate() {
            let label_at = egui::pos2(column_x, top + i as f32 * line_height);
            let stroke = egui::Stroke::new(1.0, egui::Color32::from_white_alpha(200));
            painter.line_segment([*at, label_at], stroke);
            painter.circle_filled(*at, 2.5, egui::Color32::WHITE);
            let name = node
                .label
                .trim_end_matches(" (right)")
                .trim_end_matches(" (left)");
            let align = if on_left {
                egui::Align2::RIGHT_CENTER
            } else {
                egui::Align2::LEFT_CENTER
            };
            let text_at = label_at + egui::vec2(if on_left { -4.0 } else { 4.0 }, 0.0);
            let galley_rect = painter.text(
                text_at,
                align,
                format!("{}. {name}", i + 1),
                font.clone(),
                egui::Color32::WHITE,
            );
            painter.rect_filled(
                galley_rect.expand(2.0),
                3.0,
                egui::Color32::from_black_alpha(150),
            );
            painter.text(
                text_at,
                align,
                format!("{}. {name}", i + 1),
                font.clone(),
                egui::Color32::WHITE,
            );
        }
    }
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
