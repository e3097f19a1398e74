//! How far a pose stretches the sciatic nerve's bed and piriformis: the three tests the domain texts
//! teach (the straight leg raise, Bragard's and the piriformis test) posed on one leg, and the lengths of
//! the nerve path and of piriformis in the posed body against the neutral one.
//!
//! The nerve path points carry no segment of their own. Each rides on the segments around it with the
//! model's own skin weights for nerves, blended across a band at each joint: the pelvis above the hip, the
//! thigh below it, the shank below the knee, the foot below the ankle. Piriformis runs from its origin over
//! its turning point on the pelvis to its insertion on the femur (gait2392's path). The lengths are the
//! model's geometry, an estimate of how far the nerve's bed lengthens, not a measured strain of the nerve;
//! the band widths and the tests' fixed angles are estimates too.

use glam::Vec3;
use serde::Serialize;

use super::{JointCentres, LegAngles, Pose};
use crate::anatomy::{Anatomy, BoneSegment, Kind, Side};
use crate::plan::Segment;

/// The adduction and internal rotation of the piriformis test (degrees; estimates of "the knee pressed
/// down towards the table" with the hip flexed).
pub const PIRIFORMIS_TEST_ADDUCTION: f32 = 20.0;
/// See [`PIRIFORMIS_TEST_ADDUCTION`].
pub const PIRIFORMIS_TEST_INTERNAL_ROTATION: f32 = 15.0;
/// The knee flexion of the piriformis test (degrees).
pub const PIRIFORMIS_TEST_KNEE: f32 = 90.0;

/// A test that tensions the nerve or piriformis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NerveTest {
    /// Supine, knee straight, the hip flexed: positive when it brings on radiating pain between about 30
    /// and 70 degrees.
    StraightLegRaise,
    /// The straight leg raise lowered a little below the painful angle, then the foot dorsiflexed.
    Bragard,
    /// Side-lying on the other side, the hip flexed (about 60 degrees), the knee bent and pressed down
    /// into adduction and internal rotation.
    Piriformis,
}

impl NerveTest {
    /// Every test.
    pub const ALL: [NerveTest; 3] = [
        NerveTest::StraightLegRaise,
        NerveTest::Bragard,
        NerveTest::Piriformis,
    ];

    /// Command-line name.
    pub fn id(self) -> &'static str {
        match self {
            NerveTest::StraightLegRaise => "slr",
            NerveTest::Bragard => "bragard",
            NerveTest::Piriformis => "piriformis",
        }
    }

    /// Parses [`NerveTest::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.id() == id.trim())
    }

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            NerveTest::StraightLegRaise => "Straight leg raise",
            NerveTest::Bragard => "Bragard's test",
            NerveTest::Piriformis => "Piriformis test",
        }
    }

    /// The leg's angles with the hip flexed `hip` degrees; `knee` and `ankle` override the test's own.
    /// Bragard's dorsiflexes the ankle fully; the piriformis test adducts, rotates inwards and bends the
    /// knee.
    pub fn angles(self, hip: f32, knee: Option<f32>, ankle: Option<f32>) -> LegAngles {
        let (own_knee, own_ankle, adduction, internal) = match self {
            NerveTest::StraightLegRaise => (0.0, 0.0, 0.0, 0.0),
            NerveTest::Bragard => (0.0, super::Movement::AnkleDorsiflexion.range().1, 0.0, 0.0),
            NerveTest::Piriformis => (
                PIRIFORMIS_TEST_KNEE,
                0.0,
                PIRIFORMIS_TEST_ADDUCTION,
                PIRIFORMIS_TEST_INTERNAL_ROTATION,
            ),
        };
        LegAngles {
            hip_flexion: hip,
            hip_abduction: -adduction,
            hip_external_rotation: -internal,
            knee_flexion: knee.unwrap_or(own_knee),
            ankle_dorsiflexion: ankle.unwrap_or(own_ankle),
        }
    }
}

/// One length in the neutral and the posed body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthChange {
    /// What was measured.
    pub name: String,
    /// Length in the neutral pose (mm).
    pub neutral_mm: f32,
    /// Length in the posed body (mm).
    pub posed_mm: f32,
}

impl LengthChange {
    /// The change as a percentage of the neutral length.
    pub fn percent(&self) -> f32 {
        (self.posed_mm / self.neutral_mm - 1.0) * 100.0
    }
}

/// What a pose does to one leg's sciatic nerve and piriformis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tension {
    /// The nerve's stretches from the pelvis to the sole, in order.
    pub nerve: Vec<LengthChange>,
    /// The whole path.
    pub total: LengthChange,
    /// Piriformis from its origin over its turning point to its insertion.
    pub piriformis: LengthChange,
}

/// The nerve's stretches measured: the sciatic trunk, the tibial nerve, the medial plantar nerve.
const NERVE_STRETCHES: [(&str, &str); 3] = [
    ("sciatic_nerve", "sciatic nerve (buttock and thigh)"),
    ("tibial_nerve", "tibial nerve (knee to ankle)"),
    ("medial_plantar_nerve", "medial plantar nerve (sole)"),
];

fn segments(side: Side) -> [Segment; 4] {
    match side {
        Side::Left => [
            Segment::Pelvis,
            Segment::ThighLeft,
            Segment::ShankLeft,
            Segment::FootLeft,
        ],
        _ => [
            Segment::Pelvis,
            Segment::ThighRight,
            Segment::ShankRight,
            Segment::FootRight,
        ],
    }
}

/// A nerve point of `side`'s leg (neutral model) in the posed body: skinned as the model's nerves are,
/// the segments' transforms blended across the joints' bands.
pub fn place_nerve_point(pose: &Pose, joints: JointCentres, side: Side, p: Vec3) -> Vec3 {
    let weights = joints.weights(Kind::Nerve, BoneSegment::Femur, side, p);
    pose.place_skinned(joints, &weights, p)
}

fn polyline_length(points: &[Vec3]) -> f32 {
    points.windows(2).map(|w| w[0].distance(w[1])).sum()
}

/// The lengths of `side`'s nerve path and piriformis with that leg at `angles`, against the neutral pose.
/// Angles outside a joint's range are refused.
pub fn tension(anatomy: &Anatomy, side: Side, angles: LegAngles) -> Result<Tension, String> {
    angles.check()?;
    let joints = JointCentres::of(anatomy)?;
    let mut posed = Pose::default();
    match side {
        Side::Left => posed.left = angles,
        _ => posed.right = angles,
    }
    let neutral = Pose::default();
    let mirror = Vec3::new(side.mirror_x(), 1.0, 1.0);
    let measure = |name: &str, points: &[Vec3]| {
        let length = |pose: &Pose| {
            let placed: Vec<Vec3> = points
                .iter()
                .map(|p| place_nerve_point(pose, joints, side, *p))
                .collect();
            polyline_length(&placed) * 1000.0
        };
        LengthChange {
            name: name.to_owned(),
            neutral_mm: length(&neutral),
            posed_mm: length(&posed),
        }
    };
    let mut nerve = Vec::new();
    for (structure, name) in NERVE_STRETCHES {
        let path = anatomy
            .nerve_paths(structure, None)
            .into_iter()
            .next()
            .ok_or_else(|| format!("the anatomy data has no path of {structure}"))?;
        let points: Vec<Vec3> = path
            .points
            .iter()
            .map(|p| Vec3::from(p.position) * mirror)
            .collect();
        nerve.push(measure(name, &points));
    }
    let total = LengthChange {
        name: "whole path".to_owned(),
        neutral_mm: nerve.iter().map(|s| s.neutral_mm).sum(),
        posed_mm: nerve.iter().map(|s| s.posed_mm).sum(),
    };
    let [_, thigh, ..] = segments(side);
    let piriformis_point = |id: &str, segment: Segment| {
        anatomy
            .landmark(id)
            .map(|l| (l.position_on(side), segment))
            .ok_or_else(|| format!("the anatomy data has no landmark {id}"))
    };
    let muscle = [
        piriformis_point("peri_r_origin", Segment::Pelvis)?,
        piriformis_point("peri_r_via", Segment::Pelvis)?,
        piriformis_point("peri_r_insertion", thigh)?,
    ];
    let muscle_length = |pose: &Pose| {
        let placed: Vec<Vec3> = muscle
            .iter()
            .map(|(p, segment)| pose.place(joints, *segment, *p))
            .collect();
        polyline_length(&placed) * 1000.0
    };
    Ok(Tension {
        nerve,
        total,
        piriformis: LengthChange {
            name: "piriformis".to_owned(),
            neutral_mm: muscle_length(&neutral),
            posed_mm: muscle_length(&posed),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(angles: LegAngles) -> f32 {
        tension(Anatomy::embedded(), Side::Right, angles)
            .unwrap()
            .total
            .posed_mm
    }

    fn slr(hip: f32) -> LegAngles {
        NerveTest::StraightLegRaise.angles(hip, None, None)
    }

    #[test]
    fn the_neutral_pose_stretches_nothing() {
        let t = tension(Anatomy::embedded(), Side::Left, LegAngles::default()).unwrap();
        for change in t.nerve.iter().chain([&t.total, &t.piriformis]) {
            assert!(change.percent().abs() < 1e-3, "{change:?}");
        }
        assert!(
            t.total.neutral_mm > 500.0,
            "the path runs from the pelvis to the sole"
        );
    }

    #[test]
    fn with_the_knee_straight_the_nerve_lengthens_as_the_hip_flexes() {
        let lengths: Vec<f32> = [0.0, 30.0, 50.0, 70.0, 90.0]
            .map(|h| total(slr(h)))
            .to_vec();
        for pair in lengths.windows(2) {
            assert!(pair[1] > pair[0], "{lengths:?}");
        }
        let raised = tension(Anatomy::embedded(), Side::Right, slr(70.0)).unwrap();
        assert!(
            raised.nerve[0].percent() > 2.0,
            "the sciatic stretch takes the hip's flexion: {:?}",
            raised.nerve
        );
    }

    #[test]
    fn bending_the_knee_slackens_the_nerve_and_dorsiflexing_the_ankle_tightens_it() {
        let straight = total(slr(60.0));
        let bent = total(NerveTest::StraightLegRaise.angles(60.0, Some(45.0), None));
        assert!(bent < straight, "{bent} vs {straight}");
        let bragard = total(NerveTest::Bragard.angles(60.0, None, None));
        assert!(bragard > straight, "{bragard} vs {straight}");
    }

    #[test]
    fn flexion_with_adduction_and_internal_rotation_lengthens_piriformis() {
        let piriformis = |angles: LegAngles| {
            tension(Anatomy::embedded(), Side::Right, angles)
                .unwrap()
                .piriformis
        };
        let test = piriformis(NerveTest::Piriformis.angles(60.0, None, None));
        assert!(test.percent() > 5.0, "{test:?}");
        let flexed_only = piriformis(LegAngles {
            hip_flexion: 60.0,
            ..LegAngles::default()
        });
        assert!(
            test.posed_mm > flexed_only.posed_mm,
            "{test:?} vs {flexed_only:?}"
        );
        // Both sides alike: the left leg is the mirror image.
        let left = tension(
            Anatomy::embedded(),
            Side::Left,
            NerveTest::Piriformis.angles(60.0, None, None),
        )
        .unwrap();
        assert!((left.piriformis.percent() - test.percent()).abs() < 0.1);
    }

    #[test]
    fn an_angle_outside_the_joint_is_refused() {
        let err = tension(Anatomy::embedded(), Side::Right, slr(150.0)).unwrap_err();
        assert!(err.contains("hip flexion") && err.contains("120"), "{err}");
        assert_eq!(NerveTest::from_id("bragard"), Some(NerveTest::Bragard));
    }
}
