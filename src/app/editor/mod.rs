//! Marking the plan on the body: the tools (select, treatment zone, stroke, no-go area, eraser), the item
//! the user has selected, and the press-drag-release gestures that add, move and resize zones.
//!
//! Gestures turn into [`PlanEdit`](crate::app::document::PlanEdit)s, the one way the plan changes; the end
//! of a gesture seals the undo step, so one drag is one undo. The rules of what an edit does live in
//! [`crate::plan::items`].

pub mod gestures;

use bevy::prelude::*;

use crate::app::scene::zone_paint::ZoneEmphasis;
use crate::app::schedule::AppSet;

pub use crate::plan::items::ItemRef;
pub use gestures::{PointerSurface, SurfaceHit, anchor_at};

/// Registers the editor state, the item selection and the gestures. (The keymap is the whole app's: it is
/// added with the app.)
pub fn plugin(app: &mut App) {
    crate::app::schedule::modes_plugin(app);
    app.init_resource::<EditorState>()
        .add_observer(on_select_item)
        .add_plugins(gestures::plugin)
        .add_systems(PostUpdate, emphasise_items.in_set(AppSet::Sync));
}

/// Radius of a new treatment zone made by a click without a drag (mm).
pub const DEFAULT_ZONE_RADIUS_MM: f32 = 30.0;
/// Radius of a new no-go area made by a click without a drag (mm).
pub const DEFAULT_NO_GO_RADIUS_MM: f32 = 20.0;
/// Width of a new stroke (mm).
pub const DEFAULT_STROKE_WIDTH_MM: f32 = 40.0;
/// Smallest and largest radius a drag sets (mm).
pub const RADIUS_RANGE_MM: (f32, f32) = (8.0, 150.0);
/// A stroke's path gets a new point each time the pointer has moved this far along the body (m).
const STROKE_STEP_M: f32 = 0.01;
/// How far outside an item's edge the pointer still counts as on it (m).
const PICK_TOLERANCE_M: f32 = 0.003;

/// The tool in the user's hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Select, move and resize zones (a stroke's edge sets its width); otherwise orbit and select structures.
    #[default]
    Select,
    /// Click to place a treatment zone, drag to set its radius.
    Treatment,
    /// Press, drag along the body and release to draw a stroke zone.
    Stroke,
    /// Click to place a no-go area, drag to set its radius.
    NoGo,
    /// Click or drag over zones and no-go areas to remove them.
    Eraser,
}

impl Tool {
    /// Every tool, in toolbar order.
    pub const ALL: [Tool; 5] = [
        Tool::Select,
        Tool::Treatment,
        Tool::Stroke,
        Tool::NoGo,
        Tool::Eraser,
    ];

    /// Its name on the toolbar.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Select => "Select",
            Tool::Treatment => "Zone",
            Tool::Stroke => "Stroke",
            Tool::NoGo => "No-go",
            Tool::Eraser => "Eraser",
        }
    }

    /// Its keyboard shortcut: the key, and its letter as the toolbar shows it.
    pub fn shortcut(self) -> (KeyCode, &'static str) {
        match self {
            Tool::Select => (KeyCode::KeyV, "V"),
            Tool::Treatment => (KeyCode::KeyZ, "Z"),
            Tool::Stroke => (KeyCode::KeyS, "S"),
            Tool::NoGo => (KeyCode::KeyN, "N"),
            Tool::Eraser => (KeyCode::KeyE, "E"),
        }
    }

    /// Its shortcut's letter.
    pub fn key(self) -> &'static str {
        self.shortcut().1
    }

    /// What it does, for its tooltip.
    pub fn hint(self) -> &'static str {
        match self {
            Tool::Select => {
                "Click a zone to edit it; drag its middle to move it, its edge to resize it. Elsewhere, drag to turn the view."
            }
            Tool::Treatment => {
                "Click on the body to place a treatment zone; drag out from the centre to set its size."
            }
            Tool::Stroke => {
                "Press on the body, drag along it and release: a stroke for gliding or stripping work."
            }
            Tool::NoGo => {
                "Click on the body to mark an area where no one may work; drag to set its size."
            }
            Tool::Eraser => "Click or drag over zones and no-go areas to remove them.",
        }
    }
}

/// The editor's state: tool, selected and hovered items, and the drag under way.
#[derive(Resource, Debug, Default)]
pub struct EditorState {
    /// The tool in use.
    pub tool: Tool,
    /// The zone or no-go area being edited in the panel.
    pub selected: Option<ItemRef>,
    /// The zone or no-go area under the pointer.
    pub hovered: Option<ItemRef>,
    pub(crate) gesture: Option<gestures::Gesture>,
}

impl EditorState {
    /// True while a drag of the editor owns the pointer (the camera must not move).
    pub fn is_dragging(&self) -> bool {
        self.gesture.is_some()
    }
}

/// Select a zone or a no-go area for the inspector (or clear the selection with `None`), the way
/// [`Select`](crate::app::scene::layers::Select) selects a structure.
#[derive(Event, Debug, Clone, PartialEq)]
pub struct SelectItem(pub Option<ItemRef>);

fn on_select_item(select: On<SelectItem>, mut state: ResMut<EditorState>) {
    if state.selected != select.0 {
        state.selected.clone_from(&select.0);
    }
}

/// Keeps the zone paint's emphasis on the selected and the hovered item.
fn emphasise_items(state: Res<EditorState>, emphasis: Option<ResMut<ZoneEmphasis>>) {
    let Some(mut emphasis) = emphasis else {
        return;
    };
    if state.is_changed() {
        emphasis.set_if_neq(ZoneEmphasis {
            selected: state.selected.clone(),
            hovered: state.hovered.clone(),
        });
    }
}
