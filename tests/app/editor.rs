//! Marking the plan with the pointer, and keeping the work: prompts, autosave, recovery.

use std::fs;

use bevy::prelude::*;
use sciatic_planner::anatomy::mesh::ModelMeshes;
use sciatic_planner::app::document::keeping::{
    self as session, AnswerPrompt, AnswerRecovery, Autosave, DataDir, Guarded, PendingDiscard,
};
use sciatic_planner::app::document::{
    self, CurrentPlan, OpenPlan, PlanEdit, Redo, SavePlanAs, Undo,
};
use sciatic_planner::app::editor::{self, EditorState, PointerSurface, SurfaceHit, Tool};
use sciatic_planner::plan::edit::Edit;
use sciatic_planner::plan::{Pressure, SessionPlan, Shape, Technique};

fn editor_app(data: Option<&std::path::Path>) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .init_resource::<ButtonInput<MouseButton>>()
        .insert_resource(DataDir(data.map(Into::into)))
        .add_plugins((document::actions::plugin, editor::plugin, session::plugin));
    app.world_mut().resource_mut::<Autosave>().every = std::time::Duration::ZERO;
    app.update();
    app
}

/// The skin's backward-facing vertices, as pointer hits.
fn back_skin() -> impl Iterator<Item = SurfaceHit> {
    let skin = ModelMeshes::embedded().node("skin").unwrap();
    skin.positions
        .iter()
        .zip(&skin.normals)
        .filter(|(_, n)| n[2] < -0.5)
        .map(|(p, n)| SurfaceHit {
            node: "skin".into(),
            position: Vec3::from(*p),
            normal: Vec3::from(*n),
        })
}

/// The backward-facing skin point nearest to `near`.
fn skin_hit(near: Vec3) -> SurfaceHit {
    back_skin()
        .min_by(|a, b| {
            a.position
                .distance(near)
                .total_cmp(&b.position.distance(near))
        })
        .unwrap()
}

/// The first backward-facing skin point that `wanted` accepts.
fn skin_where(wanted: impl Fn(Vec3) -> bool) -> SurfaceHit {
    back_skin()
        .find(|h| wanted(h.position))
        .expect("a skin point where asked")
}

/// The first point of the skin that `wanted` accepts, walking from `from` along `step` (and onto the
/// nearest skin at each step), with the skin's normal there.
fn skin_along(from: Vec3, step: Vec3, wanted: impl Fn(Vec3) -> bool) -> SurfaceHit {
    let model = sciatic_planner::safety::SafetyModel::embedded();
    let skin = model.skin.as_ref().expect("the model has a skin");
    (0..400)
        .filter_map(|k| skin.nearest(from + step * k as f32, 0.05))
        .find(|p| wanted(*p))
        .map(|position| SurfaceHit {
            node: "skin".into(),
            position,
            normal: model
                .surface_normal(position, 0.0)
                .expect("the skin's normal"),
        })
        .expect("a skin point where asked")
}

fn set_pointer(app: &mut App, hit: &SurfaceHit) {
    app.world_mut().resource_mut::<PointerSurface>().0 = Some(hit.clone());
}

/// Press on the first point, drag through the others, release.
fn gesture(app: &mut App, tool: Tool, points: &[SurfaceHit]) {
    app.world_mut().resource_mut::<EditorState>().tool = tool;
    set_pointer(app, &points[0]);
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .press(MouseButton::Left);
    app.update();
    for p in &points[1..] {
        app.world_mut()
            .resource_mut::<ButtonInput<MouseButton>>()
            .clear();
        set_pointer(app, p);
        app.update();
    }
    let mut mouse = app.world_mut().resource_mut::<ButtonInput<MouseButton>>();
    mouse.clear();
    mouse.release(MouseButton::Left);
    app.update();
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .clear();
    app.update();
}

/// Press and release at the skin point nearest to `near`, without a drag.
fn click(app: &mut App, tool: Tool, near: Vec3) {
    gesture(app, tool, &[skin_hit(near)]);
}

fn plan(app: &App) -> SessionPlan {
    app.world().resource::<CurrentPlan>().plan.clone()
}

fn radius(plan: &SessionPlan, id: &str) -> f32 {
    match plan.zones.iter().find(|z| z.id == id).unwrap().shape {
        Shape::Disc { radius_mm } => radius_mm,
        Shape::Stroke { width_mm, .. } => width_mm / 2.0,
    }
}

fn centre(plan: &SessionPlan, id: &str) -> Vec3 {
    let p = plan
        .zones
        .iter()
        .find(|z| z.id == id)
        .unwrap()
        .anchor
        .position;
    Vec3::new(p.x, p.y, p.z)
}

#[test]
fn zones_are_placed_moved_resized_reordered_edited_and_deleted_with_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = editor_app(None);
    let mut states = vec![plan(&app)];

    // Place a zone on the right buttock and drag out its radius.
    let centre_hit = skin_hit(Vec3::new(-0.09, 0.90, -0.2));
    let out = skin_hit(centre_hit.position + Vec3::new(-0.045, 0.0, 0.0));
    gesture(
        &mut app,
        Tool::Treatment,
        &[centre_hit.clone(), out.clone()],
    );
    let p = plan(&app);
    assert_eq!(p.zones.len(), 1);
    let z = &p.zones[0];
    let dragged = centre_hit.position.distance(out.position) * 1000.0;
    assert!(
        (radius(&p, "z1") - dragged).abs() <= 0.5,
        "{} vs {dragged}",
        radius(&p, "z1")
    );
    assert_eq!(
        z.anchor.structure, "gluteus_maximus_r",
        "the muscle under the skin"
    );
    assert!(app.world().resource::<CurrentPlan>().dirty);
    assert_eq!(
        app.world().resource::<EditorState>().selected,
        Some(editor::ItemRef::Zone("z1".into()))
    );
    states.push(p);

    // Move it by dragging its middle.
    let to = skin_hit(centre_hit.position + Vec3::new(0.0, -0.05, 0.0));
    gesture(&mut app, Tool::Select, &[centre_hit.clone(), to.clone()]);
    let p = plan(&app);
    assert!(
        centre(&p, "z1").distance(to.position) < 0.002,
        "moved to the drop point"
    );
    assert_eq!(
        radius(&p, "z1"),
        radius(&states[1], "z1"),
        "moving keeps the size"
    );
    states.push(p);

    // Resize it by dragging its edge outwards.
    let c = centre(&states[2], "z1");
    let r = radius(&states[2], "z1") / 1000.0;
    // A skin point in the zone's rim, on its lateral side.
    let edge = skin_where(|p| {
        let d = p.distance(c);
        d > r - 0.006 && d < r - 0.001 && p.x < c.x - (r - 0.006) * 0.3
    });
    let wider = skin_hit(c + Vec3::new(-0.065, 0.0, 0.0));
    gesture(&mut app, Tool::Select, &[edge, wider.clone()]);
    let p = plan(&app);
    let expected = c.distance(wider.position) * 1000.0;
    assert!(
        (radius(&p, "z1") - expected).abs() <= 0.5,
        "{} vs {expected}",
        radius(&p, "z1")
    );
    assert_eq!(centre(&p, "z1"), c, "resizing keeps the centre");
    states.push(p);

    // A click without a drag places a zone of the default size.
    let second = skin_hit(Vec3::new(-0.1, 0.7, -0.2));
    gesture(&mut app, Tool::Treatment, &[second]);
    let p = plan(&app);
    assert_eq!(radius(&p, "z2"), editor::DEFAULT_ZONE_RADIUS_MM);
    states.push(p);

    // Reorder, edit and delete through the editor's actions.
    let mut edited = plan(&app).zones[0].clone();
    edited.technique = Technique::CrossFiberFriction;
    edited.pressure = Pressure::Moderate;
    edited.notes = "Slow, across the fibres".into();
    for edit in [
        Edit::ReorderZone {
            id: "z2".into(),
            to: 0,
        },
        Edit::SetZone(edited),
        Edit::RemoveZone("z2".into()),
    ] {
        app.world_mut().trigger(PlanEdit(edit));
        app.update();
        states.push(plan(&app));
    }
    let last = plan(&app);
    assert_eq!(last.zones.len(), 1);
    assert_eq!(last.zones[0].order, 1);
    assert_eq!(last.zones[0].technique, Technique::CrossFiberFriction);
    assert_eq!(states.len(), 8, "each action is one step");

    for expected in states.iter().rev().skip(1) {
        app.world_mut().trigger(Undo);
        app.update();
        assert_eq!(&plan(&app), expected);
    }
    for expected in states.iter().skip(1) {
        app.world_mut().trigger(Redo);
        app.update();
        assert_eq!(&plan(&app), expected);
    }

    // Save, reopen in a fresh app: the same plan.
    let file = dir.path().join("session.ron");
    app.world_mut().trigger(SavePlanAs { path: file.clone() });
    app.update();
    assert!(!app.world().resource::<CurrentPlan>().dirty);
    let mut again = editor_app(None);
    again.world_mut().trigger(OpenPlan { path: file });
    again.update();
    assert_eq!(plan(&again), last);
}

#[test]
fn a_stroke_follows_the_drag_and_undoes_in_one_step() {
    let mut app = editor_app(None);
    let path: Vec<SurfaceHit> = (0..8)
        .map(|i| skin_hit(Vec3::new(-0.11, 0.80 - i as f32 * 0.03, -0.2)))
        .collect();
    gesture(&mut app, Tool::Stroke, &path);
    let p = plan(&app);
    assert_eq!(p.zones.len(), 1);
    let Shape::Stroke { path: points, .. } = &p.zones[0].shape else {
        panic!("a stroke zone")
    };
    assert!(points.len() >= 6, "{} points", points.len());
    assert!(points.first().unwrap().y > points.last().unwrap().y + 0.15);

    // Its edge sets its width.
    let mid = points[points.len() / 2];
    let zone = &p.zones[0];
    let edge = skin_along(Vec3::from(mid), Vec3::new(-0.00025, 0.0, 0.0), |v| {
        (-0.0035..-0.0005).contains(&zone.signed_distance(v.into()))
    });
    // Dragged out across the skin to 12 mm beyond the edge.
    let out = skin_along(Vec3::from(mid), Vec3::new(-0.00025, 0.0, 0.0), |v| {
        zone.signed_distance(v.into()) > 0.012
    });
    gesture(&mut app, Tool::Select, &[edge, out.clone()]);
    let wide = plan(&app);
    let expected = 2.0 * p.zones[0].signed_distance(out.position.into()) * 1000.0
        + editor::DEFAULT_STROKE_WIDTH_MM;
    assert!(
        (radius(&wide, "z1") * 2.0 - expected).abs() <= 1.0,
        "width {} vs {expected}",
        radius(&wide, "z1") * 2.0
    );
    app.world_mut().trigger(Undo);
    app.update();
    assert_eq!(plan(&app), p, "one undo per drag");

    // Moved across the back of the thigh, it stays on the skin as the body curves.
    let grab = skin_hit(Vec3::new(mid.x, mid.y, mid.z));
    let drop = skin_hit(Vec3::new(mid.x - 0.025, mid.y, mid.z));
    // The pointer lands on skin vertices, the nearest ones to points 25 mm apart: the drag is the
    // distance between them.
    let dragged = grab.position.distance(drop.position);
    assert!(dragged > 0.012, "dragged {dragged} m");
    gesture(&mut app, Tool::Select, &[grab, drop]);
    let moved = plan(&app);
    let Shape::Stroke { path: after, .. } = &moved.zones[0].shape else {
        panic!("a stroke zone")
    };
    // Sideways (lateral, -x), as far as the pointer went, along the skin's curve, which turns forward
    // here.
    let (from, to) = (Vec3::from(points[0]), Vec3::from(after[0]));
    assert!(
        to.x < from.x - 0.010 && (to.distance(from) - dragged).abs() < 0.003,
        "moved sideways: {from} -> {to}, dragged {dragged} m"
    );
    let model = sciatic_planner::safety::SafetyModel::embedded();
    for q in after {
        let n = Vec3::from(moved.zones[0].anchor.normal);
        let probe = Vec3::from(*q) + n * 0.01;
        let skin = model
            .what_lies_under(probe, n)
            .into_iter()
            .find(|(node, _)| node == "skin")
            .expect("the skin under the point")
            .1;
        assert!(
            (skin - 10.0).abs() < 1.5,
            "{q:?} is {} mm off the skin",
            skin - 10.0
        );
    }
    app.world_mut().trigger(Undo);
    app.update();
    app.world_mut().trigger(Undo);
    app.update();
    assert!(plan(&app).zones.is_empty());
}

#[test]
fn no_go_areas_are_placed_and_the_eraser_removes_what_it_touches() {
    let mut app = editor_app(None);
    let a = skin_hit(Vec3::new(-0.07, 0.90, -0.2));
    let b = skin_hit(Vec3::new(-0.12, 0.70, -0.2));
    gesture(&mut app, Tool::NoGo, std::slice::from_ref(&a));
    gesture(&mut app, Tool::Treatment, std::slice::from_ref(&b));
    let p = plan(&app);
    assert_eq!((p.zones.len(), p.no_go.len()), (1, 1));
    assert_eq!(p.no_go[0].radius_mm, editor::DEFAULT_NO_GO_RADIUS_MM);
    gesture(&mut app, Tool::Eraser, &[a, b]);
    let p = plan(&app);
    assert_eq!((p.zones.len(), p.no_go.len()), (0, 0));
}

#[test]
fn unsaved_changes_are_kept_until_the_user_says_to_drop_them() {
    let mut app = editor_app(None);
    click(&mut app, Tool::Treatment, Vec3::new(-0.09, 0.9, -0.2));
    let edited = plan(&app);
    app.world_mut().trigger(Guarded::New);
    app.update();
    assert_eq!(plan(&app), edited, "nothing is lost before the answer");
    assert_eq!(
        app.world().resource::<PendingDiscard>().0,
        Some(Guarded::New)
    );
    app.world_mut().trigger(AnswerPrompt::Cancel);
    app.update();
    assert_eq!(plan(&app), edited, "cancel keeps the plan");
    assert_eq!(app.world().resource::<PendingDiscard>().0, None);
    app.world_mut().trigger(Guarded::New);
    app.update();
    app.world_mut().trigger(AnswerPrompt::Discard);
    app.update();
    assert!(plan(&app).zones.is_empty(), "a new plan after 'don't save'");
}

#[test]
fn closing_the_window_asks_when_there_are_unsaved_changes() {
    let mut app = editor_app(None);
    let window = app.world_mut().spawn_empty().id();
    let close = |app: &mut App| {
        app.world_mut()
            .write_message(bevy::window::WindowCloseRequested { window });
        app.update();
        app.update();
    };
    click(&mut app, Tool::Treatment, Vec3::new(-0.09, 0.9, -0.2));
    close(&mut app);
    assert_eq!(
        app.world().resource::<PendingDiscard>().0,
        Some(Guarded::Quit)
    );
    assert!(
        app.world().resource::<Messages<AppExit>>().is_empty(),
        "still open"
    );
    app.world_mut().trigger(AnswerPrompt::Discard);
    app.update();
    assert!(!app.world().resource::<Messages<AppExit>>().is_empty());

    // With nothing unsaved it closes at once.
    let mut app = editor_app(None);
    close(&mut app);
    assert!(!app.world().resource::<Messages<AppExit>>().is_empty());
}

#[test]
fn save_first_keeps_the_edits_on_disk_then_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("week1.ron");
    fs::copy(super::example("case-study-week1.ron"), &file).unwrap();
    let mut app = editor_app(None);
    app.world_mut().trigger(OpenPlan { path: file.clone() });
    app.update();
    click(&mut app, Tool::NoGo, Vec3::new(-0.12, 0.75, -0.2));
    let edited = plan(&app);
    app.world_mut().trigger(Guarded::New);
    app.update();
    app.world_mut().trigger(AnswerPrompt::Save);
    app.update();
    app.update();
    assert_eq!(sciatic_planner::plan::load(&file).unwrap(), edited);
    assert_eq!(plan(&app).zones.len(), 0, "then the new plan");
}

/// The recovery plans in a data folder.
fn recovery_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("recovery") && name.ends_with(".ron")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn two_windows_keep_their_unsaved_work_in_two_recovery_files() {
    let data = tempfile::tempdir().unwrap();
    let mut first = editor_app(Some(data.path()));
    let mut second = editor_app(Some(data.path()));
    click(&mut first, Tool::Treatment, Vec3::new(-0.09, 0.9, -0.2));
    click(&mut second, Tool::NoGo, Vec3::new(-0.07, 0.8, -0.2));
    click(&mut second, Tool::NoGo, Vec3::new(0.07, 0.8, -0.2));
    first.update();
    second.update();
    let (first_plan, second_plan) = (plan(&first), plan(&second));
    assert_ne!(first_plan, second_plan);
    let file = |app: &App| app.world().resource::<Autosave>().recovery_file().unwrap();
    let (first_file, second_file) = (file(&first), file(&second));
    assert_ne!(first_file, second_file);
    let mut both = vec![first_file.clone(), second_file.clone()];
    both.sort();
    assert_eq!(recovery_files(data.path()), both);
    assert_eq!(
        sciatic_planner::plan::load(&first_file).unwrap(),
        first_plan
    );
    assert_eq!(
        sciatic_planner::plan::load(&second_file).unwrap(),
        second_plan
    );

    // A third window started while both run offers neither: their owners are alive.
    let third = editor_app(Some(data.path()));
    assert!(third.world().resource::<Autosave>().offer.is_none());

    // The first window dies; a new one offers its plan, and only its plan.
    drop(first);
    let fourth = editor_app(Some(data.path()));
    let offer = fourth.world().resource::<Autosave>().offer.clone();
    assert_eq!(offer.expect("an offer").plan, first_plan);
    // The second window goes on writing its own file.
    click(&mut second, Tool::Eraser, Vec3::new(0.07, 0.8, -0.2));
    second.update();
    assert_eq!(
        sciatic_planner::plan::load(&second_file).unwrap(),
        plan(&second)
    );
    assert_eq!(
        sciatic_planner::plan::load(&first_file).unwrap(),
        first_plan
    );
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_the_recovery_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let data = tempfile::tempdir().unwrap();
    fs::set_permissions(data.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let mut app = editor_app(Some(data.path()));
    click(&mut app, Tool::Treatment, Vec3::new(-0.09, 0.9, -0.2));
    app.update();
    assert_eq!(mode(data.path()), 0o700, "the data folder");
    let files: Vec<_> = fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files.len() >= 3, "plan, origin and lock: {files:?}");
    for file in files {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    // Saving writes the plan and the recent-files list, both owner-only.
    let elsewhere = tempfile::tempdir().unwrap();
    let saved = elsewhere.path().join("saved.ron");
    app.world_mut().trigger(SavePlanAs {
        path: saved.clone(),
    });
    app.update();
    app.update();
    assert_eq!(mode(&saved), 0o600, "the saved plan");
    assert_eq!(
        mode(&data.path().join("recent.ron")),
        0o600,
        "the recent files"
    );
}

#[test]
fn edits_survive_a_crash_through_the_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    let mut app = editor_app(Some(data.path()));
    click(&mut app, Tool::Treatment, Vec3::new(-0.09, 0.9, -0.2));
    click(&mut app, Tool::NoGo, Vec3::new(-0.07, 0.8, -0.2));
    app.update();
    let edited = plan(&app);
    let recovery = app.world().resource::<Autosave>().recovery_file().unwrap();
    assert_eq!(
        recovery_files(data.path()),
        std::slice::from_ref(&recovery),
        "autosaved"
    );
    // The app dies without saving.
    drop(app);

    let mut app = editor_app(Some(data.path()));
    let offer = app
        .world()
        .resource::<Autosave>()
        .offer
        .clone()
        .expect("an offer");
    assert_eq!(offer.plan, edited);
    assert!(
        plan(&app).zones.is_empty(),
        "nothing replaced before the answer"
    );
    app.update();
    assert!(recovery.exists(), "the offer keeps the file");
    app.world_mut().trigger(AnswerRecovery { restore: true });
    app.update();
    assert_eq!(plan(&app), edited);
    assert!(
        app.world().resource::<CurrentPlan>().dirty,
        "still to be saved"
    );

    // Saving ends the need for the recovery file.
    let file = data.path().join("kept.ron");
    app.world_mut().trigger(SavePlanAs { path: file.clone() });
    app.update();
    app.update();
    assert!(!recovery.exists());
    assert_eq!(sciatic_planner::plan::load(&file).unwrap(), edited);
    let _ = fs::remove_file(file);
}

/// Presses `keys` together for one frame, then lets them go.
fn press_keys(app: &mut App, keys: &[KeyCode]) {
    let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    for key in keys {
        input.press(*key);
    }
    app.update();
    let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    input.release_all();
    input.clear();
    app.update();
}

#[test]
fn the_keymap_picks_tools_deletes_the_selected_zone_and_undoes() {
    let mut app = editor_app(None);
    app.init_resource::<ButtonInput<KeyCode>>()
        .add_plugins(sciatic_planner::app::keymap::plugin);
    press_keys(&mut app, &[KeyCode::KeyZ]);
    assert_eq!(app.world().resource::<EditorState>().tool, Tool::Treatment);
    // Place a zone with the tool the key picked: it is selected.
    let hit = skin_hit(Vec3::new(-0.09, 0.93, -0.1));
    set_pointer(&mut app, &hit);
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .press(MouseButton::Left);
    app.update();
    let mut mouse = app.world_mut().resource_mut::<ButtonInput<MouseButton>>();
    mouse.release(MouseButton::Left);
    mouse.clear();
    app.update();
    assert_eq!(plan(&app).zones.len(), 1);
    assert!(app.world().resource::<EditorState>().selected.is_some());
    // Delete removes it and clears the selection; Ctrl+Z brings it back; Ctrl+Shift+Z removes it again.
    press_keys(&mut app, &[KeyCode::Delete]);
    assert!(plan(&app).zones.is_empty());
    assert_eq!(app.world().resource::<EditorState>().selected, None);
    press_keys(&mut app, &[KeyCode::ControlLeft, KeyCode::KeyZ]);
    assert_eq!(plan(&app).zones.len(), 1, "undone");
    assert_eq!(
        app.world().resource::<EditorState>().tool,
        Tool::Treatment,
        "Ctrl+Z is undo, not the zone tool"
    );
    press_keys(
        &mut app,
        &[KeyCode::ShiftLeft, KeyCode::ControlLeft, KeyCode::KeyZ],
    );
    assert!(plan(&app).zones.is_empty(), "redone");
    press_keys(&mut app, &[KeyCode::KeyV]);
    assert_eq!(app.world().resource::<EditorState>().tool, Tool::Select);
}
