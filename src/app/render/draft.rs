//! A lower resolution while the camera moves, on adapters that need it.
//!
//! On a software rasteriser nearly all of a frame's cost is per pixel: an orbit at full resolution takes
//! several hundred milliseconds a frame, and the body turns in jerks. While the main camera moves, its
//! main pass draws into a part of its texture (Bevy's [`MainPassResolutionOverride`]) and a pass of ours
//! stretches that part over the whole 3D view before anti-aliasing. The frame after the camera comes to
//! rest is drawn at full resolution again, so every picture the user studies is sharp. The nerve overlay
//! and the interface are always drawn at full resolution; FXAA rests while the view is a draft.

use bevy::anti_alias::fxaa::Fxaa;
use bevy::asset::uuid_handle;
use bevy::camera::MainPassResolutionOverride;
use bevy::core_pipeline::{Core3dSystems, FullscreenShader, schedule::Core3d};
use bevy::prelude::*;
use bevy::render::extract_component::{
    ComponentUniforms, DynamicUniformIndex, UniformComponentPlugin,
};
use bevy::render::render_resource::binding_types::{sampler, texture_2d, uniform_buffer};
use bevy::render::render_resource::*;
use bevy::render::renderer::{RenderContext, RenderDevice, ViewQuery};
use bevy::render::sync_world::RenderEntity;
use bevy::render::view::ViewTarget;
use bevy::render::{Extract, ExtractSchedule, RenderApp, RenderStartup};
use bevy::transform::TransformSystems;
use bevy::window::RequestRedraw;
use bevy_panorbit_camera::PanOrbitCamera;

use super::RenderQuality;

const DRAFT_SHADER: Handle<Shader> = uuid_handle!("0b6f4c9e-2d7a-4e61-8c3b-5a9e1f7d2c48");

/// Registers the draft resolution and the pass that stretches it over the view.
pub fn plugin(app: &mut App) {
    app.add_message::<RequestRedraw>().add_systems(
        PostUpdate,
        draft_while_moving.after(TransformSystems::Propagate),
    );
    if !app.is_plugin_added::<bevy::render::RenderPlugin>() {
        return;
    }
    super::embed_shader(
        app,
        &DRAFT_SHADER,
        include_str!("draft.wgsl"),
        "sciatic_planner/draft.wgsl",
    );
    app.add_plugins(UniformComponentPlugin::<DraftUpscale>::default());
    let Some(render_app) = app.get_sub_app_mut(RenderApp) else {
        return;
    };
    render_app
        .add_systems(RenderStartup, init_draft_pipeline)
        .add_systems(ExtractSchedule, extract_drafts)
        .add_systems(
            Core3d,
            upscale_draft.in_set(Core3dSystems::EarlyPostProcess),
        );
}

/// The resolution of the 3D view while the camera moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MovingResolution {
    /// Half on a software adapter, full on a GPU.
    #[default]
    Automatic,
    /// Always full: the sharpest motion, and on a CPU the slowest.
    Full,
    /// Always half the width and height: a quarter of the pixels to shade.
    Half,
}

impl MovingResolution {
    /// Every choice, in the order the menu lists them.
    pub const ALL: [MovingResolution; 3] = [
        MovingResolution::Automatic,
        MovingResolution::Full,
        MovingResolution::Half,
    ];

    /// Command-line name.
    pub fn id(self) -> &'static str {
        match self {
            MovingResolution::Automatic => "auto",
            MovingResolution::Full => "full",
            MovingResolution::Half => "half",
        }
    }

    /// Parses [`MovingResolution::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.id() == id.trim())
    }

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            MovingResolution::Automatic => "Automatic",
            MovingResolution::Full => "Full",
            MovingResolution::Half => "Half",
        }
    }

    /// The share of the view's width and height drawn while moving, on an adapter.
    pub fn scale(self, software: bool) -> f32 {
        match self {
            MovingResolution::Automatic if software => 0.5,
            MovingResolution::Automatic | MovingResolution::Full => 1.0,
            MovingResolution::Half => 0.5,
        }
    }
}

/// On the main camera while it moves: the size, in physical pixels, its main pass draws at.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draft(pub UVec2);

/// The size a view of `view` pixels is drawn at with `scale`: at least one pixel each way.
pub fn draft_size(view: UVec2, scale: f32) -> UVec2 {
    (view.as_vec2() * scale).round().as_uvec2().max(UVec2::ONE)
}

/// Drafts the main camera in a frame where it moved, and draws it sharp in the frame after it stopped.
///
/// While drafted, one more frame is always asked for: the frame that finds the camera at rest and draws it
/// at full resolution, whatever moved it.
fn draft_while_moving(
    quality: Res<RenderQuality>,
    mut cameras: Query<
        (
            Entity,
            &GlobalTransform,
            &Camera,
            Option<&Draft>,
            Option<&mut Fxaa>,
        ),
        With<PanOrbitCamera>,
    >,
    mut last: Local<Option<GlobalTransform>>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut commands: Commands,
) {
    let Ok((entity, transform, camera, draft, fxaa)) = cameras.single_mut() else {
        return;
    };
    let moved = last.is_some_and(|before| before != *transform);
    *last = Some(*transform);
    let scale = quality.moving.scale(quality.software());
    let want = camera
        .physical_viewport_size()
        .filter(|_| moved && scale < 1.0)
        .map(|view| draft_size(view, scale));
    // A stretched draft is soft already: smoothing its edges again is a full-resolution pass for nothing.
    if let Some(mut fxaa) = fxaa
        && fxaa.enabled != want.is_none()
    {
        fxaa.enabled = want.is_none();
    }
    let now = draft.map(|d| d.0);
    if want != now {
        match want {
            Some(size) => commands.entity(entity).insert(Draft(size)),
            None => commands.entity(entity).remove::<Draft>(),
        };
    }
    if want.is_some() || now.is_some() {
        redraw.write(RequestRedraw);
    }
}

/// The stretch pass's uniform: where the view lies in the texture and how much of it was drawn.
#[derive(Component, Debug, Clone, Copy, ShaderType)]
struct DraftUpscale {
    /// The view's origin (xy) and size (zw), in pixels.
    view: Vec4,
    /// The size drawn (xy); zw unused.
    drawn: Vec4,
}

/// Gives a drafted camera's render entity its reduced main pass and the stretch pass's uniform.
fn extract_drafts(
    cameras: Extract<Query<(RenderEntity, &Camera, Option<&Draft>)>>,
    mut commands: Commands,
) {
    for (entity, camera, draft) in &cameras {
        let view = camera.physical_viewport_rect();
        let Ok(mut render) = commands.get_entity(entity) else {
            continue;
        };
        match (draft, view) {
            (Some(Draft(size)), Some(view)) if size.x < view.width() || size.y < view.height() => {
                let size = size.min(view.size());
                render.insert((
                    MainPassResolutionOverride(size),
                    DraftUpscale {
                        view: Vec4::new(
                            view.min.x as f32,
                            view.min.y as f32,
                            view.width() as f32,
                            view.height() as f32,
                        ),
                        drawn: size.as_vec2().extend(0.0).extend(0.0),
                    },
                ));
            }
            _ => {
                render.remove::<(MainPassResolutionOverride, DraftUpscale)>();
            }
        }
    }
}

/// The stretch pass: its layout, a filtering sampler, and a pipeline for each main texture format.
#[derive(Resource)]
struct DraftPipeline {
    layout: BindGroupLayoutDescriptor,
    sampler: Sampler,
    pipelines: Vec<(TextureFormat, CachedRenderPipelineId)>,
}

fn init_draft_pipeline(
    mut commands: Commands,
    render_device: Res<RenderDevice>,
    fullscreen_shader: Res<FullscreenShader>,
    pipeline_cache: Res<PipelineCache>,
) {
    let layout = BindGroupLayoutDescriptor::new(
        "draft_upscale_layout",
        &BindGroupLayoutEntries::sequential(
            ShaderStages::FRAGMENT,
            (
                texture_2d(TextureSampleType::Float { filterable: true }),
                sampler(SamplerBindingType::Filtering),
                uniform_buffer::<DraftUpscale>(true),
            ),
        ),
    );
    let sampler = render_device.create_sampler(&SamplerDescriptor {
        mag_filter: FilterMode::Linear,
        min_filter: FilterMode::Linear,
        ..default()
    });
    let pipelines = [TextureFormat::Rgba8UnormSrgb, TextureFormat::Rgba16Float]
        .into_iter()
        .map(|format| {
            let id = pipeline_cache.queue_render_pipeline(RenderPipelineDescriptor {
                label: Some("draft_upscale_pipeline".into()),
                layout: vec![layout.clone()],
                vertex: fullscreen_shader.to_vertex_state(),
                fragment: Some(FragmentState {
                    shader: DRAFT_SHADER,
                    targets: vec![Some(ColorTargetState {
                        format,
                        blend: None,
                        write_mask: ColorWrites::ALL,
                    })],
                    ..default()
                }),
                ..default()
            });
            (format, id)
        })
        .collect();
    commands.insert_resource(DraftPipeline {
        layout,
        sampler,
        pipelines,
    });
}

/// Stretches what a drafted camera drew over its whole view, into the next main texture.
fn upscale_draft(
    view: ViewQuery<(&ViewTarget, &DynamicUniformIndex<DraftUpscale>)>,
    draft: Option<Res<DraftPipeline>>,
    pipeline_cache: Res<PipelineCache>,
    uniforms: Res<ComponentUniforms<DraftUpscale>>,
    mut ctx: RenderContext,
) {
    let Some(draft) = draft else {
        return;
    };
    let (target, index) = view.into_inner();
    let format = target.main_texture_format();
    let Some(pipeline) = draft
        .pipelines
        .iter()
        .find(|(f, _)| *f == format)
        .and_then(|(_, id)| pipeline_cache.get_render_pipeline(*id))
    else {
        return;
    };
    let Some(binding) = uniforms.uniforms().binding() else {
        return;
    };
    let write = target.post_process_write();
    let bind_group = ctx.render_device().create_bind_group(
        "draft_upscale_bind_group",
        &pipeline_cache.get_bind_group_layout(&draft.layout),
        &BindGroupEntries::sequential((write.source, &draft.sampler, binding)),
    );
    let mut pass = ctx
        .command_encoder()
        .begin_render_pass(&RenderPassDescriptor {
            label: Some("draft_upscale_pass"),
            color_attachments: &[Some(RenderPassColorAttachment {
                view: write.destination,
                depth_slice: None,
                resolve_target: None,
                ops: Operations::default(),
            })],
            depth_stencil_attachment: None,
            timestamp_writes: None,
            occlusion_query_set: None,
            multiview_mask: None,
        });
    pass.set_pipeline(pipeline);
    pass.set_bind_group(0, &bind_group, &[index.index()]);
    pass.draw(0..3, 0..1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_software_adapter_drafts_at_half_and_a_gpu_at_full_unless_chosen() {
        assert_eq!(MovingResolution::Automatic.scale(true), 0.5);
        assert_eq!(MovingResolution::Automatic.scale(false), 1.0);
        assert_eq!(MovingResolution::Full.scale(true), 1.0);
        assert_eq!(MovingResolution::Half.scale(false), 0.5);
        for m in MovingResolution::ALL {
            assert_eq!(MovingResolution::from_id(m.id()), Some(m));
        }
    }

    #[test]
    fn a_draft_is_a_quarter_of_the_pixels_and_never_empty() {
        assert_eq!(draft_size(UVec2::new(1280, 800), 0.5), UVec2::new(640, 400));
        assert_eq!(draft_size(UVec2::new(1, 1), 0.5), UVec2::ONE);
    }
}
