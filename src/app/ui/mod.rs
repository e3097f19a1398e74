//! The egui interface. This module only lays the panels out around the 3D view; each part is drawn by a
//! file of its own: the menu bar, the toolbar, the status bar, the anatomy panel, the inspector's tabs and
//! the structure information in the panels; the labels and badges over the view; the prompts.

pub mod anatomy_panel;
pub mod colours;
pub mod inspector;
pub mod menu_bar;
pub mod overlays;
pub mod presentation;
pub mod prompts;
pub mod status_bar;
pub mod structure_info;
pub mod teaching;
pub mod toolbar;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::app::document::StatusLine;
use crate::app::modes::present::Presentation;
use crate::app::modes::teach::{Lesson, LessonTab};
use crate::app::render::RenderQuality;
use crate::app::scene::layers::{Selection, ViewSettings};
use crate::app::scene::model::StructureNode;
use crate::app::schedule::AppMode;
use crate::app::viewport::ViewportRect;
use crate::plan::items::ItemRef;
use crate::pose::BodyPose;
use inspector::{Planning, Tab};

/// Registers the interface state and its three passes: the panels, the overlays on the view, the prompts.
pub fn plugin(app: &mut App) {
    app.init_resource::<UiState>().add_systems(
        EguiPrimaryContextPass,
        (theme, layout, overlays::draw, prompts::draw).chain(),
    );
}

/// Interface state that is not part of the plan.
#[derive(Resource)]
pub struct UiState {
    /// Text of the "Open path" window, shown while `Some`.
    pub(crate) open_path: Option<String>,
    /// Text of the "Save to path" window, shown while `Some`.
    pub(crate) save_path: Option<String>,
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

/// The view controls the panels read and change: what is shown, what is selected, the body's pose, the
/// anti-aliasing.
#[derive(SystemParam)]
pub struct ViewControls<'w, 's> {
    /// Layers, x-ray, isolation, variant.
    pub settings: ResMut<'w, ViewSettings>,
    /// The hovered and selected structure.
    pub selection: Res<'w, Selection>,
    /// How the body lies.
    pub pose: ResMut<'w, BodyPose>,
    /// The model's structures.
    pub nodes: Query<'w, 's, &'static StructureNode>,
    /// The anti-aliasing choice.
    pub quality: ResMut<'w, RenderQuality>,
}

impl ViewControls<'_, '_> {
    /// The structure with this node name.
    pub fn node(&self, name: &str) -> Option<&StructureNode> {
        self.nodes.iter().find(|n| n.node == name)
    }

    /// The structure under the pointer.
    pub fn hovered_node(&self) -> Option<&StructureNode> {
        self.node(self.selection.hovered.as_deref()?)
    }
}

/// The frame the panels are laid out in: the interface state, the status line, the 3D view's rectangle
/// that is left over, and the mode.
#[derive(SystemParam)]
pub struct Frame<'w> {
    state: ResMut<'w, UiState>,
    status: ResMut<'w, StatusLine>,
    rect: ResMut<'w, ViewportRect>,
    mode: Option<Res<'w, State<AppMode>>>,
    presentation: ResMut<'w, Presentation>,
    lesson: ResMut<'w, Lesson>,
}

fn layout(
    mut contexts: EguiContexts,
    mut frame: Frame,
    mut view: ViewControls,
    mut planning: Planning,
    files: menu_bar::Files,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    // Widgets take `&mut` to the settings every frame; keep them unchanged unless a value really changed,
    // so the scene is not re-applied (and the materials re-uploaded) on every frame.
    let settings_before = (
        view.settings.bypass_change_detection().clone(),
        view.settings.last_changed(),
    );
    let pose_before = (*view.pose, view.pose.last_changed());
    follow_selection(&mut frame.state, &planning, &view);
    let mode = frame.mode.as_ref().map_or(AppMode::Planning, |m| *m.get());
    let planning_mode = mode == AppMode::Planning;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    if frame.state.show_panels && mode == AppMode::Presenting {
        egui::Panel::top("presentation_top").show(&mut root, |ui| {
            presentation::top(
                ui,
                &planning.current,
                &mut frame.presentation,
                &mut commands,
            );
        });
        // A fixed height: the caption must not wait for a second frame to find its size, which an idle
        // window would never draw.
        egui::Panel::bottom("presentation_caption")
            .exact_size(presentation::CAPTION_HEIGHT)
            .show(&mut root, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    presentation::bottom(ui, &planning.current, &frame.presentation, &mut commands);
                });
            });
    } else if frame.state.show_panels && mode == AppMode::Teaching {
        egui::Panel::top("teaching_top").show(&mut root, |ui| {
            teaching::top(ui, &mut frame.lesson, &mut commands);
        });
        egui::Panel::left("teaching_side")
            .resizable(true)
            .default_size(300.0)
            .max_size(420.0)
            .show(&mut root, |ui| {
                teaching::side(ui, &mut frame.lesson, &view.settings, &mut commands);
            });
        if frame.lesson.tab == LessonTab::Tour {
            // A fixed height, as the presentation's caption: an idle window draws no second frame.
            egui::Panel::bottom("teaching_caption")
                .exact_size(teaching::CAPTION_HEIGHT)
                .show(&mut root, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        teaching::caption(ui, &frame.lesson, &mut commands);
                    });
                });
        }
    } else if frame.state.show_panels {
        egui::Panel::top("menu_bar").show(&mut root, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                menu_bar::file_menu(ui, &files, &mut frame.state, &mut commands);
                menu_bar::view_menu(ui, &mut view, &mut commands);
            });
        });
        if planning_mode {
            egui::Panel::top("toolbar").show(&mut root, |ui| {
                toolbar::show(ui, &mut planning, &mut commands);
            });
        }
        egui::Panel::bottom("status_bar").show(&mut root, |ui| {
            status_bar::show(ui, &mut frame.status, &view);
        });
        egui::Panel::left("anatomy")
            .resizable(true)
            .default_size(270.0)
            .max_size(380.0)
            .show(&mut root, |ui| {
                anatomy_panel::show(ui, &mut frame.state.search, &mut view, &mut commands);
            });
        egui::Panel::right("information")
            .resizable(true)
            .default_size(330.0)
            .max_size(460.0)
            .show(&mut root, |ui| {
                inspector::show(ui, &mut frame.state.tab, &mut planning, &mut commands);
                if frame.state.tab == Tab::Structure {
                    // An id of its own: the inspector's tabs above scroll in another area.
                    egui::ScrollArea::vertical()
                        .id_salt("structure_info")
                        .show(ui, |ui| {
                            structure_info::show(ui, &view, &mut commands);
                        });
                }
            });
    }
    let free = root.available_rect_before_wrap();
    let rect = ViewportRect {
        min: Vec2::new(free.min.x, free.min.y),
        max: Vec2::new(free.max.x, free.max.y),
    };
    if *frame.rect != rect {
        *frame.rect = rect;
    }
    if *view.settings == settings_before.0 {
        view.settings.set_last_changed(settings_before.1);
    }
    if *view.pose == pose_before.0 {
        view.pose.set_last_changed(pose_before.1);
    }
    Ok(())
}

/// Brings the zone tab forward when a zone is selected, the structure tab when a structure is.
fn follow_selection(state: &mut UiState, planning: &Planning, view: &ViewControls) {
    let zone = planning.editor.selected.clone();
    let structure = view.selection.selected.clone();
    if zone != state.seen.0 && zone.is_some() {
        state.tab = Tab::Zone;
    } else if structure != state.seen.1 && structure.is_some() {
        state.tab = Tab::Structure;
    }
    state.seen = (zone, structure);
}

/// The interface's colours: dark, or light while presenting on a light screen (the 3D view's background
/// follows).
fn theme(
    mut contexts: EguiContexts,
    mode: Option<Res<State<AppMode>>>,
    presentation: Res<Presentation>,
    mut clear: ResMut<ClearColor>,
    mut applied: Local<Option<bool>>,
) -> Result {
    let light = presentation.light && mode.is_some_and(|m| *m.get() == AppMode::Presenting);
    if *applied == Some(light) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    if light {
        ctx.set_visuals(egui::Visuals::light());
        clear.0 = LIGHT_BACKGROUND;
    } else {
        ctx.set_visuals(egui::Visuals::dark());
        clear.0 = DARK_BACKGROUND;
    }
    // The idle fix (no blinking cursor) lives in the style the visuals just replaced.
    ctx.all_styles_mut(|style| style.visuals.text_cursor.blink = false);
    *applied = Some(light);
    Ok(())
}

/// The 3D view's background on the dark interface.
pub const DARK_BACKGROUND: Color = Color::srgb(0.13, 0.14, 0.16);
/// The 3D view's background on a light screen.
pub const LIGHT_BACKGROUND: Color = Color::srgb(0.93, 0.93, 0.91);
