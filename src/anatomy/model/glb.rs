//! Encoding of the meshes as a binary glTF (.glb).

use std::collections::BTreeMap;

use gltf::json::{self, validation::Checked::Valid, validation::USize64};

use super::ModelError;
use super::build::NodeMesh;
use super::skin::{JOINTS, Skin, quantise};
use crate::anatomy::{Blood, Kind};

/// Materials in a fixed order: (kind, for vessels artery or vein, name, linear base colour RGBA, alpha
/// blend).
const MATERIALS: [(Kind, Option<Blood>, &str, [f32; 4], bool); 8] = [
    (Kind::Bone, None, "bone", [0.80, 0.74, 0.58, 1.0], false),
    (Kind::Muscle, None, "muscle", [1.0, 1.0, 1.0, 1.0], false),
    (Kind::Tendon, None, "tendon", [0.78, 0.78, 0.74, 1.0], false),
    (
        Kind::Ligament,
        None,
        "ligament",
        [0.72, 0.75, 0.80, 1.0],
        false,
    ),
    (Kind::Nerve, None, "nerve", [0.95, 0.80, 0.15, 1.0], false),
    (Kind::Skin, None, "skin", [0.85, 0.62, 0.50, 0.35], true),
    (
        Kind::Vessel,
        Some(Blood::Artery),
        "artery",
        [0.62, 0.03, 0.06, 1.0],
        false,
    ),
    (
        Kind::Vessel,
        Some(Blood::Vein),
        "vein",
        [0.10, 0.22, 0.72, 1.0],
        false,
    ),
];

/// The material of a node: by its kind, and for a vessel by artery or vein (an artery when unsaid).
fn material_index(node: &NodeMesh) -> u32 {
    let blood = match node.kind {
        Kind::Vessel => Some(node.blood.unwrap_or(Blood::Artery)),
        _ => None,
    };
    MATERIALS
        .iter()
        .position(|m| m.0 == node.kind && m.1 == blood)
        .unwrap_or(0) as u32
}

fn align4(buf: &mut Vec<u8>) {
    while !buf.len().is_multiple_of(4) {
        buf.push(0);
    }
}

/// Encodes the nodes (one mesh each) into .glb bytes; with a skin, every mesh is bound to its skeleton
/// (joint nodes at the joint centres, `JOINTS_0` and `WEIGHTS_0` per vertex).
pub fn encode(nodes: &[NodeMesh], skin: Option<&Skin>) -> Result<Vec<u8>, ModelError> {
    let mut bin: Vec<u8> = Vec::new();
    let mut root = json::Root {
        asset: json::Asset {
            generator: Some("sciatic-planner build-model".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    for (_, _, name, color, blend) in MATERIALS {
        root.materials.push(json::Material {
            name: Some(name.into()),
            alpha_mode: Valid(if blend {
                json::material::AlphaMode::Blend
            } else {
                json::material::AlphaMode::Opaque
            }),
            double_sided: false,
            pbr_metallic_roughness: json::material::PbrMetallicRoughness {
                base_color_factor: json::material::PbrBaseColorFactor(color),
                metallic_factor: json::material::StrengthFactor(0.0),
                roughness_factor: json::material::StrengthFactor(0.7),
                ..Default::default()
            },
            ..Default::default()
        });
    }
    root.buffers.push(json::Buffer {
        byte_length: USize64(0),
        name: None,
        uri: None,
        extensions: None,
        extras: Default::default(),
    });
    let mut view = |bin: &mut Vec<u8>, data: &[u8], target: Option<json::buffer::Target>| {
        align4(bin);
        let offset = bin.len();
        bin.extend_from_slice(data);
        root.buffer_views.push(json::buffer::View {
            buffer: json::Index::new(0),
            byte_length: USize64(data.len() as u64),
            byte_offset: Some(USize64(offset as u64)),
            byte_stride: None,
            name: None,
            target: target.map(Valid),
            extensions: None,
            extras: Default::default(),
        });
        root.buffer_views.len() as u32 - 1
    };
    let mut accessors = Vec::new();
    let mut meshes = Vec::new();
    let mut scene_nodes = Vec::new();
    let mut json_nodes = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        let m = &node.mesh;
        let f32s = |v: &mut Vec<u8>, xs: &[f32]| {
            for x in xs {
                v.extend_from_slice(&x.to_le_bytes());
            }
        };
        let mut pos = Vec::with_capacity(m.positions.len() * 12);
        let mut lo = [f32::MAX; 3];
        let mut hi = [f32::MIN; 3];
        for p in &m.positions {
            f32s(&mut pos, &p.to_array());
            for k in 0..3 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        let mut nrm = Vec::with_capacity(m.normals.len() * 12);
        for n in &m.normals {
            f32s(&mut nrm, &n.to_array());
        }
        // Indices as u16 where the mesh is small enough, u32 otherwise.
        let short = m.positions.len() <= u16::MAX as usize;
        let mut idx = Vec::with_capacity(m.indices.len() * 4);
        for x in &m.indices {
            if short {
                idx.extend_from_slice(&(*x as u16).to_le_bytes());
            } else {
                idx.extend_from_slice(&x.to_le_bytes());
            }
        }
        let count = m.positions.len() as u64;
        let accessor = |view: u32,
                        count: u64,
                        ty: json::accessor::Type,
                        comp: json::accessor::ComponentType,
                        min: Option<json::Value>,
                        max: Option<json::Value>| json::Accessor {
            buffer_view: Some(json::Index::new(view)),
            byte_offset: Some(USize64(0)),
            count: USize64(count),
            component_type: Valid(json::accessor::GenericComponentType(comp)),
            extensions: None,
            extras: Default::default(),
            type_: Valid(ty),
            min,
            max,
            name: None,
            normalized: false,
            sparse: None,
        };
        let vp = view(&mut bin, &pos, Some(json::buffer::Target::ArrayBuffer));
        accessors.push(accessor(
            vp,
            count,
            json::accessor::Type::Vec3,
            json::accessor::ComponentType::F32,
            Some(json::Value::from(lo.to_vec())),
            Some(json::Value::from(hi.to_vec())),
        ));
        let a_pos = accessors.len() as u32 - 1;
        let vn = view(&mut bin, &nrm, Some(json::buffer::Target::ArrayBuffer));
        accessors.push(accessor(
            vn,
            count,
            json::accessor::Type::Vec3,
            json::accessor::ComponentType::F32,
            None,
            None,
        ));
        let a_nrm = accessors.len() as u32 - 1;
        let mut attributes = BTreeMap::new();
        attributes.insert(
            Valid(json::mesh::Semantic::Positions),
            json::Index::new(a_pos),
        );
        attributes.insert(
            Valid(json::mesh::Semantic::Normals),
            json::Index::new(a_nrm),
        );
        if !m.colors.is_empty() {
            // Colours as normalised bytes.
            let mut col = Vec::with_capacity(m.colors.len() * 4);
            for c in &m.colors {
                col.extend(c.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8));
            }
            let vc = view(&mut bin, &col, Some(json::buffer::Target::ArrayBuffer));
            let mut a = accessor(
                vc,
                count,
                json::accessor::Type::Vec4,
                json::accessor::ComponentType::U8,
                None,
                None,
            );
            a.normalized = true;
            accessors.push(a);
            attributes.insert(
                Valid(json::mesh::Semantic::Colors(0)),
                json::Index::new(accessors.len() as u32 - 1),
            );
        }
        if !m.uvs.is_empty() {
            // A muscle's coordinates across its fibres.
            let mut uv = Vec::with_capacity(m.uvs.len() * 8);
            for t in &m.uvs {
                f32s(&mut uv, t);
            }
            let vt = view(&mut bin, &uv, Some(json::buffer::Target::ArrayBuffer));
            accessors.push(accessor(
                vt,
                count,
                json::accessor::Type::Vec2,
                json::accessor::ComponentType::F32,
                None,
                None,
            ));
            attributes.insert(
                Valid(json::mesh::Semantic::TexCoords(0)),
                json::Index::new(accessors.len() as u32 - 1),
            );
        }
        if let Some(weights) = skin.and_then(|s| s.weights.get(i)) {
            let mut joints = Vec::with_capacity(weights.len() * 4);
            let mut amounts = Vec::with_capacity(weights.len() * 4);
            for w in weights {
                joints.extend(w.joints.map(|j| j as u8));
                amounts.extend(quantise(w.weights));
            }
            for (bytes, semantic, normalized) in [
                (joints, json::mesh::Semantic::Joints(0), false),
                (amounts, json::mesh::Semantic::Weights(0), true),
            ] {
                let v = view(&mut bin, &bytes, Some(json::buffer::Target::ArrayBuffer));
                let mut a = accessor(
                    v,
                    count,
                    json::accessor::Type::Vec4,
                    json::accessor::ComponentType::U8,
                    None,
                    None,
                );
                a.normalized = normalized;
                accessors.push(a);
                attributes.insert(
                    Valid(semantic),
                    json::Index::new(accessors.len() as u32 - 1),
                );
            }
        }
        let vi = view(
            &mut bin,
            &idx,
            Some(json::buffer::Target::ElementArrayBuffer),
        );
        accessors.push(accessor(
            vi,
            m.indices.len() as u64,
            json::accessor::Type::Scalar,
            if short {
                json::accessor::ComponentType::U16
            } else {
                json::accessor::ComponentType::U32
            },
            None,
            None,
        ));
        let a_idx = accessors.len() as u32 - 1;
        meshes.push(json::Mesh {
            extensions: None,
            extras: Default::default(),
            name: Some(node.name.clone()),
            primitives: vec![json::mesh::Primitive {
                attributes,
                extensions: None,
                extras: Default::default(),
                indices: Some(json::Index::new(a_idx)),
                material: Some(json::Index::new(material_index(node))),
                mode: Valid(json::mesh::Mode::Triangles),
                targets: None,
            }],
            weights: None,
        });
        json_nodes.push(json::Node {
            mesh: Some(json::Index::new(i as u32)),
            name: Some(node.name.clone()),
            skin: skin.map(|_| json::Index::new(0)),
            ..Default::default()
        });
        scene_nodes.push(json::Index::new(i as u32));
    }
    if let Some(skin) = skin {
        // The joints follow the meshes: each at its centre relative to its parent, bound by the inverse
        // of its place in the neutral model.
        let first = json_nodes.len() as u32;
        let centres = skin.skeleton.centres();
        let mut matrices = Vec::with_capacity(JOINTS.len() * 64);
        for (k, (name, parent)) in JOINTS.iter().enumerate() {
            let local = centres[k] - parent.map_or(glam::Vec3::ZERO, |p| centres[p]);
            let children: Vec<json::Index<json::Node>> = JOINTS
                .iter()
                .enumerate()
                .filter(|(_, (_, p))| *p == Some(k))
                .map(|(c, _)| json::Index::new(first + c as u32))
                .collect();
            json_nodes.push(json::Node {
                name: Some((*name).to_owned()),
                translation: Some(local.to_array()),
                children: (!children.is_empty()).then_some(children),
                ..Default::default()
            });
            let inverse_bind = glam::Mat4::from_translation(-centres[k]);
            for x in inverse_bind.to_cols_array() {
                matrices.extend_from_slice(&x.to_le_bytes());
            }
        }
        scene_nodes.push(json::Index::new(first));
        let v = view(&mut bin, &matrices, None);
        accessors.push(json::Accessor {
            buffer_view: Some(json::Index::new(v)),
            byte_offset: Some(USize64(0)),
            count: USize64(JOINTS.len() as u64),
            component_type: Valid(json::accessor::GenericComponentType(
                json::accessor::ComponentType::F32,
            )),
            extensions: None,
            extras: Default::default(),
            type_: Valid(json::accessor::Type::Mat4),
            min: None,
            max: None,
            name: None,
            normalized: false,
            sparse: None,
        });
        root.skins.push(json::Skin {
            extensions: None,
            extras: Default::default(),
            inverse_bind_matrices: Some(json::Index::new(accessors.len() as u32 - 1)),
            joints: (0..JOINTS.len() as u32)
                .map(|k| json::Index::new(first + k))
                .collect(),
            name: Some("body".into()),
            skeleton: Some(json::Index::new(first)),
        });
    }
    align4(&mut bin);
    root.buffers[0].byte_length = USize64(bin.len() as u64);
    root.accessors = accessors;
    root.meshes = meshes;
    root.nodes = json_nodes;
    root.scenes.push(json::Scene {
        extensions: None,
        extras: Default::default(),
        name: Some("pelvis_leg".into()),
        nodes: scene_nodes,
    });
    root.scene = Some(json::Index::new(0));
    let json_bytes = json::serialize::to_vec(&root).map_err(|e| ModelError::Gltf(e.to_string()))?;
    let mut json_padded = json_bytes;
    while !json_padded.len().is_multiple_of(4) {
        json_padded.push(b' ');
    }
    let glb = gltf::binary::Glb {
        header: gltf::binary::Header {
            magic: *b"glTF",
            version: 2,
            length: (12 + 8 + json_padded.len() + 8 + bin.len()) as u32,
        },
        json: std::borrow::Cow::Owned(json_padded),
        bin: Some(std::borrow::Cow::Owned(bin)),
    };
    glb.to_vec().map_err(|e| ModelError::Gltf(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anatomy::mesh::ModelMeshes;
    use crate::anatomy::model::sdf::Mesh;
    use glam::Vec3;

    fn node(name: &str, kind: Kind, blood: Option<Blood>) -> NodeMesh {
        let mesh = Mesh {
            positions: vec![Vec3::ZERO, Vec3::X, Vec3::Y],
            normals: vec![Vec3::Z; 3],
            colors: Vec::new(),
            uvs: Vec::new(),
            indices: vec![0, 1, 2],
        };
        NodeMesh {
            name: name.into(),
            kind,
            blood,
            mesh,
        }
    }

    /// Arteries are red and veins blue, each in a material of its own; nerves keep theirs.
    #[test]
    fn vessels_get_an_artery_or_a_vein_material() {
        let nodes = [
            node("femoral_artery_r", Kind::Vessel, Some(Blood::Artery)),
            node("femoral_vein_r", Kind::Vessel, Some(Blood::Vein)),
            node("femoral_nerve_r", Kind::Nerve, None),
        ];
        let bytes = encode(&nodes, None).expect("encodes");
        let model = ModelMeshes::from_glb(&bytes).expect("reads back");
        let material = |name: &str| {
            model
                .nodes
                .iter()
                .find(|n| n.name == name)
                .map(|n| n.material.clone())
                .expect(name)
        };
        let (artery, vein) = (material("femoral_artery_r"), material("femoral_vein_r"));
        assert_eq!(artery.name, "artery");
        assert_eq!(vein.name, "vein");
        assert_eq!(material("femoral_nerve_r").name, "nerve");
        let [r, g, b, _] = artery.base_color;
        assert!(r > 3.0 * g && r > 3.0 * b, "artery {:?}", artery.base_color);
        let [r, g, b, _] = vein.base_color;
        assert!(b > 2.0 * r && b > 2.0 * g, "vein {:?}", vein.base_color);
    }
}
