//! The client's build: how much deeper or shallower the structures under the skin lie than in the model.
//!
//! The model is an average build. The soft tissue over the nerve's bed (fat and gluteus maximus over the
//! rotators, the hamstrings over the back of the thigh) scales with the build by one factor, so every
//! depth under a zone scales by it: a pressure reaches the model's depths divided by the factor, and the
//! depths reported are the model's times the factor. The nerve stays on its bed: the rotators and the
//! bone under it do not move relative to it, so where bone stops a column in the model it stops it for
//! the client too.

use glam::Vec3;

use super::SafetyModel;
use super::geometry::LayerGeometry;
use crate::plan::Build;

/// The endangerment site whose middle sets the model's reference depth.
pub(super) const REFERENCE_SITE: &str = "ischio_trochanteric_corridor";

/// The depth (metres) of the sciatic nerve below the skin on a ray from `from` along `dir`.
pub(super) fn nerve_depth_under(layers: &LayerGeometry, from: Vec3, dir: Vec3) -> Option<f32> {
    let under = layers.what_lies_under(from, -dir);
    let skin = under.iter().find(|s| s.0 == "skin")?.1;
    let nerve = under
        .iter()
        .find(|s| s.0.starts_with("sciatic_nerve_") && s.1 >= skin)?
        .1;
    Some((nerve - skin) / 1000.0)
}

impl SafetyModel {
    /// The model's soft tissue over the buttock in millimetres: the depth of the nerve below the skin
    /// straight behind the middle of the corridor between the ischial tuberosity and the greater
    /// trochanter. A measured build is compared with it.
    pub fn soft_tissue_reference_mm(&self) -> Option<f32> {
        self.soft_tissue_ref.map(|m| m * 1000.0)
    }

    /// How many times deeper the client's structures lie than the model's: the rules' factor for a slim
    /// or large build, 1 for average, a measurement over the model's own figure.
    pub fn build_factor(&self, build: Build) -> f32 {
        let b = &self.rules.build;
        match build {
            Build::Slim => b.slim,
            Build::Average => 1.0,
            Build::Large => b.large,
            Build::Measured { soft_tissue_mm } => match self.soft_tissue_reference_mm() {
                Some(r) if soft_tissue_mm.is_finite() && soft_tissue_mm > 0.0 => soft_tissue_mm / r,
                _ => 1.0,
            },
        }
    }
}
