// A treatment zone or no-go area painted on the body surface.
//
// The mesh is the piece of the surface around the zone, lifted a little off it. Its vertex colour carries
// the model-frame position (not a colour), so the shape stays put while the body is posed, and in w the
// number of centre-line points. Each pixel
// measures its distance to the zone's centre line: inside it is filled (hatched for no-go areas), near the
// edge it takes the outline colour, outside it is dropped.

#import bevy_pbr::forward_io::VertexOutput
#import bevy_pbr::mesh_view_bindings::view

struct ZoneShape {
    fill: vec4<f32>,
    outline: vec4<f32>,
    // x: half extent (m), y: outline width (m), z: 1 for hatching, w: number of centre-line points
    params: vec4<f32>,
    // xyz: direction across the hatch stripes (model frame), w: stripe period (m)
    hatch: vec4<f32>,
    points: array<vec4<f32>, 32>,
}

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> shape: ZoneShape;

fn segment_distance(p: vec3<f32>, a: vec3<f32>, b: vec3<f32>) -> f32 {
    let ab = b - a;
    let t = clamp(dot(p - a, ab) / max(dot(ab, ab), 1e-12), 0.0, 1.0);
    return distance(p, a + ab * t);
}

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
#ifdef VERTEX_COLORS
    let p = in.color.xyz;
#else
    let p = in.world_position.xyz;
#endif
    // No branch or loop bound here depends on the uniform alone: a software Vulkan driver (lavapipe)
    // compiles a new variant of the shader for every value of such a uniform, and keeps them all. The
    // number of centre-line points comes with the vertices instead.
#ifdef VERTEX_COLORS
    let count = min(u32(in.color.w + 0.5), 32u);
#else
    let count = u32(shape.params.w);
#endif
    var d = distance(p, shape.points[0].xyz);
    for (var i = 1u; i < count; i = i + 1u) {
        d = min(d, segment_distance(p, shape.points[i - 1u].xyz, shape.points[i].xyz));
    }
    let half = shape.params.x;
    if d > half {
        discard;
    }
    let stripe = fract(dot(p, shape.hatch.xyz) / shape.hatch.w);
    let hatched = select(
        vec4<f32>(shape.fill.rgb, shape.fill.a * 0.2),
        vec4<f32>(shape.fill.rgb, min(1.0, shape.fill.a * 1.6)),
        stripe < 0.45,
    );
    var colour = select(shape.fill, hatched, shape.params.z > 0.5);
    colour = select(colour, shape.outline, d > half - shape.params.y);
    // A little shading keeps the curvature of the surface readable under the paint.
    let to_eye = normalize(view.world_position.xyz - in.world_position.xyz);
    let light = 0.72 + 0.28 * abs(dot(normalize(in.world_normal), to_eye));
    return vec4<f32>(colour.rgb * light, colour.a);
}
