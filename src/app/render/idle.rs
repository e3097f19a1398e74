//! An idle window draws nothing: a frame only when something happens (input, a change that asks for a
//! redraw, a camera still gliding). Between those the event loop sleeps; it wakes on its own only when the
//! autosave is due.

use std::time::Duration;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};

use crate::app::document::CurrentPlan;
use crate::app::document::keeping::Autosave;

/// Sets the reactive update mode and keeps its wait in step with the autosave.
pub fn plugin(app: &mut App) {
    app.insert_resource(idle_settings(IDLE_WAIT))
        .add_systems(PostUpdate, wake_for_autosave);
}

/// How long an idle window sleeps when nothing at all is pending. Nothing in the app needs a timer
/// then: every thread that finishes work in the background (a file dialog, the safety model, a
/// benchmark) wakes the window itself. The wake-up is only a safety net, and each one draws a frame,
/// which costs most of a second of CPU where the renderer runs on the CPU; once an hour keeps that
/// out of sight.
pub const IDLE_WAIT: Duration = Duration::from_secs(60 * 60);

/// The update mode of an interactive window: react to the window's own events and to redraw requests,
/// not to raw device events (mouse motion anywhere on the desktop), and otherwise sleep for `wait`.
pub fn reactive(wait: Duration) -> UpdateMode {
    UpdateMode::Reactive {
        wait,
        react_to_device_events: false,
        react_to_user_events: true,
        react_to_window_events: true,
    }
}

/// The interactive window's settings: the same when focused and unfocused.
pub fn idle_settings(wait: Duration) -> WinitSettings {
    WinitSettings {
        focused_mode: reactive(wait),
        unfocused_mode: reactive(wait),
    }
}

/// Lets an idle window sleep until the autosave is due, rather than waking on a fixed beat.
fn wake_for_autosave(
    current: Option<Res<CurrentPlan>>,
    autosave: Option<Res<Autosave>>,
    settings: Option<ResMut<WinitSettings>>,
) {
    let Some(mut settings) = settings else {
        return;
    };
    // Only interactive windows sleep; the stills and the benchmark draw continuously.
    let UpdateMode::Reactive { wait: now, .. } = settings.focused_mode else {
        return;
    };
    let wait = match (current, autosave) {
        (Some(current), Some(autosave)) => autosave
            .due_in(&current)
            .map_or(IDLE_WAIT, |d| d.clamp(Duration::from_millis(50), IDLE_WAIT)),
        _ => IDLE_WAIT,
    };
    if now.abs_diff(wait) >= Duration::from_millis(20) {
        *settings = idle_settings(wait);
    }
}
