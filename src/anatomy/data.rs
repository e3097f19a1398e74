//! Types of the anatomy data and the loader of the embedded RON files.

use std::sync::OnceLock;

use glam::Vec3;
use serde::{Deserialize, Serialize};

/// Tissue kind of a structure; the model uses one material per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// Bone (ivory).
    Bone,
    /// Muscle belly (red).
    Muscle,
    /// Tendon or fascial band (white-grey).
    Tendon,
    /// Ligament (white-grey).
    Ligament,
    /// Nerve (yellow).
    Nerve,
    /// Skin envelope.
    Skin,
}

/// Depth layer as seen from the skin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Layer {
    /// Just under the skin.
    Superficial,
    /// Between the superficial and the deep layer.
    Intermediate,
    /// Deepest layer, on or near the bone.
    Deep,
}

/// Whether a structure exists once on the midline or once per side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sides {
    /// One node without suffix.
    Midline,
    /// Two nodes, `<id>_r` and `<id>_l`.
    Bilateral,
}

/// Side of one node of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The model's right (negative X).
    Right,
    /// The model's left (positive X).
    Left,
    /// On the midline.
    Midline,
}

impl Side {
    /// Node-name suffix of the side (`_r`, `_l`, or empty on the midline).
    pub fn suffix(self) -> &'static str {
        match self {
            Side::Right => "_r",
            Side::Left => "_l",
            Side::Midline => "",
        }
    }

    /// Factor applied to X to place a right-side point on this side.
    pub fn mirror_x(self) -> f32 {
        match self {
            Side::Left => -1.0,
            _ => 1.0,
        }
    }
}

/// The body segment a structure moves with (per side where bilateral).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BoneSegment {
    /// Lower lumbar spine.
    Lumbar,
    /// Pelvis (hip bones, sacrum, coccyx).
    Pelvis,
    /// Thigh.
    Femur,
    /// Leg (tibia and fibula).
    Tibia,
    /// Foot.
    Foot,
}

/// How a number was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Copied from the cited source.
    Read,
    /// Computed from read values by a stated rule.
    Derived,
    /// An anatomical estimate, not read from any source.
    Estimated,
}

/// Teaching text of a structure (empty strings where a field does not apply, e.g. origin of a bone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Teaching {
    /// Where the structure starts.
    pub origin: String,
    /// Where it ends.
    pub insertion: String,
    /// What it does.
    pub action: String,
    /// Its nerve supply.
    pub innervation: String,
    /// Notes for the massage therapist.
    pub massage: String,
}

/// One anatomical structure (base id; bilateral ones have a node per side).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Structure {
    /// Base id in snake_case, without side suffix (`piriformis`, `sacrum`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Tissue kind.
    pub kind: Kind,
    /// Depth layer.
    pub layer: Layer,
    /// Midline or bilateral.
    pub sides: Sides,
    /// The segment the structure moves with.
    pub segment: BoneSegment,
    /// Base ids of the bones a muscle, tendon or ligament attaches to (empty for bones and nerves).
    pub attaches_to: Vec<String>,
    /// Place in the fan of the deep lateral hip rotators, 1 the most superior, as a teacher names them
    /// from piriformis down to quadratus femoris; `None` for every other structure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fan_order: Option<u8>,
    /// Teaching text.
    pub teaching: Teaching,
}

impl Structure {
    /// The sides on which this structure has a node.
    pub fn node_sides(&self) -> &'static [Side] {
        match self.sides {
            Sides::Midline => &[Side::Midline],
            Sides::Bilateral => &[Side::Right, Side::Left],
        }
    }

    /// Node names of this structure in the model (`piriformis_r`, `piriformis_l`; or `sacrum`).
    pub fn node_names(&self) -> Vec<String> {
        self.node_sides()
            .iter()
            .map(|s| format!("{}{}", self.id, s.suffix()))
            .collect()
    }
}

/// One landmark or attachment point, converted from the landmark table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Landmark {
    /// Unique id.
    pub id: String,
    /// The structure column of the table (source naming).
    pub label: String,
    /// The point column of the table (origin, insertion, via, landmark, ...).
    pub point: String,
    /// Base id of the structure the point belongs to, where one applies.
    pub structure: Option<String>,
    /// Position in the model frame (metres), right side.
    pub position: [f32; 3],
    /// Body frame in which the source gives the point.
    pub body_frame: String,
    /// Source model or data set.
    pub model: String,
    /// Read, derived or estimated.
    pub status: Status,
    /// Source address (file and line, or URL).
    pub source: String,
    /// How the value was obtained, where not obvious.
    pub note: String,
}

impl Landmark {
    /// Position on the given side (X mirrored for the left).
    pub fn position_on(&self, side: Side) -> Vec3 {
        let p = Vec3::from(self.position);
        Vec3::new(p.x * side.mirror_x(), p.y, p.z)
    }
}

/// One point of a nerve path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NervePoint {
    /// What the point is.
    pub label: String,
    /// Position in the model frame (metres), right side.
    pub position: [f32; 3],
    /// Half of the wider axis of the cross-section (metres).
    pub half_width: f32,
    /// Half of the thinner axis of the cross-section (metres).
    pub half_thickness: f32,
    /// The landmark row the point comes from, if any.
    pub landmark: Option<String>,
    /// Read, derived or estimated.
    pub status: Status,
}

/// A nerve (or one division of it) as a path of points with cross-sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NervePath {
    /// Base id of the nerve structure.
    pub structure: String,
    /// `None` for the usual anatomy (type A); `Some("B")` etc. for a Beaton & Anson variant.
    pub variant: Option<String>,
    /// Description.
    pub label: String,
    /// Points from proximal to distal.
    pub points: Vec<NervePoint>,
}

/// A Beaton & Anson variant of the relation between the sciatic nerve and piriformis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// Letter A to F.
    pub letter: String,
    /// Short name.
    pub name: String,
    /// What the variant looks like.
    pub description: String,
    /// Prevalence as reported, with the source study.
    pub prevalence: String,
    /// Pooled prevalence in percent, where one was found.
    pub prevalence_percent: Option<f32>,
    /// Suffix of the extra model nodes for this variant (`sciatic_nerve_r__variant_b`); `None` when the
    /// default nodes show it (type A) or when the model has no geometry for it.
    pub node_suffix: Option<String>,
    /// True when the model can show this variant (with the default nodes or with its own).
    #[serde(default)]
    pub modelled: bool,
}

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
    /// Base ids of the structures at risk or bounding the site; the first is the one at risk.
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
    /// Base ids of the structures at risk or bounding the site; the first is the one at risk.
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

/// Nerve paths and variants, as stored in `nerves.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nerves {
    /// All nerve paths, for the usual anatomy and the variants.
    pub paths: Vec<NervePath>,
    /// The Beaton & Anson variants.
    pub variants: Vec<Variant>,
}

/// The whole anatomy: one source of truth for the model, the viewer and the safety rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Anatomy {
    /// Every structure.
    pub structures: Vec<Structure>,
    /// Landmarks and attachment points.
    pub landmarks: Vec<Landmark>,
    /// Nerve paths and variants.
    pub nerves: Nerves,
    /// How the endangerment sites are built, as stored in `sites.ron`.
    pub site_recipes: Vec<SiteRecipe>,
    /// The endangerment sites, derived from the recipes when the anatomy loads (right side).
    pub sites: Vec<EndangermentSite>,
}

/// Error while reading anatomy data.
#[derive(Debug)]
pub struct DataError {
    /// Which file.
    pub file: &'static str,
    /// What went wrong, with line and column.
    pub message: String,
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for DataError {}

const STRUCTURES_RON: &str = include_str!("../../assets/anatomy/structures.ron");
const LANDMARKS_RON: &str = include_str!("../../assets/anatomy/landmarks.ron");
const NERVES_RON: &str = include_str!("../../assets/anatomy/nerves.ron");
const SITES_RON: &str = include_str!("../../assets/anatomy/sites.ron");

fn parse<T: serde::de::DeserializeOwned>(file: &'static str, text: &str) -> Result<T, DataError> {
    ron::from_str(text).map_err(|e| DataError {
        file,
        message: e.to_string(),
    })
}

impl Anatomy {
    /// Parses the four RON texts (structures, landmarks, nerves, site recipes) and derives the sites.
    pub fn from_ron(
        structures: &str,
        landmarks: &str,
        nerves: &str,
        sites: &str,
    ) -> Result<Anatomy, DataError> {
        let landmarks: Vec<Landmark> = parse("landmarks.ron", landmarks)?;
        let nerves: Nerves = parse("nerves.ron", nerves)?;
        let site_recipes: Vec<SiteRecipe> = parse("sites.ron", sites)?;
        let sites = site_recipes
            .iter()
            .map(|r| r.derive(&landmarks, &nerves))
            .collect::<Result<_, _>>()
            .map_err(|message| DataError {
                file: "sites.ron",
                message,
            })?;
        Ok(Anatomy {
            structures: parse("structures.ron", structures)?,
            landmarks,
            nerves,
            site_recipes,
            sites,
        })
    }

    /// The anatomy embedded in the binary (parsed once, then shared).
    pub fn embedded() -> &'static Anatomy {
        static CELL: OnceLock<Anatomy> = OnceLock::new();
        CELL.get_or_init(|| {
            Anatomy::from_ron(STRUCTURES_RON, LANDMARKS_RON, NERVES_RON, SITES_RON)
                .expect("the embedded anatomy data is valid (checked by the unit tests)")
        })
    }

    /// The structure with base id `id`.
    pub fn structure(&self, id: &str) -> Option<&Structure> {
        self.structures.iter().find(|s| s.id == id)
    }

    /// The structure a node name (`piriformis_r`, `sacrum`) refers to, with its side.
    pub fn structure_of_node(&self, node: &str) -> Option<(&Structure, Side)> {
        if let Some(s) = self.structure(node)
            && s.sides == Sides::Midline
        {
            return Some((s, Side::Midline));
        }
        let (base, side) = if let Some(b) = node.strip_suffix("_r") {
            (b, Side::Right)
        } else if let Some(b) = node.strip_suffix("_l") {
            (b, Side::Left)
        } else {
            return None;
        };
        self.structure(base)
            .filter(|s| s.sides == Sides::Bilateral)
            .map(|s| (s, side))
    }

    /// Every node name of the default model, in data order.
    pub fn node_names(&self) -> Vec<String> {
        self.structures
            .iter()
            .flat_map(|s| s.node_names())
            .collect()
    }

    /// The landmark with id `id`.
    pub fn landmark(&self, id: &str) -> Option<&Landmark> {
        self.landmarks.iter().find(|l| l.id == id)
    }

    /// Nerve paths of `structure` for a variant (`None` = usual anatomy).
    pub fn nerve_paths(&self, structure: &str, variant: Option<&str>) -> Vec<&NervePath> {
        self.nerves
            .paths
            .iter()
            .filter(|p| p.structure == structure && p.variant.as_deref() == variant)
            .collect()
    }

    /// Every endangerment site's capsule on both sides: the right side first, then the left, each in
    /// data order.
    pub fn site_capsules(&self) -> Vec<SiteCapsule> {
        [Side::Right, Side::Left]
            .into_iter()
            .flat_map(|side| self.sites.iter().map(move |s| s.capsule(side)))
            .collect()
    }

    /// The variant with letter `letter`.
    pub fn variant(&self, letter: &str) -> Option<&Variant> {
        self.nerves.variants.iter().find(|v| v.letter == letter)
    }

    /// The letters of the variants the model can show, in the data's order.
    pub fn model_variants(&self) -> Vec<char> {
        self.nerves
            .variants
            .iter()
            .filter(|v| v.modelled)
            .filter_map(|v| v.letter.chars().next())
            .collect()
    }

    /// The fan of the deep lateral hip rotators, from superior to inferior.
    pub fn rotator_fan(&self) -> Vec<&Structure> {
        let mut fan: Vec<&Structure> = self
            .structures
            .iter()
            .filter(|s| s.fan_order.is_some())
            .collect();
        fan.sort_by_key(|s| s.fan_order);
        fan
    }
}
