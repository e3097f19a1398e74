//! Marking the plan on the body: the tools (select, treatment zone, stroke, no-go area, eraser), what the
//! pointer is over, and the press-drag-release gestures that add, move and resize zones.
//!
//! Gestures turn into [`PlanEdit`]s, the one way the plan changes; the end of a gesture seals the undo
//! step, so one drag is one undo.

use bevy::picking::hover::HoverMap;
use bevy::picking::pointer::PointerId;
use bevy::prelude::*;

use super::document::{CurrentPlan, PlanEdit, SealEdit, StatusLine};
use super::model::{ModelRoot, StructureNode};
use crate::plan::edit::{self, Edit};
use crate::plan::geometry::{Item, item_at, segment_at};
use crate::plan::{Anchor, Point3, SessionPlan, Shape};
use crate::safety::SafetyModel;

/// Registers the editor state and the pointer systems.
pub fn plugin(app: &mut App) {
    app.init_resource::<EditorState>()
        .init_resource::<PointerSurface>()
        .add_systems(
            PreUpdate,
            (
                pointer_surface.run_if(resource_exists::<HoverMap>),
                gestures,
            )
                .chain()
                .after(bevy::picking::PickingSystems::Hover),
        );
}

/// Radius of a new treatment zone made by a click without a drag (mm).
pub const DEFAULT_ZONE_RADIUS_MM: f32 = 30.0;
/// Radius of a new no-go area made by a click without a drag (mm).
pub const DEFAULT_NO_GO_RADIUS_MM: f32 = 20.0;
/// Width of a new stroke (mm).
pub const DEFAULT_STROKE_WIDTH_MM: f32 = 40.0;
/// Smallest and largest radius a drag sets (mm).
pub const RADIUS_RANGE_MM: (f32, f32) = (8.0, 150.0);
/// A stroke's path gets a new point each time the pointer has moved this far along the body (m).
const STROKE_STEP_M: f32 = 0.01;
/// How far outside an item's edge the pointer still counts as on it (m).
const PICK_TOLERANCE_M: f32 = 0.003;

/// The tool in the user's hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Select, move and resize zones (a stroke's edge sets its width); otherwise orbit and select structures.
    #[default]
    Select,
    /// Click to place a treatment zone, drag to set its radius.
    Treatment,
    /// Press, drag along the body and release to draw a stroke zone.
    Stroke,
    /// Click to place a no-go area, drag to set its radius.
    NoGo,
    /// Click or drag over zones and no-go areas to remove them.
    Eraser,
}

impl Tool {
    /// Every tool, in toolbar order.
    pub const ALL: [Tool; 5] = [
        Tool::Select,
        Tool::Treatment,
        Tool::Stroke,
        Tool::NoGo,
        Tool::Eraser,
    ];

    /// Its name on the toolbar.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Select => "Select",
            Tool::Treatment => "Zone",
            Tool::Stroke => "Stroke",
            Tool::NoGo => "No-go",
            Tool::Eraser => "Eraser",
        }
    }

    /// Its keyboard shortcut.
    pub fn key(self) -> &'static str {
        match self {
            Tool::Select => "V",
            Tool::Treatment => "Z",
            Tool::Stroke => "S",
            Tool::NoGo => "N",
            Tool::Eraser => "E",
        }
    }

    /// What it does, for its tooltip.
    pub fn hint(self) -> &'static str {
        match self {
            Tool::Select => {
                "Click a zone to edit it; drag its middle to move it, its edge to resize it. Elsewhere, drag to turn the view."
            }
            Tool::Treatment => {
                "Click on the body to place a treatment zone; drag out from the centre to set its size."
            }
            Tool::Stroke => {
                "Press on the body, drag along it and release: a stroke for gliding or stripping work."
            }
            Tool::NoGo => {
                "Click on the body to mark an area where no one may work; drag to set its size."
            }
            Tool::Eraser => "Click or drag over zones and no-go areas to remove them.",
        }
    }
}

/// A zone or a no-go area of the plan, by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemRef {
    /// A treatment zone.
    Zone(String),
    /// A no-go area.
    NoGo(String),
}

impl ItemRef {
    fn of(item: Item<'_>) -> Self {
        match item {
            Item::Zone(z) => ItemRef::Zone(z.id.clone()),
            Item::NoGo(n) => ItemRef::NoGo(n.id.clone()),
        }
    }

    /// True when the plan still has it.
    pub fn exists_in(&self, plan: &SessionPlan) -> bool {
        match self {
            ItemRef::Zone(id) => plan.zones.iter().any(|z| &z.id == id),
            ItemRef::NoGo(id) => plan.no_go.iter().any(|n| &n.id == id),
        }
    }

    /// The edit that removes it.
    pub fn remove(&self) -> Edit {
        match self {
            ItemRef::Zone(id) => Edit::RemoveZone(id.clone()),
            ItemRef::NoGo(id) => Edit::RemoveNoGo(id.clone()),
        }
    }
}

/// What a drag is doing.
#[derive(Debug, Clone, PartialEq)]
enum Gesture {
    /// Setting the radius of a just-placed item by dragging out from its centre.
    Place(ItemRef),
    /// Drawing a stroke; `zone` is its id once it has two points.
    Stroke {
        anchor: Anchor,
        points: Vec<Vec3>,
        zone: Option<String>,
    },
    /// Moving an item; `offset` is from the grab point to the item's anchor.
    Move { item: ItemRef, offset: Vec3 },
    /// Resizing an item by its edge.
    Resize(ItemRef),
    /// Erasing what the pointer passes over.
    Erase,
}

/// The editor's state: tool, selected and hovered items, and the drag under way.
#[derive(Resource, Debug, Default)]
pub struct EditorState {
    /// The tool in use.
    pub tool: Tool,
    /// The zone or no-go area being edited in the panel.
    pub selected: Option<ItemRef>,
    /// The zone or no-go area under the pointer.
    pub hovered: Option<ItemRef>,
    gesture: Option<Gesture>,
}

impl EditorState {
    /// True while a drag of the editor owns the pointer (the camera must not move).
    pub fn is_dragging(&self) -> bool {
        self.gesture.is_some()
    }
}

/// A point on the body under the pointer, in the model frame (neutral pose).
#[derive(Debug, Clone, PartialEq)]
pub struct SurfaceHit {
    /// The node hit (`skin`, `gluteus_maximus_r`).
    pub node: String,
    /// Where, metres.
    pub position: Vec3,
    /// The surface normal there.
    pub normal: Vec3,
}

/// The body surface under the mouse pointer, if any.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct PointerSurface(pub Option<SurfaceHit>);

/// Rounds to 0.1 mm, so saved plans stay readable.
fn tidy(v: Vec3, step: f32) -> Point3 {
    let r = |x: f32| (x / step).round() * step;
    Point3::from(Vec3::new(r(v.x), r(v.y), r(v.z)))
}

/// The anchor for a point on the body. On the skin, the structure is the first one under it (what the
/// therapist works on); on a muscle or bone, that structure.
pub fn anchor_at(hit: &SurfaceHit) -> Anchor {
    let structure = if hit.node == "skin" {
        SafetyModel::embedded()
            .what_lies_under(hit.position, hit.normal)
            .into_iter()
            .map(|(node, _)| node)
            .find(|node| node != "skin")
            .unwrap_or_else(|| "skin".to_owned())
    } else {
        hit.node.clone()
    };
    let position = tidy(hit.position, 1e-4);
    Anchor {
        segment: segment_at(&structure, position),
        structure,
        position,
        normal: tidy(hit.normal.normalize_or(Vec3::NEG_Z), 1e-3),
    }
}

fn pointer_surface(
    hover: Res<HoverMap>,
    nodes: Query<&StructureNode>,
    root: Query<&GlobalTransform, With<ModelRoot>>,
    mut surface: ResMut<PointerSurface>,
) {
    let hit = (|| {
        let hits = hover.get(&PointerId::Mouse)?;
        let (entity, data) = hits
            .iter()
            .filter(|(e, _)| nodes.contains(**e))
            .min_by(|a, b| a.1.depth.total_cmp(&b.1.depth))?;
        let node = nodes.get(*entity).ok()?;
        let to_model = root.single().ok()?.affine().inverse();
        Some(SurfaceHit {
            node: node.node.clone(),
            position: to_model.transform_point3(data.position?),
            normal: to_model
                .transform_vector3(data.normal.unwrap_or(Vec3::NEG_Z))
                .normalize_or(Vec3::NEG_Z),
        })
    })();
    if surface.0 != hit {
        surface.0 = hit;
    }
}

fn gestures(
    mouse: Res<ButtonInput<MouseButton>>,
    wants: Option<Res<bevy_egui::input::EguiWantsInput>>,
    surface: Res<PointerSurface>,
    current: Res<CurrentPlan>,
    mut state: ResMut<EditorState>,
    mut status: ResMut<StatusLine>,
    mut commands: Commands,
) {
    let plan = &current.plan;
    let hit = surface.0.as_ref();
    let hovered = hit
        .and_then(|h| item_at(plan, Point3::from(h.position), PICK_TOLERANCE_M))
        .map(ItemRef::of);
    if state.hovered != hovered {
        state.hovered = hovered.clone();
    }
    if let Some(selected) = &state.selected
        && !selected.exists_in(plan)
    {
        state.selected = None;
    }

    if mouse.just_pressed(MouseButton::Left) {
        // The pointer only hits the body inside the 3D view (the camera's viewport), so a hit means the
        // press was in the view; a menu or pop-up open over it takes the press instead.
        let egui_busy = wants.is_some_and(|w| w.is_using_pointer() || w.is_popup_open());
        if !egui_busy && let Some(hit) = hit {
            let gesture = begin(state.tool, hit, hovered.as_ref(), plan, &mut commands);
            if let Some(Gesture::Place(item) | Gesture::Move { item, .. } | Gesture::Resize(item)) =
                &gesture
            {
                state.selected = Some(item.clone());
            }
            state.gesture = gesture;
        }
        return;
    }
    if state.gesture.is_none() {
        return;
    }
    let Some(mut gesture) = state.gesture.take() else {
        return;
    };
    if !mouse.pressed(MouseButton::Left) {
        if let Gesture::Stroke { zone: None, .. } = gesture {
            status.info("Drag along the body to draw a stroke.");
        }
        commands.trigger(SealEdit);
        return;
    }
    if let Some(hit) = hit {
        let erased = drag(&mut gesture, hit, hovered.as_ref(), plan, &mut commands);
        if let Some(item) = erased
            && state.selected.as_ref() == Some(&item)
        {
            state.selected = None;
        }
        if let Gesture::Stroke { zone: Some(id), .. } = &gesture {
            let item = ItemRef::Zone(id.clone());
            if state.selected.as_ref() != Some(&item) {
                state.selected = Some(item);
            }
        }
    }
    state.gesture = Some(gesture);
}

/// What pressing the button starts, for this tool at this point.
fn begin(
    tool: Tool,
    hit: &SurfaceHit,
    hovered: Option<&ItemRef>,
    plan: &SessionPlan,
    commands: &mut Commands,
) -> Option<Gesture> {
    match tool {
        Tool::Select => {
            let item = hovered?.clone();
            let (from_centre, half) = from_centre_line(plan, &item, hit.position)?;
            let on_edge = from_centre > half - (half * 0.2).max(0.004);
            Some(if on_edge {
                Gesture::Resize(item)
            } else {
                let anchor = item_anchor(plan, &item)?;
                Gesture::Move {
                    offset: Vec3::from(anchor.position) - hit.position,
                    item,
                }
            })
        }
        Tool::Treatment => {
            let mut zone = edit::new_disc_zone(anchor_at(hit), DEFAULT_ZONE_RADIUS_MM);
            zone.id = plan.fresh_zone_id();
            let item = ItemRef::Zone(zone.id.clone());
            commands.trigger(PlanEdit(Edit::AddZone(zone)));
            Some(Gesture::Place(item))
        }
        Tool::NoGo => {
            let mut area = edit::new_no_go(anchor_at(hit), DEFAULT_NO_GO_RADIUS_MM);
            area.id = plan.fresh_no_go_id();
            let item = ItemRef::NoGo(area.id.clone());
            commands.trigger(PlanEdit(Edit::AddNoGo(area)));
            Some(Gesture::Place(item))
        }
        Tool::Stroke => Some(Gesture::Stroke {
            anchor: anchor_at(hit),
            points: vec![hit.position],
            zone: None,
        }),
        Tool::Eraser => {
            if let Some(item) = hovered {
                commands.trigger(PlanEdit(item.remove()));
            }
            Some(Gesture::Erase)
        }
    }
}

/// Carries a drag on to the point under the pointer. Returns an item the eraser removed.
fn drag(
    gesture: &mut Gesture,
    hit: &SurfaceHit,
    hovered: Option<&ItemRef>,
    plan: &SessionPlan,
    commands: &mut Commands,
) -> Option<ItemRef> {
    let placing = matches!(gesture, Gesture::Place(_));
    let edit = match gesture {
        Gesture::Place(item) | Gesture::Resize(item) => {
            let item = item.clone();
            let r_mm = from_centre_line(plan, &item, hit.position)?.0 * 1000.0;
            // A click without a drag keeps the default size.
            if placing && r_mm < RADIUS_RANGE_MM.0 {
                return None;
            }
            let r_mm = (r_mm.clamp(RADIUS_RANGE_MM.0, RADIUS_RANGE_MM.1) * 2.0).round() / 2.0;
            resized(plan, &item, r_mm)?
        }
        Gesture::Move { item, offset } => {
            let mut anchor = anchor_at(&SurfaceHit {
                position: hit.position + *offset,
                ..hit.clone()
            });
            let item = item.clone();
            match &item {
                ItemRef::Zone(id) => {
                    let zone = plan.zones.iter().find(|z| &z.id == id)?;
                    if zone.anchor.structure != "skin" && hit.node != "skin" {
                        // Keep the structure the therapist chose while sliding over it.
                        anchor.structure.clone_from(&zone.anchor.structure);
                    }
                    let mut moved = edit::move_zone(zone, anchor);
                    if let Shape::Stroke { path, .. } = &mut moved.shape {
                        for p in path.iter_mut() {
                            *p = onto_surface(*p, hit.normal, &hit.node);
                        }
                    }
                    Edit::SetZone(moved)
                }
                ItemRef::NoGo(id) => {
                    let mut area = plan.no_go.iter().find(|n| &n.id == id)?.clone();
                    area.anchor = anchor;
                    Edit::SetNoGo(area)
                }
            }
        }
        Gesture::Stroke {
            anchor,
            points,
            zone,
        } => {
            if points.last()?.distance(hit.position) < STROKE_STEP_M {
                return None;
            }
            points.push(hit.position);
            let path: Vec<Point3> = points.iter().map(|p| tidy(*p, 1e-4)).collect();
            match zone {
                None => {
                    let mut z =
                        edit::new_stroke_zone(anchor.clone(), path, DEFAULT_STROKE_WIDTH_MM);
                    z.id = plan.fresh_zone_id();
                    *zone = Some(z.id.clone());
                    Edit::AddZone(z)
                }
                Some(id) => {
                    let mut z = plan.zones.iter().find(|z| &z.id == id)?.clone();
                    if let Shape::Stroke { path: p, .. } = &mut z.shape {
                        *p = path;
                    }
                    Edit::SetZone(z)
                }
            }
        }
        Gesture::Erase => {
            let item = hovered?.clone();
            commands.trigger(PlanEdit(item.remove()));
            return Some(item);
        }
    };
    commands.trigger(PlanEdit(edit));
    None
}

/// How far outside the body a moved point is looked for from (m): more than a drag moves a point off the
/// curve of the body.
const SURFACE_SEARCH_M: f32 = 0.06;

/// The point of `surface` (a node name) under `p` along `-normal`, or `p` when there is none: moved
/// strokes stay on the body as it curves.
fn onto_surface(p: Point3, normal: Vec3, surface: &str) -> Point3 {
    let start = Vec3::from(p) + normal * SURFACE_SEARCH_M;
    SafetyModel::embedded()
        .what_lies_under(start, normal)
        .into_iter()
        .find(|(node, _)| node == surface)
        .map_or(p, |(_, depth_mm)| {
            tidy(start - normal * depth_mm / 1000.0, 1e-4)
        })
}

fn item_anchor(plan: &SessionPlan, item: &ItemRef) -> Option<Anchor> {
    match item {
        ItemRef::Zone(id) => plan
            .zones
            .iter()
            .find(|z| &z.id == id)
            .map(|z| z.anchor.clone()),
        ItemRef::NoGo(id) => plan
            .no_go
            .iter()
            .find(|n| &n.id == id)
            .map(|n| n.anchor.clone()),
    }
}

/// How far `p` lies from the item's centre line (its centre for a disc or no-go area), and the item's half
/// extent, both in metres.
fn from_centre_line(plan: &SessionPlan, item: &ItemRef, p: Vec3) -> Option<(f32, f32)> {
    let p = Point3::from(p);
    match item {
        ItemRef::Zone(id) => {
            let z = plan.zones.iter().find(|z| &z.id == id)?;
            let half = z.half_extent_m();
            Some((z.signed_distance(p) + half, half))
        }
        ItemRef::NoGo(id) => {
            let n = plan.no_go.iter().find(|n| &n.id == id)?;
            Some((p.distance(n.anchor.position), n.radius_mm / 1000.0))
        }
    }
}

/// The edit that gives an item this radius (mm).
fn resized(plan: &SessionPlan, item: &ItemRef, radius_mm: f32) -> Option<Edit> {
    match item {
        ItemRef::Zone(id) => {
            let mut z = plan.zones.iter().find(|z| &z.id == id)?.clone();
            match &mut z.shape {
                Shape::Disc { radius_mm: r } => *r = radius_mm,
                Shape::Stroke { width_mm, .. } => *width_mm = radius_mm * 2.0,
            }
            Some(Edit::SetZone(z))
        }
        ItemRef::NoGo(id) => {
            let mut n = plan.no_go.iter().find(|n| &n.id == id)?.clone();
            n.radius_mm = radius_mm;
            Some(Edit::SetNoGo(n))
        }
    }
}
