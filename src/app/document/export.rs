//! Exports: the 3D view as a PNG image (with the zones and their badges, without the panels), the client's
//! handout as a PDF, and an anonymised copy of the plan for teaching (no alias, no date, no notes). All are
//! written owner-only and atomically; a failure leaves no file and says why in the status bar.

use std::path::{Path, PathBuf};

use bevy::camera::RenderTarget;
use bevy::camera::visibility::RenderLayers;
use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::ecs::schedule::ScheduleLabel;
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::{PrimaryWindow, RequestRedraw};
use bevy_egui::{EguiContext, EguiSchedule};
use bevy_panorbit_camera::PanOrbitCamera;

use super::actions::{CurrentPlan, StatusLine};
use crate::app::viewport::ViewportRect;
use crate::handout::{self, Paper};
use crate::plan;
use crate::private;

/// Registers the exports.
pub fn plugin(app: &mut App) {
    app.add_message::<RequestRedraw>()
        .add_observer(on_export)
        .add_systems(Update, shoot_offscreen)
        .add_systems(ExportOverlayPass, draw_offscreen_badges);
}

/// The size of an exported image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSize {
    /// The view pixel for pixel as it is on the screen.
    AsShown,
    /// This many pixels wide and high: the same camera, drawn again off screen at this size.
    Pixels(UVec2),
}

impl ImageSize {
    /// The sizes the File menu offers.
    pub const CHOICES: [(ImageSize, &'static str); 4] = [
        (ImageSize::AsShown, "As shown…"),
        (
            ImageSize::Pixels(UVec2::new(1920, 1080)),
            "1920 × 1080 (Full HD)…",
        ),
        (
            ImageSize::Pixels(UVec2::new(2480, 3508)),
            "2480 × 3508 (A4 upright, 300 dpi)…",
        ),
        (
            ImageSize::Pixels(UVec2::new(3840, 2160)),
            "3840 × 2160 (4K)…",
        ),
    ];
}

/// What is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The 3D view as a PNG image of this size.
    Image(ImageSize),
    /// The plan without the client's alias, the date or the notes.
    AnonymisedCopy,
    /// The client's handout, a PDF on this paper.
    Handout(Paper),
}

/// Export to this file.
#[derive(Event, Debug, Clone)]
pub struct Export {
    /// What.
    pub kind: ExportKind,
    /// Where.
    pub path: PathBuf,
}

/// The main camera, as the offscreen export copies it.
type MainCamera<'a> = (&'a Camera, &'a Transform, &'a Projection, Option<&'a Msaa>);

#[allow(clippy::too_many_arguments)]
/// An offscreen image export has finished: written to `path`, or not, with why.
#[derive(Event, Debug, Clone)]
pub struct Exported {
    /// The file.
    pub path: PathBuf,
    /// Why it was not written, if it was not.
    pub error: Option<String>,
}

fn on_export(
    export: On<Export>,
    current: Res<CurrentPlan>,
    rect: Option<Res<ViewportRect>>,
    window: Query<&Window, With<PrimaryWindow>>,
    main: Query<MainCamera, With<PanOrbitCamera>>,
    overlays: Query<(&Camera, &RenderLayers, Option<&RenderTarget>), Without<PanOrbitCamera>>,
    images: Option<ResMut<Assets<Image>>>,
    mut status: ResMut<StatusLine>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut commands: Commands,
) {
    let path = export.path.clone();
    match export.kind {
        ExportKind::AnonymisedCopy => match plan::save(&path, &plan::anonymised(&current.plan)) {
            Ok(()) => status.info(format!("Anonymised copy written to {}", path.display())),
            Err(e) => status.error(e.to_string()),
        },
        ExportKind::Handout(paper) => {
            let written = handout::handout_pdf(&current.plan, paper)
                .map_err(|e| e.to_string())
                .and_then(|pdf| {
                    private::write_atomically(&path, &pdf)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))
                });
            match written {
                Ok(()) => status.info(format!("Handout written to {}", path.display())),
                Err(e) => status.error(e),
            }
        }
        ExportKind::Image(ImageSize::Pixels(size)) => {
            let (Ok((camera, transform, projection, msaa)), Some(mut images)) =
                (main.single(), images)
            else {
                status.error("There is no view to export yet");
                return;
            };
            let view_height = rect.map_or(0.0, |r| r.max.y - r.min.y);
            // Badges keep their size relative to the body: a larger image has larger badges.
            let badge_scale = if view_height > 1.0 {
                (size.y as f32 / view_height).clamp(1.0, 6.0)
            } else {
                1.0
            };
            let image = images.add(Image::new_target_texture(
                size.x,
                size.y,
                TextureFormat::Rgba8UnormSrgb,
                None,
            ));
            let mut shot = commands.spawn((
                Name::new("Export camera"),
                Camera3d::default(),
                Tonemapping::None,
                Camera {
                    order: 2,
                    clear_color: camera.clear_color,
                    ..default()
                },
                RenderTarget::Image(image.clone().into()),
                *transform,
                projection.clone(),
                msaa.copied().unwrap_or_default(),
                EguiSchedule::new(ExportOverlayPass),
                OffscreenExport {
                    path,
                    image: image.clone(),
                    frames: 0,
                    badge_scale,
                    shot: false,
                },
            ));
            // The window's overlay cameras that are on (the nerves drawn through everything) draw over
            // the image too, from the same place.
            let on_window = |(c, _, t): &(&Camera, &RenderLayers, Option<&RenderTarget>)| {
                c.is_active && !matches!(t, Some(RenderTarget::Image(_)))
            };
            for (overlay, layers, _) in overlays.iter().filter(on_window) {
                shot.with_child((
                    Camera3d::default(),
                    Tonemapping::None,
                    Camera {
                        order: 2 + overlay.order,
                        clear_color: ClearColorConfig::None,
                        ..default()
                    },
                    RenderTarget::Image(image.clone().into()),
                    Transform::IDENTITY,
                    projection.clone(),
                    msaa.copied().unwrap_or_default(),
                    layers.clone(),
                ));
            }
            status.info(format!("Drawing the view at {} × {}…", size.x, size.y));
            redraw.write(RequestRedraw);
        }
        ExportKind::Image(ImageSize::AsShown) => {
            // The part of the window the 3D view takes, in physical pixels.
            let scale = window.single().map_or(1.0, |w| w.scale_factor());
            let crop = rect.map(|r| {
                let min = (r.min * scale).as_uvec2();
                let max = (r.max * scale).as_uvec2();
                (min, max.saturating_sub(min))
            });
            commands.spawn(Screenshot::primary_window()).observe(
                move |captured: On<ScreenshotCaptured>, mut status: ResMut<StatusLine>| {
                    match write_png(&captured.image, crop, &path) {
                        Ok(()) => status.info(format!("View written to {}", path.display())),
                        Err(e) => status.error(format!("Cannot write {}: {e}", path.display())),
                    }
                },
            );
            // The screenshot is taken from the next frame.
            redraw.write(RequestRedraw);
        }
    }
}

/// The egui pass of the export camera: the badges drawn over the offscreen image.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExportOverlayPass;

/// A camera drawing the view off screen for an image export of a chosen size.
#[derive(Component)]
struct OffscreenExport {
    path: PathBuf,
    image: Handle<Image>,
    /// Frames drawn so far.
    frames: u32,
    /// Badge size against the screen's.
    badge_scale: f32,
    /// The screenshot is asked for.
    shot: bool,
}

/// Frames the export camera draws before its image is taken: its target, its egui pass and the badges
/// placed with its computed size need a frame or two each.
const OFFSCREEN_FRAMES: u32 = 4;

fn draw_offscreen_badges(
    mut cameras: Query<(&Camera, &Transform, &OffscreenExport, &mut EguiContext)>,
    marks: crate::app::ui::overlays::Marks,
    roots: Query<&Transform, With<crate::app::scene::model::ModelRoot>>,
    legs: Option<Res<crate::app::scene::pose::LegPose>>,
) {
    let Ok(root) = roots.single() else {
        return;
    };
    for (camera, eye, export, mut ctx) in &mut cameras {
        let Some(size) = camera.logical_target_size() else {
            continue;
        };
        let joints = crate::app::scene::pose::joint_transforms(
            &legs.as_deref().copied().unwrap_or_default(),
        );
        let projector = crate::app::viewport::Projector::new(camera, *eye, *root, joints);
        let rect = ViewportRect {
            min: Vec2::ZERO,
            max: size,
        };
        crate::app::ui::overlays::badges(
            ctx.get_mut(),
            &marks,
            &projector,
            &rect,
            export.badge_scale,
        );
    }
}

fn shoot_offscreen(
    mut cameras: Query<(Entity, &mut OffscreenExport)>,
    compiling: Option<Res<crate::app::render::pipelines::PipelinesCompiling>>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut commands: Commands,
) {
    for (entity, mut export) in &mut cameras {
        redraw.write(RequestRedraw);
        export.frames = export.frames.saturating_add(1);
        if export.frames < OFFSCREEN_FRAMES || compiling.as_ref().is_some_and(|c| c.get()) {
            continue;
        }
        if export.shot {
            continue;
        }
        export.shot = true;
        let path = export.path.clone();
        commands
            .spawn(Screenshot::image(export.image.clone()))
            .observe(
                move |captured: On<ScreenshotCaptured>,
                      mut status: ResMut<StatusLine>,
                      mut commands: Commands| {
                    let error = match write_png(&captured.image, None, &path) {
                        Ok(()) => {
                            status.info(format!("View written to {}", path.display()));
                            None
                        }
                        Err(e) => {
                            let e = format!("Cannot write {}: {e}", path.display());
                            status.error(e.clone());
                            Some(e)
                        }
                    };
                    commands.entity(entity).despawn();
                    commands.trigger(Exported {
                        path: path.clone(),
                        error,
                    });
                },
            );
    }
}

/// Writes the captured image, cropped to `crop` (top-left corner and size) when given, as an owner-only
/// RGB PNG.
pub fn write_png(image: &Image, crop: Option<(UVec2, UVec2)>, path: &Path) -> Result<(), String> {
    let img = image
        .clone()
        .try_into_dynamic()
        .map_err(|e| e.to_string())?;
    let img = match crop {
        Some((at, size)) if size.x > 0 && size.y > 0 => img.crop_imm(at.x, at.y, size.x, size.y),
        _ => img,
    };
    let mut png = std::io::Cursor::new(Vec::new());
    img.to_rgb8()
        .write_to(&mut png, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    private::write_atomically(path, png.get_ref()).map_err(|e| e.to_string())
}
