//! `tour --out`: walks a tour in the teaching mode without a user and takes a picture of every stop, once
//! the camera has arrived and the tracer has run, then exits.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::winit::WinitSettings;

use crate::app::document::export::write_png;
use crate::app::modes::teach::{GLIDE_SECONDS, Lesson, TRACE_SECONDS, TourStep};
use crate::app::render::pipelines::{PipelinesCompiling, ready_for_a_picture};
use crate::app::schedule::AppMode;
use crate::app::ui::UiState;
use crate::cli::stop_image_name;
use crate::teaching::Tour;

/// A tour to take pictures of.
#[derive(Resource, Debug, Clone)]
pub struct TourJob {
    /// The tour.
    pub tour: Tour,
    /// The folder the pictures go in.
    pub out: PathBuf,
}

/// Where the walk is.
#[derive(Resource, Debug, Default)]
struct Walk {
    /// The stop being pictured.
    stop: usize,
    /// When it was shown (real seconds); `None` before it is.
    shown_at: Option<f64>,
    /// Frames in a row with every pipeline compiled.
    ready_frames: u32,
    /// The picture of this stop is asked for.
    asked: bool,
    /// Pictures written.
    written: usize,
}

/// Time after the tracer has run before the picture (s): a frame or two on a slow machine.
const SETTLE_SECONDS: f32 = 0.6;

pub(crate) fn tour_plugin(app: &mut App) {
    app.insert_resource(WinitSettings::continuous())
        .init_resource::<Walk>()
        .add_systems(Startup, start_walk)
        .add_systems(Update, walk.run_if(in_state(AppMode::Teaching)));
}

fn start_walk(job: Res<TourJob>, mut ui: ResMut<UiState>, mut commands: Commands) {
    ui.show_panels = false;
    commands.insert_resource(Lesson::with_tours(vec![job.tour.clone()]));
    commands.set_state(AppMode::Teaching);
}

fn walk(
    job: Res<TourJob>,
    time: Res<Time<Real>>,
    compiling: Option<Res<PipelinesCompiling>>,
    mut walk: ResMut<Walk>,
    mut exit: MessageWriter<AppExit>,
    mut commands: Commands,
) {
    let now = time.elapsed_secs_f64();
    if walk.written == job.tour.stops.len() {
        exit.write(AppExit::Success);
        return;
    }
    let Some(shown_at) = walk.shown_at else {
        commands.trigger(TourStep::To(walk.stop));
        walk.shown_at = Some(now);
        return;
    };
    let pipelines_ready = ready_for_a_picture(compiling.as_deref(), &mut walk.ready_frames);
    let settled = (now - shown_at) as f32 > GLIDE_SECONDS + TRACE_SECONDS + SETTLE_SECONDS;
    if walk.asked || !settled || !pipelines_ready {
        return;
    }
    walk.asked = true;
    let path = job.out.join(stop_image_name(walk.stop));
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut walk: ResMut<Walk>| {
            match write_png(&captured.image, None, &path) {
                Ok(()) => info!("Stop saved to {}", path.display()),
                Err(e) => error!("Cannot save {}: {e}", path.display()),
            }
            walk.written += 1;
            walk.stop += 1;
            walk.shown_at = None;
            walk.asked = false;
        },
    );
}
