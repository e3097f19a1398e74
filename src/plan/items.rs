//! The items a therapist marks on the body (treatment zones and no-go areas) by reference: finding them in a
//! plan, and the edits that remove, resize and move them, build a stroke from its points and anchor a new
//! item to the surface the pointer is on.
//!
//! These are the rules the editor follows; the editor only turns pointer gestures into calls of them.

use glam::Vec3;

use super::edit::{self, Edit};
use super::geometry::{Item, segment_at};
use super::{Anchor, NoGoArea, Point3, SessionPlan, Shape, Zone};

impl SessionPlan {
    /// The treatment zone with this id.
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The no-go area with this id.
    pub fn no_go_area(&self, id: &str) -> Option<&NoGoArea> {
        self.no_go.iter().find(|n| n.id == id)
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
    /// The reference to a found item.
    pub fn of(item: Item<'_>) -> Self {
        match item {
            Item::Zone(z) => ItemRef::Zone(z.id.clone()),
            Item::NoGo(n) => ItemRef::NoGo(n.id.clone()),
        }
    }

    /// True when the plan still has it.
    pub fn exists_in(&self, plan: &SessionPlan) -> bool {
        self.anchor(plan).is_some()
    }

    /// The edit that removes it.
    pub fn remove(&self) -> Edit {
        match self {
            ItemRef::Zone(id) => Edit::RemoveZone(id.clone()),
            ItemRef::NoGo(id) => Edit::RemoveNoGo(id.clone()),
        }
    }

    /// Where it sits on the body.
    pub fn anchor<'a>(&self, plan: &'a SessionPlan) -> Option<&'a Anchor> {
        match self {
            ItemRef::Zone(id) => plan.zone(id).map(|z| &z.anchor),
            ItemRef::NoGo(id) => plan.no_go_area(id).map(|n| &n.anchor),
        }
    }

    /// How far `p` lies from its centre line (its centre for a disc or a no-go area), and its half extent,
    /// both in metres: the two numbers that tell a grab at its edge (a resize) from one inside it (a move).
    pub fn from_centre_line(&self, plan: &SessionPlan, p: Point3) -> Option<(f32, f32)> {
        match self {
            ItemRef::Zone(id) => {
                let z = plan.zone(id)?;
                let half = z.half_extent_m();
                Some((z.signed_distance(p) + half, half))
            }
            ItemRef::NoGo(id) => {
                let n = plan.no_go_area(id)?;
                Some((p.distance(n.anchor.position), n.radius_mm / 1000.0))
            }
        }
    }

    /// The edit that gives it this radius (mm): a disc's or a no-go area's radius, half a stroke's width.
    pub fn resized(&self, plan: &SessionPlan, radius_mm: f32) -> Option<Edit> {
        match self {
            ItemRef::Zone(id) => {
                let mut z = plan.zone(id)?.clone();
                match &mut z.shape {
                    Shape::Disc { radius_mm: r } => *r = radius_mm,
                    Shape::Stroke { width_mm, .. } => *width_mm = radius_mm * 2.0,
                }
                Some(Edit::SetZone(z))
            }
            ItemRef::NoGo(id) => {
                let mut n = plan.no_go_area(id)?.clone();
                n.radius_mm = radius_mm;
                Some(Edit::SetNoGo(n))
            }
        }
    }

    /// The edit that moves it to `to`, slid there over the node `over`.
    ///
    /// A zone placed on a muscle or bone keeps that structure while it slides over anything but the skin, so
    /// a drag does not hand it to whatever lies under the pointer for a moment. A stroke's path moves with
    /// its anchor and is laid back on the body with `onto_surface`, so it follows the body as it curves.
    pub fn moved(
        &self,
        plan: &SessionPlan,
        mut to: Anchor,
        over: &str,
        onto_surface: impl Fn(Point3) -> Point3,
    ) -> Option<Edit> {
        match self {
            ItemRef::Zone(id) => {
                let zone = plan.zone(id)?;
                if zone.anchor.structure != SKIN && over != SKIN {
                    to.structure.clone_from(&zone.anchor.structure);
                }
                let mut moved = edit::move_zone(zone, to);
                if let Shape::Stroke { path, .. } = &mut moved.shape {
                    for p in path.iter_mut() {
                        *p = onto_surface(*p);
                    }
                }
                Some(Edit::SetZone(moved))
            }
            ItemRef::NoGo(id) => {
                let mut area = plan.no_go_area(id)?.clone();
                area.anchor = to;
                Some(Edit::SetNoGo(area))
            }
        }
    }
}

/// The node name of the skin.
const SKIN: &str = "skin";

/// Rounds a point to a grid of `step` metres, so saved plans stay readable (0.1 mm for positions, 0.001
/// for unit normals).
pub fn rounded(v: Vec3, step: f32) -> Point3 {
    // Dividing the whole number of steps by the steps per metre gives the float nearest the decimal,
    // which the plan writer prints as that decimal (0.908, where multiplying by the step gives
    // 0.90800005).
    let per = (1.0 / step).round();
    let r = |x: f32| (x * per).round() / per;
    Point3::from(Vec3::new(r(v.x), r(v.y), r(v.z)))
}

/// Grid of stored positions (m).
pub const POSITION_STEP_M: f32 = 1e-4;
/// Grid of stored normals.
pub const NORMAL_STEP: f32 = 1e-3;

/// The anchor of a new item at a point of node `node` with surface `normal`.
///
/// On the skin, the structure is the first one under it (what the therapist works on), which
/// `first_under_skin` looks up; on a muscle or a bone, that structure. The position and normal are rounded;
/// a normal of zero length (a degenerate hit) points backwards, out of the back of the body.
pub fn anchor_on(
    node: &str,
    position: Vec3,
    normal: Vec3,
    first_under_skin: impl FnOnce() -> Option<String>,
) -> Anchor {
    let structure = if node == SKIN {
        first_under_skin().unwrap_or_else(|| SKIN.to_owned())
    } else {
        node.to_owned()
    };
    let position = rounded(position, POSITION_STEP_M);
    Anchor {
        segment: segment_at(&structure, position),
        structure,
        position,
        normal: rounded(normal.normalize_or(Vec3::NEG_Z), NORMAL_STEP),
    }
}

/// The edit that draws a stroke along `points` (in the order drawn): a new stroke zone of `width_mm` at
/// `anchor` when `zone` is `None`, otherwise the stroke `zone` with its path replaced. Returns the edit and
/// the stroke's id (a fresh one for a new stroke).
pub fn stroke_along(
    plan: &SessionPlan,
    zone: Option<&str>,
    anchor: &Anchor,
    points: &[Vec3],
    width_mm: f32,
) -> Option<(Edit, String)> {
    let path: Vec<Point3> = points
        .iter()
        .map(|p| rounded(*p, POSITION_STEP_M))
        .collect();
    match zone {
        None => {
            let mut z = edit::new_stroke_zone(anchor.clone(), path, width_mm);
            z.id = plan.fresh_zone_id();
            let id = z.id.clone();
            Some((Edit::AddZone(z), id))
        }
        Some(id) => {
            let mut z = plan.zone(id)?.clone();
            if let Shape::Stroke { path: p, .. } = &mut z.shape {
                *p = path;
            }
            Some((Edit::SetZone(z), id.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Segment;
    use crate::plan::edit::{apply, new_disc_zone, new_no_go};

    fn anchor_at(x: f32, y: f32) -> Anchor {
        Anchor {
            structure: "gluteus_maximus_r".to_owned(),
            segment: Segment::Pelvis,
            position: Point3::from(Vec3::new(x, y, -0.12)),
            normal: Point3::from(Vec3::NEG_Z),
        }
    }

    /// A plan with a 30 mm disc `z1` at x = -0.08, a 20 mm no-go area `n1` at x = -0.02 and a stroke `z2`.
    fn plan() -> SessionPlan {
        let mut plan = SessionPlan::new("Items");
        let mut zone = new_disc_zone(anchor_at(-0.08, 0.9), 30.0);
        zone.id = "z1".to_owned();
        apply(&mut plan, Edit::AddZone(zone)).unwrap();
        let mut area = new_no_go(anchor_at(-0.02, 0.9), 20.0);
        area.id = "n1".to_owned();
        apply(&mut plan, Edit::AddNoGo(area)).unwrap();
        let points = [Vec3::new(-0.1, 0.8, -0.12), Vec3::new(-0.1, 0.7, -0.12)];
        let (edit, _) = stroke_along(&plan, None, &anchor_at(-0.1, 0.8), &points, 40.0).unwrap();
        apply(&mut plan, edit).unwrap();
        plan
    }

    #[test]
    fn rounded_points_are_written_as_short_decimals() {
        let n = rounded(Vec3::new(-0.286_04, 0.307_2, -0.907_96), NORMAL_STEP);
        assert_eq!(format!("{} {} {}", n.x, n.y, n.z), "-0.286 0.307 -0.908");
        let p = rounded(Vec3::new(-0.157_73, 0.888_18, -0.126_84), POSITION_STEP_M);
        assert_eq!(format!("{} {} {}", p.x, p.y, p.z), "-0.1577 0.8882 -0.1268");
        let text = crate::plan::to_ron_string(&{
            let mut plan = SessionPlan::new("Rounded");
            let mut a = anchor_at(-0.08, 0.9);
            a.position = p;
            a.normal = n;
            apply(
                &mut plan,
                Edit::AddZone(crate::plan::edit::new_disc_zone(a, 30.0)),
            )
            .unwrap();
            plan
        })
        .unwrap();
        assert!(text.contains("normal: (-0.286, 0.307, -0.908)"), "{text}");
        assert!(
            text.contains("position: (-0.1577, 0.8882, -0.1268)"),
            "{text}"
        );
    }

    #[test]
    fn items_are_found_by_id_and_vanish_when_removed() {
        let mut plan = plan();
        let zone = ItemRef::Zone("z1".to_owned());
        let area = ItemRef::NoGo("n1".to_owned());
        assert!(zone.exists_in(&plan) && area.exists_in(&plan));
        assert_eq!(plan.zone("z1").map(|z| z.order), Some(1));
        assert!(plan.zone("n1").is_none(), "a no-go id is not a zone id");
        assert!(!ItemRef::Zone("n1".to_owned()).exists_in(&plan));
        assert_eq!(area.anchor(&plan).map(|a| a.position.x), Some(-0.02));
        apply(&mut plan, zone.remove()).unwrap();
        apply(&mut plan, area.remove()).unwrap();
        assert!(!zone.exists_in(&plan) && !area.exists_in(&plan));
        assert_eq!(plan.zones.len(), 1, "only the stroke is left");
        assert!(zone.resized(&plan, 10.0).is_none());
    }

    #[test]
    fn distance_from_the_centre_line_tells_the_edge_from_the_inside() {
        let plan = plan();
        let zone = ItemRef::Zone("z1".to_owned());
        let (d, half) = zone
            .from_centre_line(&plan, Point3::from(Vec3::new(-0.08, 0.92, -0.12)))
            .unwrap();
        assert!((half - 0.030).abs() < 1e-6, "a 30 mm disc: {half}");
        assert!((d - 0.020).abs() < 1e-4, "20 mm from the centre: {d}");
        let area = ItemRef::NoGo("n1".to_owned());
        let (d, half) = area
            .from_centre_line(&plan, Point3::from(Vec3::new(-0.02, 0.9, -0.12)))
            .unwrap();
        assert!(d.abs() < 1e-6 && (half - 0.020).abs() < 1e-6);
        // On a stroke, the distance is from its centre line, not from its anchor.
        let stroke = ItemRef::Zone(plan.zones[1].id.clone());
        let (d, half) = stroke
            .from_centre_line(&plan, Point3::from(Vec3::new(-0.1, 0.75, -0.12)))
            .unwrap();
        assert!(d.abs() < 1e-4, "on the centre line half way along: {d}");
        assert!((half - 0.020).abs() < 1e-6, "half of 40 mm: {half}");
    }

    #[test]
    fn resizing_sets_a_radius_or_half_a_stroke_width() {
        let mut plan = plan();
        let edit = ItemRef::Zone("z1".to_owned()).resized(&plan, 45.0).unwrap();
        apply(&mut plan, edit).unwrap();
        assert_eq!(
            plan.zone("z1").unwrap().shape,
            Shape::Disc { radius_mm: 45.0 }
        );
        let stroke = ItemRef::Zone(plan.zones[1].id.clone());
        let edit = stroke.resized(&plan, 25.0).unwrap();
        apply(&mut plan, edit).unwrap();
        assert!(matches!(
            plan.zones[1].shape,
            Shape::Stroke { width_mm, .. } if width_mm == 50.0
        ));
        let edit = ItemRef::NoGo("n1".to_owned()).resized(&plan, 12.0).unwrap();
        apply(&mut plan, edit).unwrap();
        assert_eq!(plan.no_go_area("n1").unwrap().radius_mm, 12.0);
    }

    #[test]
    fn a_stroke_grows_point_by_point_under_one_id() {
        let plan = plan();
        let anchor = anchor_at(0.1, 0.8);
        let points = [Vec3::new(0.1, 0.8, -0.12), Vec3::new(0.1, 0.77, -0.12)];
        let (edit, id) = stroke_along(&plan, None, &anchor, &points, 40.0).unwrap();
        assert!(!plan.zones.iter().any(|z| z.id == id), "a fresh id: {id}");
        let Edit::AddZone(zone) = edit else {
            panic!("a new stroke is added: {edit:?}");
        };
        assert_eq!(zone.id, id);
        let mut plan = plan;
        apply(&mut plan, Edit::AddZone(zone)).unwrap();
        let more = [points[0], points[1], Vec3::new(0.10004, 0.74, -0.12)];
        let (edit, same) = stroke_along(&plan, Some(&id), &anchor, &more, 40.0).unwrap();
        assert_eq!(same, id);
        apply(&mut plan, edit).unwrap();
        let Shape::Stroke { path, width_mm } = &plan.zone(&id).unwrap().shape else {
            panic!("still a stroke");
        };
        assert_eq!(*width_mm, 40.0);
        assert_eq!(path.len(), 3);
        assert!(
            (path[2].x - 0.1).abs() < 1e-6,
            "rounded to 0.1 mm: {}",
            path[2].x
        );
        assert!(stroke_along(&plan, Some("gone"), &anchor, &more, 40.0).is_none());
    }

    #[test]
    fn anchoring_on_the_skin_names_the_structure_under_it() {
        let p = Vec3::new(-0.081_23, 0.9, -0.14);
        let under = anchor_on("skin", p, Vec3::new(0.0, 0.0, -2.0), || {
            Some("gluteus_maximus_r".to_owned())
        });
        assert_eq!(under.structure, "gluteus_maximus_r");
        assert_eq!(under.segment, Segment::Pelvis);
        assert!(
            (under.position.x - -0.0812).abs() < 1e-7,
            "rounded to 0.1 mm: {}",
            under.position.x
        );
        assert_eq!(Vec3::from(under.normal), Vec3::NEG_Z, "normalised");
        let bare = anchor_on("skin", p, Vec3::ZERO, || None);
        assert_eq!(bare.structure, "skin", "nothing under it: the skin itself");
        assert_eq!(Vec3::from(bare.normal), Vec3::NEG_Z);
        let muscle = anchor_on("piriformis_r", p, Vec3::NEG_Z, || {
            panic!("not looked up off the skin")
        });
        assert_eq!(muscle.structure, "piriformis_r");
        let thigh = anchor_on(
            "biceps_femoris_long_head_l",
            Vec3::new(0.1, 0.6, -0.05),
            Vec3::NEG_Z,
            || None,
        );
        assert_eq!(thigh.segment, Segment::ThighLeft);
    }

    #[test]
    fn moving_keeps_the_chosen_muscle_and_carries_a_stroke_along() {
        let plan = plan();
        let to = Anchor {
            structure: "piriformis_r".to_owned(),
            ..anchor_at(-0.06, 0.95)
        };
        let zone = ItemRef::Zone("z1".to_owned());
        let Some(Edit::SetZone(moved)) = zone.moved(&plan, to.clone(), "piriformis_r", |p| p)
        else {
            panic!("a zone moves by a SetZone");
        };
        assert_eq!(
            moved.anchor.structure, "gluteus_maximus_r",
            "kept while sliding over muscle"
        );
        assert_eq!(moved.anchor.position, to.position);
        let Some(Edit::SetZone(onto_skin)) = zone.moved(&plan, to.clone(), "skin", |p| p) else {
            panic!("a zone moves by a SetZone");
        };
        assert_eq!(
            onto_skin.anchor.structure, "piriformis_r",
            "over the skin it takes the new anchor"
        );
        // A stroke's path moves with its anchor, then goes through `onto_surface`.
        let stroke = ItemRef::Zone(plan.zones[1].id.clone());
        let lift = |p: Point3| Point3::from(Vec3::from(p) + Vec3::new(0.0, 0.0, -0.001));
        let to = anchor_at(-0.05, 0.8);
        let Some(Edit::SetZone(moved)) = stroke.moved(&plan, to, "skin", lift) else {
            panic!("a stroke moves by a SetZone");
        };
        let Shape::Stroke { path, .. } = &moved.shape else {
            panic!("still a stroke");
        };
        assert!(
            (path[0].x - -0.05).abs() < 1e-6,
            "moved by 5 cm: {}",
            path[0].x
        );
        assert!((path[1].y - 0.7).abs() < 1e-6);
        assert!(
            (path[1].z - -0.121).abs() < 1e-6,
            "laid on the surface: {}",
            path[1].z
        );
        let area = ItemRef::NoGo("n1".to_owned());
        let Some(Edit::SetNoGo(moved)) = area.moved(&plan, anchor_at(0.0, 1.0), "skin", |p| p)
        else {
            panic!("a no-go area moves by a SetNoGo");
        };
        assert_eq!(moved.anchor.position.y, 1.0);
    }
}
