//! What the app is being used for, as a Bevy state; each mode gets its room here. Planning, the
//! therapist's mode, is the one there is today: its tools are the editor (`editor/`) and the inspector's
//! tabs (`ui/inspector/`), and its systems sit in [`ModeSet::Planning`].

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

/// What the app is being used for.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AppMode {
    /// Marking zones and no-go areas on the body, with live safety findings.
    #[default]
    Planning,
}

/// Systems that run only in one mode.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModeSet {
    /// Only while planning.
    Planning,
}

/// Adds the mode state (once) and gates each mode's systems on it.
pub fn plugin(app: &mut App) {
    if app.world().contains_resource::<State<AppMode>>() {
        return;
    }
    if !app.is_plugin_added::<StatesPlugin>() {
        app.add_plugins(StatesPlugin);
    }
    let planning = || ModeSet::Planning.run_if(in_state(AppMode::Planning));
    app.init_state::<AppMode>()
        .configure_sets(PreUpdate, planning())
        .configure_sets(Update, planning())
        .configure_sets(PostUpdate, planning());
}
