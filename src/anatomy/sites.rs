//! The endangerment sites: where massage pressure can reach a nerve or vessels, each a capsule derived
//! from points of the anatomy data, and the distances measured against it.

use glam::Vec3;
use serde::{Deserialize, Serialize};

use super::data::{Landmark, Nerves, Side, Status};

/// How dangerous an endangerment site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Danger {
    /// Work with care, light or moderate pressure only.
    Moderate,
    /// No deep or sustained pressure.
    High,
}

/// A point named by the anatomy data, from which an endangerment site's axis is derived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SitePoint {
    /// A landmark of `landmarks.ron`, by id.
    Landmark(String),
    /// A point of a nerve's usual path in `nerves.ron`: the nerve's base id and the id of the landmark the
    /// point is built on (the path's own position is used, so the site follows the nerve in the model).
    Nerve(String, String),
    /// Part of the way from the first point to the second (0 = first, 1 = second).
    Between(Box<SitePoint>, Box<SitePoint>, f32),
    /// A point moved by an offset in millimetres along the model axes (X towards the model's left, Y up,
    /// Z anterior), given for the right side; the left side mirrors it with the point.
    Offset(Box<SitePoint>, [f32; 3]),
}

impl SitePoint {
    /// The point in the model frame (metres, right side).
    pub fn resolve(&self, landmarks: &[Landmark], nerves: &Nerves) -> Result<Vec3, String> {
        match self {
            SitePoint::Landmark(id) => landmarks
                .iter()
                .find(|l| &l.id == id)
                .map(|l| Vec3::from(l.position))
                .ok_or_else(|| format!("no landmark '{id}'")),
            SitePoint::Nerve(nerve, landmark) => nerves
                .paths
                .iter()
                .filter(|p| &p.structure == nerve && p.variant.is_none())
                .flat_map(|p| &p.points)
                .find(|pt| pt.landmark.as_deref() == Some(landmark.as_str()))
                .map(|pt| Vec3::from(pt.position))
                .ok_or_else(|| format!("no point on '{landmark}' in the usual path of '{nerve}'")),
            SitePoint::Between(a, b, t) => {
                let (a, b) = (a.resolve(landmarks, nerves)?, b.resolve(landmarks, nerves)?);
                Ok(a.lerp(b, *t))
            }
            SitePoint::Offset(p, mm) => {
                Ok(p.resolve(landmarks, nerves)? + Vec3::from(*mm) / 1000.0)
            }
        }
    }
}

/// How an endangerment site is built from the anatomy data: the two ends of its axis and its radius.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRecipe {
    /// Unique id (without side suffix).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Base ids of the structures at risk (nerves and vessels first) and of those bounding the site; the
    /// first is the one a finding names unless another nerve or vessel of the list lies nearer under the
    /// zone.
    pub structures: Vec<String>,
    /// One end of the capsule axis.
    pub from: SitePoint,
    /// The other end.
    pub to: SitePoint,
    /// Capsule radius in millimetres.
    pub radius_mm: f32,
    /// How careful to be.
    pub severity: Danger,
    /// Read, derived or estimated.
    pub status: Status,
    /// Why the site matters, in plain words.
    pub reason: String,
    /// Why the axis and radius are where they are, with the sources.
    pub basis: String,
}

impl SiteRecipe {
    /// Builds the site's capsule (right side) from the landmarks and nerve paths.
    pub fn derive(
        &self,
        landmarks: &[Landmark],
        nerves: &Nerves,
    ) -> Result<EndangermentSite, String> {
        let end = |p: &SitePoint| {
            p.resolve(landmarks, nerves)
                .map(|v| v.to_array())
                .map_err(|e| format!("site '{}': {e}", self.id))
        };
        if !(self.radius_mm.is_finite() && self.radius_mm > 0.0) {
            return Err(format!("site '{}': radius must be positive", self.id));
        }
        Ok(EndangermentSite {
            id: self.id.clone(),
            name: self.name.clone(),
            structures: self.structures.clone(),
            from: end(&self.from)?,
            to: end(&self.to)?,
            radius: self.radius_mm / 1000.0,
            severity: self.severity,
            status: self.status,
            reason: self.reason.clone(),
        })
    }
}

/// A region where massage pressure can harm a nerve or vessel: a capsule in the model frame (right side),
/// derived from a [`SiteRecipe`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndangermentSite {
    /// Unique id (without side suffix).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Base ids of the structures at risk (nerves and vessels first) and of those bounding the site; the
    /// first is the one a finding names unless another nerve or vessel of the list lies nearer under the
    /// zone.
    pub structures: Vec<String>,
    /// One end of the capsule axis (metres, right side).
    pub from: [f32; 3],
    /// Other end of the capsule axis.
    pub to: [f32; 3],
    /// Capsule radius (metres).
    pub radius: f32,
    /// How careful to be.
    pub severity: Danger,
    /// Read, derived or estimated.
    pub status: Status,
    /// Why the site matters, in plain words.
    pub reason: String,
}

impl EndangermentSite {
    /// Distance from `p` to the capsule surface on the given side (negative inside).
    pub fn distance(&self, p: Vec3, side: Side) -> f32 {
        self.capsule(side).distance(p)
    }

    /// The site's capsule on one side (`Right` or `Left`).
    pub fn capsule(&self, side: Side) -> SiteCapsule {
        let m = Vec3::new(side.mirror_x(), 1.0, 1.0);
        SiteCapsule {
            id: self.id.clone(),
            name: self.name.clone(),
            side,
            structure: self
                .structures
                .first()
                .map(|s| format!("{s}{}", side.suffix()))
                .unwrap_or_default(),
            from: Vec3::from(self.from) * m,
            to: Vec3::from(self.to) * m,
            radius: self.radius,
            severity: self.severity,
        }
    }
}

/// An endangerment site on one side of the body, ready to draw or to measure against.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteCapsule {
    /// The site's id (without side suffix).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Which side.
    pub side: Side,
    /// Node name of the structure at risk on this side (`sciatic_nerve_r`).
    pub structure: String,
    /// One end of the axis (model frame, metres).
    pub from: Vec3,
    /// The other end.
    pub to: Vec3,
    /// Radius (metres).
    pub radius: f32,
    /// How careful to be.
    pub severity: Danger,
}

impl SiteCapsule {
    /// Distance from `p` to the capsule surface (negative inside).
    pub fn distance(&self, p: Vec3) -> f32 {
        point_segment_distance(p, self.from, self.to) - self.radius
    }

    /// Distance from the segment `a`-`b` to the capsule surface (negative when they overlap).
    pub fn segment_distance(&self, a: Vec3, b: Vec3) -> f32 {
        segment_segment(a, b, self.from, self.to) - self.radius
    }
}

/// Distance from `p` to the segment `a`-`b`.
pub fn point_segment_distance(p: Vec3, a: Vec3, b: Vec3) -> f32 {
    let ab = b - a;
    let t = if ab.length_squared() > 0.0 {
        ((p - a).dot(ab) / ab.length_squared()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

/// Closest distance between segments `p1 q1` and `p2 q2` (Ericson, Real-Time Collision Detection, 5.1.9).
fn segment_segment(p1: Vec3, q1: Vec3, p2: Vec3, q2: Vec3) -> f32 {
    let d1 = q1 - p1;
    let d2 = q2 - p2;
    let r = p1 - p2;
    let a = d1.length_squared();
    let e = d2.length_squared();
    let f = d2.dot(r);
    let (s, t) = if a <= f32::EPSILON && e <= f32::EPSILON {
        (0.0, 0.0)
    } else if a <= f32::EPSILON {
        (0.0, (f / e).clamp(0.0, 1.0))
    } else {
        let c = d1.dot(r);
        if e <= f32::EPSILON {
            ((-c / a).clamp(0.0, 1.0), 0.0)
        } else {
            let b = d1.dot(d2);
            let denom = a * e - b * b;
            let mut s = if denom > 0.0 {
                ((b * f - c * e) / denom).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let mut t = (b * s + f) / e;
            if t < 0.0 {
                t = 0.0;
                s = (-c / a).clamp(0.0, 1.0);
            } else if t > 1.0 {
                t = 1.0;
                s = ((b - c) / a).clamp(0.0, 1.0);
            }
            (s, t)
        }
    };
    (p1 + d1 * s).distance(p2 + d2 * t)
}
