//! Teaching mode as data: guided tours along the nerve and round the rotator fan, the Beaton & Anson
//! variants for a panel, and a quiz with its best scores. Pure Rust: no Bevy types here; the app's
//! teaching mode shows what this module describes.
//!
//! - [`tour`]: tours read from RON (built in, or from a teacher's file) and checked against the model;
//!   cameras as eye, focus and up; the lit nerve's points.
//! - [`nerve`]: distances along the nerve tree from the start of the roots, so "further along" has a
//!   meaning.
//! - [`sight`]: what a stop's camera sees of what it lights, and where each label line ends.
//! - [`quiz`]: questions drawn from the anatomy and the tours in a seeded order, scoring, best scores.
//! - [`variants`]: the six Beaton & Anson types with their prevalence, its source, and whether the
//!   model shows them.

pub mod nerve;
pub mod quiz;
pub mod sight;
pub mod tour;
pub mod variants;

pub use nerve::{NerveTree, nerve_distance};
pub use quiz::{Answer, BestScores, Outcome, Question, Quiz, ScoresError};
pub use sight::{Sight, label_point, sight};
pub use tour::{CameraPose, NerveSegment, Peel, Stop, Tour, TourCamera, TourError, TourErrorKind};
pub use variants::{VariantInfo, variant_panel};

use crate::anatomy::{Anatomy, Side};

/// A model node's name as a person reads it: `Piriformis (right)`, `Sacrum`, `Sciatic nerve (right),
/// type B`. `None` for a name that is not a node of the model.
pub fn node_display_name(node: &str) -> Option<String> {
    let (base, variant) = match node.split_once("__variant_") {
        Some((base, letter)) => (base, Some(letter.to_uppercase())),
        None => (node, None),
    };
    let (structure, side) = Anatomy::embedded().structure_of_node(base)?;
    let mut name = match side {
        Side::Right => format!("{} (right)", structure.name),
        Side::Left => format!("{} (left)", structure.name),
        Side::Midline => structure.name.clone(),
    };
    if let Some(letter) = variant {
        name.push_str(&format!(", type {letter}"));
    }
    Some(name)
}

#[cfg(test)]
mod tests;
