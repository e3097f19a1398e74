//! The live safety check: the open plan is checked again whenever it changes.

use bevy::prelude::*;
use bevy::window::RequestRedraw;

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

/// Runs after the interface has drawn; when the findings change, one more frame shows them.
fn recheck(
    current: Res<CurrentPlan>,
    mut findings: ResMut<LiveFindings>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if !current.is_changed() {
        return;
    }
    let fresh = check_safety(&current.plan, SafetyModel::embedded());
    if findings.0 != fresh {
        findings.0 = fresh;
        redraw.write(RequestRedraw);
    }
}
