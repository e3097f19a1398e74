//! The live safety findings of the open plan.

use bevy::prelude::*;
use sciatic_planner::app::document::findings::{self, LiveFindings};
use sciatic_planner::app::document::{self, OpenPlanText, PlanEdit, Undo};
use sciatic_planner::plan::edit::{Edit, new_disc_zone};
use sciatic_planner::plan::examples::EXAMPLES;
use sciatic_planner::plan::{Pressure, Severity, Tool};

#[test]
fn findings_follow_every_edit_of_the_open_plan() {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins((document::actions::plugin, findings::plugin));
    let example = EXAMPLES
        .iter()
        .find(|e| e.title == "Six-phase protocol")
        .unwrap();
    app.world_mut().trigger(OpenPlanText {
        name: example.title.into(),
        text: example.text.into(),
    });
    app.update();
    let live = app.world().resource::<LiveFindings>();
    assert!(
        live.0.iter().all(|f| f.severity != Severity::Error),
        "the example has no errors"
    );

    // A deep elbow on the skin over the nerve in the buttock, where z8 lies over it.
    let over_nerve = app
        .world()
        .resource::<document::CurrentPlan>()
        .plan
        .zones
        .iter()
        .find(|z| z.id == "z8")
        .unwrap()
        .anchor
        .clone();
    let mut zone = new_disc_zone(over_nerve, 25.0);
    zone.id = "elbow".into();
    zone.pressure = Pressure::Deep;
    zone.tool = Tool::Elbow;
    app.world_mut().trigger(PlanEdit(Edit::AddZone(zone)));
    app.update();
    let live = app.world().resource::<LiveFindings>();
    assert_eq!(live.worst_for("elbow"), Some(Severity::Error));
    assert!(live.0.iter().any(|f| f.zone.as_deref() == Some("elbow")
        && f.structure.as_deref() == Some("sciatic_nerve_r")
        && f.distance_mm.is_some()));

    app.world_mut().trigger(Undo);
    app.update();
    assert_eq!(
        app.world().resource::<LiveFindings>().worst_for("elbow"),
        None
    );
}
