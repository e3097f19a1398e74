//! The 3D view's rectangle (what the panels leave free), the main camera's viewport set to it, and the
//! one way to find where a point of the body is on the screen.

use bevy::camera::RenderTarget;
use bevy::camera::Viewport;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::{PrimaryWindow, RequestRedraw};
use bevy_egui::egui;
use bevy_panorbit_camera::PanOrbitCamera;

use crate::app::scene::model::ModelRoot;
use crate::app::scene::pose::{LegPose, joint_transforms};
use crate::app::schedule::AppSet;
use crate::plan::Segment;
use bevy::math::Affine3A;

/// Registers the viewport rectangle.
pub fn plugin(app: &mut App) {
    app.init_resource::<ViewportRect>()
        .add_systems(PostUpdate, apply_viewport.in_set(AppSet::Scene));
}

/// The 3D viewport in logical pixels: the part of the window the egui panels leave free.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct ViewportRect {
    /// Top-left corner.
    pub min: Vec2,
    /// Bottom-right corner.
    pub max: Vec2,
}

impl ViewportRect {
    /// A painter over the 3D view, clipped to it, for labels and badges drawn on the model.
    pub fn painter(
        &self,
        ctx: &bevy_egui::egui::Context,
        id: &'static str,
    ) -> bevy_egui::egui::Painter {
        use bevy_egui::egui;
        let clip = egui::Rect::from_min_max(
            egui::pos2(self.min.x, self.min.y),
            egui::pos2(self.max.x, self.max.y),
        );
        ctx.layer_painter(egui::LayerId::new(egui::Order::Middle, id.into()))
            .with_clip_rect(clip)
    }

    /// True when the point (logical pixels) is inside.
    pub fn contains(&self, p: Vec2) -> bool {
        self.max.x > self.min.x
            && p.x >= self.min.x
            && p.y >= self.min.y
            && p.x <= self.max.x
            && p.y <= self.max.y
    }
}

/// Fits the 3D cameras to the view's rectangle. The labels and badges of this frame were placed with the
/// old viewport, so a change asks for one more frame.
fn apply_viewport(
    rect: Res<ViewportRect>,
    window: Single<Ref<Window>, With<PrimaryWindow>>,
    mut cameras: Query<(&mut Camera, Option<&RenderTarget>), With<Camera3d>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if !rect.is_changed() && !window.is_changed() {
        return;
    }
    let scale = window.scale_factor();
    let size = UVec2::new(window.physical_width(), window.physical_height());
    let min = (rect.min * scale).as_uvec2().min(size);
    let max = (rect.max * scale).as_uvec2().min(size);
    let viewport = (max.x > min.x + 8 && max.y > min.y + 8).then(|| Viewport {
        physical_position: min,
        physical_size: max - min,
        ..default()
    });
    for (mut camera, target) in &mut cameras {
        // A camera drawing into an image (an export) fills it whole.
        if matches!(target, Some(RenderTarget::Image(_))) {
            continue;
        }
        let same = match (&camera.viewport, &viewport) {
            (Some(a), Some(b)) => {
                a.physical_position == b.physical_position && a.physical_size == b.physical_size
            }
            (None, None) => true,
            _ => false,
        };
        if !same {
            camera.viewport.clone_from(&viewport);
            redraw.write(RequestRedraw);
        }
    }
}

/// Where points of the body fall in the window: the main camera and the model's placement.
///
/// It reads their `Transform`s (neither has a parent), not the `GlobalTransform`s: the interface draws
/// before Bevy propagates this frame's transforms, and labels placed with last frame's camera would trail a
/// moving view.
#[derive(SystemParam)]
pub struct ScreenProjection<'w, 's> {
    cameras: Query<'w, 's, (&'static Camera, &'static Transform), With<PanOrbitCamera>>,
    roots: Query<'w, 's, &'static Transform, With<ModelRoot>>,
    legs: Option<Res<'w, LegPose>>,
}

impl ScreenProjection<'_, '_> {
    /// The projection of this frame, once the camera and the model exist.
    pub fn get(&self) -> Option<Projector<'_>> {
        let (camera, eye) = self.cameras.single().ok()?;
        let root = self.roots.single().ok()?;
        let legs = self.legs.as_deref().copied().unwrap_or_default();
        Some(Projector::new(camera, *eye, *root, joint_transforms(&legs)))
    }
}

/// The projection of one frame; every position is in the window's logical pixels (the viewport's offset
/// included).
pub struct Projector<'a> {
    camera: &'a Camera,
    eye: GlobalTransform,
    root: GlobalTransform,
    joints: [Affine3A; 7],
}

impl<'a> Projector<'a> {
    /// The projection of `camera` at `eye` with the model placed at `root` and its segments carried by
    /// `joints` (see [`joint_transforms`]).
    pub fn new(camera: &'a Camera, eye: Transform, root: Transform, joints: [Affine3A; 7]) -> Self {
        Projector {
            camera,
            eye: GlobalTransform::from(eye),
            root: GlobalTransform::from(root),
            joints,
        }
    }

    /// A point of `segment` (neutral frame) in the world, where the posed body has carried it.
    fn place(&self, segment: Segment, p: Vec3) -> Vec3 {
        self.root
            .transform_point(self.joints[segment.index()].transform_point3(p))
    }

    /// A point of `segment`'s surface with outward normal `normal` (neutral frame) in the window, as the
    /// posed body carries it; `None` on the far side of the body.
    pub fn facing_point_on(&self, segment: Segment, p: Vec3, normal: Vec3) -> Option<egui::Pos2> {
        let world = self.place(segment, p);
        let outward = self.root.rotation() * self.joints[segment.index()].transform_vector3(normal);
        if outward.dot(self.eye.translation() - world) < 0.0 {
            return None;
        }
        self.world_to_screen(world)
    }

    /// A world point in the window, if it is in front of the camera.
    pub fn world_to_screen(&self, world: Vec3) -> Option<egui::Pos2> {
        let p = self.camera.world_to_viewport(&self.eye, world).ok()?;
        Some(egui::pos2(p.x, p.y))
    }

    /// A point of the model (neutral frame) in the window.
    pub fn model_to_screen(&self, p: Vec3) -> Option<egui::Pos2> {
        self.world_to_screen(self.root.transform_point(p))
    }

    /// How many pixels a length (m) across the view spans at a point of the model.
    pub fn pixels(&self, p: Vec3, length: f32) -> Option<f32> {
        let world = self.root.transform_point(p);
        let a = self.world_to_screen(world)?;
        let b = self.world_to_screen(world + self.eye.right() * length)?;
        Some(a.distance(b))
    }
}
