//! Picking on the posed body. Bevy's mesh picking casts rays against the meshes as they are stored, the
//! neutral body, while the skeleton moves the legs on the graphics card. This backend splits each node's
//! triangles by the joint that moves them most, casts the pointer's ray against each part where its joint
//! has put it, and reports the nearest hit per node, as mesh picking does. It also keeps each hit's point
//! and normal on the neutral body, which is where plans anchor their zones.

use std::collections::HashMap;
use std::sync::OnceLock;

use bevy::math::bounding::Aabb3d;
use bevy::math::{Affine3A, Vec3A};
use bevy::picking::backend::ray::RayMap;
use bevy::picking::backend::{HitData, PointerHits};
use bevy::picking::mesh_picking::ray_cast::{
    Backfaces, ray_aabb_intersection_3d, ray_mesh_intersection,
};
use bevy::picking::pointer::PointerId;
use bevy::picking::{Pickable, PickingSystems};
use bevy::prelude::*;
use bevy_panorbit_camera::PanOrbitCamera;

use crate::anatomy::mesh::{ModelMeshes, NodeMeshData};
use crate::anatomy::model::skin::{JOINTS, VertexWeights};
use crate::app::scene::model::{ModelRoot, SkinJoint, StructureNode};

/// Registers the backend.
pub fn plugin(app: &mut App) {
    app.init_resource::<NeutralHits>()
        .add_message::<PointerHits>()
        .add_systems(PreUpdate, cast_rays.in_set(PickingSystems::Backend));
}

/// Where the mouse pointer's ray last met each node, on the neutral body (model frame): point and
/// outward normal.
#[derive(Resource, Debug, Default)]
pub struct NeutralHits(pub HashMap<Entity, (Vec3, Vec3)>);

/// The triangles of one node that one joint moves most, with their neutral bounds.
struct Part {
    joint: usize,
    indices: Vec<u32>,
    bounds: Aabb3d,
}

/// Each node's parts, by node name, built once from the model.
fn parts() -> &'static HashMap<String, (&'static NodeMeshData, Vec<Part>)> {
    static PARTS: OnceLock<HashMap<String, (&'static NodeMeshData, Vec<Part>)>> = OnceLock::new();
    PARTS.get_or_init(|| {
        ModelMeshes::embedded()
            .nodes
            .iter()
            .map(|node| (node.name.clone(), (node, split(node))))
            .collect()
    })
}

/// Splits a node's triangles by the joint that moves their first corner most.
fn split(node: &NodeMeshData) -> Vec<Part> {
    let dominant = |v: usize| -> usize {
        match (&node.joints, &node.weights) {
            (Some(joints), Some(weights)) => VertexWeights {
                joints: joints[v],
                weights: weights[v],
            }
            .dominant(),
            _ => 0,
        }
    };
    let mut by_joint: Vec<Vec<u32>> = vec![Vec::new(); JOINTS.len()];
    for t in node.indices.chunks_exact(3) {
        by_joint[dominant(t[0] as usize).min(JOINTS.len() - 1)].extend_from_slice(t);
    }
    by_joint
        .into_iter()
        .enumerate()
        .filter(|(_, indices)| !indices.is_empty())
        .map(|(joint, indices)| {
            let mut lo = Vec3::MAX;
            let mut hi = Vec3::MIN;
            for i in &indices {
                let p = Vec3::from(node.positions[*i as usize]);
                lo = lo.min(p);
                hi = hi.max(p);
            }
            Part {
                joint,
                indices,
                bounds: Aabb3d {
                    min: Vec3A::from(lo),
                    max: Vec3A::from(hi),
                },
            }
        })
        .collect()
}

/// The nearest hit of a ray on a node: distance, world point and normal, neutral point and normal.
fn cast_node(
    ray: Ray3d,
    data: &NodeMeshData,
    parts: &[Part],
    placed: &[Affine3A; 7],
) -> Option<(f32, Vec3, Vec3, Vec3, Vec3)> {
    let mut best: Option<(f32, Vec3, Vec3, Vec3, Vec3)> = None;
    for part in parts {
        let to_world = placed[part.joint];
        let Some(near) = ray_aabb_intersection_3d(ray, &part.bounds, &to_world) else {
            continue;
        };
        if best.is_some_and(|b| near > b.0) {
            continue;
        }
        let Some(hit) = ray_mesh_intersection(
            ray,
            &to_world,
            &data.positions,
            Some(&data.normals),
            Some(&part.indices),
            None,
            Backfaces::Cull,
        ) else {
            continue;
        };
        if best.is_none_or(|b| hit.distance < b.0) {
            let back = to_world.inverse();
            let normal = hit.normal.normalize_or(Vec3::Y);
            best = Some((
                hit.distance,
                hit.point,
                normal,
                back.transform_point3(hit.point),
                back.transform_vector3(normal).normalize_or(Vec3::Y),
            ));
        }
    }
    best
}

fn cast_rays(
    rays: Res<RayMap>,
    cameras: Query<&Camera, With<PanOrbitCamera>>,
    roots: Query<&GlobalTransform, With<ModelRoot>>,
    joints: Query<(&SkinJoint, &Transform)>,
    nodes: Query<(
        Entity,
        &StructureNode,
        &InheritedVisibility,
        Option<&Pickable>,
    )>,
    mut hits: MessageWriter<PointerHits>,
    mut neutral: ResMut<NeutralHits>,
) {
    let Ok(root) = roots.single() else {
        return;
    };
    let mut placed = [root.affine(); 7];
    for (joint, transform) in &joints {
        if let Some(slot) = placed.get_mut(joint.0) {
            *slot = root.affine() * transform.compute_affine();
        }
    }
    let parts = parts();
    for (id, ray) in rays.iter() {
        let Ok(camera) = cameras.get(id.camera) else {
            continue;
        };
        let mut picks = Vec::new();
        let mut on_body = HashMap::new();
        for (entity, node, visible, pickable) in &nodes {
            if !visible.get() || pickable.is_some_and(|p| !p.is_hoverable) {
                continue;
            }
            let Some((data, node_parts)) = parts.get(&node.node) else {
                continue;
            };
            if let Some((distance, point, normal, at, facing)) =
                cast_node(*ray, data, node_parts, &placed)
            {
                picks.push((
                    entity,
                    HitData::new(id.camera, distance, Some(point), Some(normal)),
                ));
                on_body.insert(entity, (at, facing));
            }
        }
        if id.pointer == PointerId::Mouse && neutral.0 != on_body {
            neutral.0 = on_body;
        }
        if !picks.is_empty() {
            hits.write(PointerHits::new(id.pointer, picks, camera.order as f32));
        }
    }
}
