//! The plan drawn on the body: each zone painted on the surface it lies on, filled by pressure and
//! outlined by its worst safety finding; no-go areas hatched in red.
//!
//! A zone's paint is a piece of its host surface (the skin, or the muscle it was placed on), cut out by
//! the pure mesh code and drawn with [`ZoneMaterial`], whose shader clips it to the zone's exact shape.

use std::collections::HashMap;

use bevy::asset::{RenderAssetUsages, uuid_handle};
use bevy::light::NotShadowCaster;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::picking::Pickable;
use bevy::prelude::*;
use bevy::render::render_resource::{AsBindGroup, ShaderType};
use bevy::shader::ShaderRef;

use super::layers::ViewSettings;
use super::model::{ModelRoot, SkinJoints, StructureNode};
use crate::anatomy::mesh::ModelMeshes;
use crate::app::document::{CurrentPlan, LiveFindings};
use crate::app::schedule::AppSet;
use crate::plan::geometry::resample;
use crate::plan::items::ItemRef;
use crate::plan::{Anchor, Pressure, Severity, Shape};

const ZONE_SHADER: Handle<Shader> = uuid_handle!("5d1f3c2a-7b0e-4c1f-9a55-2f1d0e6b7c31");
/// The most centre-line points the shader takes; longer strokes are resampled.
pub const MAX_SHAPE_POINTS: usize = 32;
/// How far the paint floats above its surface (m).
const LIFT_M: f32 = 0.0012;

/// Registers the zone material (when rendering) and the system that keeps the paint in step with the plan.
pub fn plugin(app: &mut App) {
    crate::app::render::add_embedded_material::<ZoneMaterial>(
        app,
        &ZONE_SHADER,
        include_str!("zone.wgsl"),
        "sciatic_planner/zone.wgsl",
    );
    app.init_resource::<ZonePaint>()
        .init_resource::<ZoneEmphasis>()
        .add_systems(PostUpdate, sync_zone_paint.in_set(AppSet::Scene));
}

/// The zone or no-go area drawn with a wider outline: the one selected, else the one under the pointer.
/// The editor keeps it in step with its selection.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct ZoneEmphasis {
    /// The selected item.
    pub selected: Option<ItemRef>,
    /// The item under the pointer.
    pub hovered: Option<ItemRef>,
}

/// The shape and colours of one zone, as the shader reads them.
#[derive(ShaderType, Debug, Clone, PartialEq)]
pub struct ZoneShapeUniform {
    fill: Vec4,
    outline: Vec4,
    params: Vec4,
    hatch: Vec4,
    points: [Vec4; MAX_SHAPE_POINTS],
}

/// Paint for one zone or no-go area.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct ZoneMaterial {
    /// Shape and colours.
    #[uniform(0)]
    pub shape: ZoneShapeUniform,
}

impl Material for ZoneMaterial {
    fn fragment_shader() -> ShaderRef {
        ShaderRef::Handle(ZONE_SHADER)
    }

    fn alpha_mode(&self) -> AlphaMode {
        AlphaMode::Blend
    }

    fn enable_prepass() -> bool {
        false
    }

    fn enable_shadows() -> bool {
        false
    }
}

/// Fill colour of a zone by its pressure (linear RGBA).
pub fn pressure_colour(p: Pressure) -> LinearRgba {
    match p {
        Pressure::Light => LinearRgba::new(0.10, 0.62, 0.25, 0.55),
        Pressure::Moderate => LinearRgba::new(0.95, 0.52, 0.02, 0.58),
        Pressure::Deep => LinearRgba::new(0.38, 0.08, 0.70, 0.62),
    }
}

/// Outline colour of a zone by its worst finding (linear RGBA).
pub fn finding_colour(s: Option<Severity>) -> LinearRgba {
    match s {
        Some(Severity::Error) => LinearRgba::new(0.85, 0.0, 0.0, 1.0),
        Some(Severity::Warning) => LinearRgba::new(1.0, 0.42, 0.0, 1.0),
        Some(Severity::Note) => LinearRgba::new(0.10, 0.35, 1.0, 1.0),
        None => LinearRgba::new(0.92, 0.92, 0.92, 0.95),
    }
}

/// The red of no-go areas (linear RGBA).
pub const NO_GO_FILL: LinearRgba = LinearRgba::new(0.80, 0.0, 0.0, 0.62);
/// The outline of no-go areas.
pub const NO_GO_OUTLINE: LinearRgba = LinearRgba::new(0.45, 0.0, 0.0, 1.0);

/// One painted item.
#[derive(Component, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ZonePaintOf(pub ItemRef);

#[derive(Debug)]
struct Painted {
    entity: Entity,
    /// What the mesh was cut for: anchor and shape.
    geometry: (Anchor, Shape),
    host: String,
    /// What its material was last given.
    shape: ZoneShapeUniform,
}

/// The painted items, by item.
#[derive(Resource, Debug, Default)]
pub struct ZonePaint {
    painted: HashMap<ItemRef, Painted>,
}

impl ZonePaint {
    /// The entity painting an item.
    pub fn entity(&self, item: &ItemRef) -> Option<Entity> {
        self.painted.get(item).map(|p| p.entity)
    }

    /// The node an item is painted on.
    pub fn host(&self, item: &ItemRef) -> Option<&str> {
        self.painted.get(item).map(|p| p.host.as_str())
    }

    /// How many items are painted.
    pub fn len(&self) -> usize {
        self.painted.len()
    }

    /// True when nothing is painted.
    pub fn is_empty(&self) -> bool {
        self.painted.is_empty()
    }
}

/// The surface an item is painted on: the skin, or the structure it names when that lies nearer.
pub fn host_node(anchor: &Anchor) -> String {
    let model = ModelMeshes::embedded();
    let p = Vec3::from(anchor.position);
    let distance = |name: &str| {
        model
            .node(name)
            .map_or(f32::INFINITY, |n| n.nearest_vertex_distance(p))
    };
    if anchor.structure != "skin" && distance(&anchor.structure) < distance("skin") {
        anchor.structure.clone()
    } else {
        "skin".to_owned()
    }
}

/// The paint mesh of an item on its host, in the model frame relative to `origin`.
fn paint_mesh(host: &str, line: &[Vec3], half: f32, normal: Vec3, origin: Vec3) -> Option<Mesh> {
    let data = ModelMeshes::embedded().node(host)?;
    let patch = data.patch(line, half + 0.004, normal, LIFT_M);
    if patch.indices.is_empty() {
        return None;
    }
    let local: Vec<[f32; 3]> = patch
        .positions
        .iter()
        .map(|p| (Vec3::from(*p) - origin).to_array())
        .collect();
    // The colour attribute carries the model-frame position for the shader, and in w the number of
    // centre-line points (per vertex, so the shader's loop is not bounded by a uniform alone).
    let points = line.len().min(MAX_SHAPE_POINTS) as f32;
    let model_space: Vec<[f32; 4]> = patch
        .positions
        .iter()
        .map(|p| [p[0], p[1], p[2], points])
        .collect();
    let mut mesh = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    );
    mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, local);
    mesh.insert_attribute(Mesh::ATTRIBUTE_NORMAL, patch.normals);
    mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, model_space);
    mesh.insert_indices(Indices::U32(patch.indices));
    Some(mesh)
}

/// The shader's view of an item.
fn shape_uniform(
    line: &[Vec3],
    half: f32,
    normal: Vec3,
    fill: LinearRgba,
    outline: LinearRgba,
    outline_m: f32,
    hatched: bool,
) -> ZoneShapeUniform {
    let mut points = [Vec4::ZERO; MAX_SHAPE_POINTS];
    for (slot, p) in points.iter_mut().zip(line) {
        *slot = p.extend(1.0);
    }
    // Stripes at 45 degrees across the surface.
    let (t, b) = normal.normalize_or(Vec3::NEG_Z).any_orthonormal_pair();
    let across = (t + b).normalize();
    ZoneShapeUniform {
        fill: fill.to_vec4(),
        outline: outline.to_vec4(),
        params: Vec4::new(
            half,
            outline_m.min(half * 0.5),
            f32::from(u8::from(hatched)),
            line.len().min(MAX_SHAPE_POINTS) as f32,
        ),
        hatch: across.extend(0.007),
        points,
    }
}

/// What one item looks like now.
struct Look {
    item: ItemRef,
    anchor: Anchor,
    shape: Shape,
    line: Vec<Vec3>,
    half: f32,
    uniform: ZoneShapeUniform,
}

fn looks(current: &CurrentPlan, findings: &LiveFindings, editor: &ZoneEmphasis) -> Vec<Look> {
    let plan = &current.plan;
    let emphasis = |item: &ItemRef| {
        if editor.selected.as_ref() == Some(item) {
            0.006
        } else if editor.hovered.as_ref() == Some(item) {
            0.0045
        } else {
            0.003
        }
    };
    let mut out = Vec::new();
    for z in &plan.zones {
        let item = ItemRef::Zone(z.id.clone());
        let line: Vec<Vec3> = resample(&z.centre_line(), MAX_SHAPE_POINTS)
            .into_iter()
            .map(Vec3::from)
            .collect();
        let half = z.half_extent_m();
        let uniform = shape_uniform(
            &line,
            half,
            Vec3::from(z.anchor.normal),
            pressure_colour(z.pressure),
            finding_colour(findings.worst_for(&z.id)),
            emphasis(&item),
            false,
        );
        out.push(Look {
            item,
            anchor: z.anchor.clone(),
            shape: z.shape.clone(),
            line,
            half,
            uniform,
        });
    }
    for n in &plan.no_go {
        let item = ItemRef::NoGo(n.id.clone());
        let line = vec![Vec3::from(n.anchor.position)];
        let half = n.radius_mm / 1000.0;
        let shape = Shape::Disc {
            radius_mm: n.radius_mm,
        };
        let uniform = shape_uniform(
            &line,
            half,
            Vec3::from(n.anchor.normal),
            NO_GO_FILL,
            NO_GO_OUTLINE,
            emphasis(&item),
            true,
        );
        out.push(Look {
            item,
            anchor: n.anchor.clone(),
            shape,
            line,
            half,
            uniform,
        });
    }
    out
}

fn sync_zone_paint(
    current: Res<CurrentPlan>,
    findings: Res<LiveFindings>,
    editor: Res<ZoneEmphasis>,
    settings: Res<ViewSettings>,
    mut paint: ResMut<ZonePaint>,
    roots: Query<Entity, With<ModelRoot>>,
    joints: Option<Res<SkinJoints>>,
    nodes: Query<(&StructureNode, &Visibility)>,
    mut meshes: Option<ResMut<Assets<Mesh>>>,
    mut materials: Option<ResMut<Assets<ZoneMaterial>>>,
    handles: Query<&MeshMaterial3d<ZoneMaterial>>,
    mut visibility: Query<&mut Visibility, (With<ZonePaintOf>, Without<StructureNode>)>,
    mut commands: Commands,
) {
    if !(current.is_changed()
        || findings.is_changed()
        || editor.is_changed()
        || settings.is_changed())
    {
        return;
    }
    let Ok(root) = roots.single() else {
        return;
    };
    let looks = looks(&current, &findings, &editor);
    // Gone items lose their paint.
    let keep: Vec<&ItemRef> = looks.iter().map(|l| &l.item).collect();
    let gone: Vec<ItemRef> = paint
        .painted
        .keys()
        .filter(|k| !keep.contains(k))
        .cloned()
        .collect();
    for item in gone {
        if let Some(p) = paint.painted.remove(&item) {
            commands.entity(p.entity).despawn();
        }
    }
    let host_visible = |host: &str| {
        nodes
            .iter()
            .find(|(n, _)| n.node == host)
            .is_none_or(|(_, v)| *v != Visibility::Hidden)
    };
    for look in looks {
        let geometry = (look.anchor.clone(), look.shape.clone());
        let fresh = paint
            .painted
            .get(&look.item)
            .is_none_or(|p| p.geometry != geometry);
        // An item keeps its entity and its material for as long as it exists: a moved or resized zone
        // gets a new mesh, and its material is written only when its shape or colours change.
        if fresh {
            let old = paint.painted.remove(&look.item);
            let host = host_node(&look.anchor);
            let origin = Vec3::from(look.anchor.position);
            // The paint rides on its zone's segment: it hangs from that segment's joint.
            let parent = joints.as_ref().map_or(root, |j| j.of(look.anchor.segment));
            let mesh = meshes.as_mut().and_then(|meshes| {
                paint_mesh(
                    &host,
                    &look.line,
                    look.half,
                    Vec3::from(look.anchor.normal),
                    origin,
                )
                .map(|mesh| meshes.add(mesh))
            });
            let entity = match &old {
                Some(p) => {
                    commands
                        .entity(p.entity)
                        .insert((Transform::from_translation(origin), ChildOf(parent)));
                    p.entity
                }
                None => {
                    let mut entity = commands.spawn((
                        Name::new(format!("paint {:?}", look.item)),
                        ZonePaintOf(look.item.clone()),
                        Transform::from_translation(origin),
                        Visibility::default(),
                        Pickable::IGNORE,
                        NotShadowCaster,
                        ChildOf(parent),
                    ));
                    if let Some(materials) = materials.as_mut() {
                        entity.insert(MeshMaterial3d(materials.add(ZoneMaterial {
                            shape: look.uniform.clone(),
                        })));
                    }
                    entity.id()
                }
            };
            match mesh {
                Some(mesh) => commands.entity(entity).insert(Mesh3d(mesh)),
                None => commands.entity(entity).remove::<Mesh3d>(),
            };
            paint.painted.insert(
                look.item.clone(),
                Painted {
                    entity,
                    geometry,
                    host,
                    shape: old.map_or_else(|| look.uniform.clone(), |p| p.shape),
                },
            );
        }
        let Some(p) = paint.painted.get_mut(&look.item) else {
            continue;
        };
        if p.shape != look.uniform
            && let (Ok(handle), Some(materials)) = (handles.get(p.entity), materials.as_mut())
            && let Some(mut m) = materials.get_mut(&handle.0)
        {
            m.shape = look.uniform.clone();
            p.shape = look.uniform;
        }
        let wanted = if host_visible(&p.host) {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        if let Ok(mut v) = visibility.get_mut(p.entity)
            && *v != wanted
        {
            *v = wanted;
        }
    }
}
