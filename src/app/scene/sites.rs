//! The endangerment sites as a layer of the viewer: a translucent capsule for each site on each side,
//! derived from the anatomy data (the interface writes their names beside them).

use bevy::light::NotShadowCaster;
use bevy::picking::Pickable;
use bevy::prelude::*;

use super::layers::ViewSettings;
use super::model::{ModelRoot, SkinJoints};
use crate::anatomy::model::skin::Skeleton;
use crate::anatomy::{Anatomy, Danger, Side};
use crate::anatomy::{BoneSegment, Kind};
use crate::app::schedule::AppSet;

/// Registers the site layer.
pub fn plugin(app: &mut App) {
    app.add_systems(PostStartup, spawn_sites)
        .add_systems(PostUpdate, show_sites.in_set(AppSet::Scene));
}

/// One site's capsule.
#[derive(Component, Debug, Clone)]
pub struct SiteMarker {
    /// The site's name.
    pub name: String,
    /// Its side.
    pub side: Side,
    /// Model-frame centre.
    pub centre: Vec3,
}

fn colour(severity: Danger) -> Color {
    match severity {
        Danger::High => Color::linear_rgba(0.95, 0.08, 0.02, 0.38),
        Danger::Moderate => Color::linear_rgba(1.0, 0.55, 0.0, 0.32),
    }
}

fn spawn_sites(
    mut commands: Commands,
    roots: Query<Entity, With<ModelRoot>>,
    joints: Option<Res<SkinJoints>>,
    meshes: Option<ResMut<Assets<Mesh>>>,
    materials: Option<ResMut<Assets<StandardMaterial>>>,
) {
    let Ok(root) = roots.single() else {
        return;
    };
    let mut render = meshes.zip(materials);
    let skeleton = Skeleton::embedded().ok();
    for site in Anatomy::embedded().site_capsules() {
        let axis = site.to - site.from;
        let centre = (site.from + site.to) / 2.0;
        // A site rides on the segment that moves its centre most, as the vessels and nerves there do.
        let parent = match (&joints, skeleton) {
            (Some(joints), Some(skeleton)) => {
                let w = skeleton.weights(Kind::Vessel, BoneSegment::Pelvis, site.side, centre);
                joints.0[w.dominant()]
            }
            _ => root,
        };
        let mut entity = commands.spawn((
            Name::new(format!("site {}{}", site.id, site.side.suffix())),
            SiteMarker {
                name: site.name.clone(),
                side: site.side,
                centre,
            },
            Transform::from_translation(centre)
                .with_rotation(Quat::from_rotation_arc(Vec3::Y, axis.normalize_or(Vec3::Y))),
            Visibility::Hidden,
            Pickable::IGNORE,
            NotShadowCaster,
            ChildOf(parent),
        ));
        if let Some((meshes, materials)) = render.as_mut() {
            entity.insert((
                Mesh3d(meshes.add(Capsule3d::new(site.radius, axis.length()))),
                MeshMaterial3d(materials.add(StandardMaterial {
                    base_color: colour(site.severity),
                    alpha_mode: AlphaMode::Blend,
                    unlit: true,
                    double_sided: true,
                    cull_mode: None,
                    ..default()
                })),
            ));
        }
    }
}

fn show_sites(settings: Res<ViewSettings>, mut sites: Query<&mut Visibility, With<SiteMarker>>) {
    if !settings.is_changed() {
        return;
    }
    let wanted = if settings.sites {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    for mut v in &mut sites {
        v.set_if_neq(wanted);
    }
}
