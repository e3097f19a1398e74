//! The anatomy as data: structures, landmarks, the nerve path, variants and endangerment sites.
//! Pure Rust: no Bevy types here.

/// Base ids (without side suffix) of every structure that has a node in the model.
const BILATERAL: &[&str] = &[
    "hip_bone",
    "femur",
    "patella",
    "tibia",
    "fibula",
    "foot",
    "piriformis",
    "gemellus_superior",
    "obturator_internus",
    "gemellus_inferior",
    "obturator_externus",
    "quadratus_femoris",
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "biceps_femoris_long_head",
    "biceps_femoris_short_head",
    "semitendinosus",
    "semimembranosus",
    "tensor_fasciae_latae",
    "iliotibial_band",
    "adductor_magnus",
    "quadratus_lumborum",
    "gastrocnemius_medial_head",
    "gastrocnemius_lateral_head",
    "soleus",
    "sacrotuberous_ligament",
    "sacrospinous_ligament",
    "sciatic_nerve",
    "tibial_nerve",
    "common_fibular_nerve",
    "root_l4",
    "root_l5",
    "root_s1",
    "root_s2",
    "root_s3",
];

/// Structures on the midline, with no side suffix.
const MIDLINE: &[&str] = &["lumbar_l4", "lumbar_l5", "sacrum", "coccyx", "skin"];

/// True when `id` names a structure of the model (`piriformis_r`, `sacrum`, `skin`, ...).
pub fn is_known_structure(id: &str) -> bool {
    if MIDLINE.contains(&id) {
        return true;
    }
    id.strip_suffix("_r")
        .or_else(|| id.strip_suffix("_l"))
        .is_some_and(|base| BILATERAL.contains(&base))
}
