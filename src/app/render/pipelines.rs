//! Frames keep coming while the renderer is still compiling pipelines, so a sleeping window (or a still)
//! never rests on a picture with whole materials missing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bevy::prelude::*;
use bevy::render::render_resource::PipelineCache;
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::RequestRedraw;

/// Watches the render world's pipeline cache and asks for frames while it is busy.
pub fn plugin(app: &mut App) {
    let compiling = PipelinesCompiling::default();
    app.insert_resource(compiling.clone())
        .add_systems(PostUpdate, draw_until_pipelines_are_ready);
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app.insert_resource(compiling).add_systems(
            Render,
            watch_pipeline_compilation.in_set(RenderSystems::Cleanup),
        );
    }
}

/// True while the renderer has pipelines queued or compiling: what it draws then may lack whole
/// materials. Shared between the main world and the render world.
#[derive(Resource, Clone, Default)]
pub struct PipelinesCompiling(Arc<AtomicBool>);

impl PipelinesCompiling {
    /// True while pipelines are queued or compiling.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Frames in a row with every pipeline compiled before a picture is taken without a user: the render
/// world runs a frame behind, and a material whose pipeline is still compiling is not drawn at all.
pub const READY_FRAMES: u32 = 5;

/// Counts this frame into `streak`, the frames in a row with every pipeline compiled (none compiling, or
/// no renderer to ask); a frame with one compiling starts it again. True once the streak reaches
/// [`READY_FRAMES`].
pub fn ready_for_a_picture(compiling: Option<&PipelinesCompiling>, streak: &mut u32) -> bool {
    if compiling.is_some_and(PipelinesCompiling::get) {
        *streak = 0;
    } else {
        *streak = streak.saturating_add(1);
    }
    *streak >= READY_FRAMES
}

fn watch_pipeline_compilation(cache: Res<PipelineCache>, compiling: Res<PipelinesCompiling>) {
    let busy = cache.waiting_pipelines().next().is_some();
    compiling.0.store(busy, Ordering::Relaxed);
}

fn draw_until_pipelines_are_ready(
    compiling: Res<PipelinesCompiling>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if compiling.get() {
        redraw.write(RequestRedraw);
    }
}
