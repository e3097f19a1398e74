//! Signed-distance primitives, smooth blending, sweeps along splines and meshing with surface nets.
//!
//! This file holds the primitives and the solids built from them; `mesh` turns a field into a triangle
//! mesh, and `sweep` places primitives along splines through knots (muscles, sheets, nerve tubes).

mod mesh;
mod sweep;
#[cfg(test)]
mod tests;

use glam::Vec3;

pub use mesh::{Envelope, Finish, Mesh, mesh_envelope, mesh_field, mesh_solid, neighbour_means};
pub use sweep::{
    BELLY_HALF_THICKNESS, Knot, LOFT_SAMPLES, SWEEP_SAMPLES, TENDON_RANGE, knot, loft, sheet,
    spline, sweep, tendon_factor, width_dir,
};

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

/// The segment `a`-`b` as the vector `b - a`, and where the point of it closest to `p` lies along it (0 at
/// `a`, 1 at `b`).
fn along_segment(p: Vec3, a: Vec3, b: Vec3) -> (Vec3, f32) {
    let ab = b - a;
    let l2 = ab.length_squared();
    let s = if l2 > 1e-12 {
        ((p - a).dot(ab) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (ab, s)
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
        /// Coordinate across the fibres at the corners (metres along the sheet, across its fascicles).
        across: [f32; 3],
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
                let (ab, s) = along_segment(p, a, b);
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

    /// Coordinate of `p` across the fibres of the primitive (metres): for a segment, the offset from its
    /// axis along its width direction, so that it runs round a muscle's surface from one edge to the other
    /// and stays the same along the axis; for a piece of a sheet, the coordinate of its corners across the
    /// fascicles, interpolated at the closest point. Stripes at equal steps of it run along the fibres.
    pub fn across(&self, p: Vec3) -> f32 {
        match *self {
            Prim::Ellipsoid { c, .. } => (p - c).x,
            Prim::Flat { a, b, dir, .. } => {
                let (ab, s) = along_segment(p, a, b);
                (p - (a + ab * s)).dot(dir)
            }
            Prim::Tri { p: c, across, .. } => {
                let w = closest_on_triangle(p, c[0], c[1], c[2]);
                across[0] * w.x + across[1] * w.y + across[2] * w.z
            }
        }
    }

    /// A value that [`Prim::eval`]'s distance never falls below anywhere within `h` of `c` (minus infinity
    /// where no useful bound is known): what lets a field skip the cells a primitive cannot reach.
    pub fn floor_near(&self, c: Vec3, h: f32) -> f32 {
        match *self {
            Prim::Ellipsoid { c: centre, r } => {
                // k0 >= |q| / rmax and k1 <= |q| / rmin^2, so outside the largest radius the distance is
                // at least (|q| - rmax) rmin^2 / rmax^2.
                let q = c.distance(centre) - h;
                let (lo, hi) = (r.min_element(), r.max_element());
                if q <= hi {
                    f32::NEG_INFINITY
                } else {
                    (q - hi) * lo * lo / (hi * hi)
                }
            }
            Prim::Flat { a, b, w, t, .. } => {
                // k >= |q| / max(w, t), so outside the largest radius the distance is at least
                // (|q| - max) min / max, with |q| the distance to the axis.
                let (ab, s) = along_segment(c, a, b);
                let q = c.distance(a + ab * s) - h;
                let hi = w[0].max(w[1]).max(t[0]).max(t[1]);
                let lo = w[0].min(w[1]).min(t[0]).min(t[1]);
                if q <= hi {
                    f32::NEG_INFINITY
                } else {
                    (q - hi) * lo / hi
                }
            }
            Prim::Tri { p, r, .. } => {
                let (lo, hi) = (p[0].min(p[1]).min(p[2]), p[0].max(p[1]).max(p[2]));
                box_distance(c, lo, hi) - h - r[0].max(r[1]).max(r[2])
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
            Prim::Tri {
                p,
                r,
                tendon,
                across,
            } => Prim::Tri {
                p,
                r: r.map(|x| x + d),
                tendon,
                across,
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
            Prim::Tri {
                p,
                r,
                tendon,
                across,
            } => Prim::Tri {
                p: p.map(|v| m(&v)),
                r,
                tendon,
                across,
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

    /// Coordinate of `p` across the fibres of the primitive closest to it (see [`Prim::across`]).
    pub fn across(&self, p: Vec3) -> f32 {
        let mut best = (f32::MAX, 0.0);
        for prim in &self.prims {
            let (lo, hi) = prim.bounds(0.0);
            if box_distance(p, lo, hi) > best.0 {
                continue;
            }
            let d = prim.eval(p).0;
            if d < best.0 {
                best = (d, prim.across(p));
            }
        }
        best.1
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
