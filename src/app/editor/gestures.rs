//! The press-drag-release gestures on the body: what pressing starts for each tool, and how a drag carries
//! it on (placing and sizing, moving, resizing, drawing a stroke, erasing).

use bevy::picking::hover::HoverMap;
use bevy::picking::pointer::PointerId;
use bevy::prelude::*;

use super::{
    DEFAULT_NO_GO_RADIUS_MM, DEFAULT_STROKE_WIDTH_MM, DEFAULT_ZONE_RADIUS_MM, EditorState,
    PICK_TOLERANCE_M, RADIUS_RANGE_MM, STROKE_STEP_M, Tool,
};
use crate::app::document::{CurrentPlan, PlanEdit, SealEdit, StatusLine};
use crate::app::scene::model::StructureNode;
use crate::app::schedule::AppSet;
use crate::app::schedule::ModeSet;
use crate::app::third_party::egui_setup::InterfaceInput;
use crate::app::viewport::posed_picking::NeutralHits;
use crate::plan::edit::{self, Edit};
use crate::plan::geometry::item_at;
use crate::plan::items::{self, ItemRef, POSITION_STEP_M, rounded};
use crate::plan::{Anchor, Point3, SessionPlan};
use crate::safety::SafetyModel;

/// Registers the pointer's surface and the gestures.
pub fn plugin(app: &mut App) {
    app.init_resource::<PointerSurface>().add_systems(
        PreUpdate,
        (
            pointer_surface.run_if(resource_exists::<HoverMap>),
            gestures,
        )
            .chain()
            .in_set(AppSet::Input)
            .in_set(ModeSet::Planning),
    );
}

/// What a drag is doing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Gesture {
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

/// The anchor for a point on the body. On the skin, the structure is the first one under it (what the
/// therapist works on); on a muscle or bone, that structure.
pub fn anchor_at(hit: &SurfaceHit) -> Anchor {
    items::anchor_on(&hit.node, hit.position, hit.normal, || {
        SafetyModel::embedded()
            .what_lies_under(hit.position, hit.normal)
            .into_iter()
            .map(|(node, _)| node)
            .find(|node| node != "skin")
    })
}

fn pointer_surface(
    hover: Res<HoverMap>,
    nodes: Query<&StructureNode>,
    neutral: Option<Res<NeutralHits>>,
    mut surface: ResMut<PointerSurface>,
) {
    let hit = (|| {
        let hits = hover.get(&PointerId::Mouse)?;
        let (entity, _) = hits
            .iter()
            .filter(|(e, _)| nodes.contains(**e))
            .min_by(|a, b| a.1.depth.total_cmp(&b.1.depth))?;
        let node = nodes.get(*entity).ok()?;
        // Plans anchor on the neutral body: the backend keeps where on it the ray met the node.
        let (position, normal) = *neutral?.0.get(entity)?;
        Some(SurfaceHit {
            node: node.node.clone(),
            position,
            normal,
        })
    })();
    if surface.0 != hit {
        surface.0 = hit;
    }
}

fn gestures(
    mouse: Res<ButtonInput<MouseButton>>,
    interface: InterfaceInput,
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
        if !interface.has_pointer()
            && let Some(hit) = hit
        {
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
            let (from_centre, half) = item.from_centre_line(plan, Point3::from(hit.position))?;
            let on_edge = from_centre > half - (half * 0.2).max(0.004);
            Some(if on_edge {
                Gesture::Resize(item)
            } else {
                let anchor = item.anchor(plan)?;
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
            let r_mm = item.from_centre_line(plan, Point3::from(hit.position))?.0 * 1000.0;
            // A click without a drag keeps the default size.
            if placing && r_mm < RADIUS_RANGE_MM.0 {
                return None;
            }
            let r_mm = (r_mm.clamp(RADIUS_RANGE_MM.0, RADIUS_RANGE_MM.1) * 2.0).round() / 2.0;
            item.resized(plan, r_mm)?
        }
        Gesture::Move { item, offset } => {
            let anchor = anchor_at(&SurfaceHit {
                position: hit.position + *offset,
                ..hit.clone()
            });
            item.moved(plan, anchor, &hit.node, |p| {
                onto_surface(p, hit.normal, &hit.node)
            })?
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
            let (edit, id) = items::stroke_along(
                plan,
                zone.as_deref(),
                anchor,
                points,
                DEFAULT_STROKE_WIDTH_MM,
            )?;
            *zone = Some(id);
            edit
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
            rounded(start - normal * depth_mm / 1000.0, POSITION_STEP_M)
        })
}
