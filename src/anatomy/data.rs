//! Types of the anatomy data and the loader of the embedded RON files.

use std::sync::OnceLock;

use glam::Vec3;
use serde::{Deserialize, Serialize};

use super::sites::{EndangermentSite, SiteCapsule, SiteRecipe};

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
    /// Blood vessel: an artery (red) or a vein (blue), as its shape in the model says ([`Blood`]).
    Vessel,
    /// Skin envelope.
    Skin,
}

/// Which kind of blood vessel a vessel structure is; the model colours arteries red and veins blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Blood {
    /// Carries blood from the heart (red).
    Artery,
    /// Carries blood back to the heart (blue).
    Vein,
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
pub enum Laterality {
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
    pub sides: Laterality,
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
            Laterality::Midline => &[Side::Midline],
            Laterality::Bilateral => &[Side::Right, Side::Left],
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
    /// Where the point comes from: the row of the project's anatomy notes and the studies behind it;
    /// empty where the `landmark` row carries the source.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A nerve or a blood vessel (or one branch of it) as a path of points with cross-sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NervePath {
    /// Base id of the nerve or vessel structure.
    pub structure: String,
    /// `None` for the usual anatomy (type A); `Some("B")` etc. for a Beaton & Anson variant.
    pub variant: Option<String>,
    /// Description.
    pub label: String,
    /// Points from proximal to distal.
    pub points: Vec<NervePoint>,
    /// Where the path is two nerves bound in one sheath (the sciatic trunk's common fibular and tibial
    /// parts), the place of the groove between them across the path's width, as a fraction from its
    /// lateral edge (0) to its medial edge (1); `None` for a single nerve or vessel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divided_at: Option<f32>,
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
    /// Prevalence as reported, with the size of the study.
    pub prevalence: String,
    /// The study or studies the prevalence comes from (authors, year, journal).
    #[serde(default)]
    pub source: String,
    /// Pooled prevalence in percent, where one was found.
    pub prevalence_percent: Option<f32>,
    /// Suffix of the extra model nodes for this variant (`sciatic_nerve_r__variant_b`); `None` when the
    /// default nodes show it (type A) or when the model has no geometry for it.
    pub node_suffix: Option<String>,
    /// True when the model can show this variant (with the default nodes or with its own).
    #[serde(default)]
    pub modelled: bool,
}

/// Nerve and vessel paths and the nerve variants, as stored in `nerves.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nerves {
    /// All nerve and vessel paths, for the usual anatomy and the variants.
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
    /// Nerve and vessel paths, and the nerve variants.
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
            && s.sides == Laterality::Midline
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
            .filter(|s| s.sides == Laterality::Bilateral)
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

    /// Paths of the nerve or vessel `structure` for a variant (`None` = usual anatomy).
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
