//! What a tour stop's camera sees of the structures it lights: rays from the eye across each structure's
//! outline, past whatever the stop leaves drawn. The share of the outline in sight is what the tests hold
//! every stop to; the point in sight nearest the middle of what shows is where a stop's label line ends,
//! so a label never points at the structure in front of the one it names.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use glam::{Vec2, Vec3};

use super::tour::{Peel, Stop};
use crate::anatomy::mesh::ModelMeshes;
use crate::safety::bvh::TriangleBvh;

/// Rays across a structure's outline, each way.
const GRID: usize = 40;
/// How far a ray looks (metres): past the whole body.
const REACH: f32 = 10.0;

/// What a stop's camera sees of one lit structure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sight {
    /// Share of the rays that meet the structure which meet it first (0 to 1).
    pub share: f32,
    /// The point in sight nearest the middle of the part that shows; `None` when nothing shows.
    pub point: Option<Vec3>,
}

static SCENE: OnceLock<TriangleBvh> = OnceLock::new();

/// Every triangle of the built-in model, tagged with its node's index.
fn scene() -> &'static TriangleBvh {
    SCENE.get_or_init(|| {
        let model = ModelMeshes::embedded();
        let mut tris = Vec::new();
        let mut tags = Vec::new();
        for (i, node) in model.nodes.iter().enumerate() {
            for t in node.indices.chunks_exact(3) {
                tris.push([t[0], t[1], t[2]].map(|k| Vec3::from(node.positions[k as usize])));
                tags.push(i as u32);
            }
        }
        TriangleBvh::new(tris, tags)
    })
}

/// Builds the triangle hierarchy the sight casts its rays through (every triangle of the model), if it is
/// not built yet; a window builds it on a thread of its own while the first stop's camera glides in.
pub fn build_scene() {
    scene();
}

/// True once the triangle hierarchy is built, so a sight costs only its rays.
pub fn scene_is_built() -> bool {
    SCENE.get().is_some()
}

/// True when the model node `node` can hide what lies behind it at `stop`: the stop draws it (it is in
/// no peeled layer, not set aside, not a nerve variant's node) and it is not the translucent skin.
pub(crate) fn stands_in_view(stop: &Stop, node: &str) -> bool {
    node != "skin"
        && !node.contains("__variant_")
        && !stop.hide.iter().any(|h| h == node)
        && Peel::of_node(node).is_none_or(|p| !stop.hides(p))
}

/// What the camera of `stop` sees of the model node `node`: `None` for a name the model lacks. The
/// stop's peeled layers and hidden nodes are taken away, the nerve variants' nodes are never drawn, and
/// the translucent skin is seen through.
pub fn sight(stop: &Stop, node: &str) -> Option<Sight> {
    let model = ModelMeshes::embedded();
    let index = model.nodes.iter().position(|n| n.name == node)?;
    let drawn: Vec<bool> = model
        .nodes
        .iter()
        .map(|n| stands_in_view(stop, &n.name))
        .collect();
    let pose = stop.camera.pose();
    let forward = (pose.focus - pose.eye).normalize();
    let right = forward.cross(pose.up).normalize();
    let up = right.cross(forward);
    let (mut lo, mut hi) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
    for p in &model.nodes[index].positions {
        let d = Vec3::from(*p) - pose.eye;
        let at = Vec2::new(d.dot(right), d.dot(up)) / d.dot(forward);
        (lo, hi) = (lo.min(at), hi.max(at));
    }
    let bvh = scene();
    let mut meet = 0;
    let mut seen: Vec<(Vec2, Vec3)> = Vec::new();
    for i in 0..GRID {
        for j in 0..GRID {
            let at = lo + (hi - lo) * Vec2::new(i as f32 + 0.5, j as f32 + 0.5) / GRID as f32;
            let dir = (forward + right * at.x + up * at.y).normalize();
            let (mut first, mut met) = ((f32::INFINITY, u32::MAX), false);
            bvh.cast(pose.eye, dir, REACH, |t, tag| {
                met |= tag == index as u32;
                if drawn[tag as usize] && t < first.0 {
                    first = (t, tag);
                }
                REACH
            });
            if met {
                meet += 1;
                if first.1 == index as u32 {
                    seen.push((at, pose.eye + dir * first.0));
                }
            }
        }
    }
    let share = seen.len() as f32 / meet.max(1) as f32;
    let middle = seen.iter().map(|(at, _)| *at).sum::<Vec2>() / seen.len().max(1) as f32;
    let point = seen
        .iter()
        .min_by(|a, b| a.0.distance(middle).total_cmp(&b.0.distance(middle)))
        .map(|(_, p)| *p);
    Some(Sight { share, point })
}

/// Where the label line of the lit node `node` ends at `stop`: the point in sight nearest the middle
/// of what shows of it, worked out once per stop and node; `None` when none of it shows.
pub fn label_point(stop: &Stop, node: &str) -> Option<Vec3> {
    static POINTS: OnceLock<Mutex<HashMap<String, Option<Vec3>>>> = OnceLock::new();
    let key = format!(
        "{node}|{:?}|{:?}|{:?}",
        stop.camera.pose(),
        stop.peel,
        stop.hide
    );
    let points = POINTS.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(p) = points.lock().ok()?.get(&key) {
        return *p;
    }
    let point = sight(stop, node).and_then(|s| s.point);
    points.lock().ok()?.insert(key, point);
    point
}
