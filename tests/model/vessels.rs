//! The nerves and blood vessels of the groin, the buttock and the back of the knee, measured on the
//! committed model (right side: lateral is -X, anterior is +Z).

use glam::Vec3;

use super::*;

/// Centroid of a node's vertices within 3 mm of the height `y`.
fn at(name: &str, y: f32) -> Vec3 {
    slice_centroid(&node(name).positions, y, 0.003)
        .unwrap_or_else(|| panic!("{name} has no vertices at y = {y}"))
}

/// Just below the inguinal ligament (the line from the anterior superior iliac spine to the pubic
/// tubercle) the femoral nerve, artery and vein lie side by side from lateral to medial, in front of the
/// hip joint, the artery over the femoral head.
#[test]
fn femoral_nerve_artery_and_vein_lie_lateral_to_medial_below_the_ligament() {
    let asis = lm("right_anterior_superior_iliac_spine_tlem");
    let tubercle = lm("right_pubic_tubercle_tlem");
    let hip = lm("hip_r_joint_centre");
    let y = (asis.y + tubercle.y) / 2.0 - 0.01;
    let nerve = at("femoral_nerve_r", y);
    let artery = at("femoral_artery_r", y);
    let vein = at("femoral_vein_r", y);
    assert!(
        nerve.x < artery.x - 0.005 && artery.x < vein.x - 0.005,
        "lateral to medial: nerve {nerve}, artery {artery}, vein {vein}"
    );
    for (name, p) in [("nerve", nerve), ("artery", artery), ("vein", vein)] {
        assert!(
            p.z > hip.z + 0.03,
            "{name} {p} is not in front of the hip {hip}"
        );
    }
    assert!(
        (artery.x - hip.x).abs() < 0.025,
        "artery {artery} is not over the femoral head {hip}"
    );
}

/// The femoral artery and vein run on into the popliteal ones at the adductor hiatus, behind and medial to
/// the femoral shaft.
#[test]
fn femoral_vessels_become_popliteal_at_the_adductor_hiatus() {
    for (upper, lower) in [
        ("femoral_artery_r", "popliteal_artery_r"),
        ("femoral_vein_r", "popliteal_vein_r"),
    ] {
        let end = lowest(upper);
        let start = highest(lower);
        assert!(
            end.distance(start) < 0.008,
            "{upper} ends at {end}, {lower} starts at {start}"
        );
        let femur = at("femur_r", end.y);
        assert!(
            end.x > femur.x && end.z < femur.z,
            "{upper} ends at {end}, not behind and medial to the femur {femur}"
        );
    }
}

/// Behind the knee, at the level of the condyles and at the joint line, the popliteal artery lies deepest
/// (most anterior), the vein behind it and the tibial nerve behind both.
#[test]
fn popliteal_artery_lies_deeper_than_the_vein_and_the_tibial_nerve() {
    let knee = lm("knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre");
    let joint_line = lm("tibial_nerve_t1").y;
    for y in [knee.y - 0.02, joint_line] {
        let artery = at("popliteal_artery_r", y);
        let vein = at("popliteal_vein_r", y);
        let nerve = at("tibial_nerve_r", y);
        assert!(
            artery.z > vein.z + 0.002 && vein.z > nerve.z + 0.002,
            "at y = {y}: artery {artery}, vein {vein}, nerve {nerve}"
        );
        assert!(
            (artery.x - knee.x).abs() < 0.015,
            "at y = {y} the artery {artery} is not in the middle of the fossa"
        );
    }
}

/// Near the greater sciatic notch, wherever a vessel or nerve shares a vertical column (4 mm) with
/// piriformis, the superior gluteal artery lies above the middle of the muscle in that column and the
/// inferior gluteal artery and nerve below it; and each does share columns with it. The middle, not the
/// whole muscle: the model's piriformis fills the top of the foramen where the superior gluteal vessels
/// leave; the superior gluteal nerve, which leaves on the bone of the notch's apex, lies level with the
/// muscle's edge there and is not measured.
#[test]
fn gluteal_vessels_and_nerves_leave_above_and_below_piriformis() {
    let notch = lm("greater_sciatic_notch_apex_deepest_point_of_notch");
    let piri: Vec<Vec3> = node("piriformis_r")
        .positions
        .iter()
        .copied()
        .filter(|p| p.distance(notch) < 0.05)
        .collect();
    for (name, above) in [
        ("superior_gluteal_artery_r", true),
        ("inferior_gluteal_artery_r", false),
        ("inferior_gluteal_nerve_r", false),
    ] {
        let mut shared = 0;
        for n in node(name)
            .positions
            .iter()
            .filter(|p| p.distance(notch) < 0.04)
        {
            let column: Vec<f32> = piri
                .iter()
                .filter(|p| (n.x - p.x).powi(2) + (n.z - p.z).powi(2) < 0.004f32.powi(2))
                .map(|p| p.y)
                .collect();
            if column.is_empty() {
                continue;
            }
            shared += 1;
            let low = column.iter().copied().fold(f32::MAX, f32::min);
            let high = column.iter().copied().fold(f32::MIN, f32::max);
            let middle = (low + high) / 2.0;
            assert_eq!(
                n.y > middle,
                above,
                "{name} vertex {n} against piriformis from {low} to {high}"
            );
        }
        assert!(shared > 5, "{name} never passes piriformis near the notch");
    }
}

/// The posterior femoral cutaneous nerve leaves the pelvis with the sciatic nerve, through the greater
/// sciatic foramen below piriformis, and comes out of the trunk's outline there as a branch does, not as a
/// separate stub on the trunk's back below the muscle: its upper end lies inside the trunk, more than 1 cm
/// above the trunk's exit point (N1).
#[test]
fn posterior_femoral_cutaneous_nerve_leaves_the_pelvis_with_the_sciatic_nerve() {
    let n1 = lm("sciatic_nerve_n1");
    let top = highest("posterior_femoral_cutaneous_nerve_r");
    assert!(
        top.y > n1.y + 0.01,
        "the nerve starts at {top}, not above the exit point {n1}"
    );
    assert!(
        Inside::new(node("sciatic_nerve_r")).contains(top),
        "the nerve's upper end {top} lies outside the sciatic trunk"
    );
}

/// The pudendal nerve passes just medial to the ischial spine (medial is +X on the right side).
#[test]
fn pudendal_nerve_passes_medial_to_the_ischial_spine() {
    let spine = lm("right_ischial_spine_tlem");
    let nerve = at("pudendal_nerve_r", spine.y);
    assert!(
        nerve.x > spine.x && nerve.distance(spine) < 0.015,
        "pudendal nerve {nerve} vs ischial spine {spine}"
    );
}

/// No vertex of a vessel or of these nerves lies inside a bone.
#[test]
fn vessels_and_nerves_stay_out_of_the_bones() {
    let anatomy = Anatomy::embedded();
    let bones: Vec<(String, Inside)> = [
        "hip_bone_r",
        "sacrum",
        "femur_r",
        "tibia_r",
        "fibula_r",
        "patella_r",
    ]
    .iter()
    .map(|b| (b.to_string(), Inside::new(node(b))))
    .collect();
    let mut checked = 0;
    for s in &anatomy.structures {
        let added = s.kind == Kind::Vessel
            || matches!(
                s.id.as_str(),
                "femoral_nerve"
                    | "superior_gluteal_nerve"
                    | "inferior_gluteal_nerve"
                    | "posterior_femoral_cutaneous_nerve"
                    | "pudendal_nerve"
            );
        if !added {
            continue;
        }
        let name = format!("{}_r", s.id);
        for p in &node(&name).positions {
            for (bone, inside) in &bones {
                assert!(!inside.contains(*p), "{name}: vertex {p} is inside {bone}");
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// Below the inguinal ligament the femoral nerve fans out to the front of the thigh (its branches spread
/// over more than 25 mm from side to side 5 cm below the ligament), and its saphenous branch runs with the
/// femoral artery through the adductor canal (within 12 mm of it) and on down the medial side of the leg,
/// medial to the tibia, to above the ankle.
#[test]
fn femoral_nerve_fans_out_and_its_saphenous_branch_reaches_the_leg() {
    let nerve = &node("femoral_nerve_r").positions;
    let (lateral, medial) = span(&at_y("femoral_nerve_r", 0.845, 0.004), |p| p.x);
    let spread = medial - lateral;
    assert!(spread > 0.025, "the branches spread over {spread} m");
    for y in [0.68f32, 0.64, 0.60] {
        let (n, a) = (at("femoral_nerve_r", y), at("femoral_artery_r", y));
        assert!(n.distance(a) < 0.012, "at {y}: nerve {n}, artery {a}");
    }
    for y in [0.40f32, 0.30, 0.20] {
        let n = at("femoral_nerve_r", y);
        let tibia = span(&at_y("tibia_r", y, 0.003), |p| p.x).1;
        assert!(
            n.x > tibia,
            "at {y}: nerve {n} is not medial to the tibia ({tibia})"
        );
    }
    let lowest = nerve.iter().map(|p| p.y).fold(f32::MAX, f32::min);
    assert!(lowest < 0.13, "the saphenous nerve stops at {lowest}");
}

/// Behind the knee the popliteal artery and vein run straight down the middle of the fossa, through the
/// notch between the condyles, instead of bending round the condyles: from the femur's popliteal surface
/// to the joint line each stays within 7 mm of the knee's centre line, and turns aside less than 5 mm
/// from the straight line between its ends.
#[test]
fn popliteal_vessels_run_straight_through_the_fossa() {
    let knee = lm("knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre");
    let joint_line = lm("tibial_nerve_t1").y;
    let (top, bottom) = (knee.y + 0.05, joint_line);
    for name in ["popliteal_artery_r", "popliteal_vein_r"] {
        let (a, b) = (at(name, top), at(name, bottom));
        let mut y = top;
        while y >= bottom {
            let c = at(name, y);
            let line = a.x + (b.x - a.x) * (top - y) / (top - bottom);
            assert!(
                (c.x - knee.x).abs() < 0.007,
                "{name} at y = {y} lies {} m to the side of the knee's centre",
                c.x - knee.x
            );
            assert!(
                (c.x - line).abs() < 0.005,
                "{name} at y = {y} turns {} m aside",
                c.x - line
            );
            y -= 0.005;
        }
    }
}

/// What a ray from the lateral side meets first, at every `step` of height from `high` down to `low` and
/// every millimetre of depth from `z_mm.0` to `z_mm.1`: (height, depth in mm, first node or none), among
/// the right side's nodes without the skin.
fn first_from_the_side(
    (low, high): (f32, f32),
    step: f32,
    z_mm: (i32, i32),
) -> Vec<(f32, i32, Option<&'static str>)> {
    // Each right-side node, cut down to its triangles in the band of heights looked at.
    let band: Vec<(&str, NodeData)> = right_nodes()
        .map(|(n, d)| {
            let triangles = d
                .triangles
                .iter()
                .copied()
                .filter(|t| {
                    let ys = t.map(|i| d.positions[i as usize].y);
                    ys.iter().any(|&y| y >= low - 0.01) && ys.iter().any(|&y| y <= high + 0.01)
                })
                .collect();
            let positions = d.positions.clone();
            (
                n,
                NodeData {
                    positions,
                    triangles,
                },
            )
        })
        .collect();
    let rows = ((high - low) / step).round() as i32;
    let mut hits = Vec::new();
    for row in 0..=rows {
        let y = high - row as f32 * step;
        for z in z_mm.0..=z_mm.1 {
            let origin = Vec3::new(-1.0, y, z as f32 * 0.001);
            let first = band
                .iter()
                .filter_map(|(n, d)| first_hit(d, origin, Vec3::X).map(|t| (t, *n)))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, n)| n);
            hits.push((y, z, first));
        }
    }
    hits
}

/// Seen from the side, the thigh's muscles cover the femoral vessels and nerve: rectus femoris lies on
/// vastus intermedius and reaches forward to sartorius below the anterior superior iliac spine, and
/// tensor fasciae latae, the vasti, rectus femoris and sartorius leave no slit between them through which
/// the groin's vessels show. Rays from the lateral side, every 2 mm from 1 cm below the inguinal ligament
/// 19 cm down the thigh and every millimetre from the back of the femur to the front of the thigh, all
/// meet a structure, and never first the femoral artery, vein or nerve.
#[test]
fn the_thigh_muscles_hide_the_femoral_vessels_from_the_side() {
    let deep = ["femoral_artery_r", "femoral_vein_r", "femoral_nerve_r"];
    // From 1 cm below the middle of the inguinal ligament (y = 0.902), where sartorius and rectus
    // femoris close over the triangle.
    let seen: Vec<_> = first_from_the_side((0.70, 0.892), 0.002, (-70, 0))
        .into_iter()
        .filter(|(_, _, n)| n.is_none_or(|n| deep.contains(&n)))
        .collect();
    assert!(
        seen.is_empty(),
        "seen from the side (y, z in mm, node or a gap): {seen:?}"
    );
}

/// Seen from the side, the back of the thigh is closed from the knee's condyles up to the upper thigh:
/// the short head of biceps femoris fills the space between the long head and the iliotibial band and
/// vastus lateralis, as it does from the lateral supracondylar line. Rays from the lateral side, every
/// 2 mm from y = 0.52 (the top of the condyles) to 0.70 and every millimetre from behind the long head to
/// the front of the femur, all meet a structure, and never first the popliteal or femoral vessels, the
/// sciatic or tibial nerve, or the medial muscles (gracilis, adductor magnus) through a gap.
#[test]
fn the_back_of_the_thigh_hides_the_popliteal_vessels_from_the_side() {
    let deep = [
        "popliteal_artery_r",
        "popliteal_vein_r",
        "femoral_artery_r",
        "femoral_vein_r",
        "sciatic_nerve_r",
        "tibial_nerve_r",
        "gracilis_r",
        "adductor_magnus_r",
    ];
    let seen: Vec<_> = first_from_the_side((0.52, 0.70), 0.002, (-115, -50))
        .into_iter()
        .filter(|(_, _, n)| n.is_none_or(|n| deep.contains(&n)))
        .collect();
    assert!(
        seen.is_empty(),
        "seen from the side (y, z in mm, node or a gap): {seen:?}"
    );
}

/// Seen from the side just below gluteus maximus, the back of the thigh is closed too: the long head of
/// biceps femoris is thick enough at its upper end to meet adductor magnus and vastus lateralis, so no
/// ray passes between the hamstrings and the front of the thigh. Rays from the lateral side every 2 mm
/// from y = 0.70 to 0.80 and every millimetre from behind the long head to just behind the femur
/// all meet a structure, and never first the sciatic nerve.
#[test]
fn the_back_of_the_thigh_is_closed_from_the_side_below_gluteus_maximus() {
    let seen: Vec<_> = first_from_the_side((0.70, 0.80), 0.002, (-125, -85))
        .into_iter()
        .filter(|(_, _, n)| n.is_none_or(|n| n == "sciatic_nerve_r"))
        .collect();
    assert!(
        seen.is_empty(),
        "seen from the side (y, z in mm, node or a gap): {seen:?}"
    );
}

/// The inferior gluteal artery and its vein do not stop short under gluteus maximus: they go on down the
/// back of the thigh beside the posterior femoral cutaneous nerve, thinning, and end at least 2 cm below
/// the muscle's lower border where they run. Near its end the artery is under two thirds as wide as
/// between the trochanter and the ischial tuberosity, and 75 and 77 cm up both are under 1.2 mm across,
/// slender branches beside the sciatic nerve (drawn as trunks before: 1.8 to 2.05 mm; at 1.15 to 1.5 mm
/// they still read as a pair of vessels as large as the nerve's companions in the thigh).
#[test]
fn the_inferior_gluteal_vessels_go_on_below_gluteus_maximus() {
    let muscle = &node("gluteus_maximus_r").positions;
    for name in ["inferior_gluteal_artery_r", "inferior_gluteal_vein_r"] {
        let end = lowest(name);
        let border = muscle
            .iter()
            .filter(|p| (p.x - end.x).abs() < 0.005)
            .map(|p| p.y)
            .fold(f32::MAX, f32::min);
        assert!(
            end.y < border - 0.02,
            "{name} ends {} mm below gluteus maximus",
            (border - end.y) * 1000.0
        );
    }
    // The artery's width across (X) at its end cap and between the trochanter and the tuberosity, where
    // it runs nearly straight down.
    let artery = &node("inferior_gluteal_artery_r").positions;
    let (bottom, _) = span(artery, |p| p.y);
    let width = |pts: Vec<Vec3>| {
        let (lo, hi) = span(&pts, |p| p.x);
        hi - lo
    };
    let at_end = width(
        artery
            .iter()
            .copied()
            .filter(|p| p.y < bottom + 0.003)
            .collect(),
    );
    let above = width(at_y("inferior_gluteal_artery_r", 0.85, 0.002));
    assert!(
        at_end < above * 2.0 / 3.0,
        "the artery is {} mm wide at its end and {} mm beside the tuberosity",
        at_end * 1000.0,
        above * 1000.0
    );
    // On the back of the thigh both are slender branches beside the sciatic nerve, not trunks.
    for name in ["inferior_gluteal_artery_r", "inferior_gluteal_vein_r"] {
        for y in [0.75, 0.77] {
            let across = width(at_y(name, y, 0.006));
            assert!(
                across < 0.0012,
                "{name} is {} mm wide at y {y}",
                across * 1000.0
            );
        }
    }
}

/// The superficial branch of the superior gluteal artery does not stop short beside the notch: it goes on
/// under gluteus maximus and divides on the muscle's deep surface, one branch up and in, one out, so that
/// with the muscle taken away its branches lie where the muscle was, not a stub in the open. Some vertex
/// of the artery lies within 5 mm of gluteus maximus medial of x = -80 mm, and another lateral of
/// x = -105 mm; and seen from behind, gluteus maximus covers every vertex of the artery behind
/// z = -135 mm (outside the notch).
#[test]
fn the_superficial_gluteal_branch_divides_under_gluteus_maximus() {
    let artery = &node("superior_gluteal_artery_r").positions;
    let gm = node("gluteus_maximus_r");
    let near = |inside: fn(f32) -> bool| {
        artery
            .iter()
            .filter(|p| inside(p.x))
            .map(|p| nearest(*p, &gm.positions))
            .fold(f32::MAX, f32::min)
    };
    let medial = near(|x| x > -0.080);
    let lateral = near(|x| x < -0.105);
    assert!(
        medial < 0.005,
        "the ascending branch ends {medial} m from the muscle"
    );
    assert!(
        lateral < 0.005,
        "the lateral branch ends {lateral} m from the muscle"
    );
    for p in artery.iter().filter(|p| p.z < -0.135) {
        let back = back_surface(gm, *p);
        assert!(
            back.is_some_and(|z| z < p.z),
            "the artery at {p} is not under gluteus maximus ({back:?})"
        );
    }
}
