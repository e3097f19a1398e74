//! Geometry queries on the model's meshes: nearest distance to the nerve surface, a ray cast inward from
//! the skin that lists the structures it crosses, and the depth of the first bone under a point. Both
//! kinds of query run on a bounding volume hierarchy of the triangles.

use glam::Vec3;

use super::bvh::TriangleBvh;
use crate::anatomy::mesh::{ModelMeshes, NodeMeshData};

/// True for the nodes whose triangles make up the nerve: the sciatic nerve, its two branches and the
/// roots that form it, in the usual anatomy (variant nodes are left out).
pub fn is_nerve_node(name: &str) -> bool {
    const PREFIXES: [&str; 4] = [
        "sciatic_nerve_",
        "tibial_nerve_",
        "common_fibular_nerve_",
        "root_",
    ];
    !name.contains("__variant_") && PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The nerve's triangles in a bounding volume hierarchy, for nearest-distance queries.
#[derive(Debug, Clone)]
pub struct NerveGeometry {
    names: Vec<String>,
    bvh: TriangleBvh,
}

/// The nearest nerve surface to a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NerveHit<'a> {
    /// Distance in metres.
    pub distance: f32,
    /// The nearest point of the nerve surface.
    pub point: Vec3,
    /// The nerve node it belongs to (`sciatic_nerve_r`).
    pub node: &'a str,
}

impl NerveGeometry {
    /// Builds the hierarchy from the nerve nodes (see [`is_nerve_node`]) of a model.
    ///
    /// # Panics
    /// When the model has no nerve triangles.
    pub fn from_meshes(meshes: &ModelMeshes) -> Self {
        let (names, bvh) = collect(meshes, |n| is_nerve_node(&n.name));
        assert!(!bvh.is_empty(), "the model has no nerve triangles");
        Self { names, bvh }
    }

    /// The nerve nodes in the hierarchy.
    pub fn node_names(&self) -> &[String] {
        &self.names
    }

    /// Distance in metres from `p` to the nearest nerve surface, and the node that surface belongs to.
    pub fn distance_to_nerve(&self, p: Vec3) -> (f32, &str) {
        let hit = self
            .nearest_within(p, f32::INFINITY)
            .expect("an unbounded search always finds a triangle");
        (hit.distance, hit.node)
    }

    /// Like [`Self::distance_to_nerve`], but `None` when no nerve surface is within `max_m` metres.
    /// Cheaper for far points.
    pub fn distance_to_nerve_within(&self, p: Vec3, max_m: f32) -> Option<(f32, &str)> {
        self.nearest_within(p, max_m).map(|h| (h.distance, h.node))
    }

    /// The nearest nerve surface point to `p`, if one lies within `max_m` metres.
    pub fn nearest_within(&self, p: Vec3, max_m: f32) -> Option<NerveHit<'_>> {
        self.bvh.nearest_within(p, max_m).map(|n| NerveHit {
            distance: n.distance,
            point: n.point,
            node: self.names[n.tag as usize].as_str(),
        })
    }
}

/// The triangles of the nodes that `keep` selects, in one hierarchy tagged by node, and the node names.
fn collect(
    meshes: &ModelMeshes,
    keep: impl Fn(&NodeMeshData) -> bool,
) -> (Vec<String>, TriangleBvh) {
    let mut names = Vec::new();
    let mut tris = Vec::new();
    let mut tags = Vec::new();
    for node in meshes.nodes.iter().filter(|n| keep(n)) {
        let tag = names.len() as u32;
        names.push(node.name.clone());
        for t in node.indices.chunks_exact(3) {
            let v = |i: u32| Vec3::from(node.positions[i as usize]);
            tris.push([v(t[0]), v(t[1]), v(t[2])]);
            tags.push(tag);
        }
    }
    (names, TriangleBvh::new(tris, tags))
}

/// Every structure node of the model (variants left out), for listing what lies under a point.
#[derive(Debug, Clone)]
pub struct LayerGeometry {
    names: Vec<String>,
    is_bone: Vec<bool>,
    bvh: TriangleBvh,
}

/// How far outside the skin the ray starts, so the skin itself is crossed (metres).
const RAY_LEAD_M: f32 = 0.02;
/// How deep the ray goes (metres).
const RAY_DEPTH_M: f32 = 0.30;

impl LayerGeometry {
    /// Collects the triangles of every non-variant node of a model.
    pub fn from_meshes(meshes: &ModelMeshes) -> Self {
        let (names, bvh) = collect(meshes, |n| !n.name.contains("__variant_"));
        let is_bone = names
            .iter()
            .map(|name| {
                meshes
                    .nodes
                    .iter()
                    .find(|n| &n.name == name)
                    .is_some_and(|n| n.material.name == "bone")
            })
            .collect();
        Self {
            names,
            is_bone,
            bvh,
        }
    }

    /// The structures a ray from `position` inward (along `-normal`) crosses, in order, each with the
    /// depth in millimetres below `position` where it is first entered (0 for a structure at the surface).
    /// The ray starts slightly outside so the skin is listed, and ends 300 mm deep.
    pub fn what_lies_under(&self, position: Vec3, normal: Vec3) -> Vec<(String, f32)> {
        let dir = -normal.normalize_or_zero();
        if dir == Vec3::ZERO || !position.is_finite() {
            return Vec::new();
        }
        let origin = position - dir * RAY_LEAD_M;
        let t_max = RAY_LEAD_M + RAY_DEPTH_M;
        let mut first = vec![f32::INFINITY; self.names.len()];
        self.bvh.cast(origin, dir, t_max, |t, tag| {
            let f = &mut first[tag as usize];
            *f = f.min(t);
            t_max
        });
        let mut out: Vec<(String, f32)> = first
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_finite())
            .map(|(i, t)| (self.names[i].clone(), ((t - RAY_LEAD_M) * 1000.0).max(0.0)))
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1));
        out
    }

    /// Depth in metres below `position`, along `-normal`, of the first bone surface within `max_m`.
    pub fn bone_depth(&self, position: Vec3, normal: Vec3, max_m: f32) -> Option<f32> {
        let dir = -normal.normalize_or_zero();
        if dir == Vec3::ZERO {
            return None;
        }
        let mut best = f32::INFINITY;
        self.bvh.cast(position, dir, max_m, |t, tag| {
            if self.is_bone[tag as usize] {
                best = best.min(t);
                best
            } else {
                max_m.min(best)
            }
        });
        best.is_finite().then_some(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anatomy::model::sdf::closest_on_triangle;

    #[test]
    fn nearest_nerve_agrees_with_brute_force() {
        let g = NerveGeometry::from_meshes(ModelMeshes::embedded());
        let probes = [
            Vec3::new(-0.09, 0.86, -0.19),
            Vec3::new(-0.15, 0.90, -0.12),
            Vec3::new(0.08, 0.60, 0.05),
            Vec3::new(0.0, 1.3, 0.4),
            Vec3::new(-0.1, 0.45, -0.14),
        ];
        for p in probes {
            // The brute-force nearest distance to each node.
            let mut per_node = vec![f32::INFINITY; g.names.len()];
            for ([a, b, c], tag) in g.bvh.triangles() {
                let w = closest_on_triangle(p, *a, *b, *c);
                let d = (*a * w.x + *b * w.y + *c * w.z).distance(p);
                per_node[tag as usize] = per_node[tag as usize].min(d);
            }
            let brute = per_node.iter().copied().fold(f32::INFINITY, f32::min);
            let (d, node) = g.distance_to_nerve(p);
            assert!((d - brute).abs() < 1e-6, "{p}: hierarchy {d} brute {brute}");
            // On the midline both sides tie; the node named must be one at that distance.
            let named = g.names.iter().position(|n| n == node).unwrap();
            assert!((per_node[named] - brute).abs() < 1e-6, "{p}: {node}");
        }
        assert!(
            g.distance_to_nerve_within(Vec3::new(0.0, 1.3, 0.4), 0.05)
                .is_none()
        );
    }

    #[test]
    fn nerve_nodes_are_the_usual_ones() {
        let g = NerveGeometry::from_meshes(ModelMeshes::embedded());
        let names = g.node_names();
        for n in [
            "sciatic_nerve_r",
            "sciatic_nerve_l",
            "tibial_nerve_r",
            "root_s1_l",
        ] {
            assert!(names.iter().any(|x| x == n), "{n} missing: {names:?}");
        }
        assert!(names.iter().all(|n| !n.contains("__variant_")));
    }

    #[test]
    fn bone_lies_under_the_sacrum_skin_and_not_under_the_calf_within_a_finger() {
        let layers = LayerGeometry::from_meshes(ModelMeshes::embedded());
        // Straight in from behind over the sacrum, the sacrum is the first bone.
        let under = layers.what_lies_under(Vec3::new(0.0, 0.95, -0.4), Vec3::NEG_Z);
        let skin = under.iter().find(|s| s.0 == "skin").expect("skin").1 / 1000.0;
        let sacrum = under.iter().find(|s| s.0 == "sacrum").expect("sacrum").1 / 1000.0;
        let on_skin = Vec3::new(0.0, 0.95, -0.4 + skin);
        let bone = layers.bone_depth(on_skin, Vec3::NEG_Z, 0.2).expect("bone");
        assert!(
            (bone - (sacrum - skin)).abs() < 1e-4,
            "{bone} vs {}",
            sacrum - skin
        );
        assert_eq!(layers.bone_depth(on_skin, Vec3::NEG_Z, bone * 0.9), None);
    }
}
