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
pub(crate) mod bvh;
mod check;
mod column;
mod geometry;
mod rules;
mod surface;

use std::fmt;
use std::sync::OnceLock;

use glam::Vec3;

pub use check::check_safety;
pub use geometry::{LayerGeometry, NerveGeometry, NerveHit, is_nerve_node};
pub use rules::{
    BuildRule, ColumnRule, EMBEDDED_RULES, FlagRule, NoGoRule, NormalRule, PositionRule,
    ProximityRule, Reach, Reaches, SafetyRules, SiteRule, VariantRule,
};
pub use surface::SkinSurface;

use crate::anatomy::mesh::ModelMeshes;
use crate::anatomy::{Anatomy, EndangermentSite, Kind, SiteCapsule};
use crate::plan::{Severity, Zone};

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

/// The model of [`SafetyModel::embedded`].
static EMBEDDED_MODEL: OnceLock<SafetyModel> = OnceLock::new();

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
    /// Per site id, the base ids of the nerves and vessels of its structure list, in the list's order: the
    /// structures a site finding may name.
    at_risk: Vec<(String, Vec<String>)>,
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
        let at_risk = anatomy
            .sites
            .iter()
            .map(|site| {
                let soft = site
                    .structures
                    .iter()
                    .filter(|id| {
                        anatomy
                            .structure(id)
                            .is_some_and(|s| matches!(s.kind, Kind::Nerve | Kind::Vessel))
                    })
                    .cloned()
                    .collect();
                (site.id.clone(), soft)
            })
            .collect();
        Self {
            nerve: NerveGeometry::from_meshes(meshes, anatomy),
            layers,
            skin: SkinSurface::from_meshes(meshes),
            sites: anatomy.sites.clone(),
            rules,
            capsules,
            at_risk,
            soft_tissue_ref,
        }
    }

    /// The model built from the embedded meshes, anatomy and rules, once (about 0.2 s in release; a
    /// caller on another thread meanwhile waits for the same build).
    pub fn embedded() -> &'static SafetyModel {
        EMBEDDED_MODEL.get_or_init(|| {
            SafetyModel::new(
                ModelMeshes::embedded(),
                Anatomy::embedded(),
                SafetyRules::embedded(),
            )
        })
    }

    /// The embedded model if it has been built, without waiting for it.
    pub fn embedded_if_built() -> Option<&'static SafetyModel> {
        EMBEDDED_MODEL.get()
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

    /// The node a finding on a site names: of the site's nerves and vessels on the capsule's side, the one
    /// the line from `position` inward along `-normal` enters first within `depth` metres; where it meets
    /// none of them, the site's first structure ([`SiteCapsule::structure`]).
    pub fn site_structure(
        &self,
        capsule: &SiteCapsule,
        position: Vec3,
        normal: Vec3,
        depth: f32,
    ) -> String {
        let Some((_, ids)) = self.at_risk.iter().find(|(id, _)| *id == capsule.id) else {
            return capsule.structure.clone();
        };
        let suffix = capsule.side.suffix();
        self.what_lies_under(position, normal)
            .into_iter()
            .take_while(|(_, mm)| *mm <= depth * 1000.0)
            .find(|(node, _)| {
                node.strip_suffix(suffix)
                    .is_some_and(|base| ids.iter().any(|id| id == base))
            })
            .map_or_else(|| capsule.structure.clone(), |(node, _)| node)
    }
}

#[cfg(test)]
mod rule_tests;
#[cfg(test)]
mod tests;
