//! The rooms of the app's modes (the modes themselves are a state: [`AppMode`]). Planning, the therapist's
//! mode, has its tools in `editor/` and `ui/inspector/`; presenting, the client's, and teaching, the
//! teacher's, live here.

pub mod present;
pub mod teach;

pub use crate::app::schedule::{AppMode, ModeSet};

/// Adds every mode's room.
pub fn plugin(app: &mut bevy::prelude::App) {
    app.add_plugins((present::plugin, teach::plugin));
}
