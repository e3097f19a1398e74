//! The 3D camera: preset views, framing a structure or a point, the lights, and the glide to a new view
//! (which keeps frames coming until it ends).

use std::f32::consts::PI;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy_panorbit_camera::PanOrbitCamera;

use crate::anatomy::{BoneSegment, Kind};
use crate::app::scene::model::StructureNode;
use crate::app::scene::pose::{BodyLaidDown, LayBody, LegPose, ShownTest};
use crate::app::schedule::AppSet;
use crate::plan::{Segment, Zone};
use crate::pose::tension::ease;
use crate::pose::{BodyPose, JointCentres, PIVOT, Pose};

/// Registers the camera, the lights and the presets.
pub fn plugin(app: &mut App) {
    app.add_observer(on_set_view)
        .add_observer(|_: On<BodyLaidDown>, mut commands: Commands| {
            commands.trigger(SetView(ViewPreset::Therapist));
        })
        .add_observer(on_frame)
        .add_observer(on_frame_point)
        .add_observer(on_glide)
        .add_systems(Startup, spawn_camera_and_lights)
        .add_systems(
            Update,
            run_glide
                .in_set(AppSet::Edits)
                .before(bevy_panorbit_camera::PanOrbitCameraSystemSet),
        )
        .add_systems(PostUpdate, keep_drawing_while_moving.in_set(AppSet::Scene));
}

/// Distance that shows the whole model.
pub const FULL_BODY_RADIUS: f32 = 1.62;

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

fn spawn_camera_and_lights(mut commands: Commands) {
    commands.spawn((
        Name::new("Main camera"),
        Camera3d::default(),
        // Atlas colours as authored: no filmic desaturation of the nerve yellow or the muscle red.
        bevy::core_pipeline::tonemapping::Tonemapping::None,
        Transform::from_translation(PIVOT + Vec3::new(0.0, 0.0, -FULL_BODY_RADIUS))
            .looking_at(PIVOT, Vec3::Y),
        main_orbit(),
    ));
    // The ambient light stands in for a rim light from below: on a software adapter every directional
    // light costs about a sixth of a full-resolution frame, and the rim added little the eye could see.
    commands.insert_resource(GlobalAmbientLight {
        color: Color::WHITE,
        brightness: 340.0,
        ..default()
    });
    // A key light from above-behind-right and a fill from the front-left.
    for (name, dir, lux) in [
        ("Key light", Vec3::new(-0.4, -0.6, 0.7), 3200.0),
        ("Fill light", Vec3::new(0.6, -0.3, -0.7), 1800.0),
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
        focus: PIVOT,
        radius: Some(FULL_BODY_RADIUS),
        yaw: Some(yaw),
        pitch: Some(pitch),
        target_focus: PIVOT,
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

/// The view direction (focus to camera) of PanOrbitCamera's yaw and pitch: the inverse of [`yaw_pitch`].
fn direction(yaw: f32, pitch: f32) -> Vec3 {
    Vec3::new(
        yaw.sin() * pitch.cos(),
        pitch.sin(),
        yaw.cos() * pitch.cos(),
    )
}

/// The glide that brings the camera back to where it is headed now (its targets), over `seconds`.
pub fn glide_back_to(cam: &PanOrbitCamera, seconds: f32) -> GlideTo {
    GlideTo {
        focus: cam.target_focus,
        from: direction(cam.target_yaw, cam.target_pitch),
        distance: cam.target_radius,
        seconds,
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

/// Where to look and how much farther back to stand for the posed body: its legs' bounds against the
/// neutral body's. A test shown is framed at its end, so the camera does not chase the moving leg.
fn posed_framing(pose: BodyPose, legs: LegPose, shown: Option<&ShownTest>) -> (Vec3, f32) {
    let mut posed = legs.posed(pose);
    if let Some(view) = shown.and_then(|s| s.0) {
        posed.set_leg(view.side, view.test.legs_at(1.0, view.raise));
    }
    let neutral = Pose {
        body: pose,
        ..Pose::default()
    };
    let Ok(joints) = JointCentres::embedded() else {
        return (PIVOT, 1.0);
    };
    if posed == neutral {
        return (PIVOT, 1.0);
    }
    let (lo, hi) = posed.extent(joints);
    let (nlo, nhi) = neutral.extent(joints);
    let scale = ((hi - lo).length() / (nhi - nlo).length().max(0.1)).max(1.0);
    ((lo + hi) / 2.0, scale)
}

fn on_set_view(
    set: On<SetView>,
    pose: Res<BodyPose>,
    legs: Option<Res<LegPose>>,
    shown: Option<Res<ShownTest>>,
    mut cameras: Query<(&Camera, &mut PanOrbitCamera)>,
) {
    let (focus, scale) = posed_framing(
        *pose,
        legs.as_deref().copied().unwrap_or_default(),
        shown.as_deref(),
    );
    let (dir, _) = set.0.direction();
    let world_dir = pose.rotation() * dir;
    let (yaw, pitch) = yaw_pitch(world_dir);
    for (camera, mut cam) in &mut cameras {
        let aspect = camera
            .logical_viewport_size()
            .map_or(1.0, |s| s.x / s.y.max(1.0));
        // Lying down, the body runs across the view: fit its length to the width.
        let lying = *pose != BodyPose::Standing && set.0 != ViewPreset::Superior;
        let radius = scale
            * if lying {
                fit_radius(aspect * 0.8)
            } else {
                fit_radius(aspect * 1.6)
            };
        cam.target_focus = focus;
        cam.target_radius = radius;
        // Turn the shorter way round.
        cam.target_yaw = nearest_angle(cam.target_yaw, yaw);
        cam.target_pitch = pitch;
        if !cam.initialized {
            // Before its first update the camera starts from these, not from the targets.
            cam.focus = focus;
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

/// Turn the camera to a point of the body (model frame, neutral pose) on `segment`, showing about
/// `radius` around it, wherever the posed body has carried it.
#[derive(Event, Debug, Clone)]
pub struct FramePoint {
    /// The point.
    pub centre: Vec3,
    /// The segment it rides on.
    pub segment: Segment,
    /// How much around it to show (m).
    pub radius: f32,
}

/// Lays the body in a zone's client position and turns the camera to the zone.
pub fn frame_zone(commands: &mut Commands, zone: &Zone, radius: f32) {
    commands.trigger(LayBody(BodyPose::OnTable(zone.position)));
    commands.trigger(FramePoint {
        centre: Vec3::from(zone.anchor.position),
        segment: zone.anchor.segment,
        radius,
    });
}

fn on_frame_point(
    frame: On<FramePoint>,
    pose: Res<BodyPose>,
    legs: Option<Res<LegPose>>,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    let posed = legs.as_deref().copied().unwrap_or_default().posed(*pose);
    let Ok(joints) = JointCentres::embedded() else {
        return;
    };
    focus_on(
        &mut cameras,
        posed.place(joints, frame.segment, frame.centre),
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
    nodes: Query<&StructureNode>,
    pose: Res<BodyPose>,
    legs: Option<Res<LegPose>>,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    let Some(node) = nodes.iter().find(|n| n.node == frame.0) else {
        return;
    };
    let Ok(joints) = JointCentres::embedded() else {
        return;
    };
    // The segment that carries the middle of the structure, as the skin carries soft tissue there.
    let k = joints
        .weights(Kind::Muscle, BoneSegment::Femur, node.side, node.centre)
        .dominant();
    let posed = legs.as_deref().copied().unwrap_or_default().posed(*pose);
    focus_on(
        &mut cameras,
        posed.place(
            joints,
            Segment::ALL[k.min(Segment::ALL.len() - 1)],
            node.centre,
        ),
        node.radius,
    );
}

/// Glide the camera to a view over a fixed time, eased in and out. The glide is timed by the clock, not by
/// frames: on a slow machine it takes as long, in fewer frames. It ends exactly on the view, and then asks
/// for no more frames.
#[derive(Event, Debug, Clone, Copy, PartialEq)]
pub struct GlideTo {
    /// The point looked at (world).
    pub focus: Vec3,
    /// Direction from the focus to the camera (world; need not be normalised).
    pub from: Vec3,
    /// Distance from the focus (m).
    pub distance: f32,
    /// How long the glide takes (s); 0 jumps.
    pub seconds: f32,
}

/// The glide under way: where the camera started, where it goes, and when it started.
#[derive(Component, Debug, Clone, Copy)]
struct Glide {
    from: (Vec3, f32, f32, f32),
    to: (Vec3, f32, f32, f32),
    started: f64,
    seconds: f32,
}

fn on_glide(
    glide: On<GlideTo>,
    time: Res<Time<Real>>,
    mut cameras: Query<(Entity, &mut PanOrbitCamera)>,
    mut commands: Commands,
) {
    let (yaw, pitch) = yaw_pitch(glide.from.normalize_or(Vec3::NEG_Z));
    for (entity, mut cam) in &mut cameras {
        let from = (
            cam.focus,
            cam.yaw.unwrap_or(cam.target_yaw),
            cam.pitch.unwrap_or(cam.target_pitch),
            cam.radius.unwrap_or(cam.target_radius),
        );
        let to = (
            glide.focus,
            nearest_angle(from.1, yaw),
            pitch,
            glide.distance.max(0.05),
        );
        if !cam.initialized || glide.seconds <= 0.0 {
            set_orbit(&mut cam, to);
            commands.entity(entity).remove::<Glide>();
            continue;
        }
        commands.entity(entity).insert(Glide {
            from,
            to,
            started: time.elapsed_secs_f64(),
            seconds: glide.seconds,
        });
    }
}

/// Puts the camera (and its targets, so its own smoothing stays still) at an orbit.
fn set_orbit(cam: &mut PanOrbitCamera, (focus, yaw, pitch, radius): (Vec3, f32, f32, f32)) {
    cam.focus = focus;
    cam.target_focus = focus;
    cam.yaw = Some(yaw);
    cam.target_yaw = yaw;
    cam.pitch = Some(pitch);
    cam.target_pitch = pitch;
    cam.radius = Some(radius);
    cam.target_radius = radius;
    cam.force_update = true;
}

fn run_glide(
    time: Res<Time<Real>>,
    mut cameras: Query<(Entity, &Glide, &mut PanOrbitCamera)>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut commands: Commands,
) {
    for (entity, glide, mut cam) in &mut cameras {
        let t = ((time.elapsed_secs_f64() - glide.started) as f32 / glide.seconds).clamp(0.0, 1.0);
        let k = ease(t);
        let (a, b) = (glide.from, glide.to);
        set_orbit(
            &mut cam,
            (
                a.0.lerp(b.0, k),
                a.1 + (b.1 - a.1) * k,
                a.2 + (b.2 - a.2) * k,
                a.3 + (b.3 - a.3) * k,
            ),
        );
        if t >= 1.0 {
            commands.entity(entity).remove::<Glide>();
        } else {
            redraw.write(RequestRedraw);
        }
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
    fn the_glide_eases_in_and_out_and_ends_on_the_view() {
        assert_eq!(ease(0.0), 0.0);
        assert_eq!(ease(1.0), 1.0);
        assert_eq!(ease(2.0), 1.0, "past its time the glide stays at the end");
        assert!(ease(0.1) < 0.1 && ease(0.9) > 0.9, "slow at both ends");
        assert!((ease(0.5) - 0.5).abs() < 1e-6);
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
            let back = direction(yaw, pitch);
            assert!(back.distance(dir) < 1e-5, "{dir} -> {back}");
        }
    }
}
