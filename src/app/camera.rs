//! The 3D camera: orbit, pan and zoom (mouse, touchpad, keyboard), preset views, framing a structure,
//! the body's pose on the table, the lights, and the nerve overlay drawn through everything.

use std::f32::consts::{FRAC_PI_2, PI};

use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, Viewport};
use bevy::input::mouse::AccumulatedMouseScroll;
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy::window::{PrimaryWindow, RequestRedraw};
use bevy_egui::{EguiGlobalSettings, PrimaryEguiContext};
use bevy_panorbit_camera::{PanOrbitCamera, PanOrbitCameraPlugin, PanOrbitCameraSystemSet};

use super::model::{ModelRoot, StructureNode, ViewLayer};
use super::view::ViewSettings;
use crate::plan::ClientPosition;

/// Registers the camera, lights, presets and the pose.
pub fn plugin(app: &mut App) {
    app.add_plugins(PanOrbitCameraPlugin)
        .init_resource::<ViewportRect>()
        .init_resource::<BodyPose>()
        .add_observer(on_set_view)
        .add_observer(on_frame)
        .add_observer(on_frame_point)
        .add_systems(Startup, (spawn_camera_and_lights, spawn_nerve_overlay))
        .add_systems(
            Update,
            (
                gate_camera_input,
                keyboard_navigation,
                zoom_towards_pointer,
                apply_viewport,
                apply_pose,
                sync_nerve_overlay,
            )
                .before(PanOrbitCameraSystemSet),
        )
        .add_systems(PostUpdate, keep_drawing_while_moving);
}

/// Where the main camera starts looking (model space): the hips.
const HIP_FOCUS: Vec3 = Vec3::new(0.0, 0.58, 0.0);
/// Distance that shows the whole model.
const FULL_BODY_RADIUS: f32 = 1.62;
/// Render layer of the nerve overlay.
const OVERLAY_LAYER: usize = 1;

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

/// How the body lies: standing, or on the table as the plan's client position says.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyPose {
    /// Upright, as in the anatomy data.
    #[default]
    Standing,
    /// On the table in this position.
    OnTable(ClientPosition),
}

impl BodyPose {
    /// Rotation from model space to world space.
    pub fn rotation(self) -> Quat {
        match self {
            BodyPose::Standing => Quat::IDENTITY,
            // Face down: anterior to -Y, head to +Z.
            BodyPose::OnTable(ClientPosition::Prone | ClientPosition::FrogLeg) => {
                Quat::from_rotation_x(FRAC_PI_2)
            }
            BodyPose::OnTable(ClientPosition::Supine) => Quat::from_rotation_x(-FRAC_PI_2),
            // Lying on the left side, the right side up.
            BodyPose::OnTable(ClientPosition::SideLying) => {
                Quat::from_rotation_z(-FRAC_PI_2) * Quat::from_rotation_x(FRAC_PI_2)
            }
        }
    }

    /// The model's transform: the hips stay where the camera looks.
    pub fn transform(self) -> Transform {
        let rotation = self.rotation();
        Transform::from_translation(HIP_FOCUS - rotation * HIP_FOCUS).with_rotation(rotation)
    }
}

/// Preset camera views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewPreset {
    /// From behind.
    Posterior,
    /// From the front.
    Anterior,
    /// From the model's left.
    LateralLeft,
    /// From the model's right.
    LateralRight,
    /// From above the head.
    Superior,
    /// The therapist's view: from behind and above, at the side of the table.
    Therapist,
}

impl ViewPreset {
    /// Every preset.
    pub const ALL: [ViewPreset; 6] = [
        ViewPreset::Posterior,
        ViewPreset::Anterior,
        ViewPreset::LateralLeft,
        ViewPreset::LateralRight,
        ViewPreset::Superior,
        ViewPreset::Therapist,
    ];

    /// Command-line name.
    pub fn id(self) -> &'static str {
        match self {
            ViewPreset::Posterior => "posterior",
            ViewPreset::Anterior => "anterior",
            ViewPreset::LateralLeft => "lateral-left",
            ViewPreset::LateralRight => "lateral-right",
            ViewPreset::Superior => "superior",
            ViewPreset::Therapist => "therapist",
        }
    }

    /// Parses [`ViewPreset::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            ViewPreset::Posterior => "Posterior",
            ViewPreset::Anterior => "Anterior",
            ViewPreset::LateralLeft => "Lateral (left)",
            ViewPreset::LateralRight => "Lateral (right)",
            ViewPreset::Superior => "Superior",
            ViewPreset::Therapist => "Therapist",
        }
    }

    /// Direction from the focus to the camera, and the camera's up, in model space.
    fn direction(self) -> (Vec3, Vec3) {
        match self {
            ViewPreset::Posterior => (Vec3::NEG_Z, Vec3::Y),
            ViewPreset::Anterior => (Vec3::Z, Vec3::Y),
            ViewPreset::LateralLeft => (Vec3::X, Vec3::Y),
            ViewPreset::LateralRight => (Vec3::NEG_X, Vec3::Y),
            ViewPreset::Superior => (Vec3::new(0.0, 1.0, -0.02).normalize(), Vec3::NEG_Z),
            // Behind, above and to the right of the body (the side a right-handed therapist stands on).
            ViewPreset::Therapist => (Vec3::new(-0.55, 0.55, -0.65).normalize(), Vec3::Y),
        }
    }
}

/// Move the camera to a preset view (smoothly).
#[derive(Event, Debug, Clone, Copy)]
pub struct SetView(pub ViewPreset);

/// Frame one node: centre it and zoom to fit.
#[derive(Event, Debug, Clone)]
pub struct FrameNode(pub String);

/// Marks the camera that draws the nerve overlay.
#[derive(Component)]
struct OverlayCamera;

/// Marks a nerve copy drawn by the overlay camera; holds the node it copies.
#[derive(Component)]
struct NerveOverlay(String);

fn spawn_camera_and_lights(
    mut commands: Commands,
    egui_settings: Option<ResMut<EguiGlobalSettings>>,
) {
    // The egui panels get a camera of their own, so the 3D camera's viewport can shrink to the free space.
    if let Some(mut egui_settings) = egui_settings {
        egui_settings.auto_create_primary_context = false;
    }
    commands.spawn((
        Name::new("Interface camera"),
        PrimaryEguiContext,
        Camera2d,
        RenderLayers::none(),
        Camera {
            order: 10,
            output_mode: CameraOutputMode::Write {
                blend_state: Some(BlendState::ALPHA_BLENDING),
                clear_color: ClearColorConfig::None,
            },
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
    ));
    commands.spawn((
        Name::new("Main camera"),
        Camera3d::default(),
        // Atlas colours as authored: no filmic desaturation of the nerve yellow or the muscle red.
        bevy::core_pipeline::tonemapping::Tonemapping::None,
        Transform::from_translation(HIP_FOCUS + Vec3::new(0.0, 0.0, -FULL_BODY_RADIUS))
            .looking_at(HIP_FOCUS, Vec3::Y),
        main_orbit(),
    ));
    commands.insert_resource(GlobalAmbientLight {
        color: Color::WHITE,
        brightness: 260.0,
        ..default()
    });
    // A key light from above-behind-right, a fill from the front-left, a rim from below.
    for (name, dir, lux) in [
        ("Key light", Vec3::new(-0.4, -0.6, 0.7), 3200.0),
        ("Fill light", Vec3::new(0.6, -0.3, -0.7), 1800.0),
        ("Rim light", Vec3::new(0.2, 0.6, 0.4), 800.0),
    ] {
        commands.spawn((
            Name::new(name),
            DirectionalLight {
                illuminance: lux,
                shadow_maps_enabled: false,
                ..default()
            },
            Transform::default().looking_to(dir, Vec3::Y),
        ));
    }
}

/// The main camera's orbit: looking at the hips from behind, the whole body in view.
pub fn main_orbit() -> PanOrbitCamera {
    let (yaw, pitch) = yaw_pitch(ViewPreset::Posterior.direction().0);
    PanOrbitCamera {
        focus: HIP_FOCUS,
        radius: Some(FULL_BODY_RADIUS),
        yaw: Some(yaw),
        pitch: Some(pitch),
        target_focus: HIP_FOCUS,
        target_radius: FULL_BODY_RADIUS,
        target_yaw: yaw,
        target_pitch: pitch,
        zoom_lower_limit: 0.08,
        zoom_upper_limit: Some(6.0),
        pan_sensitivity: 1.0,
        orbit_smoothness: 0.25,
        zoom_smoothness: 0.3,
        pan_smoothness: 0.25,
        button_orbit: MouseButton::Left,
        button_pan: MouseButton::Right,
        modifier_pan: None,
        trackpad_pinch_to_zoom_enabled: true,
        allow_upside_down: true,
        ..default()
    }
}

/// PanOrbitCamera's yaw and pitch for a view direction (focus to camera).
fn yaw_pitch(dir: Vec3) -> (f32, f32) {
    let yaw = dir.x.atan2(dir.z);
    let pitch = dir.y.clamp(-1.0, 1.0).asin();
    (yaw, pitch)
}

/// Distance at which the whole body fits a viewport of this aspect (width / height).
fn fit_radius(aspect: f32) -> f32 {
    FULL_BODY_RADIUS / aspect.clamp(0.3, 1.0)
}

fn on_set_view(
    set: On<SetView>,
    pose: Res<BodyPose>,
    mut cameras: Query<(&Camera, &mut PanOrbitCamera)>,
) {
    let (dir, _) = set.0.direction();
    let world_dir = pose.rotation() * dir;
    let (yaw, pitch) = yaw_pitch(world_dir);
    for (camera, mut cam) in &mut cameras {
        let aspect = camera
            .logical_viewport_size()
            .map_or(1.0, |s| s.x / s.y.max(1.0));
        // Lying down, the body runs across the view: fit its length to the width.
        let lying = *pose != BodyPose::Standing && set.0 != ViewPreset::Superior;
        let radius = if lying {
            fit_radius(aspect * 0.8)
        } else {
            fit_radius(aspect * 1.6)
        };
        cam.target_focus = HIP_FOCUS;
        cam.target_radius = radius;
        // Turn the shorter way round.
        cam.target_yaw = nearest_angle(cam.target_yaw, yaw);
        cam.target_pitch = pitch;
        if !cam.initialized {
            // Before its first update the camera starts from these, not from the targets.
            cam.focus = HIP_FOCUS;
            cam.radius = Some(radius);
            cam.yaw = Some(yaw);
            cam.pitch = Some(pitch);
        }
        cam.force_update = true;
    }
}

fn nearest_angle(from: f32, to: f32) -> f32 {
    let mut delta = (to - from) % (2.0 * PI);
    if delta > PI {
        delta -= 2.0 * PI;
    } else if delta < -PI {
        delta += 2.0 * PI;
    }
    from + delta
}

/// Turn the camera to a point of the body (model frame, neutral pose), showing about `radius` around it.
#[derive(Event, Debug, Clone)]
pub struct FramePoint {
    /// The point.
    pub centre: Vec3,
    /// How much around it to show (m).
    pub radius: f32,
}

fn on_frame_point(
    frame: On<FramePoint>,
    roots: Query<&GlobalTransform, With<ModelRoot>>,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    let Ok(root) = roots.single() else {
        return;
    };
    focus_on(
        &mut cameras,
        root.transform_point(frame.centre),
        frame.radius,
    );
}

/// Turns the cameras to `centre` (world), close enough to show about `radius` around it.
fn focus_on(cameras: &mut Query<&mut PanOrbitCamera>, centre: Vec3, radius: f32) {
    for mut cam in cameras {
        cam.target_focus = centre;
        cam.target_radius = (radius * 3.2).clamp(0.15, FULL_BODY_RADIUS);
        cam.force_update = true;
    }
}

fn on_frame(
    frame: On<FrameNode>,
    nodes: Query<(&StructureNode, &GlobalTransform)>,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    let Some((node, transform)) = nodes.iter().find(|(n, _)| n.node == frame.0) else {
        return;
    };
    focus_on(
        &mut cameras,
        transform.transform_point(node.centre),
        node.radius,
    );
}

fn gate_camera_input(
    window: Single<&Window, With<PrimaryWindow>>,
    rect: Res<ViewportRect>,
    wants: Option<Res<bevy_egui::input::EguiWantsInput>>,
    mouse: Res<ButtonInput<MouseButton>>,
    editor: Option<Res<super::editor::EditorState>>,
    mut cameras: Query<&mut PanOrbitCamera>,
    mut dragging: Local<bool>,
) {
    let over_view = window.cursor_position().is_some_and(|p| rect.contains(p));
    let egui_busy = wants.is_some_and(|w| w.is_using_pointer() || w.is_popup_open());
    // A drag that started in the view keeps working when it leaves it.
    if mouse.get_just_pressed().next().is_some() {
        *dragging = over_view && !egui_busy;
    } else if !mouse.get_pressed().any(|_| true) {
        *dragging = false;
    }
    // A drag of the editor (placing, moving, drawing a zone) holds the camera still.
    let editing = editor.is_some_and(|e| e.is_dragging());
    let enabled = !editing && (*dragging || (over_view && !egui_busy));
    for mut cam in &mut cameras {
        if cam.enabled != enabled {
            cam.enabled = enabled;
        }
    }
}

/// Arrow keys orbit, +/- zoom, PageUp/PageDown pan vertically, Home resets to the posterior view.
fn keyboard_navigation(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    wants: Option<Res<bevy_egui::input::EguiWantsInput>>,
    mut cameras: Query<&mut PanOrbitCamera>,
    mut commands: Commands,
) {
    if wants.is_some_and(|w| w.wants_any_keyboard_input()) {
        return;
    }
    let dt = time.delta_secs().min(0.1);
    let turn = 1.6 * dt;
    for mut cam in &mut cameras {
        let mut changed = false;
        let mut orbit = |cond: bool, f: &mut dyn FnMut(&mut PanOrbitCamera)| {
            if cond {
                changed = true;
                f(&mut cam);
            }
        };
        orbit(keys.pressed(KeyCode::ArrowLeft), &mut |c| {
            c.target_yaw -= turn
        });
        orbit(keys.pressed(KeyCode::ArrowRight), &mut |c| {
            c.target_yaw += turn
        });
        orbit(keys.pressed(KeyCode::ArrowUp), &mut |c| {
            c.target_pitch = (c.target_pitch + turn).min(1.55)
        });
        orbit(keys.pressed(KeyCode::ArrowDown), &mut |c| {
            c.target_pitch = (c.target_pitch - turn).max(-1.55)
        });
        orbit(
            keys.pressed(KeyCode::Equal) || keys.pressed(KeyCode::NumpadAdd),
            &mut |c| c.target_radius = (c.target_radius * (1.0 - dt)).max(0.08),
        );
        orbit(
            keys.pressed(KeyCode::Minus) || keys.pressed(KeyCode::NumpadSubtract),
            &mut |c| c.target_radius = (c.target_radius * (1.0 + dt)).min(6.0),
        );
        orbit(keys.pressed(KeyCode::PageUp), &mut |c| {
            c.target_focus.y += 0.4 * dt
        });
        orbit(keys.pressed(KeyCode::PageDown), &mut |c| {
            c.target_focus.y -= 0.4 * dt
        });
        if changed {
            cam.force_update = true;
        }
    }
    if keys.just_pressed(KeyCode::Home) {
        commands.trigger(SetView(ViewPreset::Posterior));
    }
}

/// Zooming moves the focus toward the point under the pointer, as CAD and atlas viewers do.
fn zoom_towards_pointer(
    scroll: Res<AccumulatedMouseScroll>,
    window: Single<&Window, With<PrimaryWindow>>,
    mut cameras: Query<(&Camera, &GlobalTransform, &mut PanOrbitCamera)>,
) {
    if scroll.delta.y == 0.0 {
        return;
    }
    let Some(cursor) = window.cursor_position() else {
        return;
    };
    for (camera, transform, mut cam) in &mut cameras {
        if !cam.enabled {
            continue;
        }
        let Ok(ray) = camera.viewport_to_world(transform, cursor) else {
            continue;
        };
        // The point on the plane through the focus, facing the camera, under the pointer.
        let normal = transform.forward();
        let Some(t) = ray.intersect_plane(cam.target_focus, InfinitePlane3d::new(*normal)) else {
            continue;
        };
        let under = ray.get_point(t);
        let zoom_in = scroll.delta.y > 0.0;
        let step = if zoom_in { 0.18 } else { -0.12 };
        let focus = cam.target_focus;
        cam.target_focus = focus + (under - focus) * step * scroll.delta.y.abs().min(3.0);
    }
}

fn apply_viewport(
    rect: Res<ViewportRect>,
    window: Single<Ref<Window>, With<PrimaryWindow>>,
    mut cameras: Query<&mut Camera, With<Camera3d>>,
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
    for mut camera in &mut cameras {
        let same = match (&camera.viewport, &viewport) {
            (Some(a), Some(b)) => {
                a.physical_position == b.physical_position && a.physical_size == b.physical_size
            }
            (None, None) => true,
            _ => false,
        };
        if !same {
            camera.viewport.clone_from(&viewport);
        }
    }
}

fn apply_pose(pose: Res<BodyPose>, mut roots: Query<&mut Transform, With<ModelRoot>>) {
    if !pose.is_changed() {
        return;
    }
    for mut transform in &mut roots {
        *transform = pose.transform();
    }
}

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
    nerves: Query<(Entity, &StructureNode, &Mesh3d, &Visibility), Without<NerveOverlay>>,
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
        for (entity, node, mesh, _) in &nerves {
            if node.layer != ViewLayer::Nerves {
                continue;
            }
            commands.entity(entity).with_child((
                Name::new(format!("{} overlay", node.node)),
                NerveOverlay(node.node.clone()),
                Mesh3d(mesh.0.clone()),
                MeshMaterial3d(handle.clone()),
                RenderLayers::layer(OVERLAY_LAYER),
                Transform::default(),
                Visibility::Inherited,
            ));
        }
    }
    for (copy, mut visibility) in &mut copies {
        let shown = nerves
            .iter()
            .any(|(_, n, _, v)| n.node == copy.0 && *v != Visibility::Hidden);
        visibility.set_if_neq(if shown {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

/// While the camera glides to its target, keep frames coming even in the reactive update mode.
fn keep_drawing_while_moving(
    cameras: Query<&PanOrbitCamera>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if !cameras.iter().all(is_settled) {
        redraw.write(RequestRedraw);
    }
}

/// True when the camera has reached its targets: its glide has ended.
pub fn is_settled(cam: &PanOrbitCamera) -> bool {
    cam.radius
        .is_some_and(|r| (r - cam.target_radius).abs() < 1e-4)
        && cam.yaw.is_some_and(|y| (y - cam.target_yaw).abs() < 1e-4)
        && cam
            .pitch
            .is_some_and(|p| (p - cam.target_pitch).abs() < 1e-4)
        && cam.focus.distance(cam.target_focus) < 1e-5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_look_at_the_body_from_the_named_side() {
        let (dir, _) = ViewPreset::Posterior.direction();
        assert!(dir.z < -0.99, "posterior view is from behind (-Z)");
        let (dir, _) = ViewPreset::LateralLeft.direction();
        assert!(dir.x > 0.99, "the model's left is +X");
        for preset in ViewPreset::ALL {
            assert_eq!(ViewPreset::from_id(preset.id()), Some(preset));
        }
    }

    #[test]
    fn prone_pose_turns_the_back_up() {
        let back = BodyPose::OnTable(ClientPosition::Prone).rotation() * Vec3::NEG_Z;
        assert!(back.y > 0.99, "{back}");
        let right = BodyPose::OnTable(ClientPosition::SideLying).rotation() * Vec3::NEG_X;
        assert!(
            right.y > 0.99,
            "side-lying shows the right side up: {right}"
        );
        let hips = BodyPose::OnTable(ClientPosition::Supine)
            .transform()
            .transform_point(HIP_FOCUS);
        assert!(hips.distance(HIP_FOCUS) < 1e-5);
    }

    #[test]
    fn yaw_pitch_round_trip() {
        for dir in [
            Vec3::Z,
            Vec3::NEG_Z,
            Vec3::X,
            Vec3::new(-0.5, 0.5, -0.7).normalize(),
        ] {
            let (yaw, pitch) = yaw_pitch(dir);
            let back = Vec3::new(
                yaw.sin() * pitch.cos(),
                pitch.sin(),
                yaw.cos() * pitch.cos(),
            );
            assert!(back.distance(dir) < 1e-5, "{dir} -> {back}");
        }
    }
}
