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
use crate::app::modes::present::Step;
use crate::app::modes::teach::TourStep;
use crate::app::scene::layers::Select;
use crate::app::schedule::{AppMode, AppSet};
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
    /// F5: present the session to the client.
    Present,
    /// F6: teach the nerve's course.
    Teach,
    /// While presenting or teaching, right, down, space or page down: the next step.
    NextStep,
    /// While presenting or teaching, left, up or page up: the step before.
    PreviousStep,
    /// While presenting or teaching, Home: the first step.
    FirstStep,
    /// While presenting or teaching, Escape: back to planning.
    BackToPlanning,
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

/// The actions the keys pressed in this frame ask for, in `mode`. `typing` is true while a text field has
/// the keyboard: then only the file shortcuts count.
pub fn actions(keys: &ButtonInput<KeyCode>, typing: bool, mode: AppMode) -> Vec<Action> {
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
        if typing || mode != AppMode::Planning {
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
    if mode != AppMode::Planning {
        let any = |bound: &[KeyCode]| keys.any_just_pressed(bound.iter().copied());
        if any(&[
            KeyCode::ArrowRight,
            KeyCode::ArrowDown,
            KeyCode::Space,
            KeyCode::PageDown,
        ]) {
            out.push(Action::NextStep);
        }
        if any(&[KeyCode::ArrowLeft, KeyCode::ArrowUp, KeyCode::PageUp]) {
            out.push(Action::PreviousStep);
        }
        if any(&[KeyCode::Home]) {
            out.push(Action::FirstStep);
        }
        if any(&[KeyCode::Escape]) {
            out.push(Action::BackToPlanning);
        }
        return out;
    }
    if keys.just_pressed(KeyCode::F5) {
        out.push(Action::Present);
    }
    if keys.just_pressed(KeyCode::F6) {
        out.push(Action::Teach);
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
    mode: Option<Res<State<AppMode>>>,
    mut commands: Commands,
) {
    if keys.get_just_pressed().next().is_none() {
        return;
    }
    let mode = mode.map_or(AppMode::Planning, |m| *m.get());
    let mut editor = editor;
    for action in actions(&keys, interface.has_keyboard(), mode) {
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
            Action::Present => commands.set_state(AppMode::Presenting),
            Action::Teach => commands.set_state(AppMode::Teaching),
            Action::BackToPlanning => commands.set_state(AppMode::Planning),
            Action::NextStep if mode == AppMode::Teaching => commands.trigger(TourStep::Next),
            Action::PreviousStep if mode == AppMode::Teaching => commands.trigger(TourStep::Back),
            Action::FirstStep if mode == AppMode::Teaching => commands.trigger(TourStep::To(0)),
            Action::NextStep => commands.trigger(Step::Next),
            Action::PreviousStep => commands.trigger(Step::Back),
            Action::FirstStep => commands.trigger(Step::To(0)),
        }
    }
}

/// Held keys orbit, zoom and pan the camera.
fn keyboard_navigation(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    interface: InterfaceInput,
    mode: Option<Res<State<AppMode>>>,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    // While presenting or teaching, the arrow keys step through the session or the tour instead.
    if mode.is_some_and(|m| *m.get() != AppMode::Planning) {
        return;
    }
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
        assert_eq!(actions(&keys, false, AppMode::Planning), [Action::Save]);
        let keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyZ]);
        assert_eq!(actions(&keys, false, AppMode::Planning), [Action::Undo]);
        let keys = pressed(&[KeyCode::SuperRight, KeyCode::ShiftLeft, KeyCode::KeyZ]);
        assert_eq!(actions(&keys, false, AppMode::Planning), [Action::Redo]);
        let keys = pressed(&[KeyCode::ControlRight, KeyCode::KeyY]);
        assert_eq!(actions(&keys, false, AppMode::Planning), [Action::Redo]);
        // Ctrl+Z never picks the zone tool.
        assert!(
            !actions(
                &pressed(&[KeyCode::ControlLeft, KeyCode::KeyZ]),
                false,
                AppMode::Planning
            )
            .contains(&Action::Tool(Tool::Treatment))
        );
    }

    #[test]
    fn a_whole_shortcut_in_one_slow_frame_still_counts() {
        let mut keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyO]);
        keys.release(KeyCode::ControlLeft);
        assert_eq!(actions(&keys, false, AppMode::Planning), [Action::Open]);
    }

    #[test]
    fn letters_pick_tools_unless_a_text_field_has_the_keyboard() {
        for tool in Tool::ALL {
            let (key, label) = tool.shortcut();
            assert_eq!(
                actions(&pressed(&[key]), false, AppMode::Planning),
                [Action::Tool(tool)]
            );
            assert!(
                actions(&pressed(&[key]), true, AppMode::Planning).is_empty(),
                "typing {label}"
            );
        }
        assert!(
            actions(
                &pressed(&[KeyCode::AltLeft, KeyCode::KeyV]),
                false,
                AppMode::Planning
            )
            .is_empty()
        );
        // The file shortcuts work while typing; undo is the text field's.
        let keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyS]);
        assert_eq!(actions(&keys, true, AppMode::Planning), [Action::Save]);
        let keys = pressed(&[KeyCode::ControlLeft, KeyCode::KeyZ]);
        assert!(actions(&keys, true, AppMode::Planning).is_empty());
    }

    #[test]
    fn delete_home_and_escape() {
        assert_eq!(
            actions(&pressed(&[KeyCode::Backspace]), false, AppMode::Planning),
            [Action::DeleteSelected]
        );
        assert_eq!(
            actions(&pressed(&[KeyCode::Home]), false, AppMode::Planning),
            [Action::HomeView]
        );
        assert_eq!(
            actions(&pressed(&[KeyCode::Escape]), false, AppMode::Planning),
            [Action::ClearSelection]
        );
        assert!(actions(&pressed(&[KeyCode::Escape]), true, AppMode::Planning).is_empty());
    }

    #[test]
    fn while_presenting_keys_step_and_escape_leaves() {
        let presenting = |keys: &[KeyCode]| actions(&pressed(keys), false, AppMode::Presenting);
        assert_eq!(presenting(&[KeyCode::Space]), [Action::NextStep]);
        assert_eq!(presenting(&[KeyCode::ArrowRight]), [Action::NextStep]);
        assert_eq!(presenting(&[KeyCode::ArrowLeft]), [Action::PreviousStep]);
        assert_eq!(presenting(&[KeyCode::Home]), [Action::FirstStep]);
        assert_eq!(presenting(&[KeyCode::Escape]), [Action::BackToPlanning]);
        let teaching = |keys: &[KeyCode]| actions(&pressed(keys), false, AppMode::Teaching);
        assert_eq!(teaching(&[KeyCode::ArrowDown]), [Action::NextStep]);
        assert_eq!(teaching(&[KeyCode::PageUp]), [Action::PreviousStep]);
        assert_eq!(teaching(&[KeyCode::Escape]), [Action::BackToPlanning]);
        assert!(
            teaching(&[KeyCode::Delete]).is_empty(),
            "no editing in a lesson"
        );
        assert_eq!(
            actions(&pressed(&[KeyCode::F6]), false, AppMode::Planning),
            [Action::Teach]
        );
        // No editing while the client watches.
        assert!(presenting(&[KeyCode::KeyZ]).is_empty());
        assert!(presenting(&[KeyCode::Delete]).is_empty());
        assert!(presenting(&[KeyCode::ControlLeft, KeyCode::KeyZ]).is_empty());
        assert_eq!(
            actions(&pressed(&[KeyCode::F5]), false, AppMode::Planning),
            [Action::Present]
        );
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
