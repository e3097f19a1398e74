//! The order of a frame, stated once in app-wide system sets.
//!
//! A frame runs: [`AppSet::Input`] (the pointer's surface and the editor's gestures in `PreUpdate`, after
//! picking; the keymap in `Update`), then [`AppSet::Edits`] (the camera's input) in `Update`; then, in `PostUpdate`, [`AppSet::Interface`] (the
//! egui pass, which may edit the plan too), [`AppSet::Sync`] (what follows from the plan: live findings,
//! the pose and view the plan asks for, the window title, autosave) and [`AppSet::Scene`] (visibility,
//! materials, zone paint, the pose's transform), before Bevy propagates transforms and visibility.

use bevy::camera::visibility::VisibilitySystems;
use bevy::prelude::*;
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
