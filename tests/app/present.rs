//! Presenting the session to the client: the steps walk the zones in treatment order.

use bevy::prelude::*;
use sciatic_planner::app::document::{self, OpenPlan};
use sciatic_planner::app::editor::{self, EditorState, ItemRef};
use sciatic_planner::app::modes::present::{self, Presentation, Step};
use sciatic_planner::app::scene::pose::LegPose;
use sciatic_planner::app::schedule::AppMode;
use sciatic_planner::app::viewport::camera::FramePoint;
use sciatic_planner::plan::ClientPosition;
use sciatic_planner::pose::BodyPose;

/// The centres the camera was asked to turn to.
#[derive(Resource, Default)]
struct Framed(Vec<Vec3>);

fn present_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<ButtonInput<MouseButton>>()
        .add_plugins((
            document::actions::plugin,
            editor::plugin,
            present::plugin,
            sciatic_planner::app::scene::layers::plugin,
            sciatic_planner::app::scene::pose::plugin,
        ))
        .init_resource::<Framed>()
        .add_observer(|frame: On<FramePoint>, mut framed: ResMut<Framed>| {
            framed.0.push(frame.centre);
        });
    app.update();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/six-phase-protocol.ron");
    app.world_mut().trigger(OpenPlan { path });
    app.update();
    app
}

fn selected(app: &App) -> Option<ItemRef> {
    app.world().resource::<EditorState>().selected.clone()
}

#[test]
fn stepping_shows_each_zone_in_treatment_order_then_stops_at_the_last() {
    let mut app = present_app();
    app.world_mut()
        .resource_mut::<NextState<AppMode>>()
        .set(AppMode::Presenting);
    app.update();
    assert_eq!(
        *app.world().resource::<State<AppMode>>().get(),
        AppMode::Presenting
    );
    assert_eq!(
        app.world().resource::<Presentation>().step,
        0,
        "the overview first"
    );
    assert_eq!(selected(&app), None);
    let plan = app.world().resource::<document::CurrentPlan>().plan.clone();
    let order: Vec<_> = plan.zones_in_order().into_iter().cloned().collect();
    assert!(order.len() > 3);
    for (place, zone) in order.iter().enumerate() {
        app.world_mut().trigger(Step::Next);
        app.update();
        assert_eq!(app.world().resource::<Presentation>().step, place + 1);
        assert_eq!(selected(&app), Some(ItemRef::Zone(zone.id.clone())));
        let framed = app.world().resource::<Framed>().0.last().copied();
        assert_eq!(
            framed,
            Some(Vec3::from(zone.anchor.position)),
            "zone {}",
            zone.order
        );
        // The client lies as the zone is worked: prone, then side-lying with the top leg bent.
        assert_eq!(
            *app.world().resource::<BodyPose>(),
            BodyPose::OnTable(zone.position),
            "zone {}",
            zone.order
        );
        let legs = *app.world().resource::<LegPose>();
        assert_eq!(
            legs.right.knee_flexion > 0.0,
            zone.position == ClientPosition::SideLying || zone.position == ClientPosition::FrogLeg,
            "zone {}",
            zone.order
        );
    }
    assert!(
        order
            .iter()
            .any(|z| z.position == ClientPosition::SideLying),
        "the protocol turns the client over"
    );
    // Past the last zone the presentation stays there; Back and a jump work; Home is the overview.
    app.world_mut().trigger(Step::Next);
    app.update();
    assert_eq!(app.world().resource::<Presentation>().step, order.len());
    app.world_mut().trigger(Step::Back);
    app.update();
    assert_eq!(
        selected(&app),
        Some(ItemRef::Zone(order[order.len() - 2].id.clone()))
    );
    app.world_mut().trigger(Step::To(2));
    app.update();
    assert_eq!(selected(&app), Some(ItemRef::Zone(order[1].id.clone())));
    app.world_mut().trigger(Step::To(0));
    app.update();
    assert_eq!(selected(&app), None);
    // Leaving the presentation leaves the plan as it was.
    app.world_mut()
        .resource_mut::<NextState<AppMode>>()
        .set(AppMode::Planning);
    app.update();
    let after = &app.world().resource::<document::CurrentPlan>();
    assert_eq!(after.plan, plan);
    assert!(!after.dirty);
}
