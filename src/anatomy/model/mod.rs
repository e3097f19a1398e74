//! Generator of the glTF model `assets/models/pelvis_leg.glb` from the anatomy data.
//!
//! The shapes are data (`assets/anatomy/shapes.ron`). Bones are signed-distance solids composed from
//! primitives placed on the landmarks and meshed with surface nets; muscles are flattened cross-sections
//! swept along splines from origin through via points to insertion (several sweeps, or a thick sheet, for
//! fan-shaped muscles), with a belly profile and tendon colours; nerves and blood vessels are lofted elliptical
//! tubes along the paths of the data; the skin is the smooth union of everything, dilated by a soft-tissue
//! thickness, meshed on a coarser grid.
//!
//! The right side is built and the left side is its mirror image. The output is deterministic: the same data
//! gives the same bytes (structures are meshed in parallel but assembled in a fixed order, and the vertex data
//! is rounded to a fixed grid).

mod build;
mod glb;
pub mod sdf;
pub mod skin;

use std::path::Path;

pub use build::{NodeMesh, Shapes, build_nodes};

use super::Anatomy;

/// Where `build-model` writes the model by default (relative to the repository root).
pub const DEFAULT_MODEL_PATH: &str = "assets/models/pelvis_leg.glb";

/// Numbers about a generated model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelStats {
    /// Number of named nodes (structures, both sides, plus variant nodes).
    pub nodes: usize,
    /// Total number of triangles.
    pub triangles: usize,
    /// Size of the .glb file in bytes.
    pub bytes: usize,
}

/// Error while generating or writing the model.
#[derive(Debug)]
pub enum ModelError {
    /// The glTF JSON could not be serialised.
    Gltf(String),
    /// The file could not be written.
    Io(std::io::Error),
    /// The shape data does not fit the anatomy data: a structure without a shape, a shape for no
    /// structure, an unknown landmark or point, or a malformed part. The message names the shape.
    Shapes(String),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::Gltf(e) => write!(f, "cannot encode the glTF model: {e}"),
            ModelError::Io(e) => write!(f, "cannot write the model: {e}"),
            ModelError::Shapes(e) => write!(f, "invalid model shapes: {e}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// Builds the model from the embedded anatomy and shapes and returns the .glb bytes with its numbers.
pub fn build_model() -> Result<(Vec<u8>, ModelStats), ModelError> {
    build_model_from(Anatomy::embedded(), &Shapes::embedded()?)
}

/// Builds the model from the given anatomy and shape data.
pub fn build_model_from(
    anatomy: &Anatomy,
    shapes: &Shapes,
) -> Result<(Vec<u8>, ModelStats), ModelError> {
    let nodes = build_nodes(anatomy, shapes)?;
    let skin = skin::Skin::bind(anatomy, &nodes).map_err(ModelError::Shapes)?;
    let bytes = glb::encode(&nodes, Some(&skin))?;
    let stats = ModelStats {
        nodes: nodes.len(),
        triangles: nodes.iter().map(|n| n.mesh.triangles()).sum(),
        bytes: bytes.len(),
    };
    Ok((bytes, stats))
}

/// Builds the model from the embedded anatomy and writes it to `path` (creating the folder if needed).
/// This is what `sciatic-planner build-model [--out PATH]` runs.
pub fn write_model(path: &Path) -> Result<ModelStats, ModelError> {
    let (bytes, stats) = build_model()?;
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(ModelError::Io)?;
    }
    std::fs::write(path, &bytes).map_err(ModelError::Io)?;
    Ok(stats)
}
