//! The model's skeleton and the skin weights that bind each vertex to it, so the body can be posed.
//!
//! Seven joints: the pelvis, and on each side the hip, the knee and the ankle. Each joint carries the
//! segment below it (the hip carries the thigh, the knee the shank, the ankle the foot); the pelvis
//! carries the trunk. Bones are rigid to their own segment. Soft tissue (muscle, tendon, ligament, skin,
//! nerve and vessel) passes from one segment to the next across a band at each joint, so it stretches
//! smoothly instead of tearing when a joint turns.
//!
//! At the hip the band is not a level cut. The pelvis reaches below the hip's centre on its inner side
//! (the ischial tuberosity lies about 6 cm below it and 4 cm medial), and what is attached there (the
//! hamstrings' and adductors' origins, the sacrotuberous ligament, the perineum) must stay with the
//! pelvis. So the depth below the hip is measured against a surface that drops steeply medially:
//! `h = (hip.y - y) - MEDIAL_SLOPE * max(0, |hip.x| - |x|) + LATERAL_SLOPE * max(0, |x| - |hip.x|)`.
//! The slopes and band widths are estimates, chosen so the ischial tuberosity stays on the pelvis and the
//! greater trochanter goes with the thigh.

use glam::Vec3;

use crate::anatomy::{Anatomy, BoneSegment, Kind, Side};

/// The joints, in the order of the glTF skin: name and parent.
pub const JOINTS: [(&str, Option<usize>); 7] = [
    ("pelvis", None),
    ("hip_r", Some(0)),
    ("knee_r", Some(1)),
    ("ankle_r", Some(2)),
    ("hip_l", Some(0)),
    ("knee_l", Some(4)),
    ("ankle_l", Some(5)),
];

/// Index of the pelvis joint.
pub const PELVIS: usize = 0;

/// How steeply the hip's band drops on its medial side (m down per m medial; an estimate).
const MEDIAL_SLOPE: f32 = 2.5;
/// How steeply it rises on its lateral side (an estimate).
const LATERAL_SLOPE: f32 = 2.0;

/// A band across a joint: from `above` m above the joint (all the upper segment) to `below` m below it
/// (all the lower segment).
#[derive(Debug, Clone, Copy)]
struct Band {
    above: f32,
    below: f32,
}

/// The bands of the thin structures (nerves and vessels) at the hip, knee and ankle: narrow, so the path
/// follows its segments closely.
const THIN_BANDS: [Band; 3] = [
    Band {
        above: 0.02,
        below: 0.04,
    },
    Band {
        above: 0.04,
        below: 0.04,
    },
    Band {
        above: 0.03,
        below: 0.02,
    },
];

/// The bands of the bulky soft tissue (muscles, tendons, ligaments, skin): wider, so the bulk bends
/// without folding into itself.
const BULK_BANDS: [Band; 3] = [
    Band {
        above: 0.06,
        below: 0.14,
    },
    Band {
        above: 0.09,
        below: 0.04,
    },
    Band {
        above: 0.03,
        below: 0.03,
    },
];

/// The weights of one vertex: up to four joints and how much each moves it (summing to one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VertexWeights {
    /// Joint indices into [`JOINTS`].
    pub joints: [u16; 4],
    /// Their weights.
    pub weights: [f32; 4],
}

impl VertexWeights {
    fn rigid(joint: usize) -> Self {
        VertexWeights {
            joints: [joint as u16, 0, 0, 0],
            weights: [1.0, 0.0, 0.0, 0.0],
        }
    }

    /// The weight of `joint` (zero when it does not move this vertex).
    pub fn of(&self, joint: usize) -> f32 {
        self.joints
            .iter()
            .zip(self.weights)
            .filter(|(j, _)| **j as usize == joint)
            .map(|(_, w)| w)
            .sum()
    }

    /// The joint that moves this vertex most.
    pub fn dominant(&self) -> usize {
        let mut best = 0;
        for k in 1..4 {
            if self.weights[k] > self.weights[best] {
                best = k;
            }
        }
        self.joints[best] as usize
    }
}

/// The joint centres of the right side (model frame, m); the left side mirrors them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skeleton {
    /// Centre of the femoral head.
    pub hip: Vec3,
    /// Centre of the knee.
    pub knee: Vec3,
    /// Centre of the ankle.
    pub ankle: Vec3,
}

/// 0 at `a`, 1 at `b`, smooth between.
pub fn smooth(a: f32, b: f32, x: f32) -> f32 {
    let t = ((x - a) / (b - a)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

impl Skeleton {
    /// The joint centres of the anatomy data (gait2392's).
    pub fn of(anatomy: &Anatomy) -> Result<Self, String> {
        let at = |id: &str| {
            anatomy
                .landmark(id)
                .map(|l| Vec3::from(l.position))
                .ok_or_else(|| format!("the anatomy data has no landmark {id}"))
        };
        Ok(Skeleton {
            hip: at("hip_r_joint_centre")?,
            knee: at("knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre")?,
            ankle: at("ankle_r_joint_centre")?,
        })
    }

    /// The joint centres of the built-in anatomy data, looked up once.
    pub fn embedded() -> Result<Self, String> {
        static SKELETON: std::sync::OnceLock<Result<Skeleton, String>> = std::sync::OnceLock::new();
        SKELETON
            .get_or_init(|| Skeleton::of(Anatomy::embedded()))
            .clone()
    }

    /// The centres on one side (the right as stored, the left mirrored).
    pub fn on(self, side: Side) -> Self {
        let m = Vec3::new(side.mirror_x(), 1.0, 1.0);
        Skeleton {
            hip: self.hip * m,
            knee: self.knee * m,
            ankle: self.ankle * m,
        }
    }

    /// Where each joint sits in the neutral model: the pelvis between the hips, the others at their
    /// centres (in [`JOINTS`] order).
    pub fn centres(&self) -> [Vec3; 7] {
        let left = |p: Vec3| Vec3::new(-p.x, p.y, p.z);
        [
            Vec3::new(0.0, self.hip.y, self.hip.z),
            self.hip,
            self.knee,
            self.ankle,
            left(self.hip),
            left(self.knee),
            left(self.ankle),
        ]
    }

    /// The hip, knee and ankle joints of a side.
    fn chain(side: Side) -> [usize; 3] {
        match side {
            Side::Left => [4, 5, 6],
            _ => [1, 2, 3],
        }
    }

    /// The weights of a point of a structure of `kind` on `side`, which moves with `segment`. Bones are
    /// rigid; soft tissue is blended across the joints. A midline structure (the skin) takes the side its
    /// point lies on.
    pub fn weights(&self, kind: Kind, segment: BoneSegment, side: Side, p: Vec3) -> VertexWeights {
        let side = match side {
            Side::Midline if p.x < 0.0 => Side::Right,
            Side::Midline => Side::Left,
            s => s,
        };
        let [hip, knee, ankle] = Self::chain(side);
        if kind == Kind::Bone {
            return VertexWeights::rigid(match segment {
                BoneSegment::Lumbar | BoneSegment::Pelvis => PELVIS,
                BoneSegment::Femur => hip,
                BoneSegment::Tibia => knee,
                BoneSegment::Foot => ankle,
            });
        }
        let bands = match kind {
            Kind::Nerve | Kind::Vessel => THIN_BANDS,
            _ => BULK_BANDS,
        };
        let hip_x = self.hip.x.abs();
        let x = p.x.abs();
        let depth = (self.hip.y - p.y) - MEDIAL_SLOPE * (hip_x - x).max(0.0)
            + LATERAL_SLOPE * (x - hip_x).max(0.0);
        let w_hip = smooth(-bands[0].above, bands[0].below, depth);
        let w_knee = smooth(bands[1].above, -bands[1].below, p.y - self.knee.y);
        let w_ankle = smooth(bands[2].above, -bands[2].below, p.y - self.ankle.y);
        let shares = [
            (PELVIS, 1.0 - w_hip),
            (hip, w_hip * (1.0 - w_knee)),
            (knee, w_hip * w_knee * (1.0 - w_ankle)),
            (ankle, w_hip * w_knee * w_ankle),
        ];
        let mut out = VertexWeights {
            joints: [0; 4],
            weights: [0.0; 4],
        };
        for (k, (joint, weight)) in shares.into_iter().enumerate() {
            out.joints[k] = joint as u16;
            out.weights[k] = weight;
        }
        out
    }
}

/// The skin of a whole model: the skeleton and each node's vertex weights (in node order).
#[derive(Debug, Clone)]
pub struct Skin {
    /// The joint centres.
    pub skeleton: Skeleton,
    /// Per node, per vertex.
    pub weights: Vec<Vec<VertexWeights>>,
}

impl Skin {
    /// Binds every vertex of `nodes` to the skeleton by its structure's kind, segment and side. A node
    /// the anatomy data does not know rides rigidly on the pelvis.
    pub fn bind(anatomy: &Anatomy, nodes: &[super::NodeMesh]) -> Result<Self, String> {
        let skeleton = Skeleton::of(anatomy)?;
        let weights = nodes
            .iter()
            .map(|node| {
                let base = node.name.split("__variant_").next().unwrap_or(&node.name);
                match anatomy.structure_of_node(base) {
                    Some((structure, side)) => node
                        .mesh
                        .positions
                        .iter()
                        .map(|p| skeleton.weights(structure.kind, structure.segment, side, *p))
                        .collect(),
                    None => vec![VertexWeights::rigid(PELVIS); node.mesh.positions.len()],
                }
            })
            .collect();
        Ok(Skin { skeleton, weights })
    }
}

/// Weights as normalised bytes that sum to exactly 255 (the largest takes the rounding).
pub fn quantise(weights: [f32; 4]) -> [u8; 4] {
    let mut out = weights.map(|w| (w.clamp(0.0, 1.0) * 255.0).round() as u8);
    let sum: i32 = out.iter().map(|&b| b as i32).sum();
    let mut largest = 0;
    for k in 1..4 {
        if out[k] > out[largest] {
            largest = k;
        }
    }
    out[largest] = (out[largest] as i32 + 255 - sum).clamp(0, 255) as u8;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeleton() -> Skeleton {
        Skeleton::of(Anatomy::embedded()).expect("the joint centres are in the data")
    }

    fn landmark(id: &str) -> Vec3 {
        Vec3::from(Anatomy::embedded().landmark(id).expect(id).position)
    }

    #[test]
    fn bones_are_rigid_to_their_own_segment() {
        let s = skeleton();
        let p = Vec3::new(-0.09, 0.48, -0.07);
        let femur = s.weights(Kind::Bone, BoneSegment::Femur, Side::Right, p);
        assert_eq!(femur, VertexWeights::rigid(1));
        let tibia = s.weights(Kind::Bone, BoneSegment::Tibia, Side::Left, -p);
        assert_eq!(tibia.dominant(), 5);
        assert_eq!(tibia.of(5), 1.0);
        let sacrum = s.weights(Kind::Bone, BoneSegment::Pelvis, Side::Midline, p);
        assert_eq!(sacrum.of(PELVIS), 1.0);
    }

    #[test]
    fn soft_tissue_weights_sum_to_one_and_follow_the_segments_down_the_leg() {
        let s = skeleton();
        let mut p = Vec3::new(-0.085, 1.0, -0.07);
        let mut last = 0;
        while p.y > 0.0 {
            for kind in [Kind::Muscle, Kind::Nerve, Kind::Skin] {
                let w = s.weights(kind, BoneSegment::Femur, Side::Right, p);
                let sum: f32 = w.weights.iter().sum();
                assert!((sum - 1.0).abs() < 1e-5, "{kind:?} at {p}: {w:?}");
            }
            let dominant = s
                .weights(Kind::Muscle, BoneSegment::Femur, Side::Right, p)
                .dominant();
            assert!(dominant >= last, "segments in order down the leg at {p}");
            last = dominant;
            p.y -= 0.01;
        }
        assert_eq!(last, 3, "the sole goes with the foot");
        let mid_thigh = s.weights(
            Kind::Muscle,
            BoneSegment::Femur,
            Side::Right,
            Vec3::new(-0.09, 0.68, -0.05),
        );
        assert_eq!(mid_thigh.of(1), 1.0);
    }

    #[test]
    fn the_ischial_tuberosity_stays_with_the_pelvis_and_the_trochanter_goes_with_the_thigh() {
        let s = skeleton();
        let tuberosity = landmark("rightinferiorischialtuberosity_tlem");
        let w = s.weights(Kind::Muscle, BoneSegment::Femur, Side::Right, tuberosity);
        assert!(w.of(PELVIS) > 0.9, "hamstring origin: {w:?}");
        let ligament = s.weights(Kind::Ligament, BoneSegment::Pelvis, Side::Right, tuberosity);
        assert!(
            ligament.of(PELVIS) > 0.9,
            "sacrotuberous ligament: {ligament:?}"
        );
        let trochanter = landmark("greater_trochanter_tlem");
        let w = s.weights(Kind::Muscle, BoneSegment::Femur, Side::Right, trochanter);
        assert!(w.of(1) > 0.6, "greater trochanter: {w:?}");
    }

    #[test]
    fn the_skin_takes_the_side_its_point_lies_on() {
        let s = skeleton();
        let right = s.weights(
            Kind::Skin,
            BoneSegment::Pelvis,
            Side::Midline,
            Vec3::new(-0.1, 0.3, 0.0),
        );
        let left = s.weights(
            Kind::Skin,
            BoneSegment::Pelvis,
            Side::Midline,
            Vec3::new(0.1, 0.3, 0.0),
        );
        assert_eq!(right.dominant(), 2);
        assert_eq!(left.dominant(), 5);
        // The perineum, between the legs below the hips, stays with the pelvis.
        let perineum = s.weights(
            Kind::Skin,
            BoneSegment::Pelvis,
            Side::Midline,
            Vec3::new(-0.01, s.hip.y - 0.1, -0.06),
        );
        assert!(perineum.of(PELVIS) > 0.9, "{perineum:?}");
    }
}
