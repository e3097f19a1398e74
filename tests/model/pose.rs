//! The skinned model: every vertex bound to the skeleton, bones rigid, and the soft tissue stretching
//! smoothly (not tearing or collapsing) when the leg is posed.

use glam::Vec3;
use sciatic_planner::anatomy::model::skin::VertexWeights;
use sciatic_planner::pose::{JointCentres, LegAngles, Pose};

use super::*;

fn weights_of(node: &sciatic_planner::anatomy::mesh::NodeMeshData) -> Vec<VertexWeights> {
    let joints = node.joints.as_ref().expect("skin joints");
    let weights = node.weights.as_ref().expect("skin weights");
    joints
        .iter()
        .zip(weights)
        .map(|(j, w)| VertexWeights {
            joints: *j,
            weights: *w,
        })
        .collect()
}

#[test]
fn every_vertex_is_bound_and_bones_ride_one_joint() {
    for node in &committed_meshes().nodes {
        let weights = weights_of(node);
        assert_eq!(weights.len(), node.positions.len(), "{}", node.name);
        let bone = Anatomy::embedded()
            .structure_of_node(node.name.split("__variant_").next().unwrap())
            .is_some_and(|(s, _)| s.kind == Kind::Bone);
        for w in &weights {
            let sum: f32 = w.weights.iter().sum();
            assert!((sum - 1.0).abs() < 0.01, "{}: {w:?}", node.name);
            assert!(w.joints.iter().all(|j| *j < 7), "{}: {w:?}", node.name);
            if bone {
                assert!(w.weights.iter().any(|x| *x > 0.999), "{}: {w:?}", node.name);
            }
        }
    }
}

/// Per triangle, its area in the posed body over its area in the neutral one, and the longest of its
/// edges' stretches (posed length over neutral length).
fn stretches(name: &str, pose: &Pose) -> Vec<(f32, f32)> {
    let node = committed_meshes().node(name).expect(name);
    let joints = JointCentres::of(Anatomy::embedded()).unwrap();
    let weights = weights_of(node);
    let neutral: Vec<Vec3> = node.positions.iter().copied().map(Vec3::from).collect();
    let posed: Vec<Vec3> = neutral
        .iter()
        .zip(&weights)
        .map(|(p, w)| pose.place_skinned(joints, w, *p))
        .collect();
    let area = |v: &[Vec3], t: &[u32]| {
        let [a, b, c] = [t[0], t[1], t[2]].map(|i| v[i as usize]);
        (b - a).cross(c - a).length() / 2.0
    };
    node.indices
        .chunks_exact(3)
        .map(|t| {
            let mut high = 0.0f32;
            for (a, b) in [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])] {
                let (a, b) = (a as usize, b as usize);
                let before = neutral[a].distance(neutral[b]).max(1e-6);
                high = high.max(posed[a].distance(posed[b]) / before);
            }
            (area(&posed, t) / area(&neutral, t), high)
        })
        .zip(node.indices.chunks_exact(3))
        // Triangles with next to no area to begin with say nothing about the pose.
        .filter(|(_, t)| area(&neutral, t) > 1e-8)
        .map(|(s, _)| s)
        .collect()
}

#[test]
fn the_soft_tissue_neither_tears_nor_collapses_in_the_three_tests() {
    let poses = [
        ("straight leg raise at 90 degrees", 90.0, 0.0),
        ("piriformis test", 60.0, 90.0),
        ("hip and knee at 90 degrees", 90.0, 90.0),
    ];
    for (what, hip, knee) in poses {
        let pose = Pose {
            right: LegAngles {
                hip_flexion: hip,
                knee_flexion: knee,
                ..LegAngles::default()
            },
            ..Pose::default()
        };
        for name in [
            "skin",
            "gluteus_maximus_r",
            "biceps_femoris_long_head_r",
            "semitendinosus_r",
            "sciatic_nerve_r",
            "tibial_nerve_r",
            "vastus_lateralis_r",
            "gastrocnemius_medial_head_r",
        ] {
            let s = stretches(name, &pose);
            let torn = s.iter().filter(|(_, high)| *high > 5.0).count();
            let collapsed = s.iter().filter(|(area, _)| *area < 0.1).count();
            println!(
                "{what}, {name}: {} triangles, {torn} torn, {collapsed} collapsed",
                s.len()
            );
            // The crease behind a bent knee folds a little, as the body's does.
            assert!(
                torn * 100 < s.len(),
                "{what}: {name}: {torn} of {} triangles torn",
                s.len()
            );
            assert!(
                collapsed * 50 < s.len(),
                "{what}: {name}: {collapsed} of {} triangles collapsed",
                s.len()
            );
        }
    }
}
