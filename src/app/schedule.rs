//! The order of a frame, stated once in app-wide system sets; and what the app is being used for, as a
//! state ([`AppMode`]) that gates each mode's systems ([`ModeSet`]).
//!
//! A frame runs: [`AppSet::Input`] (the pointer's surface and the editor's gestures in `PreUpdate`, after
//! picking; the keymap in `Update`), then [`AppSet::Edits`] (the camera's input) in `Update`; then, in `PostUpdate`, [`AppSet::Interface`] (the
//! egui pass, which may edit the plan too), [`AppSet::Sync`] (what follows from the plan: live findings,
//! the pose and view the plan asks for, the window title, autosave) and [`AppSet::Scene`] (visibility,
//! materials, zone paint, the pose's transform), before Bevy propagates transforms and visibility.

use bevy::camera::visibility::VisibilitySystems;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::window::RequestRedraw;
use bevy_egui::EguiPostUpdateSet;

/// The app-wide system sets, in frame order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSet {
    /// Reading the user: the surface under the pointer, key presses, the editor's gestures.
    Input,
    /// Input turned into changes of the camera's targets. (Plan edits are observers: they take effect
    /// as soon as they are triggered, in whichever set triggers them.)
    Edits,
    /// The egui interface: panels, overlays and prompts.
    Interface,
    /// State that follows the open plan: findings, pose, variant, window title, autosave.
    Sync,
    /// The scene brought in line with the state: visibility, materials, zone paint, transforms.
    Scene,
}

/// Orders the sets in every schedule they are used in.
pub fn plugin(app: &mut App) {
    app.configure_sets(Update, (AppSet::Input, AppSet::Edits).chain())
        .configure_sets(
            PostUpdate,
            (AppSet::Interface, AppSet::Sync, AppSet::Scene)
                .chain()
                .before(TransformSystems::Propagate)
                .before(VisibilitySystems::VisibilityPropagate),
        )
        .configure_sets(
            PostUpdate,
            EguiPostUpdateSet::EndPass.in_set(AppSet::Interface),
        );
    // The pointer's surface comes from picking, which runs before `Update`.
    app.configure_sets(
        PreUpdate,
        AppSet::Input.after(bevy::picking::PickingSystems::Hover),
    );
}

/// What the app is being used for.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AppMode {
    /// Marking zones and no-go areas on the body, with live safety findings.
    #[default]
    Planning,
    /// Showing the client the session, zone by zone, on the whole window.
    Presenting,
    /// Teaching the nerve's course: guided tours, the variants, a quiz.
    Teaching,
}

/// Systems that run only in one mode.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModeSet {
    /// Only while planning.
    Planning,
    /// Only while presenting to the client.
    Presenting,
    /// Only while teaching.
    Teaching,
}

/// Adds the mode state (once) and gates each mode's systems on it.
pub fn modes_plugin(app: &mut App) {
    if app.world().contains_resource::<State<AppMode>>() {
        return;
    }
    if !app.is_plugin_added::<StatesPlugin>() {
        app.add_plugins(StatesPlugin);
    }
    let planning = || ModeSet::Planning.run_if(in_state(AppMode::Planning));
    let presenting = || ModeSet::Presenting.run_if(in_state(AppMode::Presenting));
    let teaching = || ModeSet::Teaching.run_if(in_state(AppMode::Teaching));
    app.init_state::<AppMode>()
        .add_message::<RequestRedraw>()
        .add_systems(Last, draw_the_new_mode)
        .configure_sets(PreUpdate, (planning(), presenting(), teaching()))
        .configure_sets(Update, (planning(), presenting(), teaching()))
        .configure_sets(PostUpdate, (planning(), presenting(), teaching()));
}

/// A change of mode takes effect at the start of the next frame: ask for that frame, or an idle window would
/// sleep on the old mode until the next input.
fn draw_the_new_mode(next: Res<NextState<AppMode>>, mut redraw: MessageWriter<RequestRedraw>) {
    if matches!(*next, NextState::Pending(_)) {
        redraw.write(RequestRedraw);
    }
}
