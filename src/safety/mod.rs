//! Anatomy-aware safety checks of a session plan: the nerve in the column of tissue under a zone, pressure
//! near the nerve, tools and pressure on endangerment sites, nerve variants, red flags, flare-ups,
//! pregnancy and no-go areas.
//!
//! Pure Rust: the nerve and the other structures come from the embedded model's meshes, the endangerment
//! sites from the anatomy data; the thresholds and their reasons are data (`assets/anatomy/safety.ron`, see
//! [`SafetyRules`]). Format-level validity is [`crate::plan::check_plan`]'s job; this module skips zones
//! whose coordinates are not finite.
//!
//! # The pressure column
//! Pressure on a zone loads the tissue straight under it. The column is the set of points within the
//! zone's radius (half the width of a stroke) of the line from the zone's centre (each point along a
//! stroke) inward along the surface normal. It reaches as deep as the pressure does
//! ([`SafetyRules::reach_mm`]) and stops at the first bone under its centre line: pressure does not pass
//! through bone.

mod bvh;
mod geometry;
mod rules;

use std::fmt;
use std::sync::OnceLock;

use glam::Vec3;

pub use geometry::{LayerGeometry, NerveGeometry, NerveHit, is_nerve_node};
pub use rules::{
    ColumnRule, EMBEDDED_RULES, FlagRule, PositionRule, ProximityRule, Reach, SafetyRules,
    SiteRule, VariantRule,
};

use crate::anatomy::mesh::ModelMeshes;
use crate::anatomy::{Anatomy, EndangermentSite, SiteCapsule};
use crate::plan::{DiscStage, Pressure, SessionPlan, Severity, Shape, Side, Zone};

/// Which rule produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// A cauda equina red flag: do not treat, refer.
    RedFlags,
    /// A sequestered disc: do not treat, refer.
    Sequestration,
    /// Deep work during an acute flare-up.
    AcuteDeep,
    /// A position to avoid during pregnancy.
    PregnancyPosition,
    /// The nerve lies in the column of tissue the zone's pressure reaches.
    NerveUnderZone,
    /// Pressure near the nerve.
    NerveProximity,
    /// A tool or pressure on an endangerment site.
    Site,
    /// Deep work on piriformis when the nerve passes through or above it.
    NerveVariant,
    /// A zone overlapping a no-go area.
    NoGoOverlap,
}

impl RuleKind {
    /// A stable snake_case name, for reports.
    pub fn id(self) -> &'static str {
        match self {
            RuleKind::RedFlags => "red_flags",
            RuleKind::Sequestration => "sequestration",
            RuleKind::AcuteDeep => "acute_deep",
            RuleKind::PregnancyPosition => "pregnancy_position",
            RuleKind::NerveUnderZone => "nerve_under_zone",
            RuleKind::NerveProximity => "nerve_proximity",
            RuleKind::Site => "site",
            RuleKind::NerveVariant => "nerve_variant",
            RuleKind::NoGoOverlap => "no_go_overlap",
        }
    }
}

/// One safety finding.
#[derive(Debug, Clone, PartialEq)]
pub struct SafetyFinding {
    /// How serious it is.
    pub severity: Severity,
    /// The rule that raised it.
    pub rule: RuleKind,
    /// The zone it concerns; `None` for the whole plan.
    pub zone: Option<String>,
    /// The structure at risk or concerned (a model node name, e.g. `sciatic_nerve_r`).
    pub structure: Option<String>,
    /// The measured distance in millimetres, where the rule measures one: for the nerve under a zone the
    /// depth of the nerve below the zone's centre; for nerve proximity the gap between the zone's edge and
    /// the nerve surface; for a site the depth under the zone where the site begins; for a variant the
    /// depth of the muscle under the zone; for a no-go area the gap between the two edges (negative when
    /// they overlap).
    pub distance_mm: Option<f32>,
    /// Why, in plain words.
    pub reason: String,
}

impl fmt::Display for SafetyFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.severity)?;
        if let Some(zone) = &self.zone {
            write!(f, ": {zone}")?;
        }
        if let Some(s) = &self.structure {
            write!(f, ": {s}")?;
        }
        if let Some(d) = self.distance_mm {
            write!(f, " ({d:.0} mm)")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// True when a finding blocks the whole plan (do not treat, refer).
pub fn is_blocked(findings: &[SafetyFinding]) -> bool {
    findings.iter().any(|f| {
        f.severity == Severity::Error
            && matches!(f.rule, RuleKind::RedFlags | RuleKind::Sequestration)
    })
}

/// Everything the checks measure against: the nerve, the layers, the endangerment sites and the rules.
#[derive(Debug, Clone)]
pub struct SafetyModel {
    /// The nerve's triangles for distance queries.
    pub nerve: NerveGeometry,
    /// Every structure's triangles for ray casts.
    pub layers: LayerGeometry,
    /// The endangerment sites (right side; [`Self::site_capsules`] has both sides).
    pub sites: Vec<EndangermentSite>,
    /// Thresholds and reasons.
    pub rules: SafetyRules,
    /// Every site's capsule on both sides, derived once.
    capsules: Vec<SiteCapsule>,
}

impl SafetyModel {
    /// Builds the model from meshes, anatomy data and rules.
    pub fn new(meshes: &ModelMeshes, anatomy: &Anatomy, rules: SafetyRules) -> Self {
        Self {
            nerve: NerveGeometry::from_meshes(meshes, anatomy),
            layers: LayerGeometry::from_meshes(meshes),
            sites: anatomy.sites.clone(),
            rules,
            capsules: anatomy.site_capsules(),
        }
    }

    /// The model built from the embedded meshes, anatomy and rules, once.
    pub fn embedded() -> &'static SafetyModel {
        static MODEL: OnceLock<SafetyModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            SafetyModel::new(
                ModelMeshes::embedded(),
                Anatomy::embedded(),
                SafetyRules::embedded(),
            )
        })
    }

    /// Distance in metres from `p` to the nearest nerve surface, and that nerve's node name.
    pub fn distance_to_nerve(&self, p: Vec3) -> (f32, &str) {
        self.nerve.distance_to_nerve(p)
    }

    /// The structures under `position` along `-normal`, in order, with their entry depth in mm.
    pub fn what_lies_under(&self, position: Vec3, normal: Vec3) -> Vec<(String, f32)> {
        self.layers.what_lies_under(position, normal)
    }

    /// The structures under a zone's centre (its anchor), from the skin inward, with the depth in mm at
    /// which each is first entered. Empty when the anchor is not finite.
    pub fn what_lies_under_zone(&self, zone: &Zone) -> Vec<(String, f32)> {
        self.what_lies_under(
            Vec3::from(zone.anchor.position),
            Vec3::from(zone.anchor.normal),
        )
    }

    /// The endangerment site with this id (right side).
    pub fn site(&self, id: &str) -> Option<&EndangermentSite> {
        self.sites.iter().find(|s| s.id == id)
    }

    /// Every endangerment site's capsule on both sides (right side first), for drawing: each has the
    /// site's id, name, side, axis ends, radius and severity.
    pub fn site_capsules(&self) -> &[SiteCapsule] {
        &self.capsules
    }
}

/// Fills `out` with the points on a zone's centre line (its anchor, and for a stroke points along the path
/// no further apart than its half width) and returns the half extent in metres. The plan gives one normal
/// per zone, the anchor's; the checks press along it at every point.
fn footprint(zone: &Zone, out: &mut Vec<Vec3>) -> f32 {
    out.clear();
    out.push(Vec3::from(zone.anchor.position));
    let half = zone.half_extent_m();
    if let Shape::Stroke { path, .. } = &zone.shape {
        for (i, p) in path.iter().enumerate() {
            let p = Vec3::from(*p);
            if let Some(prev) = i.checked_sub(1).map(|j| Vec3::from(path[j])) {
                let steps = if half > 0.0 {
                    ((prev.distance(p) / half).ceil() as usize).clamp(1, 64)
                } else {
                    1
                };
                out.extend((1..steps).map(|k| prev.lerp(p, k as f32 / steps as f32)));
            }
            out.push(p);
        }
    }
    half
}

/// Where the nerve enters a zone's pressure column.
struct ColumnHit<'a> {
    /// Depth of the nerve below the zone's surface, metres.
    depth: f32,
    node: &'a str,
}

/// Checks a plan against the safety rules. Plan-wide findings come first, then each zone's in plan order.
pub fn check_safety(plan: &SessionPlan, anatomy: &SafetyModel) -> Vec<SafetyFinding> {
    let rules = &anatomy.rules;
    let mut out = Vec::new();
    let a = &plan.assessment;
    if a.red_flags.any() {
        out.push(plan_finding(&rules.red_flags, RuleKind::RedFlags));
    }
    if a.disc_stage == Some(DiscStage::Sequestration) {
        out.push(plan_finding(&rules.sequestration, RuleKind::Sequestration));
    }
    let variant = a
        .nerve_variant
        .filter(|v| rules.variant_piriformis.variants.contains(v));
    let mut points = Vec::new();
    let mut lower = Vec::new();
    for zone in &plan.zones {
        if !zone_is_finite(zone) {
            continue;
        }
        let half = footprint(zone, &mut points);
        let normal = Vec3::from(zone.anchor.normal).normalize_or_zero();
        if normal == Vec3::ZERO {
            continue;
        }
        let finding =
            |severity, rule, structure: Option<&str>, distance_mm, reason: &str| SafetyFinding {
                severity,
                rule,
                zone: Some(zone.id.clone()),
                structure: structure.map(str::to_owned),
                distance_mm,
                reason: reason.to_owned(),
            };
        let own = Some(zone.anchor.structure.as_str());
        let reach = rules.reach_mm.of(zone.pressure) / 1000.0;

        if a.acute_flare_up && zone.pressure == Pressure::Deep {
            let r = &rules.acute_deep;
            out.push(finding(
                r.severity,
                RuleKind::AcuteDeep,
                own,
                None,
                &r.rationale,
            ));
        }
        if a.pregnant && rules.pregnancy_position.positions.contains(&zone.position) {
            let r = &rules.pregnancy_position;
            out.push(finding(
                r.severity,
                RuleKind::PregnancyPosition,
                own,
                None,
                &r.rationale,
            ));
        }

        // The nerve: in the column under the zone, or near its edge on the surface.
        let column_rule = rules.column(zone.pressure);
        // Beyond `probe` from every point of the zone no nerve rule can fire.
        let max_prox = rules.max_proximity_for_mm(zone.pressure) / 1000.0;
        let probe = max_prox.max(if column_rule.is_some() { reach } else { 0.0 }) + half;
        let near = max_prox + half;
        // The cheap bound at each point, once: `None` where the nerve may lie within `near`.
        lower.clear();
        lower.extend(points.iter().map(|&p| anatomy.nerve.farther_than(p, near)));
        let mut column: Option<ColumnHit> = None;
        if column_rule.is_some() {
            for (&p, &start) in points.iter().zip(&lower) {
                if start.is_some_and(|d| d > probe) {
                    continue;
                }
                if let Some(c) = nerve_in_column(anatomy, p, normal, half, reach, start)
                    && column.as_ref().is_none_or(|b| c.depth < b.depth)
                {
                    column = Some(c);
                }
            }
        }
        let mut column_severity = None;
        if let (Some(r), Some(c)) = (column_rule, &column) {
            column_severity = Some(r.severity);
            out.push(finding(
                r.severity,
                RuleKind::NerveUnderZone,
                Some(c.node),
                Some(c.depth * 1000.0),
                &r.rationale,
            ));
        }
        // Exact distances only where a proximity finding could still add something.
        let mut nearest: Option<(f32, &str)> = None;
        if rules
            .max_proximity_severity(zone.pressure)
            .is_some_and(|s| column_severity.is_none_or(|c| s > c))
        {
            for (&p, _) in points.iter().zip(&lower).filter(|(_, l)| l.is_none()) {
                if let Some(hit) = anatomy.nerve.nearest_within(p, near)
                    && nearest.is_none_or(|(d, _)| hit.distance < d)
                {
                    nearest = Some((hit.distance, hit.node));
                }
            }
        }
        if let Some((d, node)) = nearest {
            let gap_mm = (d - half) * 1000.0;
            if let Some(r) = rules.proximity(zone.pressure, gap_mm)
                && column_severity.is_none_or(|s| r.severity > s)
            {
                out.push(finding(
                    r.severity,
                    RuleKind::NerveProximity,
                    Some(node),
                    Some(gap_mm),
                    &r.rationale,
                ));
            }
        }

        // Tools and pressure on endangerment sites, in the column of tissue under the zone.
        for r in rules
            .site_rules
            .iter()
            .filter(|r| r.applies_to(zone.tool, zone.pressure))
        {
            let hit = anatomy
                .capsules
                .iter()
                .filter(|c| c.id == r.site)
                .filter_map(|c| {
                    site_depth(anatomy, c, &points, normal, half, reach).map(|d| (d, c))
                })
                .min_by(|x, y| x.0.total_cmp(&y.0));
            if let Some((depth, capsule)) = hit {
                let reason = format!("{} ({})", r.rationale, capsule.name);
                out.push(finding(
                    r.severity,
                    RuleKind::Site,
                    Some(&capsule.structure),
                    Some(depth * 1000.0),
                    &reason,
                ));
            }
        }

        // A variant nerve through or above piriformis.
        if let Some(letter) = variant
            && rules.variant_piriformis.pressures.contains(&zone.pressure)
            && on_affected_side(plan.side, points[0])
            && let Some((node, depth)) = muscle_under(anatomy, zone, normal, reach)
        {
            let r = &rules.variant_piriformis;
            let reason = format!("{} (type {})", r.rationale, letter.letter());
            out.push(finding(
                r.severity,
                RuleKind::NerveVariant,
                Some(&node),
                depth,
                &reason,
            ));
        }

        // No-go areas.
        for area in &plan.no_go {
            let c = Vec3::from(area.anchor.position);
            if !c.is_finite() {
                continue;
            }
            let gap = points
                .iter()
                .map(|p| p.distance(c))
                .fold(f32::INFINITY, f32::min)
                - half
                - area.radius_mm / 1000.0;
            if gap < 0.0 {
                let r = &rules.no_go_overlap;
                let reason = format!("{} ({}: {})", r.rationale, area.id, area.reason);
                out.push(finding(
                    r.severity,
                    RuleKind::NoGoOverlap,
                    Some(&area.anchor.structure),
                    Some(gap * 1000.0),
                    &reason,
                ));
            }
        }
    }
    out
}

fn plan_finding(rule: &FlagRule, kind: RuleKind) -> SafetyFinding {
    SafetyFinding {
        severity: rule.severity,
        rule: kind,
        zone: None,
        structure: None,
        distance_mm: None,
        reason: rule.rationale.clone(),
    }
}

/// Smallest step of the march down a column (metres), so a column grazing the nerve ends quickly.
const MIN_STEP_M: f32 = 0.0005;
/// A column closer than this to a structure touches it (metres).
const TOUCH_M: f32 = 0.0001;

/// The pressure column under a surface point: its radius at depth `t` below the skin.
#[derive(Debug, Clone, Copy)]
struct Column {
    p: Vec3,
    normal: Vec3,
    half: f32,
    reach: f32,
}

impl Column {
    /// The point on the centre line `t` below the skin.
    fn at(&self, t: f32) -> Vec3 {
        self.p - self.normal * t
    }

    /// The column's radius at depth `t`: the zone's full radius at the skin, narrowing to its centre line
    /// at the pressure's reach.
    fn radius(&self, t: f32) -> f32 {
        if self.reach > 0.0 {
            self.half * (1.0 - t / self.reach).max(0.0)
        } else {
            0.0
        }
    }

    /// Marches down the centre line by the free distance to a structure minus the column's radius
    /// (sphere tracing: the gap shrinks no faster than the march moves, so no contact is stepped over) and
    /// returns the first depth where the column touches it. `gap(point, within, bound)` gives the distance
    /// from the point to the structure, or any smaller figure as long as it is more than `within`, and
    /// `None` when nothing lies within `bound`, which ends the march.
    fn first_touch(&self, mut gap: impl FnMut(Vec3, f32, f32) -> Option<f32>) -> Option<f32> {
        // The free gap shrinks at most by `slope` per metre marched (the distance by at most one, while the
        // radius narrows by half / reach), so a gap `f` allows a step of `f / slope`.
        let slope = if self.reach > 0.0 {
            1.0 - self.half / self.reach
        } else {
            1.0
        };
        let mut t = 0.0;
        loop {
            let r = self.radius(t);
            let d = gap(self.at(t), r + TOUCH_M, self.reach - t + r)? - r;
            if d <= TOUCH_M {
                return Some(t);
            }
            if slope <= 0.0 {
                // The column narrows faster than the march can close any gap.
                return None;
            }
            t += (d / slope).max(MIN_STEP_M);
            if t > self.reach {
                return None;
            }
        }
    }
}

/// The nerve in the pressure column under a surface point, down to the pressure's reach and above the
/// first bone under the point. Reports the depth of the nerve surface itself below the point.
fn nerve_in_column<'m>(
    model: &'m SafetyModel,
    p: Vec3,
    normal: Vec3,
    half: f32,
    reach: f32,
    start: Option<f32>,
) -> Option<ColumnHit<'m>> {
    let column = Column {
        p,
        normal,
        half,
        reach,
    };
    // The cheap bound from the capsule chain steps the march; exact distances only near the nerve.
    // `start`, when given, is such a bound at the surface point, more than the zone's radius.
    let mut start = start.filter(|&d| d > half);
    let mut last = None;
    let t = column.first_touch(|q, radius, bound| {
        match start.take().or_else(|| model.nerve.farther_than(q, radius)) {
            Some(lower) => (lower <= bound).then_some(lower),
            None => {
                let hit = model.nerve.nearest_within(q, bound)?;
                last = Some(hit);
                Some(hit.distance)
            }
        }
    })?;
    let hit = last?;
    // Bone under the centre before the column reaches the nerve takes the pressure instead.
    if model.layers.bone_depth(p, normal, t).is_some() {
        return None;
    }
    let depth = (p - hit.point).dot(normal).max(t);
    Some(ColumnHit {
        depth,
        node: hit.node,
    })
}

/// The shallowest depth (metres) at which the pressure column under any of `points` touches the capsule,
/// within `reach` and above the first bone.
fn site_depth(
    model: &SafetyModel,
    capsule: &SiteCapsule,
    points: &[Vec3],
    normal: Vec3,
    half: f32,
    reach: f32,
) -> Option<f32> {
    points
        .iter()
        .filter_map(|&p| {
            // The column lies inside the cylinder of the zone's radius: a cheap test rules most out.
            let gap = capsule.segment_distance(p, p - normal * reach);
            if gap > half {
                return None;
            }
            let column = Column {
                p,
                normal,
                half,
                reach,
            };
            let t = column.first_touch(|q, _, _| Some(capsule.distance(q)))?;
            model.layers.bone_depth(p, normal, t).is_none().then_some(t)
        })
        .min_by(f32::total_cmp)
}

/// True when every coordinate of a zone is a finite number.
fn zone_is_finite(zone: &Zone) -> bool {
    let a = &zone.anchor;
    a.position.is_finite()
        && a.normal.is_finite()
        && match &zone.shape {
            Shape::Disc { radius_mm } => radius_mm.is_finite(),
            Shape::Stroke { path, width_mm } => {
                width_mm.is_finite() && path.iter().all(|p| p.is_finite())
            }
        }
}

/// True when a point lies on the side of the body the plan treats (the model's right is negative X).
fn on_affected_side(side: Side, p: Vec3) -> bool {
    match side {
        Side::Right => p.x <= 0.0,
        Side::Left => p.x >= 0.0,
        Side::Both => true,
    }
}

/// The node of the variant rule's muscle that a zone works on, and its depth in mm under the zone's centre
/// where the column meets it: the muscle in the column under the centre, within `reach` and above the
/// first bone, or else the zone's own structure when that is the muscle (depth unknown).
fn muscle_under(
    model: &SafetyModel,
    zone: &Zone,
    normal: Vec3,
    reach: f32,
) -> Option<(String, Option<f32>)> {
    let muscle = &model.rules.variant_piriformis.structure;
    let is_muscle = |node: &str| {
        node.strip_prefix(muscle.as_str())
            .is_some_and(|rest| rest == "_r" || rest == "_l")
    };
    let centre = Vec3::from(zone.anchor.position);
    let bone = model
        .layers
        .bone_depth(centre, normal, reach)
        .unwrap_or(reach);
    model
        .what_lies_under(centre, normal)
        .into_iter()
        .find(|(node, depth)| is_muscle(node) && *depth <= bone * 1000.0)
        .map(|(node, depth)| (node, Some(depth)))
        .or_else(|| {
            is_muscle(&zone.anchor.structure).then(|| (zone.anchor.structure.clone(), None))
        })
}

#[cfg(test)]
mod tests;
