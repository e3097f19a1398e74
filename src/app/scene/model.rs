//! The anatomical model in the scene: one entity per glTF node, tagged with its structure and view layer.
//!
//! The meshes come from the model built into the binary, converted here from the pure reader's data.
//! Without render assets (headless tests) the entities are spawned all the same, without meshes.

use bevy::asset::RenderAssetUsages;
use bevy::camera::visibility::NoFrustumCulling;
use bevy::mesh::skinning::{SkinnedMesh, SkinnedMeshInverseBindposes};
use bevy::mesh::{Indices, PrimitiveTopology, VertexAttributeValues};
use bevy::prelude::*;

use super::fibres;
use super::skin_rim::{SkinMaterial, SkinRim};
use crate::anatomy::mesh::{ModelMeshes, NodeMeshData};
use crate::anatomy::model::skin::JOINTS;
use crate::anatomy::{Anatomy, BoneSegment, Kind, Layer, Side};
use crate::plan::Segment;

/// Spawns the model at start-up.
pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_model);
}

/// The view layers a user shows, hides and fades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Reflect)]
pub enum ViewLayer {
    /// The skin envelope.
    Skin,
    /// Superficial muscles and tendons (gluteus maximus, the calf, the IT band, tensor fasciae latae).
    Superficial,
    /// Intermediate muscles (gluteus medius, the hamstrings, ...).
    Intermediate,
    /// Deep muscles (the rotator fan, gluteus minimus, ...).
    Deep,
    /// Bones.
    Bones,
    /// Nerves and roots.
    Nerves,
    /// Blood vessels: arteries and veins.
    Vessels,
    /// Ligaments.
    Ligaments,
}

impl ViewLayer {
    /// Every layer, outermost first.
    pub const ALL: [ViewLayer; 8] = [
        ViewLayer::Skin,
        ViewLayer::Superficial,
        ViewLayer::Intermediate,
        ViewLayer::Deep,
        ViewLayer::Bones,
        ViewLayer::Nerves,
        ViewLayer::Vessels,
        ViewLayer::Ligaments,
    ];

    /// The layer a structure is shown in.
    pub fn of(kind: Kind, layer: Layer) -> Self {
        match kind {
            Kind::Skin => ViewLayer::Skin,
            Kind::Bone => ViewLayer::Bones,
            Kind::Nerve => ViewLayer::Nerves,
            Kind::Vessel => ViewLayer::Vessels,
            Kind::Ligament => ViewLayer::Ligaments,
            Kind::Muscle | Kind::Tendon => match layer {
                Layer::Superficial => ViewLayer::Superficial,
                Layer::Intermediate => ViewLayer::Intermediate,
                Layer::Deep => ViewLayer::Deep,
            },
        }
    }

    /// Its command-line and file name (`skin`, `superficial`, ...).
    pub fn id(self) -> &'static str {
        match self {
            ViewLayer::Skin => "skin",
            ViewLayer::Superficial => "superficial",
            ViewLayer::Intermediate => "intermediate",
            ViewLayer::Deep => "deep",
            ViewLayer::Bones => "bones",
            ViewLayer::Nerves => "nerves",
            ViewLayer::Vessels => "vessels",
            ViewLayer::Ligaments => "ligaments",
        }
    }

    /// Parses [`ViewLayer::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.id() == id.trim().to_lowercase())
    }

    /// Its name in the interface.
    pub fn label(self) -> &'static str {
        match self {
            ViewLayer::Skin => "Skin",
            ViewLayer::Superficial => "Superficial muscles",
            ViewLayer::Intermediate => "Intermediate muscles",
            ViewLayer::Deep => "Deep muscles",
            ViewLayer::Bones => "Bones",
            ViewLayer::Nerves => "Nerves",
            ViewLayer::Vessels => "Blood vessels",
            ViewLayer::Ligaments => "Ligaments",
        }
    }
}

/// A body region, for grouping the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    /// Lower back and pelvis.
    PelvisAndBack,
    /// Hip and thigh.
    HipAndThigh,
    /// Knee and lower leg.
    KneeAndLeg,
    /// Foot.
    Foot,
}

impl Region {
    /// The region of a body segment.
    pub fn of(segment: BoneSegment) -> Self {
        match segment {
            BoneSegment::Lumbar | BoneSegment::Pelvis => Region::PelvisAndBack,
            BoneSegment::Femur => Region::HipAndThigh,
            BoneSegment::Tibia => Region::KneeAndLeg,
            BoneSegment::Foot => Region::Foot,
        }
    }

    /// Its name in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Region::PelvisAndBack => "Pelvis and lower back",
            Region::HipAndThigh => "Hip and thigh",
            Region::KneeAndLeg => "Knee and lower leg",
            Region::Foot => "Foot",
        }
    }
}

/// One node of the model: what it is and how it is drawn.
#[derive(Component, Debug, Clone)]
pub struct StructureNode {
    /// The node name (`piriformis_r`).
    pub node: String,
    /// The structure id in the anatomy data (`piriformis`).
    pub structure: String,
    /// Display name, with the side (`Piriformis (right)`).
    pub label: String,
    /// Its side.
    pub side: Side,
    /// The layer it is shown in.
    pub layer: ViewLayer,
    /// The region it belongs to.
    pub region: Region,
    /// For variant geometry, the variant letter (`B`, `F`); `None` for the default nodes.
    pub variant: Option<char>,
    /// The variant letters whose geometry replaces this default node (from the model's variant nodes).
    pub replaced_in: Vec<char>,
    /// Model-space centre of its bounds.
    pub centre: Vec3,
    /// Radius of a sphere around its bounds.
    pub radius: f32,
    /// The colour and blending it has in the file.
    pub base_color: Color,
    /// True when drawn blended even at full opacity (the skin).
    pub blend: bool,
}

/// The root entity all model nodes hang from; its transform poses the body.
#[derive(Component, Debug)]
pub struct ModelRoot;

/// A joint of the body's skeleton: its index in the model's skin (the pelvis, then each side's hip, knee
/// and ankle). Its transform, within the model root, carries the segment below it.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkinJoint(pub usize);

/// The skeleton's joint entities, in the skin's order (the same order as [`Segment::ALL`]).
#[derive(Resource, Debug, Clone, Copy)]
pub struct SkinJoints(pub [Entity; 7]);

impl SkinJoints {
    /// The joint that carries `segment`: what rides on that segment hangs from it.
    pub fn of(&self, segment: Segment) -> Entity {
        self.0[segment.index()]
    }
}

/// Display name of a node: the structure's name with its side.
pub fn node_label(name: &str, side: Side) -> String {
    match side {
        Side::Right => format!("{name} (right)"),
        Side::Left => format!("{name} (left)"),
        Side::Midline => name.to_owned(),
    }
}

/// The structure entities to spawn, from the model and the anatomy data.
pub fn structure_nodes(model: &ModelMeshes, anatomy: &Anatomy) -> Vec<(StructureNode, usize)> {
    let mut out = Vec::new();
    for (index, data) in model.nodes.iter().enumerate() {
        let (base, variant) = match data.name.split_once("__variant_") {
            Some((base, letter)) => (base, letter.chars().next().map(|c| c.to_ascii_uppercase())),
            None => (data.name.as_str(), None),
        };
        let Some((structure, side)) = anatomy.structure_of_node(base) else {
            continue;
        };
        let (lo, hi) = data.bounds();
        let [r, g, b, a] = data.material.base_color;
        let mut label = node_label(&structure.name, side);
        if let Some(letter) = variant {
            label = format!("{label}, variant {letter}");
        }
        out.push((
            StructureNode {
                node: data.name.clone(),
                structure: structure.id.clone(),
                label,
                side,
                layer: ViewLayer::of(structure.kind, structure.layer),
                region: Region::of(structure.segment),
                variant,
                replaced_in: Vec::new(),
                centre: (lo + hi) / 2.0,
                radius: (hi - lo).length() / 2.0,
                base_color: Color::linear_rgba(r, g, b, a),
                blend: data.material.blend,
            },
            index,
        ));
    }
    // A variant node `X__variant_b` replaces `X` when variant B is shown.
    let replacements: Vec<(String, char)> = out
        .iter()
        .filter_map(|(n, _)| Some((n.node.split_once("__variant_")?.0.to_owned(), n.variant?)))
        .collect();
    for (base, letter) in replacements {
        if let Some((node, _)) = out.iter_mut().find(|(n, _)| n.node == base) {
            node.replaced_in.push(letter);
        }
    }
    out
}

/// A Bevy mesh from a node of the model.
pub fn to_mesh(data: &NodeMeshData) -> Mesh {
    let mut mesh = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    );
    mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, data.positions.clone());
    mesh.insert_attribute(Mesh::ATTRIBUTE_NORMAL, data.normals.clone());
    if let Some(colors) = &data.colors {
        mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, colors.clone());
    }
    if let Some(uvs) = &data.uvs {
        mesh.insert_attribute(Mesh::ATTRIBUTE_UV_0, uvs.clone());
    }
    if let (Some(joints), Some(weights)) = (&data.joints, &data.weights) {
        mesh.insert_attribute(
            Mesh::ATTRIBUTE_JOINT_INDEX,
            VertexAttributeValues::Uint16x4(joints.clone()),
        );
        mesh.insert_attribute(Mesh::ATTRIBUTE_JOINT_WEIGHT, weights.clone());
    }
    mesh.insert_indices(Indices::U32(data.indices.clone()));
    mesh
}

/// The material a node starts with.
pub fn base_material(node: &StructureNode) -> StandardMaterial {
    StandardMaterial {
        base_color: node.base_color,
        perceptual_roughness: match node.layer {
            ViewLayer::Bones => 0.75,
            ViewLayer::Nerves => 0.45,
            ViewLayer::Vessels => 0.35,
            ViewLayer::Skin => 0.6,
            // Ligaments shine a little, as dense fibrous tissue does, so they do not read as bone.
            ViewLayer::Ligaments => 0.38,
            _ => 0.55,
        },
        reflectance: 0.35,
        alpha_mode: if node.blend {
            AlphaMode::Blend
        } else {
            AlphaMode::Opaque
        },
        // Only front faces, the skin included: drawing its inner side too doubles the cost of the
        // largest translucent surface for little gain in the picture.
        double_sided: false,
        cull_mode: Some(bevy::render::render_resource::Face::Back),
        ..default()
    }
}

fn spawn_model(
    mut commands: Commands,
    meshes: Option<ResMut<Assets<Mesh>>>,
    materials: Option<ResMut<Assets<StandardMaterial>>>,
    mut skin_materials: Option<ResMut<Assets<SkinMaterial>>>,
    images: Option<ResMut<Assets<Image>>>,
    bindposes: Option<ResMut<Assets<SkinnedMeshInverseBindposes>>>,
) {
    let model = ModelMeshes::embedded();
    let nodes = structure_nodes(model, Anatomy::embedded());
    let root = commands
        .spawn((
            Name::new("Model"),
            ModelRoot,
            Transform::default(),
            Visibility::default(),
        ))
        .id();
    // The joints hang from the root. Each one's transform is its segment's movement in the model frame,
    // so the skin binds with identity matrices: a vertex in the model frame stays put in the neutral pose.
    let joints = JOINTS.map(|(name, _)| name).map(|name| {
        commands
            .spawn((
                Name::new(format!("joint {name}")),
                Transform::default(),
                Visibility::default(),
                ChildOf(root),
            ))
            .id()
    });
    for (k, joint) in joints.iter().enumerate() {
        commands.entity(*joint).insert(SkinJoint(k));
    }
    commands.insert_resource(SkinJoints(joints));
    let skin = bindposes.map(|mut bindposes| SkinnedMesh {
        inverse_bindposes: bindposes.add(SkinnedMeshInverseBindposes::from(vec![
            Mat4::IDENTITY;
            JOINTS.len()
        ])),
        joints: joints.to_vec(),
    });
    let striation = images.map(|mut images| images.add(fibres::striation_image()));
    let mut render = meshes.zip(materials);
    for (node, index) in nodes {
        let mut entity = commands.spawn((
            Name::new(node.node.clone()),
            Transform::default(),
            Visibility::default(),
            ChildOf(root),
        ));
        if let Some((meshes, materials)) = render.as_mut() {
            let data = &model.nodes[index];
            let mut material = base_material(&node);
            if let (Some(texture), Some(_)) = (&striation, &data.uvs) {
                fibres::striate(&mut material, texture.clone());
            }
            entity.insert(Mesh3d(meshes.add(to_mesh(data))));
            match skin_materials.as_mut() {
                Some(skin_materials) if node.layer == ViewLayer::Skin => {
                    entity.insert(MeshMaterial3d(skin_materials.add(SkinMaterial {
                        base: material,
                        extension: SkinRim::default(),
                    })))
                }
                _ => entity.insert(MeshMaterial3d(materials.add(material))),
            };
            // A posed leg leaves the neutral bounds, so the skinned meshes are never culled by them.
            if let (Some(skin), Some(_)) = (&skin, &data.joints) {
                entity.insert((skin.clone(), NoFrustumCulling));
            }
        }
        entity.insert(node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_structure_node_gets_a_layer_and_label() {
        let nodes = structure_nodes(ModelMeshes::embedded(), Anatomy::embedded());
        let names: Vec<&str> = nodes.iter().map(|(n, _)| n.node.as_str()).collect();
        for name in Anatomy::embedded().node_names() {
            assert!(names.contains(&name.as_str()), "{name} missing");
        }
        let find = |n: &str| nodes.iter().find(|(s, _)| s.node == n).unwrap().0.clone();
        assert_eq!(find("skin").layer, ViewLayer::Skin);
        assert_eq!(find("femur_r").layer, ViewLayer::Bones);
        assert_eq!(find("sciatic_nerve_r").layer, ViewLayer::Nerves);
        assert_eq!(find("piriformis_r").layer, ViewLayer::Deep);
        assert_eq!(find("gluteus_maximus_l").layer, ViewLayer::Superficial);
        assert_eq!(find("sacrotuberous_ligament_r").layer, ViewLayer::Ligaments);
        assert_eq!(find("femoral_nerve_l").layer, ViewLayer::Nerves);
        // Every vessel, and nothing else, is in the vessels layer.
        for (node, _) in &nodes {
            let vessel = Anatomy::embedded()
                .structure(&node.structure)
                .is_some_and(|s| s.kind == Kind::Vessel);
            assert_eq!(node.layer == ViewLayer::Vessels, vessel, "{}", node.node);
        }
        assert_eq!(find("popliteal_vein_r").layer, ViewLayer::Vessels);
        assert_eq!(find("femoral_artery_l").label, "Femoral artery (left)");
        assert_eq!(find("piriformis_r").label, "Piriformis (right)");
        assert!(nodes.iter().any(|(n, _)| n.variant == Some('B')));
        assert_eq!(
            find("sciatic_nerve_r").replaced_in,
            vec!['B', 'C', 'D', 'E', 'F']
        );
        assert!(find("tibial_nerve_r").replaced_in.is_empty());
        for layer in ViewLayer::ALL {
            assert_eq!(ViewLayer::from_id(layer.id()), Some(layer));
        }
    }
}
