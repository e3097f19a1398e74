//! The endangerment sites as a layer of the viewer: a translucent capsule for each site on each side,
//! derived from the anatomy data, with its name beside it.

use bevy::light::NotShadowCaster;
use bevy::picking::Pickable;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::camera::ViewportRect;
use super::model::ModelRoot;
use super::view::ViewSettings;
use crate::anatomy::{Anatomy, Severity, Side};

/// Registers the site layer.
pub fn plugin(app: &mut App) {
    app.add_systems(PostStartup, spawn_sites)
        .add_systems(PostUpdate, show_sites)
        .add_systems(EguiPrimaryContextPass, label_sites);
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

fn colour(severity: Severity) -> Color {
    match severity {
        Severity::High => Color::linear_rgba(0.95, 0.08, 0.02, 0.38),
        Severity::Moderate => Color::linear_rgba(1.0, 0.55, 0.0, 0.32),
    }
}

fn spawn_sites(
    mut commands: Commands,
    roots: Query<Entity, With<ModelRoot>>,
    meshes: Option<ResMut<Assets<Mesh>>>,
    materials: Option<ResMut<Assets<StandardMaterial>>>,
) {
    let Ok(root) = roots.single() else {
        return;
    };
    let mut render = meshes.zip(materials);
    for site in Anatomy::embedded().site_capsules() {
        let axis = site.to - site.from;
        let centre = (site.from + site.to) / 2.0;
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
            ChildOf(root),
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

fn label_sites(
    mut contexts: EguiContexts,
    settings: Res<ViewSettings>,
    rect: Res<ViewportRect>,
    sites: Query<&SiteMarker>,
    roots: Query<&GlobalTransform, With<ModelRoot>>,
    camera: Query<(&Camera, &GlobalTransform), With<bevy_panorbit_camera::PanOrbitCamera>>,
) -> Result {
    if !settings.sites {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?.clone();
    let (Ok(root), Ok((camera, camera_tf))) = (roots.single(), camera.single()) else {
        return Ok(());
    };
    let painter = rect.painter(&ctx, "site_labels");
    // Names on one side only (the affected side, else the right): both sides' names would crowd the view.
    let named = match settings.affected {
        Some(crate::plan::Side::Left) => Side::Left,
        _ => Side::Right,
    };
    for site in sites.iter().filter(|s| s.side == named) {
        let world = root.transform_point(site.centre);
        if let Ok(p) = camera.world_to_viewport(camera_tf, world) {
            let galley = painter.layout_no_wrap(
                site.name.clone(),
                egui::FontId::proportional(11.0),
                egui::Color32::from_rgb(255, 214, 196),
            );
            let at = egui::pos2(p.x + 6.0, p.y - galley.size().y / 2.0);
            let back = egui::Rect::from_min_size(at, galley.size()).expand(2.0);
            painter.rect_filled(back, 3.0, egui::Color32::from_black_alpha(150));
            painter.galley(at, galley, egui::Color32::WHITE);
        }
    }
    Ok(())
}
