//! Keeps the example plans on the skin when the model changes: moves every anchor and stroke point of the
//! plans in `plans/` onto the nearest point of the committed skin mesh, and gives each anchor the skin's
//! normal there where the one the file records has drifted from it.

use glam::Vec3;
use sciatic_planner::plan::items::{NORMAL_STEP, POSITION_STEP_M, rounded};
use sciatic_planner::plan::{self, Anchor, Point3, Shape};
use sciatic_planner::safety::{SafetyModel, SafetyRules, SkinSurface};

use super::*;

/// A recorded normal further than this from the skin's (degrees) is replaced: well inside the 20 degrees
/// at which `check` warns, and wide enough that a plan whose normals still fit is left as it is.
const NORMAL_DRIFT_DEG: f32 = 5.0;

/// Moves `p` onto the skin where it is more than 0.5 mm off it; says whether it moved.
fn snap_point(skin: &SkinSurface, p: &mut Point3) -> bool {
    let v = Vec3::from(*p);
    let q = skin.nearest(v, 1.0).expect("skin within a metre");
    let moved = q.distance(v) > 0.0005;
    if moved {
        *p = rounded(q, POSITION_STEP_M);
    }
    moved
}

/// Gives `anchor` the skin's normal at its centre (what a plan records and `check` compares with) where
/// the recorded one is more than [`NORMAL_DRIFT_DEG`] off it; says whether it changed.
fn refresh_normal(model: &SafetyModel, anchor: &mut Anchor) -> bool {
    let Some(skin) = model.surface_normal(Vec3::from(anchor.position), 0.0) else {
        return false;
    };
    let recorded = Vec3::from(anchor.normal).normalize_or_zero();
    let stale = recorded.angle_between(skin).to_degrees() > NORMAL_DRIFT_DEG;
    if stale {
        anchor.normal = rounded(skin, NORMAL_STEP);
    }
    stale
}

/// Rewrites the example plans so that their anchors and stroke points lie on the committed skin and
/// their anchors' normals are the skin's. Run explicitly after regenerating the model.
#[test]
#[ignore]
fn snap_example_plans_to_the_skin() {
    let model = SafetyModel::new(
        committed_meshes(),
        Anatomy::embedded(),
        SafetyRules::embedded(),
    );
    let skin = model.skin.as_ref().expect("the model has a skin");
    for f in &example_plan_files() {
        let mut plan = plan::load(f).expect("plan loads");
        let (mut moved, mut turned) = (0, 0);
        for zone in &mut plan.zones {
            moved += usize::from(snap_point(skin, &mut zone.anchor.position));
            if let Shape::Stroke { path, .. } = &mut zone.shape {
                for p in path.iter_mut() {
                    moved += usize::from(snap_point(skin, p));
                }
            }
            turned += usize::from(refresh_normal(&model, &mut zone.anchor));
        }
        for area in &mut plan.no_go {
            moved += usize::from(snap_point(skin, &mut area.anchor.position));
            turned += usize::from(refresh_normal(&model, &mut area.anchor));
        }
        if moved + turned > 0 {
            let text = plan::to_ron_string(&plan).expect("plan writes");
            std::fs::write(f, text).expect("write plan");
            eprintln!(
                "{}: {moved} points moved onto the skin, {turned} normals turned to it",
                f.display()
            );
        }
    }
}
