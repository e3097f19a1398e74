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
//! stroke) inward along the skin's own normal, averaged over the footprint (the whole disc; the stroke's
//! width at each of its points), not the normal recorded in the plan ([`SkinSurface`]). It reaches as deep as the pressure does
//! ([`SafetyRules::reach_mm`]) and stops at the first bone under its centre line: pressure does not pass
//! through bone.

mod advice;
mod build;
mod bvh;
mod column;
mod geometry;
mod rules;
mod surface;

use std::fmt;
use std::sync::OnceLock;

use glam::Vec3;

pub use geometry::{LayerGeometry, NerveGeometry, NerveHit, is_nerve_node};
pub use rules::{
    BuildRule, ColumnRule, EMBEDDED_RULES, FlagRule, NoGoRule, NormalRule, PositionRule,
    ProximityRule, Reach, Reaches, SafetyRules, SiteRule, VariantRule,
};
pub use surface::SkinSurface;

use column::{ColumnHit, nerve_in_column, site_depth};

use crate::anatomy::mesh::ModelMeshes;
use crate::anatomy::{Anatomy, EndangermentSite, SiteCapsule};
use crate::plan::{AffectedSide, DiscStage, Pressure, SessionPlan, Severity, Shape, Tool, Zone};

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
    /// The normal a plan records for a zone is far off the skin's own normal there.
    RecordedNormal,
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
            RuleKind::RecordedNormal => "recorded_normal",
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
    /// The skin's surface, for the direction of the pressure under a zone.
    pub skin: Option<SkinSurface>,
    /// Thresholds and reasons.
    pub rules: SafetyRules,
    /// Every site's capsule on both sides, derived once.
    capsules: Vec<SiteCapsule>,
    /// The model's soft tissue over the buttock (metres): the nerve's depth below the skin straight behind
    /// the middle of the nerve corridor between the ischial tuberosity and the greater trochanter.
    soft_tissue_ref: Option<f32>,
}

impl SafetyModel {
    /// Builds the model from meshes, anatomy data and rules.
    pub fn new(meshes: &ModelMeshes, anatomy: &Anatomy, rules: SafetyRules) -> Self {
        let layers = LayerGeometry::from_meshes(meshes);
        let capsules = anatomy.site_capsules();
        let soft_tissue_ref = capsules
            .iter()
            .find(|c| c.id == build::REFERENCE_SITE)
            .and_then(|c| {
                let m = (c.from + c.to) / 2.0;
                build::nerve_depth_under(&layers, Vec3::new(m.x, m.y, -0.4), Vec3::Z)
            });
        Self {
            nerve: NerveGeometry::from_meshes(meshes, anatomy),
            layers,
            skin: SkinSurface::from_meshes(meshes),
            sites: anatomy.sites.clone(),
            rules,
            capsules,
            soft_tissue_ref,
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

    /// The structures under a zone's centre (its anchor) along the skin's normal there (see
    /// [`Self::zone_normal`]), from the skin inward, with the depth in mm at which each is first entered.
    /// Empty when the anchor is not finite.
    pub fn what_lies_under_zone(&self, zone: &Zone) -> Vec<(String, f32)> {
        self.what_lies_under(Vec3::from(zone.anchor.position), self.zone_normal(zone))
    }

    /// The skin's outward normal under a point, averaged over a footprint of radius `half_m` metres
    /// around it; `None` where no skin lies near (see [`SkinSurface::normal_under`]).
    pub fn surface_normal(&self, p: Vec3, half_m: f32) -> Option<Vec3> {
        self.skin.as_ref()?.normal_under(p, half_m)
    }

    /// The direction a zone presses along, outward: the skin's normal averaged over the zone's footprint
    /// at its anchor, or the normal the plan records where the model has no skin near the anchor.
    pub fn zone_normal(&self, zone: &Zone) -> Vec3 {
        self.surface_normal(Vec3::from(zone.anchor.position), zone.half_extent_m())
            .unwrap_or_else(|| Vec3::from(zone.anchor.normal).normalize_or_zero())
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
/// no further apart than its half width) and returns the half extent in metres.
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

/// Fills `out` with the outward direction the zone presses along at each of `points`: the skin's normal
/// averaged over the footprint there (the whole disc for a disc zone, the stroke's width at each point of
/// a stroke), or `recorded` where the model has no skin near.
fn surface_normals(
    model: &SafetyModel,
    zone: &Zone,
    points: &[Vec3],
    half: f32,
    recorded: Vec3,
    out: &mut Vec<Vec3>,
) {
    out.clear();
    let at = |p: Vec3| model.surface_normal(p, half).unwrap_or(recorded);
    match zone.shape {
        Shape::Disc { .. } => out.extend(points.iter().map(|_| at(points[0]))),
        Shape::Stroke { .. } => out.extend(points.iter().map(|&p| at(p))),
    }
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
    let mut normals = Vec::new();
    let mut lower = Vec::new();
    let scale = anatomy.build_factor(a.build).max(0.05);
    let mut site_rules: Vec<&SiteRule> = Vec::new();
    let mut found_sites: Vec<&str> = Vec::new();
    for zone in &plan.zones {
        if !zone_is_finite(zone) {
            continue;
        }
        let half = footprint(zone, &mut points);
        let recorded = Vec3::from(zone.anchor.normal).normalize_or_zero();
        surface_normals(anatomy, zone, &points, half, recorded, &mut normals);
        let normal = normals[0];
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

        // The recorded normal against the skin's: a large gap means the plan's anchor is off.
        let r = &rules.recorded_normal;
        if recorded != Vec3::ZERO && anatomy.skin.is_some() {
            let angle = recorded.angle_between(normal).to_degrees();
            // A hair over the limit is the limit: the angle comes from averaged normals.
            if angle > r.max_angle_deg + 0.05 {
                let reason = format!(
                    "{} (the file's normal is {angle:.0} degrees off the skin's)",
                    r.rationale
                );
                out.push(finding(
                    r.severity,
                    RuleKind::RecordedNormal,
                    own,
                    None,
                    &reason,
                ));
            }
        }
        let broad = rules.reach_mm.is_broad(zone.tool);
        // The client's build: every depth under the zone is `scale` times the model's, so a pressure
        // reaches the model's depths divided by it (see `build`).
        let reach_of = |pressure, tool| rules.reach_mm.of(pressure, tool) / 1000.0 / scale;
        let reach = reach_of(zone.pressure, zone.tool);
        // A slimmer client brings the nerve nearer in every direction; a larger one is not counted as
        // more room beside the nerve.
        let nearer = scale.min(1.0);

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
        let probe = (max_prox / nearer).max(if column_rule.is_some() { reach } else { 0.0 }) + half;
        let near = max_prox / nearer + half;
        // The cheap bound at each point, once: `None` where the nerve may lie within `near`.
        lower.clear();
        lower.extend(points.iter().map(|&p| anatomy.nerve.farther_than(p, near)));
        let mut column: Option<(ColumnHit, Vec3, Vec3)> = None;
        if column_rule.is_some() {
            for ((&p, &n), &start) in points.iter().zip(&normals).zip(&lower) {
                if start.is_some_and(|d| d > probe) {
                    continue;
                }
                if let Some(c) = nerve_in_column(anatomy, p, n, half, reach, start)
                    && column.as_ref().is_none_or(|b| c.depth < b.0.depth)
                {
                    column = Some((c, p, n));
                }
            }
        }
        let mut column_severity = None;
        if let (Some(r), Some((c, p, n))) = (column_rule, &column) {
            column_severity = Some(r.severity);
            // What clears it: a move (found on the model), a broad contact or a lighter grade that does
            // not reach the nerve's depth.
            let movement = advice::move_off_column(anatomy, *p, *n, half, reach, c);
            let short_of = |reach: f32| reach < c.touch;
            let broad_clears = !broad && short_of(reach_of(zone.pressure, Tool::Palm));
            let lighter_clears = advice::lighter(zone.pressure).is_some_and(|l| {
                short_of(reach_of(l, zone.tool))
                    || rules.column(l).is_none_or(|lr| lr.severity < r.severity)
            });
            let reason = format!(
                "{}{}",
                r.rationale,
                advice::sentence(*p, movement, broad_clears, lighter_clears)
            );
            out.push(finding(
                r.severity,
                RuleKind::NerveUnderZone,
                Some(c.node),
                Some(c.depth * scale * 1000.0),
                &reason,
            ));
        }
        // Exact distances only where a proximity finding could still add something.
        let mut nearest: Option<(NerveHit, Vec3, Vec3)> = None;
        if rules
            .max_proximity_severity(zone.pressure)
            .is_some_and(|s| column_severity.is_none_or(|c| s > c))
        {
            for ((&p, &n), _) in points
                .iter()
                .zip(&normals)
                .zip(&lower)
                .filter(|(_, l)| l.is_none())
            {
                if let Some(hit) = anatomy.nerve.nearest_within(p, near)
                    && nearest.is_none_or(|(b, _, _)| hit.distance < b.distance)
                {
                    nearest = Some((hit, p, n));
                }
            }
        }
        if let Some((hit, p, n)) = nearest {
            let gap_mm = (hit.distance - half) * nearer * 1000.0;
            if let Some(r) = rules.proximity(zone.pressure, gap_mm)
                && column_severity.is_none_or(|s| r.severity > s)
            {
                let movement = advice::move_off_proximity(p, hit.point, n, gap_mm, r.within_mm);
                let lighter_clears = advice::lighter(zone.pressure).is_some_and(|l| {
                    rules
                        .proximity(l, gap_mm)
                        .is_none_or(|lr| lr.severity < r.severity)
                });
                let reason = if r.severity >= Severity::Warning {
                    format!(
                        "{}{}",
                        r.rationale,
                        advice::sentence(p, Some(movement), false, lighter_clears)
                    )
                } else {
                    r.rationale.clone()
                };
                out.push(finding(
                    r.severity,
                    RuleKind::NerveProximity,
                    Some(hit.node),
                    Some(gap_mm),
                    &reason,
                ));
            }
        }

        // Tools and pressure on endangerment sites, in the column of tissue under the zone: for each site
        // the most severe rule that finds it.
        site_rules.clear();
        site_rules.extend(
            rules
                .site_rules
                .iter()
                .filter(|r| r.applies_to(zone.tool, zone.pressure)),
        );
        site_rules.sort_by_key(|r| std::cmp::Reverse(r.severity));
        found_sites.clear();
        for r in &site_rules {
            if found_sites.contains(&r.site.as_str()) {
                continue;
            }
            let depth = r.depth_mm.map_or(reach, |d| d / 1000.0 / scale);
            let hit = anatomy
                .capsules
                .iter()
                .filter(|c| c.id == r.site)
                .filter_map(|c| {
                    site_depth(anatomy, c, &points, &normals, half, depth).map(|d| (d * scale, c))
                })
                .min_by(|x, y| x.0.total_cmp(&y.0));
            if let Some((depth, capsule)) = hit {
                found_sites.push(r.site.as_str());
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
                let severity = if zone.pressure == Pressure::Light && broad {
                    r.light_broad_severity
                } else {
                    r.severity
                };
                let reason = format!("{} ({}: {})", r.rationale, area.id, area.reason);
                out.push(finding(
                    severity,
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
fn on_affected_side(side: AffectedSide, p: Vec3) -> bool {
    match side {
        AffectedSide::Right => p.x <= 0.0,
        AffectedSide::Left => p.x >= 0.0,
        AffectedSide::Both => true,
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
mod rule_tests;
#[cfg(test)]
mod tests;
