//! The app's document actions in a headless Bevy app (no window, no GPU).
#![cfg(feature = "app")]

use std::fs;
use std::path::{Path, PathBuf};

use bevy::prelude::*;
use sciatic_planner::app::document::{
    self, CurrentPlan, NewPlan, OpenPlan, SavePlan, SavePlanAs, StatusLine,
};
use sciatic_planner::plan;

fn headless_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(document::plugin);
    app.update();
    app
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("plans")
        .join(name)
}

#[test]
fn open_then_save_writes_each_example_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(example("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let mut app = headless_app();
        let copy = dir.path().join(path.file_name().unwrap());
        fs::copy(&path, &copy).unwrap();
        app.world_mut().trigger(OpenPlan { path: copy.clone() });
        app.update();
        let current = app.world().resource::<CurrentPlan>();
        assert_eq!(current.path.as_deref(), Some(copy.as_path()));
        assert!(!current.plan.zones.is_empty());
        app.world_mut().trigger(SavePlan);
        app.update();
        assert!(!app.world().resource::<StatusLine>().is_error);
        assert_eq!(
            fs::read(&copy).unwrap(),
            fs::read(&path).unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_broken_file_keeps_the_open_plan_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = headless_app();
    let good = example("case-study-week1.ron");
    app.world_mut().trigger(OpenPlan { path: good.clone() });
    app.update();
    let before = app.world().resource::<CurrentPlan>().plan.clone();

    let broken = dir.path().join("broken.ron");
    fs::write(
        &broken,
        "SessionPlan(\n    format_version: 1,\n    titel: \"x\",\n)",
    )
    .unwrap();
    app.world_mut().trigger(OpenPlan { path: broken });
    app.update();
    let current = app.world().resource::<CurrentPlan>();
    assert_eq!(current.plan, before);
    assert_eq!(current.path.as_deref(), Some(good.as_path()));
    let status = app.world().resource::<StatusLine>();
    assert!(status.is_error);
    assert!(status.text.contains("broken.ron:3:"), "{}", status.text);
}

#[test]
fn save_as_new_plan_then_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = headless_app();
    app.world_mut().trigger(NewPlan);
    app.update();
    // A new plan has no file: Save reports it instead of writing somewhere unexpected.
    app.world_mut().trigger(SavePlan);
    app.update();
    assert!(app.world().resource::<StatusLine>().is_error);

    let path = dir.path().join("new.ron");
    app.world_mut().trigger(SavePlanAs { path: path.clone() });
    app.update();
    assert_eq!(
        app.world().resource::<CurrentPlan>().path.as_deref(),
        Some(path.as_path())
    );
    assert_eq!(plan::load(&path).unwrap(), plan::SessionPlan::default());
}

mod viewer {
    use bevy::prelude::*;
    use sciatic_planner::app::model::{self, StructureNode, ViewLayer};
    use sciatic_planner::app::view::{
        self, Isolate, ResetView, Select, Selection, ToggleHidden, ViewSettings, search,
    };

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
        use sciatic_planner::app::camera::BodyPose;
        use sciatic_planner::app::document::{self, OpenPlan};
        use sciatic_planner::plan::{ClientPosition, Side};

        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .add_plugins((document::plugin, model::plugin, view::plugin))
            .init_resource::<BodyPose>();
        app.update();
        assert_eq!(app.world().resource::<ViewSettings>().affected, None);
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/case-study-week3.ron");
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
}
