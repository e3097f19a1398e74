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
        .add_plugins(document::actions::plugin);
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

mod drafting;
mod editor;
mod live_safety;
mod posing;
mod present;
mod teach;
mod viewer;

/// A headless app that exports, with the week 1 plan open; and that plan.
fn export_app() -> (App, plan::SessionPlan) {
    let mut app = headless_app();
    app.add_plugins(sciatic_planner::app::document::export::plugin);
    app.world_mut().trigger(OpenPlan {
        path: example("case-study-week1.ron"),
    });
    app.update();
    let original = app.world().resource::<CurrentPlan>().plan.clone();
    (app, original)
}

#[test]
fn the_handout_is_exported_from_the_open_plan_on_the_chosen_paper() {
    use sciatic_planner::app::document::export::{Export, ExportKind};
    use sciatic_planner::handout::Paper;

    let dir = tempfile::tempdir().unwrap();
    let (mut app, original) = export_app();
    for (paper, media_box) in [
        (Paper::A4, "/MediaBox[0 0 595 842]"),
        (Paper::Letter, "/MediaBox[0 0 612 792]"),
    ] {
        let path = dir.path().join(format!("{paper:?}.pdf"));
        app.world_mut().trigger(Export {
            kind: ExportKind::Handout(paper),
            path: path.clone(),
        });
        app.update();
        let status = app.world().resource::<StatusLine>();
        assert!(!status.is_error, "{}", status.text);
        let bytes = fs::read(&path).expect("the handout is written");
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(
            String::from_utf8_lossy(&bytes).contains(media_box),
            "{paper:?} pages"
        );
    }
    // A folder that does not exist: an error in the status bar, no file, the plan untouched.
    let missing = dir.path().join("no such folder").join("handout.pdf");
    app.world_mut().trigger(Export {
        kind: ExportKind::Handout(Paper::A4),
        path: missing.clone(),
    });
    app.update();
    let status = app.world().resource::<StatusLine>();
    assert!(status.is_error && status.text.contains("cannot write"));
    assert!(!missing.exists());
    assert_eq!(app.world().resource::<CurrentPlan>().plan, original);
}

#[test]
fn an_anonymised_copy_keeps_the_zones_and_leaves_out_the_client() {
    use sciatic_planner::app::document::export::{Export, ExportKind};

    let dir = tempfile::tempdir().unwrap();
    let (mut app, original) = export_app();
    let path = dir.path().join("copy.ron");
    app.world_mut().trigger(Export {
        kind: ExportKind::AnonymisedCopy,
        path: path.clone(),
    });
    app.update();
    let copy = plan::load(&path).expect("the copy loads");
    assert_eq!(copy.zones.len(), original.zones.len());
    assert_ne!(copy.client_alias, original.client_alias);
    assert_eq!(copy.date, None);
    assert!(copy.notes.is_empty() && copy.zones.iter().all(|z| z.notes.is_empty()));
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains(&original.client_alias),
        "no alias left in the file"
    );
    // The open plan is untouched.
    assert_eq!(app.world().resource::<CurrentPlan>().plan, original);
    assert!(!app.world().resource::<StatusLine>().is_error);
}
