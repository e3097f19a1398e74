//! Tests of the signed-distance maths: distances of the primitives at known points, blending, the
//! closest point on a triangle, splines and sweeps, and the meshes made from them.

use std::collections::HashMap;
use std::f32::consts::PI;

use glam::{Vec3, vec3};

use super::*;

/// A mesh as the grid gives it: no smoothing and no simplification.
const RAW: Finish = Finish {
    smooth: 0,
    triangles: 1_000_000,
    error: 0.0,
};

fn close(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

fn assert_close(a: f32, b: f32, tol: f32) {
    assert!(close(a, b, tol), "{a} is not within {tol} of {b}");
}

fn assert_vec_close(a: Vec3, b: Vec3, tol: f32) {
    assert!(a.distance(b) <= tol, "{a} is not within {tol} of {b}");
}

/// Every directed edge appears once and its reverse once: the mesh is closed and consistently wound.
fn assert_watertight(m: &Mesh) {
    let mut edges: HashMap<(u32, u32), usize> = HashMap::new();
    for t in m.indices.chunks_exact(3) {
        for (a, b) in [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])] {
            assert_ne!(a, b, "degenerate triangle");
            *edges.entry((a, b)).or_default() += 1;
        }
    }
    assert!(!edges.is_empty());
    for (&(a, b), &n) in &edges {
        assert_eq!(n, 1, "edge {a}-{b} is used {n} times in one direction");
        assert_eq!(
            edges.get(&(b, a)),
            Some(&1),
            "edge {a}-{b} has no neighbour"
        );
    }
}

fn area(m: &Mesh) -> f32 {
    m.indices
        .chunks_exact(3)
        .map(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| m.positions[i as usize]);
            (b - a).cross(c - a).length() / 2.0
        })
        .sum()
}

#[test]
fn smooth_minimum_and_maximum() {
    // A zero blend is the plain minimum.
    assert_eq!(smin(0.3, -0.2, 0.0), -0.2);
    assert_eq!(smax(0.3, -0.2, 0.0), 0.3);
    // Far apart (by more than the blend), the plain minimum and maximum.
    assert_eq!(smin(1.0, 2.0, 0.5), 1.0);
    assert_eq!(smax(1.0, 2.0, 0.5), 2.0);
    // Equal values are lowered by a quarter of the blend width, the most the blend ever lowers them.
    assert_close(smin(1.0, 1.0, 0.4), 0.9, 1e-6);
    assert_close(smax(1.0, 1.0, 0.4), 1.1, 1e-6);
    for i in 0..50 {
        let (a, b, k) = (i as f32 * 0.013 - 0.3, 0.05, 0.1);
        let s = smin(a, b, k);
        assert!(s <= a.min(b) && s >= a.min(b) - k / 4.0, "{a} {b}: {s}");
        assert_close(smax(a, b, k), -smin(-a, -b, k), 0.0);
    }
}

#[test]
fn sphere_and_ellipsoid_distances() {
    let s = Prim::sphere(vec3(1.0, 2.0, 3.0), 0.1);
    assert_close(s.eval(vec3(1.3, 2.0, 3.0)).0, 0.2, 1e-6);
    assert_close(s.eval(vec3(1.0, 1.95, 3.0)).0, -0.05, 1e-6);
    assert_close(s.eval(vec3(1.0, 2.0, 3.0)).0, -0.1, 1e-6);
    // Exact on the axes of an ellipsoid, negative inside, zero on the surface.
    let e = Prim::Ellipsoid {
        c: Vec3::ZERO,
        r: vec3(0.2, 0.1, 0.05),
    };
    assert_close(e.eval(vec3(0.3, 0.0, 0.0)).0, 0.1, 1e-6);
    assert_close(e.eval(vec3(0.0, 0.0, -0.15)).0, 0.1, 1e-6);
    assert_close(e.eval(vec3(0.0, 0.1, 0.0)).0, 0.0, 1e-6);
    assert!(e.eval(vec3(0.1, 0.05, 0.01)).0 < 0.0);
    assert_eq!(e.eval(Vec3::ZERO).0, -0.05);
    // Off the axes the estimate never exceeds the true distance to the surface (sampled densely).
    let p = vec3(0.25, 0.12, 0.04);
    let mut true_d = f32::MAX;
    for i in 0..200 {
        for j in 0..100 {
            let (th, ph) = (PI * i as f32 / 100.0, PI * j as f32 / 99.0);
            let q = vec3(
                0.2 * ph.sin() * th.cos(),
                0.1 * ph.sin() * th.sin(),
                0.05 * ph.cos(),
            );
            true_d = true_d.min(p.distance(q));
        }
    }
    let d = e.eval(p).0;
    assert!(
        d > 0.0 && d <= true_d + 1e-4 && d > 0.6 * true_d,
        "{d} vs {true_d}"
    );
}

#[test]
fn cone_and_flat_distances() {
    let c = Prim::cone(Vec3::ZERO, Vec3::X, 0.1, 0.2);
    // Beside the axis: distance to the interpolated radius (0.15 halfway); the rounded ends.
    assert_close(c.eval(vec3(0.5, 0.4, 0.0)).0, 0.25, 1e-6);
    assert_close(c.eval(vec3(0.5, 0.0, -0.4)).0, 0.25, 1e-6);
    assert_close(c.eval(vec3(-0.2, 0.0, 0.0)).0, 0.1, 1e-6);
    assert_close(c.eval(vec3(1.5, 0.0, 0.0)).0, 0.3, 1e-6);
    assert_close(c.eval(vec3(0.5, 0.0, 0.0)).0, -0.15, 1e-6);
    // A flat section: zero on the ellipse of half width 0.2 (along Y) and half thickness 0.1, with the
    // tendon factor interpolated along the axis.
    let f = Prim::Flat {
        a: Vec3::ZERO,
        b: Vec3::X,
        w: [0.2, 0.2],
        t: [0.1, 0.1],
        dir: Vec3::Y,
        tendon: [0.0, 1.0],
    };
    assert_close(f.eval(vec3(0.5, 0.2, 0.0)).0, 0.0, 1e-6);
    assert_close(f.eval(vec3(0.5, 0.0, 0.1)).0, 0.0, 1e-6);
    assert_close(f.eval(vec3(0.25, 0.0, 0.0)).1, 0.25, 1e-6);
    assert!(f.eval(vec3(0.5, 0.1, 0.05)).0 < 0.0);
    // Outside, a conservative estimate: positive, and no more than the true distance.
    let d = f.eval(vec3(0.5, 0.3, 0.0)).0;
    assert!(d > 0.0 && d <= 0.1 + 1e-6, "{d}");
    let d = f.eval(vec3(0.5, 0.0, 0.3)).0;
    assert_close(d, 0.2, 1e-6);
}

#[test]
fn thick_triangle_distances() {
    let t = Prim::Tri {
        p: [Vec3::ZERO, Vec3::X, Vec3::Y],
        r: [0.1, 0.2, 0.3],
        tendon: [0.0, 1.0, 0.0],
        across: [0.0; 3],
    };
    // Above a corner, the corner's half thickness; above the face, the interpolated one.
    assert_close(t.eval(vec3(0.0, 0.0, 0.5)).0, 0.4, 1e-6);
    assert_close(t.eval(vec3(1.0, 0.0, -0.5)).0, 0.3, 1e-6);
    let p = vec3(0.25, 0.25, 0.5);
    let r = 0.5 * 0.1 + 0.25 * 0.2 + 0.25 * 0.3;
    assert_close(t.eval(p).0, 0.5 - r, 1e-6);
    assert_close(t.eval(p).1, 0.25, 1e-6);
    // Beyond an edge, the distance to the edge.
    assert_close(t.eval(vec3(0.5, -0.5, 0.0)).0, 0.5 - 0.15, 1e-6);
}

#[test]
fn bounds_dilation_and_mirror() {
    let prims = [
        Prim::sphere(vec3(0.1, 0.2, 0.3), 0.05),
        Prim::cone(vec3(-0.1, 0.0, 0.0), vec3(0.2, 0.3, -0.1), 0.02, 0.04),
        Prim::Tri {
            p: [Vec3::ZERO, vec3(0.1, 0.0, 0.0), vec3(0.0, 0.0, 0.1)],
            r: [0.01, 0.02, 0.03],
            tendon: [0.0; 3],
            across: [0.0, 0.01, 0.02],
        },
    ];
    for prim in prims {
        let (lo, hi) = prim.bounds(0.0);
        let (lo2, hi2) = prim.bounds(0.01);
        assert_vec_close(lo2, lo - 0.01, 1e-6);
        assert_vec_close(hi2, hi + 0.01, 1e-6);
        for i in 0..27 {
            let f = vec3((i % 3) as f32, ((i / 3) % 3) as f32, (i / 9) as f32) / 2.0;
            let p = lo + (hi - lo) * f;
            if i == 13 {
                continue;
            }
            let q = p + (p - (lo + hi) / 2.0).normalize_or_zero() * 0.5;
            // Points well outside the box are outside the primitive.
            assert!(prim.eval(q).0 > 0.0, "{q}");
            // Growing by d lowers the distance by d; the mirror image mirrors the field.
            assert_close(prim.dilated(0.01).eval(p).0, prim.eval(p).0 - 0.01, 1e-5);
            let m = vec3(-p.x, p.y, p.z);
            assert_close(prim.mirrored().eval(m).0, prim.eval(p).0, 1e-6);
        }
    }
}

#[test]
fn closest_point_on_a_triangle() {
    let (a, b, c) = (Vec3::ZERO, vec3(2.0, 0.0, 0.0), vec3(0.0, 2.0, 0.0));
    // At and beyond the corners.
    assert_eq!(closest_on_triangle(a, a, b, c), Vec3::X);
    assert_eq!(closest_on_triangle(vec3(-1.0, -1.0, 3.0), a, b, c), Vec3::X);
    assert_eq!(closest_on_triangle(vec3(3.0, -0.5, 0.0), a, b, c), Vec3::Y);
    assert_eq!(closest_on_triangle(vec3(-0.5, 3.0, 1.0), a, b, c), Vec3::Z);
    // Beyond the edges: the foot on the edge.
    assert_vec_close(
        closest_on_triangle(vec3(0.5, -1.0, 0.0), a, b, c),
        vec3(0.75, 0.25, 0.0),
        1e-6,
    );
    assert_vec_close(
        closest_on_triangle(vec3(-1.0, 1.5, 0.0), a, b, c),
        vec3(0.25, 0.0, 0.75),
        1e-6,
    );
    assert_vec_close(
        closest_on_triangle(vec3(2.0, 2.0, 0.5), a, b, c),
        vec3(0.0, 0.5, 0.5),
        1e-6,
    );
    // Above the face: the projection.
    let w = closest_on_triangle(vec3(0.5, 1.0, 7.0), a, b, c);
    assert_vec_close(w, vec3(0.25, 0.25, 0.5), 1e-6);
    assert_close(w.x + w.y + w.z, 1.0, 1e-6);
}

#[test]
fn solid_union_groups_and_cuts() {
    let a = Prim::sphere(vec3(-0.1, 0.0, 0.0), 0.08);
    let b = Prim::sphere(vec3(0.1, 0.0, 0.0), 0.08);
    let p = Vec3::ZERO;
    let (da, db) = (a.eval(p).0, b.eval(p).0);
    // Two groups are blended: at most the plain union, by no more than a quarter of the blend width.
    let mut s = Solid::new(0.04);
    s.add(a).add(b);
    let d = s.eval(p).0;
    assert!(d < da.min(db) && d >= da.min(db) - 0.01, "{d}");
    // One group is a hard union.
    let mut g = Solid::new(0.04);
    g.add_group([a, b]);
    assert_eq!(g.eval(p).0, da.min(db));
    assert_eq!(g.groups, vec![1, 1]);
    // A cut carves a hole where it lies, and leaves the far side alone.
    s.cut(Prim::sphere(vec3(0.1, 0.0, 0.0), 0.03), 0.0);
    assert_close(s.eval(vec3(0.1, 0.0, 0.0)).0, 0.03, 1e-6);
    assert_close(s.eval(vec3(-0.1, 0.0, 0.0)).0, -0.08, 1e-6);
    let (lo, hi) = s.bounds(0.0);
    assert_vec_close(lo, vec3(-0.18, -0.08, -0.08), 1e-6);
    assert_vec_close(hi, vec3(0.18, 0.08, 0.08), 1e-6);
}

#[test]
fn spline_ends_and_interpolation() {
    let knots = [
        knot(vec3(0.0, 0.0, 0.0), 0.1, 0.01),
        knot(vec3(0.3, 0.1, 0.0), 0.2, 0.02),
        knot(vec3(0.5, 0.5, 0.2), 0.3, 0.03),
        knot(vec3(0.4, 0.9, 0.1), 0.1, 0.02),
    ];
    let s = spline(&knots, 6);
    assert_eq!(s.len(), 3 * 6 + 1);
    // The spline passes through every knot, starting and ending on the end knots.
    for (i, k) in knots.iter().enumerate() {
        assert_eq!(s[i * 6].p, k.p, "knot {i}");
        assert_eq!((s[i * 6].w, s[i * 6].t), (k.w, k.t));
    }
    // Half widths and thicknesses are linear between knots.
    assert_close(s[3].w, 0.15, 1e-6);
    assert_close(s[9].t, 0.025, 1e-6);
    // Evenly spaced knots on a line give evenly spaced samples on it.
    let line: Vec<Knot> = (0..4).map(|i| knot(Vec3::X * i as f32, 1.0, 1.0)).collect();
    for (i, k) in spline(&line, 4).iter().enumerate() {
        assert_vec_close(k.p, Vec3::X * (i as f32 / 4.0), 1e-6);
    }
    // Fewer than two knots are returned as they are.
    assert_eq!(spline(&knots[..1], 5).len(), 1);
}

#[test]
fn width_direction_and_tendon_factor() {
    let axis = vec3(1.0, 1.0, 0.0).normalize();
    let w = width_dir(axis, Vec3::Y);
    assert_close(w.dot(axis), 0.0, 1e-6);
    assert_close(w.length(), 1.0, 1e-6);
    assert!(w.y > 0.0);
    // A reference along the axis falls back to some perpendicular direction.
    let w = width_dir(Vec3::Z, Vec3::Z);
    assert_close(w.dot(Vec3::Z), 0.0, 1e-6);
    assert_close(w.length(), 1.0, 1e-6);
    assert_eq!(tendon_factor(0.008), 0.0);
    assert_eq!(tendon_factor(0.0065), 0.0);
    assert_close(tendon_factor(0.0035), 1.0, 1e-5);
    assert_eq!(tendon_factor(0.001), 1.0);
    assert_close(tendon_factor(0.005), 0.5, 1e-5);
    for i in 0..40 {
        let t = 0.003 + i as f32 * 0.0001;
        assert!(tendon_factor(t) >= tendon_factor(t + 0.0001));
    }
}

#[test]
fn sweeps_and_sheets_are_continuous() {
    let knots = [
        knot(Vec3::ZERO, 0.01, 0.003),
        knot(vec3(0.05, -0.1, 0.0), 0.02, 0.012),
        knot(vec3(0.06, -0.2, 0.02), 0.005, 0.003),
    ];
    let prims = sweep(&knots, Vec3::X);
    assert_eq!(prims.len(), 2 * SWEEP_SAMPLES);
    let ends = |p: &Prim| match *p {
        Prim::Flat {
            a, b, dir, tendon, ..
        } => (a, b, dir, tendon),
        _ => panic!("a sweep is made of flat segments"),
    };
    assert_eq!(ends(&prims[0]).0, knots[0].p);
    assert_eq!(ends(&prims[2 * SWEEP_SAMPLES - 1]).1, knots[2].p);
    for w in prims.windows(2) {
        assert_eq!(ends(&w[0]).1, ends(&w[1]).0);
        let (a, b, dir, _) = ends(&w[0]);
        assert_close(dir.dot((b - a).normalize()), 0.0, 1e-5);
    }
    // The thin end is tendon, the belly is not.
    assert_eq!(ends(&prims[0]).3[0], 1.0);
    assert_eq!(ends(&prims[SWEEP_SAMPLES]).3[0], 0.0);
    // A sheet of 3 rows of 4 knots, refined 2 times per span: 5 x 7 samples, two triangles per cell.
    let rows: Vec<Vec<Knot>> = (0..3)
        .map(|i| {
            (0..4)
                .map(|j| knot(vec3(j as f32 * 0.1, i as f32 * 0.1, 0.0), 0.0, 0.01))
                .collect()
        })
        .collect();
    let tris = sheet(&rows, 2, false);
    assert_eq!(tris.len(), 2 * 4 * 6);
    let mut solid = Solid::new(0.0);
    solid.add_group(tris);
    assert_close(solid.eval(vec3(0.15, 0.1, 0.0)).0, -0.01, 1e-6);
    assert_close(solid.eval(vec3(0.15, 0.1, 0.05)).0, 0.04, 1e-6);
}

/// Stripes drawn at equal steps of the coordinate across the fibres run along the fibres: on a sweep it
/// is the same all along the axis and changes across the width; on a sheet whose rows are fascicles it is
/// the same along a row and grows from row to row, by the distance between them; on one whose rows are
/// levels, it is the other way round.
#[test]
fn coordinate_across_the_fibres() {
    let flat = Prim::Flat {
        a: Vec3::ZERO,
        b: vec3(0.0, -0.2, 0.0),
        w: [0.02, 0.02],
        t: [0.01, 0.01],
        dir: Vec3::X,
        tendon: [0.0; 2],
    };
    assert_close(flat.across(vec3(0.015, -0.05, 0.002)), 0.015, 1e-6);
    assert_close(flat.across(vec3(0.015, -0.15, -0.004)), 0.015, 1e-6);
    assert_close(flat.across(vec3(-0.01, -0.1, 0.0)), -0.01, 1e-6);
    let rows: Vec<Vec<Knot>> = (0..3)
        .map(|i| {
            (0..4)
                .map(|j| knot(vec3(j as f32 * 0.1, i as f32 * 0.05, 0.0), 0.0, 0.01))
                .collect()
        })
        .collect();
    let mut along = Solid::new(0.0);
    along.add_group(sheet(&rows, 2, false));
    let mut levels = Solid::new(0.0);
    levels.add_group(sheet(&rows, 2, true));
    for (x, y) in [(0.05, 0.0), (0.12, 0.05), (0.27, 0.075)] {
        let p = vec3(x, y, 0.005);
        assert_close(along.across(p), y, 1e-4);
        assert_close(levels.across(p), x, 1e-4);
    }
}

#[test]
fn lofted_tube_is_closed() {
    let knots = [
        knot(Vec3::ZERO, 0.01, 0.005),
        knot(vec3(0.0, -0.1, 0.0), 0.01, 0.005),
        knot(vec3(0.0, -0.2, 0.0), 0.01, 0.005),
    ];
    let ring = 14;
    let m = loft(&knots, Vec3::X, ring, None);
    let samples = 2 * LOFT_SAMPLES + 1;
    assert_eq!(m.positions.len(), samples * ring + 2);
    assert_eq!(m.normals.len(), m.positions.len());
    assert_eq!(m.triangles(), 2 * (samples - 1) * ring + 2 * ring);
    assert!(m.positions.iter().all(|p| p.is_finite()));
    assert!(m.normals.iter().all(|n| close(n.length(), 1.0, 1e-5)));
    assert_watertight(&m);
    // An elliptical cylinder of 0.2 m: volume of the 14-sided polygon times the length.
    let polygon = 0.5 * ring as f32 * (2.0 * PI / ring as f32).sin() * 0.01 * 0.005;
    assert_close(m.signed_volume(), polygon * 0.2, 1e-8);
    // The widest axis lies along the width reference.
    let ring0 = &m.positions[..ring];
    let span_x = ring0.iter().map(|p| p.x.abs()).fold(0.0, f32::max);
    let span_z = ring0.iter().map(|p| p.z.abs()).fold(0.0, f32::max);
    assert_close(span_x, 0.01, 1e-6);
    assert!(span_z <= 0.005 && span_z > 0.0048, "{span_z}");
}

#[test]
fn a_divided_tube_is_two_cords_with_a_groove_between() {
    let knots = [
        knot(Vec3::ZERO, 0.0075, 0.003),
        knot(vec3(0.0, -0.1, 0.0), 0.0075, 0.003),
    ];
    let ring = 32;
    let m = loft(&knots, Vec3::X, ring, Some(-0.3));
    assert_watertight(&m);
    assert!(m.normals.iter().all(|n| close(n.length(), 1.0, 1e-5)));
    assert!(m.signed_volume() > 0.0);
    // The first ring's outline keeps the tube's width and thickness.
    let ring0 = &m.positions[..ring];
    let max_x = ring0.iter().map(|p| p.x).fold(f32::MIN, f32::max);
    let min_x = ring0.iter().map(|p| p.x).fold(f32::MAX, f32::min);
    let max_z = ring0.iter().map(|p| p.z).fold(f32::MIN, f32::max);
    assert_close(max_x, 0.0075, 1e-4);
    assert_close(min_x, -0.0075, 1e-4);
    assert!(max_z <= 0.003 && max_z > 0.0029, "{max_z}");
    // Along its upper face, from -x to +x: up over the smaller cord, down into the groove at about
    // 35% of the width from the -x edge, and up again over the larger cord.
    let mut top: Vec<Vec3> = ring0.iter().copied().filter(|p| p.z > 0.0).collect();
    top.sort_by(|a, b| a.x.total_cmp(&b.x));
    let (gi, groove) = top
        .iter()
        .enumerate()
        .filter(|(_, p)| p.x.abs() < 0.004)
        .min_by(|a, b| a.1.z.total_cmp(&b.1.z))
        .expect("vertices in the middle");
    assert!(
        (groove.x / 0.0075 + 0.3).abs() < 0.06,
        "groove at {}",
        groove.x
    );
    let lateral = top[..gi].iter().map(|p| p.z).fold(0.0, f32::max);
    let medial = top[gi + 1..].iter().map(|p| p.z).fold(0.0, f32::max);
    assert!(
        groove.z < 0.75 * lateral && groove.z < 0.75 * medial,
        "{top:?}"
    );
    // At the groove's bottom the normal points straight out of the face.
    let gn = m.normals[m.positions.iter().position(|p| *p == *groove).unwrap()];
    assert_vec_close(gn, Vec3::Z, 1e-5);
    // Without a groove the same call gives the plain ellipse.
    let plain = loft(&knots, Vec3::X, ring, None);
    let bulge = |m: &Mesh| m.positions[..ring].iter().map(|p| p.z).sum::<f32>();
    assert!(bulge(&plain).abs() < 1e-6 && bulge(&m).abs() < 1e-6);
    assert!(
        plain.positions[..ring]
            .iter()
            .all(|p| { close((p.x / 0.0075).powi(2) + (p.z / 0.003).powi(2), 1.0, 1e-4) })
    );
}

#[test]
fn quantize_is_idempotent_and_on_the_grid() {
    let knots = [
        knot(vec3(0.123_456_7, 0.2, 0.0), 0.01, 0.005),
        knot(vec3(0.0, -0.1, 0.033_333_3), 0.012, 0.004),
    ];
    let mut m = loft(&knots, Vec3::X, 10, None);
    m.colors = vec![[0.123_456, 0.5, 0.987_654, 1.0]; m.positions.len()];
    let raw = m.clone();
    m.quantize();
    let once = m.clone();
    m.quantize();
    assert_eq!(m, once);
    assert_ne!(once, raw);
    for (p, q) in once.positions.iter().zip(&raw.positions) {
        assert_vec_close(*p, *q, 0.5e-5 * 3f32.sqrt() + 1e-7);
        assert_close((p.x * 1e5).round(), p.x * 1e5, 1e-2);
    }
    assert_eq!(once.colors[0][0], 0.123);
}

#[test]
fn mirror_and_append() {
    let m = loft(
        &[
            knot(vec3(-0.1, 0.0, 0.0), 0.01, 0.01),
            knot(vec3(-0.1, 0.1, 0.0), 0.01, 0.01),
        ],
        Vec3::X,
        8,
        None,
    );
    let l = m.mirrored();
    assert!(l.positions.iter().all(|p| p.x > 0.0));
    // Still facing outwards, with the same volume; mirroring twice gives the mesh back.
    assert_close(l.signed_volume(), m.signed_volume(), 1e-9);
    assert!(m.signed_volume() > 0.0);
    assert_eq!(l.mirrored(), m);
    let mut both = m.clone();
    both.append(&l);
    assert_eq!(both.positions.len(), 2 * m.positions.len());
    assert_eq!(both.triangles(), 2 * m.triangles());
    assert_eq!(
        both.indices[m.indices.len()],
        l.indices[0] + m.positions.len() as u32
    );
    assert_close(both.signed_volume(), 2.0 * m.signed_volume(), 1e-9);
    assert_watertight(&both);
}

#[test]
fn meshed_sphere_has_the_expected_size_and_is_closed() {
    let r = 0.05;
    let mut s = Solid::new(0.0);
    s.add(Prim::sphere(vec3(0.01, -0.02, 0.03), r));
    let finish = Finish {
        smooth: 2,
        triangles: 1_000_000,
        error: 0.0,
    };
    let red = |t: f32| [t, 0.0, 0.0, 1.0];
    let m = mesh_solid(&s, 0.004, finish, Some(&red), true);
    assert_watertight(&m);
    assert!(m.triangles() > 500, "{}", m.triangles());
    assert_eq!(m.normals.len(), m.positions.len());
    assert_eq!(m.colors.len(), m.positions.len());
    let centre = vec3(0.01, -0.02, 0.03);
    for (p, n) in m.positions.iter().zip(&m.normals) {
        assert_close(p.distance(centre), r, 0.002);
        assert!(n.dot(*p - centre) > 0.0, "normals face outwards");
    }
    let volume = 4.0 / 3.0 * PI * r.powi(3);
    assert_close(m.signed_volume(), volume, 0.04 * volume);
    let sphere_area = 4.0 * PI * r * r;
    assert_close(area(&m), sphere_area, 0.05 * sphere_area);
    // A triangle budget is kept, without losing the shape.
    let small = Finish {
        smooth: 2,
        triangles: 300,
        error: 0.01,
    };
    let m = mesh_solid(&s, 0.004, small, None, false);
    assert!(
        m.triangles() <= 300 && m.triangles() > 50,
        "{}",
        m.triangles()
    );
    assert!(m.colors.is_empty());
    assert_close(m.signed_volume(), volume, 0.1 * volume);
}

#[test]
fn envelope_covers_its_parts() {
    let prims = [
        Prim::sphere(vec3(-0.025, 0.0, 0.0), 0.03),
        Prim::sphere(vec3(0.025, 0.0, 0.0), 0.03),
    ];
    let (lo, hi) = (vec3(-0.06, -0.035, -0.035), vec3(0.06, 0.035, 0.035));
    let envelope = Envelope {
        parts: &prims,
        ..Envelope::default()
    };
    let hard = mesh_envelope(envelope, 0, lo, hi, 0.004, RAW);
    let soft = mesh_envelope(envelope, 4, lo, hi, 0.004, RAW);
    assert_watertight(&hard);
    assert_watertight(&soft);
    let union = |p: Vec3| prims.iter().map(|q| q.eval(p).0).fold(f32::MAX, f32::min);
    // Without blur, the surface of the union; the blur fills the waist between the spheres but never
    // cuts into them.
    assert!(hard.positions.iter().all(|p| union(*p).abs() < 0.003));
    assert!(soft.positions.iter().all(|p| union(*p) > -0.003));
    assert!(soft.signed_volume() > hard.signed_volume());
    // The radius of the waist, where the spheres meet (sqrt(0.03^2 - 0.025^2) = 0.0166 for the union).
    let waist = |m: &Mesh| {
        m.positions
            .iter()
            .filter(|p| p.x.abs() < 0.0015)
            .map(|p| p.y.hypot(p.z))
            .fold(f32::MAX, f32::min)
    };
    assert_close(waist(&hard), 0.0166, 0.002);
    assert!(waist(&soft) > waist(&hard) + 0.002);
}

/// A fold cuts into the parts it may cut and the blur around them, never into a kept part.
#[test]
fn a_fold_cuts_the_envelope_but_never_a_kept_part() {
    // A ball of fat behind a kept rod, and a fold across the ball's back.
    let fat = [Prim::sphere(vec3(0.0, 0.0, -0.01), 0.03)];
    let kept = [Prim::cone(
        vec3(-0.05, 0.0, 0.0),
        vec3(0.05, 0.0, 0.0),
        0.012,
        0.012,
    )];
    let folds = [(
        Prim::cone(vec3(-0.05, 0.0, -0.04), vec3(0.05, 0.0, -0.04), 0.02, 0.02),
        0.004,
    )];
    let (lo, hi) = (vec3(-0.05, -0.045, -0.045), vec3(0.05, 0.045, 0.04));
    let mesh = |folds: &[(Prim, f32)]| {
        let envelope = Envelope {
            parts: &fat,
            kept: &kept,
            folds,
            ..Envelope::default()
        };
        mesh_envelope(envelope, 2, lo, hi, 0.003, RAW)
    };
    let (whole, folded) = (mesh(&[]), mesh(&folds));
    assert_watertight(&folded);
    // The back of each at the fold: the fat's back lies 40 mm behind the rod's axis, the fold's edge
    // 20 mm behind it, and the kept rod's surface 12 mm.
    let back = |m: &Mesh| {
        m.positions
            .iter()
            .filter(|p| p.x.abs() < 0.004 && p.y.abs() < 0.004 && p.z < 0.0)
            .map(|p| p.z)
            .fold(f32::MAX, f32::min)
    };
    assert_close(back(&whole), -0.04, 0.003);
    assert!(
        back(&folded) > -0.022,
        "the fold's back is at {}",
        back(&folded)
    );
    // Away from the box's end faces, whose flat sections cross the rod, no vertex lies inside it.
    let outside_rod = |m: &Mesh| {
        m.positions
            .iter()
            .filter(|p| p.x.abs() < 0.04)
            .all(|p| kept[0].eval(*p).0 > -0.002)
    };
    assert!(outside_rod(&folded));
    // Deep enough, the fold would reach the rod; it stops at the rod's surface.
    let deep = [(
        Prim::cone(
            vec3(-0.05, 0.0, -0.03),
            vec3(0.05, 0.0, -0.03),
            0.025,
            0.025,
        ),
        0.004,
    )];
    let stopped = mesh(&deep);
    assert_close(back(&stopped), -0.012, 0.003);
    assert!(outside_rod(&stopped));
}

/// The envelope runs smoothly over a bump on a smoothed part, but never deeper into it than its gap.
#[test]
fn the_envelope_runs_smoothly_over_a_bump_and_never_into_the_core() {
    // A ball with a bump on its back, under 6 mm of soft tissue; its core is the ball under 3 mm.
    let parts = [
        Prim::sphere(Vec3::ZERO, 0.026),
        Prim::sphere(vec3(0.0, 0.0, -0.026), 0.008),
    ];
    let core = Prim::sphere(Vec3::ZERO, 0.023);
    let (lo, hi) = (vec3(-0.04, -0.04, -0.045), vec3(0.04, 0.04, 0.04));
    let back = |m: &Mesh| {
        m.positions
            .iter()
            .filter(|p| p.x.abs() < 0.003 && p.y.abs() < 0.003)
            .map(|p| p.z)
            .fold(f32::MAX, f32::min)
    };
    // Kept, the bump's top stands 34 mm behind the centre; smoothed over, the skin runs 3 mm inside it.
    let kept = Envelope {
        kept: &parts,
        ..Envelope::default()
    };
    let smoothed = Envelope {
        smoothed: &parts,
        gap: 0.003,
        ..Envelope::default()
    };
    let hard = mesh_envelope(kept, 3, lo, hi, 0.003, RAW);
    let soft = mesh_envelope(smoothed, 3, lo, hi, 0.003, RAW);
    assert_watertight(&soft);
    assert_close(back(&hard), -0.034, 0.002);
    assert!(
        back(&soft) > -0.031,
        "the bump's skin is at {}",
        back(&soft)
    );
    assert!(soft.positions.iter().all(|p| core.eval(*p).0 > -0.002));
}

/// A primitive's floor near a point is a true floor: over many points within the radius of many centres,
/// round an ellipsoid, a tapered flat segment and a thickened triangle, the distance never falls below it;
/// and far from the primitive it is a useful one (above zero), so the envelope can skip those cells.
#[test]
fn a_primitives_floor_lies_under_its_distance_everywhere_near() {
    let prims = [
        Prim::Ellipsoid {
            c: vec3(0.01, -0.02, 0.03),
            r: vec3(0.0095, 0.012, 0.046),
        },
        Prim::Flat {
            a: vec3(0.0, 0.0, 0.0),
            b: vec3(0.03, 0.08, -0.01),
            w: [0.004, 0.016],
            t: [0.009, 0.002],
            dir: vec3(1.0, 0.0, 0.0)
                .reject_from(vec3(0.03, 0.08, -0.01))
                .normalize(),
            tendon: [0.0, 1.0],
        },
        Prim::Tri {
            p: [
                vec3(0.0, 0.0, 0.0),
                vec3(0.05, 0.01, 0.0),
                vec3(0.01, 0.06, 0.02),
            ],
            r: [0.006, 0.024, 0.003],
            tendon: [0.0; 3],
            across: [0.0; 3],
        },
    ];
    // A small deterministic sequence in [0, 1).
    let mut state = 0x2545_f491_u32;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as f32 / u32::MAX as f32
    };
    for prim in &prims {
        let mut useful = 0;
        for _ in 0..400 {
            let c = vec3(next(), next(), next()) * 0.4 - 0.2;
            let h = next() * 0.03;
            let floor = prim.floor_near(c, h);
            if floor > 0.0 {
                useful += 1;
            }
            for _ in 0..40 {
                let dir = vec3(next() - 0.5, next() - 0.5, next() - 0.5).normalize_or(Vec3::X);
                let p = c + dir * h * next().sqrt();
                let d = prim.eval(p).0;
                assert!(
                    d >= floor,
                    "{prim:?}: {d} at {p} under the floor {floor} near {c} ({h})"
                );
            }
        }
        assert!(useful > 200, "{prim:?}: only {useful} useful floors");
    }
}
