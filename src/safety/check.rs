//! The check itself: the plan-wide rules, then each zone's column, nerve distance, sites, variant and
//! no-go rules, in plan order.

use glam::Vec3;

use super::column::{ColumnHit, nerve_in_column, site_depth};
use super::rules::{FlagRule, SiteRule};
use super::{NerveHit, RuleKind, SafetyFinding, SafetyModel, advice};
use crate::plan::{AffectedSide, DiscStage, Pressure, SessionPlan, Severity, Shape, Tool, Zone};

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

        // The recorded normal against the skin's at the zone's centre, which is what a plan records (the
        // footprint's average turns away from it where the body curves under a large zone): a large gap
        // means the plan's anchor is off.
        let r = &rules.recorded_normal;
        if recorded != Vec3::ZERO && anatomy.skin.is_some() {
            let centre = anatomy.surface_normal(points[0], 0.0).unwrap_or(normal);
            let angle = recorded.angle_between(centre).to_degrees();
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
                // A nerve nearer the centre line than the zone's half width runs under the zone itself:
                // the gap is then no distance a therapist could measure, so none is given.
                out.push(finding(
                    r.severity,
                    RuleKind::NerveProximity,
                    Some(hit.node),
                    (gap_mm >= 0.0).then_some(gap_mm),
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
            let limit = r.depth_mm.map_or(reach, |d| d / 1000.0 / scale);
            let hit = anatomy
                .capsules
                .iter()
                .filter(|c| c.id == r.site)
                .filter_map(|c| {
                    site_depth(anatomy, c, &points, &normals, half, limit).map(|d| (d * scale, c))
                })
                .min_by(|x, y| x.0.total_cmp(&y.0));
            if let Some((depth, capsule)) = hit {
                found_sites.push(r.site.as_str());
                let reason = format!("{} ({})", r.rationale, capsule.name);
                let named = anatomy.site_structure(capsule, points[0], normal, limit);
                out.push(finding(
                    r.severity,
                    RuleKind::Site,
                    Some(&named),
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
