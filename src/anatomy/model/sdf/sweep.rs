//! Knots, Catmull-Rom splines through them, and the primitives and tubes swept along those splines.

use std::f32::consts::{PI, TAU};

use glam::Vec3;

use super::{Mesh, Prim};

/// Spline samples per span of a sweep: each span between knots becomes this many flat segments.
pub const SWEEP_SAMPLES: usize = 5;
/// Most spline samples per span of a lofted tube (rings between knots); finer than a sweep, since the tube
/// is the mesh itself.
pub const LOFT_SAMPLES: usize = 8;
/// The length (metres) of a lofted tube's segments, where its span is short enough to need fewer than
/// [`LOFT_SAMPLES`]: a short span between close knots gets as few as two.
pub const LOFT_STEP: f32 = 0.005;
/// How far the two cords of a divided tube reach into each other, as a fraction of the tube's half width:
/// the more, the shallower the groove between them (0.15 leaves it two thirds of the full thickness).
const CORD_OVERLAP: f32 = 0.15;
/// Half thickness (metres) at and above which a cross-section is all muscle belly (tendon factor 0).
pub const BELLY_HALF_THICKNESS: f32 = 0.0065;
/// Range of half thickness (metres) below [`BELLY_HALF_THICKNESS`] over which a cross-section turns into
/// tendon (tendon factor 1 at 3.5 mm and thinner).
pub const TENDON_RANGE: f32 = 0.003;
/// A lofted tube whose direction is within about 25 degrees of its width reference (|cos| above this)
/// takes Z as the reference instead, so that its frame stays well defined.
const LOFT_PARALLEL: f32 = 0.9;

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
    spline_by(knots, |_, _| per_span)
}

/// Like [`spline`], with the samples of each span given by `per_span(a, b)` for its two knots.
fn spline_by(knots: &[Knot], per_span: impl Fn(&Knot, &Knot) -> usize) -> Vec<Knot> {
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
        let samples = per_span(&knots[s], &knots[s + 1]).max(1);
        for j in 0..samples {
            let t = j as f32 / samples as f32;
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

/// Tendon factor of a cross-section of half thickness `t`: 1 when thin (a tendon), 0 for a full belly,
/// with a smooth step between.
pub fn tendon_factor(t: f32) -> f32 {
    let x = ((BELLY_HALF_THICKNESS - t) / TENDON_RANGE).clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// Primitives of a sweep: the spline through `knots` ([`SWEEP_SAMPLES`] per span), a flattened segment
/// between consecutive samples.
pub fn sweep(knots: &[Knot], wref: Vec3) -> Vec<Prim> {
    let s = spline(knots, SWEEP_SAMPLES);
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

/// A lofted tube with an elliptical cross-section along the spline through `knots` (exact shape, for nerves):
/// a ring of `ring` vertices per sample (a sample every [`LOFT_STEP`] along each span, at least two and at
/// most [`LOFT_SAMPLES`]), closed at both ends.
///
/// With a `groove`, the cross-section is two cords side by side in one sheath, as the sciatic trunk
/// carries its tibial and common fibular parts: a shallow groove runs along both faces, near `groove`
/// across the width (-1 and 1 are the two edges along `wref`; the cords' outlines meet a little towards
/// the middle from there).
pub fn loft(knots: &[Knot], wref: Vec3, ring: usize, groove: Option<f32>) -> Mesh {
    let s = spline_by(knots, |a, b| {
        ((a.p.distance(b.p) / LOFT_STEP).ceil() as usize).clamp(2, LOFT_SAMPLES)
    });
    let mut mesh = Mesh::default();
    let n = s.len();
    let mut frames = Vec::with_capacity(n);
    for i in 0..n {
        let a = s[i.saturating_sub(1)].p;
        let b = s[(i + 1).min(n - 1)].p;
        let tan = (b - a).normalize_or(Vec3::Y);
        let r = if tan.dot(wref).abs() > LOFT_PARALLEL {
            Vec3::Z
        } else {
            wref
        };
        let w = width_dir(tan, r);
        let v = tan.cross(w);
        frames.push((tan, w, v));
    }
    let rims = rims(ring, groove);
    for (i, k) in s.iter().enumerate() {
        let (_, w, v) = frames[i];
        for rim in &rims {
            let across = k.w * (rim.x0 + rim.a * rim.cos);
            mesh.positions.push(k.p + w * across + v * (k.t * rim.sin));
            let nrm = if rim.crease {
                v * rim.sin.signum()
            } else {
                (w * (rim.cos / (rim.a * k.w)) + v * (rim.sin / k.t)).normalize_or(w)
            };
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

/// One vertex of a tube's cross-section, in units of the half width across and the half thickness: on
/// the ellipse of half axes `a` and 1 centred at `x0`, at the angle with this cosine and sine. A crease
/// is the bottom of the groove between two cords, whose normal points straight out of the face.
#[derive(Debug, Clone, Copy)]
struct Rim {
    x0: f32,
    a: f32,
    cos: f32,
    sin: f32,
    crease: bool,
}

/// The cross-section of a lofted tube, `ring` vertices counter-clockwise from the edge at +1 across:
/// one ellipse, or with a `groove` (at that place across, -1 to 1) two ellipses side by side, one either
/// side of it, that reach [`CORD_OVERLAP`] into each other.
fn rims(ring: usize, groove: Option<f32>) -> Vec<Rim> {
    let arc = |x0: f32, a: f32, from: f32, span: f32, n: usize| {
        (0..n).map(move |j| {
            let angle = from + span * j as f32 / n as f32;
            Rim {
                x0,
                a,
                cos: angle.cos(),
                sin: angle.sin(),
                crease: false,
            }
        })
    };
    let Some(at) = groove else {
        return arc(0.0, 1.0, 0.0, TAU, ring).collect();
    };
    // The cords' half widths and centres, and where their outlines cross (both are as thick).
    let (al, am) = (
        (at + 1.0 + CORD_OVERLAP) / 2.0,
        (1.0 - at + CORD_OVERLAP) / 2.0,
    );
    let (xl, xm) = (-1.0 + al, 1.0 - am);
    let xg = (xl * am + xm * al) / (al + am);
    // Half the angle each cord's outline keeps, round its outer edge.
    let keep_m = ((xg - xm) / am).clamp(-1.0, 1.0).acos();
    let from_l = ((xg - xl) / al).clamp(-1.0, 1.0).acos();
    let (span_m, span_l) = (2.0 * keep_m, 2.0 * (PI - from_l));
    let nm = ((ring as f32 * span_m / (span_m + span_l)).round() as usize).clamp(2, ring - 2);
    let mut rims: Vec<Rim> = arc(xm, am, -keep_m, span_m, nm)
        .chain(arc(xl, al, from_l, span_l, ring - nm))
        .collect();
    // The first vertex of each arc is the groove's bottom, below and above.
    rims[0].crease = true;
    rims[nm].crease = true;
    rims
}

/// Primitives of a sheet through a grid of knots (rows of equal length; each knot's `t` is the half
/// thickness there): the grid is refined with Catmull-Rom splines along and across the rows and each cell
/// split into two thickened triangles. Add them to a solid as one group. The fibres run along the rows
/// (each row a fascicle) unless `fibres_across_rows`; each corner carries its distance across them.
pub fn sheet(rows: &[Vec<Knot>], per_span: usize, fibres_across_rows: bool) -> Vec<Prim> {
    let along: Vec<Vec<Knot>> = rows.iter().map(|r| spline(r, per_span)).collect();
    let cols = along[0].len();
    let columns: Vec<Vec<Knot>> = (0..cols)
        .map(|j| {
            let col: Vec<Knot> = along.iter().map(|r| r[j]).collect();
            spline(&col, per_span)
        })
        .collect();
    let nr = columns[0].len();
    // Distance from the first column (along each refined row) or the first row (down each column).
    let across: Vec<Vec<f32>> = if fibres_across_rows {
        let mut a = vec![vec![0.0; nr]; cols];
        for i in 0..nr {
            for j in 1..cols {
                a[j][i] = a[j - 1][i] + columns[j][i].p.distance(columns[j - 1][i].p);
            }
        }
        a
    } else {
        columns
            .iter()
            .map(|col| {
                let mut d = 0.0;
                let mut out = vec![0.0; nr];
                for i in 1..nr {
                    d += col[i].p.distance(col[i - 1].p);
                    out[i] = d;
                }
                out
            })
            .collect()
    };
    let mut out = Vec::new();
    for i in 0..nr - 1 {
        for j in 0..cols - 1 {
            let q = [(j, i), (j + 1, i), (j + 1, i + 1), (j, i + 1)];
            for t in [[0, 1, 2], [0, 2, 3]] {
                let k = t.map(|x| columns[q[x].0][q[x].1]);
                out.push(Prim::Tri {
                    p: k.map(|x| x.p),
                    r: k.map(|x| x.t),
                    tendon: k.map(|x| tendon_factor(x.t)),
                    across: t.map(|x| across[q[x].0][q[x].1]),
                });
            }
        }
    }
    out
}
