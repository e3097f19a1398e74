//! The viewer's settings, selection and search, and the pose a plan asks for.

use bevy::prelude::*;
use sciatic_planner::app::scene::layers::{
    self as view, Isolate, ResetView, Select, Selection, ToggleHidden, ViewSettings, search,
};
use sciatic_planner::app::scene::model::{self, StructureNode, ViewLayer};

fn viewer_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins((model::plugin, view::plugin));
    app.update();
    app
}

fn visibility(app: &mut App, node: &str) -> Visibility {
    let mut query = app.world_mut().query::<(&StructureNode, &Visibility)>();
    let world = app.world();
    *query
        .iter(world)
        .find(|(n, _)| n.node == node)
        .unwrap_or_else(|| panic!("no node {node}"))
        .1
}

#[test]
fn the_model_is_in_the_scene_with_every_structure() {
    let mut app = viewer_app();
    let mut query = app.world_mut().query::<&StructureNode>();
    let names: Vec<String> = query.iter(app.world()).map(|n| n.node.clone()).collect();
    for name in [
        "skin",
        "sacrum",
        "piriformis_r",
        "piriformis_l",
        "sciatic_nerve_r",
        "common_fibular_nerve_l",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} missing");
    }
}

#[test]
fn hiding_a_layer_hides_its_structures_only() {
    let mut app = viewer_app();
    assert_eq!(visibility(&mut app, "skin"), Visibility::Inherited);
    app.world_mut()
        .resource_mut::<ViewSettings>()
        .set_visible(ViewLayer::Skin, false);
    app.update();
    assert_eq!(visibility(&mut app, "skin"), Visibility::Hidden);
    assert_eq!(
        visibility(&mut app, "gluteus_maximus_r"),
        Visibility::Inherited
    );
    app.world_mut()
        .resource_mut::<ViewSettings>()
        .set_visible(ViewLayer::Superficial, false);
    app.update();
    assert_eq!(
        visibility(&mut app, "gluteus_maximus_r"),
        Visibility::Hidden
    );
    assert_eq!(visibility(&mut app, "piriformis_r"), Visibility::Inherited);
    app.world_mut().trigger(ResetView);
    app.update();
    assert_eq!(visibility(&mut app, "skin"), Visibility::Inherited);
}

#[test]
fn hiding_the_vessels_layer_hides_every_vessel_and_nothing_else() {
    let mut app = viewer_app();
    let vessels = [
        "femoral_artery_r",
        "femoral_vein_l",
        "popliteal_artery_l",
        "popliteal_vein_r",
        "superior_gluteal_artery_r",
        "inferior_gluteal_artery_l",
    ];
    for node in vessels {
        assert_eq!(visibility(&mut app, node), Visibility::Inherited, "{node}");
    }
    app.world_mut()
        .resource_mut::<ViewSettings>()
        .set_visible(ViewLayer::Vessels, false);
    app.update();
    let mut query = app.world_mut().query::<(&StructureNode, &Visibility)>();
    let mut hidden = Vec::new();
    for (node, visibility) in query.iter(app.world()) {
        if *visibility == Visibility::Hidden && node.variant.is_none() {
            hidden.push(node.node.clone());
        }
    }
    hidden.sort();
    let mut expected: Vec<String> = vessels.iter().map(|v| v.to_string()).collect();
    for base in [
        "femoral_artery",
        "femoral_vein",
        "popliteal_artery",
        "popliteal_vein",
    ] {
        for side in ["_r", "_l"] {
            expected.push(format!("{base}{side}"));
        }
    }
    for side in ["_l", "_r"] {
        expected.push(format!("superior_gluteal_artery{side}"));
        expected.push(format!("inferior_gluteal_artery{side}"));
        expected.push(format!("superior_gluteal_vein{side}"));
        expected.push(format!("inferior_gluteal_vein{side}"));
    }
    expected.sort();
    expected.dedup();
    assert_eq!(hidden, expected);
    // The nerves beside them stay.
    assert_eq!(
        visibility(&mut app, "femoral_nerve_r"),
        Visibility::Inherited
    );
    assert_eq!(
        visibility(&mut app, "tibial_nerve_r"),
        Visibility::Inherited
    );
}

#[test]
fn isolate_and_hide_one_structure() {
    let mut app = viewer_app();
    app.world_mut()
        .trigger(Isolate(Some("piriformis_r".into())));
    app.update();
    assert_eq!(visibility(&mut app, "piriformis_r"), Visibility::Inherited);
    assert_eq!(visibility(&mut app, "femur_r"), Visibility::Hidden);
    app.world_mut().trigger(Isolate(None));
    app.world_mut().trigger(ToggleHidden("femur_r".into()));
    app.update();
    assert_eq!(visibility(&mut app, "femur_r"), Visibility::Hidden);
    assert_eq!(visibility(&mut app, "femur_l"), Visibility::Inherited);
    app.world_mut().trigger(ToggleHidden("femur_r".into()));
    app.update();
    assert_eq!(visibility(&mut app, "femur_r"), Visibility::Inherited);
}

#[test]
fn variant_geometry_replaces_the_default_nerve() {
    let mut app = viewer_app();
    assert_eq!(
        visibility(&mut app, "sciatic_nerve_r__variant_b"),
        Visibility::Hidden
    );
    app.world_mut().resource_mut::<ViewSettings>().variant = 'B';
    app.update();
    assert_eq!(
        visibility(&mut app, "sciatic_nerve_r__variant_b"),
        Visibility::Inherited
    );
    assert_eq!(visibility(&mut app, "sciatic_nerve_r"), Visibility::Hidden);
    assert_eq!(
        visibility(&mut app, "sciatic_nerve_r__variant_f"),
        Visibility::Hidden
    );
    assert_eq!(
        visibility(&mut app, "tibial_nerve_r"),
        Visibility::Inherited
    );
}

#[test]
fn xray_fades_all_but_the_nerves() {
    let mut app = viewer_app();
    app.world_mut().resource_mut::<ViewSettings>().xray = true;
    app.update();
    let settings = app.world().resource::<ViewSettings>().clone();
    let mut query = app.world_mut().query::<&StructureNode>();
    for node in query.iter(app.world()) {
        let opacity = settings.opacity(node);
        if node.layer == ViewLayer::Nerves {
            assert_eq!(opacity, 1.0, "{}", node.node);
        } else {
            assert!(opacity < 0.3, "{} at {opacity}", node.node);
        }
    }
}

#[test]
fn selection_and_search() {
    let mut app = viewer_app();
    app.world_mut().trigger(Select(Some("piriformis_r".into())));
    app.update();
    assert_eq!(
        app.world().resource::<Selection>().selected.as_deref(),
        Some("piriformis_r")
    );
    app.world_mut().trigger(Select(None));
    app.update();
    assert_eq!(app.world().resource::<Selection>().selected, None);

    let mut query = app.world_mut().query::<&StructureNode>();
    let nodes: Vec<&StructureNode> = query.iter(app.world()).collect();
    let found: Vec<&str> = search(nodes.iter().copied(), "piri")
        .iter()
        .map(|n| n.node.as_str())
        .collect();
    assert!(
        found.contains(&"piriformis_r") && found.contains(&"piriformis_l"),
        "{found:?}"
    );
    assert!(
        found.iter().all(|n| n.starts_with("piriformis")),
        "{found:?}"
    );
    let found = search(nodes.iter().copied(), "Sciatic NERVE");
    assert!(found.iter().any(|n| n.node == "sciatic_nerve_r"));
    assert_eq!(search(nodes.iter().copied(), "").len(), nodes.len());
}

#[test]
fn the_open_plan_sets_the_affected_side_and_the_pose() {
    use sciatic_planner::app::document::{self, OpenPlan};
    use sciatic_planner::app::scene::pose;
    use sciatic_planner::plan::{AffectedSide as Side, ClientPosition};
    use sciatic_planner::pose::BodyPose;

    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins((
            document::actions::plugin,
            model::plugin,
            view::plugin,
            pose::plugin,
        ))
        .init_resource::<BodyPose>();
    app.update();
    assert_eq!(app.world().resource::<ViewSettings>().affected, None);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/case-study-week3.ron");
    app.world_mut().trigger(OpenPlan { path });
    app.update();
    let settings = app.world().resource::<ViewSettings>().clone();
    assert_eq!(settings.affected, Some(Side::Right));
    assert_eq!(
        *app.world().resource::<BodyPose>(),
        BodyPose::OnTable(ClientPosition::Prone)
    );
    let mut query = app.world_mut().query::<&StructureNode>();
    let nodes: Vec<StructureNode> = query.iter(app.world()).cloned().collect();
    let node = |name: &str| nodes.iter().find(|n| n.node == name).unwrap();
    assert!(settings.is_affected_nerve(node("sciatic_nerve_r")));
    assert!(!settings.is_affected_nerve(node("sciatic_nerve_l")));
    assert!(!settings.is_affected_nerve(node("piriformis_r")));
}

#[test]
fn the_skin_alone_is_drawn_solid() {
    let mut app = viewer_app();
    let skin = {
        let mut query = app.world_mut().query::<&StructureNode>();
        query
            .iter(app.world())
            .find(|n| n.node == "skin")
            .expect("the skin")
            .clone()
    };
    // Over the muscles the skin is a ghost.
    let settings = app.world().resource::<ViewSettings>().clone();
    assert!(settings.see_through(&skin));
    assert!(settings.alpha(&skin) < 0.5);
    // With every other layer hidden there is nothing to see through it but its own far side.
    let mut settings = settings;
    for layer in ViewLayer::ALL {
        settings.set_visible(layer, layer == ViewLayer::Skin);
    }
    assert!(settings.skin_alone());
    assert!(!settings.see_through(&skin));
    assert_eq!(settings.alpha(&skin), 1.0);
    // The layer's opacity slider still fades it.
    settings.layers.get_mut(&ViewLayer::Skin).unwrap().opacity = 0.5;
    assert!(settings.see_through(&skin));
    // The nerves shown again under it: a ghost again.
    settings.layers.get_mut(&ViewLayer::Skin).unwrap().opacity = 1.0;
    settings.set_visible(ViewLayer::Nerves, true);
    assert!(!settings.skin_alone());
    assert!(settings.see_through(&skin));
}
