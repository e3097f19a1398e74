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

use super::{JointCentres, LegAngles, Pose, leg_segments};
use crate::anatomy::model::skin::smooth;
use crate::anatomy::{Anatomy, BoneSegment, Kind, Side};
use crate::plan::{ClientPosition, Segment};

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

/// How long a test takes to play on the model (s).
pub const PLAY_SECONDS: f32 = 3.0;

/// How far Bragard's lowers the leg below the raise before dorsiflexing the foot (degrees).
pub const BRAGARD_LOWERING: f32 = 8.0;

/// Eases in and out: 0 at 0, 1 at 1, slow at both ends.
pub fn ease(t: f32) -> f32 {
    smooth(0.0, 1.0, t)
}

impl NerveTest {
    /// Where the client lies for the test: on the back for the leg raises, on the other side for the
    /// piriformis test.
    pub fn position(self) -> ClientPosition {
        match self {
            NerveTest::StraightLegRaise | NerveTest::Bragard => ClientPosition::Supine,
            NerveTest::Piriformis => ClientPosition::SideLying,
        }
    }

    /// The tested leg's angles `progress` of the way through the test (0 to 1), eased. The straight leg
    /// raise lifts the straight leg from flat to `raise` degrees; Bragard's raises it to `raise`, lowers
    /// it by [`BRAGARD_LOWERING`], then dorsiflexes the foot fully; the piriformis test flexes the hip to
    /// `raise` degrees while the knee bends and the thigh is pressed into adduction and internal rotation.
    pub fn legs_at(self, progress: f32, raise: f32) -> LegAngles {
        let p = progress.clamp(0.0, 1.0);
        let part = |from: f32, to: f32| ease((p - from) / (to - from));
        match self {
            NerveTest::StraightLegRaise => self.angles(raise * ease(p), None, None),
            NerveTest::Bragard => {
                let hip = raise * part(0.0, 0.5) - BRAGARD_LOWERING * part(0.5, 0.65);
                let ankle = super::Movement::AnkleDorsiflexion.range().1 * part(0.65, 1.0);
                self.angles(hip.max(0.0), None, Some(ankle))
            }
            NerveTest::Piriformis => {
                let full = self.angles(raise, None, None);
                let e = ease(p);
                LegAngles {
                    hip_flexion: full.hip_flexion * e,
                    hip_abduction: full.hip_abduction * e,
                    hip_external_rotation: full.hip_external_rotation * e,
                    knee_flexion: full.knee_flexion * e,
                    ankle_dorsiflexion: 0.0,
                }
            }
        }
    }

    /// Parses `TEST:ANGLE` (`slr:70`): the test and its hip flexion, refused with a message naming the
    /// tests or the joint's range.
    pub fn parse_at(text: &str) -> Result<(NerveTest, f32), String> {
        let known: Vec<&str> = NerveTest::ALL.iter().map(|t| t.id()).collect();
        let (id, angle) = text.split_once(':').ok_or_else(|| {
            format!(
                "'{text}' is not TEST:ANGLE (for example slr:70; tests: {})",
                known.join(", ")
            )
        })?;
        let test = NerveTest::from_id(id)
            .ok_or_else(|| format!("unknown test '{id}' (one of: {})", known.join(", ")))?;
        let angle: f32 = angle
            .trim()
            .parse()
            .map_err(|_| format!("'{angle}' is not an angle in degrees"))?;
        test.angles(angle, None, None).check()?;
        Ok((test, angle))
    }

    /// How the body lies for the test on `side`'s leg: the piriformis test turns the tested side up.
    pub fn body(self, side: Side) -> super::BodyPose {
        super::BodyPose::on_table(self.position(), side)
    }

    /// The angle the test raises the hip to when none is recorded (degrees).
    pub fn default_raise(self) -> f32 {
        match self {
            NerveTest::StraightLegRaise => 70.0,
            NerveTest::Bragard => 60.0,
            NerveTest::Piriformis => 60.0,
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
    posed.set_leg(side, angles);
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
    let [thigh, ..] = leg_segments(side);
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

    #[test]
    fn each_test_plays_from_flat_to_its_end_and_bragard_lowers_before_the_foot_comes_up() {
        for test in NerveTest::ALL {
            assert_eq!(test.legs_at(0.0, 60.0), LegAngles::default(), "{test:?}");
            assert!(test.legs_at(1.0, 60.0).check().is_ok());
        }
        let slr = NerveTest::StraightLegRaise.legs_at(1.0, 70.0);
        assert!((slr.hip_flexion - 70.0).abs() < 1e-4 && slr.knee_flexion == 0.0);
        let raised = NerveTest::Bragard.legs_at(0.5, 60.0);
        let lowered = NerveTest::Bragard.legs_at(0.65, 60.0);
        let end = NerveTest::Bragard.legs_at(1.0, 60.0);
        assert!((raised.hip_flexion - 60.0).abs() < 1e-3 && raised.ankle_dorsiflexion == 0.0);
        assert!((lowered.hip_flexion - (60.0 - BRAGARD_LOWERING)).abs() < 1e-3);
        assert!(end.ankle_dorsiflexion > 15.0 && end.hip_flexion == lowered.hip_flexion);
        let piriformis = NerveTest::Piriformis.legs_at(1.0, 60.0);
        assert!(piriformis.hip_abduction < 0.0 && piriformis.knee_flexion > 80.0);
        assert_eq!(NerveTest::Piriformis.position(), ClientPosition::SideLying);
        // Halfway is eased: the leg has not gone half the way yet at a quarter of the time.
        let quarter = NerveTest::StraightLegRaise.legs_at(0.25, 80.0).hip_flexion;
        assert!(quarter < 20.0, "{quarter}");
    }

    #[test]
    fn a_test_and_angle_parse_and_an_angle_out_of_range_is_refused() {
        assert_eq!(
            NerveTest::parse_at("slr:70"),
            Ok((NerveTest::StraightLegRaise, 70.0))
        );
        assert_eq!(
            NerveTest::parse_at("piriformis:60"),
            Ok((NerveTest::Piriformis, 60.0))
        );
        let too_far = NerveTest::parse_at("slr:150").unwrap_err();
        assert!(
            too_far.contains("hip flexion") && too_far.contains("120"),
            "{too_far}"
        );
        assert!(
            NerveTest::parse_at("lasegue:40")
                .unwrap_err()
                .contains("slr")
        );
        assert!(NerveTest::parse_at("slr").is_err());
    }
}
