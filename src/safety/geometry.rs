//! Geometry queries on the model's meshes: nearest distance to the nerve surface, a ray cast inward from
//! the skin that lists the structures it crosses, and the depth of the first bone under a point. Both
//! kinds of query run on a bounding volume hierarchy of the triangles.

use glam::Vec3;

use super::bvh::TriangleBvh;
use crate::anatomy::mesh::{ModelMeshes, NodeMeshData};
use crate::anatomy::{Anatomy, point_segment_distance};

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

/// The nerve's triangles in a bounding volume hierarchy, for nearest-distance queries, and a chain of
/// capsules around them (along the nerve paths of the anatomy data) that bounds the distance from below
/// much more cheaply.
#[derive(Debug, Clone)]
pub struct NerveGeometry {
    names: Vec<String>,
    bvh: TriangleBvh,
    /// The capsule chain: the model's right side (negative X) first, then the left, each sorted by height.
    hull: Vec<HullPiece>,
    /// How many pieces of `hull` are on the right side.
    right: usize,
    /// How far every piece stays on its own side of the midline plane (X = 0), for skipping the far side.
    midline_gap: f32,
}

/// One capsule of the chain around the nerve: every triangle assigned to it lies inside it.
#[derive(Debug, Clone, Copy)]
struct HullPiece {
    a: Vec3,
    b: Vec3,
    radius: f32,
    lo: Vec3,
    hi: Vec3,
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
    /// Builds the hierarchy from the nerve nodes (see [`is_nerve_node`]) of a model, and the capsule
    /// chain from the anatomy's nerve paths (mirrored for the left side). A node without a path gets one
    /// capsule around all its triangles.
    ///
    /// # Panics
    /// When the model has no nerve triangles.
    pub fn from_meshes(meshes: &ModelMeshes, anatomy: &Anatomy) -> Self {
        let keep = |n: &NodeMeshData| is_nerve_node(&n.name);
        let (names, bvh) = collect(meshes, keep);
        assert!(!bvh.is_empty(), "the model has no nerve triangles");
        let mut hull: Vec<HullPiece> = meshes
            .nodes
            .iter()
            .filter(|n| keep(n))
            .flat_map(|n| hull_of(n, anatomy))
            .collect();
        // The right side (negative X) first, each side from the foot up.
        let is_left = |p: &HullPiece| p.lo.x + p.hi.x >= 0.0;
        hull.sort_by(|a, b| {
            is_left(a)
                .cmp(&is_left(b))
                .then((a.lo.y + a.hi.y).total_cmp(&(b.lo.y + b.hi.y)))
        });
        let right = hull.iter().take_while(|p| !is_left(p)).count();
        // How far every piece stays on its own side of the midline (negative if one crosses it).
        let midline_gap = hull
            .iter()
            .map(|p| if is_left(p) { p.lo.x } else { -p.hi.x })
            .fold(f32::INFINITY, f32::min);
        Self {
            names,
            bvh,
            hull,
            right,
            midline_gap,
        }
    }

    /// A lower bound of the distance in metres from `p` to the nerve surface, when that bound is more than
    /// `within`; `None` when the nerve may lie within `within` of `p`. Uses only the capsule chain around
    /// the nerve, so it is much cheaper than an exact distance.
    pub fn farther_than(&self, p: Vec3, within: f32) -> Option<f32> {
        let (right, left) = self.hull.split_at(self.right);
        let (near, far) = if p.x <= 0.0 {
            (right, left)
        } else {
            (left, right)
        };
        // Every piece of the far side lies at least this far away, across the midline.
        let far_gap = p.x.abs() + self.midline_gap;
        let mut best = f32::INFINITY;
        let mut visit = |piece: &HullPiece| {
            let box_d2 = (piece.lo - p)
                .max(p - piece.hi)
                .max(Vec3::ZERO)
                .length_squared();
            if box_d2 >= best * best {
                return true;
            }
            let d = point_segment_distance(p, piece.a, piece.b) - piece.radius;
            best = best.min(d);
            d > within
        };
        // Pieces are sorted by height: start with those level with `p`, which are likely the nearest,
        // so the box test rules out most of the others.
        let start = near.partition_point(|piece| piece.lo.y + piece.hi.y < 2.0 * p.y);
        let (below, above) = near.split_at(start);
        let mut below = below.iter().rev();
        let mut above = above.iter();
        loop {
            match (above.next(), below.next()) {
                (None, None) => break,
                (a, b) => {
                    for piece in a.into_iter().chain(b) {
                        if !visit(piece) {
                            return None;
                        }
                    }
                }
            }
        }
        if far_gap > within {
            return Some(best.min(far_gap));
        }
        for piece in far {
            if !visit(piece) {
                return None;
            }
        }
        Some(best)
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

/// The capsules around one nerve node's triangles: one per segment of the node's usual path, each as thick
/// as the triangles nearest to that segment need, so that every triangle lies inside its capsule.
fn hull_of(node: &NodeMeshData, anatomy: &Anatomy) -> Vec<HullPiece> {
    let segments: Vec<(Vec3, Vec3)> = anatomy
        .structure_of_node(&node.name)
        .map(|(structure, side)| {
            anatomy
                .nerve_paths(&structure.id, None)
                .iter()
                .flat_map(|path| {
                    path.points.windows(2).map(move |w| {
                        let m = Vec3::new(side.mirror_x(), 1.0, 1.0);
                        (Vec3::from(w[0].position) * m, Vec3::from(w[1].position) * m)
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let corner = |i: u32| Vec3::from(node.positions[i as usize]);
    if segments.is_empty() {
        let (lo, hi) = node.bounds();
        let c = (lo + hi) / 2.0;
        return vec![HullPiece {
            a: c,
            b: c,
            radius: (hi - lo).length() / 2.0,
            lo,
            hi,
        }];
    }
    let mut radius = vec![0.0f32; segments.len()];
    for t in node.indices.chunks_exact(3) {
        let tri = [corner(t[0]), corner(t[1]), corner(t[2])];
        let centre = (tri[0] + tri[1] + tri[2]) / 3.0;
        let (k, (a, b)) = segments
            .iter()
            .enumerate()
            .min_by(|x, y| {
                let dx = point_segment_distance(centre, x.1.0, x.1.1);
                let dy = point_segment_distance(centre, y.1.0, y.1.1);
                dx.total_cmp(&dy)
            })
            .expect("at least one segment");
        for v in tri {
            radius[k] = radius[k].max(point_segment_distance(v, *a, *b));
        }
    }
    segments
        .iter()
        .zip(radius)
        .filter(|(_, r)| *r > 0.0)
        .map(|(&(a, b), radius)| HullPiece {
            a,
            b,
            radius,
            lo: a.min(b) - Vec3::splat(radius),
            hi: a.max(b) + Vec3::splat(radius),
        })
        .collect()
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
    bvh: TriangleBvh,
    /// The bones alone, for the depth of the first bone under a point.
    bones: TriangleBvh,
}

/// How far outside the skin the ray starts, so the skin itself is crossed (metres).
const RAY_LEAD_M: f32 = 0.02;
/// How deep the ray goes (metres).
const RAY_DEPTH_M: f32 = 0.30;

impl LayerGeometry {
    /// Collects the triangles of every non-variant node of a model.
    pub fn from_meshes(meshes: &ModelMeshes) -> Self {
        let usual = |n: &NodeMeshData| !n.name.contains("__variant_");
        let (names, bvh) = collect(meshes, usual);
        let (_, bones) = collect(meshes, |n| usual(n) && n.material.name == "bone");
        Self { names, bvh, bones }
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
        self.bones.cast(position, dir, max_m, |t, _| {
            best = best.min(t);
            best
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
        let g = NerveGeometry::from_meshes(ModelMeshes::embedded(), Anatomy::embedded());
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
    fn the_capsule_chain_never_claims_more_than_the_true_distance() {
        let g = NerveGeometry::from_meshes(ModelMeshes::embedded(), Anatomy::embedded());
        assert!(g.hull.len() > 20, "{}", g.hull.len());
        let mut bounded = 0;
        for i in 0..400 {
            let f = i as f32;
            let p = Vec3::new(
                (f * 0.37).sin() * 0.2,
                0.1 + (f * 0.013).fract() * 1.0,
                (f * 0.91).cos() * 0.15 - 0.08,
            );
            let (exact, _) = g.distance_to_nerve(p);
            match g.farther_than(p, 0.01) {
                Some(lower) => {
                    assert!(lower <= exact + 1e-6, "{p}: bound {lower} > exact {exact}");
                    bounded += 1;
                }
                None => assert!(exact < 0.2, "{p}: far from the nerve yet not bounded"),
            }
        }
        assert!(bounded > 100, "{bounded}");
    }

    #[test]
    fn nerve_nodes_are_the_usual_ones() {
        let g = NerveGeometry::from_meshes(ModelMeshes::embedded(), Anatomy::embedded());
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
