//! The body as the open plan poses it: the plan decides the affected side, the nerve variant shown and how
//! the body lies on the table; the pose moves the model.

use bevy::prelude::*;

use super::layers::ViewSettings;
use super::model::ModelRoot;
use crate::anatomy::Anatomy;
use crate::app::document::CurrentPlan;
use crate::app::schedule::AppSet;
use crate::pose::BodyPose;

/// Registers the pose and the systems that follow the plan.
pub fn plugin(app: &mut App) {
    app.init_resource::<BodyPose>().add_systems(
        PostUpdate,
        (
            follow_plan.in_set(AppSet::Sync),
            apply_pose.in_set(AppSet::Scene),
        ),
    );
}

/// The open plan decides the affected side, and the body lies as the plan's first zone says.
/// The open plan has just laid the body on the table: the camera turns to look at it the way the
/// therapist stands to it.
#[derive(Event, Debug, Clone, Copy)]
pub struct BodyLaidDown;

fn follow_plan(
    current: Option<Res<CurrentPlan>>,
    mut settings: ResMut<ViewSettings>,
    pose: Option<ResMut<BodyPose>>,
    mut seen: Local<Option<u64>>,
    mut seen_variant: Local<Option<char>>,
    mut commands: Commands,
) {
    let Some(current) = current.filter(|c| c.is_changed()) else {
        return;
    };
    // The body is laid on the table when a plan is opened, not each time a zone is edited.
    let opened = *seen != Some(current.generation);
    *seen = Some(current.generation);
    // The nerve variant recorded in the assessment is shown, where the model has its geometry.
    let variant = current
        .plan
        .assessment
        .nerve_variant
        .and_then(|v| v.letter().chars().next());
    if let Some(letter) = variant.filter(|l| Anatomy::embedded().model_variants().contains(l))
        && (opened || *seen_variant != variant)
        && settings.variant != letter
    {
        settings.variant = letter;
    }
    *seen_variant = variant;
    let affected =
        (!current.plan.zones.is_empty() || current.path.is_some()).then_some(current.plan.side);
    if settings.affected != affected {
        settings.affected = affected;
    }
    if let (true, Some(mut pose), Some(first)) =
        (opened, pose, current.plan.zones_in_order().first())
        && pose.set_if_neq(BodyPose::OnTable(first.position))
    {
        commands.trigger(BodyLaidDown);
    }
}

fn apply_pose(pose: Res<BodyPose>, mut roots: Query<&mut Transform, With<ModelRoot>>) {
    if !pose.is_changed() {
        return;
    }
    for mut transform in &mut roots {
        *transform = placed(*pose);
    }
}

/// The model root's transform for a pose: where the body stands or lies.
pub fn placed(pose: BodyPose) -> Transform {
    Transform::from_matrix(pose.placement().into())
}
