use super::column::Column;
use super::*;
use crate::plan::{
    Anchor, ClientPosition, DiscStage, NerveVariant, NoGoArea, Point3, Pressure, Segment,
    SessionPlan, Shape, Technique, Tool,
};

pub(super) fn model() -> &'static SafetyModel {
    SafetyModel::embedded()
}

/// The skin point the model's skin meets first on a ray from `from` along `dir`.
pub(super) fn skin_along(from: Vec3, dir: Vec3) -> Vec3 {
    let under = model().what_lies_under(from, -dir);
    let depth = under.iter().find(|s| s.0 == "skin").expect("skin").1;
    from + dir * (depth / 1000.0)
}

/// The skin point over `target` along the skin's own normal: the point whose inward normal, averaged
/// over a footprint of `radius_m`, runs through `target` (found by moving out along the normal in turn,
/// starting straight behind).
pub(super) fn skin_over(target: Vec3, radius_m: f32) -> Vec3 {
    let mut p = skin_behind(target.x, target.y);
    for _ in 0..8 {
        let n = model().surface_normal(p, radius_m).expect("skin");
        p = skin_along(target + n * 0.3, -n);
    }
    p
}

/// A point 2 mm inside `node` straight behind (x, y), where a ray from behind first enters it.
pub(super) fn point_in(node: &str, x: f32, y: f32) -> Vec3 {
    let from = Vec3::new(x, y, -0.4);
    let depth = model()
        .what_lies_under(from, Vec3::NEG_Z)
        .into_iter()
        .find(|s| s.0 == node)
        .unwrap_or_else(|| panic!("{node} behind ({x}, {y})"))
        .1;
    from + Vec3::Z * (depth / 1000.0 + 0.002)
}

/// The skin point straight behind (x, y).
pub(super) fn skin_behind(x: f32, y: f32) -> Vec3 {
    skin_along(Vec3::new(x, y, -0.4), Vec3::Z)
}

pub(super) fn zone(id: &str, p: Vec3, radius_mm: f32, pressure: Pressure, tool: Tool) -> Zone {
    Zone {
        id: id.into(),
        label: id.into(),
        order: 1,
        anchor: Anchor {
            structure: "skin".into(),
            position: Point3::new(p.x, p.y, p.z),
            // As the editor records it: the skin's normal where the zone was placed.
            normal: model()
                .surface_normal(p, radius_mm / 1000.0)
                .unwrap_or(Vec3::NEG_Z)
                .into(),
            segment: Segment::Pelvis,
        },
        shape: Shape::Disc { radius_mm },
        technique: Technique::StaticCompression,
        pressure,
        tool,
        position: ClientPosition::SideLying,
        duration_min: 2.0,
        notes: String::new(),
    }
}

pub(super) fn plan_with(zones: Vec<Zone>) -> SessionPlan {
    let mut plan = SessionPlan::new("test");
    plan.zones = zones;
    plan
}

pub(super) fn check(zones: Vec<Zone>) -> Vec<SafetyFinding> {
    check_safety(&plan_with(zones), model())
}

/// Upper outer quadrant of the right buttock, over gluteus medius.
pub(super) fn medius() -> Vec3 {
    skin_behind(-0.13, 1.0)
}

/// The skin of the right buttock straight over the nerve, between the sit bone and the trochanter, where
/// the column along the skin's normal (the buttock rounds off laterally there) passes through the nerve.
fn over_buttock_nerve() -> Vec3 {
    skin_behind(-0.085, 0.870)
}

pub(super) fn has(f: &[SafetyFinding], rule: RuleKind, severity: Severity) -> bool {
    f.iter().any(|x| x.rule == rule && x.severity == severity)
}

pub(super) fn of(f: &[SafetyFinding], rule: RuleKind) -> Option<&SafetyFinding> {
    f.iter().find(|x| x.rule == rule)
}

#[test]
fn rules_parse_and_every_rule_has_a_reason() {
    let r = SafetyRules::embedded();
    let reasons = r
        .nerve_proximity
        .iter()
        .map(|p| &p.rationale)
        .chain(r.nerve_column.iter().map(|p| &p.rationale))
        .chain(r.site_rules.iter().map(|p| &p.rationale))
        .chain([&r.variant_piriformis.rationale, &r.red_flags.rationale]);
    for reason in reasons {
        assert!(!reason.trim().is_empty());
    }
    for s in &r.site_rules {
        assert!(model().site(&s.site).is_some(), "unknown site {}", s.site);
    }
    // Thresholds and reach grow with pressure.
    let max = |p| {
        r.nerve_proximity
            .iter()
            .filter(|x| x.pressure == p)
            .map(|x| x.within_mm)
            .fold(0.0, f32::max)
    };
    assert!(max(Pressure::Light) < max(Pressure::Moderate));
    assert!(max(Pressure::Moderate) < max(Pressure::Deep));
    for reach in [r.reach_mm.pointed, r.reach_mm.broad] {
        assert!(reach.light < reach.moderate && reach.moderate < reach.deep);
    }
    // Broad contacts spread the load: every grade reaches less deep with them than with a point.
    for p in [Pressure::Light, Pressure::Moderate, Pressure::Deep] {
        assert!(
            r.reach_mm.of(p, Tool::Palm) < r.reach_mm.of(p, Tool::Elbow),
            "{p:?}"
        );
        assert_eq!(
            r.reach_mm.of(p, Tool::Forearm),
            r.reach_mm.of(p, Tool::SoftFist)
        );
        assert_eq!(
            r.reach_mm.of(p, Tool::Thumb),
            r.reach_mm.of(p, Tool::Knuckles)
        );
    }
    assert_eq!(
        r.column(Pressure::Deep).map(|c| c.severity),
        Some(Severity::Error)
    );
}

#[test]
fn site_capsules_cover_both_sides_and_every_site() {
    let caps = model().site_capsules();
    assert_eq!(caps.len(), 2 * model().sites.len());
    for site in &model().sites {
        let sides: Vec<_> = caps.iter().filter(|c| c.id == site.id).collect();
        assert_eq!(sides.len(), 2, "{}", site.id);
        assert!(sides[0].from.x * sides[1].from.x < 0.0, "{}", site.id);
    }
}

#[test]
fn deep_elbow_on_the_skin_over_the_buttock_nerve_is_an_error_naming_it() {
    let p = over_buttock_nerve();
    let nerve_depth = model()
        .what_lies_under(p, Vec3::NEG_Z)
        .into_iter()
        .find(|s| s.0 == "sciatic_nerve_r")
        .expect("the nerve is under this point")
        .1;
    assert!(nerve_depth > 60.0, "deep in the buttock: {nerve_depth}");
    let f = check(vec![zone("z", p, 15.0, Pressure::Deep, Tool::Elbow)]);
    let under = of(&f, RuleKind::NerveUnderZone).expect("the nerve under the zone");
    assert_eq!(under.severity, Severity::Error);
    assert_eq!(under.structure.as_deref(), Some("sciatic_nerve_r"));
    let d = under.distance_mm.unwrap();
    assert!((d - nerve_depth).abs() < 10.0, "{d} vs {nerve_depth}");
    assert_eq!(under.zone.as_deref(), Some("z"));
    // One nerve finding per zone: the error, not a second proximity warning.
    assert!(of(&f, RuleKind::NerveProximity).is_none(), "{f:?}");
}

#[test]
fn the_same_zone_light_over_gluteus_medius_is_clean() {
    let p = medius();
    assert!(
        model()
            .what_lies_under(p, Vec3::NEG_Z)
            .iter()
            .take(3)
            .any(|s| s.0 == "gluteus_medius_r"),
        "the test point is over gluteus medius"
    );
    assert_eq!(
        check(vec![zone("z", p, 15.0, Pressure::Light, Tool::Elbow)]),
        vec![]
    );
    // Light pressure over the nerve is no error either.
    let f = check(vec![zone(
        "z",
        over_buttock_nerve(),
        15.0,
        Pressure::Light,
        Tool::Palm,
    )]);
    assert!(f.iter().all(|x| x.severity < Severity::Warning), "{f:?}");
}

#[test]
fn over_the_thigh_nerve_deep_is_an_error_moderate_a_warning_beside_it_a_warning() {
    // Back of the thigh, over the nerve line, where it lies about 45 mm deep.
    let over = skin_behind(-0.088, 0.62);
    let (d, node) = model().distance_to_nerve(over);
    assert_eq!(node, "sciatic_nerve_r");
    assert!(d < 0.06, "{d}");
    let deep = check(vec![zone("z", over, 20.0, Pressure::Deep, Tool::SoftFist)]);
    assert!(
        has(&deep, RuleKind::NerveUnderZone, Severity::Error),
        "{deep:?}"
    );
    let moderate = check(vec![zone(
        "z",
        over,
        20.0,
        Pressure::Moderate,
        Tool::SoftFist,
    )]);
    let nerve = moderate
        .iter()
        .find(|f| matches!(f.rule, RuleKind::NerveUnderZone | RuleKind::NerveProximity))
        .expect("a nerve finding");
    assert_eq!(nerve.severity, Severity::Warning, "{moderate:?}");
    assert!(moderate.iter().all(|f| f.severity < Severity::Error));
    // A deep pin 3 cm to the side: the nerve is close but not under the fist.
    let beside = skin_behind(-0.058, 0.62);
    let f = check(vec![zone(
        "z",
        beside,
        20.0,
        Pressure::Deep,
        Tool::SoftFist,
    )]);
    assert!(of(&f, RuleKind::NerveUnderZone).is_none(), "{f:?}");
    assert!(
        has(&f, RuleKind::NerveProximity, Severity::Warning),
        "{f:?}"
    );
}

#[test]
fn a_stroke_crossing_the_nerve_between_its_points_is_checked_along_its_length() {
    // Across the back of the thigh, ends 45 mm either side of the nerve line.
    let a = skin_behind(-0.043, 0.62);
    let b = skin_behind(-0.133, 0.62);
    let mut z = zone("z", a, 0.0, Pressure::Deep, Tool::Forearm);
    z.shape = Shape::Stroke {
        path: vec![Point3::new(a.x, a.y, a.z), Point3::new(b.x, b.y, b.z)],
        width_mm: 20.0,
    };
    let f = check(vec![z]);
    assert!(has(&f, RuleKind::NerveUnderZone, Severity::Error), "{f:?}");
}

#[test]
fn the_pressure_column_stops_at_bone() {
    // Deep palm on the back of the sacrum: the sacral roots lie in front of the bone, within the reach of
    // deep pressure but out of it. (30 mm from the midline the skin's normal, tilted towards the cleft,
    // runs past the sacrum's lateral border, through the sacrotuberous ligament and piriformis to the
    // third sacral root: there the column rightly finds it.)
    let p = skin_behind(-0.025, 0.965);
    let normal = model().surface_normal(p, 0.025).expect("skin");
    let under = model().what_lies_under(p, normal);
    let depth = |name: &str| under.iter().find(|s| s.0 == name).map(|s| s.1);
    let bone = depth("sacrum").or(depth("hip_bone_r")).expect("bone under");
    let root = under
        .iter()
        .find(|s| s.0.starts_with("root_"))
        .expect("a root under")
        .1;
    assert!(bone < root && root < SafetyRules::embedded().reach_mm.pointed.deep);
    let f = check(vec![zone("z", p, 25.0, Pressure::Deep, Tool::Elbow)]);
    assert!(of(&f, RuleKind::NerveUnderZone).is_none(), "{f:?}");
}

#[test]
fn red_flags_block_the_plan() {
    let mut plan = plan_with(vec![zone("z", medius(), 20.0, Pressure::Light, Tool::Palm)]);
    assert!(!is_blocked(&check_safety(&plan, model())));
    plan.assessment.red_flags.saddle_anaesthesia = true;
    let f = check_safety(&plan, model());
    assert!(is_blocked(&f));
    assert!(has(&f, RuleKind::RedFlags, Severity::Error));
    assert_eq!(f[0].zone, None);
    for flag in [0, 1] {
        plan.assessment.red_flags = Default::default();
        if flag == 0 {
            plan.assessment.red_flags.bladder_or_bowel_loss = true;
        } else {
            plan.assessment.red_flags.progressive_weakness = true;
        }
        assert!(is_blocked(&check_safety(&plan, model())), "{flag}");
    }
}

#[test]
fn sequestration_blocks_the_plan() {
    let mut plan = plan_with(vec![]);
    plan.assessment.disc_stage = Some(DiscStage::Extrusion);
    assert!(check_safety(&plan, model()).is_empty());
    plan.assessment.disc_stage = Some(DiscStage::Sequestration);
    let f = check_safety(&plan, model());
    assert!(is_blocked(&f) && has(&f, RuleKind::Sequestration, Severity::Error));
}

#[test]
fn acute_flare_up_forbids_deep_work() {
    let mut plan = plan_with(vec![zone("z", medius(), 20.0, Pressure::Deep, Tool::Palm)]);
    assert!(!has(
        &check_safety(&plan, model()),
        RuleKind::AcuteDeep,
        Severity::Error
    ));
    plan.assessment.acute_flare_up = true;
    let f = check_safety(&plan, model());
    assert!(has(&f, RuleKind::AcuteDeep, Severity::Error), "{f:?}");
    assert!(
        !is_blocked(&f),
        "a flare-up limits the plan, it does not block it"
    );
    plan.zones[0].pressure = Pressure::Moderate;
    assert!(!has(
        &check_safety(&plan, model()),
        RuleKind::AcuteDeep,
        Severity::Error
    ));
}

#[test]
fn pregnancy_prone_is_a_warning() {
    let mut plan = plan_with(vec![zone("z", medius(), 20.0, Pressure::Light, Tool::Palm)]);
    plan.assessment.pregnant = true;
    assert!(
        check_safety(&plan, model()).is_empty(),
        "side-lying is fine"
    );
    for pos in [ClientPosition::Prone, ClientPosition::FrogLeg] {
        plan.zones[0].position = pos;
        let f = check_safety(&plan, model());
        assert!(
            has(&f, RuleKind::PregnancyPosition, Severity::Warning),
            "{pos:?}"
        );
    }
}

#[test]
fn pointed_tool_on_the_sciatic_notch_is_an_error_and_a_palm_is_not() {
    let p = skin_behind(-0.0667, 0.911);
    let f = check(vec![zone("z", p, 20.0, Pressure::Deep, Tool::Elbow)]);
    let site = f
        .iter()
        .find(|x| x.rule == RuleKind::Site && x.reason.contains("sciatic notch"))
        .expect("notch finding");
    assert_eq!(site.severity, Severity::Error);
    assert_eq!(site.structure.as_deref(), Some("sciatic_nerve_r"));
    assert!(site.distance_mm.is_some_and(|d| d > 0.0));
    // The mirror image on the left side is found on the left capsule.
    let left = Vec3::new(-p.x, p.y, p.z);
    let f = check(vec![zone("z", left, 20.0, Pressure::Deep, Tool::Thumb)]);
    assert!(
        f.iter()
            .any(|x| x.rule == RuleKind::Site && x.structure.as_deref() == Some("sciatic_nerve_l")),
        "{f:?}"
    );
    let f = check(vec![zone("z", p, 20.0, Pressure::Deep, Tool::Palm)]);
    assert!(
        !f.iter()
            .any(|x| x.rule == RuleKind::Site && x.reason.contains("sciatic notch")),
        "{f:?}"
    );
}

#[test]
fn deep_work_behind_the_knee_or_on_the_fibular_neck_is_an_error() {
    for (x, y, nerve) in [
        (-0.083, 0.486, "tibial_nerve_r"),
        (-0.128, 0.413, "common_fibular_nerve_r"),
    ] {
        let p = skin_behind(x, y);
        let deep = check(vec![zone("z", p, 15.0, Pressure::Deep, Tool::Palm)]);
        let site = of(&deep, RuleKind::Site).expect("site finding");
        assert_eq!(site.severity, Severity::Error);
        assert_eq!(site.structure.as_deref(), Some(nerve));
        let light = check(vec![zone("z", p, 15.0, Pressure::Light, Tool::Palm)]);
        assert!(!light.iter().any(|f| f.rule == RuleKind::Site));
    }
}

#[test]
fn deep_pressure_in_the_femoral_triangle_is_an_error() {
    // Front of the right thigh just below the groin, pressed from the front.
    let p = skin_along(Vec3::new(-0.07, 0.85, 0.25), Vec3::NEG_Z);
    let mut z = zone("z", p, 20.0, Pressure::Deep, Tool::Palm);
    z.anchor.normal = Point3::new(0.0, 0.0, 1.0);
    let f = check(vec![z.clone()]);
    let site = of(&f, RuleKind::Site).expect("femoral triangle finding");
    assert_eq!(site.severity, Severity::Error);
    assert!(site.reason.contains("Femoral triangle"), "{}", site.reason);
    // The finding names the nerve or vessel at risk on the zone's side, not the bone behind them.
    let named = site.structure.as_deref().unwrap_or_default();
    assert!(
        ["femoral_artery_r", "femoral_nerve_r", "femoral_vein_r"].contains(&named),
        "{named}"
    );
    z.pressure = Pressure::Moderate;
    assert!(of(&check(vec![z]), RuleKind::Site).is_none());
}

/// A site finding names the site's nerve or vessel that the line pressed in from the zone meets first, and
/// the site's first structure when it meets none of them.
#[test]
fn a_site_finding_names_the_structure_under_the_zone() {
    let m = model();
    let triangle = m
        .site_capsules()
        .iter()
        .find(|c| c.id == "femoral_triangle" && c.from.x < 0.0)
        .expect("the right femoral triangle");
    // Pressed straight in over the artery and over the nerve below the groin, and far off the body.
    let front = |x: f32, y: f32| skin_along(Vec3::new(x, y, 0.25), Vec3::NEG_Z);
    let named = |p: Vec3| m.site_structure(triangle, p, Vec3::Z, 0.1);
    assert_eq!(named(front(-0.064, 0.88)), "femoral_artery_r");
    assert_eq!(named(front(-0.0765, 0.895)), "femoral_nerve_r");
    assert_eq!(named(Vec3::new(-0.4, 0.9, 0.3)), triangle.structure);
    assert_eq!(triangle.structure, "femoral_artery_r");
}

#[test]
fn deep_thumb_into_the_sacrotuberous_ligament_warns_about_its_front() {
    // Over the ligament where it leaves the lower sacrum: the skin straight behind the top of its front.
    // (Straight behind, not along a normal found by search: beside the cleft such a search can slide
    // off the ligament, and the test would pass or fail with the skin's mesh, not with the rules.)
    let front = model()
        .site_capsules()
        .iter()
        .find(|c| c.id == "sacrotuberous_anterior" && c.from.x < 0.0)
        .expect("the right ligament's front");
    let p = skin_behind(front.from.x, front.from.y);
    let thumb = check(vec![zone("z", p, 12.0, Pressure::Deep, Tool::Thumb)]);
    let site = of(&thumb, RuleKind::Site).expect("ligament finding");
    assert_eq!(site.severity, Severity::Warning);
    assert!(site.reason.contains("sacrotuberous"), "{}", site.reason);
    assert!(
        thumb.iter().all(|f| f.severity < Severity::Error),
        "{thumb:?}"
    );
    let palm = check(vec![zone("z", p, 12.0, Pressure::Deep, Tool::Palm)]);
    assert!(of(&palm, RuleKind::Site).is_none(), "{palm:?}");
}

#[test]
fn a_nerve_variant_makes_deep_piriformis_work_a_warning() {
    // Over the piriformis belly, about 75 mm under the skin, above the nerve's exit.
    let p = skin_over(point_in("piriformis_r", -0.07, 0.93), 0.02);
    // A pointed tool: a broad one's deep pressure stops short of the muscle's depth.
    let mut z = zone("z", p, 20.0, Pressure::Deep, Tool::Elbow);
    z.anchor.structure = "piriformis_r".into();
    let mut plan = plan_with(vec![z]);
    let variant = |plan: &SessionPlan| {
        check_safety(plan, model())
            .into_iter()
            .find(|f| f.rule == RuleKind::NerveVariant)
    };
    assert_eq!(variant(&plan), None, "no variant recorded");
    plan.assessment.nerve_variant = Some(NerveVariant::A);
    assert_eq!(variant(&plan), None, "the usual anatomy");
    for v in [NerveVariant::B, NerveVariant::F] {
        plan.assessment.nerve_variant = Some(v);
        let f = variant(&plan).expect("variant finding");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.structure.as_deref(), Some("piriformis_r"));
        assert!(
            f.reason.contains(&format!("type {}", v.letter())),
            "{}",
            f.reason
        );
    }
    plan.zones[0].pressure = Pressure::Moderate;
    assert_eq!(variant(&plan), None, "moderate work");
    plan.zones[0].pressure = Pressure::Deep;
    plan.side = crate::plan::AffectedSide::Left;
    assert_eq!(variant(&plan), None, "the other side");
    // Piriformis in the column under a zone anchored on the skin counts too.
    plan.side = crate::plan::AffectedSide::Right;
    plan.zones[0].anchor.structure = "skin".into();
    let f = variant(&plan).expect("piriformis under the zone");
    assert!(f.distance_mm.is_some_and(|d| d > 0.0), "{f:?}");
}

#[test]
fn a_zone_over_a_no_go_area_is_an_error_unless_light_and_broad() {
    let p = medius();
    let mut plan = plan_with(vec![zone("z", p, 20.0, Pressure::Light, Tool::Palm)]);
    let far = Vec3::new(p.x + 0.2, p.y, p.z);
    plan.no_go.push(NoGoArea {
        id: "n".into(),
        label: "n".into(),
        anchor: zone("n", far, 10.0, Pressure::Light, Tool::Palm).anchor,
        radius_mm: 20.0,
        reason: "bruise".into(),
    });
    assert!(check_safety(&plan, model()).is_empty());
    plan.no_go[0].anchor.position = Point3::new(p.x + 0.03, p.y, p.z);
    let overlap = |plan: &SessionPlan| {
        check_safety(plan, model())
            .into_iter()
            .find(|f| f.rule == RuleKind::NoGoOverlap)
            .expect("overlap finding")
    };
    // Light work with a broad contact only brushes the area.
    let f = overlap(&plan);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.distance_mm.unwrap() < 0.0);
    assert!(f.reason.contains("bruise"), "{}", f.reason);
    // A pointed tool, or more than light pressure, breaks the plan's own limit.
    for (pressure, tool) in [
        (Pressure::Light, Tool::Thumb),
        (Pressure::Moderate, Tool::Palm),
        (Pressure::Deep, Tool::Forearm),
    ] {
        plan.zones[0].pressure = pressure;
        plan.zones[0].tool = tool;
        assert_eq!(
            overlap(&plan).severity,
            Severity::Error,
            "{pressure:?} {tool:?}"
        );
    }
}

fn example(file: &str) -> SessionPlan {
    let ex = crate::plan::examples::EXAMPLES
        .iter()
        .find(|e| e.file == file)
        .expect(file);
    crate::plan::from_ron_str(ex.text).unwrap()
}

#[test]
fn what_lies_under_an_example_buttock_zone_goes_from_skin_to_the_nerve() {
    // Passive hip extension with compression: a soft fist on the gluteus maximus belly.
    let plan = example("six-phase-protocol.ron");
    let z8 = plan.zones.iter().find(|z| z.id == "z8").unwrap();
    let under = model().what_lies_under_zone(z8);
    let names: Vec<&str> = under.iter().map(|s| s.0.as_str()).collect();
    let at = |n: &str| {
        names
            .iter()
            .position(|x| *x == n)
            .unwrap_or_else(|| panic!("{n} in {names:?}"))
    };
    assert_eq!(at("skin"), 0);
    assert!(under[0].1 < 3.0, "the zone lies on the skin: {under:?}");
    assert!(at("gluteus_maximus_r") < at("sciatic_nerve_r"));
    assert!(under.windows(2).all(|w| w[0].1 <= w[1].1));
    let nerve_depth = under[at("sciatic_nerve_r")].1;
    assert!((40.0..120.0).contains(&nerve_depth), "{nerve_depth}");
}

#[test]
fn what_lies_under_starts_at_the_skin_for_every_example_zone() {
    for ex in crate::plan::examples::EXAMPLES {
        let plan = crate::plan::from_ron_str(ex.text).unwrap();
        for z in &plan.zones {
            let under = model().what_lies_under_zone(z);
            assert_eq!(
                under.first().map(|s| s.0.as_str()),
                Some("skin"),
                "{} {}",
                ex.file,
                z.id
            );
            assert!(under[0].1 < 3.0, "{} {}: {under:?}", ex.file, z.id);
            assert!(under.len() >= 2, "{} {}: {under:?}", ex.file, z.id);
        }
    }
}

#[test]
fn the_shipped_example_plans_have_no_errors() {
    let mut errors = Vec::new();
    for ex in crate::plan::examples::EXAMPLES {
        let plan = crate::plan::from_ron_str(ex.text).unwrap();
        for f in check_safety(&plan, model()) {
            if f.severity == Severity::Error {
                errors.push(format!("{}: {f}", ex.file));
            }
        }
    }
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_column_march_finds_the_same_touch_with_exact_or_loose_distances() {
    // A ball of radius 5 mm, 40 mm under the skin and 12 mm to the side of the centre line.
    let centre = Vec3::new(0.012, 0.0, 0.04);
    let exact = |q: Vec3| q.distance(centre) - 0.005;
    let column = Column {
        p: Vec3::ZERO,
        normal: Vec3::NEG_Z,
        half: 0.02,
        reach: 0.1,
    };
    let t_exact = column
        .first_touch(|q, _, bound| Some(exact(q)).filter(|d| *d <= bound))
        .expect("touch");
    // A loose lower bound, as the capsule chain gives: never more than the truth.
    let t_loose = column
        .first_touch(|q, within, bound| {
            let d = exact(q);
            let loose = d * 0.5;
            Some(if loose > within { loose } else { d }).filter(|d| *d <= bound)
        })
        .expect("touch");
    assert!((t_exact - t_loose).abs() < 0.001, "{t_exact} vs {t_loose}");
    // Where the column is touched: its radius there reaches the ball.
    assert!(exact(column.at(t_exact)) <= column.radius(t_exact) + 0.0002);
    // Moved 25 mm to the side, the narrowing column misses it.
    let far = Vec3::new(0.025, 0.0, 0.04);
    let missed =
        column.first_touch(|q, _, bound| Some(q.distance(far) - 0.005).filter(|d| *d <= bound));
    assert_eq!(missed, None);
}
