//! Geometry queries on the model's meshes: nearest distance to the nerve surface through a uniform grid
//! of triangles, and a ray cast inward from the skin that lists the structures it crosses.

use crate::anatomy::model::sdf::closest_on_triangle;
use glam::Vec3;

use crate::anatomy::mesh::ModelMeshes;

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

/// Edge of a grid cell in metres.
const CELL_M: f32 = 0.015;

/// The nerve's triangles in a uniform grid, for nearest-distance queries.
#[derive(Debug, Clone)]
pub struct NerveGeometry {
    names: Vec<String>,
    tris: Vec<[Vec3; 3]>,
    tri_node: Vec<u16>,
    origin: Vec3,
    dims: [i32; 3],
    cell_start: Vec<u32>,
    cell_items: Vec<u32>,
}

impl NerveGeometry {
    /// Builds the grid from the nerve nodes (see [`is_nerve_node`]) of a model.
    ///
    /// # Panics
    /// When the model has no nerve triangles.
    pub fn from_meshes(meshes: &ModelMeshes) -> Self {
        let mut names = Vec::new();
        let mut tris = Vec::new();
        let mut tri_node = Vec::new();
        for node in meshes.nodes.iter().filter(|n| is_nerve_node(&n.name)) {
            let id = names.len() as u16;
            names.push(node.name.clone());
            for t in node.indices.chunks_exact(3) {
                let v = |i: u32| Vec3::from(node.positions[i as usize]);
                tris.push([v(t[0]), v(t[1]), v(t[2])]);
                tri_node.push(id);
            }
        }
        assert!(!tris.is_empty(), "the model has no nerve triangles");
        let (lo, hi) = tris.iter().flatten().fold(
            (Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)),
            |(lo, hi), p| (lo.min(*p), hi.max(*p)),
        );
        let origin = lo - Vec3::splat(1e-4);
        let size = hi - origin + Vec3::splat(1e-4);
        let dims = [
            (size.x / CELL_M).ceil().max(1.0) as i32,
            (size.y / CELL_M).ceil().max(1.0) as i32,
            (size.z / CELL_M).ceil().max(1.0) as i32,
        ];
        let n_cells = (dims[0] * dims[1] * dims[2]) as usize;
        let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); n_cells];
        for (i, t) in tris.iter().enumerate() {
            let tlo = t[0].min(t[1]).min(t[2]);
            let thi = t[0].max(t[1]).max(t[2]);
            let a = cell_of(origin, dims, tlo);
            let b = cell_of(origin, dims, thi);
            for z in a[2]..=b[2] {
                for y in a[1]..=b[1] {
                    for x in a[0]..=b[0] {
                        buckets[index(dims, [x, y, z])].push(i as u32);
                    }
                }
            }
        }
        let mut cell_start = Vec::with_capacity(n_cells + 1);
        let mut cell_items = Vec::new();
        for b in &buckets {
            cell_start.push(cell_items.len() as u32);
            cell_items.extend_from_slice(b);
        }
        cell_start.push(cell_items.len() as u32);
        Self {
            names,
            tris,
            tri_node,
            origin,
            dims,
            cell_start,
            cell_items,
        }
    }

    /// The nerve nodes in the grid.
    pub fn node_names(&self) -> &[String] {
        &self.names
    }

    /// Distance in metres from `p` to the nearest nerve surface, and the node that surface belongs to.
    pub fn distance_to_nerve(&self, p: Vec3) -> (f32, &str) {
        self.nearest_within(p, f32::INFINITY)
            .expect("an unbounded search always finds a triangle")
    }

    /// Like [`Self::distance_to_nerve`], but `None` when no nerve surface is within `max_m` metres.
    /// Cheaper for far points.
    pub fn distance_to_nerve_within(&self, p: Vec3, max_m: f32) -> Option<(f32, &str)> {
        self.nearest_within(p, max_m)
    }

    fn nearest_within(&self, p: Vec3, max_m: f32) -> Option<(f32, &str)> {
        let rel = (p - self.origin) / CELL_M;
        let c = [
            rel.x.floor() as i32,
            rel.y.floor() as i32,
            rel.z.floor() as i32,
        ];
        // Rings beyond this one lie wholly outside the grid.
        let k_all = (0..3)
            .map(|a| {
                c[a].max(self.dims[a] - 1 - c[a])
                    .max(c[a] - (self.dims[a] - 1))
            })
            .max()
            .unwrap_or(0)
            .max(0);
        let mut best = f32::INFINITY;
        let mut best_tri = u32::MAX;
        for k in 0..=k_all {
            // Cells not yet visited (ring k and beyond) are at least k-1 cells away from p.
            if k > 0 && (best <= (k - 1) as f32 * CELL_M || (k - 1) as f32 * CELL_M > max_m) {
                break;
            }
            let lo = [0, 1, 2].map(|a| (c[a] - k).max(0));
            let hi = [0, 1, 2].map(|a| (c[a] + k).min(self.dims[a] - 1));
            if (0..3).any(|a| lo[a] > hi[a]) {
                continue;
            }
            for z in lo[2]..=hi[2] {
                for y in lo[1]..=hi[1] {
                    let on_yz = (z - c[2]).abs() == k || (y - c[1]).abs() == k;
                    let mut x = lo[0];
                    while x <= hi[0] {
                        if !on_yz && (x - c[0]).abs() != k {
                            // Jump to the far face of the shell.
                            x = if x < c[0] + k { c[0] + k } else { x + 1 };
                            continue;
                        }
                        let i = index(self.dims, [x, y, z]);
                        let (s, e) = (self.cell_start[i], self.cell_start[i + 1]);
                        for &t in &self.cell_items[s as usize..e as usize] {
                            let d2 = point_triangle_dist2(p, &self.tris[t as usize]);
                            if d2 < best * best {
                                best = d2.sqrt();
                                best_tri = t;
                            }
                        }
                        x += 1;
                    }
                }
            }
        }
        (best_tri != u32::MAX && best <= max_m).then(|| {
            (
                best,
                self.names[self.tri_node[best_tri as usize] as usize].as_str(),
            )
        })
    }
}

fn cell_of(origin: Vec3, dims: [i32; 3], p: Vec3) -> [i32; 3] {
    let r = (p - origin) / CELL_M;
    [
        (r.x.floor() as i32).clamp(0, dims[0] - 1),
        (r.y.floor() as i32).clamp(0, dims[1] - 1),
        (r.z.floor() as i32).clamp(0, dims[2] - 1),
    ]
}

fn index(dims: [i32; 3], c: [i32; 3]) -> usize {
    ((c[2] * dims[1] + c[1]) * dims[0] + c[0]) as usize
}

/// Squared distance from `p` to a triangle.
fn point_triangle_dist2(p: Vec3, [a, b, c]: &[Vec3; 3]) -> f32 {
    let w = closest_on_triangle(p, *a, *b, *c);
    (*a * w.x + *b * w.y + *c * w.z).distance_squared(p)
}

/// One node's triangles with their bounds, for ray casts.
#[derive(Debug, Clone)]
struct LayerNode {
    name: String,
    lo: Vec3,
    hi: Vec3,
    tris: Vec<[Vec3; 3]>,
}

/// Every structure node of the model (variants left out), for listing what lies under a point.
#[derive(Debug, Clone)]
pub struct LayerGeometry {
    nodes: Vec<LayerNode>,
}

/// How far outside the skin the ray starts, so the skin itself is crossed (metres).
const RAY_LEAD_M: f32 = 0.02;
/// How deep the ray goes (metres).
const RAY_DEPTH_M: f32 = 0.30;

impl LayerGeometry {
    /// Collects the triangles of every non-variant node of a model.
    pub fn from_meshes(meshes: &ModelMeshes) -> Self {
        let nodes = meshes
            .nodes
            .iter()
            .filter(|n| !n.name.contains("__variant_") && n.triangle_count() > 0)
            .map(|n| {
                let (lo, hi) = n.bounds();
                let tris = n
                    .indices
                    .chunks_exact(3)
                    .map(|t| {
                        let v = |i: u32| Vec3::from(n.positions[i as usize]);
                        [v(t[0]), v(t[1]), v(t[2])]
                    })
                    .collect();
                LayerNode {
                    name: n.name.clone(),
                    lo,
                    hi,
                    tris,
                }
            })
            .collect();
        Self { nodes }
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
        let inv = dir.recip();
        let mut out: Vec<(String, f32)> = Vec::new();
        for node in &self.nodes {
            if !ray_hits_box(origin, inv, node.lo, node.hi, t_max) {
                continue;
            }
            let first = node
                .tris
                .iter()
                .filter_map(|t| ray_triangle(origin, dir, t))
                .filter(|&t| t <= t_max)
                .fold(f32::INFINITY, f32::min);
            if first.is_finite() {
                out.push((node.name.clone(), ((first - RAY_LEAD_M) * 1000.0).max(0.0)));
            }
        }
        out.sort_by(|a, b| a.1.total_cmp(&b.1));
        out
    }
}

fn ray_hits_box(o: Vec3, inv: Vec3, lo: Vec3, hi: Vec3, t_max: f32) -> bool {
    let t1 = (lo - o) * inv;
    let t2 = (hi - o) * inv;
    let tn = t1.min(t2);
    let tf = t1.max(t2);
    // NaN from 0 * inf (ray in the slab plane) counts as a hit, which only costs a triangle test.
    let near = tn.max_element();
    let far = tf.min_element();
    near.is_nan() || far.is_nan() || (near <= far && far >= 0.0 && near <= t_max)
}

/// Möller-Trumbore, both faces; the ray parameter of the hit.
fn ray_triangle(o: Vec3, d: Vec3, [a, b, c]: &[Vec3; 3]) -> Option<f32> {
    let e1 = *b - *a;
    let e2 = *c - *a;
    let p = d.cross(e2);
    let det = e1.dot(p);
    if det.abs() < 1e-12 {
        return None;
    }
    let inv = 1.0 / det;
    let s = o - *a;
    let u = s.dot(p) * inv;
    if !(0.0..=1.0).contains(&u) {
        return None;
    }
    let q = s.cross(e1);
    let v = d.dot(q) * inv;
    if v < 0.0 || u + v > 1.0 {
        return None;
    }
    let t = e2.dot(q) * inv;
    (t >= 0.0).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_triangle_distance_cases() {
        let t = [Vec3::ZERO, Vec3::X, Vec3::Y];
        assert!((point_triangle_dist2(Vec3::new(0.2, 0.2, 0.5), &t) - 0.25).abs() < 1e-6);
        assert!((point_triangle_dist2(Vec3::new(-1.0, 0.0, 0.0), &t) - 1.0).abs() < 1e-6);
        assert!((point_triangle_dist2(Vec3::new(1.0, 1.0, 0.0), &t) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn grid_agrees_with_brute_force() {
        let g = NerveGeometry::from_meshes(ModelMeshes::embedded());
        let probes = [
            Vec3::new(-0.09, 0.86, -0.19),
            Vec3::new(-0.15, 0.90, -0.12),
            Vec3::new(0.08, 0.60, 0.05),
            Vec3::new(0.0, 1.3, 0.4),
            Vec3::new(-0.1, 0.45, -0.14),
        ];
        for p in probes {
            let brute = g
                .tris
                .iter()
                .map(|t| point_triangle_dist2(p, t))
                .fold(f32::INFINITY, f32::min)
                .sqrt();
            let (d, _) = g.distance_to_nerve(p);
            assert!((d - brute).abs() < 1e-6, "{p}: grid {d} brute {brute}");
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
}
