//! The body as the open plan poses it: the plan decides the affected side, the nerve variant shown, how
//! the body lies on the table and how its legs are placed; the pose moves the model and its skeleton.
//! A nerve test shown on the body plays as a short eased movement, then holds; its stretch of the
//! nerve is shown as a colour along the nerve.

use bevy::math::Affine3A;
use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::layers::ViewSettings;
use super::model::{ModelRoot, SkinJoint};
use crate::anatomy::{Anatomy, Side};
use crate::app::document::CurrentPlan;
use crate::app::schedule::{AppMode, AppSet};
use crate::app::viewport::camera::{SetView, ViewPreset};
use crate::plan::{AffectedSide, SessionPlan};
use crate::pose::tension::{NerveTest, PLAY_SECONDS, Tension, tension};
use crate::pose::{BodyPose, JointCentres, LegAngles, Pose};

/// Registers the pose and the systems that follow the plan.
pub fn plugin(app: &mut App) {
    app.init_resource::<BodyPose>()
        .init_resource::<LegPose>()
        .init_resource::<ShownTest>()
        .init_resource::<NerveStrain>()
        .add_message::<RequestRedraw>()
        .add_observer(on_play_test)
        .add_observer(on_end_test)
        .add_observer(on_lay_body)
        .add_systems(
            PostUpdate,
            (
                follow_plan.in_set(AppSet::Sync),
                play_test.in_set(AppSet::Sync).after(follow_plan),
                (apply_pose, apply_leg_pose).in_set(AppSet::Scene),
            ),
        );
}

/// The angles of both legs the body shows (the anatomical position when all zero).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct LegPose {
    /// The right leg.
    pub right: LegAngles,
    /// The left leg.
    pub left: LegAngles,
}

impl LegPose {
    /// The legs of a pose.
    pub fn of(pose: &Pose) -> Self {
        LegPose {
            right: pose.right,
            left: pose.left,
        }
    }

    /// The whole pose: the body lying as `body` says, with these legs.
    pub fn posed(self, body: BodyPose) -> Pose {
        Pose {
            body,
            right: self.right,
            left: self.left,
        }
    }
}

/// How the open plan lays the client: as its first zone is worked, the treated side up where that
/// matters; `None` for a plan with no zones.
fn plan_pose(plan: &SessionPlan) -> Option<Pose> {
    let first = plan.zones_in_order().first().map(|z| z.position)?;
    Some(Pose::for_position(first, tested_side(plan.side)))
}

/// A nerve test shown on the body: which, on which leg, how far the hip is raised at its end, and how
/// far through it the body is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TestView {
    /// The test.
    pub test: NerveTest,
    /// The tested leg.
    pub side: Side,
    /// The hip flexion at the test's end (degrees).
    pub raise: f32,
    /// How far through the test, 0 to 1.
    pub progress: f32,
    /// True while it plays on its own; false when it holds or is scrubbed.
    pub playing: bool,
}

impl TestView {
    /// The tested leg's angles now.
    pub fn angles(&self) -> LegAngles {
        self.test.legs_at(self.progress, self.raise)
    }
}

/// The test shown on the body, if any.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct ShownTest(pub Option<TestView>);

/// What the shown test does to the nerve: the lengths, and per node the stretch (percent) its colour
/// shows.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct NerveStrain {
    /// The tested leg's lengths, while a test is shown.
    pub tension: Option<Tension>,
    /// Node name and stretch in percent, for the nodes coloured by it.
    pub nodes: Vec<(String, f32)>,
}

impl NerveStrain {
    /// The stretch shown on a node (its variants share the default node's), if any.
    pub fn of(&self, node: &str) -> Option<f32> {
        let base = node.split("__variant_").next().unwrap_or(node);
        self.nodes.iter().find(|(n, _)| n == base).map(|(_, p)| *p)
    }
}

/// Plays a test on the body from its start: the body lies as the test needs, the leg moves for
/// [`PLAY_SECONDS`], then holds.
#[derive(Event, Debug, Clone, Copy)]
pub struct PlayTest {
    /// The test.
    pub test: NerveTest,
    /// The tested leg.
    pub side: Side,
    /// The hip flexion at its end (degrees).
    pub raise: f32,
}

/// Ends the shown test: the body goes back to the plan's position.
#[derive(Event, Debug, Clone, Copy)]
pub struct EndTest;

/// Lays the body as chosen (the *View* menu): standing, or on the table in a client position with the
/// legs as that position places them (the open plan's side for frog-leg). A shown test ends.
#[derive(Event, Debug, Clone, Copy)]
pub struct LayBody(pub BodyPose);

fn on_lay_body(
    lay: On<LayBody>,
    current: Option<Res<CurrentPlan>>,
    mut shown: ResMut<ShownTest>,
    mut body: ResMut<BodyPose>,
    mut legs: ResMut<LegPose>,
) {
    shown.set_if_neq(ShownTest::default());
    let pose = match lay.0.position() {
        None => Pose::default(),
        Some(position) => Pose::for_position(
            position,
            current.map_or(Side::Right, |c| tested_side(c.plan.side)),
        ),
    };
    body.set_if_neq(pose.body);
    legs.set_if_neq(LegPose::of(&pose));
}

/// The leg a plan's affected side tests (the right when both).
pub fn tested_side(side: AffectedSide) -> Side {
    match side {
        AffectedSide::Left => Side::Left,
        _ => Side::Right,
    }
}

fn on_play_test(
    play: On<PlayTest>,
    mut shown: ResMut<ShownTest>,
    mut body: ResMut<BodyPose>,
    mut commands: Commands,
) {
    shown.0 = Some(TestView {
        test: play.test,
        side: play.side,
        raise: play.raise,
        progress: 0.0,
        playing: true,
    });
    body.set_if_neq(play.test.body(play.side));
    // Seen from the tested side, framed for the test's end.
    commands.trigger(SetView(match play.side {
        Side::Left => ViewPreset::LateralLeft,
        _ => ViewPreset::LateralRight,
    }));
}

fn on_end_test(
    _: On<EndTest>,
    mut shown: ResMut<ShownTest>,
    current: Option<Res<CurrentPlan>>,
    mode: Option<Res<State<AppMode>>>,
    mut body: ResMut<BodyPose>,
    mut legs: ResMut<LegPose>,
    mut commands: Commands,
) {
    shown.0 = None;
    // A lesson's body stands; a plan's lies as its first zone says.
    let teaching = mode.is_some_and(|m| *m.get() == AppMode::Teaching);
    let pose = current
        .as_ref()
        .filter(|_| !teaching)
        .and_then(|c| plan_pose(&c.plan))
        .unwrap_or_default();
    body.set_if_neq(pose.body);
    legs.set_if_neq(LegPose::of(&pose));
    // The camera frames the body as it lies again.
    match pose.body {
        BodyPose::Standing => commands.trigger(SetView(ViewPreset::Posterior)),
        _ => commands.trigger(BodyLaidDown),
    }
}

/// Moves a playing test on, puts the tested leg where the test is, and measures the nerve.
fn play_test(
    time: Res<Time>,
    mut shown: ResMut<ShownTest>,
    mut legs: ResMut<LegPose>,
    mut strain: ResMut<NerveStrain>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    // Only a playing test is touched here, so a held one does not count as changed each frame.
    if shown.0.is_some_and(|v| v.playing)
        && let Some(view) = shown.0.as_mut()
    {
        // A long pause between frames (the window slept) does not skip the movement.
        let step = time.delta_secs().min(0.25) / PLAY_SECONDS;
        view.progress = (view.progress + step).min(1.0);
        view.playing = view.progress < 1.0;
        // Ask for the next frame; the last one is drawn when the test holds, and then the window sleeps.
        redraw.write(RequestRedraw);
    }
    if !shown.is_changed() {
        return;
    }
    let Some(view) = shown.0 else {
        if *strain != NerveStrain::default() {
            *strain = NerveStrain::default();
        }
        return;
    };
    let mut pose = Pose::default();
    pose.set_leg(view.side, view.angles());
    legs.set_if_neq(LegPose::of(&pose));
    let Ok(t) = tension(Anatomy::embedded(), view.side, view.angles()) else {
        return;
    };
    let suffix = view.side.suffix();
    let mut nodes: Vec<(String, f32)> = ["sciatic_nerve", "tibial_nerve", "medial_plantar_nerve"]
        .iter()
        .zip(&t.nerve)
        .map(|(node, stretch)| (format!("{node}{suffix}"), stretch.percent()))
        .collect();
    if view.test == NerveTest::Piriformis {
        nodes.push((format!("piriformis{suffix}"), t.piriformis.percent()));
    }
    strain.set_if_neq(NerveStrain {
        tension: Some(t),
        nodes,
    });
}

/// Where each skin joint carries its segment within the body (the model root's frame) for these legs.
pub fn joint_transforms(legs: &LegPose) -> [Affine3A; 7] {
    let Ok(centres) = JointCentres::embedded() else {
        return [Affine3A::IDENTITY; 7];
    };
    legs.posed(BodyPose::Standing).joint_transforms(centres)
}

/// Puts the skeleton's joints where the legs' angles take them.
fn apply_leg_pose(
    legs: Res<LegPose>,
    added: Query<(), Added<SkinJoint>>,
    mut joints: Query<(&SkinJoint, &mut Transform)>,
) {
    if !legs.is_changed() && added.is_empty() {
        return;
    }
    let transforms = joint_transforms(&legs);
    for (joint, mut transform) in &mut joints {
        let wanted = Transform::from_matrix(transforms[joint.0].into());
        transform.set_if_neq(wanted);
    }
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
    legs: Option<ResMut<LegPose>>,
    shown: Option<ResMut<ShownTest>>,
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
    if let (true, Some(mut pose), Some(posed)) = (opened, pose, plan_pose(&current.plan)) {
        if let Some(mut legs) = legs {
            legs.set_if_neq(LegPose::of(&posed));
        }
        if let Some(mut shown) = shown {
            shown.0 = None;
        }
        if pose.set_if_neq(posed.body) {
            commands.trigger(BodyLaidDown);
        }
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
