//! The skin's own surface under a zone: its outward normal averaged over the zone's footprint, and the
//! nearest skin point to a point off the skin.
//!
//! The normal a plan records is where the therapist clicked, and it can be off (a hand-edited file, a
//! click on a hidden muscle, a stroke that wraps round the thigh). The checks press along the skin's own
//! normal instead, averaged over the footprint, so a tilted record cannot move the pressure column off
//! the nerve. The average comes from a summed-volume table of the skin's area-weighted normals on a grid,
//! built once: any box sum costs a fixed number of lookups, so averaging over a large zone costs no more
//! than over a small one.

use glam::Vec3;

use super::bvh::TriangleBvh;
use crate::anatomy::mesh::ModelMeshes;

/// Cell size of the grid (metres).
const CELL_M: f32 = 0.01;
/// The smallest half size of the box averaged over (metres): a few skin triangles at least.
const MIN_HALF_M: f32 = 0.01;
/// How far from a point off the skin the nearest skin is looked for (metres).
const SNAP_M: f32 = 0.06;

/// The skin's normals on a grid, as a summed-volume table, and its triangles for nearest-point queries.
#[derive(Debug, Clone)]
pub struct SkinSurface {
    lo: Vec3,
    /// Cells along each axis; the table has one more entry than cells along each.
    dims: [usize; 3],
    /// `table[i, j, k]`: the sum of area x outward unit normal over the cells below (i, j, k).
    table: Vec<Vec3>,
    bvh: TriangleBvh,
}

impl SkinSurface {
    /// Builds the table from the model's `skin` node; `None` when the model has no skin.
    pub fn from_meshes(meshes: &ModelMeshes) -> Option<Self> {
        let skin = meshes.node("skin")?;
        let (lo, hi) = skin.bounds();
        let lo = lo - Vec3::splat(CELL_M);
        let size = (hi + Vec3::splat(CELL_M) - lo) / CELL_M;
        let dims = [
            size.x.ceil() as usize,
            size.y.ceil() as usize,
            size.z.ceil() as usize,
        ];
        let (sx, sy) = (dims[0] + 1, dims[1] + 1);
        let index = |i: usize, j: usize, k: usize| i + sx * (j + sy * k);
        let mut table = vec![Vec3::ZERO; sx * sy * (dims[2] + 1)];
        let mut tris = Vec::with_capacity(skin.indices.len() / 3);
        for t in skin.indices.chunks_exact(3) {
            let v = |i: u32| Vec3::from(skin.positions[i as usize]);
            let n = |i: u32| Vec3::from(skin.normals[i as usize]);
            let (a, b, c) = (v(t[0]), v(t[1]), v(t[2]));
            let mut area_normal = (b - a).cross(c - a) / 2.0;
            // Outward as the vertex normals say, whatever the winding.
            if area_normal.dot(n(t[0]) + n(t[1]) + n(t[2])) < 0.0 {
                area_normal = -area_normal;
            }
            let cell = (((a + b + c) / 3.0 - lo) / CELL_M).floor();
            let (i, j, k) = (cell.x as usize, cell.y as usize, cell.z as usize);
            table[index(i + 1, j + 1, k + 1)] += area_normal;
            tris.push([a, b, c]);
        }
        // Running sums along each axis in turn make every entry the sum of the cells below it.
        for k in 1..=dims[2] {
            for j in 1..=dims[1] {
                for i in 1..=dims[0] {
                    let prev = table[index(i - 1, j, k)];
                    table[index(i, j, k)] += prev;
                }
            }
        }
        for k in 1..=dims[2] {
            for j in 1..=dims[1] {
                for i in 1..=dims[0] {
                    let prev = table[index(i, j - 1, k)];
                    table[index(i, j, k)] += prev;
                }
            }
        }
        for k in 1..=dims[2] {
            for j in 1..=dims[1] {
                for i in 1..=dims[0] {
                    let prev = table[index(i, j, k - 1)];
                    table[index(i, j, k)] += prev;
                }
            }
        }
        let tags = vec![0; tris.len()];
        Some(Self {
            lo,
            dims,
            table,
            bvh: TriangleBvh::new(tris, tags),
        })
    }

    /// The sum of area x normal of the skin below the grid point `g` (in cells, fractional: the sum
    /// is interpolated between the table's entries, as if each cell's skin were spread evenly over it).
    fn cumulative(&self, g: Vec3) -> Vec3 {
        let max = Vec3::new(
            self.dims[0] as f32,
            self.dims[1] as f32,
            self.dims[2] as f32,
        );
        let g = g.clamp(Vec3::ZERO, max);
        let base = g.floor().min(max - Vec3::ONE).max(Vec3::ZERO);
        let f = g - base;
        let (i, j, k) = (base.x as usize, base.y as usize, base.z as usize);
        let (sx, sy) = (self.dims[0] + 1, self.dims[1] + 1);
        let at = |di: usize, dj: usize, dk: usize| {
            self.table[(i + di) + sx * ((j + dj) + sy * (k + dk))]
        };
        let lerp = |a: Vec3, b: Vec3, t: f32| a + (b - a) * t;
        let x00 = lerp(at(0, 0, 0), at(1, 0, 0), f.x);
        let x10 = lerp(at(0, 1, 0), at(1, 1, 0), f.x);
        let x01 = lerp(at(0, 0, 1), at(1, 0, 1), f.x);
        let x11 = lerp(at(0, 1, 1), at(1, 1, 1), f.x);
        lerp(lerp(x00, x10, f.y), lerp(x01, x11, f.y), f.z)
    }

    /// The sum of area x outward normal of the skin inside the box of half size `half` around `p`.
    fn box_sum(&self, p: Vec3, half: f32) -> Vec3 {
        let a = (p - Vec3::splat(half) - self.lo) / CELL_M;
        let b = (p + Vec3::splat(half) - self.lo) / CELL_M;
        let c = |x: f32, y: f32, z: f32| self.cumulative(Vec3::new(x, y, z));
        c(b.x, b.y, b.z) - c(a.x, b.y, b.z) - c(b.x, a.y, b.z) - c(b.x, b.y, a.z)
            + c(a.x, a.y, b.z)
            + c(a.x, b.y, a.z)
            + c(b.x, a.y, a.z)
            - c(a.x, a.y, a.z)
    }

    /// The skin's outward unit normal averaged (by area) over the skin within `half` metres of `p` (a
    /// box of that half size, at least 10 mm), the footprint of a zone of that radius centred there. A
    /// point off the skin (on a muscle under it, say) is first moved to the nearest skin point within
    /// 60 mm. `None` when no skin is that near, or its normals cancel out.
    pub fn normal_under(&self, p: Vec3, half: f32) -> Option<Vec3> {
        if !p.is_finite() {
            return None;
        }
        let half = half.max(MIN_HALF_M);
        let sum = self.box_sum(p, half);
        // Less than a tenth of the footprint's area facing one way: the point is not on the skin.
        if sum.length() > 0.1 * half * half {
            return Some(sum.normalize());
        }
        let q = self.nearest(p, SNAP_M)?;
        self.box_sum(q, half).try_normalize()
    }

    /// The nearest skin point to `p` within `max_m` metres.
    pub fn nearest(&self, p: Vec3, max_m: f32) -> Option<Vec3> {
        self.bvh.nearest_within(p, max_m).map(|n| n.point)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface() -> SkinSurface {
        SkinSurface::from_meshes(ModelMeshes::embedded()).expect("skin")
    }

    #[test]
    fn the_box_average_matches_a_brute_force_sum_over_the_triangles() {
        let s = surface();
        let skin = ModelMeshes::embedded().node("skin").unwrap();
        let centre = Vec3::new(-0.09, 0.86, -0.2);
        let p = s.nearest(centre, 0.2).expect("skin behind the buttock");
        let half = 0.03;
        let mut brute = Vec3::ZERO;
        for t in skin.indices.chunks_exact(3) {
            let v = |i: u32| Vec3::from(skin.positions[i as usize]);
            let n = |i: u32| Vec3::from(skin.normals[i as usize]);
            let (a, b, c) = (v(t[0]), v(t[1]), v(t[2]));
            let m = (a + b + c) / 3.0;
            if (m - p).abs().max_element() <= half {
                let mut an = (b - a).cross(c - a) / 2.0;
                if an.dot(n(t[0]) + n(t[1]) + n(t[2])) < 0.0 {
                    an = -an;
                }
                brute += an;
            }
        }
        let grid = s.normal_under(p, half).unwrap();
        let angle = grid.angle_between(brute.normalize()).to_degrees();
        assert!(angle < 3.0, "{grid} vs {brute}: {angle} degrees");
        // The back of the buttock faces backwards.
        assert!(grid.z < -0.7, "{grid}");
    }

    #[test]
    fn a_point_under_the_skin_takes_the_normal_of_the_skin_over_it() {
        let s = surface();
        let on = s.nearest(Vec3::new(-0.09, 0.86, -0.3), 0.3).unwrap();
        let outer = s.normal_under(on, 0.02).unwrap();
        let inside = on + outer * -0.03;
        let under = s.normal_under(inside, 0.02).expect("skin 30 mm away");
        // Compared over a zone's footprint (20 mm), not a few facets of the skin.
        assert!(
            under.angle_between(outer).to_degrees() < 10.0,
            "{under} vs {outer}"
        );
        // Nothing is found far from the body.
        assert_eq!(s.normal_under(Vec3::new(0.0, 0.5, -0.8), 0.02), None);
    }
}
