//! The one keymap of the app: every key it answers to, and the system that turns presses into actions.
//!
//! Keys are read from Bevy's input, which sees the modifiers however fast they come. While a text field
//! has the keyboard, only the file shortcuts work (a text field has its own undo). Held keys move the
//! camera.

use bevy::prelude::*;
use bevy_panorbit_camera::PanOrbitCamera;

use crate::app::document::keeping::{Guarded, save};
use crate::app::document::{CurrentPlan, PlanEdit, Redo, Undo};
use crate::app::editor::{EditorState, SelectItem, Tool};
use crate::app::scene::layers::Select;
use crate::app::schedule::AppSet;
use crate::app::third_party::egui_setup::InterfaceInput;
use crate::app::viewport::camera::{SetView, ViewPreset};

/// Registers the keyboard shortcuts.
pub fn plugin(app: &mut App) {
    app.add_systems(Update, keyboard.in_set(AppSet::Input))
        .add_systems(
            Update,
            keyboard_navigation
                .in_set(AppSet::Edits)
                .before(bevy_panorbit_camera::PanOrbitCameraSystemSet),
        );
}

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ctrl+S: save (or save as, for a plan without a file).
    Save,
    /// Ctrl+O: choose a plan to open.
    Open,
    /// Ctrl+N: start a new plan.
    New,
    /// Ctrl+Z: undo.
    Undo,
    /// Ctrl+Y or Ctrl+Shift+Z: redo.
    Redo,
    /// A tool's letter.
    Tool(Tool),
    /// Delete or Backspace: remove the selected zone or no-go area.
    DeleteSelected,
    /// Home: back to the posterior view.
    HomeView,
    /// Escape: clear the structure selection.
    ClearSelection,
}

/// A way the held keys move the camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Navigation {
    /// Arrow left: orbit to the left.
    OrbitLeft,
    /// Arrow right: orbit to the right.
    OrbitRight,
    /// Arrow up: orbit over the top.
    OrbitUp,
    /// Arrow down: orbit from below.
    OrbitDown,
    /// + (or the keypad's): zoom in.
    ZoomIn,
    /// - (or the keypad's): zoom out.
    ZoomOut,
    /// Page up: move the view up.
    PanUp,
    /// Page down: move the view down.
    PanDown,
}

/// The keys that move the camera while held.
pub const NAVIGATION: [(Navigation, &[KeyCode]); 8] = [
    (Navigation::OrbitLeft, &[KeyCode::ArrowLeft]),
    (Navigation::OrbitRight, &[KeyCode::ArrowRight]),
    (Navigation::OrbitUp, &[KeyCode::ArrowUp]),
    (Navigation::OrbitDown, &[KeyCode::ArrowDown]),
    (Navigation::ZoomIn, &[KeyCode::Equal, KeyCode::NumpadAdd]),
    (
        Navigation::ZoomOut,
        &[KeyCode::Minus, KeyCode::NumpadSubtract],
    ),
    (Navigation::PanUp, &[KeyCode::PageUp]),
    (Navigation::PanDown, &[KeyCode::PageDown]),
];

/// The camera movements whose keys are held, unless the interface has the keyboard.
pub fn held_navigation(
    keys: &ButtonInput<KeyCode>,
    interface_has_keyboard: bool,
) -> Vec<Navigation> {
    if interface_has_keyboard {
        return Vec::new();
    }
    NAVIGATION
        .iter()
        .filter(|(_, bound)| keys.any_pressed(bound.iter().copied()))
        .map(|(movement, _)| *movement)
        .collect()
}

const COMMAND: [KeyCode; 4] = [
    KeyCode::ControlLeft,
    KeyCode::ControlRight,
    KeyCode::SuperLeft,
    KeyCode::SuperRight,
];
const SHIFT: [KeyCode; 2] = [KeyCode::ShiftLeft, KeyCode::ShiftRight];
const ALT: [KeyCode; 2] = [KeyCode::AltLeft, KeyCode::AltRight];

/// True when one of the keys is held, or was let go in this frame: on a slow frame a whole Ctrl+S, press
/// and release, can arrive at once.
fn held(keys: &ButtonInput<KeyCode>, any: &[KeyCode]) -> bool {
    keys.any_pressed(any.iter().copied()) || keys.any_just_released(any.iter().copied())
}

/// The actions the keys pressed in this frame ask for. `typing` is true while a text field has the
/// keyboard: then only the file shortcuts count.
pub fn actions(keys: &ButtonInput<KeyCode>, typing: bool) -> Vec<Action> {
    let mut out = Vec::new();
    if held(keys, &COMMAND) {
        for (key, action) in [
            (KeyCode::KeyS, Action::Save),
            (KeyCode::KeyO, Action::Open),
            (KeyCode::KeyN, Action::New),
        ] {
            if keys.just_pressed(key) {
                out.push(action);
            }
        }
        if typing {
            return out;
        }
        if keys.just_pressed(KeyCode::KeyY)
            || (held(keys, &SHIFT) && keys.just_pressed(KeyCode::KeyZ))
        {
            out.push(Action::Redo);
        } else if keys.just_pressed(KeyCode::KeyZ) {
            out.push(Action::Undo);
        }
        return out;
    }
    if typing {
        return out;
    }
    if keys.just_pressed(KeyCode::Home) {
        out.push(Action::HomeView);
    }
    if keys.just_pressed(KeyCode::Escape) {
        out.push(Action::ClearSelection);
    }
    if held(keys, &ALT) {
        return out;
    }
    for tool in Tool::ALL {
        if keys.just_pressed(tool.shortcut().0) {
            out.push(Action::Tool(tool));
        }
    }
    if keys.any_just_pressed([KeyCode::Delete, KeyCode::Backspace]) {
        out.push(Action::DeleteSelected);
    }
    out
}

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    interface: InterfaceInput,
    current: Option<Res<CurrentPlan>>,
    editor: Option<ResMut<EditorState>>,
    mut commands: Commands,
) {
    if keys.get_just_pressed().next().is_none() {
        return;
    }
    let mut editor = editor;
    for action in actions(&keys, interface.has_keyboard()) {
        match action {
            Action::Save => {
                if let Some(current) = &current {
                    save(current, &mut commands);
                }
            }
            Action::Open => commands.trigger(Guarded::OpenDialog),
            Action::New => commands.trigger(Guarded::New),
            Action::Undo => commands.trigger(Undo),
            Action::Redo => commands.trigger(Redo),
            Action::Tool(tool) => {
                if let Some(editor) = editor.as_mut() {
                    editor.tool = tool;
                }
            }
            Action::DeleteSelected => {
                if let Some(item) = editor.as_ref().and_then(|e| e.selected.clone()) {
                    commands.trigger(PlanEdit(item.remove()));
                    commands.trigger(SelectItem(None));
                }
            }
            Action::HomeView => commands.trigger(SetView(ViewPreset::Posterior)),
            Action::ClearSelection => commands.trigger(Select(None)),
        }
    }
}

/// Held keys orbit, zoom and pan the camera.
fn keyboard_navigation(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    interface: InterfaceInput,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    let held = held_navigation(&keys, interface.has_keyboard());
    if held.is_empty() {
        return;
    }
    let dt = time.delta_secs().min(0.1);
    let turn = 1.6 * dt;
    for mut cam in &mut cameras {
        for movement in &held {
            match movement {
                Navigation::OrbitLeft => cam.target_yaw -= turn,
                Navigation::OrbitRight => cam.target_yaw += turn,
                Navigation::OrbitUp => cam.target_pitch = (cam.target_pitch + turn).min(1.55),
                Navigation::OrbitDown => cam.target_pitch = (cam.target_pitch - turn).max(-1.55),
                Navigation::ZoomIn => {
                    cam.target_radius = (cam.target_radius * (1.0 - dt)).max(0.08);
                }
                Navigation::ZoomOut => {
                    cam.target_radius = (cam.target_radius * (1.0 + dt)).min(6.0);
                }
                Navigation::PanUp => cam.target_focus.y += 0.4 * dt,
                Navigation::PanDown => cam.target_focus.y -= 0.4 * dt,
            }
        }
        cam.force_update = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pressed(keys: &[KeyCode]) -> ButtonInput<KeyCode> {
        let mut input = ButtonInput::default();
        for key in keys {
            input.press(*key);
        }
        input
    }

    #[test]
    fn command_keys_save_undo_and_redo() {
        let keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyS]);
        assert_eq!(actions(&keys, false), [Action::Save]);
        let keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyZ]);
        assert_eq!(actions(&keys, false), [Action::Undo]);
        let keys = pressed(&[KeyCode::SuperRight, KeyCode::ShiftLeft, KeyCode::KeyZ]);
        assert_eq!(actions(&keys, false), [Action::Redo]);
        let keys = pressed(&[KeyCode::ControlRight, KeyCode::KeyY]);
        assert_eq!(actions(&keys, false), [Action::Redo]);
        // Ctrl+Z never picks the zone tool.
        assert!(
            !actions(&pressed(&[KeyCode::ControlLeft, KeyCode::KeyZ]), false)
                .contains(&Action::Tool(Tool::Treatment))
        );
    }

    #[test]
    fn a_whole_shortcut_in_one_slow_frame_still_counts() {
        let mut keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyO]);
        keys.release(KeyCode::ControlLeft);
        assert_eq!(actions(&keys, false), [Action::Open]);
    }

    #[test]
    fn letters_pick_tools_unless_a_text_field_has_the_keyboard() {
        for tool in Tool::ALL {
            let (key, label) = tool.shortcut();
            assert_eq!(actions(&pressed(&[key]), false), [Action::Tool(tool)]);
            assert!(actions(&pressed(&[key]), true).is_empty(), "typing {label}");
        }
        assert!(actions(&pressed(&[KeyCode::AltLeft, KeyCode::KeyV]), false).is_empty());
        // The file shortcuts work while typing; undo is the text field's.
        let keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyS]);
        assert_eq!(actions(&keys, true), [Action::Save]);
        let keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyZ]);
        assert!(actions(&keys, true).is_empty());
    }

    #[test]
    fn delete_home_and_escape() {
        assert_eq!(
            actions(&pressed(&[KeyCode::Backspace]), false),
            [Action::DeleteSelected]
        );
        assert_eq!(
            actions(&pressed(&[KeyCode::Home]), false),
            [Action::HomeView]
        );
        assert_eq!(
            actions(&pressed(&[KeyCode::Escape]), false),
            [Action::ClearSelection]
        );
        assert!(actions(&pressed(&[KeyCode::Escape]), true).is_empty());
    }

    #[test]
    fn held_keys_move_the_camera_unless_typing() {
        let keys = pressed(&[KeyCode::ArrowLeft, KeyCode::NumpadAdd]);
        assert_eq!(
            held_navigation(&keys, false),
            [Navigation::OrbitLeft, Navigation::ZoomIn]
        );
        assert!(held_navigation(&keys, true).is_empty());
    }
}
