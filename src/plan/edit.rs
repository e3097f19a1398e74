//! Edits of a plan, and the undo history.
//!
//! Every change the app makes to a plan is an [`Edit`] applied through [`History::apply`], so undo, redo,
//! dirty-tracking and the live checks see every change. Consecutive edits of the same field of the same
//! item (typing a note, dragging a zone) merge into one undo step until the history is sealed (the end of a
//! drag) or another kind of edit comes.

use std::fmt;

use super::{
    AffectedSide, Anchor, Assessment, NoGoArea, Point3, Pressure, SessionPlan, Shape, Zone,
    geometry,
};

/// One change to a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add a zone at the end of the treatment order (its `order` is set; an empty or taken id is replaced).
    AddZone(Zone),
    /// Replace the zone with the same id.
    SetZone(Zone),
    /// Remove a zone; the others keep their relative order and are numbered again from 1.
    RemoveZone(String),
    /// Move a zone to a place (0-based) in the treatment order; all zones are numbered again from 1.
    ReorderZone {
        /// The zone to move.
        id: String,
        /// Its new place in the order.
        to: usize,
    },
    /// Add a no-go area (an empty or taken id is replaced).
    AddNoGo(NoGoArea),
    /// Replace the no-go area with the same id.
    SetNoGo(NoGoArea),
    /// Remove a no-go area.
    RemoveNoGo(String),
    /// Replace the plan header.
    SetHeader(Header),
    /// Replace the assessment.
    SetAssessment(Assessment),
    /// Replace the home-care advice.
    SetHomeCare(Vec<String>),
}

/// The plan's header fields, edited together.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Plan title.
    pub title: String,
    /// Client alias.
    pub client_alias: String,
    /// Affected side.
    pub side: AffectedSide,
    /// Date (ISO 8601), if set.
    pub date: Option<String>,
    /// Phase or week.
    pub phase: String,
    /// Free notes.
    pub notes: String,
}

impl Header {
    /// The header of a plan.
    pub fn of(plan: &SessionPlan) -> Self {
        Self {
            title: plan.title.clone(),
            client_alias: plan.client_alias.clone(),
            side: plan.side,
            date: plan.date.clone(),
            phase: plan.phase.clone(),
            notes: plan.notes.clone(),
        }
    }
}

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditError {}

/// A new id with this prefix that no item in `taken` has: `prefix1`, `prefix2`, ...
fn fresh_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .expect("an unused id exists")
}

impl SessionPlan {
    /// An id no zone of the plan has yet (`z1`, `z2`, ...).
    pub fn fresh_zone_id(&self) -> String {
        fresh_id("z", self.zones.iter().map(|z| z.id.as_str()))
    }

    /// An id no no-go area of the plan has yet (`n1`, `n2`, ...).
    pub fn fresh_no_go_id(&self) -> String {
        fresh_id("n", self.no_go.iter().map(|n| n.id.as_str()))
    }
}

/// Puts the zones in treatment order and numbers them 1, 2, 3...
fn renumber(zones: &mut [Zone]) {
    zones.sort_by_key(|z| z.order);
    for (i, z) in zones.iter_mut().enumerate() {
        z.order = i as u32 + 1;
    }
}

fn missing(what: &str, id: &str) -> EditError {
    EditError(format!("the plan has no {what} '{id}'"))
}

/// Applies one edit to a plan.
pub fn apply(plan: &mut SessionPlan, edit: Edit) -> Result<(), EditError> {
    match edit {
        Edit::AddZone(mut zone) => {
            if zone.id.is_empty() || plan.zones.iter().any(|z| z.id == zone.id) {
                zone.id = plan.fresh_zone_id();
            }
            zone.order = plan.zones.iter().map(|z| z.order).max().unwrap_or(0) + 1;
            plan.zones.push(zone);
        }
        Edit::SetZone(zone) => {
            let slot = plan
                .zones
                .iter_mut()
                .find(|z| z.id == zone.id)
                .ok_or_else(|| missing("zone", &zone.id))?;
            let order_changed = slot.order != zone.order;
            *slot = zone;
            if order_changed {
                renumber(&mut plan.zones);
            }
        }
        Edit::RemoveZone(id) => {
            let before = plan.zones.len();
            plan.zones.retain(|z| z.id != id);
            if plan.zones.len() == before {
                return Err(missing("zone", &id));
            }
            renumber(&mut plan.zones);
        }
        Edit::ReorderZone { id, to } => {
            renumber(&mut plan.zones);
            let from = plan
                .zones
                .iter()
                .position(|z| z.id == id)
                .ok_or_else(|| missing("zone", &id))?;
            let zone = plan.zones.remove(from);
            let to = to.min(plan.zones.len());
            plan.zones.insert(to, zone);
            for (i, z) in plan.zones.iter_mut().enumerate() {
                z.order = i as u32 + 1;
            }
        }
        Edit::AddNoGo(mut area) => {
            if area.id.is_empty() || plan.no_go.iter().any(|n| n.id == area.id) {
                area.id = plan.fresh_no_go_id();
            }
            plan.no_go.push(area);
        }
        Edit::SetNoGo(area) => {
            let slot = plan
                .no_go
                .iter_mut()
                .find(|n| n.id == area.id)
                .ok_or_else(|| missing("no-go area", &area.id))?;
            *slot = area;
        }
        Edit::RemoveNoGo(id) => {
            let before = plan.no_go.len();
            plan.no_go.retain(|n| n.id != id);
            if plan.no_go.len() == before {
                return Err(missing("no-go area", &id));
            }
        }
        Edit::SetHeader(h) => {
            plan.title = h.title;
            plan.client_alias = h.client_alias;
            plan.side = h.side;
            plan.date = h.date;
            plan.phase = h.phase;
            plan.notes = h.notes;
        }
        Edit::SetAssessment(a) => plan.assessment = a,
        Edit::SetHomeCare(items) => plan.home_care = items,
    }
    Ok(())
}

/// What an edit changes, for merging consecutive edits into one undo step.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MergeKey {
    Zone(String, u16),
    NoGo(String, u8),
    Header(u8),
    Assessment(u16),
    HomeCare(usize),
}

fn bits(flags: &[bool]) -> u16 {
    flags
        .iter()
        .enumerate()
        .fold(0, |acc, (i, &f)| acc | (u16::from(f) << i))
}

/// The bit of a zone's shape in [`MergeKey::Zone`], and of a no-go area's radius in [`MergeKey::NoGo`].
const ZONE_SHAPE_BIT: u16 = 1 << 3;
const NO_GO_RADIUS_BIT: u8 = 1 << 2;

fn merge_key(plan: &SessionPlan, edit: &Edit) -> Option<MergeKey> {
    match edit {
        // Placing an item and dragging out its size is one step.
        Edit::AddZone(z) => Some(MergeKey::Zone(z.id.clone(), ZONE_SHAPE_BIT)),
        Edit::AddNoGo(n) => Some(MergeKey::NoGo(n.id.clone(), NO_GO_RADIUS_BIT)),
        Edit::SetZone(z) => {
            let old = plan.zones.iter().find(|o| o.id == z.id)?;
            let changed = bits(&[
                old.label != z.label,
                old.order != z.order,
                // Moving and resizing are separate steps.
                old.anchor != z.anchor,
                old.shape != z.shape,
                old.technique != z.technique,
                old.pressure != z.pressure,
                old.tool != z.tool,
                old.position != z.position,
                old.duration_min != z.duration_min,
                old.notes != z.notes,
            ]);
            Some(MergeKey::Zone(z.id.clone(), changed))
        }
        Edit::SetNoGo(n) => {
            let old = plan.no_go.iter().find(|o| o.id == n.id)?;
            let changed = bits(&[
                old.label != n.label,
                old.anchor != n.anchor,
                old.radius_mm != n.radius_mm,
                old.reason != n.reason,
            ]) as u8;
            Some(MergeKey::NoGo(n.id.clone(), changed))
        }
        Edit::SetHeader(h) => Some(MergeKey::Header(bits(&[
            plan.title != h.title,
            plan.client_alias != h.client_alias,
            plan.side != h.side,
            plan.date != h.date,
            plan.phase != h.phase,
            plan.notes != h.notes,
        ]) as u8)),
        Edit::SetAssessment(a) => {
            let o = &plan.assessment;
            Some(MergeKey::Assessment(bits(&[
                o.straight_leg_raise != a.straight_leg_raise,
                o.bragard != a.bragard,
                o.piriformis_test != a.piriformis_test,
                o.red_flags != a.red_flags,
                o.disc_stage != a.disc_stage,
                o.nerve_variant != a.nerve_variant,
                o.pregnant != a.pregnant,
                o.acute_flare_up != a.acute_flare_up,
                o.build != a.build,
                o.findings != a.findings,
            ])))
        }
        Edit::SetHomeCare(items) => Some(MergeKey::HomeCare(items.len())),
        _ => None,
    }
}

/// Undo and redo for one plan.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<SessionPlan>,
    redo: Vec<SessionPlan>,
    /// What the last edit changed, while later edits of the same may merge into its step.
    open_step: Option<MergeKey>,
}

/// How many steps the history keeps.
pub const HISTORY_LIMIT: usize = 200;

impl History {
    /// Applies an edit and records the plan as it was before, unless the edit continues the open step.
    /// Returns whether the plan changed.
    pub fn apply(&mut self, plan: &mut SessionPlan, edit: Edit) -> Result<bool, EditError> {
        let key = merge_key(plan, &edit);
        let before = plan.clone();
        apply(plan, edit)?;
        if *plan == before {
            return Ok(false);
        }
        if key.is_none() || key != self.open_step {
            self.undo.push(before);
            if self.undo.len() > HISTORY_LIMIT {
                self.undo.remove(0);
            }
        }
        self.open_step = key;
        self.redo.clear();
        Ok(true)
    }

    /// Ends the open step: the next edit starts a step of its own (the end of a drag, say).
    pub fn seal(&mut self) {
        self.open_step = None;
    }

    /// Goes back one step. Returns whether there was one.
    pub fn undo(&mut self, plan: &mut SessionPlan) -> bool {
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        self.redo.push(std::mem::replace(plan, previous));
        self.open_step = None;
        true
    }

    /// Goes forward one undone step. Returns whether there was one.
    pub fn redo(&mut self, plan: &mut SessionPlan) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(plan, next));
        self.open_step = None;
        true
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets every step (a plan was opened or created).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// A new disc zone at a point on the body, with the defaults a therapist starts from.
pub fn new_disc_zone(anchor: Anchor, radius_mm: f32) -> Zone {
    Zone {
        id: String::new(),
        label: String::new(),
        order: 0,
        anchor,
        shape: Shape::Disc { radius_mm },
        technique: super::Technique::Effleurage,
        pressure: Pressure::Light,
        tool: super::Tool::Palm,
        position: super::ClientPosition::Prone,
        duration_min: 3.0,
        notes: String::new(),
    }
}

/// A new stroke zone along a path on the body (gliding and stripping work).
pub fn new_stroke_zone(anchor: Anchor, path: Vec<Point3>, width_mm: f32) -> Zone {
    Zone {
        shape: Shape::Stroke { path, width_mm },
        technique: super::Technique::Stripping,
        tool: super::Tool::Forearm,
        ..new_disc_zone(anchor, 0.0)
    }
}

/// A new no-go area at a point on the body.
pub fn new_no_go(anchor: Anchor, radius_mm: f32) -> NoGoArea {
    NoGoArea {
        id: String::new(),
        label: "No-go area".to_owned(),
        anchor,
        radius_mm,
        reason: String::new(),
    }
}

/// Moves a zone so that its anchor lies at `to`: a stroke's path moves by the same offset.
pub fn move_zone(zone: &Zone, to: Anchor) -> Zone {
    let d = geometry::sub(to.position, zone.anchor.position);
    let mut moved = zone.clone();
    if let Shape::Stroke { path, .. } = &mut moved.shape {
        for p in path.iter_mut() {
            *p = geometry::add(*p, d);
        }
    }
    moved.anchor = to;
    moved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Segment, Technique};

    fn anchor(x: f32) -> Anchor {
        Anchor {
            structure: "gluteus_maximus_r".to_owned(),
            position: Point3::new(x, 0.9, -0.15),
            normal: Point3::new(0.0, 0.0, -1.0),
            segment: Segment::Pelvis,
        }
    }

    fn plan_with_zones(n: usize) -> (SessionPlan, History) {
        let mut plan = SessionPlan::default();
        let mut history = History::default();
        for i in 0..n {
            history
                .apply(
                    &mut plan,
                    Edit::AddZone(new_disc_zone(anchor(-0.1 + i as f32 * 0.01), 30.0)),
                )
                .unwrap();
        }
        (plan, history)
    }

    #[test]
    fn added_zones_get_fresh_ids_and_the_next_order() {
        let (plan, _) = plan_with_zones(3);
        let ids: Vec<_> = plan
            .zones
            .iter()
            .map(|z| (z.id.as_str(), z.order))
            .collect();
        assert_eq!(ids, [("z1", 1), ("z2", 2), ("z3", 3)]);
    }

    #[test]
    fn every_edit_undoes_and_redoes() {
        let (mut plan, mut history) = plan_with_zones(2);
        let start = plan.clone();
        let mut z = plan.zones[0].clone();
        z.technique = Technique::Friction;
        let edits = [
            Edit::SetZone(z),
            Edit::ReorderZone {
                id: "z2".into(),
                to: 0,
            },
            Edit::RemoveZone("z1".into()),
            Edit::AddNoGo(new_no_go(anchor(0.0), 20.0)),
        ];
        let mut states = vec![start];
        for e in edits {
            assert!(history.apply(&mut plan, e).unwrap());
            states.push(plan.clone());
        }
        for expected in states.iter().rev().skip(1) {
            assert!(history.undo(&mut plan));
            assert_eq!(&plan, expected);
        }
        for expected in states.iter().skip(1) {
            assert!(history.redo(&mut plan));
            assert_eq!(&plan, expected);
        }
        assert!(!history.redo(&mut plan));
    }

    #[test]
    fn typing_merges_into_one_step_but_another_field_does_not() {
        let (mut plan, mut history) = plan_with_zones(1);
        let mut z = plan.zones[0].clone();
        for text in ["s", "sl", "slo", "slow"] {
            z.notes = text.into();
            history.apply(&mut plan, Edit::SetZone(z.clone())).unwrap();
        }
        z.pressure = Pressure::Moderate;
        history.apply(&mut plan, Edit::SetZone(z.clone())).unwrap();
        history.undo(&mut plan);
        assert_eq!(plan.zones[0].notes, "slow");
        assert_eq!(plan.zones[0].pressure, Pressure::Light);
        history.undo(&mut plan);
        assert_eq!(plan.zones[0].notes, "");
    }

    #[test]
    fn two_drags_are_two_steps() {
        let (mut plan, mut history) = plan_with_zones(1);
        for drag in 0..2 {
            for step in 1..=5 {
                let to = anchor(-0.1 + (drag * 5 + step) as f32 * 0.002);
                let moved = move_zone(&plan.zones[0], to);
                history.apply(&mut plan, Edit::SetZone(moved)).unwrap();
            }
            history.seal();
        }
        assert!((plan.zones[0].anchor.position.x - -0.08).abs() < 1e-6);
        history.undo(&mut plan);
        assert!((plan.zones[0].anchor.position.x - -0.09).abs() < 1e-6);
        history.undo(&mut plan);
        assert!((plan.zones[0].anchor.position.x - -0.1).abs() < 1e-6);
    }

    #[test]
    fn reorder_and_remove_number_zones_from_one() {
        let (mut plan, mut history) = plan_with_zones(4);
        history
            .apply(
                &mut plan,
                Edit::ReorderZone {
                    id: "z4".into(),
                    to: 1,
                },
            )
            .unwrap();
        let order: Vec<_> = plan.zones_in_order().iter().map(|z| z.id.clone()).collect();
        assert_eq!(order, ["z1", "z4", "z2", "z3"]);
        history
            .apply(&mut plan, Edit::RemoveZone("z1".into()))
            .unwrap();
        let numbered: Vec<_> = plan
            .zones_in_order()
            .iter()
            .map(|z| (z.id.clone(), z.order))
            .collect();
        assert_eq!(
            numbered,
            [("z4".into(), 1), ("z2".into(), 2), ("z3".into(), 3)]
        );
    }

    #[test]
    fn edits_of_unknown_items_are_refused_and_change_nothing() {
        let (mut plan, mut history) = plan_with_zones(1);
        let before = plan.clone();
        let err = history
            .apply(&mut plan, Edit::RemoveZone("nope".into()))
            .unwrap_err();
        assert!(err.to_string().contains("nope"));
        assert_eq!(plan, before);
        assert!(history.undo(&mut plan));
        assert!(plan.zones.is_empty());
    }

    #[test]
    fn placing_a_zone_and_dragging_its_size_is_one_step() {
        let (mut plan, mut history) = plan_with_zones(1);
        history.seal();
        let mut z = new_disc_zone(anchor(0.0), 30.0);
        z.id = "z2".into();
        history.apply(&mut plan, Edit::AddZone(z.clone())).unwrap();
        for r in [35.0, 40.0] {
            z.order = 2;
            z.shape = Shape::Disc { radius_mm: r };
            history.apply(&mut plan, Edit::SetZone(z.clone())).unwrap();
        }
        history.seal();
        history.undo(&mut plan);
        assert_eq!(plan.zones.len(), 1);
    }

    #[test]
    fn an_edit_that_changes_nothing_is_not_a_step() {
        let (mut plan, mut history) = plan_with_zones(1);
        let same = plan.zones[0].clone();
        history.seal();
        assert!(!history.apply(&mut plan, Edit::SetZone(same)).unwrap());
        assert!(history.undo(&mut plan));
        assert!(!history.can_undo());
    }

    #[test]
    fn moving_a_stroke_moves_its_path() {
        let a = anchor(-0.1);
        let path = vec![a.position, Point3::new(-0.12, 0.85, -0.15)];
        let z = new_stroke_zone(a, path, 40.0);
        let moved = move_zone(&z, anchor(-0.05));
        let Shape::Stroke { path, .. } = moved.shape else {
            panic!("still a stroke")
        };
        assert!((path[0].x - -0.05).abs() < 1e-6);
        assert!((path[1].x - -0.07).abs() < 1e-6);
    }
}
