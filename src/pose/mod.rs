//! The body's pose: where the body lies (standing, or on the table as a plan's client position says) and
//! the angles of its joints, turned into one rigid transform per body segment.
//!
//! Model frame: metres, +Y up, +Z anterior, +X the model's left (the right side is at negative X). The
//! joint centres come from the anatomy data; the left side is the mirror image of the right. Angles are in
//! degrees with the clinical sign: flexion, abduction, external rotation and dorsiflexion positive.

use glam::{Affine3A, Quat, Vec3};

use crate::anatomy::Side;
pub use crate::anatomy::model::skin::Skeleton as JointCentres;
use crate::anatomy::model::skin::VertexWeights;
use crate::plan::{ClientPosition, Segment};

pub mod tension;

/// The point the body turns about when it is laid down, between the hips: it stays where the camera
/// looks (model frame, m).
pub const PIVOT: Vec3 = Vec3::new(0.0, 0.58, 0.0);

/// How the body lies: standing, or on the table in a client position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "app", derive(bevy::prelude::Resource))]
pub enum BodyPose {
    /// Upright, as in the anatomy data.
    #[default]
    Standing,
    /// On the table in this position; side-lying is on the left side, the right side up.
    OnTable(ClientPosition),
    /// Side-lying on the right side, the left side up (a left-sided plan or test).
    SideLyingLeftUp,
}

impl BodyPose {
    /// Rotation from the model frame to the world (the table's frame).
    pub fn rotation(self) -> Quat {
        use std::f32::consts::FRAC_PI_2;
        match self {
            BodyPose::Standing => Quat::IDENTITY,
            // Face down: anterior to -Y, head to +Z.
            BodyPose::OnTable(ClientPosition::Prone | ClientPosition::FrogLeg) => {
                Quat::from_rotation_x(FRAC_PI_2)
            }
            BodyPose::OnTable(ClientPosition::Supine) => Quat::from_rotation_x(-FRAC_PI_2),
            // Lying on the left side, the right side up.
            BodyPose::OnTable(ClientPosition::SideLying) => {
                Quat::from_rotation_z(-FRAC_PI_2) * Quat::from_rotation_x(FRAC_PI_2)
            }
            // Lying on the right side, the left side up.
            BodyPose::SideLyingLeftUp => {
                Quat::from_rotation_z(FRAC_PI_2) * Quat::from_rotation_x(FRAC_PI_2)
            }
        }
    }

    /// On the table in a client position with the treated side up where the position turns one side
    /// up (side-lying).
    pub fn on_table(position: ClientPosition, treated: Side) -> Self {
        match (position, treated) {
            (ClientPosition::SideLying, Side::Left) => BodyPose::SideLyingLeftUp,
            (position, _) => BodyPose::OnTable(position),
        }
    }

    /// The client position it shows, if on the table.
    pub fn position(self) -> Option<ClientPosition> {
        match self {
            BodyPose::Standing => None,
            BodyPose::OnTable(position) => Some(position),
            BodyPose::SideLyingLeftUp => Some(ClientPosition::SideLying),
        }
    }

    /// The whole body's placement: the rotation about [`PIVOT`], so the hips stay where they were.
    pub fn placement(self) -> Affine3A {
        let rotation = self.rotation();
        Affine3A::from_rotation_translation(rotation, PIVOT - rotation * PIVOT)
    }
}

/// A joint's movement and its typical active range in degrees (the American Academy of Orthopaedic
/// Surgeons' average ranges, rounded; the negative end is the opposite movement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// Hip flexion (negative: extension).
    HipFlexion,
    /// Hip abduction (negative: adduction).
    HipAbduction,
    /// Hip external rotation (negative: internal rotation).
    HipExternalRotation,
    /// Knee flexion.
    KneeFlexion,
    /// Ankle dorsiflexion (negative: plantarflexion).
    AnkleDorsiflexion,
}

impl Movement {
    /// Every movement.
    pub const ALL: [Movement; 5] = [
        Movement::HipFlexion,
        Movement::HipAbduction,
        Movement::HipExternalRotation,
        Movement::KneeFlexion,
        Movement::AnkleDorsiflexion,
    ];

    /// The range the joint reaches, in degrees.
    pub fn range(self) -> (f32, f32) {
        match self {
            Movement::HipFlexion => (-30.0, 120.0),
            Movement::HipAbduction => (-30.0, 45.0),
            Movement::HipExternalRotation => (-45.0, 45.0),
            Movement::KneeFlexion => (0.0, 135.0),
            Movement::AnkleDorsiflexion => (-50.0, 20.0),
        }
    }

    /// Its name in messages.
    pub fn label(self) -> &'static str {
        match self {
            Movement::HipFlexion => "hip flexion",
            Movement::HipAbduction => "hip abduction",
            Movement::HipExternalRotation => "hip external rotation",
            Movement::KneeFlexion => "knee flexion",
            Movement::AnkleDorsiflexion => "ankle dorsiflexion",
        }
    }
}

/// The joint angles of one leg, in degrees. All zero is the anatomical position.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LegAngles {
    /// Hip flexion (negative: extension).
    pub hip_flexion: f32,
    /// Hip abduction (negative: adduction).
    pub hip_abduction: f32,
    /// Hip external rotation (negative: internal rotation).
    pub hip_external_rotation: f32,
    /// Knee flexion.
    pub knee_flexion: f32,
    /// Ankle dorsiflexion (negative: plantarflexion).
    pub ankle_dorsiflexion: f32,
}

impl LegAngles {
    /// The angle of one movement.
    pub fn get(&self, movement: Movement) -> f32 {
        match movement {
            Movement::HipFlexion => self.hip_flexion,
            Movement::HipAbduction => self.hip_abduction,
            Movement::HipExternalRotation => self.hip_external_rotation,
            Movement::KneeFlexion => self.knee_flexion,
            Movement::AnkleDorsiflexion => self.ankle_dorsiflexion,
        }
    }

    /// Refuses an angle outside its joint's range, naming the movement and the range.
    pub fn check(&self) -> Result<(), String> {
        for movement in Movement::ALL {
            let (low, high) = movement.range();
            let angle = self.get(movement);
            if !(low..=high).contains(&angle) {
                return Err(format!(
                    "{} of {angle} degrees is outside the joint's range ({low} to {high} degrees)",
                    movement.label()
                ));
            }
        }
        Ok(())
    }
}

/// A whole pose: how the body lies and the angles of both legs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pose {
    /// How the body lies.
    pub body: BodyPose,
    /// The right leg's joints.
    pub right: LegAngles,
    /// The left leg's joints.
    pub left: LegAngles,
}

/// The segments of one leg, from the hip down: thigh, shank, foot.
pub fn leg_segments(side: Side) -> [Segment; 3] {
    match side {
        Side::Left => [Segment::ThighLeft, Segment::ShankLeft, Segment::FootLeft],
        _ => [Segment::ThighRight, Segment::ShankRight, Segment::FootRight],
    }
}

/// A rotation of `angle` degrees about `axis` through `centre`.
fn turn_about(centre: Vec3, axis: Vec3, angle_deg: f32) -> Affine3A {
    let rotation = Quat::from_axis_angle(axis, angle_deg.to_radians());
    Affine3A::from_rotation_translation(rotation, centre - rotation * centre)
}

impl Pose {
    /// The transform that carries a point of `segment` from the neutral model to the posed body in the
    /// world: the body's placement, then each joint from the hip down.
    ///
    /// Hip: external rotation about the vertical, then abduction about the front-to-back axis, then flexion
    /// about the side-to-side axis, all through the femoral head. Knee flexion turns the shank back about
    /// the knee's side-to-side axis; dorsiflexion turns the foot's toes up about the ankle's.
    pub fn segment_transform(&self, joints: JointCentres, segment: Segment) -> Affine3A {
        let placement = self.body.placement();
        let (side, depth) = match segment {
            Segment::Pelvis => return placement,
            Segment::ThighRight => (Side::Right, 1),
            Segment::ShankRight => (Side::Right, 2),
            Segment::FootRight => (Side::Right, 3),
            Segment::ThighLeft => (Side::Left, 1),
            Segment::ShankLeft => (Side::Left, 2),
            Segment::FootLeft => (Side::Left, 3),
        };
        let (angles, j) = match side {
            Side::Left => (self.left, joints.on(Side::Left)),
            _ => (self.right, joints.on(Side::Right)),
        };
        // On the right (negative X) abduction and external rotation turn the other way round than on the left.
        let handed = -side.mirror_x();
        let hip = turn_about(j.hip, Vec3::X, -angles.hip_flexion)
            * turn_about(j.hip, Vec3::Z, handed * angles.hip_abduction)
            * turn_about(j.hip, Vec3::Y, handed * angles.hip_external_rotation);
        let knee = turn_about(j.knee, Vec3::X, angles.knee_flexion);
        let ankle = turn_about(j.ankle, Vec3::X, -angles.ankle_dorsiflexion);
        let chain = match depth {
            1 => hip,
            2 => hip * knee,
            _ => hip * knee * ankle,
        };
        placement * chain
    }

    /// The transform of each skin joint (in the skeleton's order: the pelvis, then each side's hip, knee
    /// and ankle, the same order as [`Segment::ALL`]) within the body: the legs' angles without the
    /// body's placement.
    pub fn joint_transforms(&self, joints: JointCentres) -> [Affine3A; 7] {
        let legs = Pose {
            body: BodyPose::Standing,
            ..*self
        };
        let all: [Segment; 7] = Segment::ALL.try_into().expect("one segment per skin joint");
        all.map(|segment| legs.segment_transform(joints, segment))
    }

    /// A skinned point (neutral model) in the posed body: the joints' transforms blended by its weights.
    pub fn place_skinned(&self, joints: JointCentres, weights: &VertexWeights, p: Vec3) -> Vec3 {
        let mut out = Vec3::ZERO;
        for (joint, weight) in weights.joints.iter().zip(weights.weights) {
            if weight > 0.0 {
                out += weight * self.place(joints, Segment::ALL[*joint as usize], p);
            }
        }
        out
    }

    /// A point of `segment` (neutral model) in the posed body.
    pub fn place(&self, joints: JointCentres, segment: Segment, p: Vec3) -> Vec3 {
        self.segment_transform(joints, segment).transform_point3(p)
    }

    /// A point of the posed body back on `segment` of the neutral model: the inverse of [`Pose::place`].
    pub fn unplace(&self, joints: JointCentres, segment: Segment, p: Vec3) -> Vec3 {
        self.segment_transform(joints, segment)
            .inverse()
            .transform_point3(p)
    }
}

/// Parses a client position's command-line name: `prone`, `supine`, `side-lying`, `frog-leg`.
pub fn position_from_id(id: &str) -> Option<ClientPosition> {
    POSITION_IDS
        .iter()
        .find(|(name, _)| *name == id.trim())
        .map(|(_, p)| *p)
}

/// The client positions' command-line names.
pub const POSITION_IDS: [(&str, ClientPosition); 4] = [
    ("prone", ClientPosition::Prone),
    ("supine", ClientPosition::Supine),
    ("side-lying", ClientPosition::SideLying),
    ("frog-leg", ClientPosition::FrogLeg),
];

impl Pose {
    /// The body in a client position: laid on the table, with the legs as the position places them.
    /// Side-lying (the right side up) bends the top leg's hip and knee, the lower leg a little; frog-leg
    /// draws the treated leg up and out, the hip flexed, abducted and turned out and the knee bent. The
    /// angles are estimates of the usual positioning.
    pub fn for_position(position: ClientPosition, treated: Side) -> Pose {
        let mut pose = Pose {
            body: BodyPose::on_table(position, treated),
            ..Pose::default()
        };
        match position {
            ClientPosition::Prone | ClientPosition::Supine => {}
            ClientPosition::SideLying => {
                let top = LegAngles {
                    hip_flexion: 45.0,
                    knee_flexion: 60.0,
                    ..LegAngles::default()
                };
                let lower = LegAngles {
                    hip_flexion: 15.0,
                    knee_flexion: 20.0,
                    ..LegAngles::default()
                };
                let (up, down) = match treated {
                    Side::Left => (Side::Left, Side::Right),
                    _ => (Side::Right, Side::Left),
                };
                pose.set_leg(up, top);
                pose.set_leg(down, lower);
            }
            ClientPosition::FrogLeg => {
                let leg = LegAngles {
                    hip_flexion: 40.0,
                    hip_abduction: 40.0,
                    hip_external_rotation: 40.0,
                    knee_flexion: 90.0,
                    ankle_dorsiflexion: 0.0,
                };
                pose.set_leg(treated, leg);
            }
        }
        pose
    }

    /// The bounds of the posed body in the world (min, max), from the joint centres, the toes and heels
    /// and the top of the pelvis: what a camera must frame.
    pub fn extent(&self, joints: JointCentres) -> (Vec3, Vec3) {
        let mut points = vec![
            self.body
                .placement()
                .transform_point3(Vec3::new(0.0, 1.1, -0.05)),
        ];
        for side in [Side::Right, Side::Left] {
            let j = joints.on(side);
            let [thigh, shank, foot] = leg_segments(side);
            points.push(self.place(joints, thigh, j.hip));
            points.push(self.place(joints, shank, j.knee));
            points.push(self.place(joints, foot, j.ankle));
            points.push(self.place(joints, foot, j.ankle + Vec3::new(0.0, -0.04, 0.2)));
            points.push(self.place(joints, foot, j.ankle + Vec3::new(0.0, -0.05, -0.06)));
        }
        let lo = points.iter().fold(Vec3::MAX, |a, p| a.min(*p));
        let hi = points.iter().fold(Vec3::MIN, |a, p| a.max(*p));
        (lo, hi)
    }

    /// Sets the angles of one leg.
    pub fn set_leg(&mut self, side: Side, angles: LegAngles) {
        match side {
            Side::Left => self.left = angles,
            _ => self.right = angles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::anatomy::Anatomy;

    fn joints() -> JointCentres {
        JointCentres::of(Anatomy::embedded()).expect("the joint centres are in the data")
    }

    fn near(a: Vec3, b: Vec3) -> bool {
        a.distance(b) < 1e-4
    }

    #[test]
    fn prone_turns_the_back_up_and_keeps_the_hips_in_place() {
        let back = BodyPose::OnTable(ClientPosition::Prone).rotation() * Vec3::NEG_Z;
        assert!(back.y > 0.99, "{back}");
        let right = BodyPose::OnTable(ClientPosition::SideLying).rotation() * Vec3::NEG_X;
        assert!(
            right.y > 0.99,
            "side-lying shows the right side up: {right}"
        );
        let hips = BodyPose::OnTable(ClientPosition::Supine)
            .placement()
            .transform_point3(PIVOT);
        assert!(near(hips, PIVOT));
    }

    #[test]
    fn the_neutral_pose_moves_every_segment_with_the_body_alone() {
        let j = joints();
        let pose = Pose {
            body: BodyPose::OnTable(ClientPosition::Prone),
            ..Pose::default()
        };
        let p = Vec3::new(-0.1, 0.3, 0.02);
        for segment in Segment::ALL {
            assert!(near(
                pose.place(j, *segment, p),
                pose.body.placement().transform_point3(p)
            ));
        }
    }

    #[test]
    fn hip_flexion_brings_the_knee_forward_and_up_about_a_still_hip() {
        let j = joints().on(Side::Right);
        let mut pose = Pose::default();
        pose.right.hip_flexion = 90.0;
        let thigh = j.knee.distance(j.hip);
        let knee = pose.place(joints(), Segment::ThighRight, j.knee);
        assert!(near(
            pose.place(joints(), Segment::ThighRight, j.hip),
            j.hip
        ));
        assert!(
            (knee.z - j.hip.z - thigh).abs() < 0.02,
            "in front by a thigh's length: {knee}"
        );
        assert!(
            (knee.y - j.hip.y).abs() < 0.02,
            "at the hip's height: {knee}"
        );
        // The left leg stays down.
        let left = joints().on(Side::Left);
        assert!(near(
            pose.place(joints(), Segment::ThighLeft, left.knee),
            left.knee
        ));
        // The foot rides on the thigh and the shank.
        let ankle = pose.place(joints(), Segment::FootRight, j.ankle);
        assert!(ankle.z > knee.z + 0.3, "the leg points forward: {ankle}");
    }

    #[test]
    fn knee_flexion_takes_the_ankle_back_and_dorsiflexion_lifts_the_toes() {
        let j = joints().on(Side::Left);
        let mut pose = Pose::default();
        pose.left.knee_flexion = 90.0;
        let ankle = pose.place(joints(), Segment::ShankLeft, j.ankle);
        assert!(ankle.z < j.knee.z - 0.3, "behind the knee: {ankle}");
        assert!(near(
            pose.place(joints(), Segment::ShankLeft, j.knee),
            j.knee
        ));
        let mut pose = Pose::default();
        pose.left.ankle_dorsiflexion = 20.0;
        let toes = j.ankle + Vec3::new(0.0, -0.05, 0.15);
        let lifted = pose.place(joints(), Segment::FootLeft, toes);
        assert!(lifted.y > toes.y + 0.03, "toes up: {lifted}");
    }

    #[test]
    fn abduction_and_rotation_mirror_between_the_sides() {
        let mut pose = Pose::default();
        pose.right.hip_abduction = 30.0;
        pose.left.hip_abduction = 30.0;
        let (r, l) = (joints().on(Side::Right), joints().on(Side::Left));
        let right_knee = pose.place(joints(), Segment::ThighRight, r.knee);
        let left_knee = pose.place(joints(), Segment::ThighLeft, l.knee);
        assert!(
            right_knee.x < r.knee.x - 0.1,
            "the right knee goes out to the right: {right_knee}"
        );
        assert!((right_knee.x + left_knee.x).abs() < 1e-4, "mirror images");
        let mut pose = Pose::default();
        pose.right.hip_external_rotation = 40.0;
        let front_of_knee = r.knee + Vec3::new(0.0, 0.0, 0.05);
        let turned = pose.place(joints(), Segment::ThighRight, front_of_knee);
        assert!(
            turned.x < front_of_knee.x - 0.02,
            "the kneecap turns out: {turned}"
        );
    }

    #[test]
    fn a_posed_point_goes_back_to_its_segment() {
        let pose = Pose {
            body: BodyPose::OnTable(ClientPosition::SideLying),
            right: LegAngles {
                hip_flexion: 60.0,
                hip_abduction: -15.0,
                hip_external_rotation: -20.0,
                knee_flexion: 80.0,
                ankle_dorsiflexion: 10.0,
            },
            left: LegAngles::default(),
        };
        let p = Vec3::new(-0.12, 0.3, 0.03);
        for segment in Segment::ALL {
            let back = pose.unplace(joints(), *segment, pose.place(joints(), *segment, p));
            assert!(near(back, p), "{segment:?}: {back}");
        }
    }

    #[test]
    fn every_client_position_lies_within_the_joint_ranges() {
        for position in [
            ClientPosition::Prone,
            ClientPosition::Supine,
            ClientPosition::SideLying,
            ClientPosition::FrogLeg,
        ] {
            for side in [Side::Left, Side::Right] {
                let pose = Pose::for_position(position, side);
                assert_eq!(pose.body.position(), Some(position));
                assert!(pose.right.check().is_ok() && pose.left.check().is_ok());
            }
        }
        let side_lying = Pose::for_position(ClientPosition::SideLying, Side::Right);
        assert!(side_lying.right.hip_flexion > 30.0 && side_lying.right.knee_flexion > 30.0);
        // A left-sided plan lies on the right side: the left side and the left leg on top.
        let left = Pose::for_position(ClientPosition::SideLying, Side::Left);
        assert_eq!(left.body, BodyPose::SideLyingLeftUp);
        assert!(left.left.hip_flexion > 30.0 && left.right.hip_flexion < 30.0);
        let up = left.body.rotation() * Vec3::X;
        assert!(up.y > 0.99, "the left side faces up: {up}");
        let frog = Pose::for_position(ClientPosition::FrogLeg, Side::Left);
        assert!(frog.left.hip_abduction > 0.0 && frog.left.knee_flexion >= 90.0);
        assert_eq!(frog.right, LegAngles::default());
    }

    #[test]
    fn angles_outside_the_joint_range_are_refused() {
        assert!(LegAngles::default().check().is_ok());
        let too_far = LegAngles {
            knee_flexion: 150.0,
            ..LegAngles::default()
        };
        let message = too_far.check().unwrap_err();
        assert!(
            message.contains("knee flexion") && message.contains("135"),
            "{message}"
        );
        let hyperextended = LegAngles {
            hip_flexion: -40.0,
            ..LegAngles::default()
        };
        assert!(hyperextended.check().is_err());
    }
}
