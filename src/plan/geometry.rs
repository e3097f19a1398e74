//! Where zones and no-go areas lie: their centre lines, distances from a point, and which body segment a
//! point belongs to. Model frame, metres.

use super::{NoGoArea, Point3, Segment, SessionPlan, Shape, Zone};
use glam::Vec3;

use crate::anatomy::{self, Anatomy, mesh};

/// `a - b`.
pub fn sub(a: Point3, b: Point3) -> Point3 {
    Point3::new(a.x - b.x, a.y - b.y, a.z - b.z)
}

/// `a + b`.
pub fn add(a: Point3, b: Point3) -> Point3 {
    Point3::new(a.x + b.x, a.y + b.y, a.z + b.z)
}

fn lerp(a: Point3, b: Point3, t: f32) -> Point3 {
    add(
        a,
        Point3::new((b.x - a.x) * t, (b.y - a.y) * t, (b.z - a.z) * t),
    )
}

/// Distance from `p` to a polyline (to its only point when it has one; infinite when empty).
pub fn distance_to_polyline(p: Point3, line: &[Point3]) -> f32 {
    let line: Vec<Vec3> = line.iter().map(|q| Vec3::from(*q)).collect();
    mesh::distance_to_polyline(Vec3::from(p), &line)
}

impl Zone {
    /// The zone's centre line: its centre for a disc, its path for a stroke (the anchor when the path is
    /// empty).
    pub fn centre_line(&self) -> Vec<Point3> {
        match &self.shape {
            Shape::Stroke { path, .. } if !path.is_empty() => path.clone(),
            _ => vec![self.anchor.position],
        }
    }

    /// Half the zone's extent across its centre line, in metres (the radius of a disc, half the width of a
    /// stroke).
    pub fn half_extent_m(&self) -> f32 {
        match &self.shape {
            Shape::Disc { radius_mm } => radius_mm / 1000.0,
            Shape::Stroke { width_mm, .. } => width_mm / 2000.0,
        }
    }

    /// Distance in metres from `p` to the zone's edge: negative inside, positive outside.
    pub fn signed_distance(&self, p: Point3) -> f32 {
        distance_to_polyline(p, &self.centre_line()) - self.half_extent_m()
    }
}

impl NoGoArea {
    /// Distance in metres from `p` to the area's edge: negative inside, positive outside.
    pub fn signed_distance(&self, p: Point3) -> f32 {
        p.distance(self.anchor.position) - self.radius_mm / 1000.0
    }
}

/// What lies under a point of the body surface.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    /// A treatment zone.
    Zone(&'a Zone),
    /// A no-go area.
    NoGo(&'a NoGoArea),
}

/// The zone or no-go area at `p` (within `tolerance_m` of its edge), the one whose centre line is nearest
/// when several overlap. No-go areas win over zones at equal distance.
pub fn item_at(plan: &SessionPlan, p: Point3, tolerance_m: f32) -> Option<Item<'_>> {
    let zones = plan
        .zones
        .iter()
        .filter(|z| z.signed_distance(p) <= tolerance_m)
        .map(|z| (distance_to_polyline(p, &z.centre_line()), Item::Zone(z)));
    let areas = plan
        .no_go
        .iter()
        .filter(|n| n.signed_distance(p) <= tolerance_m)
        .map(|n| (p.distance(n.anchor.position), Item::NoGo(n)));
    areas
        .chain(zones)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, item)| item)
}

/// Up to `max` points along a polyline, evenly spaced by length, first and last kept.
pub fn resample(line: &[Point3], max: usize) -> Vec<Point3> {
    if line.len() <= max || max < 2 {
        return line.iter().copied().take(max.max(1)).collect();
    }
    let lengths: Vec<f32> = line.windows(2).map(|w| w[0].distance(w[1])).collect();
    let total: f32 = lengths.iter().sum();
    let mut out = Vec::with_capacity(max);
    let (mut seg, mut walked) = (0, 0.0);
    for i in 0..max {
        let target = total * i as f32 / (max - 1) as f32;
        while seg < lengths.len() - 1 && walked + lengths[seg] < target {
            walked += lengths[seg];
            seg += 1;
        }
        let t = if lengths[seg] > 0.0 {
            ((target - walked) / lengths[seg]).clamp(0.0, 1.0)
        } else {
            0.0
        };
        out.push(lerp(line[seg], line[seg + 1], t));
    }
    out
}

/// The body segment a point on a structure belongs to: the shank or foot for structures of those segments,
/// otherwise the height of the point against the gluteal fold, knee and ankle (the skin, and structures such
/// as the sciatic nerve, span several segments).
pub fn segment_at(structure: &str, p: Point3) -> Segment {
    let data = Anatomy::embedded();
    let right = match data.structure_of_node(structure) {
        Some((_, anatomy::Side::Left)) => false,
        Some((_, anatomy::Side::Right)) => true,
        // +X is the model's left.
        _ => p.x < 0.0,
    };
    let height = |id: &str| data.landmark(id).map(|l| l.position[1]);
    // The gluteal fold lies a little below the hip joint centre; above it the buttock counts as pelvis.
    let hip = height("hip_r_joint_centre").unwrap_or(0.87) - 0.08;
    let knee =
        height("knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre").unwrap_or(0.49);
    let ankle = height("ankle_r_joint_centre").unwrap_or(0.08);
    let by_height = if p.y >= hip {
        0
    } else if p.y >= knee {
        1
    } else if p.y >= ankle {
        2
    } else {
        3
    };
    let level = match data.structure_of_node(structure).map(|(s, _)| s.segment) {
        Some(anatomy::BoneSegment::Tibia) => 2,
        Some(anatomy::BoneSegment::Foot) => 3,
        _ => by_height,
    };
    match (level, right) {
        (0, _) => Segment::Pelvis,
        (1, true) => Segment::ThighRight,
        (1, false) => Segment::ThighLeft,
        (2, true) => Segment::ShankRight,
        (2, false) => Segment::ShankLeft,
        (_, true) => Segment::FootRight,
        (_, false) => Segment::FootLeft,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::edit::{new_disc_zone, new_no_go, new_stroke_zone};
    use crate::plan::{Anchor, Segment};

    fn anchor(p: Point3) -> Anchor {
        Anchor {
            structure: "skin".into(),
            position: p,
            normal: Point3::new(0.0, 0.0, -1.0),
            segment: Segment::Pelvis,
        }
    }

    #[test]
    fn a_point_is_inside_a_disc_and_a_stroke_by_their_extent() {
        let c = Point3::new(-0.1, 0.9, -0.15);
        let disc = new_disc_zone(anchor(c), 30.0);
        assert!(disc.signed_distance(Point3::new(-0.1, 0.92, -0.15)) < 0.0);
        assert!(disc.signed_distance(Point3::new(-0.1, 0.94, -0.15)) > 0.0);
        let path = vec![c, Point3::new(-0.1, 0.7, -0.15)];
        let stroke = new_stroke_zone(anchor(c), path, 40.0);
        assert!(stroke.signed_distance(Point3::new(-0.115, 0.8, -0.15)) < 0.0);
        assert!(stroke.signed_distance(Point3::new(-0.125, 0.8, -0.15)) > 0.0);
    }

    #[test]
    fn item_at_finds_the_nearest_and_prefers_no_go() {
        let mut plan = SessionPlan::default();
        let c = Point3::new(-0.1, 0.9, -0.15);
        plan.zones.push(new_disc_zone(anchor(c), 40.0));
        assert!(matches!(item_at(&plan, c, 0.0), Some(Item::Zone(_))));
        plan.no_go.push(new_no_go(anchor(c), 10.0));
        assert!(matches!(item_at(&plan, c, 0.0), Some(Item::NoGo(_))));
        assert!(item_at(&plan, Point3::new(0.1, 0.9, -0.15), 0.005).is_none());
    }

    #[test]
    fn resampling_keeps_the_ends_and_the_count() {
        let line: Vec<Point3> = (0..100)
            .map(|i| Point3::new(0.0, i as f32 * 0.01, 0.0))
            .collect();
        let r = resample(&line, 8);
        assert_eq!(r.len(), 8);
        assert_eq!(r[0], line[0]);
        assert!((r[7].y - 0.99).abs() < 1e-5);
        assert!((r[1].y - 0.99 / 7.0).abs() < 1e-4);
    }

    #[test]
    fn segments_follow_structure_and_height() {
        assert_eq!(
            segment_at("skin", Point3::new(-0.1, 0.9, -0.15)),
            Segment::Pelvis
        );
        assert_eq!(
            segment_at("skin", Point3::new(0.1, 0.6, -0.1)),
            Segment::ThighLeft
        );
        assert_eq!(
            segment_at("skin", Point3::new(-0.1, 0.3, -0.05)),
            Segment::ShankRight
        );
        assert_eq!(
            segment_at("tibial_nerve_r", Point3::new(-0.1, 0.4, -0.05)),
            Segment::ShankRight
        );
        assert_eq!(
            segment_at("piriformis_l", Point3::new(0.1, 0.9, -0.1)),
            Segment::Pelvis
        );
    }
}
