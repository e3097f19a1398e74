//! Tests of the rules that hold when a plan is imprecise: the skin's own normal under a zone, reach by
//! pressure and tool, the nerve corridor, the upper outer buttock, the client's build, and the advice.

use glam::Vec3;

use super::tests::{check, has, medius, model, of, plan_with, skin_along, skin_over, zone};
use super::{RuleKind, SafetyFinding, check_safety};
use crate::plan::{Build, Pressure, Severity, Tool};

/// The skin over the nerve midway between the ischial tuberosity and the greater trochanter, along the
/// skin's own normal: over the middle of the right corridor's axis, which runs along the nerve where it
/// lies halfway between the two bones.
fn corridor_middle() -> Vec3 {
    let c = model()
        .site_capsules()
        .iter()
        .find(|c| c.id == "ischio_trochanteric_corridor" && c.from.x < 0.0)
        .expect("the right corridor");
    skin_over((c.from + c.to) / 2.0, 0.015)
}

/// `n` turned by `degrees` towards the direction at `azimuth_deg` round it.
fn tilted(n: Vec3, degrees: f32, azimuth_deg: f32) -> Vec3 {
    let (u, v) = n.any_orthonormal_pair();
    let a = azimuth_deg.to_radians();
    let axis = u * a.cos() + v * a.sin();
    glam::Quat::from_axis_angle(axis, degrees.to_radians()) * n
}

#[test]
fn a_deep_elbow_over_the_corridor_is_an_error_whatever_normal_the_file_records() {
    let p = corridor_middle();
    let surface = model().surface_normal(p, 0.0).expect("skin here");
    assert!(
        model()
            .what_lies_under(p, surface)
            .iter()
            .any(|s| s.0 == "sciatic_nerve_r"),
        "the nerve lies under the corridor's middle"
    );
    let mut z = zone("z", p, 15.0, Pressure::Deep, Tool::Elbow);
    for degrees in [0.0, 5.0, 10.0, 15.0, 20.0] {
        for azimuth in [0.0, 60.0, 120.0, 180.0, 240.0, 300.0] {
            z.anchor.normal = tilted(surface, degrees, azimuth).into();
            let f = check(vec![z.clone()]);
            let under = of(&f, RuleKind::NerveUnderZone)
                .unwrap_or_else(|| panic!("{degrees} degrees at {azimuth}: {f:?}"));
            assert_eq!(under.severity, Severity::Error);
            assert_eq!(under.structure.as_deref(), Some("sciatic_nerve_r"));
            // Within 20 degrees the file's normal passes.
            assert!(of(&f, RuleKind::RecordedNormal).is_none(), "{f:?}");
        }
    }
    // Far off the skin's normal, the file's normal is reported, and the nerve still is.
    for azimuth in [0.0, 90.0, 180.0, 270.0] {
        z.anchor.normal = tilted(surface, 35.0, azimuth).into();
        let f = check(vec![z.clone()]);
        let warn = of(&f, RuleKind::RecordedNormal).expect("recorded normal warning");
        assert_eq!(warn.severity, Severity::Warning);
        assert!(warn.reason.contains("35 degrees"), "{}", warn.reason);
        assert!(has(&f, RuleKind::NerveUnderZone, Severity::Error), "{f:?}");
    }
}

/// The skin mesh's own normal at its vertex nearest `p`: what the editor records when a zone is placed
/// there (the picking ray's hit on the skin).
fn vertex_normal_near(p: Vec3) -> Vec3 {
    let skin = crate::anatomy::mesh::ModelMeshes::embedded()
        .node("skin")
        .expect("skin");
    let nearest = (0..skin.positions.len())
        .min_by(|&a, &b| {
            let d = |i: usize| Vec3::from(skin.positions[i]).distance(p);
            d(a).total_cmp(&d(b))
        })
        .expect("skin vertices");
    Vec3::from(skin.normals[nearest])
}

#[test]
fn a_large_zone_placed_on_a_curve_keeps_the_normal_it_was_placed_with() {
    // Over the greater trochanter the skin turns from the back of the hip to its side: a broad disc's
    // footprint faces well away from the skin at its centre. The file records the centre's
    // normal, as the editor does, and that is no fault of the file.
    let p = skin_along(Vec3::new(-0.4, 0.8882, -0.1268), Vec3::X);
    assert!(
        model().skin.as_ref().unwrap().nearest(p, 0.001).is_some(),
        "on the skin"
    );
    for radius_mm in [15.0, 30.0, 60.0] {
        let mut z = zone("z", p, radius_mm, Pressure::Moderate, Tool::Thumb);
        z.anchor.normal = vertex_normal_near(p).into();
        let f = check(vec![z.clone()]);
        assert!(
            of(&f, RuleKind::RecordedNormal).is_none(),
            "{radius_mm} mm: {f:?}"
        );
        // Turned 35 degrees off, the same file is reported.
        z.anchor.normal = tilted(vertex_normal_near(p), 35.0, 90.0).into();
        let f = check(vec![z]);
        assert!(
            of(&f, RuleKind::RecordedNormal).is_some(),
            "{radius_mm} mm: {f:?}"
        );
    }
}

#[test]
fn a_slim_client_makes_deep_work_beside_the_buttock_nerve_an_error_sooner() {
    let p = corridor_middle();
    let mut plan = plan_with(vec![zone("z", p, 20.0, Pressure::Deep, Tool::Palm)]);
    let average = check_safety(&plan, model());
    assert!(
        average.iter().all(|f| f.severity < Severity::Error),
        "{average:?}"
    );
    assert!(
        has(&average, RuleKind::NerveProximity, Severity::Warning),
        "{average:?}"
    );
    plan.assessment.build = Build::Slim;
    let slim = check_safety(&plan, model());
    let under = of(&slim, RuleKind::NerveUnderZone).expect("the nerve within the palm's reach");
    assert_eq!(under.severity, Severity::Error);
    // The depth reported is the slim client's, less than the model's.
    let model_depth = model()
        .what_lies_under(p, model().surface_normal(p, 0.02).unwrap())
        .into_iter()
        .find(|s| s.0 == "sciatic_nerve_r")
        .expect("nerve under")
        .1;
    assert!(
        under.distance_mm.unwrap() < model_depth - 5.0,
        "{under:?} vs {model_depth}"
    );
    // A measurement at half the model's soft tissue is a slim client; a large build adds no error.
    let reference = model().soft_tissue_reference_mm().expect("reference");
    assert!((40.0..150.0).contains(&reference), "{reference}");
    plan.assessment.build = Build::Measured {
        soft_tissue_mm: reference / 2.0,
    };
    assert!(has(
        &check_safety(&plan, model()),
        RuleKind::NerveUnderZone,
        Severity::Error
    ));
    plan.assessment.build = Build::Large;
    let large = check_safety(&plan, model());
    assert!(
        large.iter().all(|f| f.severity < Severity::Error),
        "{large:?}"
    );
}

/// The number of millimetres in an advice "move N mm <direction>", and the direction's first word.
fn advised_move(reason: &str) -> (f32, String) {
    let rest = reason
        .split("move ")
        .nth(1)
        .unwrap_or_else(|| panic!("no move in: {reason}"));
    let mut words = rest.split_whitespace();
    let mm: f32 = words.next().unwrap().parse().unwrap();
    assert_eq!(words.next(), Some("mm"), "{reason}");
    (mm, words.next().unwrap().to_owned())
}

#[test]
fn the_nerve_under_a_zone_comes_with_the_move_that_clears_it() {
    let p = corridor_middle();
    let z = zone("z", p, 20.0, Pressure::Deep, Tool::Elbow);
    let f = check(vec![z.clone()]);
    let under = of(&f, RuleKind::NerveUnderZone).expect("nerve under the elbow");
    let (mm, way) = advised_move(&under.reason);
    assert!((10.0..=80.0).contains(&mm), "{}", under.reason);
    assert_eq!(mm % 5.0, 0.0);
    assert!(
        under.reason.contains("use lighter pressure"),
        "{}",
        under.reason
    );
    // Moved that far that way over the skin, the nerve is no longer under the elbow; moved half as far,
    // it still is.
    let sign = match way.as_str() {
        "lateral" => -1.0,
        "medial" => 1.0,
        other => panic!("a sideways move over the buttock nerve, not {other}"),
    };
    let n = model().surface_normal(p, 0.02).unwrap();
    let moved = |mm: f32| {
        let mut m = z.clone();
        let across = (Vec3::X - n * n.x).normalize();
        let q = p + across * (sign * mm / 1000.0);
        let q = model().skin.as_ref().unwrap().nearest(q, 0.05).unwrap();
        m.anchor.position = q.into();
        check(vec![m])
    };
    let there = moved(mm);
    assert!(of(&there, RuleKind::NerveUnderZone).is_none(), "{there:?}");
    let halfway = moved(mm / 2.0);
    assert!(
        has(&halfway, RuleKind::NerveUnderZone, Severity::Error),
        "{halfway:?}"
    );
}

#[test]
fn the_upper_outer_quadrant_of_the_buttock_is_clear_for_deep_work_with_any_tool() {
    let p = medius();
    for &tool in Tool::ALL {
        let f = check(vec![zone("z", p, 20.0, Pressure::Deep, tool)]);
        assert!(
            f.iter().all(|x| x.severity < Severity::Error),
            "{tool:?}: {f:?}"
        );
        assert!(
            !f.iter()
                .any(|x| matches!(x.rule, RuleKind::NerveUnderZone | RuleKind::NerveProximity)),
            "{tool:?}: {f:?}"
        );
    }
}

#[test]
fn a_pointed_tool_at_moderate_or_deep_pressure_on_the_corridor_is_an_error() {
    let p = corridor_middle();
    let corridor = |f: &[SafetyFinding]| {
        f.iter()
            .filter(|x| x.rule == RuleKind::Site && x.reason.contains("trochanter"))
            .map(|x| x.severity)
            .max()
    };
    for tool in [Tool::Thumb, Tool::Elbow, Tool::Knuckles, Tool::Fingers] {
        for pressure in [Pressure::Moderate, Pressure::Deep] {
            let f = check(vec![zone("z", p, 10.0, pressure, tool)]);
            assert_eq!(
                corridor(&f),
                Some(Severity::Error),
                "{tool:?} {pressure:?}: {f:?}"
            );
            // One corridor finding per zone, the most severe.
            let n = f
                .iter()
                .filter(|x| x.rule == RuleKind::Site && x.reason.contains("trochanter"))
                .count();
            assert_eq!(n, 1, "{f:?}");
        }
        let light = check(vec![zone("z", p, 10.0, Pressure::Light, tool)]);
        assert_eq!(corridor(&light), None, "{tool:?}: {light:?}");
    }
    // A broad contact: deep work is a warning there, moderate work no corridor finding.
    for tool in [Tool::Palm, Tool::Forearm, Tool::SoftFist] {
        let deep = check(vec![zone("z", p, 30.0, Pressure::Deep, tool)]);
        assert_eq!(
            corridor(&deep),
            Some(Severity::Warning),
            "{tool:?}: {deep:?}"
        );
        let moderate = check(vec![zone("z", p, 30.0, Pressure::Moderate, tool)]);
        assert_eq!(corridor(&moderate), None, "{tool:?}: {moderate:?}");
    }
}

#[test]
fn a_moderate_thumb_on_the_corridor_spot_is_an_error() {
    let f = check(vec![zone(
        "z",
        corridor_middle(),
        10.0,
        Pressure::Moderate,
        Tool::Thumb,
    )]);
    let site = f
        .iter()
        .find(|x| x.rule == RuleKind::Site && x.severity == Severity::Error)
        .unwrap_or_else(|| panic!("{f:?}"));
    assert_eq!(site.structure.as_deref(), Some("sciatic_nerve_r"));
    assert!(
        site.reason.contains("ischial tuberosity"),
        "{}",
        site.reason
    );
}

#[test]
fn a_broad_contact_reaches_less_deep_than_a_point_over_the_buttock_nerve() {
    let p = corridor_middle();
    let elbow = check(vec![zone("z", p, 20.0, Pressure::Deep, Tool::Elbow)]);
    assert!(
        has(&elbow, RuleKind::NerveUnderZone, Severity::Error),
        "{elbow:?}"
    );
    // The palm's load does not reach the nerve, so the nerve is beside the column, not in it.
    let palm = check(vec![zone("z", p, 20.0, Pressure::Deep, Tool::Palm)]);
    assert!(of(&palm, RuleKind::NerveUnderZone).is_none(), "{palm:?}");
    assert!(
        has(&palm, RuleKind::NerveProximity, Severity::Warning),
        "{palm:?}"
    );
    assert!(
        palm.iter().all(|x| x.severity < Severity::Error),
        "{palm:?}"
    );
}

/// A broad light zone laid over the nerve names it, but gives no distance, and never a negative one: the
/// nerve runs nearer the zone's centre than its half width, under the zone itself.
#[test]
fn a_nerve_under_a_broad_zone_gets_no_negative_distance() {
    let p = corridor_middle();
    let findings = check_safety(
        &plan_with(vec![zone("z", p, 100.0, Pressure::Light, Tool::Palm)]),
        model(),
    );
    let near = of(&findings, RuleKind::NerveProximity).expect("the nerve under the zone is named");
    assert_eq!(near.distance_mm, None, "{near:?}");
    assert!(
        findings
            .iter()
            .all(|f| f.distance_mm.is_none_or(|d| d >= 0.0)),
        "{findings:?}"
    );
}
