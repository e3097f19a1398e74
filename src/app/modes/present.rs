//! Presenting the session to the client: the whole window is the body, and the session is told zone by
//! zone in treatment order. Step 0 is the overview (the body in the session's position, the affected side,
//! the areas no one will work on); each further step turns the camera to one zone and emphasises it. The
//! plan is only read here, never changed.

use bevy::prelude::*;

use crate::app::document::CurrentPlan;
use crate::app::editor::SelectItem;
use crate::app::scene::pose::LayBody;
use crate::app::schedule::AppMode;
use crate::app::viewport::camera::{SetView, ViewPreset, frame_zone};
use crate::plan::items::ItemRef;
use crate::plan::{SessionPlan, Zone};
use crate::pose::BodyPose;

/// Registers the presentation state and its steps.
pub fn plugin(app: &mut App) {
    app.init_resource::<Presentation>()
        .add_observer(on_step)
        .add_systems(OnEnter(AppMode::Presenting), start)
        .add_systems(OnExit(AppMode::Presenting), finish);
}

/// Where the presentation is.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Presentation {
    /// The step shown: 0 the overview, then one per zone in treatment order.
    pub step: usize,
    /// A light screen (for a screen turned towards the client in a bright room).
    pub light: bool,
}

impl Presentation {
    /// How many steps the plan's presentation has: the overview and one per zone.
    pub fn steps(plan: &SessionPlan) -> usize {
        1 + plan.zones.len()
    }

    /// The zone of the step shown, if the step is a zone's.
    pub fn zone<'a>(&self, plan: &'a SessionPlan) -> Option<&'a Zone> {
        let place = self.step.checked_sub(1)?;
        plan.zones_in_order().get(place).copied()
    }
}

/// Move through the presentation.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The next step (stays at the last).
    Next,
    /// The step before (stays at the overview).
    Back,
    /// This step (0 the overview; past the last, the last).
    To(usize),
}

/// How much around a zone the camera shows (m), at least.
const ZONE_VIEW_M: f32 = 0.09;

fn on_step(
    step: On<Step>,
    current: Res<CurrentPlan>,
    mut presentation: ResMut<Presentation>,
    mut commands: Commands,
) {
    let last = Presentation::steps(&current.plan) - 1;
    let to = match *step.event() {
        Step::Next => (presentation.step + 1).min(last),
        Step::Back => presentation.step.saturating_sub(1),
        Step::To(n) => n.min(last),
    };
    presentation.step = to;
    show(&presentation, &current.plan, &mut commands);
}

/// Turns the view to the step: the overview from the therapist's side, or one zone, emphasised.
fn show(presentation: &Presentation, plan: &SessionPlan, commands: &mut Commands) {
    match presentation.zone(plan) {
        None => {
            // The overview: the body as the session begins.
            if let Some(first) = plan.zones_in_order().first() {
                commands.trigger(LayBody(BodyPose::OnTable(first.position)));
            }
            commands.trigger(SelectItem(None));
            commands.trigger(SetView(ViewPreset::Therapist));
        }
        Some(zone) => {
            // Each zone is shown with the client lying as it is worked.
            commands.trigger(SelectItem(Some(ItemRef::Zone(zone.id.clone()))));
            frame_zone(
                commands,
                zone,
                (zone.half_extent_m() * 2.0).max(ZONE_VIEW_M),
            );
        }
    }
}

fn start(
    current: Res<CurrentPlan>,
    mut presentation: ResMut<Presentation>,
    mut commands: Commands,
) {
    presentation.step = 0;
    show(&presentation, &current.plan, &mut commands);
}

fn finish(mut commands: Commands) {
    commands.trigger(SelectItem(None));
}
