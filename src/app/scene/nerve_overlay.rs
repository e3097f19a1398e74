//! The nerve overlay: a second camera that draws copies of the nerves over everything, so the nerve's
//! course reads through muscle and bone when the user asks for it.

use bevy::camera::visibility::RenderLayers;
use bevy::prelude::*;
use bevy_panorbit_camera::PanOrbitCamera;

use super::layers::ViewSettings;
use super::model::{StructureNode, ViewLayer};
use crate::app::schedule::AppSet;

/// Registers the overlay camera and keeps the nerve copies in step.
pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_nerve_overlay)
        .add_systems(PostUpdate, sync_nerve_overlay.in_set(AppSet::Scene));
}

/// Render layer of the nerve overlay.
const OVERLAY_LAYER: usize = 1;

/// Marks the camera that draws the nerve overlay.
#[derive(Component)]
struct OverlayCamera;

/// Marks a nerve copy drawn by the overlay camera; holds the node it copies.
#[derive(Component)]
struct NerveOverlay(String);

fn spawn_nerve_overlay(mut commands: Commands) {
    commands.spawn((
        Name::new("Nerve overlay camera"),
        OverlayCamera,
        Camera3d::default(),
        bevy::core_pipeline::tonemapping::Tonemapping::None,
        Camera {
            order: 1,
            clear_color: ClearColorConfig::None,
            is_active: false,
            ..default()
        },
        RenderLayers::layer(OVERLAY_LAYER),
    ));
}

/// Keeps the overlay camera on the main camera and the nerve copies in step with the settings.
fn sync_nerve_overlay(
    settings: Res<ViewSettings>,
    main: Query<(&Transform, &Camera, &Projection), (With<PanOrbitCamera>, Without<OverlayCamera>)>,
    mut overlay: Query<(&mut Transform, &mut Camera, &mut Projection), With<OverlayCamera>>,
    nerves: Query<
        (
            Entity,
            &StructureNode,
            &Mesh3d,
            &Visibility,
            Option<&bevy::mesh::skinning::SkinnedMesh>,
        ),
        Without<NerveOverlay>,
    >,
    mut copies: Query<(&NerveOverlay, &mut Visibility)>,
    materials: Option<ResMut<Assets<StandardMaterial>>>,
    mut commands: Commands,
    mut material: Local<Option<Handle<StandardMaterial>>>,
) {
    let Ok((main_transform, main_camera, main_projection)) = main.single() else {
        return;
    };
    let Ok((mut transform, mut camera, mut projection)) = overlay.single_mut() else {
        return;
    };
    let on = settings.nerve_highlight;
    if camera.is_active != on {
        camera.is_active = on;
    }
    if !on {
        return;
    }
    *transform = *main_transform;
    camera.viewport.clone_from(&main_camera.viewport);
    *projection = main_projection.clone();
    let Some(mut materials) = materials else {
        return;
    };
    if material.is_none() {
        *material = Some(materials.add(StandardMaterial {
            base_color: Color::srgba(1.0, 0.85, 0.1, 0.55),
            unlit: true,
            alpha_mode: AlphaMode::Blend,
            ..default()
        }));
    }
    let handle = material.clone().unwrap_or_default();
    if copies.is_empty() {
        for (entity, node, mesh, _, skin) in &nerves {
            if node.layer != ViewLayer::Nerves {
                continue;
            }
            // A copy of a skinned nerve is skinned to the same joints, so it follows the posed leg.
            let skin = skin.cloned();
            let mut copy = commands.spawn((
                ChildOf(entity),
                Name::new(format!("{} overlay", node.node)),
                NerveOverlay(node.node.clone()),
                Mesh3d(mesh.0.clone()),
                MeshMaterial3d(handle.clone()),
                RenderLayers::layer(OVERLAY_LAYER),
                Transform::default(),
                Visibility::Inherited,
            ));
            if let Some(skin) = skin {
                copy.insert((skin, bevy::camera::visibility::NoFrustumCulling));
            }
        }
    }
    for (copy, mut visibility) in &mut copies {
        let shown = nerves
            .iter()
            .any(|(_, n, _, v, _)| n.node == copy.0 && *v != Visibility::Hidden);
        visibility.set_if_neq(if shown {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}
