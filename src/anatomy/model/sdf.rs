//! Signed-distance primitives, smooth blending, sweeps along splines and meshing with surface nets.

use fast_surface_nets::ndshape::{RuntimeShape, Shape};
use fast_surface_nets::{SurfaceNetsBuffer, surface_nets};
use glam::Vec3;

/// Smooth minimum (polynomial, blend width `k`).
pub fn smin(a: f32, b: f32, k: f32) -> f32 {
    if k <= 0.0 {
        return a.min(b);
    }
    let h = (k - (a - b).abs()).max(0.0) / k;
    a.min(b) - h * h * k * 0.25
}

/// Smooth maximum (polynomial, blend width `k`).
pub fn smax(a: f32, b: f32, k: f32) -> f32 {
    -smin(-a, -b, k)
}

/// A primitive with an approximate signed distance.
#[derive(Debug, Clone, Copy)]
pub enum Prim {
    /// Axis-aligned ellipsoid.
    Ellipsoid {
        /// Centre.
        c: Vec3,
        /// Radii along X, Y, Z.
        r: Vec3,
    },
    /// Segment `a`-`b` with an elliptical cross-section: half width along `w`, half thickness across,
    /// each interpolated linearly from `a` to `b`; the ends are rounded.
    Flat {
        /// Start.
        a: Vec3,
        /// End.
        b: Vec3,
        /// Half widths at `a` and `b`.
        w: [f32; 2],
        /// Half thicknesses at `a` and `b`.
        t: [f32; 2],
        /// Unit width direction, perpendicular to the axis.
        dir: Vec3,
        /// Tendon factor (0 muscle belly, 1 tendon) at `a` and `b`, used for colours.
        tendon: [f32; 2],
    },
    /// A triangle thickened by a half thickness interpolated from its corners: one piece of a sheet.
    Tri {
        /// Corners.
        p: [Vec3; 3],
        /// Half thickness at the corners.
        r: [f32; 3],
        /// Tendon factor at the corners.
        tendon: [f32; 3],
    },
}

/// Closest point of the triangle `a b c` to `p`, as barycentric weights (Ericson, Real-Time Collision
/// Detection, 5.1.5).
pub fn closest_on_triangle(p: Vec3, a: Vec3, b: Vec3, c: Vec3) -> Vec3 {
    let ab = b - a;
    let ac = c - a;
    let ap = p - a;
    let d1 = ab.dot(ap);
    let d2 = ac.dot(ap);
    if d1 <= 0.0 && d2 <= 0.0 {
        return Vec3::X;
    }
    let bp = p - b;
    let d3 = ab.dot(bp);
    let d4 = ac.dot(bp);
    if d3 >= 0.0 && d4 <= d3 {
        return Vec3::Y;
    }
    let vc = d1 * d4 - d3 * d2;
    if vc <= 0.0 && d1 >= 0.0 && d3 <= 0.0 {
        let v = d1 / (d1 - d3);
        return Vec3::new(1.0 - v, v, 0.0);
    }
    let cp = p - c;
    let d5 = ab.dot(cp);
    let d6 = ac.dot(cp);
    if d6 >= 0.0 && d5 <= d6 {
        return Vec3::Z;
    }
    let vb = d5 * d2 - d1 * d6;
    if vb <= 0.0 && d2 >= 0.0 && d6 <= 0.0 {
        let w = d2 / (d2 - d6);
        return Vec3::new(1.0 - w, 0.0, w);
    }
    let va = d3 * d6 - d5 * d4;
    if va <= 0.0 && (d4 - d3) >= 0.0 && (d5 - d6) >= 0.0 {
        let w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        return Vec3::new(0.0, 1.0 - w, w);
    }
    let denom = 1.0 / (va + vb + vc);
    let v = vb * denom;
    let w = vc * denom;
    Vec3::new(1.0 - v - w, v, w)
}

impl Prim {
    /// A round tapered capsule.
    pub fn cone(a: Vec3, b: Vec3, ra: f32, rb: f32) -> Prim {
        let axis = (b - a).normalize_or(Vec3::Y);
        Prim::Flat {
            a,
            b,
            w: [ra, rb],
            t: [ra, rb],
            dir: axis.any_orthonormal_vector(),
            tendon: [0.0, 0.0],
        }
    }

    /// A sphere.
    pub fn sphere(c: Vec3, r: f32) -> Prim {
        Prim::Ellipsoid {
            c,
            r: Vec3::splat(r),
        }
    }

    /// Approximate signed distance from `p`, and the tendon factor at the closest point.
    pub fn eval(&self, p: Vec3) -> (f32, f32) {
        match *self {
            Prim::Ellipsoid { c, r } => {
                let q = p - c;
                let k0 = (q / r).length();
                let k1 = (q / (r * r)).length();
                if k1 < 1e-9 {
                    (-r.min_element(), 0.0)
                } else {
                    (k0 * (k0 - 1.0) / k1, 0.0)
                }
            }
            Prim::Flat {
                a,
                b,
                w,
                t,
                dir,
                tendon,
            } => {
                let ab = b - a;
                let l2 = ab.length_squared();
                let s = if l2 > 1e-12 {
                    ((p - a).dot(ab) / l2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let q = p - (a + ab * s);
                let wr = w[0] + (w[1] - w[0]) * s;
                let tr = t[0] + (t[1] - t[0]) * s;
                let u = q.dot(dir);
                let v = (q - dir * u).length();
                let k = ((u / wr).powi(2) + (v / tr).powi(2)).sqrt();
                (
                    (k - 1.0) * wr.min(tr),
                    tendon[0] + (tendon[1] - tendon[0]) * s,
                )
            }
            Prim::Tri {
                p: c, r, tendon, ..
            } => {
                let w = closest_on_triangle(p, c[0], c[1], c[2]);
                let q = c[0] * w.x + c[1] * w.y + c[2] * w.z;
                let rr = r[0] * w.x + r[1] * w.y + r[2] * w.z;
                let t = tendon[0] * w.x + tendon[1] * w.y + tendon[2] * w.z;
                (p.distance(q) - rr, t)
            }
        }
    }

    /// Bounding box, grown by `margin`.
    pub fn bounds(&self, margin: f32) -> (Vec3, Vec3) {
        match *self {
            Prim::Ellipsoid { c, r } => (c - r - margin, c + r + margin),
            Prim::Flat { a, b, w, t, .. } => {
                let m = w[0].max(w[1]).max(t[0]).max(t[1]) + margin;
                (a.min(b) - m, a.max(b) + m)
            }
            Prim::Tri { p, r, .. } => {
                let m = r[0].max(r[1]).max(r[2]) + margin;
                (p[0].min(p[1]).min(p[2]) - m, p[0].max(p[1]).max(p[2]) + m)
            }
        }
    }

    /// The same primitive grown by `d` in every direction.
    pub fn dilated(&self, d: f32) -> Prim {
        match *self {
            Prim::Ellipsoid { c, r } => Prim::Ellipsoid { c, r: r + d },
            Prim::Flat {
                a,
                b,
                w,
                t,
                dir,
                tendon,
            } => Prim::Flat {
                a,
                b,
                w: [w[0] + d, w[1] + d],
                t: [t[0] + d, t[1] + d],
                dir,
                tendon,
            },
            Prim::Tri { p, r, tendon } => Prim::Tri {
                p,
                r: r.map(|x| x + d),
                tendon,
            },
        }
    }

    /// The primitive mirrored to the other side (X negated).
    pub fn mirrored(&self) -> Prim {
        let m = |v: &Vec3| Vec3::new(-v.x, v.y, v.z);
        match *self {
            Prim::Ellipsoid { c, r } => Prim::Ellipsoid { c: m(&c), r },
            Prim::Flat {
                a,
                b,
                w,
                t,
                dir,
                tendon,
            } => Prim::Flat {
                a: m(&a),
                b: m(&b),
                w,
                t,
                dir: m(&dir),
                tendon,
            },
            Prim::Tri { p, r, tendon } => Prim::Tri {
                p: p.map(|v| m(&v)),
                r,
                tendon,
            },
        }
    }
}

/// A solid: smooth union of groups of primitives, minus smooth subtractions. The primitives of one group
/// (the segments of one sweep, the triangles of one sheet) are joined with a hard minimum, so the group is
/// seamless; the groups are blended with each other.
#[derive(Debug, Clone, Default)]
pub struct Solid {
    /// Primitives blended together.
    pub prims: Vec<Prim>,
    /// Group of each primitive.
    pub groups: Vec<u32>,
    /// Blend width of the union.
    pub k: f32,
    /// Primitives cut away (with their own blend width).
    pub cuts: Vec<(Prim, f32)>,
    open: Option<u32>,
    next: u32,
}

/// A run of primitives of one group with its bounding box.
struct Span {
    start: usize,
    end: usize,
    lo: Vec3,
    hi: Vec3,
}

fn box_distance(p: Vec3, lo: Vec3, hi: Vec3) -> f32 {
    (lo - p).max(p - hi).max(Vec3::ZERO).length()
}

impl Solid {
    /// A solid with blend width `k`.
    pub fn new(k: f32) -> Solid {
        Solid {
            k,
            ..Default::default()
        }
    }

    /// Adds a primitive (a group of its own unless a group is open).
    pub fn add(&mut self, p: Prim) -> &mut Self {
        let g = match self.open {
            Some(g) => g,
            None => {
                self.next += 1;
                self.next
            }
        };
        self.prims.push(p);
        self.groups.push(g);
        self
    }

    /// Adds primitives as one seamless group.
    pub fn add_group(&mut self, prims: impl IntoIterator<Item = Prim>) -> &mut Self {
        self.next += 1;
        self.open = Some(self.next);
        for p in prims {
            self.add(p);
        }
        self.open = None;
        self
    }

    /// Adds a cut.
    pub fn cut(&mut self, p: Prim, k: f32) -> &mut Self {
        self.cuts.push((p, k));
        self
    }

    fn spans(&self) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        for (i, p) in self.prims.iter().enumerate() {
            let (lo, hi) = p.bounds(0.0);
            match out.last_mut() {
                Some(s) if self.groups[s.start] == self.groups[i] => {
                    s.end = i + 1;
                    s.lo = s.lo.min(lo);
                    s.hi = s.hi.max(hi);
                }
                _ => out.push(Span {
                    start: i,
                    end: i + 1,
                    lo,
                    hi,
                }),
            }
        }
        out
    }

    /// Signed distance and tendon factor at `p`.
    pub fn eval(&self, p: Vec3) -> (f32, f32) {
        self.eval_spans(&self.spans(), p)
    }

    fn eval_spans(&self, spans: &[Span], p: Vec3) -> (f32, f32) {
        let mut d = f32::MAX;
        let mut best = f32::MAX;
        let mut tendon = 0.0;
        for span in spans {
            if d != f32::MAX && box_distance(p, span.lo, span.hi) > d.max(0.0) + self.k * 2.0 {
                continue;
            }
            let mut g = f32::MAX;
            for prim in &self.prims[span.start..span.end] {
                if let Prim::Tri { .. } = prim {
                    let (lo, hi) = prim.bounds(0.0);
                    if box_distance(p, lo, hi) > g {
                        continue;
                    }
                }
                let (di, ti) = prim.eval(p);
                if di < best {
                    best = di;
                    tendon = ti;
                }
                g = g.min(di);
            }
            d = if d == f32::MAX { g } else { smin(d, g, self.k) };
        }
        for (c, k) in &self.cuts {
            d = smax(d, -c.eval(p).0, *k);
        }
        (d, tendon)
    }

    /// Bounding box of the primitives, grown by `margin`.
    pub fn bounds(&self, margin: f32) -> (Vec3, Vec3) {
        let mut lo = Vec3::splat(f32::MAX);
        let mut hi = Vec3::splat(f32::MIN);
        for p in &self.prims {
            let (a, b) = p.bounds(margin);
            lo = lo.min(a);
            hi = hi.max(b);
        }
        (lo, hi)
    }
}

/// A triangle mesh with per-vertex normals and optional colours.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mesh {
    /// Vertex positions (metres, model frame).
    pub positions: Vec<Vec3>,
    /// Unit normals.
    pub normals: Vec<Vec3>,
    /// Linear RGBA colours, empty when the material colour applies alone.
    pub colors: Vec<[f32; 4]>,
    /// Triangle indices, counter-clockwise seen from outside.
    pub indices: Vec<u32>,
}

impl Mesh {
    /// Number of triangles.
    pub fn triangles(&self) -> usize {
        self.indices.len() / 3
    }

    /// Appends another mesh.
    pub fn append(&mut self, other: &Mesh) {
        let base = self.positions.len() as u32;
        self.positions.extend_from_slice(&other.positions);
        self.normals.extend_from_slice(&other.normals);
        self.colors.extend_from_slice(&other.colors);
        self.indices.extend(other.indices.iter().map(|i| i + base));
    }

    /// The mirror image (X negated), with the winding reversed so it still faces outwards.
    pub fn mirrored(&self) -> Mesh {
        let m = |v: &Vec3| Vec3::new(-v.x, v.y, v.z);
        let mut indices = self.indices.clone();
        for tri in indices.chunks_exact_mut(3) {
            tri.swap(1, 2);
        }
        Mesh {
            positions: self.positions.iter().map(m).collect(),
            normals: self.normals.iter().map(m).collect(),
            colors: self.colors.clone(),
            indices,
        }
    }

    /// Signed volume (positive when the triangles face outwards).
    pub fn signed_volume(&self) -> f32 {
        self.indices
            .chunks_exact(3)
            .map(|t| {
                let a = self.positions[t[0] as usize];
                let b = self.positions[t[1] as usize];
                let c = self.positions[t[2] as usize];
                a.dot(b.cross(c)) / 6.0
            })
            .sum()
    }

    /// Rounds positions and normals to a fixed grid so that the bytes do not depend on the last bits
    /// of floating-point maths.
    pub fn quantize(&mut self) {
        let q = |v: f32, s: f32| (v * s).round() / s;
        for p in &mut self.positions {
            *p = Vec3::new(q(p.x, 1e5), q(p.y, 1e5), q(p.z, 1e5));
        }
        for n in &mut self.normals {
            *n = Vec3::new(q(n.x, 1e4), q(n.y, 1e4), q(n.z, 1e4));
        }
        for c in &mut self.colors {
            for v in c.iter_mut() {
                *v = q(*v, 1e3);
            }
        }
    }
}

/// How a meshed surface is finished: smoothing passes, then simplification to a triangle budget.
#[derive(Debug, Clone, Copy)]
pub struct Finish {
    /// Taubin smoothing passes (each a shrinking and an inflating step).
    pub smooth: usize,
    /// Most triangles kept by the simplifier.
    pub triangles: usize,
    /// Largest geometric error the simplifier may introduce (metres).
    pub error: f32,
}

/// Samples `field` on a grid of `cell` spacing over `lo`..`hi` and meshes its zero level with surface nets,
/// then smooths and simplifies it as `finish` says. `color` maps the field's second value (the tendon
/// factor) to a vertex colour, if given.
///
/// The field is first sampled on a grid four times coarser; fine samples are computed only near the
/// surface (elsewhere the coarse value gives the sign, which is all that surface nets needs there).
pub fn mesh_field(
    field: &(dyn Fn(Vec3) -> (f32, f32) + Sync),
    lo: Vec3,
    hi: Vec3,
    cell: f32,
    finish: Finish,
    color: Option<&dyn Fn(f32) -> [f32; 4]>,
) -> Mesh {
    const C: u32 = 4;
    let lo = lo - Vec3::splat(2.0 * cell);
    let hi = hi + Vec3::splat(2.0 * cell);
    let n = ((hi - lo) / cell).ceil().as_uvec3() + 1;
    let nc = n / C + 2;
    let coarse_shape = RuntimeShape::<u32, 3>::new([nc.x, nc.y, nc.z]);
    let mut coarse = vec![0.0f32; (nc.x * nc.y * nc.z) as usize];
    for z in 0..nc.z {
        for y in 0..nc.y {
            for x in 0..nc.x {
                let p = lo + Vec3::new(x as f32, y as f32, z as f32) * (cell * C as f32);
                coarse[coarse_shape.linearize([x, y, z]) as usize] = field(p).0;
            }
        }
    }
    let band = 2.5 * C as f32 * cell;
    let shape = RuntimeShape::<u32, 3>::new([n.x, n.y, n.z]);
    let mut sdf = vec![1.0f32; (n.x * n.y * n.z) as usize];
    let round = |v: u32| (v + C / 2) / C;
    for z in 0..n.z {
        for y in 0..n.y {
            for x in 0..n.x {
                let dc = coarse[coarse_shape.linearize([round(x), round(y), round(z)]) as usize];
                let d = if dc.abs() > band {
                    dc
                } else {
                    field(lo + Vec3::new(x as f32, y as f32, z as f32) * cell).0
                };
                sdf[shape.linearize([x, y, z]) as usize] = d / cell;
            }
        }
    }
    let mut buf = SurfaceNetsBuffer::default();
    surface_nets(&sdf, &shape, [0; 3], [n.x - 1, n.y - 1, n.z - 1], &mut buf);
    let mut mesh = nets_mesh(&buf, lo, cell);
    mesh.finish(finish);
    if let Some(c) = color {
        mesh.colors = mesh.positions.iter().map(|p| c(field(*p).1)).collect();
    }
    mesh
}

fn nets_mesh(buf: &SurfaceNetsBuffer, lo: Vec3, cell: f32) -> Mesh {
    let positions: Vec<Vec3> = buf
        .positions
        .iter()
        .map(|p| lo + Vec3::from(*p) * cell)
        .collect();
    let mut mesh = Mesh {
        normals: Vec::new(),
        positions,
        colors: Vec::new(),
        indices: buf.indices.clone(),
    };
    if mesh.signed_volume() < 0.0 {
        for tri in mesh.indices.chunks_exact_mut(3) {
            tri.swap(1, 2);
        }
    }
    mesh
}

impl Mesh {
    /// Vertex neighbours (sorted, without repeats).
    fn neighbours(&self) -> Vec<Vec<u32>> {
        let mut nb: Vec<Vec<u32>> = vec![Vec::new(); self.positions.len()];
        for t in self.indices.chunks_exact(3) {
            for (a, b) in [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])] {
                nb[a as usize].push(b);
                nb[b as usize].push(a);
            }
        }
        for v in &mut nb {
            v.sort_unstable();
            v.dedup();
        }
        nb
    }

    /// Taubin smoothing: `passes` pairs of a Laplacian step (0.5) and an inflating step (-0.53), which
    /// removes the staircase of the grid without shrinking the shape.
    pub fn smooth(&mut self, passes: usize) {
        if passes == 0 {
            return;
        }
        let nb = self.neighbours();
        let mut next = self.positions.clone();
        for _ in 0..passes {
            for f in [0.5f32, -0.53] {
                for (i, n) in nb.iter().enumerate() {
                    if n.is_empty() {
                        continue;
                    }
                    let c = n.iter().map(|&j| self.positions[j as usize]).sum::<Vec3>()
                        / n.len() as f32;
                    next[i] = self.positions[i] + (c - self.positions[i]) * f;
                }
                std::mem::swap(&mut self.positions, &mut next);
            }
        }
    }

    /// Area-weighted vertex normals.
    pub fn compute_normals(&mut self) {
        let mut acc = vec![Vec3::ZERO; self.positions.len()];
        for t in self.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| self.positions[i as usize]);
            let n = (b - a).cross(c - a);
            for i in t {
                acc[*i as usize] += n;
            }
        }
        self.normals = acc.into_iter().map(|n| n.normalize_or(Vec3::Y)).collect();
    }

    /// Simplifies to at most `triangles` triangles (stopping earlier where that would move the surface
    /// by more than `error`), keeping the normals of the dense mesh, and drops unused vertices.
    pub fn simplify(&mut self, triangles: usize, error: f32) {
        if self.triangles() > triangles {
            let pos: Vec<[f32; 3]> = self.positions.iter().map(|p| p.to_array()).collect();
            self.indices = meshopt::simplify_decoder(
                &self.indices,
                &pos,
                triangles * 3,
                error,
                meshopt::SimplifyOptions::ErrorAbsolute,
                None,
            );
        }
        let mut remap = vec![u32::MAX; self.positions.len()];
        for &i in &self.indices {
            remap[i as usize] = 0;
        }
        let mut next = 0u32;
        for r in &mut remap {
            if *r == 0 {
                *r = next;
                next += 1;
            }
        }
        let keep = |v: &Vec<Vec3>| -> Vec<Vec3> {
            v.iter()
                .zip(&remap)
                .filter(|(_, r)| **r != u32::MAX)
                .map(|(p, _)| *p)
                .collect()
        };
        self.positions = keep(&self.positions);
        self.normals = keep(&self.normals);
        if !self.colors.is_empty() {
            self.colors = self
                .colors
                .iter()
                .zip(&remap)
                .filter(|(_, r)| **r != u32::MAX)
                .map(|(c, _)| *c)
                .collect();
        }
        for i in &mut self.indices {
            *i = remap[*i as usize];
        }
    }

    /// Smooths, computes normals and simplifies.
    pub fn finish(&mut self, f: Finish) {
        self.smooth(f.smooth);
        self.compute_normals();
        self.simplify(f.triangles, f.error);
    }
}

/// Meshes a solid over its own bounding box.
pub fn mesh_solid(
    solid: &Solid,
    cell: f32,
    finish: Finish,
    color: Option<&dyn Fn(f32) -> [f32; 4]>,
) -> Mesh {
    let (lo, hi) = solid.bounds(cell);
    let spans = solid.spans();
    mesh_field(
        &|p| solid.eval_spans(&spans, p),
        lo,
        hi,
        cell,
        finish,
        color,
    )
}

/// Meshes a soft envelope of many primitives: their hard union is splatted into the grid (each primitive
/// only near itself), then the field is blurred `blur` times with a box of three cells along each axis,
/// which fills the creases between parts like soft tissue over them; the union is kept where it lies
/// outside the blurred field, so nothing is shrunk.
pub fn mesh_envelope(
    prims: &[Prim],
    blur: usize,
    lo: Vec3,
    hi: Vec3,
    cell: f32,
    finish: Finish,
) -> Mesh {
    let lo = lo - Vec3::splat(4.0 * cell);
    let hi = hi + Vec3::splat(4.0 * cell);
    let n = ((hi - lo) / cell).ceil().as_uvec3() + 1;
    let shape = RuntimeShape::<u32, 3>::new([n.x, n.y, n.z]);
    let far = 6.0 * cell + blur as f32 * cell;
    let mut sdf = vec![far; (n.x * n.y * n.z) as usize];
    for prim in prims {
        let (a, b) = prim.bounds(far);
        let ia = ((a - lo) / cell).floor().max(Vec3::ZERO).as_uvec3();
        let ib = ((b - lo) / cell).ceil().as_uvec3().min(n - 1);
        for z in ia.z..=ib.z {
            for y in ia.y..=ib.y {
                for x in ia.x..=ib.x {
                    let p = lo + Vec3::new(x as f32, y as f32, z as f32) * cell;
                    let i = shape.linearize([x, y, z]) as usize;
                    sdf[i] = sdf[i].min(prim.eval(p).0);
                }
            }
        }
    }
    let strides = [1usize, n.x as usize, (n.x * n.y) as usize];
    let dims = [n.x as usize, n.y as usize, n.z as usize];
    let hard = sdf.clone();
    let mut tmp = sdf.clone();
    for _ in 0..blur {
        for axis in 0..3 {
            let s = strides[axis];
            for i in 0..sdf.len() {
                let c = (i / s) % dims[axis];
                let a = if c > 0 { sdf[i - s] } else { sdf[i] };
                let b = if c + 1 < dims[axis] {
                    sdf[i + s]
                } else {
                    sdf[i]
                };
                tmp[i] = (a + sdf[i] + b) / 3.0;
            }
            std::mem::swap(&mut sdf, &mut tmp);
        }
    }
    for (v, h) in sdf.iter_mut().zip(&hard) {
        *v = v.min(*h) / cell;
    }
    let mut buf = SurfaceNetsBuffer::default();
    surface_nets(&sdf, &shape, [0; 3], [n.x - 1, n.y - 1, n.z - 1], &mut buf);
    let mut mesh = nets_mesh(&buf, lo, cell);
    mesh.finish(finish);
    mesh
}

/// One control point of a sweep: position, half width, half thickness.
#[derive(Debug, Clone, Copy)]
pub struct Knot {
    /// Position.
    pub p: Vec3,
    /// Half width (along the sweep's width direction).
    pub w: f32,
    /// Half thickness.
    pub t: f32,
}

/// Shorthand for a knot.
pub fn knot(p: Vec3, w: f32, t: f32) -> Knot {
    Knot { p, w, t }
}

/// Uniform Catmull-Rom spline through the knots, sampled `per_span` times per span; returns
/// (position, half width, half thickness) samples.
pub fn spline(knots: &[Knot], per_span: usize) -> Vec<Knot> {
    let n = knots.len();
    if n < 2 {
        return knots.to_vec();
    }
    let get = |i: isize| -> Vec3 {
        if i < 0 {
            knots[0].p * 2.0 - knots[1].p
        } else if i as usize >= n {
            knots[n - 1].p * 2.0 - knots[n - 2].p
        } else {
            knots[i as usize].p
        }
    };
    let mut out = Vec::new();
    for s in 0..n - 1 {
        let (p0, p1, p2, p3) = (
            get(s as isize - 1),
            get(s as isize),
            get(s as isize + 1),
            get(s as isize + 2),
        );
        for j in 0..per_span {
            let t = j as f32 / per_span as f32;
            let t2 = t * t;
            let t3 = t2 * t;
            let p = 0.5
                * (2.0 * p1
                    + (p2 - p0) * t
                    + (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3) * t2
                    + (3.0 * p1 - p0 - 3.0 * p2 + p3) * t3);
            let w = knots[s].w + (knots[s + 1].w - knots[s].w) * t;
            let th = knots[s].t + (knots[s + 1].t - knots[s].t) * t;
            out.push(knot(p, w, th));
        }
    }
    out.push(knots[n - 1]);
    out
}

/// Width direction for an axis: `wref` made perpendicular to `axis`.
pub fn width_dir(axis: Vec3, wref: Vec3) -> Vec3 {
    let w = wref - axis * wref.dot(axis);
    if w.length_squared() < 1e-6 {
        axis.any_orthonormal_vector()
    } else {
        w.normalize()
    }
}

/// Tendon factor of a cross-section: 1 when thin (a tendon), 0 for a full belly.
pub fn tendon_factor(t: f32) -> f32 {
    let x = ((0.0065 - t) / 0.003).clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// Primitives of a sweep: the spline through `knots`, a flattened segment between consecutive samples.
pub fn sweep(knots: &[Knot], wref: Vec3) -> Vec<Prim> {
    let s = spline(knots, 5);
    s.windows(2)
        .map(|ab| {
            let axis = (ab[1].p - ab[0].p).normalize_or(Vec3::Y);
            Prim::Flat {
                a: ab[0].p,
                b: ab[1].p,
                w: [ab[0].w, ab[1].w],
                t: [ab[0].t, ab[1].t],
                dir: width_dir(axis, wref),
                tendon: [tendon_factor(ab[0].t), tendon_factor(ab[1].t)],
            }
        })
        .collect()
}

/// A lofted tube with an elliptical cross-section along the spline through `knots` (exact shape, for nerves).
pub fn loft(knots: &[Knot], wref: Vec3, ring: usize) -> Mesh {
    let s = spline(knots, 8);
    let mut mesh = Mesh::default();
    let n = s.len();
    let mut frames = Vec::with_capacity(n);
    for i in 0..n {
        let a = s[i.saturating_sub(1)].p;
        let b = s[(i + 1).min(n - 1)].p;
        let tan = (b - a).normalize_or(Vec3::Y);
        let r = if tan.dot(wref).abs() > 0.9 {
            Vec3::Z
        } else {
            wref
        };
        let w = width_dir(tan, r);
        let v = tan.cross(w);
        frames.push((tan, w, v));
    }
    let (cos, sin): (Vec<f32>, Vec<f32>) = (0..ring)
        .map(|j| {
            let a = std::f32::consts::TAU * j as f32 / ring as f32;
            (a.cos(), a.sin())
        })
        .unzip();
    for (i, k) in s.iter().enumerate() {
        let (_, w, v) = frames[i];
        for j in 0..ring {
            let off = w * (k.w * cos[j]) + v * (k.t * sin[j]);
            let nrm = (w * (cos[j] / k.w) + v * (sin[j] / k.t)).normalize_or(w);
            mesh.positions.push(k.p + off);
            mesh.normals.push(nrm);
        }
    }
    let r = ring as u32;
    for i in 0..(n as u32 - 1) {
        for j in 0..r {
            let a = i * r + j;
            let b = i * r + (j + 1) % r;
            let c = a + r;
            let d = b + r;
            mesh.indices.extend_from_slice(&[a, b, d, a, d, c]);
        }
    }
    for (end, ring_start, sign) in [(0usize, 0u32, -1.0f32), (n - 1, (n as u32 - 1) * r, 1.0)] {
        let centre = mesh.positions.len() as u32;
        mesh.positions.push(s[end].p);
        mesh.normals.push(frames[end].0 * sign);
        for j in 0..r {
            let a = ring_start + j;
            let b = ring_start + (j + 1) % r;
            if sign > 0.0 {
                mesh.indices.extend_from_slice(&[centre, a, b]);
            } else {
                mesh.indices.extend_from_slice(&[centre, b, a]);
            }
        }
    }
    if mesh.signed_volume() < 0.0 {
        for tri in mesh.indices.chunks_exact_mut(3) {
            tri.swap(1, 2);
        }
    }
    mesh
}

/// Primitives of a sheet through a grid of knots (rows of equal length; each knot's `t` is the half
/// thickness there): the grid is refined with Catmull-Rom splines along and across the rows and each cell
/// split into two thickened triangles. Add them to a solid as one group.
pub fn sheet(rows: &[Vec<Knot>], per_span: usize) -> Vec<Prim> {
    let along: Vec<Vec<Knot>> = rows.iter().map(|r| spline(r, per_span)).collect();
    let cols = along[0].len();
    let columns: Vec<Vec<Knot>> = (0..cols)
        .map(|j| {
            let col: Vec<Knot> = along.iter().map(|r| r[j]).collect();
            spline(&col, per_span)
        })
        .collect();
    let nr = columns[0].len();
    let mut out = Vec::new();
    for i in 0..nr - 1 {
        for j in 0..cols - 1 {
            let q = [
                columns[j][i],
                columns[j + 1][i],
                columns[j + 1][i + 1],
                columns[j][i + 1],
            ];
            for t in [[0, 1, 2], [0, 2, 3]] {
                let k = t.map(|x| q[x]);
                out.push(Prim::Tri {
                    p: k.map(|x| x.p),
                    r: k.map(|x| x.t),
                    tendon: k.map(|x| tendon_factor(x.t)),
                });
            }
        }
    }
    out
}
