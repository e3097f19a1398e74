// Stretches the part of the main texture the camera drew into while it moved over the whole 3D view.
// Pixels outside the view (under the panels) are copied as they are.

#import bevy_core_pipeline::fullscreen_vertex_shader::FullscreenVertexOutput

struct Draft {
    // The view's origin (xy) and size (zw) in the texture, in pixels.
    view: vec4<f32>,
    // The size the main pass drew at, from the view's origin (xy); zw unused.
    drawn: vec4<f32>,
}

@group(0) @binding(0) var source: texture_2d<f32>;
@group(0) @binding(1) var source_sampler: sampler;
@group(0) @binding(2) var<uniform> draft: Draft;

@fragment
fn fragment(in: FullscreenVertexOutput) -> @location(0) vec4<f32> {
    let pixel = in.position.xy;
    let local = pixel - draft.view.xy;
    if any(local < vec2<f32>(0.0)) || any(local >= draft.view.zw) {
        return textureLoad(source, vec2<i32>(pixel), 0);
    }
    let size = vec2<f32>(textureDimensions(source));
    let wanted = draft.view.xy + local * draft.drawn.xy / draft.view.zw;
    // Stay half a pixel inside what was drawn, so the filter never reaches stale pixels beyond it.
    let inside = clamp(wanted, draft.view.xy + 0.5, draft.view.xy + draft.drawn.xy - 0.5);
    return textureSampleLevel(source, source_sampler, inside / size, 0.0);
}
