//! The posable body: a test played on the leg and held, and a plan's client position placing the legs
//! with the zones riding on their segments.

use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use sciatic_planner::anatomy::Side;
use sciatic_planner::app::document::{self, OpenPlan};
use sciatic_planner::app::scene::layers as view;
use sciatic_planner::app::scene::model::{self, SkinJoints};
use sciatic_planner::app::scene::pose::{self, LegPose, NerveStrain, PlayTest, ShownTest};
use sciatic_planner::app::scene::zone_paint::{self, ZonePaintOf};
use sciatic_planner::plan::items::ItemRef;
use sciatic_planner::plan::{ClientPosition, Segment};
use sciatic_planner::pose::BodyPose;
use sciatic_planner::pose::tension::{NerveTest, PLAY_SECONDS};

/// A frame's time step.
const STEP: Duration = Duration::from_millis(50);

fn posing_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(STEP))
        .add_plugins((
            document::actions::plugin,
            document::findings::plugin,
            model::plugin,
            view::plugin,
            pose::plugin,
            zone_paint::plugin,
        ));
    app.update();
    app
}

/// Where the joint that carries `segment` puts a point of the neutral body (model frame).
fn carried(app: &mut App, segment: Segment, p: Vec3) -> Vec3 {
    let joint = app.world().resource::<SkinJoints>().of(segment);
    app.world()
        .get::<Transform>(joint)
        .expect("the joint has a transform")
        .transform_point(p)
}

#[test]
fn the_straight_leg_raise_plays_lifts_the_leg_then_holds_and_measures_the_nerve() {
    let mut app = posing_app();
    let toe = Vec3::new(-0.0835, 0.0, 0.12);
    let before = carried(&mut app, Segment::FootRight, toe);
    app.world_mut().trigger(PlayTest {
        test: NerveTest::StraightLegRaise,
        side: Side::Right,
        raise: 70.0,
    });
    app.update();
    assert_eq!(
        *app.world().resource::<BodyPose>(),
        BodyPose::OnTable(ClientPosition::Supine)
    );
    // Halfway through, it is still playing and the leg is on its way up.
    let frames = (PLAY_SECONDS / STEP.as_secs_f32()).ceil() as usize;
    for _ in 0..frames / 2 {
        app.update();
    }
    let view = app
        .world()
        .resource::<ShownTest>()
        .0
        .expect("a test is shown");
    assert!(view.playing);
    let halfway = app.world().resource::<LegPose>().right.hip_flexion;
    assert!((10.0..60.0).contains(&halfway), "{halfway}");
    for _ in 0..frames {
        app.update();
    }
    let view = app
        .world()
        .resource::<ShownTest>()
        .0
        .expect("a test is shown");
    assert!(!view.playing, "it ends");
    assert_eq!(view.progress, 1.0);
    let legs = *app.world().resource::<LegPose>();
    assert!((legs.right.hip_flexion - 70.0).abs() < 1e-3);
    assert_eq!(legs.right.knee_flexion, 0.0);
    assert_eq!(legs.left, Default::default(), "the other leg stays down");
    // The raised leg's toes are carried forward of the body (in the model frame, anterior is +Z).
    let after = carried(&mut app, Segment::FootRight, toe);
    assert!(after.z > before.z + 0.5, "{before} -> {after}");
    assert!(after.y > before.y + 0.2, "{before} -> {after}");
    let strain = app.world().resource::<NerveStrain>().clone();
    let tension = strain.tension.clone().expect("the nerve is measured");
    assert!(tension.total.percent() > 2.0, "{}", tension.total.percent());
    assert!(strain.of("sciatic_nerve_r").is_some_and(|p| p > 5.0));
    assert!(strain.of("sciatic_nerve_r__variant_b").is_some());
    assert!(strain.of("sciatic_nerve_l").is_none());
    // Held: more frames change nothing.
    app.update();
    assert_eq!(app.world().resource::<ShownTest>().0, Some(view));
    assert_eq!(*app.world().resource::<LegPose>(), legs);
}

#[test]
fn a_side_lying_plan_bends_the_top_leg_and_its_zones_ride_on_their_segment() {
    let dir = tempfile::tempdir().unwrap();
    let source =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/six-phase-protocol.ron");
    let text = std::fs::read_to_string(source)
        .unwrap()
        .replace("position: Prone", "position: SideLying");
    let path = dir.path().join("side-lying.ron");
    std::fs::write(&path, text).unwrap();
    let mut app = posing_app();
    app.world_mut().trigger(OpenPlan { path });
    app.update();
    app.update();
    assert_eq!(
        *app.world().resource::<BodyPose>(),
        BodyPose::OnTable(ClientPosition::SideLying)
    );
    let legs = *app.world().resource::<LegPose>();
    assert!(legs.right.hip_flexion > 30.0 && legs.right.knee_flexion > 30.0);
    let plan = app.world().resource::<document::CurrentPlan>().plan.clone();
    let joints = *app.world().resource::<SkinJoints>();
    let mut paint = app.world_mut().query::<(&ZonePaintOf, &ChildOf)>();
    let mut on_thigh = 0;
    for (of, parent) in paint.iter(app.world()) {
        let ItemRef::Zone(id) = &of.0 else { continue };
        let zone = plan.zones.iter().find(|z| &z.id == id).expect("a zone");
        assert_eq!(parent.parent(), joints.of(zone.anchor.segment), "{id}");
        if zone.anchor.segment == Segment::ThighRight {
            on_thigh += 1;
        }
    }
    assert!(on_thigh > 0, "the plan has zones on the thigh");
}
