//! Driving the app without a user: `render` takes one still of a preset view and exits.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::winit::WinitSettings;
use bevy_panorbit_camera::PanOrbitCamera;

use crate::anatomy::Side;
use crate::app::document::OpenPlan;
use crate::app::document::export::{Export, ExportKind, Exported, ImageSize, write_png};
use crate::app::modes::teach::{ChooseTour, TourStep};
use crate::app::render::pipelines::{PipelinesCompiling, ready_for_a_picture};
use crate::app::scene::layers::ViewSettings;
use crate::app::scene::model::ViewLayer;
use crate::app::scene::pose::{LegPose, ShownTest, TestView};
use crate::app::schedule::AppMode;
use crate::app::ui::UiState;
use crate::app::viewport::camera::{SetView, ViewPreset};
use crate::plan::ClientPosition;
use crate::pose::tension::NerveTest;
use crate::pose::{BodyPose, Pose};

/// A still to render.
#[derive(Resource, Debug, Clone)]
pub struct RenderJob {
    /// The preset view.
    pub view: ViewPreset,
    /// A plan to show.
    pub plan: Option<PathBuf>,
    /// Layers to hide.
    pub hide: Vec<ViewLayer>,
    /// Draw the nerves through everything.
    pub nerve_on_top: bool,
    /// Label the rotator fan.
    pub rotator_labels: bool,
    /// Show the endangerment sites.
    pub sites: bool,
    /// Draw the picture off screen at this size instead of taking the window.
    pub image_size: Option<UVec2>,
    /// Show this stop of this tour (indices into the built-in tours and their stops) in the teaching mode.
    pub tour_stop: Option<(usize, usize)>,
    /// A nerve test held at its end: the test, its hip flexion and the leg.
    pub pose: Option<(NerveTest, f32, Side)>,
    /// A client position to lay the body in, with the treated leg.
    pub position: Option<(ClientPosition, Side)>,
    /// Where to write the PNG.
    pub out: PathBuf,
}

/// Frames to let pass before the screenshot, so the plan opens and the camera settles.
const RENDER_WARM_UP_FRAMES: u32 = 40;
/// The screenshot is taken after this many frames even if pipelines are still compiling.
const RENDER_GIVE_UP_FRAMES: u32 = 1000;

pub(crate) fn render_plugin(app: &mut App) {
    app.insert_resource(WinitSettings::continuous())
        .add_systems(Startup, start_render)
        .add_systems(Update, take_still);
}

fn start_render(
    job: Res<RenderJob>,
    mut settings: ResMut<ViewSettings>,
    mut ui: ResMut<UiState>,
    mut body: ResMut<BodyPose>,
    mut legs: ResMut<LegPose>,
    mut shown: ResMut<ShownTest>,
    mut commands: Commands,
) {
    ui.show_panels = false;
    if let Some((position, side)) = job.position {
        let pose = Pose::for_position(position, side);
        *body = pose.body;
        *legs = LegPose::of(&pose);
    }
    if let Some((test, raise, side)) = job.pose {
        // Held at its end: a still shows no movement.
        *body = test.body(side);
        shown.0 = Some(TestView {
            test,
            side,
            raise,
            progress: 1.0,
            playing: false,
        });
    }
    for layer in &job.hide {
        settings.set_visible(*layer, false);
    }
    settings.nerve_highlight = job.nerve_on_top;
    settings.rotator_labels = job.rotator_labels;
    settings.sites = job.sites;
    if let Some(path) = &job.plan {
        commands.trigger(OpenPlan { path: path.clone() });
    }
    if job.tour_stop.is_some() {
        commands.set_state(AppMode::Teaching);
    }
}

fn take_still(
    job: Res<RenderJob>,
    compiling: Option<Res<PipelinesCompiling>>,
    mut frames: Local<u32>,
    mut ready_frames: Local<u32>,
    mut taken: Local<bool>,
    mut cameras: Query<&mut PanOrbitCamera>,
    mut commands: Commands,
) {
    *frames += 1;
    let pipelines_ready = ready_for_a_picture(compiling.as_deref(), &mut ready_frames);
    // After the plan is open and the body posed as it says.
    if *frames == 3 {
        match job.tour_stop {
            Some((tour, stop)) => {
                commands.trigger(ChooseTour(tour));
                commands.trigger(TourStep::To(stop));
            }
            None => commands.trigger(SetView(job.view)),
        }
    }
    // No glide in a still: jump straight to the target.
    for mut cam in cameras.iter_mut().filter(|c| c.initialized) {
        cam.focus = cam.target_focus;
        cam.radius = Some(cam.target_radius);
        cam.yaw = Some(cam.target_yaw);
        cam.pitch = Some(cam.target_pitch);
        cam.force_update = true;
    }
    let ready = *frames >= RENDER_WARM_UP_FRAMES && pipelines_ready;
    if !*taken && (ready || *frames >= RENDER_GIVE_UP_FRAMES) {
        *taken = true;
        let out = job.out.clone();
        if let Some(size) = job.image_size {
            commands.trigger(Export {
                kind: ExportKind::Image(ImageSize::Pixels(size)),
                path: out,
            });
            commands.add_observer(|done: On<Exported>, mut exit: MessageWriter<AppExit>| {
                if let Some(e) = &done.error {
                    error!("{e}");
                }
                exit.write(AppExit::Success);
            });
            return;
        }
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_still(out))
            .observe(
                |_: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                    exit.write(AppExit::Success);
                },
            );
    }
}

/// Writes the captured frame as an owner-only PNG (the alpha channel, which holds brightness when HDR is
/// on, is dropped).
fn save_still(path: PathBuf) -> impl FnMut(On<ScreenshotCaptured>) {
    move |captured| match write_png(&captured.image, None, &path) {
        Ok(()) => info!("Still saved to {}", path.display()),
        Err(e) => error!("Cannot save the still {}: {e}", path.display()),
    }
}
