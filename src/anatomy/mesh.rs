//! Reading the model's meshes back from a .glb: one [`NodeMeshData`] per named node, in model space.
//!
//! The app converts these into render meshes; the safety rules measure distances on them. The committed
//! model is built into the binary ([`ModelMeshes::embedded`]), so neither needs files at run time.

use std::sync::OnceLock;

use glam::Vec3;

/// The committed model's bytes.
pub const EMBEDDED_GLB: &[u8] = include_bytes!("../../assets/models/pelvis_leg.glb");

/// The material of a node: its name in the file, linear RGBA base colour, and whether it is blended.
#[derive(Debug, Clone, PartialEq)]
pub struct MaterialInfo {
    /// Material name (`bone`, `muscle`, `nerve`, ...).
    pub name: String,
    /// Linear RGBA base colour.
    pub base_color: [f32; 4],
    /// True for alpha-blended materials (the skin).
    pub blend: bool,
}

/// One node's triangles in model space.
#[derive(Debug, Clone)]
pub struct NodeMeshData {
    /// Node name (`piriformis_r`, `skin`, ...).
    pub name: String,
    /// Vertex positions, metres.
    pub positions: Vec<[f32; 3]>,
    /// Vertex normals (unit length).
    pub normals: Vec<[f32; 3]>,
    /// Vertex colours (linear RGBA), when the file has them.
    pub colors: Option<Vec<[f32; 4]>>,
    /// Texture coordinates, when the file has them: for a muscle, the first is the coordinate across its
    /// fibres in metres.
    pub uvs: Option<Vec<[f32; 2]>>,
    /// Skin joints per vertex (indices into the skeleton's joints), when the model is skinned.
    pub joints: Option<Vec<[u16; 4]>>,
    /// Skin weights per vertex, summing to one, when the model is skinned.
    pub weights: Option<Vec<[f32; 4]>>,
    /// Triangle indices into the vertex arrays.
    pub indices: Vec<u32>,
    /// The material of the node's first primitive.
    pub material: MaterialInfo,
}

impl NodeMeshData {
    /// Axis-aligned bounds (min, max).
    pub fn bounds(&self) -> (Vec3, Vec3) {
        self.positions.iter().fold(
            (Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)),
            |(lo, hi), p| (lo.min(Vec3::from(*p)), hi.max(Vec3::from(*p))),
        )
    }

    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Distance from `p` to the nearest vertex (a quick measure of how close a point is to this surface).
    pub fn nearest_vertex_distance(&self, p: Vec3) -> f32 {
        self.positions
            .iter()
            .map(|v| Vec3::from(*v).distance_squared(p))
            .fold(f32::INFINITY, f32::min)
            .sqrt()
    }

    /// The part of this surface within `reach` of a centre line (one point for a disc), facing the same way
    /// as `facing` (so a thin structure's far side is left out), lifted `lift` along the normals so that it
    /// draws over the surface it copies. For painting zones on the body.
    pub fn patch(&self, line: &[Vec3], reach: f32, facing: Vec3, lift: f32) -> SurfacePatch {
        let near = |p: Vec3| distance_to_polyline(p, line) <= reach;
        let mut remap = vec![u32::MAX; self.positions.len()];
        let mut out = SurfacePatch::default();
        for tri in self.indices.chunks_exact(3) {
            let [a, b, c] = [tri[0], tri[1], tri[2]].map(|i| i as usize);
            let [pa, pb, pc] = [a, b, c].map(|i| Vec3::from(self.positions[i]));
            let face = (pb - pa).cross(pc - pa);
            if face.dot(facing) <= 0.0
                || !(near(pa) || near(pb) || near(pc) || near((pa + pb + pc) / 3.0))
            {
                continue;
            }
            for i in [a, b, c] {
                if remap[i] == u32::MAX {
                    remap[i] = out.positions.len() as u32;
                    let n = Vec3::from(self.normals[i]);
                    out.positions
                        .push((Vec3::from(self.positions[i]) + n * lift).to_array());
                    out.normals.push(self.normals[i]);
                }
                out.indices.push(remap[i]);
            }
        }
        out
    }
}

/// A piece of a surface, for painting a zone on it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurfacePatch {
    /// Vertex positions, metres.
    pub positions: Vec<[f32; 3]>,
    /// Vertex normals.
    pub normals: Vec<[f32; 3]>,
    /// Triangle indices.
    pub indices: Vec<u32>,
}

/// Distance from `p` to a polyline (to its only point when it has one; infinite when empty).
pub fn distance_to_polyline(p: Vec3, line: &[Vec3]) -> f32 {
    match line {
        [] => f32::INFINITY,
        [only] => p.distance(*only),
        _ => line
            .windows(2)
            .map(|w| {
                let ab = w[1] - w[0];
                let t = (p - w[0]).dot(ab) / ab.length_squared().max(f32::MIN_POSITIVE);
                p.distance(w[0] + ab * t.clamp(0.0, 1.0))
            })
            .fold(f32::INFINITY, f32::min),
    }
}

/// Every mesh node of a model.
#[derive(Debug, Clone)]
pub struct ModelMeshes {
    /// Nodes in file order.
    pub nodes: Vec<NodeMeshData>,
}

/// Why a .glb could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read the model: {}", self.0)
    }
}

impl std::error::Error for ReadError {}

impl ModelMeshes {
    /// The committed model, parsed once.
    pub fn embedded() -> &'static ModelMeshes {
        static MODEL: OnceLock<ModelMeshes> = OnceLock::new();
        MODEL.get_or_init(|| {
            ModelMeshes::from_glb(EMBEDDED_GLB).expect("the built-in model is a valid .glb")
        })
    }

    /// Parses a binary glTF. Node transforms are applied, so positions are in model space.
    pub fn from_glb(bytes: &[u8]) -> Result<Self, ReadError> {
        let gltf = gltf::Gltf::from_slice(bytes).map_err(|e| ReadError(e.to_string()))?;
        let blob = gltf
            .blob
            .clone()
            .ok_or_else(|| ReadError("no binary chunk".into()))?;
        let mut nodes = Vec::new();
        for scene in gltf.scenes() {
            for node in scene.nodes() {
                collect(&node, glam::Mat4::IDENTITY, &blob, &mut nodes)?;
            }
        }
        Ok(Self { nodes })
    }

    /// The node with this name.
    pub fn node(&self, name: &str) -> Option<&NodeMeshData> {
        self.nodes.iter().find(|n| n.name == name)
    }
}

fn collect(
    node: &gltf::Node,
    parent: glam::Mat4,
    blob: &[u8],
    out: &mut Vec<NodeMeshData>,
) -> Result<(), ReadError> {
    let transform = parent * glam::Mat4::from_cols_array_2d(&node.transform().matrix());
    if let Some(mesh) = node.mesh() {
        let name = node.name().unwrap_or_default().to_owned();
        let normal_matrix = glam::Mat3::from_mat4(transform).inverse().transpose();
        let mut data = NodeMeshData {
            name: name.clone(),
            positions: Vec::new(),
            normals: Vec::new(),
            colors: None,
            uvs: None,
            joints: None,
            weights: None,
            indices: Vec::new(),
            material: MaterialInfo {
                name: String::new(),
                base_color: [1.0; 4],
                blend: false,
            },
        };
        for (i, prim) in mesh.primitives().enumerate() {
            let reader = prim.reader(|_| Some(blob));
            let base = data.positions.len() as u32;
            let positions: Vec<[f32; 3]> = reader
                .read_positions()
                .ok_or_else(|| ReadError(format!("node {name} has no positions")))?
                .map(|p| transform.transform_point3(Vec3::from(p)).to_array())
                .collect();
            let count = positions.len();
            let normals: Vec<[f32; 3]> = match reader.read_normals() {
                Some(n) => n
                    .map(|n| {
                        (normal_matrix * Vec3::from(n))
                            .normalize_or_zero()
                            .to_array()
                    })
                    .collect(),
                None => vec![[0.0, 1.0, 0.0]; count],
            };
            if let Some(colors) = reader.read_colors(0) {
                let colors: Vec<[f32; 4]> = colors.into_rgba_f32().collect();
                let all = data
                    .colors
                    .get_or_insert_with(|| vec![[1.0; 4]; base as usize]);
                all.extend(colors);
            } else if let Some(all) = data.colors.as_mut() {
                all.extend(std::iter::repeat_n([1.0; 4], count));
            }
            if let Some(uvs) = reader.read_tex_coords(0) {
                let all = data
                    .uvs
                    .get_or_insert_with(|| vec![[0.0; 2]; base as usize]);
                all.extend(uvs.into_f32());
            } else if let Some(all) = data.uvs.as_mut() {
                all.extend(std::iter::repeat_n([0.0; 2], count));
            }
            if let (Some(joints), Some(weights)) = (reader.read_joints(0), reader.read_weights(0)) {
                data.joints
                    .get_or_insert_with(|| vec![[0; 4]; base as usize])
                    .extend(joints.into_u16());
                data.weights
                    .get_or_insert_with(|| vec![[1.0, 0.0, 0.0, 0.0]; base as usize])
                    .extend(weights.into_f32());
            }
            data.positions.extend(positions);
            data.normals.extend(normals);
            match reader.read_indices() {
                Some(indices) => data.indices.extend(indices.into_u32().map(|i| i + base)),
                None => data.indices.extend(base..base + count as u32),
            }
            if i == 0 {
                let material = prim.material();
                data.material = MaterialInfo {
                    name: material.name().unwrap_or_default().to_owned(),
                    base_color: material.pbr_metallic_roughness().base_color_factor(),
                    blend: material.alpha_mode() == gltf::material::AlphaMode::Blend,
                };
            }
        }
        out.push(data);
    }
    for child in node.children() {
        collect(&child, transform, blob, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anatomy::Anatomy;

    #[test]
    fn embedded_model_has_every_structure_node_with_triangles() {
        let model = ModelMeshes::embedded();
        for name in Anatomy::embedded().node_names() {
            let node = model
                .node(&name)
                .unwrap_or_else(|| panic!("no node {name}"));
            assert!(node.triangle_count() > 0, "{name} is empty");
            assert_eq!(node.positions.len(), node.normals.len());
            assert!(
                node.indices
                    .iter()
                    .all(|&i| (i as usize) < node.positions.len())
            );
        }
        let skin = model.node("skin").unwrap();
        assert!(skin.material.blend, "the skin is translucent");
        let (lo, hi) = skin.bounds();
        assert!(
            lo.y > -0.05 && hi.y > 0.9,
            "the body stands on the floor: {lo} {hi}"
        );
    }

    #[test]
    fn a_patch_covers_the_zone_and_only_the_near_side() {
        let skin = ModelMeshes::embedded().node("skin").unwrap();
        // On the right buttock, facing backwards.
        let centre = Vec3::new(-0.09, 0.88, -0.17);
        let centre = skin
            .positions
            .iter()
            .map(|p| Vec3::from(*p))
            .min_by(|a, b| a.distance(centre).total_cmp(&b.distance(centre)))
            .unwrap();
        let patch = skin.patch(&[centre], 0.03, Vec3::NEG_Z, 0.001);
        assert!(patch.indices.len() >= 3 * 10, "a 30 mm patch has triangles");
        // Whole triangles, all on the near side: where the skin is smooth and its triangles long they reach
        // up to 30 mm past the zone (the shader paints only the zone itself).
        assert!(patch.positions.iter().all(|p| {
            let p = Vec3::from(*p);
            p.distance(centre) < 0.03 + 0.03 && p.z < -0.1
        }));
        let area: f32 = patch
            .indices
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| Vec3::from(patch.positions[i as usize]));
                (b - a).cross(c - a).length() / 2.0
            })
            .sum();
        let disc = std::f32::consts::PI * 0.03 * 0.03;
        assert!(
            area > disc && area < 3.0 * disc,
            "patch area {area} vs disc {disc}"
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(ModelMeshes::from_glb(b"not a model").is_err());
    }
}
