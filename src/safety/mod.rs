//! Anatomy-aware safety checks of a session plan: pressure near the nerve, tools and pressure on
//! endangerment sites, red flags, flare-ups, pregnancy and no-go areas.
//!
//! Pure Rust: the nerve and the other structures come from the embedded model's meshes; the thresholds and
//! their reasons are data (`assets/anatomy/safety.ron`, see [`SafetyRules`]). Format-level validity is
//! [`crate::plan::check_plan`]'s job; this module skips zones whose coordinates are not finite.

mod bvh;
mod geometry;
mod rules;

use std::fmt;
use std::sync::OnceLock;

use glam::Vec3;

pub use geometry::{LayerGeometry, NerveGeometry, NerveHit, is_nerve_node};
pub use rules::{
    EMBEDDED_RULES, FlagRule, PositionRule, ProximityRule, Reach, SafetyRules, SiteRule,
};

use crate::anatomy::mesh::ModelMeshes;
use crate::anatomy::{Anatomy, EndangermentSite, Side as BodySide};
use crate::plan::{DiscStage, Point3, Pressure, SessionPlan, Severity, Shape, Zone};

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
    /// Pressure near the nerve.
    NerveProximity,
    /// A tool or pressure on an endangerment site.
    Site,
    /// A zone overlapping a no-go area.
    NoGoOverlap,
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
    /// The measured distance in millimetres, where the rule measures one: for nerve proximity the gap
    /// between the zone's edge and the nerve surface; for a site the depth under the zone where the site
    /// begins; for a no-go area the gap between the two edges (negative when they overlap).
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
    /// The endangerment sites (right side; mirrored for the left).
    pub sites: Vec<EndangermentSite>,
    /// Thresholds and reasons.
    pub rules: SafetyRules,
}

impl SafetyModel {
    /// Builds the model from meshes, anatomy data and rules.
    pub fn new(meshes: &ModelMeshes, anatomy: &Anatomy, rules: SafetyRules) -> Self {
        Self {
            nerve: NerveGeometry::from_meshes(meshes),
            layers: LayerGeometry::from_meshes(meshes),
            sites: anatomy.sites.clone(),
            rules,
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

    /// The endangerment site with this id.
    pub fn site(&self, id: &str) -> Option<&EndangermentSite> {
        self.sites.iter().find(|s| s.id == id)
    }
}

fn v(p: Point3) -> Vec3 {
    Vec3::new(p.x, p.y, p.z)
}

/// A zone's centre line on the skin (the centre, or the stroke's points) and its half extent in metres.
fn footprint(zone: &Zone) -> (Vec<Vec3>, f32) {
    match &zone.shape {
        Shape::Disc { radius_mm } => (vec![v(zone.anchor.position)], radius_mm / 1000.0),
        Shape::Stroke { path, width_mm } => {
            let mut pts: Vec<Vec3> = path.iter().map(|p| v(*p)).collect();
            pts.push(v(zone.anchor.position));
            (pts, width_mm / 2000.0)
        }
    }
}

const SITE_STEP_M: f32 = 0.005;

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
    let max_prox_m = rules.max_proximity_mm() / 1000.0;
    for zone in &plan.zones {
        let (points, half) = footprint(zone);
        let normal = v(zone.anchor.normal).normalize_or_zero();
        if !points.iter().all(|p| p.is_finite()) || !half.is_finite() || !normal.is_finite() {
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

        // Pressure near the nerve.
        let nearest = points
            .iter()
            .filter_map(|p| {
                anatomy
                    .nerve
                    .distance_to_nerve_within(*p, max_prox_m + half)
            })
            .min_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((d, node)) = nearest {
            let gap_mm = (d - half) * 1000.0;
            if let Some(r) = rules.proximity(zone.pressure, gap_mm) {
                out.push(finding(
                    r.severity,
                    RuleKind::NerveProximity,
                    Some(node),
                    Some(gap_mm),
                    &r.rationale,
                ));
            }
        }

        // Tools and pressure on endangerment sites: the column of tissue under the zone.
        let reach_m = rules.site_reach_mm.of(zone.pressure) / 1000.0;
        for r in rules
            .site_rules
            .iter()
            .filter(|r| r.applies_to(zone.tool, zone.pressure))
        {
            let Some(site) = anatomy.site(&r.site) else {
                continue;
            };
            if let Some((depth, side)) = site_depth(site, &points, half, normal, reach_m) {
                let structure = site
                    .structures
                    .first()
                    .map(|s| format!("{s}{}", side.suffix()));
                let reason = format!("{} ({})", r.rationale, site.name);
                out.push(finding(
                    r.severity,
                    RuleKind::Site,
                    structure.as_deref(),
                    Some(depth * 1000.0),
                    &reason,
                ));
            }
        }

        // No-go areas.
        for area in &plan.no_go {
            let c = v(area.anchor.position);
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

/// The shallowest depth (metres) under the zone where the site's capsule comes within the zone's half
/// extent, looking down to `reach_m` along `-normal`, and the side it is on.
fn site_depth(
    site: &EndangermentSite,
    points: &[Vec3],
    half: f32,
    normal: Vec3,
    reach_m: f32,
) -> Option<(f32, BodySide)> {
    let steps = (reach_m / SITE_STEP_M).ceil().max(0.0) as usize;
    (0..=steps).find_map(|i| {
        let depth = (i as f32 * SITE_STEP_M).min(reach_m);
        [BodySide::Right, BodySide::Left]
            .into_iter()
            .find_map(|side| {
                points
                    .iter()
                    .any(|p| site.distance(*p - normal * depth, side) <= half)
                    .then_some((depth, side))
            })
    })
}

#[cfg(test)]
mod tests;
