//! The live safety check: the open plan is checked again whenever it changes.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use super::actions::CurrentPlan;
use crate::app::schedule::AppSet;
use crate::plan::Severity;
use crate::safety::{SafetyFinding, SafetyModel, check_safety};

/// Registers the live findings.
pub fn plugin(app: &mut App) {
    app.init_resource::<LiveFindings>()
        .add_message::<RequestRedraw>()
        .add_systems(PostUpdate, recheck.in_set(AppSet::Sync));
}

/// The safety findings of the open plan, as of its last change.
#[derive(Resource, Debug, Default, Clone)]
pub struct LiveFindings(pub Vec<SafetyFinding>);

impl LiveFindings {
    /// The worst severity among a zone's findings (by zone id), if it has any.
    pub fn worst_for(&self, zone: &str) -> Option<Severity> {
        self.0
            .iter()
            .filter(|f| f.zone.as_deref() == Some(zone))
            .map(|f| f.severity)
            .max()
    }

    /// The worst severity of the whole plan.
    pub fn worst(&self) -> Option<Severity> {
        self.0.iter().map(|f| f.severity).max()
    }
}

/// Present while the safety model is built on a thread of its own, so the first frame need not wait the
/// fifth of a second its build takes.
#[derive(Resource, Debug)]
pub struct SafetyModelInBackground;

/// Starts building the safety model on its own thread; the thread wakes the window when it is done, and
/// the open plan is checked then.
pub fn build_safety_model_in_background(
    waker: Option<Res<EventLoopProxyWrapper>>,
    mut commands: Commands,
) {
    let waker = waker.map(|w| (**w).clone());
    let spawned = std::thread::Builder::new()
        .name("safety model".into())
        .spawn(move || {
            SafetyModel::embedded();
            if let Some(waker) = waker {
                let _ = waker.send_event(WinitUserEvent::WakeUp);
            }
        });
    // Without a thread the first check builds the model itself.
    if spawned.is_ok() {
        commands.insert_resource(SafetyModelInBackground);
    }
}

/// Runs after the interface has drawn; when the findings change, one more frame shows them. While the
/// safety model is still being built in the background, the check waits for it.
fn recheck(
    current: Res<CurrentPlan>,
    mut findings: ResMut<LiveFindings>,
    mut redraw: MessageWriter<RequestRedraw>,
    building: Option<Res<SafetyModelInBackground>>,
    mut waiting: Local<bool>,
) {
    if !current.is_changed() && !*waiting {
        return;
    }
    let model = match SafetyModel::embedded_if_built() {
        Some(model) => model,
        None if building.is_some() => {
            *waiting = true;
            return;
        }
        None => SafetyModel::embedded(),
    };
    *waiting = false;
    let fresh = check_safety(&current.plan, model);
    if findings.0 != fresh {
        findings.0 = fresh;
        redraw.write(RequestRedraw);
    }
}
