//! A bounding volume hierarchy over triangles: nearest-point queries with a distance bound, and ray casts.
//!
//! Built once when the safety model loads (median split on the longest axis of the triangle centres, a few
//! triangles per leaf), then only read. Each triangle keeps a caller-given tag (the index of the mesh node
//! it came from) so answers can name the structure.

use glam::Vec3;

use crate::anatomy::model::sdf::closest_on_triangle;

/// Most triangles in one leaf.
const LEAF_SIZE: usize = 4;

#[derive(Debug, Clone, Copy)]
struct Node {
    lo: Vec3,
    hi: Vec3,
    /// Leaf: index of the first triangle. Interior: index of the second child (the first follows the node).
    start: u32,
    /// Number of triangles in a leaf; 0 for an interior node.
    count: u32,
}

/// The nearest point of the triangles to a query point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    /// Distance from the query point, metres.
    pub distance: f32,
    /// The nearest point itself.
    pub point: Vec3,
    /// The tag of the triangle it lies on.
    pub tag: u32,
}

/// Triangles in a hierarchy of axis-aligned boxes.
#[derive(Debug, Clone)]
pub struct TriangleBvh {
    nodes: Vec<Node>,
    tris: Vec<[Vec3; 3]>,
    /// A sphere around each triangle (centre, radius), to skip far triangles before the exact test.
    spheres: Vec<(Vec3, f32)>,
    tags: Vec<u32>,
}

impl TriangleBvh {
    /// Builds the hierarchy over `tris`, each with its tag.
    pub fn new(tris: Vec<[Vec3; 3]>, tags: Vec<u32>) -> Self {
        assert_eq!(tris.len(), tags.len(), "one tag per triangle");
        let mut order: Vec<u32> = (0..tris.len() as u32).collect();
        let centres: Vec<Vec3> = tris.iter().map(|t| (t[0] + t[1] + t[2]) / 3.0).collect();
        let mut nodes = Vec::with_capacity(2 * tris.len() / LEAF_SIZE + 1);
        if !tris.is_empty() {
            build(&tris, &centres, &mut order, 0, &mut nodes);
        }
        let sorted_tris: Vec<[Vec3; 3]> = order.iter().map(|&i| tris[i as usize]).collect();
        let sorted_tags = order.iter().map(|&i| tags[i as usize]).collect();
        let spheres = sorted_tris
            .iter()
            .map(|t| {
                let c = (t[0] + t[1] + t[2]) / 3.0;
                (c, t.iter().map(|v| v.distance(c)).fold(0.0, f32::max))
            })
            .collect();
        Self {
            nodes,
            tris: sorted_tris,
            spheres,
            tags: sorted_tags,
        }
    }

    /// True when there are no triangles.
    pub fn is_empty(&self) -> bool {
        self.tris.is_empty()
    }

    /// Every triangle with its tag (in the hierarchy's order).
    #[cfg(test)]
    pub fn triangles(&self) -> impl Iterator<Item = (&[Vec3; 3], u32)> {
        self.tris.iter().zip(self.tags.iter().copied())
    }

    /// The nearest point of any triangle to `p`, if one lies within `max` metres.
    pub fn nearest_within(&self, p: Vec3, max: f32) -> Option<Nearest> {
        let mut best = max;
        let mut best2 = if max.is_finite() {
            max * max
        } else {
            f32::INFINITY
        };
        let mut found: Option<(u32, Vec3)> = None;
        if self.nodes.is_empty() || box_dist2(p, self.nodes[0].lo, self.nodes[0].hi) > best2 {
            return None;
        }
        // Each entry holds a node and the squared distance to its box, measured when it was pushed.
        let mut stack = [(0u32, 0.0f32); 64];
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let (index, d2) = stack[top];
            if d2 > best2 {
                continue;
            }
            let node = self.nodes[index as usize];
            if node.count > 0 {
                for i in node.start..node.start + node.count {
                    let (centre, radius) = self.spheres[i as usize];
                    let reach = radius + best;
                    if centre.distance_squared(p) > reach * reach {
                        continue;
                    }
                    let [a, b, c] = self.tris[i as usize];
                    let w = closest_on_triangle(p, a, b, c);
                    let q = a * w.x + b * w.y + c * w.z;
                    let d2 = q.distance_squared(p);
                    if d2 <= best2 {
                        best2 = d2;
                        best = d2.sqrt();
                        found = Some((i, q));
                    }
                }
                continue;
            }
            // Visit the nearer child first: push it last.
            let first = index + 1;
            let second = node.start;
            let d_first = {
                let n = self.nodes[first as usize];
                box_dist2(p, n.lo, n.hi)
            };
            let d_second = {
                let n = self.nodes[second as usize];
                box_dist2(p, n.lo, n.hi)
            };
            let (near, far) = if d_first <= d_second {
                ((first, d_first), (second, d_second))
            } else {
                ((second, d_second), (first, d_first))
            };
            if far.1 <= best2 {
                stack[top] = far;
                top += 1;
            }
            if near.1 <= best2 {
                stack[top] = near;
                top += 1;
            }
        }
        found.map(|(i, point)| Nearest {
            distance: best2.sqrt(),
            point,
            tag: self.tags[i as usize],
        })
    }

    /// Casts a ray from `origin` along unit `dir` up to `t_max` and calls `hit(t, tag)` for triangles it
    /// crosses (both faces). `hit` returns the new `t_max`: return `t` to look only for nearer hits, or the
    /// old `t_max` to see every hit. Hits beyond the current `t_max` are skipped.
    pub fn cast(&self, origin: Vec3, dir: Vec3, t_max: f32, mut hit: impl FnMut(f32, u32) -> f32) {
        if self.nodes.is_empty() {
            return;
        }
        let inv = dir.recip();
        let mut t_max = t_max;
        let mut stack = [0u32; 64];
        stack[0] = 0;
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let index = stack[top];
            let node = self.nodes[index as usize];
            if !ray_hits_box(origin, inv, node.lo, node.hi, t_max) {
                continue;
            }
            if node.count > 0 {
                for i in node.start..node.start + node.count {
                    if let Some(t) = ray_triangle(origin, dir, &self.tris[i as usize])
                        && t <= t_max
                    {
                        t_max = hit(t, self.tags[i as usize]);
                    }
                }
                continue;
            }
            stack[top] = node.start;
            stack[top + 1] = index + 1;
            top += 2;
        }
    }
}

fn build(
    tris: &[[Vec3; 3]],
    centres: &[Vec3],
    order: &mut [u32],
    offset: u32,
    nodes: &mut Vec<Node>,
) -> u32 {
    let (lo, hi) = order.iter().fold(
        (Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)),
        |(lo, hi), &i| {
            let t = &tris[i as usize];
            (
                lo.min(t[0].min(t[1]).min(t[2])),
                hi.max(t[0].max(t[1]).max(t[2])),
            )
        },
    );
    let index = nodes.len() as u32;
    nodes.push(Node {
        lo,
        hi,
        start: offset,
        count: order.len() as u32,
    });
    if order.len() <= LEAF_SIZE {
        return index;
    }
    let (clo, chi) = order.iter().fold(
        (Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)),
        |(lo, hi), &i| (lo.min(centres[i as usize]), hi.max(centres[i as usize])),
    );
    let extent = chi - clo;
    let axis = if extent.x >= extent.y && extent.x >= extent.z {
        0
    } else if extent.y >= extent.z {
        1
    } else {
        2
    };
    let mid = sah_split(tris, centres, order, axis, clo[axis], extent[axis]);
    let (left, right) = order.split_at_mut(mid);
    build(tris, centres, left, offset, nodes);
    let second = build(tris, centres, right, offset + mid as u32, nodes);
    nodes[index as usize].start = second;
    nodes[index as usize].count = 0;
    index
}

/// Reorders `order` and returns where to split it: the boundary between 16 equal bins of the centres'
/// extent along `axis` that gives the smallest surface-area cost (tight children with few triangles
/// each). Falls back to the median when every centre falls in one bin.
fn sah_split(
    tris: &[[Vec3; 3]],
    centres: &[Vec3],
    order: &mut [u32],
    axis: usize,
    lo: f32,
    extent: f32,
) -> usize {
    const BINS: usize = 16;
    let n = order.len();
    let median = |order: &mut [u32]| {
        order.select_nth_unstable_by(n / 2, |&a, &b| {
            centres[a as usize][axis].total_cmp(&centres[b as usize][axis])
        });
        n / 2
    };
    if extent <= 0.0 {
        return median(order);
    }
    let bin_of =
        |i: u32| (((centres[i as usize][axis] - lo) / extent * BINS as f32) as usize).min(BINS - 1);
    let empty = (
        Vec3::splat(f32::INFINITY),
        Vec3::splat(f32::NEG_INFINITY),
        0usize,
    );
    let mut bins = [empty; BINS];
    for &i in order.iter() {
        let t = &tris[i as usize];
        let b = &mut bins[bin_of(i)];
        b.0 = b.0.min(t[0].min(t[1]).min(t[2]));
        b.1 = b.1.max(t[0].max(t[1]).max(t[2]));
        b.2 += 1;
    }
    let area = |(lo, hi, _): (Vec3, Vec3, usize)| {
        let d = (hi - lo).max(Vec3::ZERO);
        d.x * d.y + d.y * d.z + d.z * d.x
    };
    let merge =
        |a: (Vec3, Vec3, usize), b: (Vec3, Vec3, usize)| (a.0.min(b.0), a.1.max(b.1), a.2 + b.2);
    // Cost of the right side for a split after each bin.
    let mut right_cost = [0.0f32; BINS];
    let mut acc = empty;
    for k in (1..BINS).rev() {
        acc = merge(acc, bins[k]);
        right_cost[k - 1] = area(acc) * acc.2 as f32;
    }
    let mut acc = empty;
    let mut best: Option<(f32, usize)> = None;
    for k in 0..BINS - 1 {
        acc = merge(acc, bins[k]);
        if acc.2 == 0 || acc.2 == n {
            continue;
        }
        let cost = area(acc) * acc.2 as f32 + right_cost[k];
        if best.is_none_or(|b| cost < b.0) {
            best = Some((cost, k));
        }
    }
    let Some((_, split_bin)) = best else {
        return median(order);
    };
    // Move the triangles of bins up to `split_bin` to the front.
    let mut front = 0;
    for j in 0..n {
        if bin_of(order[j]) <= split_bin {
            order.swap(front, j);
            front += 1;
        }
    }
    front
}

/// Squared distance from `p` to the box (0 inside).
fn box_dist2(p: Vec3, lo: Vec3, hi: Vec3) -> f32 {
    let d = (lo - p).max(p - hi).max(Vec3::ZERO);
    d.length_squared()
}

/// True when the ray `o + t d`, `0 <= t <= t_max`, meets the box (`inv` = 1 / d).
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
pub(crate) fn ray_triangle(o: Vec3, d: Vec3, [a, b, c]: &[Vec3; 3]) -> Option<f32> {
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

    /// A small closed box of 12 triangles, tagged by face.
    fn cube(lo: Vec3, hi: Vec3) -> (Vec<[Vec3; 3]>, Vec<u32>) {
        let c = |i: u32| {
            Vec3::new(
                if i & 1 == 0 { lo.x } else { hi.x },
                if i & 2 == 0 { lo.y } else { hi.y },
                if i & 4 == 0 { lo.z } else { hi.z },
            )
        };
        let quads = [
            [0, 1, 3, 2],
            [4, 5, 7, 6],
            [0, 1, 5, 4],
            [2, 3, 7, 6],
            [0, 2, 6, 4],
            [1, 3, 7, 5],
        ];
        let mut tris = Vec::new();
        let mut tags = Vec::new();
        for (f, q) in quads.iter().enumerate() {
            tris.push([c(q[0]), c(q[1]), c(q[2])]);
            tris.push([c(q[0]), c(q[2]), c(q[3])]);
            tags.extend([f as u32, f as u32]);
        }
        (tris, tags)
    }

    #[test]
    fn nearest_matches_brute_force_on_many_boxes() {
        let mut tris = Vec::new();
        let mut tags = Vec::new();
        for i in 0..40 {
            let o = Vec3::new(
                (i % 7) as f32 * 0.3,
                (i / 7) as f32 * 0.25,
                (i % 3) as f32 * 0.2,
            );
            let (t, _) = cube(o, o + Vec3::splat(0.1));
            tags.extend(std::iter::repeat_n(i as u32, t.len()));
            tris.extend(t);
        }
        let bvh = TriangleBvh::new(tris.clone(), tags.clone());
        for k in 0..200 {
            let p = Vec3::new(
                (k as f32 * 0.37).sin() * 1.5 + 0.9,
                (k as f32 * 0.91).cos() + 0.6,
                (k as f32 * 0.13).sin() * 0.8,
            );
            let brute = tris
                .iter()
                .map(|[a, b, c]| {
                    let w = closest_on_triangle(p, *a, *b, *c);
                    (*a * w.x + *b * w.y + *c * w.z).distance(p)
                })
                .fold(f32::INFINITY, f32::min);
            let got = bvh.nearest_within(p, f32::INFINITY).unwrap();
            assert!((got.distance - brute).abs() < 1e-6, "{p}");
            assert!((got.point.distance(p) - got.distance).abs() < 1e-5);
            assert_eq!(
                bvh.nearest_within(p, brute * 0.99).is_none(),
                brute > 0.0,
                "{p}"
            );
        }
    }

    #[test]
    fn ray_cast_finds_the_first_and_every_hit() {
        let (tris, tags) = cube(Vec3::ZERO, Vec3::ONE);
        let bvh = TriangleBvh::new(tris, tags);
        let o = Vec3::new(0.5, 0.5, -1.0);
        let mut first = f32::INFINITY;
        bvh.cast(o, Vec3::Z, 10.0, |t, _| {
            first = first.min(t);
            t
        });
        assert!((first - 1.0).abs() < 1e-6);
        let mut all = Vec::new();
        bvh.cast(o, Vec3::Z, 10.0, |t, tag| {
            all.push((t, tag));
            10.0
        });
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        all.dedup_by(|a, b| (a.0 - b.0).abs() < 1e-6);
        assert_eq!(all.len(), 2, "{all:?}");
        assert!((all[1].0 - 2.0).abs() < 1e-6);
        let mut none = true;
        bvh.cast(o, Vec3::Z, 0.5, |_, _| {
            none = false;
            0.5
        });
        assert!(none, "a ray that stops short hits nothing");
    }
}
