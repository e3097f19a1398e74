//! Turning the parts of a shape into signed-distance primitives placed on the landmarks.

use glam::{Vec3, vec3};

use super::shapes::{Fan, Fibres, KnotData, Part, Position, RayPoint, Rays, RowData, Wing};
use crate::anatomy::Anatomy;
use crate::anatomy::model::sdf::{Knot, Prim, Solid, knot, sheet, sweep};

/// Part of the way from `a` to `b`, computed as `a + (b - a) * t` (the order the shapes were tuned with).
pub(super) fn lerp(a: Vec3, b: Vec3, t: f32) -> Vec3 {
    a + (b - a) * t
}

/// The points one shape can use: the landmarks of the anatomy and the shape's own named points.
pub(super) struct Points<'a> {
    anatomy: &'a Anatomy,
    named: Vec<(String, Vec3)>,
}

impl<'a> Points<'a> {
    /// Resolves the named points in order (each may use the ones before it).
    pub(super) fn new(
        anatomy: &'a Anatomy,
        defs: &[(String, Position)],
    ) -> Result<Points<'a>, String> {
        let mut points = Points {
            anatomy,
            named: Vec::with_capacity(defs.len()),
        };
        for (name, p) in defs {
            if points.named.iter().any(|(n, _)| n == name) {
                return Err(format!("point '{name}' is defined twice"));
            }
            let v = points.get(p).map_err(|e| format!("point '{name}': {e}"))?;
            points.named.push((name.clone(), v));
        }
        Ok(points)
    }

    /// The position of `p` (metres, right side).
    pub(super) fn get(&self, p: &Position) -> Result<Vec3, String> {
        let v = match p {
            Position::Landmark(id) => self
                .anatomy
                .landmark(id)
                .map(|l| Vec3::from(l.position))
                .ok_or_else(|| format!("no landmark '{id}' in landmarks.ron"))?,
            Position::Point(name) => self
                .named
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| format!("no point '{name}' is defined before it is used"))?,
            Position::At(v) => Vec3::from(*v),
            Position::Plus(p, d) => self.get(p)? + Vec3::from(*d),
            Position::Lerp(a, b, t) => lerp(self.get(a)?, self.get(b)?, *t),
            Position::Along(p, dir, d) => self.get(p)? + Vec3::from(*dir).normalize() * *d,
            Position::Toward(p, q, d) => {
                let p = self.get(p)?;
                p + (self.get(q)? - p).normalize() * *d
            }
            Position::Xyz(a, b, c) => vec3(self.get(a)?.x, self.get(b)?.y, self.get(c)?.z),
        };
        if v.is_finite() {
            Ok(v)
        } else {
            Err("a point is not finite (a zero direction, or two equal points for Toward)".into())
        }
    }

    fn knot(&self, k: &KnotData) -> Result<Knot, String> {
        Ok(knot(self.get(&k.at)?, k.w, k.t))
    }
}

/// A piece of a solid: a primitive in a group of its own, a seamless group, or a cut.
#[derive(Debug, Clone)]
pub(super) enum Piece {
    /// A primitive blended with the others.
    One(Prim),
    /// Primitives joined seamlessly (a sweep or a sheet), blended with the others as one.
    Group(Vec<Prim>),
    /// A primitive cut away, with the blend width of the edge.
    Cut(Prim, f32),
}

impl Piece {
    fn mirrored(&self) -> Piece {
        match self {
            Piece::One(p) => Piece::One(p.mirrored()),
            Piece::Group(g) => Piece::Group(g.iter().map(Prim::mirrored).collect()),
            Piece::Cut(p, k) => Piece::Cut(p.mirrored(), *k),
        }
    }

    /// Adds the piece to a solid.
    pub(super) fn add_to(self, solid: &mut Solid) {
        match self {
            Piece::One(p) => {
                solid.add(p);
            }
            Piece::Group(g) => {
                solid.add_group(g);
            }
            Piece::Cut(p, k) => {
                solid.cut(p, k);
            }
        }
    }
}

fn positive(what: &str, values: &[f32]) -> Result<(), String> {
    if values.iter().all(|v| v.is_finite() && *v > 0.0) {
        Ok(())
    } else {
        Err(format!("{what} must be positive"))
    }
}

/// The primitive of a sphere, ellipsoid, cone or flat part.
fn primitive(part: &Part, points: &Points) -> Result<Prim, String> {
    Ok(match part {
        Part::Sphere { at, r } => {
            positive("a sphere's radius", &[*r])?;
            Prim::sphere(points.get(at)?, *r)
        }
        Part::Ellipsoid { at, r } => {
            positive("an ellipsoid's radii", r)?;
            Prim::Ellipsoid {
                c: points.get(at)?,
                r: Vec3::from(*r),
            }
        }
        Part::Cone { from, to, r } => {
            positive("a cone's radii", r)?;
            Prim::cone(points.get(from)?, points.get(to)?, r[0], r[1])
        }
        Part::Flat {
            from,
            to,
            w,
            t,
            across,
        } => {
            positive(
                "a flat part's widths and thicknesses",
                &[w[0], w[1], t[0], t[1]],
            )?;
            let dir = Vec3::from(*across);
            if (dir.length() - 1.0).abs() > 1e-6 {
                return Err("a flat part's `across` must be a unit vector".into());
            }
            Prim::Flat {
                a: points.get(from)?,
                b: points.get(to)?,
                w: *w,
                t: *t,
                dir,
                tendon: [0.0; 2],
            }
        }
        _ => return Err("only a sphere, an ellipsoid, a cone or a flat part can be cut".into()),
    })
}

fn sheet_rows(rows: &[RowData], belly_add: f32, points: &Points) -> Result<Vec<Vec<Knot>>, String> {
    let len = rows.first().map_or(0, |r| r.knots.len());
    if rows.len() < 2 || len < 2 || rows.iter().any(|r| r.knots.len() != len) {
        return Err("a sheet needs at least two rows of the same length, two knots or more".into());
    }
    rows.iter()
        .map(|row| {
            row.knots
                .iter()
                .enumerate()
                .map(|(j, k)| {
                    positive("a sheet knot's half thickness", &[k.t])?;
                    let mut kn = points.knot(k)?;
                    if j > 0 && j + 1 < len {
                        kn.t = k.t * row.belly + belly_add;
                    }
                    Ok(kn)
                })
                .collect()
        })
        .collect()
}

/// Makes a fleshy part muscle all through: no primitive fades to tendon where it is thin.
fn all_muscle(prims: &mut [Prim]) {
    for prim in prims {
        match prim {
            Prim::Flat { tendon, .. } => *tendon = [0.0; 2],
            Prim::Tri { tendon, .. } => *tendon = [0.0; 3],
            Prim::Ellipsoid { .. } => {}
        }
    }
}

/// Appends the pieces of `parts` to `out`, in order.
pub(super) fn pieces(parts: &[Part], points: &Points, out: &mut Vec<Piece>) -> Result<(), String> {
    for part in parts {
        match part {
            Part::Sphere { .. }
            | Part::Ellipsoid { .. }
            | Part::Cone { .. }
            | Part::Flat { .. } => {
                out.push(Piece::One(primitive(part, points)?));
            }
            Part::Sweep {
                across,
                knots,
                fleshy,
            } => {
                if knots.len() < 2 {
                    return Err("a sweep needs two knots or more".into());
                }
                let knots = knots
                    .iter()
                    .map(|k| {
                        positive("a sweep knot's half width and thickness", &[k.w, k.t])?;
                        points.knot(k)
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                let mut prims = sweep(&knots, Vec3::from(*across));
                if *fleshy {
                    all_muscle(&mut prims);
                }
                out.push(Piece::Group(prims));
            }
            Part::Sheet {
                per_span,
                belly_add,
                fibres,
                fleshy,
                rows,
            } => {
                let rows = sheet_rows(rows, *belly_add, points)?;
                let across_rows = *fibres == Fibres::AcrossRows;
                let mut prims = sheet(&rows, (*per_span).max(1), across_rows);
                if *fleshy {
                    all_muscle(&mut prims);
                }
                out.push(Piece::Group(prims));
            }
            Part::Cut { part, blend } => {
                out.push(Piece::Cut(primitive(part, points)?, *blend));
            }
            Part::Mirrored(parts) => {
                let mut side = Vec::new();
                pieces(parts, points, &mut side)?;
                let mirrored: Vec<Piece> = side.iter().map(Piece::mirrored).collect();
                out.extend(side);
                out.extend(mirrored);
            }
            Part::Wing(w) => out.push(Piece::Group(wing(w, points)?)),
            Part::Fan(f) => out.push(Piece::Group(fan(f, points)?)),
            Part::Rays(r) => out.extend(rays(r, points)?.into_iter().map(Piece::One)),
        }
    }
    Ok(())
}

/// The sheet of the iliac wing (see [`Wing`]).
fn wing(w: &Wing, points: &Points) -> Result<Vec<Prim>, String> {
    let cols = w.bottom.len();
    let n = w.back.len();
    if cols < 2 || w.top.len() != cols || n < 2 || w.thickness.len() != n {
        return Err(
            "a wing needs bottom and top rows of the same length and one back point and thickness \
             per row, two or more of each"
                .into(),
        );
    }
    let get = |ps: &[Position]| {
        ps.iter()
            .map(|p| points.get(p))
            .collect::<Result<Vec<_>, _>>()
    };
    let (bottom, top, back) = (get(&w.bottom)?, get(&w.top)?, get(&w.back)?);
    let bulge = Vec3::from(w.bulge);
    let rows: Vec<Vec<Knot>> = (0..n)
        .map(|i| {
            let v = i as f32 / (n - 1) as f32;
            (0..cols)
                .map(|j| {
                    let u = j as f32 / (cols - 1) as f32;
                    let b = (std::f32::consts::PI * v).sin() * (std::f32::consts::PI * u).sin();
                    let q = if j == cols - 1 {
                        back[i]
                    } else {
                        lerp(bottom[j], top[j], v) + bulge * b
                    };
                    let rim = if j == 0 || j == cols - 1 { w.rim } else { 0.0 };
                    knot(q, 0.0, f32::max(w.thickness[i], rim))
                })
                .collect()
        })
        .collect();
    Ok(sheet(&rows, w.per_span.max(1), false))
}

/// The sheet of a fan-shaped muscle (see [`Fan`]).
fn fan(fan: &Fan, points: &Points) -> Result<Vec<Prim>, String> {
    let n = fan.origins.len();
    if n < 2 || fan.stations.is_empty() {
        return Err("a fan needs two origins or more and at least one station".into());
    }
    let insertion = points.get(&fan.insertion)?;
    let [out_first, out_last] = fan.outward.map(Vec3::from);
    let rows: Vec<Vec<Knot>> = fan
        .origins
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let o = points.get(o)?;
            let f = i as f32 / (n - 1) as f32;
            let out = lerp(out_first, out_last, f).normalize();
            let ins = insertion
                + (Vec3::from(fan.insertion_offset) + Vec3::from(fan.insertion_spread) * f);
            let edge = if i == 0 || i == n - 1 { fan.edge } else { 1.0 };
            let mut row = vec![knot(o, 0.0, fan.ends[0])];
            row.extend(
                fan.stations
                    .iter()
                    .map(|s| knot(lerp(o, ins, s.along) + out * s.out, 0.0, s.t * edge)),
            );
            row.push(knot(ins, 0.0, fan.ends[1]));
            Ok(row)
        })
        .collect::<Result<_, String>>()?;
    Ok(sheet(&rows, fan.per_span.max(1), false))
}

/// A metatarsal head's radius against the metatarsal's radius there.
const METATARSAL_HEAD: f32 = 1.12;
/// The lengths of the big toe's two phalanges, and of the other toes' three, as fractions of the toe.
const BIG_TOE_PHALANGES: [f32; 2] = [0.55, 0.45];
const TOE_PHALANGES: [f32; 3] = [0.45, 0.3, 0.25];
/// Where a phalanx's base sits, as a fraction of its length from its proximal end.
const PHALANX_BASE: f32 = 0.15;
/// A phalanx's shaft radius against the toe's radius there.
const PHALANX_SHAFT: f32 = 0.62;

/// The capsules and knobs of the rays of the foot (see [`Rays`]), each a part of its own: the metatarsals
/// and the phalanges of the toes.
fn rays(rays: &Rays, points: &Points) -> Result<Vec<Prim>, String> {
    if rays.count < 2 {
        return Err("the foot needs two rays or more".into());
    }
    positive("the rays' radii", &rays.radius)?;
    let mid = points.get(&rays.midfoot)?;
    let toe = points.get(&rays.toe)?;
    let mut out = Vec::with_capacity(2 * rays.count);
    for i in 0..rays.count {
        let f = i as f32 / (rays.count - 1) as f32;
        let lesser = |l: f32| if i == 0 { 0.0 } else { l };
        let x = |r: f32, p: &RayPoint| r + p.x - p.spread * f;
        let z = |r: f32, p: &RayPoint| r + p.z - p.spread_z * f - lesser(p.lesser);
        let y = |p: &RayPoint| p.y - p.spread_y * f;
        let base = vec3(x(mid.x, &rays.base), y(&rays.base), z(mid.z, &rays.base));
        let head = vec3(x(toe.x, &rays.head), y(&rays.head), z(toe.z, &rays.head));
        let tip = vec3(x(head.x, &rays.tip), y(&rays.tip), z(toe.z, &rays.tip));
        let r = if i == 0 {
            rays.radius[0]
        } else {
            rays.radius[1]
        };
        let k = rays.taper;
        // The metatarsal, its head a rounded knob.
        out.push(Prim::cone(base, head, r * k[0], r * k[1]));
        out.push(Prim::sphere(head, r * k[1] * METATARSAL_HEAD));
        // The phalanges, two in the big toe and three in the others: each a full-width base and a
        // narrower shaft, so that the joints between them show.
        let lengths: &[f32] = if i == 0 {
            &BIG_TOE_PHALANGES
        } else {
            &TOE_PHALANGES
        };
        // The toe's radius at a fraction of its length from the metatarsal head.
        let toe_radius = |at: f32| r * (k[2] + (k[3] - k[2]) * at);
        let mut from = 0.0;
        for l in lengths {
            let (a, b) = (head.lerp(tip, from), head.lerp(tip, from + l));
            let (ra, rb) = (toe_radius(from), toe_radius(from + l));
            out.push(Prim::sphere(a.lerp(b, PHALANX_BASE), ra));
            out.push(Prim::cone(a, b, ra * PHALANX_SHAFT, rb * PHALANX_SHAFT));
            from += l;
        }
    }
    Ok(out)
}
