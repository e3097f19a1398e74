//! Where a point of the body is, in the words a client uses: the body region from the segment the anchor
//! rides on and its height against the joints and bony points of the anatomy data, the side from its X, and
//! the part of the region (upper or lower, inner or outer, front or back) from where it lies around the
//! limb's axis or, for a point deep on that axis, from the way its surface faces.

use std::sync::OnceLock;

use glam::Vec3;

use crate::anatomy::{Anatomy, BoneSegment, Kind, Side};
use crate::plan::{Anchor, Segment};

/// Points nearer the midline than this (m) are on the midline unless their structure has a side.
const MIDLINE_M: f32 = 0.012;

/// Points nearer a limb's axis than this (m) lie too deep for their position to tell the face; the surface
/// normal tells it instead.
const DEEP_M: f32 = 0.03;

/// The heights and bony points that divide the body into the regions a client names, read from the
/// anatomy's landmarks (right side, model frame) with average values where a landmark is missing.
struct Frame {
    hip: Vec3,
    knee: Vec3,
    ankle: Vec3,
    crest_top_y: f32,
    sit_bone: Vec3,
    trochanter: Vec3,
    fibular_head: Vec3,
}

impl Frame {
    fn get() -> &'static Frame {
        static FRAME: OnceLock<Frame> = OnceLock::new();
        FRAME.get_or_init(|| {
            let data = Anatomy::embedded();
            let at = |id: &str, fallback: Vec3| {
                data.landmark(id)
                    .map_or(fallback, |l| Vec3::from_array(l.position))
            };
            Frame {
                hip: at("hip_r_joint_centre", Vec3::new(-0.0835, 0.878, -0.071)),
                knee: at(
                    "knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre",
                    Vec3::new(-0.0835, 0.482, -0.075),
                ),
                ankle: at("ankle_r_joint_centre", Vec3::new(-0.0835, 0.052, -0.075)),
                crest_top_y: at(
                    "mesh_iliac_crest_highest_point",
                    Vec3::new(-0.076, 1.038, -0.087),
                )
                .y,
                sit_bone: at(
                    "mesh_ischial_tuberosity_lowest_point",
                    Vec3::new(-0.036, 0.823, -0.092),
                ),
                trochanter: at(
                    "mesh_greater_trochanter_lateral_most_point",
                    Vec3::new(-0.145, 0.860, -0.084),
                ),
                fibular_head: at("mesh_fibular_head_apex", Vec3::new(-0.115, 0.425, -0.085)),
            }
        })
    }

    /// Height of the buttock crease: a little below the lowest point of the sit bone.
    fn fold_y(&self) -> f32 {
        self.sit_bone.y - 0.03
    }
}

/// Which way a point of a limb or the pelvis faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Back,
    Outside,
    Front,
    Inside,
}

/// The face and the angle from straight back towards the outside, in degrees (-180 to 180).
fn face(out: f32, back: f32, half_back_deg: f32) -> (Face, f32) {
    let deg = out.atan2(back).to_degrees();
    let face = if deg.abs() <= half_back_deg {
        Face::Back
    } else if deg.abs() >= 180.0 - half_back_deg.min(55.0) {
        Face::Front
    } else if deg > 0.0 {
        Face::Outside
    } else {
        Face::Inside
    };
    (face, deg)
}

/// The side word for a point, or `None` on the midline.
fn side_of(x: f32, structure_side: Option<Side>) -> Option<&'static str> {
    if x <= -MIDLINE_M {
        Some("right")
    } else if x >= MIDLINE_M {
        Some("left")
    } else {
        match structure_side {
            Some(Side::Right) => Some("right"),
            Some(Side::Left) => Some("left"),
            _ => None,
        }
    }
}

/// "upper part", "middle" or "lower part" for `t` from 0 at the top to 1 at the bottom.
fn level(t: f32) -> &'static str {
    if t < 0.34 {
        "upper part"
    } else if t < 0.67 {
        "middle"
    } else {
        "lower part"
    }
}

/// The area of an anchor in plain words; see [`super::area`].
pub(super) fn describe(anchor: &Anchor) -> String {
    let f = Frame::get();
    let known = Anatomy::embedded().structure_of_node(&anchor.structure);
    let p = Vec3::from(anchor.position);
    let n = Vec3::from(anchor.normal);
    let side = side_of(p.x, known.map(|(_, s)| s));
    // Mirror everything onto the right side, where the landmarks are, with +out away from the midline.
    let outward = if p.x > 0.0 { 1.0 } else { -1.0 };
    let q = Vec3::new(-p.x.abs(), p.y, p.z);
    let n_out = n.x * outward;
    let segment = known.map(|(s, _)| s.segment);
    let lumbar =
        segment == Some(BoneSegment::Lumbar) || anchor.structure.starts_with("quadratus_lumborum");
    let spine_bone =
        known.is_some_and(|(s, _)| s.kind == Kind::Bone && (s.id == "sacrum" || s.id == "coccyx"));
    let s = |word: &str| match side {
        Some(side) => format!("{side} {word}"),
        None => word.to_owned(),
    };
    match anchor.segment {
        Segment::Pelvis => pelvis(f, q, n_out, n.z, lumbar, spine_bone, side, &s),
        Segment::ThighRight | Segment::ThighLeft => thigh(f, q, n_out, n.z, side, &s),
        Segment::ShankRight | Segment::ShankLeft => shank(f, q, n_out, n.z, &s),
        Segment::FootRight | Segment::FootLeft => foot(f, q, n, &s),
    }
}

/// The face of a point around a vertical axis through `axis` (its X on the right side), judged from the
/// position unless the point lies deep on the axis.
fn limb_face(q: Vec3, axis: Vec3, n_out: f32, n_z: f32, half_back_deg: f32) -> (Face, f32) {
    let out = axis.x - q.x;
    let back = axis.z - q.z;
    if out.hypot(back) < DEEP_M && n_out.hypot(n_z) > 0.3 {
        face(n_out, -n_z, half_back_deg)
    } else {
        face(out, back, half_back_deg)
    }
}

fn pelvis(
    f: &Frame,
    q: Vec3,
    n_out: f32,
    n_z: f32,
    lumbar: bool,
    spine_bone: bool,
    side: Option<&str>,
    s: &dyn Fn(&str) -> String,
) -> String {
    if lumbar || q.y > f.crest_top_y {
        return match side {
            Some(side) => format!("lower back, {side} of the spine"),
            None => "lower back, over the spine".to_owned(),
        };
    }
    // The pelvis is wide and shallow: scale its half-width and half-depth to one before taking the angle.
    let half_width = f.trochanter.x.abs() + 0.015;
    let (out, back) = (-q.x / half_width, (f.hip.z - q.z) / 0.11);
    let (face_, deg) = if out.hypot(back) < 0.3 {
        face(n_out, -n_z, 60.0)
    } else {
        face(out, back, 60.0)
    };
    match face_ {
        Face::Back if spine_bone || -q.x < 0.035 => match side {
            Some(side) => format!("base of the spine, {side} side"),
            None => "base of the spine, in the middle".to_owned(),
        },
        Face::Back => buttock(f, q, s),
        Face::Outside => hip_side(f, q, deg, s),
        Face::Front if q.y > f.hip.y => format!("front of the {}", s("hip")),
        Face::Front | Face::Inside => s("groin"),
    }
}

/// "right buttock, upper outer part" and the like, with the bony point it is near.
fn buttock(f: &Frame, q: Vec3, s: &dyn Fn(&str) -> String) -> String {
    let top = f.crest_top_y - 0.04;
    let t = ((top - q.y) / (top - f.fold_y())).clamp(0.0, 1.0);
    let vertical = match level(t) {
        "upper part" => "upper",
        "lower part" => "lower",
        _ => "",
    };
    let lateral = -q.x;
    let horizontal = if lateral < f.hip.x.abs() * 0.75 {
        "inner"
    } else if lateral > f.hip.x.abs() * 1.35 {
        "outer"
    } else {
        ""
    };
    let part = match (vertical, horizontal) {
        ("", "") => "centre".to_owned(),
        (v, "") | ("", v) => format!("{v} part"),
        (v, h) => format!("{v} {h} part"),
    };
    let mut words = format!("{}, {part}", s("buttock"));
    if q.distance(f.sit_bone) < 0.05 {
        words.push_str(", by the sit bone");
    } else if q.distance(f.trochanter) < 0.06 {
        words.push_str(", near the bony point at the side of the hip");
    }
    words
}

/// The outside of the hip, leaning to the back or the front, and whether high up or at the bony point.
fn hip_side(f: &Frame, q: Vec3, deg: f32, s: &dyn Fn(&str) -> String) -> String {
    let mut words = format!("outside of the {}", s("hip"));
    if q.distance(f.trochanter) < 0.06 {
        words.push_str(", around the bony point at the top of the thigh");
    } else if q.y > f.hip.y + 0.09 {
        words.push_str(", just below the top of the hip bone");
    }
    if deg < 80.0 {
        words.push_str(", towards the back");
    } else if deg > 100.0 {
        words.push_str(", towards the front");
    }
    words
}

fn thigh(
    f: &Frame,
    q: Vec3,
    n_out: f32,
    n_z: f32,
    side: Option<&str>,
    s: &dyn Fn(&str) -> String,
) -> String {
    let (face_, deg) = limb_face(q, f.hip, n_out, n_z, 50.0);
    if q.y > f.fold_y() {
        return match face_ {
            Face::Back => buttock(f, q, s),
            Face::Outside => hip_side(f, q, deg, s),
            Face::Front => format!("front of the {}", s("hip")),
            Face::Inside => s("groin"),
        };
    }
    let knee_top = f.knee.y + 0.03;
    if q.y < knee_top {
        return knee(face_, s);
    }
    let t = (f.fold_y() - q.y) / (f.fold_y() - knee_top);
    let part = level(t);
    let thigh = match side {
        Some(side) => format!("{side} thigh"),
        None => "thigh".to_owned(),
    };
    match face_ {
        Face::Back => format!("back of the {thigh}, {part}"),
        Face::Outside => format!("outside of the {thigh}, {part}"),
        Face::Front => format!("front of the {thigh}, {part}"),
        Face::Inside => format!("inside of the {thigh}, {part}"),
    }
}

fn knee(face_: Face, s: &dyn Fn(&str) -> String) -> String {
    match face_ {
        Face::Back => format!("back of the {}", s("knee")),
        Face::Outside => format!("outside of the {}", s("knee")),
        Face::Front => format!("front of the {}", s("knee")),
        Face::Inside => format!("inside of the {}", s("knee")),
    }
}

fn shank(f: &Frame, q: Vec3, n_out: f32, n_z: f32, s: &dyn Fn(&str) -> String) -> String {
    let (face_, _) = limb_face(q, f.knee, n_out, n_z, 50.0);
    let below_knee = f.knee.y - 0.08;
    let above_ankle = f.ankle.y + 0.06;
    if q.y > below_knee {
        if face_ == Face::Outside && q.distance(f.fibular_head) < 0.035 {
            return format!(
                "outside of the {}, by the bony bump just below the knee",
                s("leg")
            );
        }
        return match face_ {
            Face::Back if q.y > f.knee.y - 0.03 => knee(face_, s),
            Face::Back => format!("{}, just below the back of the knee", s("calf")),
            Face::Outside => format!("outside of the {}, just below the knee", s("leg")),
            Face::Front => format!("{}, just below the knee", s("shin")),
            Face::Inside => format!("inside of the {}, just below the knee", s("leg")),
        };
    }
    if q.y < above_ankle {
        return match face_ {
            Face::Back => format!("back of the {}", s("ankle")),
            Face::Outside => format!("outside of the {}", s("ankle")),
            Face::Front => format!("front of the {}", s("ankle")),
            Face::Inside => format!("inside of the {}", s("ankle")),
        };
    }
    let part = level((below_knee - q.y) / (below_knee - above_ankle));
    match face_ {
        Face::Back => format!("{}, {part}", s("calf")),
        Face::Outside => format!("outside of the {}, {part}", s("calf")),
        Face::Front => format!("{}, {part}", s("shin")),
        Face::Inside => format!("inside of the {}, {part}", s("calf")),
    }
}

fn foot(f: &Frame, q: Vec3, n: Vec3, s: &dyn Fn(&str) -> String) -> String {
    let behind_ankle = q.z < f.ankle.z - 0.015;
    if n.y < -0.6 {
        let part = if behind_ankle {
            "under the heel"
        } else if q.z > f.ankle.z + 0.09 {
            "under the ball of the foot"
        } else {
            "the arch"
        };
        format!("sole of the {}, {part}", s("foot"))
    } else if behind_ankle {
        s("heel")
    } else {
        format!("top of the {}", s("foot"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Point3;

    fn anchor(structure: &str, segment: Segment, p: (f32, f32, f32), n: (f32, f32, f32)) -> Anchor {
        Anchor {
            structure: structure.to_owned(),
            position: Point3::from(p),
            normal: Point3::from(n),
            segment,
        }
    }

    #[test]
    fn the_frame_comes_from_the_landmarks() {
        let data = Anatomy::embedded();
        for id in [
            "hip_r_joint_centre",
            "knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre",
            "ankle_r_joint_centre",
            "mesh_iliac_crest_highest_point",
            "mesh_ischial_tuberosity_lowest_point",
            "mesh_greater_trochanter_lateral_most_point",
            "mesh_fibular_head_apex",
        ] {
            assert!(data.landmark(id).is_some(), "landmark {id} is missing");
        }
        let f = Frame::get();
        assert!(f.crest_top_y > f.hip.y && f.hip.y > f.knee.y && f.knee.y > f.ankle.y);
    }

    #[test]
    fn regions_follow_height_and_face() {
        let back = (0.0, 0.0, -1.0);
        let cases = [
            (
                anchor(
                    "gluteus_maximus_r",
                    Segment::Pelvis,
                    (-0.064, 0.995, -0.167),
                    back,
                ),
                "right buttock, upper part",
            ),
            (
                anchor(
                    "sacrotuberous_ligament_r",
                    Segment::Pelvis,
                    (-0.04, 0.86, -0.2035),
                    back,
                ),
                "right buttock, lower inner part",
            ),
            (
                anchor("sacrum", Segment::Pelvis, (-0.042, 0.981, -0.173), back),
                "base of the spine, right side",
            ),
            (
                anchor(
                    "quadratus_lumborum_l",
                    Segment::Pelvis,
                    (0.05, 1.06, -0.12),
                    back,
                ),
                "lower back, left of the spine",
            ),
            (
                anchor(
                    "biceps_femoris_long_head_l",
                    Segment::ThighLeft,
                    (0.12, 0.64, -0.136),
                    back,
                ),
                "back of the left thigh, middle",
            ),
            (
                anchor(
                    "iliotibial_band_r",
                    Segment::ThighRight,
                    (-0.137, 0.514, -0.062),
                    (-1.0, 0.0, 0.0),
                ),
                "outside of the right thigh, lower part",
            ),
            (
                anchor(
                    "gastrocnemius_medial_head_r",
                    Segment::ShankRight,
                    (-0.088, 0.243, -0.152),
                    back,
                ),
                "right calf, middle",
            ),
            (
                anchor(
                    "soleus_r",
                    Segment::ShankRight,
                    (-0.125, 0.25, -0.075),
                    (-1.0, 0.0, 0.0),
                ),
                "outside of the right calf, middle",
            ),
            (
                anchor(
                    "tibial_nerve_r",
                    Segment::ThighRight,
                    (-0.083, 0.479, -0.138),
                    back,
                ),
                "back of the right knee",
            ),
            (
                anchor(
                    "foot_r",
                    Segment::FootRight,
                    (-0.088, 0.004, -0.1),
                    (0.0, -1.0, 0.0),
                ),
                "sole of the right foot, under the heel",
            ),
        ];
        for (anchor, expected) in cases {
            assert_eq!(describe(&anchor), expected, "{}", anchor.structure);
        }
    }

    #[test]
    fn a_deep_point_takes_its_face_from_the_normal() {
        // On the thigh's axis: the position cannot tell back from outside.
        let a = anchor(
            "femur_r",
            Segment::ThighRight,
            (-0.085, 0.64, -0.072),
            (-1.0, 0.0, 0.0),
        );
        assert!(
            describe(&a).starts_with("outside of the right thigh"),
            "{}",
            describe(&a)
        );
        let b = anchor(
            "femur_r",
            Segment::ThighRight,
            (-0.085, 0.64, -0.072),
            (0.0, 0.0, -1.0),
        );
        assert!(
            describe(&b).starts_with("back of the right thigh"),
            "{}",
            describe(&b)
        );
    }

    #[test]
    fn an_unknown_structure_falls_back_to_segment_and_position() {
        let a = anchor(
            "mystery_tissue",
            Segment::ThighLeft,
            (0.12, 0.64, -0.136),
            (0.0, 0.0, -1.0),
        );
        assert_eq!(describe(&a), "back of the left thigh, middle");
        let m = anchor(
            "mystery_tissue",
            Segment::Pelvis,
            (0.0, 1.06, -0.12),
            (0.0, 0.0, -1.0),
        );
        assert_eq!(describe(&m), "lower back, over the spine");
    }
}
