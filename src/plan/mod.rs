//! The session-plan file format, version 2: a public, hand-editable RON format. Version 1 files load and
//! are migrated (see [`migrate`]).
//!
//! Pure Rust (serde + ron only). Units: positions in metres in the model frame (glTF convention: +Y up,
//! +Z anterior, +X the model's left) in the neutral standing pose; radii and widths in millimetres;
//! durations in minutes; angles in degrees. Unknown fields are errors, so a typo in a hand-edited file is
//! reported instead of silently dropped. Field order in the structs is the order in the file.

mod anonymise;
mod check;
pub mod edit;
pub mod examples;
pub mod geometry;
mod io;
pub mod items;
pub mod migrate;
pub mod words;

pub use anonymise::{NEUTRAL_ALIAS, anonymised};
pub use check::{Finding, Report, Severity, check_plan};
pub use io::{
    LoadError, LoadErrorKind, MAX_PLAN_BYTES, SaveError, backup_path, from_ron_bytes, from_ron_str,
    load, save, to_ron_string,
};

use serde::{Deserialize, Serialize};

/// The format version this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 2;

/// The id of the anatomical model the plans are drawn on.
pub const MODEL_ID: &str = "pelvis_leg";

/// The version of that model whose coordinates the plans use.
pub const MODEL_VERSION: u32 = 1;

/// A whole massage session plan: header, assessment, zones in treatment order, no-go areas, home care.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SessionPlan {
    /// File format version; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The anatomical model the anchors refer to.
    pub model: ModelRef,
    /// Short title shown in the window and on the handout.
    pub title: String,
    /// An alias for the client (initials or a nickname; no full names by default).
    pub client_alias: String,
    /// The side the symptoms are on.
    pub side: AffectedSide,
    /// Session date as `YYYY-MM-DD`, if planned for a day.
    pub date: Option<String>,
    /// Phase or week of a treatment course, e.g. "Week 1: calm the nerve".
    pub phase: String,
    /// Findings of the assessment before treatment.
    pub assessment: Assessment,
    /// Treatment zones; `order` gives the sequence.
    pub zones: Vec<Zone>,
    /// Areas where no pressure is to be applied.
    pub no_go: Vec<NoGoArea>,
    /// Advice for the client between sessions, one item each.
    pub home_care: Vec<String>,
    /// Free notes for the therapist.
    pub notes: String,
}

/// Which model, and which version of it, a plan's coordinates belong to.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelRef {
    /// Model id, see [`MODEL_ID`].
    pub id: String,
    /// Model version, see [`MODEL_VERSION`].
    pub version: u32,
}

/// The side of the body the client has symptoms on (the plan's affected side).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AffectedSide {
    /// The client's left.
    Left,
    /// The client's right.
    Right,
    /// Both sides.
    Both,
}

/// Result of one clinical test.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TestResult {
    /// The test was not performed.
    #[default]
    NotTested,
    /// The test did not reproduce the symptoms.
    Negative,
    /// The test reproduced the symptoms.
    Positive,
}

/// The straight leg raise, with the hip angle at which symptoms began.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct StraightLegRaise {
    /// Outcome of the test.
    pub result: TestResult,
    /// Hip flexion in degrees where the pain started, when positive.
    pub angle_deg: Option<f32>,
}

/// Red flags for cauda equina syndrome; any of them means "do not treat, refer".
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct RedFlags {
    /// New loss of bladder or bowel control.
    pub bladder_or_bowel_loss: bool,
    /// Numbness in the saddle area (inner thighs, groin, buttocks).
    pub saddle_anaesthesia: bool,
    /// Leg weakness that gets worse.
    pub progressive_weakness: bool,
}

impl RedFlags {
    /// True when any red flag is ticked.
    pub fn any(&self) -> bool {
        self.bladder_or_bowel_loss || self.saddle_anaesthesia || self.progressive_weakness
    }
}

/// The stages of disc injury, from least to most severe.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscStage {
    /// The disc dries out and loses height.
    Degeneration,
    /// The disc bulges; its outer rings are intact.
    Prolapse,
    /// The inner gel breaks through the outer rings but stays attached.
    Extrusion,
    /// A fragment has broken off into the spinal canal: a medical emergency.
    Sequestration,
}

/// The Beaton & Anson types of the sciatic nerve's relation to piriformis.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NerveVariant {
    /// The whole nerve below the muscle: the usual anatomy.
    A,
    /// The common fibular division through the muscle, the tibial division below it.
    B,
    /// One division above the muscle, the other below it.
    C,
    /// The whole nerve between two heads of the muscle.
    D,
    /// One division between the heads, the other above the muscle.
    E,
    /// The whole nerve above the muscle.
    F,
}

impl NerveVariant {
    /// The type's letter, as the anatomy data names it.
    pub fn letter(self) -> &'static str {
        match self {
            NerveVariant::A => "A",
            NerveVariant::B => "B",
            NerveVariant::C => "C",
            NerveVariant::D => "D",
            NerveVariant::E => "E",
            NerveVariant::F => "F",
        }
    }
}

/// The client's build: how deep the structures lie under the skin, next to the model (an average build).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Default)]
pub enum Build {
    /// Less soft tissue over the nerve than the model: it lies nearer the skin.
    Slim,
    /// As the model.
    #[default]
    Average,
    /// More soft tissue over the nerve than the model.
    Large,
    /// Measured on the client (ultrasound): the soft tissue over the buttock, from the skin to the sciatic
    /// nerve midway between the ischial tuberosity and the greater trochanter.
    Measured {
        /// Its thickness in millimetres.
        soft_tissue_mm: f32,
    },
}

impl Build {
    /// The presets, in the order the interface lists them (a measurement is entered as a number).
    pub const PRESETS: &'static [Build] = &[Build::Slim, Build::Average, Build::Large];

    /// The name the interface shows.
    pub fn label(self) -> String {
        match self {
            Build::Slim => "Slim".into(),
            Build::Average => "Average".into(),
            Build::Large => "Large".into(),
            Build::Measured { soft_tissue_mm } => format!("Measured: {soft_tissue_mm:.0} mm"),
        }
    }
}

/// Assessment findings recorded before treatment.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Straight leg raise (supine).
    pub straight_leg_raise: StraightLegRaise,
    /// Bragard's test: dorsiflexing the foot just below the SLR pain angle.
    pub bragard: TestResult,
    /// Piriformis (FAIR) test, side-lying with the hip flexed.
    pub piriformis_test: TestResult,
    /// Cauda equina red flags.
    pub red_flags: RedFlags,
    /// Disc stage when known from imaging or a medical report.
    pub disc_stage: Option<DiscStage>,
    /// How the sciatic nerve passes piriformis on the affected side, when known from imaging or surgery
    /// (Beaton & Anson type). Left out of the file when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nerve_variant: Option<NerveVariant>,
    /// The client is pregnant.
    pub pregnant: bool,
    /// The client is in an acute flare-up.
    pub acute_flare_up: bool,
    /// The client's build, for how deep the structures lie under the skin (format version 2; a version 1
    /// file is read as an average build).
    #[serde(default)]
    pub build: Build,
    /// Symptoms and other findings in the therapist's words.
    pub findings: String,
}

/// A point in model space, metres. Written in files as a tuple `(x, y, z)`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Default)]
#[serde(from = "(f32, f32, f32)", into = "(f32, f32, f32)")]
pub struct Point3 {
    /// Towards the model's left.
    pub x: f32,
    /// Up.
    pub y: f32,
    /// Anterior (the model faces +Z).
    pub z: f32,
}

impl From<(f32, f32, f32)> for Point3 {
    fn from((x, y, z): (f32, f32, f32)) -> Self {
        Self { x, y, z }
    }
}

impl From<Point3> for (f32, f32, f32) {
    fn from(p: Point3) -> Self {
        (p.x, p.y, p.z)
    }
}

impl From<Point3> for glam::Vec3 {
    fn from(p: Point3) -> Self {
        glam::Vec3::new(p.x, p.y, p.z)
    }
}

impl From<glam::Vec3> for Point3 {
    fn from(v: glam::Vec3) -> Self {
        Point3::new(v.x, v.y, v.z)
    }
}

impl Point3 {
    /// A point from its coordinates.
    pub const fn new(x: f32, y: f32, z: f32) -> Self {
        Self { x, y, z }
    }

    /// Euclidean length, treating the point as a vector.
    pub fn length(self) -> f32 {
        (self.x * self.x + self.y * self.y + self.z * self.z).sqrt()
    }

    /// Distance to another point.
    pub fn distance(self, other: Point3) -> f32 {
        Point3::new(self.x - other.x, self.y - other.y, self.z - other.z).length()
    }

    /// True when all coordinates are finite numbers.
    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite() && self.z.is_finite()
    }
}

/// The body segment a point moves with when the model is posed.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Pelvis, sacrum and lumbar spine.
    Pelvis,
    /// Right thigh.
    ThighRight,
    /// Left thigh.
    ThighLeft,
    /// Right lower leg.
    ShankRight,
    /// Left lower leg.
    ShankLeft,
    /// Right foot.
    FootRight,
    /// Left foot.
    FootLeft,
}

impl Segment {
    /// Every segment, the pelvis first, then each side from the hip down.
    pub const ALL: &'static [Segment] = &[
        Segment::Pelvis,
        Segment::ThighRight,
        Segment::ShankRight,
        Segment::FootRight,
        Segment::ThighLeft,
        Segment::ShankLeft,
        Segment::FootLeft,
    ];

    /// Its place in [`Segment::ALL`] (the model's skin joints are in the same order).
    pub fn index(self) -> usize {
        Segment::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Where a zone sits on the body.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// The structure the zone lies on (a node name of the model, e.g. `gluteus_maximus_r`, `skin`).
    pub structure: String,
    /// Centre of the zone on the surface, metres, neutral pose.
    pub position: Point3,
    /// Outward surface normal at the centre (unit length).
    pub normal: Point3,
    /// The segment the zone rides on.
    pub segment: Segment,
}

/// The outline of a zone on the surface.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum Shape {
    /// A round patch centred on the anchor.
    Disc {
        /// Radius in millimetres.
        radius_mm: f32,
    },
    /// A gliding stroke along the surface, from the first point to the last.
    Stroke {
        /// Points along the stroke, metres; the anchor is usually the first.
        path: Vec<Point3>,
        /// Width of the stroke in millimetres.
        width_mm: f32,
    },
}

/// Massage techniques of the protocol.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Technique {
    /// Broad, flat gliding strokes to warm the tissue.
    Effleurage,
    /// Kneading: lifting and squeezing the muscle.
    Petrissage,
    /// Brisk back-and-forth friction moving skin over the fascia (e.g. sacral scooping).
    Friction,
    /// Friction across the fibres ("strumming"), e.g. on the sacrotuberous ligament or IT band.
    CrossFiberFriction,
    /// Small circles around bony attachments, e.g. the trochanter "hubcap".
    CircularFriction,
    /// Sustained pressure without sliding.
    StaticCompression,
    /// Slow gliding pressure along the fibres.
    Stripping,
    /// Pin the muscle, then the client moves the joint to lengthen it under the pin.
    PinAndStretch,
    /// Hold a trigger point until it releases.
    TriggerPointHold,
    /// Compression while the therapist moves the limb (rocking, rotation, passive extension).
    CompressionWithMovement,
    /// Slow sustained stretch of the fascia.
    MyofascialRelease,
    /// Rhythmic percussion to wake up the muscles.
    Tapotement,
    /// Separate two muscle bellies and glide while the client pumps the ankle.
    SplitAndFloss,
    /// A passive stretch of the muscle.
    PassiveStretch,
}

/// How much pressure is applied.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pressure {
    /// Skin and superficial tissue only.
    Light,
    /// Into the muscle.
    Moderate,
    /// Into deep muscle layers.
    Deep,
}

/// What the therapist presses with.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tool {
    /// The flat palm.
    Palm,
    /// The heel of the hand.
    HeelOfHand,
    /// A loosely closed fist.
    SoftFist,
    /// The knuckles.
    Knuckles,
    /// The ulnar side of the forearm.
    Forearm,
    /// The elbow (olecranon).
    Elbow,
    /// One thumb, or both reinforced.
    Thumb,
    /// Fingertips, or reinforced fingers.
    Fingers,
}

/// How the client lies on the table.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientPosition {
    /// Face down.
    Prone,
    /// Face up.
    Supine,
    /// On the side, the treated side up.
    SideLying,
    /// Prone with the treated leg abducted, knee bent to 90 degrees.
    FrogLeg,
}

/// One treatment zone.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Unique id within the plan.
    pub id: String,
    /// Short label shown on the model and in lists.
    pub label: String,
    /// Position in the treatment sequence, from 1.
    pub order: u32,
    /// Where the zone sits.
    pub anchor: Anchor,
    /// Its outline.
    pub shape: Shape,
    /// Technique used.
    pub technique: Technique,
    /// Pressure used.
    pub pressure: Pressure,
    /// What the therapist presses with.
    pub tool: Tool,
    /// How the client lies.
    pub position: ClientPosition,
    /// Planned time in minutes.
    pub duration_min: f32,
    /// Free notes.
    pub notes: String,
}

/// An area where no pressure is to be applied.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NoGoArea {
    /// Unique id within the plan (shared namespace with zones).
    pub id: String,
    /// Short label.
    pub label: String,
    /// Where it sits.
    pub anchor: Anchor,
    /// Radius in millimetres.
    pub radius_mm: f32,
    /// Why it is off limits, in plain words.
    pub reason: String,
}

impl SessionPlan {
    /// An empty plan for the current format and model.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            model: ModelRef {
                id: MODEL_ID.to_owned(),
                version: MODEL_VERSION,
            },
            title: title.into(),
            client_alias: String::new(),
            side: AffectedSide::Right,
            date: None,
            phase: String::new(),
            assessment: Assessment::default(),
            zones: Vec::new(),
            no_go: Vec::new(),
            home_care: Vec::new(),
            notes: String::new(),
        }
    }

    /// Zones sorted by treatment order.
    pub fn zones_in_order(&self) -> Vec<&Zone> {
        let mut zones: Vec<&Zone> = self.zones.iter().collect();
        zones.sort_by_key(|z| z.order);
        zones
    }
}

impl Default for SessionPlan {
    fn default() -> Self {
        Self::new("Untitled plan")
    }
}

/// Every value of a plan enum with the name the interface shows for it.
macro_rules! labelled {
    ($ty:ident { $($variant:ident => $label:expr),+ $(,)? }) => {
        impl $ty {
            /// Every value, in the order the interface lists them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name the interface shows.
            pub fn label(self) -> &'static str {
                match self {
                    $($ty::$variant => $label),+
                }
            }
        }
    };
}

labelled!(Technique {
    Effleurage => "Effleurage",
    Petrissage => "Petrissage",
    Friction => "Friction",
    CrossFiberFriction => "Cross-fibre friction",
    CircularFriction => "Circular friction",
    StaticCompression => "Static compression",
    Stripping => "Stripping",
    PinAndStretch => "Pin and stretch",
    TriggerPointHold => "Trigger point hold",
    CompressionWithMovement => "Compression with movement",
    MyofascialRelease => "Myofascial release",
    Tapotement => "Tapotement",
    SplitAndFloss => "Split and floss",
    PassiveStretch => "Passive stretch",
});

labelled!(Pressure {
    Light => "Light",
    Moderate => "Moderate",
    Deep => "Deep",
});

labelled!(Tool {
    Palm => "Palm",
    HeelOfHand => "Heel of hand",
    SoftFist => "Soft fist",
    Knuckles => "Knuckles",
    Forearm => "Forearm",
    Elbow => "Elbow",
    Thumb => "Thumb",
    Fingers => "Fingers",
});

labelled!(ClientPosition {
    Prone => "Prone",
    Supine => "Supine",
    SideLying => "Side-lying",
    FrogLeg => "Frog-leg",
});

labelled!(AffectedSide {
    Left => "Left",
    Right => "Right",
    Both => "Both",
});

labelled!(TestResult {
    NotTested => "Not tested",
    Negative => "Negative",
    Positive => "Positive",
});

impl NerveVariant {
    /// Every type, A to F.
    pub const ALL: &'static [NerveVariant] = &[
        NerveVariant::A,
        NerveVariant::B,
        NerveVariant::C,
        NerveVariant::D,
        NerveVariant::E,
        NerveVariant::F,
    ];
}

labelled!(DiscStage {
    Degeneration => "Degeneration",
    Prolapse => "Prolapse",
    Extrusion => "Extrusion",
    Sequestration => "Sequestration",
});
