// The skin as a ghost: the standard lit material, made more opaque where the surface turns away from the
// eye, so the body's outline reads while what lies beneath shows through where the skin faces the viewer.

#import bevy_pbr::{
    pbr_fragment::pbr_input_from_standard_material,
    pbr_functions::{alpha_discard, apply_pbr_lighting, main_pass_post_lighting_processing},
    forward_io::{VertexOutput, FragmentOutput},
}

struct SkinRim {
    // x: the share of the remaining transparency taken away where the surface is seen edge-on;
    // y: how tightly that rim hugs the outline (the power of one minus the cosine of the view angle).
    params: vec4<f32>,
}

@group(#{MATERIAL_BIND_GROUP}) @binding(100)
var<uniform> skin_rim: SkinRim;

@fragment
fn fragment(in: VertexOutput, @builtin(front_facing) is_front: bool) -> FragmentOutput {
    var pbr_input = pbr_input_from_standard_material(in, is_front);
    let facing = clamp(abs(dot(pbr_input.N, pbr_input.V)), 0.0, 1.0);
    let rim = skin_rim.params.x * pow(1.0 - facing, skin_rim.params.y);
    let alpha = pbr_input.material.base_color.a;
    pbr_input.material.base_color.a = alpha + (1.0 - alpha) * rim;
    pbr_input.material.base_color = alpha_discard(pbr_input.material, pbr_input.material.base_color);
    var out: FragmentOutput;
    out.color = apply_pbr_lighting(pbr_input);
    out.color = main_pass_post_lighting_processing(pbr_input, out.color);
    return out;
}
