//! The pressure column under a surface point, and what lies in it: the nerve, an endangerment site.

use glam::Vec3;

use super::SafetyModel;
use crate::anatomy::SiteCapsule;

/// Where the nerve enters a zone's pressure column.
pub(super) struct ColumnHit<'a> {
    /// Depth of the nerve below the zone's surface, metres.
    pub depth: f32,
    /// The nerve node.
    pub node: &'a str,
    /// Depth below the surface point where the column first touches the nerve, metres.
    pub touch: f32,
    /// The column's radius there, metres.
    pub radius: f32,
    /// The nerve surface point nearest the column's centre line there.
    pub point: Vec3,
}

/// Smallest step of the march down a column (metres), so a column grazing the nerve ends quickly.
const MIN_STEP_M: f32 = 0.0005;
/// A column closer than this to a structure touches it (metres).
const TOUCH_M: f32 = 0.0001;

/// The pressure column under a surface point: its radius at depth `t` below the skin.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    pub p: Vec3,
    pub normal: Vec3,
    pub half: f32,
    pub reach: f32,
}

impl Column {
    /// The point on the centre line `t` below the skin.
    pub fn at(&self, t: f32) -> Vec3 {
        self.p - self.normal * t
    }

    /// The column's radius at depth `t`: the zone's full radius at the skin, narrowing to its centre line
    /// at the pressure's reach.
    pub fn radius(&self, t: f32) -> f32 {
        if self.reach > 0.0 {
            self.half * (1.0 - t / self.reach).max(0.0)
        } else {
            0.0
        }
    }

    /// Marches down the centre line by the free distance to a structure minus the column's radius
    /// (sphere tracing: the gap shrinks no faster than the march moves, so no contact is stepped over) and
    /// returns the first depth where the column touches it. `gap(point, within, bound)` gives the distance
    /// from the point to the structure, or any smaller figure as long as it is more than `within`, and
    /// `None` when nothing lies within `bound`, which ends the march.
    pub fn first_touch(&self, mut gap: impl FnMut(Vec3, f32, f32) -> Option<f32>) -> Option<f32> {
        // The free gap shrinks at most by `slope` per metre marched (the distance by at most one, while the
        // radius narrows by half / reach), so a gap `f` allows a step of `f / slope`.
        let slope = if self.reach > 0.0 {
            1.0 - self.half / self.reach
        } else {
            1.0
        };
        let mut t = 0.0;
        loop {
            let r = self.radius(t);
            let d = gap(self.at(t), r + TOUCH_M, self.reach - t + r)? - r;
            if d <= TOUCH_M {
                return Some(t);
            }
            if slope <= 0.0 {
                // The column narrows faster than the march can close any gap.
                return None;
            }
            t += (d / slope).max(MIN_STEP_M);
            if t > self.reach {
                return None;
            }
        }
    }
}

/// The nerve in the pressure column under a surface point, down to the pressure's reach and above the
/// first bone under the point. Reports the depth of the nerve surface itself below the point.
pub(super) fn nerve_in_column<'m>(
    model: &'m SafetyModel,
    p: Vec3,
    normal: Vec3,
    half: f32,
    reach: f32,
    start: Option<f32>,
) -> Option<ColumnHit<'m>> {
    let column = Column {
        p,
        normal,
        half,
        reach,
    };
    // The cheap bound from the capsule chain steps the march; exact distances only near the nerve.
    // `start`, when given, is such a bound at the surface point, more than the zone's radius.
    let mut start = start.filter(|&d| d > half);
    let mut last = None;
    let t = column.first_touch(|q, radius, bound| {
        match start.take().or_else(|| model.nerve.farther_than(q, radius)) {
            Some(lower) => (lower <= bound).then_some(lower),
            None => {
                let hit = model.nerve.nearest_within(q, bound)?;
                last = Some(hit);
                Some(hit.distance)
            }
        }
    })?;
    let hit = last?;
    // Bone under the centre before the column reaches the nerve takes the pressure instead.
    if model.layers.bone_depth(p, normal, t).is_some() {
        return None;
    }
    let depth = (p - hit.point).dot(normal).max(t);
    Some(ColumnHit {
        depth,
        node: hit.node,
        touch: t,
        radius: column.radius(t),
        point: hit.point,
    })
}

/// The shallowest depth (metres) at which the pressure column under any of `points` (each pressed along
/// its own inward normal, `-normals[i]`) touches the capsule, within `reach` and above the first bone.
pub(super) fn site_depth(
    model: &SafetyModel,
    capsule: &SiteCapsule,
    points: &[Vec3],
    normals: &[Vec3],
    half: f32,
    reach: f32,
) -> Option<f32> {
    points
        .iter()
        .zip(normals)
        .filter_map(|(&p, &normal)| {
            // The column lies inside the cylinder of the zone's radius: a cheap test rules most out.
            let gap = capsule.segment_distance(p, p - normal * reach);
            if gap > half {
                return None;
            }
            let column = Column {
                p,
                normal,
                half,
                reach,
            };
            let t = column.first_touch(|q, _, _| Some(capsule.distance(q)))?;
            model.layers.bone_depth(p, normal, t).is_none().then_some(t)
        })
        .min_by(f32::total_cmp)
}
