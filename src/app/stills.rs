//! Driving the app without a user: `render` takes one still of a preset view and exits.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::winit::WinitSettings;
use bevy_panorbit_camera::PanOrbitCamera;

use super::camera::{SetView, ViewPreset};
use super::document::OpenPlan;
use super::menu::UiState;
use super::model::ViewLayer;
use super::view::ViewSettings;

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
    /// Where to write the PNG.
    pub out: PathBuf,
}

/// Frames to let pass before the screenshot, so pipelines compile and the camera settles.
const RENDER_WARM_UP_FRAMES: u32 = 40;

pub(super) fn render_plugin(app: &mut App) {
    app.insert_resource(WinitSettings::continuous())
        .add_systems(Startup, start_render)
        .add_systems(Update, take_still);
}

fn start_render(
    job: Res<RenderJob>,
    mut settings: ResMut<ViewSettings>,
    mut ui: ResMut<UiState>,
    mut commands: Commands,
) {
    ui.show_panels = false;
    for layer in &job.hide {
        settings.set_visible(*layer, false);
    }
    settings.nerve_highlight = job.nerve_on_top;
    settings.rotator_labels = job.rotator_labels;
    settings.sites = job.sites;
    if let Some(path) = &job.plan {
        commands.trigger(OpenPlan { path: path.clone() });
    }
}

fn take_still(
    job: Res<RenderJob>,
    mut frames: Local<u32>,
    mut cameras: Query<&mut PanOrbitCamera>,
    mut commands: Commands,
) {
    *frames += 1;
    // After the plan is open and the body posed as it says.
    if *frames == 3 {
        commands.trigger(SetView(job.view));
    }
    // No glide in a still: jump straight to the target.
    for mut cam in cameras.iter_mut().filter(|c| c.initialized) {
        cam.focus = cam.target_focus;
        cam.radius = Some(cam.target_radius);
        cam.yaw = Some(cam.target_yaw);
        cam.pitch = Some(cam.target_pitch);
        cam.force_update = true;
    }
    if *frames == RENDER_WARM_UP_FRAMES {
        let out = job.out.clone();
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(out))
            .observe(
                |_: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                    exit.write(AppExit::Success);
                },
            );
    }
}
